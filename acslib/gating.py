"""Strengthen monitoring before increasing autonomy: a gating policy, simulated.

Defined in Chapter 12, *Strategic implications* (``chapters/12_strategic_implications.ipynb``),
section *Monitoring before autonomy*. **The book's own model**, built to make the seed's
fourth imperative computable. A system is deployed at autonomy level ``ℓ = 0, 1, …, L``.
Commercial or capability pressure raises the level on a schedule (one level every
``level_interval`` years). Monitoring quality ``m(t)``, the probability that monitoring
catches an incident before it does harm, improves as ``1 − (1 − m0)·exp(−ρ·t)``.

Each year an incident occurs at level ``ℓ`` with probability ``base_rate·autonomy_factor^ℓ``
and is *uncontained* unless monitoring catches it, so the yearly probability of an
uncontained incident is ``base_rate·autonomy_factor^ℓ·(1 − m)`` (capped at 1).

* **Ungated** scaling follows the schedule.
* **Gated** scaling follows it only while monitoring meets the bar of the next level:
  level ``ℓ`` is allowed when the *measured* monitoring quality is at least
  ``bars[ℓ]``. The measurement may be noisy, so a gate can open too early.

Both policies are simulated on the **same random draws** (common random numbers). Because
the gated level never exceeds the scheduled one and a higher level is never safer
(``autonomy_factor >= 1``), the gated policy has no more uncontained incidents than the
ungated one in every single run, not only on average.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_int, as_probability, as_rng, as_scalar, check_broadcastable, check_increasing

__all__ = [
    "monitoring_quality",
    "scheduled_levels",
    "gated_levels",
    "uncontained_probability",
    "GatingComparison",
    "simulate_gating",
    "MAX_LEVEL",
    "MAX_DRAWS",
]

#: Highest autonomy level the functions accept.
MAX_LEVEL = 20
#: Largest ``n_runs * years`` :func:`simulate_gating` draws.
MAX_DRAWS = 5_000_000


def monitoring_quality(t, initial, improvement_rate):
    """Monitoring quality ``1 − (1 − m0)·exp(−ρ·t)``: the share of incidents caught in time.

    Parameters
    ----------
    t : array_like
        Years, non-negative.
    initial : float
        ``m0`` in [0, 1].
    improvement_rate : float
        ``ρ``, non-negative: how fast the uncaught share shrinks.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 12, section *Monitoring before autonomy*.

    Examples
    --------
    >>> monitoring_quality([0.0, np.log(2.0)], 0.5, 1.0)
    array([0.5 , 0.75])
    """
    t = as_float_array(t, "t", nonnegative=True)
    m0 = as_scalar(initial, "initial")
    if not 0.0 <= m0 <= 1.0:
        raise ValueError(f"initial must lie between 0 and 1; got {m0:g}")
    rho = as_scalar(improvement_rate, "improvement_rate", nonnegative=True)
    return 1.0 - (1.0 - m0) * np.exp(-rho * t)


def scheduled_levels(t, level_interval, max_level):
    """The ungated schedule: one autonomy level more every ``level_interval`` years, up to ``max_level``.

    Parameters
    ----------
    t : array_like
        Years, non-negative.
    level_interval : float
        Years per level, positive.
    max_level : int
        Highest level, 1 to :data:`MAX_LEVEL`.

    Returns
    -------
    numpy.ndarray
        Integer levels.

    Notes
    -----
    Defined in Chapter 12, section *Monitoring before autonomy*.

    Examples
    --------
    >>> scheduled_levels([0.0, 1.0, 2.5, 9.0], 1.0, 3)
    array([0, 1, 2, 3])
    """
    t = as_float_array(t, "t", nonnegative=True)
    interval = as_scalar(level_interval, "level_interval", positive=True)
    top = as_int(max_level, "max_level", minimum=1)
    if top > MAX_LEVEL:
        raise ValueError(f"max_level must be at most {MAX_LEVEL}; got {top}")
    return np.minimum(np.floor(t / interval + 1e-9), top).astype(np.int64)


def _bars(bars):
    bars = as_float_array(bars, "bars", ndim=1)
    if bars.size < 2 or bars.size > MAX_LEVEL + 1:
        raise ValueError(f"bars must hold one bar per level, 2 to {MAX_LEVEL + 1} values; got {bars.size}")
    if ((bars < 0) | (bars > 1)).any():
        raise ValueError("bars must lie between 0 and 1")
    if bars[0] != 0:
        raise ValueError("bars must start with 0: level 0 needs no monitoring")
    if bars.size > 2:
        check_increasing(bars[1:], "bars")
    if bars[1] <= 0:
        raise ValueError("bars must be strictly increasing")
    return bars


def gated_levels(scheduled, measured_monitoring, bars):
    """Autonomy levels under the gate: the schedule, held back until monitoring meets each bar.

    ``min(scheduled, highest ℓ with measured_monitoring >= bars[ℓ])``.

    Parameters
    ----------
    scheduled : array_like
        The levels the schedule asks for: whole numbers from 0 to ``len(bars) − 1``.
    measured_monitoring : array_like
        Monitoring quality as measured, broadcastable with ``scheduled``.
    bars : array_like
        The bar of each level, ``bars[0] = 0``, strictly increasing, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Integer levels, never above ``scheduled``.

    Notes
    -----
    Defined in Chapter 12, section *Monitoring before autonomy*.

    Examples
    --------
    >>> gated_levels([0, 1, 2, 3], [0.5, 0.5, 0.8, 0.95], [0.0, 0.6, 0.75, 0.9])
    array([0, 0, 2, 3])
    """
    scheduled = as_float_array(scheduled, "scheduled", nonnegative=True)
    if (scheduled != np.round(scheduled)).any():
        raise ValueError("scheduled must hold whole-number levels")
    measured = as_float_array(measured_monitoring, "measured_monitoring")
    bars = _bars(bars)
    if (scheduled > bars.size - 1).any():
        raise ValueError(f"scheduled levels must be at most {bars.size - 1} (one bar per level)")
    check_broadcastable(scheduled=scheduled, measured_monitoring=measured)
    allowed = (measured[..., None] >= bars).sum(axis=-1) - 1  # bars are increasing, bars[0] = 0
    allowed = np.maximum(allowed, 0)
    return np.minimum(scheduled, allowed).astype(np.int64)


def uncontained_probability(levels, monitoring, base_rate, autonomy_factor):
    """Yearly probability of an uncontained incident: ``min(1, base·factor^ℓ·(1 − m))``.

    Parameters
    ----------
    levels : array_like
        Autonomy levels, non-negative whole numbers up to :data:`MAX_LEVEL`.
    monitoring : array_like
        True monitoring quality in [0, 1], broadcastable with ``levels``.
    base_rate : float
        Incident probability per year at level 0, in [0, 1].
    autonomy_factor : float
        Multiplier per level, at least 1 (more autonomy is never safer).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 12, section *Monitoring before autonomy*.

    Examples
    --------
    >>> uncontained_probability([0, 2], 0.5, 0.02, 3.0)
    array([0.01, 0.09])
    """
    levels = as_float_array(levels, "levels", nonnegative=True)
    if (levels != np.round(levels)).any() or (levels > MAX_LEVEL).any():
        raise ValueError(f"levels must be whole numbers from 0 to {MAX_LEVEL}")
    monitoring = as_probability(monitoring, "monitoring")
    base = float(as_probability(as_scalar(base_rate, "base_rate"), "base_rate"))
    factor = as_scalar(autonomy_factor, "autonomy_factor", positive=True)
    if factor < 1:
        raise ValueError(f"autonomy_factor must be at least 1; got {factor}")
    check_broadcastable(levels=levels, monitoring=monitoring)
    return np.minimum(1.0, base * factor**levels * (1.0 - monitoring))


class GatingComparison(NamedTuple):
    """Outcome of :func:`simulate_gating` (arrays have one row per run, one column per year).

    Attributes
    ----------
    years : numpy.ndarray
        The simulated years, ``0 .. years − 1``.
    monitoring : numpy.ndarray
        True monitoring quality per year.
    ungated_levels, gated_levels : numpy.ndarray
        Levels per run and year (``ungated_levels`` is the same in every run).
    ungated_incidents, gated_incidents : numpy.ndarray
        Uncontained incidents (0 or 1) per run and year, from the same draws.
    """

    years: np.ndarray
    monitoring: np.ndarray
    ungated_levels: np.ndarray
    gated_levels: np.ndarray
    ungated_incidents: np.ndarray
    gated_incidents: np.ndarray

    @property
    def ungated_rate(self) -> float:
        """Uncontained incidents per year, ungated, averaged over runs and years."""
        return float(self.ungated_incidents.mean())

    @property
    def gated_rate(self) -> float:
        """Uncontained incidents per year, gated."""
        return float(self.gated_incidents.mean())

    @property
    def autonomy_foregone(self) -> float:
        """Level-years the gate withheld, per run on average (the gate's cost)."""
        return float((self.ungated_levels - self.gated_levels).sum(axis=1).mean())


def simulate_gating(years=20, *, level_interval=2.0, max_level=5, bars=(0.0, 0.5, 0.7, 0.8, 0.9, 0.95),
                    monitoring_initial=0.5, improvement_rate=0.15, base_rate=0.01, autonomy_factor=2.0,
                    measurement_noise=0.0, n_runs=2000, seed=None) -> GatingComparison:
    """Simulate gated and ungated autonomy scaling on the same random draws.

    Parameters
    ----------
    years : int
        Years simulated, 1 to 200.
    level_interval : float
        Years per autonomy level, positive (:func:`scheduled_levels`).
    max_level : int
        Highest level, 1 to 20 (:data:`MAX_LEVEL`).
    bars : array_like
        One bar per level, ``len(bars) == max_level + 1`` (:func:`gated_levels`).
    monitoring_initial, improvement_rate : float
        Monitoring quality (:func:`monitoring_quality`).
    base_rate, autonomy_factor : float
        Incident model (:func:`uncontained_probability`).
    measurement_noise : float
        Standard deviation of the error in measured monitoring quality, from 0 to 1 (a
        quality lies in [0, 1]); the gate sees ``m + noise``.
    n_runs : int
        Independent runs, at least 1; ``n_runs * years`` at most 5,000,000 (:data:`MAX_DRAWS`).
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    GatingComparison

    Notes
    -----
    Defined in Chapter 12, section *Monitoring before autonomy*. In every run and year the
    same uniform draw ``U`` decides both incidents (``U < p``), and the gated ``p`` is never
    larger, so ``gated_incidents <= ungated_incidents`` elementwise.

    Examples
    --------
    >>> sim = simulate_gating(seed=0)
    >>> bool((sim.gated_incidents <= sim.ungated_incidents).all()), sim.gated_rate <= sim.ungated_rate
    (True, True)
    """
    years = as_int(years, "years", minimum=1)
    if years > 200:
        raise ValueError(f"years must be at most 200; got {years}")
    top = as_int(max_level, "max_level", minimum=1)
    if top > MAX_LEVEL:
        raise ValueError(f"max_level must be at most {MAX_LEVEL}; got {top}")
    bars = _bars(bars)
    if bars.size != top + 1:
        raise ValueError(f"bars must hold max_level + 1 = {top + 1} values; got {bars.size}")
    noise = as_scalar(measurement_noise, "measurement_noise", nonnegative=True)
    if noise > 1:
        raise ValueError(f"measurement_noise must be at most 1 (monitoring quality lies in [0, 1]); got {noise:g}")
    if not 0.0 <= as_scalar(monitoring_initial, "monitoring_initial") <= 1.0:
        raise ValueError("monitoring_initial must lie between 0 and 1")
    n_runs = as_int(n_runs, "n_runs", minimum=1)
    if n_runs * years > MAX_DRAWS:
        raise ValueError(f"n_runs * years must be at most {MAX_DRAWS}; got {n_runs * years}")
    t = np.arange(years, dtype=float)
    monitoring = monitoring_quality(t, monitoring_initial, improvement_rate)
    schedule = scheduled_levels(t, level_interval, top)
    # Validate the incident model once, before drawing.
    uncontained_probability(schedule, monitoring, base_rate, autonomy_factor)
    rng = as_rng(seed)
    measured = monitoring + (noise * rng.standard_normal((n_runs, years)) if noise > 0 else np.zeros((n_runs, years)))
    gated = gated_levels(np.broadcast_to(schedule, (n_runs, years)), measured, bars)
    ungated = np.broadcast_to(schedule, (n_runs, years)).copy()
    draws = rng.uniform(size=(n_runs, years))
    p_ungated = uncontained_probability(ungated, monitoring, base_rate, autonomy_factor)
    p_gated = uncontained_probability(gated, monitoring, base_rate, autonomy_factor)
    return GatingComparison(t, monitoring, ungated, gated, (draws < p_ungated).astype(np.int8),
                            (draws < p_gated).astype(np.int8))
