"""Chapter 4 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, values just outside the precision fail, junk is junk,
and the ECE function checker tells the bin conventions apart (issue 10, Exercise 4.3)."""

import numpy as np
import pytest

from acslib import adversarial, interpretability
from acslib.calibration import expected_calibration_error
from acslib.exercises import technical_oversight as ex

NUMERIC = [
    (ex.check_ece_by_hand, ex.ECE_BY_HAND, 0.200),
    (ex.check_budget_for_95, ex.BUDGET_FOR_95, 174_000),
    (ex.check_temperature_for_half, ex.TEMPERATURE_FOR_HALF, 4.33),
    (ex.check_dimensions_per_feature, ex.DIMENSIONS_PER_FEATURE, 0.478),
    (ex.check_probe_limit, ex.PROBE_LIMIT, 0.81),
]
#: Each exercise's common mistakes: (value a student would type, a phrase its feedback must hold).
MISTAKES = {
    "Exercise 4.1": [(20.0, "percentage"), (0.192, "averages the two bins"), (0.383, "without weighting"),
                     (0.08, "cancel")],
    "Exercise 4.2": [(1_880_000, "base 10"), (187_000, "1 − 0.95"), (4.38, "power b"), (1.56, "5% success"),
                     (68.2, "N^b")],
    "Exercise 4.4": [(9.97, "base 10"), (0.231, "1/T"), (2.73, "e^(3/T) = 3")],
    "Exercise 4.6": [(2.09, "features per dimension"), (0.500, "fifth feature"), (0.978, "Frobenius norm"),
                     (1.20, "n = 5")],
    "Exercise 4.7": [(0.96, "Φ(1/σ)"), (0.94, "variance"), (0.57, "dense case"), (0.19, "error rate"),
                     (81.0, "percentage")],
}
JUNK = ["0.2", [0.2, 0.3], np.array([0.2]), True, float("nan"), float("inf"), {"answer": 0.2}]


def _ids(items):
    return [answer.exercise for _, answer, _ in items]


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=_ids(NUMERIC))
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    step = answer.precision.tolerance(answer.value())
    assert not checker(answer.value() + 3 * step).passed and not checker(answer.value() - 3 * step).passed


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=_ids(NUMERIC))
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    listed = MISTAKES[answer.exercise]
    assert len(listed) == len(answer.mistakes), "every declared mistake is tested"
    for value, phrase in listed:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=_ids(NUMERIC))
def test_junk_is_reported_as_junk_and_none_as_missing(checker, answer, printed):
    assert checker(None).status == "missing"
    for junk in JUNK:
        feedback = checker(junk)
        assert not feedback.passed and feedback.status == "fail", junk
        assert "too high" not in feedback.message and "too low" not in feedback.message, feedback.message


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=_ids(NUMERIC))
def test_feedback_never_states_the_expected_value(checker, answer, printed):
    shown = answer.precision.format(answer.value())
    for value, _ in MISTAKES[answer.exercise]:
        assert shown not in checker(value).message
    assert shown not in checker(answer.value() * 3).message


def test_expected_values_come_from_the_formulas():
    assert ex.ECE_BY_HAND.value() == pytest.approx(0.6 * (0.9 - 4 / 6) + 0.4 * (0.75 - 0.6))
    n = ex.BUDGET_FOR_95.value()
    assert float(adversarial.bon_attack_success(n, 3.5, 0.35)) == pytest.approx(0.95)
    t = ex.TEMPERATURE_FOR_HALF.value()
    assert np.exp(3 / t) / (np.exp(3 / t) + 2) == pytest.approx(0.5)
    assert ex.DIMENSIONS_PER_FEATURE.value() == pytest.approx(2 / 4.18)
    assert int(interpretability.features_represented(np.array(ex.EXERCISE_WEIGHTS))) == 4
    sigma = np.sqrt(0.01 * 0.99 * 8191 / 256)
    from scipy.stats import norm

    assert ex.PROBE_LIMIT.value() == pytest.approx(norm.cdf(1 / (2 * sigma)))


def test_docstring_examples_show_no_answer():
    for checker, answer, _ in NUMERIC:
        assert answer.precision.format(answer.value()) not in (checker.__doc__ or "")


