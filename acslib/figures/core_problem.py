"""Explorables and static figures for Chapter 3, *The core problem*.

Used in ``chapters/03_core_problem.ipynb``: :func:`gap_scenarios_figure` in section *How
the gap grows*, :func:`hazard_forms_figure` in *From gap to hazard*, :func:`oversight_figure`
in *When oversight weakens*, :func:`gap_risk_explorable` in *From hazard to failure
probability*, :func:`constant_gap_figure` in *Why a constant gap still ends in failure*,
:func:`hazard_form_explorable` in *How much rests on the hazard form* and
:func:`feedback_figure` in *Feedback in both directions*. Every curve comes from
:mod:`acslib.risk` and :mod:`acslib.oversight`; the hazard forms and the oversight model are
the book's modelling assumptions, not published results.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np
from matplotlib.lines import Line2D

from .._validation import as_choice, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..growth import doubling_time
from ..montecarlo import seed_band
from ..oversight import (
    catch_probability,
    exponential_form_parameters,
    feedback_failure_probability,
    gap_at_catch_probability,
    uncaught_failure_probability,
    uncaught_hazard,
)
from ..risk import (
    HAZARD_FORMS,
    crossing_time,
    cumulative_failure_probability,
    empirical_failure_probability,
    hazard,
    lifetime_failure_probability,
    race_gap,
    simulate_failure_times,
    time_to_failure_probability,
)
from . import style

__all__ = [
    "HORIZON",
    "RACE",
    "OVERSEERS",
    "FEEDBACK_SETTINGS",
    "gap_risk_curves",
    "describe_gap_risk",
    "gap_risk_explorable",
    "form_curves",
    "describe_hazard_form",
    "hazard_form_explorable",
    "gap_scenarios_figure",
    "hazard_forms_figure",
    "oversight_figure",
    "constant_gap_figure",
    "feedback_figure",
    "EXPLORABLES",
]

#: Years shown by both explorables.
HORIZON = 30.0
#: The chapter's running race (capability from 1 at 0.7 a year, alignment from 4 at 0.4 a year).
RACE = {"c0": 1.0, "c_rate": 0.7, "a0": 4.0, "a_rate": 0.4}
#: Two overseers with the same hazard at parity, the chapter's base rate of 0.02 a year. One
#: faces many potential failures with strong oversight, the other few with weak oversight.
OVERSEERS = {
    "strong": {"attempt_rate": 1.0, "catch_at_parity": 0.98, "steepness": 1.0},
    "weak": {"attempt_rate": 0.1, "catch_at_parity": 0.8, "steepness": 1.0},
}
#: The feedback comparison of section *Feedback in both directions*, for the race with the
#: strong overseer, each setting run over 10 seeds of 20,000 worlds.
FEEDBACK_SETTINGS = {"feedback": (-0.5, -0.2, 0.0, 0.2), "seeds": 10, "n_worlds": 20_000}

_TIMES = np.linspace(0.0, HORIZON, 301)
_TIMES.setflags(write=False)
_GAP_LIMIT = 8.0
# Caps on the explorables' inputs, so that no curve overflows (checked under the slider names).
_MAX_RATE = 3.0
_MAX_LEAD = 1e6
_MAX_BASE_RATE = 10.0
_MAX_SENSITIVITY = 5.0
_MAX_GAP_RATE = 1.0
#: The race held fixed in the hazard-form explorable: alignment starting 4× ahead, base rate 0.02.
_FORM_SCENARIO = dict(initial_lead=4.0, base_rate=0.02)
_FORM_GAPS = np.linspace(-3.0, 3.0, 121)
_FORM_GAPS.setflags(write=False)
_MONTE_CARLO_DRAWS = 20_000
_MONTE_CARLO_TIMES = np.linspace(0.0, HORIZON, 16)
_FORM_LABELS = {"exponential": "exponential", "softplus": "softplus", "power": "power (positive gap)"}
_FORM_STYLES = {"exponential": (style.CAPABILITY, "-"), "softplus": (style.ACCENT, "--"),
                "power": (style.ALIGNMENT, ":")}


def _bounded(value, name, low, high, unit=""):
    value = as_scalar(value, name)
    if not low <= value <= high:
        raise ValueError(f"{name} must lie between {low:g} and {high:g}{unit}; got {value:g}")
    return value


def _race_inputs(capability_rate, alignment_rate, initial_lead, base_rate):
    """The gap-and-risk explorable's inputs, validated under the slider names."""
    capability_rate = _bounded(capability_rate, "capability_rate", 0.0, _MAX_RATE, " per year")
    alignment_rate = _bounded(alignment_rate, "alignment_rate", 0.0, _MAX_RATE, " per year")
    initial_lead = _bounded(initial_lead, "initial_lead", 1 / _MAX_LEAD, _MAX_LEAD)
    base_rate = _bounded(base_rate, "base_rate", 0.0, _MAX_BASE_RATE, " per year")
    return capability_rate, alignment_rate, initial_lead, base_rate


