"""Distribution shift, measured: accuracy on the line and effective robustness.

Defined in Chapter 14, *The long-term perspective* (``chapters/14_long_term.ipynb``),
section *Distribution shift, measured*.

Across many image classifiers, accuracy on a shifted test set is close to a linear
function of accuracy on the original test set once both are passed through the probit
transform :math:`\\Phi^{-1}` (Miller et al. 2021; Taori et al. 2020 plot the same trend on
logit axes). *Effective robustness* is how far a model's out-of-distribution accuracy lies
above the line fitted to standard models: accuracy that its in-distribution accuracy alone
does not explain. This module holds

* the probit transform, the baseline fit (:func:`fit_probit_line`) and
  :func:`effective_robustness`;
* a small classifier whose accuracy degrades under a shift of controllable severity
  (:class:`ShiftTask`, :func:`train_classifier`, :func:`model_family`), a model of this
  book's own after the Gaussian data model Miller et al. propose;
* published accuracies as data: ImageNet against ImageNetV2 for 35 models
  (:func:`imagenet_v2_results`) and one model's ImageNet-C accuracy at each severity
  (:func:`imagenet_c_resnet50`), both read from CSV files in :mod:`acslib.data` that were
  copied from the results Taori et al. released with their testbed, with that file's
  commit and checksum in their headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import stats

from ._validation import (
    as_choice,
    as_count,
    as_float_array,
    as_instance,
    as_int,
    as_rng,
    as_scalar,
    as_whole_array,
    check_broadcastable,
    check_same_length,
)
from . import data as _data
from .data import Dataset

__all__ = [
    "probit",
    "inverse_probit",
    "ProbitLine",
    "fit_probit_line",
    "effective_robustness",
    "ShiftTask",
    "LinearClassifier",
    "train_classifier",
    "classifier_accuracy",
    "empirical_accuracy",
    "ModelFamily",
    "model_family",
    "mean_effective_robustness",
    "imagenet_v2_results",
    "imagenet_c_resnet50",
    "MAX_SAMPLES",
    "MAX_FEATURES",
    "MAX_MODELS",
]

#: Largest number of examples :meth:`ShiftTask.sample` draws, or a classifier trains on.
MAX_SAMPLES = 2_000_000
#: Largest number of core or fragile features a :class:`ShiftTask` may have.
MAX_FEATURES = 1_000
#: Largest number of models :func:`model_family` trains.
MAX_MODELS = 2_000
_TRANSFORMS = ("probit", "logit")


# ----------------------------------------------------------------------------- transforms
def _accuracy(value, name: str) -> np.ndarray:
    """Accuracies as a float array strictly inside (0, 1), with a hint about percentages."""
    array = as_float_array(value, name)
    if ((array <= 0) | (array >= 1)).any():
        hint = " (accuracies are fractions, e.g. 0.761, not percentages)" if (array > 1).any() else ""
        raise ValueError(f"{name} must lie strictly between 0 and 1{hint}")
    return array


def _transform(transform) -> str:
    return as_choice(transform, "transform", _TRANSFORMS)


def _forward(accuracy: np.ndarray, transform: str) -> np.ndarray:
    return stats.norm.ppf(accuracy) if transform == "probit" else np.log(accuracy) - np.log1p(-accuracy)


def _backward(z: np.ndarray, transform: str) -> np.ndarray:
    return stats.norm.cdf(z) if transform == "probit" else 1.0 / (1.0 + np.exp(-z))


def _number(value, name: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite scalar in ``[low, high]`` (``(low, high]`` when ``low_open``); bools refused.

    A private helper: :mod:`acslib._validation` has no bounded-scalar check.
    """
    number = as_scalar(value, name)
    if number > high or number < low or (low_open and number == low):
        interval = f"({low:g}, {high:g}]" if low_open else f"[{low:g}, {high:g}]"
        raise ValueError(f"{name} must lie in {interval}; got {number:g}")
    return number


def _scalar_or_array(array: np.ndarray):
    return float(array) if np.ndim(array) == 0 else array


