"""Checkers for the exercises of Chapter 12, *Strategic implications*.

Used in ``chapters/12_strategic_implications.ipynb``, section *Exercises*. Each numeric
checker is a :class:`acslib.checking.NumericAnswer` declaration; each returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..allocation import required_alignment_share
from ..checking import Decimals, Feedback, Mistake, NumericAnswer, WholeNumber, check_function, checks
from ..evaluation_effort import tasks_per_round
from ..gating import gated_levels
from ..oversight_load import oversight_load, reviewers_needed

__all__ = [
    "ALIGNMENT_SHARE",
    "TASKS",
    "REVIEWERS",
    "UNLOCK_YEAR",
    "LOAD_EXERCISE",
    "check_alignment_share",
    "check_tasks_per_round",
    "check_reviewers",
    "check_unlock_year",
    "check_gate",
]

ALIGNMENT_SHARE = NumericAnswer(
    "Exercise 12.1",
    expected=lambda: required_alignment_share(0.6, 0.5, 0.5),
    precision=Decimals(2),
    hint="Keeping pace means a_a·(φB)^β = a_c·((1 − φ)B)^β; solve for φ.",
    mistakes=[
        Mistake(0.6 / (0.6 + 0.5), "the exponent matters: φ/(1 − φ) = (a_c/a_a)^(1/β), not a_c/a_a."),
        Mistake((0.6 / 0.5) ** 2, "that is the ratio φ/(1 − φ); convert it to the share φ."),
        Mistake(lambda: 1 - required_alignment_share(0.6, 0.5, 0.5), "that is the capability share, 1 − φ."),
    ],
)


@checks(ALIGNMENT_SHARE)
def check_alignment_share(answer) -> Feedback:
    """Exercise 12.1: alignment share that keeps pace with a_c = 0.6, a_a = 0.5 and β = 0.5.

    Examples
    --------
    >>> check_alignment_share(None).status
    'missing'
    """
    return ALIGNMENT_SHARE.check(answer)


TASKS = NumericAnswer(
    "Exercise 12.2",
    expected=lambda: tasks_per_round(1 / 400, 0.9),
    precision=WholeNumber(), unit="tasks",
    hint="Find the smallest n with 1 − (1 − p)^n ≥ 0.9, using p = 1/400 exactly.",
    mistakes=[
        Mistake(lambda: math.ceil(400 * math.log(10.0)), "that uses the approximation n ≈ −ln(1 − q)/p; solve exactly."),
        Mistake(lambda: tasks_per_round(1 / 400, 0.9) - 1, "round up, not down: one task fewer falls short of 90%."),
    ],
)


@checks(TASKS)
def check_tasks_per_round(answer) -> Feedback:
    """Exercise 12.2: tasks per round to catch, with probability 0.9, a capability that shows on 1 task in 400.

    Examples
    --------
    >>> check_tasks_per_round(None).status
    'missing'
    """
    return TASKS.check(answer)


#: The deployment of Exercise 12.3, as users, domains and integrations.
LOAD_EXERCISE = {"users": 350_000, "domains": 6, "integrations": 60}


def _load():
    return oversight_load(**LOAD_EXERCISE)


REVIEWERS = NumericAnswer(
    "Exercise 12.3",
    expected=lambda: reviewers_needed(_load().total, 160.0, 0.8),
    precision=WholeNumber(), unit="reviewers",
    hint="Add the four parts of the load, divide by 160 hours × 0.8, and round up.",
    mistakes=[
        Mistake(lambda: reviewers_needed(_load().total, 160.0, 1.0),
                "that staffs reviewers at 100% utilisation; the target is 80% (Chapter 11's queue explains why)."),
        Mistake(lambda: reviewers_needed(_load().total - _load().pairs, 160.0, 0.8),
                "that leaves out the pairs of integrations, 60·59/2 of them."),
        Mistake(lambda: math.floor(_load().total / 128.0), "round up: a fraction of a reviewer is still needed."),
    ],
)


@checks(REVIEWERS)
def check_reviewers(answer) -> Feedback:
    """Exercise 12.3: reviewers needed for 350,000 users, 6 domains and 60 integrations at 80% utilisation.

    Examples
    --------
    >>> check_reviewers(None).status
    'missing'
    """
    return REVIEWERS.check(answer)


UNLOCK_YEAR = NumericAnswer(
    "Exercise 12.4",
    expected=lambda: np.log((1 - 0.5) / (1 - 0.92)) / 0.2,
    precision=Decimals(1), unit="years",
    hint="Solve 1 − 0.5·exp(−0.2·t) = 0.92 for t.",
    mistakes=[
        Mistake(lambda: np.log(0.92 / 0.5) / 0.2, "the uncaught share 1 − m shrinks exponentially, not m itself grows."),
        Mistake(lambda: np.log10(6.25) / 0.2, "use the natural logarithm."),
        Mistake(lambda: np.log(6.25), "divide by the improvement rate ρ = 0.2."),
    ],
)


@checks(UNLOCK_YEAR)
def check_unlock_year(answer) -> Feedback:
    """Exercise 12.4: when monitoring starting at 0.5 and improving at rate 0.2 meets a bar of 0.92.

    Examples
    --------
    >>> check_unlock_year(None).status
    'missing'
    """
    return UNLOCK_YEAR.check(answer)


def _reference_gate(scheduled, measured, bars):
    return gated_levels(scheduled, measured, bars)


def check_gate(function) -> Feedback:
    """Exercise 12.5: a student's ``gate(scheduled, measured, bars)`` returning the gated levels.

    Examples
    --------
    >>> check_gate(None).status
    'missing'
    """
    rng = np.random.default_rng(12)
    cases = [
        {"scheduled": np.array([0, 1, 2, 3]), "measured": np.array([0.5, 0.5, 0.8, 0.95]),
         "bars": np.array([0.0, 0.6, 0.75, 0.9])},
        {"scheduled": np.array([2, 2, 2]), "measured": np.array([0.99, 0.6, 0.0]), "bars": np.array([0.0, 0.6, 0.75])},
        {"scheduled": np.minimum(np.arange(30) // 3, 5), "measured": np.sort(rng.uniform(0.3, 1.0, 30)),
         "bars": np.array([0.0, 0.5, 0.6, 0.7, 0.8, 0.9])},
    ]
    return check_function(
        function, _reference_gate, cases, exercise="Exercise 12.5",
        hint="For each year, count the bars the measurement meets (bars[0] = 0 always counts), subtract one, "
             "and take the smaller of that and the schedule.",
    )
