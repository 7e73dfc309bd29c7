"""Explorables and figures for Chapter 6, *Governance systems*.

Used in ``chapters/06_governance_systems.ipynb``:

* :func:`policy_flow_figure` (section *If-then policies as data*): the decision flow of
  :func:`acslib.governance.policy.evaluate_policy`, from a model's record to one of five
  decisions;
* :func:`decision_matrix_figure` (section *A policy worked end to end*): the decision of
  each preset on each of the chapter's four example records
  (:func:`worked_example_records`);
* :func:`cadence_explorable` (section *Evaluation governance: the cadence*): a frontier
  compute trend against the two public compute lines (EU AI Act 10^25 FLOP, US EO 14110
  10^26) and how often a policy that re-evaluates at every k-fold growth in effective
  compute must run its evaluations.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from .._validation import as_scalar
from ..data import decimal_year, training_compute
from ..explorable import Explorable, Param, StaticFigure
from ..governance import (
    DECISIONS,
    EU_AI_ACT_SYSTEMIC_RISK_FLOP,
    REEVALUATION_FACTORS,
    US_EO_14110_REPORTING_FLOP,
    ModelRecord,
    evaluate_policy,
    evaluation_interval,
    evaluation_schedule,
    evaluations_per_year,
    eu_ai_act,
    preset,
    years_to_threshold,
)
from ..growth import exponential, rate_from_annual_factor
from . import style

__all__ = [
    "cadence_explorable",
    "describe_cadence",
    "projected_schedule",
    "frontier_points",
    "MAX_GROWTH_FACTOR",
    "MAX_TRIGGER_FACTOR",
    "DECISION_COLOURS",
    "PRESET_LABELS",
    "worked_example_records",
    "decision_matrix",
    "decision_matrix_figure",
    "policy_flow_figure",
    "EXPLORABLES",
]

#: Largest yearly growth factor the cadence helpers accept (a hundredfold a year).
MAX_GROWTH_FACTOR = 100.0
#: Largest re-evaluation factor the cadence helpers accept.
MAX_TRIGGER_FACTOR = 1000.0

#: A colour for each decision, least to most restrictive (fills are drawn faint).
DECISION_COLOURS = dict(zip(DECISIONS, (style.SAFE, style.ALIGNMENT, style.ACCENT, style.GREY, style.CAPABILITY)))
#: Short column labels for the presets in :func:`decision_matrix_figure`.
PRESET_LABELS = {
    "eu_ai_act": "EU AI Act",
    "us_eo_14110": "US EO 14110",
    "openai_preparedness": "OpenAI",
    "anthropic_rsp": "Anthropic",
    "deepmind_fsf": "DeepMind",
}


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
_GROWTH_AXIS.setflags(write=False)


def _factors(annual_growth_factor, trigger_factor):
    """Both slider values checked under the caller's parameter names, as floats."""
    growth = as_scalar(annual_growth_factor, "annual_growth_factor", positive=True)
    if not 1.0 < growth <= MAX_GROWTH_FACTOR:
        raise ValueError(f"annual_growth_factor must exceed 1 and be at most {MAX_GROWTH_FACTOR:g}; got {growth:g}")
    trigger = as_scalar(trigger_factor, "trigger_factor", positive=True)
    if not 1.0 < trigger <= MAX_TRIGGER_FACTOR:
        raise ValueError(f"trigger_factor must exceed 1 and be at most {MAX_TRIGGER_FACTOR:g}; got {trigger:g}")
    return growth, trigger


def projected_schedule(annual_growth_factor, trigger_factor):
    """The projected trend from Llama 3.1 405B to 2030 and its evaluation dates.

    Parameters
    ----------
    annual_growth_factor : float
        Yearly growth of frontier training compute; above 1 and at most 100
        (:data:`MAX_GROWTH_FACTOR`).
    trigger_factor : float
        The policy's re-evaluation factor; above 1 and at most 1000
        (:data:`MAX_TRIGGER_FACTOR`).

    Returns
    -------
    years, compute, evaluation_years, evaluation_compute : numpy.ndarray
        Read-only arrays: the trend on 400 points, and the evaluations it triggers.

    Examples
    --------
    >>> years, compute, eval_years, eval_compute = projected_schedule(4.0, 2.0)
    >>> np.round(eval_years[:3] - eval_years[0], 3)
    array([0. , 0.5, 1. ])
    """
    return _projected_schedule(*_factors(annual_growth_factor, trigger_factor))


