"""The alignment gap between capability C(t) and alignment capability A(t).

Defined in Chapter 1, *What alignment capability scaling means*
(``chapters/01_definition.ipynb``), section *The gap*. Chapter 3 builds hazard and
failure probability on top of it.

The gap is measured as a log ratio, ``ln(C / A)``: positive when capability leads,
zero on the safe-scaling boundary ``A = C``, negative while alignment is ahead. On a
log-scale plot it is the vertical distance between the two curves, and for two
exponentials it changes linearly in time at the difference of their rates.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_broadcastable, check_increasing, check_same_length, finite_result

__all__ = ["alignment_gap", "first_crossing", "safe_scaling_holds", "cumulative_gap"]


def _positive_pair(capability, alignment):
    capability = as_float_array(capability, "capability", positive=True)
    alignment = as_float_array(alignment, "alignment", positive=True)
    check_broadcastable(capability=capability, alignment=alignment)
    return capability, alignment


def alignment_gap(capability, alignment):
    """Log ratio ``ln(C / A)`` of capability to alignment capability.

    Parameters
    ----------
    capability, alignment : array_like
        Positive levels on a common scale, broadcastable against each other.

    Returns
    -------
    numpy.ndarray
        Positive where capability leads, negative where alignment leads.

    Notes
    -----
    Defined in Chapter 1, section *The gap*.

    Examples
    --------
    >>> alignment_gap([1.0, 2.0, 4.0], 2.0).round(4)
    array([-0.6931,  0.    ,  0.6931])
    """
    capability, alignment = _positive_pair(capability, alignment)
    return np.log(capability) - np.log(alignment)


def safe_scaling_holds(capability, alignment):
    """Whether the safe-scaling condition ``A(t) >= C(t)`` holds, element by element.

    Examples
    --------
    >>> safe_scaling_holds([1.0, 3.0], [2.0, 2.0])
    array([ True, False])
    """
    capability, alignment = _positive_pair(capability, alignment)
    return alignment >= capability


def _time_grid(t, capability, alignment):
    t = as_float_array(t, "t", ndim=1)
    capability, alignment = _positive_pair(capability, alignment)
    if capability.ndim != 1 or alignment.ndim != 1:
        raise ValueError(
            f"capability and alignment must be 1-dimensional over t; got shapes "
            f"{capability.shape} and {alignment.shape}"
        )
    check_same_length(t=t, capability=capability, alignment=alignment)
    check_increasing(t, "t")
    return t, capability, alignment


def first_crossing(t, capability, alignment):
    """First time at which capability exceeds alignment capability.

    The gap ``ln(C/A)`` is interpolated linearly between grid points, so for two
    exponentials (a linear gap) the answer is exact up to rounding.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid.
    capability, alignment : array_like
        Positive 1-D curves on the grid ``t``.

    Returns
    -------
    float or None
        ``t[0]`` if capability already leads at the start; the interpolated time at
        which the gap first turns positive; or ``None`` if it never does on the grid.

    Notes
    -----
    Defined in Chapter 1, section *The gap*.

    Examples
    --------
    >>> t = np.linspace(0.0, 10.0, 11)
    >>> capability = np.exp(0.6 * t)          # grows faster ...
    >>> alignment = 8.0 * np.exp(0.3 * t)     # ... but starts 8x behind
    >>> round(first_crossing(t, capability, alignment), 4)  # ln 8 / 0.3
    6.9315
    >>> first_crossing(t, capability, 1e3 * alignment) is None  # never within 10 years
    True
    """
    t, capability, alignment = _time_grid(t, capability, alignment)
    gap = np.log(capability) - np.log(alignment)
    ahead = np.flatnonzero(gap > 0)
    if ahead.size == 0:
        return None
    i = int(ahead[0])
    if i == 0:
        return float(t[0])
    g0, g1 = gap[i - 1], gap[i]
    fraction = -g0 / (g1 - g0)  # in [0, 1]: g0 <= 0 < g1
    # A weighted mean of the two grid times, so that a wide grid cannot overflow.
    return float((1.0 - fraction) * t[i - 1] + fraction * t[i])


def cumulative_gap(t, capability, alignment):
    """Area under the positive part of the gap, ``∫ max(0, ln(C/A)) dt``.

    A single number for "how much unmatched capability accumulated": zero when
    alignment always keeps up, growing with both the size and the duration of the
    gap. Its units are (log-ratio) × (time). The gap is taken as linear between grid
    points and its positive part integrated exactly, so sign changes cost no accuracy.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D time grid with at least two points.
    capability, alignment : array_like
        Positive 1-D curves on ``t``.

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 1, section *The gap*. This summary is the book's own, not a
    published measure; Chapter 3 replaces it by an explicit hazard model.

    Examples
    --------
    >>> t = np.linspace(0.0, 10.0, 1001)
    >>> round(cumulative_gap(t, np.exp(0.2 * t), np.ones_like(t)), 6)  # ∫ 0.2 t dt
    10.0
    """
    t, capability, alignment = _time_grid(t, capability, alignment)
    if t.size < 2:
        raise ValueError("t must have at least two points")
    gap = np.log(capability) - np.log(alignment)
    # Integrate the positive part exactly under linear interpolation: split
    # intervals where the gap changes sign at the interpolated root.
    g0, g1 = gap[:-1], gap[1:]
    with np.errstate(over="ignore"):
        dt = np.diff(t)
    both = (g0 >= 0) & (g1 >= 0)
    sign_change = (g0 * g1) < 0
    with np.errstate(over="ignore", invalid="ignore"):
        area = np.where(both & ((g0 > 0) | (g1 > 0)), 0.5 * (g0 + g1) * dt, 0.0)
    positive_end = np.where(g1 > 0, g1, g0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(sign_change, positive_end / np.abs(g1 - g0), 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        area = area + np.where(sign_change, 0.5 * positive_end * fraction * dt, 0.0)
        total = area.sum()
    return float(finite_result(total, "t, capability, alignment", "the area under the gap"))
