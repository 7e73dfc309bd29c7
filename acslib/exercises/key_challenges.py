"""Checkers for the exercises of Chapter 11, *Key challenges*.

Used in ``chapters/11_key_challenges.ipynb``, section *Exercises*. Each numeric checker
is a :class:`acslib.checking.NumericAnswer` declaration; each returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..bottlenecks import crossover_time, lindley_waits, mm1
from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..inertia import steady_state_gap, steady_state_ratio
from ..race import disaster_probability, equilibrium_safety, private_information_disaster
from ..saturation import item_difficulties, resolution_crossing

__all__ = [
    "REVIEW_WAIT",
    "CROSSOVER",
    "RACE_DISASTER",
    "LAG_RATIO",
    "SATURATION_YEAR",
    "check_review_wait_minutes",
    "check_crossover_years",
    "check_race_disaster",
    "check_lag_ratio",
    "check_queue_waits",
    "check_saturation_year",
]

REVIEW_WAIT = NumericAnswer(
    "Exercise 11.1",
    expected=lambda: 60 * mm1(11.0, 12.6).wait,
    precision=SignificantFigures(3), unit="minutes",
    hint="The mean time in system of an M/M/1 queue is 1/(μ − λ), in hours here; convert to minutes.",
    mistakes=[
        Mistake(lambda: mm1(11.0, 12.6).wait, "that is the time in hours; the question asks for minutes."),
        Mistake(lambda: 60 * mm1(11.0, 12.6).queue_wait,
                "that is the wait before review starts (W_q); the time in system includes the review itself."),
        Mistake(60 / 12.6, "that is one review's mean duration, 1/μ, with no waiting at all."),
        Mistake(lambda: mm1(11.0, 12.6).queue_length,
                "that is the mean number of items waiting (L_q), not a time."),
    ],
)


@checks(REVIEW_WAIT)
def check_review_wait_minutes(answer) -> Feedback:
    """Exercise 11.1: mean minutes an item spends in an M/M/1 review queue with λ = 11, μ = 12.6 an hour.

    Examples
    --------
    >>> check_review_wait_minutes(None).status
    'missing'
    """
    return REVIEW_WAIT.check(answer)


CROSSOVER = NumericAnswer(
    "Exercise 11.2",
    expected=lambda: crossover_time(200.0, np.log(3.0), 2000.0, 500.0),
    precision=Decimals(2), unit="years",
    hint="Solve 200·3^t = 2000 + 500·t; acslib.bottlenecks.crossover_time takes continuous rates, so pass ln 3.",
    mistakes=[
        Mistake(lambda: np.log(10.0) / np.log(3.0), "that ignores the hiring: capacity grows by 500 a year."),
        Mistake(lambda: crossover_time(200.0, 3.0, 2000.0, 500.0),
                "that treats 3 as a continuous rate; growing 3× a year is a rate of ln 3."),
    ],
)


@checks(CROSSOVER)
def check_crossover_years(answer) -> Feedback:
    """Exercise 11.2: years until demand of 200 a week growing 3× a year overtakes capacity 2,000 + 500·t.

    Examples
    --------
    >>> check_crossover_years(None).status
    'missing'
    """
    return CROSSOVER.check(answer)


RACE_DISASTER = NumericAnswer(
    "Exercise 11.3",
    expected=lambda: disaster_probability(4, 0.9, 1.2),
    precision=Decimals(2),
    hint="Find s* = min(1, μ/(n·e)); every team plays it, so the winner's safety is s*.",
    mistakes=[
        Mistake(lambda: equilibrium_safety(4, 0.9, 1.2),
                "that is the equilibrium safety s*; a disaster happens with probability 1 − s*."),
        Mistake(lambda: 1 - min(1.0, 1.2 / (3 * 0.9)), "divide by the number of teams n, not n − 1."),
        Mistake(lambda: private_information_disaster(4, 0.9, 1.2),
                "that is the private-information case; here no team knows any capability."),
    ],
)


@checks(RACE_DISASTER)
def check_race_disaster(answer) -> Feedback:
    """Exercise 11.3: disaster probability in the no-information race with 4 teams, enmity 0.9, skill range 1.2.

    Examples
    --------
    >>> check_race_disaster(None).status
    'missing'
    """
    return RACE_DISASTER.check(answer)


LAG_RATIO = NumericAnswer(
    "Exercise 11.4",
    expected=lambda: steady_state_ratio(np.log(3.0), 1.5),
    precision=SignificantFigures(3),
    hint="In the steady state C/G = 1 + r·T, with r the continuous rate of 3× a year.",
    mistakes=[
        Mistake(3.0**1.5, "that is a pure delay of T years, C(t)/C(t − T); a first-order lag falls behind less."),
        Mistake(1 + 3.0 * 1.5, "3× a year is a continuous rate of ln 3, not 3."),
        Mistake(lambda: 1 / steady_state_ratio(np.log(3.0), 1.5), "that is G/C; the question asks for C/G."),
        Mistake(lambda: steady_state_gap(np.log(3.0), 1.5), "that is the log gap ln(C/G), not the ratio."),
    ],
)


@checks(LAG_RATIO)
def check_lag_ratio(answer) -> Feedback:
    """Exercise 11.4: steady-state C/G when capability grows 3× a year and governance lags with T = 1.5 years.

    Examples
    --------
    >>> check_lag_ratio(None).status
    'missing'
    """
    return LAG_RATIO.check(answer)


def _reference_waits(interarrival_times, service_times):
    return lindley_waits(interarrival_times, service_times)


def check_queue_waits(function) -> Feedback:
    """Exercise 11.5: a student's ``queue_waits(interarrival_times, service_times)`` (Lindley's recursion).

    Examples
    --------
    >>> check_queue_waits(None).status
    'missing'
    """
    rng = np.random.default_rng(11)
    cases = [
        {"interarrival_times": np.array([0.0, 1.0, 1.0, 3.0]), "service_times": np.array([2.0, 2.0, 0.5, 1.0])},
        {"interarrival_times": np.array([0.5, 2.0, 2.0]), "service_times": np.array([1.0, 1.0, 1.0])},
        {"interarrival_times": rng.exponential(1 / 8, 500), "service_times": rng.exponential(1 / 10, 500)},
    ]
    return check_function(
        function, _reference_waits, cases, exercise="Exercise 11.5",
        hint="The first item never waits; each later one waits max(0, previous wait + previous service − gap).",
    )


SATURATION_YEAR = NumericAnswer(
    "Exercise 11.6",
    expected=lambda: resolution_crossing(0.0, 1.0, item_difficulties(500, 4.0, 1.0)),
    precision=Decimals(1), unit="years",
    hint="Build the harder suite with item_difficulties(500, 4.0, 1.0) and pass it to resolution_crossing.",
    mistakes=[
        Mistake(lambda: resolution_crossing(0.0, 1.0, item_difficulties(500, 2.0, 1.0)),
                "that is the chapter's suite, centred at difficulty 2; the new suite is centred at 4."),
    ],
)


@checks(SATURATION_YEAR)
def check_saturation_year(answer) -> Feedback:
    """Exercise 11.6: the year a 500-item suite centred at difficulty 4 stops resolving a year of progress.

    Examples
    --------
    >>> check_saturation_year(None).status
    'missing'
    """
    return SATURATION_YEAR.check(answer)
