"""Alignment capability as a composite of four dimensions, and how fragile each composite is.

Defined in Chapter 8, *Alignment scaling versus capability scaling*
(``chapters/08_scaling_comparison.ipynb``).

Part II of the book treats alignment capability ``A(t)`` dimension by dimension:
technical oversight, objective stability, governance systems and monitoring systems
(:data:`DIMENSIONS`). Chapter 8 puts them back together. Each dimension ``i`` has its own
level ``a_i(t)`` on capability's scale (``a_i = C`` means "exactly adequate for the
capability of the moment", as in Chapter 1), and an **aggregation rule** turns the four
levels into one ``A(t)``:

``"weakest-link"``
    ``A = min_i a_i`` (:func:`weakest_link`): the system is only as aligned as its
    least aligned dimension. A gate that every deployment must pass works like this.
``"average"``
    ``A = sum_i w_i a_i`` with weights summing to one (:func:`average_level`): strength
    in one dimension compensates for weakness in another.
``"layered"``
    Layered defence, the "Swiss cheese" view (:func:`layered_level`): a failure gets
    through only if *every* dimension fails to stop it. Each dimension is a layer that a
    system of capability ``C`` defeats with probability ``p_i = C / (C + a_i)``
    (:func:`layer_failure_probability`), the probability that all layers fail is
    :func:`layered_failure_probability`, and ``A`` is the level of a single layer with
    the same failure probability.

**The contest form ``p = C / (C + a)`` and the reading of ``A`` as an equivalent single
layer are assumptions of this book, not published results.** ``C / (C + a)`` is the
Bradley–Terry (Elo) probability that the stronger side wins a contest when strengths are
measured on one ratio scale; Chapter 9 meets the same form in Engels et al.'s oversight
games. The one-factor Gaussian copula used for correlated layers is a standard model of
dependent failures (it is the model behind many credit-risk calculations), chosen here
because it has one interpretable parameter, not because anyone has measured it for AI
safeguards.

:func:`fragility` measures what the seed text calls fragility: how much the composite
falls when one dimension takes a shock.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, optimize, special
from scipy.optimize import elementwise

from ._validation import as_choice, as_float_array, as_probability, as_scalar, check_broadcastable

__all__ = [
    "DIMENSIONS",
    "AGGREGATION_RULES",
    "MAX_LAYERS",
    "MAX_PROBABILITY_VECTORS",
    "weakest_link",
    "average_level",
    "layer_failure_probability",
    "layered_failure_probability",
    "layered_level",
    "composite_level",
    "dimension_levels",
    "fragility",
    "breaking_shock",
]

#: The four dimensions of alignment capability (Part II of the book), in chapter order.
DIMENSIONS = ("technical oversight", "objective stability", "governance systems", "monitoring systems")
#: The aggregation rules :func:`composite_level` offers.
AGGREGATION_RULES = ("weakest-link", "average", "layered")
#: Largest number of layers (or dimensions) along the first axis.
MAX_LAYERS = 64
#: Largest number of probability vectors (elements after the first axis) one call of
#: :func:`layered_failure_probability` integrates.
MAX_PROBABILITY_VECTORS = 100_000


def _levels(levels, name: str = "levels") -> np.ndarray:
    """Positive finite levels with the dimensions along a first axis of 1 to MAX_LAYERS."""
    levels = as_float_array(levels, name, positive=True)
    if levels.ndim == 0:
        raise ValueError(f"{name} must have the dimensions (layers) along a first axis; got a scalar")
    if levels.shape[0] > MAX_LAYERS:
        raise ValueError(f"{name} must have at most {MAX_LAYERS} dimensions along its first axis; "
                         f"got {levels.shape[0]}")
    return levels


# ----------------------------------------------------------------------------- aggregation rules
def weakest_link(levels):
    """The weakest-link composite: the minimum level over the first axis.

    Parameters
    ----------
    levels : array_like
        Positive levels, shape ``(k, ...)``: the ``k`` dimensions (at most
        :data:`MAX_LAYERS`) along the first axis, any further axes (times, scenarios)
        after it.

    Returns
    -------
    numpy.ndarray
        Shape ``levels.shape[1:]``: the lowest level in each column.

    Notes
    -----
    Defined in Chapter 8, section *Alignment capability as a composite*. Under this
    rule only the weakest dimension counts: raising any other leaves the composite
    unchanged.

    Examples
    --------
    >>> float(weakest_link([4.0, 2.5, 3.0, 6.0]))
    2.5
    >>> weakest_link([[1.0, 5.0], [2.0, 3.0]])
    array([1., 3.])
    """
    return np.min(_levels(levels), axis=0)


def _weights(weights, count: int) -> np.ndarray:
    if weights is None:
        return np.full(count, 1.0 / count)
    weights = as_float_array(weights, "weights", nonnegative=True, ndim=1)
    if weights.shape[0] != count:
        raise ValueError(f"weights must have one entry per dimension ({count}); got {weights.shape[0]}")
    total = weights.sum()
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return weights / total


def average_level(levels, weights=None):
    """The average composite: the weighted arithmetic mean of the levels over the first axis.

    Parameters
    ----------
    levels : array_like
        Positive levels, shape ``(k, ...)`` with ``k <= MAX_LAYERS``.
    weights : array_like, optional
        ``k`` non-negative weights, not all zero; normalised to sum to one. Equal
        weights by default.

    Returns
    -------
    numpy.ndarray
        Shape ``levels.shape[1:]``.

    Notes
    -----
    Defined in Chapter 8, section *Alignment capability as a composite*. Under this
    rule a strong dimension makes up for a weak one.

    Examples
    --------
    >>> float(average_level([4.0, 2.0, 3.0, 7.0]))
    4.0
    >>> float(average_level([4.0, 2.0], weights=[3.0, 1.0]))
    3.5
    """
    levels = _levels(levels)
    weights = _weights(weights, levels.shape[0])
    return np.tensordot(weights, levels, axes=(0, 0))


def layer_failure_probability(capability, level):
    """Probability ``C / (C + a)`` that a system of capability ``C`` defeats a layer of level ``a``.

    The Bradley–Terry (Elo) contest on one ratio scale: a layer exactly as strong as
    the capability it faces (``a = C``) fails half the time; a layer ten times stronger
    fails one time in eleven. In Elo terms, a level ratio ``a / C`` is a rating lead of
    ``400 log10(a / C)`` points.

    Parameters
    ----------
    capability, level : array_like
        Positive, broadcastable.

    Returns
    -------
    numpy.ndarray
        Probabilities in (0, 1).

    Notes
    -----
    Defined in Chapter 8, section *Layered defence*. The contest form is this book's
    assumption, not a published result.

    Examples
    --------
    >>> layer_failure_probability(1.0, [1.0, 3.0, 9.0])
    array([0.5 , 0.25, 0.1 ])
    """
    capability = as_float_array(capability, "capability", positive=True)
    level = as_float_array(level, "level", positive=True)
    check_broadcastable(capability=capability, level=level)
    # 1 / (1 + a/C) is exact for huge or tiny ratios, where C / (C + a) could overflow.
    return 1.0 / (1.0 + np.exp(np.log(level) - np.log(capability)))


def _log_phi(m):
    return -0.5 * m * m - 0.5 * np.log(2.0 * np.pi)


#: Below this width sqrt((1 - rho) / rho) of each factor's drop (rho above 0.5), the copula
#: integral is also split at every drop.
_SMOOTH_WIDTH = 1.0


def _log_layered(p: np.ndarray, rho: float) -> np.ndarray:
    """log P(every layer fails) for probabilities ``p`` (layers first) under correlation ``rho``."""
    batch = p.shape[1:]
    with np.errstate(divide="ignore"):
        log_p = np.log(p)
    if rho == 0.0:
        return log_p.sum(axis=0)
    if rho == 1.0:
        return log_p.min(axis=0)
    flat = p.reshape(p.shape[0], -1)
    result = np.full(flat.shape[1], -np.inf)
    never = (flat == 0.0).any(axis=0)  # a layer that never fails stops everything
    todo = ~never
    if todo.any():
        thresholds = special.ndtri(flat[:, todo])  # +inf for layers that always fail
        a, b = np.sqrt(rho), np.sqrt(1.0 - rho)
        layers = tuple(thresholds)

        def log_integrand(m, *c):
            # log of phi(m) * prod_i Phi((c_i - a m) / b): log-concave in m.
            out = _log_phi(m)
            for ci in c:
                out = out + special.log_ndtr((ci - a * m) / b)
            return out

        def slope(m, *c):
            out = -m
            for ci in c:
                z = (ci - a * m) / b
                out = out - (a / b) * np.exp(_log_phi(z) - special.log_ndtr(z))
            return out

        # The integrand is log-concave, so it has one mode. Each factor drops from 1 to 0
        # around m = c_i / sqrt(rho), over a width sqrt((1 - rho) / rho) that is tiny when
        # rho is near 1. Splitting the integral at the mode and at every such drop puts each
        # steep stretch at an endpoint, where tanh-sinh quadrature concentrates its nodes.
        shape = thresholds.shape[1:]
        bracket = (np.full(shape, -80.0), np.full(shape, 80.0))
        mode = elementwise.find_root(slope, bracket, args=layers).x
        if b / a < _SMOOTH_WIDTH:
            drops = np.where(np.isfinite(thresholds), np.clip(thresholds / a, -80.0, 80.0), mode)
            points = np.sort(np.concatenate([mode[None], drops]), axis=0)
        else:  # every drop is at least as wide as the standard normal's own scale: no steep stretch
            points = mode[None]
        infinite = np.full((1,) + shape, np.inf)
        lower = np.concatenate([-infinite, points])
        upper = np.concatenate([points, infinite])
        pieces = integrate.tanhsinh(log_integrand, lower, upper, args=layers, log=True)
        empty = lower == upper
        if not np.all(pieces.success | empty):
            raise ValueError("failure_probabilities: the copula integral did not converge for these values")
        result[todo] = special.logsumexp(np.where(empty, -np.inf, pieces.integral), axis=0)
    return np.minimum(result, 0.0).reshape(batch)


def _probabilities(failure_probabilities) -> np.ndarray:
    p = as_probability(failure_probabilities, "failure_probabilities")
    if p.ndim == 0:
        raise ValueError("failure_probabilities must have the layers along a first axis; got a scalar")
    if p.shape[0] > MAX_LAYERS:
        raise ValueError(f"failure_probabilities must have at most {MAX_LAYERS} layers; got {p.shape[0]}")
    vectors = int(np.prod(p.shape[1:], dtype=np.int64))
    if vectors > MAX_PROBABILITY_VECTORS:
        raise ValueError(f"failure_probabilities must hold at most {MAX_PROBABILITY_VECTORS:,} "
                         f"probability vectors; got {vectors:,}")
    return p


def _correlation(correlation) -> float:
    rho = as_scalar(correlation, "correlation")
    if not 0.0 <= rho <= 1.0:
        raise ValueError(f"correlation must lie between 0 and 1; got {rho:g}")
    return rho


def layered_failure_probability(failure_probabilities, correlation=0.0):
    """Probability that every layer fails, under a one-factor Gaussian copula.

    Layer ``i`` fails when a latent score ``Z_i = sqrt(rho) M + sqrt(1 - rho) e_i`` falls
    below ``Phi^-1(p_i)``, where ``M`` is a factor shared by all layers (for instance how
    strong or how novel the attack is) and the ``e_i`` are independent; every ``Z_i`` is
    standard normal, so each layer on its own still fails with probability ``p_i``. Then

    ``P(all fail) = integral of phi(m) * prod_i Phi((Phi^-1(p_i) - sqrt(rho) m) / sqrt(1 - rho)) dm``.

    ``rho = 0`` gives the independent product ``prod_i p_i``; ``rho = 1`` gives
    ``min_i p_i``, the most reliable layer alone; in between the result rises with
    ``rho``.

    Parameters
    ----------
    failure_probabilities : array_like
        Per-layer failure probabilities in [0, 1], shape ``(k, ...)``: layers along the
        first axis (at most :data:`MAX_LAYERS`), at most
        :data:`MAX_PROBABILITY_VECTORS` columns after it.
    correlation : float
        The copula correlation ``rho``, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Shape ``failure_probabilities.shape[1:]``.

    Notes
    -----
    Defined in Chapter 8, section *Layered defence*. The integral over the factor is
    computed with scipy's tanh-sinh quadrature (:func:`scipy.integrate.tanhsinh`) in log
    space, split at the mode of the log-concave integrand (found with
    :func:`scipy.optimize.elementwise.find_root`) and, for correlations above one half,
    at every layer's threshold, so that tiny probabilities keep their relative accuracy
    (about nine significant digits or better) and correlations near one are resolved.

    Examples
    --------
    >>> float(layered_failure_probability([0.1, 0.1, 0.1]))  # independent layers
    0.001
    >>> float(layered_failure_probability([0.1, 0.2, 0.3], correlation=1.0))
    0.1
    >>> round(float(layered_failure_probability([0.5, 0.5, 0.5, 0.5], correlation=0.5)), 10)
    0.2
    """
    p = _probabilities(failure_probabilities)
    rho = _correlation(correlation)
    return np.exp(_log_layered(p, rho))


def layered_level(levels, capability, correlation=0.0):
    """The layered-defence composite: the single-layer level with the same failure probability.

    Each dimension is a layer that capability ``C`` defeats with probability
    ``p_i = C / (C + a_i)``; with ``P`` the probability that all layers fail
    (:func:`layered_failure_probability`), the composite is the level ``A`` of one
    layer that fails with probability ``P``: ``C / (C + A) = P``, so
    ``A = C (1 - P) / P``. One layer gives back its own level; fully correlated
    layers (``correlation = 1``) give the strongest layer's level; independent
    layers give much more than any one of them.

    Parameters
    ----------
    levels : array_like
        Positive levels, shape ``(k, ...)``, ``k <= MAX_LAYERS``.
    capability : array_like
        Positive capability, broadcastable against ``levels.shape[1:]``.
    correlation : float
        The copula correlation, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Shape ``levels.shape[1:]`` broadcast with ``capability``.

    Raises
    ------
    ValueError
        If the composite would exceed the largest float (layers so far ahead of
        capability that failure probability underflows).

    Notes
    -----
    Defined in Chapter 8, section *Layered defence*. The contest form and this reading
    of ``A`` are the book's assumptions.

    Examples
    --------
    >>> float(layered_level([3.0], capability=1.0))  # one layer is itself
    3.0
    >>> float(layered_level([1.0, 1.0, 1.0, 1.0], capability=1.0))  # P = 1/16
    15.0
    >>> float(layered_level([1.0, 2.0, 4.0], capability=1.0, correlation=1.0))
    4.0
    """
    levels = _levels(levels)
    capability = as_float_array(capability, "capability", positive=True)
    rho = _correlation(correlation)
    try:
        shape = np.broadcast_shapes(levels.shape[1:], capability.shape)
    except ValueError as error:
        raise ValueError(f"shapes do not match: levels {levels.shape} (after its first axis), "
                         f"capability {capability.shape}") from error
    levels = np.broadcast_to(levels, (levels.shape[0],) + shape)
    capability = np.broadcast_to(capability, shape)
    # log p_i = -log(1 + a_i / C), kept in log space so that strong layers do not round to 0.
    log_ratio = np.log(levels) - np.log(capability)
    log_p = -np.logaddexp(0.0, log_ratio)
    if rho == 0.0:
        log_all = log_p.sum(axis=0)
    elif rho == 1.0:
        log_all = log_p.min(axis=0)
    else:
        log_all = _log_layered(_probabilities(np.exp(log_p)), rho)
    with np.errstate(over="ignore"):
        composite = capability * np.expm1(-log_all)
    if not np.isfinite(composite).all():
        raise ValueError("levels: the layered composite overflows float64 (layers too far ahead of capability)")
    return composite


def composite_level(levels, rule, capability=None, correlation=0.0, weights=None):
    """Alignment capability ``A`` from the levels of its dimensions, under an aggregation rule.

    Parameters
    ----------
    levels : array_like
        Positive levels, shape ``(k, ...)``.
    rule : {"weakest-link", "average", "layered"}
        See :data:`AGGREGATION_RULES` and the module docstring.
    capability : array_like, optional
        Required for ``"layered"`` (the capability the layers face); ignored otherwise.
    correlation : float
        Copula correlation for ``"layered"``.
    weights : array_like, optional
        Weights for ``"average"``.

    Returns
    -------
    numpy.ndarray
        Shape ``levels.shape[1:]`` (broadcast with ``capability`` for ``"layered"``).

    Notes
    -----
    Defined in Chapter 8, section *Alignment capability as a composite*.

    Examples
    --------
    >>> levels = [4.0, 2.0, 3.0, 7.0]
    >>> [round(float(composite_level(levels, rule, capability=1.0)), 1) for rule in AGGREGATION_RULES]
    [2.0, 4.0, 479.0]
    """
    rule = as_choice(rule, "rule", AGGREGATION_RULES)
    _correlation(correlation)
    if capability is not None:
        capability = as_float_array(capability, "capability", positive=True)
    if weights is not None:
        _weights(weights, _levels(levels).shape[0])
    if rule == "weakest-link":
        return weakest_link(levels)
    if rule == "average":
        return average_level(levels, weights)
    if capability is None:
        raise ValueError("capability must be given for the layered rule")
    return layered_level(levels, capability, correlation)


def dimension_levels(t, initial_levels, rates):
    """Each dimension growing exponentially at its own rate: ``a_i(t) = a_i(0) exp(r_i t)``.

    Parameters
    ----------
    t : array_like
        Times, 1-D.
    initial_levels : array_like
        ``k`` positive levels at ``t = 0`` (``k <= MAX_LAYERS``).
    rates : array_like
        ``k`` continuous growth rates per unit time (any sign).

    Returns
    -------
    numpy.ndarray
        Shape ``(k, len(t))``: ready for :func:`composite_level`.

    Raises
    ------
    ValueError
        If a level overflows float64.

    Notes
    -----
    Defined in Chapter 8, section *Alignment capability as a composite*.

    Examples
    --------
    >>> dimension_levels([0.0, 1.0], [1.0, 2.0], [np.log(2.0), 0.0])
    array([[1., 2.],
           [2., 2.]])
    """
    t = as_float_array(t, "t", ndim=1)
    initial = _levels(as_float_array(initial_levels, "initial_levels", ndim=1), "initial_levels")
    rates = as_float_array(rates, "rates", ndim=1)
    if rates.shape != initial.shape:
        raise ValueError(f"shapes do not match: initial_levels {initial.shape}, rates {rates.shape}")
    with np.errstate(over="ignore"):
        levels = initial[:, None] * np.exp(rates[:, None] * t[None, :])
    if not np.isfinite(levels).all() or (levels <= 0).any():
        raise ValueError("t, initial_levels, rates: a level initial * exp(rate * t) overflows or underflows float64")
    return levels


def fragility(levels, rule, shock=0.5, capability=None, correlation=0.0, weights=None):
    """How far the composite falls when one dimension is shocked, as a share of the shock.

    For each dimension ``i``, multiply its level by ``shock`` (leaving the others
    alone), recompute the composite ``A_i`` and report
    ``ln(A / A_i) / ln(1 / shock)``: **1** when the composite falls by the full shock
    (that dimension is decisive), **0** when it does not move, in between when the
    other dimensions absorb part of it.

    Parameters
    ----------
    levels : array_like
        Positive levels, shape ``(k, ...)``.
    rule : {"weakest-link", "average", "layered"}
        The aggregation rule.
    shock : float
        The factor applied to one dimension, strictly between 0 and 1 (``0.5`` halves it).
    capability, correlation, weights
        As in :func:`composite_level`.

    Returns
    -------
    numpy.ndarray
        Shape ``levels.shape`` (broadcast with ``capability``): one value per dimension.
        Under the weakest link and the average it lies in [0, 1]; under independent
        layers too. The largest value over the first axis is the rule's fragility
        against its most decisive dimension.

    Notes
    -----
    Defined in Chapter 8, section *Fragility made measurable*. This measure is the
    book's own.

    Examples
    --------
    >>> fragility([1.0, 2.0, 4.0], "weakest-link").round(3)
    array([1., 0., 0.])
    >>> fragility([1.0, 1.0], "average").round(3)  # ln(1 / 0.75) / ln 2
    array([0.415, 0.415])
    """
    levels = _levels(levels)
    shock = as_scalar(shock, "shock")
    if not 0.0 < shock < 1.0:
        raise ValueError(f"shock must lie strictly between 0 and 1; got {shock:g}")
    rule = as_choice(rule, "rule", AGGREGATION_RULES)
    k = levels.shape[0]
    base = composite_level(levels, rule, capability, correlation, weights)
    # All k shocked copies in one call: axis 0 layers, axis 1 which dimension was shocked.
    factors = np.where(np.eye(k, dtype=bool), shock, 1.0).reshape((k, k) + (1,) * (levels.ndim - 1))
    shocked_levels = levels[:, None, ...] * factors
    cap = None if capability is None else as_float_array(capability, "capability", positive=True)
    shocked = composite_level(shocked_levels, rule, cap, correlation, weights)
    return (np.log(base) - np.log(shocked)) / np.log(1.0 / shock)


def breaking_shock(levels, rule, capability, correlation=0.0, weights=None):
    """The shock to one dimension that brings the composite down to capability.

    For each dimension ``i``, the factor ``s`` in [0, 1] such that multiplying that
    dimension's level by ``s`` (and leaving the others alone) makes the composite equal
    to capability, ``A = C``: the edge of the safe-scaling condition. **1** means the
    composite is already at or below capability; a value near 1 means that a small loss
    in that one dimension breaks safe scaling; **0** means that no loss in that dimension
    alone can, because the others keep the composite above capability. A dimension with
    a positive value is a single point of failure.

    Parameters
    ----------
    levels : array_like
        Positive levels, 1-D: one per dimension (at most :data:`MAX_LAYERS`).
    rule : {"weakest-link", "average", "layered"}
        The aggregation rule.
    capability : float
        Positive capability.
    correlation, weights
        As in :func:`composite_level`.

    Returns
    -------
    numpy.ndarray
        Shape ``(k,)``, values in [0, 1]. As capability grows with the levels fixed,
        every entry rises towards 1.

    Notes
    -----
    Defined in Chapter 8, section *Fragility made measurable*. This measure is the
    book's own. Weakest link and average have closed forms; for correlated layers the
    root is found with :func:`scipy.optimize.brentq` (at most 100 iterations per
    dimension).

    Examples
    --------
    >>> breaking_shock([2.0, 4.0, 8.0], "weakest-link", capability=1.0)
    array([0.5  , 0.25 , 0.125])
    >>> breaking_shock([2.0, 4.0, 8.0], "layered", capability=1.0)  # no single point of failure
    array([0., 0., 0.])
    >>> breaking_shock([3.0, 3.0, 10.0], "average", capability=4.0).round(3)  # only the big one
    array([0. , 0. , 0.6])
    """
    levels = _levels(as_float_array(levels, "levels", ndim=1))
    rule = as_choice(rule, "rule", AGGREGATION_RULES)
    capability = as_scalar(capability, "capability", positive=True)
    rho = _correlation(correlation)
    if rule == "weakest-link":
        return np.minimum(1.0, capability / levels)
    if rule == "average":
        w = _weights(weights, levels.shape[0])
        average = float(w @ levels)
        if average <= capability:
            return np.ones_like(levels)
        others = average - w * levels
        with np.errstate(divide="ignore", invalid="ignore"):
            needed = np.where(w > 0, (capability - others) / (w * levels), 0.0)
        return np.clip(needed, 0.0, 1.0)
    # Layered: A = C exactly when P(all fail) = 1/2.
    p = layer_failure_probability(capability, levels)
    if float(layered_failure_probability(p, rho)) >= 0.5:
        return np.ones_like(levels)
    result = np.zeros_like(levels)
    for i in range(levels.shape[0]):  # at most MAX_LAYERS dimensions
        removed = p.copy()
        removed[i] = 1.0  # dimension i shocked to nothing: it always fails
        if float(layered_failure_probability(removed, rho)) < 0.5:
            continue  # the others hold the line alone
        if rho == 0.0:
            # p_i(s) * prod_{j != i} p_j = 1/2, with p_i(s) = C / (C + s a_i).
            target = 0.5 / float(np.prod(np.delete(p, i)))
            result[i] = capability * (1.0 / target - 1.0) / levels[i]
            continue

        def excess(log_s, i=i):
            shocked = p.copy()
            shocked[i] = float(layer_failure_probability(capability, levels[i] * np.exp(log_s)))
            return float(layered_failure_probability(shocked, rho)) - 0.5

        low = -1.0
        while excess(low) < 0 and low > -700:  # at most 10 widenings: exp(-1) ... exp(-1024)
            low *= 2.0
        result[i] = np.exp(optimize.brentq(excess, low, 0.0, xtol=1e-12, maxiter=100))
    return np.clip(result, 0.0, 1.0)
