"""Exponential trends fitted to dated measurements of capability or compute.

A quantity that grows exponentially is a straight line on a log scale, so the trend is
an ordinary least-squares fit of ``ln(value)`` on the date. This is the method METR use
for their time-horizon trend (Kwa et al. 2025) and Epoch AI for training compute.

Defined in Chapter 2, *Why it matters* (``chapters/02_why_it_matters.ipynb``), section
*Capability has scaled rapidly*. The conversions between rates, doubling times and
annual factors are those of :mod:`acslib.growth` (Chapter 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ._validation import as_float_array, check_same_length, finite_result
from .data import decimal_year
from .growth import annual_factor as _annual_factor
from .growth import doubling_time as _doubling_time
from .growth import time_to_reach as _time_to_reach

__all__ = ["ExponentialTrend", "fit_exponential_trend", "as_decimal_years", "DAYS_PER_YEAR"]

#: Days per year used to convert between years and days everywhere in the book.
DAYS_PER_YEAR = 365.25


def as_decimal_years(dates, name: str = "dates") -> np.ndarray:
    """Dates as decimal years: ``datetime64`` values are converted, numbers pass through.

    Parameters
    ----------
    dates : array_like
        ``numpy.datetime64`` values (or an array of them) or decimal years such as
        ``2024.5``.
    name : str
        Parameter name used in error messages.

    Returns
    -------
    numpy.ndarray
        Float decimal years (see :func:`acslib.data.decimal_year`).

    Notes
    -----
    Defined in Chapter 2, section *Capability has scaled rapidly*.

    Examples
    --------
    >>> as_decimal_years(np.datetime64("2024-01-01"))
    array(2024.)
    >>> as_decimal_years([2020.5, 2021.0])
    array([2020.5, 2021. ])
    """
    try:
        array = np.asarray(dates)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be dates or decimal years of regular shape; got {dates!r}") from error
    if np.issubdtype(array.dtype, np.datetime64):
        if array.size == 0:
            raise ValueError(f"{name} must not be empty")
        if np.isnat(array).any():
            raise ValueError(f"{name} must not contain NaT (missing dates)")
        return np.asarray(decimal_year(array), dtype=float)
    return as_float_array(dates, name)


@dataclass(frozen=True)
class ExponentialTrend:
    """An exponential trend ``value = exp(intercept + rate * (year - reference_year))``.

    Attributes
    ----------
    rate : float
        Continuous growth rate per year (the slope of ``ln value`` on the year).
    intercept : float
        ``ln value`` on the trend line at ``reference_year``.
    reference_year : float
        Mean decimal year of the fitted points (centring makes the fit well conditioned).
    rate_standard_error : float
        Standard error of ``rate`` from least squares.
    n_points : int
        Number of points fitted.
    r_squared : float
        Share of the variance of ``ln value`` explained by the line.
    confidence : float
        Confidence level of :attr:`doubling_time_days_ci`, :meth:`band` and
        :meth:`prediction_band`.
    log_residual_std : float
        Residual standard deviation of ``ln value`` about the line (n − 2 degrees of
        freedom); 0 for a trend built by hand, whose :meth:`band` is then the rate
        interval alone.
    """

    rate: float
    intercept: float
    reference_year: float
    rate_standard_error: float
    n_points: int
    r_squared: float
    confidence: float = 0.95
    log_residual_std: float = 0.0

    @property
    def doubling_time_days(self) -> float:
        """Days for the trend to double (``inf`` if it is not growing)."""
        if self.rate <= 0:
            return float("inf")
        return float(_doubling_time(self.rate)) * DAYS_PER_YEAR

    @property
    def annual_factor(self) -> float:
        """Multiplicative growth per year, ``exp(rate)``."""
        return float(_annual_factor(self.rate))

    @property
    def rate_ci(self) -> tuple[float, float]:
        """The rate's confidence interval, ``rate ± t × standard error``, t on n − 2 degrees of freedom."""
        quantile = stats.t.ppf(0.5 + self.confidence / 2, self.n_points - 2)
        half_width = quantile * self.rate_standard_error
        return (self.rate - half_width, self.rate + half_width)

    @property
    def doubling_time_days_ci(self) -> tuple[float, float]:
        """Confidence interval of the doubling time in days (analytic; see :func:`fit_exponential_trend`).

        The doubling time ``ln 2 / rate`` falls as the rate rises, so the interval's ends
        are the doubling times at the rate interval's upper and lower ends. If the rate
        interval reaches zero, the upper end is infinite: the data cannot rule out no growth.
        """
        low_rate, high_rate = self.rate_ci
        shortest = float(_doubling_time(high_rate)) * DAYS_PER_YEAR if high_rate > 0 else float("inf")
        longest = float(_doubling_time(low_rate)) * DAYS_PER_YEAR if low_rate > 0 else float("inf")
        return (shortest, longest)

    def predict(self, date):
        """Trend value at ``date`` (``datetime64`` or decimal years).

        Examples
        --------
        >>> trend = fit_exponential_trend([2020.0, 2021.0, 2022.0], [1.0, 2.0, 4.0])
        >>> trend.predict([2023.0, 2024.0]).round(6)
        array([ 8., 16.])
        """
        years = as_decimal_years(date, "date")
        with np.errstate(over="ignore", invalid="ignore"):
            # (years - reference) / 2 twice over, so that a far date cannot overflow the difference.
            exponent = self.intercept + 2.0 * self.rate * (years / 2.0 - self.reference_year / 2.0)
            result = np.exp(exponent)
        return finite_result(result, "date", "the trend value exp(intercept + rate * (date - reference_year))")

    def band(self, date):
        """Pointwise confidence band of the fitted line at ``date``: ``(low, high)``.

        The t interval (n − 2 degrees of freedom, level ``confidence``) of the mean
        of ``ln value`` at each date, ``± t·sqrt(s²/n + SE(rate)²·(year − reference)²)``,
        mapped through ``exp``. It widens away from the mean date. Like the
        doubling-time interval it reflects only the scatter of the points about the line.

        Notes
        -----
        Defined in Chapter 2, section *Capability has scaled rapidly* (the figure of the
        METR points with the fit and its band).

        Examples
        --------
        >>> trend = fit_exponential_trend([2020.0, 2021.0, 2022.0, 2023.0], [1.0, 2.1, 3.9, 8.2])
        >>> low, high = trend.band([2021.5, 2025.0])
        >>> bool((low < trend.predict([2021.5, 2025.0])).all()), bool((high - low)[1] > (high - low)[0])
        (True, True)
        """
        years = as_decimal_years(date, "date")
        quantile = float(stats.t.ppf(0.5 + self.confidence / 2, self.n_points - 2))
        centre = np.log(self.predict(years))
        with np.errstate(over="ignore", invalid="ignore"):
            distance = 2.0 * (years / 2.0 - self.reference_year / 2.0)
            half = quantile * np.sqrt(self.log_residual_std**2 / self.n_points
                                      + (self.rate_standard_error * distance) ** 2)
            low, high = np.exp(centre - half), np.exp(centre + half)
        finite_result(np.concatenate([np.ravel(low), np.ravel(high)]), "date", "the confidence band of the trend")
        return low, high

    def prediction_band(self, date):
        """Pointwise prediction interval for one new measurement at ``date``: ``(low, high)``.

        Where :meth:`band` bounds the fitted *line*, this bounds a single new point, such
        as the next model's horizon: the t interval (n − 2 degrees of freedom, level
        ``confidence``) ``± t·sqrt(s² + s²/n + SE(rate)²·(year − reference)²)`` about
        the line's ``ln value``, mapped through ``exp``. It is wider than :meth:`band` by
        the residual scatter ``s`` itself, and like it assumes independent normal
        residuals of constant size. For a trend built by hand (``log_residual_std`` 0) the
        two coincide.

        Notes
        -----
        Defined in Chapter 2, section *Capability has scaled rapidly* (the out-of-sample
        check of the METR trend against the two models released after its window).

        Examples
        --------
        >>> trend = fit_exponential_trend([2020.0, 2021.0, 2022.0, 2023.0], [1.0, 2.1, 3.9, 8.2])
        >>> line_low, line_high = trend.band(2025.0)
        >>> low, high = trend.prediction_band(2025.0)
        >>> bool(low < line_low < line_high < high)
        True
        """
        years = as_decimal_years(date, "date")
        quantile = float(stats.t.ppf(0.5 + self.confidence / 2, self.n_points - 2))
        centre = np.log(self.predict(years))
        with np.errstate(over="ignore", invalid="ignore"):
            distance = 2.0 * (years / 2.0 - self.reference_year / 2.0)
            variance = self.log_residual_std**2 * (1.0 + 1.0 / self.n_points)
            half = quantile * np.sqrt(variance + (self.rate_standard_error * distance) ** 2)
            low, high = np.exp(centre - half), np.exp(centre + half)
        finite_result(np.concatenate([np.ravel(low), np.ravel(high)]), "date", "the prediction interval of the trend")
        return low, high

    def time_to_reach(self, value):
        """Decimal year at which the trend reaches ``value`` (earlier if already passed).

        Uses :func:`acslib.growth.time_to_reach` from the trend's level at its
        reference year.

        Examples
        --------
        >>> trend = fit_exponential_trend([2020.0, 2021.0, 2022.0], [1.0, 2.0, 4.0])
        >>> round(float(trend.time_to_reach(64.0)), 6)
        2026.0
        """
        if self.rate <= 0:
            raise ValueError(f"value is never reached: the trend's rate is {self.rate:g} (not growing)")
        value = as_float_array(value, "value", positive=True)
        with np.errstate(over="ignore"):
            years = (np.log(value) - self.intercept) / self.rate
            result = self.reference_year + years
        return finite_result(result, "value", "the year at which the trend reaches value")


