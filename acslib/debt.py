"""Alignment debt: a stock that grows while alignment lags, and what it costs to repay.

Defined in Chapter 10, *Alignment debt* (``chapters/10_alignment_debt.ipynb``); Chapter 13
reuses it to compare paying the alignment tax with deferring it.

**This model is the book's own.** No peer-reviewed quantitative model of alignment debt
exists; the qualitative ancestor is *technical debt* in machine-learning systems (Sculley
et al. 2015). Every functional form and every default below is an assumption chosen to
be simple and explicit, so that a reader can see which conclusions rest on which choice.

The model, in one paragraph. Time runs in steps of ``step`` years up to ``horizon``.
Capability pulls ahead of alignment at ``gap_rate`` nats per year unless alignment
research and development (R&D) is bought; the **gap** ``g`` is Chapter 1's log ratio
``ln(C/A)``, so the **shortfall** ``max(0, C - A)`` is measured on that log scale and
does not grow merely because capability does. The **debt** ``D`` (nat-years) accumulates
the shortfall, like Chapter 1's cumulative gap, and grows with **interest** ``r``: work
left undone entangles with what is built on top of it. Each step a policy that is
*acting* spends up to ``budget`` per year, first on R&D (closing the gap and keeping pace,
at ``rnd_cost / gap_rate`` per nat at today's prices), then on **retrofits**, whose unit
cost ``retrofit_cost * (1 + D / retrofit_scale)`` rises with the debt. All alignment work
gets cheaper at ``price_decline`` per year. **Incidents** arrive at hazard
``base_hazard + hazard_per_debt * D`` and each costs ``incident_loss``. The *proactive*
policy acts from the start; the *reactive* policy acts from the step after its first
incident. At the horizon whatever gap and debt remain are **settled** at that time's
prices, so deferral is never free.

Every unit of cost is attributed to exactly one of R&D, retrofit or incident
(:meth:`DebtRun.present_value`); the tests check this accounting identity, the debt's
stock-flow ledger, the budget cap, the flip between policies and the spiral condition.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import textwrap
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ._validation import as_bool, as_choice, as_count, as_float_array, as_instance, as_rng, as_scalar, finite_result

__all__ = [
    "DebtParams",
    "BASE",
    "POLICIES",
    "DebtRun",
    "CostBreakdown",
    "ReviewBacklog",
    "MAX_STEPS",
    "MAX_WORLDS",
    "MAX_CELLS",
    "retrofit_unit_cost",
    "settlement_cost",
    "incident_hazard",
    "debt_without_repayment",
    "spiral_threshold",
    "debt_drift",
    "years_to_repay",
    "review_backlog",
    "simulate",
    "expected_run",
    "policy_costs",
    "cost_ratio",
    "monte_carlo_totals",
    "flip_map",
    "break_even_discount",
    "point_of_no_return",
]

#: The two policies the chapter compares.
POLICIES = ("proactive", "reactive")
#: Largest number of time steps a run may take (``horizon / step``).
MAX_STEPS = 20_000
#: Largest number of simulated worlds in one Monte Carlo run.
MAX_WORLDS = 100_000
#: Largest ``worlds x steps`` a run may store (memory cap).
MAX_CELLS = 2_000_000
#: Largest ``interest * horizon``: beyond it a spiralling debt overflows.
_MAX_GROWTH = 100.0
_TINY = 1e-12


# ----------------------------------------------------------------------------- validation
def _at_most(number: float, name: str, maximum: float) -> float:
    """Reject a number above ``maximum``, naming the parameter and the cap.

    ``acslib._validation.as_scalar`` checks type, finiteness and sign but has no upper
    bound; this is the one check it lacks, applied after it."""
    if number > maximum:
        raise ValueError(f"{name} must be at most {_cap(maximum)}; got {number:g}")
    return number


def _cap(maximum: float) -> str:
    """A cap as the docstrings state it: ``1e12`` for large powers of ten, else ``%g``."""
    if maximum >= 1e6 and math.log10(maximum).is_integer():
        return f"1e{int(math.log10(maximum))}"
    return f"{maximum:g}"


# ----------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class DebtParams:
    """Every parameter of the alignment-debt model, validated, with its unit.

    Cost units are arbitrary; the defaults make one unit one year of pace-keeping
    alignment R&D at today's prices (``rnd_cost = 1``). Debt is in nat-years: a gap of
    one nat (capability ``e`` times what oversight can handle) left open for a year.

    Parameters
    ----------
    gap_rate : float
        Nats per year by which capability pulls ahead when no alignment R&D is bought
        (Chapter 3's ``r_C - r_A``). Positive; at most 5.
    interest : float
        Continuous rate per year at which unpaid debt grows. Non-negative; at most 2, and
        ``interest * horizon`` at most 100 (beyond it a spiralling debt overflows).
    price_decline : float
        Rate per year at which all alignment work (R&D and retrofits) gets cheaper.
        Non-negative; at most 2.
    rnd_cost : float
        Cost per year of keeping pace at today's prices. Positive; at most 1e12.
    retrofit_cost : float
        Cost of retiring one nat-year of debt when the debt is small. Positive; at most 1e12.
    retrofit_scale : float
        Debt (nat-years) at which the retrofit unit cost has doubled. Positive; at most 1e12.
    base_hazard : float
        Incidents per year with no debt. Non-negative; at most 1000.
    hazard_per_debt : float
        Extra incidents per year per nat-year of debt. Non-negative; at most 1000.
    incident_loss : float
        Cost of one incident. Non-negative; at most 1e12.
    budget : float
        Most an acting policy may spend per year on R&D and retrofits together. Positive;
        at most 1e12.
    discount : float
        Continuous discount rate per year for present values. Non-negative; at most 2.
    horizon : float
        Years simulated; leftover gap and debt are settled then. Positive; at most 500.
    step : float
        Time step in years, at most 10; ``horizon / step`` must be a whole number of at
        most :data:`MAX_STEPS` (20,000) steps.
    initial_debt : float
        Debt at time 0 (nat-years). Non-negative; at most 1e9.

    Notes
    -----
    Defined in Chapter 10, section *A stock-flow model of alignment debt*. The forms and
    defaults are the book's assumptions, not estimates.

    Examples
    --------
    >>> params = DebtParams()
    >>> params.steps, round(params.rnd_price, 3)
    (120, 3.333)
    >>> DebtParams(interest=-0.1)
    Traceback (most recent call last):
    ...
    ValueError: interest must be non-negative; got -0.1
    """

    gap_rate: float = 0.3
    interest: float = 0.1
    price_decline: float = 0.05
    rnd_cost: float = 1.0
    retrofit_cost: float = 0.5
    retrofit_scale: float = 10.0
    base_hazard: float = 0.05
    hazard_per_debt: float = 0.02
    incident_loss: float = 3.0
    budget: float = 4.0
    discount: float = 0.05
    horizon: float = 30.0
    step: float = 0.25
    initial_debt: float = 0.0

    _BOUNDS = {  # name: (positive, nonnegative, maximum)
        "gap_rate": (True, False, 5.0),
        "interest": (False, True, 2.0),
        "price_decline": (False, True, 2.0),
        "rnd_cost": (True, False, 1e12),
        "retrofit_cost": (True, False, 1e12),
        "retrofit_scale": (True, False, 1e12),
        "base_hazard": (False, True, 1e3),
        "hazard_per_debt": (False, True, 1e3),
        "incident_loss": (False, True, 1e12),
        "budget": (True, False, 1e12),
        "discount": (False, True, 2.0),
        "horizon": (True, False, 500.0),
        "step": (True, False, 10.0),
        "initial_debt": (False, True, 1e9),
    }

    def __post_init__(self):
        for name, (positive, nonnegative, maximum) in self._BOUNDS.items():
            number = as_scalar(getattr(self, name), name, positive=positive, nonnegative=nonnegative)
            object.__setattr__(self, name, _at_most(number, name, maximum))
        count = self.horizon / self.step
        if abs(count - round(count)) > 1e-9 * max(1.0, count):
            raise ValueError(f"step must divide horizon into whole steps; got horizon {self.horizon:g}, "
                             f"step {self.step:g}")
        if round(count) > MAX_STEPS:
            raise ValueError(f"step gives {round(count)} steps over the horizon, more than MAX_STEPS = {MAX_STEPS}")
        if self.interest * self.horizon > _MAX_GROWTH:
            raise ValueError(f"interest times horizon must be at most {_MAX_GROWTH:g} (a spiralling debt would "
                             f"overflow); got {self.interest * self.horizon:g}")

    @property
    def steps(self) -> int:
        """Number of time steps, ``horizon / step``."""
        return int(round(self.horizon / self.step))

    @property
    def rnd_price(self) -> float:
        """Cost of one nat of alignment at today's prices, ``rnd_cost / gap_rate``."""
        return self.rnd_cost / self.gap_rate

    @property
    def free_budget(self) -> float:
        """Budget per year left for retrofits once the gap is closed, at today's prices."""
        return self.budget - self.rnd_cost

    def replace(self, **changes) -> "DebtParams":
        """A copy with some parameters changed (validated again).

        Examples
        --------
        >>> DebtParams().replace(interest=0.2).interest
        0.2
        """
        unknown = set(changes) - set(self._BOUNDS)
        if unknown:
            raise ValueError(f"changes name unknown parameters: {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def describe(self, width=None) -> str:
        """Every parameter in one line (or wrapped to ``width`` characters), to print
        next to a result.

        Parameters
        ----------
        width : int, optional
            Wrap the text to lines of at most this many characters (20 to 1000).

        Examples
        --------
        >>> print(DebtParams().describe())  # doctest: +ELLIPSIS
        gap rate 0.3/yr, interest 0.1/yr, price decline 0.05/yr, ... horizon 30 yr, step 0.25 yr
        >>> print(DebtParams().describe(width=60).splitlines()[0])
        gap rate 0.3/yr, interest 0.1/yr, price decline 0.05/yr, R&D
        """
        parts = [
            f"gap rate {self.gap_rate:g}/yr", f"interest {self.interest:g}/yr",
            f"price decline {self.price_decline:g}/yr", f"R&D {self.rnd_cost:g}/yr",
            f"retrofit {self.retrofit_cost:g}/nat-yr (doubling at {self.retrofit_scale:g})",
            f"hazard {self.base_hazard:g} + {self.hazard_per_debt:g}·D /yr",
            f"loss {self.incident_loss:g}/incident", f"budget {self.budget:g}/yr",
            f"discount {self.discount:g}/yr", f"horizon {self.horizon:g} yr", f"step {self.step:g} yr",
        ]
        if self.initial_debt:
            parts.append(f"initial debt {self.initial_debt:g}")
        text = ", ".join(parts)
        if width is None:
            return text
        width = as_count(width, "width", cap=1000, minimum=20)
        return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)


#: The chapter's base parameters.
BASE = DebtParams()


# ------------------------------------------------------------------------ the model's parts
def retrofit_unit_cost(debt, retrofit_cost, retrofit_scale):
    """Cost of retiring one more nat-year of debt when the debt is ``debt``.

    ``retrofit_cost * (1 + debt / retrofit_scale)``: retrofits get dearer as debt piles
    up, because each fix must reach into more that was built on the unfixed part.

    Parameters
    ----------
    debt : array_like
        Debt in nat-years, non-negative.
    retrofit_cost, retrofit_scale : float
        Unit cost at zero debt, and the debt at which it has doubled (both positive).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 10, section *A stock-flow model of alignment debt* (an
    assumption of the book).

    Examples
    --------
    >>> retrofit_unit_cost([0.0, 10.0, 20.0], 1.0, 10.0)
    array([1., 2., 3.])
    """
    debt = as_float_array(debt, "debt", nonnegative=True)
    retrofit_cost = as_scalar(retrofit_cost, "retrofit_cost", positive=True)
    retrofit_scale = as_scalar(retrofit_scale, "retrofit_scale", positive=True)
    return finite_result(retrofit_cost * (1.0 + debt / retrofit_scale), "debt, retrofit_cost, retrofit_scale",
                         "the unit cost")


def settlement_cost(debt, retrofit_cost, retrofit_scale, price=1.0):
    """Cost of retiring the whole debt: the unit cost integrated from 0 to ``debt``.

    ``price * retrofit_cost * (debt + debt**2 / (2 * retrofit_scale))``. Retrofit
    spending in the model always moves along this curve, so paying it off in pieces or
    all at once costs the same at a given price.

    Parameters
    ----------
    debt : array_like
        Debt in nat-years, non-negative.
    retrofit_cost, retrofit_scale : float
        As in :func:`retrofit_unit_cost`.
    price : float
        Price level of alignment work (1 today, ``exp(-price_decline * t)`` later).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 10, section *Settling at the horizon*.

    Examples
    --------
    >>> float(settlement_cost(10.0, 1.0, 10.0))
    15.0
    """
    debt = as_float_array(debt, "debt", nonnegative=True)
    retrofit_cost = as_scalar(retrofit_cost, "retrofit_cost", positive=True)
    retrofit_scale = as_scalar(retrofit_scale, "retrofit_scale", positive=True)
    price = as_scalar(price, "price", positive=True)
    with np.errstate(over="ignore"):
        cost = _settle(debt, price * retrofit_cost, retrofit_scale)
    return finite_result(cost, "debt, retrofit_cost, retrofit_scale, price", "the settlement cost")


def _settle(debt, unit, scale):
    return unit * (debt + debt * debt / (2.0 * scale))


def _unsettle(value, unit, scale):
    """Inverse of :func:`_settle` in a form without cancellation."""
    ratio = 2.0 * value / unit
    return ratio / (1.0 + np.sqrt(1.0 + ratio / scale))


def incident_hazard(debt, base_hazard, hazard_per_debt):
    """Incidents per year at debt ``debt``: ``base_hazard + hazard_per_debt * debt``.

    Parameters
    ----------
    debt : array_like
        Debt in nat-years, non-negative.
    base_hazard, hazard_per_debt : float
        Non-negative rates.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 10, section *A stock-flow model of alignment debt*. Linear in the
    debt by assumption; Chapter 3's hazards depend on the gap instead.

    Examples
    --------
    >>> incident_hazard([0.0, 10.0], 0.05, 0.02)
    array([0.05, 0.25])
    """
    debt = as_float_array(debt, "debt", nonnegative=True)
    base_hazard = as_scalar(base_hazard, "base_hazard", nonnegative=True)
    hazard_per_debt = as_scalar(hazard_per_debt, "hazard_per_debt", nonnegative=True)
    with np.errstate(over="ignore"):
        hazard = base_hazard + hazard_per_debt * debt
    return finite_result(hazard, "debt, base_hazard, hazard_per_debt", "the hazard")


def debt_without_repayment(t, gap_rate, interest, initial_debt=0.0):
    """Debt at time ``t`` when the gap opens from zero at ``gap_rate`` and nothing is repaid.

    Solves ``dD/dt = interest * D + gap_rate * t`` from ``D(0) = initial_debt``:

    ``D(t) = initial_debt * e^(r t) + gap_rate * (e^(r t) - 1 - r t) / r**2``,

    which tends to ``gap_rate * t**2 / 2`` (Chapter 1's cumulative gap) as ``r -> 0``.

    Parameters
    ----------
    t : array_like
        Times in years, non-negative.
    gap_rate : float
        Positive rate (nats per year) at which the gap opens.
    interest : float
        Non-negative interest rate per year; ``interest * max(t)`` at most 100.
    initial_debt : float
        Debt at time 0.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 10, section *A stock-flow model of alignment debt*.

    Examples
    --------
    >>> debt_without_repayment([0.0, 10.0], 0.3, 0.0)
    array([ 0., 15.])
    >>> round(float(debt_without_repayment(10.0, 0.3, 0.1)), 3)
    21.548
    """
    t = as_float_array(t, "t", nonnegative=True)
    gap_rate = as_scalar(gap_rate, "gap_rate", positive=True)
    interest = as_scalar(interest, "interest", nonnegative=True)
    initial_debt = as_scalar(initial_debt, "initial_debt", nonnegative=True)
    if interest * float(t.max()) > _MAX_GROWTH:
        raise ValueError(f"interest times t must be at most {_MAX_GROWTH:g}; got {interest * float(t.max()):g}")
    x = interest * t
    # (e^x - 1 - x) / x^2 without cancellation: a series for small x.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(x > 1e-3, (np.expm1(x) - x) / np.where(x > 0, x * x, 1.0),
                         0.5 + x / 6.0 + x * x / 24.0)
    with np.errstate(over="ignore", invalid="ignore"):
        result = initial_debt * np.exp(x) + gap_rate * t * t * ratio
    return finite_result(result, "t, gap_rate, interest, initial_debt", "the debt")


