"""Escalation protocols: from detector alarms to normal, watch, incident and halt.

Defined in Chapter 7, *Monitoring systems* (``chapters/07_monitoring_systems.ipynb``),
section *Escalation protocols*. A detector raises alarms; a protocol decides what they
mean for the deployment. The protocol here is a small state machine driven by the number
of alarms in a sliding window. It steps up as soon as that count reaches a level's
threshold, and steps down one level only after the count has stayed at or below a lower
*release* value for a *cooldown* period (hysteresis), so one noisy alarm cannot make the
system flap between states. Halt is final by default: leaving it needs a human decision,
not a quiet spell. The structure is this book's illustration, not a published standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._validation import (
    ArgumentTypeError,
    as_bool,
    as_count,
    as_instance,
    as_int,
    as_rng,
    as_scalar,
    check_total_size,
)
from .detectors import StreamDetector, shifted_streams

__all__ = [
    "LEVELS",
    "EscalationProtocol",
    "escalation_states",
    "escalation_transitions",
    "EscalationReport",
    "simulate_escalation",
    "MAX_WINDOW",
    "MAX_STEPS",
    "MAX_RUNS",
]

#: Longest alarm-counting window and cooldown.
MAX_WINDOW = 1_000_000
#: Most steps (runs × steps) the state machine or a simulation processes.
MAX_STEPS = 10_000_000
#: Most simulated runs.
MAX_RUNS = 100_000

#: The protocol's levels, in order of severity.
LEVELS = ("normal", "watch", "incident", "halt")


@dataclass(frozen=True)
class EscalationProtocol:
    """Thresholds and hysteresis of the normal → watch → incident → halt machine.

    Parameters
    ----------
    window : int
        Alarms are counted over the last ``window`` steps, 1 to 1,000,000 (:data:`MAX_WINDOW`).
    escalate : tuple of 3 int
        Alarm counts that raise the level to watch, incident and halt; positive and
        strictly increasing.
    release : tuple of 3 int
        For watch, incident and halt, the count at or below which the level may step down;
        each non-negative and below the matching ``escalate`` value (the hysteresis gap).
    cooldown : int
        Consecutive steps the count must stay at or below ``release`` before the level
        steps down by one, 1 to 1,000,000 (:data:`MAX_WINDOW`).
    halt_is_final : bool
        If true, halt never steps down on its own.

    Notes
    -----
    Defined in Chapter 7, section *Escalation protocols*. The default values are this
    book's illustration.

    Examples
    --------
    >>> EscalationProtocol().escalate
    (1, 3, 6)
    >>> EscalationProtocol(escalate=(2, 2, 5))
    Traceback (most recent call last):
    ...
    ValueError: escalate must be strictly increasing (watch < incident < halt); got (2, 2, 5)
    """

    window: int = 50
    escalate: tuple = (1, 3, 6)
    release: tuple = (0, 1, 2)
    cooldown: int = 100
    halt_is_final: bool = True

    def __post_init__(self):
        object.__setattr__(self, "window", as_count(self.window, "window", cap=MAX_WINDOW))
        object.__setattr__(self, "cooldown", as_count(self.cooldown, "cooldown", cap=MAX_WINDOW))
        for name in ("escalate", "release"):
            value = getattr(self, name)
            if isinstance(value, np.ndarray) and value.ndim != 1:
                raise ValueError(f"{name} must hold three counts (watch, incident, halt); got shape {value.shape}")
            if (isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__")
                    or any(isinstance(v, (bool, np.bool_, str)) for v in value)):
                raise ArgumentTypeError(f"{name} must hold three counts (watch, incident, halt); got {value!r}")
            if len(value) != 3:
                raise ValueError(f"{name} must hold three counts (watch, incident, halt); got {value!r}")
            object.__setattr__(self, name, tuple(as_int(v, name, minimum=0, maximum=MAX_WINDOW) for v in value))
        if min(self.escalate) < 1:
            raise ValueError(f"escalate must hold positive counts; got {self.escalate}")
        if not self.escalate[0] < self.escalate[1] < self.escalate[2]:
            raise ValueError(
                f"escalate must be strictly increasing (watch < incident < halt); got {self.escalate}"
            )
        if any(r >= e for r, e in zip(self.release, self.escalate)):
            raise ValueError(
                f"release must be below escalate at every level (the hysteresis gap); "
                f"got release {self.release}, escalate {self.escalate}"
            )
        if self.escalate[2] > self.window:
            raise ValueError(
                f"window must be at least the halt count {self.escalate[2]}, or halt is unreachable; got {self.window}"
            )
        object.__setattr__(self, "halt_is_final", as_bool(self.halt_is_final, "halt_is_final"))


def _alarm_matrix(alarms, length):
    """Boolean alarm flags, shape (runs, length), from flags or from index arrays."""
    try:
        raw = np.asarray(alarms)
    except (ValueError, TypeError) as error:
        raise ValueError(f"alarms must be an array of flags or of step indices; got {alarms!r}") from error
    if length is None:
        flags = raw
        if flags.dtype != bool:
            raise ArgumentTypeError("alarms must be boolean flags per step, or indices together with length")
        if flags.ndim not in (1, 2) or flags.shape[-1] == 0:
            raise ValueError(f"alarms must be a non-empty 1-D or 2-D array of flags; got shape {flags.shape}")
        check_total_size("alarms", flags.size, MAX_STEPS, "steps")
        return np.atleast_2d(flags), flags.ndim == 1
    length = as_count(length, "length", cap=MAX_STEPS)
    indices = raw
    if indices.size and not np.issubdtype(indices.dtype, np.integer):
        raise ArgumentTypeError(f"alarms must hold integer step indices; got dtype {indices.dtype}")
    if indices.ndim > 1:
        raise ValueError(f"alarms as indices must be 1-D; got shape {indices.shape}")
    if indices.size and (indices.min() < 0 or indices.max() >= length):
        raise ValueError(f"alarms must be step indices between 0 and length - 1 ({length - 1})")
    flags = np.zeros((1, length), dtype=bool)
    flags[0, indices.astype(int)] = True
    return flags, True


def escalation_states(alarms, protocol=None, *, length=None):
    """The protocol's level after each step, driven by detector alarms.

    Parameters
    ----------
    alarms : array_like
        Either boolean flags per step (1-D, or 2-D with one run per row), or integer
        indices of alarm steps together with ``length``.
    protocol : EscalationProtocol, optional
        Defaults to ``EscalationProtocol()``.
    length : int, optional
        Number of steps, when ``alarms`` holds indices; 1 to 10,000,000 (:data:`MAX_STEPS`),
        which also caps runs × steps for flags.

    Returns
    -------
    numpy.ndarray
        Integer levels (indices into :data:`LEVELS`), the shape of the flags. The loop
        runs over steps; runs are processed together.

    Notes
    -----
    Defined in Chapter 7, section *Escalation protocols*.

    Examples
    --------
    >>> protocol = EscalationProtocol(window=10, escalate=(1, 2, 4), release=(0, 1, 2), cooldown=3)
    >>> escalation_states([2, 4], protocol, length=20)
    array([0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0])
    """
    protocol = EscalationProtocol() if protocol is None else protocol
    as_instance(protocol, "protocol", EscalationProtocol)
    flags, single = _alarm_matrix(alarms, length)
    runs, steps = flags.shape
    counts = np.cumsum(flags, axis=1)
    counts[:, protocol.window:] -= counts[:, :-protocol.window].copy()
    escalate = np.asarray(protocol.escalate)
    release = np.asarray((steps + 1,) + protocol.release)  # release[level]; level 0 never steps down
    target = (counts[:, :, None] >= escalate).sum(axis=2)  # highest level the count reaches
    can_release = (False, True, True, not protocol.halt_is_final)
    if runs == 1:  # one run: plain Python integers are faster than numpy per step
        return _single_run(target[0].tolist(), counts[0].tolist(), release.tolist(), can_release, protocol.cooldown)
    level = np.zeros(runs, dtype=int)
    quiet = np.zeros(runs, dtype=int)
    states = np.empty((runs, steps), dtype=int)
    releasable = np.asarray(can_release)
    for t in range(steps):
        rising = target[:, t] > level
        level = np.where(rising, target[:, t], level)
        calm = (counts[:, t] <= release[level]) & releasable[level] & ~rising
        quiet = np.where(calm, quiet + 1, 0)
        stepping_down = quiet >= protocol.cooldown
        level = np.where(stepping_down, level - 1, level)
        quiet = np.where(stepping_down, 0, quiet)
        states[:, t] = level
    return states[0] if single else states


def _single_run(target, counts, release, can_release, cooldown):
    """The same state machine as in :func:`escalation_states`, for one run."""
    level = quiet = 0
    states = np.empty(len(target), dtype=int)
    for t, (reach, count) in enumerate(zip(target, counts)):
        rising = reach > level
        if rising:
            level = reach
        quiet = quiet + 1 if (not rising and can_release[level] and count <= release[level]) else 0
        if quiet >= cooldown:
            level -= 1
            quiet = 0
        states[t] = level
    return states


def escalation_transitions(states):
    """The changes of level in one run, as ``(step, from_level, to_level)`` name triples.

    Notes
    -----
    Defined in Chapter 7, section *Escalation protocols*.

    Examples
    --------
    >>> escalation_transitions([0, 0, 1, 2, 2, 1])
    [(2, 'normal', 'watch'), (3, 'watch', 'incident'), (5, 'incident', 'watch')]
    """
    if isinstance(states, (str, bytes, dict)) or states is None:
        raise ArgumentTypeError(f"states must be a 1-D array of integer levels; got {states!r}")
    try:
        states = np.asarray(states)
    except (ValueError, TypeError) as error:
        raise ValueError(f"states must be a 1-D array of integer levels; got {states!r}") from error
    if states.dtype.kind not in "iu" and states.size:
        raise ArgumentTypeError(f"states must hold integer levels, not {states.dtype}")
    if states.ndim != 1 or states.size == 0:
        raise ValueError(f"states must be a non-empty 1-D array of levels; got shape {states.shape}")
    if not np.issubdtype(states.dtype, np.integer) or states.min() < 0 or states.max() >= len(LEVELS):
        raise ValueError(f"states must hold integer levels from 0 to {len(LEVELS) - 1}")
    changes = np.flatnonzero(np.diff(states)) + 1
    return [(int(t), LEVELS[states[t - 1]], LEVELS[states[t]]) for t in changes]


class EscalationReport(NamedTuple):
    """Outcome of :func:`simulate_escalation`; delays are in steps after the onset.

    Its fields are ``alarm_delay``, per run the steps from the onset to the first alarm at
    or after it (``-1`` if none); ``incident_delay``, per run the steps from the onset to
    the first step at incident or above (``-1`` if none); ``false_alarms_per_1000``, the
    alarms before the onset per 1,000 in-control steps over all runs;
    ``false_incident_fraction``, the fraction of runs that reached incident before the
    onset; and ``states``, the levels per run and step, shape ``(n_runs, length)``.
    """

    alarm_delay: np.ndarray
    incident_delay: np.ndarray
    false_alarms_per_1000: float
    false_incident_fraction: float
    states: np.ndarray

    @property
    def mean_alarm_delay(self) -> float:
        """Mean delay to the first alarm among runs that raised one after the onset."""
        hit = self.alarm_delay >= 0
        return float(self.alarm_delay[hit].mean()) if hit.any() else float("nan")

    @property
    def mean_incident_delay(self) -> float:
        """Mean delay to incident among runs that reached it after the onset."""
        hit = self.incident_delay >= 0
        return float(self.incident_delay[hit].mean()) if hit.any() else float("nan")

    @property
    def missed_fraction(self) -> float:
        """Fraction of runs that never reached incident after the onset."""
        return float((self.incident_delay < 0).mean())


def simulate_escalation(detector, protocol=None, *, shift, onset, length, n_runs=200, seed=None):
    """Run a detector and a protocol over simulated streams with a shift at ``onset``.

    Parameters
    ----------
    detector : StreamDetector
        A configured :class:`~acslib.monitoring.detectors.CUSUM`, ``PageHinkley`` or ``ADWIN``.
    protocol : EscalationProtocol, optional
        Defaults to ``EscalationProtocol()``.
    shift : float
        Jump of the mean at the onset, in σ units (see
        :func:`~acslib.monitoring.detectors.shifted_streams`).
    onset : int
        Index of the first shifted observation, at least 1 and below ``length``.
    length : int
        Steps per run, 2 to 10,000,000 (:data:`MAX_STEPS`).
    n_runs : int
        Number of simulated runs, 1 to 100,000 (:data:`MAX_RUNS`); ``n_runs × length`` is
        at most 10,000,000 steps.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    EscalationReport

    Notes
    -----
    Defined in Chapter 7, section *Escalation protocols*.

    Examples
    --------
    >>> from acslib.monitoring import CUSUM
    >>> report = simulate_escalation(CUSUM(0.5, 4.0), shift=1.0, onset=500, length=800, n_runs=50, seed=0)
    >>> round(report.mean_alarm_delay, 1), round(report.mean_incident_delay, 1)
    (6.6, 22.6)
    """
    as_instance(detector, "detector", StreamDetector, "StreamDetector (CUSUM, PageHinkley or ADWIN)")
    protocol = EscalationProtocol() if protocol is None else protocol
    as_instance(protocol, "protocol", EscalationProtocol)
    length = as_count(length, "length", cap=MAX_STEPS, minimum=2)
    onset = as_int(onset, "onset", minimum=1)
    if onset >= length:
        raise ValueError(f"onset must be below length ({length}); got {onset}")
    as_scalar(shift, "shift")
    n_runs = as_count(n_runs, "n_runs", cap=MAX_RUNS)
    check_total_size("n_runs × length", n_runs * length, MAX_STEPS, "steps")
    streams = shifted_streams(length, onset, shift, n_streams=n_runs, seed=as_rng(seed))
    flags = np.zeros(streams.shape, dtype=bool)
    for row, stream in enumerate(streams):
        flags[row, detector.run(stream).alarms] = True
    states = escalation_states(flags, protocol)
    after = flags[:, onset:]
    alarm_delay = np.where(after.any(axis=1), after.argmax(axis=1), -1)
    incident = states[:, onset:] >= 2
    incident_delay = np.where(incident.any(axis=1), incident.argmax(axis=1), -1)
    false_alarms = 1000.0 * flags[:, :onset].sum() / (n_runs * onset)
    false_incidents = float((states[:, :onset] >= 2).any(axis=1).mean())
    return EscalationReport(alarm_delay, incident_delay, float(false_alarms), false_incidents, states)
