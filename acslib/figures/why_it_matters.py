"""Explorables and figures for Chapter 2, *Why it matters*.

Used in ``chapters/02_why_it_matters.ipynb``: :func:`horizon_trend_figure`,
:func:`benchmark_figure` and :func:`trend_window_explorable` in section
*Capability has scaled rapidly*, :func:`compute_threshold_explorable` in section
*Compute, and the lines governance draws*, and :func:`chinchilla_fits_explorable` in
section *Where the scaling comes from*. Every number comes from :mod:`acslib.data`,
:mod:`acslib.trends` and :mod:`acslib.scaling`.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np
from matplotlib.lines import Line2D

from .. import data
from .._validation import as_choice, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..governance.presets import EU_AI_ACT_SYSTEMIC_RISK_FLOP, US_EO_14110_REPORTING_FLOP
from ..growth import rate_from_annual_factor, time_to_reach
from ..scaling import CHINCHILLA_FITS, chinchilla_loss, chinchilla_optimal
from ..trends import fit_exponential_trend
from . import style

__all__ = [
    "horizon_trend_figure",
    "benchmark_figure",
    "window_fit",
    "window_sensitivity",
    "describe_window",
    "trend_window_explorable",
    "threshold_crossings",
    "describe_thresholds",
    "compute_threshold_explorable",
    "isoflop_curve",
    "describe_fits",
    "chinchilla_fits_explorable",
    "GOVERNANCE_LINES",
    "PUBLISHED_V1_DOUBLING_DAYS",
    "PUBLISHED_V1_CI_DAYS",
    "EXPLORABLES",
]

_WINDOW_END_LABELS = {"paper_v1": "to Feb 2025 (paper v1)", "all": "all 13 (to Aug 2025)"}
_START_YEARS = np.round(np.arange(2019.0, 2024.5 + 1e-9, 0.25), 2)
_MINIMUM_POINTS = 4
_ONE_DAY = 1.0 / 365.25

#: METR's published doubling time of the 50% horizon in the paper's first version, in days,
#: and its 95% interval (Kwa et al. 2025, arXiv:2503.14499 v1; ``kwa2025measuring``).
PUBLISHED_V1_DOUBLING_DAYS = 212.0
PUBLISHED_V1_CI_DAYS = (171.0, 249.0)

#: Training-compute lines drawn by governance, from EU AI Act Art. 51(2) and US EO 14110 §4.2.
GOVERNANCE_LINES = {
    "EU AI Act (10^25 FLOP)": EU_AI_ACT_SYSTEMIC_RISK_FLOP,
    "US EO 14110 (10^26 FLOP)": US_EO_14110_REPORTING_FLOP,
}


def _key(value) -> float:
    return round(float(value), 6)


def _count(value: float) -> str:
    """A parameter or token count in readable units: 70B, 1.4T."""
    if value >= 1e12:
        return f"{value / 1e12:.3g}T"
    if value >= 1e9:
        return f"{value / 1e9:.3g}B"
    return f"{value / 1e6:.3g}M"


@lru_cache(maxsize=1)
def _horizons():
    table = data.metr_horizons("TH1.0")
    return table, data.decimal_year(table["release_date"])


def _check_end(end):
    as_choice(end, "end", list(_WINDOW_END_LABELS))


def _window_mask(start_year, end):
    start_year = as_scalar(start_year, "start_year")
    _check_end(end)
    table, years = _horizons()
    # A model released in the slider's start quarter is in the window: compare by day.
    mask = years >= float(start_year) - _ONE_DAY
    if end == "paper_v1":
        mask &= table["in_paper_v1"]
    return mask


@lru_cache(maxsize=256)
def _window_fit_cached(start_year, end):
    mask = _window_mask(start_year, end)
    table, years = _horizons()
    if mask.sum() < _MINIMUM_POINTS:
        return None
    return fit_exponential_trend(years[mask], table["p50_minutes"][mask])


def horizon_trend_figure():
    """Static figure for section *Capability has scaled rapidly*: METR's points, the fit, its band.

    The eleven TH1.0 horizons of the paper's v1 window (filled), the two later models
    (open), the least-squares trend fitted to the v1 window, its 95% pointwise confidence
    band (:meth:`acslib.trends.ExponentialTrend.band`, shaded) and the 95% interval for one
    new model (:meth:`acslib.trends.ExponentialTrend.prediction_band`, dashed), on a log axis.

    Returns
    -------
    StaticFigure
        The figure with its alt text.

    Examples
    --------
    >>> len(horizon_trend_figure().figure.axes)
    1
    """
    from matplotlib.figure import Figure

    table, years = _horizons()
    inside = table["in_paper_v1"]
    trend = fit_exponential_trend(years[inside], table["p50_minutes"][inside])
    grid = np.linspace(2019.0, 2026.0, 141)
    low, high = trend.band(grid)
    new_low, new_high = trend.prediction_band(grid)
    figure = Figure(figsize=(7.0, 3.6), dpi=100)
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.15)
    ax = style.style_axes(figure.add_subplot())
    ax.set_yscale("log")
    ax.set(xlim=(2018.8, 2026.0), ylim=(0.01, 1000.0), xlabel="release date (year)",
           ylabel="50% time horizon (minutes)")
    ax.set_title("METR TH1.0 horizons, the v1-window trend and its 95% intervals", fontsize=10)
    ax.fill_between(grid, low, high, color=style.CAPABILITY, alpha=0.18, linewidth=0,
                    label="95% band of the line")
    ax.plot(grid, trend.predict(grid), color=style.CAPABILITY, linewidth=1.8,
            label=f"trend: doubling every {trend.doubling_time_days:.0f} days")
    for edge in (new_low, new_high):
        ax.plot(grid, edge, color=style.CAPABILITY, linewidth=1.0, linestyle="--",
                label="95% interval for one new model" if edge is new_low else None)
    ax.scatter(years[inside], table["p50_minutes"][inside], s=26, color=style.CAPABILITY, zorder=3,
               label="v1 window (fitted)")
    ax.scatter(years[~inside], table["p50_minutes"][~inside], s=34, facecolors="none",
               edgecolors=style.NEUTRAL, linewidths=1.5, zorder=3, label="released later")
    for k, (year, minutes, name) in enumerate(zip(years[~inside], table["p50_minutes"][~inside],
                                                  table["model"][~inside])):
        offset, align = ((6, -14), "left") if k % 2 == 0 else ((0, 8), "center")
        ax.annotate(str(name), (year, minutes), textcoords="offset points", xytext=offset, ha=align,
                    fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)
    ax.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    later = table["p50_minutes"][~inside]
    above = int(np.sum(later > trend.band(years[~inside])[1]))
    within = int(np.sum(later < trend.prediction_band(years[~inside])[1]))
    alt = (
        f"METR's TH1.0 50% time horizons on a log axis against release date, {int(inside.sum())} models from "
        f"{table['model'][inside][0]} ({table['p50_minutes'][inside][0]:g} minutes) to "
        f"{table['model'][inside][-1]} ({table['p50_minutes'][inside][-1]:g} minutes) with the straight-line "
        f"trend fitted to them (doubling every {trend.doubling_time_days:.0f} days), the 95% band of that line "
        f"(shaded) and the wider 95% interval for a single new model (dashed). {above} of the "
        f"{int((~inside).sum())} later models lie above the band of the line; {within} of them lie inside the "
        f"interval for a new model."
    )
    return StaticFigure(figure, alt)


def benchmark_figure():
    """Static figure for section *Capability has scaled rapidly*: MMLU scores rising to the ceiling.

    The developers' reported MMLU accuracy of the models in :func:`acslib.data.mmlu_scores`
    against release date (left) and against training compute from
    :func:`acslib.data.training_compute` (right, log axis), with chance (25%) and the
    expert-level estimate (89.8%).

    Returns
    -------
    StaticFigure
        The figure with its alt text.

    Examples
    --------
    >>> len(benchmark_figure().figure.axes)
    2
    """
    from matplotlib.figure import Figure

    scores = data.mmlu_scores()
    compute, _ = _compute_table()
    flop = {str(m): f for m, f in zip(compute["model"], compute["training_flop"])}
    years = data.decimal_year(scores["release_date"])
    percent = scores["mmlu_percent"]
    training_flop = np.array([flop[str(m)] for m in scores["model"]])
    figure = Figure(figsize=(8.0, 3.4), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.16, wspace=0.25)
    by_date, by_compute = figure.subplots(1, 2, sharey=True)
    for ax, x, label in ((by_date, years, "release date (year)"),
                         (by_compute, training_flop, "training compute (FLOP, log scale)")):
        style.style_axes(ax)
        ax.axhline(data.MMLU_EXPERT_PERCENT, color=style.ALIGNMENT, linestyle="--", linewidth=1.2)
        ax.axhline(data.MMLU_CHANCE_PERCENT, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
        ax.scatter(x, percent, s=28, color=style.CAPABILITY, zorder=3)
        ax.set_xlabel(label)
    by_compute.set_xscale("log")
    by_date.set(xlim=(2020.0, 2025.0), ylim=(0, 100), ylabel="MMLU accuracy (%)")
    by_date.set_title("MMLU accuracy as reported", fontsize=10)
    by_compute.set_title("against training compute", fontsize=10)
    by_date.text(2020.1, data.MMLU_EXPERT_PERCENT + 2, f"expert estimate {data.MMLU_EXPERT_PERCENT:g}%",
                 color=style.ALIGNMENT, fontsize=style.MIN_FONT_POINTS)
    by_date.text(2020.1, data.MMLU_CHANCE_PERCENT + 2, "chance 25%", color=style.NEUTRAL,
                 fontsize=style.MIN_FONT_POINTS)
    models = list(scores["model"])
    for ax, x, labels in (
        (by_date, years, (("GPT-3 175B", (4, -12), "left", "baseline"), ("GPT-4", (-6, 0), "right", "center"),
                          ("Llama 3.1 405B", (0, -14), "right", "baseline"))),
        # One training budget, two scores: Chinchilla's point of Section 2.4, in one benchmark.
        (by_compute, training_flop, (("Gopher 280B", (6, -8), "left", "center"),
                                     ("Chinchilla 70B", (-6, 6), "right", "center"))),
    ):
        for name, offset, align, vertical in labels:
            i = models.index(name)
            ax.annotate(name.split()[0] if ax is by_compute else name, (x[i], percent[i]),
                        textcoords="offset points", xytext=offset, ha=align, va=vertical,
                        fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)
    by_compute.set_xlim(1e23, 1e26)
    first, last = int(np.argmin(years)), int(np.argmax(years))
    alt = (
        f"Reported MMLU accuracy of {len(scores)} language models: from {percent[first]:g}% "
        f"({scores['model'][first]}, {years[first]:.1f}) to {percent[last]:g}% ({scores['model'][last]}, "
        f"{years[last]:.1f}), against release date and against training compute, with chance at 25% and the "
        f"expert-level estimate at {data.MMLU_EXPERT_PERCENT:g}%. The best scores approach the expert line, "
        f"where the test's own label errors limit what it can resolve."
    )
    return StaticFigure(figure, alt)


def window_fit(start_year, end="paper_v1"):
    """METR TH1.0 horizon trend fitted to the models released from ``start_year`` on.

    Parameters
    ----------
    start_year : float
        First decimal year of the window.
    end : {"paper_v1", "all"}
        Stop at Claude 3.7 Sonnet (the paper's v1 window) or include all 13 models.

    Returns
    -------
    acslib.trends.ExponentialTrend or None
        ``None`` when fewer than four models fall in the window.

    Examples
    --------
    >>> round(window_fit(2019.0).doubling_time_days)
    213
    >>> window_fit(2025.0) is None
    True
    >>> window_fit(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: start_year must not contain NaN
    """
    start_year = as_scalar(start_year, "start_year")
    _check_end(end)
    return _window_fit_cached(_key(start_year), end)


def window_sensitivity(end="paper_v1"):
    """Doubling time (days) and its 95% interval for every start year on the slider.

    Returns
    -------
    start_years, doubling_days, ci_low, ci_high : numpy.ndarray
        NaN where the window holds fewer than four models.

    Examples
    --------
    >>> starts, days, low, high = window_sensitivity()
    >>> float(starts[0]), round(float(days[0]))
    (2019.0, 213)
    >>> window_sensitivity("2025")
    Traceback (most recent call last):
    ...
    ValueError: end must be one of ['paper_v1', 'all']; got '2025'
    """
    _check_end(end)  # before the cache, so that an unhashable value is named, not "unhashable"
    return tuple(array.copy() for array in _window_sensitivity_cached(end))


@lru_cache(maxsize=2)
def _window_sensitivity_cached(end):
    rows = []
    for start in _START_YEARS:
        trend = window_fit(start, end)
        if trend is None:
            rows.append((np.nan, np.nan, np.nan))
        else:
            rows.append((trend.doubling_time_days, *trend.doubling_time_days_ci))
    values = np.array(rows)
    return _START_YEARS, values[:, 0], values[:, 1], values[:, 2]


def describe_window(start_year, end):
    """Alt text for a frame of :func:`trend_window_explorable`."""
    trend = window_fit(start_year, end)
    count = int(_window_mask(start_year, end).sum())
    scope = "through Claude 3.7 Sonnet (Feb 2025)" if end == "paper_v1" else "through GPT-5 (Aug 2025)"
    text = f"METR TH1.0 50% time horizons on a log axis, fitted from {start_year:.2f} {scope}: {count} models. "
    if trend is None:
        return text + "Too few models for a trend; the fit needs at least four."
    low, high = trend.doubling_time_days_ci
    return text + (
        f"Doubling time {trend.doubling_time_days:.0f} days (95% CI {low:.0f}–{high:.0f}), "
        f"a factor of {trend.annual_factor:.1f} per year; the published v1 figure is "
        f"{PUBLISHED_V1_DOUBLING_DAYS:.0f} days ({PUBLISHED_V1_CI_DAYS[0]:.0f}–{PUBLISHED_V1_CI_DAYS[1]:.0f})."
    )


def _build_window(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.3)
    data_ax, sens_ax = fig.subplots(1, 2)
    for ax in (data_ax, sens_ax):
        style.style_axes(ax)
    table, years = _horizons()
    data_ax.set_yscale("log")
    data_ax.set(xlim=(2018.8, 2026.0), ylim=(0.01, 1000.0), xlabel="release date (year)",
                ylabel="50% time horizon (minutes)")
    data_ax.set_title("METR TH1.0 horizons and the fitted trend", fontsize=10)
    data_ax.scatter(years, table["p50_minutes"], s=18, facecolors="none", edgecolors=style.GREY, zorder=2,
                    label="outside window")
    sens_ax.set(xlim=(2018.9, 2024.6), ylim=(0, 500), xlabel="window starts (year)", ylabel="doubling time (days)")
    sens_ax.set_title("How the answer depends on the window", fontsize=10)
    low, high = PUBLISHED_V1_CI_DAYS
    sens_ax.axhspan(low, high, color=style.NEUTRAL, alpha=0.12, linewidth=0)
    sens_ax.axhline(PUBLISHED_V1_DOUBLING_DAYS, color=style.NEUTRAL, linewidth=1, linestyle="--")
    sens_ax.text(2024.55, high + 6, f"published: {PUBLISHED_V1_DOUBLING_DAYS:.0f} d ({low:.0f}–{high:.0f})",
                 ha="right", fontsize=style.MIN_FONT_POINTS, color=style.NEUTRAL)
    art = SimpleNamespace()
    art.inside = data_ax.scatter(years, table["p50_minutes"], s=22, color=style.CAPABILITY, zorder=3,
                                 animated=True, label="in window")
    (art.trend,) = data_ax.plot([], [], color=style.CAPABILITY, linewidth=1.8, animated=True)
    art.band = {}
    art.curve = {}
    for end, colour in (("paper_v1", style.CAPABILITY), ("all", style.EXTRA[0])):
        starts, days, low, high = window_sensitivity(end)
        sens_ax.fill_between(starts, low, high, color=colour, alpha=0.15, linewidth=0)
        sens_ax.plot(starts, days, color=colour, linewidth=1.2, label=_WINDOW_END_LABELS[end])
    (art.marker,) = sens_ax.plot([], [], "o", color="black", markersize=6, animated=True)
    art.errorbar = sens_ax.vlines([2019.0], [0.0], [0.0], color="black", linewidth=2, animated=True)
    data_ax.legend(loc="lower right", fontsize=style.MIN_FONT_POINTS, frameon=False)
    sens_ax.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    return art


def _draw_window(art, start_year, end):
    table, years = _horizons()
    mask = _window_mask(start_year, end)
    art.inside.set_offsets(np.column_stack([years[mask], table["p50_minutes"][mask]]))
    trend = window_fit(start_year, end)
    if trend is None:
        art.trend.set_data([], [])
        art.marker.set_data([], [])
        art.errorbar.set_segments([])
        return
    span = np.array([years[mask].min(), 2026.0])
    art.trend.set_data(span, trend.predict(span))
    low, high = trend.doubling_time_days_ci
    shown_high = min(high, 500.0)
    art.marker.set_data([start_year], [trend.doubling_time_days])
    art.errorbar.set_segments([[(start_year, low), (start_year, shown_high)]])


def trend_window_explorable():
    """Chapter 2 explorable: the METR trend refitted from a chosen start date.

    Examples
    --------
    >>> len(trend_window_explorable().static_grid())
    24
    """
    return Explorable(
        "How the horizon trend depends on the window",
        [
            # Half-year steps on the slider (24 frames); the right panel's curve is quarterly.
            Param("start_year", float(_START_YEARS[0]), float(_START_YEARS[-1]), 0.5, 2019.0,
                  label="window starts", fmt=".1f"),
            Choice("end", tuple(_WINDOW_END_LABELS), "paper_v1", label="window ends",
                   option_labels=tuple(_WINDOW_END_LABELS.values())),
        ],
        _build_window,
        _draw_window,
        describe=describe_window,
        static_params=("start_year", "end"),
        figsize=(8.0, 3.4),
    )


# ---------------------------------------------------------------- compute thresholds

_SCENARIO_STARTS = ("GPT-3 175B", "Chinchilla 70B", "GPT-4", "Llama 3.1 405B")
_SCENARIO_END = 2032.0


@lru_cache(maxsize=1)
def _compute_table():
    table = data.training_compute()
    return table, data.decimal_year(table["release_date"])


def _scenario_start(start_model):
    table, years = _compute_table()
    if not isinstance(start_model, str) or start_model not in _SCENARIO_STARTS:
        raise ValueError(f"start_model must be one of {list(_SCENARIO_STARTS)}; got {start_model!r}")
    row = int(np.flatnonzero(table["model"] == start_model)[0])
    return float(years[row]), float(table["training_flop"][row])


def threshold_crossings(annual_factor, start_model="GPT-3 175B"):
    """Decimal years at which compute growing ``annual_factor`` times per year crosses each line.

    The scenario starts at ``start_model``'s release date and training compute (from
    :func:`acslib.data.training_compute`) and grows exponentially; crossing times come from
    :func:`acslib.growth.time_to_reach`. A line already below the start is reported as
    crossed at the start.

    Returns
    -------
    dict
        ``{line name: decimal year}`` for each of :data:`GOVERNANCE_LINES`.

    Examples
    --------
    >>> {name: round(year, 2) for name, year in threshold_crossings(4.0).items()}
    {'EU AI Act (10^25 FLOP)': 2022.9, 'US EO 14110 (10^26 FLOP)': 2024.56}
    >>> threshold_crossings(1.0)
    Traceback (most recent call last):
    ...
    ValueError: annual_factor must exceed 1 (growth); got 1
    """
    annual_factor = as_scalar(annual_factor, "annual_factor", positive=True)
    if annual_factor <= 1.0:
        raise ValueError(f"annual_factor must exceed 1 (growth); got {annual_factor:g}")
    start_year, start_flop = _scenario_start(start_model)
    rate = rate_from_annual_factor(annual_factor)
    crossings = {}
    for name, flop in GOVERNANCE_LINES.items():
        years = float(time_to_reach(flop, start_flop, rate))
        crossings[name] = start_year + max(years, 0.0)
    return crossings


def describe_thresholds(annual_factor, start_model):
    """Alt text for a frame of :func:`compute_threshold_explorable`."""
    crossings = list(threshold_crossings(annual_factor, start_model).values())
    start_year, start_flop = _scenario_start(start_model)
    gap_years = float(np.log(10.0) / rate_from_annual_factor(annual_factor))
    parts = [
        f"Frontier training compute growing {annual_factor:g}× per year from {start_model} "
        f"({start_flop:.2g} FLOP, {start_year:.1f}).",
    ]
    for label, year in zip(("10^25", "10^26"), crossings):
        parts.append(f"It is above {label} FLOP {'from the start' if year == start_year else f'in {year:.1f}'}.")
    parts.append(f"Each tenfold step takes {gap_years:.1f} years at this pace.")
    return " ".join(parts)


def _build_thresholds(fig):
    fig.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.14)
    ax = fig.add_subplot()
    style.style_axes(ax)
    ax.set_yscale("log")
    ax.set(xlim=(2019.5, _SCENARIO_END), ylim=(1e22, 1e29), xlabel="year", ylabel="training compute (FLOP)")
    ax.set_title("Compute-growth scenarios and the governance lines", fontsize=10)
    table, years = _compute_table()
    for method, marker, label in (("reported", "o", "reported by developers"), ("6ND", "s", "6ND from N and D"),
                                  ("estimate", "D", "outside estimate")):
        rows = table["method"] == method
        ax.scatter(years[rows], table["training_flop"][rows], s=24, marker=marker,
                   facecolors=style.NEUTRAL if method != "estimate" else "none", edgecolors=style.NEUTRAL,
                   zorder=3, label=label)
    for (name, flop), colour in zip(GOVERNANCE_LINES.items(), (style.ALIGNMENT, style.EXTRA[1])):
        ax.axhline(flop, color=colour, linewidth=1.2, linestyle="--")
        ax.text(2019.6, flop * 1.3, name, color=colour, fontsize=style.MIN_FONT_POINTS)
    art = SimpleNamespace()
    (art.scenario,) = ax.plot([], [], color=style.CAPABILITY, linewidth=2, animated=True, label="scenario")
    art.crossings = [ax.axvline(2020.0, color=style.NEUTRAL, linestyle=":", linewidth=1.2, animated=True)
                     for _ in GOVERNANCE_LINES]
    ax.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False, ncol=2)
    return art


def _draw_thresholds(art, annual_factor, start_model):
    start_year, start_flop = _scenario_start(start_model)
    t = np.linspace(start_year, _SCENARIO_END, 120)
    art.scenario.set_data(t, start_flop * np.exp(float(rate_from_annual_factor(annual_factor)) * (t - start_year)))
    for line, year in zip(art.crossings, threshold_crossings(annual_factor, start_model).values()):
        line.set_xdata([year, year])
        line.set_visible(year > start_year)


def compute_threshold_explorable():
    """Chapter 2 explorable: when compute-growth scenarios cross 10^25 and 10^26 FLOP.

    Examples
    --------
    >>> len(compute_threshold_explorable().static_grid())
    40
    """
    return Explorable(
        "When compute crosses the governance lines",
        [
            Param("annual_factor", 1.5, 6.0, 0.5, 4.0, label="growth per year", unit="×", fmt=".1f"),
            Choice("start_model", _SCENARIO_STARTS, "GPT-3 175B", label="start from"),
        ],
        _build_thresholds,
        _draw_thresholds,
        describe=describe_thresholds,
        static_params=("annual_factor", "start_model"),
        figsize=(7.0, 3.8),
    )


# ---------------------------------------------------------------- Chinchilla fits

_FIT_LABELS = {"hoffmann": "Hoffmann (rounded)", "hoffmann-unrounded": "Hoffmann (unrounded)",
               "besiroglu": "Besiroglu refit"}
_FIT_COLOURS = {"hoffmann": style.CAPABILITY, "hoffmann-unrounded": style.ACCENT, "besiroglu": style.ALIGNMENT}
_PARAM_GRID = np.logspace(7, 13, 161)
_BUDGETS = np.logspace(19, 27, 81)


@lru_cache(maxsize=512)
def _isoflop_cached(log10_compute, fit):
    compute = 10.0 ** log10_compute
    loss = chinchilla_loss(_PARAM_GRID, compute / (6.0 * _PARAM_GRID), fit=fit)
    n_params, n_tokens = chinchilla_optimal(compute, fit=fit)
    best = float(chinchilla_loss(n_params, n_tokens, fit=fit))
    return loss, float(n_params), float(n_tokens), best


def isoflop_curve(log10_compute, fit):
    """Loss against model size at a fixed budget ``10**log10_compute`` FLOP, and the optimum.

    Returns
    -------
    n_params_grid, loss, n_params_opt, n_tokens_opt, loss_opt

    Examples
    --------
    >>> _, _, n_opt, d_opt, _ = isoflop_curve(23.76042248, "hoffmann-unrounded")  # 5.76e23 FLOP
    >>> round(n_opt / 1e9, 1)
    40.3
    >>> isoflop_curve(float("inf"), "besiroglu")
    Traceback (most recent call last):
    ...
    ValueError: log10_compute must be finite; got infinity
    """
    log10_compute = as_scalar(log10_compute, "log10_compute")
    if not 0.0 < log10_compute < 300.0:
        raise ValueError(f"log10_compute must lie between 0 and 300; got {log10_compute:g}")
    if not isinstance(fit, str) or fit not in CHINCHILLA_FITS:
        raise ValueError(f"fit must be one of {list(CHINCHILLA_FITS)}; got {fit!r}")
    loss, n_params, n_tokens, best = _isoflop_cached(_key(log10_compute), fit)
    return _PARAM_GRID, loss, n_params, n_tokens, best


def describe_fits(log10_compute, fit):
    """Alt text for a frame of :func:`chinchilla_fits_explorable`."""
    _, _, n_params, n_tokens, best = isoflop_curve(log10_compute, fit)
    others = ", ".join(
        f"{_FIT_LABELS[other]} {_count(float(chinchilla_optimal(10.0 ** log10_compute, fit=other)[0]))}"
        for other in CHINCHILLA_FITS if other != fit
    )
    return (
        f"At a budget of 10^{log10_compute:g} FLOP the {_FIT_LABELS[fit]} constants put the optimum at "
        f"{_count(n_params)} parameters and {_count(n_tokens)} tokens "
        f"({n_tokens / n_params:.0f} tokens per parameter), loss {best:.3f} nats; other fits: {others}."
    )


def _build_fits(fig):
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.15, wspace=0.3)
    iso_ax, frontier_ax = fig.subplots(1, 2)
    for ax in (iso_ax, frontier_ax):
        style.style_axes(ax)
    iso_ax.set_xscale("log")
    iso_ax.set(xlim=(1e7, 1e13), ylim=(1.7, 4.5), xlabel="parameters N", ylabel="loss (nats/token)")
    iso_ax.set_title("Loss at a fixed budget (C = 6ND)", fontsize=10)
    frontier_ax.set_xscale("log")
    frontier_ax.set_yscale("log")
    frontier_ax.set(xlim=(1e19, 1e27), ylim=(1e8, 1e13), xlabel="training compute C (FLOP)",
                    ylabel="compute-optimal parameters")
    frontier_ax.set_title("The efficient frontier", fontsize=10)
    for fit in CHINCHILLA_FITS:
        n_params, _ = chinchilla_optimal(_BUDGETS, fit=fit)
        frontier_ax.plot(_BUDGETS, n_params, color=_FIT_COLOURS[fit], linewidth=1.2, label=_FIT_LABELS[fit])
    table = data.chinchilla_table3()
    frontier_ax.scatter(table["training_flop"], table["n_params"], s=24, marker="s", color="black", zorder=3,
                        label="Table 3 (approach 1)")
    frontier_ax.legend(loc="upper left", fontsize=style.MIN_FONT_POINTS, frameon=False)
    art = SimpleNamespace(curves={})
    for fit in CHINCHILLA_FITS:
        (art.curves[fit],) = iso_ax.plot([], [], color=_FIT_COLOURS[fit], linewidth=1.0, animated=True)
    # A static legend (drawn once into the background) names the three curves.
    handles = [Line2D([], [], color=_FIT_COLOURS[fit], linewidth=1.5) for fit in CHINCHILLA_FITS]
    iso_ax.legend(handles, [_FIT_LABELS[fit] for fit in CHINCHILLA_FITS], loc="upper left",
                  fontsize=style.MIN_FONT_POINTS, frameon=False)
    (art.optimum,) = iso_ax.plot([], [], "o", color="black", markersize=6, animated=True)
    (art.frontier_marker,) = frontier_ax.plot([], [], "o", color="black", markersize=7, animated=True)
    art.budget_line = frontier_ax.axvline(1e23, color=style.NEUTRAL, linestyle=":", linewidth=1, animated=True)
    return art


def _draw_fits(art, log10_compute, fit):
    for name, line in art.curves.items():
        grid, loss, *_ = isoflop_curve(log10_compute, name)
        line.set_data(grid, loss)
        line.set_linewidth(2.6 if name == fit else 0.9)
        line.set_linestyle("-" if name == fit else (0, (4, 2)))
    _, _, n_params, _, best = isoflop_curve(log10_compute, fit)
    art.optimum.set_data([n_params], [best])
    art.frontier_marker.set_data([10.0 ** log10_compute], [n_params])
    art.budget_line.set_xdata([10.0 ** log10_compute] * 2)


def chinchilla_fits_explorable():
    """Chapter 2 explorable: the loss and frontier under the three Chinchilla fits.

    Examples
    --------
    >>> len(chinchilla_fits_explorable().static_grid())
    48
    """
    return Explorable(
        "Three fits of the Chinchilla law",
        [
            Param("log10_compute", 19.25, 26.75, 0.5, 23.75, label="budget log10(FLOP)", fmt=".2f"),
            Choice("fit", tuple(CHINCHILLA_FITS), "hoffmann", label="fit",
                   option_labels=tuple(_FIT_LABELS[f] for f in CHINCHILLA_FITS)),
        ],
        _build_fits,
        _draw_fits,
        describe=describe_fits,
        static_params=("log10_compute", "fit"),
        figsize=(8.0, 3.3),
    )


EXPLORABLES = (trend_window_explorable, compute_threshold_explorable, chinchilla_fits_explorable)