def _threshold(free_budget, interest, retrofit_cost, retrofit_scale):
    a = interest * retrofit_cost / retrofit_scale
    b = interest * retrofit_cost
    return 2.0 * free_budget / (b + np.sqrt(b * b + 4.0 * a * free_budget))


def spiral_threshold(free_budget, interest, retrofit_cost, retrofit_scale):
    """The debt above which interest outruns what the budget can repay.

    With the gap closed and prices fixed, spending ``free_budget`` per year on retrofits
    retires ``free_budget / unit_cost(D)`` nat-years a year, while interest adds
    ``interest * D``. The debt shrinks exactly when ``D < D*``, the positive root of

    ``interest * D * retrofit_cost * (1 + D / retrofit_scale) = free_budget``.

    Above ``D*`` the debt never closes: it grows, which makes retrofits dearer, which
    slows repayment further (the spiral).

    Parameters
    ----------
    free_budget : array_like
        Budget per year left for retrofits (positive).
    interest : float
        Positive interest rate: with no interest every debt is repaid eventually.
    retrofit_cost, retrofit_scale : float
        As in :func:`retrofit_unit_cost`.

    Returns
    -------
    numpy.ndarray
        ``D*`` in nat-years.

    Notes
    -----
    Defined in Chapter 10, section *The spiral condition*.

    Examples
    --------
    >>> float(spiral_threshold(2.0, 0.1, 1.0, 10.0))  # 0.1 D (1 + D/10) = 2 at D = 10
    10.0
    """
    free_budget = as_float_array(free_budget, "free_budget", positive=True)
    interest = as_scalar(interest, "interest", positive=True)
    retrofit_cost = as_scalar(retrofit_cost, "retrofit_cost", positive=True)
    retrofit_scale = as_scalar(retrofit_scale, "retrofit_scale", positive=True)
    with np.errstate(over="ignore", invalid="ignore"):
        threshold = _threshold(free_budget, interest, retrofit_cost, retrofit_scale)
    return finite_result(threshold, "free_budget, interest, retrofit_cost, retrofit_scale", "the threshold")


