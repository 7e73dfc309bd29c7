"""Tests for acslib.goodhart: exact values, published anchors, closed forms against Monte Carlo."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from acslib import goodhart
from badinput import assert_rejects, assert_raises_naming


# --- best-of-n KL ---------------------------------------------------------------------

def test_best_of_n_kl_matches_gao_et_al_published_values():
    # gao2022scaling: "n = 1000 gives about 6 nats, n = 60,000 about 10 nats".
    kl = goodhart.best_of_n_kl([1000, 60_000])
    assert kl[0] == pytest.approx(6.0, abs=0.1)
    assert kl[1] == pytest.approx(10.0, abs=0.01)
    np.testing.assert_allclose(kl, [np.log(1000) - 0.999, np.log(60_000) - 59_999 / 60_000])


def test_best_of_n_kl_is_zero_for_one_candidate_and_increasing():
    kl = goodhart.best_of_n_kl(np.arange(1, 200))
    assert kl[0] == 0.0
    assert (np.diff(kl) > 0).all()
    # An upper bound (beirami2024theoretical) that is below log n, the KL of "pick one of n".
    assert (kl[1:] < np.log(np.arange(2, 200))).all()


def test_best_of_n_kl_rejects_bad_input():
    assert_rejects(goodhart.best_of_n_kl, dict(n=[1, 10]), "n", negative=True, zero=True, extra=[[2.5], [0.5]])


# --- expected maximum of n standard normals --------------------------------------------

def test_expected_max_normal_exact_small_n():
    # Closed forms: E max of 2 = 1/sqrt(pi), of 3 = 3/(2 sqrt(pi)),
    # of 4 = (6/pi^(3/2)) arctan(sqrt 2), and E max of 5 = (5/(4 sqrt(pi)))(1 + (6/pi) arcsin(1/3)).
    expected = [
        0.0,
        1 / np.sqrt(np.pi),
        3 / (2 * np.sqrt(np.pi)),
        6 / np.pi**1.5 * np.arctan(np.sqrt(2)),
        5 / (4 * np.sqrt(np.pi)) * (1 + 6 / np.pi * np.arcsin(1 / 3)),
    ]
    np.testing.assert_allclose(goodhart.expected_max_normal([1, 2, 3, 4, 5]), expected, atol=1e-9)


@pytest.mark.parametrize("n", [10, 100, 1000, 10_000, 100_000])
def test_expected_max_normal_accurate_to_1e6_up_to_1e5(n):
    # Independent method: the density n phi(x) Phi(x)^(n-1) integrated on a fine grid.
    x = np.linspace(-12.0, 12.0, 1_200_001)
    density = n * np.exp(stats.norm.logpdf(x) + (n - 1) * stats.norm.logcdf(x))
    reference = np.trapezoid(x * density, x)
    assert goodhart.expected_max_normal(n) == pytest.approx(reference, abs=1e-6)


def test_expected_max_normal_is_not_the_asymptotic_formula():
    n = np.array([10, 1000, 100_000])
    exact = goodhart.expected_max_normal(n)
    assert (np.abs(exact - np.sqrt(2 * np.log(n))) > 0.3).all()
    assert (np.diff(exact) > 0).all()


def test_expected_max_normal_keeps_shape():
    assert goodhart.expected_max_normal([[1, 2], [3, 4]]).shape == (2, 2)


def test_expected_max_normal_rejects_bad_input():
    assert_rejects(goodhart.expected_max_normal, dict(n=[2, 3]), "n", negative=True, zero=True, extra=[[1.5]])


# --- regressional Goodhart -------------------------------------------------------------

@given(st.floats(-5, 5), st.floats(-2, 2), st.floats(-2, 2), st.floats(0.1, 3), st.floats(0.0, 3))
def test_conditional_true_value_is_the_regression_line(c, mean_true, mean_noise, sigma_true, sigma_noise):
    share = sigma_true**2 / (sigma_true**2 + sigma_noise**2)
    value = goodhart.conditional_true_value(c, mean_true, mean_noise, sigma_true, sigma_noise)
    assert value == pytest.approx(mean_true + (c - mean_true - mean_noise) * share)
    # At the proxy's mean the expected true value is the true mean.
    at_mean = goodhart.conditional_true_value(mean_true + mean_noise, mean_true, mean_noise, sigma_true, sigma_noise)
    assert at_mean == pytest.approx(mean_true)


def test_conditional_true_value_against_simulation():
    rng = np.random.default_rng(3)
    x = 1.0 + 2.0 * rng.standard_normal(400_000)
    p = x + 0.5 + 1.5 * rng.standard_normal(400_000)
    near = np.abs(p - 5.0) < 0.05
    assert x[near].mean() == pytest.approx(float(goodhart.conditional_true_value(5.0, 1.0, 0.5, 2.0, 1.5)), abs=0.05)


def test_conditional_true_value_rejects_bad_input():
    valid = dict(proxy=[1.0, 2.0], mean_true=0.0, mean_noise=0.0, sigma_true=1.0, sigma_noise=1.0)
    assert_rejects(goodhart.conditional_true_value, valid, "proxy")
    assert_rejects(goodhart.conditional_true_value, valid, "mean_true")
    assert_rejects(goodhart.conditional_true_value, valid, "mean_noise")
    assert_rejects(goodhart.conditional_true_value, valid, "sigma_true", negative=True, zero=True)
    assert_rejects(goodhart.conditional_true_value, valid, "sigma_noise", negative=True)
    assert_raises_naming(goodhart.conditional_true_value, {**valid, "sigma_true": [1.0, 2.0, 3.0]}, "shapes")


def test_regressional_best_of_n_closed_form():
    n = np.array([1, 2, 10, 100])
    value = goodhart.regressional_best_of_n(n, 2.0, 1.5)
    np.testing.assert_allclose(value, goodhart.expected_max_normal(n) * 4.0 / 2.5)
    # A perfect proxy gives the true maximum; value is 0 with one candidate.
    np.testing.assert_allclose(goodhart.regressional_best_of_n(n, 1.0, 0.0), goodhart.expected_max_normal(n))
    assert value[0] == 0.0


@pytest.mark.parametrize("n,sigma_noise", [(4, 0.5), (32, 1.0), (256, 2.0)])
def test_monte_carlo_agrees_with_closed_form_for_gaussian_error(n, sigma_noise):
    proxy, true = goodhart.sample_best_of_n(n, 40_000, sigma_true=1.0, sigma_noise=sigma_noise, seed=11)
    s = np.sqrt(1.0 + sigma_noise**2)
    standard_error = true.std() / np.sqrt(true.size)
    assert true.mean() == pytest.approx(float(goodhart.regressional_best_of_n(n, 1.0, sigma_noise)), abs=4 * standard_error)
    assert proxy.mean() == pytest.approx(float(goodhart.expected_max_normal(n)) * s, abs=4 * proxy.std() / np.sqrt(proxy.size))


def test_pool_curve_agrees_with_closed_form_for_gaussian_error():
    n = np.array([1, 3, 10, 30, 100, 300, 1000])
    proxy, true = goodhart.best_of_n_curve(n, sigma_true=1.0, sigma_noise=1.0, pool_size=1_000_000, seed=5)
    np.testing.assert_allclose(true, goodhart.regressional_best_of_n(n, 1.0, 1.0), atol=0.02)
    np.testing.assert_allclose(proxy, goodhart.expected_max_normal(n) * np.sqrt(2.0), atol=0.02)


def test_heavy_tailed_error_shows_the_extremal_goodhart_turn():
    n = np.array([1, 10, 30, 100, 1000, 10_000])
    proxy, true = goodhart.best_of_n_curve(n, sigma_noise=0.5, noise="student_t", dof=3.0, pool_size=1_000_000, seed=2)
    peak = int(np.argmax(true))
    assert 0 < peak < n.size - 1
    assert true[-1] < 0.5 * true[peak]  # the true value falls as n grows ...
    assert (np.diff(proxy) > 0).all()  # ... while the proxy keeps rising
    # The same turn with direct sampling.
    _, small = goodhart.sample_best_of_n(30, 4000, sigma_noise=0.5, noise="student_t", seed=1)
    _, large = goodhart.sample_best_of_n(3000, 400, sigma_noise=0.5, noise="student_t", seed=1)
    assert large.mean() < small.mean() - 0.5


def test_sampling_is_seeded():
    first = goodhart.sample_best_of_n(8, 10, noise="student_t", seed=4)
    second = goodhart.sample_best_of_n(8, 10, noise="student_t", seed=4)
    np.testing.assert_array_equal(first[1], second[1])


def test_regressional_best_of_n_rejects_bad_input():
    valid = dict(n=[1, 10], sigma_true=1.0, sigma_noise=1.0)
    assert_rejects(goodhart.regressional_best_of_n, valid, "n", negative=True, zero=True)
    assert_rejects(goodhart.regressional_best_of_n, valid, "sigma_true", negative=True, zero=True)
    assert_rejects(goodhart.regressional_best_of_n, valid, "sigma_noise", negative=True)
    assert_raises_naming(goodhart.regressional_best_of_n, {**valid, "sigma_true": [1.0, 2.0, 3.0]}, "shapes")


def test_monte_carlo_rejects_bad_input():
    valid = dict(n=4, trials=10, sigma_true=1.0, sigma_noise=1.0, noise="gaussian", dof=3.0, seed=0)
    assert_rejects(goodhart.sample_best_of_n, valid, "n", negative=True, zero=True, extra=[2.5])
    assert_rejects(goodhart.sample_best_of_n, valid, "trials", negative=True, zero=True)
    assert_rejects(goodhart.sample_best_of_n, valid, "sigma_true", negative=True, zero=True)
    assert_rejects(goodhart.sample_best_of_n, valid, "sigma_noise", negative=True)
    assert_rejects(goodhart.sample_best_of_n, valid, "dof", negative=True, zero=True)
    assert_rejects(goodhart.sample_best_of_n, valid, "noise", extra=["cauchy"])
    assert_rejects(goodhart.sample_best_of_n, valid, "seed", extra=[-1, 1.5])
    curve = dict(n=[1, 4], sigma_noise=1.0, noise="student_t", pool_size=1000, seed=0)
    assert_rejects(goodhart.best_of_n_curve, curve, "n", negative=True, zero=True)
    assert_rejects(goodhart.best_of_n_curve, curve, "pool_size", negative=True, zero=True)
    assert_rejects(goodhart.best_of_n_curve, curve, "sigma_noise", negative=True)
    assert_rejects(goodhart.best_of_n_curve, curve, "noise", extra=["uniform"])


# --- Gao et al.'s functional forms -----------------------------------------------------

@given(st.floats(0.1, 5.0), st.floats(0.05, 2.0))
def test_bon_peak_matches_numeric_maximisation(alpha, beta):
    d_peak, height = goodhart.gold_reward_bon_peak(alpha, beta)
    found = optimize.minimize_scalar(lambda d: -goodhart.gold_reward_bon(d, alpha, beta),
                                     bounds=(0.0, 4 * float(d_peak) + 1), method="bounded",
                                     options={"xatol": 1e-10})
    assert found.x == pytest.approx(float(d_peak), rel=1e-5, abs=1e-7)
    assert -found.fun == pytest.approx(float(height), rel=1e-9)


@given(st.floats(0.1, 3.0), st.floats(0.2, 2.0))
def test_rl_peak_matches_numeric_maximisation(alpha, beta):
    d_peak, height = goodhart.gold_reward_rl_peak(alpha, beta)
    found = optimize.minimize_scalar(lambda d: -goodhart.gold_reward_rl(d, alpha, beta),
                                     bounds=(1e-9, 5 * float(d_peak)), method="bounded",
                                     options={"xatol": 1e-10})
    assert found.x == pytest.approx(float(d_peak), rel=1e-5)
    assert -found.fun == pytest.approx(float(height), rel=1e-9)


def test_gold_reward_values():
    np.testing.assert_allclose(goodhart.gold_reward_bon([0, 1, 4], 1.0, 0.25), [0.0, 0.75, 0.0])
    np.testing.assert_allclose(goodhart.gold_reward_rl([0, 1, np.e], 2.0, 1.0), [0.0, 2.0, np.e])
    # Best-of-n starts with slope alpha; the RL form equals alpha at d = 1 and its slope
    # alpha - beta (log d + 1) is unbounded as d -> 0.
    assert goodhart.gold_reward_bon(1e-9, 1.7, 0.3) / 1e-9 == pytest.approx(1.7, rel=1e-6)
    assert goodhart.gold_reward_rl(1.0, 1.7, 0.3) == pytest.approx(1.7)
    assert goodhart.gold_reward_rl(1e-9, 1.7, 0.3) / 1e-9 > 7.0


@given(st.floats(0.0, 20.0), st.integers(1, 10))
def test_iterated_rl_adds_beta_d_log_k_and_equals_k_rounds(d, k):
    alpha, beta = 1.0, 0.5
    iterated = goodhart.gold_reward_iterated_rl(d, alpha, beta, k)
    assert iterated == pytest.approx(goodhart.gold_reward_rl(d, alpha, beta) + beta * d * np.log(k), abs=1e-12)
    # k equal rounds of distance d/k, each following the single-round curve.
    assert iterated == pytest.approx(k * goodhart.gold_reward_rl(d / k, alpha, beta), abs=1e-10)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_iterated_peak_matches_numeric_maximisation(k):
    d_peak, height = goodhart.gold_reward_iterated_rl_peak(1.0, 0.5, k)
    found = optimize.minimize_scalar(lambda d: -goodhart.gold_reward_iterated_rl(d, 1.0, 0.5, k),
                                     bounds=(1e-9, 10 * float(d_peak)), method="bounded", options={"xatol": 1e-10})
    assert found.x == pytest.approx(float(d_peak), rel=1e-5)
    assert -found.fun == pytest.approx(float(height), rel=1e-9)
    assert d_peak == pytest.approx(k * np.e)


def test_fit_recovers_coefficients_and_peak():
    d = np.sqrt(goodhart.best_of_n_kl(np.unique(np.round(np.logspace(0, 4.5, 30)))))
    alpha, beta = goodhart.fit_gold_reward_bon(d, goodhart.gold_reward_bon(d, 0.9, 0.2))
    assert (alpha, beta) == pytest.approx((0.9, 0.2))


def test_gold_reward_functions_reject_bad_input():
    for form in (goodhart.gold_reward_bon, goodhart.gold_reward_rl):
        valid = dict(d=[0.0, 1.0], alpha=1.0, beta=0.5)
        assert_rejects(form, valid, "d", negative=True)
        assert_rejects(form, valid, "alpha", negative=True, zero=True)
        assert_rejects(form, valid, "beta", negative=True, zero=True)
        assert_raises_naming(form, {**valid, "alpha": [1.0, 2.0, 3.0]}, "shapes")
    for peak in (goodhart.gold_reward_bon_peak, goodhart.gold_reward_rl_peak):
        assert_rejects(peak, dict(alpha=1.0, beta=0.5), "alpha", negative=True, zero=True)
        assert_rejects(peak, dict(alpha=1.0, beta=0.5), "beta", negative=True, zero=True)
    valid = dict(d=[0.0, 1.0], alpha=1.0, beta=0.5, iterations=2)
    assert_rejects(goodhart.gold_reward_iterated_rl, valid, "iterations", negative=True, zero=True, extra=[1.5])
    assert_rejects(goodhart.gold_reward_iterated_rl, valid, "d", negative=True)
    assert_rejects(goodhart.gold_reward_iterated_rl, valid, "beta", negative=True, zero=True)
    assert_rejects(goodhart.gold_reward_iterated_rl_peak, dict(alpha=1.0, beta=0.5, iterations=2), "iterations",
                   negative=True, zero=True)
    fit = dict(d=[0.5, 1.0, 2.0], reward=[0.4, 0.7, 0.9])
    assert_rejects(goodhart.fit_gold_reward_bon, fit, "d", negative=True)
    assert_rejects(goodhart.fit_gold_reward_bon, fit, "reward")
    assert_raises_naming(goodhart.fit_gold_reward_bon, {**fit, "reward": [0.1, 0.2]}, "reward")
    assert_raises_naming(goodhart.fit_gold_reward_bon, {**fit, "d": [0.0, 1.0, 1.0]}, "d")


def test_pool_estimator_exact_on_a_small_pool():
    # Pool of 3 sorted proxies; best of 2 picks rank i with probability (i/3)^2 - ((i-1)/3)^2.
    proxy, true = goodhart.best_of_n_from_pool([1, 2], [0.3, 0.1, 0.2], [3.0, 1.0, 2.0])
    np.testing.assert_allclose(true, [2.0, (1 * 1 + 3 * 2 + 5 * 3) / 9])
    np.testing.assert_allclose(proxy, [0.2, (1 * 0.1 + 3 * 0.2 + 5 * 0.3) / 9])


def test_pool_estimator_rejects_bad_input():
    valid = dict(n=[1, 2], proxy=[0.1, 0.2, 0.3], true=[1.0, 2.0, 3.0])
    assert_rejects(goodhart.best_of_n_from_pool, valid, "n", negative=True, zero=True)
    assert_rejects(goodhart.best_of_n_from_pool, valid, "proxy")
    assert_rejects(goodhart.best_of_n_from_pool, valid, "true")
    assert_raises_naming(goodhart.best_of_n_from_pool, {**valid, "true": [1.0, 2.0]}, "true")
    assert_raises_naming(goodhart.best_of_n_from_pool, dict(n=1, proxy=[0.1], true=[1.0]), "proxy")


# --- heavy-tailed (Student-t) error, exactly -------------------------------------------

@pytest.mark.parametrize("dof", [2.5, 3.0, 5.0, 30.0])
@pytest.mark.parametrize("sd", [0.1, 0.5, 2.0])
def test_student_t_scale_matches_the_standard_deviation(dof, sd):
    scale = float(goodhart.student_t_scale(sd, dof))
    assert stats.t(dof, scale=scale).std() == pytest.approx(sd, rel=1e-12)


def test_student_t_scale_of_three_dof():
    # Issue 12: a Student-t with 3 dof and scale 0.5 has standard deviation 0.87, not 0.5.
    assert float(goodhart.student_t_scale(0.5 * np.sqrt(3), 3.0)) == pytest.approx(0.5)
    assert float(goodhart.student_t_scale(0.5, 3.0)) == pytest.approx(0.5 / np.sqrt(3))
    np.testing.assert_allclose(goodhart.student_t_scale([0.0, 1.0], 4.0), [0.0, np.sqrt(0.5)])


def test_student_t_scale_rejects_bad_input():
    assert_rejects(goodhart.student_t_scale, dict(sd=[0.5, 1.0], dof=3.0), "sd", negative=True)
    assert_rejects(goodhart.student_t_scale, dict(sd=0.5, dof=3.0), "dof", negative=True, zero=True,
                   extra=[2.0, 1.5, 2e6])


def _conditional_by_quad(c, sigma_true, scale, dof):
    """E[X | P = c] by direct integration over x of x φ(x) f_t(c - x) (an independent method)."""
    def weight(x):
        return stats.norm.pdf(x, scale=sigma_true) * stats.t.pdf(c - x, dof, scale=scale)

    points = sorted({0.0, float(c)})
    lo, hi = -12 * sigma_true, 12 * sigma_true
    options = dict(points=points, limit=400, epsabs=1e-300, epsrel=1e-12)
    numerator = integrate.quad(lambda x: x * weight(x), lo, hi, **options)[0]
    denominator = integrate.quad(weight, lo, hi, **options)[0]
    return numerator / denominator


@pytest.mark.parametrize("dof", [2.0, 3.0, 10.0])
@pytest.mark.parametrize("scale", [0.1, 0.5, 2.0])
def test_conditional_true_value_student_t_against_direct_integration(dof, scale):
    # The docstring's claim: a relative accuracy of 1e-9 or better.
    for c in (-2.0, 0.5, 2.0, 4.0, 8.0, 30.0):
        expected = _conditional_by_quad(c, 1.0, scale, dof)
        got = float(goodhart.conditional_true_value_student_t(c, 1.0, scale, dof))
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), c


@pytest.mark.parametrize("dof", [2.0, 3.0, 30.0, 1000.0])
def test_conditional_true_value_student_t_far_tail(dof):
    # Far out E[X | P = c] = (dof + 1) sigma_true² / c (1 + O(1/c²)); the mixture's grid must
    # reach the small W that explain such scores, and its far nodes must not underflow.
    c = np.array([1e8, 1e12, 1e50])
    got = goodhart.conditional_true_value_student_t(c, 2.0, 0.5, dof)
    np.testing.assert_allclose(got * c, (dof + 1) * 4.0, rtol=1e-9)


def test_conditional_true_value_student_t_caps_its_work(monkeypatch):
    monkeypatch.setattr(goodhart, "MAX_NODE_EVALUATIONS", 10_000)
    assert_raises_naming(goodhart.conditional_true_value_student_t, dict(proxy=np.linspace(0, 1e6, 100)), "proxy")


def test_conditional_true_value_student_t_bends_back_and_stays_positive():
    scale = goodhart.student_t_scale(0.5)
    c = np.linspace(0.0, 200.0, 4001)
    value = goodhart.conditional_true_value_student_t(c, 1.0, scale)
    peak = int(np.argmax(value))
    assert 2.0 < c[peak] < 5.0 and (np.diff(value[peak:]) < 0).all()  # rises, peaks, falls
    assert (value[1:] > 0).all()  # never below the mean for a positive score
    # Issue 12's anchor: E[X | P = 45] = 0.089 (it does not depend on the error's spread here).
    assert float(goodhart.conditional_true_value_student_t(45.0, 1.0, 0.5)) == pytest.approx(0.0891, abs=5e-5)
    # Far out it decays like (dof + 1) sigma_true² / c.
    far = goodhart.conditional_true_value_student_t([1e4, 1e6], 1.5, scale, 5.0)
    np.testing.assert_allclose(far * np.array([1e4, 1e6]), 6 * 1.5**2, rtol=1e-3)
    # Odd in c, linear near 0 with the Gaussian slope of the mixture, exact for a perfect proxy.
    np.testing.assert_allclose(goodhart.conditional_true_value_student_t([-3.0, 3.0], 1.0, scale), [-1, 1] *
                               goodhart.conditional_true_value_student_t(3.0, 1.0, scale))
    np.testing.assert_allclose(goodhart.conditional_true_value_student_t([1.0, 7.0], 1.0, 0.0), [1.0, 7.0])


def test_conditional_true_value_student_t_approaches_the_gaussian_line():
    value = goodhart.conditional_true_value_student_t([0.5, 1.5, 2.5], 1.0, 0.5, 1000.0)
    np.testing.assert_allclose(value, np.array([0.5, 1.5, 2.5]) / 1.25, rtol=2e-3)


def test_conditional_true_value_student_t_rejects_bad_input():
    valid = dict(proxy=[1.0, 2.0], sigma_true=1.0, sigma_noise=0.5, dof=3.0)
    assert_rejects(goodhart.conditional_true_value_student_t, valid, "proxy", extra=[[1e200]])
    assert_rejects(goodhart.conditional_true_value_student_t, valid, "sigma_true", negative=True, zero=True)
    assert_rejects(goodhart.conditional_true_value_student_t, valid, "sigma_noise", negative=True)
    assert_rejects(goodhart.conditional_true_value_student_t, valid, "dof", negative=True, zero=True,
                   extra=[1.5, 5000.0])


COUNTS = np.array([1, 2, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000])


@pytest.mark.parametrize("sigma_noise", [0.01, 0.5, 1.0, 20.0])
def test_winner_integral_with_one_mixture_node_is_the_gaussian_closed_form(sigma_noise):
    # One node of weight 1 is Gaussian error: the outer integral must give e_n s and e_n / s.
    variance = 1.0 + sigma_noise**2
    proxy, true = goodhart._winner_integrals(COUNTS, 1.0, np.array([1.0]), np.array([variance]),
                                             np.sqrt(variance), 10 * np.sqrt(variance))
    np.testing.assert_allclose(true, goodhart.regressional_best_of_n(COUNTS, 1.0, sigma_noise), atol=1e-9)
    np.testing.assert_allclose(proxy, goodhart.expected_max_normal(COUNTS) * np.sqrt(variance), atol=1e-9)


def test_expected_best_of_n_is_converged(monkeypatch):
    cases = [(dof, goodhart.student_t_scale(sd, dof) if dof > 2 else sd)
             for dof in (2.0, 3.0, 10.0, 1000.0) for sd in (0.05, 0.5, 5.0)]

    def run():
        return np.array([np.stack(goodhart.expected_best_of_n(COUNTS, 1.0, s, "student_t", dof)) for dof, s in cases])

    default = run()
    monkeypatch.setattr(goodhart, "_SINH_STEP", goodhart._SINH_STEP / 3)
    monkeypatch.setattr(goodhart, "_MIXTURE_STEPS", goodhart._MIXTURE_STEPS * 3)
    refined = run()
    np.testing.assert_allclose(default[:, 1], refined[:, 1], atol=1e-9)  # true values
    np.testing.assert_allclose(default[:, 0], refined[:, 0], rtol=1e-6)  # proxies (up to ~1e4)


def _winner_by_quadrature(n, sigma_true, scale, dof):
    """The winner's expected proxy and true value by an independent route: f, F and
    E[X; P ∈ dc] by the trapezoidal rule over x (not over the mixing variable W), and the
    outer integral over c by scipy's adaptive quad_vec (not the sinh grid)."""
    n = np.asarray(n, float)
    x = np.linspace(-12 * sigma_true, 12 * sigma_true, 4_801)
    step = np.full(x.size, x[1] - x[0])
    step[[0, -1]] /= 2
    weight = step * stats.norm.pdf(x, scale=sigma_true)

    def integrand(c):
        t = (c - x) / scale
        density = stats.t.pdf(t, dof) / scale
        if c >= 0:
            log_cdf = np.log1p(-(weight @ special.stdtr(dof, -t)))
        else:
            log_cdf = np.log(weight @ special.stdtr(dof, t))
        kernel = n * np.exp((n - 1) * log_cdf)
        return np.concatenate([c * (weight @ density) * kernel, ((weight * x) @ density) * kernel])

    total = 0.0
    for low, high in ((-np.inf, -20.0), (-20.0, 0.0), (0.0, 5.0), (5.0, 50.0), (50.0, np.inf)):
        total = total + integrate.quad_vec(integrand, low, high, epsabs=1e-12, epsrel=1e-10, limit=2000)[0]
    return total[:n.size], total[n.size:]


