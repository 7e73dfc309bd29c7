"""Adversarial testing: the Best-of-N attack power law and where it comes from.

Defined in Chapter 4, *Technical oversight* (``chapters/04_technical_oversight.ipynb``),
section *Adversarial testing*.

Hughes et al. (2024) sample up to N augmented variants of a harmful request and count
a prompt as broken if any variant gets a harmful answer. They fit the attack success
rate (ASR) with ``-log ASR = a · N^(-b)``, a straight line in log–log coordinates:
``log(-log ASR) = log a - b · log N``.

:func:`simulate_bon_attacks` and :func:`expected_bon_success` show one mechanism that
can produce this shape (the book's illustration, not an established cause): prompts differ
in how easy they are to break. If each attempt on
a prompt succeeds with its own probability ``p``, and ``p`` varies across prompts like a
Beta(α, β) variable, the share of prompts still unbroken after N attempts is
``E[(1 - p)^N] = B(α, β + N) / B(α, β)``, which falls like ``N^(-α)`` for large N. A
mixture of exponential decays with many slow ones is a power law; and near ASR = 1,
``-log ASR ≈ 1 - ASR``, so ``b`` approaches α.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln

from ._validation import (
    as_count,
    as_float_array,
    as_probability,
    as_rng,
    as_scalar,
    check_broadcastable,
    check_same_length,
    check_total_size,
    finite_result,
)

__all__ = [
    "bon_attack_success",
    "fit_bon_power_law",
    "attack_budget",
    "bon_scale_from_anchor",
    "expected_bon_success",
    "simulate_bon_attacks",
    "MAX_PROMPTS",
]

#: Largest number of prompts :func:`simulate_bon_attacks` simulates (and of budgets × prompts).
MAX_PROMPTS = 10_000_000


def bon_attack_success(n, a, b):
    """Attack success rate after ``n`` attempts under the power law ``-log ASR = a·n^(-b)``.

    Parameters
    ----------
    n : array_like
        Number of sampled attack attempts per prompt (the budget), at least 1.
    a : array_like
        Positive scale: ``ASR(1) = exp(-a)``.
    b : array_like
        Positive exponent: how fast extra attempts pay off.

    Returns
    -------
    numpy.ndarray
        ASR in (0, 1), broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*; the form is Hughes et al.'s (2024).

    Examples
    --------
    >>> bon_attack_success([1, 100], a=2.0, b=0.5).round(4)
    array([0.1353, 0.8187])
    """
    n = as_float_array(n, "n", positive=True)
    if (n < 1).any():
        raise ValueError("n must be at least 1 attempt")
    a = as_float_array(a, "a", positive=True)
    b = as_float_array(b, "b", positive=True)
    check_broadcastable(n=n, a=a, b=b)
    return np.exp(-a * n ** (-b))


def fit_bon_power_law(n, asr):
    """Fit ``(a, b)`` of ``-log ASR = a·N^(-b)`` by least squares in log–log coordinates.

    Regresses ``log(-log ASR)`` on ``log N``, as Hughes et al. (2024) do.

    Parameters
    ----------
    n : array_like
        Budgets, at least 1, with at least two distinct values.
    asr : array_like
        Observed attack success rates, strictly between 0 and 1, one per budget.

    Returns
    -------
    tuple of float
        ``(a, b)``. A negative ``b`` would mean success falls with budget.

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*.

    Examples
    --------
    >>> n = np.array([1, 10, 100, 1000])
    >>> a, b = fit_bon_power_law(n, bon_attack_success(n, a=3.0, b=0.4))
    >>> round(a, 6), round(b, 6)
    (3.0, 0.4)
    """
    n = as_float_array(n, "n", positive=True, ndim=1)
    if (n < 1).any():
        raise ValueError("n must be at least 1 attempt")
    asr = as_probability(asr, "asr", open_interval=True)
    if asr.ndim != 1:
        raise ValueError(f"asr must be 1-dimensional; got shape {asr.shape}")
    check_same_length(n=n, asr=asr)
    if np.unique(n).size < 2:
        raise ValueError("n must hold at least two distinct budgets to fit a line")
    slope, intercept = np.polyfit(np.log(n), np.log(-np.log(asr)), 1)
    with np.errstate(over="ignore"):
        a = np.exp(intercept)
    return float(finite_result(a, "n, asr", "the fitted scale a")), float(-slope)


def attack_budget(target_asr, a, b):
    """The number of attempts at which the power law reaches ``target_asr``.

    Solves ``exp(-a·N^(-b)) = target`` for ``N = (a / -log target)^(1/b)``.

    Parameters
    ----------
    target_asr : array_like
        Target success rate, strictly between 0 and 1.
    a, b : array_like
        Positive power-law constants.

    Returns
    -------
    numpy.ndarray
        The budget N (real-valued; values below 1 mean a single attempt suffices).

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*.

    Examples
    --------
    >>> round(float(attack_budget(np.exp(-0.2), a=2.0, b=0.5)), 6)  # (2 / 0.2)^2
    100.0
    """
    target_asr = as_probability(target_asr, "target_asr", open_interval=True)
    a = as_float_array(a, "a", positive=True)
    b = as_float_array(b, "b", positive=True)
    check_broadcastable(target_asr=target_asr, a=a, b=b)
    with np.errstate(over="ignore"):
        budget = np.exp((np.log(a) - np.log(-np.log(target_asr))) / b)  # in log space
    return finite_result(budget, "target_asr, a, b", "the budget (a / -log target_asr)^(1/b)")


def bon_scale_from_anchor(n, asr, b):
    """The scale ``a`` for which the power law with exponent ``b`` passes through ``(n, asr)``.

    Useful when a paper reports one point of a curve but not its constants:
    ``a = -log(asr) · n^b``.

    Parameters
    ----------
    n : array_like
        Budget of the reported point, at least 1.
    asr : array_like
        Reported success rate there, strictly between 0 and 1.
    b : array_like
        Assumed positive exponent.

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*.

    Examples
    --------
    >>> float(bon_attack_success(10_000, bon_scale_from_anchor(10_000, 0.89, 0.3), 0.3))
    0.89
    """
    n = as_float_array(n, "n", positive=True)
    if (n < 1).any():
        raise ValueError("n must be at least 1 attempt")
    asr = as_probability(asr, "asr", open_interval=True)
    b = as_float_array(b, "b", positive=True)
    check_broadcastable(n=n, asr=asr, b=b)
    with np.errstate(over="ignore"):
        scale = np.exp(np.log(-np.log(asr)) + b * np.log(n))
    return finite_result(scale, "n, asr, b", "the scale -log(asr) * n^b")


def _beta_shapes(alpha, beta):
    alpha = as_scalar(alpha, "alpha", positive=True)
    beta = as_scalar(beta, "beta", positive=True)
    return alpha, beta


def expected_bon_success(n, alpha, beta):
    """Expected share of prompts broken within ``n`` attempts, per-attempt success ~ Beta(α, β).

    ``1 - E[(1 - p)^n] = 1 - B(α, β + n) / B(α, β)``.

    Parameters
    ----------
    n : array_like
        Budgets, non-negative (``n = 0`` gives 0).
    alpha, beta : float
        Positive shape parameters of the Beta distribution of per-attempt success
        probabilities across prompts. Small α means many nearly unbreakable prompts.

    Returns
    -------
    numpy.ndarray
        Expected ASR at each budget.

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*. For large n the unbroken share
    falls like ``Γ(α+β)/Γ(β) · n^(-α)``. The Beta model is this book's illustration of
    one mechanism that makes aggregate curves look like power laws; it is not Hughes et
    al.'s model, and they do not attribute the law to it.

    Examples
    --------
    >>> expected_bon_success([0, 1, 2], alpha=1.0, beta=1.0).round(4)  # uniform p: 1 - 1/(n+1)
    array([0.    , 0.5   , 0.6667])
    """
    n = as_float_array(n, "n", nonnegative=True)
    alpha, beta = _beta_shapes(alpha, beta)
    return 1.0 - np.exp(betaln(alpha, beta + n) - betaln(alpha, beta))


def simulate_bon_attacks(budgets, n_prompts, alpha, beta, seed=None):
    """Simulate Best-of-N attacks on prompts of heterogeneous difficulty.

    Each prompt gets a per-attempt success probability ``p ~ Beta(α, β)``; its first
    successful attempt is geometric in ``p``. The ASR at budget N is the share of
    prompts whose first success comes within N attempts.

    Parameters
    ----------
    budgets : array_like
        Budgets N (at least 1) at which to report the ASR.
    n_prompts : int
        Number of simulated prompts, 1 to 10,000,000 (:data:`MAX_PROMPTS`); the number of
        budgets times ``n_prompts`` is capped at 10,000,000 too.
    alpha, beta : float
        Positive Beta shape parameters.
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Simulated ASR at each budget.

    Notes
    -----
    Defined in Chapter 4, section *Adversarial testing*. The book's own model.

    Examples
    --------
    >>> simulate_bon_attacks([1, 10, 100], n_prompts=2000, alpha=0.5, beta=5.0, seed=0).round(2)
    array([0.08, 0.42, 0.78])
    """
    budgets = as_float_array(budgets, "budgets", positive=True)
    if (budgets < 1).any():
        raise ValueError("budgets must be at least 1 attempt")
    n_prompts = as_count(n_prompts, "n_prompts", cap=MAX_PROMPTS)
    check_total_size("budgets × n_prompts", budgets.size * n_prompts, MAX_PROMPTS, "comparisons")
    alpha, beta = _beta_shapes(alpha, beta)
    rng = as_rng(seed)
    per_attempt = rng.beta(alpha, beta, size=n_prompts)
    # A probability that underflows to 0 would make the geometric draw fail; such a
    # prompt is in effect never broken.
    tiny = per_attempt < 1e-300
    first_success = np.full(n_prompts, np.inf)
    first_success[~tiny] = rng.geometric(per_attempt[~tiny])
    return (first_success[None, :] <= np.ravel(budgets)[:, None]).mean(axis=1).reshape(budgets.shape)
