"""Chapter 9's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, every declared mistake is rejected with the
feedback that points at it, and the function checker catches wrong implementations."""

import math

import numpy as np
import pytest

from acslib import superalignment as sa
from acslib.checking import format_value
from acslib.exercises import superalignment as ex

NUMERIC = [
    (ex.check_gap_recovered, ex.GAP_RECOVERED),
    (ex.check_guard_wins, ex.GUARD_WINS),
    (ex.check_wargames_two_steps, ex.WARGAMES_TWO_STEPS),
    (ex.check_step_lead, ex.STEP_LEAD),
]
IDS = [answer.exercise for _, answer in NUMERIC]

_q = 0.9 ** (1 / 3)
MISTAKES = {
    "Exercise 9.1": [(0.11 / 0.18, "remains"), (0.18 / 0.29, "still missing"), (0.69 / 0.87, "share of the ceiling"),
                     (0.11, "gain in accuracy")],
    "Exercise 9.2": [(1 / (1 + 10 ** (-150 / 400)), "Houdini's chance"), (1 / (1 + math.exp(150 / 400)), "powers of 10"),
                     (10 ** (-150 / 400), "odds")],
    "Exercise 9.3": [(None, "single step"), ((1 / (1 + 10 ** (300 / 400))) ** 2, "general Elo"),
                     (None, "only the first step"), (None, "swapped")],
    "Exercise 9.4": [(400 * math.log10(9), "single step"), (400 * math.log(_q / (1 - _q)), "log base 10"),
                     (400 * math.log10((1 - 0.1 / 3) / (0.1 / 3)), "union bound"),
                     (400 * math.log10(0.3 / 0.7), "dividing the target")],
}


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer):
    expected = answer.value()
    assert checker(expected).passed
    assert checker(float(format_value(expected, answer.precision))).passed


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_values_just_outside_the_precision_fail(checker, answer):
    expected = answer.value()
    step = answer.precision.tolerance(expected)
    for wrong in (expected + 2.5 * step, expected - 2.5 * step):
        assert not checker(wrong).passed


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_every_mistake_is_rejected_with_its_feedback(checker, answer):
    declared = answer._mistake_values()
    listed = MISTAKES[answer.exercise]
    assert len(declared) == len(listed)
    for (value, feedback), (typed, words) in zip(declared, listed):
        if typed is not None:
            assert value == pytest.approx(typed, rel=1e-9)
        result = checker(value)
        assert not result.passed and words in result.message and feedback in result.message
        echo = result.message.replace(format_value(value, answer.precision), "")
        assert format_value(answer.value(), answer.precision) not in echo


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_missing_and_junk_answers(checker, answer):
    assert checker(None).status == "missing"
    for junk in ("0.5", [answer.value()], float("nan"), float("inf"), False):
        assert not checker(junk).passed


def test_expected_values_come_from_the_models():
    assert ex.GAP_RECOVERED.value() == pytest.approx(0.11 / 0.29)
    assert ex.GUARD_WINS.value() == pytest.approx(1 / (1 + 10 ** (150 / 400)))
    guard, houdini = sa.ENGELS_FITS["wargames"]["guard"], sa.ENGELS_FITS["wargames"]["houdini"]
    by_hand = 1.0
    for g in (1103.0, 1403.0):
        advantage = (guard[0] * g + guard[1]) - (houdini[0] * (g + 300.0) + houdini[1])
        by_hand *= 1 / (1 + 10 ** (-advantage / 400))
    assert ex.WARGAMES_TWO_STEPS.value() == pytest.approx(by_hand, rel=1e-12)
    assert ex.STEP_LEAD.value() == pytest.approx(400 * math.log10(_q / (1 - _q)))


def _student(guard, houdini, delta, n_steps, start_elo):
    steps = np.arange(n_steps)
    g = start_elo + steps * delta / n_steps
    h = g + delta / n_steps
    return float(np.prod(sa.elo_win_probability(guard[0] * g + guard[1], houdini[0] * h + houdini[1])))


def test_nested_success_checker():
    assert ex.check_nested_success(_student).passed
    # Comparing general Elo instead of domain Elo.
    general = ex.check_nested_success(lambda guard, houdini, delta, n_steps, start_elo: float(
        sa.elo_win_probability(0.0, delta / n_steps)) ** n_steps)
    assert not general.passed and "should return" in general.message
    # Off by one: the Houdini at the Guard's own level.
    assert not ex.check_nested_success(lambda guard, houdini, delta, n_steps, start_elo: _student(
        guard, houdini, delta - delta / n_steps, n_steps, start_elo)).passed
    # Only the first step.
    assert not ex.check_nested_success(lambda guard, houdini, delta, n_steps, start_elo: _student(
        guard, houdini, delta / n_steps, 1, start_elo)).passed

    def template(guard, houdini, delta, n_steps, start_elo):
        """Not written yet."""
        ...

    assert ex.check_nested_success(template).status == "missing"
    assert ex.check_nested_success(None).status == "missing"