def _form_inputs(form, sensitivity, gap_rate):
    """The hazard-form explorable's inputs, validated under the slider names."""
    form = as_choice(form, "form", HAZARD_FORMS)
    sensitivity = _bounded(sensitivity, "sensitivity", 0.0, _MAX_SENSITIVITY)
    gap_rate = _bounded(gap_rate, "gap_rate", -_MAX_GAP_RATE, _MAX_GAP_RATE, " per year")
    return form, sensitivity, gap_rate


def _signed(value, spec="g") -> str:
    """A number with a typographic minus sign (and a plus sign if ``spec`` asks for one)."""
    return format(value, spec).replace("-", "−")


def _key(value) -> float:
    return round(float(value), 10)


# ------------------------------------------------------------------------------ gap and risk
@lru_cache(maxsize=512)
def _gap_risk_cached(capability_rate, alignment_rate, initial_lead, base_rate):
    gap = race_gap(_TIMES, 1.0, capability_rate, initial_lead, alignment_rate)
    probability = cumulative_failure_probability(_TIMES, hazard(gap, base_rate, 1.0))
    boundary = cumulative_failure_probability(_TIMES, np.full(_TIMES.size, base_rate))
    for array in (gap, probability, boundary):
        array.setflags(write=False)
    return gap, probability, boundary


def gap_risk_curves(capability_rate, alignment_rate, initial_lead, base_rate):
    """Gap and cumulative failure probability for one race, over :data:`HORIZON` years.

    Capability starts at 1 and alignment ``initial_lead`` times higher; both grow
    exponentially. The hazard is the exponential form with sensitivity 1
    (``h = base_rate * C / A``), an assumption of the book.

    Parameters
    ----------
    capability_rate, alignment_rate : float
        Continuous growth rates per year, from 0 to 3.
    initial_lead : float
        Alignment's starting level as a multiple of capability's, from 1e-6 to 1e6.
    base_rate : float
        Hazard at zero gap, per year, from 0 to 10.

    Returns
    -------
    t, gap, failure_probability, boundary_probability : numpy.ndarray
        Read-only arrays on 301 points. ``boundary_probability`` is the failure probability
        if the gap were held at zero (``A = C``): a constant hazard ``base_rate``.

    Notes
    -----
    Defined in Chapter 3, section *From hazard to failure probability*.

    Examples
    --------
    >>> t, gap, p, boundary = gap_risk_curves(0.4, 0.4, 1.0, 0.02)
    >>> bool(np.allclose(p, boundary))   # no gap: the hazard stays at the base rate
    True
    >>> round(float(p[-1]), 4)           # 1 - exp(-0.02 * 30)
    0.4512
    """
    values = _race_inputs(capability_rate, alignment_rate, initial_lead, base_rate)
    gap, probability, boundary = _gap_risk_cached(*(_key(v) for v in values))
    return _TIMES, gap, probability, boundary


def describe_gap_risk(capability_rate, alignment_rate, initial_lead, base_rate):
    """Alt text for a frame of :func:`gap_risk_explorable` (parameters as in :func:`gap_risk_curves`).

    Examples
    --------
    >>> describe_gap_risk(0.7, 0.4, 4, 0.02).split(". ")[1]
    'Capability overtakes alignment in year 4.6'
    """
    capability_rate, alignment_rate, initial_lead, base_rate = _race_inputs(
        capability_rate, alignment_rate, initial_lead, base_rate)
    t, gap, probability, boundary = gap_risk_curves(capability_rate, alignment_rate, initial_lead, base_rate)
    crossing = crossing_time(1.0, capability_rate, initial_lead, alignment_rate)
    median = time_to_failure_probability(t, probability, 0.5)
    growth = (f"doubling every {float(doubling_time(capability_rate)):.1f} years" if capability_rate > 0
              else "not growing")
    text = (
        f"Capability grows at {capability_rate:g} per year ({growth}), alignment at {alignment_rate:g} per year "
        f"from a {initial_lead:g}× lead, base hazard {base_rate:g} per year. "
    )
    text += ("Capability never overtakes alignment. " if crossing is None
             else f"Capability overtakes alignment in year {crossing:.1f}. ")
    text += (
        f"Failure probability reaches {probability[100]:.0%} by year 10 and {probability[-1]:.0%} by year "
        f"{HORIZON:g} (a permanent zero gap would give {boundary[-1]:.0%})"
    )
    text += "." if median is None else f"; it passes 50% in year {median:.1f}."
    return text


