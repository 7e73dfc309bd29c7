"""Tests for acslib.adversarial (Chapter 4, *Adversarial testing*)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import gammaln

from acslib.adversarial import (
    attack_budget,
    bon_attack_success,
    bon_scale_from_anchor,
    expected_bon_success,
    fit_bon_power_law,
    simulate_bon_attacks,
)
from badinput import assert_raises_naming, assert_rejects


def test_power_law_known_values():
    assert float(bon_attack_success(1, a=2.0, b=0.5)) == pytest.approx(np.exp(-2.0))
    assert float(bon_attack_success(100, a=2.0, b=0.5)) == pytest.approx(np.exp(-0.2))
    # the defining identity -log ASR = a N^-b
    n = np.array([1.0, 10.0, 1e4])
    np.testing.assert_allclose(-np.log(bon_attack_success(n, 3.0, 0.25)), 3.0 * n**-0.25)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.2, 8.0), st.floats(0.05, 1.0))
def test_fit_recovers_known_a_b(a, b):
    n = np.unique(np.round(np.logspace(0, 4, 12)))
    fitted_a, fitted_b = fit_bon_power_law(n, bon_attack_success(n, a, b))
    assert fitted_a == pytest.approx(a, rel=1e-6)
    assert fitted_b == pytest.approx(b, rel=1e-6)


def test_fit_recovers_a_b_from_noisy_counts():
    # binomial noise on 5,000 prompts per budget: the fit stays within a few percent
    rng = np.random.default_rng(0)
    n = np.unique(np.round(np.logspace(0, 4, 15)))
    asr = rng.binomial(5000, bon_attack_success(n, 3.5, 0.35)) / 5000
    a, b = fit_bon_power_law(n, asr)
    assert a == pytest.approx(3.5, rel=0.1)
    assert b == pytest.approx(0.35, rel=0.1)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 0.99), st.floats(0.2, 8.0), st.floats(0.05, 1.0))
def test_budget_inverts_power_law(target, a, b):
    budget = float(attack_budget(target, a, b))
    assert float(bon_attack_success(max(budget, 1.0), a, b)) >= target - 1e-9
    if budget >= 1:
        assert float(bon_attack_success(budget, a, b)) == pytest.approx(target)


def test_budget_by_hand():
    # (a / -log target)^(1/b) = (2 / 0.2)^2 = 100
    assert float(attack_budget(np.exp(-0.2), 2.0, 0.5)) == pytest.approx(100.0)


@pytest.mark.parametrize("asr", [0.89, 0.78])  # hughes2024bestofn: GPT-4o 89%, Claude 3.5 Sonnet 78% at N = 10,000
@pytest.mark.parametrize("b", [0.2, 0.3, 0.5])
def test_scale_from_published_anchor(asr, b):
    a = float(bon_scale_from_anchor(10_000, asr, b))
    assert float(bon_attack_success(10_000, a, b)) == pytest.approx(asr)
    assert float(attack_budget(asr, a, b)) == pytest.approx(10_000)


def test_expected_success_uniform_case():
    # p ~ U(0, 1): P(unbroken after n) = E[(1-p)^n] = 1/(n+1)
    n = np.array([0, 1, 9, 99])
    np.testing.assert_allclose(expected_bon_success(n, 1.0, 1.0), 1 - 1 / (n + 1))


def test_expected_success_power_law_tail():
    # unbroken share ~ Gamma(a+b)/Gamma(b) n^-alpha for large n
    alpha, beta = 0.3, 10.0
    n = 1e6
    tail = 1 - float(expected_bon_success(n, alpha, beta))
    asymptote = np.exp(gammaln(alpha + beta) - gammaln(beta)) * n**-alpha
    assert tail == pytest.approx(asymptote, rel=0.01)
    # and the fitted exponent b over a large-N range approaches alpha
    budgets = np.logspace(4, 7, 10)
    _, b = fit_bon_power_law(budgets, expected_bon_success(budgets, alpha, beta))
    assert b == pytest.approx(alpha, rel=0.05)


def test_simulation_matches_expectation_and_is_seeded():
    budgets = np.array([1, 10, 100, 1000, 10_000])
    simulated = simulate_bon_attacks(budgets, 50_000, 0.3, 10.0, seed=1)
    np.testing.assert_allclose(simulated, expected_bon_success(budgets, 0.3, 10.0), atol=0.01)
    np.testing.assert_array_equal(simulated, simulate_bon_attacks(budgets, 50_000, 0.3, 10.0, seed=1))
    assert np.all(np.diff(simulated) >= 0)


def test_simulated_curve_has_power_law_shape():
    # heterogeneous prompts: the log-log line fits well (R^2 close to 1)
    budgets = np.unique(np.round(np.logspace(0, 4, 15)))
    asr = simulate_bon_attacks(budgets, 100_000, 0.3, 10.0, seed=2)
    x, y = np.log(budgets), np.log(-np.log(asr))
    residual = y - np.polyval(np.polyfit(x, y, 1), x)
    assert 1 - residual.var() / y.var() > 0.98


def test_homogeneous_prompts_do_not_give_a_power_law():
    # every prompt with the same p: -log ASR falls much faster than any fixed power late on
    budgets = np.array([1.0, 10.0, 100.0, 1000.0])
    success = expected_bon_success(budgets, 1000.0, 99_000.0)  # p concentrated at 0.01
    local_b = -np.diff(np.log(-np.log(success))) / np.diff(np.log(budgets))
    assert local_b[-1] > 3 * local_b[0]
    assert local_b[-1] > 3  # the log-log line bends down sharply: no single (a, b) fits


def test_bad_input_rejected():
    valid = dict(n=[1.0, 10.0], a=2.0, b=0.5)
    assert_rejects(bon_attack_success, valid, "n", negative=True, zero=True, extra=[[0.5, 2.0]])
    assert_rejects(bon_attack_success, valid, "a", negative=True, zero=True)
    assert_rejects(bon_attack_success, valid, "b", negative=True, zero=True)
    assert_raises_naming(bon_attack_success, dict(n=[1.0, 2.0], a=[1.0, 2.0, 3.0], b=0.5), "shapes")
    valid = dict(n=[1.0, 10.0, 100.0], asr=[0.1, 0.3, 0.6])
    assert_rejects(fit_bon_power_law, valid, "n", negative=True, extra=[[1.0, 1.0, 1.0], [0.5, 2.0, 3.0]])
    assert_rejects(fit_bon_power_law, valid, "asr", negative=True, extra=[[0.1, 0.3, 1.0], [0.0, 0.3, 0.6]])
    assert_raises_naming(fit_bon_power_law, dict(n=[1.0, 10.0], asr=[0.1, 0.2, 0.3]), "shapes")
    valid = dict(target_asr=0.9, a=2.0, b=0.5)
    assert_rejects(attack_budget, valid, "target_asr", negative=True, zero=True, extra=[1.0])
    assert_rejects(attack_budget, valid, "a", negative=True, zero=True)
    assert_rejects(attack_budget, valid, "b", negative=True, zero=True)
    valid = dict(n=10_000, asr=0.89, b=0.3)
    assert_rejects(bon_scale_from_anchor, valid, "n", negative=True, zero=True)
    assert_rejects(bon_scale_from_anchor, valid, "asr", negative=True, zero=True, extra=[1.0])
    assert_rejects(bon_scale_from_anchor, valid, "b", negative=True, zero=True)
    valid = dict(n=[1.0, 10.0], alpha=0.5, beta=5.0)
    assert_rejects(expected_bon_success, valid, "n", negative=True)
    assert_rejects(expected_bon_success, valid, "alpha", negative=True, zero=True)
    assert_rejects(expected_bon_success, valid, "beta", negative=True, zero=True)
    valid = dict(budgets=[1, 10], n_prompts=10, alpha=0.5, beta=5.0, seed=0)
    assert_rejects(simulate_bon_attacks, valid, "budgets", negative=True, zero=True)
    assert_rejects(simulate_bon_attacks, valid, "n_prompts", negative=True, zero=True, extra=[2.5])
    assert_rejects(simulate_bon_attacks, valid, "alpha", negative=True, zero=True)
    assert_rejects(simulate_bon_attacks, valid, "beta", negative=True, zero=True)
    assert_rejects(simulate_bon_attacks, valid, "seed", negative=True, extra=[0.5])
