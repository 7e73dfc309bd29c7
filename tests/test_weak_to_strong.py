"""acslib.weak_to_strong: the book's weak-to-strong toy (Chapter 9).

The toy is the book's own model. These tests check its documented regime (the module
docstring): every run's naive and auxiliary PGR inside [0, 1] when the errors are 1 to 3
times as salient as the directions that carry no signal and the truth at least 1.5 times
as salient as the errors (up to the salience cap), for weak accuracy 0.7 to 0.8 and ridge
0.2 to 2 at the default sizes; the auxiliary loss helping there and hurting when the
errors are more salient; the two breaking points outside the regime; and the exact
accuracy formula the toy relies on.
"""

import numpy as np
import pytest

from acslib import weak_to_strong as w
from badinput import assert_raises_naming, assert_rejects

SEEDS = (0, 1, 2, 3)
REGIME_SEEDS = tuple(range(8))
# The corners and the centre of the documented weak-accuracy and ridge ranges.
CORNERS = [(0.7, 0.2), (0.7, 2.0), (0.8, 0.2), (0.8, 2.0), (0.75, 0.5)]


def _inside(run):
    return 0.0 <= run.naive_pgr <= 1.0 and 0.0 <= run.aux_pgr <= 1.0 and run.ceiling > run.naive > run.weak


@pytest.mark.parametrize("weak_accuracy,ridge", CORNERS)
@pytest.mark.parametrize("error_salience", [1.0, 2.0, 3.0])
@pytest.mark.parametrize("ratio", [1.5, 2.0, 4.0, 30.0])
def test_pgr_lies_in_the_unit_interval_in_the_documented_regime(weak_accuracy, ridge, error_salience, ratio):
    runs = [w.simulate_weak_to_strong(ratio * error_salience, error_salience, weak_accuracy=weak_accuracy,
                                      ridge=ridge, seed=seed) for seed in REGIME_SEEDS]
    for seed, run in zip(REGIME_SEEDS, runs):
        assert _inside(run), (seed, run)
    # ... and the auxiliary loss raises PGR on average.
    assert np.mean([r.aux_pgr for r in runs]) > np.mean([r.naive_pgr for r in runs])


@pytest.mark.parametrize("error_salience", [1.0, 3.0])
def test_pgr_stays_in_the_unit_interval_up_to_the_salience_cap(error_salience):
    for weak_accuracy, ridge in CORNERS:
        run = w.simulate_weak_to_strong(w.MAX_SALIENCE, error_salience, weak_accuracy=weak_accuracy, ridge=ridge,
                                        seed=0)
        assert _inside(run), run


def test_outside_the_regime_a_truth_less_salient_than_noise_breaks_the_auxiliary_loss():
    # S > Sv, but S < 1: the true direction is less salient than the directions with no signal.
    bands = w.pgr_bands(0.75, 0.5, seeds=4)
    assert bands["naive"].mean > 0.2
    assert bands["aux"].mean < 0.0


def test_outside_the_regime_large_saliences_leave_the_ridge_idle():
    # The same ratio S / Sv = 1.5 at ten times the scale: the penalty hardly bites and the
    # student nearly copies its supervisor.
    small = w.pgr_bands(3.0, 2.0, seeds=4, ridge=0.2)
    large = w.pgr_bands(15.0, 10.0, seeds=4, ridge=0.2)
    assert large["naive"].mean < small["naive"].mean / 3
    assert large["aux"].mean < small["aux"].mean / 3


@pytest.mark.parametrize("true_salience,error_salience", [(3.0, 2.0), (6.0, 2.0), (8.0, 3.0), (4.0, 1.0)])
def test_auxiliary_loss_helps_when_the_truth_is_more_salient(true_salience, error_salience):
    bands = w.pgr_bands(true_salience, error_salience, seeds=4)
    assert bands["aux"].mean > bands["naive"].mean + 0.1


@pytest.mark.parametrize("true_salience,error_salience", [(2.0, 3.0), (1.0, 2.0), (2.0, 4.0)])
def test_auxiliary_loss_hurts_when_the_errors_are_more_salient(true_salience, error_salience):
    bands = w.pgr_bands(true_salience, error_salience, seeds=4)
    assert bands["naive"].mean < 0
    assert bands["aux"].mean < bands["naive"].mean


@pytest.mark.parametrize("salience", [1.0, 2.0, 3.0])
def test_equal_salience_recovers_nothing_on_average(salience):
    band = w.pgr_bands(salience, salience, seeds=6)["naive"]
    assert abs(band.mean) < 0.05


