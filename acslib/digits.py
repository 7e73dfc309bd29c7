"""A small real model on real data: logistic regression on scikit-learn's handwritten digits.

Defined in Chapter 4, *Technical oversight* (``chapters/04_technical_oversight.ipynb``),
section *A real classifier*.

Every other model in Chapter 4 is a toy whose answer the book planted. This module
trains a real one: scikit-learn's multinomial logistic regression on the 1,797 8×8
images of handwritten digits that ship with scikit-learn (``sklearn.datasets.load_digits``,
a copy of the UCI *Optical Recognition of Handwritten Digits* test set; no download). The
images are split, stratified by class, into halves for training, a quarter for fitting
the temperature and a quarter for testing; nothing about the model's calibration is
known in advance. :func:`digits_recalibration` then applies the chapter's own tools,
:func:`acslib.calibration.fit_temperature` and
:func:`acslib.calibration.expected_calibration_error`, to it.

scikit-learn is needed only here (``pip install "scikit-learn>=1.4,<2"``); the rest of
acslib does not import it. Training takes a few tens of milliseconds on one core, and
each split and regularisation is trained once per process (the results are cached).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ._validation import as_count, as_rng, as_scalar
from .calibration import (
    MAX_BINS,
    expected_calibration_error,
    fit_temperature,
    negative_log_likelihood,
    top_label_confidence,
)

__all__ = [
    "DigitsLogits",
    "digits_logits",
    "DigitsRecalibration",
    "digits_recalibration",
    "N_IMAGES",
    "MIN_INVERSE_REGULARISATION",
    "MAX_INVERSE_REGULARISATION",
    "MAX_ITERATIONS",
]

#: Images in scikit-learn's digits data set (8×8 pixels, 16 grey levels, ten classes).
N_IMAGES = 1797
#: Smallest inverse regularisation strength (scikit-learn's ``C``) accepted.
MIN_INVERSE_REGULARISATION = 1e-3
#: Largest inverse regularisation strength (scikit-learn's ``C``) accepted.
MAX_INVERSE_REGULARISATION = 1e3
#: Largest number of L-BFGS iterations scikit-learn may take to fit the model.
MAX_ITERATIONS = 5000


class DigitsLogits(NamedTuple):
    """A trained digit classifier's logits on the calibration and test images.

    Attributes
    ----------
    calibration_logits : numpy.ndarray
        Shape ``(449, 10)``: the model's scores on the calibration quarter, one per class,
        before the softmax.
    calibration_labels : numpy.ndarray
        The true digits of the calibration quarter.
    test_logits : numpy.ndarray
        Shape ``(450, 10)``: the scores on the test quarter.
    test_labels : numpy.ndarray
        The true digits of the test quarter.
    train_accuracy : float
        Accuracy on the training half.
    iterations : int
        L-BFGS iterations scikit-learn took; below :data:`MAX_ITERATIONS`, so it converged.
    """

    calibration_logits: np.ndarray
    calibration_labels: np.ndarray
    test_logits: np.ndarray
    test_labels: np.ndarray
    train_accuracy: float
    iterations: int


def _sklearn():
    try:
        from sklearn.datasets import load_digits
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from threadpoolctl import threadpool_limits
    except ImportError as error:  # pragma: no cover - the book's requirements install it
        raise ImportError('acslib.digits needs scikit-learn: pip install "scikit-learn>=1.4,<2"') from error
    return load_digits, LogisticRegression, train_test_split, threadpool_limits


@lru_cache(maxsize=64)
def _train(random_state: int, inverse_regularisation: float) -> DigitsLogits:
    load_digits, LogisticRegression, train_test_split, threadpool_limits = _sklearn()
    images, labels = load_digits(return_X_y=True)
    images = images / 16.0  # grey levels 0..16 to [0, 1]
    train_x, rest_x, train_y, rest_y = train_test_split(images, labels, train_size=0.5, stratify=labels,
                                                        random_state=random_state)
    calibration_x, test_x, calibration_y, test_y = train_test_split(rest_x, rest_y, train_size=0.5, stratify=rest_y,
                                                                    random_state=random_state)
    model = LogisticRegression(C=inverse_regularisation, max_iter=MAX_ITERATIONS)
    with threadpool_limits(1):  # one core: faster than contended threads for a model this small
        model.fit(train_x, train_y)
        iterations = int(np.max(model.n_iter_))
        if iterations >= MAX_ITERATIONS:  # pragma: no cover - not reached in the accepted range
            raise ValueError(f"inverse_regularisation: the fit did not converge in {MAX_ITERATIONS} iterations")
        result = DigitsLogits(
            model.decision_function(calibration_x), calibration_y.astype(int),
            model.decision_function(test_x), test_y.astype(int),
            float(model.score(train_x, train_y)), iterations,
        )
    for array in result[:4]:
        array.setflags(write=False)  # cached: a caller must not change what the next one gets
    return result


def _arguments(seed, inverse_regularisation):
    inverse_regularisation = as_scalar(inverse_regularisation, "inverse_regularisation", positive=True)
    if not MIN_INVERSE_REGULARISATION <= inverse_regularisation <= MAX_INVERSE_REGULARISATION:
        raise ValueError(f"inverse_regularisation must lie between {MIN_INVERSE_REGULARISATION:g} and "
                         f"{MAX_INVERSE_REGULARISATION:g}; got {inverse_regularisation:g}")
    random_state = int(as_rng(seed).integers(2**31 - 1))
    return random_state, inverse_regularisation


def digits_logits(seed=None, inverse_regularisation=1.0):
    """Train logistic regression on one random split of the digits and return its logits.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        Chooses the split (50% train, 25% calibration, 25% test, stratified by digit);
        ``None`` draws a fresh split. The chapter uses seeds 0 to 9.
    inverse_regularisation : float
        scikit-learn's ``C``, the inverse strength of the L2 penalty on the weights,
        from 0.001 to 1,000 (:data:`MIN_INVERSE_REGULARISATION`,
        :data:`MAX_INVERSE_REGULARISATION`); scikit-learn's default is 1. Smaller values
        shrink the weights, and with them the logits and the confidence.

    Returns
    -------
    DigitsLogits
        Read-only arrays (they are cached; copy them to change them).

    Notes
    -----
    Defined in Chapter 4, section *A real classifier*. Uses scikit-learn's
    ``LogisticRegression`` (L-BFGS, at most 5,000 iterations, :data:`MAX_ITERATIONS`) on
    ``load_digits``, on one thread.

    Examples
    --------
    >>> logits = digits_logits(seed=0)
    >>> logits.test_logits.shape, logits.calibration_logits.shape
    ((450, 10), (449, 10))
    """
    return _train(*_arguments(seed, inverse_regularisation))


class DigitsRecalibration(NamedTuple):
    """Temperature scaling of the digit classifier, measured on its test quarter.

    All fields are floats, so :func:`acslib.montecarlo.seed_band` can collect them over
    splits. ``ece_*`` are fractions (not percentages) and ``nll_*`` are in nats.
    """

    temperature: float
    accuracy: float
    ece_before: float
    ece_after: float
    nll_before: float
    nll_after: float


def digits_recalibration(seed=None, inverse_regularisation=1.0, n_bins=15):
    """Fit a temperature on the calibration quarter and measure its effect on the test quarter.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        Chooses the split, as in :func:`digits_logits`.
    inverse_regularisation : float
        scikit-learn's ``C``, from 0.001 to 1,000.
    n_bins : int
        Equal-width bins of the ECE, 1 to 100,000 (:data:`acslib.calibration.MAX_BINS`).

    Returns
    -------
    DigitsRecalibration
        The fitted temperature, the test accuracy (the same before and after), and the
        test ECE and negative log-likelihood before and after.

    Notes
    -----
    Defined in Chapter 4, section *A real classifier*. ``T < 1`` means the model was
    underconfident, ``T > 1`` overconfident.

    Examples
    --------
    >>> result = digits_recalibration(seed=0)
    >>> result.ece_after < result.ece_before
    True
    """
    n_bins = as_count(n_bins, "n_bins", cap=MAX_BINS)
    logits = digits_logits(seed, inverse_regularisation)
    temperature = fit_temperature(logits.calibration_logits, logits.calibration_labels)
    confidence, correct = top_label_confidence(logits.test_logits, logits.test_labels)
    recalibrated, _ = top_label_confidence(logits.test_logits, logits.test_labels, temperature)
    return DigitsRecalibration(
        temperature=temperature,
        accuracy=float(correct.mean()),
        ece_before=expected_calibration_error(confidence, correct, n_bins),
        ece_after=expected_calibration_error(recalibrated, correct, n_bins),
        nll_before=negative_log_likelihood(logits.test_logits, logits.test_labels),
        nll_after=negative_log_likelihood(logits.test_logits, logits.test_labels, temperature),
    )
