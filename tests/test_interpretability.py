"""Tests for acslib.interpretability (Chapter 4, *Mechanistic interpretability*)."""

import numpy as np
import pytest

from acslib.interpretability import (
    dimensions_per_feature,
    feature_dimensionality,
    feature_importance,
    feature_norms,
    features_represented,
    interference_matrix,
    planted_feature_activations,
    planted_probe_accuracy,
    probe_accuracy,
    sample_sparse_features,
    toy_model_forward,
    toy_model_gradients,
    toy_model_loss,
    train_logistic_probe,
    train_toy_model,
)
from badinput import assert_raises_naming, assert_rejects


# ---------------------------------------------------------------- the toy model (elhage2022toy)
def test_more_features_represented_when_sparse():
    # Elhage et al. 2022: dense features get at most m dimensions; sparse ones go into
    # superposition. n = 20, m = 5, importance 0.7^i, fixed seed, short training.
    model = train_toy_model(20, 5, sparsity=[0.0, 0.95], importance_decay=0.7, steps=800, seed=0,
                            batch_size=256, learning_rate=5e-3)
    dense, sparse = features_represented(model.weights)
    assert dense <= 5
    assert sparse > 5
    assert sparse > dense
    dense_d, sparse_d = dimensions_per_feature(model.weights)
    assert dense_d == pytest.approx(1.0, abs=0.1)  # one dimension per feature
    assert sparse_d < 0.7  # several features share each dimension


def test_dense_model_keeps_the_most_important_features():
    model = train_toy_model(8, 3, sparsity=0.0, importance_decay=0.6, steps=2000, seed=1,
                            batch_size=256, learning_rate=5e-3)
    norms = feature_norms(model.weights)
    assert set(np.flatnonzero(norms > 0.5)) == {0, 1, 2}
    # a dropped feature is best guessed by its mean, E[U(0, 1)] = 1/2, through the bias
    np.testing.assert_allclose(model.bias[3:], 0.5, atol=0.03)


def test_training_reduces_loss_and_is_seeded():
    importance = feature_importance(10, 0.8)
    x = sample_sparse_features(2000, 10, 0.8, seed=5)
    untrained = train_toy_model(10, 3, 0.8, 0.8, steps=1, seed=2, learning_rate=1e-12)
    trained = train_toy_model(10, 3, 0.8, 0.8, steps=400, seed=2, learning_rate=5e-3)
    assert toy_model_loss(*trained, x, importance) < 0.5 * toy_model_loss(*untrained, x, importance)
    again = train_toy_model(10, 3, 0.8, 0.8, steps=400, seed=2, learning_rate=5e-3)
    np.testing.assert_array_equal(trained.weights, again.weights)


def test_vectorised_training_shapes():
    model = train_toy_model(6, 2, sparsity=[0.0, 0.5, 0.9], importance_decay=1.0, steps=5, seed=0)
    assert model.weights.shape == (3, 2, 6) and model.bias.shape == (3, 6)
    assert features_represented(model.weights).shape == (3,)


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    weights, bias = rng.normal(size=(3, 7)), rng.normal(scale=0.1, size=7)
    x = sample_sparse_features(64, 7, 0.5, seed=1)
    importance = feature_importance(7, 0.9)
    grad_weights, grad_bias = toy_model_gradients(weights, bias, x, importance)
    step = 1e-6
    for index in [(0, 0), (1, 3), (2, 6)]:
        plus, minus = weights.copy(), weights.copy()
        plus[index] += step
        minus[index] -= step
        numeric = (toy_model_loss(plus, bias, x, importance) - toy_model_loss(minus, bias, x, importance)) / (2 * step)
        assert grad_weights[index] == pytest.approx(numeric, rel=1e-4, abs=1e-8)
    for index in (0, 4):
        plus, minus = bias.copy(), bias.copy()
        plus[index] += step
        minus[index] -= step
        numeric = (toy_model_loss(weights, plus, x, importance) - toy_model_loss(weights, minus, x, importance)) / (2 * step)
        assert grad_bias[index] == pytest.approx(numeric, rel=1e-4, abs=1e-8)


def test_forward_and_loss_by_hand():
    # W = identity: x' = ReLU(x) = x, so the loss is 0
    x = np.array([[0.3, 0.0, 0.9]])
    np.testing.assert_allclose(toy_model_forward(np.eye(3), np.zeros(3), x), x)
    assert toy_model_loss(np.eye(3), np.zeros(3), x, [1.0, 1.0, 1.0]) == 0.0
    # W = 0 and b = 0: x' = 0, loss = sum I_i x_i^2
    assert toy_model_loss(np.zeros((1, 3)), np.zeros(3), x, [1.0, 2.0, 0.5]) == pytest.approx(0.09 + 0.405)


