"""Tests for acslib.digits: a real classifier on real data (Chapter 4, *A real classifier*)."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from acslib.calibration import expected_calibration_error, fit_temperature, top_label_confidence  # noqa: E402
from acslib.digits import N_IMAGES, digits_logits, digits_recalibration  # noqa: E402
from acslib.montecarlo import seed_band  # noqa: E402
from badinput import assert_raises_naming, assert_rejects  # noqa: E402


def test_split_sizes_and_labels():
    logits = digits_logits(seed=0)
    sizes = logits.calibration_logits.shape[0] + logits.test_logits.shape[0]
    assert logits.test_logits.shape == (450, 10) and logits.calibration_logits.shape == (449, 10)
    assert sizes + 898 == N_IMAGES == 1797
    # stratified: every digit appears in the test quarter, about 45 times each
    counts = np.bincount(logits.test_labels, minlength=10)
    assert counts.min() >= 40 and counts.max() <= 50
    assert logits.iterations < 5000  # L-BFGS converged
    assert logits.train_accuracy > 0.97


def test_seeded_and_cached_but_read_only():
    first, again = digits_logits(seed=3), digits_logits(seed=3)
    np.testing.assert_array_equal(first.test_logits, again.test_logits)
    assert not np.array_equal(first.test_logits[:5], digits_logits(seed=4).test_logits[:5])
    with pytest.raises(ValueError):
        first.test_logits[0, 0] = 0.0


def test_default_model_is_underconfident_and_temperature_scaling_fixes_it():
    # The chapter's claim, as a seed band over splits: T < 1 on every split, the ECE falls by more than
    # half, the NLL falls, and the accuracy is the same before and after by construction.
    band = seed_band(digits_recalibration, seeds=5)
    temperature, accuracy, before, after, nll_before, nll_after = band.values.T
    assert (temperature < 1).all()
    assert (after < 0.5 * before).all()
    assert (nll_after < nll_before).all()
    assert 0.93 < accuracy.mean() < 0.99


def test_weak_penalty_turns_the_model_overconfident():
    temperatures = [digits_recalibration(seed=s, inverse_regularisation=100).temperature for s in range(3)]
    assert np.mean(temperatures) > 1


def test_recalibration_agrees_with_the_calibration_module():
    logits = digits_logits(seed=1)
    result = digits_recalibration(seed=1)
    t = fit_temperature(logits.calibration_logits, logits.calibration_labels)
    assert result.temperature == pytest.approx(t)
    confidence, correct = top_label_confidence(logits.test_logits, logits.test_labels, t)
    assert result.ece_after == pytest.approx(expected_calibration_error(confidence, correct))
    assert result.accuracy == pytest.approx(correct.mean())


def test_bad_input_rejected():
    assert_rejects(digits_logits, dict(seed=0, inverse_regularisation=1.0), "inverse_regularisation",
                   negative=True, zero=True, extra=[1e-4, 1e4])
    assert_raises_naming(digits_logits, dict(seed=-1), "seed")
    assert_rejects(digits_recalibration, dict(seed=0, n_bins=15), "n_bins", negative=True, zero=True,
                   extra=[2.5, 10**6])
    with pytest.raises(TypeError, match="inverse_regularisation"):
        digits_logits(seed=0, inverse_regularisation="strong")
