"""Checkers for the exercises of Chapter 2, *Why it matters*.

Used in ``chapters/02_why_it_matters.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer. Expected values
are computed from the shipped data and ``acslib``, never typed in.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from .. import data
from ..checking import Feedback, check_function, check_number
from ..growth import rate_from_annual_factor, time_to_reach
from ..scaling import CHINCHILLA_FITS, FLOP_PER_PF_DAY, chinchilla_loss, training_compute
from ..trends import fit_exponential_trend

__all__ = [
    "check_work_week_year",
    "check_gpt3_pf_days",
    "check_year_compute_reaches_1e27",
    "check_optimal_params",
]


def _paper_v1_trend():
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    return fit_exponential_trend(window["release_date"], window["p50_minutes"])


def check_work_week_year(answer) -> Feedback:
    """Exercise 2.1: the decimal year in which the trend fitted to the paper's v1 window
    (the 11 TH1.0 models up to Claude 3.7 Sonnet) reaches a 50% horizon of one 40-hour
    working week (2,400 minutes).

    Examples
    --------
    >>> check_work_week_year(2028.59).passed
    True
    >>> check_work_week_year(2027.0).passed
    False
    """
    expected = float(_paper_v1_trend().time_to_reach(2400.0))
    return check_number(
        answer, expected, exercise="Exercise 2.1", rtol=0.0, atol=0.05, unit="",
        hint="Fit the rows with in_paper_v1 set (use .where), then ask the trend's time_to_reach for 2400 minutes.",
    )


def check_gpt3_pf_days(answer) -> Feedback:
    """Exercise 2.2: GPT-3's 6ND training compute (175B parameters, 300B tokens) in PF-days.

    Examples
    --------
    >>> check_gpt3_pf_days(3646).passed
    True
    """
    expected = float(training_compute(175e9, 300e9)) / FLOP_PER_PF_DAY
    return check_number(
        answer, expected, exercise="Exercise 2.2", rtol=0.01, unit="PF-days",
        hint="Compute 6·N·D in FLOP, then divide by the FLOP in one petaflop/s-day: 1e15 FLOP/s × 86,400 s.",
    )


def _year_compute_reaches_1e27() -> float:
    compute = data.training_compute()
    row = int(np.flatnonzero(compute["model"] == "Llama 3.1 405B")[0])
    start_year = float(data.decimal_year(compute["release_date"][row]))
    years = float(time_to_reach(1e27, compute["training_flop"][row], rate_from_annual_factor(4.0)))
    return start_year + years


def check_year_compute_reaches_1e27(answer) -> Feedback:
    """Exercise 2.3: the decimal year at which compute growing 4× per year from Llama 3.1
    405B (3.8e25 FLOP, released 2024-07-23) reaches 1e27 FLOP.

    Examples
    --------
    >>> check_year_compute_reaches_1e27(2026.92).passed
    True
    """
    return check_number(
        answer, _year_compute_reaches_1e27(), exercise="Exercise 2.3", rtol=0.0, atol=0.05, unit="",
        hint="Years needed = ln(1e27 / 3.8e25) / ln 4; add them to the release date as a decimal year "
             "(acslib.data.decimal_year).",
    )


def _numerical_optimal_params(compute, E, A, B, alpha, beta):
    """Reference for Exercise 2.4: minimise the loss along C = 6ND numerically."""

    def loss(log_n_params):
        n_params = np.exp(log_n_params)
        n_tokens = compute / (6.0 * n_params)
        return E + A / n_params**alpha + B / n_tokens**beta

    result = optimize.minimize_scalar(loss, bounds=(np.log(1e5), np.log(1e16)), method="bounded",
                                      options={"xatol": 1e-10})
    return float(np.exp(result.x))


def check_optimal_params(function) -> Feedback:
    """Exercise 2.4: a student's closed-form ``optimal_params(compute, E, A, B, alpha, beta)``.

    It is compared with a numerical minimisation of ``E + A/N^alpha + B/D^beta`` along
    ``C = 6ND`` for each of the three published fits at three budgets.

    Examples
    --------
    >>> from acslib.scaling import chinchilla_optimal
    >>> def closed_form(compute, E, A, B, alpha, beta):
    ...     G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    ...     return G * (compute / 6) ** (beta / (alpha + beta))
    >>> check_optimal_params(closed_form).passed
    True
    >>> check_optimal_params(lambda compute, E, A, B, alpha, beta: (compute / 120) ** 0.5).passed
    False
    """
    cases = [
        dict(compute=compute, **constants)
        for constants in CHINCHILLA_FITS.values()
        for compute in (1e21, 5.76e23, 1e26)
    ]
    return check_function(
        function, _numerical_optimal_params, cases, exercise="Exercise 2.4", rtol=1e-4, atol=0.0,
        hint="Substitute D = C/(6N) into the loss, set the derivative with respect to N to zero, and "
             "collect the powers of N on one side.",
    )
