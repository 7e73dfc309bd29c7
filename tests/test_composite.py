"""acslib.composite: aggregation rules, the one-factor Gaussian copula, fragility (Chapter 8).

Published anchor (published-anchors §9, mckenzie2025stack): layered defences are not
independent; the copula's limits are tested against closed forms here, and the
bound P(all fail) <= min p that the chapter uses to read the 71% staged-attack result.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, special

from acslib import composite
from acslib.superalignment import elo_win_probability
from badinput import assert_raises_naming, assert_rejects

probabilities = st.lists(st.floats(0.001, 0.999), min_size=1, max_size=6)
correlations = st.floats(0.0, 1.0)


def _quad_reference(p, rho):
    """P(all fail) by adaptive quadrature, split at every layer's threshold."""
    c = special.ndtri(np.asarray(p, dtype=float))
    a, b = math.sqrt(rho), math.sqrt(1 - rho)

    def integrand(m):
        return math.exp(-m * m / 2) / math.sqrt(2 * math.pi) * float(np.prod(special.ndtr((c - a * m) / b)))

    points = sorted(set(np.clip(c / a, -30, 30)))
    edges = [-np.inf, *points, np.inf]
    return sum(integrate.quad(integrand, lo, hi, epsabs=0, epsrel=1e-12, limit=400)[0]
               for lo, hi in zip(edges[:-1], edges[1:]))


# ----------------------------------------------------------------------------- rules
def test_weakest_link_is_the_minimum_over_the_first_axis():
    assert float(composite.weakest_link([4.0, 2.5, 3.0, 6.0])) == 2.5
    levels = np.array([[1.0, 5.0, 2.0], [2.0, 3.0, 9.0]])
    np.testing.assert_array_equal(composite.weakest_link(levels), [1.0, 3.0, 2.0])


def test_average_level_weights_are_normalised():
    assert float(composite.average_level([4.0, 2.0, 3.0, 7.0])) == pytest.approx(4.0)
    assert float(composite.average_level([4.0, 2.0], weights=[3.0, 1.0])) == pytest.approx(3.5)
    assert float(composite.average_level([4.0, 2.0], weights=[30.0, 10.0])) == pytest.approx(3.5)


@given(st.lists(st.floats(0.01, 100.0), min_size=1, max_size=8), st.floats(0.01, 100.0), correlations)
def test_rules_are_ordered_and_lie_between_min_and_max(levels, capability, rho):
    levels = np.array(levels)
    weakest = float(composite.weakest_link(levels))
    average = float(composite.average_level(levels))
    assert weakest == levels.min()
    assert levels.min() <= average * (1 + 1e-12) and average <= levels.max() * (1 + 1e-12)
    layered = float(composite.layered_level(levels, capability, rho))
    # Layers that fail together are at worst the strongest layer alone.
    assert layered >= levels.max() * (1 - 1e-6)


def test_layer_failure_probability_is_the_elo_contest():
    capability, level = 3.0, np.array([0.5, 3.0, 30.0])
    expected = 1 - elo_win_probability(400 * np.log10(level), 400 * np.log10(capability))
    np.testing.assert_allclose(composite.layer_failure_probability(capability, level), expected, rtol=1e-12)
    np.testing.assert_allclose(composite.layer_failure_probability(1.0, [1.0, 9.0]), [0.5, 0.1])


# ----------------------------------------------------------------------------- the copula
@given(probabilities)
def test_copula_at_zero_correlation_is_the_product(p):
    assert float(composite.layered_failure_probability(p, 0.0)) == pytest.approx(np.prod(p), rel=1e-12)
    # and the continuous limit agrees with the closed form
    assert float(composite.layered_failure_probability(p, 1e-10)) == pytest.approx(np.prod(p), rel=1e-4)


@given(probabilities)
def test_copula_at_full_correlation_is_the_most_reliable_layer(p):
    assert float(composite.layered_failure_probability(p, 1.0)) == pytest.approx(min(p), rel=1e-12)
    assert float(composite.layered_failure_probability(p, 1 - 1e-10)) == pytest.approx(min(p), rel=1e-3)