def debt_drift(debt, free_budget, interest, retrofit_cost, retrofit_scale):
    """Rate of change of a positive debt when the free budget goes to retrofits.

    ``interest * D - free_budget / unit_cost(D)`` nat-years per year: negative below
    :func:`spiral_threshold`, positive above it (gap closed, prices fixed).

    Parameters
    ----------
    debt : array_like
        Positive debt in nat-years.
    free_budget : float
        Non-negative budget per year for retrofits.
    interest : float
        Non-negative interest rate.
    retrofit_cost, retrofit_scale : float
        As in :func:`retrofit_unit_cost`.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 10, section *The spiral condition*.

    Examples
    --------
    >>> debt_drift([5.0, 10.0, 20.0], 2.0, 0.1, 1.0, 10.0).round(3)
    array([-0.833,  0.   ,  1.333])
    """
    debt = as_float_array(debt, "debt", positive=True)
    free_budget = as_scalar(free_budget, "free_budget", nonnegative=True)
    interest = as_scalar(interest, "interest", nonnegative=True)
    unit = retrofit_unit_cost(debt, retrofit_cost, retrofit_scale)
    with np.errstate(over="ignore", invalid="ignore"):
        drift = interest * debt - free_budget / unit
    return finite_result(drift, "debt, free_budget, interest", "the drift")