@functools.lru_cache(maxsize=512)
def _projected_schedule(growth: float, trigger: float):
    years = np.linspace(START_YEAR, END_YEAR, 400)
    compute = exponential(years - START_YEAR, START_COMPUTE, rate_from_annual_factor(growth))
    evaluation_years, evaluation_compute = evaluation_schedule(years, compute, trigger)
    for array in (years, compute, evaluation_years, evaluation_compute):
        array.setflags(write=False)
    return years, compute, evaluation_years, evaluation_compute


def describe_cadence(annual_growth_factor, trigger_factor):
    """Alt text and caption of one frame of :func:`cadence_explorable`.

    Parameters
    ----------
    annual_growth_factor : float
        Yearly growth of frontier training compute; above 1 and at most 100.
    trigger_factor : float
        The policy's re-evaluation factor; above 1 and at most 1000.

    Examples
    --------
    >>> describe_cadence(4.0, 2.0)[:80]
    'Compute grows 4× a year from Llama 3.1 405B (3.8e+25 FLOP, mid-2024); re-evaluat'
    """
    growth, trigger = _factors(annual_growth_factor, trigger_factor)
    interval = float(evaluation_interval(growth, trigger))
    per_year = float(evaluations_per_year(growth, trigger))
    crossing = START_YEAR + float(years_to_threshold(US_EO_14110_REPORTING_FLOP, START_COMPUTE, growth))
    _, _, evaluation_years, _ = _projected_schedule(growth, trigger)
    return (
        f"Compute grows {growth:g}× a year from Llama 3.1 405B (3.8e+25 FLOP, mid-2024); "
        f"re-evaluating at every {trigger:g}× growth means one evaluation every {interval:.2f} years, "
        f"{per_year:.1f} a year, {evaluation_years.size} by 2030. The trend passes the 1e26 FLOP line in {crossing:.1f}."
    )


def _build(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.15, wspace=0.25)
    trend, cadence = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    for ax in (trend, cadence):
        style.style_axes(ax)
    trend.set(yscale="log", xlim=(2020, END_YEAR), ylim=(1e23, 1e30), xlabel="year", ylabel="training FLOP")
    trend.set_title("Frontier compute against the lines")
    for name, year, flop in frontier_points():
        trend.plot(year, flop, "o", color=style.CAPABILITY, markersize=4)
        if name.startswith(("GPT-3", "Llama 3.1")):
            trend.annotate(name, (year, flop), textcoords="offset points", xytext=(4, -13),
                           fontsize=style.MIN_FONT_POINTS)
    trend.axhline(EU_AI_ACT_SYSTEMIC_RISK_FLOP, color=style.ALIGNMENT, linewidth=1.2)
    trend.text(2020.1, EU_AI_ACT_SYSTEMIC_RISK_FLOP * 1.4, "EU AI Act 1e25", fontsize=style.MIN_FONT_POINTS,
               color=style.ALIGNMENT)
    trend.axhline(US_EO_14110_REPORTING_FLOP, color=style.ALIGNMENT, linewidth=1.2, linestyle="--")
    trend.text(2020.1, US_EO_14110_REPORTING_FLOP * 1.4, "US EO 14110 1e26 (revoked)",
               fontsize=style.MIN_FONT_POINTS, color=style.ALIGNMENT)
    cadence.set(xlim=(_GROWTH_AXIS[0], _GROWTH_AXIS[-1]), ylim=(0, 4.6), xlabel="compute growth per year (×)",
                ylabel="evaluations per year")
    cadence.set_title("Re-evaluation cadence")
    cadence.axvspan(4.0, 5.0, color=style.CAPABILITY, alpha=0.12, linewidth=0)
    cadence.text(4.5, 0.08, "4–5×/yr\ntrend", ha="center", va="bottom", fontsize=style.MIN_FONT_POINTS,
                 color=style.CAPABILITY)
    colours = (style.EXTRA[0], style.EXTRA[1], style.NEUTRAL)
    for (name, factor), colour in zip(REEVALUATION_FACTORS.items(), colours):
        cadence.plot(_GROWTH_AXIS, evaluations_per_year(_GROWTH_AXIS, factor), color=colour, linewidth=1,
                     linestyle=":")
        label = name.split(" (")[0].replace("Preparedness", "").replace("Google DeepMind", "DeepMind")
        label = label.replace("RSP v1.0", "").replace("FSF v1.0", "").strip()
        cadence.text(_GROWTH_AXIS[-1], float(evaluations_per_year(_GROWTH_AXIS[-1], factor)),
                     f"{label} {factor:g}×", fontsize=style.MIN_FONT_POINTS, color=colour, ha="right",
                     va="top" if factor == max(REEVALUATION_FACTORS.values()) else "bottom")
    art = SimpleNamespace()
    (art.trend,) = trend.plot([], [], color=style.CAPABILITY, linewidth=2, linestyle="-", animated=True)
    (art.evaluations,) = trend.plot([], [], "|", color=style.SAFE, markersize=12, markeredgewidth=1.5, animated=True)
    art.crossing = trend.axvline(START_YEAR, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True)
    trend.plot([], [], "|", color=style.SAFE, markersize=10, markeredgewidth=1.5, label="evaluation due")
    trend.plot([], [], ":", color=style.NEUTRAL, linewidth=1, label="trend passes 1e26")
    trend.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    (art.curve,) = cadence.plot([], [], color=style.SAFE, linewidth=2, animated=True)
    (art.point,) = cadence.plot([], [], "o", color=style.SAFE, markersize=7, animated=True)
    art.cadence_label = cadence.text(0.03, 0.97, "", transform=cadence.transAxes, va="top",
                                     fontsize=style.MIN_FONT_POINTS + 1, animated=True)
    return art


