"""The core problem made quantitative: a hazard that grows with the alignment gap.

Defined in Chapter 3, *The core problem* (``chapters/03_core_problem.ipynb``).

The seed text says that while capability leads alignment, ``C(t) > A(t)``, "risk grows"
and "alignment failures compound". This module turns that sentence into a model:

1. the gap ``g(t) = ln(C(t) / A(t))`` comes from :func:`acslib.gap.alignment_gap`;
2. a **hazard** ``h(g)`` — the rate, per year, at which a serious alignment failure
   happens given the current gap — grows with the gap (:func:`hazard`);
3. the probability that at least one failure has happened by time ``t`` is
   ``1 - exp(-∫ h dt)`` (:func:`cumulative_failure_probability`), which a seeded Monte
   Carlo simulation reproduces (:func:`simulate_failure_times`).

**The hazard forms are assumptions of this book, not published results.** No study has
measured how the rate of alignment failures depends on a capability–alignment gap; the
three forms in :data:`HAZARD_FORMS` are stated so that a reader can see which
conclusions depend on the choice and which do not. All three equal ``base_rate`` on the
safe-scaling boundary ``g = 0`` and reduce to a constant hazard when
``sensitivity = 0``.

Times are in years and rates are continuous rates per year, as in :mod:`acslib.growth`.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_choice,
    as_count,
    as_float_array,
    as_probability,
    as_rng,
    as_scalar,
    check_broadcastable,
    check_increasing,
    finite_result,
)
from .gap import alignment_gap

__all__ = [
    "HAZARD_FORMS",
    "hazard",
    "race_gap",
    "hazard_over_time",
    "crossing_time",
    "cumulative_hazard",
    "cumulative_failure_probability",
    "failure_probability_exponential_hazard",
    "lifetime_failure_probability",
    "time_to_failure_probability",
    "simulate_failure_times",
    "empirical_failure_probability",
    "MAX_DRAWS",
]

#: The hazard forms offered by :func:`hazard` — all of them the book's assumptions.
HAZARD_FORMS = ("exponential", "softplus", "power")
#: Largest number of simulated worlds :func:`simulate_failure_times` draws at once.
MAX_DRAWS = 10_000_000


def _check_form(form) -> str:
    return as_choice(form, "form", HAZARD_FORMS)


def hazard(gap, base_rate, sensitivity, form="exponential"):
    """Failure hazard (expected failures per year) as a function of the alignment gap.

    With ``g`` the gap ``ln(C / A)``, ``h0 = base_rate`` and ``s = sensitivity``:

    ``"exponential"``
        ``h0 * exp(s * g)``, which is ``h0 * (C / A) ** s``: every doubling of
        capability's lead multiplies the hazard by ``2 ** s``. Alignment's lead lowers
        the hazard below ``h0`` without limit.
    ``"softplus"``
        ``h0 * ln(1 + exp(s * g)) / ln 2``: close to zero while alignment leads by a
        wide margin, and growing only *linearly* in the gap once capability leads.
    ``"power"``
        ``h0 * (1 + max(g, 0)) ** s``: a power law in the positive gap, flat at ``h0``
        whenever alignment keeps up — being ahead buys nothing below the base rate.

    Parameters
    ----------
    gap : array_like
        The log gap ``ln(C / A)``; any finite values.
    base_rate : array_like
        Hazard on the safe-scaling boundary ``g = 0``, per year; non-negative.
    sensitivity : array_like
        How steeply the hazard rises with the gap; non-negative. ``0`` gives a
        constant hazard ``base_rate`` under every form.
    form : {"exponential", "softplus", "power"}
        The functional form.

    Returns
    -------
    numpy.ndarray
        Hazard per year, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 3, section *From gap to hazard*. The three forms are the
    book's modelling assumptions, not published results.

    Examples
    --------
    >>> hazard([-1.0, 0.0, 1.0], base_rate=0.02, sensitivity=1.0).round(5)
    array([0.00736, 0.02   , 0.05437])
    >>> hazard([-1.0, 0.0, 1.0], base_rate=0.02, sensitivity=1.0, form="power")
    array([0.02, 0.02, 0.04])
    >>> float(hazard(0.0, base_rate=0.02, sensitivity=3.0, form="softplus"))
    0.02
    """
    form = _check_form(form)
    gap = as_float_array(gap, "gap")
    base_rate = as_float_array(base_rate, "base_rate", nonnegative=True)
    sensitivity = as_float_array(sensitivity, "sensitivity", nonnegative=True)
    check_broadcastable(gap=gap, base_rate=base_rate, sensitivity=sensitivity)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if form == "exponential":
            # In log space: a large base rate times a small factor must not overflow.
            exponent = np.where(sensitivity == 0.0, 0.0, sensitivity * gap)
            value = np.exp(np.log(base_rate) + exponent)
        elif form == "softplus":
            value = base_rate * (np.logaddexp(0.0, np.where(sensitivity == 0.0, 0.0, sensitivity * gap)) / np.log(2.0))
        else:
            value = np.exp(np.log(base_rate) + sensitivity * np.log1p(np.maximum(gap, 0.0)))
        value = np.where(base_rate == 0.0, 0.0, value)
    return finite_result(value, "gap, base_rate, sensitivity", f"the {form} hazard")


def race_gap(t, c0, c_rate, a0, a_rate):
    """The gap ``ln(C/A)`` between exponential capability and exponential alignment.

    ``C(t) = c0 * exp(c_rate * t)`` and ``A(t) = a0 * exp(a_rate * t)``
    (:func:`acslib.growth.exponential`) measured as in :func:`acslib.gap.alignment_gap`.
    The result is linear in time, ``ln(c0 / a0) + (c_rate - a_rate) * t``, and is
    computed in that form, so it stays finite long after either curve itself would
    overflow.

    Parameters
    ----------
    t : array_like
        Times in years.
    c0, a0 : float
        Capability and alignment at ``t = 0``; positive.
    c_rate, a_rate : float
        Their continuous growth rates per year; non-negative.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 3, section *How the gap grows*.

    Examples
    --------
    >>> race_gap([0.0, 10.0], c0=1.0, c_rate=0.7, a0=np.exp(2.0), a_rate=0.4).round(6)
    array([-2.,  1.])
    """
    t = as_float_array(t, "t")
    c0 = as_scalar(c0, "c0", positive=True)
    a0 = as_scalar(a0, "a0", positive=True)
    c_rate = as_scalar(c_rate, "c_rate", nonnegative=True)
    a_rate = as_scalar(a_rate, "a_rate", nonnegative=True)
    with np.errstate(over="ignore", invalid="ignore"):
        gap = (np.log(c0) - np.log(a0)) + (c_rate - a_rate) * t
    return finite_result(gap, "t, c0, c_rate, a0, a_rate", "the gap ln(c0 / a0) + (c_rate - a_rate) * t")


def hazard_over_time(capability, alignment, base_rate, sensitivity, form="exponential"):
    """Hazard along two growth curves: :func:`hazard` of their gap ``ln(C/A)``.

    Parameters
    ----------
    capability, alignment : array_like
        Positive levels (for example from :func:`acslib.growth.exponential` or
        :func:`acslib.growth.logistic`), broadcastable against each other.
    base_rate, sensitivity, form
        As in :func:`hazard`.

    Returns
    -------
    numpy.ndarray
        Hazard per year at each point.

    Notes
    -----
    Defined in Chapter 3, section *From gap to hazard*.

    Examples
    --------
    >>> hazard_over_time([1.0, 2.0, 4.0], 2.0, base_rate=0.1, sensitivity=1.0)
    array([0.05, 0.1 , 0.2 ])
    """
    return hazard(alignment_gap(capability, alignment), base_rate, sensitivity, form)


def crossing_time(c0, c_rate, a0, a_rate):
    """Time at which exponential capability overtakes exponential alignment.

    Solves ``c0 * exp(c_rate * t) = a0 * exp(a_rate * t)`` for ``t >= 0``:
    ``t* = ln(a0 / c0) / (c_rate - a_rate)``.

    Parameters
    ----------
    c0, a0 : float
        Capability and alignment at ``t = 0``; positive.
    c_rate, a_rate : float
        Continuous growth rates per year; non-negative.

    Returns
    -------
    float or None
        ``0.0`` if capability already leads at ``t = 0`` (or starts level and grows
        faster); the crossing time if alignment starts ahead but grows more slowly;
        ``None`` if capability never overtakes alignment.

    Notes
    -----
    Defined in Chapter 3, section *The crossing time*. Agrees with
    :func:`acslib.gap.first_crossing` on any grid fine enough to contain ``t*``.

    Examples
    --------
    >>> round(crossing_time(c0=1.0, c_rate=0.7, a0=8.0, a_rate=0.4), 4)  # ln 8 / 0.3
    6.9315
    >>> crossing_time(c0=1.0, c_rate=0.4, a0=8.0, a_rate=0.4) is None
    True
    >>> crossing_time(c0=2.0, c_rate=0.1, a0=1.0, a_rate=0.5)
    0.0
    """
    c0 = as_scalar(c0, "c0", positive=True)
    a0 = as_scalar(a0, "a0", positive=True)
    c_rate = as_scalar(c_rate, "c_rate", nonnegative=True)
    a_rate = as_scalar(a_rate, "a_rate", nonnegative=True)
    initial_gap = np.log(c0) - np.log(a0)
    if initial_gap > 0 or (initial_gap == 0 and c_rate > a_rate):
        return 0.0
    if c_rate <= a_rate:
        return None
    with np.errstate(over="ignore"):
        time = -initial_gap / (c_rate - a_rate)
    return float(finite_result(time, "c0, c_rate, a0, a_rate", "the crossing time ln(a0 / c0) / (c_rate - a_rate)"))


def _trapezoid(t, hazard_values):
    """Cumulative trapezoid integral from t[0]; +inf (never NaN) where it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        mean = 0.5 * hazard_values[..., 1:] + 0.5 * hazard_values[..., :-1]
        steps = np.where(mean > 0.0, np.diff(t) * mean, 0.0)
        cumulative = np.cumsum(steps, axis=-1)
    zeros = np.zeros(hazard_values.shape[:-1] + (1,))
    return np.concatenate([zeros, cumulative], axis=-1)