@given(st.floats(0.001, 0.999), correlations)
def test_one_layer_fails_with_its_own_probability_at_any_correlation(p, rho):
    assert float(composite.layered_failure_probability([p], rho)) == pytest.approx(p, rel=1e-9)


@given(correlations)
def test_two_layers_at_one_half_match_sheppards_formula(rho):
    # P(Z1 <= 0, Z2 <= 0) = 1/4 + arcsin(rho) / (2 pi) for a bivariate normal with correlation rho.
    expected = 0.25 + math.asin(rho) / (2 * math.pi)
    # tanh-sinh quadrature gives about nine significant digits or better.
    assert float(composite.layered_failure_probability([0.5, 0.5], rho)) == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize("k", [2, 3, 4, 6, 10])
def test_equicorrelated_one_half_orthant_is_one_over_k_plus_one(k):
    # Equicorrelated normals with rho = 1/2: P(all Z_i <= 0) = 1 / (k + 1).
    assert float(composite.layered_failure_probability(np.full(k, 0.5), 0.5)) == pytest.approx(1 / (k + 1), rel=1e-8)


@pytest.mark.parametrize("p,rho", [
    ([0.1, 0.1, 0.1], 0.3), ([0.2, 0.05, 0.4, 0.3], 0.7), ([0.8, 0.8, 0.8], 0.87),
    ([1e-6, 1e-3, 0.3, 0.5], 0.4), ([1e-8] * 4, 0.9), ([0.3, 0.6], 0.999), ([0.01] * 8, 0.05),
    ([0.875, 0.95], 0.49), ([0.9, 0.6, 0.99], 0.51), ([0.7, 0.97], 0.8), ([0.875], 0.99999), ([0.99, 0.999], 0.95),
])
def test_copula_matches_adaptive_quadrature(p, rho):
    assert float(composite.layered_failure_probability(p, rho)) == pytest.approx(_quad_reference(p, rho), rel=1e-7)


@given(probabilities, correlations)
def test_copula_lies_between_product_and_minimum(p, rho):
    value = float(composite.layered_failure_probability(p, rho))
    assert np.prod(p) * (1 - 1e-9) <= value <= min(p) * (1 + 1e-9)


@given(probabilities, st.floats(0.0, 0.95), st.floats(0.01, 0.05))
def test_copula_rises_with_correlation(p, rho, step):
    low = float(composite.layered_failure_probability(p, rho))
    high = float(composite.layered_failure_probability(p, rho + step))
    assert high >= low * (1 - 1e-9)


def test_copula_edge_probabilities_and_batches():
    assert float(composite.layered_failure_probability([0.0, 0.5, 0.5], 0.4)) == 0.0
    assert float(composite.layered_failure_probability([1.0, 0.3], 0.4)) == pytest.approx(0.3, rel=1e-9)
    assert float(composite.layered_failure_probability([1.0, 1.0], 0.4)) == pytest.approx(1.0, rel=1e-12)
    batch = np.array([[0.1, 0.5, 0.2], [0.1, 0.5, 0.3], [0.1, 0.5, 0.4]])  # layers x columns
    values = composite.layered_failure_probability(batch, 0.5)
    assert values.shape == (3,)
    assert values[1] == pytest.approx(0.25, rel=1e-9)  # three layers at 1/2, rho = 1/2
    for column in range(3):
        assert values[column] == pytest.approx(float(composite.layered_failure_probability(batch[:, column], 0.5)))


def test_the_staged_attack_bound_used_in_chapter_8():
    # Whatever the dependence, all layers failing 71% of the time needs every layer to fail >= 71%.
    for rho in (0.0, 0.5, 0.9, 1.0):
        assert float(composite.layered_failure_probability([0.70, 0.95, 0.95], rho)) < 0.71
    assert 0.71 ** (1 / 3) == pytest.approx(0.892, abs=5e-4)