def _draw(art, annual_growth_factor, trigger_factor):
    growth, trigger = _factors(annual_growth_factor, trigger_factor)
    years, compute, evaluation_years, evaluation_compute = _projected_schedule(growth, trigger)
    art.trend.set_data(years, compute)
    art.evaluations.set_data(evaluation_years, evaluation_compute)
    crossing = START_YEAR + float(years_to_threshold(US_EO_14110_REPORTING_FLOP, START_COMPUTE, growth))
    art.crossing.set_xdata([crossing, crossing])
    art.curve.set_data(_GROWTH_AXIS, evaluations_per_year(_GROWTH_AXIS, trigger))
    per_year = float(evaluations_per_year(growth, trigger))
    art.point.set_data([growth], [per_year])
    interval = float(evaluation_interval(growth, trigger))
    art.cadence_label.set_text(f"every {12 * interval:.1f} months:\n{per_year:.1f} a year")


def cadence_explorable():
    """The Chapter 6 explorable: compute growth, the governance lines and the evaluation cadence.

    Sliders (both static on the website, 5 × 11 = 55 frames): compute growth per year
    and the policy's re-evaluation factor.

    Examples
    --------
    >>> ex = cadence_explorable()
    >>> len(ex.static_grid())
    55
    """
    return Explorable(
        "Compute growth, governance lines and evaluation cadence",
        [
            Param("annual_growth_factor", 2.0, 6.0, 1.0, 4.0, label="compute growth per year", unit="×"),
            Param("trigger_factor", 1.5, 6.5, 0.5, 2.0, label="re-evaluate at every", unit="× growth"),
        ],
        _build,
        _draw,
        describe=describe_cadence,
        static_params=("annual_growth_factor", "trigger_factor"),
        figsize=(8.0, 3.4),
    )


# ------------------------------------------------------------------ the worked example
def worked_example_records():
    """The four invented model records of section *A policy worked end to end*.

    A: a mid-sized model with weak dangerous capabilities; A′: the same line scaled up
    three times without new evaluations; B: a frontier model with a high cyber score whose
    developer has met the EU duties and hardened its security but not mitigated the cyber
    capability; C: larger still, with high biological scores and the ASL-3 measures.

    Returns
    -------
    tuple of ModelRecord

    Examples
    --------
    >>> [record.name[:2] for record in worked_example_records()]
    ['A:', "A'", 'B:', 'C:']
    """
    low = {"cybersecurity": 0.15, "cbrn": 0.10, "persuasion": 0.30, "autonomy": 0.10,
           "biosecurity": 0.10, "ml r&d": 0.05, "adversarial testing": 0.20}
    eu_duties = set(eu_ai_act().rules[0].required_safeguards)
    asl3 = {"ASL-3 security measures", "ASL-3 deployment measures"}
    return (
        ModelRecord("A: 8e24 FLOP, weak", 8e24, low),
        ModelRecord("A': A grown 3x, not re-evaluated", 2.4e25, low, growth_since_evaluation=3.0),
        ModelRecord("B: 5e25 FLOP, cyber-capable", 5e25, {**low, "cybersecurity": 0.62},
                    eu_duties | {"hardened security"}),
        ModelRecord("C: 3e26 FLOP, bio-capable", 3e26, {**low, "cbrn": 0.8, "biosecurity": 0.8}, eu_duties | asl3),
    )


