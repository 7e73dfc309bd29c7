"""Tests for acslib.gap: the log-ratio gap, crossings and the cumulative gap."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import gap, growth
from badinput import assert_rejects


def test_alignment_gap_is_log_ratio():
    np.testing.assert_allclose(gap.alignment_gap([1.0, np.e, 10.0], 1.0), [0.0, 1.0, np.log(10.0)])
    assert gap.alignment_gap(2.0, 4.0) == pytest.approx(-np.log(2.0))


def test_gap_of_exponentials_is_linear():
    t = np.linspace(0, 10, 11)
    g = gap.alignment_gap(growth.exponential(t, 1.0, 0.7), growth.exponential(t, 4.0, 0.4))
    np.testing.assert_allclose(np.diff(g), 0.3)
    assert g[0] == pytest.approx(-np.log(4.0))


def test_safe_scaling_holds():
    np.testing.assert_array_equal(gap.safe_scaling_holds([1.0, 2.0, 3.0], 2.0), [True, True, False])


@given(st.floats(0.1, 2.0), st.floats(0.0, 1.5), st.floats(1.0, 50.0))
def test_first_crossing_matches_analytic_exponentials(capability_rate, alignment_rate, lead):
    t = np.linspace(0.0, 40.0, 401)
    c = growth.exponential(t, 1.0, capability_rate)
    a = growth.exponential(t, lead, alignment_rate)
    crossing = gap.first_crossing(t, c, a)
    if capability_rate > alignment_rate:
        analytic = np.log(lead) / (capability_rate - alignment_rate)
        if analytic < 40.0 - 1e-9:
            assert crossing == pytest.approx(analytic, abs=1e-9)
            return
    assert crossing is None or crossing == pytest.approx(40.0)


def test_first_crossing_edge_cases():
    t = np.array([0.0, 1.0, 2.0])
    assert gap.first_crossing(t, [3.0, 3.0, 3.0], [1.0, 1.0, 1.0]) == 0.0  # already ahead
    assert gap.first_crossing(t, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]) is None  # equal is safe
    assert gap.first_crossing(t, [1.0, 1.0, 4.0], [2.0, 1.0, 1.0]) == pytest.approx(1.0)  # touch then lead


def test_cumulative_gap_analytic():
    t = np.linspace(0.0, 10.0, 11)
    # gap = 0.2 t on a coarse grid: the integral 0.1 t^2 is exact for a linear gap.
    assert gap.cumulative_gap(t, np.exp(0.2 * t), np.ones_like(t)) == pytest.approx(10.0)
    # gap = t - 5 changes sign between grid points 5 and 5: area of the positive triangle.
    t = np.array([0.0, 4.5, 10.0])
    g = t - 5.0
    assert gap.cumulative_gap(t, np.exp(g), np.ones_like(t)) == pytest.approx(0.5 * 5.0 * 5.0)
    assert gap.cumulative_gap(t, np.ones_like(t), np.exp(5.0) * np.ones_like(t)) == 0.0


@given(st.floats(-5.0, 5.0), st.floats(0.05, 2.0))
def test_cumulative_gap_is_exact_for_linear_gaps(offset, slope):
    t = np.linspace(0.0, 10.0, 7)
    g = offset + slope * t
    root = -offset / slope
    lo = min(max(root, 0.0), 10.0)
    exact = 0.5 * slope * (10.0 - lo) ** 2 + (offset + slope * lo) * (10.0 - lo) if lo < 10.0 else 0.0
    assert gap.cumulative_gap(t, np.exp(g), np.ones_like(t)) == pytest.approx(exact, rel=1e-9, abs=1e-12)


def test_bad_input_is_rejected():
    assert_rejects(gap.alignment_gap, dict(capability=[1.0, 2.0], alignment=[1.0, 1.0]), "capability",
                   negative=True, zero=True)
    assert_rejects(gap.alignment_gap, dict(capability=[1.0, 2.0], alignment=[1.0, 1.0]), "alignment",
                   negative=True, zero=True)
    with pytest.raises(ValueError, match="shapes"):
        gap.alignment_gap([1.0, 2.0], [1.0, 2.0, 3.0])
    assert_rejects(gap.safe_scaling_holds, dict(capability=[1.0], alignment=[1.0]), "capability", negative=True)
    valid = dict(t=[0.0, 1.0, 2.0], capability=[1.0, 2.0, 3.0], alignment=[2.0, 2.0, 2.0])
    for function in (gap.first_crossing, gap.cumulative_gap):
        assert_rejects(function, valid, "t")
        assert_rejects(function, valid, "capability", negative=True)
        assert_rejects(function, valid, "alignment", negative=True)
        with pytest.raises(ValueError, match="shapes"):
            function(**{**valid, "alignment": [1.0, 2.0]})
        with pytest.raises(ValueError, match="t must be strictly increasing"):
            function(**{**valid, "t": [0.0, 2.0, 1.0]})