# ----------------------------------------------------------------------------- layered composite
def test_layered_level_limits():
    assert float(composite.layered_level([3.0], 1.0)) == pytest.approx(3.0)
    assert float(composite.layered_level([3.0], 1.0, 0.6)) == pytest.approx(3.0, rel=1e-9)
    assert float(composite.layered_level([1.0] * 4, 1.0)) == pytest.approx(15.0)
    assert float(composite.layered_level([1.0, 2.0, 4.0], 1.0, 1.0)) == pytest.approx(4.0)
    levels = np.array([4.0, 2.0, 3.0, 7.0])
    p = levels / (levels + 1.0)
    assert float(composite.layered_level(levels, 1.0)) == pytest.approx((1 - np.prod(1 - p)) / np.prod(1 - p))


def test_layered_level_broadcasts_capability_over_time():
    levels = np.array([[2.0, 4.0], [3.0, 6.0]])
    capability = np.array([1.0, 2.0])
    result = composite.layered_level(levels, capability, 0.3)
    # Scaling levels and capability together leaves the ratio A / C unchanged.
    assert result[1] / capability[1] == pytest.approx(result[0] / capability[0], rel=1e-9)


def test_layered_level_rejects_overflow():
    with pytest.raises(ValueError, match="levels"):
        composite.layered_level(np.full(40, 1e300), 1e-300)


def test_composite_level_dispatch():
    levels = [4.0, 2.0, 3.0, 7.0]
    assert float(composite.composite_level(levels, "weakest-link")) == 2.0
    assert float(composite.composite_level(levels, "average")) == pytest.approx(4.0)
    assert float(composite.composite_level(levels, "layered", capability=1.0)) == pytest.approx(479.0)
    with pytest.raises(ValueError, match="capability"):
        composite.composite_level(levels, "layered")
    with pytest.raises(ValueError, match="rule"):
        composite.composite_level(levels, "median")
    with pytest.raises(TypeError, match="rule"):
        composite.composite_level(levels, 3)


def test_dimension_levels():
    levels = composite.dimension_levels([0.0, 1.0, 2.0], [1.0, 4.0], [np.log(2.0), -np.log(2.0)])
    np.testing.assert_allclose(levels, [[1.0, 2.0, 4.0], [4.0, 2.0, 1.0]])
    with pytest.raises(ValueError, match="overflow"):
        composite.dimension_levels([0.0, 1000.0], [1.0], [1.0])


# ----------------------------------------------------------------------------- fragility
def test_fragility_weakest_link_puts_everything_on_the_weakest():
    np.testing.assert_allclose(composite.fragility([8.0, 6.0, 4.0, 1.5], "weakest-link"), [0, 0, 0, 1])
    # A shock that takes a dimension below the old minimum passes part of itself.
    assert composite.fragility([1.0, 1.5], "weakest-link", shock=0.5)[1] == pytest.approx(
        math.log(1 / 0.75) / math.log(2))


@given(st.lists(st.floats(0.1, 50.0), min_size=1, max_size=6), st.floats(0.05, 0.95))
def test_fragility_average_closed_form(levels, shock):
    levels = np.array(levels)
    share = levels / levels.sum()
    expected = -np.log(1 - share * (1 - shock)) / np.log(1 / shock)
    np.testing.assert_allclose(composite.fragility(levels, "average", shock), expected, rtol=1e-9, atol=1e-12)


@given(st.lists(st.floats(0.1, 50.0), min_size=1, max_size=5), st.floats(0.1, 20.0), st.floats(0.05, 0.95))
def test_fragility_of_independent_layers_lies_in_unit_interval(levels, capability, shock):
    shares = composite.fragility(levels, "layered", shock, capability=capability)
    assert ((shares >= -1e-9) & (shares <= 1 + 1e-9)).all()


def test_fragility_of_fully_correlated_layers_sits_on_the_strongest():
    shares = composite.fragility([8.0, 3.0, 2.0], "layered", capability=1.0, correlation=1.0)
    np.testing.assert_allclose(shares, [1, 0, 0], atol=1e-9)


# ----------------------------------------------------------------------------- breaking shock
def test_breaking_shock_weakest_link_and_average_closed_forms():
    np.testing.assert_allclose(composite.breaking_shock([2.0, 4.0, 8.0], "weakest-link", 1.0), [0.5, 0.25, 0.125])
    np.testing.assert_allclose(composite.breaking_shock([0.5, 4.0], "weakest-link", 1.0), [1.0, 0.25])
    np.testing.assert_allclose(composite.breaking_shock([3.0, 3.0, 10.0], "average", 4.0), [0.0, 0.0, 0.6])
    np.testing.assert_allclose(composite.breaking_shock([1.0, 2.0], "average", 4.0), [1.0, 1.0])


