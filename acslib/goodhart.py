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
* a seeded, vectorised Monte Carlo of best-of-n selection on a proxy whose error is
  Gaussian or heavy-tailed (:func:`sample_best_of_n`, :func:`best_of_n_curve`). With
  Gaussian error it agrees with the closed forms; with heavy-tailed error the true value
  of the selected item rises and then falls as ``n`` grows (extremal Goodhart).
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
    "sample_best_of_n",
    "best_of_n_curve",
    "best_of_n_from_pool",
    "NOISE_KINDS",
    "MAX_CANDIDATES",
    "MAX_COUNTS",
    "MAX_DRAWS",
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
    on the true KL divergence, attained only when every candidate is distinct (it can be
    loose when the base policy often repeats outputs). Treat it as "at most this many nats".

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
    order = np.argsort(proxy, kind="stable")
    sorted_values = np.stack([proxy[order], true[order]])  # row 0 proxy, row 1 true
    # Summation by parts: sum_i (C_i - C_{i-1}) x_i = C_M x_M + sum_{i<M} C_i (x_i - x_{i+1}) - C_{f-1} x_f,
    # with C_i = (i/M)^n the chance that the winner's rank is at most i. One exp and one
    # matrix-vector product per n.
    steps = sorted_values[:, :-1] - sorted_values[:, 1:]
    log_quantile = np.log(np.arange(1, pool_size + 1) / pool_size)
    means = np.empty((2, n.size))
    for index, count in enumerate(n.ravel()):
        # Ranks whose cumulative weight (i/M)^count is below e^-40 contribute nothing visible.
        first = max(0, int(np.searchsorted(log_quantile, -40.0 / count)) - 1)
        cumulative = np.exp(count * log_quantile[first:-1])
        below = 0.0 if first == 0 else np.exp(count * log_quantile[first - 1])
        means[:, index] = sorted_values[:, -1] + steps[:, first:] @ cumulative - below * sorted_values[:, first]
    finite_result(means, "proxy, true", "the expected winner")
    return means[0].reshape(n.shape), means[1].reshape(n.shape)