def years_to_repay(debt, free_budget, interest, retrofit_cost, retrofit_scale):
    """Years to retire ``debt`` with ``free_budget`` a year, or ``None`` if it spirals.

    Integrates ``dD/dt = interest * D - free_budget / unit_cost(D)`` from ``debt`` down
    to zero in closed form (continuous time, gap closed, prices fixed). With
    ``interest = 0`` the answer is ``settlement_cost(debt) / free_budget``.

    Parameters
    ----------
    debt : float
        Non-negative debt in nat-years.
    free_budget : float
        Positive budget per year for retrofits.
    interest : float
        Non-negative interest rate.
    retrofit_cost, retrofit_scale : float
        As in :func:`retrofit_unit_cost`.

    Returns
    -------
    float or None
        ``None`` when ``debt >= spiral_threshold(...)``: the debt never closes.

    Notes
    -----
    Defined in Chapter 10, section *The spiral condition*.

    Examples
    --------
    >>> years_to_repay(10.0, 2.0, 0.0, 1.0, 10.0)  # 15 units of cost at 2 a year
    7.5
    >>> round(years_to_repay(5.0, 2.0, 0.1, 1.0, 10.0), 3)
    3.877
    >>> years_to_repay(10.0, 2.0, 0.1, 1.0, 10.0) is None
    True
    """
    debt = as_scalar(debt, "debt", nonnegative=True)
    free_budget = as_scalar(free_budget, "free_budget", positive=True)
    interest = as_scalar(interest, "interest", nonnegative=True)
    retrofit_cost = as_scalar(retrofit_cost, "retrofit_cost", positive=True)
    retrofit_scale = as_scalar(retrofit_scale, "retrofit_scale", positive=True)
    if debt == 0.0:
        return 0.0
    if interest == 0.0:
        with np.errstate(over="ignore"):
            years = float(_settle(debt, retrofit_cost, retrofit_scale) / free_budget)
        return float(finite_result(years, "debt, free_budget, retrofit_cost, retrofit_scale", "the repayment time"))
    with np.errstate(over="ignore", invalid="ignore"):
        threshold = float(_threshold(free_budget, interest, retrofit_cost, retrofit_scale))
    finite_result(threshold, "free_budget, interest, retrofit_cost, retrofit_scale", "the spiral threshold")
    if debt >= threshold:
        return None
    # Q(x) = B - b x - a x^2 = a (x+ - x)(x - x-);  T = ∫_0^D c(x) / Q(x) dx in closed form.
    a = interest * retrofit_cost / retrofit_scale
    b = interest * retrofit_cost
    root = math.sqrt(b * b + 4.0 * a * free_budget)
    upper = threshold
    lower = -(b + root) / (2.0 * a)
    quadratic = free_budget - b * debt - a * debt * debt
    first = -math.log(quadratic / free_budget) / (2.0 * interest)
    second = (retrofit_scale / (2.0 * interest * (upper - lower))) * (
        math.log((debt - lower) / (upper - debt)) - math.log(-lower / upper))
    return float(finite_result(first + second, "debt, free_budget, interest, retrofit_cost, retrofit_scale",
                               "the repayment time"))


@dataclass(frozen=True)
class ReviewBacklog:
    """The review work a debt implies, and how long a fixed review capacity needs.

    Attributes
    ----------
    items : float
        Review items outstanding (``items_per_debt * debt``).
    review_years : float
        ``items / review_capacity``: the backlog in years of review capacity.
    clearance_years : float or None
        Years to clear it while entangled items keep arriving at ``interest * items``
        a year; ``None`` when ``interest * items >= review_capacity`` (it never clears).
    """

    items: float
    review_years: float
    clearance_years: float | None

    @property
    def spirals(self) -> bool:
        """Whether the backlog grows faster than reviewers can clear it."""
        return self.clearance_years is None


def review_backlog(debt, items_per_debt, review_capacity, interest):
    """The review backlog implied by a debt, for a fixed review capacity.

    Each nat-year of debt stands for ``items_per_debt`` changes, deployments or
    evaluations that still need review. Reviewers clear ``review_capacity`` items a year
    while the unreviewed ones entangle further at ``interest``: ``dQ/dt = r Q - mu``, so
    the backlog clears after ``ln(mu / (mu - r Q)) / r`` years, or never if ``r Q >= mu``
    — the same spiral as the debt's, with a constant unit cost.

    Parameters
    ----------
    debt : float
        Non-negative debt in nat-years.
    items_per_debt : float
        Positive review items per nat-year of debt.
    review_capacity : float
        Positive items reviewed per year.
    interest : float
        Non-negative interest rate per year.

    Returns
    -------
    ReviewBacklog

    Notes
    -----
    Defined in Chapter 10, section *Governance bottlenecks*. The link from debt to review
    items is the book's assumption, a way to put the seed's "governance bottlenecks form"
    into numbers.

    Examples
    --------
    >>> backlog = review_backlog(10.0, 20.0, 400.0, 0.1)
    >>> backlog.items, backlog.review_years, round(backlog.clearance_years, 3)
    (200.0, 0.5, 0.513)
    >>> review_backlog(10.0, 20.0, 400.0, 2.0).spirals
    True
    """
    debt = as_scalar(debt, "debt", nonnegative=True)
    items_per_debt = as_scalar(items_per_debt, "items_per_debt", positive=True)
    review_capacity = as_scalar(review_capacity, "review_capacity", positive=True)
    interest = as_scalar(interest, "interest", nonnegative=True)
    items = float(finite_result(items_per_debt * debt, "debt, items_per_debt", "the number of review items"))
    review_years = float(finite_result(items / review_capacity, "debt, items_per_debt, review_capacity",
                                       "the backlog in years"))
    if interest == 0.0:
        clearance = review_years
    elif interest * items >= review_capacity:
        clearance = None
    else:
        clearance = float(-math.log1p(-interest * items / review_capacity) / interest)
    return ReviewBacklog(items=float(items), review_years=float(review_years), clearance_years=clearance)