@pytest.mark.parametrize("dof,sd", [(3.0, 0.5), (2.5, 1.0), (10.0, 0.25)])
def test_expected_best_of_n_against_independent_quadrature(dof, sd):
    # The docstring's claim: 1e-9, absolute for the true value and relative for the proxy.
    # n = 10^6 with 2.5 dof checks the proxy's heavy upper tail beyond the grid.
    n = [2, 100, 10_000, 1_000_000]
    scale = float(goodhart.student_t_scale(sd, dof))
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        proxy, true = _winner_by_quadrature(n, 1.0, scale, dof)
    got_proxy, got_true = goodhart.expected_best_of_n(n, 1.0, scale, "student_t", dof)
    np.testing.assert_allclose(got_true, true, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got_proxy, proxy, rtol=1e-9)


def test_expected_best_of_n_gaussian_is_the_closed_form():
    proxy, true = goodhart.expected_best_of_n(COUNTS[:6], 2.0, 1.5)
    np.testing.assert_allclose(true, goodhart.regressional_best_of_n(COUNTS[:6], 2.0, 1.5))
    np.testing.assert_allclose(proxy, goodhart.expected_max_normal(COUNTS[:6]) * 2.5)


@pytest.mark.parametrize("n,trials", [(10, 200_000), (100, 40_000), (1000, 5_000)])
def test_expected_best_of_n_agrees_with_monte_carlo(n, trials):
    scale = float(goodhart.student_t_scale(0.5))
    exact_proxy, exact_true = goodhart.expected_best_of_n(n, sigma_noise=scale, noise="student_t")
    proxy, true = goodhart.sample_best_of_n(n, trials, sigma_noise=scale, noise="student_t", seed=n)
    assert true.mean() == pytest.approx(float(exact_true), abs=4 * true.std() / np.sqrt(trials))
    assert proxy.mean() == pytest.approx(float(exact_proxy), abs=4 * proxy.std() / np.sqrt(trials))


