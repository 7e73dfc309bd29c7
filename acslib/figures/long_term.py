"""Explorables and figures for Chapter 14, *The long-term perspective*.

Used in ``chapters/14_long_term.ipynb``: the measured shifts (section *Distribution shift,
measured*), the small classifier under a shift of controllable severity and its
effective robustness (section *A classifier that meets a shift*), clean trials across
model generations (section *Failure modes that arrive with capability*) and the review
hours behind a fixed audit (section *Scaling oversight complexity*). Every model family
is trained once, seeded, and cached at module level; ``draw`` only looks results up.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from .. import data as _data
from .._validation import as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..hidden_failures import audit_across_generations, emergent_failure_rates, review_hours
from ..shift import (
    ShiftTask,
    classifier_accuracy,
    effective_robustness,
    fit_probit_line,
    imagenet_c_resnet50,
    imagenet_v2_results,
    probit,
    train_classifier,
)
from ..trends import fit_exponential_trend
from . import style

__all__ = [
    "SHIFT_TASK",
    "TRAINING_SIZES",
    "shift_families",
    "shift_summary",
    "describe_shift",
    "shift_explorable",
    "measured_shift_figure",
    "generations_scenario",
    "describe_generations",
    "generations_explorable",
    "review_hours_table",
    "review_hours_figure",
    "EXPLORABLES",
]

#: Seed of every simulation in this module, so the book's figures never change.
SEED = 14
#: The task behind the explorable, with 100 core and 100 fragile features (the defaults).
SHIFT_TASK = ShiftTask()
#: Training-set sizes of the model families, twelve sizes from 40 to 4,000 with two models each.
TRAINING_SIZES = np.repeat(np.unique(np.round(np.geomspace(40, 4000, 12)).astype(int)), 2)
_SEVERITIES = tuple(range(6))
_AUGMENTS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)
_PROBIT_TICKS = (0.5, 0.6, 0.7, 0.8, 0.9)
_STANDARD_COLOUR = style.EXTRA[0]
_AUGMENTED_COLOUR = style.ACCENT


def _on_grid(value, name, grid):
    """The slider value ``value`` as it appears in ``grid``, or an error naming ``name``."""
    number = as_scalar(value, name)
    matches = np.flatnonzero(np.isclose(grid, number))
    if not matches.size:
        raise ValueError(f"{name} must be one of the slider values {tuple(grid)}; got {number:g}")
    return grid[int(matches[0])]


def _family_accuracies(augment, seed):
    rng = np.random.default_rng(seed)
    models = [train_classifier(SHIFT_TASK, int(n), augment=augment, seed=rng) for n in TRAINING_SIZES]
    return np.array([[classifier_accuracy(m, SHIFT_TASK, s) for m in models] for s in _SEVERITIES])


@functools.lru_cache(maxsize=None)
def shift_families():
    """Exact accuracy of every model of every family at every severity (computed once).

    The standard family (no augmentation) is trained with seed ``SEED``; each augmented
    family with seed ``SEED + 1``, so the augmented families share their training samples
    and differ only in the augmentation noise.

    Returns
    -------
    dict
        ``"standard"`` and each augmentation level in ``_AUGMENTS`` map to an array of
        shape ``(len(_SEVERITIES), len(TRAINING_SIZES))``; row 0 is in-distribution.

    Examples
    --------
    >>> families = shift_families()
    >>> families["standard"].shape
    (6, 24)
    >>> bool(np.all(families["standard"][5] < families["standard"][0]))
    True
    """
    families = {"standard": _family_accuracies(0.0, SEED)}
    for augment in _AUGMENTS:
        families[augment] = _family_accuracies(augment, SEED + 1)
    return families


def shift_summary(severity, augment):
    """The numbers behind one frame of :func:`shift_explorable`.

    Returns
    -------
    types.SimpleNamespace
        ``standard_id``, ``standard_ood``, ``augmented_id``, ``augmented_ood`` (arrays),
        ``line`` (the :class:`~acslib.shift.ProbitLine` of the standard family, or
        ``None`` at severity 0, where every model lies on ``y = x``) and
        ``effective_robustness`` of the augmented models (zeros at severity 0).

    Examples
    --------
    >>> summary = shift_summary(3, 1.5)
    >>> bool(summary.effective_robustness.mean() > 0)
    True
    """
    return _shift_summary(_on_grid(severity, "severity", _SEVERITIES), _on_grid(augment, "augment", _AUGMENTS))


@functools.lru_cache(maxsize=None)
def _shift_summary(severity, augment):
    families = shift_families()
    standard, augmented = families["standard"], families[float(augment)]
    row = int(round(severity))
    result = SimpleNamespace(standard_id=standard[0], standard_ood=standard[row],
                             augmented_id=augmented[0], augmented_ood=augmented[row])
    if row == 0:
        result.line = None
        result.effective_robustness = np.zeros_like(augmented[0])
    else:
        result.line = fit_probit_line(standard[0], standard[row])
        result.effective_robustness = effective_robustness(augmented[0], augmented[row], standard[0], standard[row])
    return result


def describe_shift(severity, augment):
    """Alt text for a frame of :func:`shift_explorable`."""
    summary = shift_summary(severity, augment)
    severity, augment = _on_grid(severity, "severity", _SEVERITIES), _on_grid(augment, "augment", _AUGMENTS)
    noise = SHIFT_TASK.fragile_noise(severity)
    best = int(np.argmax(summary.standard_id))
    text = (f"Severity {severity:g} (fragile-feature noise {noise:g}× its training level): the best standard "
            f"model falls from {summary.standard_id[best]:.1%} to {summary.standard_ood[best]:.1%}. ")
    if summary.line is None:
        return text + "With no shift every model lies on the diagonal and effective robustness is zero."
    er = summary.effective_robustness
    return text + (
        f"The {TRAINING_SIZES.size} standard models lie near a probit line of slope {summary.line.slope:.2f} "
        f"(R² {summary.line.r_squared:.3f}); the models trained with augmentation noise {augment:g} sit "
        f"{100 * er.mean():+.1f} points from it on average (range {100 * er.min():+.1f} to {100 * er.max():+.1f})."
    )


def _probit_axis(ax, which):
    ticks = probit(np.array(_PROBIT_TICKS))
    labels = [f"{t:.0%}" for t in _PROBIT_TICKS]
    getattr(ax, f"set_{which}ticks")(ticks)
    getattr(ax, f"set_{which}ticklabels")(labels)


def _build_shift(fig):
    shift_families()
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.16, wspace=0.3)
    severity_ax, scatter_ax = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=(1.0, 1.25)))
    for ax in (severity_ax, scatter_ax):
        style.style_axes(ax)
    severity_ax.set(xlim=(-0.2, 5.2), ylim=(0.5, 0.9), xlabel="severity of the shift", ylabel="accuracy")
    severity_ax.set_title("Best-trained model of each family", fontsize=10)
    low, high = probit(0.5), probit(0.9)
    scatter_ax.set(xlim=(low, high), ylim=(low, high), xlabel="in-distribution accuracy (probit scale)",
                   ylabel="shifted accuracy (probit scale)")
    _probit_axis(scatter_ax, "x")
    _probit_axis(scatter_ax, "y")
    scatter_ax.set_title("Every model, in probit space", fontsize=10)
    scatter_ax.plot([low, high], [low, high], color=style.GREY, linestyle="--", linewidth=1, label="no drop (y = x)")
    art = SimpleNamespace()
    standard_best = shift_families()["standard"][:, -1]
    severity_ax.plot(_SEVERITIES, standard_best, "-o", color=_STANDARD_COLOUR, markersize=4, linewidth=1.6,
                     label="standard")
    (art.augmented_curve,) = severity_ax.plot([], [], "-^", color=_AUGMENTED_COLOUR, markersize=4, linewidth=1.6,
                                              label="augmented", animated=True)
    art.severity_marker = severity_ax.axvline(0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
    severity_ax.legend(fontsize=9, frameon=False, loc="lower left")
    (art.standard,) = scatter_ax.plot([], [], "o", color=_STANDARD_COLOUR, markersize=4.5, label="standard",
                                      animated=True)
    (art.augmented,) = scatter_ax.plot([], [], "^", color=_AUGMENTED_COLOUR, markersize=5, label="augmented",
                                       animated=True)
    (art.line,) = scatter_ax.plot([], [], color=style.NEUTRAL, linewidth=1.4, label="probit fit to standard",
                                  animated=True)
    (art.residuals,) = scatter_ax.plot([], [], color=_AUGMENTED_COLOUR, linewidth=0.8, animated=True)
    scatter_ax.legend(fontsize=9, frameon=False, loc="upper left")
    art.grid = np.linspace(low, high, 50)
    return art


def _draw_shift(art, severity, augment):
    summary = shift_summary(severity, augment)
    art.augmented_curve.set_data(_SEVERITIES, shift_families()[float(augment)][:, -1])
    art.severity_marker.set_xdata([severity, severity])
    art.standard.set_data(probit(summary.standard_id), probit(summary.standard_ood))
    art.augmented.set_data(probit(summary.augmented_id), probit(summary.augmented_ood))
    if summary.line is None:
        art.line.set_data(art.grid, art.grid)
        art.residuals.set_data([], [])
        return
    art.line.set_data(art.grid, summary.line.slope * art.grid + summary.line.intercept)
    x = probit(summary.augmented_id)
    predicted = summary.line.slope * x + summary.line.intercept
    art.residuals.set_data(np.column_stack([x, x, np.full_like(x, np.nan)]).ravel(),
                           np.column_stack([predicted, probit(summary.augmented_ood), np.full_like(x, np.nan)]).ravel())


_SHIFT_PARAMS = (
    Param("severity", 0, 5, 1, 2, label="severity of the shift"),
    Param("augment", 0.0, 2.5, 0.5, 1.5, label="augmentation noise in training", fmt=".1f"),
)


def shift_explorable():
    """A small classifier family under a shift of growing severity, in probit space.

    Sliders: the severity of the shift and the augmentation noise of the second family
    (both static on the website).

    Examples
    --------
    >>> ex = shift_explorable()
    >>> len(ex.static_grid())
    36
    """
    return Explorable(
        "Accuracy on the line, and above it",
        _SHIFT_PARAMS,
        _build_shift,
        _draw_shift,
        describe=describe_shift,
        static_params=("severity", "augment"),
        figsize=(8.0, 3.6),
    )


# ------------------------------------------------------------------------ measured shifts
def measured_shift_figure():
    """ResNet-50 on ImageNet-C by severity, and 35 models on ImageNet against ImageNetV2.

    Returns
    -------
    acslib.explorable.StaticFigure

    Examples
    --------
    >>> "ImageNetV2" in measured_shift_figure().alt
    True
    """
    import matplotlib

    from matplotlib.figure import Figure

    corrupted = imagenet_c_resnet50()
    table = imagenet_v2_results()
    standard = table["model_type"] == "standard"
    line = fit_probit_line(table["imagenet"][standard], table["imagenet_v2"][standard])
    er = effective_robustness(table["imagenet"], table["imagenet_v2"], table["imagenet"][standard],
                              table["imagenet_v2"][standard])
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.6), dpi=100)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.16, wspace=0.32)
        left, right = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=(1.0, 1.3)))
        for ax in (left, right):
            style.style_axes(ax)
        left.plot(corrupted["severity"], corrupted["accuracy"], "-o", color=_STANDARD_COLOUR, markersize=4)
        left.set(xlim=(-0.2, 5.2), ylim=(0, 0.8), xlabel="ImageNet-C severity (0 = clean)",
                 ylabel="top-1 accuracy")
        left.set_title("ResNet-50, mean of 15 corruptions", fontsize=10)
        low, high = probit(0.40), probit(0.90)
        grid = np.linspace(low, high, 50)
        right.plot(grid, grid, color=style.GREY, linestyle="--", linewidth=1, label="no drop (y = x)")
        right.plot(grid, line.slope * grid + line.intercept, color=style.NEUTRAL, linewidth=1.4,
                   label="probit fit to standard models")
        markers = {"standard": ("o", _STANDARD_COLOUR), "robustness intervention": ("s", style.EXTRA[1]),
                   "more data": ("^", _AUGMENTED_COLOUR)}
        for kind, (marker, colour) in markers.items():
            chosen = table["model_type"] == kind
            right.plot(probit(table["imagenet"][chosen]), probit(table["imagenet_v2"][chosen]), marker,
                       color=colour, markersize=4.5, linestyle="none", label=kind)
        clip = int(np.flatnonzero(table["model"] == "resnet50_clip_zeroshot")[0])
        right.annotate("CLIP zero-shot", (probit(table["imagenet"][clip]), probit(table["imagenet_v2"][clip])),
                       xytext=(8, 4), textcoords="offset points", fontsize=9, color=style.NEUTRAL)
        right.set(xlim=(low, high), ylim=(low, high), xlabel="ImageNet top-1 (probit scale)",
                  ylabel="ImageNetV2 top-1 (probit scale)")
        ticks = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
        right.set_xticks(probit(np.array(ticks)), [f"{t:.0%}" for t in ticks])
        right.set_yticks(probit(np.array(ticks)), [f"{t:.0%}" for t in ticks])
        right.set_title("ImageNet against ImageNetV2", fontsize=10)
        right.legend(fontsize=9, frameon=False, loc="upper left")
    alt = (
        f"Left: ResNet-50's accuracy falls from {corrupted['accuracy'][0]:.1%} on clean ImageNet to "
        f"{corrupted['accuracy'][-1]:.1%} at ImageNet-C severity 5. Right: plotted as ImageNet against ImageNetV2 "
        f"accuracy, {int(standard.sum())} standard models lie on a straight line in probit space (slope {line.slope:.2f}, R² {line.r_squared:.3f}), below the "
        f"diagonal; models trained with more data sit slightly above it, and CLIP zero-shot "
        f"{100 * er[clip]:.1f} points above it."
    )
    return StaticFigure(fig, alt)


# ----------------------------------------------------------------- generations of models
#: Model generations in the scenario of :func:`generations_explorable`.
N_GENERATIONS = 10
#: Failure rate when the failure mode first appears, and its growth per generation.
ONSET_RATE = 1e-4
GROWTH_PER_GENERATION = 3.0
#: Trials per generation on the slider: powers of ten and their geometric midpoints, rounded.
_TRIALS = (100, 316, 1_000, 3_162, 10_000, 31_623)
_ONSETS = (2, 3, 4, 5, 6, 7)


def generations_scenario(trials, onset):
    """The audit of every generation when a failure mode appears at ``onset``.

    The failure mode is absent before ``onset``, appears at rate ``ONSET_RATE`` and then
    triples each generation (:func:`~acslib.hidden_failures.emergent_failure_rates`); each
    generation gets ``trials`` trials, one of the slider values 100, 316, 1,000, 3,162,
    10,000 or 31,623.

    Returns
    -------
    acslib.hidden_failures.GenerationalAudit

    Examples
    --------
    >>> audit = generations_scenario(1_000, 4)
    >>> int(np.argmax(audit.pooled_bound_wrong))  # two generations after the onset
    6
    """
    return _generations_scenario(int(_on_grid(trials, "trials", _TRIALS)), int(_on_grid(onset, "onset", _ONSETS)))


@functools.lru_cache(maxsize=None)
def _generations_scenario(trials, onset):
    rates = emergent_failure_rates(N_GENERATIONS, onset, ONSET_RATE, GROWTH_PER_GENERATION)
    return audit_across_generations(rates, trials)


def describe_generations(trials, onset):
    """Alt text for a frame of :func:`generations_explorable`."""
    audit = generations_scenario(trials, onset)
    trials, onset = int(_on_grid(trials, "trials", _TRIALS)), int(_on_grid(onset, "onset", _ONSETS))
    wrong = np.flatnonzero(audit.pooled_bound_wrong)
    text = (f"{trials:,} trials per generation; a failure mode appears at generation {onset} "
            f"with rate 1 in {1 / ONSET_RATE:,.0f} and triples each generation. ")
    if wrong.size:
        text += (f"The pooled bound is below the true rate from generation {wrong[0]} on. ")
    return text + (f"Probability the failure has been seen by generation {onset}: {audit.found_by[onset]:.0%}; "
                   f"by generation {N_GENERATIONS - 1}: {audit.found_by[-1]:.0%}.")


def _build_generations(fig):
    fig.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.16, wspace=0.32)
    rate_ax, found_ax = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=(1.4, 1.0)))
    for ax in (rate_ax, found_ax):
        style.style_axes(ax)
    generations = np.arange(N_GENERATIONS)
    rate_ax.set(xlim=(-0.3, N_GENERATIONS - 0.7), ylim=(1e-6, 1.5), yscale="log", xlabel="model generation",
                ylabel="failure rate per trial")
    rate_ax.set_title("True rate and 95% bounds from clean trials", fontsize=10)
    found_ax.set(xlim=(-0.6, N_GENERATIONS - 0.4), ylim=(0, 1.02), xlabel="model generation",
                 ylabel="P(failure seen so far)")
    found_ax.set_title("Has any trial caught it?", fontsize=10)
    art = SimpleNamespace(generations=generations)
    (art.rate,) = rate_ax.plot([], [], "-o", color=style.CAPABILITY, markersize=4, linewidth=1.8,
                               label="true rate", animated=True)
    (art.current,) = rate_ax.plot([], [], "-", color=style.ALIGNMENT, linewidth=1.6,
                                  label="bound, this generation's trials", animated=True)
    (art.pooled,) = rate_ax.plot([], [], "--", color=style.GREY, linewidth=1.6,
                                 label="bound, all trials pooled", animated=True)
    rate_ax.legend(fontsize=9, frameon=False, loc="lower left")
    art.bars = found_ax.bar(generations, np.zeros(N_GENERATIONS), color=style.ALIGNMENT, animated=True)
    return art


def _draw_generations(art, trials, onset):
    audit = generations_scenario(trials, onset)
    rate = np.where(audit.failure_rate > 0, audit.failure_rate, np.nan)
    art.rate.set_data(art.generations, rate)
    art.current.set_data(art.generations, audit.current_bound)
    art.pooled.set_data(art.generations, audit.pooled_bound)
    for bar, height in zip(art.bars, audit.found_by):
        bar.set_height(height)


_GENERATION_PARAMS = (
    Choice("trials", _TRIALS, 3_162, label="trials per generation", option_labels=tuple(f"{n:,}" for n in _TRIALS)),
    Param("onset", 2, 7, 1, 4, label="generation where the failure mode appears"),
)


def generations_explorable():
    """Clean trials across model generations, when a failure mode arrives with capability.

    Sliders: trials per generation (100 to 31,623, evenly spaced on a log scale) and the
    generation of onset (both static on the website).

    Examples
    --------
    >>> ex = generations_explorable()
    >>> len(ex.static_grid())
    36
    """
    return Explorable(
        "Clean trials across model generations",
        _GENERATION_PARAMS,
        _build_generations,
        _draw_generations,
        describe=describe_generations,
        static_params=("trials", "onset"),
        figsize=(8.0, 3.5),
    )


# ------------------------------------------------------------------- oversight complexity
def review_hours_table(failure_rate=1e-3, confidence=0.95):
    """Review hours, per model in METR's TH1.0 results, for one fixed audit standard.

    Returns
    -------
    model : numpy.ndarray
    release_date : numpy.ndarray of datetime64
    task_minutes : numpy.ndarray
        The model's 50% time horizon, used as the length of the tasks audited.
    hours : numpy.ndarray
        :func:`~acslib.hidden_failures.review_hours` at ``failure_rate`` and
        ``confidence``, one review minute per task minute.
    trend : acslib.trends.ExponentialTrend
        The exponential fit of the horizons (Chapter 2's fit).

    Examples
    --------
    >>> model, dates, minutes, hours, trend = review_hours_table()
    >>> bool(np.all(np.diff(hours) >= 0))  # each release needs at least as many hours
    True
    """
    horizons = _data.metr_horizons()
    minutes = horizons["p50_minutes"]
    hours = review_hours(failure_rate, confidence, minutes)
    trend = fit_exponential_trend(horizons["release_date"], minutes)
    return horizons["model"], horizons["release_date"], minutes, hours, trend


def review_hours_figure():
    """Reviewer hours for a 1-in-1,000, 95 % audit at each METR model's time horizon.

    Returns
    -------
    acslib.explorable.StaticFigure

    Examples
    --------
    >>> "hours" in review_hours_figure().alt
    True
    """
    import matplotlib

    from matplotlib.figure import Figure

    model, dates, minutes, hours, trend = review_hours_table()
    years = _data.decimal_year(dates)
    assisted = review_hours(1e-3, 0.95, minutes, review_ratio=0.1)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(7.0, 3.6), dpi=100)
        fig.subplots_adjust(left=0.11, right=0.97, top=0.9, bottom=0.15)
        ax = fig.add_subplot()
        style.style_axes(ax)
        grid = np.linspace(years.min() - 0.2, years.max() + 0.3, 50)
        fitted = review_hours(1e-3, 0.95, trend.predict(grid))
        ax.plot(grid, fitted, color=style.CAPABILITY, linewidth=1.2, alpha=0.9,
                label=f"trend: doubles every {trend.doubling_time_days:.0f} days")
        ax.plot(years, hours, "o", color=style.CAPABILITY, markersize=5, label="unassisted review")
        ax.plot(years, assisted, "s", color=style.ALIGNMENT, markersize=4.5, label="review 10× faster")
        ax.set(yscale="log", xlabel="model release (METR TH1.0)", ylabel="reviewer hours per audit",
               ylim=(0.1, 3e4))
        ax.set_title("One audit standard (1 in 1,000 at 95%), tasks at each model's 50% horizon", fontsize=10)
        ax.legend(fontsize=9, frameon=False, loc="upper left")
    alt = (
        f"Reviewer hours for an audit able to catch a 1-in-1,000 failure with 95% probability, when each "
        f"transcript is as long as the model's 50% time horizon: from {hours[0]:,.0f} hours for {model[0]} to "
        f"{hours[-1]:,.0f} hours for {model[-1]}, doubling every {trend.doubling_time_days:.0f} days along the "
        f"fitted trend. Reviewing ten times faster moves every point down by a factor of ten but leaves the "
        f"slope unchanged."
    )
    return StaticFigure(fig, alt)


EXPLORABLES = (shift_explorable, generations_explorable)