# ------------------------------------------------------------------------------- the runs
@dataclass(frozen=True)
class CostBreakdown:
    """Expected discounted cost of one policy, split into its three categories.

    Attributes
    ----------
    rnd : float
        Present value of R&D spending, including closing the gap at the horizon.
    retrofit : float
        Present value of retrofits, including retiring the debt at the horizon.
    incident : float
        Present value of incident losses.
    settlement : float
        The part of ``rnd + retrofit`` paid at the horizon (for reporting only).
    """

    rnd: float
    retrofit: float
    incident: float
    settlement: float

    @property
    def total(self) -> float:
        """The sum ``rnd + retrofit + incident``, every unit of cost counted once."""
        return self.rnd + self.retrofit + self.incident

    def format(self) -> str:
        """The breakdown in one line.

        Examples
        --------
        >>> print(CostBreakdown(1.0, 2.0, 3.0, 0.5).format())
        total 6.00 = R&D 1.00 + retrofit 2.00 + incidents 3.00 (settled at horizon 0.50)
        """
        return (f"total {self.total:.2f} = R&D {self.rnd:.2f} + retrofit {self.retrofit:.2f} + "
                f"incidents {self.incident:.2f} (settled at horizon {self.settlement:.2f})")


@dataclass(frozen=True)
class DebtRun:
    """One policy simulated over a set of worlds: every stock and flow, undiscounted.

    Arrays over worlds have one row per world; ``weights`` (summing to 1) say how much
    each world counts in an expectation: ``1/n`` each in a Monte Carlo run, the
    probability of its first-incident time in :func:`expected_run`.

    Attributes
    ----------
    params : DebtParams
    policy : str
    t : numpy.ndarray
        Step start times, ``0, step, ..., horizon`` (length ``steps + 1``).
    weights : numpy.ndarray
        Shape ``(worlds,)``.
    gap : numpy.ndarray
        Shape ``(worlds, steps + 1)``: the gap (nats) at each time.
    debt : numpy.ndarray
        Shape ``(worlds, steps + 1)``: the debt (nat-years) at each time.
    rnd : numpy.ndarray
        Shape ``(worlds, steps)``: R&D spending in each step (cost units).
    retrofit : numpy.ndarray
        Shape ``(worlds, steps)``: retrofit spending in each step.
    incident : numpy.ndarray
        Shape ``(worlds, steps)``: incident losses in each step.
    incidents : numpy.ndarray
        Shape ``(worlds, steps)``: incident counts (expected counts in :func:`expected_run`).
    shortfall : numpy.ndarray
        Shape ``(worlds, steps)``: the gap accumulated in each step, the first term of the
        debt ledger ``debt[:, n+1] = debt[:, n] + shortfall + interest - repaid``.
    interest : numpy.ndarray
        Shape ``(worlds, steps)``: interest added in each step.
    repaid : numpy.ndarray
        Shape ``(worlds, steps)``: debt retired by retrofits in each step.
    settle_rnd : numpy.ndarray
        Shape ``(worlds,)``: cost of closing the gap at the horizon.
    settle_retrofit : numpy.ndarray
        Shape ``(worlds,)``: cost of retiring the debt at the horizon.
    response_step : numpy.ndarray
        Shape ``(worlds,)``: first step in which the policy acts (``steps`` if never).
    """

    params: DebtParams
    policy: str
    t: np.ndarray
    weights: np.ndarray
    gap: np.ndarray
    debt: np.ndarray
    rnd: np.ndarray
    retrofit: np.ndarray
    incident: np.ndarray
    incidents: np.ndarray
    shortfall: np.ndarray
    interest: np.ndarray
    repaid: np.ndarray
    settle_rnd: np.ndarray
    settle_retrofit: np.ndarray
    response_step: np.ndarray

    def _discount(self, discount):
        if discount is None:
            discount = self.params.discount
        else:
            discount = _at_most(as_scalar(discount, "discount", nonnegative=True), "discount", 2.0)
        return np.exp(-discount * self.t)

    def world_costs(self, discount=None) -> dict:
        """Present value per world of each category (settlement included), as arrays.

        Parameters
        ----------
        discount : float, optional
            Discount rate per year, at most 2; defaults to ``params.discount``.

        Examples
        --------
        >>> costs = expected_run(policy="proactive").world_costs(discount=0.05)
        >>> sorted(costs)
        ['incident', 'retrofit', 'rnd', 'settlement']
        """
        factor = self._discount(discount)
        flows = factor[:-1]
        end = factor[-1]
        return {
            "rnd": self.rnd @ flows + end * self.settle_rnd,
            "retrofit": self.retrofit @ flows + end * self.settle_retrofit,
            "incident": self.incident @ flows,
            "settlement": end * (self.settle_rnd + self.settle_retrofit),
        }

    def present_value(self, discount=None) -> CostBreakdown:
        """Expected present value of the policy's costs, by category.

        Parameters
        ----------
        discount : float, optional
            Discount rate per year, at most 2; defaults to ``params.discount``.

        Returns
        -------
        CostBreakdown

        Examples
        --------
        >>> round(expected_run(policy="proactive").present_value(discount=0.05).retrofit, 6)
        0.0
        """
        costs = self.world_costs(discount)
        return CostBreakdown(**{k: float(self.weights @ v) for k, v in costs.items()})

    def world_totals(self, discount=None) -> np.ndarray:
        """Present value of all costs in each world (discount at most 2 per year).

        Examples
        --------
        >>> expected_run(policy="reactive").world_totals(discount=0.05).shape
        (121,)
        """
        costs = self.world_costs(discount)
        return costs["rnd"] + costs["retrofit"] + costs["incident"]

    def mean_debt(self) -> np.ndarray:
        """Expected debt at each time (weighted over worlds).

        Examples
        --------
        >>> float(expected_run(policy="reactive").mean_debt()[0])
        0.0
        """
        return self.weights @ self.debt

    def debt_quantile(self, q) -> np.ndarray:
        """Weighted quantile ``q`` (0 to 1) of the debt over worlds, at each time.

        Examples
        --------
        >>> expected_run(policy="reactive").debt_quantile(q=0.9).shape
        (121,)
        """
        q = as_scalar(q, "q")
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q must lie between 0 and 1; got {q}")
        order = np.argsort(self.debt, axis=0, kind="stable")
        sorted_debt = np.take_along_axis(self.debt, order, axis=0)
        cumulative = np.cumsum(self.weights[order], axis=0)
        index = (cumulative < q - 1e-12).sum(axis=0).clip(0, self.debt.shape[0] - 1)
        return sorted_debt[index, np.arange(self.debt.shape[1])]

    def cost_by_horizon(self, discount=None, settle=True) -> np.ndarray:
        """Expected present value if the horizon ended at each ``t``.

        Element ``n`` is the cost of all flows before ``t[n]`` plus, when ``settle`` is
        true, closing the gap and retiring the debt at ``t[n]`` at that time's prices.
        With ``settle=True`` the last element equals ``present_value(discount).total``.
        Used by Chapter 13 to compare horizons from one run (the policies do not look at
        the horizon, so their paths do not change with it).

        Parameters
        ----------
        discount : float, optional
            Discount rate per year, at most 2; defaults to ``params.discount``.
        settle : bool
            Whether to settle the leftover gap and debt at each horizon. Leaving them
            unsettled makes deferral look free; the chapters show it only as a pitfall.

        Returns
        -------
        numpy.ndarray
            Shape ``(steps + 1,)``.

        Examples
        --------
        >>> costs = expected_run(policy="reactive").cost_by_horizon(discount=0.05, settle=True)
        >>> costs.shape, float(costs[0])
        ((121,), 0.0)
        """
        settle = as_bool(settle, "settle")
        factor = self._discount(discount)
        flows = (self.rnd + self.retrofit + self.incident) * factor[:-1]
        running = np.concatenate([np.zeros((flows.shape[0], 1)), np.cumsum(flows, axis=1)], axis=1)
        if settle:
            p = self.params
            price = np.exp(-p.price_decline * self.t)
            owed = (self.gap * p.rnd_price + _settle(self.debt, p.retrofit_cost, p.retrofit_scale)) * price
            running = running + owed * factor
        return self.weights @ running


