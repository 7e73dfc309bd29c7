"""Calibration tracking: expected calibration error, reliability curves, temperature scaling.

Defined in Chapter 4, *Technical oversight* (``chapters/04_technical_oversight.ipynb``),
section *Calibration tracking*.

A classifier is *calibrated* when, among the answers it gives with confidence ``p``,
a fraction ``p`` are right. The expected calibration error (ECE) of Guo et al. (2017)
sorts predictions into equal-width confidence bins and averages the gap between each
bin's accuracy and its mean confidence, weighted by the bin's share of predictions.
Temperature scaling divides every logit by one number ``T`` fitted on held-out data;
``T > 1`` softens an overconfident model without changing any prediction.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize_scalar

from ._validation import (
    as_count,
    as_float_array,
    as_probability,
    as_rng,
    as_scalar,
    check_same_length,
    check_total_size,
    finite_result,
)

__all__ = [
    "softmax",
    "top_label_confidence",
    "expected_calibration_error",
    "calibrated_ece",
    "reliability_curve",
    "ReliabilityCurve",
    "negative_log_likelihood",
    "fit_temperature",
    "synthetic_logits",
    "MAX_BINS",
    "MAX_SAMPLES",
    "MAX_CLASSES",
    "MAX_DRAWS",
]

#: Largest number of confidence bins.
MAX_BINS = 100_000
#: Largest number of samples :func:`synthetic_logits` draws (and of samples × classes).
MAX_SAMPLES = 10_000_000
#: Largest number of classes :func:`synthetic_logits` draws.
MAX_CLASSES = 100_000
#: Largest number of draws × predictions :func:`calibrated_ece` simulates.
MAX_DRAWS = 10_000_000


def _logits(logits) -> np.ndarray:
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2 or logits.shape[1] < 2:
        raise ValueError(f"logits must be 2-dimensional (samples × classes, at least 2 classes); got shape {logits.shape}")
    return logits


def _labels(labels, n_samples: int, n_classes: int) -> np.ndarray:
    labels = as_float_array(labels, "labels", ndim=1)
    if labels.size != n_samples:
        raise ValueError(f"labels must have one entry per row of logits; got {labels.size} labels for {n_samples} rows")
    if (labels != np.round(labels)).any() or (labels < 0).any() or (labels >= n_classes).any():
        raise ValueError(f"labels must be integer class indices in [0, {n_classes - 1}]")
    return labels.astype(int)


def _confidence_and_correct(confidence, correct):
    confidence = as_probability(confidence, "confidence")
    if confidence.ndim != 1:
        raise ValueError(f"confidence must be 1-dimensional; got shape {confidence.shape}")
    correct = as_float_array(correct, "correct", ndim=1, allow_bool=True)
    if not np.isin(correct, (0.0, 1.0)).all():
        raise ValueError("correct must hold only 0/1 (or False/True) values")
    check_same_length(confidence=confidence, correct=correct)
    return confidence, correct


def softmax(logits, temperature=1.0):
    """Class probabilities ``softmax(logits / temperature)`` along the last axis.

    The largest logit of each row is subtracted *before* dividing by the temperature and
    exponentiating, so neither very large logits nor a tiny temperature overflow: as
    ``temperature → 0`` the result tends to one-hot on the largest logit (shared equally
    between tied largest logits).

    Parameters
    ----------
    logits : array_like
        Scores, shape ``(..., n_classes)``; at least 1-dimensional.
    temperature : float
        Positive divisor of the logits. ``T > 1`` flattens the distribution, ``T < 1``
        sharpens it; the ranking of classes never changes.

    Returns
    -------
    numpy.ndarray
        Probabilities of the same shape as ``logits``, each row summing to 1.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*.

    Examples
    --------
    >>> softmax([0.0, np.log(3.0)]).round(4)
    array([0.25, 0.75])
    >>> softmax([1000.0, 1000.0])  # no overflow
    array([0.5, 0.5])
    >>> softmax([0.0, np.log(9.0)], temperature=2.0).round(4)
    array([0.25, 0.75])
    >>> softmax([1.0, 2.0], temperature=1e-309)  # a tiny temperature: one-hot, not NaN
    array([0., 1.])
    """
    logits = as_float_array(logits, "logits")
    if logits.ndim < 1:
        raise ValueError(f"logits must be at least 1-dimensional; got shape {logits.shape}")
    temperature = as_scalar(temperature, "temperature", positive=True)
    weights = np.exp(_shifted(logits, temperature))
    return weights / weights.sum(axis=-1, keepdims=True)


def _shifted(logits, temperature):
    """``(logits - max) / temperature``: at most 0, and exactly 0 at each row's maximum."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # Halves first, so that the difference of two huge logits of opposite sign stays finite.
        difference = logits / 2.0 - logits.max(axis=-1, keepdims=True) / 2.0
        return np.where(difference == 0.0, 0.0, (2.0 * difference) / temperature if temperature >= 1.0
                        else 2.0 * (difference / temperature))