def test_pool_estimates_scatter_around_the_exact_value():
    # Issue 12: one pool's best-of-n value is noise when n approaches the pool's size; over
    # seeds the pool estimates centre on the exact expectation.
    from acslib.montecarlo import seed_band

    scale = float(goodhart.student_t_scale(0.5))
    exact = goodhart.expected_best_of_n([100, 10_000], sigma_noise=scale, noise="student_t")[1]
    band = seed_band(lambda seed: goodhart.best_of_n_curve([100, 10_000], sigma_noise=scale, noise="student_t",
                                                           pool_size=100_000, seed=seed)[1], seeds=20)
    assert np.all(np.abs(band.mean - exact) < 4 * band.sem)
    assert band.std[1] > 5 * band.std[0]  # n = pool / 10 is far noisier than n = pool / 1000


def test_heavy_tailed_winner_rises_peaks_and_falls_but_never_below_zero():
    n = np.unique(np.round(np.logspace(0, 7, 141)))
    for sd in (1.0, 0.5, 0.25):
        proxy, true = goodhart.expected_best_of_n(n, sigma_noise=goodhart.student_t_scale(sd), noise="student_t")
        peak = int(np.argmax(true))
        assert 0 < peak < n.size - 1
        assert (np.diff(true[:peak + 1]) > 0).all() and (np.diff(true[peak:]) < 0).all()
        assert (true >= 0).all() and (np.diff(proxy) > 0).all()
    # A smaller error peaks later and higher (the book's model of a bigger reward model).
    peaks = []
    for sd in (1.0, 0.5, 0.25):
        true = goodhart.expected_best_of_n(n, sigma_noise=goodhart.student_t_scale(sd), noise="student_t")[1]
        peaks.append((n[np.argmax(true)], true.max()))
    assert peaks[0][0] < peaks[1][0] < peaks[2][0] and peaks[0][1] < peaks[1][1] < peaks[2][1]
    # Issue 12's case: error scale 1 at n = 100,000 is positive, not -0.235.
    assert float(goodhart.expected_best_of_n(100_000, sigma_noise=1.0, noise="student_t")[1]) > 0


