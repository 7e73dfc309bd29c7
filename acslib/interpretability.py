"""Interpretability: Elhage et al.'s toy model of superposition, and a linear probe.

Defined in Chapter 4, *Technical oversight* (``chapters/04_technical_oversight.ipynb``),
section *Mechanistic interpretability*.

The toy model (Elhage et al. 2022) squeezes ``n`` sparse features into ``m < n`` hidden
dimensions and reconstructs them: ``h = W x``, ``x' = ReLU(Wᵀ h + b)``, with loss
``Σ_i I_i (x_i − x'_i)²``. Each feature is zero with probability ``S`` (the sparsity)
and uniform on [0, 1] otherwise. Dense features get at most ``m`` dimensions, one each;
sparse features are packed in *superposition*, more features than dimensions, at the
price of interference between them. The chapter trains the model by hand with Adam, so
the gradient is written out here rather than taken from an autodiff library.

A linear probe asks a narrower question: can a single direction in activation space
read off one planted feature? :func:`planted_probe_accuracy` measures how that answer
degrades with noise, with the number of features superposed in the same space and with
how often those other features are active. Two things can make a probe fall short, and
the chapter keeps them apart: a probe that is *under-trained* (its optimiser stopped
early, :class:`ProbeFit` reports it), and a *real limit*, the interference of the other
features, which no linear read-out removes once there are more features than dimensions.
Two closed forms (Gaussian approximations of the book's) bracket that limit:
:func:`matched_filter_accuracy`, the read-out along the feature's own direction, and
:func:`best_linear_accuracy`, the best linear read-out, which also whitens the
interference; far beyond ``n = m`` the two meet. :func:`least_squares_probe` is an
independent, closed-form probe to compare a trained one with, and
:func:`matched_filter_probe` simulates the matched filter itself.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from typing import NamedTuple

import numpy as np

from scipy.special import ndtr

from ._validation import (
    as_choice,
    as_count,
    as_float_array,
    as_probability,
    as_rng,
    as_scalar,
    check_broadcastable,
    check_same_length,
    check_total_size,
    finite_result,
    as_whole_array,
)

__all__ = [
    "ToyModel",
    "feature_importance",
    "sample_sparse_features",
    "toy_model_forward",
    "toy_model_loss",
    "toy_model_gradients",
    "train_toy_model",
    "feature_norms",
    "features_represented",
    "dimensions_per_feature",
    "feature_dimensionality",
    "interference_matrix",
    "planted_feature_activations",
    "train_logistic_probe",
    "least_squares_probe",
    "probe_accuracy",
    "balanced_accuracy",
    "matched_filter_accuracy",
    "best_linear_accuracy",
    "matched_filter_probe",
    "planted_probe_accuracy",
    "ProbeFit",
    "MAX_FEATURES",
    "MAX_SAMPLES",
    "MAX_STEPS",
    "MAX_BATCH",
    "MAX_TRAINING_WORK",
    "MAX_PROBE_STEPS",
    "MAX_PROBE_DIMS",
    "PROBES",
]

#: Largest number of features (and of hidden or activation dimensions).
MAX_FEATURES = 10_000
#: Largest number of samples drawn at once (and of samples × features).
MAX_SAMPLES = 10_000_000
#: Largest number of Adam steps of :func:`train_toy_model`.
MAX_STEPS = 100_000
#: Largest batch of :func:`train_toy_model`.
MAX_BATCH = 100_000
#: Largest number of Newton steps of :func:`train_logistic_probe`.
MAX_PROBE_STEPS = 1_000
#: Largest activation dimension :func:`train_logistic_probe` fits.
MAX_PROBE_DIMS = 2_000
#: Largest training work of :func:`train_toy_model`: steps × models × batch × features × hidden
#: dimensions (multiply-adds per step, about a minute at most).
MAX_TRAINING_WORK = 10**11



_THREADS = threading.local()  # how deep the current thread is inside one-thread calls


@functools.lru_cache(maxsize=1)
def _controller():
    """threadpoolctl's controller, built once (scanning the loaded libraries costs about 0.6 ms)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - installed with scikit-learn
        return None
    return ThreadpoolController()