def decision_matrix(records=None, presets=None):
    """The decision of each preset (columns) on each record (rows).

    Parameters
    ----------
    records : sequence of ModelRecord, optional
        One to 12 records; :func:`worked_example_records` by default.
    presets : sequence of str, optional
        One to 8 short preset names (keys of :data:`acslib.governance.presets.PRESETS`); all five
        by default.

    Returns
    -------
    tuple of tuple of str
        ``matrix[i][j]`` is ``presets[j]``'s decision on ``records[i]``.

    Examples
    --------
    >>> decision_matrix()[0]
    ('deploy', 'deploy', 'deploy', 'deploy', 'deploy')
    """
    records, presets = _matrix_inputs(records, presets)
    policies = [preset(name) for name in presets]
    return tuple(tuple(evaluate_policy(policy, record).decision for policy in policies) for record in records)


def _matrix_inputs(records, presets):
    from .._validation import ArgumentTypeError

    records = worked_example_records() if records is None else records
    presets = tuple(PRESET_LABELS) if presets is None else presets
    for value, name, cap in ((records, "records", 12), (presets, "presets", 8)):
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            raise ArgumentTypeError(f"{name} must be a list; got {value!r}")
        if not 1 <= len(value) <= cap:
            raise ValueError(f"{name} must hold 1 to {cap} entries; got {len(value)}")
    for record in records:
        if not isinstance(record, ModelRecord):
            raise ArgumentTypeError(f"records must hold ModelRecord objects; got {record!r}")
    for name in presets:
        if not isinstance(name, str):
            raise ArgumentTypeError(f"presets must hold preset names; got {name!r}")
        if name not in PRESET_LABELS:
            raise ValueError(f"presets must hold names from {sorted(PRESET_LABELS)}; got {name!r}")
    return tuple(records), tuple(presets)


def _wrapped(decision: str) -> str:
    return {"deploy with safeguards": "deploy with\nsafeguards", "hold deployment": "hold\ndeployment",
            "missing evaluation": "missing\nevaluation", "pause development": "pause\ndevelopment"}.get(decision,
                                                                                                   decision)


