"""Explorables and figures for Chapter 4, *Technical oversight*.

Used in ``chapters/04_technical_oversight.ipynb``: a reliability diagram with a
temperature slider and the reliability diagrams of a real digit classifier before and
after temperature scaling (section *Calibration tracking*); Best-of-N attack success
against budget, and the Beta mixture that produces a power law (section *Adversarial
testing*); features represented against sparsity in Elhage et al.'s toy model, and the
accuracy of linear probes under superposition (section *Mechanistic interpretability*).

Nothing is trained or simulated while a slider moves: the synthetic logits and the toy
models for every grid point are computed once, cached with ``functools.lru_cache``,
and looked up in ``draw``. Public helpers validate their arguments under their own
names before they reach a cache.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from .._validation import as_choice, as_count, as_scalar
from ..adversarial import (
    attack_budget,
    bon_attack_success,
    expected_bon_success,
    fit_bon_power_law,
    simulate_bon_attacks,
)
from ..calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability_curve,
    synthetic_logits,
    top_label_confidence,
)
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..interpretability import (
    dimensions_per_feature,
    feature_dimensionality,
    feature_norms,
    features_represented,
    interference_matrix,
    PROBES,
    best_linear_accuracy,
    matched_filter_accuracy,
    planted_probe_accuracy,
    train_toy_model,
)
from ..montecarlo import seed_band
from . import style

__all__ = [
    "reliability_explorable",
    "bon_explorable",
    "superposition_explorable",
    "digits_reliability_figure",
    "bon_mixture_figure",
    "probe_figure",
    "calibration_case",
    "ece_against_temperature",
    "toy_models",
    "toy_model_summary",
    "trained_grid",
    "probe_band",
    "probe_bands",
    "SPARSITIES",
    "IMPORTANCE_DECAYS",
    "TOY_TRAINING",
    "TOY_SEEDS",
    "PROBE_SETTINGS",
    "HUGHES_ANCHORS",
    "EXPLORABLES",
]

# ------------------------------------------------------------------ shared
def _bar_vertices(centres, width, bottom, top):
    """Corner points of bars, for one PolyCollection (far cheaper to redraw than many Rectangles)."""
    left, right = centres - width / 2, centres + width / 2
    bottom = np.broadcast_to(bottom, centres.shape)
    top = np.broadcast_to(top, centres.shape)
    return np.stack([np.column_stack(corner) for corner in
                     ((left, bottom), (left, top), (right, top), (right, bottom))], axis=1)


def _bars(ax, centres, width, **style_kwargs):
    from matplotlib.collections import PolyCollection

    bars = PolyCollection(_bar_vertices(centres, width, 0.0, 0.0), animated=True, linewidth=0, **style_kwargs)
    ax.add_collection(bars)
    return bars


# ------------------------------------------------------------------ calibration
_N_BINS = 15
_N_SAMPLES = 6000
_N_CLASSES = 10
_TEMPERATURE_CURVE = np.round(np.arange(0.5, 4.0001, 0.05), 2)
_TEMPERATURE_CURVE.setflags(write=False)


def _overconfidence(overconfidence):
    overconfidence = as_scalar(overconfidence, "overconfidence", positive=True)
    if not 0.1 <= overconfidence <= 10:
        raise ValueError(f"overconfidence must lie between 0.1 and 10; got {overconfidence:g}")
    return overconfidence


def calibration_case(overconfidence):
    """Seeded synthetic logits for one overconfidence, split into held-out and test halves.

    Parameters
    ----------
    overconfidence : float
        The factor that sharpens calibrated logits, from 0.1 to 10 (the explorable's
        slider takes 1.5, 2.5 and 3.5).

    Returns
    -------
    SimpleNamespace
        ``logits``, ``labels`` (test half), ``fitted_temperature`` (fitted on the
        held-out half) and ``accuracy``.

    Examples
    --------
    >>> case = calibration_case(2.5)
    >>> round(case.fitted_temperature, 2)  # the planted overconfidence is 2.5
    2.55
    """
    return _calibration_case(_overconfidence(overconfidence))


@lru_cache(maxsize=None)
def _calibration_case(overconfidence):
    logits, labels = synthetic_logits(_N_SAMPLES, _N_CLASSES, overconfidence=float(overconfidence), seed=4)
    half = _N_SAMPLES // 2
    fitted = fit_temperature(logits[:half], labels[:half])
    _, correct = top_label_confidence(logits[half:], labels[half:])
    return SimpleNamespace(logits=logits[half:], labels=labels[half:], fitted_temperature=fitted,
                           accuracy=float(correct.mean()))


def ece_against_temperature(overconfidence):
    """ECE of the test half of :func:`calibration_case` on a grid of temperatures.

    Parameters
    ----------
    overconfidence : float
        As in :func:`calibration_case`, from 0.1 to 10.

    Returns
    -------
    temperatures, ece : numpy.ndarray
        Temperatures from 0.5 to 4 in steps of 0.05, and the test ECE at each
        (read-only: they are cached).

    Examples
    --------
    >>> temperatures, ece = ece_against_temperature(1.0)
    >>> float(temperatures[np.argmin(ece)]) < 1.3
    True
    """
    return _ece_against_temperature(_overconfidence(overconfidence))


@lru_cache(maxsize=None)
def _ece_against_temperature(overconfidence):
    case = _calibration_case(overconfidence)
    ece = [expected_calibration_error(*top_label_confidence(case.logits, case.labels, t), _N_BINS)
           for t in _TEMPERATURE_CURVE]
    ece = np.array(ece)
    ece.setflags(write=False)
    return _TEMPERATURE_CURVE, ece


@lru_cache(maxsize=512)
def _calibration_at(temperature, overconfidence):
    case = _calibration_case(overconfidence)
    confidence, correct = top_label_confidence(case.logits, case.labels, temperature)
    curve = reliability_curve(confidence, correct, _N_BINS)
    return case, curve, expected_calibration_error(confidence, correct, _N_BINS)


def describe_reliability(temperature, overconfidence):
    """Alt text of :func:`reliability_explorable`."""
    temperature = as_scalar(temperature, "temperature", positive=True)
    case, curve, ece = _calibration_at(temperature, _overconfidence(overconfidence))
    filled = curve.count > 0
    above = np.sum(curve.count[filled] * (curve.mean_confidence[filled] > curve.accuracy[filled])) / curve.count.sum()
    mood = "overconfident" if above > 0.5 else "underconfident" if above < 0.5 else "balanced"
    return (
        f"A synthetic 10-class model sharpened {overconfidence:g}× beyond calibration, shown at temperature "
        f"{temperature:g}: ECE is {100 * ece:.1f}% and accuracy {100 * case.accuracy:.1f}% at every temperature. "
        f"Most predictions are {mood}; the NLL fit on held-out data picks T = {case.fitted_temperature:.2f}."
    )


_OVERCONFIDENCES = (1.5, 2.5, 3.5)


def _build_reliability(fig):
    for overconfidence in _OVERCONFIDENCES:  # precompute every ECE curve before any slider moves
        _ece_against_temperature(overconfidence)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.78, bottom=0.16, wspace=0.3)
    diagram, curve_ax = fig.subplots(1, 2)
    for ax in (diagram, curve_ax):
        style.style_axes(ax)
    diagram.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence", ylabel="accuracy")
    diagram.set_title("Reliability diagram (15 bins)", fontsize=10)
    diagram.plot([0, 1], [0, 1], color=style.NEUTRAL, linestyle="--", linewidth=1, label="perfect calibration")
    width = 1.0 / _N_BINS
    centres = (np.arange(_N_BINS) + 0.5) * width
    art = SimpleNamespace(centres=centres, width=width * 0.95)
    art.accuracy = _bars(diagram, centres, art.width, facecolor=style.ALIGNMENT, alpha=0.85, label="accuracy in bin")
    art.gap = _bars(diagram, centres, art.width, facecolor=(0.835, 0.369, 0.0, 0.3), edgecolor=style.CAPABILITY,
                    label="gap to mean confidence")
    art.gap.set_linewidth(0.8)
    # Short animated texts: glyph rendering is a large share of a frame's cost.
    art.ece_text = diagram.text(0.03, 0.97, "", transform=diagram.transAxes, va="top", fontsize=9, animated=True)
    fig.legend(handles=[diagram.lines[0], art.accuracy, art.gap], loc="upper center", ncol=3, fontsize=9,
               frameon=False, bbox_to_anchor=(0.5, 1.0))
    curve_ax.set(xlim=(0.5, 4.0), ylim=(0, 0.4), xlabel="temperature T", ylabel="ECE")
    curve_ax.set_title("ECE against temperature (dot: current T)", fontsize=10)
    (art.curve,) = curve_ax.plot([], [], color=style.NEUTRAL, linewidth=2, animated=True)
    (art.marker,) = curve_ax.plot([], [], "o", color=style.CAPABILITY, markersize=8, animated=True)
    art.fitted = curve_ax.axvline(1.0, color=style.ALIGNMENT, linestyle=":", linewidth=1.5, animated=True)
    art.fitted_text = curve_ax.text(0.97, 0.97, "", transform=curve_ax.transAxes, ha="right", va="top",
                                    fontsize=9, color=style.ALIGNMENT, animated=True)
    return art


def _draw_reliability(art, temperature, overconfidence):
    case, curve, ece = _calibration_at(temperature, overconfidence)
    filled = curve.count > 0
    accuracy = np.where(filled, curve.accuracy, 0.0)
    confidence = np.where(filled, curve.mean_confidence, 0.0)
    art.accuracy.set_verts(_bar_vertices(art.centres, art.width, 0.0, accuracy))
    art.gap.set_verts(_bar_vertices(art.centres, art.width, accuracy, confidence))
    art.ece_text.set_text(f"ECE {100 * ece:.1f}%")
    temperatures, ece_curve = _ece_against_temperature(overconfidence)
    art.curve.set_data(temperatures, ece_curve)
    art.marker.set_data([temperature], [ece])
    art.fitted.set_xdata([case.fitted_temperature, case.fitted_temperature])
    art.fitted_text.set_text(f"NLL fit T = {case.fitted_temperature:.2f}")


def reliability_explorable():
    """Reliability diagram of an overconfident synthetic model, with a temperature slider.

    Examples
    --------
    >>> len(reliability_explorable().static_grid())  # 8 temperatures × 3 overconfidences
    24
    """
    return Explorable(
        "Temperature scaling on a reliability diagram",
        [
            Param("temperature", 0.5, 4.0, 0.5, 1.0, label="temperature T", fmt=".1f"),  # T has no unit
            Param("overconfidence", _OVERCONFIDENCES[0], _OVERCONFIDENCES[-1], 1.0, 2.5,
                  label="model's overconfidence", unit="×", fmt=".1f"),
        ],
        _build_reliability,
        _draw_reliability,
        describe=describe_reliability,
        figsize=(7.2, 3.1),
    )


# ------------------------------------------------------------------ Best-of-N
#: Attack success at N = 10,000 augmented samples, as published by Hughes et al. (2024).
HUGHES_ANCHORS = {"GPT-4o": (10_000, 0.89), "Claude 3.5 Sonnet": (10_000, 0.78)}
_BUDGETS = np.logspace(0, 5, 121)


def describe_bon(a, b):
    """Alt text of :func:`bon_explorable`."""
    half, ninety = (float(attack_budget(p, a, b)) for p in (0.5, 0.9))
    at_anchor = float(bon_attack_success(10_000, a, b))
    return (
        f"With a = {a:g} and b = {b:g}, one attempt succeeds {100 * np.exp(-a):.1f}% of the time; "
        f"half the prompts fall by N ≈ {max(half, 1):,.0f} and 90% by N ≈ {max(ninety, 1):,.0f}; "
        f"at N = 10,000 the curve gives {100 * at_anchor:.0f}% (Hughes et al. report 89% for GPT-4o, 78% for Claude 3.5 Sonnet)."
    )


def _build_bon(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    success, linear = fig.subplots(1, 2)
    for ax in (success, linear):
        style.style_axes(ax)
        ax.set_xscale("log")
        ax.set_xlim(1, 1e5)
        ax.set_xlabel("attempts per prompt N")
    success.set(ylim=(0, 1), ylabel="attack success rate")
    success.set_title("ASR = exp(−a·N^(−b))", fontsize=10)
    linear.set_yscale("log")
    linear.set(ylim=(1e-3, 10), ylabel="−log ASR")
    linear.set_title("The same law is a straight line here", fontsize=10)
    markers = ("s", "D")
    for (name, (n, asr)), marker in zip(HUGHES_ANCHORS.items(), markers):
        success.plot([n], [asr], marker, color="black", markersize=6, label=name)
        linear.plot([n], [-np.log(asr)], marker, color="black", markersize=6)
    success.legend(loc="lower right", fontsize=9, frameon=False, title="Hughes et al. (2024)", title_fontsize=9)
    art = SimpleNamespace()
    (art.success,) = success.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    (art.linear,) = linear.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    art.guides = [success.axvline(1.0, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True) for _ in range(2)]
    art.text = success.text(0.03, 0.97, "", transform=success.transAxes, va="top", fontsize=9, animated=True)
    return art


def _draw_bon(art, a, b):
    asr = bon_attack_success(_BUDGETS, a, b)
    art.success.set_data(_BUDGETS, asr)
    art.linear.set_data(_BUDGETS, -np.log(asr))
    lines = []
    for guide, target in zip(art.guides, (0.5, 0.9)):
        budget = max(float(attack_budget(target, a, b)), 1.0)
        guide.set_visible(budget <= 1e5)
        guide.set_xdata([budget, budget])
        lines.append(f"{100 * target:.0f}% at N ≈ {budget:,.0f}" if budget <= 1e5 else f"{100 * target:.0f}% beyond N = 100,000")
    art.text.set_text("\n".join(lines))


def bon_explorable():
    """Best-of-N attack success against budget for the power law's a and b.

    Examples
    --------
    >>> len(bon_explorable().static_grid())  # 3 scales × 9 exponents
    27
    """
    return Explorable(
        "Best-of-N attack success against budget",
        [
            Param("a", 2.0, 5.0, 1.5, 3.5, label="scale a", fmt=".1f"),
            Param("b", 0.1, 0.5, 0.05, 0.35, label="exponent b", fmt=".2f"),
        ],
        _build_bon,
        _draw_bon,
        describe=describe_bon,
        figsize=(7.2, 3.1),
    )


# ------------------------------------------------------------------ superposition
#: Sparsities S of the precomputed toy models (probability that a feature is zero).
SPARSITIES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
#: Importance decays of the precomputed toy models; feature i has importance decay**i.
IMPORTANCE_DECAYS = (0.9, 0.8, 0.7)
#: The one training schedule of every toy model in the chapter (the training cell, the
#: seed bands and the explorable): Adam steps, samples per step and step size.
TOY_TRAINING = dict(steps=1200, batch_size=128, learning_rate=5e-3)
#: Seeds of the chapter's seed bands for the toy model; the explorable draws seed 0.
TOY_SEEDS = (0, 1, 2, 3, 4)
_N_FEATURES, _N_HIDDEN = 20, 5


def _decay(importance_decay):
    importance_decay = as_scalar(importance_decay, "importance_decay", positive=True)
    if importance_decay not in IMPORTANCE_DECAYS:
        raise ValueError(f"importance_decay must be one of {IMPORTANCE_DECAYS}; got {importance_decay:g}")
    return importance_decay


def _toy_seed(seed):
    return as_count(seed, "seed", cap=999, minimum=0)


def toy_models(importance_decay, seed=0):
    """Toy models (n = 20, m = 5) for every sparsity in :data:`SPARSITIES`, trained together.

    One call of :func:`acslib.interpretability.train_toy_model` with
    ``sparsity=SPARSITIES`` and the schedule :data:`TOY_TRAINING`: eight independent
    models, one per sparsity, trained side by side. Cached, so the training cell, the
    seed bands and the explorable share the same models.

    Parameters
    ----------
    importance_decay : float
        One of :data:`IMPORTANCE_DECAYS` (0.9, 0.8 or 0.7); feature i has importance decay**i.
    seed : int
        0 to 999; seeds both the initial weights and the data.

    Returns
    -------
    acslib.interpretability.ToyModel
        Weights of shape ``(8, 5, 20)``, biases ``(8, 20)`` (read-only).

    Examples
    --------
    >>> toy_models(0.7).weights.shape
    (8, 5, 20)
    """
    return _toy_models(_decay(importance_decay), _toy_seed(seed))


@lru_cache(maxsize=None)
def _toy_models(importance_decay, seed):
    model = train_toy_model(_N_FEATURES, _N_HIDDEN, np.array(SPARSITIES), importance_decay, seed=seed, **TOY_TRAINING)
    for array in model:
        array.setflags(write=False)
    return model


def toy_model_summary(importance_decay, seed=0):
    """Features represented and dimensions per feature D* at each sparsity, for one seed.

    Parameters
    ----------
    importance_decay : float
        One of :data:`IMPORTANCE_DECAYS`.
    seed : int
        0 to 999.

    Returns
    -------
    numpy.ndarray
        Shape ``(2, 8)``: row 0 the number of features with ``‖W_i‖ > 0.5``, row 1 D*,
        one column per sparsity in :data:`SPARSITIES`; a shape
        :func:`acslib.montecarlo.seed_band` collects over seeds.

    Examples
    --------
    >>> counts, dims = toy_model_summary(0.7)
    >>> int(counts[0]), round(float(dims[0]), 2)  # dense features: one dimension each
    (5, 1.0)
    """
    weights = toy_models(importance_decay, seed).weights
    return np.stack([features_represented(weights).astype(float), dimensions_per_feature(weights)])


def trained_grid():
    """The explorable's toy models: :func:`toy_models` at seed 0 for every importance decay.

    Returns
    -------
    dict
        ``{importance_decay: ToyModel}`` with weights of shape ``(len(SPARSITIES), 5, 20)``.

    Examples
    --------
    >>> grid = trained_grid()
    >>> grid[0.7].weights.shape
    (8, 5, 20)
    """
    return {decay: _toy_models(decay, 0) for decay in IMPORTANCE_DECAYS}


@lru_cache(maxsize=None)
def _grid_metrics(importance_decay):
    weights = _toy_models(importance_decay, 0).weights
    return SimpleNamespace(
        represented=features_represented(weights),
        dimensions=dimensions_per_feature(weights),
        norms=feature_norms(weights),
        dimensionality=feature_dimensionality(weights),
        gram=interference_matrix(weights),
    )


def _sparsity_choice(sparsity):
    sparsity = as_scalar(sparsity, "sparsity", nonnegative=True)
    if sparsity not in SPARSITIES:
        raise ValueError(f"sparsity must be one of {SPARSITIES}; got {sparsity:g}")
    return SPARSITIES.index(sparsity)


def describe_superposition(sparsity, importance_decay):
    """Alt text of :func:`superposition_explorable`."""
    index = _sparsity_choice(sparsity)
    metrics = _grid_metrics(_decay(importance_decay))
    count = int(metrics.represented[index])
    shared = int(np.sum((metrics.norms[index] > 0.5) & (metrics.dimensionality[index] < 0.9)))
    return (
        f"Toy model with 20 features and 5 hidden dimensions (one training run, seed 0), sparsity {sparsity:g}, "
        f"importance {importance_decay:g}^i: {count} features represented ({shared} of them sharing dimensions), "
        f"{float(metrics.dimensions[index]):.2f} dimensions per feature."
    )


def _build_superposition(fig):
    fig.subplots_adjust(left=0.07, right=0.98, top=0.86, bottom=0.22, wspace=0.38)
    count_ax, norm_ax, gram_ax = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.2, 1.2, 0.9]})
    for ax in (count_ax, norm_ax):
        style.style_axes(ax)
    positions = np.arange(len(SPARSITIES))
    count_ax.set(xlim=(-0.5, len(SPARSITIES) - 0.5), ylim=(0, _N_FEATURES), ylabel="features represented")
    count_ax.set_xticks(positions, [f"{s:g}".lstrip("0") or "0" for s in SPARSITIES], fontsize=9)
    count_ax.set_xlabel("sparsity S")
    count_ax.axhline(_N_HIDDEN, color=style.NEUTRAL, linestyle="--", linewidth=1)
    count_ax.text(7.3, _N_HIDDEN - 2.2, "m = 5 dimensions", fontsize=9, color=style.NEUTRAL, ha="right")
    count_ax.set_title("Features with ‖W_i‖ > 0.5", fontsize=10)
    norm_ax.set(xlim=(-0.7, _N_FEATURES - 0.3), ylim=(0, 1.3), xlabel="feature i (most important first)",
                ylabel="‖W_i‖")
    norm_ax.set_xticks([0, 5, 10, 15, 19])
    norm_ax.set_title("Own dimension (blue) or shared (vermilion)", fontsize=10)
    gram_ax.set_title("WᵀW (red +, blue −)", fontsize=10)
    gram_ax.set_xticks([])
    gram_ax.set_yticks([])
    art = SimpleNamespace(positions=positions)
    (art.count_line,) = count_ax.plot([], [], color=style.NEUTRAL, linewidth=1.5, marker="o", markersize=3, animated=True)
    (art.count_marker,) = count_ax.plot([], [], "o", color=style.CAPABILITY, markersize=9, animated=True)
    art.bars = _bars(norm_ax, np.arange(_N_FEATURES, dtype=float), 0.8, facecolor=style.ALIGNMENT)
    art.gram = gram_ax.imshow(np.zeros((_N_FEATURES, _N_FEATURES)), cmap="RdBu_r", vmin=-1, vmax=1, animated=True)
    art.text = norm_ax.text(0.97, 0.97, "", transform=norm_ax.transAxes, ha="right", va="top", fontsize=9, animated=True)
    return art


def _draw_superposition(art, sparsity, importance_decay):
    metrics = _grid_metrics(importance_decay)
    index = SPARSITIES.index(sparsity)
    art.count_line.set_data(art.positions, metrics.represented)
    art.count_marker.set_data([index], [metrics.represented[index]])
    art.bars.set_verts(_bar_vertices(np.arange(_N_FEATURES, dtype=float), 0.8, 0.0, metrics.norms[index]))
    art.bars.set_facecolors(np.where(metrics.dimensionality[index] >= 0.9, style.ALIGNMENT, style.CAPABILITY))
    art.gram.set_data(metrics.gram[index])
    art.text.set_text(f"D* = {float(metrics.dimensions[index]):.2f} dims/feature")


def superposition_explorable():
    """Features represented against sparsity in the toy model, from precomputed weights.

    The models are :func:`trained_grid`'s: one training run (seed 0) per sparsity and
    importance profile, trained with :data:`TOY_TRAINING`.

    Examples
    --------
    >>> len(superposition_explorable().static_grid())
    24
    """
    return Explorable(
        "Superposition in the toy model",
        [
            Choice("sparsity", SPARSITIES, 0.9, label="sparsity S"),
            Choice("importance_decay", IMPORTANCE_DECAYS, 0.7, label="importance decay",
                   option_labels=[f"{d:g}^i" for d in IMPORTANCE_DECAYS]),
        ],
        _build_superposition,
        _draw_superposition,
        describe=describe_superposition,
        figsize=(9.0, 3.3),
    )


# ------------------------------------------------------------------ static figures
def _bar_diagram(ax, confidence, correct, n_bins, title):
    """One reliability diagram on ``ax``: accuracy bars, gap to mean confidence, diagonal."""
    curve = reliability_curve(confidence, correct, n_bins)
    filled = curve.count > 0
    width = 1.0 / n_bins
    centres = (np.arange(n_bins) + 0.5) * width
    accuracy = np.where(filled, curve.accuracy, 0.0)
    mean_confidence = np.where(filled, curve.mean_confidence, 0.0)
    ax.bar(centres[filled], accuracy[filled], width=0.95 * width, color=style.ALIGNMENT, label="accuracy in bin")
    ax.hlines(mean_confidence[filled], (centres - 0.475 * width)[filled], (centres + 0.475 * width)[filled],
              color=style.CAPABILITY, linewidth=2.5, label="mean confidence in bin")
    ax.plot([0, 1], [0, 1], color=style.NEUTRAL, linestyle="--", linewidth=1, label="perfect calibration")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence")
    ece = expected_calibration_error(confidence, correct, n_bins)
    ax.set_title(title, fontsize=10)
    ax.text(0.04, 0.96, f"ECE {100 * ece:.1f}%", transform=ax.transAxes, va="top", fontsize=10)
    return ece


def digits_reliability_figure(seed=0, inverse_regularisation=1.0):
    """Reliability diagrams of a real digit classifier before and after temperature scaling.

    The model is :func:`acslib.digits.digits_logits` (scikit-learn's logistic regression
    on its handwritten digits); the temperature is fitted on the calibration quarter and
    both diagrams show the test quarter, in 15 equal-width bins.

    Parameters
    ----------
    seed : int
        The split, 0 to 999.
    inverse_regularisation : float
        scikit-learn's ``C``, from 0.001 to 1,000.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> digits_reliability_figure().alt[:44]
    'Reliability diagrams of a logistic-regressio'
    """
    import matplotlib
    from matplotlib.figure import Figure

    from ..digits import digits_logits

    seed = _toy_seed(seed)
    logits = digits_logits(seed, inverse_regularisation)
    temperature = fit_temperature(logits.calibration_logits, logits.calibration_labels)
    before, correct = top_label_confidence(logits.test_logits, logits.test_labels)
    after, _ = top_label_confidence(logits.test_logits, logits.test_labels, temperature)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(7.6, 3.6), dpi=100)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.8, bottom=0.15, wspace=0.22)
        left, right = fig.subplots(1, 2, sharey=True)
        for ax in (left, right):
            style.style_axes(ax)
        ece_before = _bar_diagram(left, before, correct, _N_BINS, "Before: T = 1")
        ece_after = _bar_diagram(right, after, correct, _N_BINS, f"After: T = {temperature:.2f}")
        left.set_ylabel("accuracy")
        handles, labels = left.get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=3, fontsize=9, frameon=False, bbox_to_anchor=(0.5, 1.0))
    accuracy = float(correct.mean())
    mood = "underconfident" if temperature < 1 else "overconfident"
    alt = (f"Reliability diagrams of a logistic-regression digit classifier on {correct.size} test images (split "
           f"{seed}, C = {inverse_regularisation:g}), 15 bins. Before scaling the accuracy bars stand above the "
           f"marks of mean confidence and the diagonal: the model is {mood}, with ECE {100 * ece_before:.1f}%. "
           f"Temperature scaling with T = {temperature:.2f}, fitted on separate images, brings bars and marks "
           f"together near the diagonal (ECE {100 * ece_after:.1f}%); accuracy stays {100 * accuracy:.1f}%."
           if temperature < 1 else
           f"Reliability diagrams of a logistic-regression digit classifier on {correct.size} test images (split "
           f"{seed}, C = {inverse_regularisation:g}), 15 bins. Before scaling the accuracy bars stand below the "
           f"marks of mean confidence: the model is {mood}, with ECE {100 * ece_before:.1f}%. Temperature scaling with T = {temperature:.2f} gives "
           f"ECE {100 * ece_after:.1f}%; accuracy stays {100 * accuracy:.1f}%.")
    return StaticFigure(fig, alt)


#: Settings of the Best-of-N simulation in section *Why a power law?*.
_BON_SETTING = dict(n_prompts=20_000, alpha=0.3, beta=10.0)
_BON_BUDGETS = np.unique(np.round(np.logspace(0, 4, 17)))


def bon_mixture_figure(seeds=5):
    """Best-of-N success for prompts of uneven difficulty: simulation, Beta closed form and fitted law.

    Prompts draw a per-attempt success probability from Beta(0.3, 10); 20,000 prompts
    are attacked at 17 budgets from 1 to 10,000, once per seed. The figure shows the
    seed band of the simulated success (range over seeds), the closed form
    :func:`acslib.adversarial.expected_bon_success`, the power law fitted to the seed
    mean, and, for contrast, prompts that all share the mean probability.

    Parameters
    ----------
    seeds : int
        Number of simulation seeds, 2 to 20.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> bon_mixture_figure(seeds=2).alt[:36]
    'Best-of-N attacks on 20,000 simulate'
    """
    import matplotlib
    from matplotlib.figure import Figure

    seeds = as_count(seeds, "seeds", cap=20, minimum=2)
    band = seed_band(lambda seed: simulate_bon_attacks(_BON_BUDGETS, seed=seed, **_BON_SETTING), seeds=seeds)
    a, b = fit_bon_power_law(_BON_BUDGETS, band.mean)
    budgets = np.logspace(0, 4, 200)
    alpha, beta = _BON_SETTING["alpha"], _BON_SETTING["beta"]
    closed = expected_bon_success(budgets, alpha, beta)
    mean_p = alpha / (alpha + beta)
    same_p = -np.expm1(budgets * np.log1p(-mean_p))
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(7.6, 3.8), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.76, bottom=0.14, wspace=0.32)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set_xscale("log")
            ax.set_xlim(1, 1e4)
            ax.set_xlabel("attempts per prompt N")
        for ax, transform in ((left, lambda v: v), (right, lambda v: -np.log(v))):
            ax.plot(budgets, transform(same_p), color=style.GREY, linewidth=1.5, linestyle=":",
                    label=f"every prompt p = {mean_p:.3f}")
            ax.plot(budgets, transform(closed), color=style.ALIGNMENT, linewidth=2, label="Beta mixture, closed form")
            ax.plot(budgets, transform(bon_attack_success(budgets, a, b)), color=style.CAPABILITY, linewidth=1.5,
                    linestyle="--", label=f"fitted law, b = {b:.2f}")
            centre = transform(band.mean)
            ends = np.sort(np.stack([transform(band.low), transform(band.high)]), axis=0)  # −log reverses the order
            ax.errorbar(_BON_BUDGETS, centre, yerr=np.stack([centre - ends[0], ends[1] - centre]), fmt="o",
                        color=style.NEUTRAL, markersize=3.5, linewidth=1, label=f"simulated, {seeds} seeds")
        left.set(ylim=(0, 1), ylabel="attack success rate")
        left.set_title("Success against budget", fontsize=10)
        right.set_yscale("log")
        right.set(ylim=(1e-2, 10), ylabel="−log ASR")
        right.set_title("A straight line here is a power law", fontsize=10)
        handles, labels = left.get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=2, fontsize=9, frameon=False, bbox_to_anchor=(0.5, 1.0))
    alt = (f"Best-of-N attacks on 20,000 simulated prompts whose per-attempt success follows Beta({alpha:g}, {beta:g}), "
           f"{seeds} seeds. The simulated success rate rises from {100 * band.mean[0]:.0f}% at one attempt to "
           f"{100 * band.mean[-1]:.0f}% at 10,000, on the closed-form curve; on log–log axes −log ASR falls almost "
           f"on a straight line, a power law with fitted exponent b = {b:.2f}. Prompts that all share the mean "
           f"probability {mean_p:.3f} instead fall on a curve that bends down sharply and are all broken by a few "
           f"hundred attempts.")
    return StaticFigure(fig, alt)


#: Settings of the probe figure and the probe seed bands (section *Linear probes under superposition*).
PROBE_SETTINGS = dict(n_dims=64, noise=0.0, n_samples=2000)
_PROBE_FEATURES = (16, 64, 256, 1024)
_PROBE_ACTIVITIES = (0.5, 0.1, 0.01)


def probe_band(n_features, active_probability, seeds=5, probe="logistic", l2=1e-3, n_samples=2000):
    """Seed band of a probe's held-out balanced accuracy in the chapter's setting (cached).

    :func:`acslib.interpretability.planted_probe_accuracy` over seeds ``0 … seeds − 1``,
    in 64 dimensions with no noise (:data:`PROBE_SETTINGS`).

    Parameters
    ----------
    n_features : int
        Features sharing the 64 dimensions, 1 to 10,000.
    active_probability : float
        Activity of the other features, in (0, 1).
    seeds : int
        Seeds, 2 to 20.
    probe : str
        ``"logistic"``, ``"least_squares"`` or ``"matched_filter"``
        (:data:`acslib.interpretability.PROBES`).
    l2 : float
        The logistic probe's weight penalty, from 0 to 1.
    n_samples : int
        Samples drawn (half train the probe), 4 to 8,000.

    Returns
    -------
    acslib.montecarlo.SeedBand

    Examples
    --------
    >>> float(probe_band(16, 0.5, seeds=2).mean)
    1.0
    """
    n_features = as_count(n_features, "n_features", cap=10_000)
    active_probability = as_scalar(active_probability, "active_probability", positive=True)
    if active_probability >= 1:
        raise ValueError(f"active_probability must lie strictly between 0 and 1; got {active_probability:g}")
    probe = as_choice(probe, "probe", PROBES)
    l2 = as_scalar(l2, "l2", nonnegative=True)
    if l2 > 1:
        raise ValueError(f"l2 must be at most 1; got {l2:g}")
    n_samples = as_count(n_samples, "n_samples", cap=8000, minimum=4)
    return _probe_band(n_features, active_probability, as_count(seeds, "seeds", cap=20, minimum=2), probe, l2,
                       n_samples)


@lru_cache(maxsize=128)
def _probe_band(n_features, active_probability, seeds, probe, l2, n_samples):
    settings = {**PROBE_SETTINGS, "n_samples": n_samples}
    return seed_band(planted_probe_accuracy, seeds=seeds, n_features=n_features,
                     active_probability=active_probability, probe=probe, l2=l2, **settings)


def probe_bands(seeds=5):
    """Seed bands of the converged logistic probe over the figure's features × activities.

    Parameters
    ----------
    seeds : int
        Seeds per setting, 2 to 20.

    Returns
    -------
    dict
        ``{(n_features, activity): SeedBand}`` of held-out balanced accuracy, from
        :func:`probe_band` (64 dimensions, no noise, 2,000 samples, half to train).

    Examples
    --------
    >>> band = probe_bands(seeds=2)[(16, 0.5)]
    >>> float(band.mean)
    1.0
    """
    seeds = as_count(seeds, "seeds", cap=20, minimum=2)
    return {(n, activity): _probe_band(n, activity, seeds, "logistic", 1e-3, PROBE_SETTINGS["n_samples"])
            for activity in _PROBE_ACTIVITIES for n in _PROBE_FEATURES}


def probe_figure(seeds=5):
    """Balanced accuracy of a converged linear probe against the number of superposed features.

    Points: the logistic probe's held-out balanced accuracy for 16 to 1,024 features in
    64 dimensions (no noise), the mean over ``seeds`` with the range as error bars, at
    activities 0.5 (dense), 0.1 and 0.01 (sparse, S = 0.99). Solid lines: the
    matched-filter formula :func:`acslib.interpretability.matched_filter_accuracy`;
    dashed lines: the best linear read-out,
    :func:`acslib.interpretability.best_linear_accuracy`.

    Parameters
    ----------
    seeds : int
        Seeds per setting, 2 to 20.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> probe_figure(seeds=2).alt[:38]
    'Balanced accuracy of a logistic probe '
    """
    import matplotlib
    from matplotlib.figure import Figure

    bands = probe_bands(seeds)
    m = PROBE_SETTINGS["n_dims"]
    features = np.unique(np.round(np.logspace(np.log2(16), np.log2(1024), 60, base=2)))
    colours = {0.5: style.CAPABILITY, 0.1: style.ACCENT, 0.01: style.ALIGNMENT}
    markers = {0.5: "o", 0.1: "s", 0.01: "D"}
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(7.0, 3.8), dpi=100)
        fig.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.14)
        ax = fig.subplots()
        style.style_axes(ax)
        ax.set_xscale("log", base=2)
        ax.set(xlim=(12, 1400), ylim=(0.45, 1.02), xlabel=f"features sharing {m} dimensions",
               ylabel="balanced accuracy (held out)")
        ax.set_xticks(list(_PROBE_FEATURES), [str(n) for n in _PROBE_FEATURES])
        ax.axhline(0.5, color=style.GREY, linestyle=":", linewidth=1)
        ax.text(1100, 0.515, "chance", fontsize=9, color=style.NEUTRAL, ha="right")
        ax.axvline(m, color=style.GREY, linestyle="--", linewidth=1)
        ax.text(m * 1.08, 0.47, "n = m", fontsize=9, color=style.NEUTRAL)
        beyond = features[features >= m + 3]  # where the best-read-out approximation is defined
        for activity in _PROBE_ACTIVITIES:
            colour = colours[activity]
            ax.plot(features, matched_filter_accuracy(m, features, activity), color=colour, linewidth=1.5)
            ax.plot(np.concatenate([[m], beyond]), np.concatenate([[1.0], best_linear_accuracy(m, beyond, activity)]),
                    color=colour, linewidth=1.2, linestyle="--")
            mean = np.array([float(bands[(n, activity)].mean) for n in _PROBE_FEATURES])
            low = np.array([float(bands[(n, activity)].low) for n in _PROBE_FEATURES])
            high = np.array([float(bands[(n, activity)].high) for n in _PROBE_FEATURES])
            ax.errorbar(_PROBE_FEATURES, mean, yerr=np.stack([mean - low, high - mean]), fmt=markers[activity],
                        color=colour, markersize=5, linewidth=1, linestyle="none",
                        label={0.5: "p = 0.5 (dense)", 0.1: "p = 0.1", 0.01: "p = 0.01 (S = 0.99)"}[activity])
        ax.set_title("Converged probe (points), matched filter (solid), best linear read-out (dashed)",
                     fontsize=10)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.06), fontsize=9, frameon=False,
                  title="activity of the other features", title_fontsize=9)
    dense, sparse = (float(bands[(1024, a)].mean) for a in (0.5, 0.01))
    alt = (f"Balanced accuracy of a logistic probe trained to convergence on 64-dimensional activations, against "
           f"the number of features sharing them (16 to 1,024, no noise, {seeds} seeds). Up to 64 features every "
           f"probe is near 100%. Beyond that accuracy falls, and how far depends on how often the other features "
           f"are active: at 1,024 features it is {100 * dense:.0f}% when they are active half the time and "
           f"{100 * sparse:.0f}% when they are active 1% of the time. Solid lines give the matched filter's "
           f"accuracy Φ(1/2σ) and dashed lines the best linear read-out's; the two part at a few features per "
           f"dimension and nearly meet at 1,024. The points lie near or between the lines up to 256 features and "
           f"a little below both at 1,024, where the probe's 65 weights are estimated from 1,000 training "
           f"samples.")
    return StaticFigure(fig, alt)


EXPLORABLES = (reliability_explorable, bon_explorable, superposition_explorable)
