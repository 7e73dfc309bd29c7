"""Chapter 10's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, and every declared mistake is rejected
with the feedback that points at it."""

import math

import numpy as np
import pytest

from acslib import debt
from acslib.checking import format_value
from acslib.exercises import alignment_debt as ex

NUMERIC = [
    (ex.check_debt_without_repayment, ex.DEBT_GROWTH),
    (ex.check_spiral_threshold, ex.SPIRAL),
    (ex.check_settlement_value, ex.SETTLEMENT),
    (ex.check_review_clearance, ex.BACKLOG),
    (ex.check_flip_ratio, ex.FLIP),
]
IDS = [answer.exercise for _, answer in NUMERIC]

# The mistakes each checker must recognise, as (value, words its feedback must contain).
MISTAKES = {
    "Exercise 10.1": [(18.0, "without interest"), (3.0, "gap at year 12"),
                      (0.25 * 144 / 2 * math.exp(0.96), "overstates the interest")],
    "Exercise 10.2": [(float(debt.spiral_threshold(3.0, 0.15, 0.5, 8.0)), "whole budget"), (2.0 / 0.075, "dearer"),
                      (3.0 / 0.075, "constant retrofit cost")],
    "Exercise 10.3": [(None, "discount it"), (None, "cheaper by year 20"), (None, "integrate"),
                      (None, "gap must be closed")],
    "Exercise 10.4": [(0.75, "ignores the items"), (9.0, "months")],
    "Exercise 10.6": [(None, "base loss"), (None, "proactive divided by reactive"), (None, "base parameters")],
}


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer):
    expected = answer.value()
    assert checker(expected).passed
    printed = format_value(expected, answer.precision)
    assert checker(float(printed)).passed, printed
    assert checker(np.float64(expected)).passed


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_values_just_outside_the_precision_fail(checker, answer):
    expected = answer.value()
    step = answer.precision.tolerance(expected)
    for wrong in (expected + 2.5 * step, expected - 2.5 * step):
        feedback = checker(wrong)
        assert not feedback.passed
        assert format_value(expected, answer.precision) not in feedback.message


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
        # The feedback never gives the answer away.
        echo = result.message.replace(format_value(value, answer.precision), "")  # the student's own answer
        assert format_value(answer.value(), answer.precision) not in echo


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_missing_and_junk_answers(checker, answer):
    assert checker(None).status == "missing"
    for junk in ("12", [answer.value()], float("nan"), float("inf"), True):
        assert not checker(junk).passed


def test_expected_values_come_from_the_model():
    assert ex.DEBT_GROWTH.value() == pytest.approx(float(debt.debt_without_repayment(12.0, 0.25, 0.08)))
    assert ex.SPIRAL.value() == pytest.approx(float(debt.spiral_threshold(2.0, 0.15, 0.5, 8.0)))
    case = ex.SETTLEMENT_CASE
    price, factor = math.exp(-0.06 * 20), math.exp(-0.04 * 20)
    by_hand = factor * price * (0.5 * (12 + 144 / 20) + 1.5 / 0.3)
    assert case["debt"] == 12.0 and ex.SETTLEMENT.value() == pytest.approx(by_hand)
    assert ex.BACKLOG.value() == pytest.approx(math.log(600 / (600 - 0.15 * 450)) / 0.15)
    assert ex.FLIP.value() < 1.0  # the verdict has flipped at these settings


def _euler(debt_now, free_budget, interest, retrofit_cost, retrofit_scale, dt=1e-3):
    threshold = float(debt.spiral_threshold(free_budget, max(interest, 1e-300), retrofit_cost, retrofit_scale)) \
        if interest > 0 else math.inf
    if debt_now >= threshold:
        return float("nan")
    d, years = debt_now, 0.0
    while d > 0:
        d += (interest * d - free_budget / (retrofit_cost * (1 + d / retrofit_scale))) * dt
        years += dt
    return years


def test_years_to_repay_checker():
    assert ex.check_years_to_repay(ex._reference_years_to_repay).passed
    # A careful stepping solution, the kind students write, passes.
    assert ex.check_years_to_repay(_euler).passed
    assert ex.check_years_to_repay(None).status == "missing"
    # Forgetting the spiral: returning a number (the time the loop gave up) fails.
    no_spiral = lambda debt_now, free_budget, interest, retrofit_cost, retrofit_scale: 1e3
    feedback = ex.check_years_to_repay(no_spiral)
    assert not feedback.passed
    # Ignoring interest fails on the second case.
    flat = lambda debt_now, free_budget, interest, retrofit_cost, retrofit_scale: \
        float(debt.settlement_cost(debt_now, retrofit_cost, retrofit_scale)) / free_budget
    feedback = ex.check_years_to_repay(flat)
    assert not feedback.passed and "interest=0.1" in feedback.message
    # A constant unit cost fails.
    constant = lambda debt_now, free_budget, interest, retrofit_cost, retrofit_scale: \
        debt_now * retrofit_cost / free_budget
    assert not ex.check_years_to_repay(constant).passed
    # A function that raises is reported, not raised.
    def broken(debt_now, free_budget, interest, retrofit_cost, retrofit_scale):
        raise ZeroDivisionError("oops")
    assert "ZeroDivisionError" in ex.check_years_to_repay(broken).message
