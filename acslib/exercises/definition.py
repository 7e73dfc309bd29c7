"""Checkers for the exercises of Chapter 1, *What alignment capability scaling means*.

Used in ``chapters/01_definition.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Feedback, check_function, check_number
from ..gap import first_crossing
from ..growth import doubling_time, logistic, rate_from_annual_factor

__all__ = [
    "check_compute_doubling_months",
    "check_crossing_year",
    "check_required_alignment_factor",
    "check_logistic_crossing",
]


def check_compute_doubling_months(answer) -> Feedback:
    """Exercise 1.1: doubling time, in months, of compute growing 4× per year.

    Examples
    --------
    >>> check_compute_doubling_months(6.0).passed
    True
    """
    expected = float(doubling_time(rate_from_annual_factor(4.0))) * 12
    return check_number(
        answer, expected, exercise="Exercise 1.1", rtol=0.01, unit="months",
        hint="Convert the factor to a continuous rate with ln, then use ln 2 / rate, and express years in months.",
    )


def check_crossing_year(answer) -> Feedback:
    """Exercise 1.2: when capability growing 3× per year, starting 100× behind alignment
    that grows 1.5× per year, catches up.

    Examples
    --------
    >>> check_crossing_year(6.64).passed
    True
    """
    expected = float(np.log(100.0) / (np.log(3.0) - np.log(1.5)))
    return check_number(
        answer, expected, exercise="Exercise 1.2", rtol=0.01, unit="years",
        hint="The log gap ln(C/A) starts at -ln 100 and rises by ln 3 - ln 1.5 each year.",
    )


def check_required_alignment_factor(answer) -> Feedback:
    """Exercise 1.3: the smallest yearly growth factor for alignment that keeps a 10× lead
    over capability growing 4× per year for 10 years, if alignment starts 1,000× ahead.

    Examples
    --------
    >>> check_required_alignment_factor(2.52).passed
    True
    """
    # Need 1000 * f**10 >= 10 * 4**10, i.e. f >= 4 * 100**(-1/10).
    expected = 4.0 * 100.0 ** (-1.0 / 10.0)
    return check_number(
        answer, expected, exercise="Exercise 1.3", rtol=0.01, unit="× per year",
        hint="Write the condition A(10) ≥ 10·C(10) with A(t) = 1000·f^t and C(t) = 4^t, and solve for f.",
    )


def _reference_logistic_crossing(capability_rate, alignment_rate, initial_lead, ceiling_multiple, horizon):
    t = np.linspace(0.0, horizon, 20_001)
    capability = np.exp(capability_rate * t)
    alignment = logistic(t, initial_lead, alignment_rate, ceiling_multiple * initial_lead)
    crossing = first_crossing(t, capability, alignment)
    return np.nan if crossing is None else crossing


def check_logistic_crossing(function) -> Feedback:
    """Exercise 1.4: a student's function for when exponential capability overtakes
    logistic (saturating) alignment.

    The student's ``function(capability_rate, alignment_rate, initial_lead,
    ceiling_multiple, horizon)`` must return the crossing year, or ``nan`` if there is
    none within ``horizon`` years. Answers within 0.01 years pass.

    Examples
    --------
    >>> from acslib.exercises.definition import _reference_logistic_crossing
    >>> check_logistic_crossing(_reference_logistic_crossing).passed
    True
    """
    cases = [
        dict(capability_rate=0.7, alignment_rate=0.4, initial_lead=4.0, ceiling_multiple=20.0, horizon=30.0),
        dict(capability_rate=0.3, alignment_rate=0.9, initial_lead=2.0, ceiling_multiple=50.0, horizon=30.0),
        dict(capability_rate=0.2, alignment_rate=0.5, initial_lead=10.0, ceiling_multiple=1000.0, horizon=20.0),
    ]

    def comparable(function_):
        def wrapped(**case):
            value = function_(**case)
            return -1.0 if value is not None and np.isnan(value) else value
        return wrapped

    return check_function(
        None if function is None else comparable(function), comparable(_reference_logistic_crossing), cases,
        exercise="Exercise 1.4", rtol=0.0, atol=0.01,
        hint="Evaluate both curves on a fine grid with acslib.exponential and acslib.logistic, "
             "then hand them to acslib.first_crossing; return nan when it returns None.",
    )