def test_sparse_sampler_statistics():
    x = sample_sparse_features(20_000, 5, 0.9, seed=0)
    assert (x == 0).mean() == pytest.approx(0.9, abs=0.01)
    present = x[x > 0]
    assert present.mean() == pytest.approx(0.5, abs=0.02) and present.max() < 1.0


# ---------------------------------------------------------------- metrics by hand
def test_metrics_by_hand():
    # two antipodal features in dimension 0, one own feature in dimension 1, one dropped
    weights = np.array([[1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]])
    np.testing.assert_allclose(feature_norms(weights), [1, 1, 1, 0])
    assert int(features_represented(weights)) == 3
    assert float(dimensions_per_feature(weights)) == pytest.approx(2 / 3)
    np.testing.assert_allclose(feature_dimensionality(weights), [0.5, 0.5, 1.0, 0.0])
    gram = interference_matrix(weights)
    np.testing.assert_allclose(np.diag(gram), [1, 1, 1, 0])
    assert gram[0, 1] == -1.0 and gram[0, 2] == 0.0
    np.testing.assert_allclose(gram, gram.T)


def test_dimensionality_sums_to_at_most_m():
    # Elhage et al.: the per-feature dimensionalities add up to at most m
    weights = np.random.default_rng(3).normal(size=(4, 12))
    assert feature_dimensionality(weights).sum() <= 4 + 1e-9


# ---------------------------------------------------------------- probe
def _held_out_accuracy(n_dims, n_features, noise, seed):
    activations, labels = planted_feature_activations(4000, n_dims, n_features, noise, seed=seed)
    weights, bias = train_logistic_probe(activations[:2000], labels[:2000], steps=300)
    return probe_accuracy(weights, bias, activations[2000:], labels[2000:])


def test_probe_is_perfect_without_noise_or_superposition():
    assert _held_out_accuracy(16, 4, 0.0, seed=0) > 0.99


def test_probe_accuracy_falls_with_noise():
    low, high = _held_out_accuracy(16, 4, 0.1, 1), _held_out_accuracy(16, 4, 2.0, 1)
    assert low > 0.98 and high < 0.8


def test_probe_accuracy_falls_with_superposition():
    few, many = _held_out_accuracy(16, 8, 0.1, 2), _held_out_accuracy(16, 256, 0.1, 2)
    assert few > 0.98 and many < 0.85


def test_planted_probe_accuracy_extremes():
    accuracy = planted_probe_accuracy(16, 4, 0.0, seed=0)
    assert accuracy > 0.99
    assert 0.4 < planted_probe_accuracy(8, 512, 3.0, seed=0) < 0.65  # near chance


def test_probe_runs_to_the_optimum_of_its_objective():
    # The penalised objective's minimum found by scipy's L-BFGS (an independent optimiser).
    from scipy.optimize import minimize

    activations, labels = planted_feature_activations(2000, 16, 64, 0.5, seed=3)
    fit = train_logistic_probe(activations, labels, l2=1e-3)
    assert fit.converged and fit.steps < 50

    def objective(x):
        logits = activations @ x[:-1] + x[-1]
        return np.mean(np.logaddexp(0.0, logits) - labels * logits) + 0.5e-3 * x[:-1] @ x[:-1]

    reference = minimize(objective, np.zeros(17), method="L-BFGS-B", options=dict(gtol=1e-12, ftol=1e-15, maxiter=10_000))
    np.testing.assert_allclose(fit.weights, reference.x[:-1], atol=1e-5)
    assert fit.bias == pytest.approx(reference.x[-1], abs=1e-5)
    weights, bias = fit  # still unpacks as a pair
    assert weights is fit.weights


def test_probe_reports_a_step_limit_reached_first():
    activations, labels = planted_feature_activations(500, 8, 32, 0.5, seed=1)
    fit = train_logistic_probe(activations, labels, steps=1)
    assert fit.steps == 1 and not fit.converged


def test_probe_by_hand():
    assert probe_accuracy([1.0], 0.0, [[-1.0], [2.0], [3.0]], [0, 1, 0]) == pytest.approx(2 / 3)
    weights, bias = train_logistic_probe([[-1.0], [1.0]], [0, 1], steps=100)
    assert weights[0] > 0