def test_expected_best_of_n_special_cases():
    proxy, true = goodhart.expected_best_of_n([1, 2, 50], sigma_noise=0.0, noise="student_t")
    np.testing.assert_allclose(true, goodhart.expected_max_normal([1, 2, 50]), atol=1e-9)  # a perfect proxy
    np.testing.assert_allclose(proxy, true, atol=1e-9)
    proxy, true = goodhart.expected_best_of_n(1, sigma_noise=3.0, noise="student_t")
    assert float(proxy) == 0.0 and float(true) == 0.0
    assert goodhart.expected_best_of_n([[1, 2], [3, 4]], noise="student_t")[1].shape == (2, 2)


def test_expected_best_of_n_rejects_bad_input():
    valid = dict(n=[1, 10], sigma_true=1.0, sigma_noise=0.5, noise="student_t", dof=3.0)
    assert_rejects(goodhart.expected_best_of_n, valid, "n", negative=True, zero=True, extra=[[2.5], [1e8]])
    assert_rejects(goodhart.expected_best_of_n, valid, "sigma_true", negative=True, zero=True)
    assert_rejects(goodhart.expected_best_of_n, valid, "sigma_noise", negative=True, extra=[1e200])
    assert_rejects(goodhart.expected_best_of_n, valid, "dof", negative=True, zero=True, extra=[1.9, 2000.0])
    assert_rejects(goodhart.expected_best_of_n, valid, "noise", extra=["cauchy"])


def test_pool_estimator_partial_sort_matches_the_full_weighted_sum():
    rng = np.random.default_rng(8)
    true = rng.standard_normal(5000)
    proxy = true + 0.3 * rng.standard_t(3.0, 5000)
    n = np.array([1, 3, 50, 4000])
    order = np.argsort(proxy)
    rank = np.arange(1, 5001) / 5000
    weights = rank[None, :] ** n[:, None] - (rank[None, :] - 1 / 5000) ** n[:, None]
    got_proxy, got_true = goodhart.best_of_n_from_pool(n, proxy, true)
    np.testing.assert_allclose(got_true, weights @ true[order], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_proxy, weights @ proxy[order], rtol=1e-9, atol=1e-12)
