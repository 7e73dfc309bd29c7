"""Explorables for Chapter 7, *Monitoring systems*.

Used in ``chapters/07_monitoring_systems.ipynb``: the detectors compared on a shifted
stream (section *Watching a stream*), audit sample sizes (section *Long-term auditing*)
and the escalation state machine (section *Escalation protocols*), and static figures of
the drift statistics against sample size, the accuracy of Siegmund's approximation, the
cost of watching many streams and a year of auditing. Every simulation is run once per
slider position and cached at module level; ``draw`` only looks results up. Slider values
are validated under the caller's parameter names before any cache is consulted.
"""

from __future__ import annotations

import functools
import numbers
from types import SimpleNamespace

import numpy as np
from scipy import optimize

from .._validation import ArgumentTypeError, as_choice, as_int
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..monitoring import (
    ADWIN,
    CUSUM,
    LEVELS,
    EscalationProtocol,
    PageHinkley,
    audit_sample_size,
    bernoulli_streams,
    cusum_arl,
    cusum_arl_markov,
    detection_probability,
    escalation_states,
    escalation_transitions,
    ks_critical_value,
    ks_statistic,
    psi,
    shifted_streams,
    simulate_audit_programme,
)
from ..monitoring.detectors import _epsilon as _adwin_threshold
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
    "drift_sample_size",
    "drift_sample_size_figure",
    "arl_accuracy_figure",
    "streams_threshold",
    "streams_figure",
    "audit_year",
    "audit_year_figure",
    "adwin_comparison_streams",
    "adwin_delay",
    "RIVER_ADWIN_DELAYS",
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


_GRIDS = {}


def _grid(name, params):
    """The slider values of parameter ``name`` as a tuple and a float array (cached)."""
    key = (id(params), name)
    if key not in _GRIDS:
        values = next(p for p in params if p.name == name).values
        _GRIDS[key] = (values, np.asarray(values, dtype=float))
    return _GRIDS[key]


def _on_grid(value, name, params):
    """The slider value of parameter ``name`` that ``value`` equals (a float), or raise.

    Checked before any cache is consulted, so an array or a dict is reported as a wrong
    type under ``name`` rather than as "unhashable". The grid is looked up once and
    compared in one vectorised step: this runs several times per live slider move.
    """
    grid, array = _grid(name, params)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise ArgumentTypeError(f"{name} must be one of the slider values {grid}; got {value!r}")
    value = float(value)
    matches = np.flatnonzero(np.isclose(array, value)) if np.isfinite(value) else []
    if not len(matches):
        raise ValueError(f"{name} must be one of the slider values {grid}; got {value!r}")
    return float(array[matches[0]])


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
    shift, onset = _on_grid(shift, "shift", _DETECTOR_PARAMS), _on_grid(onset, "onset", _DETECTOR_PARAMS)
    return {name: (false_alarms, delays)
            for name, (false_alarms, delays, _) in _detector_tradeoff(shift, onset).items()}


def _adwin_hits(streams, deltas):
    """Where ``ADWIN(delta).statistic(streams) > 1``, for several deltas at once.

    The arithmetic of :meth:`~acslib.monitoring.detectors.ADWIN.statistic` (the default
    variance form) with the sub-window means computed once for all the deltas instead of
    once per delta; ``tests/test_monitoring.py`` checks that the result is identical.
    Returns a boolean array of shape ``(len(deltas),) + streams.shape``.
    """
    length = streams.shape[-1]
    zeros = np.zeros(streams.shape[:-1] + (1,))
    sums = np.concatenate([zeros, np.cumsum(streams, axis=-1)], axis=-1)
    squares = np.concatenate([zeros, np.cumsum(streams * streams, axis=-1)], axis=-1)
    size = np.arange(1, length + 1, dtype=float)
    total = sums[..., 1:]
    variance = np.maximum(squares[..., 1:] / size - (total / size) ** 2, 0.0)
    hits = np.zeros((len(deltas),) + streams.shape, dtype=bool)
    newer = 1
    while newer < length:
        older = size[newer:] - newer
        older_sum = sums[..., 1:length - newer + 1]
        gap = np.abs(older_sum / older - (total[..., newer:] - older_sum) / newer)
        for i, delta in enumerate(deltas):
            eps = _adwin_threshold(older, float(newer), delta, variance[..., newer:])
            hits[i, ..., newer:] |= gap / eps > 1.0
        newer *= 2
    return hits


