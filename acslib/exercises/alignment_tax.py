"""Checkers for the exercises of Chapter 13, *Alignment scaling versus the alignment tax*.

Used in ``chapters/13_alignment_tax.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer; expected values
come from :mod:`acslib.tax` (and, through it, :mod:`acslib.debt`) and are never printed.
"""

from __future__ import annotations

import math

import numpy as np

from .. import tax
from ..checking import Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks

__all__ = [
    "DELAY",
    "HOLD",
    "DEFERRAL_PREMIUM",
    "NEGATIVE_TAX",
    "check_tax_delay",
    "check_tax_to_hold_gap",
    "check_taxed_crossing",
    "check_deferral_premium",
    "check_negative_tax_advantage",
]

# Exercise 13.1 — the delay a tax buys.
_DELAY = dict(tax=0.3, rate_gap=0.25)

DELAY = NumericAnswer(
    "Exercise 13.1",
    expected=lambda: float(tax.tax_delay(**_DELAY)),
    precision=SignificantFigures(3), unit="years",
    hint="The tax moves the gap down by −ln(1 − tax) once; the rate gap then closes that distance.",
    mistakes=[
        Mistake(lambda: _DELAY["tax"] / _DELAY["rate_gap"],
                "The tax shifts the log gap by −ln(1 − tax), not by the tax itself."),
        Mistake(lambda: math.log1p(_DELAY["tax"]) / _DELAY["rate_gap"],
                "A handicap of 30% leaves 0.7 of capability: the shift is −ln 0.7, not ln 1.3."),
        Mistake(lambda: -math.log1p(-_DELAY["tax"]),
                "That is the shift in the gap (in nats); divide by the rate gap to turn it into years."),
    ],
)


@checks(DELAY)
def check_tax_delay(answer) -> Feedback:
    """Exercise 13.1: years of delay bought by a 30% level tax against a rate gap of 0.25 a year.

    Examples
    --------
    >>> check_tax_delay(None).status
    'missing'
    """
    return DELAY.check(answer)


# Exercise 13.2 — the tax that would hold the gap.
_HOLD = dict(rate_gap=0.15, t=8.0)

HOLD = NumericAnswer(
    "Exercise 13.2",
    expected=lambda: float(tax.tax_to_hold_gap(**_HOLD)),
    precision=SignificantFigures(2),
    hint="To hold ln(C/A) still, (1 − tax)·e^(rate gap·t) must stay 1.",
    mistakes=[
        Mistake(lambda: math.exp(-_HOLD["rate_gap"] * _HOLD["t"]),
                "That is the share of capability kept, 1 − tax; the question asks for the tax."),
        Mistake(lambda: _HOLD["rate_gap"] * _HOLD["t"],
                "That is the growth of the log gap; the tax is a share of capability, 1 − e^(−that)."),
        Mistake(lambda: 100 * float(tax.tax_to_hold_gap(**_HOLD)),
                "That is a percentage; give the tax as a fraction between 0 and 1."),
    ],
)


@checks(HOLD)
def check_tax_to_hold_gap(answer) -> Feedback:
    """Exercise 13.2: the level tax needed after 8 years to hold the gap still against a rate
    gap of 0.15 a year.

    Examples
    --------
    >>> check_tax_to_hold_gap(None).status
    'missing'
    """
    return HOLD.check(answer)


# Exercise 13.3 — write taxed_crossing.
def _reference_taxed_crossing(initial_lead, rate_gap, level_tax):
    """Exercise 13.3's reference: :func:`acslib.tax.taxed_crossing_time`, ``nan`` for never."""
    years = tax.taxed_crossing_time(initial_lead, rate_gap, level_tax)
    return np.nan if years is None else years


