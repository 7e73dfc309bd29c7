"""Tests for acslib.calibration (Chapter 4, *Calibration tracking*)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acslib.calibration import (
    expected_calibration_error,
    fit_temperature,
    negative_log_likelihood,
    reliability_curve,
    softmax,
    synthetic_logits,
    top_label_confidence,
)
from badinput import assert_raises_naming, assert_rejects


# ---------------------------------------------------------------- ECE, hand-made cases
def test_ece_single_bin_by_hand():
    # 90% confident, right 3 times in 4: |0.75 - 0.9| = 0.15
    assert expected_calibration_error([0.9] * 4, [1, 1, 1, 0]) == pytest.approx(0.15)


def test_ece_two_bins_by_hand():
    # bin (0, .5]: conf .2, acc 0 -> .2 ; bin (.5, 1]: conf .8, acc 1 -> .2 ; weights 1/2 each
    assert expected_calibration_error([0.2, 0.2, 0.8, 0.8], [0, 0, 1, 1], n_bins=2) == pytest.approx(0.2)


def test_ece_unequal_bin_weights_by_hand():
    # 15 bins. Three predictions at 0.95 (2 right) and one at 0.55 (right):
    # (3/4)|2/3 - 0.95| + (1/4)|1 - 0.55| = 0.2125 + 0.1125
    ece = expected_calibration_error([0.95, 0.95, 0.95, 0.55], [1, 1, 0, 1])
    assert ece == pytest.approx(0.75 * (0.95 - 2 / 3) + 0.25 * 0.45)


def test_ece_perfect_and_worst():
    assert expected_calibration_error([1.0, 1.0], [1, 1]) == 0.0
    assert expected_calibration_error([1.0, 1.0], [0, 0]) == 1.0
    assert expected_calibration_error([0.5, 0.5], [1, 0]) == 0.0


def test_bins_are_closed_on_the_right():
    # 0.5 falls in (0, 0.5], not in (0.5, 1]
    curve = reliability_curve([0.5, 0.0, 1.0], [1, 0, 1], n_bins=2)
    np.testing.assert_array_equal(curve.count, [2, 1])


def test_reliability_curve_values_and_empty_bins():
    curve = reliability_curve([0.05, 0.15, 0.95], [0, 1, 1], n_bins=10)
    assert curve.count.sum() == 3
    np.testing.assert_allclose(curve.edges, np.linspace(0, 1, 11))
    assert curve.mean_confidence[0] == pytest.approx(0.05)
    assert curve.accuracy[1] == 1.0
    assert np.isnan(curve.accuracy[5]) and np.isnan(curve.mean_confidence[5])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=40), st.integers(1, 20))
def test_ece_bounds_and_order_invariance(pairs, n_bins):
    confidence = np.array([p[0] for p in pairs])
    correct = np.array([p[1] for p in pairs])
    ece = expected_calibration_error(confidence, correct, n_bins)
    assert 0.0 <= ece <= 1.0
    order = np.argsort(confidence, kind="stable")[::-1]
    assert expected_calibration_error(confidence[order], correct[order], n_bins) == pytest.approx(ece)
    # ECE is never larger than the mean absolute per-sample gap (triangle inequality)
    assert ece <= np.mean(np.abs(correct - confidence)) + 1e-12


# ---------------------------------------------------------------- softmax
def test_softmax_known_values_and_stability():
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75])
    np.testing.assert_allclose(softmax([[1e6, 1e6 - np.log(3.0)]]), [[0.75, 0.25]])
    np.testing.assert_allclose(softmax([-1e6, 0.0]), [0.0, 1.0])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=8), st.floats(0.1, 10), st.floats(-100, 100))
def test_softmax_invariants(logits, temperature, shift):
    logits = np.array(logits)
    p = softmax(logits, temperature)
    assert p.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(softmax(logits + shift, temperature), p, atol=1e-12)
    np.testing.assert_allclose(softmax(logits / temperature), p, atol=1e-12)
    assert np.argmax(p) == np.argmax(softmax(logits))


# ---------------------------------------------------------------- NLL and temperature
def test_negative_log_likelihood_by_hand():
    assert negative_log_likelihood([[0.0, 0.0]], [0]) == pytest.approx(np.log(2))
    # p(label) = 3/4 -> -ln 0.75
    assert negative_log_likelihood([[0.0, np.log(3.0)]], [1]) == pytest.approx(-np.log(0.75))
    assert negative_log_likelihood([[0.0, 2 * np.log(3.0)]], [1], temperature=2.0) == pytest.approx(-np.log(0.75))


@pytest.mark.parametrize("true_temperature", [0.5, 1.0, 2.5, 4.0])
def test_fit_temperature_recovers_known_temperature(true_temperature):
    logits, labels = synthetic_logits(20_000, 10, overconfidence=true_temperature, seed=3)
    assert fit_temperature(logits, labels) == pytest.approx(true_temperature, rel=0.05)


def test_fitted_temperature_minimises_nll():
    logits, labels = synthetic_logits(5000, 5, overconfidence=2.0, seed=4)
    fitted = fit_temperature(logits, labels)
    best = negative_log_likelihood(logits, labels, fitted)
    for factor in (0.9, 1.1):
        assert negative_log_likelihood(logits, labels, fitted * factor) > best


def test_calibrated_generator_is_calibrated():
    logits, labels = synthetic_logits(40_000, 10, overconfidence=1.0, seed=5)
    confidence, correct = top_label_confidence(logits, labels)
    assert expected_calibration_error(confidence, correct) < 0.015


def test_temperature_scaling_cuts_ece_and_keeps_accuracy():
    # Guo et al. 2017 (guo2017calibration), Table 1: CIFAR-100 ResNet-110 16.53% -> 1.26%.
    # The synthetic analogue: an overconfident model's ECE falls by a large factor after
    # temperature scaling fitted on held-out data, and accuracy is unchanged.
    logits, labels = synthetic_logits(30_000, 100, overconfidence=2.5, logit_scale=1.5, seed=6)
    held_out, test = slice(0, 10_000), slice(10_000, None)
    temperature = fit_temperature(logits[held_out], labels[held_out])
    before_conf, before_correct = top_label_confidence(logits[test], labels[test])
    after_conf, after_correct = top_label_confidence(logits[test], labels[test], temperature)
    before = expected_calibration_error(before_conf, before_correct)
    after = expected_calibration_error(after_conf, after_correct)
    assert before > 0.10
    assert after < 0.02
    assert before / after > 5
    np.testing.assert_array_equal(before_correct, after_correct)
    # Kadavath et al. 2022 (kadavath2022language): one temperature, T = 2.5, fixes an
    # overconfident RLHF policy; here the fit recovers the planted 2.5.
    assert temperature == pytest.approx(2.5, rel=0.05)


def test_generator_is_seeded():
    a = synthetic_logits(50, 3, 2.0, seed=11)
    b = synthetic_logits(50, 3, 2.0, seed=11)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_top_label_confidence_by_hand():
    confidence, correct = top_label_confidence([[0.0, np.log(3.0)], [np.log(4.0), 0.0]], [1, 1])
    np.testing.assert_allclose(confidence, [0.75, 0.8])
    np.testing.assert_array_equal(correct, [1.0, 0.0])


# ---------------------------------------------------------------- bad input
LOGITS = [[0.0, 1.0], [2.0, 0.0], [0.5, 0.4]]
LABELS = [1, 0, 1]


def test_bad_input_rejected():
    assert_rejects(softmax, dict(logits=[0.0, 1.0], temperature=1.0), "logits")
    assert_rejects(softmax, dict(logits=[0.0, 1.0], temperature=1.0), "temperature", negative=True, zero=True)
    valid = dict(confidence=[0.2, 0.9], correct=[0, 1], n_bins=15)
    assert_rejects(expected_calibration_error, valid, "confidence", negative=True, extra=[[0.2, 1.5], [[0.2, 0.9]]])
    assert_rejects(expected_calibration_error, valid, "correct", extra=[[0, 2], [0.5, 1]])
    assert_rejects(expected_calibration_error, valid, "n_bins", negative=True, zero=True, extra=[2.5])
    assert_raises_naming(expected_calibration_error, dict(confidence=[0.2, 0.9], correct=[1]), "shapes")
    assert_rejects(reliability_curve, valid, "confidence", negative=True)
    assert_rejects(reliability_curve, valid, "correct")
    assert_rejects(reliability_curve, valid, "n_bins", negative=True, zero=True)
    for function in (negative_log_likelihood, top_label_confidence, fit_temperature):
        valid = dict(logits=LOGITS, labels=LABELS)
        assert_rejects(function, valid, "logits", extra=[[0.0, 1.0], [[0.0], [1.0], [2.0]]])
        assert_rejects(function, valid, "labels", negative=True, extra=[[1, 0, 2], [0.5, 0, 1], [1, 0]])
    assert_rejects(negative_log_likelihood, dict(logits=LOGITS, labels=LABELS, temperature=1.0), "temperature",
                   negative=True, zero=True)
    assert_rejects(top_label_confidence, dict(logits=LOGITS, labels=LABELS, temperature=1.0), "temperature",
                   negative=True, zero=True)
    assert_rejects(fit_temperature, dict(logits=LOGITS, labels=LABELS, bounds=(0.1, 10.0)), "bounds",
                   negative=True, extra=[(5.0, 1.0), (1.0, 2.0, 3.0)])
    valid = dict(n_samples=10, n_classes=3, overconfidence=2.0, logit_scale=1.0, seed=0)
    assert_rejects(synthetic_logits, valid, "n_samples", negative=True, zero=True, extra=[2.5])
    assert_rejects(synthetic_logits, valid, "n_classes", negative=True, extra=[1])
    assert_rejects(synthetic_logits, valid, "overconfidence", negative=True, zero=True)
    assert_rejects(synthetic_logits, valid, "logit_scale", negative=True, zero=True)
    assert_rejects(synthetic_logits, valid, "seed", negative=True, extra=[1.5, "a"])


# ---------------------------------------------------------------- the ECE of a calibrated model (noise floor)
from acslib.calibration import calibrated_ece  # noqa: E402


def test_calibrated_ece_matches_a_loop_over_draws():
    confidence = np.random.default_rng(0).uniform(0.3, 1.0, 60)
    fast = calibrated_ece(confidence, n_bins=7, n_draws=4, seed=3)
    rng = np.random.default_rng(3)
    correct = (rng.random((4, 60)) < confidence).astype(float)
    np.testing.assert_allclose(fast, [expected_calibration_error(confidence, row, 7) for row in correct])


def test_calibrated_ece_of_one_bin_is_a_binomial_deviation():
    # One bin, confidence c, n predictions: ECE = |K/n - c| with K ~ Binomial(n, c), whose mean is
    # close to sqrt(c(1-c)/n) * sqrt(2/pi) for large n.
    floor = calibrated_ece(np.full(900, 0.8), n_bins=15, n_draws=4000, seed=1)
    assert floor.mean() == pytest.approx(np.sqrt(0.8 * 0.2 / 900) * np.sqrt(2 / np.pi), rel=0.05)
    assert (floor >= 0).all()
    # more predictions, lower floor (about 1/sqrt(n))
    assert calibrated_ece(np.full(3600, 0.8), n_draws=2000, seed=2).mean() < 0.6 * floor.mean()


def test_calibrated_ece_rejects_bad_input():
    assert_rejects(calibrated_ece, dict(confidence=[0.5, 0.9], n_draws=10, seed=0), "confidence", negative=True,
                   extra=[[1.5, 0.2], [[0.5]]])
    assert_rejects(calibrated_ece, dict(confidence=[0.5, 0.9], n_draws=10, seed=0), "n_draws", negative=True,
                   zero=True, extra=[2.5, 100_001])
    assert_raises_naming(calibrated_ece, dict(confidence=np.full(1000, 0.5), n_draws=100_000), "n_draws")