@functools.lru_cache(maxsize=None)
def _detector_tradeoff(shift, onset):
    """Per detector: false-alarm probability, mean delay and missed fraction, per setting."""
    onset = int(onset)
    noise = _noise()[0][:, :onset + AFTER_ONSET]
    streams = noise + shift * (np.arange(noise.shape[1]) >= onset)
    result = {}
    for name, (_, settings, _) in DETECTOR_SETTINGS.items():
        false_alarms, delays, missed = [], [], []
        shared = None
        adwin = _adwin_hits(streams, settings) if name == "ADWIN" else None
        for index, setting in enumerate(settings):
            detector = _detector(name, setting)
            if name != "ADWIN":  # CUSUM's and Page–Hinkley's statistics do not depend on the threshold
                shared = detector.statistic(streams) if shared is None else shared
                hits = shared > detector.threshold
            else:
                hits = adwin[index]
            first = np.where(hits.any(axis=1), hits.argmax(axis=1), streams.shape[1])
            early = first < onset
            false_alarms.append(early.mean())
            delays.append((first[~early] - onset).mean() if (~early).any() else np.nan)
            missed.append((first[~early] == streams.shape[1]).mean() if (~early).any() else np.nan)
        result[name] = (np.asarray(false_alarms), np.asarray(delays), np.asarray(missed))
    return result


def example_alarms(shift, onset):
    """One seeded example stream and each default detector's alarms on it (restarting).

    Returns
    -------
    stream : numpy.ndarray
    alarms : dict
        ``name -> indices of alarms``.
    """
    return _example_alarms(_on_grid(shift, "shift", _DETECTOR_PARAMS), _on_grid(onset, "onset", _DETECTOR_PARAMS))


@functools.lru_cache(maxsize=None)
def _example_alarms(shift, onset):
    onset = int(onset)
    stream = _noise()[1] + shift * (np.arange(EXAMPLE_LENGTH) >= onset)
    alarms = {name: _detector(name, default).run(stream).alarms for name, (_, _, default) in DETECTOR_SETTINGS.items()}
    return stream, alarms


def _default_index(name):
    _, settings, default = DETECTOR_SETTINGS[name]
    return settings.index(default)


def describe_detectors(shift, onset):
    """Alt text for a frame of :func:`detectors_explorable`.

    A stream still silent ``AFTER_ONSET`` steps after the onset counts as that many steps,
    so a delay near 300 is mostly misses; the text then says how many streams were missed.

    Examples
    --------
    >>> describe_detectors(0.25, 300)[-63:]
    'ADWIN 299 steps (0% false alarms; 99% missed within 300 steps).'
    """
    shift, onset = _on_grid(shift, "shift", _DETECTOR_PARAMS), _on_grid(onset, "onset", _DETECTOR_PARAMS)
    return _describe_detectors(shift, onset)