# ---------------------------------------------------------------- Exercise 4.3: the ECE function
def _ece_with_index(index_of):
    def ece(confidence, correct, n_bins):
        confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
        index = index_of(confidence, n_bins)
        total = np.bincount(index, minlength=n_bins).sum()
        gap = np.bincount(index, weights=correct, minlength=n_bins) - np.bincount(index, weights=confidence,
                                                                                   minlength=n_bins)
        return float(np.abs(gap).sum() / total)
    return ece


right_closed = _ece_with_index(lambda c, m: np.clip(np.ceil(c * m).astype(int) - 1, 0, m - 1))
floor_binning = _ece_with_index(lambda c, m: np.minimum(np.floor(c * m).astype(int), m - 1))
digitize_default = _ece_with_index(lambda c, m: np.digitize(c, np.linspace(0, 1, m + 1)[1:-1]))
ceil_without_clip = _ece_with_index(lambda c, m: np.ceil(c * m).astype(int) - 1)


def histogram_binning(confidence, correct, n_bins):
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    edges = np.linspace(0, 1, n_bins + 1)
    count, _ = np.histogram(confidence, edges)
    confidence_sum, _ = np.histogram(confidence, edges, weights=confidence)
    correct_sum, _ = np.histogram(confidence, edges, weights=correct)
    return float(np.abs(correct_sum - confidence_sum).sum() / count.sum())


def unweighted_bins(confidence, correct, n_bins):
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    index = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)
    gaps = [abs(correct[index == k].mean() - confidence[index == k].mean()) for k in np.unique(index)]
    return float(np.mean(gaps))


def signed_gaps(confidence, correct, n_bins):
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    index = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)
    gap = np.bincount(index, weights=correct - confidence, minlength=n_bins)
    return float(abs(gap.sum()) / confidence.size)


def test_right_implementations_pass():
    assert ex.check_ece_function(expected_calibration_error).passed
    assert ex.check_ece_function(right_closed).passed

    def loop(confidence, correct, n_bins):
        total = 0.0
        for k in range(n_bins):
            inside = [(c, y) for c, y in zip(confidence, correct)
                      if k / n_bins < c <= (k + 1) / n_bins or (k == 0 and c == 0)]
            if inside:
                total += abs(sum(y for _, y in inside) - sum(c for c, _ in inside))
        return total / len(confidence)

    assert ex.check_ece_function(loop).passed


def test_the_boundary_case_tells_the_bin_conventions_apart():
    # Regression (issue 10): the old boundary case [0.5, 0.5, 1.0] with two bins gave ECE 0 under
    # both conventions, so floor binning passed. The new one must separate them.
    boundary = ex.ece_cases()[1]
    assert boundary["n_bins"] == 2 and 0.5 in boundary["confidence"]
    assert floor_binning(**boundary) != pytest.approx(expected_calibration_error(**boundary))
    assert right_closed(**boundary) == pytest.approx(expected_calibration_error(**boundary))
    # and the old case, kept out of the list, indeed could not tell them apart
    old = dict(confidence=np.array([0.5, 0.5, 1.0]), correct=np.array([1.0, 0.0, 1.0]), n_bins=2)
    assert floor_binning(**old) == pytest.approx(expected_calibration_error(**old)) == 0.0


@pytest.mark.parametrize("wrong,phrase", [
    (floor_binning, "n_bins=2"),
    (digitize_default, "n_bins=2"),
    (histogram_binning, "n_bins=2"),
    (ceil_without_clip, "raised ValueError"),
    (unweighted_bins, "should return"),
    (signed_gaps, "should return"),
], ids=["floor", "digitize", "histogram", "no-clip", "unweighted", "signed"])
def test_common_wrong_ece_functions_fail_with_pointed_feedback(wrong, phrase):
    feedback = ex.check_ece_function(wrong)
    assert not feedback.passed and phrase in feedback.message, feedback.message
    if wrong in (floor_binning, digitize_default, histogram_binning):
        assert "closed on the right" in feedback.message  # the hint that names the boundary


def test_ece_checker_junk_and_template():
    assert ex.check_ece_function(None).status == "missing"

    def template(confidence, correct, n_bins):
        ...

    assert ex.check_ece_function(template).status == "missing"
    assert "expected a function" in ex.check_ece_function(0.2).message
    none = ex.check_ece_function(lambda confidence, correct, n_bins: None)
    assert not none.passed and "returned None" in none.message
    wrong_names = ex.check_ece_function(lambda conf, corr, bins: 0.0)
    assert not wrong_names.passed and "parameter names" in wrong_names.message
