"""Checkers for the exercises of Chapter 2, *Why it matters*.

Used in ``chapters/02_why_it_matters.ipynb``, section *Exercises*. Each checker returns
an :class:`acslib.checking.Feedback` and never raises on a wrong answer. Expected values
are computed from the shipped data and ``acslib``, never typed in.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from .. import data
from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..growth import rate_from_annual_factor, time_to_reach
from ..scaling import CHINCHILLA_FITS, FLOP_PER_PF_DAY, chinchilla_loss, training_compute
from ..trends import fit_exponential_trend

__all__ = [
    "check_work_week_year",
    "check_gpt3_pf_days",
    "check_year_compute_reaches_1e27",
    "check_optimal_params",
]

#: A 40-hour working week, in minutes (Exercise 2.1).
WORK_WEEK_MINUTES = 40 * 60.0


def _paper_v1_trend():
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    return fit_exponential_trend(window["release_date"], window["p50_minutes"])


def _all_models_trend():
    horizons = data.metr_horizons("TH1.0")
    return fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"])


def _v1_year(minutes: float) -> float:
    return float(_paper_v1_trend().time_to_reach(minutes))


WORK_WEEK_YEAR = NumericAnswer(
    "Exercise 2.1",
    expected=lambda: _v1_year(WORK_WEEK_MINUTES),
    precision=Decimals(1), unit="",
    hint="Fit the rows with in_paper_v1 set (use .where), then ask the trend's time_to_reach for the "
         "week's length in minutes.",
    mistakes=[
        Mistake(lambda: _v1_year(40.0),
                "that is when the horizon reaches 40 minutes; the horizon is in minutes, so convert "
                "40 hours to minutes first."),
        Mistake(lambda: _v1_year(WORK_WEEK_MINUTES * 60.0),
                "that treats 2,400 as hours (2,400 × 60 minutes); a 40-hour week is 2,400 minutes."),
        Mistake(lambda: float(_all_models_trend().time_to_reach(WORK_WEEK_MINUTES)),
                "that fits all thirteen models; the question asks for the trend of the paper's v1 "
                "window (in_paper_v1)."),
        Mistake(lambda: _v1_year(7 * 24 * 60.0),
                "that uses a full 168-hour week; the question asks for a 40-hour working week."),
        Mistake(lambda: _v1_year(8 * 60.0),
                "that is one 8-hour working day; the question asks for a 40-hour week."),
        Mistake(lambda: float(np.round(_v1_year(WORK_WEEK_MINUTES))),
                "that is rounded to a whole year; give the decimal year to the nearest 0.1."),
    ],
)

GPT3_PF_DAYS = NumericAnswer(
    "Exercise 2.2",
    expected=lambda: float(training_compute(175e9, 300e9)) / FLOP_PER_PF_DAY,
    precision=SignificantFigures(3), unit="PF-days",
    hint="Compute 6·N·D in FLOP, then divide by the FLOP in one petaflop/s-day: 1e15 FLOP/s × 86,400 s.",
    mistakes=[
        Mistake(lambda: 175e9 * 300e9 / FLOP_PER_PF_DAY,
                "that counts one operation per parameter per token; the rule is 6·N·D."),
        Mistake(lambda: 2 * 175e9 * 300e9 / FLOP_PER_PF_DAY,
                "that counts only the forward pass (2·N·D); training adds the backward pass, 6·N·D in all."),
        Mistake(lambda: float(training_compute(175e9, 300e9)) / (1e15 * 3600.0),
                "that divides by a petaflop/s-hour (3,600 s); a day has 86,400 seconds."),
        Mistake(lambda: float(training_compute(175e9, 300e9)) / 1e15,
                "that is in petaflop/s-seconds; divide by the 86,400 seconds of a day as well."),
        Mistake(lambda: 3.14e23 / FLOP_PER_PF_DAY,
                "that converts the reported 3.14e23 FLOP; the question asks for the 6ND count."),
    ],
)


def _llama_start():
    compute = data.training_compute()
    row = int(np.flatnonzero(compute["model"] == "Llama 3.1 405B")[0])
    return float(data.decimal_year(compute["release_date"][row])), float(compute["training_flop"][row])


def _years_to(flop: float, factor: float = 4.0) -> float:
    _, start_flop = _llama_start()
    return float(time_to_reach(flop, start_flop, rate_from_annual_factor(factor)))


def _year_compute_reaches_1e27() -> float:
    start_year, _ = _llama_start()
    return start_year + _years_to(1e27)


COMPUTE_1E27_YEAR = NumericAnswer(
    "Exercise 2.3",
    expected=_year_compute_reaches_1e27,
    precision=Decimals(1), unit="",
    hint="Years needed = ln(1e27 / 3.8e25) / ln 4; add them to the release date as a decimal year "
         "(acslib.data.decimal_year).",
    mistakes=[
        Mistake(lambda: _llama_start()[0] + _years_to(1e27, factor=5.0),
                "that grows 5× per year; the scenario is 4× per year."),
        Mistake(lambda: _years_to(1e27),
                "that is how many years it takes; add them to the release date to get the year."),
        Mistake(lambda: 2024.0 + _years_to(1e27),
                "that starts from the beginning of 2024; start from the release date, 2024-07-23, "
                "as a decimal year."),
        Mistake(lambda: 2025.0 + _years_to(1e27),
                "that starts from 2025; start from the release date, 2024-07-23, as a decimal year."),
        Mistake(lambda: _llama_start()[0] + float(np.log(1e27 / _llama_start()[1]) / 4.0),
                "that uses 4 as the continuous rate; a factor of 4 per year is a rate of ln 4."),
        Mistake(lambda: _llama_start()[0] + _years_to(1e26),
                "that is when the scenario reaches 1e26 FLOP; the question asks for 1e27."),
    ],
)


@checks(WORK_WEEK_YEAR)
def check_work_week_year(answer) -> Feedback:
    """Exercise 2.1: the decimal year in which the trend fitted to the paper's v1 window
    (the 11 TH1.0 models up to Claude 3.7 Sonnet) reaches a 50% horizon of one 40-hour
    working week (2,400 minutes).

    Examples
    --------
    >>> check_work_week_year(None).status
    'missing'
    """
    return WORK_WEEK_YEAR.check(answer)


@checks(GPT3_PF_DAYS)
def check_gpt3_pf_days(answer) -> Feedback:
    """Exercise 2.2: GPT-3's 6ND training compute (175B parameters, 300B tokens) in PF-days.

    Examples
    --------
    >>> check_gpt3_pf_days(None).status
    'missing'
    """
    return GPT3_PF_DAYS.check(answer)


@checks(COMPUTE_1E27_YEAR)
def check_year_compute_reaches_1e27(answer) -> Feedback:
    """Exercise 2.3: the decimal year at which compute growing 4× per year from Llama 3.1
    405B (3.8e25 FLOP, released 2024-07-23) reaches 1e27 FLOP.

    Examples
    --------
    >>> check_year_compute_reaches_1e27(None).status
    'missing'
    """
    return COMPUTE_1E27_YEAR.check(answer)


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
    >>> check_optimal_params(None).status
    'missing'
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
