"""Checkers for the exercises of Chapter 10, *Alignment debt*.

Used in ``chapters/10_alignment_debt.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer; expected values
come from :mod:`acslib.debt` and are never printed.
"""

from __future__ import annotations

import math

import numpy as np

from .. import debt
from ..checking import Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks

__all__ = [
    "DEBT_GROWTH",
    "SPIRAL",
    "SETTLEMENT",
    "BACKLOG",
    "FLIP",
    "SETTLEMENT_CASE",
    "check_debt_without_repayment",
    "check_spiral_threshold",
    "check_settlement_value",
    "check_review_clearance",
    "check_years_to_repay",
    "check_flip_ratio",
]

# Exercise 10.1 — debt with no repayment.
_GROWTH = dict(t=12.0, gap_rate=0.25, interest=0.08)

DEBT_GROWTH = NumericAnswer(
    "Exercise 10.1",
    expected=lambda: float(debt.debt_without_repayment(**_GROWTH)),
    precision=SignificantFigures(3), unit="nat-years",
    hint="Solve dD/dt = r·D + g(t) with g(t) = 0.25·t, or call acslib.debt.debt_without_repayment.",
    mistakes=[
        Mistake(lambda: _GROWTH["gap_rate"] * _GROWTH["t"] ** 2 / 2,
                "That is the debt without interest (Chapter 1's cumulative gap); the question adds interest."),
        Mistake(lambda: _GROWTH["gap_rate"] * _GROWTH["t"],
                "That is the gap at year 12, a level; the debt is the accumulated gap plus interest."),
        Mistake(lambda: _GROWTH["gap_rate"] * _GROWTH["t"] ** 2 / 2 * math.exp(_GROWTH["interest"] * _GROWTH["t"]),
                "Compounding the whole cumulative gap over all 12 years overstates the interest: "
                "each year's shortfall earns interest only from when it was added."),
    ],
)


@checks(DEBT_GROWTH)
def check_debt_without_repayment(answer) -> Feedback:
    """Exercise 10.1: debt after 12 years when the gap opens at 0.25 nats a year, interest
    is 8% a year and nothing is repaid.

    Examples
    --------
    >>> check_debt_without_repayment(None).status
    'missing'
    """
    return DEBT_GROWTH.check(answer)


# Exercise 10.2 — the spiral threshold.
_SPIRAL = dict(budget=3.0, rnd_cost=1.0, interest=0.15, retrofit_cost=0.5, retrofit_scale=8.0)


def _spiral(free_budget):
    return float(debt.spiral_threshold(free_budget, _SPIRAL["interest"], _SPIRAL["retrofit_cost"],
                                       _SPIRAL["retrofit_scale"]))


SPIRAL = NumericAnswer(
    "Exercise 10.2",
    expected=lambda: _spiral(_SPIRAL["budget"] - _SPIRAL["rnd_cost"]),
    precision=SignificantFigures(3), unit="nat-years",
    hint="Only the budget left after keeping pace repays debt. Solve r·D·c·(1 + D/s) = free budget for D > 0.",
    mistakes=[
        Mistake(lambda: _spiral(_SPIRAL["budget"]),
                "You used the whole budget; part of it must keep pace with capability, so only the rest repays debt."),
        Mistake(lambda: (_SPIRAL["budget"] - _SPIRAL["rnd_cost"]) / (_SPIRAL["interest"] * _SPIRAL["retrofit_cost"]),
                "That ignores that retrofits get dearer as the debt grows (the factor 1 + D/s)."),
        Mistake(lambda: _SPIRAL["budget"] / (_SPIRAL["interest"] * _SPIRAL["retrofit_cost"]),
                "That uses the whole budget and a constant retrofit cost; both push the threshold up."),
    ],
)


@checks(SPIRAL)
def check_spiral_threshold(answer) -> Feedback:
    """Exercise 10.2: the debt above which the debt spirals, for a budget of 3 a year
    of which 1 keeps pace, interest 15%, retrofit cost 0.5 doubling at 8 nat-years.

    Examples
    --------
    >>> check_spiral_threshold(None).status
    'missing'
    """
    return SPIRAL.check(answer)


# Exercise 10.3 — settling at the horizon.
#: The state and prices of Exercise 10.3.
SETTLEMENT_CASE = dict(horizon=20.0, debt=12.0, gap=1.5, price_decline=0.06, discount=0.04)


def _settlement(discount=True, decline=True, integral=True, gap=True):
    case, p = SETTLEMENT_CASE, debt.BASE
    price = math.exp(-case["price_decline"] * case["horizon"]) if decline else 1.0
    factor = math.exp(-case["discount"] * case["horizon"]) if discount else 1.0
    if integral:
        retro = float(debt.settlement_cost(case["debt"], p.retrofit_cost, p.retrofit_scale, price))
    else:
        retro = float(debt.retrofit_unit_cost(case["debt"], p.retrofit_cost, p.retrofit_scale)) * case["debt"] * price
    close = case["gap"] * p.rnd_price * price if gap else 0.0
    return factor * (retro + close)


