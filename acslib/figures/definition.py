"""Explorables and figures for Chapter 1, *What alignment capability scaling means*.

Used in ``chapters/01_definition.ipynb``: :func:`growth_shapes_figure` in section *Growth
processes*, :func:`lead_figure` in *What a lead is worth* and :func:`gap_explorable` in
*The conceptual illustration, made computable*.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .._validation import as_choice, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..gap import alignment_gap, first_crossing
from ..growth import doubling_time, exponential, logistic, piecewise_exponential
from . import style

__all__ = [
    "SATURATION_MULTIPLE",
    "HORIZON",
    "MAX_RATE",
    "MAX_HORIZON",
    "MAX_LEAD",
    "gap_explorable",
    "growth_curves",
    "describe_gap",
    "growth_shapes_figure",
    "lead_crossings",
    "lead_figure",
    "EXPLORABLES",
]

# Slowest and fastest rate on the sliders and the largest lead; with HORIZON they fix the
# axes, so every frame has the same axes and a live move never redraws them.
_MIN_RATE = 0.1
_MAX_RATE = 1.0
_MAX_LEAD = 10
_SAMPLES = 241
#: Years shown by :func:`gap_explorable`: long enough for every crossing its "things to
#: try" mention (the latest, a 10x lead at a rate gap of 0.1 per year, comes in year 23).
HORIZON = 30.0
#: Ceiling of the saturating alignment curve, as a multiple of its starting level.
SATURATION_MULTIPLE = 20.0
#: Largest growth rate the curve helpers accept, per year (20x a year), so no curve overflows.
MAX_RATE = 3.0
#: Longest horizon the curve helpers accept, in years.
MAX_HORIZON = 200.0
#: Largest initial lead (and the inverse of the smallest) the curve helpers accept.
MAX_LEAD = 1e6


def _checked(horizon, capability_rate, alignment_rate, initial_lead, alignment_shape):
    """The curves' inputs, validated under the caller's names (the slider names)."""
    horizon = as_scalar(horizon, "horizon", positive=True)
    if horizon > MAX_HORIZON:
        raise ValueError(f"horizon must be at most {MAX_HORIZON:g} years; got {horizon:g}")
    rates = {}
    for name, value in (("capability_rate", capability_rate), ("alignment_rate", alignment_rate)):
        value = as_scalar(value, name, nonnegative=True)
        if value > MAX_RATE:
            raise ValueError(f"{name} must be at most {MAX_RATE:g} per year; got {value:g}")
        rates[name] = value
    initial_lead = as_scalar(initial_lead, "initial_lead", positive=True)
    if not 1 / MAX_LEAD <= initial_lead <= MAX_LEAD:
        raise ValueError(f"initial_lead must lie between {1 / MAX_LEAD:g} and {MAX_LEAD:g}; got {initial_lead:g}")
    alignment_shape = as_choice(alignment_shape, "alignment_shape", ("exponential", "logistic"))
    return horizon, rates["capability_rate"], rates["alignment_rate"], initial_lead, alignment_shape


def growth_curves(horizon, capability_rate, alignment_rate, initial_lead, alignment_shape="exponential"):
    """Capability and alignment on a grid over ``[0, horizon]`` years.

    Capability starts at 1 and grows exponentially. Alignment starts ``initial_lead``
    times higher and grows exponentially or, with ``alignment_shape="logistic"``,
    logistically toward :data:`SATURATION_MULTIPLE` times its start (an oversight
    process that cannot be scaled past a fixed ceiling, such as a fixed pool of
    human reviewers).

    Parameters
    ----------
    horizon : float
        Years shown; positive, at most :data:`MAX_HORIZON` (200 years).
    capability_rate, alignment_rate : float
        Continuous growth rates per year, from 0 to :data:`MAX_RATE` (3).
    initial_lead : float
        Alignment's starting level relative to capability's, from 1e-6 to 1e6.
    alignment_shape : {"exponential", "logistic"}
        How alignment grows.

    Returns
    -------
    t, capability, alignment : numpy.ndarray

    Notes
    -----
    Defined in Chapter 1, section *The conceptual illustration, made computable*.

    Examples
    --------
    >>> t, c, a = growth_curves(10, 0.5, 0.25, 2.0)
    >>> round(float(c[-1] / a[-1]), 3)  # exp(0.25 * 10) / 2
    6.091
    """
    horizon, capability_rate, alignment_rate, initial_lead, alignment_shape = _checked(
        horizon, capability_rate, alignment_rate, initial_lead, alignment_shape)
    t = np.linspace(0.0, float(horizon), _SAMPLES)
    capability = exponential(t, 1.0, capability_rate)
    if alignment_shape == "exponential":
        alignment = exponential(t, initial_lead, alignment_rate)
    else:
        alignment = logistic(t, initial_lead, alignment_rate, SATURATION_MULTIPLE * initial_lead)
    return t, capability, alignment


def describe_gap(capability_rate, alignment_rate, initial_lead, horizon=HORIZON, alignment_shape="exponential"):
    """One-sentence description of a frame of :func:`gap_explorable` (its alt text).

    Parameters are those of :func:`growth_curves`, with the same caps: ``horizon`` at
    most 200 years (the explorable's fixed :data:`HORIZON`, 30 years, by default), each
    rate from 0 to 3 per year, ``initial_lead`` from 1e-06 to 1e+06.

    Examples
    --------
    >>> describe_gap(0.7, 0.6, 4, 20).split(". ")[-1]
    'Capability overtakes alignment in year 13.9; by year 20 it leads by a factor of 1.8, and the shaded gap keeps widening.'
    """
    horizon, capability_rate, alignment_rate, initial_lead, alignment_shape = _checked(
        horizon, capability_rate, alignment_rate, initial_lead, alignment_shape)
    t, capability, alignment = growth_curves(horizon, capability_rate, alignment_rate, initial_lead, alignment_shape)
    shape = "exponentially" if alignment_shape == "exponential" else f"logistically toward {SATURATION_MULTIPLE:g}× its start"
    doubles = (f"doubles every {float(doubling_time(capability_rate)):.1f} years" if capability_rate > 0
               else "does not grow")
    text = (
        f"Capability {doubles}; alignment starts "
        f"{initial_lead:g}× ahead and grows {shape} at rate {alignment_rate:g} per year. "
    )
    crossing = first_crossing(t, capability, alignment)
    final_ratio = float(capability[-1] / alignment[-1])

    def factor(value):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"

    if crossing is None:
        return text + f"Alignment stays ahead for all {horizon:g} years, ending {factor(1 / final_ratio)}× ahead."
    return text + (
        f"Capability overtakes alignment in year {crossing:.1f}; by year {horizon:g} it leads "
        f"by a factor of {factor(final_ratio)}, and the shaded gap keeps widening."
        if final_ratio > 1
        else f"Capability overtakes alignment in year {crossing:.1f}, but alignment is ahead again by year {horizon:g}."
    )


def growth_shapes_figure():
    """Static figure for section *Growth processes*: three shapes of growth.

    Exponential (rate 0.5 per year), logistic (same early rate, ceiling 100) and
    piecewise exponential (rate 0.5, slowing to 0.1 in year 6 and recovering to 0.5
    in year 10), on linear and logarithmic axes.

    Returns
    -------
    StaticFigure
        The figure with its alt text.

    Examples
    --------
    >>> len(growth_shapes_figure().figure.axes)
    2
    """
    from matplotlib.figure import Figure

    t = np.linspace(0.0, 15.0, 301)
    curves = {
        "exponential, rate 0.5/yr": exponential(t, 1.0, 0.5),
        "logistic, same early rate, ceiling 100": logistic(t, 1.0, 0.5, 100.0),
        "piecewise: slows in years 6–10": piecewise_exponential(t, 1.0, [0.5, 0.1, 0.5], [6.0, 10.0]),
    }
    colours = (style.CAPABILITY, style.ALIGNMENT, style.ACCENT)
    figure = Figure(figsize=(8.0, 3.2), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.16, wspace=0.28)
    linear, logarithmic = figure.subplots(1, 2)
    for ax, scale in ((linear, "linear"), (logarithmic, "log")):
        style.style_axes(ax)
        for (label, curve), colour, dash in zip(curves.items(), colours, ("-", "--", ":")):
            ax.plot(t, curve, color=colour, linestyle=dash, linewidth=2, label=label)
        ax.set_yscale(scale)
        ax.set_xlabel("time (years)")
        ax.set_title(f"{scale} axis", fontsize=10)
    linear.set_ylabel("level")
    linear.set_ylim(0, 400)
    logarithmic.legend(fontsize=style.MIN_FONT_POINTS, frameon=False, loc="upper left")
    final = {label: float(curve[-1]) for label, curve in curves.items()}
    exponential_end, logistic_end, piecewise_end = final.values()
    alt = (
        f"Three growth curves over {t[-1]:g} years with the same early rate of 0.5 per year, on a linear "
        f"axis (left) and a log axis (right). The exponential ends near {exponential_end:,.0f}, the logistic "
        f"levels off near its ceiling at {logistic_end:,.0f}, and the piecewise curve flattens between years "
        f"6 and 10 and ends near {piecewise_end:,.0f}. On the log axis all three start as one straight line."
    )
    return StaticFigure(figure, alt)


def lead_crossings(leads, rate_gap):
    """Years until exponential capability overtakes alignment that starts ``leads`` times ahead.

    Both curves are exponential and alignment grows ``rate_gap`` per year more slowly, so
    the log gap closes at ``rate_gap`` per year and the crossing comes when capability has
    gained a factor ``lead`` on alignment: :func:`acslib.growth.time_to_reach` of ``lead``
    from 1 at rate ``rate_gap``, which is ``ln(lead) / rate_gap``.

    Parameters
    ----------
    leads : array_like
        Initial leads, each from 1 to :data:`MAX_LEAD` (1e6); from 1 to 1,000 of them.
    rate_gap : float
        Capability's rate minus alignment's, per year; positive, at most :data:`MAX_RATE` (3).

    Returns
    -------
    numpy.ndarray
        The crossing year for each lead (finite: no horizon is imposed).

    Notes
    -----
    Defined in Chapter 1, section *What a lead is worth*.

    Examples
    --------
    >>> lead_crossings([4.0, 10.0], 0.1).round(1)
    array([13.9, 23. ])
    """
    from .._validation import as_float_array
    from ..growth import time_to_reach

    leads = as_float_array(leads, "leads", positive=True, ndim=1)
    if leads.size == 0 or leads.size > 1000:
        raise ValueError(f"leads must hold from 1 to 1,000 values; got {leads.size}")
    if (leads < 1).any() or (leads > MAX_LEAD).any():
        raise ValueError(f"leads must lie between 1 and {MAX_LEAD:g}")
    rate_gap = as_scalar(rate_gap, "rate_gap", positive=True)
    if rate_gap > MAX_RATE:
        raise ValueError(f"rate_gap must be at most {MAX_RATE:g} per year; got {rate_gap:g}")
    with np.errstate(over="ignore"):
        years = np.asarray(time_to_reach(leads, 1.0, rate_gap), dtype=float)
    if not np.isfinite(years).all():
        raise ValueError(f"rate_gap is too small: the crossing years overflow (rate_gap = {rate_gap:g})")
    return years


def lead_figure():
    """Static figure for section *What a lead is worth*: crossing year against initial lead.

    One line per rate gap (0.1, 0.3 and 0.5 per year), leads from 1 to 1,024 on a log
    axis: each line is straight, rising ``ln 2 / gap`` years per doubling of the lead.

    Returns
    -------
    StaticFigure
        The figure with its alt text.

    Examples
    --------
    >>> len(lead_figure().figure.axes)
    1
    """
    from matplotlib.figure import Figure

    leads = 2.0 ** np.arange(0, 10.5, 0.5)
    gaps = (0.1, 0.3, 0.5)
    figure = Figure(figsize=(7.0, 3.4), dpi=100)
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.16)
    ax = style.style_axes(figure.add_subplot())
    ax.set_xscale("log", base=2)
    ax.set_xticks([1, 4, 16, 64, 256, 1024], ["1", "4", "16", "64", "256", "1,024"])
    ax.set(xlim=(1, 1024), ylim=(0, 75), xlabel="alignment's initial lead (×, log scale)",
           ylabel="years until capability overtakes")
    ax.set_title("A lead buys time in proportion to its logarithm", fontsize=10)
    for gap, colour, dash in zip(gaps, (style.ALIGNMENT, style.CAPABILITY, style.NEUTRAL), ("-", "--", ":")):
        ax.plot(leads, lead_crossings(leads, gap), color=colour, linestyle=dash, linewidth=2,
                label=f"rate gap {gap:g} /yr: +{np.log(2) / gap:.1f} years per doubling")
    ax.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    ends = {gap: float(lead_crossings([1024.0], gap)[0]) for gap in gaps}
    alt = (
        "Years until exponential capability overtakes alignment, against alignment's initial lead from 1× "
        "to 1,024× on a log axis, for three gaps between the growth rates. Each line is straight: every "
        "doubling of the lead adds the same number of years, ln 2 divided by the rate gap. A 1,024× lead "
        + ", ".join(f"lasts {ends[g]:.0f} years at a gap of {g:g} per year" for g in gaps) + "."
    )
    return StaticFigure(figure, alt)


def _crossing_grid(t, gap, log_alignment):
    """The grid with each sign change of the gap added as a point where the gap is 0.

    Between grid points the gap (and ``ln A``) is taken as linear, as in
    :func:`acslib.gap.first_crossing`, so the shaded regions meet exactly at the crossing.
    """
    positive = gap > 0
    where = np.flatnonzero(positive[:-1] != positive[1:])
    fraction = -gap[where] / (gap[where + 1] - gap[where])  # the sign differs, so no 0/0
    t_cross = t[where] + fraction * (t[where + 1] - t[where])
    log_cross = log_alignment[where] + fraction * (log_alignment[where + 1] - log_alignment[where])
    return (np.insert(t, where + 1, t_cross), np.insert(gap, where + 1, 0.0),
            np.insert(log_alignment, where + 1, log_cross))


def _band(t, lower, upper):
    """Vertices of the polygon between two curves on one grid (``upper >= lower``)."""
    return np.column_stack([np.concatenate([t, t[::-1]]), np.concatenate([upper, lower[::-1]])])


def _build(fig):
    from matplotlib.patches import Polygon

    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.32)
    levels, gap = fig.subplots(1, 2)
    for ax in (levels, gap):
        style.style_axes(ax)
        ax.set_xlabel("time (years)")
        ax.set_xlim(0.0, HORIZON)
    # Fixed limits (no parameter changes them), so every live move is a blit over one
    # cached background: the levels axis holds every curve the sliders can draw, and the
    # gap axis every gap the website's frames show (capability at its default rate); in
    # the notebook, faster or slower capability can run a gap line off the axis.
    levels.set_yscale("log")
    levels.set_ylim(0.5, 2.0 * _MAX_LEAD * np.exp(_MAX_RATE * HORIZON))
    default_rate = 0.7
    gap.set_ylim(-(np.log(_MAX_LEAD) + (_MAX_RATE - default_rate) * HORIZON) - 1.0,
                 (default_rate - _MIN_RATE) * HORIZON + 1.0)
    levels.set_ylabel("level (capability at t = 0 is 1)")
    levels.set_title("Capability C(t) and alignment A(t)", fontsize=10)
    gap.set_ylabel("gap  ln(C / A)")
    gap.set_title("The gap: positive when capability leads", fontsize=10)
    gap.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    art = SimpleNamespace(levels=levels, gap_ax=gap)
    (art.capability,) = levels.plot([], [], color=style.CAPABILITY, linewidth=2, label="capability C(t)",
                                    animated=True)
    (art.alignment,) = levels.plot([], [], color=style.ALIGNMENT, linewidth=2, label="alignment A(t)",
                                   animated=True)
    # Plain polygons, whose vertices _draw sets directly (fill_between's set_data is several
    # times slower, and the live update has a 40 ms budget). The crossing year is not
    # written in the figure: the caption under it (describe_gap) gives it for every frame,
    # and a text artist would cost more to draw than all the curves together.
    empty = np.zeros((2, 2))
    art.level_fill = levels.add_patch(Polygon(empty, closed=True, facecolor=style.GAP, alpha=style.GAP_ALPHA,
                                              linewidth=0, animated=True))
    (art.gap_line,) = gap.plot([], [], color=style.NEUTRAL, linewidth=2, animated=True)
    art.gap_fill = gap.add_patch(Polygon(empty, closed=True, facecolor=style.GAP, alpha=style.GAP_ALPHA,
                                         linewidth=0, animated=True))
    art.safe_fill = gap.add_patch(Polygon(empty, closed=True, facecolor=style.SAFE, alpha=0.15, linewidth=0,
                                          animated=True))
    # The crossing marker stops below the legend in the levels panel.
    art.crossings = [ax.axvline(0.0, ymax=top, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
                     for ax, top in ((levels, 0.8), (gap, 1.0))]
    levels.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    return art


def _draw(art, capability_rate, alignment_rate, initial_lead, alignment_shape):
    t, capability, alignment = growth_curves(HORIZON, capability_rate, alignment_rate, initial_lead,
                                             alignment_shape)
    gap = alignment_gap(capability, alignment)
    art.capability.set_data(t, capability)
    art.alignment.set_data(t, alignment)
    art.gap_line.set_data(t, gap)
    fine_t, fine_gap, log_alignment = _crossing_grid(t, gap, np.log(alignment))
    art.level_fill.set_xy(_band(fine_t, np.exp(log_alignment), np.exp(log_alignment + np.maximum(fine_gap, 0.0))))
    zero = np.zeros_like(fine_gap)
    art.gap_fill.set_xy(_band(fine_t, zero, np.maximum(fine_gap, 0.0)))
    art.safe_fill.set_xy(_band(fine_t, np.minimum(fine_gap, 0.0), zero))
    crossing = first_crossing(t, capability, alignment)
    for line in art.crossings:
        line.set_visible(crossing is not None)
        if crossing is not None:
            line.set_xdata([crossing, crossing])


def gap_explorable():
    """The Chapter 1 explorable: two growth curves, the crossing, and the shaded gap.

    Sliders: alignment's growth rate and its initial lead (static on the website, so
    every "try this" of the section can be done there), capability's growth rate and the
    shape of alignment growth (live only, in the notebook). The axes are fixed over
    :data:`HORIZON` (30 years), so no slider redraws them: every live update is a blit.

    Examples
    --------
    >>> ex = gap_explorable()
    >>> len(ex.static_grid())
    50
    """
    return Explorable(
        "Capability against alignment",
        [
            Param("capability_rate", _MIN_RATE, _MAX_RATE, 0.1, 0.7, label="capability growth rate", unit=" /yr"),
            Param("alignment_rate", _MIN_RATE, _MAX_RATE, 0.1, 0.4, label="alignment growth rate", unit=" /yr"),
            Param("initial_lead", 2, _MAX_LEAD, 2, 4, label="alignment's initial lead", unit="×"),
            Choice(
                "alignment_shape", ("exponential", "logistic"), "exponential",
                label="alignment growth", option_labels=("exponential", "saturating"),
            ),
        ],
        _build,
        _draw,
        describe=describe_gap,
        static_params=("alignment_rate", "initial_lead"),
        figsize=(8.0, 3.4),
    )


EXPLORABLES = (gap_explorable,)