@functools.lru_cache(maxsize=None)
def _describe_detectors(shift, onset):
    tradeoff = _detector_tradeoff(shift, onset)
    parts = []
    for name in DETECTOR_SETTINGS:
        false_alarms, delays, missed = tradeoff[name]
        i = _default_index(name)
        extra = f"; {missed[i]:.0%} missed within {AFTER_ONSET} steps" if missed[i] >= 0.05 else ""
        parts.append(f"{name} {delays[i]:.0f} steps ({false_alarms[i]:.0%} false alarms{extra})")
    return (
        f"The mean jumps by {shift:g}σ at step {onset:g}. Mean delay to the first alarm at the default "
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
    (art.stream,) = stream_ax.plot([], [], color=style.GREY, linewidth=0.6, antialiased=False, animated=True)
    (art.mean,) = stream_ax.plot([], [], color=style.NEUTRAL, linewidth=1.5, animated=True)
    art.onset = stream_ax.axvline(0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
    art.rasters, art.curves, art.defaults = {}, {}, {}
    for row, name in enumerate(DETECTOR_SETTINGS):
        y = 4.6 + 1.2 * row
        stream_ax.text(4, y + 0.35, name, fontsize=style.MIN_FONT_POINTS, color=_COLOURS[name])
        (art.rasters[name],) = stream_ax.plot([], [], "|", color=_COLOURS[name], markersize=9, markeredgewidth=1.5,
                                              animated=True)
        art.rasters[name].row = y
        symbol, _, _ = DETECTOR_SETTINGS[name]
        (art.curves[name],) = trade_ax.plot([], [], "-o", color=_COLOURS[name], markersize=3.5, linewidth=1.4,
                                            label=f"{name} (varying {symbol})", animated=True)
        (art.defaults[name],) = trade_ax.plot([], [], "o", color=_COLOURS[name], markersize=8, markerfacecolor="none",
                                              markeredgewidth=2, animated=True)
    trade_ax.legend(fontsize=style.MIN_FONT_POINTS, frameon=False, loc="upper right")
    trade_ax.text(0.02, 0.02, "open circle: default setting", transform=trade_ax.transAxes, fontsize=style.MIN_FONT_POINTS,
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
    Param("onset", 100, 500, 200, 300, label="onset of the shift", unit=" steps"),
)


def detectors_explorable():
    """CUSUM, Page–Hinkley and ADWIN on a stream whose mean jumps: delay against false alarms.

    Sliders: the size of the shift and its onset (both static on the website).

    Examples
    --------
    >>> ex = detectors_explorable()
    >>> len(ex.static_grid())  # 8 shifts × 3 onsets
    24
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
    return _audit_curves(_on_grid(log10_failure_rate, "log10_failure_rate", _AUDIT_PARAMS))


@functools.lru_cache(maxsize=None)
def _audit_curves(log10_failure_rate):
    rate = 10.0 ** log10_failure_rate
    increments = np.diff(np.r_[0, AUDIT_CHECKPOINTS])
    schedule = np.full(increments.size, rate)
    audit = simulate_audit_programme(schedule, increments, n_runs=AUDIT_RUNS, seed=SEED)
    return AUDIT_CHECKPOINTS, audit.cumulative_detection, audit.simulated_cumulative_detection


def describe_audit(log10_failure_rate, confidence):
    """Alt text for a frame of :func:`audit_explorable`.

    The approximation ``−ln(1 − c)/p`` is named the rule of three only at 95 %, where
    ``−ln 0.05 ≈ 3``; at 99 % it is about ``4.6/p``.

    Examples
    --------
    >>> describe_audit(-2.0, 0.99)[-46:]
    'review 459 of them (approximation 4.6/p: 461).'
    """
    log10_failure_rate = _on_grid(log10_failure_rate, "log10_failure_rate", _AUDIT_PARAMS)
    if isinstance(confidence, (bool, np.bool_)) or not isinstance(confidence, (numbers.Real, np.number)) \
            or not any(np.isclose(confidence, c) for c in _AUDIT_CONFIDENCES):
        raise (ArgumentTypeError if not isinstance(confidence, (numbers.Real, np.number))
               or isinstance(confidence, (bool, np.bool_)) else ValueError)(
            f"confidence must be one of {_AUDIT_CONFIDENCES}; got {confidence!r}")
    confidence = float(confidence)
    rate = 10.0 ** log10_failure_rate
    size = audit_sample_size(rate, confidence)
    factor = -np.log1p(-confidence)
    name = "rule of three, 3/p" if np.isclose(confidence, 0.95) else f"approximation {factor:.2g}/p"
    return (
        f"To see at least one failure with probability {confidence:.0%} when failures occur in 1 of "
        f"{1 / rate:,.0f} interactions, an audit must review {size:,} of them ({name}: {factor / rate:,.0f})."
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
    for confidence in _AUDIT_CONFIDENCES:
        size_ax.plot(rates, audit_sample_size(rates, confidence), color=style.GREY, linewidth=0.7, alpha=1.0)
    prob_ax.set(xscale="log", xlim=(1, 1e5), ylim=(0, 1.03), xlabel="interactions reviewed",
                ylabel="P(at least one failure seen)")
    prob_ax.set_title("Exact (line) and 1,000 simulated audits (dots)", fontsize=10)
    art = SimpleNamespace()
    (art.size_curve,) = size_ax.plot([], [], color=style.ALIGNMENT, linewidth=2, animated=True, label="required n")
    (art.approximation,) = size_ax.plot([], [], color=style.NEUTRAL, linestyle="--", linewidth=1, animated=True,
                                        label="−ln(1 − c)/p (3/p at 95%)")
    (art.size_point,) = size_ax.plot([], [], "o", color=style.CAPABILITY, markersize=7, animated=True)
    size_ax.legend(fontsize=style.MIN_FONT_POINTS, frameon=False, loc="lower left")
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
    art.approximation.set_data(art.rates, -np.log1p(-confidence) / art.rates)
    art.size_point.set_data([rate], [size])
    reviews, exact, simulated = audit_curves(log10_failure_rate)
    dense = np.logspace(0, 5, 200)
    art.exact.set_data(dense, detection_probability(rate, dense))
    art.simulated.set_data(reviews, simulated)
    art.level.set_ydata([confidence, confidence])
    art.needed.set_xdata([size, size])


_AUDIT_PARAMS = (
    Param("log10_failure_rate", -4.0, -1.0, 0.5, -2.0, label="failure rate (log10)", fmt=".1f"),
    Choice("confidence", _AUDIT_CONFIDENCES, 0.95, label="confidence",
           option_labels=tuple(f"{c:.0%}" for c in _AUDIT_CONFIDENCES)),
)


def audit_explorable():
    """How many reviews an audit needs to catch a rare failure, exact and simulated.

    Sliders: the failure rate (log scale) and the confidence (both static on the website).

    Examples
    --------
    >>> ex = audit_explorable()
    >>> len(ex.static_grid())  # 7 failure rates × 5 confidences
    35
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
    return _escalation_run(_on_grid(shift, "shift", _ESCALATION_PARAMS),
                           _on_grid(cooldown, "cooldown", _ESCALATION_PARAMS))


@functools.lru_cache(maxsize=None)
def _escalation_run(shift, cooldown):
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
    shift = _on_grid(shift, "shift", _ESCALATION_PARAMS)
    cooldown = _on_grid(cooldown, "cooldown", _ESCALATION_PARAMS)
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
    for level, colour in zip(range(len(LEVELS)), (style.SAFE, style.ACCENT, style.CAPABILITY, style.EXTRA[3])):
        level_ax.axhspan(level - 0.4, level + 0.4, color=colour, alpha=0.08, linewidth=0)
    art = SimpleNamespace()
    (art.stream,) = stream_ax.plot([], [], color=style.GREY, linewidth=0.6, antialiased=False, animated=True)
    (art.alarms,) = stream_ax.plot([], [], "|", color=style.CAPABILITY, markersize=9, markeredgewidth=1.5, animated=True)
    (art.levels,) = level_ax.plot([], [], drawstyle="steps-post", color=style.ALIGNMENT, linewidth=2, animated=True)
    return art


def _draw_escalation(art, shift, cooldown):
    stream, alarms, states = escalation_run(shift, cooldown)
    steps = np.arange(stream.size)
    art.stream.set_data(steps, stream)
    art.alarms.set_data(alarms, np.full(alarms.size, 5.5))
    art.levels.set_data(steps, states)


#: Cooldowns offered by the escalation explorable (steps).
_COOLDOWNS = (25, 50, 100, 200)

_ESCALATION_PARAMS = (
    Param("shift", 0.0, 2.0, 0.25, 0.75, label="size of the shift", unit="σ"),
    Choice("cooldown", _COOLDOWNS, 100, label="cooldown before stepping down",
           option_labels=tuple(f"{c} steps" for c in _COOLDOWNS)),
)


def escalation_explorable():
    """The normal → watch → incident → halt machine driven by CUSUM alarms.

    Sliders: the size of the shift and the cooldown (both static on the website).

    Examples
    --------
    >>> ex = escalation_explorable()
    >>> len(ex.static_grid())  # 9 shifts × 4 cooldowns
    36
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


# ---------------------------------------------------------------------- static figures
#: Sample sizes (each of the two samples) in :func:`drift_sample_size`.
DRIFT_SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)
#: Seeds of every seed band in this module's static figures.
FIGURE_SEEDS = tuple(range(10))


@functools.lru_cache(maxsize=1)
def drift_sample_size():
    """KS statistic, its critical value and PSI for a 0.05σ shift, against sample size.

    For each size in ``DRIFT_SIZES`` and each seed in ``FIGURE_SEEDS``, a
    standard normal reference and an N(0.05, 1) recent sample of that size are compared
    with :func:`~acslib.monitoring.drift.ks_statistic`, the 5 % critical value
    :func:`~acslib.monitoring.drift.ks_critical_value` (asymptotic: accurate at these
    sizes, and far quicker than the exact p-value) and
    :func:`~acslib.monitoring.drift.psi` (ten bins at the reference deciles).

    Returns
    -------
    dict
        ``sizes`` (n,), ``ks`` and ``psi`` (seeds × n), ``critical`` (n,), ``reject``
        (fraction of seeds whose D exceeds the critical value, n).

    Examples
    --------
    >>> result = drift_sample_size()
    >>> bool(result["reject"][-1] == 1.0), bool(result["psi"][:, -1].max() < 0.1)
    (True, True)
    """
    sizes = np.asarray(DRIFT_SIZES)
    ks, drift, reject = np.empty((len(FIGURE_SEEDS), sizes.size)), np.empty((len(FIGURE_SEEDS), sizes.size)), []
    critical = np.empty(sizes.size)
    for j, n in enumerate(sizes):
        rejected = 0
        for i, seed in enumerate(FIGURE_SEEDS):
            rng = np.random.default_rng([seed, int(n)])
            x, y = rng.normal(size=n), rng.normal(0.05, 1.0, size=n)
            ks[i, j], critical[j] = ks_statistic(x, y), ks_critical_value(int(n), int(n))
            drift[i, j] = psi(x, y, bins=10)
            rejected += ks[i, j] > critical[j]
        reject.append(rejected / len(FIGURE_SEEDS))
    return {"sizes": sizes, "ks": ks, "psi": drift, "critical": critical, "reject": np.asarray(reject)}


def drift_sample_size_figure():
    """Static figure for section *Drift detection*: KS and PSI as the samples grow.

    Left: the KS statistic D for a 0.05σ shift (mean and range over ten seeds) and the
    test's 5 % critical value, which falls like 1/√n. Right: PSI for the same samples,
    with the 0.1 line of the rule of thumb.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> drift_sample_size_figure().alt[:45]
    'Left: for a shift of 0.05 standard deviations'
    """
    import matplotlib
    from matplotlib.figure import Figure

    result = drift_sample_size()
    sizes = result["sizes"]
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.17, wspace=0.3)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set(xscale="log", xlabel="samples in each of the two groups")
        for ax, key, colour, label in ((left, "ks", style.ALIGNMENT, "KS statistic D"),
                                       (right, "psi", style.CAPABILITY, "PSI (10 bins)")):
            values = result[key]
            ax.fill_between(sizes, values.min(axis=0), values.max(axis=0), color=colour, alpha=0.2, linewidth=0)
            ax.plot(sizes, values.mean(axis=0), "-o", color=colour, markersize=4, linewidth=2, label=label)
        left.plot(sizes, result["critical"], color=style.NEUTRAL, linestyle="--", linewidth=1.5,
                  label="5% critical value")
        left.set(yscale="log", ylabel="distance between the ECDFs")
        left.set_title("KS: the threshold keeps falling")
        left.legend(frameon=False, loc="lower left")
        right.axhline(0.1, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
        right.text(sizes[-1], 0.105, "0.1: 'moderate' begins", va="bottom", ha="right")
        right.set(yscale="log", ylabel="PSI")
        right.set_title("PSI: noise at small n, ~0 at large n")
        right.legend(frameon=False, loc="lower left")
    first = int(np.argmax(result["reject"] == 1.0))
    alt = (f"Left: for a shift of 0.05 standard deviations, the KS statistic falls slowly as the samples grow, "
           f"while the 5% critical value falls like one over the square root of n; the test rejects for every "
           f"seed from n = {sizes[first]:,} on. Right: PSI for the same samples starts at "
           f"{result['psi'][:, 0].mean():.2f} on average at n = {sizes[0]} (sampling noise alone) and falls to "
           f"{result['psi'][:, -1].mean():.4f} at n = {sizes[-1]:,}, far below the 0.1 line. Bands show the range "
           f"over {len(FIGURE_SEEDS)} seeds.")
    return StaticFigure(fig, alt)


def arl_accuracy_figure():
    """Static figure for section *How long until an alarm*: how far off Siegmund is.

    The relative error of Siegmund's approximation against the Brook–Evans chain
    (200 states, Richardson-extrapolated; its own error is below 1e-6 of the value here),
    for ``k = 0.5`` and thresholds ``h`` from 2 to 8, in control and at shifts of 0.5
    and 1σ.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> arl_accuracy_figure().alt[:36]
    "Siegmund's approximation against the"
    """
    import matplotlib
    from matplotlib.figure import Figure

    thresholds = np.linspace(2.0, 8.0, 25)
    shifts = (0.0, 0.5, 1.0)
    colours = (style.ALIGNMENT, style.SAFE, style.CAPABILITY)
    errors = {}
    for shift in shifts:
        reference = cusum_arl_markov(0.5, thresholds, shift, n_states=200)
        errors[shift] = 100 * (cusum_arl(0.5, thresholds, shift) / reference.extrapolated - 1)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(6.4, 3.4), dpi=100)
        fig.subplots_adjust(left=0.13, right=0.97, top=0.88, bottom=0.16)
        ax = fig.subplots()
        style.style_axes(ax)
        for shift, colour in zip(shifts, colours):
            label = "in control (ARL₀)" if shift == 0 else f"shift {shift:g}σ (ARL₁)"
            ax.plot(thresholds, errors[shift], color=colour, linewidth=2, label=label)
        ax.axhline(0, color=style.NEUTRAL, linewidth=1)
        ax.set(xlabel="threshold h (k = 0.5)", ylabel="Siegmund − exact (% of exact)", xlim=(2, 8))
        ax.set_title("Siegmund's approximation against the Brook–Evans chain")
        ax.legend(frameon=False)
    at4, at5 = (float(np.interp(h, thresholds, errors[0.0])) for h in (4.0, 5.0))
    worst = max(float(np.abs(e).max()) for e in errors.values())
    alt = (f"Siegmund's approximation against the Brook–Evans Markov chain for a CUSUM with k = 0.5: in control it "
           f"is {at4:+.1f}% off at h = 4 and {at5:+.1f}% at h = 5, and within {worst:.1f}% everywhere from h = 2 "
           f"to 8, in control and at shifts of 0.5 and 1 standard deviation.")
    return StaticFigure(fig, alt)


#: Hours in a week: the false-alarm budget of :func:`streams_threshold` is one a week in total.
WEEK = 168


def streams_threshold(n_streams):
    """Threshold and delay of hourly CUSUMs (k = 0.5) sharing one false alarm a week.

    Parameters
    ----------
    n_streams : array_like
        Numbers of streams, each from 1 to 1,000,000 (at most 1,000 values).

    Returns
    -------
    threshold, delay : numpy.ndarray
        ``h`` whose Siegmund in-control ARL is ``168 × n_streams`` hours, and the
        Siegmund delay (hours) for a one-standard-deviation shift at that ``h``.

    Examples
    --------
    >>> threshold, delay = streams_threshold([1, 1000])
    >>> threshold.round(2), delay.round(1)
    (array([ 3.33, 10.17]), array([ 7. , 20.7]))
    """
    from .._validation import as_float_array

    counts = as_float_array(n_streams, "n_streams", positive=True)
    if counts.size > 1000:
        raise ValueError(f"n_streams must hold at most 1,000 values; got {counts.size}")
    if (counts < 1).any() or (counts > 1e6).any() or (counts != np.round(counts)).any():
        raise ValueError("n_streams must hold whole numbers from 1 to 1,000,000")
    thresholds = np.array([
        optimize.brentq(lambda h: float(cusum_arl(0.5, h, 0.0)) - WEEK * n, 0.01, 60.0, xtol=1e-10)
        for n in counts.ravel()
    ]).reshape(counts.shape)
    return thresholds, cusum_arl(0.5, thresholds, 1.0)


def streams_figure():
    """Static figure for section *How long until an alarm*: many streams, one alarm budget.

    With one false alarm a week allowed in total, each of ``N`` hourly CUSUM streams
    needs a higher threshold and detects a one-standard-deviation shift later; a fixed
    ``h = 4`` instead pages the team more often in proportion to ``N``.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> streams_figure().alt[:30]
    'With one false alarm a week in'
    """
    import matplotlib
    from matplotlib.figure import Figure

    counts = np.unique(np.round(np.logspace(0, 3, 31)))
    thresholds, delays = streams_threshold(counts)
    fixed = 24 * counts / float(cusum_arl(0.5, 4.0, 0.0))
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.17, wspace=0.3)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set(xscale="log", xlabel="streams watched", xlim=(1, 1000))
        left.plot(counts, delays, color=style.CAPABILITY, linewidth=2, label="one false alarm a week in total")
        left.axhline(float(cusum_arl(0.5, 4.0, 1.0)), color=style.NEUTRAL, linestyle="--", linewidth=1.2,
                     label="fixed h = 4")
        left.set(ylabel="hours to detect a 1σ shift", ylim=(0, 25))
        left.set_title("Delay at a fixed alarm budget")
        left.legend(frameon=False, loc="lower right")
        right.plot(counts, fixed, color=style.ALIGNMENT, linewidth=2, label="fixed h = 4")
        right.axhline(1 / 7, color=style.NEUTRAL, linestyle="--", linewidth=1.2, label="budget: one a week")
        right.set(yscale="log", ylabel="false alarms a day")
        right.set_title("False alarms at a fixed threshold")
        right.legend(frameon=False, loc="upper left")
    alt = (f"With one false alarm a week in total, the delay to detect a one-standard-deviation shift rises from "
           f"{delays[0]:.1f} hours with one stream to {delays[-1]:.1f} hours with a thousand, growing with the "
           f"logarithm of the number of streams (left). A fixed threshold h = 4 instead gives "
           f"{fixed[-1]:.0f} false alarms a day at a thousand streams (right).")
    return StaticFigure(fig, alt)


#: The audit programme of section *An audit that runs for a year*.
AUDIT_YEAR = {"initial_rate": 1e-5, "monthly_growth": 1.5, "months": 12, "reviews": 1_000, "n_runs": 1_000}


@functools.lru_cache(maxsize=1)
def audit_year():
    """Exact and simulated share of year-long audit programmes that have found the failure.

    The failure rate starts at ``AUDIT_YEAR["initial_rate"]`` and grows
    ``monthly_growth``× a month; ``reviews`` random interactions are read each month.
    The simulation runs ``n_runs`` programmes for each seed in ``FIGURE_SEEDS``.

    Returns
    -------
    dict
        ``month`` (1-based), ``rate``, ``exact`` (per month), ``simulated`` (seeds × months).

    Examples
    --------
    >>> result = audit_year()
    >>> bool(abs(result["simulated"].mean(axis=0) - result["exact"]).max() < 0.02)
    True
    """
    months = np.arange(AUDIT_YEAR["months"])
    rate = AUDIT_YEAR["initial_rate"] * AUDIT_YEAR["monthly_growth"] ** months
    runs = [simulate_audit_programme(rate, AUDIT_YEAR["reviews"], n_runs=AUDIT_YEAR["n_runs"], seed=seed)
            for seed in FIGURE_SEEDS]
    return {"month": months + 1, "rate": rate, "exact": runs[0].cumulative_detection,
            "simulated": np.array([run.simulated_cumulative_detection for run in runs])}


def audit_year_figure():
    """Static figure for section *An audit that runs for a year*.

    The exact probability that the programme has found the growing failure by the end of
    each month (line), the simulated share (dots: mean over seeds; bars: their range),
    and the failure rate on a second axis.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> audit_year_figure().alt[:36]
    'A failure mode that starts at 1 in 1'
    """
    import matplotlib
    from matplotlib.figure import Figure

    result = audit_year()
    months, exact, simulated = result["month"], result["exact"], result["simulated"]
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(6.4, 3.4), dpi=100)
        fig.subplots_adjust(left=0.12, right=0.87, top=0.88, bottom=0.16)
        ax = fig.subplots()
        style.style_axes(ax)
        ax.plot(months, exact, color=style.ALIGNMENT, linewidth=2, label="exact")
        mean = simulated.mean(axis=0)
        ax.errorbar(months, mean, yerr=(mean - simulated.min(axis=0), simulated.max(axis=0) - mean), fmt="o",
                    color=style.CAPABILITY, markersize=4, capsize=2, label=f"simulated ({len(FIGURE_SEEDS)} seeds)")
        ax.set(xlabel="month", ylabel="P(failure found by month's end)", ylim=(0, 1), xlim=(0.5, months[-1] + 0.5))
        ax.set_title("A year of auditing a growing failure")
        ax.legend(frameon=False, loc="upper left")
        rate_ax = ax.twinx()
        rate_ax.plot(months, result["rate"], color=style.GREY, linestyle="--", linewidth=1.5)
        rate_ax.set(yscale="log", ylabel="failure rate (dashed)")
        rate_ax.spines["top"].set_visible(False)
    half = int(np.argmax(exact >= 0.5)) + 1
    alt = (f"A failure mode that starts at 1 in {1 / result['rate'][0]:,.0f} interactions and grows "
           f"{AUDIT_YEAR['monthly_growth']:g} times a month, audited with {AUDIT_YEAR['reviews']:,} random reviews "
           f"a month: the probability of having found it first passes one half in month {half}, when the rate has "
           f"grown to 1 in {1 / result['rate'][half - 1]:,.0f}, and reaches {exact[-1]:.2f} after a year. The "
           f"simulated shares agree with the exact curve.")
    return StaticFigure(fig, alt)


# ------------------------------------------------------------------- ADWIN and river
_ADWIN_STREAMS = ("bernoulli", "gaussian")


def adwin_comparison_streams(stream, onset, seed):
    """The 20 streams of one seed in the chapter's comparison of ADWIN with river.

    Parameters
    ----------
    stream : {"bernoulli", "gaussian"}
        Bernoulli 0.2 → 0.5 (length ``onset + 1500``) or N(0, 1) → N(1, 1) (length
        ``onset + 500``).
    onset : int
        Step of the change, 1 to 100,000.
    seed : int
        Seed of the 20 streams, 0 to 4,294,967,295 (2**32 − 1).

    Returns
    -------
    numpy.ndarray
        Shape ``(20, length)``.

    Examples
    --------
    >>> adwin_comparison_streams("gaussian", 300, 0).shape
    (20, 800)
    """
    stream = as_choice(stream, "stream", _ADWIN_STREAMS)
    onset = as_int(onset, "onset", minimum=1, maximum=100_000)
    seed = as_int(seed, "seed", minimum=0, maximum=2**32 - 1)
    if stream == "bernoulli":
        return bernoulli_streams(onset + 1500, onset, 0.2, 0.5, n_streams=20, seed=seed)
    return shifted_streams(onset + 500, onset, 1.0, n_streams=20, seed=seed)


def adwin_delay(stream, onset, seed):
    """Mean delay of acslib's :class:`~acslib.monitoring.detectors.ADWIN` (δ = 0.002) on one seed's streams.

    The delay is the first alarm's step minus ``onset``, averaged over the 20 streams of
    :func:`adwin_comparison_streams`; a false alarm or a miss raises an error, because
    the comparison with :data:`RIVER_ADWIN_DELAYS` assumes neither happens.

    Parameters
    ----------
    stream : {"bernoulli", "gaussian"}
        The kind of change (see :func:`adwin_comparison_streams`).
    onset : int
        Step of the change, 1 to 100,000.
    seed : int
        Seed of the 20 streams, 0 to 4,294,967,295 (2**32 − 1).

    Returns
    -------
    float
        The mean delay in steps.

    Examples
    --------
    >>> round(adwin_delay("gaussian", 1000, 0), 1)
    48.5
    """
    streams = adwin_comparison_streams(stream, onset, seed)
    first = ADWIN(delta=0.002).first_alarm(streams)
    onset = int(onset)
    if (first < onset).any():
        raise ValueError(f"stream, onset, seed: a false alarm or a miss in {int((first < onset).sum())} streams")
    return float((first - onset).mean())


#: Mean detection delays (steps after the onset) of ADWIN with δ = 0.002, measured with
#: river 0.26.1 (``river.drift.ADWIN``, default ``clock=32`` and ``clock=1``) on exactly the
#: streams of :func:`adwin_comparison_streams` that the chapter gives acslib's ADWIN: for each
#: of seeds 0–9, 20 streams from
#: :func:`~acslib.monitoring.detectors.bernoulli_streams` (0.2 → 0.5, length onset + 1,500) or :func:`~acslib.monitoring.detectors.shifted_streams`
#: (N(0, 1) → N(1, 1), length onset + 500). Keys are ``(stream, onset, clock)``; each value
#: is the mean delay per seed (10 values). ``tests/test_monitoring.py`` re-measures them
#: when river is installed. No stream raised a false alarm or missed the change.
RIVER_ADWIN_DELAYS = {
    ("bernoulli", 1000, 32): (88.6, 95.0, 91.8, 98.2, 91.8, 91.8, 93.4, 88.6, 104.6, 99.8),
    ("bernoulli", 1000, 1): (72.65, 76.25, 75.1, 79.8, 75.3, 77.2, 78.4, 74.4, 82.6, 81.6),
    ("bernoulli", 300, 32): (132.6, 116.6, 123.0, 137.4, 113.4, 118.2, 143.8, 121.4, 132.6, 129.4),
    ("bernoulli", 300, 1): (107.2, 99.05, 98.95, 110.75, 94.0, 98.55, 113.05, 95.2, 110.1, 110.55),
    ("gaussian", 1000, 32): (47.0, 47.0, 51.8, 50.2, 50.2, 50.2, 53.4, 53.4, 55.0, 53.4),
    ("gaussian", 1000, 1): (30.65, 30.8, 32.95, 34.0, 30.4, 28.45, 32.65, 34.8, 32.0, 32.55),
    ("gaussian", 300, 32): (57.4, 52.6, 55.8, 55.8, 55.8, 55.8, 57.4, 55.8, 54.2, 55.8),
    ("gaussian", 300, 1): (40.45, 36.6, 38.25, 41.35, 38.3, 40.15, 39.1, 37.1, 37.9, 35.8),
}


EXPLORABLES = (detectors_explorable, audit_explorable, escalation_explorable)