def _build_gap_risk(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    gap_ax, risk_ax = fig.subplots(1, 2)
    for ax in (gap_ax, risk_ax):
        style.style_axes(ax)
        ax.set_xlabel("time (years)")
        ax.set_xlim(0.0, HORIZON)
    gap_ax.set_ylim(-_GAP_LIMIT, _GAP_LIMIT)
    gap_ax.set_ylabel("gap  ln(C / A)")
    gap_ax.set_title("The gap")
    gap_ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    risk_ax.set_ylim(0.0, 1.02)
    risk_ax.set_ylabel("P(at least one failure by t)")
    risk_ax.set_title("Cumulative failure probability")
    risk_ax.axhline(0.5, color=style.GREY, linewidth=0.8, linestyle="--")
    art = SimpleNamespace()
    (art.gap_line,) = gap_ax.plot([], [], color=style.NEUTRAL, linewidth=2, animated=True)
    art.gap_fill = gap_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.GAP, alpha=style.GAP_ALPHA,
                                       linewidth=0, interpolate=True, animated=True)
    art.safe_fill = gap_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.SAFE, alpha=0.15,
                                        linewidth=0, interpolate=True, animated=True)
    art.crossing_lines = [ax.axvline(0.0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
                          for ax in (gap_ax, risk_ax)]
    art.crossing_label = gap_ax.text(0.03, 0.95, "", transform=gap_ax.transAxes, va="top", fontsize=9.5,
                                     animated=True)
    (art.boundary,) = risk_ax.plot([], [], color=style.SAFE, linewidth=1.5, linestyle="--", animated=True)
    (art.probability,) = risk_ax.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    art.risk_label = risk_ax.text(0.97, 0.05, "", transform=risk_ax.transAxes, ha="right", va="bottom",
                                  fontsize=9.5, animated=True)
    risk_ax.legend(handles=[Line2D([], [], color=style.CAPABILITY, linewidth=2, label="this race"),
                            Line2D([], [], color=style.SAFE, linewidth=1.5, linestyle="--",
                                   label="gap held at zero (A = C)")],
                   loc="upper left", fontsize=9, frameon=False)
    return art


def _draw_gap_risk(art, capability_rate, alignment_rate, initial_lead, base_rate):
    t, gap, probability, boundary = gap_risk_curves(capability_rate, alignment_rate, initial_lead, base_rate)
    art.gap_line.set_data(t, gap)
    clipped = np.clip(gap, -_GAP_LIMIT, _GAP_LIMIT)
    art.gap_fill.set_data(t, 0.0, clipped, where=gap > 0)
    art.safe_fill.set_data(t, 0.0, clipped, where=gap <= 0)
    crossing = crossing_time(1.0, capability_rate, initial_lead, alignment_rate)
    visible = crossing is not None and crossing <= HORIZON
    for line in art.crossing_lines:
        line.set_visible(visible)
        if visible:
            line.set_xdata([crossing, crossing])
    art.crossing_label.set_text(f"crossing at year {crossing:.1f}" if visible else "no crossing in 30 years")
    art.probability.set_data(t, probability)
    art.boundary.set_data(t, boundary)
    art.risk_label.set_text(f"P(fail by year {HORIZON:g}) = {probability[-1]:.2f}")


def gap_risk_explorable():
    """The rates and the initial lead drive the gap, and the gap drives cumulative risk.

    Sliders: capability (0.4 to 1.0) and alignment (0.1 to 0.7) growth rates, static on
    the website, so that equal rates and a faster alignment are both on the page;
    alignment's initial lead and the base hazard (live only). The hazard is the
    exponential form with sensitivity 1, an assumption of the book.

    Examples
    --------
    >>> ex = gap_risk_explorable()
    >>> len(ex.static_grid())
    49
    """
    return Explorable(
        "Gap and cumulative risk",
        [
            Param("capability_rate", 0.4, 1.0, 0.1, 0.7, label="capability growth rate", unit=" /yr"),
            Param("alignment_rate", 0.1, 0.7, 0.1, 0.4, label="alignment growth rate", unit=" /yr"),
            Param("initial_lead", 1, 10, 1, 4, label="alignment's initial lead", unit="×"),
            Param("base_rate", 0.005, 0.05, 0.005, 0.02, label="hazard at zero gap", unit=" /yr", fmt=".3f"),
        ],
        _build_gap_risk,
        _draw_gap_risk,
        describe=describe_gap_risk,
        static_params=("capability_rate", "alignment_rate"),
        figsize=(8.0, 3.4),
    )


# ------------------------------------------------------------------------------ hazard forms
@lru_cache(maxsize=64)
def _form_multiplier(form, sensitivity):
    multiplier = hazard(_FORM_GAPS, 1.0, sensitivity, form)
    multiplier.setflags(write=False)
    return multiplier


@lru_cache(maxsize=512)
def _form_cached(form, sensitivity, gap_rate):
    initial_gap = -np.log(_FORM_SCENARIO["initial_lead"])
    base_rate = _FORM_SCENARIO["base_rate"]
    multiplier = _form_multiplier(form, sensitivity)
    hazard_path = hazard(initial_gap + gap_rate * _TIMES, base_rate, sensitivity, form)
    probability = cumulative_failure_probability(_TIMES, hazard_path)
    times = simulate_failure_times(_TIMES, hazard_path, _MONTE_CARLO_DRAWS, seed=20260101)
    simulated, _ = empirical_failure_probability(times, _MONTE_CARLO_TIMES)
    for array in (probability, simulated):
        array.setflags(write=False)
    return multiplier, probability, simulated


def form_curves(form, sensitivity, gap_rate=0.3):
    """Curves for :func:`hazard_form_explorable`.

    The race: alignment starts 4× ahead (gap ``-ln 4``) and the gap changes at
    ``gap_rate`` per year; base hazard 0.02 per year.

    Parameters
    ----------
    form : {"exponential", "softplus", "power"}
        The hazard form (:func:`acslib.risk.hazard`).
    sensitivity : float
        From 0 to 5.
    gap_rate : float
        Change of the gap per year, from -1 to 1.

    Returns
    -------
    gaps, multiplier, t, failure_probability, monte_carlo_t, monte_carlo_probability
        Read-only arrays. ``multiplier`` is ``hazard / base_rate`` on ``gaps``; the Monte
        Carlo estimate is one seeded run of 20,000 worlds of
        :func:`acslib.risk.simulate_failure_times` (standard error at most 0.0035).

    Notes
    -----
    Defined in Chapter 3, section *How much rests on the hazard form*.

    Examples
    --------
    >>> gaps, multiplier, t, p, mc_t, mc_p = form_curves("power", 0.0)
    >>> bool(np.allclose(multiplier, 1.0))   # sensitivity 0: constant hazard
    True
    >>> bool(np.max(np.abs(np.interp(mc_t, t, p) - mc_p)) < 0.02)
    True
    """
    form, sensitivity, gap_rate = _form_inputs(form, sensitivity, gap_rate)
    multiplier, probability, simulated = _form_cached(form, _key(sensitivity), _key(gap_rate))
    return _FORM_GAPS, multiplier, _TIMES, probability, _MONTE_CARLO_TIMES, simulated


def _trend_words(gap_rate) -> str:
    """What the gap does in the hazard-form race, which starts with alignment 4× ahead."""
    if gap_rate == 0:
        return "alignment's fourfold lead stays fixed"
    if gap_rate < 0:
        return "alignment's lead widens"
    crossing = np.log(_FORM_SCENARIO["initial_lead"]) / gap_rate
    if crossing <= HORIZON:
        return f"alignment's lead shrinks and capability overtakes it in year {crossing:.1f}"
    return f"alignment's lead shrinks but lasts past year {HORIZON:g}"


def describe_hazard_form(form, sensitivity, gap_rate):
    """Alt text for a frame of :func:`hazard_form_explorable` (parameters as in :func:`form_curves`).

    Examples
    --------
    >>> describe_hazard_form("exponential", 1.0, -0.3).split("(")[1].split(")")[0]
    "alignment's lead widens"
    """
    form, sensitivity, gap_rate = _form_inputs(form, sensitivity, gap_rate)
    gaps, multiplier, t, probability, _, simulated = form_curves(form, sensitivity, gap_rate)
    at_one = float(hazard(1.0, 1.0, sensitivity, form))
    at_minus_one = float(hazard(-1.0, 1.0, sensitivity, form))
    return (
        f"{_FORM_LABELS[form].capitalize()} hazard with sensitivity {sensitivity:g}: a gap of +1 multiplies the "
        f"base hazard by {at_one:.2f} and a gap of −1 by {at_minus_one:.2f}. With alignment starting 4× ahead and "
        f"the gap changing by {_signed(gap_rate, '+g')} per year ({_trend_words(gap_rate)}), failure probability by year "
        f"{HORIZON:g} is {probability[-1]:.0%} (one seeded Monte Carlo run of {_MONTE_CARLO_DRAWS:,} worlds: "
        f"{simulated[-1]:.0%})."
    )


def _build_form(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    form_ax, risk_ax = fig.subplots(1, 2)
    for ax in (form_ax, risk_ax):
        style.style_axes(ax)
    form_ax.set_yscale("log")
    form_ax.set_xlim(_FORM_GAPS[0], _FORM_GAPS[-1])
    form_ax.set_ylim(1e-3, 1e3)
    form_ax.set_xlabel("gap  ln(C / A)")
    form_ax.set_ylabel("hazard ÷ base rate")
    form_ax.set_title("Assumed hazard form")
    form_ax.axvline(0.0, color=style.NEUTRAL, linewidth=0.8)
    form_ax.axhline(1.0, color=style.GREY, linewidth=0.8, linestyle="--")
    risk_ax.set_xlim(0.0, HORIZON)
    risk_ax.set_ylim(0.0, 1.02)
    risk_ax.set_xlabel("time (years)")
    risk_ax.set_ylabel("P(at least one failure by t)")
    risk_ax.set_title("Cumulative failure probability")
    art = SimpleNamespace()
    art.others = [form_ax.plot([], [], color=style.GREY, linewidth=1.2, animated=True)[0] for _ in HAZARD_FORMS[1:]]
    (art.multiplier,) = form_ax.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    # Static legend entries: the lines themselves are animated and change with the sliders.
    form_ax.legend(
        handles=[Line2D([], [], color=style.CAPABILITY, linewidth=2, label="chosen form"),
                 Line2D([], [], color=style.GREY, linewidth=1.2, label="the other two forms")],
        loc="upper left", fontsize=9, frameon=False,
    )
    (art.probability,) = risk_ax.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    (art.simulated,) = risk_ax.plot([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="none",
                                    color=style.ALIGNMENT, animated=True)
    art.label = risk_ax.text(0.97, 0.05, "", transform=risk_ax.transAxes, ha="right", va="bottom",
                             fontsize=9.5, animated=True)
    risk_ax.legend(handles=[Line2D([], [], color=style.CAPABILITY, linewidth=2, label="1 − exp(−∫h dt)"),
                            Line2D([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="none",
                                   color=style.ALIGNMENT, label=f"Monte Carlo ({_MONTE_CARLO_DRAWS:,} worlds)")],
                   loc="upper left", fontsize=9, frameon=False)
    return art


def _draw_form(art, form, sensitivity, gap_rate):
    gaps, multiplier, t, probability, mc_t, simulated = form_curves(form, sensitivity, gap_rate)
    art.multiplier.set_data(gaps, multiplier)
    others = [f for f in HAZARD_FORMS if f != form]
    for line, other in zip(art.others, others):
        line.set_data(gaps, _form_multiplier(other, _key(sensitivity)))
    art.probability.set_data(t, probability)
    art.simulated.set_data(mc_t, simulated)
    art.label.set_text(f"P(fail by year {HORIZON:g}) = {probability[-1]:.2f}")


def hazard_form_explorable():
    """The assumed hazard form and its sensitivity, and what they do to cumulative risk.

    Sliders: the form and the sensitivity (static on the website) and the rate at
    which the gap changes (live only). Monte Carlo markers show the simulation
    agreeing with the analytic curve.

    Examples
    --------
    >>> ex = hazard_form_explorable()
    >>> len(ex.static_grid())
    15
    """
    return Explorable(
        "Hazard form and sensitivity",
        [
            Choice("form", HAZARD_FORMS, "exponential", label="hazard form",
                   option_labels=tuple(_FORM_LABELS[f] for f in HAZARD_FORMS)),
            Param("sensitivity", 0.0, 2.0, 0.5, 1.0, label="sensitivity s", fmt=".1f"),
            Param("gap_rate", -0.3, 0.5, 0.1, 0.3, label="gap change per year", unit=" /yr", fmt="+.1f"),
        ],
        _build_form,
        _draw_form,
        describe=describe_hazard_form,
        static_params=("form", "sensitivity"),
        figsize=(8.0, 3.4),
    )


# ------------------------------------------------------------------------------ static figures
def _figure(width=8.0, height=3.4):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
    return figure


def gap_scenarios_figure():
    """Static figure for section *How the gap grows*: four races, four gap lines.

    The gap ``ln(C / A)`` over 20 years for capability faster (0.7 against 0.4 a year, from
    alignment 4× ahead), equal rates with alignment ahead (4×) or behind (capability 2×
    ahead), and alignment faster (0.7 against 0.4, from capability 2× ahead). The region
    above zero, where capability leads, is shaded.

    Returns
    -------
    StaticFigure

    Notes
    -----
    Defined in Chapter 3, section *How the gap grows*.

    Examples
    --------
    >>> gap_scenarios_figure().alt[:44]
    'Four straight gap lines over 20 years. With '
    """
    import matplotlib

    t = np.linspace(0.0, 20.0, 201)
    scenarios = [
        ("capability faster", (1.0, 0.7, 4.0, 0.4), style.CAPABILITY, "-"),
        ("equal rates, alignment ahead", (1.0, 0.5, 4.0, 0.5), style.SAFE, "--"),
        ("equal rates, capability ahead", (2.0, 0.5, 1.0, 0.5), style.ACCENT, "-."),
        ("alignment faster", (2.0, 0.4, 1.0, 0.7), style.ALIGNMENT, ":"),
    ]
    with matplotlib.rc_context(style.RC):
        figure = _figure(6.4, 3.6)
        figure.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.15)
        ax = figure.subplots()
        style.style_axes(ax)
        ax.axhspan(0.0, 6.0, color=style.GAP, alpha=style.GAP_ALPHA * 0.6, linewidth=0)
        ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
        ends = {}
        for label, race, colour, dash in scenarios:
            gap = race_gap(t, *race)
            ends[label] = float(gap[-1])
            ax.plot(t, gap, color=colour, linestyle=dash, linewidth=2, label=label)
        crossing = crossing_time(*scenarios[0][1])
        ax.plot([crossing], [0.0], marker="o", color=style.CAPABILITY, markersize=6, linestyle="none")
        ax.annotate(f"crossing, year {crossing:.2f}", (crossing, 0.0), xytext=(10.5, -0.85),
                    textcoords="data", arrowprops=dict(arrowstyle="->", color=style.NEUTRAL, linewidth=0.8))
        ax.text(0.4, 5.5, "capability leads (gap > 0)", va="top")
        ax.set(xlim=(0, 20), ylim=(-6, 6), xlabel="time (years)", ylabel="gap  ln(C / A)")
        ax.set_title("The gap is a straight line")
        ax.legend(loc="lower left", frameon=False, fontsize=9.5)
    alt = (f"Four straight gap lines over 20 years. With capability growing 0.3 a year faster from "
           f"alignment's fourfold lead, the gap rises from −1.39, crosses zero in year {crossing:.2f} and "
           f"reaches {ends['capability faster']:.2f}. With equal rates the lines stay flat, at −1.39 or +0.69. "
           f"With alignment faster the gap falls from +0.69 to {_signed(ends['alignment faster'], '.2f')}.")
    return StaticFigure(figure, alt)


def hazard_forms_figure():
    """Static figure for section *From gap to hazard*: the three assumed hazard forms.

    Hazard per year against the gap from −3 to 3, with base rate 0.02 and sensitivity 1, on
    a log axis.

    Returns
    -------
    StaticFigure

    Notes
    -----
    Defined in Chapter 3, section *From gap to hazard*.

    Examples
    --------
    >>> hazard_forms_figure().alt[:34]
    'The three hazard forms, base rate '
    """
    import matplotlib

    gaps = np.linspace(-3.0, 3.0, 241)
    values = {form: hazard(gaps, 0.02, 1.0, form) for form in HAZARD_FORMS}
    with matplotlib.rc_context(style.RC):
        figure = _figure(6.4, 3.6)
        figure.subplots_adjust(left=0.13, right=0.97, top=0.9, bottom=0.15)
        ax = figure.subplots()
        style.style_axes(ax)
        ax.set_yscale("log")
        for form in HAZARD_FORMS:
            colour, dash = _FORM_STYLES[form]
            ax.plot(gaps, values[form], color=colour, linestyle=dash, linewidth=2, label=_FORM_LABELS[form])
        ax.axvline(0.0, color=style.NEUTRAL, linewidth=0.8)
        ax.plot([0.0], [0.02], marker="o", color=style.NEUTRAL, linestyle="none")
        ax.annotate("all equal the base rate at g = 0", (0.0, 0.02), xytext=(8, -16), textcoords="offset points")
        ax.text(-2.9, 0.4, "alignment ahead", va="top")
        ax.text(2.9, 0.4, "capability ahead", va="top", ha="right")
        ax.set(xlim=(-3, 3), ylim=(1e-3, 0.5), xlabel="gap  ln(C / A)", ylabel="hazard (failures per year)")
        ax.set_title("Three assumed hazard forms (base rate 0.02, s = 1)")
        ax.legend(loc="lower right", frameon=False, fontsize=9.5)
    alt = ("The three hazard forms, base rate 0.02 per year and sensitivity 1, against the gap on a log axis. "
           "All pass through 0.02 at zero gap. The exponential form is a straight line on this axis, from "
           f"{values['exponential'][0]:.4f} at a gap of −3 to {values['exponential'][-1]:.2f} at +3; the softplus "
           "form runs just above it on the left and rises more slowly on the right; the power form is flat at 0.02 "
           f"for every negative gap and reaches {values['power'][-1]:.2f} at +3.")
    return StaticFigure(figure, alt)


def oversight_figure():
    """Static figure for section *When oversight weakens*.

    Left: the probability that oversight catches a failure against ``C / A`` (log axis), for
    a catch probability of 0.98 at parity and steepness 0.5, 1 and 2. Right: in the
    chapter's race (:data:`RACE`), potential failures caught and missed per year by the
    strong overseer of :data:`OVERSEERS`, the missed ones by the weak overseer, and the
    exponential hazard form the strong one approaches while oversight holds.

    Returns
    -------
    StaticFigure

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*.

    Examples
    --------
    >>> oversight_figure().alt[:40]
    'Left: the probability that oversight cat'
    """
    import matplotlib

    ratios = np.logspace(np.log10(1 / 16), np.log10(1024), 241)
    t = np.linspace(0.0, HORIZON, 301)
    gap = race_gap(t, **RACE)
    strong, weak = OVERSEERS["strong"], OVERSEERS["weak"]
    caught = strong["attempt_rate"] * catch_probability(gap, strong["catch_at_parity"], strong["steepness"])
    missed = uncaught_hazard(gap, **strong)
    missed_weak = uncaught_hazard(gap, **weak)
    base_rate, sensitivity = exponential_form_parameters(**strong)
    limit = hazard(gap, base_rate, sensitivity)
    half = float(np.exp(gap_at_catch_probability(0.5, strong["catch_at_parity"], strong["steepness"])))
    half_year = (np.log(half) - float(gap[0])) / (RACE["c_rate"] - RACE["a_rate"])
    with matplotlib.rc_context(style.RC):
        figure = _figure(8.0, 3.6)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.15, wspace=0.28)
        left, right = figure.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
        for steepness, colour, dash in ((0.5, style.SAFE, "--"), (1.0, style.ALIGNMENT, "-"),
                                        (2.0, style.ACCENT, "-.")):
            left.plot(ratios, catch_probability(np.log(ratios), 0.98, steepness), color=colour, linestyle=dash,
                      linewidth=2, label=f"steepness {steepness:g}")
        left.set_xscale("log", base=2)
        left.axvline(1.0, color=style.NEUTRAL, linewidth=0.8)
        left.axhline(0.5, color=style.GREY, linewidth=0.8, linestyle="--")
        left.set(xlim=(ratios[0], ratios[-1]), ylim=(0, 1.02), xlabel="capability ÷ alignment  (C / A)",
                 ylabel="P(oversight catches a failure)")
        left.set_title("Oversight weakens (q = 0.98 at A = C)")
        left.legend(loc="lower left", frameon=False, fontsize=9)
        right.set_yscale("log")
        right.plot(t, caught, color=style.ALIGNMENT, linewidth=2, label="caught (incidents), strong")
        right.plot(t, missed, color=style.CAPABILITY, linewidth=2, label="missed (hazard), strong")
        right.plot(t, missed_weak, color=style.ACCENT, linewidth=2, linestyle="-.", label="missed, weak overseer")
        right.plot(t, limit, color=style.GREY, linewidth=1.5, linestyle="--", label="exponential form (limit)")
        right.axvline(half_year, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
        right.set(xlim=(0, HORIZON), ylim=(1e-4, 10), xlabel="time (years)", ylabel="per year")
        right.set_title("The race: failures caught and missed")
        right.legend(loc="lower right", frameon=False, fontsize=9)
    alt = (f"Left: the probability that oversight catches a failure falls from 0.98 at equal capability and "
           f"alignment toward zero as capability pulls ahead, reaching one half at C/A = {half:.0f} with "
           f"steepness 1, sooner when steeper. Right: in the race, the strong overseer's caught incidents fall "
           f"from about {caught[0]:.2f} a year while its missed failures rise from {missed[0]:.3f} a year; the two "
           f"cross in year {half_year:.1f} and the missed rate levels off below 1 a year, while the exponential "
           f"form keeps climbing to {limit[-1]:.0f}. The weak overseer's missed failures level off near "
           f"{missed_weak[-1]:.2f} a year.")
    return StaticFigure(figure, alt)


def constant_gap_figure():
    """Static figure for section *Why a constant gap still ends in failure*.

    Left: failure probability over 500 years for a gap held at ``-ln 2``, 0 and ``ln 2``
    (exponential form, base rate 0.02, sensitivity 1). Right: the lifetime failure
    probability, starting from a zero gap, against how fast the gap shrinks, for
    sensitivities 0.5, 1 and 2.

    Returns
    -------
    StaticFigure

    Notes
    -----
    Defined in Chapter 3, section *Why a constant gap still ends in failure*.

    Examples
    --------
    >>> constant_gap_figure().alt[:39]
    'Left: with the gap held constant, the f'
    """
    import matplotlib

    t = np.linspace(0.0, 500.0, 1001)
    shrink = np.linspace(0.005, 0.3, 119)
    with matplotlib.rc_context(style.RC):
        figure = _figure(8.0, 3.4)
        left, right = figure.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
        for gap, label, colour, dash in ((-np.log(2.0), "alignment 2× ahead", style.ALIGNMENT, "-"),
                                         (0.0, "equal (A = C)", style.SAFE, "--"),
                                         (np.log(2.0), "capability 2× ahead", style.CAPABILITY, "-.")):
            rate = float(hazard(gap, 0.02, 1.0))
            left.plot(t, -np.expm1(-rate * t), color=colour, linestyle=dash, linewidth=2,
                      label=f"{label}: h = {rate:.2f}/yr")
        left.set(xlim=(0, 500), ylim=(0, 1.02), xlabel="time (years)", ylabel="P(at least one failure by t)")
        left.set_title("A constant gap: certain failure, in time")
        left.legend(loc="lower right", frameon=False, fontsize=9)
        ends = {}
        for sensitivity, colour, dash in ((0.5, style.SAFE, "--"), (1.0, style.ALIGNMENT, "-"),
                                          (2.0, style.ACCENT, "-.")):
            lifetime = lifetime_failure_probability(0.0, -shrink, 0.02, sensitivity)
            ends[sensitivity] = (float(lifetime[0]), float(lifetime[-1]))
            right.plot(shrink, lifetime, color=colour, linestyle=dash, linewidth=2, label=f"s = {sensitivity:g}")
        right.set(xlim=(0, 0.3), ylim=(0, 1.02), xlabel="gap shrinks by (per year)",
                  ylabel="P(failure ever)")
        right.set_title("Outgrowing capability bounds the risk")
        right.legend(loc="upper right", frameon=False, fontsize=9)
    alt = ("Left: with the gap held constant, the failure probability climbs toward 1 for every gap; alignment's "
           "twofold lead only slows the climb (hazard 0.01 a year, against 0.02 at parity and 0.04 with capability "
           "twofold ahead). Right: starting from a zero gap, the probability that a failure ever happens falls as "
           f"alignment outgrows capability faster; at a shrink rate of 0.3 a year it is {ends[1.0][1]:.3f} with "
           f"sensitivity 1 and {ends[2.0][1]:.3f} with sensitivity 2.")
    return StaticFigure(figure, alt)


@lru_cache(maxsize=1)
def _feedback_bands():
    t = np.linspace(0.0, HORIZON, 61)
    initial_gap = float(race_gap(0.0, **RACE))
    gap_rate = RACE["c_rate"] - RACE["a_rate"]
    bands = {
        feedback: seed_band(feedback_failure_probability, seeds=FEEDBACK_SETTINGS["seeds"], t=t,
                            initial_gap=initial_gap, gap_rate=gap_rate, **OVERSEERS["strong"], feedback=feedback,
                            n_worlds=FEEDBACK_SETTINGS["n_worlds"])
        for feedback in FEEDBACK_SETTINGS["feedback"]
    }
    exact = uncaught_failure_probability(t, initial_gap, gap_rate, **OVERSEERS["strong"])
    return t, bands, exact


def feedback_figure():
    """Static figure for section *Feedback in both directions*.

    The probability of an uncaught failure over 30 years in the chapter's race with the strong
    overseer of :data:`OVERSEERS`, when each caught incident changes the gap by −0.5, −0.2
    (corrective), 0 or +0.2 (eroding): the mean over 10 seeds of 20,000 simulated worlds
    (:data:`FEEDBACK_SETTINGS`), shaded from the lowest to the highest seed, and the closed
    form without feedback.

    Returns
    -------
    StaticFigure

    Notes
    -----
    Defined in Chapter 3, section *Feedback in both directions*.

    Examples
    --------
    >>> feedback_figure().alt[:40]
    'The probability of an uncaught failure o'
    """
    import matplotlib

    t, bands, exact = _feedback_bands()
    looks = {-0.5: (style.SAFE, "-", "corrective, −0.5 per incident"),
             -0.2: (style.ALIGNMENT, "--", "corrective, −0.2 per incident"),
             0.0: (style.NEUTRAL, "-", "no feedback"),
             0.2: (style.CAPABILITY, "-.", "eroding, +0.2 per incident")}
    with matplotlib.rc_context(style.RC):
        figure = _figure(8.0, 3.6)
        figure.subplots_adjust(left=0.09, right=0.62, top=0.9, bottom=0.15)
        ax = figure.subplots()
        style.style_axes(ax)
        for feedback, band in bands.items():
            colour, dash, label = looks.get(feedback, (style.GREY, ":", f"{feedback:+g} per incident"))
            ax.fill_between(t, band.low, band.high, color=colour, alpha=0.2, linewidth=0)
            ax.plot(t, band.mean, color=colour, linestyle=dash, linewidth=2, label=label)
        ax.plot(t, exact, color=style.GREY, linestyle="none", marker="o", markersize=4, markerfacecolor="none",
                markevery=4, label="closed form, no feedback")
        ax.set(xlim=(0, HORIZON), ylim=(0, 1.02), xlabel="time (years)", ylabel="P(uncaught failure by t)")
        ax.set_title("Incidents that feed back on oversight, both ways")
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=9)
    year = {float(v): i for i, v in enumerate(t)}
    at10, at30 = year[10.0], year[30.0]
    alt = ("The probability of an uncaught failure over 30 years, mean of 10 seeds of 20,000 simulated worlds. "
           f"Without feedback it reaches {bands[0.0].mean[at10]:.2f} by year 10 and nearly 1 by year 20, on the "
           f"closed form. Eroding feedback (+0.2 per caught incident) brings it to {bands[0.2].mean[at10]:.2f} by "
           f"year 10; weak corrective feedback (−0.2) holds it to {bands[-0.2].mean[at30]:.2f} by year 30, and "
           f"strong correction (−0.5) to {bands[-0.5].mean[at30]:.2f}. Shading spans the lowest to the highest seed.")
    return StaticFigure(figure, alt)


EXPLORABLES = (gap_risk_explorable, hazard_form_explorable)
