"""Explorables for Chapter 4, *Technical oversight*.

Used in ``chapters/04_technical_oversight.ipynb``: a reliability diagram with a
temperature slider (section *Calibration tracking*), Best-of-N attack success against
budget (section *Adversarial testing*), and features represented against sparsity in
Elhage et al.'s toy model (section *Mechanistic interpretability*).

Nothing is trained or simulated while a slider moves: the synthetic logits and the toy
models for every grid point are computed once, cached with ``functools.lru_cache``,
and looked up in ``draw``.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from ..adversarial import attack_budget, bon_attack_success
from ..calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability_curve,
    synthetic_logits,
    top_label_confidence,
)
from ..explorable import Choice, Explorable, Param
from ..interpretability import (
    dimensions_per_feature,
    feature_dimensionality,
    feature_norms,
    features_represented,
    interference_matrix,
    train_toy_model,
)
from . import style

__all__ = [
    "reliability_explorable",
    "bon_explorable",
    "superposition_explorable",
    "calibration_case",
    "ece_against_temperature",
    "trained_grid",
    "SPARSITIES",
    "IMPORTANCE_DECAYS",
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


@lru_cache(maxsize=None)
def calibration_case(overconfidence):
    """Seeded synthetic logits for one overconfidence, split into held-out and test halves.

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
    logits, labels = synthetic_logits(_N_SAMPLES, _N_CLASSES, overconfidence=float(overconfidence), seed=4)
    half = _N_SAMPLES // 2
    fitted = fit_temperature(logits[:half], labels[:half])
    _, correct = top_label_confidence(logits[half:], labels[half:])
    return SimpleNamespace(logits=logits[half:], labels=labels[half:], fitted_temperature=fitted,
                           accuracy=float(correct.mean()))


@lru_cache(maxsize=None)
def ece_against_temperature(overconfidence):
    """ECE of the test half of :func:`calibration_case` on a grid of temperatures.

    Examples
    --------
    >>> temperatures, ece = ece_against_temperature(1.0)
    >>> float(temperatures[np.argmin(ece)]) < 1.3
    True
    """
    case = calibration_case(overconfidence)
    ece = [expected_calibration_error(*top_label_confidence(case.logits, case.labels, t), _N_BINS)
           for t in _TEMPERATURE_CURVE]
    return _TEMPERATURE_CURVE, np.array(ece)


@lru_cache(maxsize=512)
def _calibration_at(temperature, overconfidence):
    case = calibration_case(overconfidence)
    confidence, correct = top_label_confidence(case.logits, case.labels, temperature)
    curve = reliability_curve(confidence, correct, _N_BINS)
    return case, curve, expected_calibration_error(confidence, correct, _N_BINS)


def describe_reliability(temperature, overconfidence):
    """Alt text of :func:`reliability_explorable`."""
    case, curve, ece = _calibration_at(temperature, overconfidence)
    filled = curve.count > 0
    above = np.sum(curve.count[filled] * (curve.mean_confidence[filled] > curve.accuracy[filled])) / curve.count.sum()
    mood = "overconfident" if above > 0.5 else "underconfident" if above < 0.5 else "balanced"
    return (
        f"A synthetic 10-class model sharpened {overconfidence:g}× beyond calibration, shown at temperature "
        f"{temperature:g}: ECE is {100 * ece:.1f}% and accuracy {100 * case.accuracy:.1f}% at every temperature. "
        f"Most predictions are {mood}; the NLL fit on held-out data picks T = {case.fitted_temperature:.2f}."
    )


_OVERCONFIDENCES = (1.0, 1.5, 2.0, 2.5, 3.0)


def _build_reliability(fig):
    for overconfidence in _OVERCONFIDENCES:  # precompute every ECE curve before any slider moves
        ece_against_temperature(overconfidence)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.8, bottom=0.16, wspace=0.3)
    diagram, curve_ax = fig.subplots(1, 2)
    for ax in (diagram, curve_ax):
        style.style_axes(ax)
    diagram.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence", ylabel="accuracy")
    diagram.set_title("Reliability diagram (15 equal-width bins)", fontsize=9)
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
    fig.legend(handles=[diagram.lines[0], art.accuracy, art.gap], loc="upper center", ncol=3, fontsize=8,
               frameon=False, bbox_to_anchor=(0.5, 1.0))
    curve_ax.set(xlim=(0.5, 4.0), ylim=(0, 0.4), xlabel="temperature T", ylabel="ECE")
    curve_ax.set_title("ECE against temperature (dot: current T)", fontsize=9)
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
    temperatures, ece_curve = ece_against_temperature(overconfidence)
    art.curve.set_data(temperatures, ece_curve)
    art.marker.set_data([temperature], [ece])
    art.fitted.set_xdata([case.fitted_temperature, case.fitted_temperature])
    art.fitted_text.set_text(f"NLL fit T = {case.fitted_temperature:.2f}")


