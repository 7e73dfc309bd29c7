"""Tests for acslib.gating (Chapter 12, monitoring before autonomy; the book's model)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import gating
from badinput import assert_rejects


@given(st.integers(0, 10_000), st.floats(0.0, 0.6), st.floats(0.2, 4.0), st.floats(1.0, 4.0), st.floats(0.0, 0.2),
       st.floats(0.0, 0.05))
def test_gated_incidents_never_exceed_ungated_under_the_same_draws(seed, rho, interval, factor, noise, base):
    sim = gating.simulate_gating(15, level_interval=interval, improvement_rate=rho, autonomy_factor=factor,
                                 measurement_noise=noise, base_rate=base, n_runs=200, seed=seed)
    assert (sim.gated_levels <= sim.ungated_levels).all()
    assert (sim.gated_incidents <= sim.ungated_incidents).all()
    assert sim.gated_rate <= sim.ungated_rate
    assert sim.autonomy_foregone >= 0


def test_expected_incident_rates_match_the_model():
    sim = gating.simulate_gating(20, n_runs=50_000, seed=2)
    p_ungated = gating.uncontained_probability(sim.ungated_levels[0], sim.monitoring, 0.01, 2.0)
    p_gated = gating.uncontained_probability(sim.gated_levels[0], sim.monitoring, 0.01, 2.0)
    assert sim.ungated_rate == pytest.approx(p_ungated.mean(), rel=0.03)
    assert sim.gated_rate == pytest.approx(p_gated.mean(), rel=0.03)


def test_gate_opens_when_monitoring_meets_the_bar():
    bars = [0.0, 0.6, 0.75, 0.9]
    assert gating.gated_levels([3, 3, 3, 3], [0.59, 0.6, 0.8, 0.95], bars).tolist() == [0, 1, 2, 3]
    assert gating.gated_levels([1, 1], [0.95, 0.95], bars).tolist() == [1, 1]
    # With perfect monitoring from the start, the gate costs nothing.
    sim = gating.simulate_gating(10, monitoring_initial=1.0, n_runs=10, seed=0)
    assert sim.autonomy_foregone == 0 and (sim.gated_incidents == sim.ungated_incidents).all()


def test_monitoring_and_schedule():
    np.testing.assert_allclose(gating.monitoring_quality([0.0, np.log(2)], 0.5, 1.0), [0.5, 0.75])
    assert gating.scheduled_levels([0, 1.999, 2.0, 100.0], 2.0, 3).tolist() == [0, 0, 1, 3]


def test_bad_inputs():
    with pytest.raises(ValueError, match="bars"):
        gating.gated_levels([1], [0.5], [0.1, 0.5])
    with pytest.raises(ValueError, match="bars"):
        gating.gated_levels([1], [0.5], [0.0, 0.7, 0.6])
    with pytest.raises(ValueError, match="autonomy_factor"):
        gating.uncontained_probability([1], [0.5], 0.1, 0.5)
    with pytest.raises(ValueError, match="bars"):
        gating.simulate_gating(10, max_level=3)
    with pytest.raises(ValueError, match="n_runs"):
        gating.simulate_gating(200, n_runs=10**6)
    assert_rejects(gating.monitoring_quality, dict(t=[0.0, 1.0], initial=0.5, improvement_rate=0.1),
                   "improvement_rate", negative=True)


def test_shape_and_range_errors_name_the_parameter():
    bars = [0.0, 0.6, 0.75, 0.9]
    with pytest.raises(ValueError, match="scheduled"):
        gating.gated_levels([0, 1, 2, 3, 3], [0.5, 0.5, 0.8, 0.95], bars)
    with pytest.raises(ValueError, match="measured_monitoring"):
        gating.gated_levels([0, 1, 2, 3], [0.5, 0.5, 0.8, 0.95, 0.9], bars)
    with pytest.raises(ValueError, match="monitoring_initial"):
        gating.simulate_gating(5, monitoring_initial=1.5, n_runs=2, seed=0)
    with pytest.raises(ValueError, match="measurement_noise"):
        gating.simulate_gating(5, measurement_noise=1e308, n_runs=2, seed=0)
