"""Tests for acslib.risk: gap-driven hazard, failure probability and its Monte Carlo check.

The hazard forms are the book's own assumptions (Chapter 3), so there are no published
numbers to reproduce here; the tests check analytic results (constant and linear
hazards, the closed form for the exponential hazard under a linear gap, the crossing of
two exponentials) and invariants, and that the simulation agrees with the analytic
curves within sampling error.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from acslib import gap, growth, risk
from badinput import assert_rejects

#: How many standard errors a Monte Carlo estimate may sit from the exact value. At each
#: checked time a correct simulator lands outside 4 SE with probability about 6e-5.
MONTE_CARLO_TOLERANCE_SE = 4.0


def assert_within_sampling_error(estimate, exact, n_draws):
    """|estimate - exact| <= 4 binomial standard errors, sqrt(p (1 - p) / n) at the exact p."""
    standard_error = np.sqrt(exact * (1.0 - exact) / n_draws)
    assert (np.abs(estimate - exact) <= MONTE_CARLO_TOLERANCE_SE * standard_error).all(), (
        (estimate - exact) / np.where(standard_error > 0, standard_error, np.nan)
    )


# ---------------------------------------------------------------------------- hazard
def test_hazard_forms_exact_values():
    g = np.array([-1.0, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(risk.hazard(g, 0.02, 1.5, "exponential"), 0.02 * np.exp(1.5 * g))
    np.testing.assert_allclose(
        risk.hazard(g, 0.02, 1.5, "softplus"), 0.02 * np.log1p(np.exp(1.5 * g)) / np.log(2.0)
    )
    np.testing.assert_allclose(risk.hazard(g, 0.02, 1.5, "power"), [0.02, 0.02, 0.02 * 1.5**1.5, 0.02 * 3**1.5])


def test_exponential_hazard_is_power_law_in_the_ratio():
    capability = np.array([1.0, 2.0, 8.0])
    # Doubling C/A multiplies the hazard by 2**s.
    np.testing.assert_allclose(risk.hazard_over_time(capability, 1.0, 0.01, 2.0), 0.01 * capability**2)


@pytest.mark.parametrize("form", risk.HAZARD_FORMS)
def test_every_form_equals_base_rate_on_the_boundary_and_is_constant_without_sensitivity(form):
    assert float(risk.hazard(0.0, 0.03, 2.0, form)) == pytest.approx(0.03)
    np.testing.assert_allclose(risk.hazard(np.linspace(-3, 3, 7), 0.03, 0.0, form), 0.03)


@pytest.mark.parametrize("form", risk.HAZARD_FORMS)
@given(st.lists(st.floats(-10.0, 10.0), min_size=2, max_size=20), st.floats(0.0, 3.0))
def test_hazard_never_falls_as_the_gap_grows(form, gaps, sensitivity):
    values = risk.hazard(np.sort(gaps), 0.01, sensitivity, form)
    assert (values >= 0).all()
    assert (np.diff(values) >= -1e-15).all()


def test_softplus_is_linear_for_large_gaps_and_vanishes_when_alignment_leads_far():
    assert float(risk.hazard(40.0, 1.0, 1.0, "softplus")) == pytest.approx(40.0 / np.log(2.0))
    assert float(risk.hazard(-40.0, 1.0, 1.0, "softplus")) < 1e-16


def test_race_gap_is_linear_and_matches_the_gap_module():
    t = np.linspace(0.0, 10.0, 11)
    expected = gap.alignment_gap(growth.exponential(t, 1.0, 0.7), growth.exponential(t, 4.0, 0.4))
    np.testing.assert_allclose(risk.race_gap(t, 1.0, 0.7, 4.0, 0.4), expected)
    np.testing.assert_allclose(risk.race_gap(t, 1.0, 0.7, 4.0, 0.4), -np.log(4.0) + 0.3 * t)


# ---------------------------------------------------------------------------- crossing
def test_crossing_time_analytic_and_edge_cases():
    assert risk.crossing_time(1.0, 0.7, 8.0, 0.4) == pytest.approx(np.log(8.0) / 0.3)
    assert risk.crossing_time(1.0, 0.4, 8.0, 0.4) is None  # same rate: the lead persists
    assert risk.crossing_time(1.0, 0.3, 8.0, 0.4) is None  # alignment faster
    assert risk.crossing_time(3.0, 0.0, 1.0, 1.0) == 0.0  # capability already ahead
    assert risk.crossing_time(1.0, 0.5, 1.0, 0.2) == 0.0  # level start, capability faster
    assert risk.crossing_time(1.0, 0.2, 1.0, 0.2) is None  # level forever: A >= C holds


@given(
    st.floats(0.01, 10.0), st.floats(0.0, 2.0), st.floats(0.01, 10.0), st.floats(0.0, 2.0),
)
def test_crossing_time_agrees_with_first_crossing_on_a_grid(c0, c_rate, a0, a_rate):
    # Rates equal to within rounding make a level start a tie that floating point cannot settle.
    assume(abs(c_rate - a_rate) > 1e-9)
    horizon = 50.0
    t = np.linspace(0.0, horizon, 501)
    on_grid = gap.first_crossing(t, growth.exponential(t, c0, c_rate), growth.exponential(t, a0, a_rate))
    analytic = risk.crossing_time(c0, c_rate, a0, a_rate)
    if analytic is not None and analytic < horizon - 1e-6:
        assert on_grid == pytest.approx(analytic, rel=1e-7, abs=1e-7)
    elif analytic is None:
        assert on_grid is None
    else:  # crossing at or beyond the end of the grid
        assert on_grid is None or on_grid == pytest.approx(horizon, abs=1e-6)


# ---------------------------------------------------------------------------- failure probability
def test_constant_hazard_gives_one_minus_exp():
    t = np.linspace(0.0, 50.0, 11)
    np.testing.assert_allclose(risk.cumulative_failure_probability(t, np.full(t.size, 0.05)), 1 - np.exp(-0.05 * t))


def test_linear_hazard_is_integrated_exactly():
    t = np.array([0.0, 0.3, 1.0, 2.5, 4.0])  # uneven grid: the trapezoid rule is exact for linear h
    np.testing.assert_allclose(risk.cumulative_hazard(t, 0.2 * t), 0.1 * t**2)
    np.testing.assert_allclose(risk.cumulative_failure_probability(t, 0.2 * t), 1 - np.exp(-0.1 * t**2))


def test_several_scenarios_integrate_at_once():
    t = np.linspace(0.0, 10.0, 21)
    hazards = np.array([np.full(t.size, 0.1), np.full(t.size, 0.2)])
    np.testing.assert_allclose(risk.cumulative_failure_probability(t, hazards)[:, -1], 1 - np.exp([-1.0, -2.0]))


@pytest.mark.parametrize("gap_rate", [0.3, 0.0, -0.25])
def test_trapezoid_matches_the_closed_form_for_the_exponential_hazard(gap_rate):
    t = np.linspace(0.0, 25.0, 5001)
    hazard = risk.hazard(-1.0 + gap_rate * t, 0.04, 1.2, "exponential")
    numeric = risk.cumulative_failure_probability(t, hazard)
    exact = risk.failure_probability_exponential_hazard(t, -1.0, gap_rate, 0.04, 1.2)
    np.testing.assert_allclose(numeric, exact, atol=1e-6)


def test_closed_form_constant_gap_and_lifetime_limits():
    # A constant positive gap is a constant hazard h0 e^(s g): failure tends to certainty.
    h = 0.01 * np.exp(0.5)
    assert float(risk.failure_probability_exponential_hazard(100.0, 0.5, 0.0, 0.01, 1.0)) == pytest.approx(
        1 - np.exp(-100 * h)
    )
    assert float(risk.lifetime_failure_probability(0.5, 0.0, 0.01, 1.0)) == 1.0
    # A shrinking gap leaves a finite total hazard h0 e^(s g0) / (s |r|).
    limit = float(risk.lifetime_failure_probability(0.5, -0.2, 0.01, 2.0))
    assert limit == pytest.approx(1 - np.exp(-0.01 * np.exp(1.0) / 0.4))
    assert float(risk.failure_probability_exponential_hazard(500.0, 0.5, -0.2, 0.01, 2.0)) == pytest.approx(limit)
    assert float(risk.lifetime_failure_probability(3.0, 1.0, 0.0, 1.0)) == 0.0  # no base rate, no risk


@given(st.floats(-3.0, 3.0), st.floats(-1.0, 1.0), st.floats(0.001, 0.2), st.floats(0.0, 2.0))
def test_failure_probability_is_a_nondecreasing_probability(initial_gap, gap_rate, base_rate, sensitivity):
    t = np.linspace(0.0, 30.0, 61)
    p = risk.failure_probability_exponential_hazard(t, initial_gap, gap_rate, base_rate, sensitivity)
    assert p[0] == 0.0
    assert ((p >= 0) & (p <= 1)).all()
    assert (np.diff(p) >= -1e-15).all()
    assert p[-1] <= float(risk.lifetime_failure_probability(initial_gap, gap_rate, base_rate, sensitivity)) + 1e-12


def test_time_to_failure_probability():
    t = np.linspace(0.0, 300.0, 300_001)
    p = risk.cumulative_failure_probability(t, np.full(t.size, 0.02))
    assert risk.time_to_failure_probability(t, p, 0.5) == pytest.approx(np.log(2) / 0.02, abs=1e-4)
    assert risk.time_to_failure_probability(t, p, 0.99) == pytest.approx(np.log(100) / 0.02, abs=1e-4)
    assert risk.time_to_failure_probability(t[:100], p[:100], 0.5) is None


# ---------------------------------------------------------------------------- Monte Carlo
@pytest.mark.parametrize("gap_rate", [0.3, 0.0, -0.2])
def test_monte_carlo_agrees_with_the_closed_form(gap_rate):
    t = np.linspace(0.0, 30.0, 3001)
    hazard = risk.hazard(-np.log(4.0) + gap_rate * t, 0.03, 1.0)
    times = risk.simulate_failure_times(t, hazard, n_draws=200_000, seed=2024)
    checkpoints = np.array([1.0, 5.0, 10.0, 20.0, 30.0])
    estimate, _ = risk.empirical_failure_probability(times, checkpoints)
    exact = risk.failure_probability_exponential_hazard(checkpoints, -np.log(4.0), gap_rate, 0.03, 1.0)
    assert_within_sampling_error(estimate, exact, 200_000)


@pytest.mark.parametrize("form", risk.HAZARD_FORMS)
def test_monte_carlo_agrees_with_the_trapezoid_curve_for_every_form(form):
    t = np.linspace(0.0, 20.0, 401)
    hazard = risk.hazard(risk.race_gap(t, 1.0, 0.6, 3.0, 0.3), 0.05, 1.5, form)
    times = risk.simulate_failure_times(t, hazard, n_draws=100_000, seed=7)
    estimate, _ = risk.empirical_failure_probability(times, t[::40])
    exact = risk.cumulative_failure_probability(t, hazard)[::40]
    assert estimate[0] == 0.0
    assert_within_sampling_error(estimate, exact, 100_000)


def test_monte_carlo_is_seeded_and_marks_survivors():
    t = np.linspace(0.0, 10.0, 11)
    h = np.full(t.size, 0.1)
    first = risk.simulate_failure_times(t, h, 1000, seed=3)
    np.testing.assert_array_equal(first, risk.simulate_failure_times(t, h, 1000, seed=3))
    assert not np.array_equal(first, risk.simulate_failure_times(t, h, 1000, seed=4))
    assert np.isinf(risk.simulate_failure_times(t, np.zeros(t.size), 100, seed=0)).all()
    finite = first[np.isfinite(first)]
    assert ((finite >= 0) & (finite <= 10)).all()


def test_empirical_failure_probability_counts_and_standard_error():
    p, se = risk.empirical_failure_probability([0.5, 1.5, np.inf, np.inf], [0.0, 1.0, 2.0])
    np.testing.assert_allclose(p, [0.0, 0.25, 0.5])
    np.testing.assert_allclose(se, np.sqrt(p * (1 - p) / 4))


# ---------------------------------------------------------------------------- bad input
def test_bad_input_is_rejected():
    hz = dict(gap=[0.0, 1.0], base_rate=0.01, sensitivity=1.0, form="exponential")
    assert_rejects(risk.hazard, hz, "gap")
    assert_rejects(risk.hazard, hz, "base_rate", negative=True)
    assert_rejects(risk.hazard, hz, "sensitivity", negative=True)
    assert_rejects(risk.hazard, hz, "form", extra=["cubic", 3, None])
    with pytest.raises(ValueError, match="shapes"):
        risk.hazard([0.0, 1.0], [0.01, 0.02, 0.03], 1.0)

    over_time = dict(capability=[1.0, 2.0], alignment=[1.0, 1.0], base_rate=0.01, sensitivity=1.0)
    assert_rejects(risk.hazard_over_time, over_time, "capability", negative=True, zero=True)
    assert_rejects(risk.hazard_over_time, over_time, "alignment", negative=True, zero=True)
    assert_rejects(risk.hazard_over_time, over_time, "base_rate", negative=True)

    race = dict(t=[0.0, 1.0], c0=1.0, c_rate=0.5, a0=2.0, a_rate=0.2)
    crossing = {k: v for k, v in race.items() if k != "t"}
    for function, valid in ((risk.race_gap, race), (risk.crossing_time, crossing)):
        for name in ("c0", "a0"):
            assert_rejects(function, valid, name, negative=True, zero=True, extra=[[1.0, 2.0]])
        for name in ("c_rate", "a_rate"):
            assert_rejects(function, valid, name, negative=True, extra=[[0.1, 0.2]])
    assert_rejects(risk.race_gap, race, "t")

    grid = dict(t=[0.0, 1.0, 2.0], hazard=[0.1, 0.1, 0.1])
    for function in (risk.cumulative_hazard, risk.cumulative_failure_probability):
        assert_rejects(function, grid, "t", extra=[[0.0, 2.0, 1.0], [0.0], [[0.0, 1.0, 2.0]]])
        assert_rejects(function, grid, "hazard", negative=True, extra=[[0.1, 0.1], 0.1])

    closed = dict(t=[0.0, 1.0], initial_gap=0.0, gap_rate=0.1, base_rate=0.01, sensitivity=1.0)
    assert_rejects(risk.failure_probability_exponential_hazard, closed, "t", negative=True)
    for name in ("initial_gap", "gap_rate"):
        assert_rejects(risk.failure_probability_exponential_hazard, closed, name)
    for name in ("base_rate", "sensitivity"):
        assert_rejects(risk.failure_probability_exponential_hazard, closed, name, negative=True)
    with pytest.raises(ValueError, match="shapes"):
        risk.failure_probability_exponential_hazard([0.0, 1.0], [0.0, 0.1, 0.2], 0.1, 0.01, 1.0)

    lifetime = {k: v for k, v in closed.items() if k != "t"}
    for name in ("initial_gap", "gap_rate"):
        assert_rejects(risk.lifetime_failure_probability, lifetime, name)
    for name in ("base_rate", "sensitivity"):
        assert_rejects(risk.lifetime_failure_probability, lifetime, name, negative=True)

    reach = dict(t=[0.0, 1.0, 2.0], failure_probability=[0.0, 0.4, 0.7], level=0.5)
    assert_rejects(risk.time_to_failure_probability, reach, "t", extra=[[0.0, 2.0, 1.0]])
    assert_rejects(risk.time_to_failure_probability, reach, "failure_probability",
                   negative=True, extra=[[0.0, 1.5, 1.7], [0.0, 0.4], [0.0, 0.7, 0.4]])
    assert_rejects(risk.time_to_failure_probability, reach, "level", zero=True, negative=True,
                   extra=[1.0, 1.5, [0.5, 0.6]])

    simulation = dict(t=[0.0, 1.0, 2.0], hazard=[0.1, 0.1, 0.1], n_draws=10, seed=0)
    assert_rejects(risk.simulate_failure_times, simulation, "t", extra=[[0.0, 2.0, 1.0]])
    assert_rejects(risk.simulate_failure_times, simulation, "hazard", negative=True,
                   extra=[[[0.1, 0.1, 0.1]]])
    assert_rejects(risk.simulate_failure_times, simulation, "n_draws", zero=True, negative=True, extra=[2.5, "10"])
    assert_rejects(risk.simulate_failure_times, simulation, "seed", negative=True, extra=[1.5, "a"])

    empirical = dict(failure_times=[1.0, np.inf], t=[0.5, 1.5])
    with pytest.raises(ValueError, match="failure_times"):
        risk.empirical_failure_probability([np.nan, 1.0], [1.0])
    with pytest.raises(ValueError, match="failure_times"):
        risk.empirical_failure_probability([-np.inf, 1.0], [1.0])
    with pytest.raises(ValueError, match="failure_times"):
        risk.empirical_failure_probability([], [1.0])
    with pytest.raises(ValueError, match="failure_times"):
        risk.empirical_failure_probability("abc", [1.0])
    assert_rejects(risk.empirical_failure_probability, empirical, "t")
