"""Oversight bottlenecks: review demand against review capacity, and the queue between them.

Defined in Chapter 11, *Key challenges* (``chapters/11_key_challenges.ipynb``), section
*Oversight bottlenecks*. Every output a system produces that someone ought to check is a
review *demand*; the people and tools that check them are review *capacity*. Demand that
grows exponentially against capacity that grows linearly (hiring) always overtakes it;
capacity multiplied by tools that improve at the same rate as demand never is.

* :func:`review_demand` and :func:`review_capacity` are the two curves;
  :func:`crossover_time` says when demand overtakes capacity (closed form, through the
  Lambert W function);
* :func:`unreviewed_fraction` is the share of demand left unchecked when excess work is
  dropped, and :func:`fluid_backlog` the backlog when it is queued instead;
* :func:`mm1` gives the M/M/1 queue's closed forms (utilisation, mean time in system,
  mean number waiting) and :func:`simulate_mm1` checks them by simulation, with
  independent replications and a confidence interval.

The demand and capacity curves are this book's illustration; the queueing formulas are
standard (Little 1961; Kleinrock's textbook treatment; published-anchors §6).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize, special, stats

from ._validation import as_float_array, as_int, as_probability, as_rng, as_scalar, check_broadcastable, check_increasing

__all__ = [
    "MM1",
    "mm1",
    "MM1Simulation",
    "simulate_mm1",
    "lindley_waits",
    "review_demand",
    "review_capacity",
    "crossover_time",
    "unreviewed_fraction",
    "fluid_backlog",
    "MAX_SIMULATED_CUSTOMERS",
]

#: Largest ``n_customers * n_replications`` :func:`simulate_mm1` accepts.
MAX_SIMULATED_CUSTOMERS = 5_000_000
#: Largest number of elements :func:`crossover_time` solves at once.
_MAX_ELEMENTS = 1_000_000


class MM1(NamedTuple):
    """Steady-state measures of an M/M/1 queue (returned by :func:`mm1`).

    Attributes
    ----------
    arrival_rate, service_rate : float or numpy.ndarray
        λ and μ, items per unit time.
    utilisation : float or numpy.ndarray
        ρ = λ/μ, the share of time the server is busy.
    wait : float or numpy.ndarray
        W = 1/(μ − λ), mean time an item spends in the system (waiting plus service).
    queue_length : float or numpy.ndarray
        L_q = ρ²/(1 − ρ), mean number of items waiting (not yet in service).
    queue_wait : float or numpy.ndarray
        W_q = ρ/(μ − λ), mean time spent waiting before service starts.
    number_in_system : float or numpy.ndarray
        L = ρ/(1 − ρ) = λW (Little's law).
    """

    arrival_rate: object
    service_rate: object
    utilisation: object
    wait: object
    queue_length: object
    queue_wait: object
    number_in_system: object


def _out(array):
    array = np.asarray(array, dtype=float)
    return float(array) if array.ndim == 0 else array


def mm1(arrival_rate, service_rate) -> MM1:
    """Closed-form steady state of the M/M/1 queue.

    Items arrive as a Poisson process at rate λ and one server handles them in
    exponentially distributed times with mean 1/μ. The queue has a steady state only when
    λ < μ; then ρ = λ/μ, W = 1/(μ − λ), L_q = ρ²/(1 − ρ), W_q = ρ/(μ − λ) and L = λW.

    Parameters
    ----------
    arrival_rate : array_like
        λ, items per unit time; non-negative.
    service_rate : array_like
        μ, items per unit time; positive and above ``arrival_rate``.

    Returns
    -------
    MM1
        The measures, broadcast over the inputs (floats for scalar inputs).

    Raises
    ------
    ValueError
        If ``arrival_rate >= service_rate`` anywhere: the queue then grows without
        bound and has no steady state (use :func:`fluid_backlog`).

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks* (published-anchors §6).

    Examples
    --------
    >>> q = mm1(8.0, 10.0)
    >>> q.utilisation, q.wait, round(q.queue_length, 10)
    (0.8, 0.5, 3.2)
    >>> bool(np.isclose(q.number_in_system, q.arrival_rate * q.wait))  # Little's law
    True
    """
    arrival_rate = as_float_array(arrival_rate, "arrival_rate", nonnegative=True)
    service_rate = as_float_array(service_rate, "service_rate", positive=True)
    check_broadcastable(arrival_rate=arrival_rate, service_rate=service_rate)
    if (arrival_rate >= service_rate).any():
        raise ValueError("arrival_rate must be below service_rate: with λ >= μ the queue grows without bound "
                         "and has no steady state")
    rho = arrival_rate / service_rate
    spare = service_rate - arrival_rate
    return MM1(
        arrival_rate=_out(arrival_rate + 0 * rho),
        service_rate=_out(service_rate + 0 * rho),
        utilisation=_out(rho),
        wait=_out(1.0 / spare),
        queue_length=_out(rho**2 / (1.0 - rho)),
        queue_wait=_out(rho / spare),
        number_in_system=_out(rho / (1.0 - rho)),
    )


def lindley_waits(interarrival_times, service_times):
    """Waiting times before service in a single-server first-come-first-served queue.

    Lindley's recursion ``W_1 = 0``, ``W_{k+1} = max(0, W_k + S_k − A_{k+1})`` (``A_{k+1}``
    is the gap between arrivals ``k`` and ``k+1``) is solved without a loop: with
    ``X_k`` the running sum of ``S_j − A_{j+1}``, ``W_k = X_k − min(0, X_1, …, X_k)``.

    Parameters
    ----------
    interarrival_times : array_like
        Gaps between successive arrivals (the first entry is the gap before the first
        arrival, which does not affect the waits); non-negative, 1-D or 2-D with one row
        per replication.
    service_times : array_like
        Service times, same shape; non-negative.

    Returns
    -------
    numpy.ndarray
        The waiting time of each item before its service starts (same shape).

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks* (Lindley 1952).

    Examples
    --------
    >>> lindley_waits([0.0, 1.0, 1.0, 3.0], [2.0, 2.0, 0.5, 1.0])
    array([0., 1., 2., 0.])
    """
    gaps = as_float_array(interarrival_times, "interarrival_times", nonnegative=True)
    service = as_float_array(service_times, "service_times", nonnegative=True)
    if gaps.ndim not in (1, 2):
        raise ValueError(f"interarrival_times must be 1-D or 2-D; got shape {gaps.shape}")
    if gaps.shape != service.shape:
        raise ValueError(f"shapes do not match: interarrival_times {gaps.shape}, service_times {service.shape}")
    step = service[..., :-1] - gaps[..., 1:]
    walk = np.concatenate([np.zeros(gaps.shape[:-1] + (1,)), np.cumsum(step, axis=-1)], axis=-1)
    return walk - np.minimum.accumulate(np.minimum(walk, 0.0), axis=-1)


class MM1Simulation(NamedTuple):
    """Outcome of :func:`simulate_mm1`.

    Attributes
    ----------
    wait : numpy.ndarray
        Per replication, the mean time in system of the items after the warm-up.
    queue_length : numpy.ndarray
        Per replication, the time-average number waiting, estimated as the total
        waiting time of the kept items divided by the span of their arrivals.
    wait_mean, wait_half_width : float
        Mean of ``wait`` over replications and the half-width of its confidence
        interval (Student t over replications).
    queue_length_mean, queue_length_half_width : float
        The same for ``queue_length``.
    confidence : float
        Confidence level of the intervals.
    """

    wait: np.ndarray
    queue_length: np.ndarray
    wait_mean: float
    wait_half_width: float
    queue_length_mean: float
    queue_length_half_width: float
    confidence: float

    def covers(self, wait, queue_length) -> bool:
        """Whether both confidence intervals contain the given values.

        Parameters
        ----------
        wait, queue_length : float
            Values to test, for example the closed forms of :func:`mm1`; non-negative.
        """
        wait = as_scalar(wait, "wait", nonnegative=True)
        queue_length = as_scalar(queue_length, "queue_length", nonnegative=True)
        return bool(abs(self.wait_mean - wait) <= self.wait_half_width
                    and abs(self.queue_length_mean - queue_length) <= self.queue_length_half_width)


def simulate_mm1(arrival_rate, service_rate, *, n_customers=20_000, n_replications=20, warmup=2_000,
                 confidence=0.95, seed=None) -> MM1Simulation:
    """Simulate an M/M/1 queue in independent replications and estimate W and L_q.

    Each replication starts empty, serves ``n_customers`` items, and discards the first
    ``warmup`` of them (the start-up transient). Replications are independent, so their
    means are independent draws and a Student t interval over them is honest — unlike
    one long run, whose successive waits are strongly correlated.

    Parameters
    ----------
    arrival_rate, service_rate : float
        λ and μ; λ non-negative, μ positive. λ < μ is needed for the estimates to settle.
    n_customers : int
        Items per replication, above ``warmup``.
    n_replications : int
        Independent replications, at least 2; ``n_customers * n_replications`` at most
        :data:`MAX_SIMULATED_CUSTOMERS`.
    warmup : int
        Items discarded at the start of each replication; non-negative.
    confidence : float
        Level of the confidence intervals, strictly between 0 and 1.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    MM1Simulation

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks*. The waits come from
    :func:`lindley_waits`.

    Examples
    --------
    >>> sim = simulate_mm1(8.0, 10.0, n_customers=20_000, n_replications=20, seed=1)
    >>> exact = mm1(8.0, 10.0)
    >>> sim.covers(exact.wait, exact.queue_length)
    True
    """
    arrival_rate = as_scalar(arrival_rate, "arrival_rate", positive=True)
    service_rate = as_scalar(service_rate, "service_rate", positive=True)
    n_customers = as_int(n_customers, "n_customers", minimum=2)
    n_replications = as_int(n_replications, "n_replications", minimum=2)
    warmup = as_int(warmup, "warmup", minimum=0)
    if warmup >= n_customers - 1:
        raise ValueError(f"warmup must leave at least two items; got warmup {warmup} of {n_customers}")
    if n_customers * n_replications > MAX_SIMULATED_CUSTOMERS:
        raise ValueError(f"n_customers * n_replications must be at most {MAX_SIMULATED_CUSTOMERS}; "
                         f"got {n_customers * n_replications}")
    confidence = float(as_probability(as_scalar(confidence, "confidence"), "confidence", open_interval=True))
    rng = as_rng(seed)
    gaps = rng.exponential(1.0 / arrival_rate, size=(n_replications, n_customers))
    service = rng.exponential(1.0 / service_rate, size=(n_replications, n_customers))
    waits = lindley_waits(gaps, service)[:, warmup:]
    in_system = waits + service[:, warmup:]
    arrivals = np.cumsum(gaps, axis=1)[:, warmup:]
    span = arrivals[:, -1] - arrivals[:, 0]
    wait = in_system.mean(axis=1)
    queue_length = waits.sum(axis=1) / span
    t = stats.t.ppf(0.5 + confidence / 2, df=n_replications - 1)

    if not (np.isfinite(wait).all() and np.isfinite(queue_length).all()):
        raise ValueError("arrival_rate, service_rate: the simulated times overflowed; use rates of similar size")

    def half(values):
        return float(t * values.std(ddof=1) / np.sqrt(n_replications))

    return MM1Simulation(wait, queue_length, float(wait.mean()), half(wait), float(queue_length.mean()),
                         half(queue_length), confidence)


def review_demand(t, initial, rate):
    """Review demand growing exponentially: ``initial * exp(rate * t)`` items per unit time.

    Parameters
    ----------
    t : array_like
        Times, non-negative.
    initial : array_like
        Demand at ``t = 0``; positive.
    rate : array_like
        Continuous growth rate; any finite value.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If ``rate * t`` is above 700 or the demand overflows.

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks*. The exponential form is the
    book's assumption: demand that tracks deployment and capability growth.

    Examples
    --------
    >>> review_demand([0.0, 1.0], 100.0, np.log(3.0))
    array([100., 300.])
    """
    t = as_float_array(t, "t", nonnegative=True)
    initial = as_float_array(initial, "initial", positive=True)
    rate = as_float_array(rate, "rate")
    check_broadcastable(t=t, initial=initial, rate=rate)
    exponent = rate * t
    if (exponent > 700).any():
        raise ValueError("rate * t must be at most 700: the demand would overflow")
    demand = initial * np.exp(exponent)
    if not np.isfinite(demand).all():
        raise ValueError("initial, rate or t is too large: the demand overflowed")
    return demand


def review_capacity(t, initial, hiring_rate, tool_rate=0.0):
    """Review capacity: linear hiring, optionally multiplied by tools that improve exponentially.

    ``(initial + hiring_rate * t) * exp(tool_rate * t)``. With ``tool_rate = 0`` this is a
    team that grows by a fixed number of reviewers' worth of capacity per unit time; a
    positive ``tool_rate`` is a tool multiplier (assisted review, automated triage) that
    grows at that continuous rate.

    Parameters
    ----------
    t : array_like
        Times, non-negative.
    initial : array_like
        Capacity at ``t = 0``, items per unit time; positive.
    hiring_rate : array_like
        Capacity added per unit time by hiring; non-negative.
    tool_rate : array_like
        Continuous growth rate of the tool multiplier; non-negative.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If ``tool_rate * t`` is above 700 or the capacity overflows.

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks* (the book's model).

    Examples
    --------
    >>> review_capacity([0.0, 2.0], 100.0, 50.0)
    array([100., 200.])
    """
    t = as_float_array(t, "t", nonnegative=True)
    initial = as_float_array(initial, "initial", positive=True)
    hiring_rate = as_float_array(hiring_rate, "hiring_rate", nonnegative=True)
    tool_rate = as_float_array(tool_rate, "tool_rate", nonnegative=True)
    check_broadcastable(t=t, initial=initial, hiring_rate=hiring_rate, tool_rate=tool_rate)
    exponent = tool_rate * t
    if (exponent > 700).any():
        raise ValueError("tool_rate * t must be at most 700: the capacity would overflow")
    capacity = (initial + hiring_rate * t) * np.exp(exponent)
    if not np.isfinite(capacity).all():
        raise ValueError("initial, hiring_rate, tool_rate or t is too large: the capacity overflowed")
    return capacity


def crossover_time(demand_initial, demand_rate, capacity_initial, hiring_rate, tool_rate=0.0):
    """When exponential review demand overtakes review capacity.

    Solves ``λ0·exp(g·t) = (μ0 + h·t)·exp(τ·t)`` for the first ``t >= 0``. Dividing by
    ``exp(τ·t)`` leaves ``λ0·exp((g − τ)·t) = μ0 + h·t``: only the *difference* between the
    demand's growth rate and the tools' matters. With ``h = 0`` the answer is
    ``ln(μ0/λ0)/(g − τ)``; with ``h > 0`` it is ``t = (u − μ0)/h`` with
    ``u = −(h/g')·W₋₁(−(g'λ0/h)·exp(−g'μ0/h))``, ``g' = g − τ``, on the lower branch of the
    Lambert W function (the root at which demand rises through capacity).

    Parameters
    ----------
    demand_initial : array_like
        λ0, demand at ``t = 0``; positive.
    demand_rate : array_like
        g, the demand's continuous growth rate; non-negative.
    capacity_initial : array_like
        μ0, capacity at ``t = 0``; positive.
    hiring_rate : array_like
        h, capacity added per unit time; non-negative.
    tool_rate : array_like
        τ, growth rate of the tool multiplier; non-negative.

    Returns
    -------
    float or numpy.ndarray
        The crossover time; ``0`` where demand already meets or exceeds capacity, and
        ``inf`` where it never does (``g <= τ``: tools that improve as fast as demand
        grows remove the crossover). At most 10⁶ elements.

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks*.

    Examples
    --------
    >>> round(crossover_time(50.0, np.log(2.0), 100.0, 0.0), 6)  # doubling demand, fixed capacity
    1.0
    >>> round(crossover_time(50.0, np.log(2.0), 100.0, 50.0), 4)  # hiring delays it
    2.0
    >>> crossover_time(50.0, np.log(2.0), 100.0, 50.0, tool_rate=np.log(2.0))
    inf
    """
    demand_initial = as_float_array(demand_initial, "demand_initial", positive=True)
    demand_rate = as_float_array(demand_rate, "demand_rate", nonnegative=True)
    capacity_initial = as_float_array(capacity_initial, "capacity_initial", positive=True)
    hiring_rate = as_float_array(hiring_rate, "hiring_rate", nonnegative=True)
    tool_rate = as_float_array(tool_rate, "tool_rate", nonnegative=True)
    shape = check_broadcastable(demand_initial=demand_initial, demand_rate=demand_rate,
                                capacity_initial=capacity_initial, hiring_rate=hiring_rate, tool_rate=tool_rate)
    if int(np.prod(shape)) > _MAX_ELEMENTS:
        raise ValueError(f"inputs must broadcast to at most {_MAX_ELEMENTS} elements")
    lam, g, mu, h, tau = np.broadcast_arrays(demand_initial, demand_rate, capacity_initial, hiring_rate, tool_rate)
    net = g - tau
    result = np.full(shape, np.inf)
    result[lam >= mu] = 0.0
    grows = (lam < mu) & (net > 0)
    fixed = grows & (h == 0)
    result[fixed] = np.log(mu[fixed] / lam[fixed]) / net[fixed]
    hired = grows & (h > 0)
    if hired.any():
        # A tiny hiring rate can overflow a and b; those elements come out non-finite and are
        # solved directly below.
        with np.errstate(under="ignore", over="ignore", invalid="ignore"):
            a, b = net[hired] * lam[hired] / h[hired], net[hired] * mu[hired] / h[hired]
            z = -a * np.exp(-b)
            w = np.real(special.lambertw(z, k=-1))
            u = -(h[hired] / net[hired]) * w
            times = (u - mu[hired]) / h[hired]
        bad = ~np.isfinite(times) | (z == 0)
        if bad.any():  # exp(-b) underflowed: solve those few directly
            index = np.flatnonzero(bad)
            for i in index:
                lam_i, mu_i, h_i, g_i = lam[hired][i], mu[hired][i], h[hired][i], net[hired][i]
                f = lambda s: np.log(lam_i) + g_i * s - np.log(mu_i + h_i * s)  # noqa: E731
                upper = np.log(mu_i / lam_i) / g_i + 1.0
                while f(upper) < 0:  # bounded: upper doubles at most 60 times
                    upper *= 2.0
                    if upper > 1e18:
                        raise ValueError("hiring_rate, demand_rate or capacity_initial is too extreme: "
                                         "crossover_time could not bracket the crossing")
                times[i] = optimize.brentq(f, 0.0, upper, xtol=1e-12, rtol=1e-14)
        result[hired] = np.maximum(times, 0.0)
    return _out(result)


def unreviewed_fraction(demand, capacity):
    """Share of review demand left unreviewed when excess work is dropped: ``1 − min(1, capacity/demand)``.

    Parameters
    ----------
    demand : array_like
        Items needing review per unit time; positive.
    capacity : array_like
        Items the reviewers can handle per unit time; non-negative.

    Returns
    -------
    numpy.ndarray
        Values in [0, 1].

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks* (published-anchors §6: the
    reviewed fraction is ``min(1, μ/λ)``).

    Examples
    --------
    >>> unreviewed_fraction([50.0, 100.0, 400.0], 100.0)
    array([0.  , 0.  , 0.75])
    """
    demand = as_float_array(demand, "demand", positive=True)
    capacity = as_float_array(capacity, "capacity", nonnegative=True)
    check_broadcastable(demand=demand, capacity=capacity)
    return 1.0 - np.minimum(1.0, capacity / demand)


def fluid_backlog(t, demand, capacity):
    """The backlog when excess review demand is queued instead of dropped (fluid model).

    Work arrives at rate ``demand(t)`` and is served at rate ``capacity(t)`` whenever
    there is any. The backlog is the net inflow ``X(t) = ∫ (demand − capacity)``
    reflected at zero, ``B(t) = X(t) − min(0, min_{s<=t} X(s))``, with the integral taken
    by the trapezoid rule on the grid ``t``.

    Parameters
    ----------
    t : array_like
        Strictly increasing 1-D times; the backlog is zero at ``t[0]``.
    demand, capacity : array_like
        Rates on the grid, non-negative, same length as ``t``.

    Returns
    -------
    numpy.ndarray
        The backlog at each time, in items.

    Notes
    -----
    Defined in Chapter 11, section *Oversight bottlenecks*. A deterministic fluid
    approximation, accurate when the backlog is large compared with the random
    fluctuations that :func:`mm1` describes.

    Examples
    --------
    >>> fluid_backlog([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 3.0, 1.0], [2.0, 2.0, 2.0, 2.0])
    array([0., 0., 1., 1.])
    """
    t = as_float_array(t, "t", ndim=1)
    check_increasing(t, "t")
    demand = as_float_array(demand, "demand", nonnegative=True, ndim=1)
    capacity = as_float_array(capacity, "capacity", nonnegative=True, ndim=1)
    if not (demand.size == capacity.size == t.size):
        raise ValueError(f"shapes do not match: t {t.shape}, demand {demand.shape}, capacity {capacity.shape}")
    net = demand - capacity
    walk = np.concatenate([[0.0], np.cumsum(0.5 * (net[1:] + net[:-1]) * np.diff(t))])
    return walk - np.minimum.accumulate(np.minimum(walk, 0.0))