def _time_and_hazard(t, hazard_values):
    t = as_float_array(t, "t", ndim=1)
    check_increasing(t, "t")
    if t.size < 2:
        raise ValueError("t must have at least two points")
    hazard_values = as_float_array(hazard_values, "hazard", nonnegative=True)
    if hazard_values.ndim == 0 or hazard_values.shape[-1] != t.size:
        raise ValueError(
            f"hazard must have one value per time along its last axis; got shape "
            f"{hazard_values.shape} for t of length {t.size}"
        )
    return t, hazard_values


def cumulative_hazard(t, hazard):
    """Integrated hazard ``H(t) = ∫ h ds`` from ``t[0]``, by the trapezoid rule.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid with at least two points.
    hazard : array_like
        Non-negative hazard per year on the grid; its last axis matches ``t``, so
        several scenarios can be integrated at once.

    Returns
    -------
    numpy.ndarray
        ``H`` with the shape of ``hazard``, starting at 0. ``H`` is the expected
        number of failures by ``t`` if failures could repeat.

    Notes
    -----
    Defined in Chapter 3, section *From hazard to failure probability*. The trapezoid
    rule, written out (the same sums as ``scipy.integrate.cumulative_trapezoid``) because
    Exercise 3.5 asks students to write it, and so that an overflowing step gives ``inf``
    rather than NaN; an integral beyond the largest float
    is rejected (the failure probability, which only needs to know it is huge, is not).

    Examples
    --------
    >>> cumulative_hazard([0.0, 1.0, 2.0], [0.0, 1.0, 2.0])
    array([0. , 0.5, 2. ])
    """
    t, hazard = _time_and_hazard(t, hazard)
    return finite_result(_trapezoid(t, hazard), "t, hazard", "the integrated hazard")


