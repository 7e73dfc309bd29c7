"""Checkers for the exercises of Chapter 3, *The core problem*.

Used in ``chapters/03_core_problem.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer; expected
values come from :mod:`acslib.risk` and are never printed.
"""

from __future__ import annotations

import numpy as np

from ..checking import Feedback, check_function, check_number
from ..data import metr_horizons
from ..growth import rate_from_doubling_time
from ..risk import crossing_time, cumulative_failure_probability, failure_probability_exponential_hazard
from ..risk import hazard as hazard_of_gap
from ..risk import lifetime_failure_probability
from ..trends import fit_exponential_trend

__all__ = [
    "metr_v1_trend",
    "check_constant_gap_probability",
    "check_metr_crossing_years",
    "check_hazard_doubling_time",
    "check_lifetime_risk",
    "check_failure_probability_function",
]

def check_constant_gap_probability(answer) -> Feedback:
    """Exercise 3.1: failure probability within 25 years when capability stays exactly
    2× ahead, under the exponential hazard with base rate 0.01 per year and sensitivity 1.

    Examples
    --------
    >>> check_constant_gap_probability(0.3935).passed
    True
    >>> check_constant_gap_probability(0.2212).passed   # forgot the gap: hazard 0.01
    False
    """
    rate = float(hazard_of_gap(np.log(2.0), base_rate=0.01, sensitivity=1.0))
    expected = float(failure_probability_exponential_hazard(25.0, np.log(2.0), 0.0, 0.01, 1.0))
    assert np.isclose(expected, 1 - np.exp(-rate * 25.0))
    return check_number(
        answer, expected, exercise="Exercise 3.1", rtol=0.005,
        hint="A constant gap g gives a constant hazard 0.01·e^g; then P = 1 − exp(−h·t).",
    )


def metr_v1_trend():
    """The exponential trend of METR's TH1.0 50% horizons over the paper's first-version window.

    Fitted with :func:`acslib.trends.fit_exponential_trend` to the shipped data
    (:func:`acslib.data.metr_horizons`, models flagged ``in_paper_v1``).

    Examples
    --------
    >>> round(metr_v1_trend().doubling_time_days)
    213
    """
    horizons = metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    return fit_exponential_trend(window["release_date"], window["p50_minutes"])


def check_metr_crossing_years(answer) -> Feedback:
    """Exercise 3.2: years until capability on the METR trend (fitted to the shipped data)
    overtakes alignment that starts 100× ahead and doubles every 2 years.

    Examples
    --------
    >>> check_metr_crossing_years(5.48).passed
    True
    """
    capability_rate = metr_v1_trend().rate
    alignment_rate = float(rate_from_doubling_time(2.0))
    expected = crossing_time(c0=1.0, c_rate=capability_rate, a0=100.0, a_rate=alignment_rate)
    return check_number(
        answer, expected, exercise="Exercise 3.2", rtol=0.01, unit="years",
        hint="Take the fitted trend's continuous rate per year (trend.rate), convert alignment's "
             "2-year doubling time with acslib.rate_from_doubling_time, then t* = ln(100) / (difference "
             "of the rates).",
    )


def check_hazard_doubling_time(answer) -> Feedback:
    """Exercise 3.3: doubling time of the exponential hazard with sensitivity 1.5 when
    capability grows at 0.7 and alignment at 0.4 per year.

    Examples
    --------
    >>> check_hazard_doubling_time(1.54).passed
    True
    """
    t = np.array([0.0, 1.0])
    gap = -np.log(4.0) + (0.7 - 0.4) * t
    hazard_growth = float(np.diff(np.log(hazard_of_gap(gap, base_rate=0.02, sensitivity=1.5)))[0])
    expected = np.log(2.0) / hazard_growth
    return check_number(
        answer, expected, exercise="Exercise 3.3", rtol=0.01, unit="years",
        hint="ln h = ln h0 + s·g(t), and g(t) rises by (0.7 − 0.4) each year: the hazard grows at rate s·0.3.",
    )


def check_lifetime_risk(answer) -> Feedback:
    """Exercise 3.4: lifetime failure probability when capability starts 2× ahead and
    the gap shrinks by 0.2 per year, base rate 0.02 per year, sensitivity 1.5
    (exponential form).

    Examples
    --------
    >>> check_lifetime_risk(0.172).passed
    True
    >>> check_lifetime_risk(1.0).passed
    False
    """
    expected = float(lifetime_failure_probability(np.log(2.0), -0.2, 0.02, 1.5))
    return check_number(
        answer, expected, exercise="Exercise 3.4", rtol=0.01,
        hint="The hazard is 0.02·2^1.5·e^(−1.5·0.2·t); integrate it from 0 to infinity, then P = 1 − exp(−that).",
    )


def check_failure_probability_function(function) -> Feedback:
    """Exercise 3.5: a student's ``function(t, hazard)`` returning ``1 - exp(-∫h dt)`` on
    the grid by the trapezoid rule, compared with
    :func:`acslib.risk.cumulative_failure_probability`.

    Examples
    --------
    >>> check_failure_probability_function(cumulative_failure_probability).passed
    True
    >>> check_failure_probability_function(lambda t, hazard: 1 - np.exp(-np.cumsum(hazard))).passed
    False
    """
    t_uneven = np.array([0.0, 0.5, 2.0, 3.0, 7.5, 10.0])
    t_fine = np.linspace(0.0, 20.0, 81)
    cases = [
        dict(t=np.linspace(0.0, 10.0, 11), hazard=np.full(11, 0.05)),
        dict(t=t_uneven, hazard=0.02 * t_uneven),
        dict(t=t_fine, hazard=0.01 * np.exp(0.2 * t_fine)),
    ]
    return check_function(
        function, cumulative_failure_probability, cases, exercise="Exercise 3.5", rtol=1e-9, atol=1e-12,
        hint="Sum trapezoids (h[i] + h[i+1]) / 2 · (t[i+1] − t[i]) cumulatively, start at 0, "
             "and return 1 − exp(−that); mind uneven spacing.",
    )
