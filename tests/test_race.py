"""Tests for acslib.race (Chapter 11, the race). The equilibrium formula is the book's own
derivation of Armstrong, Bostrom & Shulman (2016) (armstrong2016racing); these tests check it
against a numerical best response and a simulation, not against the paper."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import race
from badinput import assert_rejects


@given(st.integers(2, 12), st.floats(0.05, 1.0), st.floats(0.05, 4.0))
def test_equilibrium_is_a_best_response_to_itself(n, enmity, mu):
    s = race.equilibrium_safety(n, enmity, mu)
    assert s == pytest.approx(min(1.0, mu / (n * enmity)))
    assert race.best_response(s, n, enmity, mu) == pytest.approx(s, abs=1e-6)


def test_off_equilibrium_play_is_not_a_fixed_point():
    s = race.equilibrium_safety(4, 0.9, 1.2)
    assert abs(race.best_response(s + 0.2, 4, 0.9, 1.2) - (s + 0.2)) > 0.05


def test_win_probability_closed_form_and_simulation():
    assert race.win_probability(0.4, 0.4, 5, 1.0) == pytest.approx(0.2)
    # Continuity at d = 0 and limits.
    assert race.win_probability(0.5 + 1e-9, 0.5, 3, 1.0) == pytest.approx(race.win_probability(0.5 - 1e-9, 0.5, 3, 1.0))
    assert race.win_probability(0.0, 1.0, 3, 0.5) == 1.0 and race.win_probability(1.0, 0.0, 3, 0.5) == 0.0
    sim = race.simulate_race([0.2, 0.5, 0.5], 1.0, n_races=200_000, seed=1)
    p = race.win_probability(0.2, 0.5, 3, 1.0)
    assert sim.win_share[0] == pytest.approx(p, abs=0.005)
    assert sim.win_share.sum() == pytest.approx(1.0)


def test_simulated_utility_peaks_at_the_equilibrium():
    n, enmity, mu = 3, 0.8, 0.6
    s = race.equilibrium_safety(n, enmity, mu)
    grid = np.linspace(0.0, 1.0, 21)
    est = race.simulated_utility(grid, s, n, enmity, mu, n_races=200_000, seed=4)
    exact = race.expected_utility(grid, s, n, enmity, mu)
    np.testing.assert_allclose(est, exact, atol=0.005)
    assert abs(grid[np.argmax(est)] - s) <= 0.1


def test_qualitative_claims_of_the_paper():
    teams = race.disaster_probability([2, 3, 5, 10], 0.8, 1.0)
    enmity = race.disaster_probability(3, [0.2, 0.5, 0.8, 1.0], 1.0)
    skill = race.disaster_probability(3, 0.8, [0.5, 1.0, 2.0])
    assert (np.diff(teams) >= 0).all() and (np.diff(enmity) >= 0).all() and (np.diff(skill) <= 0).all()
    assert race.disaster_probability(5, 0.0, 0.1) == 0.0


@pytest.mark.parametrize("n,enmity,mu", [(2, 1.0, 0.5), (2, 0.5, 0.5), (3, 0.8, 0.6), (10, 1.0, 1.0)])
def test_private_information_closed_form_and_numerical_check(n, enmity, mu):
    closed = race.private_information_disaster(n, enmity, mu)
    a = 1 / (1 + (n - 1) * enmity)
    assert closed == pytest.approx(1 - a * n * mu / (n + 1))
    start = race.private_information_equilibrium(n, enmity, mu, max_iterations=0)
    assert start.regret < 0.01  # the closed form is (nearly) a best response on the grid
    assert start.disaster_probability == pytest.approx(closed, abs=0.01)
    # More information is more dangerous (the paper's claim): private >= no-information danger.
    assert closed >= race.disaster_probability(n, enmity, mu)


@given(st.integers(2, 20), st.floats(0.0, 1.0), st.floats(0.01, 1.0))
def test_private_information_always_raises_danger_when_interior(n, enmity, scale):
    mu = scale * (1 + (n - 1) * enmity)  # no team capped
    if mu >= n * enmity:  # the no-information equilibrium is capped; compare only interior cases
        mu = 0.99 * n * enmity if enmity > 0 else mu
    if enmity == 0 or mu <= 0:
        return
    assert race.private_information_disaster(n, enmity, mu) >= race.disaster_probability(n, enmity, mu) - 1e-12


def test_bad_inputs():
    assert_rejects(race.equilibrium_safety, dict(n_teams=3, enmity=0.5, skill_range=1.0), "skill_range",
                   negative=True, zero=True)
    assert_rejects(race.equilibrium_safety, dict(n_teams=3, enmity=0.5, skill_range=1.0), "enmity", extra=(1.5, -0.1))
    for bad in (1, 2.5, 10_000):
        with pytest.raises(ValueError, match="n_teams"):
            race.equilibrium_safety(bad, 0.5, 1.0)
    with pytest.raises(TypeError, match="n_teams"):
        race.equilibrium_safety(True, 0.5, 1.0)
    with pytest.raises(ValueError, match="safety"):
        race.simulate_race([0.5], 1.0)
    with pytest.raises(ValueError, match="n_races"):
        race.simulate_race([0.5, 0.5], 1.0, n_races=10**8)
    with pytest.raises(ValueError, match="damping"):
        race.private_information_equilibrium(2, 0.5, 1.0, damping=2.0)


@pytest.mark.parametrize("n,enmity,mu", [(3, 0.1, 0.6), (2, 0.3, 1.0), (5, 0.05, 0.4)])
def test_full_safety_gain_is_exact(n, enmity, mu):
    capability = np.linspace(0.0, mu, 201)
    gain = np.asarray(race.full_safety_gain(capability, n, enmity, mu))
    # Brute force: the best of 20,001 safety levels against others at full safety.
    levels = np.linspace(0.0, 1.0, 20_001)
    win = np.minimum(1.0, (capability[:, None] + 1.0 - levels) / mu) ** (n - 1)
    utility = win * levels + (1.0 - win) * (1.0 - enmity)
    brute = utility.max(axis=1) - utility[:, -1]
    assert gain == pytest.approx(brute, abs=1e-7)
    # Teams below c = (n - 1)e gain by cutting safety, the others do not: full safety is no equilibrium.
    threshold = (n - 1) * enmity
    assert (gain[capability < threshold - 1e-9] > 0).all()
    assert (gain[capability >= threshold] == 0).all()


def test_full_safety_is_not_an_equilibrium_but_the_linear_strategy_is():
    """The grid regret of full safety converges to the exact gain; the linear strategy's shrinks to 0."""
    exact = float(np.max(race.full_safety_gain(np.linspace(0.0, 0.6, 6001), 3, 0.1, 0.6)))
    assert exact == pytest.approx(1 / 1440, rel=1e-3)
    coarse, fine = [race.private_information_equilibrium(3, 0.8, 0.6, n_types=k, n_safety=s, max_iterations=0).regret
                    for k, s in ((60, 201), (200, 1001))]
    assert fine < coarse / 2
    full = race.private_information_equilibrium(3, 0.1, 0.6, n_types=200, n_safety=1001, max_iterations=0,
                                                initial_safety=1.0)
    assert full.regret == pytest.approx(exact, rel=0.1) and full.regret > 4 * fine


def test_more_bad_inputs():
    with pytest.raises(ValueError, match="initial_safety"):
        race.private_information_equilibrium(2, 0.5, 1.0, initial_safety=[[0.5, 0.5], [0.5]])
    with pytest.raises(ValueError, match="initial_safety"):
        race.private_information_equilibrium(2, 0.5, 1.0, n_types=10, initial_safety=np.full(7, 0.5))
    with pytest.raises(ValueError, match="capability"):
        race.full_safety_gain(0.7, 3, 0.1, 0.6)
    with pytest.raises(ValueError, match="n_teams must be at most 1000"):
        race.disaster_probability(1e308, 0.5, 1.0)
