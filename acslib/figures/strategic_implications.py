"""Explorables and figures for Chapter 12, *Strategic implications*.

Used in ``chapters/12_strategic_implications.ipynb``: the autonomy-gating explorable
(section *Monitoring before autonomy*) and static figures for the budget split, the
evaluation effort and the oversight load.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from .._validation import as_scalar
from ..allocation import AllocationModel, greedy_allocation, optimal_allocation
from ..evaluation_effort import evaluation_effort
from ..explorable import Explorable, Param, StaticFigure
from ..gating import simulate_gating
from ..oversight_load import oversight_load
from . import style

__all__ = [
    "GATING_SETTINGS",
    "gating_bars",
    "gating_run",
    "describe_gating",
    "gating_explorable",
    "allocation_figure",
    "ALLOCATION_SCENARIOS",
    "effort_figure",
    "load_figure",
    "EXPLORABLES",
]

#: Fixed settings of the gating explorable (see :func:`acslib.gating.simulate_gating`).
GATING_SETTINGS = {"years": 20, "max_level": 5, "monitoring_initial": 0.5, "base_rate": 0.01,
                   "autonomy_factor": 2.0, "n_runs": 2000, "seed": 0}


def gating_bars(top_bar):
    """Bars for levels 0..5: 0, then evenly from 0.5 up to ``top_bar`` (in (0.5, 1]).

    Examples
    --------
    >>> gating_bars(0.9).round(2).tolist()
    [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
    """
    top = as_scalar(top_bar, "top_bar", positive=True)
    if not 0.5 < top <= 1.0:
        raise ValueError(f"top_bar must lie in (0.5, 1]; got {top}")
    return np.concatenate([[0.0], np.linspace(0.5, top, GATING_SETTINGS["max_level"])])


def gating_run(improvement_rate, level_interval, top_bar, measurement_noise):
    """One simulation for the explorable (cached): :func:`acslib.gating.simulate_gating`.

    ``improvement_rate`` is non-negative, ``level_interval`` positive, ``top_bar`` in
    (0.5, 1] and ``measurement_noise`` from 0 to 1.

    Examples
    --------
    >>> run = gating_run(0.15, 2.0, 0.9, 0.0)
    >>> run.gated_rate <= run.ungated_rate
    True
    """
    noise = as_scalar(measurement_noise, "measurement_noise", nonnegative=True)
    if noise > 1:
        raise ValueError(f"measurement_noise must be at most 1; got {noise:g}")
    gating_bars(top_bar)
    return _gating_run(as_scalar(improvement_rate, "improvement_rate", nonnegative=True),
                       as_scalar(level_interval, "level_interval", positive=True), float(top_bar), noise)


@functools.lru_cache(maxsize=1024)
def _gating_run(improvement_rate, level_interval, top_bar, measurement_noise):
    return simulate_gating(GATING_SETTINGS["years"], level_interval=level_interval, max_level=GATING_SETTINGS["max_level"],
                           bars=gating_bars(top_bar), monitoring_initial=GATING_SETTINGS["monitoring_initial"],
                           improvement_rate=improvement_rate, base_rate=GATING_SETTINGS["base_rate"],
                           autonomy_factor=GATING_SETTINGS["autonomy_factor"], measurement_noise=measurement_noise,
                           n_runs=GATING_SETTINGS["n_runs"], seed=GATING_SETTINGS["seed"])


def describe_gating(improvement_rate, level_interval, top_bar, measurement_noise):
    """Alt text and caption of one frame of :func:`gating_explorable`.

    Examples
    --------
    >>> describe_gating(0.15, 2.0, 0.9, 0.0)[:58]
    'Monitoring improves at rate 0.15 a year and autonomy is sc'
    """
    run = gating_run(improvement_rate, level_interval, top_bar, measurement_noise)
    years = GATING_SETTINGS["years"]
    return (f"Monitoring improves at rate {improvement_rate:g} a year and autonomy is scheduled to rise one level every "
            f"{level_interval:g} years; the top level needs monitoring {top_bar:g}, measured with noise "
            f"{measurement_noise:g}. Over {years} years the ungated system has {run.ungated_rate * years:.2f} uncontained "
            f"incidents on average and the gated one {run.gated_rate * years:.2f}, at a cost of "
            f"{run.autonomy_foregone:.1f} level-years of autonomy withheld ({GATING_SETTINGS['n_runs']:,} runs, seed 0).")


def _build_gating(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    levels, incidents = fig.subplots(1, 2)
    years = GATING_SETTINGS["years"]
    for ax in (levels, incidents):
        style.style_axes(ax)
        ax.set_xlim(0, years - 1)
        ax.set_xlabel("year")
    levels.set(ylim=(-0.2, GATING_SETTINGS["max_level"] + 0.3), ylabel="autonomy level")
    levels.set_title("Autonomy: scheduled and gated")
    incidents.set(ylim=(0, 1.6), ylabel="uncontained incidents (cumulative)")
    incidents.set_title("Incidents, same random draws")
    art = SimpleNamespace()
    (art.ungated,) = levels.step([], [], where="post", color=style.CAPABILITY, linewidth=2, animated=True)
    (art.gated,) = levels.step([], [], where="post", color=style.ALIGNMENT, linewidth=2, linestyle="--", animated=True)
    levels.plot([], [], color=style.CAPABILITY, linewidth=2, label="ungated")
    levels.plot([], [], color=style.ALIGNMENT, linewidth=2, linestyle="--", label="gated (mean)")
    levels.legend(loc="lower right", frameon=False)
    (art.ungated_incidents,) = incidents.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    (art.gated_incidents,) = incidents.plot([], [], color=style.ALIGNMENT, linewidth=2, linestyle="--", animated=True)
    return art


def _draw_gating(art, improvement_rate, level_interval, top_bar, measurement_noise):
    run = gating_run(improvement_rate, level_interval, top_bar, measurement_noise)
    art.ungated.set_data(run.years, run.ungated_levels[0])
    art.gated.set_data(run.years, run.gated_levels.mean(axis=0))
    art.ungated_incidents.set_data(run.years, np.cumsum(run.ungated_incidents.mean(axis=0)))
    art.gated_incidents.set_data(run.years, np.cumsum(run.gated_incidents.mean(axis=0)))


def gating_explorable():
    """The Chapter 12 explorable: autonomy gated on monitoring against ungated scaling.

    Sliders: monitoring improvement rate and schedule (static on the website), the top
    level's bar and the measurement noise (live only).

    Examples
    --------
    >>> len(gating_explorable().static_grid())  # 8 improvement rates x 4 schedules
    32
    """
    return Explorable(
        "Monitoring before autonomy",
        [
            Param("improvement_rate", 0.05, 0.40, 0.05, 0.15, label="monitoring improvement rate", unit=" /yr"),
            Param("level_interval", 1.0, 4.0, 1.0, 1.0, label="years per autonomy level", unit=" yr"),
            Param("top_bar", 0.80, 0.98, 0.02, 0.90, label="monitoring bar of the top level", fmt=".2f"),
            Param("measurement_noise", 0.0, 0.10, 0.02, 0.0, label="noise in measured monitoring", fmt=".2f"),
        ],
        _build_gating,
        _draw_gating,
        describe=describe_gating,
        static_params=("improvement_rate", "level_interval"),
        figsize=(8.0, 3.4),
    )


#: The three scenarios of :func:`allocation_figure`, as (label, model) pairs.
ALLOCATION_SCENARIOS = (
    ("constant returns", AllocationModel()),
    ("alignment gets harder (δ = 0.5)", AllocationModel(alignment_difficulty=0.5)),
    ("capability accelerates (γ = 0.3)", AllocationModel(capability_feedback=0.3)),
)


def allocation_figure(periods=10):
    """Static figure for section *Investing in alignment alongside capability*.

    ``periods`` is the horizon in years, 1 to 60.

    The alignment share of the budget year by year under the greedy rule (dashed) and
    the optimum (solid), in the three :data:`ALLOCATION_SCENARIOS`, and the optimum's
    alignment lead ``ln(A/C)``.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> allocation_figure().alt[:44]
    'Left: the share of the budget spent on align'
    """
    import matplotlib
    from matplotlib.figure import Figure

    colours = (style.NEUTRAL, style.ALIGNMENT, style.CAPABILITY)
    plans = [(label, greedy_allocation(periods, 1.0, model), optimal_allocation(periods, 1.0, model))
             for label, model in ALLOCATION_SCENARIOS]
    years = np.arange(periods)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set_xlabel("year")
        for (label, greedy, best), colour in zip(plans, colours):
            left.plot(years, best.alignment_share, color=colour, linewidth=2, label=label)
            left.plot(years, greedy.alignment_share, color=colour, linewidth=1.5, linestyle="--")
            right.plot(np.arange(periods + 1), best.slack, color=colour, linewidth=2)
        left.set(ylim=(0.4, 1.0), ylabel="alignment share of budget")
        left.set_title("Optimal (solid) and greedy (dashed)")
        left.legend(loc="upper left", frameon=False, fontsize=9)
        right.set(ylim=(-0.02, 0.5), ylabel="alignment lead ln(A / C)")
        right.set_title("Optimum: build a lead, spend it")
    harder = plans[1]
    alt = (f"Left: the share of the budget spent on alignment over {periods} years. With constant returns the greedy "
           f"rule and the optimum agree at {plans[0][2].alignment_share[0]:.2f}. When alignment gets harder, the greedy "
           f"share climbs from {harder[1].alignment_share[0]:.2f} to {harder[1].alignment_share[-1]:.2f}, while the "
           f"optimum starts at {harder[2].alignment_share[0]:.2f} and eases to {harder[2].alignment_share[-1]:.2f}; "
           f"accelerating capability looks similar. Right: the optimal plans build an alignment lead and spend it "
           f"by the last year, where A = C.")
    return StaticFigure(fig, alt)


def effort_figure(manifest_rate=0.002, confidence=0.9, annual_growth_factor=4.5, trigger_factor=2.0,
                  hours_per_task=2.0, horizon_doubling_years=0.58, budget_growth=2.0):
    """Static figure for section *Evaluation sophistication that keeps pace*.

    Yearly evaluation hours needed to keep catching a capability jump with probability
    ``confidence`` in each round, with the manifest share fixed or diluting at 0.3 a
    year, against a budget that grows ``budget_growth`` times a year from the same start.
    The parameters are those of :func:`acslib.evaluation_effort.evaluation_effort`, and
    ``budget_growth``, a yearly factor from 1 to 100.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> effort_figure().alt[:40]
    'Expert hours of evaluation a year needed'
    """
    import matplotlib
    from matplotlib.figure import Figure

    t = np.linspace(0.0, 6.0, 61)
    settings = dict(manifest_rate=manifest_rate, confidence=confidence, annual_growth_factor=annual_growth_factor,
                    trigger_factor=trigger_factor, hours_per_task=hours_per_task,
                    horizon_doubling_years=horizon_doubling_years)
    fixed = evaluation_effort(t, **settings).hours_per_year
    diluted = evaluation_effort(t, dilution_rate=0.3, **settings).hours_per_year
    growth = as_scalar(budget_growth, "budget_growth", positive=True)
    if not 1.0 <= growth <= 100.0:
        raise ValueError(f"budget_growth must lie between 1 and 100 (a yearly factor); got {growth:g}")
    budget = fixed[0] * growth**t
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.1, right=0.72, top=0.88, bottom=0.16)
        ax = fig.add_subplot()
        style.style_axes(ax)
        ax.plot(t, fixed, color=style.CAPABILITY, linewidth=2, label="needed, fixed share")
        ax.plot(t, diluted, color=style.CAPABILITY, linewidth=2, linestyle="--", label="needed, share dilutes")
        ax.plot(t, budget, color=style.ALIGNMENT, linewidth=2, linestyle=":", label=f"budget growing {growth:g}×/yr")
        ax.set(yscale="log", xlim=(0, 6), xlabel="years from now", ylabel="expert hours a year")
        ax.set_title("Evaluation effort that keeps detection fixed")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    alt = (f"Expert hours of evaluation a year needed to keep a {100 * confidence:g}% chance per round of catching a "
           f"capability that shows on {100 * manifest_rate:g}% of tasks, with rounds at every {trigger_factor:g}× "
           f"growth in compute at {annual_growth_factor:g}× a year and task length doubling every "
           f"{12 * horizon_doubling_years:.0f} months: it starts at {fixed[0]:,.0f} hours and reaches {fixed[-1]:,.0f} "
           f"after six years ({diluted[-1]:,.0f} if the share dilutes), far above a budget growing {growth:g}× a year "
           f"({budget[-1]:,.0f}).")
    return StaticFigure(fig, alt)


def load_figure(years=8.0):
    """Static figure for section *Governance that grows with deployment reach*.

    The four parts of :func:`acslib.oversight_load.oversight_load` over ``years`` years
    for a deployment whose users grow 2× a year, domains 1.3× and integrations 1.8×,
    from 100,000 users, 3 domains and 10 integrations. ``years`` is positive, at most 30.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> load_figure().alt[:40]
    'Review hours a month generated by a depl'
    """
    import matplotlib
    from matplotlib.figure import Figure

    horizon = as_scalar(years, "years", positive=True)
    if horizon > 30:
        raise ValueError(f"years must be at most 30; got {horizon:g}")
    t = np.linspace(0.0, horizon, 81)
    load = oversight_load(1e5 * 2.0**t, 3 * 1.3**t, 10 * 1.8**t)
    parts = (("sampled review", load.sampled, style.ALIGNMENT, "-"), ("per domain", load.domains, style.SAFE, "--"),
             ("integrations × domains", load.integrations, style.ACCENT, "-."),
             ("integration pairs", load.pairs, style.CAPABILITY, ":"))
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.1, right=0.7, top=0.88, bottom=0.16)
        ax = fig.add_subplot()
        style.style_axes(ax)
        for label, values, colour, dash in parts:
            ax.plot(t, values, color=colour, linewidth=2, linestyle=dash, label=label)
        ax.set(yscale="log", xlim=(0, horizon), xlabel="years", ylabel="review hours a month")
        ax.set_title("Where the oversight load comes from")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    alt = (f"Review hours a month generated by a deployment that grows for {horizon:g} years: sampled review grows with "
           f"users from {load.sampled[0]:,.0f} to {load.sampled[-1]:,.0f} hours, per-domain work stays small, and the "
           f"integration terms grow as products; integration pairs start at {load.pairs[0]:,.0f} hours and end at "
           f"{load.pairs[-1]:,.0f}.")
    return StaticFigure(fig, alt)


EXPLORABLES = (gating_explorable,)
