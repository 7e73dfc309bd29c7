"""Explorables for Chapter 3, *The core problem*.

Used in ``chapters/03_core_problem.ipynb``: :func:`gap_risk_explorable` in section
*From hazard to failure probability* and :func:`hazard_form_explorable` in section
*How much rests on the hazard form*. Every curve comes from :mod:`acslib.risk`; the
hazard forms are the book's modelling assumptions, not published results.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np
from matplotlib.lines import Line2D

from ..explorable import Choice, Explorable, Param
from ..growth import doubling_time
from ..risk import (
    HAZARD_FORMS,
    crossing_time,
    cumulative_failure_probability,
    empirical_failure_probability,
    hazard,
    race_gap,
    simulate_failure_times,
    time_to_failure_probability,
)
from . import style

__all__ = [
    "HORIZON",
    "gap_risk_curves",
    "describe_gap_risk",
    "gap_risk_explorable",
    "form_curves",
    "describe_hazard_form",
    "hazard_form_explorable",
    "EXPLORABLES",
]

#: Years shown by both explorables.
HORIZON = 30.0
_TIMES = np.linspace(0.0, HORIZON, 301)
_GAP_LIMIT = 8.0
#: The race held fixed in the hazard-form explorable: capability 0.7 /yr, alignment
#: 0.4 /yr (so the gap widens at ``gap_rate``), alignment starting 4× ahead.
_FORM_SCENARIO = dict(initial_lead=4.0, base_rate=0.02)
_FORM_GAPS = np.linspace(-3.0, 3.0, 121)
_MONTE_CARLO_DRAWS = 20_000
_MONTE_CARLO_TIMES = np.linspace(0.0, HORIZON, 16)
_FORM_LABELS = {"exponential": "exponential", "softplus": "softplus", "power": "power (positive gap)"}


def _key(value) -> float:
    return round(float(value), 10)


@lru_cache(maxsize=512)
def _gap_risk_cached(capability_rate, alignment_rate, initial_lead, base_rate):
    gap = race_gap(_TIMES, 1.0, capability_rate, initial_lead, alignment_rate)
    probability = cumulative_failure_probability(_TIMES, hazard(gap, base_rate, 1.0))
    boundary = cumulative_failure_probability(_TIMES, np.full(_TIMES.size, base_rate))
    return gap, probability, boundary


def gap_risk_curves(capability_rate, alignment_rate, initial_lead, base_rate):
    """Gap and cumulative failure probability for one race, over :data:`HORIZON` years.

    Capability starts at 1 and alignment ``initial_lead`` times higher; both grow
    exponentially. The hazard is the exponential form with sensitivity 1
    (``h = base_rate * C / A``), an assumption of the book.

    Returns
    -------
    t, gap, failure_probability, boundary_probability : numpy.ndarray
        ``boundary_probability`` is the failure probability if the gap were held at
        zero (``A = C``): a constant hazard ``base_rate``.

    Examples
    --------
    >>> t, gap, p, boundary = gap_risk_curves(0.4, 0.4, 1.0, 0.02)
    >>> bool(np.allclose(p, boundary))   # no gap: the hazard stays at the base rate
    True
    >>> round(float(p[-1]), 4)           # 1 - exp(-0.02 * 30)
    0.4512
    """
    gap, probability, boundary = _gap_risk_cached(
        _key(capability_rate), _key(alignment_rate), _key(initial_lead), _key(base_rate)
    )
    return _TIMES, gap, probability, boundary


def describe_gap_risk(capability_rate, alignment_rate, initial_lead, base_rate):
    """Alt text for a frame of :func:`gap_risk_explorable`."""
    t, gap, probability, boundary = gap_risk_curves(capability_rate, alignment_rate, initial_lead, base_rate)
    crossing = crossing_time(1.0, capability_rate, initial_lead, alignment_rate)
    median = time_to_failure_probability(t, probability, 0.5)
    text = (
        f"Capability grows at {capability_rate:g} per year (doubling every "
        f"{float(doubling_time(capability_rate)):.1f} years), alignment at {alignment_rate:g} per year from a "
        f"{initial_lead:g}× lead, base hazard {base_rate:g} per year. "
    )
    text += "Capability never overtakes alignment. " if crossing is None else f"Capability overtakes alignment in year {crossing:.1f}. "
    text += (
        f"Failure probability reaches {probability[100]:.0%} by year 10 and {probability[-1]:.0%} by year "
        f"{HORIZON:g} (a permanent zero gap would give {boundary[-1]:.0%})"
    )
    text += "." if median is None else f"; it passes 50% in year {median:.1f}."
    return text


def _build_gap_risk(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.15, wspace=0.28)
    gap_ax, risk_ax = fig.subplots(1, 2)
    for ax in (gap_ax, risk_ax):
        style.style_axes(ax)
        ax.set_xlabel("time (years)")
        ax.set_xlim(0.0, HORIZON)
    gap_ax.set_ylim(-_GAP_LIMIT, _GAP_LIMIT)
    gap_ax.set_ylabel("gap  ln(C / A)")
    gap_ax.set_title("The gap", fontsize=10)
    gap_ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    risk_ax.set_ylim(0.0, 1.02)
    risk_ax.set_ylabel("P(at least one failure by t)")
    risk_ax.set_title("Cumulative failure probability", fontsize=10)
    risk_ax.axhline(0.5, color="#bbbbbb", linewidth=0.8, linestyle="--")
    art = SimpleNamespace()
    (art.gap_line,) = gap_ax.plot([], [], color=style.NEUTRAL, linewidth=2, animated=True)
    art.gap_fill = gap_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.GAP, alpha=style.GAP_ALPHA,
                                       linewidth=0, interpolate=True, animated=True)
    art.safe_fill = gap_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.SAFE, alpha=0.15,
                                        linewidth=0, interpolate=True, animated=True)
    art.crossing_lines = [ax.axvline(0.0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
                          for ax in (gap_ax, risk_ax)]
    art.crossing_label = gap_ax.text(0.03, 0.95, "", transform=gap_ax.transAxes, va="top", fontsize=9, animated=True)
    (art.boundary,) = risk_ax.plot([], [], color=style.SAFE, linewidth=1.5, linestyle="--",
                                   label="gap held at zero (A = C)", animated=True)
    (art.probability,) = risk_ax.plot([], [], color=style.CAPABILITY, linewidth=2,
                                      label="this race", animated=True)
    art.risk_label = risk_ax.text(0.97, 0.05, "", transform=risk_ax.transAxes, ha="right", va="bottom",
                                  fontsize=9, animated=True)
    risk_ax.legend(loc="upper left", fontsize=8, frameon=False)
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

    Sliders: capability and alignment growth rates (static on the website),
    alignment's initial lead and the base hazard (live only). The hazard is the
    exponential form with sensitivity 1, an assumption of the book.

    Examples
    --------
    >>> ex = gap_risk_explorable()
    >>> len(ex.static_grid())
    100
    """
    return Explorable(
        "Gap and cumulative risk",
        [
            Param("capability_rate", 0.1, 1.0, 0.1, 0.7, label="capability growth rate", unit=" /yr"),
            Param("alignment_rate", 0.1, 1.0, 0.1, 0.4, label="alignment growth rate", unit=" /yr"),
            Param("initial_lead", 1, 10, 1, 4, label="alignment's initial lead", unit="×"),
            Param("base_rate", 0.005, 0.05, 0.005, 0.02, label="hazard at zero gap", unit=" /yr", fmt=".3f"),
        ],
        _build_gap_risk,
        _draw_gap_risk,
        describe=describe_gap_risk,
        static_params=("capability_rate", "alignment_rate"),
        figsize=(8.0, 3.4),
    )


