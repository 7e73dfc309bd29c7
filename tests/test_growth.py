"""Tests for acslib.growth against analytic values."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import growth
from badinput import assert_rejects

rates = st.floats(0.01, 3.0)
times = st.floats(-5.0, 5.0)


def test_exponential_values():
    t = np.array([0.0, 1.0, 2.5])
    np.testing.assert_allclose(growth.exponential(t, 3.0, 0.4), 3.0 * np.exp(0.4 * t))


@given(times, times, rates)
def test_exponential_is_multiplicative(t1, t2, rate):
    # C(t1 + t2) * C(0) = C(t1) * C(t2) for any exponential.
    c = lambda t: growth.exponential(t, 2.0, rate)
    np.testing.assert_allclose(c(t1 + t2) * c(0.0), c(t1) * c(t2), rtol=1e-10)


def test_logistic_limits_and_midpoint():
    assert growth.logistic(0.0, 2.0, 0.5, 50.0) == pytest.approx(2.0)
    assert growth.logistic(200.0, 2.0, 0.5, 50.0) == pytest.approx(50.0)
    # Half the ceiling at t = ln(K/C0 - 1) / r.
    t_half = np.log(50.0 / 2.0 - 1.0) / 0.5
    assert growth.logistic(t_half, 2.0, 0.5, 50.0) == pytest.approx(25.0)


def test_logistic_is_exponential_far_below_ceiling():
    t = np.linspace(0, 2, 5)
    np.testing.assert_allclose(growth.logistic(t, 1.0, 0.3, 1e12), growth.exponential(t, 1.0, 0.3), rtol=1e-9)


@given(st.floats(0.05, 2.0), st.floats(0.05, 2.0))
def test_logistic_is_bounded_and_increasing(rate, multiple):
    t = np.linspace(0, 30, 301)
    curve = growth.logistic(t, 1.0, rate, 1.0 + multiple)
    assert (np.diff(curve) >= 0).all()
    assert curve.max() <= 1.0 + multiple + 1e-12


def test_piecewise_exponential_matches_segments():
    t = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 5.0])
    curve = growth.piecewise_exponential(t, 2.0, rates=[0.5, 0.1, 1.0], change_times=[1.0, 3.0])
    expected = [
        2.0 * np.exp(-0.5),
        2.0,
        2.0 * np.exp(0.5),
        2.0 * np.exp(0.5 + 0.1),
        2.0 * np.exp(0.5 + 0.2),
        2.0 * np.exp(0.5 + 0.2 + 2.0),
    ]
    np.testing.assert_allclose(curve, expected)


def test_piecewise_without_changes_is_exponential():
    t = np.linspace(-2, 4, 7)
    np.testing.assert_allclose(growth.piecewise_exponential(t, 1.5, [0.3], []), growth.exponential(t, 1.5, 0.3))


@given(st.lists(st.floats(-3, 3), min_size=2, max_size=4, unique=True), st.floats(0.1, 1.0))
def test_piecewise_is_continuous(change_times, rate):
    change_times = sorted(change_times)
    rates = [rate * (i + 1) for i in range(len(change_times) + 1)]
    eps = 1e-7
    for knot in change_times:
        left, right = growth.piecewise_exponential([knot - eps, knot + eps], 1.0, rates, change_times)
        assert right == pytest.approx(left, rel=1e-5)


def test_doubling_time_and_conversions():
    assert growth.doubling_time(np.log(2.0)) == pytest.approx(1.0)
    # 4x per year doubles every half year; 5x per year about every 5.2 months.
    assert growth.doubling_time(growth.rate_from_annual_factor(4.0)) == pytest.approx(0.5)
    assert 12 * growth.doubling_time(growth.rate_from_annual_factor(5.0)) == pytest.approx(5.168, abs=1e-3)
    assert growth.rate_from_annual_factor(4.0) == pytest.approx(np.log(4.0))
    assert growth.annual_factor(np.log(4.0)) == pytest.approx(4.0)
    assert growth.rate_from_doubling_time(0.5) == pytest.approx(np.log(4.0))


@given(rates)
def test_conversions_are_inverses(rate):
    assert growth.rate_from_annual_factor(growth.annual_factor(rate)) == pytest.approx(rate)
    assert growth.rate_from_doubling_time(growth.doubling_time(rate)) == pytest.approx(rate)


def test_time_to_reach():
    assert growth.time_to_reach(8.0, 1.0, np.log(2.0)) == pytest.approx(3.0)
    # A 4x-per-year trend needs log(10)/log(4) = 1.661 years per factor of ten.
    assert growth.time_to_reach(1e26, 1e25, np.log(4.0)) == pytest.approx(1.6610, abs=1e-4)
    assert growth.time_to_reach(0.5, 1.0, np.log(2.0)) == pytest.approx(-1.0)


def test_bad_input_is_rejected():
    assert_rejects(growth.exponential, dict(t=[0.0, 1.0], initial=1.0, rate=0.5), "t")
    assert_rejects(growth.exponential, dict(t=[0.0, 1.0], initial=1.0, rate=0.5), "initial", negative=True, zero=True)
    assert_rejects(growth.exponential, dict(t=[0.0, 1.0], initial=1.0, rate=0.5), "rate")
    with pytest.raises(ValueError, match="shapes"):
        growth.exponential([0.0, 1.0, 2.0], [1.0, 2.0], 0.5)
    valid = dict(t=[0.0, 1.0], initial=1.0, rate=0.5, ceiling=10.0)
    assert_rejects(growth.logistic, valid, "t")
    assert_rejects(growth.logistic, valid, "initial", negative=True, zero=True)
    assert_rejects(growth.logistic, valid, "rate", negative=True)
    assert_rejects(growth.logistic, valid, "ceiling", negative=True, zero=True)
    valid = dict(t=[0.0, 1.0], initial=1.0, rates=[0.1, 0.2], change_times=[0.5])
    assert_rejects(growth.piecewise_exponential, valid, "t")
    assert_rejects(growth.piecewise_exponential, valid, "initial", negative=True, zero=True)
    assert_rejects(growth.piecewise_exponential, valid, "rates")
    assert_rejects(growth.piecewise_exponential, valid, "change_times", empty=False)
    with pytest.raises(ValueError, match="rates"):
        growth.piecewise_exponential([0.0], 1.0, [0.1], [0.5])
    with pytest.raises(ValueError, match="change_times"):
        growth.piecewise_exponential([0.0], 1.0, [0.1, 0.2, 0.3], [2.0, 1.0])
    assert_rejects(growth.doubling_time, dict(rate=0.5), "rate", negative=True, zero=True)
    assert_rejects(growth.rate_from_annual_factor, dict(factor=4.0), "factor", negative=True, zero=True,
                   extra=("four",))
    assert_rejects(growth.annual_factor, dict(rate=0.5), "rate")
    assert_rejects(growth.rate_from_doubling_time, dict(doubling=0.5), "doubling", negative=True, zero=True)
    valid = dict(level=10.0, initial=1.0, rate=0.5)
    for name in valid:
        assert_rejects(growth.time_to_reach, valid, name, negative=True, zero=True)