def top_label_confidence(logits, labels, temperature=1.0):
    """The confidence of each prediction and whether it is right.

    Parameters
    ----------
    logits : array_like
        Shape ``(n_samples, n_classes)``.
    labels : array_like
        True class index of each sample.
    temperature : float
        Temperature applied before the softmax.

    Returns
    -------
    confidence : numpy.ndarray
        The largest class probability of each sample.
    correct : numpy.ndarray
        1.0 where the most probable class is the label, else 0.0.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*.

    Examples
    --------
    >>> confidence, correct = top_label_confidence([[0.0, np.log(3.0)], [2.0, 0.0]], [1, 1])
    >>> confidence.round(4), correct
    (array([0.75  , 0.8808]), array([1., 0.]))
    """
    logits = _logits(logits)
    labels = _labels(labels, *logits.shape)
    probabilities = softmax(logits, temperature)
    predicted = probabilities.argmax(axis=1)
    return probabilities.max(axis=1), (predicted == labels).astype(float)


class ReliabilityCurve(NamedTuple):
    """Per-bin summary of a reliability diagram (empty bins hold NaN)."""

    edges: np.ndarray
    mean_confidence: np.ndarray
    accuracy: np.ndarray
    count: np.ndarray


def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    # Bins are (k/M, (k+1)/M]; a confidence of exactly 0 joins the first bin.
    return np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)


def reliability_curve(confidence, correct, n_bins=15):
    """Accuracy against mean confidence in equal-width confidence bins.

    Parameters
    ----------
    confidence : array_like
        Confidence of each prediction, in [0, 1].
    correct : array_like
        1 (or True) where the prediction was right, else 0.
    n_bins : int
        Number of equal-width bins on [0, 1], 1 to 100,000 (:data:`MAX_BINS`); bin ``k``
        is ``(k/M, (k+1)/M]``.

    Returns
    -------
    ReliabilityCurve
        ``edges`` (``n_bins + 1`` values), and per bin the ``mean_confidence``,
        ``accuracy`` (NaN for an empty bin) and ``count``.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*.

    Examples
    --------
    >>> curve = reliability_curve([0.1, 0.9, 0.9, 0.7], [0, 1, 0, 1], n_bins=2)
    >>> curve.accuracy, curve.count
    (array([0.        , 0.66666667]), array([1, 3]))
    """
    confidence, correct = _confidence_and_correct(confidence, correct)
    n_bins = as_count(n_bins, "n_bins", cap=MAX_BINS)
    index = _bin_index(confidence, n_bins)
    count = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(index, weights=confidence, minlength=n_bins) / count
        accuracy = np.bincount(index, weights=correct, minlength=n_bins) / count
    return ReliabilityCurve(np.linspace(0.0, 1.0, n_bins + 1), mean_confidence, accuracy, count)


