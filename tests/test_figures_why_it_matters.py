"""Chapter 2 figure helpers: what the static figures show and say, and the explorables'
grids hold every setting the chapter and its exercises ask the reader to try."""

import numpy as np
import pytest

from acslib import data
from acslib.figures import why_it_matters


def test_horizon_figure_says_where_the_later_models_fall():
    # Both later models lie above the band of the v1 line but inside the interval for one
    # new model (acslib.trends.ExponentialTrend.prediction_band); the alt text says both.
    alt = why_it_matters.horizon_trend_figure().alt
    assert "doubling every 213 days" in alt
    assert "2 of the 2 later models lie above the band of the line" in alt
    assert "2 of them lie inside the interval for a new model" in alt


def test_benchmark_figure_marks_one_budget_two_scores():
    figure = why_it_matters.benchmark_figure()
    by_compute = figure.figure.axes[1]
    labels = {text.get_text() for text in by_compute.texts}
    assert {"Gopher", "Chinchilla"} <= labels
    scores = data.mmlu_scores()
    by_model = dict(zip(scores["model"], scores["mmlu_percent"]))
    assert by_model["Chinchilla 70B"] - by_model["Gopher 280B"] == pytest.approx(7.5)
    low, high = by_compute.get_xlim()
    compute = data.training_compute()["training_flop"]
    assert low < compute.min() and compute.max() < high
    assert "from 43.9% (GPT-3 175B, 2020.4) to 87.3% (Llama 3.1 405B, 2024.6)" in figure.alt


def test_explorable_grids_hold_the_settings_the_chapter_uses():
    window = {(frame["start_year"], frame["end"]) for frame in why_it_matters.trend_window_explorable().static_grid()}
    for start in (2019.0, 2021.0, 2023.0, 2023.5, 2024.0):  # the window table and Exercise 2.5
        assert (start, "paper_v1") in window and (start, "all") in window
    thresholds = {frame["annual_factor"] for frame in why_it_matters.compute_threshold_explorable().static_grid()}
    assert {4.0, 5.0} <= thresholds  # the chapter's four-to-five-times-per-year range
    budgets = {frame["log10_compute"] for frame in why_it_matters.chinchilla_fits_explorable().static_grid()}
    assert 23.75 in budgets  # next to Gopher's budget, 5.76e23 FLOP
    for factory in why_it_matters.EXPLORABLES:
        assert len(factory().static_grid()) <= 60


def test_published_figure_constants():
    # kwa2025measuring, v1: 212 days (95% CI 171-249).
    assert why_it_matters.PUBLISHED_V1_DOUBLING_DAYS == 212.0
    assert why_it_matters.PUBLISHED_V1_CI_DAYS == (171.0, 249.0)
    assert "published v1 figure is 212 days (171–249)" in why_it_matters.describe_window(2019.0, "paper_v1")


def test_window_fits_shift_by_weeks_when_one_model_leaves():
    # Section "Capability has scaled rapidly": dropping GPT-4 0314 (start 2023.0 -> 2023.5)
    # shortens the v1 doubling time from 213 to 165 days, about seven weeks.
    with_it = why_it_matters.window_fit(2023.0).doubling_time_days
    without = why_it_matters.window_fit(2023.5).doubling_time_days
    assert round(with_it) == 213 and round(without) == 165
    assert (with_it - without) / 7 == pytest.approx(7, abs=0.5)
    assert np.isfinite(without)
