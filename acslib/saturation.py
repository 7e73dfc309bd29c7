"""Proxy metric overreliance: how a fixed evaluation suite saturates as capability grows.

Defined in Chapter 11, *Key challenges* (``chapters/11_key_challenges.ipynb``), section
*Proxy metric overreliance*. A suite of ``K`` items is scored with a one-parameter
item-response (Rasch) model: a model of ability ``θ`` answers item ``k``, of difficulty
``b_k``, correctly with probability ``g + (1 − g − ε)·σ(θ − b_k)``, where ``g`` is the
chance of guessing right and ``ε`` the share of items whose key is wrong or ambiguous
(which caps the score at ``1 − ε``). Item-response models are used to evaluate language
models (Polo et al. 2024); applying one to a *fixed* suite while ability grows linearly in
time, and asking when the suite stops resolving a year of progress, is **the book's own
model**.

Chapter 5 showed that optimising a proxy beyond its range of validity fails; here the
proxy fails without being optimised at all. As ability passes the items' difficulties the
score's slope ``dS/dθ`` falls to zero, so the smallest ability difference the suite can
detect (:func:`suite_resolution`) grows without bound, and the share of the score's
variance across frontier models that is signal rather than sampling noise
(:func:`suite_reliability`, Chapter 5's regressional shrinkage factor) falls to zero.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special, stats

from ._validation import as_float_array, as_int, as_probability, as_scalar, check_broadcastable

__all__ = [
    "item_difficulties",
    "suite_score",
    "score_slope",
    "suite_resolution",
    "suite_reliability",
    "resolution_crossing",
    "MAX_ITEMS",
]

#: Largest suite the functions accept.
MAX_ITEMS = 100_000


def item_difficulties(n_items, centre=0.0, spread=1.0):
    """Difficulties of a suite whose items spread normally around ``centre``.

    The ``k``-th of ``n`` items sits at the ``(k + 1/2)/n`` quantile of
    ``N(centre, spread²)``: a deterministic, evenly filled suite.

    Parameters
    ----------
    n_items : int
        Number of items, 1 to :data:`MAX_ITEMS`.
    centre : float
        Median difficulty, on the ability scale.
    spread : float
        Standard deviation of difficulties, positive.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> item_difficulties(3, 0.0, 1.0).round(3)
    array([-0.967,  0.   ,  0.967])
    """
    n = as_int(n_items, "n_items", minimum=1)
    if n > MAX_ITEMS:
        raise ValueError(f"n_items must be at most {MAX_ITEMS}; got {n}")
    centre = as_scalar(centre, "centre")
    spread = as_scalar(spread, "spread", positive=True)
    return centre + spread * stats.norm.ppf((np.arange(n) + 0.5) / n)


def _suite(ability, difficulties, guess, label_noise):
    ability = as_float_array(ability, "ability")
    difficulties = as_float_array(difficulties, "difficulties", ndim=1)
    if difficulties.size > MAX_ITEMS:
        raise ValueError(f"difficulties must hold at most {MAX_ITEMS} items")
    if ability.size * difficulties.size > 50_000_000:
        raise ValueError("ability and difficulties are too large together (over 5e7 pairs)")
    guess = float(as_probability(as_scalar(guess, "guess"), "guess"))
    label_noise = float(as_probability(as_scalar(label_noise, "label_noise"), "label_noise"))
    if guess + label_noise >= 1:
        raise ValueError("guess + label_noise must be below 1")
    logistic = special.expit(ability[..., None] - difficulties)
    correct = guess + (1.0 - guess - label_noise) * logistic
    return ability, correct, logistic, 1.0 - guess - label_noise


def suite_score(ability, difficulties, guess=0.0, label_noise=0.0):
    """Expected share of items answered correctly by a model of the given ability.

    Parameters
    ----------
    ability : array_like
        ``θ``, on the same scale as the difficulties.
    difficulties : array_like
        ``b_k``, 1-D, at most :data:`MAX_ITEMS` items.
    guess : float
        Probability of a right answer by chance, in [0, 1).
    label_noise : float
        Share of items whose key is wrong, in [0, 1); ``guess + label_noise < 1``.

    Returns
    -------
    numpy.ndarray
        Scores in [guess, 1 − label_noise], shaped like ``ability``.

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> suite_score([0.0, 10.0], [0.0], label_noise=0.02).round(3)
    array([0.49, 0.98])
    """
    _, correct, _, _ = _suite(ability, difficulties, guess, label_noise)
    return correct.mean(axis=-1)


def score_slope(ability, difficulties, guess=0.0, label_noise=0.0):
    """``dS/dθ``, how much the suite score moves per unit of ability.

    Parameters
    ----------
    ability, difficulties, guess, label_noise
        As in :func:`suite_score`.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> float(score_slope(0.0, [0.0]))
    0.25
    """
    _, _, logistic, scale = _suite(ability, difficulties, guess, label_noise)
    return (scale * logistic * (1.0 - logistic)).mean(axis=-1)


def _log_slope_and_variance(ability, difficulties, guess, label_noise):
    """``ln S'`` and ``ln Σ p(1 − p)``, in log space so that both stay finite however saturated the suite is."""
    ability, correct, _, scale = _suite(ability, difficulties, guess, label_noise)
    difficulties = np.asarray(difficulties, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        x = ability[..., None] - difficulties
    if not np.isfinite(x).all():
        raise ValueError("ability, difficulties: ability minus difficulty overflowed; use values below 1e300")
    k = correct.shape[-1]
    log_slope = np.log(scale) + special.logsumexp(special.log_expit(x) + special.log_expit(-x), axis=-1) - np.log(k)
    # p(1 - p) with p = g + s·σ(x) and 1 - p = ε + s·σ(-x), in log space so that it stays
    # finite (and accurate) as σ(x) -> 1.
    with np.errstate(divide="ignore"):
        log_guess, log_noise = np.log(guess), np.log(1.0 - guess - scale)
    log_low = np.logaddexp(log_guess, np.log(scale) + special.log_expit(x))
    log_high = np.logaddexp(log_noise, np.log(scale) + special.log_expit(-x))
    log_variance = special.logsumexp(log_low + log_high, axis=-1)
    return log_slope, log_variance, k


def _log_resolution(ability, difficulties, guess, label_noise, z):
    """``ln Δ_min`` computed in log space, finite however saturated the suite is."""
    log_slope, log_variance, k = _log_slope_and_variance(ability, difficulties, guess, label_noise)
    return np.log(z) + 0.5 * (np.log(2.0) + log_variance) - np.log(k) - log_slope


def suite_resolution(ability, difficulties, guess=0.0, label_noise=0.0, z=1.96):
    """Smallest ability difference between two models that the suite tells apart.

    Two models of ability ``θ`` and ``θ + Δ`` are each scored once on the ``K`` items.
    Each score has sampling variance ``Σ_k p_k(1 − p_k)/K²``; the difference of expected
    scores is about ``S'(θ)·Δ``. The suite resolves ``Δ`` when that exceeds ``z`` standard
    errors of the difference: ``Δ_min = z·√(2·Σ p_k(1 − p_k))/(K·S'(θ))``.

    Parameters
    ----------
    ability, difficulties, guess, label_noise
        As in :func:`suite_score`.
    z : float
        Standard errors required, positive (1.96: a two-sided 5% test).

    Returns
    -------
    numpy.ndarray
        ``Δ_min`` in ability units, shaped like ``ability``. It grows without bound as
        the suite saturates.

    Raises
    ------
    ValueError
        If ``Δ_min`` overflows (ability hundreds of units above every item).

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> round(float(suite_resolution(0.0, np.zeros(100))), 4)  # 1.96 * sqrt(2 * 25) / (100 * 0.25)
    0.5544
    """
    z = as_scalar(z, "z", positive=True)
    log_resolution = _log_resolution(ability, difficulties, guess, label_noise, z)
    if (log_resolution > 700).any():
        raise ValueError("ability, difficulties, z: the resolution overflowed (ability is so far from the "
                         "difficulties, or z so large, that no ability difference could be resolved)")
    return np.exp(log_resolution)


def suite_reliability(ability, ability_spread, difficulties, guess=0.0, label_noise=0.0):
    """Share of the score's variance across models that reflects their true ability.

    Models near the frontier have abilities spread with standard deviation ``σ_θ``
    around ``ability``. To first order the score is ``S(θ) + S'·(θ_i − θ)`` plus
    sampling noise of variance ``v = Σ p(1 − p)/K²``, so the reliability is
    ``S'²σ_θ²/(S'²σ_θ² + v)``. It is the slope of Chapter 5's regressional Goodhart
    identity (``acslib.goodhart.conditional_true_value``): the fraction of a
    score difference that is, on average, a real ability difference.

    Parameters
    ----------
    ability : array_like
        Centre of the frontier's abilities.
    ability_spread : float
        ``σ_θ``, positive.
    difficulties, guess, label_noise
        As in :func:`suite_score`.

    Returns
    -------
    numpy.ndarray
        Values in [0, 1].

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> round(float(suite_reliability(0.0, 0.5, np.zeros(100))), 4)
    0.8621
    """
    spread = as_scalar(ability_spread, "ability_spread", positive=True)
    log_slope, log_variance, k = _log_slope_and_variance(ability, difficulties, guess, label_noise)
    # signal / (signal + noise) = expit(ln signal − ln noise), in log space: finite even where
    # both the slope and the sampling variance underflow (a saturated or far too hard suite).
    with np.errstate(over="ignore", invalid="ignore"):
        log_signal = 2.0 * (log_slope + np.log(spread))
        log_ratio = log_signal - (log_variance - 2.0 * np.log(k))
    if np.isnan(log_ratio).any():  # both infinite: no information either way
        raise ValueError("ability, ability_spread, difficulties: the reliability is undefined "
                         "(slope and sampling noise both vanish); use values below 1e300")
    return special.expit(log_ratio)


def resolution_crossing(ability_initial, ability_rate, difficulties, window=1.0, guess=0.0, label_noise=0.0,
                        z=1.96, horizon=100.0):
    """When a fixed suite stops resolving ``window`` years of capability progress.

    Ability grows linearly, ``θ(t) = θ0 + r·t`` (linear in log-compute, for instance). The
    suite resolves the progress of ``window`` years while
    ``suite_resolution(θ(t)) <= r·window``; this returns the first time it does not.

    Parameters
    ----------
    ability_initial : float
        ``θ0``.
    ability_rate : float
        ``r``, ability units per year; positive, with ``|θ0| + r·horizon`` at most 1e300.
    difficulties, guess, label_noise, z
        As in :func:`suite_resolution`.
    window : float
        Years of progress to resolve, positive.
    horizon : float
        Years to search, positive, at most 1,000.

    Returns
    -------
    float
        The crossing time in years (0 if the suite never resolved that much progress),
        or ``inf`` if it still resolves it at ``horizon``.

    Notes
    -----
    Defined in Chapter 11, section *Proxy metric overreliance*.

    Examples
    --------
    >>> round(resolution_crossing(0.0, 1.0, item_difficulties(500, 2.0, 1.0)), 2)
    6.59
    """
    theta0 = as_scalar(ability_initial, "ability_initial")
    rate = as_scalar(ability_rate, "ability_rate", positive=True)
    window = as_scalar(window, "window", positive=True)
    horizon = as_scalar(horizon, "horizon", positive=True)
    z = as_scalar(z, "z", positive=True)
    if horizon > 1000:
        raise ValueError(f"horizon must be at most 1000 years; got {horizon}")
    if abs(theta0) + rate * horizon > 1e300:
        raise ValueError("ability_initial, ability_rate, horizon: the ability path would exceed 1e300 "
                         "ability units; use a slower rate or a shorter horizon")
    log_target = np.log(rate) + np.log(window)

    def excess(t):
        return _log_resolution(theta0 + rate * np.asarray(t, dtype=float), difficulties, guess, label_noise, z) \
            - log_target

    times = np.linspace(0.0, horizon, 2001)
    if excess(times[:1])[0] > 0:
        return 0.0
    # Scan the 2,001-point grid in ten blocks and stop at the first block that crosses: the
    # same grid as one full scan, without evaluating the years after the crossing.
    for start in range(0, 2000, 200):  # bounded: ten blocks
        block = times[start:start + 201]
        above = np.flatnonzero(excess(block) > 0)
        if above.size:
            i = start + int(above[0])
            return float(optimize.brentq(lambda s: float(excess(s)), times[i - 1], times[i], xtol=1e-10))
    return float("inf")