# ---------------------------------------------------------------- bad input
def test_bad_input_rejected():
    valid = dict(n_features=5, n_hidden=2, sparsity=0.5, importance_decay=0.9, steps=2, seed=0)
    assert_rejects(train_toy_model, valid, "n_features", negative=True, zero=True, extra=[2.5])
    assert_rejects(train_toy_model, valid, "n_hidden", negative=True, zero=True)
    assert_rejects(train_toy_model, valid, "sparsity", negative=True, extra=[1.0, [[0.5]]])
    assert_rejects(train_toy_model, valid, "importance_decay", negative=True, zero=True, extra=[1.5])
    assert_rejects(train_toy_model, valid, "steps", negative=True, zero=True, extra=[1e308, 100_001])
    assert_rejects(train_toy_model, {**valid, "batch_size": 4}, "batch_size", negative=True, zero=True)
    assert_rejects(train_toy_model, {**valid, "learning_rate": 1e-3}, "learning_rate", negative=True, zero=True,
                   extra=[1e308, 1.5])
    assert_rejects(train_toy_model, valid, "seed", negative=True, extra=[0.5])
    assert_rejects(feature_importance, dict(n_features=3, importance_decay=0.5), "n_features", negative=True, zero=True)
    assert_rejects(feature_importance, dict(n_features=3, importance_decay=0.5), "importance_decay", negative=True, zero=True)
    valid = dict(n_samples=5, n_features=3, sparsity=0.5, seed=0)
    assert_rejects(sample_sparse_features, valid, "n_samples", negative=True, zero=True)
    assert_rejects(sample_sparse_features, valid, "n_features", negative=True, zero=True)
    assert_rejects(sample_sparse_features, valid, "sparsity", negative=True, extra=[1.0, 2.0])
    weights, bias, x = np.eye(2), np.zeros(2), [[0.5, 0.2]]
    for function, extra in ((toy_model_forward, {}), (toy_model_loss, {"importance": [1.0, 1.0]}),
                            (toy_model_gradients, {"importance": [1.0, 1.0]})):
        valid = dict(weights=weights, bias=bias, features=x, **extra)
        assert_rejects(function, valid, "weights", extra=[np.ones(2), np.ones((2, 3)), np.ones((1, 2, 2))])
        assert_rejects(function, valid, "bias", extra=[np.zeros(3)])
        assert_rejects(function, valid, "features", extra=[[[0.5, 0.2, 0.1]], [0.5, 0.2]])
        if extra:
            assert_rejects(function, valid, "importance", negative=True, extra=[[1.0]])
    for function in (feature_norms, dimensions_per_feature, feature_dimensionality, interference_matrix):
        assert_rejects(function, dict(weights=weights), "weights", extra=[[1.0, 2.0]])
    assert_rejects(features_represented, dict(weights=weights, threshold=0.5), "weights")
    assert_rejects(features_represented, dict(weights=weights, threshold=0.5), "threshold", negative=True, zero=True)
    valid = dict(n_samples=10, n_dims=3, n_features=4, noise=0.1, seed=0, active_probability=0.5)
    for name in ("n_samples", "n_dims", "n_features"):
        assert_rejects(planted_feature_activations, valid, name, negative=True, zero=True)
    assert_rejects(planted_feature_activations, valid, "noise", negative=True)
    assert_rejects(planted_feature_activations, valid, "active_probability", negative=True, zero=True, extra=[1.0])
    activations, labels = [[0.0, 1.0], [1.0, 0.0]], [0, 1]
    valid = dict(activations=activations, labels=labels, steps=5, l2=0.0, tolerance=1e-9)
    assert_rejects(train_logistic_probe, valid, "activations", extra=[[0.0, 1.0]])
    assert_rejects(train_logistic_probe, valid, "labels", extra=[[0, 2], [0, 1, 1]])
    assert_rejects(train_logistic_probe, valid, "steps", negative=True, zero=True, extra=[1e308, 1001])
    assert_rejects(train_logistic_probe, valid, "l2", negative=True, extra=[2.0])
    assert_rejects(train_logistic_probe, valid, "tolerance", negative=True, zero=True)
    valid = dict(weights=[1.0, 0.0], bias=0.0, activations=activations, labels=labels)
    assert_rejects(probe_accuracy, valid, "weights", extra=[[1.0]])
    assert_rejects(probe_accuracy, valid, "bias")
    assert_rejects(probe_accuracy, valid, "activations")
    assert_rejects(probe_accuracy, valid, "labels", extra=[[0, 3]])
    valid = dict(n_dims=4, n_features=4, noise=0.1, n_samples=20, seed=0)
    for name in ("n_dims", "n_features", "n_samples"):
        assert_rejects(planted_probe_accuracy, valid, name, negative=True, zero=True)
    assert_rejects(planted_probe_accuracy, valid, "noise", negative=True)
    assert_raises_naming(probe_accuracy, dict(weights=[1.0, 0.0], bias=0.0, activations=activations, labels=[0, 1, 1]),
                         "shapes")


