"""Chapter 13's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, and every declared mistake is rejected
with the feedback that points at it."""

import math

import numpy as np
import pytest

from acslib import tax
from acslib.checking import format_value
from acslib.exercises import alignment_tax as ex

NUMERIC = [
    (ex.check_tax_delay, ex.DELAY),
    (ex.check_tax_to_hold_gap, ex.HOLD),
    (ex.check_deferral_premium, ex.DEFERRAL_PREMIUM),
    (ex.check_negative_tax_advantage, ex.NEGATIVE_TAX),
]
IDS = [answer.exercise for _, answer in NUMERIC]

MISTAKES = {
    "Exercise 13.1": [(0.3 / 0.25, "not by the tax itself"), (math.log(1.3) / 0.25, "not ln 1.3"),
                      (-math.log(0.7), "divide by the rate gap")],
    "Exercise 13.2": [(math.exp(-1.2), "share of capability kept"), (1.2, "growth of the log gap"),
                      (100 * (1 - math.exp(-1.2)), "percentage")],
    "Exercise 13.4": [(None, "unsettled"), (None, "paying minus deferring")],
    "Exercise 13.5": [(None, "paying only"), (None, "without any dividend")],
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
        echo = result.message.replace(format_value(value, answer.precision), "")  # the student's own answer
        assert format_value(answer.value(), answer.precision) not in echo


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_missing_and_junk_answers(checker, answer):
    assert checker(None).status == "missing"
    for junk in ("0.5", [answer.value()], float("nan"), float("inf"), False):
        assert not checker(junk).passed


def test_expected_values_come_from_the_models():
    assert ex.DELAY.value() == pytest.approx(-math.log(0.7) / 0.25)
    assert ex.HOLD.value() == pytest.approx(1 - math.exp(-0.15 * 8))
    result = tax.pay_or_defer(tax=2.0, discount=0.1)
    assert ex.DEFERRAL_PREMIUM.value() == pytest.approx(result.defer[-1] - result.pay[-1])
    negative = tax.pay_or_defer(tax=1.0, dividend=2.0)
    assert negative.net_tax < 0
    assert ex.NEGATIVE_TAX.value() == pytest.approx(negative.defer[-1] - negative.pay[-1])


def _by_hand(initial_lead, rate_gap, level_tax):
    start = math.log((1 - level_tax) / initial_lead)
    if start > 0:
        return 0.0
    if rate_gap <= 0:
        return float("nan")
    return -start / rate_gap


def test_taxed_crossing_checker():
    assert ex.check_taxed_crossing(ex._reference_taxed_crossing).passed
    assert ex.check_taxed_crossing(_by_hand).passed
    assert ex.check_taxed_crossing(None).status == "missing"
    # Adding the tax to the lead instead of taking it from capability fails.
    wrong_sign = lambda initial_lead, rate_gap, level_tax: _by_hand(initial_lead, rate_gap, -level_tax)
    feedback = ex.check_taxed_crossing(wrong_sign)
    assert not feedback.passed and "level_tax=0.5" in feedback.message
    # Forgetting the never case (a zero or negative rate gap) fails.
    no_never = lambda initial_lead, rate_gap, level_tax: \
        max(0.0, math.log(initial_lead / (1 - level_tax)) / (rate_gap if rate_gap else 1e-9))
    assert not ex.check_taxed_crossing(no_never).passed
    # Returning None for "never" is accepted as well as nan.
    with_none = lambda initial_lead, rate_gap, level_tax: (
        None if np.isnan(_by_hand(initial_lead, rate_gap, level_tax)) else _by_hand(initial_lead, rate_gap, level_tax))
    assert ex.check_taxed_crossing(with_none).passed
