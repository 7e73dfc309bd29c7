"""Splitting an R&D budget between capability and alignment research.

Defined in Chapter 12, *Strategic implications* (``chapters/12_strategic_implications.ipynb``),
section *Investing in alignment alongside capability*. **The model is the book's own**, an
illustration of the seed's first imperative, not a published result. Each year ``t`` a
budget ``B_t`` is split: a share ``φ_t`` goes to alignment research, the rest to
capability research. Both stocks grow in log terms,

    ln C_{t+1} = ln C_t + a_c·((1 − φ_t)·B_t)^β_c · (1 + γ·ln(C_t/C_0)),
    ln A_{t+1} = ln A_t + a_a·(φ_t·B_t)^β_a / (1 + δ·ln(A_t/A_0)),

with exponents ``β < 1`` (diminishing returns to a year's spending), ``γ >= 0``
(*accelerating* capability returns: capable systems speed up capability research) and
``δ >= 0`` (*diminishing* alignment returns: each gain in alignment is harder than the
last). The developer maximises final capability subject to the seed's condition
``A_t >= C_t`` in every year (:func:`optimal_allocation`). :func:`greedy_allocation` is
the simple rule "spend on alignment exactly what keeps pace this year", and
:func:`required_alignment_share` its closed form in the simplest case.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize

from ._validation import as_float_array, as_int, as_scalar, check_broadcastable

__all__ = [
    "AllocationModel",
    "required_alignment_share",
    "simulate_allocation",
    "AllocationPlan",
    "greedy_allocation",
    "optimal_allocation",
    "MAX_PERIODS",
]

#: Longest horizon, in periods, the functions accept.
MAX_PERIODS = 60


class AllocationModel(NamedTuple):
    """Parameters of the allocation model (see the module docstring).

    Attributes
    ----------
    capability_productivity, alignment_productivity : float
        ``a_c`` and ``a_a``: log-growth per unit of spending raised to its exponent.
    capability_exponent, alignment_exponent : float
        ``β_c`` and ``β_a`` in (0, 1].
    capability_feedback : float
        ``γ >= 0``: accelerating capability returns.
    alignment_difficulty : float
        ``δ >= 0``: diminishing alignment returns.
    initial_lead : float
        ``ln(A_0/C_0) >= 0``: alignment's starting lead in log units.
    """

    capability_productivity: float = 0.5
    alignment_productivity: float = 0.5
    capability_exponent: float = 0.5
    alignment_exponent: float = 0.5
    capability_feedback: float = 0.0
    alignment_difficulty: float = 0.0
    initial_lead: float = 0.0


def _model(model) -> AllocationModel:
    if not isinstance(model, AllocationModel):
        raise TypeError(f"model must be an AllocationModel; got {type(model).__name__}")
    checked = {}
    for name, value in model._asdict().items():
        positive = name.endswith(("productivity", "exponent"))
        checked[name] = as_scalar(value, name, positive=positive, nonnegative=not positive)
    for name in ("capability_exponent", "alignment_exponent"):
        if checked[name] > 1:
            raise ValueError(f"{name} must be at most 1; got {checked[name]}")
    if checked["initial_lead"] > 50:
        raise ValueError("initial_lead must be at most 50 (log units)")
    return AllocationModel(**checked)


def _budget(budget, periods):
    budget = as_float_array(budget, "budget", positive=True)
    if budget.ndim == 0:
        budget = np.full(periods, float(budget))
    if budget.ndim != 1 or budget.size != periods:
        raise ValueError(f"budget must be a scalar or hold one value per period ({periods}); got shape {budget.shape}")
    return budget


def required_alignment_share(capability_productivity, alignment_productivity, exponent=0.5):
    """Share of the budget alignment needs to keep pace when both sides have the same exponent.

    With ``γ = δ = 0`` and ``β_c = β_a = β``, alignment keeps pace in a year when
    ``a_a·(φB)^β = a_c·((1 − φ)B)^β``, so ``φ/(1 − φ) = (a_c/a_a)^(1/β)`` and
    ``φ = q/(1 + q)`` with ``q = (a_c/a_a)^(1/β)`` — whatever the budget.

    Parameters
    ----------
    capability_productivity, alignment_productivity : array_like
        ``a_c`` and ``a_a``, positive.
    exponent : array_like
        ``β`` in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        The share ``φ`` in (0, 1).

    Notes
    -----
    Defined in Chapter 12, section *Investing in alignment alongside capability*.

    Examples
    --------
    >>> required_alignment_share(1.0, 1.0)
    0.5
    >>> round(required_alignment_share(1.0, 0.5, 0.5), 4)  # alignment half as productive
    0.8
    """
    a_c = as_float_array(capability_productivity, "capability_productivity", positive=True)
    a_a = as_float_array(alignment_productivity, "alignment_productivity", positive=True)
    beta = as_float_array(exponent, "exponent", positive=True)
    if (beta > 1).any():
        raise ValueError("exponent must be at most 1")
    check_broadcastable(capability_productivity=a_c, alignment_productivity=a_a, exponent=beta)
    log_q = np.log(a_c / a_a) / beta
    if (np.abs(log_q) > 700).any():
        raise ValueError("capability_productivity / alignment_productivity is too extreme for this exponent")
    q = np.exp(log_q)
    share = q / (1.0 + q)
    return float(share) if share.ndim == 0 else share


def _step(log_c, log_a, share, budget, m: AllocationModel):
    """One year: the log-growth of capability and alignment for a given share."""
    capability_growth = m.capability_productivity * ((1.0 - share) * budget) ** m.capability_exponent \
        * (1.0 + m.capability_feedback * log_c)
    alignment_growth = m.alignment_productivity * (share * budget) ** m.alignment_exponent \
        / (1.0 + m.alignment_difficulty * (log_a - m.initial_lead))
    return log_c + capability_growth, log_a + alignment_growth


def simulate_allocation(alignment_share, budget, model=AllocationModel()):
    """Log-capability and log-alignment paths for a given split of the budget.

    Parameters
    ----------
    alignment_share : array_like
        ``φ_t`` in [0, 1], one per period (1 to :data:`MAX_PERIODS`).
    budget : array_like
        ``B_t``, positive: a scalar or one per period.
    model : AllocationModel
        The parameters.

    Returns
    -------
    log_capability, log_alignment : numpy.ndarray
        ``ln(C_t/C_0)`` and ``ln(A_t/C_0)`` for ``t = 0 .. T`` (one more entry than
        periods).

    Notes
    -----
    Defined in Chapter 12, section *Investing in alignment alongside capability*.

    Examples
    --------
    >>> log_c, log_a = simulate_allocation([0.5, 0.5], 1.0)
    >>> log_c.round(4), log_a.round(4)
    (array([0.    , 0.3536, 0.7071]), array([0.    , 0.3536, 0.7071]))
    """
    share = as_float_array(alignment_share, "alignment_share", ndim=1)
    if ((share < 0) | (share > 1)).any():
        raise ValueError("alignment_share must lie between 0 and 1")
    if share.size > MAX_PERIODS:
        raise ValueError(f"alignment_share must hold at most {MAX_PERIODS} periods; got {share.size}")
    budget = _budget(budget, share.size)
    m = _model(model)
    log_c, log_a = np.zeros(share.size + 1), np.full(share.size + 1, m.initial_lead)
    for t in range(share.size):  # bounded by MAX_PERIODS
        log_c[t + 1], log_a[t + 1] = _step(log_c[t], log_a[t], share[t], budget[t], m)
    if not (np.isfinite(log_c).all() and np.isfinite(log_a).all()) or log_c.max() > 700:
        raise ValueError("budget is too large for this model: capability overflowed")
    return log_c, log_a


class AllocationPlan(NamedTuple):
    """A split of the budget over time and what it produces.

    Attributes
    ----------
    alignment_share : numpy.ndarray
        ``φ_t`` per period.
    log_capability, log_alignment : numpy.ndarray
        The resulting paths (:func:`simulate_allocation`).
    feasible : bool
        Whether ``A_t >= C_t`` holds in every year (to 1e-9 in log units).
    """

    alignment_share: np.ndarray
    log_capability: np.ndarray
    log_alignment: np.ndarray
    feasible: bool

    @property
    def final_capability(self) -> float:
        """``ln(C_T/C_0)``, the objective."""
        return float(self.log_capability[-1])

    @property
    def slack(self) -> np.ndarray:
        """``ln(A_t/C_t)`` per year: non-negative when alignment keeps pace."""
        return self.log_alignment - self.log_capability


def _plan(share, budget, m):
    log_c, log_a = simulate_allocation(share, budget, m)
    return AllocationPlan(np.asarray(share, dtype=float), log_c, log_a, bool((log_a - log_c >= -1e-9).all()))


def greedy_allocation(periods, budget, model=AllocationModel()):
    """Each year, the smallest alignment share that keeps ``A >= C`` at the year's end.

    Parameters
    ----------
    periods : int
        Number of years, 1 to :data:`MAX_PERIODS`.
    budget : array_like
        A scalar or one value per year, positive.
    model : AllocationModel

    Returns
    -------
    AllocationPlan
        In this model it is always feasible: with the whole budget on alignment,
        capability does not grow at all that year.

    Notes
    -----
    Defined in Chapter 12, section *Investing in alignment alongside capability*.

    Examples
    --------
    >>> plan = greedy_allocation(5, 1.0, AllocationModel(alignment_productivity=0.25))
    >>> plan.alignment_share.round(4), plan.feasible
    (array([0.8, 0.8, 0.8, 0.8, 0.8]), True)
    """
    periods = as_int(periods, "periods", minimum=1)
    if periods > MAX_PERIODS:
        raise ValueError(f"periods must be at most {MAX_PERIODS}; got {periods}")
    budget = _budget(budget, periods)
    m = _model(model)
    share = np.zeros(periods)
    log_c, log_a = 0.0, m.initial_lead
    for t in range(periods):  # bounded by MAX_PERIODS
        def slack(phi, t=t, log_c=log_c, log_a=log_a):
            c, a = _step(log_c, log_a, phi, budget[t], m)
            return a - c

        if slack(0.0) >= 0:
            share[t] = 0.0
        elif slack(1.0) < 0:
            share[t] = 1.0
        else:
            share[t] = optimize.brentq(slack, 0.0, 1.0, xtol=1e-13, rtol=1e-13)
            share[t] = min(1.0, share[t] + 1e-12)  # on the feasible side of the root
        log_c, log_a = _step(log_c, log_a, share[t], budget[t], m)
    return _plan(share, budget, m)


def optimal_allocation(periods, budget, model=AllocationModel()):
    """The split that maximises final capability subject to ``A_t >= C_t`` in every year.

    Solved with :func:`scipy.optimize.minimize` (SLSQP) from the greedy plan, which is
    always feasible. The result is never worse than the greedy plan: if the
    optimiser fails or ends infeasible, the greedy plan is returned.

    Parameters
    ----------
    periods : int
        Number of years, 1 to :data:`MAX_PERIODS`.
    budget : array_like
        A scalar or one value per year, positive.
    model : AllocationModel

    Returns
    -------
    AllocationPlan

    Notes
    -----
    Defined in Chapter 12, section *Investing in alignment alongside capability*.
    In the simplest case (``γ = δ = 0``, equal exponents, a constant budget) the optimum
    is the greedy plan's constant share. When ``γ`` or ``δ`` is positive the greedy share
    rises year by year, and because a year's returns are concave in its spending, the
    optimum smooths it: more on alignment than the greedy rule early, less late, with
    ``A >= C`` binding at the horizon.

    Examples
    --------
    >>> m = AllocationModel(alignment_difficulty=0.5)
    >>> plan = optimal_allocation(8, 1.0, m)
    >>> plan.feasible, bool(plan.final_capability >= greedy_allocation(8, 1.0, m).final_capability - 1e-9)
    (True, True)
    """
    greedy = greedy_allocation(periods, budget, model)
    if not greedy.feasible:
        return greedy
    periods = greedy.alignment_share.size
    budget = _budget(budget, periods)
    m = _model(model)

    def paths(share):
        return simulate_allocation(np.clip(share, 0.0, 1.0), budget, m)

    result = optimize.minimize(
        lambda share: -paths(share)[0][-1],
        greedy.alignment_share,
        method="SLSQP",
        bounds=[(1e-9, 1.0)] * periods,
        constraints=[{"type": "ineq", "fun": lambda share: (lambda c, a: a[1:] - c[1:])(*paths(share))}],
        options={"maxiter": 200, "ftol": 1e-12},
    )
    candidate = _plan(np.clip(result.x, 0.0, 1.0), budget, m)
    if candidate.feasible and candidate.final_capability >= greedy.final_capability:
        return candidate
    return greedy
