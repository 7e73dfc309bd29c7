"""Checkers for the exercises of Chapter 7, *Monitoring systems*.

Used in ``chapters/07_monitoring_systems.ipynb``, section *Exercises*. Each numeric checker
is a :class:`acslib.checking.NumericAnswer` declaration (the precision the prompt asks for,
and the common mistakes with feedback that points at them); each checker returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, WholeNumber, check_function, checks
from ..monitoring import CUSUM, adwin_epsilon, audit_sample_size, cusum_arl, psi, simulate_audit_programme

__all__ = [
    "PSI_BY_HAND",
    "AUDIT_SIZE",
    "ADWIN_THRESHOLD",
    "THRESHOLD_FOR_ARL",
    "SIX_MONTH_DETECTION",
    "SIX_MONTH_RATES",
    "SIX_MONTH_REVIEWS",
    "check_psi_by_hand",
    "check_audit_size",
    "check_adwin_threshold",
    "check_threshold_for_arl",
    "check_cusum_function",
    "check_six_month_detection",
]

_REFERENCE = np.full(4, 0.25)
_RECENT = np.array([0.10, 0.20, 0.30, 0.40])

PSI_BY_HAND = NumericAnswer(
    "Exercise 7.1",
    expected=lambda: psi(_REFERENCE, _RECENT),
    precision=SignificantFigures(3),
    hint="Add (a − e)·ln(a/e) over the four bins, with natural logarithms.",
    mistakes=[
        Mistake(lambda: float(np.sum((_RECENT - _REFERENCE) * np.log10(_RECENT / _REFERENCE))),
                "that uses base-10 logarithms; PSI uses natural logarithms (ln)."),
        Mistake(lambda: -psi(_REFERENCE, _RECENT),
                "the sign is flipped: every term (a − e)·ln(a/e) is positive, because both factors share a sign."),
        Mistake(lambda: float(np.sum(_RECENT * np.log(_RECENT / _REFERENCE))),
                "that is the one-way Kullback–Leibler divergence Σ a·ln(a/e); PSI weights each log by (a − e)."),
        Mistake(lambda: float(np.sum(_REFERENCE * np.log(_REFERENCE / _RECENT))),
                "that is the one-way Kullback–Leibler divergence Σ e·ln(e/a); PSI weights each log by (a − e)."),
        Mistake(lambda: float(np.sum((_RECENT - _REFERENCE) ** 2 / _REFERENCE)),
                "that is Σ (a − e)²/e, a chi-square distance; PSI multiplies (a − e) by ln(a/e)."),
        Mistake(lambda: 100 * psi(_REFERENCE, _RECENT),
                "that looks like a percentage; PSI is a plain number, with shares as fractions."),
    ],
)


@checks(PSI_BY_HAND)
def check_psi_by_hand(answer) -> Feedback:
    """Exercise 7.1: PSI between quartile shares (0.25 each) and shares 0.10, 0.20, 0.30, 0.40.

    Examples
    --------
    >>> check_psi_by_hand(None).status
    'missing'
    """
    return PSI_BY_HAND.check(answer)


_AUDIT_RATE, _AUDIT_CONFIDENCE = 1 / 2000, 0.99
_APPROXIMATE_AUDIT = -math.log(1 - _AUDIT_CONFIDENCE) / _AUDIT_RATE  # −ln(1 − c)/p, not a whole number

AUDIT_SIZE = NumericAnswer(
    "Exercise 7.2",
    expected=lambda: audit_sample_size(_AUDIT_RATE, _AUDIT_CONFIDENCE),
    precision=WholeNumber(), unit="reviews",
    hint="Solve 1 − (1 − p)^n ≥ 0.99 for the smallest whole n: take logarithms, then round up.",
    mistakes=[
        Mistake(lambda: audit_sample_size(_AUDIT_RATE, _AUDIT_CONFIDENCE) - 1,
                "that sample falls just short: 1 − (1 − p)^n is still below 0.99 there. The smallest "
                "sufficient n is the exact solution rounded up, not to the nearest."),
        Mistake(lambda: round(_APPROXIMATE_AUDIT),
                "that is the approximation −ln(0.01)/p; the question asks for the exact smallest sample, "
                "from ln(1 − p) rather than −p."),
        Mistake(lambda: math.ceil(_APPROXIMATE_AUDIT),
                "that is the approximation −ln(0.01)/p rounded up; the question asks for the exact smallest "
                "sample, from ln(1 − p) rather than −p."),
        Mistake(lambda: audit_sample_size(_AUDIT_RATE, 0.95),
                "that is the sample for 95% confidence; the question asks for 99%."),
        Mistake(lambda: 3 / _AUDIT_RATE,
                "that is the rule of three, 3/p, which is the 95% case; at 99% the factor is −ln(0.01) ≈ 4.6, "
                "and the question asks for the exact sample."),
    ],
)


@checks(AUDIT_SIZE)
def check_audit_size(answer) -> Feedback:
    """Exercise 7.2: reviews needed to see a 1-in-2,000 failure with 99 % probability.

    Examples
    --------
    >>> check_audit_size(None).status
    'missing'
    """
    return AUDIT_SIZE.check(answer)


_N_OLD, _N_NEW, _DELTA = 200, 50, 0.002


def _hoeffding(harmonic, log_argument):
    return math.sqrt(math.log(log_argument) / (2 * harmonic))


_M = 1 / (1 / _N_OLD + 1 / _N_NEW)
_DELTA_PRIME = _DELTA / (_N_OLD + _N_NEW)

ADWIN_THRESHOLD = NumericAnswer(
    "Exercise 7.3",
    expected=lambda: float(adwin_epsilon(_N_OLD, _N_NEW, _DELTA)),
    precision=SignificantFigures(3),
    hint="m is 1/(1/n0 + 1/n1), and δ′ is δ divided by the whole window, n0 + n1.",
    mistakes=[
        Mistake(lambda: _hoeffding(_M, 4 / _DELTA),
                "that uses δ itself; the bound needs δ′ = δ/n, with n = n0 + n1 the whole window."),
        Mistake(lambda: _hoeffding(_M, 4 / (_DELTA / _N_NEW)),
                "that divides δ by the newer part only; δ′ = δ/n uses the whole window, n0 + n1."),
        Mistake(lambda: _hoeffding(2 * _M, 4 / _DELTA_PRIME),
                "that takes m as the harmonic mean 2/(1/n0 + 1/n1); ADWIN's m is half of it, 1/(1/n0 + 1/n1)."),
        Mistake(lambda: _hoeffding(_N_OLD + _N_NEW, 4 / _DELTA_PRIME),
                "that takes m as the whole window n0 + n1; ADWIN's m is 1/(1/n0 + 1/n1)."),
        Mistake(lambda: _hoeffding(_M, 2 / _DELTA_PRIME),
                "that uses ln(2/δ′), the Bernstein form's logarithm; the Hoeffding form has ln(4/δ′)."),
        Mistake(lambda: math.sqrt(math.log10(4 / _DELTA_PRIME) / (2 * _M)),
                "that uses a base-10 logarithm; the bound uses natural logarithms (ln)."),
    ],
)


@checks(ADWIN_THRESHOLD)
def check_adwin_threshold(answer) -> Feedback:
    """Exercise 7.3: ADWIN's Hoeffding cut threshold for sub-windows of 200 and 50, δ = 0.002.

    Examples
    --------
    >>> check_adwin_threshold(None).status
    'missing'
    """
    return ADWIN_THRESHOLD.check(answer)


def _threshold_for_arl(k, target_arl):
    return optimize.brentq(lambda h: float(cusum_arl(k, h, 0.0)) - target_arl, 0.01, 50.0, xtol=1e-12)


THRESHOLD_FOR_ARL = NumericAnswer(
    "Exercise 7.4",
    expected=lambda: _threshold_for_arl(0.5, 500.0),
    precision=Decimals(2),
    hint="cusum_arl rises with h; solve cusum_arl(0.5, h, 0.0) = 500 with scipy.optimize.brentq.",
    mistakes=[
        Mistake(lambda: _threshold_for_arl(0.5, 500.0) + 1.166,
                "that is b = h + 1.166; the threshold h is b without Siegmund's overshoot correction."),
        Mistake(lambda: _threshold_for_arl(0.5, 168.0),
                "that gives a false alarm every 168 hours (a week); the question asks for 500 hours."),
        Mistake(lambda: _threshold_for_arl(1.0, 500.0),
                "that uses k = 1; the question's allowance is k = 0.5, half the one-standard-deviation shift."),
        Mistake(lambda: _threshold_for_arl(0.5, 250.0),
                "that targets 250 hours; with one one-sided stream the in-control ARL itself must be 500."),
    ],
)


@checks(THRESHOLD_FOR_ARL)
def check_threshold_for_arl(answer) -> Feedback:
    """Exercise 7.4: the CUSUM threshold h (k = 0.5) whose Siegmund in-control ARL is 500.

    Examples
    --------
    >>> check_threshold_for_arl(None).status
    'missing'
    """
    return THRESHOLD_FOR_ARL.check(answer)


def _reference_cusum_path(stream, k):
    return CUSUM(k=k, h=1.0).statistic(stream)


def check_cusum_function(function) -> Feedback:
    """Exercise 7.5: a student's ``cusum_path(stream, k)`` returning ``S_t`` after each step.

    Examples
    --------
    >>> check_cusum_function(None).status
    'missing'
    """
    rng = np.random.default_rng(70)
    cases = [
        {"stream": np.array([1.0, 2.0, -3.0, 1.5]), "k": 0.5},
        {"stream": np.zeros(5), "k": 0.0},
        {"stream": np.array([-1.0, -1.0, 2.0]), "k": 0.5},
        {"stream": rng.normal(0.3, 1.0, size=200), "k": 0.5},
        {"stream": rng.normal(-1.0, 1.0, size=50), "k": 0.25},
    ]
    return check_function(
        function, _reference_cusum_path, cases, exercise="Exercise 7.5",
        hint="Start at S = 0, add x − k each step, and clip at zero from below (never let S go negative).",
    )


#: Monthly failure rates in Exercise 7.6, starting at 1 in 10,000 and doubling.
SIX_MONTH_RATES = 1e-4 * 2.0 ** np.arange(6)
#: Reviews per month in Exercise 7.6.
SIX_MONTH_REVIEWS = 500


def _found_by_end(rates):
    return float(simulate_audit_programme(rates, SIX_MONTH_REVIEWS, n_runs=1, seed=0).cumulative_detection[-1])


SIX_MONTH_DETECTION = NumericAnswer(
    "Exercise 7.6",
    expected=lambda: _found_by_end(SIX_MONTH_RATES),
    precision=SignificantFigures(3),
    hint="Multiply the monthly probabilities of seeing nothing, (1 − p_m)^500, and subtract the product from 1.",
    mistakes=[
        Mistake(lambda: _found_by_end(SIX_MONTH_RATES[-1:]),
                "that counts only the sixth month; the audit has six chances, one a month."),
        Mistake(lambda: _found_by_end(SIX_MONTH_RATES[:5]),
                "that covers five months; the rate doubles after each of the first five, over six months in all."),
        Mistake(lambda: _found_by_end(2 * SIX_MONTH_RATES),
                "that starts the doubling one month early: month one has the rate 1 in 10,000 itself."),
        Mistake(lambda: _found_by_end(np.full(6, 1e-4)),
                "that keeps the rate at 1 in 10,000; it doubles every month."),
    ],
)


@checks(SIX_MONTH_DETECTION)
def check_six_month_detection(answer) -> Feedback:
    """Exercise 7.6: probability that 500 reviews a month find the doubling failure within 6 months.

    Examples
    --------
    >>> check_six_month_detection(None).status
    'missing'
    """
    return SIX_MONTH_DETECTION.check(answer)
