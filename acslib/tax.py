"""The alignment tax against alignment scaling: a level cost against a growth-rate requirement.

Defined in Chapter 13, *Alignment scaling versus the alignment tax*
(``chapters/13_alignment_tax.ipynb``).

The seed text separates the two: the *tax* is the short-term cost of safeguards
("immediate friction"), *scaling* the long-term requirement ("systemic adaptation").
This module makes the difference computable in two ways.

* **Level against rate.** A tax that handicaps a system's capability by a fraction
  ``tax`` shifts Chapter 1's gap ``ln(C/A)`` down by ``-ln(1 - tax)`` once; it does not
  change the slope ``r_C - r_A``. So it buys a fixed delay, :func:`tax_delay`, and the
  gap keeps growing afterwards (:func:`taxed_gap`). Holding the gap still with a tax
  alone would need a tax that rises toward 100% (:func:`tax_to_hold_gap`).
* **Paying or deferring.** Paying a constant tax every year keeps alignment current;
  deferring it accumulates Chapter 10's alignment debt (:mod:`acslib.debt`, reused, not
  copied). :func:`pay_or_defer` compares the two over every horizon, with leftover debt
  settled at the horizon, and with an optional *dividend*: alignment work that also
  improves capability, which makes the net tax negative.

The measured taxes the chapter cites are shipped with their provenance
(:func:`cited_tax_numbers`). Both models here are the book's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import debt
from ._validation import as_float_array, as_instance, as_scalar, finite_result
from .data import Dataset, alignment_tax
from .risk import crossing_time

__all__ = [
    "TAX_PARAMS",
    "cited_tax_numbers",
    "taxed_gap",
    "tax_delay",
    "tax_to_hold_gap",
    "taxed_crossing_time",
    "PayOrDefer",
    "pay_or_defer",
]

#: Chapter 10's base parameters with prices held fixed, so that paying the tax costs the
#: same every year (a *constant* tax).
TAX_PARAMS = debt.BASE.replace(price_decline=0.0)


def cited_tax_numbers() -> Dataset:
    """The published alignment-tax findings Chapter 13 cites, with their provenance.

    Returns
    -------
    acslib.data.Dataset
        Columns ``key``, ``citation`` (bibliography key), ``claim``, ``value`` and
        ``uncertainty`` (float; NaN for qualitative findings), ``unit``, ``location``
        (section, table or abstract) and ``verification`` (``"abstract"``: checked in
        the abstract's text; ``"anchors"``: from the book's anchors list, not re-read).
        The provenance header records the source URLs, versions, dates and the
        retrieval date.

    Notes
    -----
    Defined in Chapter 13, section *The tax, measured*. The table is
    :func:`acslib.data.alignment_tax` (file ``acslib/data/alignment_tax.csv``).

    Examples
    --------
    >>> table = cited_tax_numbers()
    >>> row = table.where(table["key"] == "instructgpt_preference_175b")
    >>> float(row["value"][0]), float(row["uncertainty"][0]), str(row["citation"][0])
    (85.0, 3.0, 'ouyang2022training')
    >>> table.provenance["retrieved"][:10]
    '2026-12-01'
    """
    return alignment_tax()


def _at_most(number, name, maximum):
    """``as_scalar`` has no upper bound; this is the one check it lacks."""
    if number > maximum:
        shown = "1e12" if maximum == 1e12 else f"{maximum:g}"
        raise ValueError(f"{name} must be at most {shown}; got {number:g}")
    return number


def _level_tax(tax, name="tax"):
    tax = as_float_array(tax, name)
    if ((tax < 0) | (tax >= 1)).any():
        raise ValueError(f"{name} must lie in [0, 1): a fraction of capability given up")
    return tax


def taxed_gap(t, initial_gap, rate_gap, tax):
    """Chapter 1's gap when a level tax handicaps capability by the fraction ``tax``.

    ``g(t) = initial_gap + ln(1 - tax) + rate_gap * t``: the tax moves the line down
    once; its slope, the rate gap ``r_C - r_A``, is untouched.

    Parameters
    ----------
    t : array_like
        Times in years.
    initial_gap : float
        Gap ``ln(C/A)`` at ``t = 0`` without the tax.
    rate_gap : float
        ``r_C - r_A`` per year (any sign).
    tax : float
        Fraction of capability given up, in ``[0, 1)``.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 13, section *A level against a rate*. A model of the book.

    Examples
    --------
    >>> taxed_gap([0.0, 10.0], 0.0, 0.3, 0.0)
    array([0., 3.])
    >>> taxed_gap([0.0, 10.0], 0.0, 0.3, 0.5).round(3)  # shifted by ln 0.5, same slope
    array([-0.693,  2.307])
    """
    t = as_float_array(t, "t")
    initial_gap = as_scalar(initial_gap, "initial_gap")
    rate_gap = as_scalar(rate_gap, "rate_gap")
    tax = as_scalar(tax, "tax")
    _level_tax(tax)
    with np.errstate(over="ignore", invalid="ignore"):
        gap = initial_gap + np.log1p(-tax) + rate_gap * t
    return finite_result(gap, "t, initial_gap, rate_gap", "the gap")


def tax_delay(tax, rate_gap):
    """Years of delay a level tax buys against a rate gap: ``-ln(1 - tax) / rate_gap``.

    Parameters
    ----------
    tax : array_like
        Fractions of capability given up, in ``[0, 1)``.
    rate_gap : float
        Positive ``r_C - r_A`` per year.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 13, section *A level against a rate*. It is Chapter 1's lesson
    about leads: a factor ``1 / (1 - tax)`` buys ``ln`` of that factor over the rate gap.

    Examples
    --------
    >>> tax_delay([0.1, 0.5, 0.9], 0.3).round(2)
    array([0.35, 2.31, 7.68])
    """
    tax = _level_tax(tax)
    rate_gap = as_scalar(rate_gap, "rate_gap", positive=True)
    with np.errstate(over="ignore"):
        delay = -np.log1p(-tax) / rate_gap
    return finite_result(delay, "tax, rate_gap", "the delay")


def tax_to_hold_gap(rate_gap, t):
    """The level tax that would have to be in force at ``t`` to hold the gap at its start.

    ``1 - exp(-rate_gap * t)``: it rises toward 100% — a tax standing in for scaling
    must eventually take away all capability growth.

    Parameters
    ----------
    rate_gap : float
        Non-negative ``r_C - r_A`` per year.
    t : array_like
        Non-negative times in years.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 13, section *A level against a rate*.

    Examples
    --------
    >>> tax_to_hold_gap(0.3, [0.0, 1.0, 10.0]).round(3)
    array([0.   , 0.259, 0.95 ])
    """
    rate_gap = as_scalar(rate_gap, "rate_gap", nonnegative=True)
    t = as_float_array(t, "t", nonnegative=True)
    return -np.expm1(-rate_gap * t)


def taxed_crossing_time(initial_lead, rate_gap, tax):
    """When capability overtakes alignment despite a level tax (or ``None``: never).

    Alignment starts ``initial_lead`` times ahead; capability, handicapped to
    ``1 - tax`` of itself, gains on it at ``rate_gap`` per year. The answer is
    ``ln(initial_lead / (1 - tax)) / rate_gap`` (0 if capability already leads), found
    with Chapter 3's :func:`acslib.risk.crossing_time`.

    Parameters
    ----------
    initial_lead : float
        Positive ratio ``A(0) / C(0)`` without the tax.
    rate_gap : float
        ``r_C - r_A`` per year (any sign).
    tax : float
        Fraction of capability given up, in ``[0, 1)``.

    Returns
    -------
    float or None

    Notes
    -----
    Defined in Chapter 13, section *A level against a rate*.

    Examples
    --------
    >>> round(taxed_crossing_time(4.0, 0.3, 0.0), 3), round(taxed_crossing_time(4.0, 0.3, 0.5), 3)
    (4.621, 6.931)
    >>> taxed_crossing_time(4.0, 0.0, 0.5) is None
    True
    >>> taxed_crossing_time(0.5, -0.1, 0.2)  # capability ahead from the start
    0.0
    """
    initial_lead = as_scalar(initial_lead, "initial_lead", positive=True)
    rate_gap = as_scalar(rate_gap, "rate_gap")
    tax = as_scalar(tax, "tax")
    _level_tax(tax)
    # A rate gap of either sign as two non-negative growth rates, for Chapter 3's function.
    return crossing_time(c0=1.0 - tax, c_rate=max(rate_gap, 0.0), a0=initial_lead, a_rate=max(-rate_gap, 0.0))


@dataclass(frozen=True)
class PayOrDefer:
    """Expected discounted cost of paying the tax and of deferring it, for every horizon.

    Attributes
    ----------
    t : numpy.ndarray
        Horizons in years (``0, step, ..., horizon``).
    pay : numpy.ndarray
        Paying the tax every year (Chapter 10's proactive policy), net of the dividend.
    defer : numpy.ndarray
        Deferring until the first incident (the reactive policy), with the leftover gap
        and debt settled at each horizon, net of the dividend.
    defer_unsettled : numpy.ndarray
        The same without settling: the pitfall that makes deferral look free.
    params : acslib.debt.DebtParams
        The parameters, with ``rnd_cost`` equal to the gross tax.
    dividend : float
        Value per year of alignment work to capability while alignment is current.
    """

    t: np.ndarray
    pay: np.ndarray
    defer: np.ndarray
    defer_unsettled: np.ndarray
    params: debt.DebtParams
    dividend: float

    @property
    def tax(self) -> float:
        """Gross tax, the cost per year of keeping alignment current (``rnd_cost``)."""
        return self.params.rnd_cost

    @property
    def net_tax(self) -> float:
        """Gross tax minus the dividend; negative when alignment work pays for itself."""
        return self.params.rnd_cost - self.dividend

    def _break_even(self, defer) -> float | None:
        cheaper = self.pay <= defer + 1e-12 * np.maximum(1.0, np.abs(defer))
        if not cheaper[-1]:
            return None
        later = np.flatnonzero(~cheaper[1:])  # horizons after 0 where deferring is cheaper
        index = 1 if later.size == 0 else int(later[-1]) + 2
        return float(self.t[min(index, self.t.size - 1)])

    @property
    def break_even(self) -> float | None:
        """Shortest horizon from which paying is cheaper at every longer horizon
        (settled), or ``None`` if deferring is still cheaper at the last horizon."""
        return self._break_even(self.defer)

    @property
    def break_even_unsettled(self) -> float | None:
        """The same break-even horizon when leftover debt is (wrongly) left unsettled."""
        return self._break_even(self.defer_unsettled)


def pay_or_defer(tax=1.0, dividend=0.0, params=None, discount=None) -> PayOrDefer:
    """Compare paying a constant alignment tax with deferring it into alignment debt.

    Paying is Chapter 10's proactive policy with ``rnd_cost = tax``; deferring is its
    reactive policy on the same parameters, so the debt, retrofits, incidents and the
    settlement at the horizon all come from :mod:`acslib.debt`. A ``dividend`` is what
    alignment work returns to capability per year while alignment is current (the gap
    is zero); it is credited to both policies for the years they are current, so that
    ``tax - dividend < 0`` is a negative tax.

    Parameters
    ----------
    tax : float
        Gross cost per year of keeping alignment current (positive, at most 1e12).
    dividend : float
        Non-negative value per year of current alignment to capability (at most 1e12).
    params : acslib.debt.DebtParams, optional
        Defaults to :data:`TAX_PARAMS` (prices fixed, so the tax is constant).
    discount : float, optional
        Discount rate per year (at most 2); defaults to ``params.discount``.

    Returns
    -------
    PayOrDefer

    Notes
    -----
    Defined in Chapter 13, section *Paying or deferring*. A model of the book.

    Examples
    --------
    >>> result = pay_or_defer(tax=1.0)
    >>> bool(result.pay[-1] < result.defer[-1]), result.net_tax
    (True, 1.0)
    >>> bool(pay_or_defer(tax=1.0, dividend=1.5).pay[-1] < 0)  # a negative tax
    True
    """
    params = TAX_PARAMS if params is None else as_instance(params, "params", debt.DebtParams)
    tax = _at_most(as_scalar(tax, "tax", positive=True), "tax", 1e12)
    dividend = _at_most(as_scalar(dividend, "dividend", nonnegative=True), "dividend", 1e12)
    if discount is not None:
        discount = _at_most(as_scalar(discount, "discount", nonnegative=True), "discount", 2.0)
    params = params.replace(rnd_cost=tax)
    rho = params.discount if discount is None else discount
    curves = {}
    for policy in debt.POLICIES:
        run = debt.expected_run(params, policy)
        factor = np.exp(-rho * run.t[:-1])
        current = (run.gap[:, :-1] <= 0.0) * params.step * factor
        credit = dividend * np.concatenate([[0.0], np.cumsum(run.weights @ current)])
        curves[policy] = (run.cost_by_horizon(rho) - credit, run.cost_by_horizon(rho, settle=False) - credit)
    return PayOrDefer(t=debt.expected_run(params, "proactive").t, pay=curves["proactive"][0],
                      defer=curves["reactive"][0], defer_unsettled=curves["reactive"][1], params=params,
                      dividend=dividend)