SETTLEMENT = NumericAnswer(
    "Exercise 10.3",
    expected=_settlement,
    precision=SignificantFigures(3), unit="cost units",
    hint="Price both parts at year-20 prices (e^(−0.06·20)), then discount the sum to today (e^(−0.04·20)).",
    mistakes=[
        Mistake(lambda: _settlement(discount=False), "That is the cost in year 20; discount it to today."),
        Mistake(lambda: _settlement(decline=False),
                "Alignment work has become cheaper by year 20: apply the price level e^(−0.06·20)."),
        Mistake(lambda: _settlement(integral=False),
                "Retiring the debt does not cost the final unit cost times the debt: the unit cost falls as the "
                "debt shrinks, so integrate it (acslib.debt.settlement_cost)."),
        Mistake(lambda: _settlement(gap=False), "The open gap must be closed too, at the R&D price per nat."),
    ],
)


@checks(SETTLEMENT)
def check_settlement_value(answer) -> Feedback:
    """Exercise 10.3: present value of settling 12 nat-years of debt and a 1.5-nat gap at
    year 20, with prices falling 6% and a discount rate of 4% a year.

    Examples
    --------
    >>> check_settlement_value(None).status
    'missing'
    """
    return SETTLEMENT.check(answer)


# Exercise 10.4 — the review backlog.
_BACKLOG = dict(debt=15.0, items_per_debt=30.0, review_capacity=600.0, interest=0.15)

BACKLOG = NumericAnswer(
    "Exercise 10.4",
    expected=lambda: debt.review_backlog(**_BACKLOG).clearance_years,
    precision=SignificantFigures(2), unit="years",
    hint="The backlog Q obeys dQ/dt = r·Q − capacity; solve for the time at which Q reaches 0.",
    mistakes=[
        Mistake(lambda: debt.review_backlog(**_BACKLOG).review_years,
                "That is the backlog divided by capacity, which ignores the items that keep arriving from interest."),
        Mistake(lambda: debt.review_backlog(**_BACKLOG).review_years * 12,
                "That is in months (and ignores interest); the question asks for years."),
    ],
)


@checks(BACKLOG)
def check_review_clearance(answer) -> Feedback:
    """Exercise 10.4: years to clear the review backlog of a 15 nat-year debt (30 items per
    nat-year, 600 reviews a year, interest 15%).

    Examples
    --------
    >>> check_review_clearance(None).status
    'missing'
    """
    return BACKLOG.check(answer)


# Exercise 10.5 — write years_to_repay.
def _reference_years_to_repay(debt_now, free_budget, interest, retrofit_cost, retrofit_scale):
    """Exercise 10.5's reference: :func:`acslib.debt.years_to_repay`, with ``nan`` for never."""
    years = debt.years_to_repay(debt_now, free_budget, interest, retrofit_cost, retrofit_scale)
    return np.nan if years is None else years


def check_years_to_repay(function) -> Feedback:
    """Exercise 10.5: a student's ``years_to_repay(debt_now, free_budget, interest,
    retrofit_cost, retrofit_scale)``, returning the years to retire a debt or ``nan``
    if it spirals. Answers within 1% (or 0.02 years) pass.

    Examples
    --------
    >>> check_years_to_repay(None).status
    'missing'
    """
    cases = [
        dict(debt_now=10.0, free_budget=2.0, interest=0.0, retrofit_cost=1.0, retrofit_scale=10.0),
        dict(debt_now=5.0, free_budget=2.0, interest=0.1, retrofit_cost=1.0, retrofit_scale=10.0),
        dict(debt_now=15.0, free_budget=3.0, interest=0.1, retrofit_cost=0.5, retrofit_scale=10.0),
        dict(debt_now=12.0, free_budget=2.0, interest=0.1, retrofit_cost=1.0, retrofit_scale=10.0),
        dict(debt_now=40.0, free_budget=3.0, interest=0.05, retrofit_cost=0.5, retrofit_scale=10.0),
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
        None if function is None else comparable(function), comparable(_reference_years_to_repay), cases,
        exercise="Exercise 10.5", rtol=0.01, atol=0.02,
        hint="First compare the debt with the spiral threshold (return nan above it); below it, step "
             "dD = (r·D − free_budget / unit_cost(D))·dt with a small dt until D reaches 0.",
    )


# Exercise 10.6 — where the conclusion flips.
_FLIP = dict(incident_loss=0.0, price_decline=0.12, discount=0.09)

FLIP = NumericAnswer(
    "Exercise 10.6",
    expected=lambda: debt.cost_ratio(debt.BASE.replace(**_FLIP)),
    precision=SignificantFigures(2),
    hint="Change the three parameters with debt.BASE.replace(...) and call debt.cost_ratio on the result.",
    mistakes=[
        Mistake(lambda: debt.cost_ratio(debt.BASE.replace(price_decline=0.12, discount=0.09)),
                "That keeps the base loss per incident; the question sets incident losses to zero."),
        Mistake(lambda: 1.0 / debt.cost_ratio(debt.BASE.replace(**_FLIP)),
                "That is proactive divided by reactive; the question asks for reactive over proactive."),
        Mistake(lambda: debt.cost_ratio(debt.BASE), "That is the ratio at base parameters."),
    ],
)


@checks(FLIP)
def check_flip_ratio(answer) -> Feedback:
    """Exercise 10.6: reactive over proactive expected cost with no incident losses, alignment
    work 12% cheaper each year and a 9% discount rate.

    Examples
    --------
    >>> check_flip_ratio(None).status
    'missing'
    """
    return FLIP.check(answer)
