"""Tests for acslib.hidden_failures: clean-trial bounds across deployments and model
generations, and the review hours behind an audit (Chapter 14)."""

import numpy as np
import pytest
from badinput import assert_raises_naming, assert_rejects
from hypothesis import given
from hypothesis import strategies as st

from acslib import hidden_failures as hf
from acslib import monitoring
from acslib.figures import long_term


@given(n=st.integers(1, 10**7), c=st.floats(0.5, 0.999))
def test_deployment_bound_is_the_clean_trial_bound_times_the_deployment(n, c):
    exact = 1 - (1 - c) ** (1 / n)
    assert hf.deployment_failure_bound(n, 1e6, c) == pytest.approx(1e6 * exact, rel=1e-9)


def test_rule_of_three_and_its_general_form():
    # Hanley and Lippman-Hand 1983 (hanley1983nothing): about 3/n at 95%.
    assert hf.deployment_failure_bound(3_000, 1e6) == pytest.approx(1e6 * 3 / 3_000, rel=0.002)
    assert hf.deployment_failure_bound(20_000, 5e7, 0.99) == pytest.approx(-np.log(0.01) / 20_000 * 5e7, rel=2e-4)
    np.testing.assert_allclose(hf.deployment_failure_bound([100, 1_000], [1.0, 10.0]),
                               [monitoring.failure_rate_upper_bound(0, 100), 10 * monitoring.failure_rate_upper_bound(0, 1_000)])


def test_transferred_bound_multiplies_per_generation_and_saturates():
    base = monitoring.failure_rate_upper_bound(0, 3_000)
    bounds = hf.transferred_bound(3_000, 2.0, np.arange(15))
    np.testing.assert_allclose(bounds[:9], base * 2.0 ** np.arange(9))
    assert bounds[-1] == 1.0 and (np.diff(bounds) >= 0).all()
    assert hf.transferred_bound(3_000, 1.0, 50) == pytest.approx(base)  # no growth: the bound stays
    assert hf.transferred_bound(10, 1e6, 1_000) == 1.0  # no overflow for huge factors


def test_emergent_schedule_is_zero_before_the_onset_and_geometric_after():
    rates = hf.emergent_failure_rates(8, onset=3, initial_rate=1e-3, growth_factor=10.0)
    np.testing.assert_allclose(rates, [0, 0, 0, 1e-3, 1e-2, 1e-1, 1.0, 1.0])
    assert (hf.emergent_failure_rates(5, onset=9, initial_rate=0.5, growth_factor=2.0) == 0).all()


def test_generational_audit_is_exact_and_agrees_with_chapter_7s_simulation():
    rates = hf.emergent_failure_rates(10, onset=4, initial_rate=1e-4, growth_factor=3.0)
    audit = hf.audit_across_generations(rates, 3_162)
    np.testing.assert_allclose(audit.detection_probability, 1 - (1 - rates) ** 3_162)
    np.testing.assert_allclose(audit.found_by, 1 - np.cumprod((1 - rates) ** 3_162))
    np.testing.assert_allclose(audit.current_bound, monitoring.failure_rate_upper_bound(0, 3_162))
    np.testing.assert_allclose(audit.pooled_bound, monitoring.failure_rate_upper_bound(0, 3_162 * np.arange(1, 11)))
    # The honest bound never falls; the pooled one does, and is wrong from generation 5 on.
    assert audit.pooled_bound_wrong.tolist() == [False] * 5 + [True] * 5
    assert not (audit.failure_rate[:7] > audit.current_bound[:7]).any()
    simulated = monitoring.simulate_audit_programme(rates, 3_162, n_runs=20_000, seed=1)
    np.testing.assert_allclose(simulated.cumulative_detection, audit.found_by)
    assert np.abs(simulated.simulated_cumulative_detection - audit.found_by).max() < 0.015


def test_review_hours_scale_with_task_length_and_the_audit_size():
    assert hf.review_hours(1e-3, 0.95, 60.0) == monitoring.audit_sample_size(1e-3, 0.95)
    np.testing.assert_allclose(hf.review_hours(1e-2, 0.95, [1.0, 2.0, 4.0]), 299 / 60 * np.array([1, 2, 4]))
    assert hf.review_hours(1e-2, 0.95, 30.0, review_ratio=0.1) == pytest.approx(0.1 * hf.review_hours(1e-2, 0.95, 30.0))


def test_review_hours_follow_the_metr_horizons():
    names, dates, minutes, hours, trend = long_term.review_hours_table()
    np.testing.assert_allclose(hours, 2995 * minutes / 60)
    i = int(np.flatnonzero(names == "GPT-5")[0])
    assert minutes[i] == 137.3  # METR TH1.0 (kwa2025measuring)
    assert 190 < trend.doubling_time_days < 220


def test_bad_input_is_rejected_by_name():
    assert_rejects(hf.deployment_failure_bound, dict(clean_trials=100, deployment_size=1e4), "deployment_size",
                   negative=True)
    assert_raises_naming(hf.deployment_failure_bound, dict(clean_trials=0, deployment_size=1e4), "clean_trials")
    assert_raises_naming(hf.deployment_failure_bound, dict(clean_trials=10.5, deployment_size=1e4), "clean_trials")
    assert_raises_naming(hf.deployment_failure_bound, dict(clean_trials=10, deployment_size=1e4, confidence=1.0),
                         "confidence")
    assert_raises_naming(hf.transferred_bound, dict(clean_trials=10, growth_factor=0.5, generations=1),
                         "growth_factor")
    assert_raises_naming(hf.transferred_bound, dict(clean_trials=10, growth_factor=2.0, generations=1001),
                         "generations")
    assert_raises_naming(hf.emergent_failure_rates, dict(n_generations=0, onset=1, initial_rate=0.1,
                                                         growth_factor=2.0), "n_generations")
    assert_raises_naming(hf.emergent_failure_rates, dict(n_generations=5, onset=1, initial_rate=0.0,
                                                         growth_factor=2.0), "initial_rate")
    assert_raises_naming(hf.audit_across_generations, dict(failure_rates=[0.1, 0.2], trials_per_generation=[1, 2, 3]),
                         "trials_per_generation")
    assert_raises_naming(hf.audit_across_generations, dict(failure_rates=[[0.1]], trials_per_generation=1),
                         "failure_rates")
    assert_rejects(hf.review_hours, dict(failure_rate=0.01, confidence=0.9, task_minutes=10.0), "task_minutes",
                   negative=True, zero=True)


def test_the_generations_explorable_try_this_holds_on_the_website_grid():
    # Chapter 14, section "Failure modes that arrive with capability": every "try" is a
    # static frame, so it must hold on the grid the website shows.
    for trials, lag in ((100, 4), (316, 3), (1_000, 2), (3_162, 1), (10_000, 0), (31_623, 0)):
        for onset in long_term._ONSETS:
            audit = long_term.generations_scenario(trials, onset)
            wrong = np.flatnonzero(audit.pooled_bound_wrong)
            if onset + lag < long_term.N_GENERATIONS:
                assert wrong[0] == onset + lag  # the lag depends only on the number of trials
            else:
                assert wrong.size == 0  # the lag runs past the generations shown
    assert long_term.generations_scenario(100, 4).found_by[4] < 0.01  # unseen for generations
    assert long_term.generations_scenario(31_623, 4).found_by[4] == pytest.approx(0.96, abs=0.005)
    assert "3,162 trials per generation" in long_term.describe_generations(3_162, 4)
    with pytest.raises(ValueError, match="trials"):
        long_term.generations_scenario(500, 4)