@pytest.mark.parametrize("rho", [0.0, 0.3, 0.8])
def test_breaking_shock_brings_the_layered_composite_to_capability(rho):
    levels, capability = np.array([8.0, 6.0, 4.0, 1.5]), 16.0
    shocks = composite.breaking_shock(levels, "layered", capability, correlation=rho)
    assert (shocks > 0).any()
    for i, s in enumerate(shocks):
        if 0 < s < 1:
            shocked = levels.copy()
            shocked[i] *= s
            assert float(composite.layered_level(shocked, capability, rho)) == pytest.approx(capability, rel=1e-6)


@pytest.mark.parametrize("rule", composite.AGGREGATION_RULES)
def test_breaking_shock_rises_as_capability_grows(rule):
    levels = np.array([8.0, 6.0, 4.0, 1.5])
    previous = np.zeros(4)
    for capability in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0):
        shocks = composite.breaking_shock(levels, rule, capability, correlation=0.3)
        assert ((shocks >= 0) & (shocks <= 1)).all()
        assert (shocks >= previous - 1e-9).all()
        previous = shocks


# ----------------------------------------------------------------------------- bad input
def test_bad_inputs_are_rejected_naming_the_parameter():
    assert_rejects(composite.weakest_link, dict(levels=[1.0, 2.0]), "levels", negative=True, zero=True)
    assert_rejects(composite.average_level, dict(levels=[1.0, 2.0], weights=[1.0, 1.0]), "weights", negative=True)
    assert_rejects(composite.layer_failure_probability, dict(capability=1.0, level=[1.0, 2.0]), "level",
                   negative=True, zero=True)
    assert_rejects(composite.layer_failure_probability, dict(capability=1.0, level=2.0), "capability",
                   negative=True, zero=True)
    assert_rejects(composite.layered_failure_probability, dict(failure_probabilities=[0.1, 0.2], correlation=0.3),
                   "failure_probabilities", negative=True, extra=[[0.1, 1.5]])
    assert_rejects(composite.layered_failure_probability, dict(failure_probabilities=[0.1, 0.2], correlation=0.3),
                   "correlation", negative=True, extra=[1.5, [0.1, 0.2]])
    assert_rejects(composite.layered_level, dict(levels=[1.0, 2.0], capability=1.0), "capability", negative=True)
    assert_rejects(composite.fragility, dict(levels=[1.0, 2.0], rule="average", shock=0.5), "shock",
                   negative=True, zero=True, extra=[1.0, 2.0])
    assert_rejects(composite.dimension_levels, dict(t=[0.0, 1.0], initial_levels=[1.0], rates=[0.1]), "t")
    assert_rejects(composite.breaking_shock, dict(levels=[1.0, 2.0], rule="average", capability=1.0), "capability",
                   negative=True, zero=True)
    assert_raises_naming(composite.weakest_link, dict(levels=5.0), "levels")
    assert_raises_naming(composite.weakest_link, dict(levels=np.ones(composite.MAX_LAYERS + 1)), "levels")
    assert_raises_naming(composite.layered_failure_probability,
                         dict(failure_probabilities=np.full((2, composite.MAX_PROBABILITY_VECTORS + 1), 0.5)),
                         "failure_probabilities")
    assert_raises_naming(composite.dimension_levels, dict(t=[0.0, 1.0], initial_levels=[1.0, 2.0], rates=[0.1]),
                         "shapes")
    assert_raises_naming(composite.average_level, dict(levels=[1.0, 2.0], weights=[0.0, 0.0]), "weights")
    for bad in (True, "0.5", None, [True, False]):
        with pytest.raises(TypeError, match="levels|failure_probabilities"):
            composite.weakest_link(bad) if not isinstance(bad, list) else composite.layered_failure_probability(bad)
    with pytest.raises(TypeError, match="correlation"):
        composite.layered_failure_probability([0.1, 0.2], correlation=True)