# ---------------------------------------------------------------- probes under superposition (section 4.4.2)
from acslib.interpretability import (  # noqa: E402
    PROBES,
    balanced_accuracy,
    least_squares_probe,
    matched_filter_accuracy,
)


def test_balanced_accuracy_by_hand():
    # predictions: -1 -> 0, 2 -> 1, 3 -> 1, -2 -> 0; one positive (right), three negatives (two right)
    assert balanced_accuracy([1.0], 0.0, [[-1.0], [2.0], [3.0], [-2.0]], [0, 1, 0, 0]) == pytest.approx(
        0.5 * (1 + 2 / 3))
    # a probe that ignores its input is at chance whatever the share of positives
    assert balanced_accuracy([0.0], 1.0, [[0.0]] * 10, [1] + [0] * 9) == 0.5
    with pytest.raises(ValueError, match="labels"):
        balanced_accuracy([1.0], 0.0, [[1.0], [2.0]], [1, 1])


def test_planted_feature_is_balanced_and_others_sparse():
    activations, labels = planted_feature_activations(20_000, 8, 50, 0.0, seed=1, active_probability=0.02,
                                                      planted_probability=0.5)
    assert labels.mean() == pytest.approx(0.5, abs=0.01)
    # with no noise each sample is a sum of unit vectors: the squared norm is at least the number active
    # when directions are orthogonal on average; its mean is 0.5 + 49 * 0.02 ≈ 1.48 plus overlap terms
    assert (activations**2).sum(axis=1).mean() == pytest.approx(0.5 + 49 * 0.02, rel=0.1)
    same = planted_feature_activations(100, 8, 50, 0.0, seed=2, active_probability=0.3)
    explicit = planted_feature_activations(100, 8, 50, 0.0, seed=2, active_probability=0.3, planted_probability=0.3)
    np.testing.assert_array_equal(same[0], explicit[0])  # None means the same probability


def test_least_squares_probe_is_exact_without_superposition():
    # n <= m and no noise: the planted feature is an exact linear function of the activations.
    for n_features in (16, 64):
        assert planted_probe_accuracy(64, n_features, 0.0, n_samples=2000, seed=0, probe="least_squares") == 1.0
    fit = least_squares_probe(*planted_feature_activations(500, 8, 8, 0.0, seed=3, planted_probability=0.5))
    assert fit.converged and fit.steps == 1


def test_least_squares_probe_matches_numpy_lstsq():
    activations, labels = planted_feature_activations(300, 6, 20, 0.3, seed=4, planted_probability=0.5)
    weights, bias = least_squares_probe(activations, labels)
    reference = np.linalg.lstsq(np.column_stack([activations, np.ones(300)]), labels, rcond=None)[0]
    np.testing.assert_allclose(weights, reference[:-1], atol=1e-10)
    assert bias == pytest.approx(reference[-1] - 0.5)


def test_matched_filter_formula_by_hand_and_by_simulation():
    # sigma^2 = p(1-p)(n-1)/m: dense 1024 features in 64 dims gives sigma = 2.0, Phi(0.25) = 0.5987
    assert float(matched_filter_accuracy(64, 1024, 0.5)) == pytest.approx(0.59871, abs=1e-4)
    assert float(matched_filter_accuracy(64, 1, 0.5)) == 1.0  # no other feature, no noise
    assert float(matched_filter_accuracy(64, 1, 0.5, noise=1.0)) == pytest.approx(0.69146, abs=1e-4)  # Phi(0.5)
    # Monte Carlo of the matched filter itself: project on the planted direction, threshold half-way
    rng = np.random.default_rng(0)
    for n_features, p in ((1024, 0.5), (1024, 0.05), (256, 0.1)):
        directions = rng.standard_normal((n_features, 64))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        active = (rng.random((20_000, n_features)) < p).astype(float)
        active[:, 0] = rng.random(20_000) < 0.5
        score = active @ directions @ directions[0]
        threshold = 0.5 + p * (directions[1:] @ directions[0]).sum()
        positive = active[:, 0] == 1
        simulated = 0.5 * ((score[positive] > threshold).mean() + (score[~positive] <= threshold).mean())
        assert simulated == pytest.approx(float(matched_filter_accuracy(64, n_features, p)), abs=0.02)


