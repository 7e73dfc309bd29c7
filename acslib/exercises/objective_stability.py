"""Checkers for the exercises of Chapter 5, *Objective stability*.

Used in ``chapters/05_objective_stability.ipynb``, section *Exercises*. Each numeric checker
is a :class:`acslib.checking.NumericAnswer` declaration with the precision its prompt
states and the common mistakes it recognises; each checker returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from ..checking import (
    Decimals,
    Feedback,
    Mistake,
    NumericAnswer,
    SignificantFigures,
    check_function,
    checks,
)
from ..goodhart import (
    best_of_n_kl,
    conditional_true_value_student_t,
    expected_max_normal,
    gold_reward_bon_peak,
    gold_reward_iterated_rl,
    gold_reward_rl_peak,
    regressional_best_of_n,
    student_t_scale,
)
from ..misgeneralization import misgeneralization_sweep

__all__ = [
    "BEST_OF_16_KL",
    "REGRESSIONAL_BEST_OF_4",
    "RL_PEAK_KL",
    "SMALLEST_FRACTION",
    "REGRESSION_PEAK",
    "check_best_of_16_kl",
    "check_regressional_best_of_4",
    "check_rl_peak_kl",
    "check_iterated_reward",
    "check_smallest_fraction",
    "check_regression_peak",
]


# ----------------------------------------------------------------------- Exercise 5.1
BEST_OF_16_KL = NumericAnswer(
    "Exercise 5.1",
    expected=lambda: best_of_n_kl(16),
    precision=SignificantFigures(3), unit="nats",
    hint="Use the bound log n − (n − 1)/n with the natural logarithm.",
    mistakes=[
        Mistake(np.log10(16) - 15 / 16, "that uses log base 10; nats need the natural logarithm, ln."),
        Mistake(np.log2(16) - 15 / 16, "that uses log base 2 (bits); nats need the natural logarithm, ln."),
        Mistake(np.log(16), "that is log n alone; the bound subtracts (n − 1)/n."),
        Mistake(np.log(16) + 15 / 16, "the bound subtracts (n − 1)/n; it does not add it."),
        Mistake(lambda: np.sqrt(best_of_n_kl(16)), "that is d = √KL; the question asks for the KL itself."),
    ],
)


@checks(BEST_OF_16_KL)
def check_best_of_16_kl(answer) -> Feedback:
    """Exercise 5.1: the KL bound, in nats, of best-of-16 sampling.

    Examples
    --------
    >>> check_best_of_16_kl(None).status
    'missing'
    """
    return BEST_OF_16_KL.check(answer)


# ----------------------------------------------------------------------- Exercise 5.2
#: Standard deviation of the reward-model error in Exercise 5.2 (true value: 1).
REGRESSIONAL_NOISE = 0.75

REGRESSIONAL_BEST_OF_4 = NumericAnswer(
    "Exercise 5.2",
    expected=lambda: regressional_best_of_n(4, 1.0, REGRESSIONAL_NOISE),
    precision=SignificantFigures(3),
    hint="The winner's proxy averages e_4 · s with s = √(1 + 0.75²); only the share 1/s² of it is true value.",
    mistakes=[
        Mistake(lambda: expected_max_normal(4) * np.hypot(1.0, REGRESSIONAL_NOISE),
                "that is the winner's expected proxy score; the question asks for its true value."),
        Mistake(lambda: expected_max_normal(4),
                "that is what a perfect proxy would give; the error takes a share of the winner's score."),
        Mistake(lambda: expected_max_normal(4) / (1 + REGRESSIONAL_NOISE**2),
                "that multiplies e_4 by the share 1/s² but forgets that the proxy's spread is s, not 1."),
        Mistake(lambda: np.sqrt(2 * np.log(4)) / np.hypot(1.0, REGRESSIONAL_NOISE),
                "that uses √(2 ln n) for the expected maximum, which is poor at small n; use the exact e_4."),
        Mistake(lambda: expected_max_normal(4) / np.sqrt(1 + REGRESSIONAL_NOISE),
                "0.75 is the error's standard deviation; square it to get its variance."),
        Mistake(lambda: regressional_best_of_n(4, 1.0, 1.0),
                "that is the answer for an error as large as the true spread; here its s.d. is 0.75."),
    ],
)


@checks(REGRESSIONAL_BEST_OF_4)
def check_regressional_best_of_4(answer) -> Feedback:
    """Exercise 5.2: expected true value of the best-of-4 winner when the error's s.d. is 0.75 of the true value's.

    Examples
    --------
    >>> check_regressional_best_of_4(None).status
    'missing'
    """
    return REGRESSIONAL_BEST_OF_4.check(answer)


# ----------------------------------------------------------------------- Exercise 5.3
#: Coefficients of the RL form in Exercise 5.3.
RL_ALPHA, RL_BETA = 1.2, 0.5

RL_PEAK_KL = NumericAnswer(
    "Exercise 5.3",
    expected=lambda: gold_reward_rl_peak(RL_ALPHA, RL_BETA)[0] ** 2,
    precision=SignificantFigures(3), unit="nats",
    hint="Set dR/dd = α − β log d − β to zero, solve for d*, then remember that d is the square root of the KL.",
    mistakes=[
        Mistake(lambda: gold_reward_rl_peak(RL_ALPHA, RL_BETA)[0],
                "that is d* itself; the KL is d*², since d = √KL."),
        Mistake(lambda: gold_reward_rl_peak(RL_ALPHA, RL_BETA)[1],
                "that is the height of the peak, β·d*; the question asks where it is, as a KL."),
        Mistake(lambda: gold_reward_bon_peak(RL_ALPHA, RL_BETA)[0] ** 2,
                "that is the peak of the best-of-n form d(α − βd); this is the RL form d(α − β log d)."),
        Mistake(lambda: np.exp(2 * RL_ALPHA / RL_BETA),
                "differentiating d·log d gives log d + 1: the −β term moves the peak to e^(α/β − 1)."),
    ],
)


@checks(RL_PEAK_KL)
def check_rl_peak_kl(answer) -> Feedback:
    """Exercise 5.3: the KL (nats) at which the RL form with alpha = 1.2, beta = 0.5 peaks.

    Examples
    --------
    >>> check_rl_peak_kl(None).status
    'missing'
    """
    return RL_PEAK_KL.check(answer)


# ----------------------------------------------------------------------- Exercise 5.4
_ITERATED_CASES = [
    {"d": d, "alpha": alpha, "beta": beta, "k": k}
    for d, alpha, beta, k in [(1.0, 1.0, 0.5, 1), (2.0, 1.0, 0.5, 2), (5.0, 0.8, 0.3, 4), (0.3, 2.0, 1.0, 3)]
]


def _iterated_reference(d, alpha, beta, k):
    return float(gold_reward_iterated_rl(d, alpha, beta, k))


def check_iterated_reward(function) -> Feedback:
    """Exercise 5.4: a function ``gold_reward_iterated(d, alpha, beta, k)`` for k rounds of RLHF.

    Examples
    --------
    >>> check_iterated_reward(None).status
    'missing'
    """
    return check_function(function, _iterated_reference, _ITERATED_CASES, exercise="Exercise 5.4", rtol=1e-6,
                          hint="Each of the k rounds covers d / k and follows the single-round curve from zero.")


# ----------------------------------------------------------------------- Exercise 5.5
#: Mean test success (over the sweep's five seeds) that Exercise 5.5 asks for.
FRACTION_THRESHOLD = 0.95


def _mean_over_seeds(key: str):
    """The chapter's sweep (fractions 0, 0.02, ..., 0.2; seeds 0-4): fractions and the mean of
    ``key`` over the seeds at each. Trained once and cached by the figures module (about half a
    second when the chapter's figure has not already done it)."""
    from ..figures.objective_stability import misgeneralization_results

    results = misgeneralization_results()
    return results.fractions, getattr(results, key).mean(axis=1)


def _smallest_fraction(threshold: float) -> float:
    """The first fraction on the chapter's grid whose mean test success reaches ``threshold``."""
    fractions, means = _mean_over_seeds("test_success")
    passing = np.flatnonzero(means >= threshold)
    if passing.size == 0:
        raise ValueError(f"threshold: no fraction on the grid reaches {threshold:g}")
    return float(fractions[passing[0]])


def _fraction_from_which_it_stays(threshold: float) -> float:
    """The fraction from which on every mean test success on the grid is at least ``threshold``."""
    fractions, means = _mean_over_seeds("test_success")
    failing = np.flatnonzero(means < threshold)
    return float(fractions[failing[-1] + 1]) if failing.size else float(fractions[0])


def _first_proxy_below_one_percent() -> float:
    fractions, means = _mean_over_seeds("proxy_rate")
    return float(fractions[np.flatnonzero(means < 0.01)[0]])


SMALLEST_FRACTION = NumericAnswer(
    "Exercise 5.5",
    expected=lambda: _smallest_fraction(FRACTION_THRESHOLD),
    precision=Decimals(2),
    hint="Average test success over the five seeds for each fraction, then take the first fraction that reaches 0.95.",
    mistakes=[
        Mistake(lambda: 100 * _smallest_fraction(FRACTION_THRESHOLD),
                "that is a percentage; answer as a fraction of the training levels (0.5, not 50)."),
        Mistake(lambda: _smallest_fraction(0.9),
                "that fraction is the first to reach 90% mean test success; the question asks for 95%."),
        Mistake(lambda: _fraction_from_which_it_stays(FRACTION_THRESHOLD),
                "from that fraction on the mean stays at 95% or more; the question asks for the first fraction "
                "that reaches 95%, even if a larger one dips below it again."),
        Mistake(_first_proxy_below_one_percent,
                "that is where proxy pursuit falls below 1%; the question asks about test success."),
    ],
)


@checks(SMALLEST_FRACTION)
def check_smallest_fraction(answer) -> Feedback:
    """Exercise 5.5: the smallest randomised fraction on the grid with mean test success of at least 95%.

    Examples
    --------
    >>> check_smallest_fraction(None).status
    'missing'
    """
    return SMALLEST_FRACTION.check(answer)


# ----------------------------------------------------------------------- Exercise 5.6
#: Standard deviation and degrees of freedom of the reward-model error in Exercise 5.6.
PEAK_ERROR_SD, PEAK_DOF = 0.35, 3.0


def _regression_peak(scale: float) -> tuple:
    """Location and height of the maximum of E[X | P = c] (standard normal X, Student-t error)."""
    result = optimize.minimize_scalar(
        lambda c: -float(conditional_true_value_student_t(c, 1.0, scale, PEAK_DOF)),
        bounds=(0.1, 30.0), method="bounded", options={"xatol": 1e-9},
    )
    return float(result.x), float(-result.fun)


REGRESSION_PEAK = NumericAnswer(
    "Exercise 5.6",
    expected=lambda: _regression_peak(float(student_t_scale(PEAK_ERROR_SD, PEAK_DOF)))[1],
    precision=SignificantFigures(3),
    hint=("Evaluate goodhart.conditional_true_value_student_t on a fine grid of proxy scores from 0 to 10 "
          "with sigma_noise = goodhart.student_t_scale(0.35) and take the largest value."),
    mistakes=[
        Mistake(lambda: _regression_peak(PEAK_ERROR_SD)[1],
                "that uses 0.35 as the Student-t scale; its standard deviation is then 0.35·√3. "
                "Convert with goodhart.student_t_scale."),
        Mistake(lambda: _regression_peak(float(student_t_scale(PEAK_ERROR_SD, PEAK_DOF)))[0],
                "that is the proxy score at which the peak sits; the question asks for its height, "
                "the largest expected true value."),
    ],
)


@checks(REGRESSION_PEAK)
def check_regression_peak(answer) -> Feedback:
    """Exercise 5.6: the largest expected true value any proxy score buys, with Student-t error of s.d. 0.35.

    Examples
    --------
    >>> check_regression_peak(None).status
    'missing'
    """
    return REGRESSION_PEAK.check(answer)