def probit(accuracy):
    """The probit transform :math:`\\Phi^{-1}(a)`: the standard-normal quantile of ``accuracy``.

    Parameters
    ----------
    accuracy : array_like
        Accuracies as fractions, strictly between 0 and 1.

    Returns
    -------
    float or numpy.ndarray
        ``scipy.stats.norm.ppf(accuracy)`` (a float for scalar input).

    Notes
    -----
    Defined in Chapter 14, section *Accuracy on the line*. The transform stretches
    accuracies near 0 and 1, where a fixed gain is harder to make.

    Examples
    --------
    >>> probit(0.5)
    0.0
    >>> probit([0.8413447, 0.9772499]).round(4)
    array([1., 2.])
    """
    return _scalar_or_array(stats.norm.ppf(_accuracy(accuracy, "accuracy")))


def inverse_probit(z):
    """The standard-normal distribution function :math:`\\Phi(z)`: back from probit space.

    Parameters
    ----------
    z : array_like
        Values in probit space (finite).

    Returns
    -------
    float or numpy.ndarray
        ``scipy.stats.norm.cdf(z)``.

    Notes
    -----
    Defined in Chapter 14, section *Accuracy on the line*.

    Examples
    --------
    >>> round(inverse_probit(1.0), 4)
    0.8413
    """
    return _scalar_or_array(stats.norm.cdf(as_float_array(z, "z")))


@dataclass(frozen=True)
class ProbitLine:
    """A baseline trend ``T(ood) = slope * T(id) + intercept`` in a transformed space.

    ``T`` is the probit transform :math:`\\Phi^{-1}` (or the logit, when
    ``transform="logit"``). Built by :func:`fit_probit_line`.

    Attributes
    ----------
    slope : float
        Slope of the line in transformed space.
    intercept : float
        Intercept of the line in transformed space.
    r_squared : float
        Share of the variance of the transformed OOD accuracies the line explains.
    n_models : int
        Number of baseline models fitted.
    transform : str
        ``"probit"`` (the default throughout) or ``"logit"``.

    Examples
    --------
    >>> line = ProbitLine(slope=1.0, intercept=-0.5, r_squared=1.0, n_models=3)
    >>> round(float(line.predict(0.5)), 4)  # Phi(-0.5)
    0.3085
    """

    slope: float
    intercept: float
    r_squared: float
    n_models: int
    transform: str = "probit"

    def __post_init__(self):
        for name in ("slope", "intercept"):
            as_scalar(getattr(self, name), name)
        _number(self.r_squared, "r_squared", 0.0, 1.0)
        as_int(self.n_models, "n_models", minimum=2)
        _transform(self.transform)

    def predict(self, id_accuracy):
        """The baseline's out-of-distribution accuracy at ``id_accuracy`` (fractions)."""
        id_accuracy = _accuracy(id_accuracy, "id_accuracy")
        z = self.slope * _forward(id_accuracy, self.transform) + self.intercept
        return _scalar_or_array(_backward(z, self.transform))


def fit_probit_line(id_accuracy, ood_accuracy, *, transform="probit") -> ProbitLine:
    """Least-squares line through baseline models' accuracies in probit space.

    Parameters
    ----------
    id_accuracy, ood_accuracy : array_like
        1-D in-distribution and out-of-distribution accuracies of the baseline models, as
        fractions strictly between 0 and 1; at least two models, with in-distribution
        accuracies not all equal.
    transform : {"probit", "logit"}
        The transform applied to both accuracies before the fit. Miller et al. fit in
        probit space; Taori et al.'s released code defaults to the logit.

    Returns
    -------
    ProbitLine

    Notes
    -----
    Defined in Chapter 14, section *Accuracy on the line*. Ordinary least squares of
    ``T(ood)`` on ``T(id)`` (:func:`scipy.stats.linregress`), as in Taori et al.'s code.

    Examples
    --------
    >>> id_acc = inverse_probit(np.array([0.0, 0.5, 1.0]))
    >>> line = fit_probit_line(id_acc, inverse_probit(0.9 * probit(id_acc) - 0.3))
    >>> round(line.slope, 6), round(line.intercept, 6), round(line.r_squared, 6)
    (0.9, -0.3, 1.0)
    """
    return _fit_line(id_accuracy, ood_accuracy, transform, "id_accuracy", "ood_accuracy")