def test_converged_probe_meets_the_real_limit_beyond_n_equals_m():
    # Far beyond n = m every linear read-out is limited by interference: the converged logistic probe and
    # least squares agree with each other and, with enough data, with the formula (issue 12: sparse
    # features are read far better than dense ones in the same dimensions).
    dense = [planted_probe_accuracy(64, 1024, 0.0, n_samples=8000, seed=s, probe=probe)
             for s in range(3) for probe in PROBES]
    sparse = [planted_probe_accuracy(64, 1024, 0.0, n_samples=4000, seed=s, active_probability=0.01)
              for s in range(3)]
    assert np.mean(dense) == pytest.approx(float(matched_filter_accuracy(64, 1024, 0.5)), abs=0.02)
    assert np.mean(sparse) == pytest.approx(float(matched_filter_accuracy(64, 1024, 0.01)), abs=0.02)
    assert np.mean(sparse) > np.mean(dense) + 0.25


def test_probe_penalty_not_optimiser_explains_the_shortfall_at_n_equals_m():
    # converged with l2 = 1e-3: short of 100%; the same probe with a weaker penalty gets there
    default = [planted_probe_accuracy(64, 64, 0.0, n_samples=2000, seed=s) for s in range(3)]
    weak = [planted_probe_accuracy(64, 64, 0.0, n_samples=2000, seed=s, l2=1e-6) for s in range(3)]
    assert np.mean(default) < 0.99 < np.mean(weak)
    activations, labels = planted_feature_activations(2000, 64, 64, 0.0, seed=0, planted_probability=0.5)
    assert train_logistic_probe(activations[:1000], labels[:1000]).converged


def test_probe_options_rejected():
    valid = dict(n_dims=8, n_features=16, noise=0.5, n_samples=200, seed=0)
    assert_raises_naming(planted_probe_accuracy, {**valid, "probe": "svm"}, "probe")
    assert_raises_naming(planted_probe_accuracy, {**valid, "probe": "least_squares", "steps": 3}, "steps")
    assert_rejects(planted_probe_accuracy, {**valid, "l2": 1e-3}, "l2", negative=True, extra=[2.0])
    assert_rejects(planted_feature_activations, dict(n_samples=10, n_dims=3, n_features=4, noise=0.0,
                                                     planted_probability=0.5),
                   "planted_probability", negative=True, zero=True, extra=[1.0])
    assert_rejects(matched_filter_accuracy, dict(n_dims=64, n_features=128, active_probability=0.1), "n_dims",
                   negative=True, zero=True, extra=[2.5])
    assert_rejects(matched_filter_accuracy, dict(n_dims=64, n_features=128, active_probability=0.1),
                   "active_probability", negative=True, extra=[1.5])


# ---------------------------------------------------------------- matched filter and best linear read-out
from acslib.interpretability import _one_thread, best_linear_accuracy, matched_filter_probe  # noqa: E402


def test_matched_filter_probe_by_hand():
    # projections on (1, 0): 0, 1, 0.1, 1.1; class means 0.05 and 1.05, threshold 0.55
    activations = [[0.0, 0.2], [1.0, 0.2], [0.1, 3.0], [1.1, 3.0]]
    fit = matched_filter_probe(activations, [0, 1, 0, 1], [2.0, 0.0])
    np.testing.assert_allclose(fit.weights, [1.0, 0.0])
    assert fit.bias == pytest.approx(-0.55)
    assert fit.converged and fit.steps == 1
    assert probe_accuracy(*fit, activations, [0, 1, 0, 1]) == 1.0
    # a constant offset along the direction moves the threshold with it
    shifted = matched_filter_probe(np.array(activations) + [5.0, 0.0], [0, 1, 0, 1], [1.0, 0.0])
    assert shifted.bias == pytest.approx(-5.55)


def test_matched_filter_probe_rejects_bad_input():
    valid = dict(activations=[[0.0], [1.0]], labels=[0, 1], direction=[1.0])
    assert_raises_naming(matched_filter_probe, {**valid, "direction": [1.0, 0.0]}, "direction")
    assert_raises_naming(matched_filter_probe, {**valid, "direction": [0.0]}, "direction")
    assert_raises_naming(matched_filter_probe, {**valid, "labels": [1, 1]}, "labels")
    assert_rejects(matched_filter_probe, valid, "direction")


