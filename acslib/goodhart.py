"""Goodhart's law in numbers: best-of-n selection and reward over-optimisation.

Defined in Chapter 5, *Objective stability* (``chapters/05_objective_stability.ipynb``).

The chapter asks what happens to the objective we meant (the *gold* or *true* value)
when a system optimises harder and harder against a measurable *proxy* for it (a
learned reward model). Three kinds of result live here:

* exact results for best-of-n selection: its KL divergence from the base policy
  (:func:`best_of_n_kl`), the expected maximum of ``n`` standard normals
  (:func:`expected_max_normal`) and regressional Goodhart in closed form for
  Gaussian true value and Gaussian proxy error (:func:`regressional_best_of_n`,
  :func:`conditional_true_value`);
* the functional forms Gao, Schulman and Hilton (2022) fitted to gold reward against
  ``d = sqrt(KL)`` for best-of-n and for reinforcement learning, with their peaks in
  closed form (:func:`gold_reward_bon`, :func:`gold_reward_rl`,
  :func:`gold_reward_iterated_rl` and the ``*_peak`` functions);
* exact (deterministic) results for heavy-tailed, Student-t proxy error, by numerical
  integration rather than simulation: the regression of true value on proxy
  (:func:`conditional_true_value_student_t`) and the best-of-n winner's expected proxy
  and true value (:func:`expected_best_of_n`), which rises and then falls as ``n`` grows
  (extremal Goodhart); :func:`student_t_scale` gives the scale at which a Student-t error
  has a chosen standard deviation, so that Gaussian and heavy-tailed errors are compared
  at the same spread;
* a seeded, vectorised Monte Carlo of best-of-n selection (:func:`sample_best_of_n`,
  :func:`best_of_n_curve`), which agrees with the exact results within its seed band and
  shows how noisy a single simulated pool is when ``n`` approaches the pool's size.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, special

from ._validation import (
    as_choice,
    as_count,
    as_float_array,
    as_rng,
    as_scalar,
    check_broadcastable,
    check_same_length,
    check_total_size,
    finite_result,
)

__all__ = [
    "best_of_n_kl",
    "expected_max_normal",
    "conditional_true_value",
    "regressional_best_of_n",
    "gold_reward_bon",
    "gold_reward_bon_peak",
    "gold_reward_rl",
    "gold_reward_rl_peak",
    "gold_reward_iterated_rl",
    "gold_reward_iterated_rl_peak",
    "fit_gold_reward_bon",
    "student_t_scale",
    "conditional_true_value_student_t",
    "expected_best_of_n",
    "sample_best_of_n",
    "best_of_n_curve",
    "best_of_n_from_pool",
    "NOISE_KINDS",
    "MAX_CANDIDATES",
    "MAX_COUNTS",
    "MAX_DRAWS",
    "MAX_ROUNDS",
    "MAX_PROXY",
    "MAX_SCORES",
    "MAX_NODE_EVALUATIONS",
    "QUADRATURE_DOF",
]

#: Proxy-error distributions offered by the Monte Carlo.
NOISE_KINDS = ("gaussian", "student_t")
#: Largest number of RLHF rounds.
MAX_ROUNDS = 1_000_000
#: Largest candidate count ``n`` (the exact integrals are checked up to here).
MAX_CANDIDATES = 10_000_000
#: Largest number of candidate counts in one call (each is one integral or one pass over a pool).
MAX_COUNTS = 10_000
#: Largest number of values the Monte Carlo draws or sums over (trials × n, counts × pool).
MAX_DRAWS = 100_000_000
#: Largest magnitude of a proxy score given to :func:`conditional_true_value_student_t`.
MAX_PROXY = 1e100
#: Largest number of proxy scores :func:`conditional_true_value_student_t` takes in one call.
MAX_SCORES = 10_000_000
#: Largest amount of work (scores × quadrature nodes) of one call of
#: :func:`conditional_true_value_student_t`: about a minute.
MAX_NODE_EVALUATIONS = 10_000_000_000
#: Degrees of freedom the exact Student-t results accept, from 2 (below it the winner's
#: expected proxy converges too slowly to integrate) to 1,000 (beyond it the error is
#: Gaussian for every practical purpose, so use ``noise="gaussian"``).
QUADRATURE_DOF = (2.0, 1000.0)


def _as_sizes(n, name="n"):
    """Candidate counts: whole numbers from 1 to MAX_CANDIDATES, at most MAX_COUNTS of them."""
    array = as_float_array(n, name)
    if (array < 1).any():
        raise ValueError(f"{name} must be at least 1; got {array.min():g}")
    if (array != np.round(array)).any():
        raise ValueError(f"{name} must hold whole numbers of candidates")
    if (array > MAX_CANDIDATES).any():
        raise ValueError(f"{name} must be at most {MAX_CANDIDATES:,}; got {array.max():g}")
    if array.size > MAX_COUNTS:
        raise ValueError(f"{name} must hold at most {MAX_COUNTS:,} counts; got {array.size:,}")
    return array


def best_of_n_kl(n):
    """KL divergence (nats) of the best-of-``n`` policy from the base policy, as used by Gao et al.

    ``log(n) - (n - 1) / n``. Gao, Schulman and Hilton (2022) use this analytic value as
    the KL of best-of-n sampling; Beirami et al. (2024) show that it is an **upper bound**
    on the true KL divergence, not its value, and study how tight it is (it can be loose
    when the base policy puts much probability on a few outputs). Treat it as "at most this
    many nats".

    Parameters
    ----------
    n : array_like
        Number of candidates sampled before picking the best; whole numbers from 1 to
        10,000,000 (:data:`MAX_CANDIDATES`), at most 10,000 of them (:data:`MAX_COUNTS`).

    Returns
    -------
    numpy.ndarray
        The bound in nats, 0 at ``n = 1``.

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*.

    Examples
    --------
    >>> np.round(best_of_n_kl([1, 1000, 60_000]), 3)  # about 6 and about 10 nats
    array([ 0.   ,  5.909, 10.002])
    """
    n = _as_sizes(n)
    return np.log(n) - (n - 1.0) / n


def _expected_max_normal_one(n: float) -> float:
    # E[max] = int_0^inf (1 - Phi(x)^n) dx - int_-inf^0 Phi(x)^n dx, with Phi^n computed as
    # exp(n log Phi) so that neither part loses digits for n up to 1e5 and beyond.
    def upper(x):
        return -np.expm1(n * special.log_ndtr(x))

    def lower(x):
        return np.exp(n * special.log_ndtr(x))

    centre = float(np.sqrt(2.0 * np.log(n))) if n > 1 else 0.0
    top = centre + 10.0  # beyond here n * (1 - Phi(x)) < 1e-17 for every n <= 1e7
    points = [p for p in (centre - 1.0, centre, centre + 1.0) if 0.0 < p < top]
    above, _ = integrate.quad(upper, 0.0, top, points=points or None, limit=200, epsabs=1e-13, epsrel=1e-12)
    below, _ = integrate.quad(lower, -40.0, 0.0, limit=200, epsabs=1e-13, epsrel=1e-12)
    return above - below


def expected_max_normal(n):
    """Exact expected maximum of ``n`` independent standard normal draws.

    Computed by numerical integration (``scipy.integrate.quad``) of
    ``E[max] = ∫_0^∞ (1 - Φ(x)^n) dx - ∫_{-∞}^0 Φ(x)^n dx``, not by an asymptotic
    formula such as ``sqrt(2 log n)``. Accurate to better than 1e-6 for ``n`` up to 1e5.

    Parameters
    ----------
    n : array_like
        Numbers of draws; whole numbers from 1 to 10,000,000 (:data:`MAX_CANDIDATES`), at
        most 10,000 of them (:data:`MAX_COUNTS`).

    Returns
    -------
    numpy.ndarray
        ``E[max(Z_1, ..., Z_n)]`` for each ``n``; 0 at ``n = 1``.

    Notes
    -----
    Defined in Chapter 5, section *Regressional Goodhart in closed form*.

    Examples
    --------
    >>> round(float(expected_max_normal(2)), 9)  # exactly 1 / sqrt(pi)
    0.564189584
    >>> round(float(expected_max_normal(3)), 9)  # exactly 3 / (2 sqrt(pi))
    0.846284375
    """
    n = _as_sizes(n)
    values = np.array([_expected_max_normal_one(float(k)) for k in n.ravel()])
    return values.reshape(n.shape)


def conditional_true_value(proxy, mean_true, mean_noise, sigma_true, sigma_noise):
    """Expected true value given the proxy, for Gaussian true value and Gaussian error.

    With ``X ~ N(mean_true, sigma_true²)`` and independent ``Z ~ N(mean_noise,
    sigma_noise²)``, the proxy ``P = X + Z`` has
    ``E[X | P = c] = mean_true + (c - mean_true - mean_noise) · sigma_true² / (sigma_true² + sigma_noise²)``.
    The slope is below one: every unit of proxy buys less than a unit of true value
    (regressional Goodhart).

    Parameters
    ----------
    proxy : array_like
        Observed proxy values ``c``.
    mean_true, mean_noise : array_like
        Means of ``X`` and ``Z``.
    sigma_true, sigma_noise : array_like
        Standard deviations of ``X`` and ``Z``; ``sigma_true`` positive, ``sigma_noise``
        non-negative.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Regressional Goodhart in closed form*.

    Examples
    --------
    >>> float(conditional_true_value(3.0, 0.0, 0.0, 1.0, 1.0))  # half the proxy is noise
    1.5
    """
    proxy = as_float_array(proxy, "proxy")
    mean_true = as_float_array(mean_true, "mean_true")
    mean_noise = as_float_array(mean_noise, "mean_noise")
    sigma_true = as_float_array(sigma_true, "sigma_true", positive=True)
    sigma_noise = as_float_array(sigma_noise, "sigma_noise", nonnegative=True)
    check_broadcastable(proxy=proxy, mean_true=mean_true, mean_noise=mean_noise,
                        sigma_true=sigma_true, sigma_noise=sigma_noise)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        # share = 1 / (1 + (sigma_noise / sigma_true)²): no underflow for tiny sigmas.
        share = 1.0 / (1.0 + (sigma_noise / sigma_true) ** 2)
        # Halves first, so that a proxy far from the means cannot overflow the difference.
        excess = proxy / 2.0 - mean_true / 2.0 - mean_noise / 2.0
        value = mean_true + 2.0 * (excess * share)
    return finite_result(value, "proxy, mean_true, mean_noise", "the conditional expectation")


def regressional_best_of_n(n, sigma_true, sigma_noise):
    """Expected true value of the candidate that best-of-``n`` picks on a noisy proxy.

    True values ``X ~ N(0, sigma_true²)``, proxy ``P = X + Z`` with independent error
    ``Z ~ N(0, sigma_noise²)``. The winner's expected proxy is ``e_n · s`` with
    ``s = sqrt(sigma_true² + sigma_noise²)`` and ``e_n`` the expected maximum of ``n``
    standard normals; its expected true value is ``e_n · sigma_true² / s``. It rises
    with ``n`` without limit, but only a fraction ``sigma_true² / s²`` of the proxy's
    rise is real.

    Parameters
    ----------
    n : array_like
        Number of candidates; whole numbers from 1 to 10,000,000 (:data:`MAX_CANDIDATES`),
        at most 10,000 of them.
    sigma_true : array_like
        Spread of the true value; positive.
    sigma_noise : array_like
        Spread of the proxy's error; non-negative (0 is a perfect proxy).

    Returns
    -------
    numpy.ndarray
        ``E[X of the winner]``.

    Notes
    -----
    Defined in Chapter 5, section *Regressional Goodhart in closed form*.

    Examples
    --------
    >>> round(float(regressional_best_of_n(2, 1.0, 1.0)), 6)  # (1/sqrt(pi)) / sqrt(2)
    0.398942
    """
    n = _as_sizes(n)
    sigma_true = as_float_array(sigma_true, "sigma_true", positive=True)
    sigma_noise = as_float_array(sigma_noise, "sigma_noise", nonnegative=True)
    check_broadcastable(n=n, sigma_true=sigma_true, sigma_noise=sigma_noise)
    with np.errstate(over="ignore", under="ignore"):
        # sigma_true² / sqrt(sigma_true² + sigma_noise²), as sigma_true · (sigma_true / hypot).
        value = expected_max_normal(n) * sigma_true * (sigma_true / np.hypot(sigma_true, sigma_noise))
    return finite_result(value, "sigma_true, sigma_noise", "the expected true value")


def _coefficients(alpha, beta):
    alpha = as_float_array(alpha, "alpha", positive=True)
    beta = as_float_array(beta, "beta", positive=True)
    return alpha, beta


def gold_reward_bon(d, alpha, beta):
    """Gao et al.'s gold reward for best-of-n: ``R(d) = d (alpha - beta d)``.

    Parameters
    ----------
    d : array_like
        ``sqrt(KL)`` between the optimised and the initial policy; non-negative.
    alpha, beta : array_like
        Positive coefficients. ``alpha`` is the initial slope; ``beta`` sets how fast
        over-optimisation bends the curve down.

    Returns
    -------
    numpy.ndarray
        Gold reward relative to the initial policy (``R(0) = 0``).

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*. The peak is at
    ``d* = alpha / (2 beta)`` with height ``alpha² / (4 beta)``
    (:func:`gold_reward_bon_peak`).

    Examples
    --------
    >>> gold_reward_bon([0.0, 1.0, 2.0], alpha=1.0, beta=0.25)
    array([0.  , 0.75, 1.  ])
    """
    d = as_float_array(d, "d", nonnegative=True)
    alpha, beta = _coefficients(alpha, beta)
    check_broadcastable(d=d, alpha=alpha, beta=beta)
    with np.errstate(over="ignore", invalid="ignore"):
        value = d * (alpha - beta * d)
    return finite_result(value, "d, alpha, beta", "the gold reward d (alpha - beta d)")


def gold_reward_bon_peak(alpha, beta):
    """Closed-form peak of :func:`gold_reward_bon`: ``(alpha / (2 beta), alpha² / (4 beta))``.

    Setting ``dR/dd = alpha - 2 beta d`` to zero gives the location; substituting gives
    the height.

    Returns
    -------
    d_peak, reward_peak : numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*.

    Examples
    --------
    >>> [float(v) for v in gold_reward_bon_peak(1.0, 0.25)]
    [2.0, 1.0]
    """
    alpha, beta = _coefficients(alpha, beta)
    check_broadcastable(alpha=alpha, beta=beta)
    with np.errstate(over="ignore"):
        location = alpha / (2.0 * beta)
        height = alpha * location / 2.0
    finite_result(height, "alpha, beta", "the peak")
    return location, height


def gold_reward_rl(d, alpha, beta):
    """Gao et al.'s gold reward for reinforcement learning: ``R(d) = d (alpha - beta log d)``.

    ``R(0) = 0`` by continuity (``d log d → 0``).

    Parameters
    ----------
    d : array_like
        ``sqrt(KL)``; non-negative.
    alpha, beta : array_like
        Positive coefficients.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*. The peak is at
    ``d* = exp(alpha / beta - 1)`` with height ``beta · d*``
    (:func:`gold_reward_rl_peak`).

    Examples
    --------
    >>> np.round(gold_reward_rl([0.0, 1.0, np.e], alpha=1.0, beta=1.0), 6)
    array([0., 1., 0.])
    """
    d = as_float_array(d, "d", nonnegative=True)
    alpha, beta = _coefficients(alpha, beta)
    check_broadcastable(d=d, alpha=alpha, beta=beta)
    safe = np.where(d > 0, d, 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        value = np.where(d > 0, d * (alpha - beta * np.log(safe)), 0.0)
    return finite_result(value, "d, alpha, beta", "the gold reward d (alpha - beta log d)")


def gold_reward_rl_peak(alpha, beta):
    """Closed-form peak of :func:`gold_reward_rl`: ``(exp(alpha/beta - 1), beta exp(alpha/beta - 1))``.

    ``dR/dd = alpha - beta log d - beta`` vanishes at ``log d* = alpha/beta - 1``; there
    ``alpha - beta log d* = beta``, so the height is ``beta · d*``.

    Returns
    -------
    d_peak, reward_peak : numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*.

    Examples
    --------
    >>> [round(float(v), 6) for v in gold_reward_rl_peak(1.0, 1.0)]
    [1.0, 1.0]
    """
    alpha, beta = _coefficients(alpha, beta)
    check_broadcastable(alpha=alpha, beta=beta)
    with np.errstate(over="ignore"):
        d_peak = np.exp(alpha / beta - 1.0)
        height = beta * d_peak
    finite_result(height, "alpha, beta", "the peak exp(alpha / beta - 1)")
    return d_peak, height


def gold_reward_iterated_rl(d, alpha, beta, iterations):
    """Gold reward after ``iterations`` rounds of RLHF: ``d (alpha - beta log d + beta log k)``.

    Gao et al.'s idealisation: split a total distance ``d`` into ``k`` equal rounds, each
    with a freshly trained reward model and each following the RL curve from zero, and
    assume the distances add. The rounds' gains sum to ``k · R_RL(d / k)``, which is
    ``R_RL(d) + beta · d · log k``. Additive distance is an optimistic assumption.

    Parameters
    ----------
    d : array_like
        Total ``sqrt(KL)``; non-negative.
    alpha, beta : array_like
        Positive coefficients of :func:`gold_reward_rl`.
    iterations : int
        Number of rounds ``k``, 1 to 1,000,000 (:data:`MAX_ROUNDS`); ``k = 1`` is ordinary
        RLHF.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Iterated RLHF*.

    Examples
    --------
    >>> float(gold_reward_iterated_rl(2.0, 1.0, 1.0, 2))  # = 2 * R_RL(1)
    2.0
    """
    iterations = as_count(iterations, "iterations", cap=MAX_ROUNDS)
    with np.errstate(over="ignore", invalid="ignore"):
        value = gold_reward_rl(d, alpha, beta) + as_float_array(d, "d") * as_float_array(beta, "beta") * np.log(iterations)
    return finite_result(value, "d, alpha, beta", "the gold reward")


def gold_reward_iterated_rl_peak(alpha, beta, iterations):
    """Peak of :func:`gold_reward_iterated_rl`: ``k`` times the single-round peak, in both location and height.

    ``d (alpha - beta log(d / k))`` is the single-round curve with ``d`` measured in
    units of ``k``, so the peak sits at ``k · exp(alpha/beta - 1)`` with height
    ``k · beta · exp(alpha/beta - 1)``.

    Returns
    -------
    d_peak, reward_peak : numpy.ndarray

    Notes
    -----
    Defined in Chapter 5, section *Iterated RLHF*.

    Examples
    --------
    >>> [round(float(v), 6) for v in gold_reward_iterated_rl_peak(1.0, 1.0, 3)]
    [3.0, 3.0]

    ``iterations`` is 1 to 1,000,000 (:data:`MAX_ROUNDS`).
    """
    iterations = as_count(iterations, "iterations", cap=MAX_ROUNDS)
    d_peak, reward_peak = gold_reward_rl_peak(alpha, beta)
    with np.errstate(over="ignore"):
        height = iterations * reward_peak
    finite_result(height, "alpha, beta, iterations", "the peak")
    return iterations * d_peak, height


def fit_gold_reward_bon(d, reward):
    """Least-squares fit of ``reward ≈ d (alpha - beta d)``; returns ``(alpha, beta)``.

    The form is linear in ``alpha`` and ``beta`` (regressors ``d`` and ``-d²``, no
    intercept, since ``R(0) = 0``), so ordinary least squares solves it exactly.

    Parameters
    ----------
    d : array_like
        1-D ``sqrt(KL)`` values, non-negative, at least two of them positive.
    reward : array_like
        Gold reward at each ``d``; same length.

    Returns
    -------
    alpha, beta : float
        Unconstrained estimates (``beta`` comes out negative if the curve never bends down).

    Notes
    -----
    Defined in Chapter 5, section *Over-optimisation curves*.

    Examples
    --------
    >>> d = np.linspace(0, 3, 7)
    >>> [round(v, 6) for v in fit_gold_reward_bon(d, d * (1.2 - 0.3 * d))]
    [1.2, 0.3]
    """
    d = as_float_array(d, "d", nonnegative=True, ndim=1)
    reward = as_float_array(reward, "reward", ndim=1)
    check_same_length(d=d, reward=reward)
    if np.unique(d[d > 0]).size < 2:
        raise ValueError("d must hold at least two distinct positive values")
    scale = np.float64(d.max())  # fit on d / max(d), so that huge distances do not overflow d²
    design = np.column_stack([d / scale, -((d / scale) ** 2)])
    (alpha, beta), *_ = np.linalg.lstsq(design, reward, rcond=None)
    with np.errstate(over="ignore"):
        alpha, beta = alpha / scale, beta / scale / scale
    finite_result(np.array([alpha, beta]), "d, reward", "the fitted coefficients")
    return float(alpha), float(beta)


def _check_noise(noise, dof):
    as_choice(noise, "noise", NOISE_KINDS)
    dof = as_scalar(dof, "dof", positive=True)
    if not 1.0 <= dof <= 1e6:
        raise ValueError(f"dof must lie between 1 and 1e6 (below 1 the draws overflow); got {dof:g}")
    return dof


def _check_spreads(sigma_true, sigma_noise):
    sigma_true = as_scalar(sigma_true, "sigma_true", positive=True)
    sigma_noise = as_scalar(sigma_noise, "sigma_noise", nonnegative=True)
    if max(sigma_true, sigma_noise) > 1e100:
        raise ValueError("sigma_true, sigma_noise must be at most 1e100 (the draws would overflow)")
    return sigma_true, sigma_noise


def _draw_error(rng, noise, dof, size):
    if noise == "gaussian":
        return rng.standard_normal(size)
    return rng.standard_t(dof, size)


def _check_quadrature_dof(dof):
    dof = as_scalar(dof, "dof", positive=True)
    low, high = QUADRATURE_DOF
    if not low <= dof <= high:
        raise ValueError(f"dof must lie between {low:g} and {high:g} for the exact Student-t results; got {dof:g}")
    return dof


def student_t_scale(sd, dof=3.0):
    """Scale of a Student-t error whose standard deviation is ``sd``: ``sd · sqrt((dof - 2) / dof)``.

    A Student-t variable with ``dof`` degrees of freedom and scale ``s`` has standard
    deviation ``s · sqrt(dof / (dof - 2))``, larger than ``s``: with 3 degrees of freedom
    and scale 0.5 it is 0.87. Comparing a Gaussian error with a heavy-tailed one "at the
    same scale" therefore mixes two changes, heavier tails and a larger spread; comparing
    them at the same standard deviation isolates the tails.

    Parameters
    ----------
    sd : array_like
        Wanted standard deviations; non-negative, at most 1e100.
    dof : float
        Degrees of freedom, above 2 (the variance is infinite at 2 and below) and at most
        1e6.

    Returns
    -------
    numpy.ndarray
        The scales, shaped like ``sd``.

    Notes
    -----
    Defined in Chapter 5, section *Extremal Goodhart: when the true value turns down*.

    Examples
    --------
    >>> round(float(student_t_scale(0.5, 3.0)), 4)  # 0.5 / sqrt(3)
    0.2887
    """
    sd = as_float_array(sd, "sd", nonnegative=True)
    if (sd > 1e100).any():
        raise ValueError(f"sd must be at most 1e100; got {sd.max():g}")
    dof = as_scalar(dof, "dof", positive=True)
    if not 2.0 < dof <= 1e6:
        raise ValueError(f"dof must be above 2 (a finite variance) and at most 1e6; got {dof:g}")
    return sd * np.sqrt((dof - 2.0) / dof)


#: Grid steps of the scale mixture per standard deviation of log W.
_MIXTURE_STEPS = 10.0


def _mixture(sigma_true, sigma_noise, dof, reach=0.0):
    """Nodes of the Student-t error as a scale mixture of Gaussians.

    ``T = Z / sqrt(W / dof)`` with ``W ~ chi²(dof)``: given ``W`` the proxy ``X + s T`` is
    Gaussian with variance ``sigma_true² + s² dof / W``. The nodes are a trapezoidal
    grid in ``u = log W`` (spectrally accurate for this smooth integrand) from below its
    ``1e-18`` quantile to its ``1 - 1e-18`` quantile, with a step of a tenth of the spread
    of ``log W``. A proxy score as large as ``c = reach`` is explained by a small ``W``: the
    density of ``P = c`` over ``u`` peaks near ``W* = (dof + 1) dof s² / c²`` and, below
    it, falls like ``exp(-(dof/2 + 1/2)(u* - u - 1))``, so the grid extends
    ``1 + 36 / (dof/2 + 1/2)`` units of ``u`` below ``u*``, where that factor is
    ``e^-36`` (about 2e-16). The grid has about ``10 sqrt(dof / 2)`` nodes per unit of
    ``u`` over a span of about ``45 + 2 ln(reach / s)`` units: a few hundred nodes for
    ordinary scores, and up to about 200,000 for the most extreme ones allowed (``dof``
    1,000, ``reach / s`` near 1e200). Returns the node weights (summing to 1) and the
    proxy variances, and their logarithms (the weights of nodes far in the tail underflow;
    their logarithms do not).
    """
    shape = dof / 2.0
    low = np.log(2.0 * special.gammaincinv(shape, 1e-18))
    if reach > 0 and sigma_noise > 0:
        peak = np.log((dof + 1.0) * dof) + 2.0 * (np.log(sigma_noise) - np.log(reach))
        low = min(low, peak - 1.0 - 36.0 / (shape + 0.5))
    high = np.log(2.0 * special.gammainccinv(shape, 1e-18))
    step = np.sqrt(2.0 / dof) / _MIXTURE_STEPS
    log_w = np.arange(low, high + step, step)
    log_density = shape * log_w - np.exp(log_w) / 2.0 - shape * np.log(2.0) - special.gammaln(shape)
    log_weights = log_density - special.logsumexp(log_density)
    with np.errstate(under="ignore"):
        weights = np.exp(log_weights)
    # log(sigma_true² + sigma_noise² · dof / W), in logs so that a tiny W cannot overflow.
    if sigma_noise > 0:
        log_variance = np.logaddexp(2.0 * np.log(sigma_true), 2.0 * np.log(sigma_noise) + np.log(dof) - log_w)
    else:
        log_variance = np.full_like(log_w, 2.0 * np.log(sigma_true))
    with np.errstate(over="ignore"):
        variance = np.exp(log_variance)
    return weights, variance, log_weights, log_variance


def conditional_true_value_student_t(proxy, sigma_true=1.0, sigma_noise=1.0, dof=3.0):
    """Expected true value given the proxy, for Gaussian true value and Student-t error.

    ``X ~ N(0, sigma_true²)`` and proxy ``P = X + sigma_noise · T`` with ``T`` a Student-t
    variable with ``dof`` degrees of freedom, independent of ``X``. Unlike the Gaussian
    regression line (:func:`conditional_true_value`), ``E[X | P = c]`` rises, peaks and
    falls back toward the mean ``0`` as ``c`` grows: a very high proxy score is more
    likely a large error than a large true value. For large ``c`` it decays like
    ``(dof + 1) sigma_true² / c``. It stays positive for every positive ``c``.

    Computed to a relative accuracy of 1e-9 or better by writing ``T`` as a Gaussian whose
    variance is itself random, ``T = Z / sqrt(W / dof)`` with ``W ~ chi²(dof)``: given
    ``W``, ``P`` is Gaussian with variance ``v(W) = sigma_true² + sigma_noise² dof / W`` and
    ``E[X | P = c, W] = sigma_true² c / v(W)`` (the Gaussian regression line), so

    ``E[X | P = c] = ∫ p(W) φ(c; v(W)) sigma_true² c / v(W) dW / ∫ p(W) φ(c; v(W)) dW``,

    with ``φ(c; v)`` the normal density of variance ``v``; the integrals over ``W`` are
    taken on a fine grid in ``log W``, in logarithms so that far tails cannot underflow.
    No simulation. The tests check it against direct integration over ``X`` (to 1e-9) and
    against the ``(dof + 1) sigma_true² / c`` tail. One call does at most 1e10 node
    evaluations (:data:`MAX_NODE_EVALUATIONS`; a few hundred nodes per score for ordinary
    scores).

    Parameters
    ----------
    proxy : array_like
        Proxy scores ``c``; magnitude at most 1e100 (:data:`MAX_PROXY`), at most 10,000,000
        of them (:data:`MAX_SCORES`).
    sigma_true : float
        Spread of the true value; positive, at most 1e100.
    sigma_noise : float
        Scale of the error (its standard deviation is ``sigma_noise · sqrt(dof / (dof -
        2))``; see :func:`student_t_scale`); non-negative, at most 1e100.
    dof : float
        Degrees of freedom, from 2 to 1,000 (:data:`QUADRATURE_DOF`).

    Returns
    -------
    numpy.ndarray
        ``E[X | P = c]``, shaped like ``proxy``.

    Notes
    -----
    Defined in Chapter 5, section *Extremal Goodhart: when the true value turns down*.

    Examples
    --------
    >>> np.round(conditional_true_value_student_t([1.0, 3.0, 45.0], 1.0, 0.5), 3)
    array([0.722, 1.662, 0.089])
    """
    proxy = as_float_array(proxy, "proxy")
    if (np.abs(proxy) > MAX_PROXY).any():
        raise ValueError(f"proxy must have magnitude at most {MAX_PROXY:g}; got {np.abs(proxy).max():g}")
    sigma_true, sigma_noise = _check_spreads(sigma_true, sigma_noise)
    dof = _check_quadrature_dof(dof)
    check_total_size("proxy", proxy.size, MAX_SCORES, "scores")
    if sigma_noise == 0:  # a perfect proxy: the true value is the score
        return proxy.astype(float, copy=True)
    _, _, log_weights, log_variance = _mixture(sigma_true, sigma_noise, dof, reach=float(np.abs(proxy).max()))
    if proxy.size * log_weights.size > MAX_NODE_EVALUATIONS:
        raise ValueError(f"proxy: {proxy.size:,} scores over this range need {log_weights.size:,} quadrature nodes "
                         f"each, more than {MAX_NODE_EVALUATIONS:.0e} node evaluations in all; pass fewer scores")
    log_node_weights = log_weights - 0.5 * log_variance
    with np.errstate(under="ignore"):
        slope = np.exp(2.0 * np.log(sigma_true) - log_variance)  # E[X | P = c, W] = slope · c
    scores = proxy.ravel()
    value = np.empty(scores.size)
    block = max(1, 2_000_000 // log_weights.size)
    for start in range(0, scores.size, block):  # at most MAX_NODE_EVALUATIONS / 2e6 blocks, plus one
        c = scores[start:start + block, None]
        # Log of each node's density at c, normalised per c so that far tails cannot underflow;
        # c² / v is taken in logs, so that neither a huge score nor a tiny spread overflows it.
        with np.errstate(divide="ignore", under="ignore", over="ignore"):
            log_node = log_node_weights - 0.5 * np.exp(2.0 * np.log(np.abs(c)) - log_variance)
        node = np.exp(log_node - log_node.max(axis=1, keepdims=True))
        value[start:start + block] = (node @ slope) / node.sum(axis=1) * scores[start:start + block]
    return finite_result(value.reshape(proxy.shape), "proxy, sigma_true, sigma_noise", "the conditional expectation")


#: Step in y of the outer grid c = a sinh(y) of :func:`expected_best_of_n`.
_SINH_STEP = 0.015


def _winner_integrals(n, sigma_true, weights, variance, scale, top):
    """Expected proxy and true value of the best-of-n winner for Student-t error, by quadrature.

    With ``F`` the proxy's distribution function, ``f`` its density and ``N(c) = E[X; P ∈
    dc] / dc``, the winner has ``E[true] = n ∫ N(c) F(c)^(n-1) dc`` and ``E[proxy] = n ∫ c
    f(c) F(c)^(n-1) dc``. ``F``, ``f`` and ``N`` are sums over the scale-mixture nodes of
    Gaussian closed forms; the outer integral is trapezoidal in ``y`` with ``c = a
    sinh(y)``, which is fine near the bulk and geometric in both tails, out to where
    ``max(n) · (1 - F)`` is below 1e-12 (``top``); ``scale`` is ``a``. Beyond the grid's end
    ``c_max``, ``F(c)^(n-1)`` differs from its value at ``c_max`` by less than 1e-12, and
    the rest of both integrals is closed-form per node (``∫_a^∞ c φ_v(c) dc = v φ_v(a)``),
    so it is added exactly; below ``-c_max`` the integrands carry ``F(-c_max)^(n-1)`` and are
    negligible (for ``n = 1`` both means are set to 0). Without that tail the heavy-tailed
    proxy would be short by about ``n · c_max · (1 - F(c_max))``, up to 1e-6 of it near 2
    degrees of freedom. ``weights`` and ``variance`` are the mixture's nodes
    (:func:`_mixture`); one node of weight 1 is Gaussian error, which the tests use to
    check this integral against the closed form.
    """
    spread = np.sqrt(variance)
    # The proxy is symmetric about 0: compute on c >= 0 and mirror (F(-c) = 1 - F(c)).
    half = int(np.ceil(np.arcsinh(top / scale) / _SINH_STEP))
    y = _SINH_STEP * np.arange(0, half + 1)
    c = scale * np.sinh(y)
    dc = scale * np.cosh(y) * _SINH_STEP
    survival, density, numerator = np.empty(c.size), np.empty(c.size), np.empty(c.size)
    rows = max(1, 2_000_000 // spread.size)  # grid points per block: at most 2e6 values at once
    slope_weights = weights * (sigma_true**2 / variance)
    for first in range(0, c.size, rows):  # at most a few thousand blocks (c.size is under 20,000)
        part = slice(first, first + rows)
        z = c[part, None] / spread[None, :]
        survival[part] = special.ndtr(-z) @ weights
        with np.errstate(under="ignore"):
            density_nodes = np.exp(-0.5 * z**2) / (np.sqrt(2.0 * np.pi) * spread[None, :])
        density[part] = density_nodes @ weights
        numerator[part] = (density_nodes @ slope_weights) * c[part]
    with np.errstate(divide="ignore"):
        log_upper = np.log1p(-survival)  # log F(c), c >= 0
        log_lower = np.log(survival)  # log F(-c)
    # Mirror: the grid is c_k for k = -half..half; the node at 0 is counted once.
    log_cdf = np.concatenate([log_lower[:0:-1], log_upper])
    grid = np.concatenate([-c[:0:-1], c])
    weight = np.concatenate([dc[:0:-1], dc])
    weight[[0, -1]] /= 2.0  # trapezoidal ends; the tails beyond them are added below
    numerator = np.concatenate([-numerator[:0:-1], numerator])
    first_moment = grid * np.concatenate([density[:0:-1], density])
    proxy_mean = np.zeros(n.size)
    true_mean = np.zeros(n.size)
    counts = n.ravel()
    for start in range(0, counts.size, 64):  # at most MAX_COUNTS / 64 blocks of 64 counts
        block = counts[start:start + 64, None]
        with np.errstate(under="ignore", invalid="ignore"):
            kernel = block * np.exp((block - 1.0) * log_cdf[None, :]) * weight[None, :]
        true_mean[start:start + 64] = kernel @ numerator
        proxy_mean[start:start + 64] = kernel @ first_moment
    # The upper tails beyond c_max, per node: ∫ c φ_v = v φ_v(c_max) and ∫ N = sigma_true² φ_v(c_max),
    # times F(c_max)^(n-1) (F hardly moves beyond c_max).
    edge = c[-1]
    live = weights > 0
    with np.errstate(under="ignore"):
        at_edge = weights[live] * np.exp(-0.5 * (edge / spread[live]) ** 2) / (np.sqrt(2.0 * np.pi) * spread[live])
        tail_kernel = counts * np.exp((counts - 1.0) * log_upper[-1])
    proxy_mean += tail_kernel * float(at_edge @ variance[live])
    true_mean += tail_kernel * float(at_edge.sum()) * sigma_true**2
    one = counts == 1  # the winner of one is a random candidate: both means are exactly 0
    proxy_mean[one] = true_mean[one] = 0.0
    return proxy_mean.reshape(n.shape), true_mean.reshape(n.shape)


def expected_best_of_n(n, sigma_true=1.0, sigma_noise=1.0, noise="gaussian", dof=3.0):
    """Exact expected proxy and true value of the best-of-``n`` winner; no Monte Carlo.

    ``n`` candidates have true values ``X ~ N(0, sigma_true²)`` and proxies ``P = X +
    sigma_noise · E``, with ``E`` standard normal (``noise="gaussian"``) or Student-t with
    ``dof`` degrees of freedom (``noise="student_t"``); the one with the highest proxy
    wins. For Gaussian error the answer is the closed form ``(e_n s, e_n sigma_true² /
    s)``, ``s = sqrt(sigma_true² + sigma_noise²)`` (:func:`regressional_best_of_n`). For
    Student-t error it is computed by numerical integration,

    ``E[proxy] = n ∫ c f(c) F(c)^(n-1) dc`` and ``E[true] = n ∫ E[X | P = c] f(c) F(c)^(n-1) dc``,

    where ``f`` and ``F`` are the proxy's density and distribution function (``n f F^(n-1)``
    is the density of the largest of ``n`` scores) and ``E[X | P = c]`` is
    :func:`conditional_true_value_student_t`'s regression; all three are sums of Gaussian
    closed forms over the nodes of the same scale mixture. Accurate to 1e-9 (absolute for
    the true value, relative for the proxy): the tests check it against an independent
    quadrature over ``X`` and ``c`` with scipy, the Gaussian closed form, a finer grid
    and a Monte Carlo seed band. The true value rises, peaks and
    falls toward 0 as ``n`` grows, but never becomes negative: every proxy score has a
    positive expected true value (:func:`conditional_true_value_student_t`).

    Parameters
    ----------
    n : array_like
        Candidate counts; whole numbers from 1 to 10,000,000 (:data:`MAX_CANDIDATES`), at
        most 10,000 of them (:data:`MAX_COUNTS`).
    sigma_true : float
        Spread of the true value; positive, at most 1e100.
    sigma_noise : float
        Scale of the error: its standard deviation for Gaussian error; for Student-t error
        the standard deviation is ``sigma_noise · sqrt(dof / (dof - 2))`` (use
        :func:`student_t_scale` to choose a standard deviation). Non-negative, at most
        1e100.
    noise : {"gaussian", "student_t"}
        Error distribution.
    dof : float
        Degrees of freedom of the Student-t error, from 2 to 1,000
        (:data:`QUADRATURE_DOF`); ignored for Gaussian error.

    Returns
    -------
    proxy, true : numpy.ndarray
        Expected proxy and true value of the winner, shaped like ``n``.

    Notes
    -----
    Defined in Chapter 5, section *Extremal Goodhart: when the true value turns down*.

    Examples
    --------
    >>> proxy, true = expected_best_of_n([1, 100, 100_000], sigma_noise=student_t_scale(0.5), noise="student_t")
    >>> np.round(true, 2)  # rises, peaks, falls back toward 0
    array([0.  , 2.02, 0.26])
    """
    n = _as_sizes(n)
    sigma_true, sigma_noise = _check_spreads(sigma_true, sigma_noise)
    as_choice(noise, "noise", NOISE_KINDS)
    if noise == "gaussian":
        maxima = expected_max_normal(n)
        spread = float(np.hypot(sigma_true, sigma_noise))
        with np.errstate(over="ignore", under="ignore"):
            proxy, true = maxima * spread, maxima * sigma_true * (sigma_true / spread)
    else:
        dof = _check_quadrature_dof(dof)
        quantile = abs(float(special.stdtrit(dof, 1e-12 / max(float(n.max()), 2.0))))
        top = 10.0 * sigma_true + sigma_noise * quantile
        weights, variance, _, _ = _mixture(sigma_true, sigma_noise, dof, reach=top)
        proxy, true = _winner_integrals(n, sigma_true, weights, variance, float(np.hypot(sigma_true, sigma_noise)),
                                        top)
    finite_result(np.stack([proxy, true]), "sigma_true, sigma_noise", "the expected winner")
    return proxy, true


def sample_best_of_n(n, trials, sigma_true=1.0, sigma_noise=1.0, noise="gaussian", dof=3.0, seed=None):
    """Run best-of-``n`` selection ``trials`` times and return each winner's proxy and true value.

    Each trial draws ``n`` candidates with true value ``X ~ N(0, sigma_true²)`` and proxy
    ``P = X + sigma_noise · E``, where the error ``E`` is standard normal
    (``noise="gaussian"``) or Student-t with ``dof`` degrees of freedom
    (``noise="student_t"``, heavy-tailed), and keeps the candidate with the highest proxy.
    Fully vectorised: one ``(trials, n)`` draw.

    Parameters
    ----------
    n : int
        Candidates per trial, 1 to 10,000,000 (:data:`MAX_CANDIDATES`).
    trials : int
        Number of independent selections, 1 to 100,000,000 (:data:`MAX_DRAWS`); ``n ×
        trials`` is at most 100,000,000 as well.
    sigma_true : float
        Spread of the true value; positive, at most 1e100.
    sigma_noise : float
        Scale of the proxy's error; non-negative, at most 1e100.
    noise : {"gaussian", "student_t"}
        Error distribution.
    dof : float
        Degrees of freedom of the Student-t error, from 1 to 1e6 (ignored for Gaussian).
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    proxy, true : numpy.ndarray
        Shape ``(trials,)``: the winners' proxy and true values.

    Notes
    -----
    Defined in Chapter 5, section *Regressional Goodhart in closed form*.

    Examples
    --------
    >>> proxy, true = sample_best_of_n(16, 20_000, sigma_noise=1.0, seed=0)
    >>> bool(abs(true.mean() - float(regressional_best_of_n(16, 1.0, 1.0))) < 0.02)
    True
    """
    n = as_count(n, "n", cap=MAX_CANDIDATES)
    trials = as_count(trials, "trials", cap=MAX_DRAWS)
    check_total_size("n × trials", n * trials, MAX_DRAWS, "draws")
    sigma_true, sigma_noise = _check_spreads(sigma_true, sigma_noise)
    dof = _check_noise(noise, dof)
    rng = as_rng(seed)
    true = sigma_true * rng.standard_normal((trials, n))
    proxy = true + sigma_noise * _draw_error(rng, noise, dof, (trials, n))
    winner = np.argmax(proxy, axis=1)
    rows = np.arange(trials)
    return proxy[rows, winner], true[rows, winner]


def best_of_n_curve(n, sigma_true=1.0, sigma_noise=1.0, noise="gaussian", dof=3.0, pool_size=1_000_000, seed=None):
    """Monte Carlo estimate of the winner's expected proxy and true value, for many ``n`` at once.

    Draws one pool of ``pool_size`` candidates and hands it to
    :func:`best_of_n_from_pool`: best-of-``n`` sampling with replacement from the pool
    picks the candidate of proxy rank ``i`` (1 = lowest of ``M``) with probability
    ``(i/M)^n - ((i-1)/M)^n``, so each expectation is an exactly weighted sum over the
    sorted pool. One pool serves every ``n``, which makes
    the curves smooth in ``n``; the estimate is good while ``n`` is well below the
    pool size.

    Parameters
    ----------
    n : array_like
        Candidate counts; whole numbers from 1 to 10,000,000 (:data:`MAX_CANDIDATES`), at
        most 10,000 of them.
    sigma_true, sigma_noise, noise, dof, seed
        As in :func:`sample_best_of_n`.
    pool_size : int
        Candidates in the pool, 2 to 100,000,000 (:data:`MAX_DRAWS`); the number of counts
        in ``n`` times ``pool_size`` is at most 100,000,000 as well.

    Returns
    -------
    proxy, true : numpy.ndarray
        Expected proxy and true value of the winner, shaped like ``n``.

    Notes
    -----
    Defined in Chapter 5, section *Extremal Goodhart: when the true value turns down*.

    Examples
    --------
    >>> proxy, true = best_of_n_curve([1, 10, 1000], sigma_noise=0.5, noise="student_t", pool_size=200_000, seed=0)
    >>> bool(true[1] > true[0] and true[2] < true[1])  # the extremal-Goodhart turn
    True
    """
    n = _as_sizes(n)
    pool_size = as_count(pool_size, "pool_size", cap=MAX_DRAWS, minimum=2)
    check_total_size("n × pool_size", n.size * pool_size, MAX_DRAWS, "terms")
    sigma_true, sigma_noise = _check_spreads(sigma_true, sigma_noise)
    dof = _check_noise(noise, dof)
    rng = as_rng(seed)
    true = sigma_true * rng.standard_normal(pool_size)
    proxy = true + sigma_noise * _draw_error(rng, noise, dof, pool_size)
    return best_of_n_from_pool(n, proxy, true)


def best_of_n_from_pool(n, proxy, true):
    """Expected proxy and true value of the best-of-``n`` winner, sampling with replacement from a pool.

    Sort the pool by proxy; the candidate of rank ``i`` (1 = lowest of ``M``) wins with
    probability ``(i/M)^n - ((i-1)/M)^n``. The expectations are these weighted sums;
    ranks whose weight is below about 1e-17 are skipped.

    Parameters
    ----------
    n : array_like
        Candidate counts; whole numbers from 1 to 10,000,000 (:data:`MAX_CANDIDATES`), at
        most 10,000 of them.
    proxy, true : array_like
        1-D proxy and true values of the pool's candidates, same length (at least 2);
        the number of counts in ``n`` times the pool's length is at most 100,000,000
        (:data:`MAX_DRAWS`).

    Returns
    -------
    proxy, true : numpy.ndarray
        Expected proxy and true value of the winner, shaped like ``n``.

    Notes
    -----
    Defined in Chapter 5, section *Extremal Goodhart: when the true value turns down*.

    Examples
    --------
    >>> float(best_of_n_from_pool(2, [0.0, 1.0], [5.0, 7.0])[1])  # the better one wins 3 times in 4
    6.5
    """
    n = _as_sizes(n)
    proxy = as_float_array(proxy, "proxy", ndim=1)
    true = as_float_array(true, "true", ndim=1)
    if proxy.shape != true.shape:
        raise ValueError(f"true must have the same length as proxy; got {true.shape} and {proxy.shape}")
    if proxy.size < 2:
        raise ValueError("proxy must hold at least two candidates")
    check_total_size("n × proxy", n.size * proxy.size, MAX_DRAWS, "terms")
    if max(np.abs(proxy).max(), np.abs(true).max()) > 1e300:
        raise ValueError("proxy, true must have magnitude at most 1e300 (differences would overflow)")
    pool_size = proxy.size
    log_quantile = np.log(np.arange(1, pool_size + 1) / pool_size)
    # Ranks whose cumulative weight (i/M)^n is below e^-40 contribute nothing visible, so only
    # the top of the pool (for the smallest n) needs sorting; the rest is partitioned off.
    firsts = [max(0, int(np.searchsorted(log_quantile, -40.0 / count)) - 1) for count in n.ravel()]
    cut = max(0, min(firsts) - 1)
    if cut > 0:
        top = np.argpartition(proxy, cut)[cut:]
        order = top[np.argsort(proxy[top], kind="stable")]
    else:
        order = np.argsort(proxy, kind="stable")
    sorted_values = np.stack([proxy[order], true[order]])  # row 0 proxy, row 1 true; ranks cut+1 .. M
    # Summation by parts: sum_i (C_i - C_{i-1}) x_i = C_M x_M + sum_{i<M} C_i (x_i - x_{i+1}) - C_{f-1} x_f,
    # with C_i = (i/M)^n the chance that the winner's rank is at most i. One exp and one
    # matrix-vector product per n.
    steps = sorted_values[:, :-1] - sorted_values[:, 1:]
    means = np.empty((2, n.size))
    for index, (count, first) in enumerate(zip(n.ravel(), firsts)):
        cumulative = np.exp(count * log_quantile[first:-1])
        below = 0.0 if first == 0 else np.exp(count * log_quantile[first - 1])
        means[:, index] = (sorted_values[:, -1] + steps[:, first - cut:] @ cumulative
                           - below * sorted_values[:, first - cut])
    finite_result(means, "proxy, true", "the expected winner")
    return means[0].reshape(n.shape), means[1].reshape(n.shape)
