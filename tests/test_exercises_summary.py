"""Chapter 15's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, and every declared mistake is rejected
with the feedback that points at it. Each reference answer combines two or more chapters'
models, and the tests recompute it independently."""

import numpy as np
import pytest

import acslib
from acslib import data, governance, risk, tax
from acslib.checking import format_value
from acslib.exercises import summary as ex

NUMERIC = [
    (ex.check_failure_within_decade, ex.FAILURE),
    (ex.check_evaluations_per_year, ex.CADENCE),
    (ex.check_tax_delay_on_trend, ex.DELAY),
]
IDS = [answer.exercise for _, answer in NUMERIC]
SOLUTION_VALUES = {"Exercise 15.1": 0.24, "Exercise 15.2": 0.69, "Exercise 15.4": 0.58}
MISTAKES = {
    "Exercise 15.1": [(0.181, "constant hazard"), (0.280, "cumulative hazard"), (1.0, "initial gap")],
    "Exercise 15.2": [(1.45, "interval between evaluations"), (1.79, "every doubling"),
                      (0.839, "training compute")],
    "Exercise 15.4": [(0.288, "whole rate"), (0.484, "-ln(0.7)")],
}


def _trend():
    horizons = data.metr_horizons()
    return acslib.fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"])


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer):
    expected = answer.value()
    assert checker(expected).passed
    assert checker(float(format_value(expected, answer.precision))).passed
    assert checker(SOLUTION_VALUES[answer.exercise]).passed


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
        assert value == pytest.approx(typed, rel=0.01)
        result = checker(value)
        assert not result.passed and words in result.message and feedback in result.message
        echo = result.message.replace(format_value(value, answer.precision), "")
        assert format_value(answer.value(), answer.precision) not in echo


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_missing_and_junk_answers(checker, answer):
    assert checker(None).status == "missing"
    for junk in ("0.2", [answer.value()], float("nan"), float("inf"), True):
        assert not checker(junk).passed


def test_reference_answers_combine_the_chapters_models():
    # 15.1: Chapter 1's exponentials, Chapter 3's closed form for the exponential hazard.
    closed = risk.failure_probability_exponential_hazard(10.0, -np.log(10.0), np.log(1.5), 0.02, 1.0)
    assert ex.FAILURE.value() == pytest.approx(float(closed), rel=1e-6)
    assert ex.FAILURE.value() == pytest.approx(1 - np.exp(-0.002 * (1.5**10 - 1) / np.log(1.5)), rel=1e-6)
    # 15.2: Chapter 2's fit, Chapter 6's cadence, ln g / ln 6.
    assert ex.CADENCE.value() == pytest.approx(np.log(_trend().annual_factor) / np.log(6.0))
    assert ex.CADENCE.value() == pytest.approx(float(governance.evaluations_per_year(_trend().annual_factor, 6.0)))
    # 15.4: Chapter 13's delay against half of Chapter 2's rate.
    assert ex.DELAY.value() == pytest.approx(-np.log(0.7) / (_trend().rate / 2))
    assert ex.DELAY.value() == pytest.approx(float(tax.tax_delay(0.3, _trend().rate / 2)))


def _audit_hours(year, failure_rate, confidence):
    return acslib.audit_sample_size(failure_rate, confidence) * float(_trend().predict(year)) / 60.0


def test_function_checker_passes_the_solution_and_rejects_common_mistakes():
    assert ex.check_audit_hours_function(_audit_hours).passed
    in_minutes = lambda year, failure_rate, confidence: 60.0 * _audit_hours(year, failure_rate, confidence)  # noqa: E731
    rule_of_three = lambda year, failure_rate, confidence: (3 / failure_rate) * float(_trend().predict(year)) / 60  # noqa: E731
    for wrong in (in_minutes, rule_of_three):
        feedback = ex.check_audit_hours_function(wrong)
        assert not feedback.passed and "should return" in feedback.message
    assert ex.check_audit_hours_function(None).status == "missing"