def expected_calibration_error(confidence, correct, n_bins=15):
    """Expected calibration error with equal-width bins (Guo et al. 2017).

    ``ECE = Σ_m (|B_m| / n) · |acc(B_m) − conf(B_m)|`` over the bins ``B_m``.

    Parameters
    ----------
    confidence : array_like
        Confidence of each prediction, in [0, 1].
    correct : array_like
        1 (or True) where the prediction was right, else 0.
    n_bins : int
        Number of equal-width bins, 1 to 100,000 (:data:`MAX_BINS`); Guo et al. use 15.

    Returns
    -------
    float
        The ECE, between 0 and 1.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*.

    Examples
    --------
    A model that says 90% and is right 3 times in 4 is off by 0.15:

    >>> round(expected_calibration_error([0.9, 0.9, 0.9, 0.9], [1, 1, 1, 0]), 10)
    0.15
    """
    curve = reliability_curve(confidence, correct, n_bins)
    filled = curve.count > 0
    share = curve.count[filled] / curve.count.sum()
    return float(np.sum(share * np.abs(curve.accuracy[filled] - curve.mean_confidence[filled])))


def calibrated_ece(confidence, n_bins=15, n_draws=1000, seed=None):
    """ECE that a *perfectly calibrated* model with these confidences would show, by simulation.

    For each draw, every prediction is made right with probability equal to its own
    confidence, and the ECE of the result is computed. The model is calibrated by
    construction, so the ECEs are pure sampling noise: the floor below which a measured
    ECE on this many predictions says nothing.

    Parameters
    ----------
    confidence : array_like
        Confidence of each prediction, in [0, 1] (1-dimensional).
    n_bins : int
        Number of equal-width bins, 1 to 100,000 (:data:`MAX_BINS`).
    n_draws : int
        Number of simulated label sets, 1 to 100,000; ``n_draws × len(confidence)`` is at
        most 10,000,000 (:data:`MAX_DRAWS`).
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        One ECE per draw, shape ``(n_draws,)``.

    Notes
    -----
    Defined in Chapter 4, section *A real classifier*. A parametric bootstrap of the
    null hypothesis "the confidences are calibrated"; the book's own check.

    Examples
    --------
    >>> floor = calibrated_ece(np.full(400, 0.9), n_draws=2000, seed=0)
    >>> 0.005 < float(floor.mean()) < 0.03  # about sqrt(0.9 × 0.1 / 400) × sqrt(2/π)
    True
    """
    confidence = as_probability(confidence, "confidence")
    if confidence.ndim != 1:
        raise ValueError(f"confidence must be 1-dimensional; got shape {confidence.shape}")
    n_bins = as_count(n_bins, "n_bins", cap=MAX_BINS)
    n_draws = as_count(n_draws, "n_draws", cap=100_000)
    check_total_size("n_draws × confidence", n_draws * confidence.size, MAX_DRAWS, "simulated predictions")
    rng = as_rng(seed)
    correct = (rng.random((n_draws, confidence.size)) < confidence).astype(float)
    index = _bin_index(confidence, n_bins)
    # One bincount over (draw, bin) pairs: per-bin sums of correct answers for every draw at once.
    flat = (np.arange(n_draws)[:, None] * n_bins + index).ravel()
    correct_sum = np.bincount(flat, weights=correct.ravel(), minlength=n_draws * n_bins).reshape(n_draws, n_bins)
    confidence_sum = np.bincount(index, weights=confidence, minlength=n_bins)
    return np.abs(correct_sum - confidence_sum).sum(axis=1) / confidence.size


def negative_log_likelihood(logits, labels, temperature=1.0):
    """Mean negative log-likelihood of the labels under ``softmax(logits / T)``.

    Parameters
    ----------
    logits : array_like
        Shape ``(n_samples, n_classes)``.
    labels : array_like
        True class index of each sample.
    temperature : float
        Positive temperature.

    Returns
    -------
    float
        Mean NLL in nats.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*.

    Examples
    --------
    >>> round(negative_log_likelihood([[0.0, 0.0]], [1]), 4)  # ln 2
    0.6931
    """
    logits = _logits(logits)
    labels = _labels(labels, *logits.shape)
    temperature = as_scalar(temperature, "temperature", positive=True)
    shifted = _shifted(logits, temperature)
    log_normaliser = np.log(np.exp(shifted).sum(axis=1))
    with np.errstate(over="ignore", invalid="ignore"):
        loss = np.mean(log_normaliser - shifted[np.arange(labels.size), labels])
    return float(finite_result(loss, "logits, temperature", "the negative log-likelihood"))


