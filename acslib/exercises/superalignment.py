"""Checkers for the exercises of Chapter 9, *Superalignment: the destination and the process*.

Used in ``chapters/09_superalignment.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..superalignment import (
    ENGELS_FITS,
    elo_win_probability,
    nested_oversight_success,
    nested_success_from_fits,
    performance_gap_recovered,
    required_step_advantage,
)

__all__ = [
    "GAP_RECOVERED",
    "GUARD_WINS",
    "WARGAMES_TWO_STEPS",
    "STEP_LEAD",
    "check_gap_recovered",
    "check_guard_wins",
    "check_wargames_two_steps",
    "check_step_lead",
    "check_nested_success",
]

#: Exercise 9.1: accuracies of the weak supervisor, the weak-to-strong student and the ceiling.
PGR_SETTING = dict(weak=0.58, weak_to_strong=0.69, strong_ceiling=0.87)
#: Exercise 9.2: the Guard's and the Houdini's domain Elo.
ELO_SETTING = dict(guard=1250.0, houdini=1400.0)
#: Exercise 9.3: Wargames across a general-Elo gap of 600 in two steps.
WARGAMES_SETTING = dict(game="wargames", delta=600.0, n_steps=2)
#: Exercise 9.4: overall success 0.9 in three equal steps.
LEAD_SETTING = dict(target=0.9, n_steps=3)

GAP_RECOVERED = NumericAnswer(
    "Exercise 9.1",
    expected=lambda: float(performance_gap_recovered(**PGR_SETTING)),
    precision=SignificantFigures(3),
    hint="PGR = (student - weak) / (ceiling - weak).",
    mistakes=[
        Mistake(lambda: (PGR_SETTING["weak_to_strong"] - PGR_SETTING["weak"])
                / (PGR_SETTING["strong_ceiling"] - PGR_SETTING["weak_to_strong"]),
                "you divided by the gap that remains (ceiling - student); divide by the whole gap, ceiling - weak."),
        Mistake(lambda: (PGR_SETTING["strong_ceiling"] - PGR_SETTING["weak_to_strong"])
                / (PGR_SETTING["strong_ceiling"] - PGR_SETTING["weak"]),
                "that is the share of the gap still missing, not the share recovered."),
        Mistake(lambda: PGR_SETTING["weak_to_strong"] / PGR_SETTING["strong_ceiling"],
                "that is the student's accuracy as a share of the ceiling; PGR measures from the weak supervisor up."),
        Mistake(lambda: PGR_SETTING["weak_to_strong"] - PGR_SETTING["weak"],
                "that is the gain in accuracy; PGR divides it by the gap between ceiling and weak supervisor."),
    ],
)


@checks(GAP_RECOVERED)
def check_gap_recovered(answer) -> Feedback:
    """Exercise 9.1: PGR for weak accuracy 0.58, weak-to-strong 0.69 and ceiling 0.87.

    Examples
    --------
    >>> check_gap_recovered(None).status
    'missing'
    """
    return GAP_RECOVERED.check(answer)


GUARD_WINS = NumericAnswer(
    "Exercise 9.2",
    expected=lambda: float(elo_win_probability(ELO_SETTING["guard"], ELO_SETTING["houdini"])),
    precision=SignificantFigures(3),
    hint="P(guard wins) = 1 / (1 + 10^((houdini - guard) / 400)).",
    mistakes=[
        Mistake(lambda: float(elo_win_probability(ELO_SETTING["houdini"], ELO_SETTING["guard"])),
                "that is the Houdini's chance; the Guard is the lower-rated player here."),
        Mistake(lambda: 1.0 / (1.0 + np.exp((ELO_SETTING["houdini"] - ELO_SETTING["guard"]) / 400.0)),
                "Elo uses powers of 10, not of e."),
        Mistake(lambda: 10.0 ** (-(ELO_SETTING["houdini"] - ELO_SETTING["guard"]) / 400.0),
                "that is the Guard's odds (wins per loss); convert odds o to a probability o / (1 + o)."),
    ],
)


@checks(GUARD_WINS)
def check_guard_wins(answer) -> Feedback:
    """Exercise 9.2: the chance that a Guard rated 1250 beats a Houdini rated 1400.

    Examples
    --------
    >>> check_guard_wins(None).status
    'missing'
    """
    return GUARD_WINS.check(answer)


def _general_elo_only():
    s = WARGAMES_SETTING
    step = s["delta"] / s["n_steps"]
    return float(elo_win_probability(0.0, step)) ** s["n_steps"]


WARGAMES_TWO_STEPS = NumericAnswer(
    "Exercise 9.3",
    expected=lambda: float(nested_oversight_success(**WARGAMES_SETTING)),
    precision=SignificantFigures(3),
    hint="Step j puts a Guard at general Elo 1103 + 300 j against a Houdini 300 higher; convert both to "
         "Wargames domain Elo with the fits, then multiply the Guard's two win probabilities.",
    mistakes=[
        Mistake(lambda: float(nested_oversight_success("wargames", 600.0, 1)),
                "that is a single step across the whole gap; the exercise uses two."),
        Mistake(_general_elo_only,
                "you compared general Elo; each player plays with its domain Elo from the game's fits."),
        Mistake(lambda: float(nested_oversight_success("wargames", 300.0, 1)),
                "that is only the first step; oversight holds only if the second Guard wins too."),
        Mistake(lambda: float(nested_success_from_fits(ENGELS_FITS["wargames"]["houdini"],
                                                       ENGELS_FITS["wargames"]["guard"], 600.0, 2)),
                "you swapped the Guard's and the Houdini's fits."),
    ],
)


@checks(WARGAMES_TWO_STEPS)
def check_wargames_two_steps(answer) -> Feedback:
    """Exercise 9.3: nested oversight success in Wargames across a general-Elo gap of 600 in two steps.

    Examples
    --------
    >>> check_wargames_two_steps(None).status
    'missing'
    """
    return WARGAMES_TWO_STEPS.check(answer)


STEP_LEAD = NumericAnswer(
    "Exercise 9.4",
    expected=lambda: float(required_step_advantage(**LEAD_SETTING)),
    precision=Decimals(0),
    unit="Elo points",
    hint="Each step must be won with probability q = 0.9^(1/3); invert the Elo formula: lead = 400 log10(q / (1 - q)).",
    mistakes=[
        Mistake(lambda: float(required_step_advantage(LEAD_SETTING["target"], 1)),
                "that is the lead for a single step; with three steps each must be won more often."),
        Mistake(lambda: 400.0 * np.log((q := LEAD_SETTING["target"] ** (1 / 3)) / (1 - q)),
                "Elo uses log base 10, not the natural logarithm."),
        Mistake(lambda: 400.0 * np.log10((q := 1 - (1 - LEAD_SETTING["target"]) / 3) / (1 - q)),
                "you split the 10% failure evenly over the steps (a union bound); that is close but not exact: "
                "the steps' success probabilities multiply."),
        Mistake(lambda: 400.0 * np.log10((q := LEAD_SETTING["target"] / 3) / (1 - q)),
                "dividing the target by three is not how probabilities of steps that must all hold combine."),
    ],
)


@checks(STEP_LEAD)
def check_step_lead(answer) -> Feedback:
    """Exercise 9.4: the Elo lead each of three equal steps needs for 90% overall success.

    Examples
    --------
    >>> check_step_lead(None).status
    'missing'
    """
    return STEP_LEAD.check(answer)


def _reference_nested_success(guard, houdini, delta, n_steps, start_elo):
    return float(nested_success_from_fits(guard, houdini, delta, n_steps, start_elo))


def check_nested_success(function) -> Feedback:
    """Exercise 9.5: a student's ``nested_success(guard, houdini, delta, n_steps, start_elo)``.

    It must return the probability that every Guard wins, for linear fits
    ``guard = (slope, intercept)`` and ``houdini = (slope, intercept)``. Answers within a
    relative 1e-6 pass.

    Examples
    --------
    >>> check_nested_success(None).status
    'missing'
    """
    cases = [
        {"guard": (1.0, 0.0), "houdini": (1.0, 0.0), "delta": 0.0, "n_steps": 3, "start_elo": 1000.0},
        {"guard": (1.0, 0.0), "houdini": (1.0, 0.0), "delta": 400.0, "n_steps": 1, "start_elo": 1000.0},
        {"guard": ENGELS_FITS["debate"]["guard"], "houdini": ENGELS_FITS["debate"]["houdini"],
         "delta": 400.0, "n_steps": 1, "start_elo": 1103.0},
        {"guard": ENGELS_FITS["backdoor-code"]["guard"], "houdini": ENGELS_FITS["backdoor-code"]["houdini"],
         "delta": 400.0, "n_steps": 2, "start_elo": 1103.0},
        {"guard": ENGELS_FITS["mafia"]["guard"], "houdini": ENGELS_FITS["mafia"]["houdini"],
         "delta": 900.0, "n_steps": 7, "start_elo": 1103.0},
    ]
    return check_function(
        function, _reference_nested_success, cases, exercise="Exercise 9.5", rtol=1e-6, atol=0.0,
        hint="For j = 0 .. n-1, the Guard sits at start + j·Δ/n and the Houdini one step (Δ/n) above; map each to "
             "its domain Elo with slope·g + intercept, take the Elo win probability, and multiply over the steps.",
    )