@lru_cache(maxsize=64)
def _form_multiplier(form, sensitivity):
    return hazard(_FORM_GAPS, 1.0, sensitivity, form)


@lru_cache(maxsize=512)
def _form_cached(form, sensitivity, gap_rate):
    initial_gap = -np.log(_FORM_SCENARIO["initial_lead"])
    base_rate = _FORM_SCENARIO["base_rate"]
    multiplier = _form_multiplier(form, sensitivity)
    hazard_path = hazard(initial_gap + gap_rate * _TIMES, base_rate, sensitivity, form)
    probability = cumulative_failure_probability(_TIMES, hazard_path)
    times = simulate_failure_times(_TIMES, hazard_path, _MONTE_CARLO_DRAWS, seed=20260101)
    simulated, _ = empirical_failure_probability(times, _MONTE_CARLO_TIMES)
    return multiplier, probability, simulated


def form_curves(form, sensitivity, gap_rate=0.3):
    """Curves for :func:`hazard_form_explorable`.

    The race: alignment starts 4× ahead (gap ``-ln 4``) and the gap changes at
    ``gap_rate`` per year; base hazard 0.02 per year.

    Returns
    -------
    gaps, multiplier, t, failure_probability, monte_carlo_t, monte_carlo_probability
        ``multiplier`` is ``hazard / base_rate`` on ``gaps``; the Monte Carlo estimate
        uses 20,000 seeded draws of :func:`acslib.risk.simulate_failure_times`.

    Examples
    --------
    >>> gaps, multiplier, t, p, mc_t, mc_p = form_curves("power", 0.0)
    >>> bool(np.allclose(multiplier, 1.0))   # sensitivity 0: constant hazard
    True
    >>> bool(np.max(np.abs(np.interp(mc_t, t, p) - mc_p)) < 0.02)
    True
    """
    if form not in HAZARD_FORMS:
        raise ValueError(f"form must be one of {HAZARD_FORMS}; got {form!r}")
    multiplier, probability, simulated = _form_cached(form, _key(sensitivity), _key(gap_rate))
    return _FORM_GAPS, multiplier, _TIMES, probability, _MONTE_CARLO_TIMES, simulated