def reliability_explorable():
    """Reliability diagram of an overconfident synthetic model, with a temperature slider.

    Examples
    --------
    >>> len(reliability_explorable().static_grid())
    75
    """
    return Explorable(
        "Temperature scaling on a reliability diagram",
        [
            Param("temperature", 0.5, 4.0, 0.25, 1.0, label="temperature T", fmt=".2f"),
            Param("overconfidence", _OVERCONFIDENCES[0], _OVERCONFIDENCES[-1], 0.5, 2.5,
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
        success.plot([n], [asr], marker, color="black", markersize=6, label=f"{name}, Hughes et al.")
        linear.plot([n], [-np.log(asr)], marker, color="black", markersize=6)
    success.legend(loc="lower right", fontsize=7.5, frameon=False)
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
    >>> len(bon_explorable().static_grid())
    99
    """
    return Explorable(
        "Best-of-N attack success against budget",
        [
            Param("a", 1.0, 6.0, 0.5, 3.5, label="scale a", fmt=".1f"),
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
_N_FEATURES, _N_HIDDEN = 20, 5
_GRID_TRAINING = dict(steps=1200, batch_size=128, learning_rate=5e-3)


@lru_cache(maxsize=None)
def trained_grid():
    """Toy models (n = 20, m = 5) for every sparsity × importance decay, trained once.

    Each importance decay trains all sparsities together in one vectorised run of
    :func:`acslib.interpretability.train_toy_model`.

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
    sparsities = np.array(SPARSITIES)
    return {
        decay: train_toy_model(_N_FEATURES, _N_HIDDEN, sparsities, decay, seed=index, **_GRID_TRAINING)
        for index, decay in enumerate(IMPORTANCE_DECAYS)
    }


@lru_cache(maxsize=None)
def _grid_metrics(importance_decay):
    weights = trained_grid()[importance_decay].weights
    return SimpleNamespace(
        represented=features_represented(weights),
        dimensions=dimensions_per_feature(weights),
        norms=feature_norms(weights),
        dimensionality=feature_dimensionality(weights),
        gram=interference_matrix(weights),
    )


def describe_superposition(sparsity, importance_decay):
    """Alt text of :func:`superposition_explorable`."""
    metrics = _grid_metrics(importance_decay)
    index = SPARSITIES.index(sparsity)
    count = int(metrics.represented[index])
    shared = int(np.sum((metrics.norms[index] > 0.5) & (metrics.dimensionality[index] < 0.9)))
    return (
        f"Toy model with 20 features and 5 hidden dimensions, sparsity {sparsity:g}, importance "
        f"{importance_decay:g}^i: {count} features represented ({shared} of them sharing dimensions), "
        f"{float(metrics.dimensions[index]):.2f} dimensions per feature."
    )


def _build_superposition(fig):
    fig.subplots_adjust(left=0.07, right=0.98, top=0.86, bottom=0.2, wspace=0.35)
    count_ax, norm_ax, gram_ax = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.2, 1.2, 1.0]})
    for ax in (count_ax, norm_ax):
        style.style_axes(ax)
    positions = np.arange(len(SPARSITIES))
    count_ax.set(xlim=(-0.5, len(SPARSITIES) - 0.5), ylim=(0, _N_FEATURES), ylabel="features represented")
    count_ax.set_xticks(positions, [f"{s:g}" for s in SPARSITIES], fontsize=7, rotation=45)
    count_ax.set_xlabel("sparsity S")
    count_ax.axhline(_N_HIDDEN, color=style.NEUTRAL, linestyle="--", linewidth=1)
    count_ax.text(-0.3, _N_HIDDEN - 1.6, "m = 5 hidden dimensions", fontsize=7.5, color=style.NEUTRAL)
    count_ax.set_title("Features represented (‖W_i‖ > 0.5)", fontsize=9)
    norm_ax.set(xlim=(-0.7, _N_FEATURES - 0.3), ylim=(0, 1.3), xlabel="feature i (most important first)", ylabel="‖W_i‖")
    norm_ax.set_title("Own dimension (blue) or shared (vermilion)", fontsize=9)
    gram_ax.set_title("WᵀW (red +, blue −)", fontsize=9)
    gram_ax.set_xticks([])
    gram_ax.set_yticks([])
    art = SimpleNamespace(positions=positions)
    (art.count_line,) = count_ax.plot([], [], color=style.NEUTRAL, linewidth=1.5, marker="o", markersize=3, animated=True)
    (art.count_marker,) = count_ax.plot([], [], "o", color=style.CAPABILITY, markersize=9, animated=True)
    art.bars = _bars(norm_ax, np.arange(_N_FEATURES, dtype=float), 0.8, facecolor=style.ALIGNMENT)
    art.gram = gram_ax.imshow(np.zeros((_N_FEATURES, _N_FEATURES)), cmap="RdBu_r", vmin=-1, vmax=1, animated=True)
    art.text = norm_ax.text(0.97, 0.97, "", transform=norm_ax.transAxes, ha="right", va="top", fontsize=8, animated=True)
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

    Examples
    --------
    >>> len(superposition_explorable().static_grid())
    24
    """
    return Explorable(
        "Superposition in the toy model",
        [
            Choice("sparsity", SPARSITIES, 0.9, label="sparsity S"),
            Choice("importance_decay", IMPORTANCE_DECAYS, 0.7, label="importance decay"),
        ],
        _build_superposition,
        _draw_superposition,
        describe=describe_superposition,
        figsize=(8.6, 3.1),
    )


EXPLORABLES = (reliability_explorable, bon_explorable, superposition_explorable)
