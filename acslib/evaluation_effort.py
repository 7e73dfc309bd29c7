"""Evaluation effort as capability grows: the cost of still catching a capability jump.

Defined in Chapter 12, *Strategic implications* (``chapters/12_strategic_implications.ipynb``),
section *Evaluation sophistication that keeps pace*. The model combines three pieces the
book has already built, and is **the book's own combination**:

* how often evaluation rounds come round under a re-evaluation trigger (Chapter 6,
  ``acslib.governance.evaluations_per_year``);
* how many tasks a round must contain to see, with a given probability, a new capability
  that shows up on a share ``p`` of tasks (Chapter 7, ``acslib.monitoring.audit_sample_size``);
* how long each task takes, which grows with the length of tasks the model can do
  (Chapter 2's time-horizon trend: a task suite must keep up with the horizon to elicit
  what the model can now do).

Yearly effort is then ``rounds per year × tasks per round × hours per task``. If the
share ``p`` also shrinks as the space of tasks widens (rate ``κ``), effort grows at about
``ln 2 / T_double + κ`` per year, whatever the trigger.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_probability, as_scalar, check_broadcastable
from .governance import evaluations_per_year
from .monitoring import audit_sample_size

#: Largest number of tasks per round the functions count (2**53, where float64 stops counting exactly).
MAX_TASKS = 2**53

__all__ = [
    "EvaluationEffort",
    "tasks_per_round",
    "evaluation_effort",
    "effort_growth_rate",
    "detection_within",
    "MAX_TASKS",
]


def _audit_size(manifest_rate, confidence, names="manifest_rate, confidence"):
    """Chapter 7's audit size, with a size check that names this module's parameters."""
    with np.errstate(divide="ignore"):
        exact = np.log1p(-np.minimum(confidence, 1.0 - 1e-16)) / np.log1p(-manifest_rate)
    if (exact > MAX_TASKS).any():
        raise ValueError(f"{names}: a round would need {np.max(exact):.3g} tasks, more than 2**53, "
                         f"where float64 stops counting exactly; the manifest rate is too small for this confidence")
    return audit_sample_size(manifest_rate, confidence)


def tasks_per_round(manifest_rate, confidence):
    """Tasks a round needs so that a capability showing on a share ``p`` of tasks is seen.

    The smallest ``n`` with ``1 − (1 − p)^n >= confidence``: Chapter 7's audit sample size,
    reused (``acslib.monitoring.audit_sample_size``).

    Parameters
    ----------
    manifest_rate : array_like
        ``p``, the share of evaluation tasks on which the new capability would show,
        strictly between 0 and 1.
    confidence : array_like
        Required probability of seeing it in one round, in [0, 1).

    Returns
    -------
    int or numpy.ndarray

    Raises
    ------
    ValueError
        If a round would need more than 2**53 tasks (:data:`MAX_TASKS`).

    Notes
    -----
    Defined in Chapter 12, section *Evaluation sophistication that keeps pace*.

    Examples
    --------
    >>> tasks_per_round(0.01, 0.95)
    299
    """
    manifest_rate = as_probability(manifest_rate, "manifest_rate", open_interval=True)
    confidence = as_probability(confidence, "confidence")
    if (confidence >= 1).any():
        raise ValueError("confidence must be below 1: certainty needs infinitely many tasks")
    check_broadcastable(manifest_rate=manifest_rate, confidence=confidence)
    return _audit_size(manifest_rate, confidence)


def detection_within(per_round_detection, rounds):
    """Probability that a jump is caught within ``rounds`` independent rounds: ``1 − (1 − q)^rounds``.

    Parameters
    ----------
    per_round_detection : array_like
        ``q``, the probability one round catches it, in [0, 1].
    rounds : array_like
        Number of rounds, non-negative.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 12, section *Evaluation sophistication that keeps pace*.

    Examples
    --------
    >>> round(detection_within(0.5, 3), 3)
    0.875
    """
    q = as_probability(per_round_detection, "per_round_detection")
    rounds = as_float_array(rounds, "rounds", nonnegative=True)
    check_broadcastable(per_round_detection=q, rounds=rounds)
    result = -np.expm1(rounds * np.log1p(-np.minimum(q, 1.0 - 1e-16)))
    result = np.where(q >= 1.0, np.where(rounds > 0, 1.0, 0.0), result)
    return float(result) if result.ndim == 0 else result


class EvaluationEffort(NamedTuple):
    """Outcome of :func:`evaluation_effort`, one entry per time.

    Attributes
    ----------
    rounds_per_year : float
        Evaluation rounds a year under the trigger (Chapter 6).
    tasks_per_round : numpy.ndarray
        Tasks needed per round (Chapter 7).
    hours_per_task : numpy.ndarray
        Expert hours per task, growing with the time horizon.
    hours_per_year : numpy.ndarray
        The product: yearly evaluation effort.
    """

    rounds_per_year: float
    tasks_per_round: np.ndarray
    hours_per_task: np.ndarray
    hours_per_year: np.ndarray


def evaluation_effort(t, *, manifest_rate, confidence, annual_growth_factor, trigger_factor,
                      hours_per_task, horizon_doubling_years, dilution_rate=0.0):
    """Yearly expert hours needed to keep catching a capability jump with fixed probability.

    Parameters
    ----------
    t : array_like
        Years from now, non-negative, at most 60.
    manifest_rate : float
        ``p`` now: share of evaluation tasks on which a new capability would show, in (0, 1).
    confidence : float
        Probability each round must catch it, in (0, 1).
    annual_growth_factor : float
        Growth of effective compute per year, above 1 (sets the cadence, Chapter 6).
    trigger_factor : float
        The policy re-evaluates at every ``trigger_factor``-fold growth, above 1.
    hours_per_task : float
        Expert hours per evaluation task now, positive.
    horizon_doubling_years : float
        Doubling time of the task length the suite must reach, in years; positive.
    dilution_rate : float
        ``κ >= 0``: ``p`` shrinks as ``p·exp(−κ·t)`` as the task space widens.

    Returns
    -------
    EvaluationEffort

    Raises
    ------
    ValueError
        If ``t`` exceeds 60 years, or a round would need more than 2**53 tasks
        (:data:`MAX_TASKS`).

    Notes
    -----
    Defined in Chapter 12, section *Evaluation sophistication that keeps pace* (the book's
    combination of Chapters 2, 6 and 7).

    Examples
    --------
    >>> e = evaluation_effort([0.0, 1.0], manifest_rate=0.01, confidence=0.95, annual_growth_factor=4.0,
    ...                       trigger_factor=2.0, hours_per_task=1.0, horizon_doubling_years=0.5)
    >>> e.rounds_per_year, e.tasks_per_round, e.hours_per_year
    (2.0, array([299, 299]), array([ 598., 2392.]))
    """
    t = as_float_array(t, "t", nonnegative=True)
    if (t > 60).any():
        raise ValueError("t must be at most 60 years")
    p0 = float(as_probability(as_scalar(manifest_rate, "manifest_rate"), "manifest_rate", open_interval=True))
    confidence = float(as_probability(as_scalar(confidence, "confidence"), "confidence", open_interval=True))
    hours = as_scalar(hours_per_task, "hours_per_task", positive=True)
    doubling = as_scalar(horizon_doubling_years, "horizon_doubling_years", positive=True)
    kappa = as_scalar(dilution_rate, "dilution_rate", nonnegative=True)
    if (t / doubling > 1000).any() or (kappa * t > 700).any():
        raise ValueError("t, horizon_doubling_years, dilution_rate: t is too long for these rates, "
                         "the effort would overflow")
    rounds = float(evaluations_per_year(annual_growth_factor, trigger_factor))
    p = p0 * np.exp(-kappa * t)
    if (p <= 0).any():
        raise ValueError("dilution_rate * t is too large: the manifest rate underflowed")
    tasks = np.asarray(_audit_size(p, confidence, "manifest_rate, confidence, dilution_rate"))
    per_task = hours * 2.0 ** (t / doubling)
    total = rounds * tasks * per_task
    if not np.isfinite(total).all():
        raise ValueError("hours_per_task, horizon_doubling_years: the effort overflowed")
    return EvaluationEffort(rounds, tasks, per_task, total)


def effort_growth_rate(horizon_doubling_years, dilution_rate=0.0):
    """Long-run continuous growth rate of :func:`evaluation_effort`: ``ln 2/T_double + κ``.

    For a small manifest rate the tasks per round are close to
    ``−ln(1 − confidence)/p``, which grows at ``κ``; the hours per task grow at
    ``ln 2/T_double``. The cadence is a constant factor and drops out.

    Parameters
    ----------
    horizon_doubling_years : array_like
        Positive.
    dilution_rate : array_like
        ``κ``, non-negative.

    Returns
    -------
    float or numpy.ndarray
        Continuous rate per year.

    Notes
    -----
    Defined in Chapter 12, section *Evaluation sophistication that keeps pace*.

    Examples
    --------
    >>> round(effort_growth_rate(0.5), 4)
    1.3863
    """
    doubling = as_float_array(horizon_doubling_years, "horizon_doubling_years", positive=True)
    kappa = as_float_array(dilution_rate, "dilution_rate", nonnegative=True)
    check_broadcastable(horizon_doubling_years=doubling, dilution_rate=kappa)
    rate = np.log(2.0) / doubling + kappa
    return float(rate) if rate.ndim == 0 else rate
