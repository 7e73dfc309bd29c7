"""A weak-to-strong toy: a weak supervisor's labels train a stronger student.

Defined in Chapter 9, *Superalignment: the destination and the process*
(``chapters/09_superalignment.ipynb``), section *A weak-to-strong toy*.

**The toy is this book's own model**, built to show the mechanisms Burns et al. (2023)
discuss, not to reproduce their numbers. Its pieces:

* **The world.** Inputs are standard normal latent vectors ``z`` in ``n_features``
  dimensions. The true concept is ``y = 1[z_1 > 0]``.
* **The weak supervisor** labels with a tilted rule, ``1[cos θ z_1 + sin θ z_2 > 0]``,
  so its errors are systematic: they lie along a second direction ``z_2``, the
  *supervisor-error direction*. Its accuracy is ``1 - θ / π`` exactly; the tilt is set
  from ``weak_accuracy``.
* **The strong student** sees a representation that scales the true direction by the
  *salience* ``S`` (``true_salience``) and the error direction by ``Sv``
  (``error_salience``), all other directions by 1: ``x = (S z_1, Sv z_2, z_3, ...)``.
  It is a logistic regression without intercept, with a ridge penalty ``ridge / 2 ·
  |β|²``. The ridge is what makes salience matter: expressing a direction scaled by
  ``S`` costs ``1 / S²`` as much penalty, so the student prefers the salient reading of
  its labels.
* **Naive training** fits the weak labels. **Auxiliary-confidence training** (after
  Burns et al.'s auxiliary confidence loss, in a simplified form) fits the mixture
  ``(1 - α) · weak label + α · the student's own hardened prediction``, repeating until
  the student's predictions stop changing (at most :data:`MAX_ROUNDS` refits): it lets
  the student overrule labels it confidently disagrees with.
* **The ceiling** is the same student trained on true labels.

Accuracy is measured against the true concept exactly, not on a test sample: a linear
rule ``w · z > 0`` agrees with ``z_1 > 0`` with probability ``1 - angle(w, e_1) / π``.
:func:`acslib.superalignment.performance_gap_recovered` then gives the PGR.

**The documented regime.** With the errors at least as salient as the directions that
carry no signal and at most three times as salient (``1 <= Sv <= 3``), the truth at
least 1.5 times as salient as the errors (``S >= 1.5 Sv``, up to the cap of 1,000),
weak accuracy 0.7 to 0.8, ridge 0.2 to 2 and the default sizes (1,000 training points,
20 latent dimensions, aux weight 0.75), every run's naive and auxiliary PGR lie
between 0 and 1, and the auxiliary loss raises PGR on average
(``tests/test_weak_to_strong.py`` checks this on a grid of these settings, eight seeds
each). When the errors are more salient than the truth (``Sv > S``) the student
amplifies them, and the auxiliary loss makes that worse.

**Outside the regime** the toy breaks in two more ways. If the true direction is less
salient than the directions that carry no signal (``S`` below about 1), PGR with the
auxiliary loss falls below zero even when ``S > Sv`` (at ``S = 0.75, Sv = 0.5`` naive PGR
is near 0.4, auxiliary PGR near -0.4): every refit shifts weight towards the most salient
directions of the representation, here the ones with no signal, so the slight lean on
them that any finite sample gives grows from refit to refit (more slowly with more data);
when ``S`` is so small that the ceiling is barely above the weak supervisor, the gap in
PGR's denominator nearly vanishes and PGR takes any value. If both saliences are large
(``Sv`` of 4 or more with a small ridge) the penalty hardly bites, the student copies its
supervisor, and single runs' PGR scatter around zero, sometimes just below it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from ._validation import ArgumentTypeError, as_choice, as_count, as_float_array, as_rng, as_scalar, as_whole_array
from .montecarlo import SeedBand, seed_band
from .superalignment import performance_gap_recovered

__all__ = [
    "WeakToStrongResult",
    "MAX_ROUNDS",
    "MAX_TRAIN",
    "MAX_FEATURES",
    "MAX_SALIENCE",
    "MAX_SEEDS",
    "simulate_weak_to_strong",
    "weak_to_strong_pgr",
    "pgr_bands",
    "pgr_grid",
    "describe_settings",
]

#: Largest number of auxiliary-loss refits.
MAX_ROUNDS = 50
#: Largest training set.
MAX_TRAIN = 100_000
#: Largest latent dimension.
MAX_FEATURES = 1_000
#: Saliences must lie between 1 / MAX_SALIENCE and MAX_SALIENCE.
MAX_SALIENCE = 1_000.0
#: Largest number of seeds a seed band runs.
MAX_SEEDS = 1_000


_DEFAULTS = dict(weak_accuracy=0.7, ridge=0.5, aux_weight=0.75, n_train=1000, n_features=20)


@dataclass(frozen=True)
class WeakToStrongResult:
    """Accuracies (against the true concept) from one run of the toy.

    Attributes
    ----------
    weak : float
        The weak supervisor's accuracy.
    naive : float
        The student trained on weak labels.
    aux : float
        The student trained with the auxiliary confidence loss.
    ceiling : float
        The student trained on true labels.
    aux_rounds : int
        How many refits the auxiliary loss took.
    """

    weak: float
    naive: float
    aux: float
    ceiling: float
    aux_rounds: int

    @property
    def naive_pgr(self) -> float:
        """Performance gap recovered by naive training."""
        return float(performance_gap_recovered(self.weak, self.naive, self.ceiling))

    @property
    def aux_pgr(self) -> float:
        """Performance gap recovered with the auxiliary confidence loss."""
        return float(performance_gap_recovered(self.weak, self.aux, self.ceiling))


def _fit(x: np.ndarray, targets: np.ndarray, ridge: float, start: np.ndarray) -> np.ndarray:
    """Ridge-penalised logistic regression on soft targets (Newton trust region, scipy)."""
    n = x.shape[0]

    def loss(beta):
        logits = x @ beta
        value = np.mean(targets * np.logaddexp(0.0, -logits) + (1 - targets) * np.logaddexp(0.0, logits))
        return value + 0.5 * ridge * beta @ beta

    def gradient(beta):
        return x.T @ (special.expit(x @ beta) - targets) / n + ridge * beta

    def hessian(beta):
        p = special.expit(x @ beta)
        return (x.T * (p * (1 - p))) @ x / n + ridge * np.eye(x.shape[1])

    result = optimize.minimize(loss, start, jac=gradient, hess=hessian, method="trust-exact",
                               options={"gtol": 1e-9, "maxiter": 200})
    return result.x


def _accuracy(beta: np.ndarray, scales: np.ndarray) -> float:
    """Agreement of the rule ``beta · x > 0`` with ``z_1 > 0`` for Gaussian ``z``."""
    w = beta * scales
    norm = np.linalg.norm(w)
    if norm == 0:
        return 0.5
    return float(1.0 - np.arccos(np.clip(w[0] / norm, -1.0, 1.0)) / np.pi)


def _salience(value, name: str) -> float:
    salience = as_scalar(value, name, positive=True)
    if not 1.0 / MAX_SALIENCE <= salience <= MAX_SALIENCE:
        raise ValueError(f"{name} must lie between 0.001 and 1,000; got {salience:g}")
    return salience


def _seeds(seeds) -> tuple:
    """A count (2 to MAX_SEEDS) or a sequence of 2 to MAX_SEEDS distinct non-negative seeds."""
    if isinstance(seeds, (numbers.Integral, np.integer)) and not isinstance(seeds, (bool, np.bool_)):
        return tuple(range(as_count(seeds, "seeds", minimum=2, cap=MAX_SEEDS)))
    if isinstance(seeds, (bool, np.bool_)):
        raise ArgumentTypeError(f"seeds must be a count or a sequence of seeds, not a boolean; got {seeds!r}")
    values = as_whole_array(seeds, "seeds", minimum=0, maximum=2**32 - 1, ndim=1)
    if not 2 <= values.size <= MAX_SEEDS:
        raise ValueError(f"seeds must hold 2 to 1,000 seeds; got {values.size}")
    if np.unique(values).size != values.size:
        raise ValueError("seeds must be distinct")
    return tuple(int(v) for v in values)


def _settings(true_salience, error_salience, weak_accuracy, ridge, aux_weight, n_train, n_features):
    true_salience = _salience(true_salience, "true_salience")
    error_salience = _salience(error_salience, "error_salience")
    weak_accuracy = as_scalar(weak_accuracy, "weak_accuracy")
    if not 0.5 < weak_accuracy < 1.0:
        raise ValueError(f"weak_accuracy must lie strictly between 0.5 and 1; got {weak_accuracy:g}")
    ridge = as_scalar(ridge, "ridge", positive=True)
    aux_weight = as_scalar(aux_weight, "aux_weight")
    if not 0.0 < aux_weight < 1.0:
        raise ValueError(f"aux_weight must lie strictly between 0 and 1; got {aux_weight:g}")
    n_train = as_count(n_train, "n_train", minimum=10, cap=MAX_TRAIN)
    n_features = as_count(n_features, "n_features", minimum=2, cap=MAX_FEATURES)
    if n_train * n_features > 20_000_000:
        raise ValueError(f"n_train × n_features must be at most 20,000,000; got {n_train * n_features:,}")
    return true_salience, error_salience, weak_accuracy, ridge, aux_weight, n_train, n_features


def simulate_weak_to_strong(true_salience, error_salience, *, weak_accuracy=0.7, ridge=0.5, aux_weight=0.75,
                            n_train=1000, n_features=20, seed=None) -> WeakToStrongResult:
    """One run of the weak-to-strong toy: weak supervisor, naive and auxiliary students, ceiling.

    Parameters
    ----------
    true_salience : float
        ``S``, the scale of the true direction in the student's representation, from
        0.001 to 1,000 (:data:`MAX_SALIENCE`).
    error_salience : float
        ``Sv``, the scale of the supervisor-error direction, from 0.001 to 1,000.
    weak_accuracy : float
        The weak supervisor's accuracy, strictly between 0.5 and 1.
    ridge : float
        The student's ridge penalty (``ridge / 2 · |β|²`` added to the mean loss); positive.
    aux_weight : float
        ``α`` of the auxiliary confidence loss, strictly between 0 and 1.
    n_train : int
        Training examples, 10 to 100,000 (:data:`MAX_TRAIN`).
    n_features : int
        Latent dimension, 2 to 1,000 (:data:`MAX_FEATURES`); ``n_train × n_features`` at
        most 20,000,000.
    seed : int, numpy.random.Generator or None
        Randomness of the training sample.

    Returns
    -------
    WeakToStrongResult

    Notes
    -----
    Defined in Chapter 9, section *A weak-to-strong toy*. The toy is the book's own;
    see the module docstring. The auxiliary loss refits at most 50 times
    (:data:`MAX_ROUNDS`); each fit is scipy's trust-region Newton method, at most 200
    iterations.

    Examples
    --------
    >>> run = simulate_weak_to_strong(4.0, 2.0, seed=0)
    >>> run.weak
    0.7
    >>> 0.0 < run.naive_pgr < run.aux_pgr < 1.0
    True
    """
    (true_salience, error_salience, weak_accuracy, ridge, aux_weight,
     n_train, n_features) = _settings(true_salience, error_salience, weak_accuracy, ridge, aux_weight,
                                      n_train, n_features)
    rng = as_rng(seed)
    z = rng.standard_normal((n_train, n_features))
    tilt = np.pi * (1.0 - weak_accuracy)
    truth = (z[:, 0] > 0).astype(float)
    weak_labels = (np.cos(tilt) * z[:, 0] + np.sin(tilt) * z[:, 1] > 0).astype(float)
    scales = np.ones(n_features)
    scales[0], scales[1] = true_salience, error_salience
    x = z * scales
    zero = np.zeros(n_features)
    ceiling = _fit(x, truth, ridge, zero)
    naive = _fit(x, weak_labels, ridge, zero)
    student, rounds = naive, 0
    hardened = (x @ student > 0).astype(float)
    for rounds in range(1, MAX_ROUNDS + 1):
        student = _fit(x, (1 - aux_weight) * weak_labels + aux_weight * hardened, ridge, student)
        updated = (x @ student > 0).astype(float)
        if np.array_equal(updated, hardened):
            break
        hardened = updated
    return WeakToStrongResult(
        weak=float(1.0 - tilt / np.pi), naive=_accuracy(naive, scales), aux=_accuracy(student, scales),
        ceiling=_accuracy(ceiling, scales), aux_rounds=rounds,
    )


def weak_to_strong_pgr(true_salience, error_salience, *, method="naive", seed=None, **settings) -> float:
    """The PGR of one run of the toy, for ``acslib.montecarlo.seed_band``.

    Parameters
    ----------
    true_salience, error_salience : float
        As in :func:`simulate_weak_to_strong`.
    method : {"naive", "aux"}
        Which student's PGR to return.
    seed : int, numpy.random.Generator or None
    **settings
        ``weak_accuracy``, ``ridge``, ``aux_weight``, ``n_train``, ``n_features``.

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 9, section *A weak-to-strong toy*.

    Examples
    --------
    >>> round(weak_to_strong_pgr(4.0, 2.0, seed=0), 2) == round(simulate_weak_to_strong(4.0, 2.0, seed=0).naive_pgr, 2)
    True
    """
    method = as_choice(method, "method", ("naive", "aux"))
    run = simulate_weak_to_strong(true_salience, error_salience, seed=seed, **settings)
    return run.naive_pgr if method == "naive" else run.aux_pgr


def pgr_bands(true_salience, error_salience, seeds=10, **settings) -> dict:
    """Naive and auxiliary PGR of the toy as seed bands over ``seeds``.

    Parameters
    ----------
    true_salience, error_salience : float
        As in :func:`simulate_weak_to_strong`.
    seeds : int or sequence of int
        A count (seeds 0 to count - 1) or distinct non-negative seeds below 2**32; 2 to
        1,000 seeds (:data:`MAX_SEEDS`).
    **settings
        ``weak_accuracy``, ``ridge``, ``aux_weight``, ``n_train``, ``n_features``.

    Returns
    -------
    dict
        ``{"naive": SeedBand, "aux": SeedBand}``, each from the same runs.

    Notes
    -----
    Defined in Chapter 9, section *A weak-to-strong toy*.

    Examples
    --------
    >>> bands = pgr_bands(4.0, 2.0, seeds=3)
    >>> bands["naive"].seeds
    (0, 1, 2)
    """
    _settings(true_salience, error_salience, **{**_DEFAULTS, **settings})
    both = seed_band(lambda seed: np.array([(run := simulate_weak_to_strong(
        true_salience, error_salience, seed=seed, **settings)).naive_pgr, run.aux_pgr]), seeds=list(_seeds(seeds)))
    return {"naive": SeedBand(both.values[:, 0], both.seeds), "aux": SeedBand(both.values[:, 1], both.seeds)}


def pgr_grid(true_saliences, error_saliences, seeds=10, **settings) -> dict:
    """:func:`pgr_bands` for every pair of saliences: the toy's whole table in one call.

    Parameters
    ----------
    true_saliences, error_saliences : sequence of float
        The values of ``S`` and ``Sv`` to combine: 1 to 20 of each, every one from 0.001
        to 1,000.
    seeds : int or sequence of int
        As in :func:`pgr_bands`.
    **settings
        ``weak_accuracy``, ``ridge``, ``aux_weight``, ``n_train``, ``n_features``.

    Returns
    -------
    dict
        ``{(S, Sv): {"naive": SeedBand, "aux": SeedBand}}`` in the order given.

    Notes
    -----
    Defined in Chapter 9, section *A weak-to-strong toy*.

    Examples
    --------
    >>> grid = pgr_grid((3.0, 6.0), (2.0,), seeds=2)
    >>> list(grid)
    [(3.0, 2.0), (6.0, 2.0)]
    """
    pairs = []
    for name, values in (("true_saliences", true_saliences), ("error_saliences", error_saliences)):
        values = as_float_array(values, name, ndim=1)
        if not 1 <= values.size <= 20:
            raise ValueError(f"{name} must hold 1 to 20 values; got {values.size}")
        pairs.append([_salience(v, name) for v in values])
    seeds = list(_seeds(seeds))
    _settings(1.0, 1.0, **{**_DEFAULTS, **settings})
    return {(S, Sv): pgr_bands(S, Sv, seeds=seeds, **settings) for Sv in pairs[1] for S in pairs[0]}


def describe_settings(seeds=10, *, weak_accuracy=0.7, ridge=0.5, aux_weight=0.75, n_train=1000, n_features=20) -> str:
    """The toy's settings in one line, to print next to its numbers.

    The line names the settings as the arguments of :func:`simulate_weak_to_strong` do,
    so that a reader can rerun any printed band.

    The arguments are those of :func:`simulate_weak_to_strong` and :func:`pgr_bands`,
    with the same limits: ``seeds`` a count or sequence of 2 to 1,000 seeds,
    ``n_train`` from 10 to 100,000 and ``n_features`` from 2 to 1,000.

    Examples
    --------
    >>> describe_settings()
    'weak_accuracy 0.7, ridge 0.5, aux_weight 0.75, n_train 1,000, n_features 20, seeds 0-9'
    """
    _settings(1.0, 1.0, weak_accuracy, ridge, aux_weight, n_train, n_features)
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, (bool, np.bool_)):
        shown = f"seeds 0-{len(_seeds(seeds)) - 1}"
    else:
        shown = f"seeds {', '.join(map(str, _seeds(seeds)))}"
    return (f"weak_accuracy {weak_accuracy:g}, ridge {ridge:g}, aux_weight {aux_weight:g}, "
            f"n_train {n_train:,}, n_features {n_features}, {shown}")
