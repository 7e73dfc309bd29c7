"""Explorables and figures for Chapter 11, *Key challenges*.

Used in ``chapters/11_key_challenges.ipynb``: the oversight-bottleneck explorable
(section *Oversight bottlenecks*), and static figures for the race, institutional inertia
and evaluation-suite saturation.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from .._validation import as_float_array, as_int, as_probability, as_scalar
from ..bottlenecks import crossover_time, review_capacity, review_demand, unreviewed_fraction
from ..explorable import Explorable, Param, StaticFigure
from ..inertia import governance_response, periodic_review, steady_state_gap
from ..race import disaster_probability, equilibrium_safety, expected_utility, private_information_disaster
from ..saturation import item_difficulties, resolution_crossing, suite_reliability, suite_score
from . import style

__all__ = [
    "BOTTLENECK_SETTINGS",
    "bottleneck_curves",
    "describe_bottleneck",
    "bottleneck_explorable",
    "race_figure",
    "inertia_figure",
    "saturation_figure",
    "SATURATION_SUITE",
    "EXPLORABLES",
]

#: Fixed settings of the bottleneck explorable, namely demand and capacity now (items a week)
#: and the horizon (years).
BOTTLENECK_SETTINGS = {"demand_initial": 100.0, "capacity_initial": 1000.0, "horizon": 10.0}
_YEARS = np.linspace(0.0, BOTTLENECK_SETTINGS["horizon"], 241)
_YEARS.setflags(write=False)


def _factor(value, name):
    value = as_scalar(value, name, positive=True)
    if value < 1:
        raise ValueError(f"{name} must be at least 1 (a yearly growth factor); got {value}")
    if value > 100:
        raise ValueError(f"{name} must be at most 100; got {value}")
    return value


def bottleneck_curves(demand_growth, tool_growth, hiring):
    """Demand, capacity and unreviewed fraction over the explorable's ten years.

    Parameters
    ----------
    demand_growth : float
        Yearly growth factor of review demand, 1 to 100.
    tool_growth : float
        Yearly growth factor of the tool multiplier, 1 to 100.
    hiring : float
        Capacity added per year by hiring (items a week), 0 to 1e6.

    Returns
    -------
    years, demand, capacity, unreviewed : numpy.ndarray
        Read-only arrays on a grid of 241 points.

    Examples
    --------
    >>> years, demand, capacity, unreviewed = bottleneck_curves(2.0, 1.0, 0.0)
    >>> float(demand[-1]), float(unreviewed[-1].round(4))
    (102400.0, 0.9902)
    """
    return _bottleneck_curves(_factor(demand_growth, "demand_growth"), _factor(tool_growth, "tool_growth"),
                              _hiring(hiring))


def _hiring(hiring):
    hiring = as_scalar(hiring, "hiring", nonnegative=True)
    if hiring > 1e6:
        raise ValueError(f"hiring must be at most 1e6 items a week per year; got {hiring:g}")
    return hiring


@functools.lru_cache(maxsize=512)
def _bottleneck_curves(demand_growth, tool_growth, hiring):
    g, tau = np.log(demand_growth), np.log(tool_growth)
    demand = review_demand(_YEARS, BOTTLENECK_SETTINGS["demand_initial"], g)
    capacity = review_capacity(_YEARS, BOTTLENECK_SETTINGS["capacity_initial"], hiring, tau)
    unreviewed = unreviewed_fraction(demand, capacity)
    for array in (demand, capacity, unreviewed):
        array.setflags(write=False)
    return _YEARS, demand, capacity, unreviewed


def describe_bottleneck(demand_growth, tool_growth, hiring):
    """Alt text and caption of one frame of :func:`bottleneck_explorable`.

    Examples
    --------
    >>> describe_bottleneck(2.0, 1.0, 100.0)[:60]
    'Review demand starts at 100 items a week and grows 2× a year'
    """
    _, _, _, unreviewed = bottleneck_curves(demand_growth, tool_growth, hiring)
    crossing = float(crossover_time(BOTTLENECK_SETTINGS["demand_initial"], np.log(demand_growth),
                                    BOTTLENECK_SETTINGS["capacity_initial"], hiring, np.log(tool_growth)))
    text = (f"Review demand starts at 100 items a week and grows {demand_growth:g}× a year; capacity starts at "
            f"1,000, gains {hiring:g} a year by hiring and is multiplied by tools improving {tool_growth:g}× a year. ")
    if not np.isfinite(crossing):
        return text + "Capacity stays ahead for good: the tools grow at least as fast as demand, so there is no crossover."
    if crossing > BOTTLENECK_SETTINGS["horizon"]:
        return text + f"Demand overtakes capacity only in year {crossing:.1f}, after the ten years shown."
    share = 100 * float(unreviewed[-1])
    shown = "more than 99%" if share > 99 else f"{share:.0f}%"
    return text + f"Demand overtakes capacity in year {crossing:.1f}; by year 10, {shown} of items go unreviewed."


def _build_bottleneck(fig):
    fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    levels, share = fig.subplots(1, 2)
    for ax in (levels, share):
        style.style_axes(ax)
        ax.set_xlim(0, BOTTLENECK_SETTINGS["horizon"])
        ax.set_xlabel("years")
    levels.set(yscale="log", ylim=(1e2, 1e9), ylabel="items a week")
    levels.set_title("Review demand against capacity")
    share.set(ylim=(0, 1.02), ylabel="share unreviewed")
    share.set_title("Demand left unreviewed")
    art = SimpleNamespace()
    (art.demand,) = levels.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    (art.capacity,) = levels.plot([], [], color=style.ALIGNMENT, linewidth=2, linestyle="--", animated=True)
    levels.plot([], [], color=style.CAPABILITY, linewidth=2, label="demand")
    levels.plot([], [], color=style.ALIGNMENT, linewidth=2, linestyle="--", label="capacity")
    levels.legend(loc="upper left", frameon=False)
    art.crossings = [ax.axvline(0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
                     for ax in (levels, share)]
    (art.unreviewed,) = share.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    art.fill = share.fill_between([0, 1], [0, 0], [0, 0], color=style.GAP, alpha=style.GAP_ALPHA, linewidth=0,
                                  animated=True)
    return art


def _draw_bottleneck(art, demand_growth, tool_growth, hiring):
    years, demand, capacity, unreviewed = bottleneck_curves(demand_growth, tool_growth, hiring)
    art.demand.set_data(years, demand)
    art.capacity.set_data(years, capacity)
    art.unreviewed.set_data(years, unreviewed)
    art.fill.set_data(years, 0.0, unreviewed)
    crossing = float(crossover_time(BOTTLENECK_SETTINGS["demand_initial"], np.log(demand_growth),
                                    BOTTLENECK_SETTINGS["capacity_initial"], hiring, np.log(tool_growth)))
    for line in art.crossings:
        line.set_visible(crossing <= BOTTLENECK_SETTINGS["horizon"])
        line.set_xdata([crossing, crossing] if np.isfinite(crossing) else [0, 0])


def bottleneck_explorable():
    """The Chapter 11 explorable: exponential review demand against hired and tool-scaled capacity.

    Sliders: demand growth and tool growth (static on the website), hiring (live only).

    Examples
    --------
    >>> len(bottleneck_explorable().static_grid())  # 3 demand growths x 7 tool growths
    21
    """
    return Explorable(
        "Oversight bottleneck",
        [
            Param("demand_growth", 2.0, 4.0, 1.0, 2.0, label="demand growth per year", unit="×"),
            Param("tool_growth", 1.0, 4.0, 0.5, 1.0, label="tool multiplier growth per year", unit="×"),
            Param("hiring", 0, 400, 50, 100, label="capacity hired per year", unit=" items/week"),
        ],
        _build_bottleneck,
        _draw_bottleneck,
        describe=describe_bottleneck,
        static_params=("demand_growth", "tool_growth"),
        figsize=(8.0, 3.4),
    )


def race_figure(n_teams=3, enmity=0.8, skill_range=0.6):
    """Static figure for section *Incentive misalignment: the race*.

    Left: a team's expected utility against its own safety when the others play the
    equilibrium, peaking at ``s*``. Right: disaster probability against enmity for 2, 3,
    5 and 10 teams, with no information (solid) and private information (dashed).

    Parameters
    ----------
    n_teams : int
        Teams in the left panel, 2 to 10.
    enmity : float
        Enmity in the left panel, in (0, 1].
    skill_range : float
        ``μ`` in both panels, positive and at most 100.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> race_figure().alt[:40]
    'Left: with 3 teams, enmity 0.8 and skill'
    """
    import matplotlib
    from matplotlib.figure import Figure

    n_teams = as_int(n_teams, "n_teams", minimum=2, maximum=10)
    enmity = float(as_probability(as_scalar(enmity, "enmity", positive=True), "enmity"))
    skill_range = as_scalar(skill_range, "skill_range", positive=True)
    if skill_range > 100:
        raise ValueError(f"skill_range must be at most 100; got {skill_range:g}")
    equilibrium = float(equilibrium_safety(n_teams, enmity, skill_range))
    safety = np.linspace(0.0, 1.0, 201)
    utility = np.asarray(expected_utility(safety, equilibrium, n_teams, enmity, skill_range))
    enmities = np.linspace(0.05, 1.0, 96)
    colours = (style.ALIGNMENT, style.SAFE, style.ACCENT, style.CAPABILITY)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
        left.plot(safety, utility, color=style.ALIGNMENT, linewidth=2)
        left.axvline(equilibrium, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
        left.annotate(f"best response = s* = {equilibrium:.2f}", (equilibrium, utility.max()), xytext=(8, -4),
                      textcoords="offset points", va="top")
        left.set(xlim=(0, 1), xlabel="own safety (others at s*)", ylabel="expected utility")
        left.set_title(f"{n_teams} teams, enmity {enmity:g}, skill range {skill_range:g}")
        for n, colour in zip((2, 3, 5, 10), colours):
            right.plot(enmities, disaster_probability(n, enmities, skill_range), color=colour, linewidth=2,
                       label=f"{n} teams")
            right.plot(enmities, private_information_disaster(n, enmities, skill_range), color=colour,
                       linewidth=1.5, linestyle="--")
        right.plot([], [], color=style.NEUTRAL, linestyle="--", label="private info")
        right.set(xlim=(0, 1), ylim=(0, 1), xlabel="enmity e", ylabel="probability of disaster")
        right.set_title(f"Disaster in equilibrium (skill range {skill_range:g})")
        right.legend(loc="lower right", frameon=False, fontsize=9)
    ten = float(disaster_probability(10, 1.0, skill_range))
    two = float(disaster_probability(2, 1.0, skill_range))
    alt = (f"Left: with {n_teams} teams, enmity {enmity:g} and skill range {skill_range:g}, a team's expected utility "
           f"rises with its own safety up to {equilibrium:.2f}, the equilibrium level, and falls after it. Right: the "
           f"probability of disaster rises with enmity and with the number of teams; at full enmity it is "
           f"{two:.2f} with two teams and {ten:.2f} with ten, and the dashed private-information curves lie higher.")
    return StaticFigure(fig, alt)


def inertia_figure(annual_growth=3.0, lags=(0.5, 1.0, 2.0), review_period=1.0):
    """Static figure for section *Institutional inertia*.

    The log gap ``ln(C/G)`` when governance follows capability growing ``annual_growth``
    times a year with first-order lags (solid, settling at ``ln(1 + rT)``, dotted) and
    with reviews every ``review_period`` years (saw-tooth).

    Parameters
    ----------
    annual_growth : float
        Yearly growth factor of capability, 1 to 100.
    lags : array_like
        One to four lag constants ``T`` in years, positive, at most 1,000.
    review_period : float
        Years between reviews of the saw-tooth line, positive, at most 1,000.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> inertia_figure().alt[:45]
    'Capability grows 3× a year. With a governance'
    """
    import matplotlib
    from matplotlib.figure import Figure

    growth = _factor(annual_growth, "annual_growth")
    lags = as_float_array(lags, "lags", positive=True, ndim=1)
    if lags.size > 4 or (lags > 1000).any():
        raise ValueError("lags must hold one to four lag constants of at most 1000 years")
    review_period = as_scalar(review_period, "review_period", positive=True)
    if review_period > 1000:
        raise ValueError(f"review_period must be at most 1000 years; got {review_period:g}")
    rate = float(np.log(growth))
    t = np.linspace(0.0, 8.0, 1601)
    capability = np.exp(rate * t)
    colours = (style.SAFE, style.ALIGNMENT, style.CAPABILITY, style.ACCENT)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.75, top=0.88, bottom=0.16)
        ax = fig.add_subplot()
        style.style_axes(ax)
        for lag, colour in zip(lags, colours):
            gap = np.log(capability / governance_response(t, capability, lag))
            ax.plot(t, gap, color=colour, linewidth=2, label=f"lag T = {lag:g} yr")
            ax.axhline(float(steady_state_gap(rate, lag)), color=colour, linestyle=":", linewidth=1.2)
        review = np.log(capability / periodic_review(t, capability, review_period))
        ax.plot(t, review, color=style.GREY, linewidth=1.2, label=f"review every {review_period:g} yr")
        ax.set(xlim=(0, 8), ylim=(0, max(0.1, 1.05 * max(review.max(), float(steady_state_gap(rate, lags.max()))))),
               xlabel="years", ylabel="gap ln(C / G)")
        ax.set_title(f"Governance lagging capability that grows {growth:g}× a year")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    gaps = ", ".join(f"{float(steady_state_gap(rate, lag)):.2f} for T = {lag:g}" for lag in lags)
    alt = (f"Capability grows {growth:g}× a year. With a governance lag the log gap rises from zero and levels off at "
           f"ln(1 + rT): {gaps} years. Governance reviewed every {review_period:g} year instead saw-tooths between "
           f"0 and {rate * review_period:.2f}.")
    return StaticFigure(fig, alt)


#: The fixed suite of :func:`saturation_figure`, 500 items around ability 2 with spread 1.
SATURATION_SUITE = item_difficulties(500, 2.0, 1.0)
SATURATION_SUITE.setflags(write=False)


def saturation_figure(ability_rate=1.0, label_noise=0.03, ability_spread=0.5):
    """Static figure for section *Proxy metric overreliance*.

    Left: the score of the fixed suite (:data:`SATURATION_SUITE`) as ability grows by
    ``ability_rate`` a year, with and without mislabelled items. Right: its reliability
    across frontier models spread by ``ability_spread``, with the year the suite stops
    resolving one year of progress.

    Parameters
    ----------
    ability_rate : float
        Ability units gained a year, positive, at most 10.
    label_noise : float
        Share of items with a wrong key, in [0, 1).
    ability_spread : float
        Spread of abilities across frontier models, positive.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> saturation_figure().alt[:40]
    'A fixed suite of 500 items, median diffi'
    """
    import matplotlib
    from matplotlib.figure import Figure

    rate = as_scalar(ability_rate, "ability_rate", positive=True)
    if rate > 10:
        raise ValueError(f"ability_rate must be at most 10 units a year; got {rate:g}")
    years = np.linspace(0.0, 10.0, 201)
    ability = rate * years
    clean = suite_score(ability, SATURATION_SUITE)
    noisy = suite_score(ability, SATURATION_SUITE, label_noise=label_noise)
    reliability_clean = suite_reliability(ability, ability_spread, SATURATION_SUITE)
    reliability_noisy = suite_reliability(ability, ability_spread, SATURATION_SUITE, label_noise=label_noise)
    crossing_clean = resolution_crossing(0.0, rate, SATURATION_SUITE)
    crossing_noisy = resolution_crossing(0.0, rate, SATURATION_SUITE, label_noise=label_noise)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 3.4), dpi=100)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
        left, right = fig.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set_xlim(0, 10)
            ax.set_xlabel("years (ability rises 1 unit a year)" if rate == 1 else "years")
        left.plot(years, clean, color=style.ALIGNMENT, linewidth=2, label="clean keys")
        left.plot(years, noisy, color=style.CAPABILITY, linewidth=2, linestyle="--",
                  label=f"{100 * label_noise:g}% bad keys")
        left.set(ylim=(0, 1.02), ylabel="suite score")
        left.set_title("The score saturates")
        left.legend(loc="lower right", frameon=False)
        right.plot(years, reliability_clean, color=style.ALIGNMENT, linewidth=2)
        right.plot(years, reliability_noisy, color=style.CAPABILITY, linewidth=2, linestyle="--")
        for crossing, colour in ((crossing_clean, style.ALIGNMENT), (crossing_noisy, style.CAPABILITY)):
            right.axvline(crossing, color=colour, linestyle=":", linewidth=1.2)
        right.set(ylim=(0, 1.02), ylabel="reliability (signal share)")
        right.set_title("What a score difference means")
    alt = (f"A fixed suite of 500 items, median difficulty 2, scored while ability rises {rate:g} unit a year. The "
           f"score climbs to its ceiling within about six years; with {100 * label_noise:g}% bad keys it stops "
           f"below {1 - label_noise:.2f}. The share of a score difference between frontier models that reflects real "
           f"ability falls towards zero, and the suite stops resolving a year of progress in year "
           f"{crossing_clean:.1f} (clean) or {crossing_noisy:.1f} (bad keys), the dotted lines.")
    return StaticFigure(fig, alt)


EXPLORABLES = (bottleneck_explorable,)
