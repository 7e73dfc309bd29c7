"""Institutional inertia: governance capacity that follows capability with a lag.

Defined in Chapter 11, *Key challenges* (``chapters/11_key_challenges.ipynb``), section
*Institutional inertia*. Marchant, Allenby and Herkert (2011) describe the *pacing
problem*: legal and ethical oversight adapts more slowly than the technologies it
oversees. They give no equation; the model here is **the book's own**. Governance
capacity ``G`` closes a fixed share of its distance to capability ``C`` per unit time,

    dG/dt = (C − G) / T,

a first-order lag with time constant ``T`` (the *lag constant*). Against capability that
grows exponentially at rate ``r`` the ratio ``C/G`` settles at ``1 + r·T``, so the
steady-state log gap is ``ln(1 + r·T)``: it is set by the *product* of the growth rate
and the lag, and never closes while both are positive.

* :func:`lagged_governance` — the closed-form path under exponential capability;
* :func:`steady_state_ratio`, :func:`steady_state_gap`, :func:`equivalent_delay`,
  :func:`lag_for_gap` — what the lag constant implies, and the lag a target gap needs;
* :func:`governance_response` — the same lag applied to any capability path;
* :func:`periodic_review` — governance that only moves at scheduled reviews, the
  model's breaking point.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from ._validation import as_float_array, as_scalar, check_broadcastable, check_increasing

__all__ = [
    "lagged_governance",
    "steady_state_ratio",
    "steady_state_gap",
    "equivalent_delay",
    "lag_for_gap",
    "governance_response",
    "periodic_review",
    "MAX_SAMPLES",
]

#: Longest capability path :func:`governance_response` and :func:`periodic_review` accept.
MAX_SAMPLES = 1_000_000


def _out(array):
    array = np.asarray(array, dtype=float)
    return float(array) if array.ndim == 0 else array


def _rate_and_lag(capability_rate, lag):
    rate = as_float_array(capability_rate, "capability_rate", nonnegative=True)
    lag = as_float_array(lag, "lag", nonnegative=True)
    check_broadcastable(capability_rate=rate, lag=lag)
    return rate, lag


def lagged_governance(t, capability_initial, capability_rate, lag, governance_initial=None):
    """Governance capacity lagging exponential capability: the closed-form solution.

    With ``C(t) = C0·exp(r·t)`` and ``dG/dt = (C − G)/T``,
    ``G(t) = C(t)/(1 + r·T) + (G0 − C0/(1 + r·T))·exp(−t/T)``.

    Parameters
    ----------
    t : array_like
        Times, non-negative, with ``capability_rate * t`` at most 700 (``C`` would overflow).
    capability_initial : float
        ``C0``, positive.
    capability_rate : float
        ``r``, the continuous growth rate of capability; non-negative, with
        ``capability_rate * t`` at most 700.
    lag : float
        ``T``, the lag constant; positive.
    governance_initial : float, optional
        ``G0``, positive; defaults to ``C0`` (governance starts level with capability).

    Returns
    -------
    numpy.ndarray
        ``G`` at ``t``.

    Raises
    ------
    ValueError
        If ``capability_rate * t`` exceeds 700, or ``G`` overflows float64.

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia* (the book's model).

    Examples
    --------
    >>> g = lagged_governance([0.0, 50.0], 1.0, np.log(2.0), 2.0)
    >>> float(g[0]), round(float(np.exp(np.log(2.0) * 50.0) / g[1]), 6)  # C/G -> 1 + rT
    (1.0, 2.386294)
    """
    t = as_float_array(t, "t", nonnegative=True)
    c0 = as_scalar(capability_initial, "capability_initial", positive=True)
    rate = as_scalar(capability_rate, "capability_rate", nonnegative=True)
    lag = as_scalar(lag, "lag", positive=True)
    g0 = c0 if governance_initial is None else as_scalar(governance_initial, "governance_initial", positive=True)
    if (rate * t > 700).any():
        raise ValueError("capability_rate * t must be at most 700: capability would overflow")
    steady = c0 / (1.0 + rate * lag)
    with np.errstate(over="ignore", invalid="ignore"):
        governance = steady * np.exp(rate * t) + (g0 - steady) * np.exp(-t / lag)
    if not np.isfinite(governance).all():
        raise ValueError("capability_initial, capability_rate, t: governance overflows float64 "
                         "(its magnitude would exceed 1.8e308) for these values")
    return governance


def steady_state_ratio(capability_rate, lag):
    """The ratio ``C/G`` that a first-order lag settles at under exponential growth: ``1 + r·T``.

    Parameters
    ----------
    capability_rate : array_like
        ``r``, non-negative.
    lag : array_like
        ``T``, non-negative.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*.

    Examples
    --------
    >>> round(steady_state_ratio(np.log(3.0), 1.5), 4)
    2.6479
    """
    rate, lag = _rate_and_lag(capability_rate, lag)
    return _out(1.0 + rate * lag)


def steady_state_gap(capability_rate, lag):
    """The steady-state alignment gap ``ln(C/G) = ln(1 + r·T)`` (Chapter 1's log gap).

    Parameters
    ----------
    capability_rate : array_like
        ``r``, non-negative.
    lag : array_like
        ``T``, non-negative.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*.

    Examples
    --------
    >>> round(steady_state_gap(np.log(2.0), 1.0), 4)
    0.5266
    """
    rate, lag = _rate_and_lag(capability_rate, lag)
    return _out(np.log1p(rate * lag))


def equivalent_delay(capability_rate, lag):
    """How far behind in time the lagging governance runs: ``ln(1 + r·T)/r`` (``T`` when ``r = 0``).

    In the steady state ``G(t) = C(t − delay)``: governance is where capability was this
    long ago. The delay is shorter than ``T`` and approaches it as ``r·T`` becomes small.

    Parameters
    ----------
    capability_rate : array_like
        ``r``, non-negative.
    lag : array_like
        ``T``, non-negative.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*.

    Examples
    --------
    >>> round(equivalent_delay(np.log(2.0), 1.0), 4), equivalent_delay(0.0, 1.0)
    (0.7597, 1.0)
    """
    rate, lag = _rate_and_lag(capability_rate, lag)
    product = rate * lag
    # lag * log1p(x) / x, with its series 1 - x/2 where x is too small for the quotient
    # (a subnormal product keeps few digits, and log1p(x) / x must stay at most 1).
    safe = np.where(product > 1e-8, product, 1.0)
    shrink = np.where(product > 1e-8, np.log1p(safe) / safe, 1.0 - product / 2.0)
    return _out(np.minimum(lag * shrink, lag))


def lag_for_gap(capability_rate, gap):
    """The largest lag constant that keeps the steady-state log gap at or below ``gap``: ``(e^gap − 1)/r``.

    Parameters
    ----------
    capability_rate : array_like
        ``r``, positive.
    gap : array_like
        The tolerated steady-state ``ln(C/G)``, non-negative and at most 700.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*.

    Examples
    --------
    >>> round(lag_for_gap(np.log(4.0), np.log(1.1)), 4)  # a 10% shortfall at 4x a year
    0.0721
    """
    rate = as_float_array(capability_rate, "capability_rate", positive=True)
    gap = as_float_array(gap, "gap", nonnegative=True)
    check_broadcastable(capability_rate=rate, gap=gap)
    if (gap > 700).any():
        raise ValueError("gap must be at most 700")
    return _out(np.expm1(gap) / rate)


def _uniform_grid(t):
    t = as_float_array(t, "t", ndim=1)
    if t.size < 2:
        raise ValueError("t must hold at least two times")
    if t.size > MAX_SAMPLES:
        raise ValueError(f"t must hold at most {MAX_SAMPLES} times; got {t.size}")
    check_increasing(t, "t")
    steps = np.diff(t)
    if not np.allclose(steps, steps[0], rtol=1e-6, atol=0.0):
        raise ValueError("t must be evenly spaced")
    return t, float(steps[0])


def governance_response(t, capability, lag, governance_initial=None):
    """The first-order lag ``dG/dt = (C − G)/T`` applied to any capability path.

    The path is treated as piecewise linear between the samples, for which the lag has an
    exact discrete solution: ``G_{k+1} = a·G_k + b0·C_{k+1} + b1·C_k`` with
    ``a = exp(−h/T)``, ``b0 = 1 − (T/h)(1 − a)`` and ``b1 = (T/h)(1 − a) − a``
    (``h`` is the grid step), run by :func:`scipy.signal.lfilter`.

    Parameters
    ----------
    t : array_like
        Evenly spaced, strictly increasing times (2 to :data:`MAX_SAMPLES`).
    capability : array_like
        Capability at those times, positive, same length.
    lag : float
        ``T``, positive.
    governance_initial : float, optional
        ``G`` at ``t[0]``; defaults to ``capability[0]``.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*.

    Examples
    --------
    >>> t = np.linspace(0.0, 40.0, 4001)
    >>> g = governance_response(t, np.exp(0.5 * t), 1.0)
    >>> round(float(np.exp(0.5 * t[-1]) / g[-1]), 4)
    1.5
    """
    t, step = _uniform_grid(t)
    capability = as_float_array(capability, "capability", positive=True, ndim=1)
    if capability.size != t.size:
        raise ValueError(f"shapes do not match: t {t.shape}, capability {capability.shape}")
    lag = as_scalar(lag, "lag", positive=True)
    g0 = float(capability[0]) if governance_initial is None else \
        as_scalar(governance_initial, "governance_initial", positive=True)
    a = np.exp(-step / lag)
    ratio = -np.expm1(-step / lag) * lag / step  # (T/h)(1 - a), stable for small h/T
    b0, b1 = 1.0 - ratio, ratio - a
    # y_k = a y_{k-1} + b0 x_k + b1 x_{k-1}, started from G_0 at k = 0.
    rest, _ = signal.lfilter([b0, b1], [1.0, -a], capability[1:],
                             zi=[a * g0 + b1 * capability[0]])
    return np.concatenate([[g0], rest])


def periodic_review(t, capability, period, start=None):
    """Governance that moves only at scheduled reviews and holds its level in between.

    At each review time ``start + k·period`` governance is reset to the capability of
    that moment; between reviews it stays where it was. Under exponential growth at rate
    ``r`` the log gap saw-tooths from 0 to ``r·period``, averaging ``r·period/2``.

    Parameters
    ----------
    t : array_like
        Strictly increasing times (at most :data:`MAX_SAMPLES`).
    capability : array_like
        Capability at those times, positive, same length.
    period : float
        Time between reviews, positive.
    start : float, optional
        Time of the first review; defaults to ``t[0]``. Before it governance stays at
        ``capability[0]``.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Institutional inertia*: the breaking point of the
    smooth lag, since real institutions change in steps (laws, policy versions).

    Examples
    --------
    >>> t = np.arange(0.0, 4.0, 0.5)
    >>> periodic_review(t, np.exp(t), 2.0).round(3)
    array([1.   , 1.   , 1.   , 1.   , 7.389, 7.389, 7.389, 7.389])
    """
    t = as_float_array(t, "t", ndim=1)
    if t.size > MAX_SAMPLES:
        raise ValueError(f"t must hold at most {MAX_SAMPLES} times; got {t.size}")
    check_increasing(t, "t")
    capability = as_float_array(capability, "capability", positive=True, ndim=1)
    if capability.size != t.size:
        raise ValueError(f"shapes do not match: t {t.shape}, capability {capability.shape}")
    period = as_scalar(period, "period", positive=True)
    start = float(t[0]) if start is None else as_scalar(start, "start")
    reviews = np.floor((t - start) / period + 1e-9)
    review_time = start + reviews * period
    # Capability at the latest review time, interpolated on the path (log-linear).
    level = np.exp(np.interp(review_time, t, np.log(capability)))
    return np.where(reviews >= 0, level, capability[0])