def _fit_line(id_accuracy, ood_accuracy, transform, id_name: str, ood_name: str) -> ProbitLine:
    """:func:`fit_probit_line`, with the parameter names its error messages use."""
    transform = _transform(transform)
    id_accuracy = _accuracy(id_accuracy, id_name)
    ood_accuracy = _accuracy(ood_accuracy, ood_name)
    for name, array in ((id_name, id_accuracy), (ood_name, ood_accuracy)):
        if array.ndim != 1:
            raise ValueError(f"{name} must be 1-dimensional; got shape {array.shape}")
    count = check_same_length(**{id_name: id_accuracy, ood_name: ood_accuracy})
    if count < 2:
        raise ValueError(f"{id_name} must hold at least two baseline models; got {count}")
    x, y = _forward(id_accuracy, transform), _forward(ood_accuracy, transform)
    if np.ptp(x) == 0:
        raise ValueError(f"{id_name} must not all be equal: a line needs a spread of models")
    fit = stats.linregress(x, y)
    r_squared = float(fit.rvalue**2) if np.ptp(y) > 0 else 1.0
    return ProbitLine(float(fit.slope), float(fit.intercept), min(r_squared, 1.0), int(count), transform)


def effective_robustness(id_accuracy, ood_accuracy, baseline_id_accuracy, baseline_ood_accuracy, *,
                         transform="probit"):
    """Out-of-distribution accuracy above the baseline models' probit-space line.

    Fits the baseline line ``Phi^-1(ood) = slope * Phi^-1(id) + intercept`` to the
    baseline models (:func:`fit_probit_line`), predicts each model's OOD accuracy from its
    in-distribution accuracy, and returns the measured OOD accuracy minus that prediction.

    Parameters
    ----------
    id_accuracy, ood_accuracy : array_like
        The models to assess: in- and out-of-distribution accuracies as fractions,
        broadcastable to one shape.
    baseline_id_accuracy, baseline_ood_accuracy : array_like
        1-D accuracies of the baseline ("standard") models that define the line; at least
        two.
    transform : {"probit", "logit"}
        The space of the line (default probit).

    Returns
    -------
    float or numpy.ndarray
        Effective robustness in accuracy units (fractions: 0.02 is two percentage points).
        Zero for a model on the line; positive above it.

    Notes
    -----
    Defined in Chapter 14, section *Effective robustness*. The term and the definition
    are Taori et al.'s (2020); the probit-space line is Miller et al.'s (2021).

    Examples
    --------
    >>> base_id = np.array([0.6, 0.7, 0.8, 0.9])
    >>> base_ood = inverse_probit(probit(base_id) - 0.4)
    >>> effective_robustness(base_id, base_ood, base_id, base_ood).round(12)
    array([0., 0., 0., 0.])
    >>> round(effective_robustness(0.75, 0.70, base_id, base_ood), 4)
    0.0919
    """
    id_accuracy = _accuracy(id_accuracy, "id_accuracy")
    ood_accuracy = _accuracy(ood_accuracy, "ood_accuracy")
    check_broadcastable(id_accuracy=id_accuracy, ood_accuracy=ood_accuracy)
    line = _fit_line(baseline_id_accuracy, baseline_ood_accuracy, transform, "baseline_id_accuracy",
                     "baseline_ood_accuracy")
    return _scalar_or_array(ood_accuracy - np.asarray(line.predict(id_accuracy)))