def test_naive_pgr_rises_with_the_salience_of_the_truth():
    means = [w.pgr_bands(S, 2.0, seeds=4)["naive"].mean for S in (3.0, 4.0, 6.0, 8.0)]
    assert means == sorted(means)


def test_weak_accuracy_is_exact_and_runs_are_deterministic():
    run = w.simulate_weak_to_strong(4.0, 2.0, weak_accuracy=0.65, seed=5)
    assert run.weak == pytest.approx(0.65)
    assert run == w.simulate_weak_to_strong(4.0, 2.0, weak_accuracy=0.65, seed=5)
    assert 1 <= run.aux_rounds <= w.MAX_ROUNDS
    assert w.weak_to_strong_pgr(4.0, 2.0, method="aux", weak_accuracy=0.65, seed=5) == pytest.approx(run.aux_pgr)


def test_accuracy_is_the_angle_formula():
    scales = np.array([2.0, 1.0, 1.0])
    assert w._accuracy(np.array([1.0, 0.0, 0.0]), scales) == 1.0
    assert w._accuracy(np.array([0.0, 1.0, 0.0]), scales) == pytest.approx(0.5)
    # A rule at 45 degrees to the truth in latent space agrees with it 3/4 of the time.
    assert w._accuracy(np.array([0.5, 1.0, 0.0]), scales) == pytest.approx(0.75)
    rng = np.random.default_rng(0)
    z = rng.standard_normal((200_000, 3))
    beta = np.array([0.3, -0.8, 0.2])
    agreement = np.mean(((z * scales) @ beta > 0) == (z[:, 0] > 0))
    assert agreement == pytest.approx(w._accuracy(beta, scales), abs=0.005)


def test_grid_and_settings_line():
    grid = w.pgr_grid((3.0, 6.0), (1.0, 2.0), seeds=2)
    assert list(grid) == [(3.0, 1.0), (6.0, 1.0), (3.0, 2.0), (6.0, 2.0)]
    assert set(grid[(3.0, 1.0)]) == {"naive", "aux"}
    assert w.describe_settings(8, ridge=2.0) == ("weak_accuracy 0.7, ridge 2, aux_weight 0.75, n_train 1,000, "
                                                 "n_features 20, seeds 0-7")
    assert w.describe_settings([3, 5]).endswith("seeds 3, 5")


def test_bad_inputs_are_rejected_naming_the_parameter():
    valid = dict(true_salience=4.0, error_salience=2.0, seed=0)
    assert_rejects(w.simulate_weak_to_strong, valid, "true_salience", negative=True, zero=True)
    assert_rejects(w.simulate_weak_to_strong, valid, "error_salience", negative=True, zero=True)
    assert_rejects(w.simulate_weak_to_strong, {**valid, "weak_accuracy": 0.7}, "weak_accuracy", extra=[0.5, 1.0, 0.2])
    assert_rejects(w.simulate_weak_to_strong, {**valid, "ridge": 0.5}, "ridge", negative=True, zero=True)
    assert_rejects(w.simulate_weak_to_strong, {**valid, "aux_weight": 0.75}, "aux_weight", extra=[0.0, 1.0])
    assert_rejects(w.simulate_weak_to_strong, {**valid, "n_train": 200}, "n_train", negative=True, zero=True,
                   extra=[5, 2.5, w.MAX_TRAIN + 1])
    assert_rejects(w.simulate_weak_to_strong, {**valid, "n_features": 5}, "n_features", negative=True,
                   extra=[1, w.MAX_FEATURES + 1])
    assert_raises_naming(w.simulate_weak_to_strong, {**valid, "n_train": 100_000, "n_features": 1000}, "n_train")
    assert_raises_naming(w.simulate_weak_to_strong, {**valid, "seed": -1}, "seed")
    assert_raises_naming(w.weak_to_strong_pgr, {**valid, "method": "best"}, "method")
    assert_raises_naming(w.pgr_grid, dict(true_saliences=3.0, error_saliences=(1.0,)), "true_saliences")
    assert_raises_naming(w.pgr_grid, dict(true_saliences=(), error_saliences=(1.0,)), "true_saliences")
    with pytest.raises(TypeError, match="true_salience"):
        w.simulate_weak_to_strong(True, 2.0)
    with pytest.raises(TypeError, match="n_train"):
        w.simulate_weak_to_strong(4.0, 2.0, n_train="1000")
