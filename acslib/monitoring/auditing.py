"""Long-term auditing: how many sampled interactions must a reviewer read?

Defined in Chapter 7, *Monitoring systems* (``chapters/07_monitoring_systems.ipynb``),
section *Long-term auditing*. An audit draws interactions at random and has each one
reviewed; a failure that occurs at rate ``p`` per interaction is seen in a sample of
``n`` with probability ``1 - (1 - p)^n``. The functions here invert that relation, bound
the failure rate after a clean audit, and simulate an audit programme that runs for
many periods while the failure rate drifts.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import stats

from .._validation import (
    as_count,
    as_float_array,
    as_probability,
    as_rng,
    as_whole_array,
    check_broadcastable,
    check_total_size,
)

__all__ = [
    "audit_sample_size",
    "detection_probability",
    "failure_rate_upper_bound",
    "AuditProgramme",
    "simulate_audit_programme",
    "MAX_AUDIT_SIZE",
    "MAX_RUNS",
]

#: Largest audit sample size returned (2**53, beyond which float64 cannot count exactly).
MAX_AUDIT_SIZE = 2**53
#: Largest number of simulated programmes (and of programmes × periods).
MAX_RUNS = 10_000_000


def audit_sample_size(failure_rate, confidence):
    """Smallest sample that contains at least one failure with probability ``confidence``.

    ``n = ceil(ln(1 - confidence) / ln(1 - failure_rate))``. For small rates this is close
    to the "rule of three": ``n ≈ 3 / failure_rate`` at 95 %.

    Parameters
    ----------
    failure_rate : array_like
        Probability that one sampled interaction is a failure, strictly between 0 and 1.
    confidence : array_like
        Required probability of seeing at least one failure, in [0, 1).

    Returns
    -------
    int or numpy.ndarray
        Integer sample sizes, broadcast over the inputs (an int for scalar inputs).
        Sizes above 2**53 (about 9e15, :data:`MAX_AUDIT_SIZE`), where float64 can no
        longer count interactions one by one, are rejected rather than wrapped.

    Notes
    -----
    Defined in Chapter 7, section *Long-term auditing*.

    Examples
    --------
    >>> audit_sample_size(0.01, 0.95)
    299
    >>> audit_sample_size([0.5, 0.1, 0.001], 0.75)
    array([   2,   14, 1386])
    >>> audit_sample_size(1e-19, 0.95)
    Traceback (most recent call last):
    ...
    ValueError: failure_rate, confidence: the sample size would be 3e+19 interactions, more than 2**53 (9.0e15), the largest float64 counts exactly
    """
    failure_rate = as_probability(failure_rate, "failure_rate", open_interval=True)
    confidence = as_probability(confidence, "confidence")
    if (confidence >= 1).any():
        raise ValueError("confidence must be below 1: certainty needs an infinite sample")
    check_broadcastable(failure_rate=failure_rate, confidence=confidence)
    exact = np.log1p(-confidence) / np.log1p(-failure_rate)
    if (exact > MAX_AUDIT_SIZE).any():
        raise ValueError(
            f"failure_rate, confidence: the sample size would be {np.max(exact):.3g} interactions, more than "
            f"2**53 ({float(MAX_AUDIT_SIZE):.1e}), the largest float64 counts exactly"
        )
    size = np.ceil(exact - 1e-9)
    # Guard the rounding: step up where the candidate falls short.
    short = detection_probability(failure_rate, np.maximum(size, 0)) < confidence - 1e-12
    result = (np.asarray(size) + short).astype(np.int64)
    return int(result) if result.ndim == 0 else result


def detection_probability(failure_rate, sample_size):
    """Probability that a random sample of ``sample_size`` holds at least one failure.

    Parameters
    ----------
    failure_rate : array_like
        Failure probability per interaction, in [0, 1].
    sample_size : array_like
        Number of interactions reviewed, non-negative.

    Returns
    -------
    numpy.ndarray
        ``1 - (1 - failure_rate) ** sample_size``.

    Notes
    -----
    Defined in Chapter 7, section *Long-term auditing*.

    Examples
    --------
    >>> detection_probability(0.01, [0, 100, 299]).round(4)
    array([0.    , 0.634 , 0.9505])
    """
    failure_rate = as_probability(failure_rate, "failure_rate")
    sample_size = as_float_array(sample_size, "sample_size", nonnegative=True)
    check_broadcastable(failure_rate=failure_rate, sample_size=sample_size)
    return -np.expm1(sample_size * np.log1p(-np.minimum(failure_rate, 1 - 1e-16)))


def failure_rate_upper_bound(failures, sample_size, confidence=0.95):
    """One-sided Clopper–Pearson upper bound on the failure rate after an audit.

    With no failures in ``n`` reviews the bound is ``1 - (1 - confidence)^(1/n)``, about
    ``3 / n`` at 95 %.

    Parameters
    ----------
    failures : array_like
        Failures found, non-negative integers not above ``sample_size``.
    sample_size : array_like
        Interactions reviewed, positive integers up to 2**53.
    confidence : float
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    float or numpy.ndarray
        The upper bound, from :func:`scipy.stats.beta.ppf` (a float for scalar inputs).

    Notes
    -----
    Defined in Chapter 7, section *Long-term auditing*.

    Examples
    --------
    >>> round(failure_rate_upper_bound(0, 299), 4)
    0.01
    >>> failure_rate_upper_bound([0, 3], 1000).round(4)
    array([0.003 , 0.0078])
    """
    failures = as_whole_array(failures, "failures", minimum=0, maximum=MAX_AUDIT_SIZE).astype(float)
    sample_size = as_whole_array(sample_size, "sample_size", minimum=1, maximum=MAX_AUDIT_SIZE).astype(float)
    confidence = float(as_probability(confidence, "confidence", open_interval=True))
    check_broadcastable(failures=failures, sample_size=sample_size)
    if (failures > sample_size).any():
        raise ValueError("failures must not exceed sample_size")
    bound = np.where(
        failures >= sample_size, 1.0, stats.beta.ppf(confidence, failures + 1, np.maximum(sample_size - failures, 1e-300))
    )
    return float(bound) if bound.ndim == 0 else bound


class AuditProgramme(NamedTuple):
    """Outcome of :func:`simulate_audit_programme`.

    Its fields are ``failures_found``, the failures found, shape ``(n_runs, n_periods)``;
    ``first_detection``, per run the first period (0-based) in which a failure was found,
    or ``-1``; ``detection_probability``, per period the exact probability of finding at
    least one failure in that period; and ``cumulative_detection``, per period the exact
    probability that a failure has been found by the end of it.
    """

    failures_found: np.ndarray
    first_detection: np.ndarray
    detection_probability: np.ndarray
    cumulative_detection: np.ndarray

    @property
    def simulated_cumulative_detection(self) -> np.ndarray:
        """Per period, the fraction of simulated runs that have found a failure by its end."""
        found = (self.first_detection[:, None] >= 0) & (
            self.first_detection[:, None] <= np.arange(self.failures_found.shape[1])
        )
        return found.mean(axis=0)


def simulate_audit_programme(failure_rate, sample_size, *, n_runs=1000, seed=None):
    """Simulate an audit that reviews a random sample in every period.

    Parameters
    ----------
    failure_rate : array_like
        Failure rate in each period (a 1-D schedule), in [0, 1]. A rising schedule models a
        system whose failures become more common as its capability or its deployment grows.
    sample_size : array_like
        Interactions reviewed per period: one non-negative integer up to 2**53, or one per
        period.
    n_runs : int
        Independent repetitions of the whole programme, 1 to 10,000,000 (:data:`MAX_RUNS`);
        ``n_runs`` times the number of periods is at most 10,000,000 too.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    AuditProgramme

    Notes
    -----
    Defined in Chapter 7, section *Long-term auditing*. Periods are independent: a
    failure found in one period does not change the rate in the next.

    Examples
    --------
    >>> schedule = 0.001 * 1.5 ** np.arange(8)  # the rate grows 1.5× a period
    >>> audit = simulate_audit_programme(schedule, 100, n_runs=2000, seed=0)
    >>> print(audit.cumulative_detection[-1].round(3), audit.simulated_cumulative_detection[-1].round(3))
    0.993 0.99
    """
    failure_rate = as_probability(failure_rate, "failure_rate")
    if failure_rate.ndim != 1:
        raise ValueError(f"failure_rate must be a 1-D schedule, one rate per period; got shape {failure_rate.shape}")
    sample_size = as_whole_array(sample_size, "sample_size", minimum=0, maximum=MAX_AUDIT_SIZE).astype(float)
    if sample_size.ndim > 1 or (sample_size.ndim == 1 and sample_size.size != failure_rate.size):
        raise ValueError(
            f"shapes do not match: sample_size {sample_size.shape}, failure_rate {failure_rate.shape}"
        )
    n_runs = as_count(n_runs, "n_runs", cap=MAX_RUNS)
    check_total_size("n_runs × periods", n_runs * failure_rate.size, MAX_RUNS, "audits")
    rng = as_rng(seed)
    sizes = np.broadcast_to(sample_size.astype(np.int64), failure_rate.shape)
    found = rng.binomial(sizes, failure_rate, size=(n_runs, failure_rate.size))
    any_found = found > 0
    first = np.where(any_found.any(axis=1), any_found.argmax(axis=1), -1)
    per_period = detection_probability(failure_rate, sizes)
    cumulative = 1.0 - np.cumprod(1.0 - per_period)
    return AuditProgramme(found, first, per_period, cumulative)
