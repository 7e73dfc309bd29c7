"""Growth processes for capability C(t) and alignment capability A(t).

Defined in Chapter 1, *What alignment capability scaling means*
(``chapters/01_definition.ipynb``), and used by every later chapter that draws a
capability or alignment curve.

All rates are *continuous* rates per unit time: a quantity growing at rate ``r``
is multiplied by ``exp(r)`` per unit time. :func:`rate_from_annual_factor` and
:func:`annual_factor` convert to and from "×k per year" statements.
"""

from __future__ import annotations

import numpy as np

from scipy.special import expit

from ._validation import as_float_array, check_broadcastable, check_increasing, finite_result

__all__ = [
    "exponential",
    "logistic",
    "piecewise_exponential",
    "doubling_time",
    "rate_from_annual_factor",
    "annual_factor",
    "rate_from_doubling_time",
    "time_to_reach",
]


def exponential(t, initial, rate):
    """Exponential growth ``initial * exp(rate * t)``.

    Parameters
    ----------
    t : array_like
        Times (any finite values; ``t = 0`` is where the curve equals ``initial``).
    initial : array_like
        Level at ``t = 0``; must be positive.
    rate : array_like
        Continuous growth rate per unit time. Negative rates describe decline.

    Returns
    -------
    numpy.ndarray
        The curve, broadcast over ``t``, ``initial`` and ``rate``.

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*.

    Examples
    --------
    >>> exponential([0.0, 1.0, 2.0], initial=1.0, rate=np.log(4.0))
    array([ 1.,  4., 16.])

    A curve that would pass the largest float (about 1.8e308) is rejected, not returned
    as infinity:

    >>> exponential(1e308, 1.0, 0.5)
    Traceback (most recent call last):
    ...
    ValueError: t, initial, rate: initial * exp(rate * t) overflows float64 (its magnitude would exceed 1.8e308) for these values
    """
    t = as_float_array(t, "t")
    initial = as_float_array(initial, "initial", positive=True)
    rate = as_float_array(rate, "rate")
    check_broadcastable(t=t, initial=initial, rate=rate)
    with np.errstate(over="ignore", invalid="ignore"):
        # In log space, so that a huge initial level times a small factor does not overflow.
        exponent = np.log(initial) + np.where(rate == 0.0, 0.0, rate * t)
        result = np.exp(exponent)
    return finite_result(result, "t, initial, rate", "initial * exp(rate * t)")


def logistic(t, initial, rate, ceiling):
    """Logistic growth from ``initial`` toward ``ceiling``.

    ``ceiling / (1 + (ceiling / initial - 1) * exp(-rate * t))``: nearly exponential at
    rate ``rate`` while far below the ceiling, then saturating.

    Parameters
    ----------
    t : array_like
        Times.
    initial : array_like
        Level at ``t = 0``; positive.
    rate : array_like
        Early (small-level) continuous growth rate; non-negative.
    ceiling : array_like
        Carrying capacity the curve approaches; positive.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*.

    Examples
    --------
    >>> logistic([0.0, 100.0], initial=1.0, rate=1.0, ceiling=10.0)
    array([ 1., 10.])
    >>> float(logistic(np.log(9.0), initial=1.0, rate=1.0, ceiling=10.0))  # half the ceiling
    5.0
    >>> float(logistic(0.0, initial=1.0, rate=1.0, ceiling=1e-17))  # starts above a tiny ceiling
    1.0

    A curve that starts above its ceiling falls toward it; going back in time it has a
    pole, and times before the pole are rejected.

    The formula is evaluated in a stable form: with ``q = ln(ceiling / initial)``,
    ``ceiling · expit(rate·t − ln(e^q − 1))`` when starting below the ceiling and
    ``ceiling / (e^(q − rate·t) − expm1(−rate·t))`` when starting above it, so neither a
    ceiling far from the start nor a long time overflows.
    """
    t = as_float_array(t, "t")
    initial = as_float_array(initial, "initial", positive=True)
    rate = as_float_array(rate, "rate", nonnegative=True)
    ceiling = as_float_array(ceiling, "ceiling", positive=True)
    check_broadcastable(t=t, initial=initial, rate=rate, ceiling=ceiling)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        log_ratio = np.log(ceiling) - np.log(initial)  # ln(ceiling / initial), always finite
        rate_t = np.where(rate == 0.0, 0.0, rate * t)  # may be ±inf for huge times: the limits
        # Below the ceiling: ceiling * expit(rate t - ln q) with q = ceiling / initial - 1 > 0.
        positive = np.maximum(log_ratio, 1e-300)
        log_q = np.where(positive > 30.0, positive + np.log1p(-np.exp(-positive)), np.log(np.expm1(positive)))
        below = ceiling * expit(rate_t - log_q)
        # Above the ceiling: ceiling / (exp(ln(ceiling/initial) - rate t) - expm1(-rate t)).
        denominator = np.exp(log_ratio - rate_t) - np.expm1(-rate_t)
        above = ceiling / denominator
        result = np.where(log_ratio > 0.0, below, np.where(log_ratio == 0.0, ceiling, above))
        pole = (log_ratio < 0.0) & ~(denominator > 0.0)
    if np.any(pole):
        raise ValueError(
            "t: logistic growth that starts above its ceiling has a pole in the past "
            "(at t = ln(1 - ceiling / initial) / rate); times at or before it have no finite value"
        )
    return finite_result(result, "t, initial, rate, ceiling", "the logistic curve")


