"""Explorables for Chapter 6, *Governance systems*.

Used in ``chapters/06_governance_systems.ipynb``, section *Evaluation governance:
the cadence*. The explorable sets a frontier compute trend against the two public
compute lines (EU AI Act 10^25 FLOP, US EO 14110 10^26) and shows how often a policy
that re-evaluates at every k-fold growth in effective compute must run its evaluations.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from ..data import decimal_year, training_compute
from ..explorable import Explorable, Param
from ..governance import (
    EU_AI_ACT_SYSTEMIC_RISK_FLOP,
    REEVALUATION_FACTORS,
    US_EO_14110_REPORTING_FLOP,
    evaluation_interval,
    evaluation_schedule,
    evaluations_per_year,
    years_to_threshold,
)
from ..growth import exponential, rate_from_annual_factor
from . import style

__all__ = ["cadence_explorable", "describe_cadence", "projected_schedule", "frontier_points", "EXPLORABLES"]



@functools.lru_cache(maxsize=1)
def frontier_points():
    """Published (not estimated) record-setting training runs from :func:`acslib.data.training_compute`.

    Returns
    -------
    tuple of (model, decimal year, training FLOP)

    Examples
    --------
    >>> frontier_points()[-1][0], frontier_points()[-1][2]
    ('Llama 3.1 405B', 3.8e+25)
    """
    table = training_compute()
    keep = table["record_at_release"] & ~table["is_estimate"]
    years = decimal_year(table["release_date"][keep])
    return tuple(
        (str(model), float(year), float(flop))
        for model, year, flop in zip(table["model"][keep], years, table["training_flop"][keep])
    )


#: The projection starts at the last published record, Llama 3.1 405B (grattafiori2024llama3).
START_YEAR, START_COMPUTE = frontier_points()[-1][1], frontier_points()[-1][2]
END_YEAR = 2030.0
_GROWTH_AXIS = np.linspace(1.5, 8.0, 131)


@functools.lru_cache(maxsize=512)
def projected_schedule(annual_growth_factor: float, trigger_factor: float):
    """The projected trend from Llama 3.1 405B to 2030 and its evaluation dates.

    Returns
    -------
    years, compute, evaluation_years, evaluation_compute : numpy.ndarray

    Examples
    --------
    >>> years, compute, eval_years, eval_compute = projected_schedule(4.0, 2.0)
    >>> np.round(eval_years[:3] - eval_years[0], 3)
    array([0. , 0.5, 1. ])
    """
    years = np.linspace(START_YEAR, END_YEAR, 400)
    compute = exponential(years - START_YEAR, START_COMPUTE, rate_from_annual_factor(annual_growth_factor))
    evaluation_years, evaluation_compute = evaluation_schedule(years, compute, trigger_factor)
    for array in (years, compute, evaluation_years, evaluation_compute):
        array.setflags(write=False)
    return years, compute, evaluation_years, evaluation_compute


def describe_cadence(annual_growth_factor, trigger_factor):
    """Alt text and caption of one frame of :func:`cadence_explorable`.

    Examples
    --------
    >>> describe_cadence(4.0, 2.0)[:80]
    'Compute grows 4× a year from Llama 3.1 405B (3.8e+25 FLOP, mid-2024); re-evaluat'
    """
    interval = float(evaluation_interval(annual_growth_factor, trigger_factor))
    per_year = float(evaluations_per_year(annual_growth_factor, trigger_factor))
    crossing = START_YEAR + float(years_to_threshold(US_EO_14110_REPORTING_FLOP, START_COMPUTE, annual_growth_factor))
    _, _, evaluation_years, _ = projected_schedule(float(annual_growth_factor), float(trigger_factor))
    return (
        f"Compute grows {annual_growth_factor:g}× a year from Llama 3.1 405B (3.8e+25 FLOP, mid-2024); "
        f"re-evaluating at every {trigger_factor:g}× growth means one evaluation every {interval:.2f} years, "
        f"{per_year:.1f} a year, {evaluation_years.size} by 2030. The trend passes the 1e26 FLOP line in {crossing:.1f}."
    )


def _build(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.15, wspace=0.28)
    trend, cadence = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    for ax in (trend, cadence):
        style.style_axes(ax)
    trend.set(yscale="log", xlim=(2020, END_YEAR), ylim=(1e23, 1e30), xlabel="year", ylabel="training compute (FLOP)")
    trend.set_title("Frontier compute against the governance lines", fontsize=10)
    for name, year, flop in frontier_points():
        trend.plot(year, flop, "o", color=style.CAPABILITY, markersize=4)
        if name.startswith(("GPT-3", "PaLM", "Llama 3.1")):
            trend.annotate(name, (year, flop), textcoords="offset points", xytext=(4, -11), fontsize=7)
    trend.axhline(EU_AI_ACT_SYSTEMIC_RISK_FLOP, color=style.ALIGNMENT, linewidth=1.2)
    trend.text(2020.1, EU_AI_ACT_SYSTEMIC_RISK_FLOP * 1.3, "EU AI Act: 1e25 FLOP", fontsize=7, color=style.ALIGNMENT)
    trend.axhline(US_EO_14110_REPORTING_FLOP, color=style.ALIGNMENT, linewidth=1.2, linestyle="--")
    trend.text(2020.1, US_EO_14110_REPORTING_FLOP * 1.3, "US EO 14110: 1e26 (revoked 2025)", fontsize=7, color=style.ALIGNMENT)
    cadence.set(xlim=(_GROWTH_AXIS[0], _GROWTH_AXIS[-1]), ylim=(0, 4.6), xlabel="compute growth per year (×)",
                ylabel="evaluations per year")
    cadence.set_title("Re-evaluation cadence", fontsize=10)
    cadence.axvspan(4.0, 5.0, color=style.CAPABILITY, alpha=0.12, linewidth=0)
    cadence.text(4.5, 0.08, "4–5×/yr\ntrend", ha="center", va="bottom", fontsize=7, color=style.CAPABILITY)
    colours = (style.EXTRA[0], style.EXTRA[1], style.NEUTRAL)
    for (name, factor), colour in zip(REEVALUATION_FACTORS.items(), colours):
        cadence.plot(_GROWTH_AXIS, evaluations_per_year(_GROWTH_AXIS, factor), color=colour, linewidth=1, linestyle=":")
        label = name.split(" (")[0].replace("Preparedness", "").replace("Google DeepMind", "DeepMind").strip()
        cadence.text(_GROWTH_AXIS[-1], float(evaluations_per_year(_GROWTH_AXIS[-1], factor)),
                     f"{label} {factor:g}×", fontsize=7, color=colour, ha="right", va="bottom")
    art = SimpleNamespace()
    (art.trend,) = trend.plot([], [], color=style.CAPABILITY, linewidth=2, linestyle="-", animated=True)
    (art.evaluations,) = trend.plot([], [], "|", color=style.SAFE, markersize=12, markeredgewidth=1.5, animated=True)
    art.crossing = trend.axvline(START_YEAR, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True)
    trend.plot([], [], "|", color=style.SAFE, markersize=10, markeredgewidth=1.5, label="evaluation due")
    trend.plot([], [], ":", color=style.NEUTRAL, linewidth=1, label="trend passes 1e26")
    trend.legend(loc="upper left", fontsize=7, frameon=False)
    (art.curve,) = cadence.plot([], [], color=style.SAFE, linewidth=2, animated=True)
    (art.point,) = cadence.plot([], [], "o", color=style.SAFE, markersize=7, animated=True)
    art.cadence_label = cadence.text(0.03, 0.97, "", transform=cadence.transAxes, va="top", fontsize=8, animated=True)
    return art


def _draw(art, annual_growth_factor, trigger_factor):
    years, compute, evaluation_years, evaluation_compute = projected_schedule(float(annual_growth_factor), float(trigger_factor))
    art.trend.set_data(years, compute)
    art.evaluations.set_data(evaluation_years, evaluation_compute)
    crossing = START_YEAR + float(years_to_threshold(US_EO_14110_REPORTING_FLOP, START_COMPUTE, annual_growth_factor))
    art.crossing.set_xdata([crossing, crossing])
    art.curve.set_data(_GROWTH_AXIS, evaluations_per_year(_GROWTH_AXIS, trigger_factor))
    per_year = float(evaluations_per_year(annual_growth_factor, trigger_factor))
    art.point.set_data([annual_growth_factor], [per_year])
    interval = float(evaluation_interval(annual_growth_factor, trigger_factor))
    art.cadence_label.set_text(f"every {12 * interval:.1f} months: {per_year:.1f} a year")


def cadence_explorable():
    """The Chapter 6 explorable: compute growth, the governance lines and the evaluation cadence.

    Sliders (both static on the website): compute growth per year and the policy's
    re-evaluation factor.

    Examples
    --------
    >>> ex = cadence_explorable()
    >>> len(ex.static_grid())
    99
    """
    return Explorable(
        "Compute growth, governance lines and evaluation cadence",
        [
            Param("annual_growth_factor", 2.0, 6.0, 0.5, 4.5, label="compute growth per year", unit="×"),
            Param("trigger_factor", 1.5, 6.5, 0.5, 2.0, label="re-evaluate at every", unit="× growth"),
        ],
        _build,
        _draw,
        describe=describe_cadence,
        static_params=("annual_growth_factor", "trigger_factor"),
        figsize=(8.0, 3.4),
    )


EXPLORABLES = (cadence_explorable,)
