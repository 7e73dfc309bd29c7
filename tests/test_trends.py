"""Tests for acslib.trends: exponential trend fits, including METR's published doubling time."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acslib import data
from acslib.growth import doubling_time, rate_from_doubling_time
from acslib.trends import DAYS_PER_YEAR, as_decimal_years, fit_exponential_trend
from badinput import assert_raises_naming, assert_rejects


def test_metr_v1_doubling_time_is_reproduced():
    # kwa2025measuring v1: 212 days, 95% CI 171-249, fitted to the models released
    # from GPT-2 (2019) to Claude 3.7 Sonnet (Feb 2025). TH1.0 horizons for those 11 models.
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    trend = fit_exponential_trend(window["release_date"], window["p50_minutes"])
    assert 171 <= trend.doubling_time_days <= 249
    assert trend.doubling_time_days == pytest.approx(212, abs=2)  # we get 213.0
    low, high = trend.doubling_time_days_ci
    # Our analytic interval reflects point scatter only, so it sits inside METR's wider one.
    assert 171 <= low < trend.doubling_time_days < high <= 249
    assert trend.r_squared > 0.97


def test_all_thirteen_th1_0_models_give_a_slightly_faster_trend():
    horizons = data.metr_horizons()
    trend = fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"])
    assert trend.n_points == 13
    assert 200 < trend.doubling_time_days < 212


def test_exact_exponential_is_recovered():
    years = np.array([2018.0, 2019.5, 2020.25, 2023.0])
    rate = float(rate_from_doubling_time(0.5))
    values = 3.0 * np.exp(rate * (years - 2018.0))
    trend = fit_exponential_trend(years, values)
    assert trend.rate == pytest.approx(rate)
    assert trend.doubling_time_days == pytest.approx(0.5 * DAYS_PER_YEAR)
    assert trend.annual_factor == pytest.approx(4.0)
    assert trend.rate_standard_error == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(trend.predict(years), values)
    assert float(trend.time_to_reach(3.0)) == pytest.approx(2018.0)
    assert trend.r_squared == pytest.approx(1.0)


def test_datetime_and_decimal_year_inputs_agree():
    horizons = data.metr_horizons()
    from_dates = fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"])
    years = data.decimal_year(horizons["release_date"])
    from_years = fit_exponential_trend(years, horizons["p50_minutes"])
    assert from_dates.rate == pytest.approx(from_years.rate)
    assert from_dates.predict(np.datetime64("2026-01-01")) == pytest.approx(
        float(from_years.predict(data.decimal_year(np.datetime64("2026-01-01")))))


@settings(max_examples=50, deadline=None)
@given(
    rate=st.floats(0.05, 3.0),
    start=st.floats(1990.0, 2030.0),
    level=st.floats(1e-3, 1e6),
    target_factor=st.floats(1.5, 1e4),
)
def test_time_to_reach_inverts_predict(rate, start, level, target_factor):
    years = start + np.array([0.0, 0.7, 1.9, 3.0])
    noise = np.array([0.1, -0.05, 0.02, -0.07])
    trend = fit_exponential_trend(years, level * np.exp(rate * (years - start) + noise))
    target = level * target_factor
    assert float(trend.predict(trend.time_to_reach(target))) == pytest.approx(target, rel=1e-9)


def test_confidence_interval_covers_the_true_doubling_time_about_95_percent():
    rng = np.random.default_rng(20250318)
    years = np.linspace(2019.0, 2025.0, 11)
    true_rate = float(rate_from_doubling_time(212 / DAYS_PER_YEAR))
    true_doubling = float(doubling_time(true_rate)) * DAYS_PER_YEAR
    covered = 0
    trials = 2000
    for _ in range(trials):
        values = np.exp(true_rate * (years - 2019.0) + rng.normal(0.0, 0.4, years.size))
        low, high = fit_exponential_trend(years, values).doubling_time_days_ci
        covered += low <= true_doubling <= high
    # Binomial(2000, 0.95) has a standard deviation of about 0.5 percentage points.
    assert 0.93 <= covered / trials <= 0.97


def test_wider_confidence_gives_wider_interval_and_no_growth_gives_infinite_bound():
    years = np.array([2020.0, 2021.0, 2022.0, 2023.0, 2024.0])
    values = np.exp(0.5 * (years - 2020.0) + np.array([0.3, -0.2, 0.1, -0.3, 0.2]))
    narrow = fit_exponential_trend(years, values, confidence=0.5).doubling_time_days_ci
    wide = fit_exponential_trend(years, values, confidence=0.99).doubling_time_days_ci
    assert wide[0] < narrow[0] and narrow[1] < wide[1]
    flat = fit_exponential_trend(years, [1.0, 1.2, 0.9, 1.1, 1.0])
    assert flat.doubling_time_days_ci[1] == np.inf
    with pytest.raises(ValueError, match="value"):
        fit_exponential_trend(years, [5.0, 4.0, 3.0, 2.0, 1.0]).time_to_reach(10.0)


def test_as_decimal_years_passes_numbers_through():
    np.testing.assert_array_equal(as_decimal_years([2020.0, 2021.5]), [2020.0, 2021.5])
    assert float(as_decimal_years(np.datetime64("2024-01-01"))) == 2024.0


def test_bad_input_is_rejected_by_name():
    valid = dict(dates=[2020.0, 2021.0, 2022.0], values=[1.0, 2.0, 4.0])
    assert_rejects(fit_exponential_trend, valid, "values", negative=True, zero=True)
    assert_rejects(fit_exponential_trend, valid, "dates")
    assert_raises_naming(fit_exponential_trend, {**valid, "values": [1.0, 2.0]}, "shapes do not match")
    assert_raises_naming(fit_exponential_trend, {"dates": [2020.0, 2021.0], "values": [1.0, 2.0]}, "dates")
    assert_raises_naming(fit_exponential_trend, {**valid, "dates": [2020.0] * 3}, "dates")
    assert_raises_naming(
        fit_exponential_trend,
        {**valid, "dates": np.array(["2020-01-01", "NaT", "2022-01-01"], dtype="datetime64[D]")},
        "dates",
    )
    assert_rejects(fit_exponential_trend, {**valid, "confidence": 0.95}, "confidence", negative=True, zero=True,
                   extra=(1.0, 1.5))
    trend = fit_exponential_trend(**valid)
    assert_rejects(trend.predict, {"date": [2023.0, 2024.0]}, "date")
    assert_rejects(trend.time_to_reach, {"value": [8.0, 16.0]}, "value", negative=True, zero=True)
    assert_rejects(as_decimal_years, {"dates": [2020.0, 2021.0]}, "dates")


def _textbook_fit():
    """Five points, their fitted trend, and the least-squares line and residual s.d. by hand."""
    from scipy import stats

    years = np.array([2018.0, 2019.0, 2020.5, 2021.0, 2023.0])
    values = np.array([1.0, 2.3, 5.5, 9.0, 31.0])
    slope, intercept, *_ = stats.linregress(years, np.log(values))
    residuals = np.log(values) - (intercept + slope * years)
    s = np.sqrt(np.sum(residuals**2) / (len(years) - 2))
    return years, fit_exponential_trend(years, values), slope, intercept, s


def test_band_is_the_t_interval_of_the_fitted_mean():
    # Textbook formula: half-width t * s * sqrt(1/n + (x - xbar)^2 / Sxx), with SE(rate) = s / sqrt(Sxx).
    from scipy import stats

    years, trend, slope, intercept, s = _textbook_fit()
    assert trend.log_residual_std == pytest.approx(s)
    x = np.array([2017.0, 2020.0, 2026.0])
    sxx = np.sum((years - years.mean()) ** 2)
    half = stats.t.ppf(0.975, len(years) - 2) * s * np.sqrt(1 / len(years) + (x - years.mean()) ** 2 / sxx)
    low, high = trend.band(x)
    centre = intercept + slope * x
    assert np.log(low) == pytest.approx(centre - half) and np.log(high) == pytest.approx(centre + half)


def test_later_metr_models_lie_above_the_v1_band():
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    trend = fit_exponential_trend(window["release_date"], window["p50_minutes"])
    later = horizons.where(~horizons["in_paper_v1"])
    assert (later["p50_minutes"] > trend.band(later["release_date"])[1]).all()
    # An exact exponential has a zero-width band.
    exact = fit_exponential_trend([2020.0, 2021.0, 2022.0], [1.0, 2.0, 4.0])
    low, high = exact.band([2025.0])
    assert low[0] == pytest.approx(32.0) and high[0] == pytest.approx(32.0)


def test_prediction_band_is_the_t_interval_of_a_new_point():
    # Textbook formula: half-width t * s * sqrt(1 + 1/n + (x - xbar)^2 / Sxx).
    from scipy import stats

    years, trend, slope, intercept, s = _textbook_fit()
    x = np.array([2017.0, 2020.0, 2026.0])
    sxx = np.sum((years - years.mean()) ** 2)
    half = stats.t.ppf(0.975, len(years) - 2) * s * np.sqrt(1 + 1 / len(years) + (x - years.mean()) ** 2 / sxx)
    low, high = trend.prediction_band(x)
    centre = intercept + slope * x
    assert np.log(low) == pytest.approx(centre - half) and np.log(high) == pytest.approx(centre + half)
    # Always wider than the band of the line, by the residual scatter itself.
    line_low, line_high = trend.band(x)
    assert (low < line_low).all() and (high > line_high).all()
    assert_rejects(trend.prediction_band, {"date": [2023.0, 2024.0]}, "date")


def test_later_metr_models_lie_inside_the_v1_prediction_interval():
    # Chapter 2: o3 and GPT-5 are above the band of the v1 line but inside the 95% interval
    # for a single new model, each about 1.8 residual standard errors above the line.
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    trend = fit_exponential_trend(window["release_date"], window["p50_minutes"])
    later = horizons.where(~horizons["in_paper_v1"])
    low, high = trend.prediction_band(later["release_date"])
    assert ((later["p50_minutes"] > low) & (later["p50_minutes"] < high)).all()
    assert high == pytest.approx([110.9, 162.1], abs=0.1)
