"""Tests for acslib.saturation (Chapter 11, proxy metric overreliance; the book's model)."""

import numpy as np
import pytest

from acslib import goodhart, saturation as sat
from badinput import assert_rejects

SUITE = sat.item_difficulties(500, 2.0, 1.0)


def test_rasch_score_and_slope():
    assert float(sat.suite_score(0.0, [0.0])) == pytest.approx(0.5)
    assert float(sat.suite_score(0.0, [0.0], guess=0.25)) == pytest.approx(0.625)
    h = 1e-5
    numeric = (sat.suite_score(1.0 + h, SUITE) - sat.suite_score(1.0 - h, SUITE)) / (2 * h)
    assert float(sat.score_slope(1.0, SUITE)) == pytest.approx(float(numeric), rel=1e-6)
    scores = sat.suite_score(np.linspace(-5, 15, 50), SUITE, label_noise=0.03)
    assert (np.diff(scores) > 0).all() and scores.max() < 0.97


def test_resolution_formula_and_growth_with_saturation():
    # One item difficulty 0, K = 100, theta = 0: p = 1/2, S' = 1/4.
    assert float(sat.suite_resolution(0.0, np.zeros(100))) == pytest.approx(1.96 * np.sqrt(50) / 25)
    resolution = sat.suite_resolution([2.0, 4.0, 6.0, 8.0, 10.0], SUITE)
    assert (np.diff(resolution) > 0).all()


def test_resolution_matches_simulated_score_spread():
    rng = np.random.default_rng(0)
    theta = 3.0
    p = sat.suite_score(theta, SUITE) * 0 + 1 / (1 + np.exp(-(theta - SUITE)))
    scores = (rng.uniform(size=(20_000, SUITE.size)) < p).mean(axis=1)
    predicted_sd = np.sqrt((p * (1 - p)).sum()) / SUITE.size
    assert scores.std() == pytest.approx(predicted_sd, rel=0.03)


def test_reliability_is_the_chapter5_regressional_share():
    theta, spread = 4.0, 0.5
    slope = float(sat.score_slope(theta, SUITE))
    p = 1 / (1 + np.exp(-(theta - SUITE)))
    noise_sd = np.sqrt((p * (1 - p)).sum()) / SUITE.size
    share = float(goodhart.conditional_true_value(1.0, 0.0, 0.0, slope * spread, noise_sd))
    assert float(sat.suite_reliability(theta, spread, SUITE)) == pytest.approx(share)
    assert sat.suite_reliability(10.0, spread, SUITE) < 0.1 < 0.9 < sat.suite_reliability(2.0, spread, SUITE)


def test_resolution_crossing_and_label_noise():
    crossing = sat.resolution_crossing(0.0, 1.0, SUITE)
    assert float(sat.suite_resolution(crossing, SUITE)) == pytest.approx(1.0, rel=1e-6)
    assert sat.resolution_crossing(0.0, 1.0, SUITE, label_noise=0.03) < crossing
    assert sat.resolution_crossing(0.0, 1.0, SUITE, window=0.01) == 0.0
    assert sat.resolution_crossing(0.0, 0.001, SUITE, horizon=10.0, window=1000.0) == np.inf


def test_bad_inputs():
    assert_rejects(sat.item_difficulties, dict(n_items=10, centre=0.0, spread=1.0), "spread", negative=True, zero=True)
    with pytest.raises(ValueError, match="n_items"):
        sat.item_difficulties(10**7)
    with pytest.raises(ValueError, match="guess"):
        sat.suite_score(0.0, SUITE, guess=0.6, label_noise=0.5)
    with pytest.raises(ValueError, match="overflowed"):
        sat.suite_resolution(2000.0, SUITE)
    assert_rejects(sat.suite_score, dict(ability=[0.0, 1.0], difficulties=[0.0, 1.0]), "difficulties")


def test_reliability_stays_finite_and_matches_the_direct_formula():
    suite = sat.item_difficulties(200, 2.0, 1.0)
    ability = np.array([-3.0, 0.0, 2.0, 5.0, 9.0])
    p = 1 / (1 + np.exp(-(ability[:, None] - suite)))
    slope = (p * (1 - p)).mean(axis=1)
    direct = (0.5 * slope) ** 2 / ((0.5 * slope) ** 2 + (p * (1 - p)).sum(axis=1) / suite.size**2)
    assert sat.suite_reliability(ability, 0.5, suite) == pytest.approx(direct, rel=1e-9)
    far = sat.suite_reliability([-1e308, -1344.0, 1e308], 0.5, suite)
    assert np.isfinite(far).all() and (far < 1e-100).all()  # a suite far off the ability tells nothing
    with pytest.raises(ValueError, match="z"):
        sat.suite_resolution(0.0, suite, z=1e308)
    with pytest.raises(ValueError, match="ability_rate"):
        sat.resolution_crossing(0.0, 1e308, suite)
