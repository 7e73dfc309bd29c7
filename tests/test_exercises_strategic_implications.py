"""Chapter 12 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, and values just outside the precision fail."""

import numpy as np
import pytest

from acslib import gating
from acslib.exercises import strategic_implications as ex

NUMERIC = [
    (ex.check_alignment_share, ex.ALIGNMENT_SHARE, 0.59),
    (ex.check_tasks_per_round, ex.TASKS, 920),
    (ex.check_reviewers, ex.REVIEWERS, 23),
    (ex.check_unlock_year, ex.UNLOCK_YEAR, 9.2),
]
MISTAKES = {
    "Exercise 12.1": [(0.55, "exponent"), (1.44, "ratio"), (0.41, "capability share")],
    "Exercise 12.2": [(922, "approximation"), (919, "round up")],
    "Exercise 12.3": [(19, "100% utilisation"), (16, "pairs"), (22, "round up")],
    "Exercise 12.4": [(3.0, "shrinks exponentially"), (4.0, "natural logarithm"), (1.8, "improvement rate")],
}


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    step = max(answer.precision.tolerance(answer.value()), 0.5)
    assert not checker(answer.value() + 2 * step).passed and not checker(answer.value() - 2 * step).passed


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    for value, phrase in MISTAKES[answer.exercise]:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)


def test_whole_number_answers_reject_fractions():
    assert not ex.check_tasks_per_round(920.5).passed
    assert not ex.check_reviewers(22.8).passed


def test_gate_checker():
    assert ex.check_gate(lambda scheduled, measured, bars: gating.gated_levels(scheduled, measured, bars)).passed

    def student(scheduled, measured, bars):
        allowed = (np.asarray(measured)[:, None] >= np.asarray(bars)).sum(axis=1) - 1
        return np.minimum(scheduled, allowed)

    assert ex.check_gate(student).passed
    ungated = ex.check_gate(lambda scheduled, measured, bars: np.asarray(scheduled))
    assert not ungated.passed and "should return" in ungated.message
    assert ex.check_gate(None).status == "missing"
