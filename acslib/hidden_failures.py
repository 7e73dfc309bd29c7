"""Hidden failure modes: what clean trials bound, and what they stop bounding.

Defined in Chapter 14, *The long-term perspective* (``chapters/14_long_term.ipynb``),
sections *Hidden failure modes* and *Scaling oversight complexity*.

A test campaign that runs ``n`` independent trials and sees no failure bounds the failure
rate, at confidence ``c``, by ``1 - (1 - c)^(1/n)``, about ``-ln(1 - c)/n`` (the "rule of
three" at 95 %). That arithmetic is Chapter 7's
(:func:`~acslib.monitoring.auditing.failure_rate_upper_bound`,
:func:`~acslib.monitoring.auditing.audit_sample_size`), and this module reuses it instead of
repeating it. What it adds is what happens to the bound when the thing under test keeps
changing:

* the bound is a statement about the distribution the trials came from, at the
  capability the system had when they ran (:func:`deployment_failure_bound`);
* evidence carries over to a new model generation only under an assumption about how much
  a failure rate can grow between generations (:func:`transferred_bound`), and no such
  assumption holds for a failure mode that appears only above some capability
  (:func:`emergent_failure_rates`, :func:`audit_across_generations`);
* the review effort behind a fixed standard of evidence grows with the length of the
  tasks reviewed (:func:`review_hours`).

The failure-growth scenarios here are this book's illustrations, not measurements.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_count,
    as_float_array,
    as_probability,
    as_scalar,
    as_whole_array,
    check_broadcastable,
    finite_result,
)
from .monitoring import audit_sample_size, detection_probability, failure_rate_upper_bound

__all__ = [
    "deployment_failure_bound",
    "transferred_bound",
    "emergent_failure_rates",
    "GenerationalAudit",
    "audit_across_generations",
    "review_hours",
    "MAX_GENERATIONS",
    "MAX_TRIALS",
]

#: Largest number of model generations the functions here accept.
MAX_GENERATIONS = 1_000
#: Largest number of trials (per test, or per generation) the functions here accept.
MAX_TRIALS = 10**15


def _whole(value, name: str, *, minimum: int = 0, maximum: int = MAX_TRIALS) -> np.ndarray:
    """Whole numbers from ``minimum`` to ``maximum``, as a float array (a private helper)."""
    return as_whole_array(value, name, minimum=minimum, maximum=maximum).astype(float)


def _confidence(confidence) -> float:
    value = as_probability(confidence, "confidence", open_interval=True)
    if value.ndim != 0:
        raise ValueError(f"confidence must be a scalar; got shape {value.shape}")
    return float(value)


def _growth(growth_factor) -> float:
    value = as_scalar(growth_factor, "growth_factor")
    if not 1.0 <= value <= 1e6:
        raise ValueError(f"growth_factor must lie from 1 to 1e6; got {value:g}")
    return value


def deployment_failure_bound(clean_trials, deployment_size, confidence=0.95):
    """Most failures a deployment may produce that are consistent with a clean test.

    After ``clean_trials`` trials without a failure, the failure rate is below
    :func:`~acslib.monitoring.auditing.failure_rate_upper_bound` at ``confidence``; a deployment of
    ``deployment_size`` interactions *from the same distribution* then expects at most
    ``deployment_size`` times that many failures.

    Parameters
    ----------
    clean_trials : array_like
        Trials run, all clean; whole numbers from 1 to 1,000,000,000,000,000 (:data:`MAX_TRIALS`).
    deployment_size : array_like
        Interactions in deployment; non-negative.
    confidence : float
        Confidence of the bound, strictly between 0 and 1.

    Returns
    -------
    float or numpy.ndarray
        The bound on the expected number of failures.

    Notes
    -----
    Defined in Chapter 14, section *Hidden failure modes*. The bound says nothing about
    inputs unlike the trials: a failure that needs a trigger the tests never contain has
    rate zero on the test distribution, whatever its rate in deployment.

    Examples
    --------
    >>> round(deployment_failure_bound(3_000, 1e6))  # about 3 / 3,000 of a million
    998
    """
    clean_trials = _whole(clean_trials, "clean_trials", minimum=1)
    deployment_size = as_float_array(deployment_size, "deployment_size", nonnegative=True)
    confidence = _confidence(confidence)
    check_broadcastable(clean_trials=clean_trials, deployment_size=deployment_size)
    bound = deployment_size * np.asarray(failure_rate_upper_bound(0, clean_trials, confidence))
    bound = finite_result(bound, "deployment_size", "the expected number of failures")
    return float(bound) if bound.ndim == 0 else bound


def transferred_bound(clean_trials, growth_factor, generations, confidence=0.95):
    """A clean test's bound carried to later model generations, under a growth assumption.

    If a failure rate can grow by at most ``growth_factor`` from one generation to the
    next, ``clean_trials`` clean trials on today's model bound the rate ``k`` generations
    later by ``min(1, bound * growth_factor**k)``. The assumption carries all the weight:
    for a failure mode that is absent below a capability threshold and present above it,
    no finite factor holds, and the transferred bound is worthless.

    Parameters
    ----------
    clean_trials : int
        Clean trials on the current generation, from 1 to 1,000,000,000,000,000 (:data:`MAX_TRIALS`).
    growth_factor : float
        Assumed largest growth of the failure rate per generation, at least 1 and at most
        ``1e6``.
    generations : array_like
        Generations ahead (0 is the tested model), whole numbers from 0 to
        1,000 (:data:`MAX_GENERATIONS`).
    confidence : float
        Confidence of the bound, strictly between 0 and 1.

    Returns
    -------
    float or numpy.ndarray
        Upper bounds on the failure rate, capped at 1.

    Notes
    -----
    Defined in Chapter 14, section *Failure modes that arrive with capability*.
    Computed in log space, so large ``growth_factor ** generations`` does not overflow.

    Examples
    --------
    >>> transferred_bound(3_000, 2.0, [0, 1, 5, 20]).round(4)
    array([0.001 , 0.002 , 0.0319, 1.    ])
    """
    clean_trials = as_count(clean_trials, "clean_trials", cap=MAX_TRIALS)
    growth_factor = _growth(growth_factor)
    generations = _whole(generations, "generations", maximum=MAX_GENERATIONS)
    bound = failure_rate_upper_bound(0, clean_trials, _confidence(confidence))
    log_bound = np.log(bound) + generations * np.log(growth_factor)
    result = np.exp(np.minimum(log_bound, 0.0))
    return float(result) if result.ndim == 0 else result


def emergent_failure_rates(n_generations, onset, initial_rate, growth_factor):
    """A failure mode that is absent until generation ``onset`` and then grows.

    Parameters
    ----------
    n_generations : int
        Generations in the schedule, from 1 to 1,000 (:data:`MAX_GENERATIONS`).
    onset : int
        First generation (0-based) at which the failure mode exists, from 0 to
        1,000 (:data:`MAX_GENERATIONS`); ``onset >= n_generations`` gives a schedule of zeros.
    initial_rate : float
        Failure rate per interaction at the onset, in (0, 1].
    growth_factor : float
        Growth of the rate per generation after the onset, from 1 to ``1e6``.

    Returns
    -------
    numpy.ndarray
        Rates per generation, capped at 1.

    Notes
    -----
    Defined in Chapter 14, section *Failure modes that arrive with capability*. This
    schedule is an illustration of the book's, not a measured pattern: whether real
    failure modes switch on abruptly with scale is contested (see the chapter).

    Examples
    --------
    >>> emergent_failure_rates(6, onset=3, initial_rate=1e-4, growth_factor=10.0)
    array([0.   , 0.   , 0.   , 0.0001, 0.001 , 0.01  ])
    """
    n_generations = as_count(n_generations, "n_generations", cap=MAX_GENERATIONS)
    onset = as_count(onset, "onset", cap=MAX_GENERATIONS, minimum=0)
    initial_rate = as_scalar(initial_rate, "initial_rate")
    if not 0.0 < initial_rate <= 1.0:
        raise ValueError(f"initial_rate must lie in (0, 1]; got {initial_rate:g}")
    growth_factor = _growth(growth_factor)
    steps = np.arange(n_generations) - onset
    log_rate = np.log(initial_rate) + np.maximum(steps, 0) * np.log(growth_factor)
    return np.where(steps >= 0, np.exp(np.minimum(log_rate, 0.0)), 0.0)


class GenerationalAudit(NamedTuple):
    """Outcome of :func:`audit_across_generations`, one entry per generation.

    Fields: ``failure_rate`` (the true rate), ``detection_probability`` (of seeing at least
    one failure in that generation's trials), ``found_by`` (probability that a failure has
    been seen in some generation up to and including this one), ``current_bound`` (the
    95 %-style bound from this generation's trials alone, were they clean), ``pooled_bound``
    (the bound from pooling every generation's clean trials so far, which is valid only if
    the rate never changed) and ``pooled_bound_wrong`` (where the true rate exceeds the
    pooled bound).
    """

    failure_rate: np.ndarray
    detection_probability: np.ndarray
    found_by: np.ndarray
    current_bound: np.ndarray
    pooled_bound: np.ndarray
    pooled_bound_wrong: np.ndarray


def audit_across_generations(failure_rates, trials_per_generation, confidence=0.95) -> GenerationalAudit:
    """Test every model generation, and compare honest and pooled bounds on its failure rate.

    Parameters
    ----------
    failure_rates : array_like
        The true failure rate of each generation (1-D, in [0, 1]), e.g. from
        :func:`emergent_failure_rates`; at most 1,000 generations (:data:`MAX_GENERATIONS`).
    trials_per_generation : array_like
        Independent trials run on each generation: one whole number from 1 to
        1,000,000,000,000,000 (:data:`MAX_TRIALS`), or one per generation.
    confidence : float
        Confidence of the bounds, strictly between 0 and 1.

    Returns
    -------
    GenerationalAudit

    Notes
    -----
    Defined in Chapter 14, section *Failure modes that arrive with capability*. The
    detection probabilities are exact (:func:`~acslib.monitoring.auditing.detection_probability`);
    the bounds are Clopper–Pearson (:func:`~acslib.monitoring.auditing.failure_rate_upper_bound`).

    Examples
    --------
    >>> rates = emergent_failure_rates(6, onset=4, initial_rate=1e-3, growth_factor=3.0)
    >>> audit = audit_across_generations(rates, 1_000)
    >>> audit.pooled_bound_wrong
    array([False, False, False, False,  True,  True])
    >>> audit.found_by.round(3)
    array([0.   , 0.   , 0.   , 0.   , 0.632, 0.982])
    """
    rates = as_probability(failure_rates, "failure_rates")
    if rates.ndim != 1:
        raise ValueError(f"failure_rates must be 1-dimensional; got shape {rates.shape}")
    if rates.size > MAX_GENERATIONS:
        raise ValueError(f"failure_rates must cover at most {MAX_GENERATIONS} generations; got {rates.size}")
    trials = _whole(trials_per_generation, "trials_per_generation", minimum=1)
    if trials.ndim > 1 or (trials.ndim == 1 and trials.size != rates.size):
        raise ValueError(f"shapes do not match: trials_per_generation {trials.shape}, failure_rates {rates.shape}")
    confidence = _confidence(confidence)
    trials = np.broadcast_to(trials, rates.shape).astype(float)
    detection = detection_probability(rates, trials)
    found_by = 1.0 - np.cumprod(1.0 - detection)
    current = failure_rate_upper_bound(np.zeros_like(trials), trials, confidence)
    pooled = failure_rate_upper_bound(np.zeros_like(trials), np.cumsum(trials), confidence)
    return GenerationalAudit(rates, detection, found_by, current, pooled, rates > pooled)


def review_hours(failure_rate, confidence, task_minutes, review_ratio=1.0):
    """Reviewer hours for an audit that catches a failure of ``failure_rate`` with ``confidence``.

    The audit needs :func:`~acslib.monitoring.auditing.audit_sample_size` transcripts; each takes
    ``review_ratio`` minutes of review per minute of the task it records.

    Parameters
    ----------
    failure_rate : array_like
        Failure rate per task, strictly between 0 and 1.
    confidence : array_like
        Required probability of catching at least one failure, in [0, 1).
    task_minutes : array_like
        Length of each task in minutes of skilled human work (as in METR's time
        horizons); positive.
    review_ratio : array_like
        Review minutes per task minute; positive. That reviewing a transcript takes about
        as long as doing the task (the default 1) is an assumption, not a measurement.

    Returns
    -------
    float or numpy.ndarray
        Hours of review.

    Notes
    -----
    Defined in Chapter 14, section *Scaling oversight complexity*.

    Examples
    --------
    >>> round(review_hours(1e-3, 0.95, 60.0))  # 2,995 one-hour tasks
    2995
    """
    size = np.asarray(audit_sample_size(failure_rate, confidence), dtype=float)
    task_minutes = as_float_array(task_minutes, "task_minutes", positive=True)
    review_ratio = as_float_array(review_ratio, "review_ratio", positive=True)
    check_broadcastable(sample=size, task_minutes=task_minutes, review_ratio=review_ratio)
    hours = finite_result(size * task_minutes * review_ratio / 60.0, "task_minutes, review_ratio", "the review hours")
    return float(hours) if hours.ndim == 0 else hours
