"""How often a compute-triggered policy must re-evaluate, and when trends cross its lines.

A framework that re-runs its dangerous-capability evaluations at every ``k``-fold
growth in effective compute sets, under exponential growth by ``g`` per year, one
evaluation every ``ln k / ln g`` years. These functions give that interval, the
number of evaluations a year, the full schedule under any compute path, and the time a
trend takes to cross a fixed compute line (via :func:`acslib.growth.time_to_reach`).

Defined in Chapter 6, *Governance systems*, section *Evaluation governance: the cadence*.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_float_array,
    as_scalar,
    check_broadcastable,
    check_increasing,
    check_same_length,
    check_total_size,
    finite_result,
)
from ..growth import rate_from_annual_factor, time_to_reach

__all__ = ["evaluation_interval", "evaluations_per_year", "evaluation_schedule", "years_to_threshold",
           "MAX_EVALUATIONS"]

#: Largest number of evaluations :func:`evaluation_schedule` lays out.
MAX_EVALUATIONS = 100_000


def _growth_and_trigger(annual_growth_factor, trigger_factor):
    growth = as_float_array(annual_growth_factor, "annual_growth_factor", positive=True)
    trigger = as_float_array(trigger_factor, "trigger_factor", positive=True)
    if (growth <= 1).any():
        raise ValueError(
            f"annual_growth_factor must exceed 1 (a flat or shrinking trend never triggers); got {growth.min():g}"
        )
    if (trigger <= 1).any():
        raise ValueError(f"trigger_factor must exceed 1; got {trigger.min():g}")
    check_broadcastable(annual_growth_factor=growth, trigger_factor=trigger)
    return growth, trigger


def evaluation_interval(annual_growth_factor, trigger_factor):
    """Years between evaluations when compute grows ``annual_growth_factor``× a year
    and the policy re-evaluates at every ``trigger_factor``× growth: ``ln k / ln g``.

    Parameters
    ----------
    annual_growth_factor : array_like
        Growth of effective compute per year, e.g. ``4.5``; must exceed 1.
    trigger_factor : array_like
        The policy's re-evaluation factor, e.g. ``2`` (OpenAI), ``4`` (Anthropic),
        ``6`` (Google DeepMind); must exceed 1.

    Returns
    -------
    numpy.ndarray or float
        Interval in years.

    Notes
    -----
    Defined in Chapter 6, section *Evaluation governance: the cadence*. It is the time
    :func:`acslib.growth.time_to_reach` gives for growth from 1 to ``trigger_factor``.

    Examples
    --------
    >>> float(evaluation_interval(4.0, 2.0))
    0.5
    >>> round(float(evaluation_interval(5.0, 6.0)), 3)
    1.113
    """
    growth, trigger = _growth_and_trigger(annual_growth_factor, trigger_factor)
    return time_to_reach(trigger, 1.0, rate_from_annual_factor(growth))  # rejects an overflowing interval


def evaluations_per_year(annual_growth_factor, trigger_factor):
    """Compute-triggered evaluations per year: ``ln g / ln k``, the inverse of the interval.

    Notes
    -----
    Defined in Chapter 6, section *Evaluation governance: the cadence*.

    Examples
    --------
    >>> float(evaluations_per_year(4.0, 2.0))
    2.0
    >>> np.round(evaluations_per_year([4.0, 5.0], 2.0), 3)
    array([2.   , 2.322])
    """
    with np.errstate(over="ignore"):
        return finite_result(1.0 / evaluation_interval(annual_growth_factor, trigger_factor),
                             "annual_growth_factor, trigger_factor", "the evaluation rate")


def evaluation_schedule(t, effective_compute, trigger_factor, max_interval=None):
    """Times of the evaluations a policy demands along a compute path.

    The first evaluation is at ``t[0]``. Each later one comes when effective compute
    first reaches ``trigger_factor`` times its level at the previous evaluation, or,
    if ``max_interval`` is given, when that much time has passed, whichever is first
    (Google DeepMind's framework adds a 3-month clock for fine-tuning progress).
    Between samples the path is interpolated log-linearly (exactly right for
    exponential growth); a path that dips counts from its running maximum, since a
    model once trained is not un-trained.

    Parameters
    ----------
    t : array_like
        Strictly increasing times (years), at least two.
    effective_compute : array_like
        Positive effective compute at each time (same length as ``t``).
    trigger_factor : float
        Re-evaluation factor; must exceed 1.
    max_interval : float, optional
        Longest allowed time between evaluations; positive.

    Returns
    -------
    times, compute_at_evaluation : numpy.ndarray
        When each evaluation happens and the (running-maximum) compute then.

    Notes
    -----
    Defined in Chapter 6, section *Evaluation governance: the cadence*. A schedule holds
    at most 100,000 evaluations (:data:`MAX_EVALUATIONS`): the count is worked out before
    the schedule is laid out (from the total growth and the clock), and a path and trigger
    that would need more are rejected at once.

    Examples
    --------
    >>> t = np.linspace(0.0, 2.0, 9)
    >>> times, levels = evaluation_schedule(t, 4.0 ** t, 2.0)
    >>> times
    array([0. , 0.5, 1. , 1.5, 2. ])
    >>> levels
    array([ 1.,  2.,  4.,  8., 16.])
    >>> evaluation_schedule(t, 4.0 ** t, 6.0, max_interval=0.25)[0]
    array([0.  , 0.25, 0.5 , 0.75, 1.  , 1.25, 1.5 , 1.75, 2.  ])
    """
    t = as_float_array(t, "t", ndim=1)
    compute = as_float_array(effective_compute, "effective_compute", positive=True, ndim=1)
    check_same_length(t=t, effective_compute=compute)
    check_increasing(t, "t")
    if t.size < 2:
        raise ValueError("t must hold at least two times")
    trigger = as_scalar(trigger_factor, "trigger_factor", positive=True)
    if trigger <= 1:
        raise ValueError(f"trigger_factor must exceed 1; got {trigger:g}")
    cap = np.inf if max_interval is None else as_scalar(max_interval, "max_interval", positive=True)
    log_level = np.log(np.maximum.accumulate(compute))  # non-decreasing
    log_trigger = np.log(trigger)
    # Bound the loop before running it: each evaluation is due either to growth by
    # trigger_factor or to the clock, so the count is at most the sum of the two counts.
    with np.errstate(over="ignore", divide="ignore"):
        by_growth = (log_level[-1] - log_level[0]) / log_trigger
        by_clock = 0.0 if max_interval is None else (t[-1] / 2.0 - t[0] / 2.0) / (cap / 2.0)
    check_total_size("trigger_factor, max_interval: the schedule", 1.0 + by_growth + by_clock,
                     MAX_EVALUATIONS, "evaluations")
    times, levels = [t[0]], [log_level[0]]
    while True:
        target = levels[-1] + log_trigger
        index = int(np.searchsorted(log_level, target, side="left"))
        if index < t.size:
            low, high = log_level[index - 1], log_level[index]
            fraction = 1.0 if high == low else (target - low) / (high - low)
            by_compute = (1.0 - fraction) * t[index - 1] + fraction * t[index]
        else:
            by_compute = np.inf
        by_clock = times[-1] + cap
        when = min(by_compute, by_clock)
        if when > t[-1] + 1e-12 * max(1.0, abs(t[-1])):
            break
        times.append(when)
        levels.append(target if by_compute <= by_clock else float(np.interp(when, t, log_level)))
    return np.asarray(times), np.exp(np.asarray(levels))


def years_to_threshold(threshold, compute_now, annual_growth_factor):
    """Years until a compute trend growing ``annual_growth_factor``× a year passes ``threshold``.

    Negative when the line was crossed in the past. A thin governance-named wrapper of
    :func:`acslib.growth.time_to_reach`.

    Parameters
    ----------
    threshold, compute_now : array_like
        The compute line and today's frontier compute (FLOP); positive.
    annual_growth_factor : array_like
        Growth per year; must exceed 1.

    Notes
    -----
    Defined in Chapter 6, section *The compute lines*.

    Examples
    --------
    >>> round(float(years_to_threshold(1e26, 3.8e25, 4.0)), 3)
    0.698
    """
    growth = as_float_array(annual_growth_factor, "annual_growth_factor", positive=True)
    if (growth <= 1).any():
        raise ValueError(f"annual_growth_factor must exceed 1; got {growth.min():g}")
    threshold = as_float_array(threshold, "threshold", positive=True)
    compute_now = as_float_array(compute_now, "compute_now", positive=True)
    check_broadcastable(threshold=threshold, compute_now=compute_now, annual_growth_factor=growth)
    return time_to_reach(threshold, compute_now, rate_from_annual_factor(growth))
