"""Tests for acslib.bottlenecks (Chapter 11, oversight bottlenecks)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize

from acslib import bottlenecks as b
from badinput import assert_rejects


def test_mm1_closed_forms_published_anchors_section_6():
    # W = 1/(mu - lambda), L_q = rho^2/(1 - rho), Little's law L = lambda W.
    q = b.mm1(8.0, 10.0)
    assert q.utilisation == pytest.approx(0.8)
    assert q.wait == pytest.approx(0.5)
    assert q.queue_length == pytest.approx(3.2)
    assert q.queue_wait == pytest.approx(0.4)
    assert q.number_in_system == pytest.approx(q.arrival_rate * q.wait)
    assert q.queue_length == pytest.approx(q.arrival_rate * q.queue_wait)


def test_mm1_vectorised_and_rejects_unstable_queue():
    q = b.mm1([1.0, 5.0, 9.0], 10.0)
    np.testing.assert_allclose(q.wait, 1 / (10.0 - np.array([1.0, 5.0, 9.0])))
    for arrival in (10.0, 12.0):
        with pytest.raises(ValueError, match="arrival_rate"):
            b.mm1(arrival, 10.0)
    assert_rejects(b.mm1, dict(arrival_rate=1.0, service_rate=2.0), "arrival_rate", negative=True)
    assert_rejects(b.mm1, dict(arrival_rate=1.0, service_rate=2.0), "service_rate", negative=True, zero=True)


@pytest.mark.parametrize("arrival,service", [(5.0, 10.0), (8.0, 10.0), (2.0, 3.0)])
def test_simulation_confidence_interval_covers_closed_form(arrival, service):
    exact = b.mm1(arrival, service)
    sim = b.simulate_mm1(arrival, service, n_customers=40_000, n_replications=20, warmup=4_000, seed=11)
    assert sim.covers(exact.wait, exact.queue_length)
    assert sim.wait.shape == (20,) and sim.wait_half_width > 0


def test_simulation_intervals_cover_about_95_percent_over_seeds():
    exact = b.mm1(5.0, 10.0)
    covered = [b.simulate_mm1(5.0, 10.0, n_customers=10_000, n_replications=10, warmup=1_000, seed=s)
               .covers(exact.wait, exact.queue_length) for s in range(20)]
    assert sum(covered) >= 15  # 95% nominal for each of two intervals


def test_lindley_matches_a_loop():
    rng = np.random.default_rng(3)
    gaps, service = rng.exponential(1.0, 200), rng.exponential(0.8, 200)
    waits = [0.0]
    for k in range(1, 200):
        waits.append(max(0.0, waits[-1] + service[k - 1] - gaps[k]))
    np.testing.assert_allclose(b.lindley_waits(gaps, service), waits, atol=1e-12)
    with pytest.raises(ValueError, match="shapes"):
        b.lindley_waits([1.0, 2.0], [1.0])


def test_simulate_rejects_absurd_sizes():
    with pytest.raises(ValueError, match="n_customers"):
        b.simulate_mm1(1.0, 2.0, n_customers=10**6, n_replications=100)
    with pytest.raises(ValueError, match="warmup"):
        b.simulate_mm1(1.0, 2.0, n_customers=100, warmup=99)
    assert_rejects(b.simulate_mm1, dict(arrival_rate=1.0, service_rate=2.0, n_customers=100, n_replications=2,
                                        warmup=10, seed=0), "arrival_rate", negative=True, zero=True)


@given(st.floats(1.0, 90.0), st.floats(0.05, 2.0), st.floats(100.0, 1000.0), st.floats(0.0, 500.0),
       st.floats(0.0, 1.0))
def test_crossover_time_solves_the_equation(demand0, rate, capacity0, hiring, tool_share):
    tool = tool_share * rate * 0.9
    t = b.crossover_time(demand0, rate, capacity0, hiring, tool)
    assert np.isfinite(t) and t > 0
    demand = b.review_demand(t, demand0, rate)
    capacity = b.review_capacity(t, capacity0, hiring, tool)
    assert demand == pytest.approx(capacity, rel=1e-7)
    # Before the crossing, demand is below capacity.
    assert b.review_demand(0.5 * t, demand0, rate) < b.review_capacity(0.5 * t, capacity0, hiring, tool)


def test_crossover_against_brentq_and_special_cases():
    f = lambda s: 50 * np.exp(0.7 * s) - (100 + 80 * s)  # noqa: E731
    assert b.crossover_time(50.0, 0.7, 100.0, 80.0) == pytest.approx(optimize.brentq(f, 0, 20), rel=1e-10)
    assert b.crossover_time(50.0, np.log(2), 100.0, 0.0) == pytest.approx(1.0)
    assert b.crossover_time(200.0, 0.5, 100.0, 10.0) == 0.0
    # Tools improving as fast as demand grows remove the crossover.
    assert b.crossover_time(50.0, 0.5, 100.0, 10.0, tool_rate=0.5) == np.inf
    assert b.crossover_time(50.0, 0.5, 100.0, 10.0, tool_rate=0.6) == np.inf
    # A vanishing hiring rate falls back to the fixed-capacity answer.
    assert b.crossover_time(50.0, np.log(2), 100.0, 1e-300) == pytest.approx(1.0)
    np.testing.assert_allclose(b.crossover_time(50.0, np.log(2), 100.0, [0.0, 50.0]), [1.0, 2.0])


def test_unreviewed_fraction_and_backlog():
    np.testing.assert_allclose(b.unreviewed_fraction([50.0, 200.0], 100.0), [0.0, 0.5])
    t = np.linspace(0, 10, 2001)
    demand, capacity = b.review_demand(t, 50.0, 0.4), b.review_capacity(t, 100.0, 10.0)
    backlog = b.fluid_backlog(t, demand, capacity)
    crossing = b.crossover_time(50.0, 0.4, 100.0, 10.0)
    assert (backlog[t < crossing] == 0).all() and (np.diff(backlog[t > crossing]) > 0).all()
    # Backlog equals the integral of the excess after the crossing (closed form).
    excess = (50 / 0.4) * (np.exp(0.4 * 10) - np.exp(0.4 * crossing)) - (100 * (10 - crossing) + 5 * (100 - crossing**2))
    assert backlog[-1] == pytest.approx(excess, rel=1e-4)
    # A queue that drains: positive then back to zero.
    np.testing.assert_allclose(b.fluid_backlog([0, 1, 2, 3, 4], [3, 3, 0, 0, 0], [1, 1, 1, 1, 1]), [0, 2, 2.5, 1.5, 0.5])


def test_bad_inputs_name_the_parameter():
    assert_rejects(b.crossover_time, dict(demand_initial=1.0, demand_rate=0.5, capacity_initial=2.0, hiring_rate=1.0),
                   "demand_initial", negative=True, zero=True)
    assert_rejects(b.crossover_time, dict(demand_initial=1.0, demand_rate=0.5, capacity_initial=2.0, hiring_rate=1.0),
                   "hiring_rate", negative=True)
    assert_rejects(b.review_capacity, dict(t=[0.0, 1.0], initial=1.0, hiring_rate=1.0), "t", negative=True)
    assert_rejects(b.fluid_backlog, dict(t=[0.0, 1.0], demand=[1.0, 1.0], capacity=[1.0, 1.0]), "demand", negative=True)
    with pytest.raises(ValueError, match="t must be strictly increasing"):
        b.fluid_backlog([1.0, 0.0], [1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="overflow"):
        b.review_demand(1000.0, 1.0, 1.0)
