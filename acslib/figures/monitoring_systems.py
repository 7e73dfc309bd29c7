"""Explorables for Chapter 7, *Monitoring systems*.

Used in ``chapters/07_monitoring_systems.ipynb``: the detectors compared on a shifted
stream (section *Watching a stream*), audit sample sizes (section *Long-term auditing*)
and the escalation state machine (section *Escalation protocols*). Every simulation is
run once per slider position and cached at module level; ``draw`` only looks results up.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from ..explorable import Choice, Explorable, Param
from ..monitoring import (
    ADWIN,
    CUSUM,
    LEVELS,
    EscalationProtocol,
    PageHinkley,
    audit_sample_size,
    detection_probability,
    escalation_states,
    escalation_transitions,
    simulate_audit_programme,
)
from . import style

__all__ = [
    "DETECTOR_SETTINGS",
    "detector_tradeoff",
    "example_alarms",
    "describe_detectors",
    "detectors_explorable",
    "audit_curves",
    "describe_audit",
    "audit_explorable",
    "escalation_run",
    "escalation_changes",
    "describe_escalation",
    "escalation_explorable",
    "EXPLORABLES",
]

#: Seed of every simulation in this module, so the book's figures never change.
SEED = 7
#: Streams simulated per slider position for the trade-off curves.
N_STREAMS = 150
#: Steps simulated after the onset (a detector silent this long counts as a miss).
AFTER_ONSET = 300
#: Length of the example stream drawn in the explorables.
EXAMPLE_LENGTH = 800
#: Per detector, the symbol of its setting, the values swept (most to least sensitive) and its default.
DETECTOR_SETTINGS = {
    "CUSUM": ("h", (3.0, 4.0, 5.0, 6.0, 7.0), 4.0),
    "Page–Hinkley": ("λ", (6.0, 8.0, 10.0, 15.0, 20.0), 10.0),
    "ADWIN": ("δ", (0.5, 0.1, 0.002), 0.002),
}
_COLOURS = {"CUSUM": style.CAPABILITY, "Page–Hinkley": style.ACCENT, "ADWIN": style.ALIGNMENT}


def _on_grid(value, name, params):
    """Require ``value`` to be one of the slider values of parameter ``name``."""
    grid = next(p for p in params if p.name == name).values
    if isinstance(value, (str, bytes)) or not np.isclose(grid, value).any():
        raise ValueError(f"{name} must be one of the slider values {grid}; got {value!r}")


def _detector(name, setting):
    if name == "CUSUM":
        return CUSUM(k=0.5, h=setting)
    if name == "Page–Hinkley":
        return PageHinkley(delta=0.25, threshold=setting)
    return ADWIN(delta=setting)


@functools.lru_cache(maxsize=1)
def _noise():
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((N_STREAMS, 500 + AFTER_ONSET)), rng.standard_normal(EXAMPLE_LENGTH)


@functools.lru_cache(maxsize=None)
def detector_tradeoff(shift, onset):
    """False-alarm probability and mean delay of each detector at each of its settings.

    ``N_STREAMS`` seeded N(0, 1) streams get a mean shift of ``shift`` σ at step ``onset``
    and run ``AFTER_ONSET`` steps past it. For every setting in :data:`DETECTOR_SETTINGS`:
    the fraction of streams with an alarm before the onset, and the mean steps from the
    onset to the first alarm among the others (a miss counts as ``AFTER_ONSET``).

    Returns
    -------
    dict
        ``name -> (false_alarm_probability, mean_delay)``, two arrays over the settings.

    Examples
    --------
    >>> false_alarms, delays = detector_tradeoff(1.0, 300)["CUSUM"]
    >>> bool(np.all(np.diff(false_alarms) <= 0))  # a higher threshold never adds false alarms
    True
    """
    _on_grid(shift, "shift", _DETECTOR_PARAMS)
    _on_grid(onset, "onset", _DETECTOR_PARAMS)
    noise = _noise()[0][:, :onset + AFTER_ONSET]
    streams = noise + shift * (np.arange(noise.shape[1]) >= onset)
    result = {}
    for name, (_, settings, _) in DETECTOR_SETTINGS.items():
        false_alarms, delays = [], []
        shared = None
        for setting in settings:
            detector = _detector(name, setting)
            if name != "ADWIN":  # CUSUM's and Page–Hinkley's statistics do not depend on the threshold
                shared = detector.statistic(streams) if shared is None else shared
                hits = shared > detector.threshold
            else:
                hits = detector.statistic(streams) > detector.threshold
            first = np.where(hits.any(axis=1), hits.argmax(axis=1), streams.shape[1])
            early = first < onset
            false_alarms.append(early.mean())
            delays.append((first[~early] - onset).mean() if (~early).any() else np.nan)
        result[name] = (np.asarray(false_alarms), np.asarray(delays))
    return result


@functools.lru_cache(maxsize=None)
def example_alarms(shift, onset):
    """One seeded example stream and each default detector's alarms on it (restarting).

    Returns
    -------
    stream : numpy.ndarray
    alarms : dict
        ``name -> indices of alarms``.
    """
    _on_grid(shift, "shift", _DETECTOR_PARAMS)
    _on_grid(onset, "onset", _DETECTOR_PARAMS)
    stream = _noise()[1] + shift * (np.arange(EXAMPLE_LENGTH) >= onset)
    alarms = {name: _detector(name, default).run(stream).alarms for name, (_, _, default) in DETECTOR_SETTINGS.items()}
    return stream, alarms


def _default_index(name):
    _, settings, default = DETECTOR_SETTINGS[name]
    return settings.index(default)


def describe_detectors(shift, onset):
    """Alt text for a frame of :func:`detectors_explorable`."""
    tradeoff = detector_tradeoff(shift, onset)
    parts = []
    for name in DETECTOR_SETTINGS:
        false_alarms, delays = tradeoff[name]
        i = _default_index(name)
        parts.append(f"{name} {delays[i]:.0f} steps ({false_alarms[i]:.0%} false alarms)")
    return (
        f"The mean jumps by {shift:g}σ at step {onset}. Mean delay to the first alarm at the default "
        f"settings over {N_STREAMS} simulated streams: " + "; ".join(parts) + "."
    )


def _precompute(explorable_params, *functions):
    """Fill the module caches for every point of a slider grid (called once, by build)."""
    import itertools

    names = [p.name for p in explorable_params]
    for values in itertools.product(*(p.values for p in explorable_params)):
        for function in functions:
            function(*values)
    return names


def _build_detectors(fig):
    _precompute(_DETECTOR_PARAMS, detector_tradeoff, example_alarms)
    fig.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.15, wspace=0.28)
    stream_ax, trade_ax = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=(1.6, 1.0)))
    for ax in (stream_ax, trade_ax):
        style.style_axes(ax)
    stream_ax.set(xlim=(0, EXAMPLE_LENGTH), ylim=(-4, 8.2), xlabel="step", ylabel="observation (σ units)")
    stream_ax.set_title("One stream and the alarms at default settings", fontsize=10)
    trade_ax.set(xlim=(-0.03, 1.03), ylim=(1, 400), yscale="log", xlabel="P(false alarm before the onset)",
                 ylabel="mean delay (steps)")
    trade_ax.set_title("Delay against false alarms", fontsize=10)
    art = SimpleNamespace()
    (art.stream,) = stream_ax.plot([], [], color="#999999", linewidth=0.6, antialiased=False, animated=True)
    (art.mean,) = stream_ax.plot([], [], color=style.NEUTRAL, linewidth=1.5, animated=True)
    art.onset = stream_ax.axvline(0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
    art.rasters, art.curves, art.defaults = {}, {}, {}
    for row, name in enumerate(DETECTOR_SETTINGS):
        y = 4.6 + 1.2 * row
        stream_ax.text(4, y + 0.35, name, fontsize=7.5, color=_COLOURS[name])
        (art.rasters[name],) = stream_ax.plot([], [], "|", color=_COLOURS[name], markersize=9, markeredgewidth=1.5,
                                              animated=True)
        art.rasters[name].row = y
        symbol, _, _ = DETECTOR_SETTINGS[name]
        (art.curves[name],) = trade_ax.plot([], [], "-o", color=_COLOURS[name], markersize=3.5, linewidth=1.4,
                                            label=f"{name} (varying {symbol})", animated=True)
        (art.defaults[name],) = trade_ax.plot([], [], "o", color=_COLOURS[name], markersize=8, markerfacecolor="white",
                                              markeredgewidth=2, animated=True)
    trade_ax.legend(fontsize=7, frameon=False, loc="upper right")
    trade_ax.text(0.02, 0.02, "open circle: default setting", transform=trade_ax.transAxes, fontsize=7,
                  color=style.NEUTRAL)
    return art


def _draw_detectors(art, shift, onset):
    stream, alarms = example_alarms(shift, onset)
    steps = np.arange(stream.size)
    art.stream.set_data(steps, stream)
    art.mean.set_data([0, onset, onset, stream.size], [0, 0, shift, shift])
    art.onset.set_xdata([onset, onset])
    tradeoff = detector_tradeoff(shift, onset)
    for name in DETECTOR_SETTINGS:
        art.rasters[name].set_data(alarms[name], np.full(alarms[name].size, art.rasters[name].row))
        false_alarms, delays = tradeoff[name]
        art.curves[name].set_data(false_alarms, np.maximum(delays, 1))
        i = _default_index(name)
        art.defaults[name].set_data([false_alarms[i]], [max(delays[i], 1)])


_DETECTOR_PARAMS = (
    Param("shift", 0.25, 2.0, 0.25, 1.0, label="size of the shift", unit="σ"),
    Param("onset", 100, 500, 100, 300, label="onset of the shift", unit=" steps"),
)


def detectors_explorable():
    """CUSUM, Page–Hinkley and ADWIN on a stream whose mean jumps: delay against false alarms.

    Sliders: the size of the shift and its onset (both static on the website).

    Examples
    --------
    >>> ex = detectors_explorable()
    >>> len(ex.static_grid())
    40
    """
    return Explorable(
        "Three detectors on a shifted stream",
        _DETECTOR_PARAMS,
        _build_detectors,
        _draw_detectors,
        describe=describe_detectors,
        static_params=("shift", "onset"),
        figsize=(8.0, 3.5),
    )


# ---------------------------------------------------------------------------- auditing
#: Review counts at which the simulated audit is checked (log-spaced, 1 to 100,000).
AUDIT_CHECKPOINTS = np.unique(np.round(np.logspace(0, 5, 16)).astype(int))
#: Simulated audit programmes per failure rate.
AUDIT_RUNS = 1000
_AUDIT_CONFIDENCES = (0.5, 0.8, 0.9, 0.95, 0.99)


@functools.lru_cache(maxsize=None)
def audit_curves(log10_failure_rate):
    """Exact and simulated probability of having seen a failure after ``n`` reviews.

    The simulation is :func:`~acslib.monitoring.auditing.simulate_audit_programme` with
    ``AUDIT_RUNS`` seeded programmes whose periods review the increments between the
    ``AUDIT_CHECKPOINTS``.

    Returns
    -------
    reviews, exact, simulated : numpy.ndarray

    Examples
    --------
    >>> reviews, exact, simulated = audit_curves(-2.0)
    >>> bool(np.abs(exact - simulated).max() < 0.05)
    True
    """
    _on_grid(log10_failure_rate, "log10_failure_rate", _AUDIT_PARAMS)
    rate = 10.0 ** log10_failure_rate
    increments = np.diff(np.r_[0, AUDIT_CHECKPOINTS])
    schedule = np.full(increments.size, rate)
    audit = simulate_audit_programme(schedule, increments, n_runs=AUDIT_RUNS, seed=SEED)
    return AUDIT_CHECKPOINTS, audit.cumulative_detection, audit.simulated_cumulative_detection


def describe_audit(log10_failure_rate, confidence):
    """Alt text for a frame of :func:`audit_explorable`."""
    rate = 10.0 ** log10_failure_rate
    size = audit_sample_size(rate, confidence)
    return (
        f"To see at least one failure with probability {confidence:.0%} when failures occur in 1 of "
        f"{1 / rate:,.0f} interactions, an audit must review {size:,} of them (rule of three: {3 / rate:,.0f})."
    )


def _build_audit(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    size_ax, prob_ax = fig.subplots(1, 2)
    for ax in (size_ax, prob_ax):
        style.style_axes(ax)
    rates = np.logspace(-4.2, -0.8, 120)
    size_ax.set(xscale="log", yscale="log", xlim=(10**-4.2, 10**-0.8), ylim=(1, 2e5),
                xlabel="failure rate per interaction", ylabel="reviews needed")
    size_ax.set_title("Audit sample size", fontsize=10)
    size_ax.plot(rates, 3 / rates, color=style.NEUTRAL, linestyle="--", linewidth=1, label="rule of three, 3/p")
    for confidence in _AUDIT_CONFIDENCES:
        size_ax.plot(rates, audit_sample_size(rates, confidence), color="#cccccc", linewidth=0.8)
    prob_ax.set(xscale="log", xlim=(1, 1e5), ylim=(0, 1.03), xlabel="interactions reviewed",
                ylabel="P(at least one failure seen)")
    prob_ax.set_title("Exact (line) and 1,000 simulated audits (dots)", fontsize=10)
    art = SimpleNamespace()
    (art.size_curve,) = size_ax.plot([], [], color=style.ALIGNMENT, linewidth=2, animated=True, label="required n")
    (art.size_point,) = size_ax.plot([], [], "o", color=style.CAPABILITY, markersize=7, animated=True)
    size_ax.legend(fontsize=7.5, frameon=False, loc="lower left")
    (art.exact,) = prob_ax.plot([], [], color=style.ALIGNMENT, linewidth=2, animated=True)
    (art.simulated,) = prob_ax.plot([], [], "o", color=style.CAPABILITY, markersize=4, animated=True)
    art.level = prob_ax.axhline(0, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True)
    art.needed = prob_ax.axvline(1, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True)
    art.rates = rates
    return art


def _draw_audit(art, log10_failure_rate, confidence):
    rate = 10.0 ** log10_failure_rate
    size = audit_sample_size(rate, confidence)
    art.size_curve.set_data(art.rates, audit_sample_size(art.rates, confidence))
    art.size_point.set_data([rate], [size])
    reviews, exact, simulated = audit_curves(log10_failure_rate)
    dense = np.logspace(0, 5, 200)
    art.exact.set_data(dense, detection_probability(rate, dense))
    art.simulated.set_data(reviews, simulated)
    art.level.set_ydata([confidence, confidence])
    art.needed.set_xdata([size, size])


_AUDIT_PARAMS = (
    Param("log10_failure_rate", -4.0, -1.0, 0.25, -2.0, label="failure rate (log10)", fmt=".2f"),
    Choice("confidence", _AUDIT_CONFIDENCES, 0.95, label="confidence",
           option_labels=tuple(f"{c:.0%}" for c in _AUDIT_CONFIDENCES)),
)


def audit_explorable():
    """How many reviews an audit needs to catch a rare failure, exact and simulated.

    Sliders: the failure rate (log scale) and the confidence (both static on the website).

    Examples
    --------
    >>> ex = audit_explorable()
    >>> len(ex.static_grid())
    65
    """
    return Explorable(
        "Audit sample size",
        _AUDIT_PARAMS,
        _build_audit,
        _draw_audit,
        describe=describe_audit,
        static_params=("log10_failure_rate", "confidence"),
        figsize=(8.0, 3.3),
    )


# ---------------------------------------------------------------------------- escalation
#: Steps in the escalation explorable's stream.
ESCALATION_LENGTH = 1000
#: Step at which the escalation explorable's stream shifts.
ESCALATION_ONSET = 600
#: The detector that drives the protocol, a CUSUM against the known in-control mean.
ESCALATION_DETECTOR = CUSUM(k=0.5, h=4.0)


@functools.lru_cache(maxsize=None)
def escalation_run(shift, cooldown):
    """The example stream, its CUSUM alarms and the protocol's levels for one frame.

    The protocol is :class:`~acslib.monitoring.escalation.EscalationProtocol` with its defaults
    except ``cooldown``. The stream's mean jumps by ``shift`` σ at
    ``ESCALATION_ONSET``.

    Returns
    -------
    stream, alarms, states : numpy.ndarray

    Examples
    --------
    >>> stream, alarms, states = escalation_run(1.0, 100)
    >>> int(states[-1])  # a persistent 1σ shift ends in halt
    3
    """
    _on_grid(shift, "shift", _ESCALATION_PARAMS)
    _on_grid(cooldown, "cooldown", _ESCALATION_PARAMS)
    rng = np.random.default_rng(SEED + 1)
    stream = rng.standard_normal(ESCALATION_LENGTH) + shift * (np.arange(ESCALATION_LENGTH) >= ESCALATION_ONSET)
    alarms = ESCALATION_DETECTOR.run(stream).alarms
    states = escalation_states(alarms, EscalationProtocol(cooldown=int(cooldown)), length=ESCALATION_LENGTH)
    return stream, alarms, states


def escalation_changes(shift, cooldown):
    """The changes of level in the frame at ``shift`` and ``cooldown`` (see :func:`escalation_run`).

    Examples
    --------
    >>> escalation_changes(0.0, 100)[:2]  # no shift: a false alarm, then back to normal
    [(193, 'normal', 'watch'), (342, 'watch', 'normal')]
    """
    return escalation_transitions(escalation_run(shift, cooldown)[2])


def describe_escalation(shift, cooldown):
    """Alt text for a frame of :func:`escalation_explorable`."""
    _, alarms, states = escalation_run(shift, cooldown)
    before = int((alarms < ESCALATION_ONSET).sum())
    peak_before = LEVELS[int(states[:ESCALATION_ONSET].max())]
    text = (
        f"A {shift:g}σ shift from step {ESCALATION_ONSET}, cooldown {cooldown:g} steps: {before} CUSUM alarms "
        f"before the shift took the protocol at most to {peak_before}; "
    )
    after = states[ESCALATION_ONSET:]
    reached = [(LEVELS[level], int(np.argmax(after >= level))) for level in (2, 3) if (after >= level).any()]
    if not reached:
        return text + f"after it the protocol ends at {LEVELS[int(states[-1])]}."
    return text + "after it, " + ", ".join(f"{name} {delay} steps later" for name, delay in reached) + "."


def _build_escalation(fig):
    _precompute(_ESCALATION_PARAMS, escalation_run)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.13, hspace=0.35)
    stream_ax, level_ax = fig.subplots(2, 1, sharex=True, gridspec_kw=dict(height_ratios=(1, 1)))
    for ax in (stream_ax, level_ax):
        style.style_axes(ax)
        ax.axvline(ESCALATION_ONSET, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
    stream_ax.set(xlim=(0, ESCALATION_LENGTH), ylim=(-4, 6.5), ylabel="observation")
    stream_ax.set_title("Stream and CUSUM alarms (k = 0.5, h = 4)", fontsize=10)
    level_ax.set(ylim=(-0.4, 3.4), xlabel="step", yticks=range(len(LEVELS)), yticklabels=LEVELS)
    level_ax.set_title("Protocol level (window 50; escalate at 1, 3, 6 alarms)", fontsize=10)
    for level, colour in zip(range(len(LEVELS)), (style.SAFE, style.ACCENT, style.CAPABILITY, "#000000")):
        level_ax.axhspan(level - 0.4, level + 0.4, color=colour, alpha=0.08, linewidth=0)
    art = SimpleNamespace()
    (art.stream,) = stream_ax.plot([], [], color="#999999", linewidth=0.6, antialiased=False, animated=True)
    (art.alarms,) = stream_ax.plot([], [], "|", color=style.CAPABILITY, markersize=9, markeredgewidth=1.5, animated=True)
    (art.levels,) = level_ax.plot([], [], drawstyle="steps-post", color=style.ALIGNMENT, linewidth=2, animated=True)
    return art


def _draw_escalation(art, shift, cooldown):
    stream, alarms, states = escalation_run(shift, cooldown)
    steps = np.arange(stream.size)
    art.stream.set_data(steps, stream)
    art.alarms.set_data(alarms, np.full(alarms.size, 5.5))
    art.levels.set_data(steps, states)


_ESCALATION_PARAMS = (
    Param("shift", 0.0, 2.0, 0.25, 0.75, label="size of the shift", unit="σ"),
    Param("cooldown", 25, 200, 25, 100, label="cooldown before stepping down", unit=" steps"),
)


def escalation_explorable():
    """The normal → watch → incident → halt machine driven by CUSUM alarms.

    Sliders: the size of the shift and the cooldown (both static on the website).

    Examples
    --------
    >>> ex = escalation_explorable()
    >>> len(ex.static_grid())
    72
    """
    return Explorable(
        "The escalation state machine",
        _ESCALATION_PARAMS,
        _build_escalation,
        _draw_escalation,
        describe=describe_escalation,
        static_params=("shift", "cooldown"),
        figsize=(8.0, 4.2),
    )


EXPLORABLES = (detectors_explorable, audit_explorable, escalation_explorable)
