"""Neural scaling laws: loss as a function of parameters, data and compute.

Two published families:

* Kaplan et al. 2020 — single-variable power laws ``L(N) = (N_c / N)^α_N``,
  ``L(D) = (D_c / D)^α_D`` and ``L(C) = (C_c / C)^α_C``, each holding when the other
  resources are not the bottleneck.
* Hoffmann et al. 2022 ("Chinchilla") — a joint law ``L(N, D) = E + A / N^α + B / D^β``,
  whose minimum along a fixed compute budget ``C = 6 N D`` gives the compute-optimal
  model size and token count. Three sets of constants are offered: the paper's rounded
  ones, the unrounded ones from its source code, and the refit of Besiroglu et al. 2024.

Losses are in nats per token. Defined in Chapter 2, *Why it matters*
(``chapters/02_why_it_matters.ipynb``), section *Where the scaling comes from*.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ._validation import as_choice, as_float_array, check_broadcastable, finite_result

__all__ = [
    "KAPLAN",
    "CHINCHILLA_FITS",
    "FLOP_PER_PF_DAY",
    "kaplan_loss",
    "chinchilla_loss",
    "chinchilla_optimal",
    "training_compute",
]

#: One petaflop/s-day in floating-point operations (Kaplan et al. 2020's compute unit).
FLOP_PER_PF_DAY = 8.64e19

#: Exponents and scales of the single-variable laws of Kaplan et al. 2020 (arXiv 2001.08361).
#: ``n_params`` counts non-embedding parameters, and compute is in PF-days.
KAPLAN = MappingProxyType(
    {
        "alpha_params": 0.076,
        "scale_params": 8.8e13,
        "alpha_tokens": 0.095,
        "scale_tokens": 5.4e13,
        "alpha_compute": 0.050,
        "scale_compute_pf_days": 3.1e8,
    }
)

#: Constants of ``L(N, D) = E + A / N^alpha + B / D^beta`` for each named fit.
CHINCHILLA_FITS = MappingProxyType(
    {
        # Hoffmann et al. 2022, arXiv:2203.15556, eq. (10) as printed.
        "hoffmann": MappingProxyType(dict(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)),
        # The same fit before rounding (E, alpha, beta from the paper's source, as reported
        # by Besiroglu et al. 2024); A and B are as printed.
        "hoffmann-unrounded": MappingProxyType(dict(E=1.6934, A=406.4, B=410.7, alpha=0.3392, beta=0.2849)),
        # Besiroglu et al. 2024, arXiv:2404.10102, refit to data read off Hoffmann's figure.
        "besiroglu": MappingProxyType(dict(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)),
    }
)


def _fit_constants(fit):
    return CHINCHILLA_FITS[as_choice(fit, "fit", CHINCHILLA_FITS)]


def training_compute(n_params, n_tokens):
    """Training compute ``6 N D`` in FLOP: about 6 operations per parameter per token.

    Two for the forward pass's multiply-add, four for the backward pass.

    Parameters
    ----------
    n_params : array_like
        Number of parameters ``N``; positive.
    n_tokens : array_like
        Number of training tokens ``D``; positive.

    Returns
    -------
    numpy.ndarray or float
        FLOP, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 2, section *Where the scaling comes from* (Kaplan et al. 2020).

    Examples
    --------
    >>> f"{float(training_compute(175e9, 300e9)):.3g}"  # GPT-3
    '3.15e+23'
    >>> f"{float(training_compute(70e9, 1.4e12)):.3g}"  # Chinchilla
    '5.88e+23'
    >>> training_compute(1e308, 1.4e12)
    Traceback (most recent call last):
    ...
    ValueError: n_params, n_tokens: the compute 6 * n_params * n_tokens overflows float64 (its magnitude would exceed 1.8e308) for these values
    """
    n_params = as_float_array(n_params, "n_params", positive=True)
    n_tokens = as_float_array(n_tokens, "n_tokens", positive=True)
    check_broadcastable(n_params=n_params, n_tokens=n_tokens)
    with np.errstate(over="ignore"):
        compute = 6.0 * n_params * n_tokens
    return finite_result(compute, "n_params, n_tokens", "the compute 6 * n_params * n_tokens")


def kaplan_loss(n_params=None, n_tokens=None, compute_pf_days=None):
    """Kaplan et al.'s single-variable scaling law for exactly one resource.

    ``(N_c / N)^0.076`` for parameters, ``(D_c / D)^0.095`` for tokens, or
    ``(C_c / C)^0.050`` for compute in PF-days (compute used optimally).

    Parameters
    ----------
    n_params : array_like, optional
        Non-embedding parameters; positive.
    n_tokens : array_like, optional
        Training tokens; positive.
    compute_pf_days : array_like, optional
        Training compute in petaflop/s-days (``FLOP / 8.64e19``); positive.

    Returns
    -------
    numpy.ndarray or float
        Test loss in nats per token.

    Notes
    -----
    Defined in Chapter 2, section *Where the scaling comes from*. Each law holds only
    when the other two resources are not the bottleneck; pass exactly one.

    Examples
    --------
    >>> round(float(kaplan_loss(n_params=2e9) / kaplan_loss(n_params=1e9)), 4)  # 2^-0.076
    0.9487
    >>> round(float(kaplan_loss(compute_pf_days=3.1e8)), 6)
    1.0
    """
    given = {
        name: value
        for name, value in (("n_params", n_params), ("n_tokens", n_tokens), ("compute_pf_days", compute_pf_days))
        if value is not None
    }
    if len(given) != 1:
        raise ValueError(
            f"n_params, n_tokens, compute_pf_days: pass exactly one of them; got {sorted(given) or 'none'}"
        )
    name, value = next(iter(given.items()))
    value = as_float_array(value, name, positive=True)
    exponent, scale = {
        "n_params": (KAPLAN["alpha_params"], KAPLAN["scale_params"]),
        "n_tokens": (KAPLAN["alpha_tokens"], KAPLAN["scale_tokens"]),
        "compute_pf_days": (KAPLAN["alpha_compute"], KAPLAN["scale_compute_pf_days"]),
    }[name]
    # In log space: (scale / value) itself can overflow for tiny values.
    return np.exp(exponent * (np.log(scale) - np.log(value)))


def chinchilla_loss(n_params, n_tokens, fit="hoffmann"):
    """Chinchilla's joint law ``L(N, D) = E + A / N^α + B / D^β``.

    Parameters
    ----------
    n_params : array_like
        Parameters ``N``; positive.
    n_tokens : array_like
        Training tokens ``D``; positive.
    fit : {"hoffmann", "hoffmann-unrounded", "besiroglu"}
        Which constants to use (see :data:`CHINCHILLA_FITS`).

    Returns
    -------
    numpy.ndarray or float
        Loss in nats per token; never below the irreducible term ``E``.

    Notes
    -----
    Defined in Chapter 2, section *Where the scaling comes from*.

    Examples
    --------
    >>> round(float(chinchilla_loss(70e9, 1.4e12)), 3)
    1.937
    >>> round(float(chinchilla_loss(70e9, 1.4e12, fit="besiroglu")), 3)
    1.974
    """
    constants = _fit_constants(fit)
    n_params = as_float_array(n_params, "n_params", positive=True)
    n_tokens = as_float_array(n_tokens, "n_tokens", positive=True)
    check_broadcastable(n_params=n_params, n_tokens=n_tokens)
    with np.errstate(over="ignore"):
        loss = (
            constants["E"]
            + np.exp(np.log(constants["A"]) - constants["alpha"] * np.log(n_params))
            + np.exp(np.log(constants["B"]) - constants["beta"] * np.log(n_tokens))
        )
    return finite_result(loss, "n_params, n_tokens", "the loss A / N^alpha + B / D^beta")


def chinchilla_optimal(compute, fit="hoffmann"):
    """Compute-optimal parameters and tokens for a FLOP budget under ``C = 6 N D``.

    Minimising ``E + A/N^α + B/D^β`` subject to ``6 N D = C`` gives the closed form
    ``N_opt = G (C/6)^a`` and ``D_opt = (C/6)^b / G`` with
    ``G = (α A / (β B))^(1/(α+β))``, ``a = β / (α+β)`` and ``b = α / (α+β)``
    (Hoffmann et al. 2022, eq. 4). The tests confirm it against a numerical minimisation.

    Parameters
    ----------
    compute : array_like
        Training budgets in FLOP; positive.
    fit : {"hoffmann", "hoffmann-unrounded", "besiroglu"}
        Which constants to use.

    Returns
    -------
    n_params, n_tokens : numpy.ndarray
        The optimal model size and token count; ``6 * n_params * n_tokens == compute``.

    Notes
    -----
    Defined in Chapter 2, section *Where the scaling comes from*. The exponents make the
    answer sensitive to rounding: at Gopher's budget (5.76e23 FLOP) the rounded constants
    give about 32B parameters, the unrounded ones the paper's own "about 40B".

    Examples
    --------
    >>> n_params, n_tokens = chinchilla_optimal(5.76e23, fit="hoffmann-unrounded")
    >>> round(float(n_params) / 1e9, 1)
    40.3
    >>> n_params, n_tokens = chinchilla_optimal(5.76e23, fit="hoffmann")
    >>> round(float(n_params) / 1e9, 1)
    32.2
    """
    constants = _fit_constants(fit)
    compute = as_float_array(compute, "compute", positive=True)
    alpha, beta = constants["alpha"], constants["beta"]
    scale = (alpha * constants["A"] / (beta * constants["B"])) ** (1.0 / (alpha + beta))
    budget_over_six = compute / 6.0
    n_params = scale * budget_over_six ** (beta / (alpha + beta))
    n_tokens = budget_over_six / n_params
    finite_result(n_tokens, "compute", "the optimal token count")
    return n_params, n_tokens