def describe_hazard_form(form, sensitivity, gap_rate):
    """Alt text for a frame of :func:`hazard_form_explorable`."""
    gaps, multiplier, t, probability, _, simulated = form_curves(form, sensitivity, gap_rate)
    at_one = float(hazard(1.0, 1.0, sensitivity, form))
    at_minus_one = float(hazard(-1.0, 1.0, sensitivity, form))
    trend = "widens" if gap_rate > 0 else ("stays fixed" if gap_rate == 0 else "narrows")
    return (
        f"{_FORM_LABELS[form].capitalize()} hazard with sensitivity {sensitivity:g}: a gap of +1 multiplies the "
        f"base hazard by {at_one:.2f} and a gap of −1 by {at_minus_one:.2f}. With alignment starting 4× ahead and "
        f"the gap changing by {gap_rate:+g} per year (it {trend}), failure probability by year {HORIZON:g} is "
        f"{probability[-1]:.0%} (Monte Carlo, {_MONTE_CARLO_DRAWS:,} worlds: {simulated[-1]:.0%})."
    )


def _build_form(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.3)
    form_ax, risk_ax = fig.subplots(1, 2)
    for ax in (form_ax, risk_ax):
        style.style_axes(ax)
    form_ax.set_yscale("log")
    form_ax.set_xlim(_FORM_GAPS[0], _FORM_GAPS[-1])
    form_ax.set_ylim(1e-3, 1e3)
    form_ax.set_xlabel("gap  ln(C / A)")
    form_ax.set_ylabel("hazard ÷ base rate")
    form_ax.set_title("Assumed hazard form", fontsize=10)
    form_ax.axvline(0.0, color=style.NEUTRAL, linewidth=0.8)
    form_ax.axhline(1.0, color="#bbbbbb", linewidth=0.8, linestyle="--")
    risk_ax.set_xlim(0.0, HORIZON)
    risk_ax.set_ylim(0.0, 1.02)
    risk_ax.set_xlabel("time (years)")
    risk_ax.set_ylabel("P(at least one failure by t)")
    risk_ax.set_title("Cumulative failure probability", fontsize=10)
    art = SimpleNamespace()
    art.others = [form_ax.plot([], [], color="#aaaaaa", linewidth=1, animated=True)[0] for _ in HAZARD_FORMS[1:]]
    (art.multiplier,) = form_ax.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True)
    # Static legend entries: the lines themselves are animated and change with the sliders.
    form_ax.legend(
        handles=[Line2D([], [], color=style.CAPABILITY, linewidth=2, label="chosen form"),
                 Line2D([], [], color="#aaaaaa", linewidth=1, label="the other two forms")],
        loc="upper left", fontsize=8, frameon=False,
    )
    (art.probability,) = risk_ax.plot([], [], color=style.CAPABILITY, linewidth=2,
                                      label="1 − exp(−∫h dt)", animated=True)
    (art.simulated,) = risk_ax.plot([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="none",
                                    color=style.ALIGNMENT, label=f"Monte Carlo ({_MONTE_CARLO_DRAWS:,} worlds)",
                                    animated=True)
    art.label = risk_ax.text(0.97, 0.05, "", transform=risk_ax.transAxes, ha="right", va="bottom",
                             fontsize=9, animated=True)
    risk_ax.legend(loc="upper left", fontsize=8, frameon=False)
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
    27
    """
    return Explorable(
        "Hazard form and sensitivity",
        [
            Choice("form", HAZARD_FORMS, "exponential", label="hazard form",
                   option_labels=tuple(_FORM_LABELS[f] for f in HAZARD_FORMS)),
            Param("sensitivity", 0.0, 2.0, 0.25, 1.0, label="sensitivity s", fmt=".2f"),
            Param("gap_rate", -0.3, 0.5, 0.1, 0.3, label="gap change per year", unit=" /yr", fmt="+.1f"),
        ],
        _build_form,
        _draw_form,
        describe=describe_hazard_form,
        static_params=("form", "sensitivity"),
        figsize=(8.0, 3.4),
    )


EXPLORABLES = (gap_risk_explorable, hazard_form_explorable)