def decision_matrix_figure(records=None, presets=None):
    """Static figure for section *A policy worked end to end*: presets against records.

    Parameters
    ----------
    records, presets : optional
        As in :func:`decision_matrix`.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> decision_matrix_figure().alt[:44]
    'Decisions of five policies on four example m'
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    records, presets = _matrix_inputs(records, presets)
    matrix = decision_matrix(records, presets)
    rows, columns = len(records), len(presets)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 0.9 + 0.72 * rows), dpi=100)
        ax = fig.add_axes((0.25, 0.02, 0.74, 0.98 - 0.55 / (0.9 + 0.72 * rows)))
        ax.set_xlim(0, columns)
        ax.set_ylim(rows, 0)
        ax.axis("off")
        for j, name in enumerate(presets):
            ax.text(j + 0.5, -0.12, PRESET_LABELS[name], ha="center", va="bottom", fontweight="bold")
        for i, record in enumerate(records):
            ax.text(-0.06, i + 0.5, record.name.replace(", ", ",\n", 1), ha="right", va="center")
            for j, decision in enumerate(matrix[i]):
                colour = DECISION_COLOURS[decision]
                fill = (*to_rgba(colour)[:3], 0.18)
                ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, facecolor=fill, edgecolor=colour,
                                       linewidth=2.0))
                ax.text(j + 0.5, i + 0.5, _wrapped(decision), ha="center", va="center",
                        fontsize=style.MIN_FONT_POINTS + 1, color=style.NEUTRAL)
    parts = []
    for record, row in zip(records, matrix):
        verdicts = "; ".join(f"{PRESET_LABELS[name]} {decision}" for name, decision in zip(presets, row))
        parts.append(f"{record.name}: {verdicts}.")
    alt = (f"Decisions of {_count(columns)} policies on {_count(rows)} example models, one row per model. "
           + " ".join(parts))
    return StaticFigure(fig, alt)


def _count(n: int) -> str:
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    return words[n] if n < len(words) else str(n)


# -------------------------------------------------------------------- the decision flow
def policy_flow_figure():
    """Static figure for section *If-then policies as data*: how a policy reaches its decision.

    The flow of :func:`acslib.governance.policy.evaluate_policy`: a staleness check on the whole
    record, then, rule by rule, the trigger, the required evaluations and the required
    safeguards, each ending in one of five decisions; the overall decision is the most
    restrictive one any rule gives.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> policy_flow_figure().alt[:40]
    'Decision flow of an if-then policy. Firs'
    """
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(8.0, 5.0), dpi=100)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, 10)
        ax.set_ylim(-0.1, 7.1)
        ax.axis("off")
        size = style.MIN_FONT_POINTS + 1

        def question(x, y, text):
            ax.text(x, y, text, ha="center", va="center", fontsize=size, color=style.NEUTRAL,
                    bbox=dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor=style.NEUTRAL, linewidth=1.2))

        def outcome(x, y, decision, note="", colour=None):
            colour = colour or DECISION_COLOURS[decision]
            label = decision + (f"\n{note}" if note else "")
            ax.text(x, y, label, ha="center", va="center", fontsize=size, color=style.NEUTRAL,
                    bbox=dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor=colour, linewidth=2.2))

        def arrow(start, end, label="", where=0.5, offset=(0.0, 0.12)):
            ax.annotate("", xy=end, xytext=start,
                        arrowprops=dict(arrowstyle="-|>", color=style.NEUTRAL, linewidth=1.1, shrinkA=0, shrinkB=0))
            if label:
                x = start[0] + where * (end[0] - start[0]) + offset[0]
                y = start[1] + where * (end[1] - start[1]) + offset[1]
                ax.text(x, y, label, ha="center", va="bottom", fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)

        question(2.0, 6.45, "model record\n+ policy")
        question(2.0, 5.2, "grown more than k×\nsince the scores?")
        outcome(6.3, 4.95, "missing evaluation at least", "(scores stale; rules still checked)",
                colour=DECISION_COLOURS["missing evaluation"])
        question(2.0, 3.95, "for each rule:\ndoes its trigger fire?")
        ax.text(6.3, 3.95, "no: the rule is silent\n(no score to check it: missing evaluation)", ha="center",
                va="center", fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)
        question(2.0, 2.7, "required evaluations\nall run?")
        outcome(6.3, 2.7, "missing evaluation")
        question(2.0, 1.45, "required safeguards\nall in place?")
        outcome(6.3, 1.45, "the rule's if_unmet:", "hold deployment or\npause development",
                colour=DECISION_COLOURS["pause development"])
        outcome(2.0, 0.3, "deploy with safeguards")
        arrow((2.0, 6.02), (2.0, 5.67))
        arrow((3.35, 5.2), (4.8, 4.98), "yes", offset=(0.0, 0.08))
        arrow((2.0, 4.75), (2.0, 4.42), "no", offset=(0.22, -0.12))
        arrow((3.45, 3.95), (4.25, 3.95), "no")
        arrow((2.0, 3.5), (2.0, 3.15), "yes", offset=(0.25, -0.12))
        arrow((3.4, 2.7), (5.1, 2.7), "no")
        arrow((2.0, 2.25), (2.0, 1.9), "yes", offset=(0.25, -0.12))
        arrow((3.4, 1.45), (5.0, 1.45), "no")
        arrow((2.0, 1.0), (2.0, 0.62), "yes", offset=(0.25, -0.12))
        ax.text(6.85, 6.85, "overall: the most restrictive decision any rule gives (no rule fires: deploy)",
                ha="center", va="center", fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)
        steps = ("deploy", "with\nsafeguards", "hold\ndeployment", "missing\nevaluation", "pause\ndevelopment")
        for index, (decision, label) in enumerate(zip(DECISIONS, steps)):
            ax.text(4.55 + 1.15 * index, 6.3, label, ha="center", va="center", fontsize=style.MIN_FONT_POINTS,
                    color=style.NEUTRAL, bbox=dict(boxstyle="round,pad=0.25", facecolor="white",
                                                    edgecolor=DECISION_COLOURS[decision], linewidth=1.8))
        arrow((4.2, 5.82), (9.5, 5.82))
        ax.text(6.85, 5.6, "more restrictive", ha="center", va="center", fontsize=style.MIN_FONT_POINTS,
                color=style.NEUTRAL)
    alt = ("Decision flow of an if-then policy. First, if effective compute has grown more than the policy's "
           "re-evaluation factor since the scores were measured, every score is stale and the decision is at least "
           "missing evaluation; the rules are still checked, so a pause can outrank it. Then each rule "
           "is checked: if its trigger does not fire the rule is silent (a trigger whose score was never measured "
           "gives missing evaluation); if it fires, a required evaluation not run gives missing evaluation, and a "
           "required safeguard not in place gives the rule's own action, hold deployment or pause development; with "
           "everything in place the rule gives deploy with safeguards. The overall decision is the most restrictive "
           "one, in the order deploy, deploy with safeguards, hold deployment, missing evaluation, pause development.")
    return StaticFigure(fig, alt)


EXPLORABLES = (cadence_explorable,)
