"""Tests for acslib.evaluation_effort (Chapter 12; combines Chapters 2, 6 and 7)."""

import numpy as np
import pytest

from acslib import evaluation_effort as ee
from acslib.governance import evaluations_per_year
from acslib.monitoring import audit_sample_size
from badinput import assert_rejects

SETTINGS = dict(manifest_rate=0.002, confidence=0.9, annual_growth_factor=4.5, trigger_factor=2.0,
                hours_per_task=2.0, horizon_doubling_years=0.58)


def test_effort_is_the_product_of_chapters_6_and_7():
    effort = ee.evaluation_effort([0.0, 3.0], **SETTINGS)
    assert effort.rounds_per_year == pytest.approx(float(evaluations_per_year(4.5, 2.0)))
    assert (effort.tasks_per_round == audit_sample_size(0.002, 0.9)).all()
    np.testing.assert_allclose(effort.hours_per_year, effort.rounds_per_year * effort.tasks_per_round * [2.0, 2.0 * 2 ** (3 / 0.58)])


def test_growth_rate_matches_the_simulated_effort():
    t = np.linspace(0, 10, 11)
    effort = ee.evaluation_effort(t, **{**SETTINGS, "dilution_rate": 0.3})
    slope = np.polyfit(t, np.log(effort.hours_per_year), 1)[0]
    assert slope == pytest.approx(ee.effort_growth_rate(0.58, 0.3), rel=0.01)


def test_detection_within_rounds():
    assert ee.detection_within(0.5, 3) == pytest.approx(0.875)
    assert ee.detection_within(1.0, 0) == 0.0 and ee.detection_within(1.0, 2) == 1.0
    assert ee.tasks_per_round(0.01, 0.95) == 299


def test_bad_inputs():
    assert_rejects(ee.effort_growth_rate, dict(horizon_doubling_years=0.5), "horizon_doubling_years",
                   negative=True, zero=True)
    with pytest.raises(ValueError, match="manifest_rate"):
        ee.evaluation_effort([0.0], **{**SETTINGS, "manifest_rate": 0.0})
    with pytest.raises(ValueError, match="t must be at most"):
        ee.evaluation_effort([100.0], **SETTINGS)


def test_tiny_manifest_rates_are_rejected_by_name():
    with pytest.raises(ValueError, match="manifest_rate"):
        ee.tasks_per_round(1e-300, 0.9)
    with pytest.raises(ValueError, match="manifest_rate"):
        ee.evaluation_effort([0.0], manifest_rate=1e-300, confidence=0.9, annual_growth_factor=4.0,
                             trigger_factor=2.0, hours_per_task=1.0, horizon_doubling_years=0.5)
    assert ee.tasks_per_round(1e-12, 0.9) == audit_sample_size(1e-12, 0.9)  # large but countable