def piecewise_exponential(t, initial, rates, change_times):
    """Continuous exponential growth whose rate changes at given times.

    Between ``change_times[i-1]`` and ``change_times[i]`` the curve grows at
    ``rates[i]``; before ``change_times[0]`` at ``rates[0]``; after the last change at
    ``rates[-1]``. The curve is continuous, so only its slope on a log scale jumps.

    Parameters
    ----------
    t : array_like
        Times.
    initial : float
        Level at ``t = 0``; positive.
    rates : array_like
        One continuous rate per segment: ``len(change_times) + 1`` values.
    change_times : array_like
        Strictly increasing times at which the rate changes (may be empty).

    Returns
    -------
    numpy.ndarray
        The curve at ``t``.

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*: a regime change such as a new
    oversight method that suddenly scales, or a compute build-out that stalls.

    Examples
    --------
    >>> piecewise_exponential([0.0, 1.0, 2.0], 1.0, rates=[np.log(2), 0.0], change_times=[1.0])
    array([1., 2., 2.])
    """
    t = as_float_array(t, "t")
    initial = as_float_array(initial, "initial", positive=True)
    if initial.ndim != 0:
        raise ValueError(f"initial must be a scalar; got shape {initial.shape}")
    rates = as_float_array(rates, "rates", ndim=1)
    change_times = as_float_array(change_times, "change_times", ndim=1, allow_empty=True)
    check_increasing(change_times, "change_times")
    if rates.size != change_times.size + 1:
        raise ValueError(
            f"rates must have one more element than change_times; got {rates.size} rates "
            f"and {change_times.size} change_times"
        )
    # log C(t) - log C0 = integral_0^t r(s) ds with r piecewise constant. Anchor segment 0
    # at t = 0 and segment i >= 1 at change_times[i-1], where the log level is known.
    knots = np.concatenate(([0.0], change_times))
    log_at_knots = np.zeros_like(knots)
    if change_times.size:
        log_at_knots[1] = rates[0] * change_times[0]
        log_at_knots[2:] = log_at_knots[1] + np.cumsum(rates[1:-1] * np.diff(change_times))
    segment = np.searchsorted(change_times, t, side="right")
    with np.errstate(over="ignore", invalid="ignore"):
        exponent = np.log(initial) + log_at_knots[segment] + rates[segment] * (t - knots[segment])
        result = np.exp(exponent)
    return finite_result(result, "t, initial, rates, change_times", "the piecewise exponential curve")


def doubling_time(rate):
    """Time for a quantity growing at continuous ``rate`` to double: ``ln 2 / rate``.

    Parameters
    ----------
    rate : array_like
        Continuous growth rate per unit time; must be positive.

    Returns
    -------
    numpy.ndarray or float
        Doubling time in the same time unit as ``rate``.

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*.

    Examples
    --------
    >>> round(float(doubling_time(np.log(2.0))), 12)
    1.0
    >>> round(float(doubling_time(rate_from_annual_factor(4.0))) * 12, 2)  # months
    6.0
    """
    rate = as_float_array(rate, "rate", positive=True)
    with np.errstate(over="ignore"):
        return finite_result(np.log(2.0) / rate, "rate", "the doubling time ln 2 / rate")


def rate_from_annual_factor(factor):
    """Continuous rate per year for growth by ``factor`` each year: ``ln(factor)``.

    Parameters
    ----------
    factor : array_like
        Multiplicative growth per year, e.g. ``4.0`` for "4× per year"; must be positive.
        Factors below 1 give negative rates (decline).

    Returns
    -------
    numpy.ndarray or float

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*.

    Examples
    --------
    >>> float(rate_from_annual_factor(4.0)) == float(np.log(4.0))
    True
    """
    factor = as_float_array(factor, "factor", positive=True)
    return np.log(factor)


def annual_factor(rate):
    """Multiplicative growth per unit time for a continuous ``rate``: ``exp(rate)``.

    The inverse of :func:`rate_from_annual_factor`.

    Examples
    --------
    >>> float(annual_factor(np.log(5.0)))
    5.0
    """
    rate = as_float_array(rate, "rate")
    with np.errstate(over="ignore"):
        return finite_result(np.exp(rate), "rate", "exp(rate)")


def rate_from_doubling_time(doubling):
    """Continuous rate for a given doubling time: ``ln 2 / doubling``.

    The inverse of :func:`doubling_time`.

    Examples
    --------
    >>> float(rate_from_doubling_time(0.5)) == float(2 * np.log(2))
    True
    """
    doubling = as_float_array(doubling, "doubling", positive=True)
    with np.errstate(over="ignore"):
        return finite_result(np.log(2.0) / doubling, "doubling", "the rate ln 2 / doubling")


def time_to_reach(level, initial, rate):
    """Time for exponential growth from ``initial`` at ``rate`` to reach ``level``.

    Solves ``initial * exp(rate * t) = level``: ``t = ln(level / initial) / rate``.

    Parameters
    ----------
    level, initial : array_like
        Target and starting levels; positive.
    rate : array_like
        Continuous growth rate; positive.

    Returns
    -------
    numpy.ndarray or float
        Time in the unit of ``rate``; negative if ``level`` is already below ``initial``
        (it was reached in the past).

    Notes
    -----
    Defined in Chapter 1, section *Growth processes*; Chapters 2 and 6 use it for the
    date a compute trend crosses a governance threshold.

    Examples
    --------
    >>> round(float(time_to_reach(1e26, 1e25, rate_from_annual_factor(4.0))), 4)  # years
    1.661
    """
    level = as_float_array(level, "level", positive=True)
    initial = as_float_array(initial, "initial", positive=True)
    rate = as_float_array(rate, "rate", positive=True)
    check_broadcastable(level=level, initial=initial, rate=rate)
    with np.errstate(over="ignore"):
        result = (np.log(level) - np.log(initial)) / rate
    return finite_result(result, "level, initial, rate", "the time ln(level / initial) / rate")