def _one_thread(function):
    """Run ``function`` with BLAS limited to one thread, when threadpoolctl is installed.

    The matrix products here are small (tens of dimensions, a few thousand rows): extra
    BLAS threads gain nothing on them, and on a busy machine they contend for the cores
    and make a fit tens of times slower. threadpoolctl comes with scikit-learn; without
    it the functions run unchanged. The limit is set once per outermost call (nested
    calls, such as the fit inside :func:`planted_probe_accuracy`, reuse it), through one
    controller built at the first call.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        depth = getattr(_THREADS, "depth", 0)
        controller = _controller() if depth == 0 else None
        limit = controller.limit(limits=1) if controller is not None else contextlib.nullcontext()
        _THREADS.depth = depth + 1
        try:
            with limit:
                return function(*args, **kwargs)
        finally:
            _THREADS.depth = depth

    return wrapper


class ToyModel(NamedTuple):
    """Trained weights of the toy model: ``weights`` (m × n) and ``bias`` (n).

    With several sparsities trained at once, both carry a leading axis, one entry
    per sparsity.
    """

    weights: np.ndarray
    bias: np.ndarray


def feature_importance(n_features, importance_decay):
    """Importance ``I_i = importance_decay ** i`` of features ``i = 0 … n − 1``.

    Examples
    --------
    >>> feature_importance(3, 0.5)
    array([1.  , 0.5 , 0.25])

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*. ``n_features`` is 1 to
    10,000 (:data:`MAX_FEATURES`).
    """
    n_features = as_count(n_features, "n_features", cap=MAX_FEATURES)
    importance_decay = as_scalar(importance_decay, "importance_decay", positive=True)
    if importance_decay > 1:
        raise ValueError(f"importance_decay must lie in (0, 1]; got {importance_decay}")
    return importance_decay ** np.arange(n_features, dtype=float)


def _sparsity(sparsity) -> np.ndarray:
    sparsity = as_probability(sparsity, "sparsity")
    if sparsity.ndim > 1:
        raise ValueError(f"sparsity must be a scalar or 1-dimensional; got shape {sparsity.shape}")
    if (sparsity >= 1).any():
        raise ValueError("sparsity must be below 1 (at 1 every feature is always zero)")
    return sparsity


def sample_sparse_features(n_samples, n_features, sparsity, seed=None):
    """Draw feature vectors: each entry 0 with probability ``sparsity``, else U[0, 1].

    Parameters
    ----------
    n_samples, n_features : int
        Shape of the batch: ``n_samples`` 1 to 10,000,000 (:data:`MAX_SAMPLES`),
        ``n_features`` 1 to 10,000 (:data:`MAX_FEATURES`), and at most 10,000,000 values
        in all (over every sparsity).
    sparsity : float or array_like
        Probability that a feature is zero, in [0, 1). With a 1-D array the result has
        a leading axis with one batch per sparsity.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray
        Shape ``(n_samples, n_features)``, or ``(len(sparsity), n_samples, n_features)``.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> x = sample_sparse_features(10_000, 4, sparsity=0.75, seed=0)
    >>> round(float((x == 0).mean()), 2)
    0.75
    """
    n_samples = as_count(n_samples, "n_samples", cap=MAX_SAMPLES)
    n_features = as_count(n_features, "n_features", cap=MAX_FEATURES)
    sparsity = _sparsity(sparsity)
    check_total_size("n_samples × n_features × sparsities", n_samples * n_features * sparsity.size, MAX_SAMPLES, "values")
    rng = as_rng(seed)
    shape = sparsity.shape + (n_samples, n_features)
    present = rng.random(shape) >= sparsity[..., None, None]
    return np.where(present, rng.random(shape), 0.0)


def toy_model_forward(weights, bias, features):
    """Reconstruction ``ReLU(Wᵀ W x + b)`` of each row ``x`` of ``features``.

    Parameters
    ----------
    weights : array_like
        Shape ``(m, n)`` (or ``(k, m, n)`` for ``k`` models).
    bias : array_like
        Shape ``(n,)`` (or ``(k, n)``).
    features : array_like
        Shape ``(batch, n)`` (or ``(k, batch, n)``).

    Returns
    -------
    numpy.ndarray
        The reconstructions, shaped like ``features``.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> toy_model_forward(np.eye(2), np.zeros(2), [[0.5, 0.2]])
    array([[0.5, 0.2]])
    """
    weights, bias, features = _model_arrays(weights, bias, features)
    return finite_result(_forward(weights, bias, features), "weights, bias, features", "the reconstruction")


def _forward(weights, bias, features):
    with np.errstate(over="ignore", invalid="ignore"):
        hidden = features @ np.swapaxes(weights, -1, -2)
        return np.maximum(hidden @ weights + bias[..., None, :], 0.0)


def _model_arrays(weights, bias, features):
    weights = as_float_array(weights, "weights")
    if weights.ndim not in (2, 3):
        raise ValueError(f"weights must be 2- or 3-dimensional; got shape {weights.shape}")
    bias = as_float_array(bias, "bias")
    if bias.shape != weights.shape[:-2] + weights.shape[-1:]:
        raise ValueError(
            f"bias must have shape {weights.shape[:-2] + weights.shape[-1:]} to match weights of shape "
            f"{weights.shape}; got {bias.shape}"
        )
    features = as_float_array(features, "features")
    if features.ndim != weights.ndim or features.shape[-1] != weights.shape[-1] or features.shape[:-2] != weights.shape[:-2]:
        raise ValueError(f"features must have shape {weights.shape[:-2] + ('batch', weights.shape[-1])}; got {features.shape}")
    return weights, bias, features


def toy_model_loss(weights, bias, features, importance):
    """Importance-weighted reconstruction loss ``mean_batch Σ_i I_i (x_i − x'_i)²``.

    Returns
    -------
    float or numpy.ndarray
        One loss per model.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> toy_model_loss(np.zeros((1, 2)), np.zeros(2), [[1.0, 1.0]], [1.0, 0.5])
    1.5
    """
    weights, bias, features = _model_arrays(weights, bias, features)
    importance = _importance(importance, weights.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        error = features - _forward(weights, bias, features)
        loss = (importance * error**2).sum(axis=-1).mean(axis=-1)
    finite_result(loss, "weights, bias, features, importance", "the loss")
    return float(loss) if np.ndim(loss) == 0 else loss


def _gradients(weights, bias, features, importance):
    hidden = features @ np.swapaxes(weights, -1, -2)  # (..., batch, m)
    pre = hidden @ weights + bias[..., None, :]  # (..., batch, n)
    out = np.maximum(pre, 0.0)
    batch_size = features.shape[-2]
    grad_pre = (-2.0 / batch_size) * importance * (features - out) * (pre > 0)
    grad_bias = grad_pre.sum(axis=-2)
    grad_hidden = grad_pre @ np.swapaxes(weights, -1, -2)  # (..., batch, m)
    grad_weights = np.swapaxes(hidden, -1, -2) @ grad_pre + np.swapaxes(grad_hidden, -1, -2) @ features
    return grad_weights, grad_bias


def toy_model_gradients(weights, bias, features, importance):
    """Gradients of :func:`toy_model_loss` with respect to ``weights`` and ``bias``, by hand.

    With rows ``x`` of ``features``, ``H = x Wᵀ``, ``pre = H W + b``, ``x' = ReLU(pre)`` and
    ``g = ∂L/∂pre = −2 I (x − x')·[pre > 0] / batch``:
    ``∂L/∂b = Σ_batch g`` and ``∂L/∂W = Hᵀ g + (g Wᵀ)ᵀ x`` (``W`` appears twice).

    Returns
    -------
    grad_weights, grad_bias : numpy.ndarray
        Shaped like ``weights`` and ``bias``.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> grad_weights, grad_bias = toy_model_gradients(np.zeros((1, 2)), np.zeros(2), [[1.0, 1.0]], [1.0, 1.0])
    >>> grad_bias  # the ReLU is off at pre = 0, so no gradient flows
    array([0., 0.])
    """
    weights, bias, features = _model_arrays(weights, bias, features)
    importance = _importance(importance, weights.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        grad_weights, grad_bias = _gradients(weights, bias, features, importance)
    finite_result(grad_weights, "weights, bias, features, importance", "the gradient")
    return grad_weights, finite_result(grad_bias, "weights, bias, features, importance", "the gradient")


def _importance(importance, n_features):
    importance = as_float_array(importance, "importance", nonnegative=True, ndim=1)
    if importance.size != n_features:
        raise ValueError(f"importance must have one entry per feature ({n_features}); got {importance.size}")
    return importance


@_one_thread
def train_toy_model(n_features, n_hidden, sparsity, importance_decay, steps=5000, seed=None,
                    batch_size=512, learning_rate=1e-3):
    """Train Elhage et al.'s ReLU output toy model with Adam, gradients written by hand.

    Parameters
    ----------
    n_features : int
        Number of input features ``n``, 1 to 10,000 (:data:`MAX_FEATURES`).
    n_hidden : int
        Number of hidden dimensions ``m`` (usually ``m < n``), 1 to 10,000.
    sparsity : float or array_like
        Probability ``S`` that each feature is zero, in [0, 1). With a 1-D array, one
        independent model per sparsity is trained at once (vectorised), as Elhage et
        al. train many "instances" together.
    importance_decay : float
        Feature ``i`` has importance ``importance_decay ** i``; in (0, 1].
    steps : int
        Adam steps, each on a fresh batch; 1 to 100,000 (:data:`MAX_STEPS`).
    seed : int, numpy.random.Generator or None
        Seeds both the initial weights and the data.
    batch_size : int
        Samples per step, 1 to 100,000 (:data:`MAX_BATCH`). The whole run, steps × models
        × batch_size × n_features × n_hidden, is capped at 10**11 multiply-adds
        (:data:`MAX_TRAINING_WORK`), and one batch at 10,000,000 values.
    learning_rate : float
        Adam step size (β₁ = 0.9, β₂ = 0.999), in (0, 1]. Adam moves each weight by
        about this much per step, so larger values only make training diverge.

    Returns
    -------
    ToyModel
        ``weights`` of shape ``(m, n)`` and ``bias`` of shape ``(n,)``, or with a leading
        axis of ``len(sparsity)``.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*. The gradients are
    :func:`toy_model_gradients`; the update is Adam (Kingma & Ba 2014) with bias correction.

    Examples
    --------
    >>> model = train_toy_model(5, 2, sparsity=0.0, importance_decay=0.5, steps=300, seed=0)
    >>> model.weights.shape, model.bias.shape
    ((2, 5), (5,))
    >>> int(features_represented(model.weights))  # dense: no more features than dimensions
    2
    """
    n_features = as_count(n_features, "n_features", cap=MAX_FEATURES)
    n_hidden = as_count(n_hidden, "n_hidden", cap=MAX_FEATURES)
    sparsity = _sparsity(sparsity)
    importance = feature_importance(n_features, importance_decay)
    steps = as_count(steps, "steps", cap=MAX_STEPS)
    batch_size = as_count(batch_size, "batch_size", cap=MAX_BATCH)
    models = max(sparsity.size, 1)
    check_total_size("batch_size × n_features × sparsities", batch_size * n_features * models, MAX_SAMPLES, "values per batch")
    check_total_size("steps × batch_size × n_features × n_hidden × sparsities",
                     steps * batch_size * n_features * n_hidden * models, MAX_TRAINING_WORK, "multiply-adds")
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    if learning_rate > 1:
        raise ValueError(f"learning_rate must be at most 1 (Adam moves each weight by about this much a step); got {learning_rate:g}")
    rng = as_rng(seed)

    instances = sparsity.shape  # () for one model, (k,) for k models
    scale = np.sqrt(2.0 / (n_features + n_hidden))  # Xavier normal, as in Elhage et al.
    # Weights and bias live in one flat vector, so that each Adam update is one set of
    # array operations instead of two (the same arithmetic, element by element).
    start = scale * rng.standard_normal(instances + (n_hidden, n_features))
    params = np.concatenate([start.ravel(), np.zeros(start.size // n_hidden)])
    weights = params[:start.size].reshape(start.shape)  # views into params
    bias = params[start.size:].reshape(instances + (n_features,))
    grad = np.empty_like(params)
    grad_weights, grad_bias = grad[:start.size].reshape(start.shape), grad[start.size:].reshape(bias.shape)
    first_moment, second_moment = np.zeros_like(params), np.zeros_like(params)
    beta1, beta2, epsilon = 0.9, 0.999, 1e-8
    keep = 1.0 - sparsity[..., None, None]
    shape = instances + (batch_size, n_features)
    for step in range(1, steps + 1):
        # One uniform draw u per entry: the feature is present when u < 1 - S, and then
        # u / (1 - S) is uniform on [0, 1), so one draw serves for both.
        uniform = rng.random(shape)
        x = np.where(uniform < keep, uniform / keep, 0.0)
        grad_weights[...], grad_bias[...] = _gradients(weights, bias, x, importance)
        first_moment *= beta1
        first_moment += (1 - beta1) * grad
        second_moment *= beta2
        second_moment += (1 - beta2) * grad * grad
        corrected_first = first_moment / (1 - beta1**step)
        corrected_second = second_moment / (1 - beta2**step)
        params -= learning_rate * corrected_first / (np.sqrt(corrected_second) + epsilon)
    weights, bias = weights.copy(), bias.copy()  # own arrays, not views of the flat vector
    finite_result(weights, "learning_rate", "training (the weights)")
    return ToyModel(weights, bias)


def _weights(weights) -> np.ndarray:
    weights = as_float_array(weights, "weights")
    if weights.ndim not in (2, 3):
        raise ValueError(f"weights must be 2- or 3-dimensional (hidden × features); got shape {weights.shape}")
    return weights


def feature_norms(weights):
    """Length ``‖W_i‖`` of each feature's column of ``W``: about 1 if represented, 0 if dropped.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> feature_norms([[1.0, 0.0, 0.6], [0.0, 0.0, 0.8]])
    array([1., 0., 1.])
    """
    with np.errstate(over="ignore"):
        return finite_result(np.linalg.norm(_weights(weights), axis=-2), "weights", "the column norms")


def features_represented(weights, threshold=0.5):
    """How many features have a column of ``W`` longer than ``threshold``.

    Parameters
    ----------
    weights : array_like
        Shape ``(m, n)`` or ``(k, m, n)``.
    threshold : float
        Norm above which a feature counts as represented; in (0, ∞).

    Returns
    -------
    int or numpy.ndarray
        The count (one per model for stacked weights).

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> int(features_represented([[1.0, 0.0, 0.6], [0.0, 0.1, 0.8]]))
    2
    """
    threshold = as_scalar(threshold, "threshold", positive=True)
    with np.errstate(over="ignore"):
        norms = np.linalg.norm(_weights(weights), axis=-2)  # an overflowing norm is above any threshold
    return (norms > threshold).sum(axis=-1)


def dimensions_per_feature(weights):
    """Elhage et al.'s ``D* = m / ‖W‖_F²``: hidden dimensions per represented feature.

    1 when each of ``m`` features has its own dimension; 1/2 for antipodal pairs; below
    that, more superposition.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> float(dimensions_per_feature(np.eye(2)))
    1.0
    >>> float(dimensions_per_feature([[1.0, -1.0]]))  # an antipodal pair in one dimension
    0.5
    """
    weights = _weights(weights)
    scale = np.abs(weights).max(axis=(-2, -1))
    if (scale == 0).any():
        raise ValueError("weights must not be all zero: no feature is represented, so D* is undefined")
    with np.errstate(over="ignore", under="ignore"):
        # ‖W‖² as scale² · ‖W / scale‖², so that huge or tiny weights neither overflow nor underflow.
        normalised = ((weights / scale[..., None, None]) ** 2).sum(axis=(-2, -1))
        result = weights.shape[-2] / normalised / scale**2
    return finite_result(result, "weights", "D* = m / ‖W‖²")


def feature_dimensionality(weights):
    """Per-feature dimensionality ``D_i = ‖W_i‖² / Σ_j (Ŵ_i · W_j)²`` (Elhage et al.).

    1 for a feature with a dimension to itself, 1/2 for one of an antipodal pair, 0 for
    a dropped feature.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> feature_dimensionality([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]]).round(3)
    array([0.5, 0.5, 1. ])
    """
    weights = _weights(weights)
    scale = np.abs(weights).max(axis=(-2, -1), keepdims=True)
    weights = weights / np.where(scale > 0, scale, 1.0)  # D_i does not change with the scale
    norms = np.linalg.norm(weights, axis=-2)
    safe = np.where(norms > 0, norms, 1.0)
    unit = weights / safe[..., None, :]
    overlaps = np.swapaxes(unit, -1, -2) @ weights  # (..., n, n): Ŵ_i · W_j
    denominator = (overlaps**2).sum(axis=-1)
    return np.where(norms > 0, norms**2 / np.where(denominator > 0, denominator, 1.0), 0.0)


def interference_matrix(weights):
    """``WᵀW``: diagonal = squared feature norms, off-diagonal = interference between features.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> interference_matrix([[1.0, -1.0]])
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    weights = _weights(weights)
    with np.errstate(over="ignore", invalid="ignore"):
        return finite_result(np.swapaxes(weights, -1, -2) @ weights, "weights", "WᵀW")


@_one_thread
def planted_feature_activations(n_samples, n_dims, n_features, noise, seed=None, active_probability=0.5,
                                planted_probability=None):
    """Synthetic activations that carry one planted feature among superposed others.

    ``n_features`` binary features write along random unit directions in ``R^n_dims``
    (not orthogonal once ``n_features > n_dims``); Gaussian noise of standard deviation
    ``noise`` is added. Feature 0 is the planted one, active with probability
    ``planted_probability``; every other feature is active with probability
    ``active_probability`` (the *activity*, ``1 − S`` in the toy model's terms). The
    label is whether feature 0 is active.

    Parameters
    ----------
    n_samples, n_dims, n_features : int
        Sizes: ``n_samples`` 1 to 10,000,000 (:data:`MAX_SAMPLES`), ``n_dims`` and
        ``n_features`` 1 to 10,000 (:data:`MAX_FEATURES`); at most 10,000,000 values in
        ``n_samples × (n_dims + n_features)``.
    noise : float
        Non-negative noise standard deviation, at most 1e150.
    seed : int, numpy.random.Generator or None
    active_probability : float
        Probability that each of the other features is active, in (0, 1).
    planted_probability : float or None
        Probability that the planted feature is active, in (0, 1). ``None`` (the default)
        means ``active_probability``; 0.5 gives a balanced probing set.

    Returns
    -------
    activations : numpy.ndarray
        Shape ``(n_samples, n_dims)``.
    labels : numpy.ndarray
        0/1, shape ``(n_samples,)``.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*. A book-made setting.

    Examples
    --------
    >>> activations, labels = planted_feature_activations(4, 3, 5, noise=0.1, seed=0)
    >>> activations.shape, labels.shape
    ((4, 3), (4,))
    >>> _, labels = planted_feature_activations(10_000, 8, 64, 0.0, seed=0, active_probability=0.01,
    ...                                         planted_probability=0.5)
    >>> round(float(labels.mean()), 2)  # the probed feature is balanced, the others sparse
    0.5
    """
    activations, labels, _ = _planted(n_samples, n_dims, n_features, noise, seed, active_probability,
                                      planted_probability)
    return activations, labels


def _planted(n_samples, n_dims, n_features, noise, seed, active_probability, planted_probability):
    """:func:`planted_feature_activations`, validated, with the planted feature's unit direction."""
    n_samples = as_count(n_samples, "n_samples", cap=MAX_SAMPLES)
    n_dims = as_count(n_dims, "n_dims", cap=MAX_FEATURES)
    n_features = as_count(n_features, "n_features", cap=MAX_FEATURES)
    check_total_size("n_samples × (n_dims + n_features)", n_samples * (n_dims + n_features), MAX_SAMPLES, "values")
    noise = as_scalar(noise, "noise", nonnegative=True)
    if noise > 1e150:
        raise ValueError(f"noise must be at most 1e150 (activations must stay finite); got {noise:g}")
    active_probability = float(as_probability(active_probability, "active_probability", open_interval=True))
    if planted_probability is None:
        planted_probability = active_probability
    else:
        planted_probability = float(as_probability(planted_probability, "planted_probability", open_interval=True))
    rng = as_rng(seed)
    directions = rng.standard_normal((n_features, n_dims))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    threshold = np.full(n_features, active_probability)
    threshold[0] = planted_probability
    active = (rng.random((n_samples, n_features)) < threshold).astype(float)
    activations = active @ directions + noise * rng.standard_normal((n_samples, n_dims))
    return activations, active[:, 0], directions[0]


def _probe_data(activations, labels):
    activations = as_float_array(activations, "activations", ndim=2)
    labels = as_float_array(labels, "labels", ndim=1, allow_bool=True)
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("labels must hold only 0/1 values")
    check_same_length(activations=activations, labels=labels)
    return activations, labels


class ProbeFit(tuple):
    """The fitted probe ``(weights, bias)``, which unpacks as a pair, plus how training ended.

    Attributes
    ----------
    weights : numpy.ndarray
    bias : float
    steps : int
        Gradient steps taken.
    converged : bool
        Whether the largest gradient component fell below the tolerance; ``False`` means
        training stopped at its step limit first.
    """

    def __new__(cls, weights, bias, steps, converged):
        fit = super().__new__(cls, (weights, bias))
        fit.steps = int(steps)
        fit.converged = bool(converged)
        return fit

    @property
    def weights(self):
        return self[0]

    @property
    def bias(self):
        return self[1]


def _probe_objective(activations, labels, weights, bias, l2):
    logits = activations @ weights + bias
    return float(np.mean(np.logaddexp(0.0, logits) - labels * logits) + 0.5 * l2 * weights @ weights)


@_one_thread
def train_logistic_probe(activations, labels, steps=None, l2=1e-3, tolerance=1e-9):
    """Fit a logistic-regression probe ``σ(w·a + c)`` by Newton's method, to convergence.

    Minimises the mean cross-entropy plus ``(l2 / 2) · ‖w‖²`` (the bias is not penalised).
    Each step solves the Newton system of the gradient and the Hessian (iteratively
    reweighted least squares) and halves the step until the objective falls, so every step
    descends. Training stops when every component of the gradient is below ``tolerance``,
    which Newton's method reaches in a few dozen steps, or at the step limit.

    Parameters
    ----------
    activations : array_like
        Shape ``(n_samples, n_dims)``, with ``n_dims`` at most 2,000 (each step solves a
        system of ``n_dims + 1`` equations) and magnitudes at most 1e150.
    labels : array_like
        0/1 labels (booleans allowed).
    steps : int, optional
        Largest number of Newton steps, 1 to 1,000 (:data:`MAX_PROBE_STEPS`); ``None`` (the
        default) means 1,000.
    l2 : float
        Non-negative weight-decay strength, at most 1. With ``l2 = 0`` and separable
        labels there is no optimum (the weights grow without bound) and the fit reports
        that it did not converge.
    tolerance : float
        Positive convergence tolerance on the gradient (relative to the largest activation
        when that exceeds 1).

    Returns
    -------
    ProbeFit
        Unpacks as ``weights, bias`` (shape ``(n_dims,)`` and a float); ``.steps`` and
        ``.converged`` report how training ended. ``converged`` is ``False`` when the step
        limit came first: the weights are then not the optimum.

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*. Written from scratch
    because the chapter teaches it; the gradient of the mean cross-entropy is
    ``Aᵀ(σ(Aw + c) − y) / n`` and its Hessian ``Aᵀ diag(σ(1 − σ)) A / n``. Earlier versions
    took a fixed 500 steps of gradient descent, which had not converged on harder data
    (accuracy off in the third decimal, weights off by up to a factor of two); this fit
    is the optimum of the same penalised objective to ``tolerance``.

    Examples
    --------
    >>> activations = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> weights, bias = train_logistic_probe(activations, [0, 0, 1, 1])
    >>> float(probe_accuracy(weights, bias, activations, [0, 0, 1, 1]))
    1.0
    >>> fit = train_logistic_probe(activations, [0, 1, 0, 1])
    >>> fit.converged, fit.steps < 20
    (True, True)
    """
    activations, labels = _probe_data(activations, labels)
    limit = MAX_PROBE_STEPS if steps is None else as_count(steps, "steps", cap=MAX_PROBE_STEPS)
    l2 = as_scalar(l2, "l2", nonnegative=True)
    if l2 > 1:
        raise ValueError(f"l2 must be at most 1; got {l2:g}")
    tolerance = as_scalar(tolerance, "tolerance", positive=True)
    if np.abs(activations).max() > 1e150:
        raise ValueError("activations must have magnitude at most 1e150 (the objective would overflow)")
    n_samples, n_dims = activations.shape
    if n_dims > MAX_PROBE_DIMS:
        raise ValueError(f"activations must have at most {MAX_PROBE_DIMS:,} columns; got {n_dims}")
    design = np.column_stack([activations, np.ones(n_samples)])  # the last column carries the bias
    penalty = np.full(n_dims + 1, l2)
    penalty[-1] = 0.0
    params = np.zeros(n_dims + 1)
    gradient_scale = max(1.0, float(np.abs(activations).max()))  # rounding grows with the activations
    converged = False
    taken = 0
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        objective = _probe_objective(activations, labels, params[:-1], params[-1], l2)
        while True:
            predicted = 0.5 * (1.0 + np.tanh(0.5 * (design @ params)))  # σ, without overflow
            gradient = design.T @ (predicted - labels) / n_samples + penalty * params
            if np.abs(gradient).max() < tolerance * gradient_scale:
                converged = True
                break
            if taken >= limit:
                break
            weight = predicted * (1.0 - predicted) / n_samples
            hessian = design.T @ (design * weight[:, None]) + np.diag(penalty)
            hessian[np.diag_indices_from(hessian)] += 1e-12 * (1.0 + np.abs(np.diag(hessian)))
            try:
                direction = np.linalg.solve(hessian, gradient)
            except np.linalg.LinAlgError:
                direction = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
            step = 1.0
            while step > 1e-9:
                candidate = params - step * direction
                value = _probe_objective(activations, labels, candidate[:-1], candidate[-1], l2)
                if np.isfinite(value) and value <= objective - 1e-4 * step * (gradient @ direction):
                    break
                step /= 2.0
            else:
                break  # no descent is possible at this precision: as converged as it gets
            params, objective = candidate, value
            taken += 1
    if not np.isfinite(params).all():
        raise ValueError("l2: the fit diverged (the weights overflowed); use l2 > 0 for separable labels")
    return ProbeFit(params[:-1].copy(), float(params[-1]), taken, converged)


@_one_thread
def least_squares_probe(activations, labels):
    """A linear probe fitted by ordinary least squares: regress the 0/1 label on the activations.

    The fit ``y ≈ w·a + c`` has a closed form (no optimiser, so it cannot be
    under-trained); the probe predicts 1 where ``w·a + c > 1/2``, and the returned
    bias is ``c − 1/2`` so that :func:`probe_accuracy` applies its usual rule
    ``w·a + bias > 0``. With as many samples as dimensions or more, noise-free
    activations and no more features than dimensions, the planted feature is an exact
    linear function of the activations and this probe reads it perfectly.

    Parameters
    ----------
    activations : array_like
        Shape ``(n_samples, n_dims)``, with ``n_dims`` at most 2,000
        (:data:`MAX_PROBE_DIMS`) and magnitudes at most 1e150.
    labels : array_like
        0/1 labels (booleans allowed).

    Returns
    -------
    ProbeFit
        Unpacks as ``weights, bias``; ``steps`` is 1 and ``converged`` is ``True`` (the
        solution is exact up to rounding).

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*. Solved with
    numpy's SVD-based least squares, which also handles rank-deficient activations
    (it returns the minimum-norm solution).

    Examples
    --------
    >>> activations = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> weights, bias = least_squares_probe(activations, [0, 0, 1, 1])
    >>> float(probe_accuracy(weights, bias, activations, [0, 0, 1, 1]))
    1.0
    """
    activations, labels = _probe_data(activations, labels)
    if np.abs(activations).max() > 1e150:
        raise ValueError("activations must have magnitude at most 1e150 (the fit would overflow)")
    n_samples, n_dims = activations.shape
    if n_dims > MAX_PROBE_DIMS:
        raise ValueError(f"activations must have at most {MAX_PROBE_DIMS:,} columns; got {n_dims}")
    scale = max(1.0, float(np.abs(activations).max()))  # solve on a unit scale, so nothing overflows
    design = np.column_stack([activations / scale, np.ones(n_samples)])
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        coefficients = np.linalg.lstsq(design, labels, rcond=None)[0]
    weights = finite_result(coefficients[:-1] / scale, "activations", "the least-squares weights")
    return ProbeFit(weights.copy(), float(coefficients[-1]) - 0.5, 1, True)


def balanced_accuracy(weights, bias, activations, labels):
    """Mean of the probe's accuracy on positives and on negatives (``w·a + c > 0`` means 1).

    Unlike :func:`probe_accuracy`, it is 1/2 for a probe that ignores its input whatever
    the share of positives, so it stays honest when the probed feature is rare.

    Parameters
    ----------
    weights : array_like
        One weight per column of ``activations``.
    bias : float
    activations : array_like
        Shape ``(n_samples, n_dims)``.
    labels : array_like
        0/1 labels (booleans allowed), with both classes present.

    Returns
    -------
    float
        In [0, 1]; 0.5 is chance.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*.

    Examples
    --------
    >>> float(balanced_accuracy([1.0], 0.0, [[-1.0], [2.0], [3.0], [-2.0]], [0, 1, 0, 0]))
    0.8333333333333333
    """
    activations, labels = _probe_data(activations, labels)
    weights = as_float_array(weights, "weights", ndim=1)
    if weights.size != activations.shape[1]:
        raise ValueError(f"weights must have one entry per column of activations ({activations.shape[1]}); got {weights.size}")
    bias = as_scalar(bias, "bias")
    positive = labels == 1
    if positive.all() or not positive.any():
        raise ValueError("labels must hold both classes (0 and 1) for a balanced accuracy")
    with np.errstate(over="ignore", invalid="ignore"):
        predicted = activations @ weights + bias > 0
    return float(0.5 * (predicted[positive].mean() + (~predicted[~positive]).mean()))


def matched_filter_accuracy(n_dims, n_features, active_probability, noise=0.0):
    """Balanced accuracy of reading the planted feature along its own direction (Gaussian approximation).

    The *matched filter* (:func:`matched_filter_probe`) projects the activations of
    :func:`planted_feature_activations` on the planted feature's unit direction ``d₀`` and
    thresholds half-way between the mean projections with and without the feature. Turning
    the feature on moves the projection by ``d₀ · d₀ = 1``, the signal. The other features
    add ``Σ_{j≠0} x_j c_j`` with overlaps ``c_j = d_j · d₀``: for fixed directions its mean,
    ``p Σ c_j``, is a constant the threshold absorbs, and its variance is
    ``p (1 − p) Σ c_j²``, where each ``c_j²`` averages ``1/m`` (a random unit vector's
    squared component along a fixed direction). Treating the sum, plus the noise along
    ``d₀``, as Gaussian with variance ``σ² = p (1 − p)(n − 1)/m + noise²`` puts the two
    classes at distance 1 with the threshold ``1/2`` from each, so each is read right with
    probability ``Φ(1 / (2σ))``, the balanced accuracy.

    The matched filter ignores how the other features' directions are arranged; a
    trained probe need not. For ``n ≤ m`` a probe can cancel every overlap and reads the
    feature exactly; for ``n`` of a few ``m`` the best linear read-out
    (:func:`best_linear_accuracy`) is still several points better; only for ``n ≫ m``
    does the matched filter come close to the limit of every linear probe.
    Interference grows with the activity ``p``: sparse features (small ``p``, high
    sparsity ``S = 1 − p``) can share dimensions cheaply, which is why superposition pays
    only when features are sparse.

    Parameters
    ----------
    n_dims : array_like
        Dimensions ``m`` of the activation space, whole numbers from 1 to 1e15.
    n_features : array_like
        Features ``n`` sharing it (the planted one included), whole numbers from 1 to 1e15.
    active_probability : array_like
        Activity ``p`` of the other features, in [0, 1].
    noise : array_like
        Non-negative noise standard deviation, at most 1e150.

    Returns
    -------
    numpy.ndarray
        Balanced accuracy in [0.5, 1], broadcast over the inputs; exactly 1 with no
        interference and no noise.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*. The Gaussian
    approximation is the book's; it needs several active features at a time
    (``p (n − 1)`` well above 1). Against a simulation of the matched filter itself
    (``planted_probe_accuracy(..., probe="matched_filter")``) it is within about half a
    point at the chapter's settings.

    Examples
    --------
    >>> matched_filter_accuracy(64, 1024, [0.5, 0.01]).round(3)
    array([0.599, 0.896])
    """
    n_dims = as_whole_array(n_dims, "n_dims", minimum=1, maximum=10**15).astype(float)
    n_features = as_whole_array(n_features, "n_features", minimum=1, maximum=10**15).astype(float)
    active_probability = as_probability(active_probability, "active_probability")
    noise = as_float_array(noise, "noise", nonnegative=True)
    if (noise > 1e150).any():
        raise ValueError(f"noise must be at most 1e150; got {noise.max():g}")
    check_broadcastable(n_dims=n_dims, n_features=n_features, active_probability=active_probability, noise=noise)
    variance = active_probability * (1.0 - active_probability) * (n_features - 1.0) / n_dims + noise**2
    with np.errstate(divide="ignore"):
        return ndtr(0.5 / np.sqrt(variance))


def best_linear_accuracy(n_dims, n_features, active_probability):
    """Balanced accuracy of the best linear read-out of the planted feature (Gaussian approximation).

    The setting of :func:`matched_filter_accuracy`, without noise, read by the best
    linear probe instead of the matched filter: Fisher's discriminant, which knows the
    other features' directions and whitens their interference. Its squared separation is
    ``d₀ᵀ Σ⁻¹ d₀`` with ``Σ = p (1 − p) Σ_{j≠0} d_j d_jᵀ``. For ``n − 1`` random unit
    directions ``Σ_{j≠0} d_j d_jᵀ`` is close to a Wishart matrix divided by ``m``, whose
    inverse has mean ``m I / (n − m − 2)``; so the interference acts like a noise of
    variance

    ``σ² = p (1 − p)(n − m − 2)/m``,

    as if ``m + 1`` of the ``n − 1`` other features had been cancelled, and the balanced
    accuracy is ``Φ(1 / (2σ))``. With ``n ≤ m`` the directions are independent, the
    read-out is exact and the accuracy is 1. The gain over the matched filter
    (``n − 1`` in place of ``n − m − 2``) is large at a few features per dimension and
    fades as ``n / m`` grows. A probe trained on finite data falls below this line,
    because it must estimate ``m + 1`` weights.

    Parameters
    ----------
    n_dims : array_like
        Dimensions ``m``, whole numbers from 1 to 1e15.
    n_features : array_like
        Features ``n`` (the planted one included), whole numbers from 1 to 1e15, either at
        most ``m`` or at least ``m + 3`` (in between the approximation has no finite value).
    active_probability : array_like
        Activity ``p`` of the other features, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Balanced accuracy in [0.5, 1], broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*. The Wishart
    approximation and the Gaussian one are the book's; a simulation of Fisher's
    discriminant with the true covariance (``tests/test_interpretability.py``) agrees
    within about half a point for ``n ≥ 2m``.

    Examples
    --------
    >>> best_linear_accuracy(64, [64, 256, 1024], 0.5).round(3)
    array([1.   , 0.719, 0.602])
    """
    n_dims = as_whole_array(n_dims, "n_dims", minimum=1, maximum=10**15).astype(float)
    n_features = as_whole_array(n_features, "n_features", minimum=1, maximum=10**15).astype(float)
    active_probability = as_probability(active_probability, "active_probability")
    check_broadcastable(n_dims=n_dims, n_features=n_features, active_probability=active_probability)
    n_dims, n_features, active_probability = np.broadcast_arrays(n_dims, n_features, active_probability)
    gap = n_features - n_dims
    if ((gap > 0) & (gap < 3)).any():
        raise ValueError("n_features must be at most n_dims or at least n_dims + 3 (in between the Wishart "
                         "approximation has no finite value)")
    variance = active_probability * (1.0 - active_probability) * np.maximum(gap - 2.0, 0.0) / n_dims
    with np.errstate(divide="ignore"):
        return ndtr(0.5 / np.sqrt(variance))


@_one_thread
def matched_filter_probe(activations, labels, direction):
    """The matched filter: project on ``direction`` and threshold half-way between the classes.

    The weights are the unit vector along ``direction``; the one number fitted is the
    threshold, half-way between the mean projections of the samples labelled 1 and those
    labelled 0 (so a constant offset from other features does not bias it).

    Parameters
    ----------
    activations : array_like
        Shape ``(n_samples, n_dims)``, magnitudes at most 1e150.
    labels : array_like
        0/1 labels (booleans allowed), with both classes present.
    direction : array_like
        The feature's direction, ``n_dims`` finite values, not all zero.

    Returns
    -------
    ProbeFit
        Unpacks as ``weights, bias`` for :func:`probe_accuracy` and
        :func:`balanced_accuracy`; ``steps`` is 1 and ``converged`` is ``True``.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*; its accuracy in
    the book's setting is :func:`matched_filter_accuracy`.

    Examples
    --------
    >>> weights, bias = matched_filter_probe([[0.0, 0.2], [1.0, 0.2], [0.1, 3.0], [1.1, 3.0]],
    ...                                      [0, 1, 0, 1], [2.0, 0.0])
    >>> weights, round(bias, 6)
    (array([1., 0.]), -0.55)
    """
    activations, labels = _probe_data(activations, labels)
    direction = as_float_array(direction, "direction", ndim=1)
    if direction.size != activations.shape[1]:
        raise ValueError(f"direction must have one entry per column of activations ({activations.shape[1]}); "
                         f"got {direction.size}")
    if np.abs(activations).max() > 1e150:
        raise ValueError("activations must have magnitude at most 1e150 (the projection would overflow)")
    scale = np.abs(direction).max()
    if scale == 0:
        raise ValueError("direction must not be all zero")
    unit = direction / scale
    unit = unit / np.linalg.norm(unit)
    positive = labels == 1
    if positive.all() or not positive.any():
        raise ValueError("labels must hold both classes (0 and 1) to place the threshold")
    projection = activations @ unit
    threshold = 0.5 * (projection[positive].mean() + projection[~positive].mean())
    return ProbeFit(unit, float(-threshold), 1, True)


def probe_accuracy(weights, bias, activations, labels):
    """Share of samples whose label the probe predicts (``w·a + c > 0`` means 1).

    Parameters
    ----------
    weights : array_like
        One weight per column of ``activations``.
    bias : float
    activations : array_like
        Shape ``(n_samples, n_dims)``.
    labels : array_like
        0/1 labels (booleans allowed).

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 4, section *Mechanistic interpretability*.

    Examples
    --------
    >>> float(probe_accuracy([1.0], 0.0, [[-1.0], [2.0], [3.0]], [0, 1, 0]))
    0.6666666666666666
    """
    activations, labels = _probe_data(activations, labels)
    weights = as_float_array(weights, "weights", ndim=1)
    if weights.size != activations.shape[1]:
        raise ValueError(f"weights must have one entry per column of activations ({activations.shape[1]}); got {weights.size}")
    bias = as_scalar(bias, "bias")
    return float(np.mean((activations @ weights + bias > 0) == (labels == 1)))


#: The probes :func:`planted_probe_accuracy` can train.
PROBES = ("logistic", "least_squares", "matched_filter")


@_one_thread
def planted_probe_accuracy(n_dims, n_features, noise, n_samples=4000, seed=None, active_probability=0.5,
                           probe="logistic", steps=None, l2=1e-3):
    """Held-out balanced accuracy of a linear probe for the planted feature.

    Draws :func:`planted_feature_activations` with a balanced planted feature (active in
    half the samples) and the other features active with probability
    ``active_probability``; half the samples train the probe, the other half test it.

    Parameters
    ----------
    n_dims : int
        Dimension of the activation space, 1 to 2,000 (the probe's limit, :data:`MAX_PROBE_DIMS`).
    n_features : int
        Number of features superposed in it (the planted one included), 1 to 10,000
        (:data:`MAX_FEATURES`).
    noise : float
        Non-negative noise standard deviation.
    n_samples : int
        Total samples, 4 to 10,000,000 (:data:`MAX_SAMPLES`).
    seed : int, numpy.random.Generator or None
    active_probability : float
        Activity of the other features, in (0, 1); 0.5 is dense, 0.01 is sparse (``S = 0.99``).
    probe : str
        ``"logistic"`` (:func:`train_logistic_probe`, Newton's method) or
        ``"least_squares"`` (:func:`least_squares_probe`, closed form) or
        ``"matched_filter"`` (:func:`matched_filter_probe` along the planted direction,
        which the generator knows; only its threshold is fitted).
    steps : int, optional
        For the logistic probe, the largest number of Newton steps, 1 to 1,000
        (:data:`MAX_PROBE_STEPS`); ``None`` (the default) trains to convergence. A small
        value shows what an under-trained probe reports.
    l2 : float
        For the logistic probe, the weight penalty of :func:`train_logistic_probe`, from
        0 to 1.

    Returns
    -------
    float
        Balanced accuracy on the held-out half; 0.5 is chance.

    Notes
    -----
    Defined in Chapter 4, section *Linear probes under superposition*.

    Examples
    --------
    >>> planted_probe_accuracy(16, 4, noise=0.0, seed=0)
    1.0
    """
    n_samples = as_count(n_samples, "n_samples", cap=MAX_SAMPLES, minimum=4)
    probe = as_choice(probe, "probe", PROBES)
    if steps is not None:
        steps = as_count(steps, "steps", cap=MAX_PROBE_STEPS)
        if probe != "logistic":
            raise ValueError(f"steps applies only to probe='logistic' ({probe} has no steps)")
    l2 = as_scalar(l2, "l2", nonnegative=True)
    if l2 > 1:
        raise ValueError(f"l2 must be at most 1; got {l2:g}")
    activations, labels, direction = _planted(n_samples, n_dims, n_features, noise, seed, active_probability, 0.5)
    half = n_samples // 2
    train, test = slice(0, half), slice(half, None)
    for part in (train, test):
        if labels[part].min() == labels[part].max():
            raise ValueError("n_samples is too small: a half of the samples holds only one class")
    if probe == "logistic":
        weights, bias = train_logistic_probe(activations[train], labels[train], steps=steps, l2=l2)
    elif probe == "least_squares":
        weights, bias = least_squares_probe(activations[train], labels[train])
    else:
        weights, bias = matched_filter_probe(activations[train], labels[train], direction)
    return balanced_accuracy(weights, bias, activations[test], labels[test])
