"""Checkers for the exercises of Chapter 15, *Summary characteristics and related concepts*.

Used in ``chapters/15_summary.ipynb``, section *Exercises*. Every exercise combines models
from at least two chapters, and so does every reference answer here: Chapter 1's growth
and gap with Chapter 3's hazard (15.1), Chapter 2's trend fit with Chapter 6's evaluation
cadence (15.2), Chapter 2's trend with Chapter 7's audit size and Chapter 14's review hours
(15.3), and Chapter 2's trend with Chapter 13's tax (15.4). Each checker returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..data import metr_horizons
from ..gap import alignment_gap
from ..governance import evaluation_interval, evaluations_per_year
from ..growth import exponential
from ..hidden_failures import review_hours
from ..risk import cumulative_failure_probability, hazard
from ..tax import tax_delay
from ..trends import fit_exponential_trend

__all__ = [
    "check_failure_within_decade",
    "check_evaluations_per_year",
    "check_audit_hours_function",
    "check_tax_delay_on_trend",
]


def _horizon_trend():
    horizons = metr_horizons()
    return fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"])


# ------------------------------------------------------------------------ Exercise 15.1
#: Capability and alignment growth factors, alignment's lead, hazard base rate and horizon.
CAPABILITY_FACTOR, ALIGNMENT_FACTOR, LEAD, BASE_RATE, HORIZON = 3.0, 2.0, 10.0, 0.02, 10.0


def _failure_probability(lead=LEAD, sensitivity=1.0):
    t = np.linspace(0.0, HORIZON, 20_001)
    capability = exponential(t, 1.0, np.log(CAPABILITY_FACTOR))
    alignment = exponential(t, lead, np.log(ALIGNMENT_FACTOR))
    rate = hazard(alignment_gap(capability, alignment), BASE_RATE, sensitivity)
    return float(cumulative_failure_probability(t, rate)[-1])


def _cumulative_hazard():
    return float(-np.log1p(-_failure_probability()))


FAILURE = NumericAnswer(
    "Exercise 15.1",
    expected=_failure_probability,
    precision=SignificantFigures(2), unit="",
    hint="The gap is ln(C/A), negative at first; the hazard is base_rate * exp(gap); integrate it over ten "
         "years and take 1 - exp(-integral).",
    mistakes=[
        Mistake(lambda: float(-np.expm1(-BASE_RATE * HORIZON)),
                "that is a constant hazard at the base rate; the hazard grows with the gap."),
        Mistake(_cumulative_hazard,
                "that is the cumulative hazard, the expected number of failures; the probability of at least "
                "one is 1 - exp(-cumulative hazard)."),
        Mistake(lambda: _failure_probability(lead=1 / LEAD),
                "alignment starts ahead, so the initial gap ln(C/A) is negative, not positive."),
    ],
)


@checks(FAILURE)
def check_failure_within_decade(answer) -> Feedback:
    """Exercise 15.1: probability of a failure within 10 years (Chapter 1's curves, Chapter 3's hazard).

    Examples
    --------
    >>> check_failure_within_decade(None).status
    'missing'
    """
    return FAILURE.check(answer)


# ------------------------------------------------------------------------ Exercise 15.2
#: The re-evaluation factor in Exercise 15.2 (Google DeepMind's, for effective compute).
TRIGGER = 6.0

CADENCE = NumericAnswer(
    "Exercise 15.2",
    expected=lambda: float(evaluations_per_year(_horizon_trend().annual_factor, TRIGGER)),
    precision=SignificantFigures(2), unit="evaluations a year",
    hint="Evaluations a year are ln(annual growth factor) / ln(trigger factor), with the factor from the "
         "fitted horizon trend.",
    mistakes=[
        Mistake(lambda: float(evaluation_interval(_horizon_trend().annual_factor, TRIGGER)),
                "that is the interval between evaluations in years; the question asks how many a year."),
        Mistake(lambda: float(evaluations_per_year(_horizon_trend().annual_factor, 2.0)),
                "that re-evaluates at every doubling; the trigger here is a 6-fold growth."),
        Mistake(lambda: float(evaluations_per_year(4.5, TRIGGER)),
                "that uses the growth of training compute; the question asks about the horizon trend."),
    ],
)


@checks(CADENCE)
def check_evaluations_per_year(answer) -> Feedback:
    """Exercise 15.2: evaluations a year when a policy triggers at every 6-fold growth of the METR horizon.

    Examples
    --------
    >>> check_evaluations_per_year(None).status
    'missing'
    """
    return CADENCE.check(answer)


# ------------------------------------------------------------------------ Exercise 15.3
def _reference_audit_hours(year, failure_rate, confidence):
    return float(review_hours(failure_rate, confidence, _horizon_trend().predict(year)))


def check_audit_hours_function(function) -> Feedback:
    """Exercise 15.3: a student's ``audit_hours_in(year, failure_rate, confidence)`` on the METR trend.

    It must return the reviewer hours for an audit of tasks as long as the TH1.0 trend's 50%
    horizon in ``year``; answers within 0.1% pass.

    Examples
    --------
    >>> check_audit_hours_function(None).status
    'missing'
    """
    cases = [
        {"year": 2025.5, "failure_rate": 0.01, "confidence": 0.95},
        {"year": 2027.0, "failure_rate": 0.001, "confidence": 0.99},
        {"year": 2023.25, "failure_rate": 0.05, "confidence": 0.5},
    ]
    return check_function(
        function, _reference_audit_hours, cases, exercise="Exercise 15.3", rtol=1e-3, atol=1e-6,
        hint="Fit the TH1.0 trend, predict the horizon in minutes for the year, multiply by "
             "acslib.audit_sample_size(failure_rate, confidence) and divide by 60.",
    )


# ------------------------------------------------------------------------ Exercise 15.4
#: The tax and alignment's share of capability's growth rate in Exercise 15.4.
TAX, ALIGNMENT_SHARE = 0.3, 0.5


def _rate_gap():
    return (1.0 - ALIGNMENT_SHARE) * _horizon_trend().rate


DELAY = NumericAnswer(
    "Exercise 15.4",
    expected=lambda: float(tax_delay(TAX, _rate_gap())),
    precision=SignificantFigures(2), unit="years",
    hint="The delay is -ln(1 - tax) divided by the rate gap, and the rate gap is capability's rate minus "
         "alignment's.",
    mistakes=[
        Mistake(lambda: float(tax_delay(TAX, _horizon_trend().rate)),
                "that divides by capability's whole rate; the rate gap is capability's rate minus alignment's."),
        Mistake(lambda: TAX / _rate_gap(),
                "that treats the tax as a gap of 0.3; a 30% tax shifts the log gap by -ln(0.7)."),
    ],
)


@checks(DELAY)
def check_tax_delay_on_trend(answer) -> Feedback:
    """Exercise 15.4: years a 30 % tax delays the crossing when alignment grows at half the horizon rate.

    Examples
    --------
    >>> check_tax_delay_on_trend(None).status
    'missing'
    """
    return DELAY.check(answer)
