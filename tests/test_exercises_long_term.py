"""Chapter 14's exercise checkers: the right answer and the solution's printed value pass,
values just outside the stated precision fail, and every declared mistake is rejected
with the feedback that points at it."""

import numpy as np
import pytest
from scipy import stats

from acslib import hidden_failures, monitoring, shift
from acslib.checking import format_value
from acslib.exercises import long_term as ex

NUMERIC = [
    (ex.check_predicted_v2_accuracy, ex.PREDICTED_V2),
    (ex.check_effective_robustness_imagenet11k, ex.EFFECTIVE_ROBUSTNESS),
    (ex.check_deployment_bound, ex.DEPLOYMENT_BOUND),
    (ex.check_generations_until_vacuous, ex.GENERATIONS),
    (ex.check_smallest_detectable_rate, ex.SMALLEST_RATE),
]
IDS = [answer.exercise for _, answer in NUMERIC]

#: The value each solution prints (or states), which must pass.
SOLUTION_VALUES = {"Exercise 14.1": 89.6, "Exercise 14.2": 2.01, "Exercise 14.3": 11_500,
                   "Exercise 14.4": 3, "Exercise 14.6": 0.0053}

#: The mistakes each checker must recognise: (approximate value, words its feedback must contain).
MISTAKES = {
    "Exercise 14.1": [(85.2, "straight line fitted to the accuracies"), (90.3, "logit line"),
                      (1.26, "probit units"), (0.896, "fraction")],
    "Exercise 14.2": [(10.05, "raw accuracy drop"), (-2.01, "check the sign"), (0.0201, "fraction")],
    "Exercise 14.3": [(7489, "95% bound"), (7500, "rule of three"), (2.30e-4, "multiply by the deployment size")],
    "Exercise 14.4": [(2, "still below"), (4, "one too many")],
    "Exercise 14.6": [(0.00343, "95% probability"), (0.280, "convert the hours to minutes")],
}


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer):
    expected = answer.value()
    assert checker(expected).passed
    assert checker(float(format_value(expected, answer.precision))).passed
    assert checker(np.float64(expected)).passed
    assert checker(SOLUTION_VALUES[answer.exercise]).passed


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_values_just_outside_the_precision_fail(checker, answer):
    expected = answer.value()
    # A whole-number answer has no tolerance: step to the non-integers on either side.
    step = answer.precision.tolerance(expected) or 0.5
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
        assert value == pytest.approx(typed, rel=0.01, abs=0.006)
        result = checker(value)
        assert not result.passed and words in result.message and feedback in result.message
        echo = result.message.replace(format_value(value, answer.precision), "")
        assert format_value(answer.value(), answer.precision) not in echo


@pytest.mark.parametrize("checker,answer", NUMERIC, ids=IDS)
def test_missing_and_junk_answers(checker, answer):
    assert checker(None).status == "missing"
    for junk in ("12", [answer.value()], float("nan"), float("inf"), True):
        assert not checker(junk).passed


def test_expected_values_come_from_the_models():
    table = shift.imagenet_v2_results()
    standard = table["model_type"] == "standard"
    line = shift.fit_probit_line(table["imagenet"][standard], table["imagenet_v2"][standard])
    assert ex.PREDICTED_V2.value() == pytest.approx(100 * stats.norm.cdf(line.slope * stats.norm.ppf(0.95)
                                                                         + line.intercept))
    i = int(np.flatnonzero(table["model"] == "resnet152-imagenet11k")[0])
    assert (table["imagenet"][i], table["imagenet_v2"][i]) == (pytest.approx(0.76184), pytest.approx(0.6613))
    assert ex.DEPLOYMENT_BOUND.value() == pytest.approx(5e7 * (1 - 0.01 ** (1 / 20_000)))
    assert hidden_failures.transferred_bound(3_000, 3.0, 2) < 0.01 < hidden_failures.transferred_bound(3_000, 3.0, 3)
    assert ex.SMALLEST_RATE.value() == pytest.approx(monitoring.failure_rate_upper_bound(0, 873, 0.99))


def _wrong_linear(id_accuracy, ood_accuracy, baseline_id, baseline_ood):
    slope, intercept = np.polyfit(baseline_id, baseline_ood, 1)
    return np.asarray(ood_accuracy) - (slope * np.asarray(id_accuracy) + intercept)


def _wrong_probit_units(id_accuracy, ood_accuracy, baseline_id, baseline_ood):
    slope, intercept = np.polyfit(stats.norm.ppf(baseline_id), stats.norm.ppf(baseline_ood), 1)
    return stats.norm.ppf(ood_accuracy) - (slope * stats.norm.ppf(id_accuracy) + intercept)


def _wrong_sign(id_accuracy, ood_accuracy, baseline_id, baseline_ood):
    return -shift.effective_robustness(id_accuracy, ood_accuracy, baseline_id, baseline_ood)


def _right(id_accuracy, ood_accuracy, baseline_id, baseline_ood):
    slope, intercept = np.polyfit(stats.norm.ppf(baseline_id), stats.norm.ppf(baseline_ood), 1)
    return np.asarray(ood_accuracy) - stats.norm.cdf(slope * stats.norm.ppf(np.asarray(id_accuracy)) + intercept)


def test_function_checker_passes_the_solution_and_rejects_common_mistakes():
    assert ex.check_effective_robustness_function(_right).passed
    for wrong in (_wrong_linear, _wrong_probit_units, _wrong_sign):
        feedback = ex.check_effective_robustness_function(wrong)
        assert not feedback.passed and "should return" in feedback.message
    assert ex.check_effective_robustness_function(None).status == "missing"
    assert not ex.check_effective_robustness_function(lambda a, b: 0.0).passed