def _check_cells(worlds: int, steps: int) -> None:
    if worlds * steps > MAX_CELLS:
        raise ValueError(f"n_worlds times steps must be at most MAX_CELLS = {MAX_CELLS}; got {worlds * steps}")


def _run(params: DebtParams, policy: str, n_worlds: int | None, rng, initial_debts=None) -> DebtRun:
    """The one stepping loop behind :func:`simulate` (``rng`` given) and
    :func:`expected_run` (``rng`` is ``None``: expected incident counts, one world per
    first-incident step for the reactive policy). ``initial_debts`` (proactive,
    expected counts only) runs one world per starting debt, for
    :func:`point_of_no_return`."""
    p = params
    steps, dt = p.steps, p.step
    t = dt * np.arange(steps + 1)
    price = np.exp(-p.price_decline * t)
    reactive = policy == "reactive"
    expected = rng is None
    if expected:
        worlds = steps + 1 if reactive else (1 if initial_debts is None else initial_debts.size)
        trigger = np.arange(worlds) if reactive else None  # world m: first incident in step m (m = steps: none)
    else:
        worlds = n_worlds
    _check_cells(worlds, steps + 1)
    acting = np.full(worlds, not reactive)
    response = np.full(worlds, 0 if not reactive else steps, dtype=int)
    gap = np.zeros((worlds, steps + 1))
    debt = np.zeros((worlds, steps + 1))
    debt[:, 0] = p.initial_debt if initial_debts is None else initial_debts
    shape = (worlds, steps)
    rnd, retro, loss, counts = (np.zeros(shape) for _ in range(4))
    short, interest, repaid, hazards = (np.zeros(shape) for _ in range(4))
    growth = math.expm1(p.interest * dt)
    budget = p.budget * dt
    for n in range(steps):  # bounded: steps <= MAX_STEPS, checked by DebtParams
        d, g = debt[:, n], gap[:, n]
        hazard = p.base_hazard + p.hazard_per_debt * d
        mean = hazard * dt
        hazards[:, n] = hazard
        if expected and reactive:
            acting = n > trigger
            response = np.minimum(trigger + 1, steps)
            with np.errstate(divide="ignore", invalid="ignore"):
                conditional = np.where(mean > 0, mean / -np.expm1(-np.where(mean > 0, mean, 1.0)), 1.0)
            count = np.where(n < trigger, 0.0, np.where(n == trigger, conditional, mean))
        elif expected:
            count = mean
        else:
            count = rng.poisson(mean).astype(float)
        counts[:, n] = count
        loss[:, n] = p.incident_loss * count
        unit_price = p.rnd_price * price[n]
        need = (g + p.gap_rate * dt) * unit_price
        spend_rnd = np.where(acting, np.minimum(budget, need), 0.0)
        bought = spend_rnd / unit_price
        available = np.where(acting, budget - spend_rnd, 0.0)
        owed = _settle(d, p.retrofit_cost * price[n], p.retrofit_scale)
        spend_retro = np.minimum(available, owed)
        after = np.where(spend_retro >= owed, 0.0,
                         _unsettle(owed - spend_retro, p.retrofit_cost * price[n], p.retrofit_scale))
        g_next = g + p.gap_rate * dt - bought
        g_next = np.where(g_next < _TINY * max(1.0, p.gap_rate * dt), 0.0, g_next)
        flow = 0.5 * (g + g_next) * dt
        accrued = after * growth
        rnd[:, n], retro[:, n] = spend_rnd, spend_retro
        short[:, n], interest[:, n], repaid[:, n] = flow, accrued, d - after
        gap[:, n + 1] = g_next
        debt[:, n + 1] = after + accrued + flow
        if reactive and not expected:
            newly = (~acting) & (count > 0)
            response = np.where(newly, n + 1, response)
            acting = acting | newly
    if expected and reactive:
        # World m's path equals the never-responding world's path up to step m.
        pre = hazards[-1] * dt
        survive = np.exp(-np.concatenate([[0.0], np.cumsum(pre)]))
        weights = np.empty(worlds)
        weights[:-1] = survive[:-1] * -np.expm1(-pre)
        weights[-1] = survive[-1]
    else:
        weights = np.full(worlds, 1.0 / worlds)
    end_price = price[-1]
    settle_rnd = gap[:, -1] * p.rnd_price * end_price
    settle_retro = _settle(debt[:, -1], p.retrofit_cost * end_price, p.retrofit_scale)
    arrays = dict(t=t, weights=weights, gap=gap, debt=debt, rnd=rnd, retrofit=retro, incident=loss,
                  incidents=counts, shortfall=short, interest=interest, repaid=repaid,
                  settle_rnd=settle_rnd, settle_retrofit=settle_retro, response_step=response)
    for name, array in arrays.items():
        if not np.isfinite(array).all():  # pragma: no cover - prevented by the bounds on parameters
            raise ValueError(f"params: the run overflowed in {name}; shorten the horizon or lower the rates")
        array.setflags(write=False)
    return DebtRun(params=p, policy=policy, **arrays)