# --------------------------------------------------------------------- a small classifier
@dataclass(frozen=True)
class ShiftTask:
    """Two Gaussian classes whose *fragile* features get noisier under a shift.

    A label ``y`` is ``-1`` or ``+1`` with equal probability. Every feature is
    ``y * signal`` plus independent normal noise. The first ``n_core`` features keep unit
    noise under every shift; the other ``n_fragile`` features have noise standard
    deviation ``1 + noise_per_severity * severity``. At severity 0 the test distribution
    is the training distribution. The structure (core and fragile features, a shift that
    changes the noise covariance) follows the Gaussian data model of Miller et al. (2021);
    the numbers are this book's choice.

    Parameters
    ----------
    n_core, n_fragile : int
        Numbers of core and fragile features, each from 1 to 1,000 (:data:`MAX_FEATURES`).
    signal : float
        Offset of each feature's class mean from zero, in units of the unshifted noise.
    noise_per_severity : float
        Increase of the fragile features' noise standard deviation per unit of severity.

    Examples
    --------
    >>> task = ShiftTask()
    >>> task.fragile_noise(2.0)
    2.0
    >>> round(task.bayes_accuracy(), 4)  # the best possible unshifted accuracy
    0.8711
    """

    n_core: int = 100
    n_fragile: int = 100
    signal: float = 0.08
    noise_per_severity: float = 0.5

    def __post_init__(self):
        for name in ("n_core", "n_fragile"):
            as_count(getattr(self, name), name, cap=MAX_FEATURES, minimum=1)
        for name in ("signal", "noise_per_severity"):
            _number(getattr(self, name), name, 0.0, 100.0, low_open=True)

    @property
    def n_features(self) -> int:
        """All features, core then fragile."""
        return int(self.n_core) + int(self.n_fragile)

    def _severity(self, severity) -> float:
        return _number(severity, "severity", 0.0, 100.0)

    def fragile_noise(self, severity) -> float:
        """Noise standard deviation of the fragile features at ``severity`` (0 to 100)."""
        return 1.0 + float(self.noise_per_severity) * self._severity(severity)

    def noise(self, severity) -> np.ndarray:
        """Noise standard deviation of every feature at ``severity``."""
        return np.r_[np.ones(int(self.n_core)), np.full(int(self.n_fragile), self.fragile_noise(severity))]

    def class_mean(self) -> np.ndarray:
        """Mean of class ``+1`` (class ``-1`` has the negative): ``signal`` on every feature."""
        return np.full(self.n_features, float(self.signal))

    def bayes_accuracy(self, severity=0.0) -> float:
        """Accuracy of the best linear classifier for the distribution at ``severity``."""
        return float(stats.norm.cdf(np.linalg.norm(self.class_mean() / self.noise(severity))))

    def sample(self, n_samples, severity=0.0, *, seed=None):
        """Draw ``n_samples`` labelled examples at ``severity``: half of each class.

        Parameters
        ----------
        n_samples : int
            At least 2 and at most 2,000,000 (:data:`MAX_SAMPLES`); an odd count gives class ``+1``
            one example more.
        severity : float
            Severity of the shift, 0 (none) to 100.
        seed : int, numpy.random.Generator or None
            Randomness.

        Returns
        -------
        features : numpy.ndarray
            Shape ``(n_samples, n_features)``.
        labels : numpy.ndarray
            ``-1`` or ``+1``, shape ``(n_samples,)``.

        Examples
        --------
        >>> features, labels = ShiftTask(n_core=2, n_fragile=1).sample(4, severity=1.0, seed=0)
        >>> features.shape, labels.tolist()
        ((4, 3), [1.0, 1.0, -1.0, -1.0])
        """
        n_samples = as_count(n_samples, "n_samples", cap=MAX_SAMPLES, minimum=2)
        noise = self.noise(severity)
        rng = as_rng(seed)
        labels = np.where(np.arange(n_samples) < (n_samples + 1) // 2, 1.0, -1.0)
        features = labels[:, None] * self.class_mean() + rng.standard_normal((n_samples, self.n_features)) * noise
        return features, labels


class LinearClassifier(NamedTuple):
    """A linear rule: predict ``+1`` where ``features @ weights + bias > 0``.

    Built by :func:`train_classifier`; its exact accuracy on a :class:`ShiftTask` is
    :func:`classifier_accuracy`.
    """

    weights: np.ndarray
    bias: float


def _classifier(classifier, n_features=None) -> LinearClassifier:
    as_instance(classifier, "classifier", LinearClassifier)
    weights = as_float_array(classifier.weights, "classifier", ndim=1)
    bias = float(np.asarray(as_float_array(classifier.bias, "classifier")))
    if n_features is not None and weights.size != n_features:
        raise ValueError(f"classifier has {weights.size} weights but the task has {n_features} features")
    return LinearClassifier(weights, bias)


def _task(task) -> ShiftTask:
    return as_instance(task, "task", ShiftTask)


def train_classifier(task, n_train, *, augment=0.0, seed=None) -> LinearClassifier:
    """Fit a diagonal linear discriminant to ``n_train`` unshifted training examples.

    The weights are the difference of the two class means divided by each feature's
    pooled within-class variance, and the bias puts the boundary half-way between the
    means (Gaussian naive Bayes with a shared variance). With ``augment > 0``, normal
    noise of that standard deviation is added to the fragile features of every training
    example: training on more varied data, which makes the classifier lean less on
    those features.

    The classifier depends on the training sample only through the class means and the
    pooled variances, and for Gaussian features their distributions are known exactly:
    each class mean is normal around ``±signal`` with variance ``s**2 / n_class``, and the
    pooled sum of squares is ``s**2`` times a chi-squared variable with ``n_train - 2``
    degrees of freedom, independent of the means (``s`` is the feature's training noise,
    ``sqrt(1 + augment**2)`` on augmented fragile features). So they are drawn directly:
    the same classifier, in distribution, as one fitted to an explicit sample of
    :meth:`ShiftTask.sample` (the tests check this), at a cost that does not grow with
    ``n_train``.

    Parameters
    ----------
    task : ShiftTask
    n_train : int
        Training examples, from 4 to 2,000,000 (:data:`MAX_SAMPLES`); ``ceil(n_train / 2)`` of class
        ``+1``.
    augment : float
        Standard deviation of the noise added to the fragile training features, 0 to 100.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    LinearClassifier

    Notes
    -----
    Defined in Chapter 14, section *A classifier that meets a shift*.

    Examples
    --------
    >>> task = ShiftTask()
    >>> model = train_classifier(task, 20_000, seed=0)
    >>> round(classifier_accuracy(model, task), 3)  # close to the Bayes accuracy
    0.87
    """
    task = _task(task)
    n_train = as_count(n_train, "n_train", cap=MAX_SAMPLES, minimum=4)
    augment = _number(augment, "augment", 0.0, 100.0)
    rng = as_rng(seed)
    n_positive = (n_train + 1) // 2
    n_negative = n_train - n_positive
    noise = np.ones(task.n_features)
    noise[task.n_core:] = np.sqrt(1.0 + augment**2)
    mean = task.class_mean()
    mean_positive = mean + noise * rng.standard_normal(task.n_features) / np.sqrt(n_positive)
    mean_negative = -mean + noise * rng.standard_normal(task.n_features) / np.sqrt(n_negative)
    variance = noise**2 * rng.chisquare(n_train - 2, task.n_features) / (n_train - 2)
    weights = (mean_positive - mean_negative) / np.maximum(variance, 1e-12)
    bias = -float(weights @ (mean_positive + mean_negative)) / 2.0
    return LinearClassifier(weights, bias)


def classifier_accuracy(classifier, task, severity=0.0) -> float:
    """Exact accuracy of a linear classifier on the task's distribution at ``severity``.

    For class ``+1`` the score ``w @ x + b`` is normal with mean ``w @ mu + b`` and
    standard deviation ``tau = ||w * noise||``, so it is correct with probability
    ``Phi((w @ mu + b) / tau)``; class ``-1`` likewise with ``-b``. The accuracy is the
    average of the two.

    Parameters
    ----------
    classifier : LinearClassifier
    task : ShiftTask
    severity : float
        0 (the training distribution) to 100.

    Returns
    -------
    float
        A classifier with all-zero weights predicts one class and scores 0.5.

    Notes
    -----
    Defined in Chapter 14, section *A classifier that meets a shift*.

    Examples
    --------
    >>> task = ShiftTask()
    >>> ideal = LinearClassifier(task.class_mean(), 0.0)
    >>> round(classifier_accuracy(ideal, task), 4) == round(task.bayes_accuracy(), 4)
    True
    """
    task = _task(task)
    classifier = _classifier(classifier, task.n_features)
    scale = float(np.linalg.norm(classifier.weights * task.noise(severity)))
    if scale == 0.0:
        return 0.5
    margin = float(classifier.weights @ task.class_mean())
    return float(0.5 * (stats.norm.cdf((margin + classifier.bias) / scale)
                        + stats.norm.cdf((margin - classifier.bias) / scale)))


def empirical_accuracy(classifier, features, labels) -> float:
    """Share of ``labels`` (``-1``/``+1``) that the classifier predicts on ``features``.

    Parameters
    ----------
    classifier : LinearClassifier
    features : array_like
        Shape ``(n_examples, n_features)``, at most 50,000,000 values.
    labels : array_like
        ``-1`` or ``+1`` for each example.

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 14, section *A classifier that meets a shift*, to check
    :func:`classifier_accuracy` against a finite test set.

    Examples
    --------
    >>> rule = LinearClassifier(np.array([1.0, 0.0]), 0.0)
    >>> empirical_accuracy(rule, np.array([[1.0, 5.0], [-2.0, 1.0], [3.0, 0.0]]), np.array([1, 1, -1]))
    0.3333333333333333
    """
    features = as_float_array(features, "features", ndim=2)
    labels = as_float_array(labels, "labels", ndim=1)
    if features.size > 50_000_000:
        raise ValueError(f"features must hold at most 50,000,000 values; got {features.size:,}")
    if not np.isin(labels, (-1.0, 1.0)).all():
        raise ValueError("labels must hold only -1 and +1")
    check_same_length(features=features, labels=labels)
    classifier = _classifier(classifier, features.shape[1])
    predictions = np.where(features @ classifier.weights + classifier.bias > 0, 1.0, -1.0)
    return float((predictions == labels).mean())


class ModelFamily(NamedTuple):
    """In- and out-of-distribution accuracies of a family of trained classifiers.

    Fields ``n_train`` (training examples of each model), ``id_accuracy`` and
    ``ood_accuracy`` (exact accuracies at severity 0 and at the family's severity), all of
    one length.
    """

    n_train: np.ndarray
    id_accuracy: np.ndarray
    ood_accuracy: np.ndarray


def model_family(task, n_train, severity, *, augment=0.0, seed=None) -> ModelFamily:
    """Train one classifier per training-set size and score it with and without the shift.

    Smaller training sets give noisier weights and lower accuracy, so a family spans a
    range of in-distribution accuracies, as a zoo of architectures does on ImageNet.

    Parameters
    ----------
    task : ShiftTask
    n_train : array_like of int
        Training-set sizes, one model each; at most 2,000 models (:data:`MAX_MODELS`), each
        from 4 to 2,000,000 examples (:data:`MAX_SAMPLES`).
    severity : float
        Severity of the out-of-distribution test, 0 to 100.
    augment : float
        Augmentation noise on the fragile features during training (see
        :func:`train_classifier`).
    seed : int, numpy.random.Generator or None
        Randomness of every model's training sample.

    Returns
    -------
    ModelFamily

    Notes
    -----
    Defined in Chapter 14, section *A classifier that meets a shift*.

    Examples
    --------
    >>> family = model_family(ShiftTask(), [8, 64, 4096], severity=2.0, seed=1)
    >>> bool(np.all(family.ood_accuracy < family.id_accuracy))
    True
    """
    task = _task(task)
    sizes = as_whole_array(n_train, "n_train", minimum=4, maximum=MAX_SAMPLES, ndim=1)
    if sizes.size > MAX_MODELS:
        raise ValueError(f"n_train must hold at most {MAX_MODELS:,} models; got {sizes.size}")
    task._severity(severity)
    augment = _number(augment, "augment", 0.0, 100.0)
    rng = as_rng(seed)
    models = [train_classifier(task, int(n), augment=augment, seed=rng) for n in sizes]
    id_accuracy = np.array([classifier_accuracy(m, task, 0.0) for m in models])
    ood_accuracy = np.array([classifier_accuracy(m, task, severity) for m in models])
    return ModelFamily(sizes, id_accuracy, ood_accuracy)


def mean_effective_robustness(task, n_train, severity, augment, *, seed=None) -> float:
    """Mean effective robustness of an augmented family against a fresh standard family.

    Trains a standard family and a family with ``augment`` (both with
    :func:`model_family`, on independent draws from ``seed``), fits the standard family's
    probit line at ``severity`` and returns the augmented models' mean effective
    robustness. One Monte Carlo draw: report it over seeds with
    :func:`acslib.montecarlo.seed_band`.

    Parameters
    ----------
    task : ShiftTask
    n_train : array_like of int
        Training-set sizes of each family: at most 2,000 models, each from 4 to 2,000,000
        examples (see :func:`model_family`).
    severity : float
        Severity of the shift, above 0 and at most 100.
    augment : float
        Augmentation noise of the second family, 0 to 100.
    seed : int, numpy.random.Generator or None
        Randomness of both families.

    Returns
    -------
    float
        In accuracy units (fractions).

    Notes
    -----
    Defined in Chapter 14, section *A classifier that meets a shift*.

    Examples
    --------
    >>> value = mean_effective_robustness(ShiftTask(), [50, 200, 800, 3200], 2.0, 1.5, seed=0)
    >>> bool(value > 0)
    True
    """
    task = _task(task)
    if _number(severity, "severity", 0.0, 100.0) == 0.0:
        raise ValueError("severity must be above 0: with no shift every model lies on the diagonal")
    _number(augment, "augment", 0.0, 100.0)
    rng = as_rng(seed)
    standard = model_family(task, n_train, severity, seed=rng)
    augmented = model_family(task, n_train, severity, augment=augment, seed=rng)
    return float(np.mean(effective_robustness(augmented.id_accuracy, augmented.ood_accuracy,
                                              standard.id_accuracy, standard.ood_accuracy)))


# ------------------------------------------------------------------------ published data
def imagenet_v2_results() -> Dataset:
    """ImageNet and ImageNetV2 top-1 accuracy of 35 published models, with provenance.

    The rows of :func:`acslib.data.imagenet_v2_testbed` (the CSV file
    ``acslib/data/imagenet_v2_testbed.csv``, copied from the results file Taori et al.
    released with their testbed), with the accuracies as fractions.

    Returns
    -------
    acslib.data.Dataset
        Columns ``model`` and ``model_type`` (``"standard"``, ``"robustness
        intervention"`` or ``"more data"``), ``testbed_type`` (the testbed's own class),
        ``imagenet`` and ``imagenet_v2`` (accuracy as fractions). The provenance is the
        CSV file's header.

    Notes
    -----
    Defined in Chapter 14, section *Distribution shift, measured*. The 27 standard models
    are a subset, chosen to span the accuracy range with well-known architectures, of the
    standard models in Taori et al.'s testbed.

    Examples
    --------
    >>> table = imagenet_v2_results()
    >>> len(table), int((table["model_type"] == "standard").sum())
    (35, 27)
    >>> round(float(table["imagenet"][0] - table["imagenet_v2"][0]), 5)  # AlexNet's drop
    0.13092
    """
    raw = _data.imagenet_v2_testbed()
    columns = {
        "model": raw["model"],
        "model_type": raw["model_type"],
        "testbed_type": raw["testbed_type"],
        "imagenet": raw["imagenet_percent"] / 100.0,
        "imagenet_v2": raw["imagenet_v2_percent"] / 100.0,
    }
    return Dataset("imagenet_v2_results", columns, dict(raw.provenance))


def imagenet_c_resnet50() -> Dataset:
    """ResNet-50's accuracy on ImageNet-C at each corruption severity, with provenance.

    The mean, over the 15 corruptions of Hendrycks and Dietterich (2019), of the
    per-corruption accuracies in :func:`acslib.data.imagenet_c_resnet50` (the CSV file
    ``acslib/data/imagenet_c_resnet50.csv``, copied from Taori et al.'s testbed results).

    Returns
    -------
    acslib.data.Dataset
        Columns ``severity`` (0 for clean ImageNet, then 1 to 5) and ``accuracy``
        (fractions; severities 1 to 5 are means over the 15 corruptions). The provenance
        is the CSV file's header.

    Notes
    -----
    Defined in Chapter 14, section *Distribution shift, measured*.

    Examples
    --------
    >>> table = imagenet_c_resnet50()
    >>> (100 * table["accuracy"]).round(3)
    array([76.13 , 58.898, 48.252, 38.65 , 27.147, 17.57 ])
    """
    raw = _data.imagenet_c_resnet50()
    severities = np.unique(raw["severity"])
    accuracy = np.array([raw["accuracy_percent"][raw["severity"] == s].mean() for s in severities]) / 100.0
    return Dataset("imagenet_c_resnet50", {"severity": severities, "accuracy": accuracy}, dict(raw.provenance))
