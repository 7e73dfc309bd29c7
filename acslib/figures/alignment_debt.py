"""Explorable and figures for Chapter 10, *Alignment debt*.

Used in ``chapters/10_alignment_debt.ipynb``: :func:`debt_explorable` in section *Two
policies*, :func:`flip_map_figure` in section *Where the conclusion flips* and
:func:`spiral_figure` in section *The spiral condition*. Every number comes from
:mod:`acslib.debt`, whose model is the book's own, not a published one.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from .. import debt as model
from .._validation import as_choice, as_float_array, as_instance, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from . import style

__all__ = [
    "INTEREST_VALUES",
    "PRICE_DECLINE_VALUES",
    "policy_summary",
    "describe_debt",
    "debt_explorable",
    "flip_map_figure",
    "spiral_figure",
    "EXPLORABLES",
]

#: Interest rates on the explorable's static grid (per year).
INTEREST_VALUES = tuple(round(0.05 * i, 2) for i in range(6))
#: Price declines on the explorable's static grid (per year).
PRICE_DECLINE_VALUES = tuple(round(0.05 * i, 2) for i in range(7))
_DEBT_LIMIT = 60.0
_COST_LIMIT = 40.0
_CATEGORIES = ("rnd", "retrofit", "incident")
_CATEGORY_LABELS = {"rnd": "R&D", "retrofit": "retrofits", "incident": "incidents"}
_CATEGORY_COLOURS = {"rnd": style.ALIGNMENT, "retrofit": style.ACCENT, "incident": style.CAPABILITY}
_HATCHES = {"rnd": "", "retrofit": "//", "incident": ".."}


def _grid_value(value, name, low, high):
    value = as_scalar(value, name, nonnegative=True)
    if not low - 1e-12 <= value <= high + 1e-12:
        raise ValueError(f"{name} must lie between {low:g} and {high:g}; got {value:g}")
    return round(value, 10)


@lru_cache(maxsize=128)
def _summary(interest, price_decline):
    params = model.BASE.replace(interest=interest, price_decline=price_decline)
    result = {}
    for policy in model.POLICIES:
        run = model.expected_run(params, policy)
        result[policy] = SimpleNamespace(
            flows={k: run.weights @ getattr(run, k) for k in _CATEGORIES},
            settle={"rnd": float(run.weights @ run.settle_rnd), "retrofit": float(run.weights @ run.settle_retrofit),
                    "incident": 0.0},
            mean=run.mean_debt(), low=run.debt_quantile(0.1), high=run.debt_quantile(0.9),
        )
    return params, result


def policy_summary(interest, price_decline, discount):
    """Expected costs by category and debt paths for both policies, at base parameters
    with ``interest`` and ``price_decline`` changed.

    Parameters
    ----------
    interest, price_decline : float
        Rates per year, between 0 and 0.5.
    discount : float
        Discount rate per year, between 0 and 0.5.

    Returns
    -------
    t : numpy.ndarray
        Times (years).
    summary : dict
        For each policy, ``costs`` (dict of present values by category, settlement
        included), ``total``, and the debt's ``mean``, ``low`` (10th percentile) and
        ``high`` (90th percentile) over first-incident histories.

    Examples
    --------
    >>> t, summary = policy_summary(0.1, 0.05, 0.05)
    >>> round(summary["reactive"]["total"] / summary["proactive"]["total"], 2)
    2.1
    """
    interest = _grid_value(interest, "interest", 0.0, 0.5)
    price_decline = _grid_value(price_decline, "price_decline", 0.0, 0.5)
    discount = _grid_value(discount, "discount", 0.0, 0.5)
    params, cached = _summary(interest, price_decline)
    t = params.step * np.arange(params.steps + 1)
    factor = np.exp(-discount * t)
    out = {}
    for policy, s in cached.items():
        costs = {k: float(s.flows[k] @ factor[:-1] + s.settle[k] * factor[-1]) for k in _CATEGORIES}
        out[policy] = {"costs": costs, "total": sum(costs.values()), "mean": s.mean, "low": s.low,
                       "high": s.high}
    return t, out


def describe_debt(interest, price_decline, discount, policy):
    """Alt text and caption of one frame of :func:`debt_explorable`."""
    policy = as_choice(policy, "policy", model.POLICIES)
    t, summary = policy_summary(interest, price_decline, discount)
    proactive, reactive = summary["proactive"]["total"], summary["reactive"]["total"]
    winner = "proactive" if proactive < reactive else "reactive"
    ratio = reactive / proactive
    path = summary[policy]["mean"]
    peak = int(np.argmax(path))
    return (
        f"Interest {interest:.0%}/yr, alignment work {price_decline:.0%}/yr cheaper each year, discount "
        f"{discount:.0%}/yr: expected cost proactive {proactive:,.1f}, reactive {reactive:,.1f} "
        f"(ratio {ratio:,.2f}; {winner} is cheaper). Under the {policy} policy the expected debt "
        f"peaks at {path[peak]:,.1f} nat-years in year {t[peak]:.0f}."
    )


def _build(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.34)
    path_ax, cost_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1.0]})
    style.style_axes(path_ax)
    style.style_axes(cost_ax)
    path_ax.set(xlim=(0, model.BASE.horizon), ylim=(0, _DEBT_LIMIT), xlabel="time (years)",
                ylabel="debt D (nat-years)")
    path_ax.set_title("Expected debt, with 10–90% range", fontsize=10)
    art = SimpleNamespace()
    art.band = path_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.ACCENT, alpha=0.25, linewidth=0,
                                    animated=True)
    (art.mean,) = path_ax.plot([], [], color=style.ACCENT, linewidth=2.2, animated=True)
    art.off_scale = path_ax.text(0.03, 0.95, "", transform=path_ax.transAxes, va="top", fontsize=9,
                                 color=style.NEUTRAL, animated=True)
    cost_ax.set(xlim=(-0.6, 1.6), ylim=(0, _COST_LIMIT), ylabel="expected discounted cost")
    cost_ax.set_xticks([0, 1], ["proactive", "reactive"])
    cost_ax.set_title("Cost of each policy", fontsize=10)
    art.bars = {}
    for k in _CATEGORIES:
        art.bars[k] = cost_ax.bar([0, 1], [0, 0], width=0.6, color=_CATEGORY_COLOURS[k], edgecolor=style.NEUTRAL,
                                  hatch=_HATCHES[k], linewidth=0.6, label=_CATEGORY_LABELS[k], animated=True)
    art.totals = [cost_ax.text(i, 0, "", ha="center", va="bottom", fontsize=9, color=style.NEUTRAL, animated=True)
                  for i in (0, 1)]
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=_CATEGORY_COLOURS[k], edgecolor=style.NEUTRAL, hatch=_HATCHES[k],
                     label=_CATEGORY_LABELS[k]) for k in _CATEGORIES]
    cost_ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    return art


def _draw(art, interest, price_decline, discount, policy):
    t, summary = policy_summary(interest, price_decline, discount)
    s = summary[policy]
    art.mean.set_data(t, np.minimum(s["mean"], _DEBT_LIMIT))
    art.band.set_data(t, np.minimum(s["low"], _DEBT_LIMIT), np.minimum(s["high"], _DEBT_LIMIT))
    peak = float(s["high"].max())
    art.off_scale.set_text(f"90th percentile off scale: peaks at {peak:,.0f}" if peak > _DEBT_LIMIT else
                           f"{policy} policy")
    for i, name in enumerate(model.POLICIES):
        bottom = 0.0
        for k in _CATEGORIES:
            value = summary[name]["costs"][k]
            shown = max(0.0, min(value, _COST_LIMIT - bottom))
            bar = art.bars[k][i]
            bar.set_y(bottom)
            bar.set_height(shown)
            bottom += shown
        total = summary[name]["total"]
        label = art.totals[i]
        label.set_position((i, min(bottom, _COST_LIMIT * 0.92)))
        label.set_text(f"{total:,.1f}" if total <= _COST_LIMIT else f"{total:,.0f} ↑")


def debt_explorable():
    """The Chapter 10 explorable: cost of each policy and the debt path.

    Sliders: the interest rate on debt and the rate at which alignment work gets
    cheaper (static on the website), the discount rate and the policy whose debt path
    is drawn (live in the notebook). All other parameters are :data:`acslib.debt.BASE`.

    Examples
    --------
    >>> ex = debt_explorable()
    >>> len(ex.static_grid())
    42
    """
    return Explorable(
        "Alignment debt under two policies",
        [
            Param("interest", INTEREST_VALUES[0], INTEREST_VALUES[-1], 0.05, 0.1, label="interest on debt",
                  unit=" /yr", fmt=".2f"),
            Param("price_decline", PRICE_DECLINE_VALUES[0], PRICE_DECLINE_VALUES[-1], 0.05, 0.05,
                  label="alignment gets cheaper by", unit=" /yr", fmt=".2f"),
            Param("discount", 0.0, 0.2, 0.01, 0.05, label="discount rate", unit=" /yr", fmt=".2f"),
            Choice("policy", model.POLICIES, "reactive", label="debt path of",
                   option_labels=("proactive policy", "reactive policy")),
        ],
        _build,
        _draw,
        describe=describe_debt,
        static_params=("interest", "price_decline"),
        figsize=(8.0, 3.4),
    )


def _two_colour_map():
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("acs-flip", [style.CAPABILITY, "#ffffff", style.ALIGNMENT])


def flip_map_figure(price_declines=None, discounts=None):
    """Static figure: where each policy is cheaper, over price decline and discount rate.

    Two panels at base parameters, without incident losses (left) and with the base
    loss per incident (right). Blue: proactive cheaper; vermilion: reactive cheaper;
    the black line is where they cost the same. A dot marks the base parameters and a
    labelled bar, for context only, the region where the unpublished prototype of the
    model flipped (price declines 0.15 to 0.3 at a 15% discount rate).

    Parameters
    ----------
    price_declines, discounts : array_like, optional
        Grid values (per year, at most 2, at most 30 values each); default 0 to 0.3 by
        0.025 and 0 to 0.2 by 0.025.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> figure = flip_map_figure([0.0, 0.3], [0.0, 0.2])
    >>> len(figure.figure.axes)  # two maps and their colour bar
    3
    """
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.figure import Figure

    deltas = np.round(np.arange(0.0, 0.3001, 0.025), 4) if price_declines is None else \
        as_float_array(price_declines, "price_declines", ndim=1, nonnegative=True)
    rhos = np.round(np.arange(0.0, 0.2001, 0.025), 4) if discounts is None else \
        as_float_array(discounts, "discounts", ndim=1, nonnegative=True)
    if deltas.size < 2 or rhos.size < 2:
        raise ValueError("price_declines and discounts must hold at least two values each")
    figure = Figure(figsize=(8.0, 3.4), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.9, top=0.86, bottom=0.16, wspace=0.22)
    axes = figure.subplots(1, 2, sharey=True)
    norm = TwoSlopeNorm(vmin=-np.log(4.0), vcenter=0.0, vmax=np.log(4.0))
    summaries = []
    for label, values, name in (("price_declines", deltas, "price_decline"), ("discounts", rhos, "discount")):
        if values.size > 30 or values.max() > 2.0:
            raise ValueError(f"{label} must hold at most 30 values of at most 2 per year (the {name} cap)")
    for ax, loss in zip(axes, (0.0, model.BASE.incident_loss)):
        ratio = model.flip_map(model.BASE.replace(incident_loss=loss), "price_decline", deltas, "discount", rhos)
        mesh = ax.pcolormesh(deltas, rhos, np.log(ratio), cmap=_two_colour_map(), norm=norm, shading="nearest")
        ax.contour(deltas, rhos, ratio, levels=[1.0], colors=[style.EXTRA[3]], linewidths=1.6)
        ax.plot([model.BASE.price_decline], [model.BASE.discount], marker="o", color=style.EXTRA[3], markersize=6,
                linestyle="none")
        ax.plot([0.15, 0.3], [0.15, 0.15], color=style.EXTRA[3], linewidth=3, solid_capstyle="butt")
        ax.text(0.225, 0.155, "prototype's flip", ha="center", va="bottom", fontsize=9, color=style.EXTRA[3])
        ax.set_xlabel("alignment gets cheaper by (per year)")
        ax.set_title(f"loss per incident {loss:g}", fontsize=10)
        reactive_share = float((ratio < 1).mean())
        summaries.append((loss, float(ratio.min()), float(ratio.max()), reactive_share))
    axes[0].set_ylabel("discount rate (per year)")
    colorbar = figure.colorbar(mesh, ax=list(axes), fraction=0.04, pad=0.02)
    ticks = np.log([0.25, 0.5, 1.0, 2.0, 4.0])
    colorbar.set_ticks(ticks, labels=["¼", "½", "1", "2", "4"])
    colorbar.set_label("reactive / proactive cost")
    (l0, lo0, hi0, share0), (l1, lo1, hi1, share1) = summaries
    alt = (
        "Two maps of the ratio of reactive to proactive expected cost over the rate at which alignment gets "
        f"cheaper (0 to {deltas[-1]:g} per year) and the discount rate (0 to {rhos[-1]:g} per year), with "
        f"other parameters at base. Without incident losses (left) the ratio runs from {lo0:.2f} to {hi0:.2f} "
        f"and reactive is cheaper in {share0:.0%} of the map, the fast-cheapening, steep-discount corner; with "
        f"a loss of {l1:g} per incident (right) it runs from {lo1:.2f} to {hi1:.2f} and reactive is cheaper "
        f"in {share1:.0%}. A dot marks the base parameters, in the region where proactive is cheaper; a bar "
        "marks, for context, where an unpublished prototype of the model flipped: price declines 0.15 to 0.3 "
        "at a 15% discount rate."
    )
    return StaticFigure(figure, alt)


def spiral_figure(params=None, response_years=(2, 4, 6, 8, 10, 12)):
    """Static figure for *The spiral condition*: the drift of the debt, and reactive worlds.

    Left: how fast a debt changes when the gap is closed and the free budget goes to
    retrofits, at fixed prices, for three interest rates; it crosses zero at the spiral
    threshold. Right: the debt of the reactive policy in worlds whose first incident
    comes in the given years, with the threshold (which rises as prices fall).

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`acslib.debt.BASE`.
    response_years : sequence of float
        First-incident years to draw (two to eight, within the horizon).

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> len(spiral_figure(response_years=(2, 10)).figure.axes)
    2
    """
    from matplotlib.figure import Figure

    params = model.BASE if params is None else as_instance(params, "params", model.DebtParams)
    years = as_float_array(response_years, "response_years", ndim=1, nonnegative=True)
    if not 2 <= years.size <= 8 or years.max() >= params.horizon:
        raise ValueError(f"response_years must hold 2 to 8 years before the horizon {params.horizon:g}")
    run = model.expected_run(params, "reactive")
    figure = Figure(figsize=(8.0, 3.4), dpi=100)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.86, bottom=0.16, wspace=0.3)
    drift_ax, path_ax = figure.subplots(1, 2)
    for ax in (drift_ax, path_ax):
        style.style_axes(ax)
    free = params.free_budget
    grid = np.linspace(0.1, 60.0, 300)
    thresholds = []
    for rate, colour, dash in ((0.05, style.SAFE, "--"), (params.interest, style.ACCENT, "-"),
                               (0.2, style.CAPABILITY, ":")):
        drift = model.debt_drift(grid, free, rate, params.retrofit_cost, params.retrofit_scale)
        threshold = float(model.spiral_threshold(free, rate, params.retrofit_cost, params.retrofit_scale))
        thresholds.append((rate, threshold))
        drift_ax.plot(grid, drift, color=colour, linestyle=dash, linewidth=2, label=f"interest {rate:g}/yr")
        drift_ax.plot([threshold], [0.0], marker="o", color=colour, linestyle="none")
    drift_ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    drift_ax.set(xlim=(0, 60), ylim=(-6, 6), xlabel="debt D (nat-years)", ylabel="change in debt (per year)")
    drift_ax.set_title("Below zero the debt shrinks", fontsize=10)
    drift_ax.legend(fontsize=9, frameon=False, loc="lower right")
    t = run.t
    price = np.exp(-params.price_decline * t)
    moving = model.spiral_threshold(params.budget / price - params.rnd_cost, params.interest, params.retrofit_cost,
                                    params.retrofit_scale)
    path_ax.plot(t, moving, color=style.NEUTRAL, linestyle="--", linewidth=1.5, label="spiral threshold")
    colours = (style.ALIGNMENT, style.SAFE, style.ACCENT, style.EXTRA[1], style.CAPABILITY, style.EXTRA[3],
               style.EXTRA[0], style.EXTRA[2])
    dashes = ("-", "--", "-.", ":", "-", "--", "-.", ":")
    finals = []
    for year, colour, dash in zip(years, colours, dashes):
        world = min(int(round(year / params.step)), params.steps - 1)
        path = run.debt[world]
        path_ax.plot(t, path, color=colour, linestyle=dash, linewidth=1.8, label=f"year {year:g}")
        finals.append((year, float(path.max()), float(path[-1])))
    path_ax.set(xlim=(0, params.horizon), ylim=(0, 110), xlabel="time (years)", ylabel="debt D (nat-years)")
    path_ax.set_title("Reactive worlds, by first incident", fontsize=10)
    path_ax.legend(fontsize=9, loc="upper left", frameon=False, ncol=1, title="first incident in",
                   title_fontsize=9, alignment="left")
    described = "; ".join(f"year {y:g}: peak {peak:.0f}, final {end:.0f}" for y, peak, end in finals)
    alt = (
        "Left: the yearly change in a debt against its size when the gap is closed and the spare budget of "
        f"{free:g} per year goes to retrofits, at fixed prices; the curves cross zero at the spiral threshold, "
        + ", ".join(f"{d:.1f} nat-years at interest {r:g}" for r, d in thresholds)
        + ". Right: the reactive policy's debt in worlds whose first incident comes in different years, with "
        f"the threshold rising from {float(moving[0]):.0f} as prices fall ({described})."
    )
    return StaticFigure(figure, alt)


EXPLORABLES = (debt_explorable,)