@pytest.mark.parametrize("n_features,p", [(64, 0.5), (256, 0.1), (1024, 0.5), (1024, 0.01)])
def test_matched_filter_formula_matches_the_simulated_matched_filter(n_features, p):
    # The chapter's check of the book's Gaussian approximation: the simulated read-out it describes.
    simulated = [planted_probe_accuracy(64, n_features, 0.0, n_samples=4000, seed=s, active_probability=p,
                                        probe="matched_filter") for s in range(4)]
    assert np.mean(simulated) == pytest.approx(float(matched_filter_accuracy(64, n_features, p)), abs=0.01)


def test_best_linear_accuracy_by_hand_and_bounds():
    # sigma^2 = p(1-p)(n-m-2)/m: 1024 dense features in 64 dims gives 0.25 * 958 / 64 = 3.742, Phi(0.2585)
    assert float(best_linear_accuracy(64, 1024, 0.5)) == pytest.approx(0.60199, abs=1e-4)
    assert float(best_linear_accuracy(64, 64, 0.5)) == 1.0  # independent directions: exact read-out
    assert float(best_linear_accuracy(64, 67, 0.5)) > 0.99999  # sigma -> 0 as n -> m + 2
    features = np.array([67, 128, 256, 1024, 8192])
    best, matched = best_linear_accuracy(64, features, 0.1), matched_filter_accuracy(64, features, 0.1)
    assert (best >= matched).all() and (np.diff(best) < 0).all()
    assert (best - matched)[-1] < 0.005 < (best - matched)[1]  # the gap fades as n/m grows
    for between in (65, 66):
        with pytest.raises(ValueError, match="n_features"):
            best_linear_accuracy(64, between, 0.5)
    assert_rejects(best_linear_accuracy, dict(n_dims=64, n_features=128, active_probability=0.1),
                   "active_probability", negative=True, extra=[1.5])
    assert_rejects(best_linear_accuracy, dict(n_dims=64, n_features=128, active_probability=0.1), "n_dims",
                   negative=True, zero=True, extra=[2.5])


@pytest.mark.parametrize("n_features,p", [(256, 0.1), (1024, 0.5), (1024, 0.01)])
def test_best_linear_accuracy_matches_fishers_discriminant(n_features, p):
    # Fisher's discriminant with the true interference covariance, on fresh samples
    results = []
    for seed in range(3):
        rng = np.random.default_rng(seed)
        directions = rng.standard_normal((n_features, 64))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        others = directions[1:]
        weights = np.linalg.solve(p * (1 - p) * others.T @ others, directions[0])
        planted = rng.random(20_000) < 0.5
        score = (planted[:, None] * directions[0] + (rng.random((20_000, n_features - 1)) < p) @ others) @ weights
        threshold = 0.5 * weights @ directions[0] + p * others.sum(axis=0) @ weights
        results.append(0.5 * ((score[planted] > threshold).mean() + (score[~planted] <= threshold).mean()))
    assert np.mean(results) == pytest.approx(float(best_linear_accuracy(64, n_features, p)), abs=0.01)


def test_trained_probes_sit_between_or_below_the_two_lines():
    # Four features per dimension: a trained probe beats the matched filter, as the best read-out allows.
    trained = np.mean([planted_probe_accuracy(64, 256, 0.0, n_samples=8000, seed=s, active_probability=0.1)
                       for s in range(3)])
    assert float(matched_filter_accuracy(64, 256, 0.1)) + 0.01 < trained < float(best_linear_accuracy(64, 256, 0.1))


def test_one_thread_nests_and_restores_the_thread_count():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = [lib["num_threads"] for lib in threadpoolctl.threadpool_info()]
    seen = []

    @_one_thread
    def inner():
        seen.append([lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"])
        return 1

    @_one_thread
    def outer():
        return inner() + inner()

    assert outer() == 2
    assert all(count == 1 for counts in seen for count in counts)
    assert [lib["num_threads"] for lib in threadpoolctl.threadpool_info()] == before
    with pytest.raises(ZeroDivisionError):
        _one_thread(lambda: 1 / 0)()
    seen.clear()
    assert inner() == 1  # a raised error left the nesting depth at 0: the limit is set again
    assert all(count == 1 for counts in seen for count in counts)