def check_taxed_crossing(function) -> Feedback:
    """Exercise 13.3: a student's ``taxed_crossing(initial_lead, rate_gap, level_tax)``:
    the year capability overtakes alignment under a level tax, 0 if it already leads,
    ``nan`` if never. Answers within 1e-6 pass.

    Examples
    --------
    >>> check_taxed_crossing(None).status
    'missing'
    """
    cases = [
        dict(initial_lead=4.0, rate_gap=0.3, level_tax=0.0),
        dict(initial_lead=4.0, rate_gap=0.3, level_tax=0.5),
        dict(initial_lead=1.0, rate_gap=0.2, level_tax=0.1),
        dict(initial_lead=2.0, rate_gap=0.0, level_tax=0.3),
        dict(initial_lead=0.5, rate_gap=0.4, level_tax=0.2),
        dict(initial_lead=3.0, rate_gap=-0.1, level_tax=0.2),
    ]

    def comparable(function_):
        def wrapped(**case):
            value = function_(**case)
            if value is None:
                return -1.0
            try:
                return -1.0 if np.isnan(value) else value
            except TypeError:
                return value
        return wrapped

    return check_function(
        None if function is None else comparable(function), comparable(_reference_taxed_crossing), cases,
        exercise="Exercise 13.3", rtol=1e-6, atol=1e-9,
        hint="The taxed gap starts at ln((1 − tax) / initial_lead) and grows at rate_gap: it is already positive "
             "(return 0), never reaches 0 (rate_gap <= 0: nan), or crosses at −start / rate_gap.",
    )


# Exercise 13.4 — the deferral premium at 30 years.
_PREMIUM = dict(tax=2.0, discount=0.1)


def _premium(settled=True):
    result = tax.pay_or_defer(**_PREMIUM)
    defer = result.defer if settled else result.defer_unsettled
    return float(defer[-1] - result.pay[-1])


DEFERRAL_PREMIUM = NumericAnswer(
    "Exercise 13.4",
    expected=_premium,
    precision=SignificantFigures(2), unit="cost units",
    hint="Call tax.pay_or_defer(tax=2.0, discount=0.1) and compare the last elements of defer and pay.",
    mistakes=[
        Mistake(lambda: _premium(settled=False),
                "That leaves the debt and gap unsettled at year 30, which makes deferral look cheaper than it is."),
        Mistake(lambda: -_premium(), "That is paying minus deferring; the question asks for deferring minus paying."),
    ],
)


@checks(DEFERRAL_PREMIUM)
def check_deferral_premium(answer) -> Feedback:
    """Exercise 13.4: how much more deferring a constant tax of 2 a year costs than paying it,
    over 30 years at a 10% discount rate (leftover debt settled).

    Examples
    --------
    >>> check_deferral_premium(None).status
    'missing'
    """
    return DEFERRAL_PREMIUM.check(answer)


# Exercise 13.5 — a negative tax.
_NEGATIVE = dict(tax=1.0, dividend=2.0)


def _advantage(dividend_for_both=True):
    result = tax.pay_or_defer(**_NEGATIVE)
    if dividend_for_both:
        return float(result.defer[-1] - result.pay[-1])
    plain = tax.pay_or_defer(tax=_NEGATIVE["tax"])
    return float(plain.defer[-1] - result.pay[-1])


NEGATIVE_TAX = NumericAnswer(
    "Exercise 13.5",
    expected=_advantage,
    precision=SignificantFigures(3), unit="cost units",
    hint="Call tax.pay_or_defer(tax=1.0, dividend=2.0); the dividend is credited to both policies "
         "for the years their alignment is current.",
    mistakes=[
        Mistake(lambda: _advantage(dividend_for_both=False),
                "That credits the dividend to paying only; deferring also earns it once alignment is current again."),
        Mistake(lambda: float(tax.pay_or_defer(tax=_NEGATIVE["tax"]).defer[-1]
                              - tax.pay_or_defer(tax=_NEGATIVE["tax"]).pay[-1]),
                "That is the advantage without any dividend; the question adds a dividend of 2 a year."),
    ],
)


@checks(NEGATIVE_TAX)
def check_negative_tax_advantage(answer) -> Feedback:
    """Exercise 13.5: how much cheaper paying is than deferring over 30 years when a tax of 1
    a year comes with a capability dividend of 2 a year.

    Examples
    --------
    >>> check_negative_tax_advantage(None).status
    'missing'
    """
    return NEGATIVE_TAX.check(answer)