def fit_temperature(logits, labels, bounds=(0.05, 20.0)):
    """The temperature that minimises the NLL of held-out labels (temperature scaling).

    Parameters
    ----------
    logits : array_like
        Held-out logits, shape ``(n_samples, n_classes)``.
    labels : array_like
        Their true class indices.
    bounds : tuple of float
        Search interval for ``T`` (positive, increasing).

    Returns
    -------
    float
        The fitted temperature; ``T > 1`` means the model was overconfident.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*. The one-dimensional search is
    scipy's bounded Brent method on ``log T``.

    Examples
    --------
    >>> logits, labels = synthetic_logits(4000, 10, overconfidence=2.0, seed=0)
    >>> round(fit_temperature(logits, labels), 1)
    2.0
    """
    logits = _logits(logits)
    labels = _labels(labels, *logits.shape)
    bounds = as_float_array(bounds, "bounds", positive=True, ndim=1)
    if bounds.size != 2 or bounds[0] >= bounds[1]:
        raise ValueError(f"bounds must be two increasing positive numbers; got {bounds}")
    rows = np.arange(labels.size)

    def loss(log_temperature):
        shifted = _shifted(logits, float(np.exp(log_temperature)))
        with np.errstate(over="ignore", invalid="ignore"):
            value = np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[rows, labels])
        return value if np.isfinite(value) else np.finfo(float).max

    result = minimize_scalar(loss, bounds=tuple(np.log(bounds)), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(result.x))


def synthetic_logits(n_samples, n_classes, overconfidence=1.0, logit_scale=2.0, seed=None):
    """Logits of a classifier whose overconfidence is known exactly.

    A perfectly calibrated base model draws logits ``z`` (standard normal times
    ``logit_scale``) and samples each label from ``softmax(z)``, so its confidences are
    right on average by construction. The returned logits are ``overconfidence · z``:
    the same rankings, sharpened (``> 1``) or softened (``< 1``). Temperature scaling
    should therefore recover ``T = overconfidence``.

    Parameters
    ----------
    n_samples : int
        Number of samples, 1 to 10,000,000 (:data:`MAX_SAMPLES`).
    n_classes : int
        Number of classes, 2 to 100,000 (:data:`MAX_CLASSES`); ``n_samples × n_classes``
        is at most 10,000,000 as well.
    overconfidence : float
        Positive factor multiplying the calibrated logits.
    logit_scale : float
        Positive spread of the calibrated logits; larger means a more accurate model.
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    logits : numpy.ndarray
        Shape ``(n_samples, n_classes)``.
    labels : numpy.ndarray
        Integer class labels.

    Notes
    -----
    Defined in Chapter 4, section *Calibration tracking*. This generator is the book's
    own device, not a published model.

    Examples
    --------
    >>> logits, labels = synthetic_logits(5, 3, overconfidence=2.5, seed=1)
    >>> logits.shape, labels.shape
    ((5, 3), (5,))
    """
    n_samples = as_count(n_samples, "n_samples", cap=MAX_SAMPLES)
    n_classes = as_count(n_classes, "n_classes", cap=MAX_CLASSES, minimum=2)
    check_total_size("n_samples × n_classes", n_samples * n_classes, MAX_SAMPLES, "logits")
    overconfidence = as_scalar(overconfidence, "overconfidence", positive=True)
    logit_scale = as_scalar(logit_scale, "logit_scale", positive=True)
    rng = as_rng(seed)
    if logit_scale * overconfidence > 1e300:
        raise ValueError("logit_scale, overconfidence: logits this large overflow float64 (keep their product below 1e300)")
    calibrated = logit_scale * rng.standard_normal((n_samples, n_classes))
    probabilities = softmax(calibrated)
    cumulative = probabilities.cumsum(axis=1)
    draws = rng.random((n_samples, 1))
    labels = np.minimum((draws > cumulative).sum(axis=1), n_classes - 1)
    return overconfidence * calibrated, labels