def cumulative_failure_probability(t, hazard):
    """Probability of at least one failure by each time: ``1 - exp(-∫ h dt)``.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid with at least two points.
    hazard : array_like
        Non-negative hazard per year on the grid (last axis matches ``t``).

    Returns
    -------
    numpy.ndarray
        Non-decreasing probabilities in [0, 1], 0 at ``t[0]``.

    Notes
    -----
    Defined in Chapter 3, section *From hazard to failure probability*. The integral
    is :func:`cumulative_hazard` (trapezoid rule): exact for a hazard that is linear
    between grid points, so refine the grid for a strongly curved hazard.

    Examples
    --------
    >>> t = np.linspace(0.0, 20.0, 5)
    >>> cumulative_failure_probability(t, np.full(5, 0.05)).round(4)  # 1 - exp(-0.05 t)
    array([0.    , 0.2212, 0.3935, 0.5276, 0.6321])
    """
    t, hazard = _time_and_hazard(t, hazard)
    return -np.expm1(-_trapezoid(t, hazard))  # an overflowing integral means certain failure


def _log_integral_of_exponential(rate, t):
    """``ln ∫_0^t exp(rate s) ds`` for ``t > 0``, without overflow (``-inf`` at ``t = 0``)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        x = rate * t
        log_t = np.log(t)
        # ln((e^x - 1) / x), by cases: exact near 0, asymptotic for large |x|.
        tiny = np.abs(x) < 1e-8
        safe = np.where(tiny | ~np.isfinite(x), 1.0, x)
        middle = np.log(np.expm1(safe) / safe)
        large = x + np.log1p(-np.exp(-np.abs(x))) - np.log(np.abs(np.where(x == 0, 1.0, x)))
        relative = np.where(tiny, x / 2.0, np.where(np.abs(x) > 30.0, large, middle))
        growing = log_t + np.where(np.isinf(x), np.inf, relative)
        # Decaying hazard: (1 - e^x) / |rate|, computed directly so that x = -inf is fine.
        decaying = np.log1p(-np.exp(np.where(tiny, -1.0, x))) - np.log(-np.where(rate < 0, rate, -1.0))
        decaying = np.where(tiny, log_t + x / 2.0, decaying)
        return np.where(rate < 0.0, decaying, np.where(rate == 0.0, log_t, growing))


def _cumulative_hazard_exponential_form(t, initial_gap, gap_rate, base_rate, sensitivity):
    """``H(t)`` in closed form, computed in log space: ``+inf`` where it overflows, never NaN."""
    growth = sensitivity * gap_rate
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exponent = np.where(sensitivity == 0.0, 0.0, sensitivity * initial_gap)
        log_h = np.log(base_rate) + exponent + _log_integral_of_exponential(growth, t)
        value = np.exp(log_h)
    return np.where((t == 0.0) | (base_rate == 0.0), 0.0, value)


def failure_probability_exponential_hazard(t, initial_gap, gap_rate, base_rate, sensitivity):
    """Closed-form failure probability for the exponential hazard and a linear gap.

    With ``g(t) = initial_gap + gap_rate * t`` (two exponential growth curves) and
    ``h = base_rate * exp(sensitivity * g)``, the hazard itself grows exponentially at
    rate ``k = sensitivity * gap_rate``, and

    ``H(t) = base_rate * exp(sensitivity * initial_gap) * (exp(k t) - 1) / k``

    (``... * t`` when ``k = 0``). Returns ``1 - exp(-H(t))``.

    Parameters
    ----------
    t : array_like
        Times since the start, in years; non-negative.
    initial_gap : array_like
        ``ln(C(0) / A(0))``; any finite value.
    gap_rate : array_like
        ``c_rate - a_rate``: negative when alignment grows faster.
    base_rate, sensitivity : array_like
        As in :func:`hazard`; non-negative.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 3, section *Checking by simulation* (the closed form of the exponential
    hazard that section *What "compounding" means in the model* describes). Used to check
    :func:`cumulative_failure_probability` and :func:`simulate_failure_times`.

    Examples
    --------
    >>> float(failure_probability_exponential_hazard(10.0, 0.0, 0.0, 0.1, 1.0)).__round__(6)
    0.632121
    >>> t = np.linspace(0.0, 10.0, 2001)
    >>> h = hazard(race_gap(t, 1.0, 0.7, 4.0, 0.4), base_rate=0.05, sensitivity=1.0)
    >>> numeric = cumulative_failure_probability(t, h)[-1]
    >>> exact = failure_probability_exponential_hazard(10.0, -np.log(4.0), 0.3, 0.05, 1.0)
    >>> bool(abs(numeric - exact) < 1e-6)
    True
    >>> float(failure_probability_exponential_hazard(0.0, 800.0, 0.0, 0.01, 1.0))  # nothing at t = 0
    0.0

    The integral is evaluated in log space, so a huge hazard gives probability 1, not NaN.
    """
    t = as_float_array(t, "t", nonnegative=True)
    initial_gap = as_float_array(initial_gap, "initial_gap")
    gap_rate = as_float_array(gap_rate, "gap_rate")
    base_rate = as_float_array(base_rate, "base_rate", nonnegative=True)
    sensitivity = as_float_array(sensitivity, "sensitivity", nonnegative=True)
    check_broadcastable(t=t, initial_gap=initial_gap, gap_rate=gap_rate, base_rate=base_rate,
                        sensitivity=sensitivity)
    return -np.expm1(-_cumulative_hazard_exponential_form(t, initial_gap, gap_rate, base_rate, sensitivity))


def lifetime_failure_probability(initial_gap, gap_rate, base_rate, sensitivity):
    """Probability of failure ever happening, as ``t → ∞``, for the exponential hazard.

    If the hazard does not shrink (``sensitivity * gap_rate >= 0``, including a
    constant gap) the integrated hazard grows without bound and failure is certain:
    the answer is 1 (0 if ``base_rate`` is 0). If alignment outgrows capability fast
    enough to make the hazard decay at rate ``k = sensitivity * |gap_rate|``, the total
    hazard is finite, ``base_rate * exp(sensitivity * initial_gap) / k``, and so is the
    lifetime risk.

    Parameters
    ----------
    initial_gap, gap_rate, base_rate, sensitivity : array_like
        As in :func:`failure_probability_exponential_hazard`.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1].

    Notes
    -----
    Defined in Chapter 3, section *Why a constant gap still ends in failure*.

    Examples
    --------
    >>> float(lifetime_failure_probability(0.0, 0.0, 0.01, 1.0))   # constant hazard
    1.0
    >>> round(float(lifetime_failure_probability(0.0, -0.1, 0.02, 1.0)), 4)  # 1 - exp(-0.2)
    0.1813
    """
    initial_gap = as_float_array(initial_gap, "initial_gap")
    gap_rate = as_float_array(gap_rate, "gap_rate")
    base_rate = as_float_array(base_rate, "base_rate", nonnegative=True)
    sensitivity = as_float_array(sensitivity, "sensitivity", nonnegative=True)
    check_broadcastable(initial_gap=initial_gap, gap_rate=gap_rate, base_rate=base_rate, sensitivity=sensitivity)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        decay = -sensitivity * gap_rate
        safe_decay = np.where(decay > 0.0, decay, 1.0)
        exponent = np.where(sensitivity == 0.0, 0.0, sensitivity * initial_gap)
        total_hazard = np.exp(np.log(base_rate) + exponent - np.log(safe_decay))
        bounded = -np.expm1(-total_hazard)
    return np.where(base_rate == 0.0, 0.0, np.where(decay > 0.0, bounded, 1.0))


def time_to_failure_probability(t, failure_probability, level):
    """First time a cumulative failure probability curve reaches ``level``.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid.
    failure_probability : array_like
        Non-decreasing probabilities on ``t`` (e.g. from
        :func:`cumulative_failure_probability`).
    level : float
        Target probability, strictly between 0 and 1 (``0.5`` gives the median
        time to failure).

    Returns
    -------
    float or None
        The time, linearly interpolated between grid points, or ``None`` if the
        curve stays below ``level`` on the grid.

    Notes
    -----
    Defined in Chapter 3, section *From hazard to failure probability*.

    Examples
    --------
    >>> t = np.linspace(0.0, 100.0, 100_001)
    >>> p = cumulative_failure_probability(t, np.full(t.size, 0.05))
    >>> round(time_to_failure_probability(t, p, 0.5), 3)   # ln 2 / 0.05
    13.863
    """
    t = as_float_array(t, "t", ndim=1)
    check_increasing(t, "t")
    failure_probability = as_probability(failure_probability, "failure_probability")
    if failure_probability.shape != t.shape:
        raise ValueError(
            f"failure_probability must have one value per time; got shape {failure_probability.shape} "
            f"for t of length {t.size}"
        )
    if (np.diff(failure_probability) < 0).any():
        raise ValueError("failure_probability must be non-decreasing in time")
    level = as_scalar(level, "level")
    as_probability(level, "level", open_interval=True)
    reached = np.flatnonzero(failure_probability >= level)
    if reached.size == 0:
        return None
    i = int(reached[0])
    if i == 0:
        return float(t[0])
    p0, p1 = failure_probability[i - 1], failure_probability[i]
    fraction = (level - p0) / (p1 - p0)
    return float((1.0 - fraction) * t[i - 1] + fraction * t[i])  # a weighted mean: no overflow


def simulate_failure_times(t, hazard, n_draws, seed=None):
    """Monte Carlo failure times for a hazard on a grid, fully vectorised.

    Each simulated world draws a "reserve" ``E ~ Exponential(1)`` and fails when the
    accumulated hazard ``H(t)`` first exceeds it (inverse-transform sampling), so
    ``P(T <= t) = P(E <= H(t)) = 1 - exp(-H(t))``. Between grid points ``H`` is
    interpolated linearly; at grid points the simulated distribution is exactly that
    of :func:`cumulative_failure_probability`.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid with at least two points.
    hazard : array_like
        Non-negative 1-D hazard per year on ``t``.
    n_draws : int
        Number of simulated worlds, 1 to 10,000,000 (:data:`MAX_DRAWS`). A million take
        tens of milliseconds.
    seed : int, numpy.random.Generator or None
        Source of randomness: an integer seed, a ``numpy.random.Generator``, or
        ``None`` for fresh entropy.

    Returns
    -------
    numpy.ndarray
        ``n_draws`` failure times; ``inf`` for worlds that survive past ``t[-1]``.

    Notes
    -----
    Defined in Chapter 3, section *Checking by simulation*.

    Examples
    --------
    >>> t = np.linspace(0.0, 20.0, 201)
    >>> times = simulate_failure_times(t, np.full(t.size, 0.05), n_draws=100_000, seed=1)
    >>> p, se = empirical_failure_probability(times, [20.0])
    >>> bool(abs(p[0] - (1 - np.exp(-1.0))) < 4 * se[0])
    True
    """
    t, hazard = _time_and_hazard(t, hazard)
    if hazard.ndim != 1:
        raise ValueError(f"hazard must be 1-dimensional; got shape {hazard.shape}")
    n_draws = as_count(n_draws, "n_draws", cap=MAX_DRAWS)
    rng = as_rng(seed)
    accumulated = finite_result(_trapezoid(t, hazard), "t, hazard", "the integrated hazard")
    reserves = rng.standard_exponential(n_draws)
    times = np.interp(reserves, accumulated, t)
    times[reserves > accumulated[-1]] = np.inf
    return times


def empirical_failure_probability(failure_times, t):
    """Fraction of simulated worlds failed by each time, with its standard error.

    Parameters
    ----------
    failure_times : array_like
        1-D failure times from :func:`simulate_failure_times`; ``inf`` marks a
        survivor. Must not contain NaN or negative infinity.
    t : array_like
        Times at which to evaluate; finite.

    Returns
    -------
    probability, standard_error : numpy.ndarray
        ``p = (number failed by t) / n`` and the binomial standard error
        ``sqrt(p (1 - p) / n)``, both with the shape of ``t``.

    Notes
    -----
    Defined in Chapter 3, section *Checking by simulation*.

    Examples
    --------
    >>> p, se = empirical_failure_probability([1.0, 2.0, np.inf, 3.0], [0.5, 2.0, 10.0])
    >>> p
    array([0.  , 0.5 , 0.75])
    >>> se.round(4)
    array([0.    , 0.25  , 0.2165])
    """
    times = as_float_array(failure_times, "failure_times", ndim=1, infinite="positive")
    t = as_float_array(t, "t")
    ordered = np.sort(times)
    probability = np.searchsorted(ordered, t, side="right") / times.size
    standard_error = np.sqrt(probability * (1.0 - probability) / times.size)
    return probability, standard_error
