"""Checkers for the exercises of Chapter 7, *Monitoring systems*.

Used in ``chapters/07_monitoring_systems.ipynb``, section *Exercises*. Each checker
returns an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from ..checking import Feedback, check_function, check_number
from ..monitoring import CUSUM, adwin_epsilon, audit_sample_size, cusum_arl, psi, simulate_audit_programme

__all__ = [
    "check_psi_by_hand",
    "check_audit_size",
    "check_adwin_threshold",
    "check_threshold_for_arl",
    "check_cusum_function",
    "check_six_month_detection",
]


def check_psi_by_hand(answer) -> Feedback:
    """Exercise 7.1: PSI between quartile shares (0.25 each) and shares 0.10, 0.20, 0.30, 0.40.

    Examples
    --------
    >>> check_psi_by_hand(0.228).passed
    True
    """
    expected = psi([0.25, 0.25, 0.25, 0.25], [0.10, 0.20, 0.30, 0.40])
    return check_number(
        answer, expected, exercise="Exercise 7.1", rtol=0.01,
        hint="Add (a - e) * ln(a / e) over the four bins, with natural logarithms.",
    )


def check_audit_size(answer) -> Feedback:
    """Exercise 7.2: reviews needed to see a 1-in-2,000 failure with 99 % probability.

    Examples
    --------
    >>> check_audit_size(9209).passed
    True
    """
    expected = audit_sample_size(1 / 2000, 0.99)
    return check_number(
        answer, expected, exercise="Exercise 7.2", rtol=0.0, atol=0.5, unit="reviews",
        hint="Solve 1 - (1 - p)^n >= 0.99 for the smallest whole n; rounding matters.",
    )


def check_adwin_threshold(answer) -> Feedback:
    """Exercise 7.3: ADWIN's Hoeffding cut threshold for sub-windows of 200 and 50, δ = 0.002.

    Examples
    --------
    >>> check_adwin_threshold(0.405).passed
    True
    """
    expected = float(adwin_epsilon(200, 50, 0.002))
    return check_number(
        answer, expected, exercise="Exercise 7.3", rtol=0.005,
        hint="m is 1 / (1/n0 + 1/n1), and δ' is δ divided by the whole window, n0 + n1.",
    )


def _threshold_for_arl(k, target_arl):
    return optimize.brentq(lambda h: float(cusum_arl(k, h, 0.0)) - target_arl, 0.01, 50.0, xtol=1e-10)


def check_threshold_for_arl(answer) -> Feedback:
    """Exercise 7.4: the CUSUM threshold h (k = 0.5) whose Siegmund in-control ARL is 500.

    Examples
    --------
    >>> check_threshold_for_arl(4.38).passed
    True
    """
    expected = _threshold_for_arl(0.5, 500.0)
    return check_number(
        answer, expected, exercise="Exercise 7.4", rtol=0.005,
        hint="cusum_arl rises with h; solve cusum_arl(0.5, h, 0.0) = 500 with scipy.optimize.brentq.",
    )


def _reference_cusum_path(stream, k):
    return CUSUM(k=k, h=1.0).statistic(stream)


def check_cusum_function(function) -> Feedback:
    """Exercise 7.5: a student's ``cusum_path(stream, k)`` returning ``S_t`` after each step.

    Examples
    --------
    >>> def cusum_path(stream, k):
    ...     s, path = 0.0, []
    ...     for x in stream:
    ...         s = max(0.0, s + x - k)
    ...         path.append(s)
    ...     return path
    >>> check_cusum_function(cusum_path).passed
    True
    """
    rng = np.random.default_rng(70)
    cases = [
        {"stream": np.array([1.0, 2.0, -3.0, 1.5]), "k": 0.5},
        {"stream": np.zeros(5), "k": 0.0},
        {"stream": rng.normal(0.3, 1.0, size=200), "k": 0.5},
        {"stream": rng.normal(-1.0, 1.0, size=50), "k": 0.25},
    ]
    return check_function(
        function, _reference_cusum_path, cases, exercise="Exercise 7.5",
        hint="Start at S = 0, add x - k each step, and clip at zero from below.",
    )


#: Monthly failure rates in Exercise 7.6, starting at 1 in 10,000 and doubling.
SIX_MONTH_RATES = 1e-4 * 2.0 ** np.arange(6)
#: Reviews per month in Exercise 7.6.
SIX_MONTH_REVIEWS = 500


def check_six_month_detection(answer) -> Feedback:
    """Exercise 7.6: probability that 500 reviews a month find the doubling failure within 6 months.

    Examples
    --------
    >>> check_six_month_detection(0.957).passed
    True
    """
    expected = float(
        simulate_audit_programme(SIX_MONTH_RATES, SIX_MONTH_REVIEWS, n_runs=1, seed=0).cumulative_detection[-1]
    )
    return check_number(
        answer, expected, exercise="Exercise 7.6", rtol=0.005,
        hint="Multiply the monthly probabilities of seeing nothing, (1 - p_m)^500, and subtract from 1.",
    )
