"""Explorables and figures for Chapter 8, *Alignment scaling versus capability scaling*.

Used in ``chapters/08_scaling_comparison.ipynb``: the correlated-layers figure in section
*Layered defence and its independence assumption*, and the composite explorable in
section *Fragility made measurable*.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from ..composite import (
    AGGREGATION_RULES,
    composite_level,
    dimension_levels,
    layered_failure_probability,
)
from .._validation import as_choice, as_scalar, as_whole_array
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..gap import first_crossing
from ..growth import exponential
from . import style

__all__ = [
    "HORIZON",
    "INITIAL_LEAD",
    "RULE_LABELS",
    "composite_scenario",
    "describe_composite",
    "composite_explorable",
    "correlated_layers_figure",
    "EXPLORABLES",
]

#: Years shown by the composite explorable.
HORIZON = 12.0
#: Every dimension starts this many times ahead of capability (which starts at 1).
INITIAL_LEAD = 4.0
#: How the figures name the aggregation rules.
RULE_LABELS = {"weakest-link": "weakest link", "average": "average", "layered": "layered defence"}
_TIMES = np.linspace(0.0, HORIZON, 49)
_DIMENSION_COLOURS = (style.EXTRA[1], style.EXTRA[3], style.EXTRA[2], style.GREY)
_DIMENSION_DASHES = ((0, (5, 2)), (0, (2, 2)), (0, (6, 2, 1, 2)), (0, (1, 1.5)))
_SHORT = ("technical", "objective", "governance", "monitoring")
_Y_LIMITS = (0.3, 3e7)


def _rate(value, name: str) -> float:
    rate = as_scalar(value, name)
    if not 0.0 <= rate <= 2.0:
        raise ValueError(f"{name} must be a rate from 0 to 2 per year; got {rate:g}")
    return rate


def _scenario_arguments(rate_technical, rate_objective, rate_governance, rate_monitoring, rule, capability_rate,
                        correlation):
    """Validated, hashable arguments for the cached scenario."""
    rates = tuple(_rate(v, n) for v, n in zip(
        (rate_technical, rate_objective, rate_governance, rate_monitoring, capability_rate),
        ("rate_technical", "rate_objective", "rate_governance", "rate_monitoring", "capability_rate")))
    rule = as_choice(rule, "rule", AGGREGATION_RULES)
    rho = as_scalar(correlation, "correlation")
    if not 0.0 <= rho <= 1.0:
        raise ValueError(f"correlation must lie between 0 and 1; got {rho:g}")
    return rates[:4], rule, rates[4], rho


def composite_scenario(rate_technical, rate_objective, rate_governance, rate_monitoring, rule,
                       capability_rate=0.7, correlation=0.3):
    """Capability, the four dimensions and their composite over :data:`HORIZON` years.

    Every dimension starts :data:`INITIAL_LEAD` times ahead of capability (which starts
    at 1) and grows exponentially at its own rate; capability grows at
    ``capability_rate``. Rates are per year, from 0 to 2; ``rule`` is one of
    :data:`acslib.composite.AGGREGATION_RULES`; ``correlation`` (used by the layered
    rule) lies in [0, 1]. Results are cached, so the explorable's draw and its caption
    share one computation.

    Returns
    -------
    types.SimpleNamespace
        ``t``, ``capability``, ``levels`` (4 × len(t)), ``composite``, ``crossing``
        (the year capability overtakes the composite, or ``None``) and ``fragility``
        (per dimension, for a halving at the last year). Arrays are read-only.

    Examples
    --------
    >>> s = composite_scenario(0.7, 0.7, 0.7, 0.0, "weakest-link")
    >>> round(s.crossing, 2)  # ln 4 / 0.7: the frozen dimension decides
    1.98
    >>> s.fragility.round(2)
    array([0., 0., 0., 1.])
    >>> from acslib.composite import fragility
    >>> layered = composite_scenario(0.7, 0.6, 0.5, 0.2, "layered", correlation=0.3)
    >>> bool(np.allclose(layered.fragility, fragility(layered.levels[:, -1], "layered", 0.5,
    ...                                               capability=layered.capability[-1], correlation=0.3)))
    True
    """
    rates, rule, capability_rate, correlation = _scenario_arguments(
        rate_technical, rate_objective, rate_governance, rate_monitoring, rule, capability_rate, correlation)
    return _scenario(rates, rule, capability_rate, correlation)


@functools.lru_cache(maxsize=256)
def _scenario(rates, rule, capability_rate, correlation):
    capability = exponential(_TIMES, 1.0, capability_rate)
    levels = dimension_levels(_TIMES, np.full(4, INITIAL_LEAD), np.asarray(rates, dtype=float))
    # The final year with each dimension halved in turn rides along in the same call (one copula
    # integral instead of three for the layered rule); the shares are composite.fragility's.
    shocked = levels[:, -1:] * np.where(np.eye(4, dtype=bool), 0.5, 1.0)
    both = composite_level(np.concatenate([levels, shocked], axis=1), rule,
                           capability=np.concatenate([capability, np.full(4, capability[-1])]),
                           correlation=correlation)
    composite, shocked_composite = both[:_TIMES.size].copy(), both[_TIMES.size:]
    crossing = first_crossing(_TIMES, capability, composite)
    shares = (np.log(composite[-1]) - np.log(shocked_composite)) / np.log(2.0)
    for array in (capability, levels, composite, shares):
        array.setflags(write=False)
    return SimpleNamespace(t=_TIMES, capability=capability, levels=levels, composite=composite,
                           crossing=crossing, fragility=shares)


def describe_composite(rate_technical, rate_objective, rate_governance, rate_monitoring, rule,
                       capability_rate=0.7, correlation=0.3):
    """Alt text for a frame of :func:`composite_explorable`."""
    s = composite_scenario(rate_technical, rate_objective, rate_governance, rate_monitoring, rule,
                           capability_rate, correlation)
    rates, rule, capability_rate, correlation = _scenario_arguments(
        rate_technical, rate_objective, rate_governance, rate_monitoring, rule, capability_rate, correlation)
    rule_text = f"the {RULE_LABELS[rule]} rule" + (f" (correlation {correlation:g})" if rule == "layered" else "")
    text = (f"Dimensions growing at {', '.join(f'{r:g}' for r in rates)} per year (technical, objective, "
            f"governance, monitoring), capability at {capability_rate:g}, combined by {rule_text}. ")
    ratio = float(s.composite[-1] / s.capability[-1])
    if s.crossing is None:
        text += f"Capability never overtakes the composite; in year {HORIZON:g} the composite is {ratio:,.1f}× capability. "
    elif ratio < 1:
        text += (f"Capability overtakes the composite in year {s.crossing:.1f} and leads it {1 / ratio:,.1f}× "
                 f"in year {HORIZON:g}. ")
    else:
        text += (f"Capability overtakes the composite in year {s.crossing:.1f}, but the composite is ahead again "
                 f"in year {HORIZON:g}. ")
    top = int(np.argmax(s.fragility))
    text += (f"A halving of {_SHORT[top]} would pass {s.fragility[top]:.0%} of itself to the composite, "
             f"the most of any dimension.")
    return text


def _build(figure):
    figure.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.34)
    levels_ax, bars_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": (1.6, 1.0)})
    for ax in (levels_ax, bars_ax):
        style.style_axes(ax)
    levels_ax.set_yscale("log")
    levels_ax.set(xlim=(0.0, HORIZON), ylim=_Y_LIMITS, xlabel="time (years)",
                  ylabel="level (capability at t = 0 is 1)")
    levels_ax.set_title("Capability, dimensions and composite A(t)", fontsize=10)
    bars_ax.set(ylim=(0.0, 1.05), xlim=(-0.6, 3.6))
    bars_ax.set_xticks(range(4), _SHORT, rotation=25, fontsize=9)
    bars_ax.set_ylabel("share of a halving passed to A")
    bars_ax.set_title(f"Fragility in year {HORIZON:g}", fontsize=10)
    art = SimpleNamespace()
    art.dimensions = [
        levels_ax.plot([], [], color=colour, linestyle=dash, linewidth=1.3, label=name, animated=True)[0]
        for colour, dash, name in zip(_DIMENSION_COLOURS, _DIMENSION_DASHES, _SHORT)
    ]
    (art.capability,) = levels_ax.plot([], [], color=style.CAPABILITY, linewidth=2.2, label="capability C",
                                       animated=True)
    (art.composite,) = levels_ax.plot([], [], color=style.ALIGNMENT, linewidth=2.6, label="composite A",
                                      animated=True)
    art.gap = levels_ax.fill_between([0, 1], [1, 1], [1, 1], color=style.GAP, alpha=style.GAP_ALPHA, linewidth=0,
                                     interpolate=True, animated=True)
    art.crossing = levels_ax.axvline(0.0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
    art.bars = bars_ax.bar(range(4), np.zeros(4), color=_DIMENSION_COLOURS, width=0.65, animated=True)
    levels_ax.legend(loc="upper left", fontsize=9, frameon=False, ncol=2, handlelength=1.8, columnspacing=1.0)
    return art


def _draw(art, rate_technical, rate_objective, rate_governance, rate_monitoring, rule, capability_rate,
          correlation):
    s = composite_scenario(rate_technical, rate_objective, rate_governance, rate_monitoring, rule,
                           capability_rate, correlation)
    for line, level in zip(art.dimensions, s.levels):
        line.set_data(s.t, level)
    art.capability.set_data(s.t, s.capability)
    art.composite.set_data(s.t, np.clip(s.composite, _Y_LIMITS[0] / 2, _Y_LIMITS[1] * 2))
    art.gap.set_data(s.t, s.composite, s.capability, where=s.capability > s.composite)
    art.crossing.set_visible(s.crossing is not None)
    if s.crossing is not None:
        art.crossing.set_xdata([s.crossing, s.crossing])
    for bar, value in zip(art.bars, s.fragility):
        bar.set_height(float(np.clip(value, 0.0, 1.05)))


def composite_explorable():
    """The Chapter 8 explorable: four dimensions, one aggregation rule, and each one's fragility.

    Sliders: the growth rate of each dimension (monitoring's is on the website), the
    aggregation rule (on the website), capability's growth rate and the correlation of
    layered defences (notebook only).

    Examples
    --------
    >>> ex = composite_explorable()
    >>> len(ex.static_grid())
    33
    """
    rate = dict(unit=" /yr", fmt=".1f")
    return Explorable(
        "Four dimensions, one composite",
        [
            Param("rate_technical", 0.0, 1.0, 0.1, 0.7, label="technical oversight rate", **rate),
            Param("rate_objective", 0.0, 1.0, 0.1, 0.6, label="objective stability rate", **rate),
            Param("rate_governance", 0.0, 1.0, 0.1, 0.5, label="governance rate", **rate),
            Param("rate_monitoring", 0.0, 1.0, 0.1, 0.2, label="monitoring rate", **rate),
            Choice("rule", AGGREGATION_RULES, "weakest-link", label="aggregation rule",
                   option_labels=tuple(RULE_LABELS[r] for r in AGGREGATION_RULES)),
            Param("capability_rate", 0.2, 1.2, 0.1, 0.7, label="capability rate", **rate),
            Param("correlation", 0.0, 1.0, 0.1, 0.3, label="layer correlation", fmt=".1f"),
        ],
        _build,
        _draw,
        describe=describe_composite,
        static_params=("rate_monitoring", "rule"),
        figsize=(8.0, 3.4),
    )


def correlated_layers_figure(failure_probability=0.1, layer_counts=(2, 3, 5)):
    """Static figure for section *Layered defence*: P(all layers fail) against correlation.

    Parameters
    ----------
    failure_probability : float
        Each layer's own failure probability, strictly between 0 and 1.
    layer_counts : sequence of int
        One to five numbers of layers to draw, each from 1 to 10.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> len(correlated_layers_figure().figure.axes)
    1
    """
    from matplotlib.figure import Figure

    failure_probability = as_scalar(failure_probability, "failure_probability")
    if not 0.0 < failure_probability < 1.0:
        raise ValueError(f"failure_probability must lie strictly between 0 and 1; got {failure_probability:g}")
    counts = tuple(int(k) for k in as_whole_array(layer_counts, "layer_counts", minimum=1, maximum=10, ndim=1))
    if not 1 <= len(counts) <= 5:
        raise ValueError(f"layer_counts must hold 1 to 5 numbers of layers; got {len(counts)}")
    rho = np.linspace(0.0, 1.0, 41)
    figure = Figure(figsize=(6.4, 3.4), dpi=100)
    figure.subplots_adjust(left=0.13, right=0.97, top=0.9, bottom=0.15)
    ax = figure.add_subplot()
    style.style_axes(ax)
    colours = (style.ALIGNMENT, style.ACCENT, style.EXTRA[1], style.EXTRA[2], style.GREY)
    # One copula call per correlation for every curve: layers that always fail (p = 1) change nothing,
    # so each column is padded to the largest number of layers with them.
    columns = np.ones((max(counts), len(counts)))
    for column, k in enumerate(counts):
        columns[:k, column] = failure_probability
    table = np.array([layered_failure_probability(columns, r) for r in rho])  # (rho, curve)
    values = {}
    for column, (k, colour) in enumerate(zip(counts, colours * 2)):
        values[k] = table[:, column]
        ax.plot(rho, values[k], color=colour, linewidth=2, label=f"{k} layer{'s' if k > 1 else ''}")
    ax.axhline(failure_probability, color=style.CAPABILITY, linestyle="--", linewidth=1.4,
               label="one layer alone")
    ax.set_yscale("log")
    ax.set(xlim=(0, 1), xlabel="correlation ρ of the layers' failures",
           ylabel="P(every layer fails)")
    ax.set_title(f"Layers that each fail {failure_probability:.0%} of the time", fontsize=10)
    ax.legend(fontsize=9, frameon=False, loc="lower right")
    high = int(np.argmin(np.abs(rho - 0.9)))
    parts = "; ".join(f"{k} layers: {values[k][0]:.1e} when independent, {values[k][high]:.1e} at ρ = 0.9"
                      for k in counts)
    alt = (f"Probability that every layer fails against the correlation of their failures, for layers that each "
           f"fail {failure_probability:.0%} of the time, on a log axis. Each curve rises from the independent "
           f"product at ρ = 0 to {failure_probability:.0%} (one layer alone) at ρ = 1. {parts}.")
    return StaticFigure(figure, alt)


EXPLORABLES = (composite_explorable,)