def fit_exponential_trend(dates, values, *, confidence: float = 0.95) -> ExponentialTrend:
    """Fit ``ln(values)`` on the date by least squares: an exponential trend.

    Parameters
    ----------
    dates : array_like
        1-D ``numpy.datetime64`` dates or decimal years; at least three, not all equal.
    values : array_like
        Positive measurements (time horizons, training FLOP, ...), one per date.
    confidence : float
        Level of the doubling-time confidence interval, strictly between 0 and 1.

    Returns
    -------
    ExponentialTrend
        With ``rate`` (continuous, per year), ``doubling_time_days``, ``annual_factor``,
        ``doubling_time_days_ci``, ``predict(date)`` and ``time_to_reach(value)``.

    Notes
    -----
    Defined in Chapter 2, section *Capability has scaled rapidly*.

    The confidence interval is **analytic**, not bootstrapped: the t interval of the
    least-squares slope (n − 2 degrees of freedom), mapped through ``ln 2 / rate``. It is
    exact if the log residuals are independent and normal, it is deterministic (no seed,
    so the numbers quoted in the book never change), and with ten or so points a bootstrap
    over points is unreliable: many resamples repeat a few dates. It reflects only the
    scatter of the points about the line. It does not include the uncertainty of each
    point (a METR horizon is itself estimated from task runs). METR's hierarchical bootstrap
    over tasks and runs includes that, so its interval is wider.

    Examples
    --------
    >>> trend = fit_exponential_trend([2020.0, 2021.0, 2022.0, 2023.0], [1.0, 2.1, 3.9, 8.2])
    >>> round(trend.doubling_time_days)
    365
    >>> round(trend.annual_factor, 2)
    2.0
    >>> dates = np.array(["2016-01-01", "2020-01-01", "2024-01-01"], dtype="datetime64[D]")
    >>> round(fit_exponential_trend(dates, [1.0, 16.0, 256.0]).doubling_time_days, 2)
    365.25
    """
    years = as_decimal_years(dates, "dates")
    if years.ndim != 1:
        raise ValueError(f"dates must be 1-dimensional; got shape {years.shape}")
    values = as_float_array(values, "values", positive=True, ndim=1)
    check_same_length(dates=years, values=values)
    confidence = float(as_float_array(confidence, "confidence"))
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1; got {confidence}")
    if years.size < 3:
        raise ValueError(f"dates must hold at least three points for a confidence interval; got {years.size}")
    if np.ptp(years) == 0:
        raise ValueError("dates must not all be equal")
    log_values = np.log(values)
    # Fit on dates rescaled to [-1, 1] (the regression is scale-free), so that neither very
    # wide nor very narrow date ranges overflow or underflow the sums of squares.
    low, high = float(years.min()), float(years.max())
    centre = low / 2.0 + high / 2.0
    half_span = high / 2.0 - low / 2.0
    scaled = (years / 2.0 - centre / 2.0) / (half_span / 2.0)
    offset = float(scaled.mean())
    scaled = scaled - offset
    # Ordinary least squares written out: residuals computed directly keep the standard
    # error accurate to rounding for an exact exponential.
    sxx = float(np.sum(scaled * scaled))
    mean_log = float(log_values.mean())
    slope = float(np.sum(scaled * (log_values - mean_log))) / sxx
    residuals = log_values - mean_log - slope * scaled
    ss_residual = float(np.sum(residuals * residuals))
    ss_total = float(np.sum((log_values - mean_log) ** 2))
    r_squared = 1.0 - ss_residual / ss_total if ss_total > 0 else 1.0
    slope_error = np.sqrt(ss_residual / (years.size - 2) / sxx)
    with np.errstate(over="ignore"):
        rate = slope / half_span
        standard_error = slope_error / half_span
    reference_year = centre + offset * half_span  # the mean decimal year
    finite_result(np.array([rate, standard_error, reference_year]), "dates, values", "the fitted growth rate")
    return ExponentialTrend(
        rate=float(rate),
        intercept=mean_log,
        reference_year=float(reference_year),
        rate_standard_error=float(standard_error),
        n_points=int(years.size),
        r_squared=float(r_squared),
        confidence=confidence,
        log_residual_std=float(np.sqrt(ss_residual / (years.size - 2))),
    )
