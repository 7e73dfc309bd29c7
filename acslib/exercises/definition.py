"""Checkers for the exercises of Chapter 1, *What alignment capability scaling means*.

Used in ``chapters/01_definition.ipynb``, section *Exercises*. Each numeric checker is a
:class:`acslib.checking.NumericAnswer` declaration — precision, hint and the common
mistakes it recognises — which also gives the exercise's answer box on the website.
Checkers return an :class:`acslib.checking.Feedback` and never raise on an answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..gap import first_crossing
from ..growth import doubling_time, logistic, rate_from_annual_factor

__all__ = [
    "check_compute_doubling_months",
    "check_crossing_year",
    "check_required_alignment_factor",
    "check_logistic_crossing",
]

#: Exercise 1.1's growth factor per year. (The chapter's body works the 4x and 5x cases,
#: so the exercise asks about another factor.)
DOUBLING_FACTOR = 3.0

DOUBLING_MONTHS = NumericAnswer(
    "Exercise 1.1",
    expected=lambda: 12 * float(doubling_time(rate_from_annual_factor(DOUBLING_FACTOR))),
    precision=Decimals(1), unit="months",
    hint="Convert the factor to a continuous rate with ln, then use ln 2 / rate, and express years in months.",
    mistakes=[
        Mistake(lambda: float(doubling_time(rate_from_annual_factor(DOUBLING_FACTOR))),
                "that is the doubling time in years; the question asks for months."),
        Mistake(lambda: 12 * np.log(2) / np.log10(DOUBLING_FACTOR),
                "that uses the base-10 logarithm of the factor; a continuous rate is its natural log, ln 3."),
        Mistake(lambda: 12 * np.log(2) / DOUBLING_FACTOR,
                "that divides ln 2 by the factor 3 itself; divide by the rate ln 3 instead."),
        Mistake(lambda: 12 / DOUBLING_FACTOR,
                "that divides the year by the factor; tripling is more than one doubling, so count "
                "doublings with logarithms."),
        Mistake(lambda: float(np.log2(DOUBLING_FACTOR)),
                "that is the number of doublings per year; the question asks for the months one doubling takes."),
        Mistake(6.0, "that is the doubling time at 4× per year, worked in the chapter; this question "
                     "asks about 3× per year."),
    ],
)

CROSSING_YEAR = NumericAnswer(
    "Exercise 1.2",
    expected=lambda: float(np.log(100.0) / (np.log(3.0) - np.log(1.5))),
    precision=Decimals(1), unit="years",
    hint="The log gap ln(C/A) starts at -ln 100 and rises by ln 3 - ln 1.5 each year.",
    mistakes=[
        Mistake(lambda: float(np.log(100.0) / 1.5),
                "that divides by 1.5: the difference of the growth factors, 3 - 1.5, or the sum of "
                "their logs, ln 3 + ln 1.5 (both are about 1.5); the gap closes at ln 3 - ln 1.5."),
        Mistake(lambda: float(np.log(100.0) / np.log(3.0)),
                "that ignores alignment's own growth; the gap closes at the difference of the two rates."),
        Mistake(50.0, "that divides the lead of 100 by the yearly factor 2; the lead halves each year, so "
                      "count the halvings from 100 to 1 with a logarithm."),
    ],
)

REQUIRED_FACTOR = NumericAnswer(
    "Exercise 1.3",
    expected=lambda: 4.0 * 100.0 ** (-1.0 / 10.0),
    precision=SignificantFigures(3),
    hint="Write the condition A(10) ≥ 10·C(10) with A(t) = 1000·f^t and C(t) = 4^t, and solve for f.",
    mistakes=[
        Mistake(4.0, "matching capability's factor keeps the lead forever; with a 1000× start, alignment can "
                     "grow a little more slowly for ten years."),
        Mistake(lambda: 4.0 * 1000.0 ** (-1.0 / 10.0),
                "that lets alignment's lead shrink to 1×; the condition asks it to stay at least 10× ahead."),
        Mistake(lambda: 4.0 * 10.0 ** (-1.0 / 10.0),
                "that uses a spare factor of 10; alignment starts 1,000× ahead and must keep 10×, "
                "so the spare factor is 1000 / 10 = 100."),
    ],
)


@checks(DOUBLING_MONTHS)
def check_compute_doubling_months(answer) -> Feedback:
    """Exercise 1.1: doubling time, in months, of a quantity growing 3× per year.

    Examples
    --------
    >>> check_compute_doubling_months(None).status
    'missing'
    """
    return DOUBLING_MONTHS.check(answer)


@checks(CROSSING_YEAR)
def check_crossing_year(answer) -> Feedback:
    """Exercise 1.2: when capability growing 3× per year, starting 100× behind alignment
    that grows 1.5× per year, catches up.

    Examples
    --------
    >>> check_crossing_year(None).status
    'missing'
    """
    return CROSSING_YEAR.check(answer)


@checks(REQUIRED_FACTOR)
def check_required_alignment_factor(answer) -> Feedback:
    """Exercise 1.3: the smallest yearly growth factor for alignment that keeps a 10× lead
    over capability growing 4× per year for 10 years, if alignment starts 1,000× ahead.

    Examples
    --------
    >>> check_required_alignment_factor(None).status
    'missing'
    """
    return REQUIRED_FACTOR.check(answer)


#: The test cases of Exercise 1.4: (capability_rate, alignment_rate, initial_lead, ceiling_multiple, horizon).
LOGISTIC_CASES = (
    dict(capability_rate=0.7, alignment_rate=0.4, initial_lead=4.0, ceiling_multiple=20.0, horizon=30.0),
    dict(capability_rate=0.3, alignment_rate=0.9, initial_lead=2.0, ceiling_multiple=50.0, horizon=30.0),
    dict(capability_rate=0.2, alignment_rate=0.5, initial_lead=10.0, ceiling_multiple=1000.0, horizon=20.0),
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
    none within ``horizon`` years (the third test case has none). Answers within 0.01
    years pass; NaN must be NaN, not a stand-in such as -1 or None.

    Examples
    --------
    >>> check_logistic_crossing(None).status
    'missing'
    """
    return check_function(
        function, _reference_logistic_crossing, LOGISTIC_CASES,
        exercise="Exercise 1.4", rtol=0.0, atol=0.01,
        hint="Evaluate both curves on a fine grid with acslib.exponential and acslib.logistic, "
             "then hand them to acslib.first_crossing; return np.nan when it returns None.",
    )
