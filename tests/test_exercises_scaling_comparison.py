"""Chapter 8's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, every declared mistake is rejected with the
feedback that points at it, and the function checker catches wrong implementations."""

import numpy as np
import pytest

from acslib import composite
from acslib.checking import format_value
from acslib.exercises import scaling_comparison as ex

NUMERIC = [
    (ex.check_independent_layers, ex.INDEPENDENT_LAYERS),
    (ex.check_correlated_layers, ex.CORRELATED_LAYERS),
    (ex.check_capability_doubling, ex.CAPABILITY_DOUBLING),
    (ex.check_neglected_crossing, ex.NEGLECTED_CROSSING),
]
IDS = [answer.exercise for _, answer in NUMERIC]

# The common mistakes, typed independently of the checkers, with a phrase of their feedback.
MISTAKES = {
    "Exercise 8.1": [(0.65, "added the probabilities"), (0.05, "most reliable layer alone"),
                     (1 - 0.8 * 0.9 * 0.7 * 0.95, "at least one layer fails"),
                     (0.8 * 0.9 * 0.7 * 0.95, "no layer fails")],
    "Exercise 8.2": [(0.15 ** 4, "independent product"), (0.15, "a single layer"),
                     (None, "factor loading"), (None, "three layers")],
    "Exercise 8.3": [(16.0, "2^4"), (1.6, "for one layer"), (2.0, "every layer at once"),
                     (0.4 ** 4 - 0.25 ** 4, "change in probability")],
    "Exercise 8.4": [(np.log(6) / 0.9, "frozen"), (np.log10(6) / 0.55, "log10"),
                     (np.log(6) / 0.35, "monitoring's rate"), (6 / 0.55, "ratio")],
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
    assert ex.INDEPENDENT_LAYERS.value() == pytest.approx(0.2 * 0.1 * 0.3 * 0.05)
    assert ex.CORRELATED_LAYERS.value() == pytest.approx(
        float(composite.layered_failure_probability([0.15] * 4, 0.5)))
    assert ex.CAPABILITY_DOUBLING.value() == pytest.approx(1.6 ** 4)
    assert ex.NEGLECTED_CROSSING.value() == pytest.approx(np.log(6) / 0.55)


def _student(levels, capability):
    p = capability / (capability + np.asarray(levels, dtype=float))
    return float(capability * (1 - np.prod(p)) / np.prod(p))


def test_layered_level_checker():
    assert ex.check_independent_layered_level(_student).passed
    # Forgetting the "- 1": A = C / P.
    wrong = ex.check_independent_layered_level(lambda levels, capability: capability / np.prod(
        capability / (capability + np.asarray(levels, dtype=float))))
    assert not wrong.passed and "should return" in wrong.message
    # The strongest layer alone (fully correlated layers).
    assert not ex.check_independent_layered_level(lambda levels, capability: float(np.max(levels))).passed
    # The average of the levels.
    assert not ex.check_independent_layered_level(lambda levels, capability: float(np.mean(levels))).passed

    def template(levels, capability):
        """Not written yet."""
        ...

    assert ex.check_independent_layered_level(template).status == "missing"
    assert ex.check_independent_layered_level(None).status == "missing"
    assert not ex.check_independent_layered_level(lambda levels: 1.0).passed
