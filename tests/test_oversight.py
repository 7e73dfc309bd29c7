"""Tests for acslib.oversight: a catch probability that falls as C/A rises, the hazard it implies,
its closed-form failure probability, and the feedback simulation in both directions.

The model is the book's own (Chapter 3), so there is no published number to reproduce; the
tests check analytic results (the odds rule, the two limits of the hazard, the closed-form
integral), invariants, agreement with acslib.risk, and Monte Carlo agreement within sampling
error. The logistic form is the Elo rule of Engels et al. 2025 (engels2025scaling):
P(win) = 1 / (1 + 10^(-ΔE/400)); the last test checks the correspondence.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.special import expit, logit

from acslib import oversight, risk
from acslib.montecarlo import seed_band
from badinput import assert_rejects

RACE = dict(initial_gap=-np.log(4.0), gap_rate=0.3)
STRONG = dict(attempt_rate=1.0, catch_at_parity=0.98, steepness=1.0)


def within_sampling_error(estimate, exact, n, tolerance=4.0):
    se = np.sqrt(exact * (1 - exact) / n)
    return bool(np.all(np.abs(estimate - exact) <= tolerance * np.maximum(se, 1e-12)))


# ---------------------------------------------------------------------------- catch probability
def test_odds_of_a_catch_fall_by_the_ratio_to_the_power_of_the_steepness():
    ratio = np.array([0.25, 1.0, 2.0, 4.0, 16.0, 49.0])
    for steepness in (0.5, 1.0, 2.0):
        q = oversight.catch_probability(np.log(ratio), 0.98, steepness)
        np.testing.assert_allclose(q / (1 - q), 49.0 / ratio**steepness, rtol=1e-12)
    assert float(oversight.catch_probability(np.log(49.0), 0.98, 1.0)) == pytest.approx(0.5)
    assert float(oversight.catch_probability(0.0, 0.7, 3.0)) == pytest.approx(0.7)


def test_zero_steepness_means_oversight_never_weakens():
    np.testing.assert_allclose(oversight.catch_probability(np.linspace(-50, 50, 11), 0.9, 0.0), 0.9)


@given(st.lists(st.floats(-30.0, 30.0), min_size=2, max_size=20), st.floats(0.01, 0.99), st.floats(0.0, 4.0))
def test_catch_probability_is_a_probability_that_never_rises_with_the_gap(gaps, parity, steepness):
    q = oversight.catch_probability(np.sort(gaps), parity, steepness)
    assert ((q >= 0) & (q <= 1)).all()
    assert (np.diff(q) <= 1e-15).all()


def test_gap_at_catch_probability_inverts_the_catch_probability():
    levels = np.array([0.05, 0.5, 0.9, 0.99])
    gaps = oversight.gap_at_catch_probability(levels, 0.95, 1.5)
    np.testing.assert_allclose(oversight.catch_probability(gaps, 0.95, 1.5), levels, rtol=1e-12)
    assert float(np.exp(oversight.gap_at_catch_probability(0.5, 0.98, 1.0))) == pytest.approx(49.0)
    assert float(oversight.gap_at_catch_probability(0.99, 0.98, 1.0)) < 0  # above q0: alignment must lead


def test_elo_reading_of_the_logistic():
    # Engels et al. 2025: P(guard wins) = 1 / (1 + 10^((E_houdini - E_guard) / 400)). With the log gap
    # read as an Elo difference, Delta_E = 400 * steepness * g / ln 10, the forms coincide at q0 = 1/2.
    gap = np.linspace(-3.0, 3.0, 13)
    elo_difference = 400.0 * 1.3 * gap / np.log(10.0)
    engels = 1.0 / (1.0 + 10.0 ** (elo_difference / 400.0))
    np.testing.assert_allclose(oversight.catch_probability(gap, 0.5, 1.3), engels, rtol=1e-12)


def forward_equations(t, initial_gap, gap_rate, attempt_rate, catch_at_parity, steepness, feedback, most=250):
    """An independent reference for the feedback model, with no sampling: the forward (Kolmogorov)
    equations for p_n(t), the probability of no uncaught failure yet with n incidents caught,

        dp_n/dt = -attempt_rate * p_n + attempt_rate * q(g_{n-1}(t)) * p_{n-1},
        g_n(t) = initial_gap + gap_rate * t + feedback * n,

    solved numerically; the failure probability is 1 - sum_n p_n. With ``most`` states the mass
    lost past the last one is below P(Poisson(attempt_rate * max(t)) > most), negligible here."""
    caught = np.arange(most + 1)

    def rates(time, p):
        q = expit(logit(catch_at_parity) - steepness * (initial_gap + gap_rate * time + feedback * caught))
        change = -attempt_rate * p
        change[1:] += attempt_rate * q[:-1] * p[:-1]
        return change

    start = np.zeros(most + 1)
    start[0] = 1.0
    solution = solve_ivp(rates, (0.0, float(np.max(t))), start, t_eval=t, method="LSODA", rtol=1e-10, atol=1e-13)
    return 1.0 - solution.y.sum(axis=0)


# ---------------------------------------------------------------------------- hazard
def test_uncaught_hazard_is_attempts_times_misses():
    gap = np.array([-2.0, 0.0, 1.5, 40.0])
    hazard = oversight.uncaught_hazard(gap, 2.0, 0.95, 1.0)
    np.testing.assert_allclose(hazard, 2.0 * (1 - oversight.catch_probability(gap, 0.95, 1.0)), rtol=1e-12)
    assert float(hazard[1]) == pytest.approx(0.1)
    assert float(hazard[-1]) == pytest.approx(2.0)  # oversight overwhelmed: every attempt gets through


def test_exponential_form_is_the_limit_while_oversight_holds():
    base_rate, sensitivity = oversight.exponential_form_parameters(1.0, 0.98, 1.5)
    assert base_rate == pytest.approx(0.02 / 0.98) and sensitivity == 1.5
    gap = np.array([-12.0, -9.0, -6.0])
    exact = oversight.uncaught_hazard(gap, 1.0, 0.98, 1.5)
    limit = risk.hazard(gap, base_rate, sensitivity, "exponential")
    np.testing.assert_allclose(exact, limit, rtol=1e-4)
    # ... and it parts from it once oversight is overwhelmed: the hazard levels off.
    assert float(oversight.uncaught_hazard(10.0, 1.0, 0.98, 1.5)) < 1.0 < float(risk.hazard(10.0, base_rate, 1.5))


def test_exponential_form_overstates_the_hazard_by_one_plus_the_odds_of_a_miss():
    # 1 - q = x / (1 + x) with x = (1 - q) / q, and the exponential form is attempt_rate * x exactly.
    gap = np.linspace(-4.0, 6.0, 41)
    q = oversight.catch_probability(gap, 0.98, 1.0)
    ratio = risk.hazard(gap, *oversight.exponential_form_parameters(1.0, 0.98, 1.0)) / \
        oversight.uncaught_hazard(gap, 1.0, 0.98, 1.0)
    np.testing.assert_allclose(ratio, 1 + (1 - q) / q, rtol=1e-12)
    # Within 10% while C/A < 4.9 for the strong overseer, as Chapter 3 prints: ln 49 - ln 10.
    tenth = oversight.gap_at_catch_probability(1 / 1.1, 0.98, 1.0)
    assert float(np.exp(tenth)) == pytest.approx(4.9)
    limit = risk.hazard(tenth, *oversight.exponential_form_parameters(1.0, 0.98, 1.0))
    assert float(limit / oversight.uncaught_hazard(tenth, 1.0, 0.98, 1.0)) == pytest.approx(1.1)


@given(st.lists(st.floats(-30.0, 30.0), min_size=2, max_size=20), st.floats(0.0, 5.0), st.floats(0.01, 0.99),
       st.floats(0.0, 4.0))
def test_uncaught_hazard_rises_with_the_gap_and_stays_below_the_attempt_rate(gaps, rate, parity, steepness):
    hazard = oversight.uncaught_hazard(np.sort(gaps), rate, parity, steepness)
    assert ((hazard >= 0) & (hazard <= rate * (1 + 1e-12))).all()
    assert (np.diff(hazard) >= -1e-15).all()


# ---------------------------------------------------------------------------- closed form
@pytest.mark.parametrize("gap_rate", [0.3, 0.0, -0.25, 1e-7])
def test_closed_form_matches_the_trapezoid_integral(gap_rate):
    t = np.linspace(0.0, 40.0, 8001)
    hazard = oversight.uncaught_hazard(-1.0 + gap_rate * t, 0.5, 0.9, 1.2)
    numeric = risk.cumulative_failure_probability(t, hazard)
    exact = oversight.uncaught_failure_probability(t, -1.0, gap_rate, 0.5, 0.9, 1.2)
    np.testing.assert_allclose(numeric, exact, atol=2e-7)


def test_closed_form_limits():
    # Constant gap: constant hazard.
    h = 0.4 * (1 - 0.8)
    assert float(oversight.uncaught_failure_probability(7.0, 0.0, 0.0, 0.4, 0.8, 2.0)) == pytest.approx(
        1 - np.exp(-7 * h))
    # Shrinking gap: the total hazard is finite, attempt_rate * softplus(a) / |b|.
    a, b = 1.0 * 0.5 - logit(0.9), -0.2
    total = 0.5 * np.logaddexp(0.0, a) / abs(b)
    assert float(oversight.uncaught_failure_probability(1e4, 0.5, -0.2, 0.5, 0.9, 1.0)) == pytest.approx(
        1 - np.exp(-total))
    # Widening gap: eventually every attempt gets through, so H grows like attempt_rate * t.
    late = oversight.uncaught_failure_probability(np.array([200.0, 201.0]), 0.0, 0.5, 0.01, 0.99, 1.0)
    assert (1 - late[1]) / (1 - late[0]) == pytest.approx(np.exp(-0.01), rel=1e-6)
    assert float(oversight.uncaught_failure_probability(0.0, 5.0, 1.0, 3.0, 0.5, 1.0)) == 0.0
    assert float(oversight.uncaught_failure_probability(50.0, 5.0, 1.0, 0.0, 0.5, 1.0)) == 0.0


@given(st.floats(-3.0, 3.0), st.floats(-1.0, 1.0), st.floats(0.0, 3.0), st.floats(0.01, 0.99), st.floats(0.0, 3.0))
def test_closed_form_is_a_nondecreasing_probability(initial_gap, gap_rate, rate, parity, steepness):
    t = np.linspace(0.0, 30.0, 61)
    p = oversight.uncaught_failure_probability(t, initial_gap, gap_rate, rate, parity, steepness)
    assert p[0] == 0.0 and ((p >= 0) & (p <= 1)).all()
    assert (np.diff(p) >= -1e-12).all()


def test_weak_oversight_caps_the_compounding():
    # Two overseers with the same hazard at parity (0.02 a year): many attempts and strong oversight,
    # or few attempts and weak oversight. The second cannot pass 0.1 a year, whatever the gap.
    t = np.linspace(0.0, 60.0, 6001)
    gap = risk.race_gap(t, 1.0, 0.7, 4.0, 0.4)
    strong = oversight.uncaught_hazard(gap, 1.0, 0.98, 1.0)
    weak = oversight.uncaught_hazard(gap, 0.1, 0.8, 1.0)
    at_parity = [float(oversight.uncaught_hazard(0.0, *args)) for args in ((1.0, 0.98, 1.0), (0.1, 0.8, 1.0))]
    assert at_parity == pytest.approx([0.02, 0.02])
    assert weak.max() < 0.1 < strong.max()


# ---------------------------------------------------------------------------- feedback
def test_drift_is_gap_rate_plus_feedback_times_caught_incidents():
    gap = np.log([0.25, 1.0, 64.0])
    q = oversight.catch_probability(gap, 0.98, 1.0)
    drift = oversight.expected_gap_drift(gap, 0.3, 1.0, 0.98, 1.0, feedback=-0.2)
    np.testing.assert_allclose(drift, 0.3 - 0.2 * q)
    np.testing.assert_allclose(oversight.expected_gap_drift(gap, 0.3, 1.0, 0.98, 1.0, 0.0), 0.3)
    # Corrective feedback weakens as the gap grows: fewer catches, less correction.
    assert (np.diff(drift) > 0).all()


def test_simulation_without_feedback_agrees_with_the_closed_form():
    years = np.array([2.0, 5.0, 10.0, 15.0, 20.0])
    for parameters in (STRONG, dict(attempt_rate=0.1, catch_at_parity=0.8, steepness=1.0)):
        simulated = oversight.feedback_failure_probability(years, **RACE, **parameters, feedback=0.0,
                                                           n_worlds=100_000, seed=11)
        exact = oversight.uncaught_failure_probability(years, **RACE, **parameters)
        assert within_sampling_error(simulated, exact, 100_000)


def test_forward_equations_reproduce_the_closed_form_without_feedback():
    # The reference itself, checked where the answer is known.
    years = np.array([5.0, 10.0, 20.0, 30.0])
    reference = forward_equations(years, **RACE, **STRONG, feedback=0.0)
    np.testing.assert_allclose(reference, oversight.uncaught_failure_probability(years, **RACE, **STRONG),
                               atol=1e-8)


@pytest.mark.parametrize("feedback", [-0.5, -0.2, 0.2])
def test_simulation_with_feedback_agrees_with_the_forward_equations(feedback):
    # With feedback there is no closed form; the forward equations give the answer without sampling.
    years = np.array([5.0, 10.0, 20.0, 30.0])
    band = seed_band(oversight.feedback_failure_probability, seeds=3, t=years, **RACE, **STRONG,
                     feedback=feedback, n_worlds=20_000)
    assert within_sampling_error(band.mean, forward_equations(years, **RACE, **STRONG, feedback=feedback), 60_000)


def test_chapter_feedback_numbers_from_the_forward_equations():
    # Chapter 3, section Feedback in both directions: the seed bands' means (10 seeds x 20,000 worlds)
    # sit on the exact values; strong correction levels off near 0.048, weak correction reaches
    # about 0.65 by year 30, and eroding feedback takes year 10 from 0.265 to about 0.64.
    years = np.array([10.0, 20.0, 30.0])
    exact = {f: forward_equations(years, **RACE, **STRONG, feedback=f) for f in (-0.5, -0.2, 0.2)}
    np.testing.assert_allclose(exact[-0.5], [0.0324, 0.0444, 0.0487], atol=6e-4)
    np.testing.assert_allclose(exact[-0.2], [0.0923, 0.3214, 0.6482], atol=6e-4)
    assert exact[0.2][0] == pytest.approx(0.639, abs=1e-3)


def test_break_even_feedback_stops_the_drift_at_the_start():
    # Chapter 3 prints -0.302: -gap_rate / (attempt_rate * q(initial_gap)).
    q = float(oversight.catch_probability(RACE["initial_gap"], 0.98, 1.0))
    balance = -RACE["gap_rate"] / (STRONG["attempt_rate"] * q)
    assert balance == pytest.approx(-0.3015, abs=1e-4)
    drift = oversight.expected_gap_drift(RACE["initial_gap"], RACE["gap_rate"], **STRONG,
                                         feedback=np.array([balance - 0.05, balance, balance + 0.05]))
    assert drift[0] < 0 and float(drift[1]) == pytest.approx(0.0, abs=1e-15) and drift[2] > 0
    # In the drift equation the start is a tipping point: past it, the drift keeps its sign and grows.
    later = oversight.expected_gap_drift(RACE["initial_gap"] + np.array([-1.0, 1.0]), RACE["gap_rate"], **STRONG,
                                         feedback=balance)
    assert later[0] < 0 < later[1]


def test_constant_catch_probability_gives_a_constant_hazard_whatever_the_feedback():
    # With steepness 0 the gap, and so the feedback, cannot change anything.
    years = np.array([5.0, 10.0, 30.0])
    exact = 1 - np.exp(-0.5 * (1 - 0.9) * years)
    for feedback in (-1.0, 0.0, 1.0):
        simulated = oversight.feedback_failure_probability(years, 0.0, 0.3, 0.5, 0.9, 0.0, feedback,
                                                           n_worlds=100_000, seed=5)
        assert within_sampling_error(simulated, exact, 100_000)


def test_the_sign_of_feedback_orders_the_risk():
    years = np.array([10.0, 20.0, 30.0])
    bands = {}
    for feedback in (-0.5, -0.2, 0.0, 0.2):
        bands[feedback] = seed_band(oversight.feedback_failure_probability, seeds=5, t=years, **RACE, **STRONG,
                                    feedback=feedback, n_worlds=20_000)
    means = np.array([bands[f].mean for f in sorted(bands)])
    assert (np.diff(means, axis=0) >= 0).all()  # more eroding, more risk, at every year
    assert bands[0.2].mean[0] > bands[0.0].mean[0] + 0.3  # eroding: failure comes far sooner
    assert bands[-0.2].mean[1] < bands[0.0].mean[1] - 0.5  # correction delays it ...
    assert bands[-0.5].mean[2] < 0.1                      # ... and strong correction bounds it
    # Strong correction reverses the drift at the start; weak correction only slows it.
    drift = oversight.expected_gap_drift(RACE["initial_gap"], RACE["gap_rate"], **STRONG, feedback=np.array([-0.5, -0.2]))
    assert drift[0] < 0 < drift[1]


def test_simulation_is_seeded():
    kwargs = dict(t=[5.0, 10.0], **RACE, **STRONG, feedback=-0.1, n_worlds=2000)
    first = oversight.feedback_failure_probability(**kwargs, seed=3)
    np.testing.assert_array_equal(first, oversight.feedback_failure_probability(**kwargs, seed=3))
    assert not np.array_equal(first, oversight.feedback_failure_probability(**kwargs, seed=4))
    assert (oversight.feedback_failure_probability([0.0, 30.0], **RACE, attempt_rate=0.0, catch_at_parity=0.9,
                                                   steepness=1.0, feedback=0.3, n_worlds=10, seed=0) == 0).all()


# ---------------------------------------------------------------------------- bad input
def test_bad_input_is_rejected():
    catch = dict(gap=[0.0, 1.0], catch_at_parity=0.9, steepness=1.0)
    assert_rejects(oversight.catch_probability, catch, "gap")
    assert_rejects(oversight.catch_probability, catch, "catch_at_parity", negative=True, zero=True,
                   extra=[1.0, 1.5])
    assert_rejects(oversight.catch_probability, catch, "steepness", negative=True)
    with pytest.raises(ValueError, match="shapes"):
        oversight.catch_probability([0.0, 1.0], [0.9, 0.8, 0.7], 1.0)

    hazard = dict(gap=[0.0, 1.0], attempt_rate=1.0, catch_at_parity=0.9, steepness=1.0)
    assert_rejects(oversight.uncaught_hazard, hazard, "attempt_rate", negative=True)
    assert_rejects(oversight.uncaught_hazard, hazard, "catch_at_parity", zero=True, extra=[1.0])

    limit = dict(attempt_rate=1.0, catch_at_parity=0.9, steepness=1.0)
    assert_rejects(oversight.exponential_form_parameters, limit, "attempt_rate", negative=True, extra=[[1.0, 2.0]])
    assert_rejects(oversight.exponential_form_parameters, limit, "catch_at_parity", zero=True, extra=[1.0])
    with pytest.raises(ValueError, match="attempt_rate, catch_at_parity"):
        oversight.exponential_form_parameters(1e308, 1e-300, 1.0)

    level = dict(level=0.5, catch_at_parity=0.9, steepness=1.0)
    assert_rejects(oversight.gap_at_catch_probability, level, "level", zero=True, extra=[1.0])
    assert_rejects(oversight.gap_at_catch_probability, level, "steepness", zero=True, negative=True)
    with pytest.raises(ValueError, match="^level, catch_at_parity, steepness"):
        oversight.gap_at_catch_probability(0.5, 0.9, 1e-320)

    closed = dict(t=[0.0, 1.0], initial_gap=0.0, gap_rate=0.1, attempt_rate=1.0, catch_at_parity=0.9, steepness=1.0)
    assert_rejects(oversight.uncaught_failure_probability, closed, "t", negative=True)
    for name in ("initial_gap", "gap_rate"):
        assert_rejects(oversight.uncaught_failure_probability, closed, name)
    with pytest.raises(ValueError, match="^initial_gap, catch_at_parity, steepness"):
        oversight.uncaught_failure_probability(1.0, 1e308, 0.0, 1.0, 0.9, 1e10)

    drift = dict(gap=0.0, gap_rate=0.3, attempt_rate=1.0, catch_at_parity=0.9, steepness=1.0, feedback=-0.2)
    assert_rejects(oversight.expected_gap_drift, drift, "feedback")
    assert_rejects(oversight.expected_gap_drift, drift, "gap_rate")

    simulation = dict(t=[0.0, 10.0], initial_gap=0.0, gap_rate=0.3, attempt_rate=1.0, catch_at_parity=0.9,
                      steepness=1.0, feedback=0.1, n_worlds=100, seed=0)
    assert_rejects(oversight.feedback_failure_probability, simulation, "t", negative=True, extra=[[[0.0, 1.0]]])
    for name in ("initial_gap", "gap_rate", "feedback"):
        assert_rejects(oversight.feedback_failure_probability, simulation, name, extra=[[0.1, 0.2]])
    assert_rejects(oversight.feedback_failure_probability, simulation, "n_worlds", zero=True, negative=True,
                   extra=[2.5, "10", oversight.MAX_WORLDS + 1])
    assert_rejects(oversight.feedback_failure_probability, simulation, "seed", negative=True, extra=[1.5, "a"])
    with pytest.raises(ValueError, match="^attempt_rate, t: .* at most 1,000"):
        oversight.feedback_failure_probability(**{**simulation, "attempt_rate": 200.0})