def _params(params) -> DebtParams:
    if params is None:
        return BASE
    return as_instance(params, "params", DebtParams)


def simulate(params=None, policy="reactive", n_worlds=2000, seed=None) -> DebtRun:
    """Simulate ``n_worlds`` random worlds under one policy (Monte Carlo).

    Incidents are drawn as Poisson counts with mean ``hazard * step`` in every step; the
    reactive policy starts acting in the step after its first incident.

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`BASE`.
    policy : {"proactive", "reactive"}
    n_worlds : int
        From 1 to :data:`MAX_WORLDS` (100,000); ``n_worlds * (steps + 1)`` at most
        :data:`MAX_CELLS` (2,000,000).
    seed : int, numpy.random.Generator or None

    Returns
    -------
    DebtRun

    Notes
    -----
    Defined in Chapter 10, section *Two policies*. Report its results as seed bands
    (:func:`monte_carlo_totals` with ``acslib.montecarlo.seed_band``).

    Examples
    --------
    >>> run = simulate(policy="reactive", n_worlds=200, seed=1)
    >>> run.debt.shape
    (200, 121)
    """
    params = _params(params)
    policy = as_choice(policy, "policy", POLICIES)
    n_worlds = as_count(n_worlds, "n_worlds", cap=MAX_WORLDS)
    _check_cells(n_worlds, params.steps + 1)
    return _run(params, policy, n_worlds, as_rng(seed))


def _cache_key(params: DebtParams) -> DebtParams:
    """The run does not depend on the discount rate: cache without it."""
    return params.replace(discount=0.0)


@functools.lru_cache(maxsize=16)
def _expected_cached(key: DebtParams, policy: str) -> DebtRun:
    return _run(key, policy, None, None)


def expected_run(params=None, policy="reactive") -> DebtRun:
    """The exact expectation over incident histories, as a weighted set of worlds.

    The proactive policy is one world with expected incident counts. The reactive
    policy's path depends only on when its first incident happens, so it is one world
    per possible first-incident step (plus one with none before the horizon), weighted
    by that step's probability; incident counts are their expectations given the
    world. Deterministic, and what a Monte Carlo mean converges to.

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`BASE`.
    policy : {"proactive", "reactive"}

    Returns
    -------
    DebtRun

    Notes
    -----
    Defined in Chapter 10, section *Two policies*.

    Examples
    --------
    >>> run = expected_run(policy="reactive")
    >>> run.debt.shape, round(float(run.weights.sum()), 12)
    ((121, 121), 1.0)
    """
    params = _params(params)
    policy = as_choice(policy, "policy", POLICIES)
    run = _expected_cached(_cache_key(params), policy)
    return dataclasses.replace(run, params=params)


def policy_costs(params=None) -> dict:
    """Expected present-value costs of both policies: ``{"proactive": ..., "reactive": ...}``.

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`BASE`.

    Returns
    -------
    dict of CostBreakdown

    Notes
    -----
    Defined in Chapter 10, section *Two policies*.

    Examples
    --------
    >>> costs = policy_costs()
    >>> costs["reactive"].total > costs["proactive"].total
    True
    """
    params = _params(params)
    return {policy: expected_run(params, policy).present_value() for policy in POLICIES}


def cost_ratio(params=None) -> float:
    """Expected reactive cost divided by expected proactive cost (above 1: proactive wins).

    Notes
    -----
    Defined in Chapter 10, section *Where the conclusion flips*.

    Examples
    --------
    >>> cost_ratio() > 1
    True
    """
    costs = policy_costs(params)
    return costs["reactive"].total / costs["proactive"].total


def monte_carlo_totals(params=None, n_worlds=2000, seed=None) -> np.ndarray:
    """Monte Carlo means, one seed: ``[proactive, reactive, reactive / proactive]``.

    Made for ``acslib.montecarlo.seed_band``, which reruns it over seeds. The two
    policies get independent draws from the one seed.

    Parameters
    ----------
    params : DebtParams, optional
    n_worlds : int
        Worlds per policy, from 1 to :data:`MAX_WORLDS` (100,000).
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray
        Shape ``(3,)``.

    Notes
    -----
    Defined in Chapter 10, section *Two policies*.

    Examples
    --------
    >>> from acslib.montecarlo import seed_band
    >>> band = seed_band(monte_carlo_totals, seeds=3, n_worlds=200)
    >>> band.values.shape
    (3, 3)
    """
    params = _params(params)
    rng = as_rng(seed)
    proactive = float(simulate(params, "proactive", n_worlds, rng).world_totals().mean())
    reactive = float(simulate(params, "reactive", n_worlds, rng).world_totals().mean())
    return np.array([proactive, reactive, reactive / proactive])


#: Largest number of cells in a flip map.
_MAX_MAP = 900


def flip_map(params, x_name, x_values, y_name, y_values) -> np.ndarray:
    """Expected cost ratio reactive / proactive over a grid of two parameters.

    Parameters
    ----------
    params : DebtParams or None
        The parameters held fixed (defaults to :data:`BASE`).
    x_name, y_name : str
        Names of two different :class:`DebtParams` fields.
    x_values, y_values : array_like
        1-D values for each; at most 900 cells in all.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(y_values), len(x_values))``; below 1 where the reactive policy is
        cheaper.

    Notes
    -----
    Defined in Chapter 10, section *Where the conclusion flips*. Runs are shared across
    discount rates, which do not change the paths.

    Examples
    --------
    >>> flip_map(None, "incident_loss", [0.0, 5.0], "discount", [0.05]).shape
    (1, 2)
    """
    params = _params(params)
    names = sorted(DebtParams._BOUNDS)
    for label, name in (("x_name", x_name), ("y_name", y_name)):
        as_choice(name, label, names)
    if x_name == y_name:
        raise ValueError("y_name must differ from x_name")
    x_values = as_float_array(x_values, "x_values", ndim=1)
    y_values = as_float_array(y_values, "y_values", ndim=1)
    if x_values.size * y_values.size > _MAX_MAP:
        raise ValueError(f"x_values and y_values must span at most {_MAX_MAP} cells; got "
                         f"{x_values.size * y_values.size}")
    for label, name, values in (("x_values", x_name, x_values), ("y_values", y_name, y_values)):
        for value in values:  # bounded by _MAX_MAP
            try:
                params.replace(**{name: float(value)})
            except ValueError as error:
                raise ValueError(f"{label} must hold valid values of {name}: {error}") from error
    ratio = np.empty((y_values.size, x_values.size))
    runs = {}  # one pair of runs per combination of the parameters other than the discount rate
    for i, y in enumerate(y_values):  # bounded by _MAX_MAP
        for j, x in enumerate(x_values):
            point = params.replace(**{x_name: float(x), y_name: float(y)})
            key = _cache_key(point)
            if key not in runs:
                runs[key] = {policy: _run(key, policy, None, None) for policy in POLICIES}
            totals = {policy: run.present_value(point.discount).total for policy, run in runs[key].items()}
            ratio[i, j] = totals["reactive"] / totals["proactive"]
    return ratio


