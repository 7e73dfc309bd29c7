"""Tests for acslib.inertia (Chapter 11, institutional inertia; the book's own lag model)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate

from acslib import inertia
from badinput import assert_rejects


# Subnormal rates are left out: their product with a lag keeps too few digits for the
# round trip through lag_for_gap (equivalent_delay <= lag is checked for them below).
@given(st.floats(0.0, 2.0, allow_subnormal=False), st.floats(0.01, 5.0))
def test_steady_state_identities(rate, lag):
    ratio = inertia.steady_state_ratio(rate, lag)
    assert ratio == pytest.approx(1 + rate * lag)
    assert inertia.steady_state_gap(rate, lag) == pytest.approx(np.log(ratio))
    if rate > 0:
        assert inertia.equivalent_delay(rate, lag) == pytest.approx(np.log1p(rate * lag) / rate)
        assert inertia.equivalent_delay(rate, lag) <= lag + 1e-12
        assert inertia.lag_for_gap(rate, inertia.steady_state_gap(rate, lag)) == pytest.approx(lag)


@given(st.floats(0.0, 1e-300), st.floats(0.01, 5.0))
def test_equivalent_delay_never_exceeds_the_lag_for_tiny_rates(rate, lag):
    delay = inertia.equivalent_delay(rate, lag)
    assert delay <= lag and delay == pytest.approx(lag)


def test_closed_form_solves_the_ode_and_converges_to_the_ratio():
    rate, lag = np.log(3.0), 1.5
    t = np.linspace(0, 12, 121)
    closed = inertia.lagged_governance(t, 1.0, rate, lag, governance_initial=2.0)
    solution = integrate.solve_ivp(lambda s, g: (np.exp(rate * s) - g) / lag, (0, 12), [2.0], t_eval=t,
                                   rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(closed, solution.y[0], rtol=1e-6)
    assert np.exp(rate * 12) / closed[-1] == pytest.approx(1 + rate * lag, rel=1e-3)


def test_filter_matches_the_closed_form():
    t = np.linspace(0, 20, 801)
    capability = np.exp(0.4 * t)
    np.testing.assert_allclose(inertia.governance_response(t, capability, 2.0),
                               inertia.lagged_governance(t, 1.0, 0.4, 2.0), rtol=1e-4)
    with pytest.raises(ValueError, match="evenly spaced"):
        inertia.governance_response([0.0, 1.0, 3.0], [1.0, 1.0, 1.0], 1.0)


def test_periodic_review_mean_gap_is_half_the_growth_per_period():
    t = np.linspace(0, 40, 40_001)
    rate, period = 0.5, 2.0
    g = inertia.periodic_review(t, np.exp(rate * t), period)
    gap = rate * t - np.log(g)
    assert gap.max() == pytest.approx(rate * period, rel=1e-3)
    assert gap.mean() == pytest.approx(rate * period / 2, rel=1e-2)


def test_bad_inputs():
    assert_rejects(inertia.lagged_governance, dict(t=[0.0, 1.0], capability_initial=1.0, capability_rate=0.5, lag=1.0),
                   "lag", negative=True, zero=True)
    assert_rejects(inertia.steady_state_gap, dict(capability_rate=0.5, lag=1.0), "capability_rate", negative=True)
    assert_rejects(inertia.lag_for_gap, dict(capability_rate=0.5, gap=0.1), "gap", negative=True)
    with pytest.raises(ValueError, match="overflow"):
        inertia.lagged_governance(1e4, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="shapes"):
        inertia.periodic_review([0.0, 1.0], [1.0], 1.0)


def test_lagged_governance_overflow_is_rejected():
    with pytest.raises(ValueError, match="capability_initial"):
        inertia.lagged_governance([0.0, 10.0], 1e308, 0.5, 1.0)
    with pytest.raises(ValueError, match="700"):
        inertia.lagged_governance([0.0, 1e308], 1.0, 0.5, 1.0)
