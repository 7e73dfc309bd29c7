"""Explorable and figure for Chapter 13, *Alignment scaling versus the alignment tax*.

Used in ``chapters/13_alignment_tax.ipynb``: :func:`tax_explorable` in section *A level
against a rate* and :func:`pay_or_defer_figure` in section *Paying or deferring*. The
numbers come from :mod:`acslib.tax`, which reuses Chapter 10's :mod:`acslib.debt`; both
models are the book's own.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from .. import tax as model
from .._validation import ArgumentTypeError, as_float_array, as_scalar
from ..explorable import Explorable, Param, StaticFigure
from . import style

__all__ = ["HORIZON", "tax_curves", "describe_tax", "tax_explorable", "pay_or_defer_figure", "EXPLORABLES"]

#: Years shown by the explorable.
HORIZON = 20.0
_TIMES = np.linspace(0.0, HORIZON, 201)
_MAX_TAX = 0.5
_MAX_RATE_GAP = 0.5
_MAX_LEAD = 10


def _checked(value, name, low, high):
    value = as_scalar(value, name)
    if not low - 1e-12 <= value <= high + 1e-12:
        raise ValueError(f"{name} must lie between {low:g} and {high:g}; got {value:g}")
    return round(value, 10)


@lru_cache(maxsize=512)
def _curves(tax, rate_gap, initial_lead):
    initial_gap = -np.log(initial_lead)
    untaxed = model.taxed_gap(_TIMES, initial_gap, rate_gap, 0.0)
    taxed = model.taxed_gap(_TIMES, initial_gap, rate_gap, tax)
    required = model.tax_to_hold_gap(rate_gap, _TIMES)
    return untaxed, taxed, required


def tax_curves(tax, rate_gap, initial_lead):
    """The curves of one frame of :func:`tax_explorable`, over :data:`HORIZON` years.

    Parameters
    ----------
    tax : float
        Level tax, a fraction of capability from 0 to 0.5.
    rate_gap : float
        ``r_C - r_A`` per year, from 0.1 to 0.5.
    initial_lead : float
        Alignment's starting lead ``A(0)/C(0)``, from 1 to 10.

    Returns
    -------
    t, untaxed_gap, taxed_gap, tax_to_hold : numpy.ndarray

    Examples
    --------
    >>> t, untaxed, taxed, required = tax_curves(0.5, 0.3, 1.0)
    >>> round(float(untaxed[-1] - taxed[-1]), 3)  # the tax shifts the gap by ln 2, for ever
    0.693
    """
    tax = _checked(tax, "tax", 0.0, _MAX_TAX)
    rate_gap = _checked(rate_gap, "rate_gap", 0.1, _MAX_RATE_GAP)
    initial_lead = _checked(initial_lead, "initial_lead", 1.0, _MAX_LEAD)
    return (_TIMES, *_curves(tax, rate_gap, initial_lead))


def describe_tax(tax, rate_gap, initial_lead):
    """Alt text and caption of one frame of :func:`tax_explorable`."""
    t, untaxed, taxed, required = tax_curves(tax, rate_gap, initial_lead)
    before = model.taxed_crossing_time(initial_lead, rate_gap, 0.0)
    after = model.taxed_crossing_time(initial_lead, rate_gap, tax)
    delay = float(model.tax_delay(tax, rate_gap))
    return (
        f"A {tax:.0%} level tax against a rate gap of {rate_gap:g} per year, alignment starting {initial_lead:g}× "
        f"ahead: capability overtakes alignment in year {after:.1f} instead of {before:.1f}, a delay of "
        f"{delay:.1f} years. By year {HORIZON:g} the taxed gap is {taxed[-1]:.2f}, parallel to the untaxed "
        f"{untaxed[-1]:.2f}; holding the gap with a tax alone would take {required[-1]:.1%} by then."
    )


def _build(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.15, wspace=0.32)
    gap_ax, tax_ax = fig.subplots(1, 2)
    for ax in (gap_ax, tax_ax):
        style.style_axes(ax)
        ax.set_xlabel("time (years)")
        ax.set_xlim(0.0, HORIZON)
    low = np.log1p(-_MAX_TAX) - np.log(_MAX_LEAD) - 0.3
    gap_ax.set_ylim(low, _MAX_RATE_GAP * HORIZON + 0.3)
    gap_ax.set_ylabel("gap  ln(C / A)")
    gap_ax.set_title("A tax shifts the gap; scaling flattens it", fontsize=10)
    gap_ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    art = SimpleNamespace()
    art.fill = gap_ax.fill_between([0, 1], [0, 0], [0, 0], color=style.GAP, alpha=style.GAP_ALPHA, linewidth=0,
                                   interpolate=True, animated=True)
    (art.untaxed,) = gap_ax.plot([], [], color=style.GREY, linestyle="--", linewidth=1.8, label="no tax",
                                 animated=True)
    (art.taxed,) = gap_ax.plot([], [], color=style.CAPABILITY, linewidth=2.2, label="with the tax", animated=True)
    (art.scaled,) = gap_ax.plot([], [], color=style.ALIGNMENT, linewidth=2.2, linestyle="-.",
                                label="alignment scaled to match", animated=True)
    gap_ax.legend(loc="upper left", fontsize=9, frameon=False)
    tax_ax.set_ylim(0.0, 1.0)
    tax_ax.set_ylabel("level tax (share of capability)")
    tax_ax.set_title("The tax that would hold the gap still", fontsize=10)
    (art.required,) = tax_ax.plot([], [], color=style.ALIGNMENT, linewidth=2.2, label="needed", animated=True)
    (art.level,) = tax_ax.plot([], [], color=style.CAPABILITY, linewidth=2.2, label="paid", animated=True)
    (art.runs_out,) = tax_ax.plot([], [], color=style.NEUTRAL, linestyle=":", linewidth=1.4, animated=True)
    art.label = tax_ax.text(0.97, 0.05, "", transform=tax_ax.transAxes, ha="right", va="bottom", fontsize=9,
                            animated=True)
    tax_ax.legend(loc="center right", fontsize=9, frameon=False)
    return art


def _draw(art, tax, rate_gap, initial_lead):
    t, untaxed, taxed, required = tax_curves(tax, rate_gap, initial_lead)
    art.untaxed.set_data(t, untaxed)
    art.taxed.set_data(t, taxed)
    art.scaled.set_data(t, np.full(t.size, taxed[0]))
    art.fill.set_data(t, 0.0, taxed, where=taxed > 0)
    art.required.set_data(t, required)
    art.level.set_data([0.0, HORIZON], [tax, tax])
    delay = float(model.tax_delay(tax, rate_gap))
    art.runs_out.set_data([delay, delay], [0.0, tax])
    art.label.set_text(f"the tax covers {delay:.1f} years of the rate gap")


def tax_explorable():
    """The Chapter 13 explorable: a level tax against a rate gap.

    Sliders: the tax and the rate gap (static on the website) and alignment's initial
    lead (live in the notebook). Left: the gap without the tax, with it, and with
    alignment scaled to match capability's rate. Right: the tax needed at each time to
    hold the gap where it started, against the tax paid.

    Examples
    --------
    >>> ex = tax_explorable()
    >>> len(ex.static_grid())
    55
    """
    return Explorable(
        "A level tax against a rate gap",
        [
            Param("tax", 0.0, _MAX_TAX, 0.05, 0.2, label="level tax", unit=" of capability", fmt=".0%"),
            Param("rate_gap", 0.1, _MAX_RATE_GAP, 0.1, 0.3, label="rate gap r_C − r_A", unit=" /yr", fmt=".1f"),
            Param("initial_lead", 1, _MAX_LEAD, 1, 1, label="alignment's initial lead", unit="×"),
        ],
        _build,
        _draw,
        describe=describe_tax,
        static_params=("tax", "rate_gap"),
        figsize=(8.0, 3.4),
    )


def pay_or_defer_figure(cases=((1.0, 0.0), (3.0, 0.0), (1.0, 1.5)), discount=None):
    """Static figure for *Paying or deferring*: cumulative cost against the horizon.

    One panel per ``(tax, dividend)`` case: paying the tax every year, deferring it
    into alignment debt with the leftover settled at each horizon, and deferring
    without settling (the pitfall). Parameters are :data:`acslib.tax.TAX_PARAMS`.

    Parameters
    ----------
    cases : sequence of (float, float)
        One to four ``(tax, dividend)`` pairs.
    discount : float, optional
        Discount rate per year (default: that of the parameters).

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> len(pay_or_defer_figure(cases=((1.0, 0.0),)).figure.axes)
    1
    """
    from matplotlib.figure import Figure

    if isinstance(cases, (str, bytes, dict)) or not isinstance(cases, (list, tuple)):
        raise ArgumentTypeError(f"cases must be a list or tuple of (tax, dividend) pairs; got {type(cases).__name__}")
    if not 1 <= len(cases) <= 4:
        raise ValueError(f"cases must hold one to four (tax, dividend) pairs; got {len(cases)}")
    pairs = []
    for case in cases:
        values = as_float_array(case, "cases", ndim=1)
        if values.size != 2:
            raise ValueError(f"cases must hold (tax, dividend) pairs; got {case!r}")
        pairs.append((float(values[0]), float(values[1])))
    try:
        results = [model.pay_or_defer(tax=a, dividend=b, discount=discount) for a, b in pairs]
    except ValueError as error:
        if "discount" in str(error):
            raise
        raise ValueError(f"cases must hold valid (tax, dividend) pairs: {error}") from error
    figure = Figure(figsize=(8.0, 3.3), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.16, wspace=0.28)
    axes = np.atleast_1d(figure.subplots(1, len(cases), sharey=True))
    top = max(float(np.max(r.defer)) for r in results)
    bottom = min(0.0, min(float(np.min(r.pay)) for r in results))
    parts = []
    for ax, result in zip(axes, results):
        style.style_axes(ax)
        ax.plot(result.t, result.pay, color=style.ALIGNMENT, linewidth=2.2, label="pay the tax")
        ax.plot(result.t, result.defer, color=style.CAPABILITY, linewidth=2.2, label="defer, settled")
        ax.plot(result.t, result.defer_unsettled, color=style.GREY, linewidth=1.8, linestyle=":",
                label="defer, unsettled")
        ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
        ax.set(xlim=(0, result.t[-1]), ylim=(bottom - 2, min(top, 120.0) * 1.05), xlabel="horizon (years)")
        title = f"tax {result.tax:g}" + (f", dividend {result.dividend:g}" if result.dividend else "")
        ax.set_title(title, fontsize=10)
        parts.append(
            f"{title} (net {result.net_tax:g} a year): at 30 years paying costs {result.pay[-1]:.1f}, deferring "
            f"{result.defer[-1]:.1f} settled and {result.defer_unsettled[-1]:.1f} unsettled"
        )
    axes[0].set_ylabel("expected discounted cost")
    axes[0].legend(fontsize=9, frameon=False, loc="upper left")
    alt = ("Cumulative expected cost against the horizon for paying a constant alignment tax and for deferring "
           "it into alignment debt, with Chapter 10's other parameters and prices held fixed. " +
           "; ".join(parts) + ". Deferral looks cheap only while the leftover debt is left unsettled.")
    return StaticFigure(figure, alt)


EXPLORABLES = (tax_explorable,)