#: Discount rates scanned by :func:`break_even_discount` before a root is refined.
_DISCOUNT_GRID = np.linspace(0.0, 2.0, 401)


def break_even_discount(params=None):
    """The smallest discount rate at which the reactive policy costs no more than the proactive one.

    The policies' paths do not depend on the discount rate, so both are run once and
    their present values compared over a grid of rates from 0 to 2 a year (steps of
    0.005); the first change of sign is refined with :func:`scipy.optimize.brentq`.

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`BASE`; its own ``discount`` is ignored.

    Returns
    -------
    float or None
        The break-even rate per year; ``0.0`` if the reactive policy is already no dearer
        without discounting; ``None`` if it is dearer at every rate up to 2 a year.

    Notes
    -----
    Defined in Chapter 10, section *Where the conclusion flips*: one point of the flip
    map's boundary.

    Examples
    --------
    >>> rate = break_even_discount(BASE.replace(incident_loss=0.0))
    >>> round(rate, 3)
    0.137
    >>> round(cost_ratio(BASE.replace(incident_loss=0.0, discount=rate)), 6)
    1.0
    """
    params = _params(params)
    runs = {policy: expected_run(params, policy) for policy in POLICIES}

    def excess(rate):
        return runs["reactive"].present_value(rate).total - runs["proactive"].present_value(rate).total

    values = np.array([excess(rate) for rate in _DISCOUNT_GRID])  # bounded: 401 rates
    if values[0] <= 0.0:
        return 0.0
    below = np.flatnonzero(values <= 0.0)
    if below.size == 0:
        return None
    k = int(below[0])
    return float(brentq(excess, _DISCOUNT_GRID[k - 1], _DISCOUNT_GRID[k], xtol=1e-12, rtol=1e-12))


#: Starting debts tried at once in each pass of :func:`point_of_no_return`, and passes.
_PASS_WORLDS = 64
_PASSES = 4


def point_of_no_return(params=None, start=0.0, within=100.0):
    """The smallest debt that the acting policy leaves unpaid ``within`` years later.

    The state is the spiral condition's: at time ``start`` the gap is closed and the debt
    is ``D``; from then on the policy keeps pace and puts the rest of its budget into
    retrofits, while prices keep falling at ``price_decline``. The model is run (expected
    incident counts; incidents do not change the path) from 64 starting debts at a time,
    log-spaced from 1/1000 to 1000 times :func:`spiral_threshold` of the spare budget at
    ``start``, and the bracket around the first unpaid one is refined three times
    (relative precision about 1e-6).

    With fixed prices the answer is the spiral threshold itself (up to the time step).
    With falling prices the spare budget buys more retrofits every year, so the point of
    no return lies *above* the threshold at ``start``: a debt a little over it can still
    be caught. The book's derivation of the long-run rule (not a published result):
    with ``S`` the cost of retiring the debt at current prices,
    ``dS/dt = (2 r - delta) S - B_free - r c_0 p D``. For debts much larger than
    ``retrofit_scale`` the last term is small, so the bill grows at ``2 r - delta`` less
    the spare budget: if ``2 r > delta`` a bill above ``B_free / (2 r - delta)`` grows for
    ever; if ``2 r < delta`` every bill shrinks eventually, and the value returned here
    grows without bound as ``within`` grows.

    Parameters
    ----------
    params : DebtParams, optional
        Defaults to :data:`BASE` (its horizon and initial debt are not used).
    start : float
        Time in years at which the gap is closed, from 0 to 500; the budget in the prices
        of that time must stay at most 1e12.
    within : float
        Years allowed for repayment; positive, a whole number of ``params.step`` steps (at
        most :data:`MAX_STEPS`), at most 500 and with ``interest * within`` at most 100.

    Returns
    -------
    float or None
        Debt in nat-years; ``None`` with no interest (every debt is repaid eventually), or
        when no debt up to 1000 times the threshold is left unpaid within ``within`` years.

    Notes
    -----
    Defined in Chapter 10, section *The spiral condition*.

    Examples
    --------
    >>> round(point_of_no_return(BASE.replace(price_decline=0.0)), 2)  # the threshold, 20, up to the step
    20.25
    >>> round(point_of_no_return(), 1)  # above it: prices fall and the spare budget grows
    25.9
    """
    params = _params(params)
    start = _at_most(as_scalar(start, "start", nonnegative=True), "start", 500.0)
    within = as_scalar(within, "within", positive=True)
    growth = params.price_decline * start
    if math.log(params.budget) + growth > math.log(1e12):
        raise ValueError(f"start must leave the budget at most 1e12 in the prices of that time; got start {start:g}")
    budget = params.budget * math.exp(growth)  # the same money in the prices of time `start`
    spare = budget - params.rnd_cost
    if spare <= 0.0:
        raise ValueError("params: the budget must exceed the cost of keeping pace at time start "
                         f"(spare budget {spare:g})")
    if params.interest == 0.0:
        return None
    try:
        run_params = params.replace(budget=budget, horizon=within, initial_debt=0.0)
    except ValueError as error:
        raise ValueError(f"within must be a valid horizon for these parameters: {error}") from error
    _check_cells(_PASS_WORLDS, run_params.steps + 1)
    threshold = float(_threshold(spare, params.interest, params.retrofit_cost, params.retrofit_scale))

    def unpaid(debts):
        run = _run(run_params, "proactive", None, None, initial_debts=debts)
        return run.debt[:, -1] > 0.0

    grid = threshold * np.logspace(-3.0, 3.0, _PASS_WORLDS)
    for _ in range(_PASSES):  # bounded: 4 passes of 64 runs each
        left = unpaid(grid)
        if not left.any():
            return None
        first = int(np.argmax(left))
        low = 0.0 if first == 0 else float(grid[first - 1])
        high = float(grid[first])
        grid = np.linspace(low, high, _PASS_WORLDS)
    return high
