"""Checkers for the exercises of Chapter 5, *Objective stability*.

Used in ``chapters/05_objective_stability.ipynb``, section *Exercises*. Each checker
returns an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Feedback, check_function, check_number
from ..goodhart import best_of_n_kl, gold_reward_iterated_rl, gold_reward_rl_peak, regressional_best_of_n

__all__ = [
    "check_best_of_16_kl",
    "check_regressional_best_of_4",
    "check_rl_peak_kl",
    "check_iterated_reward",
    "check_smallest_fraction",
]



def check_best_of_16_kl(answer) -> Feedback:
    """Exercise 5.1: the KL bound, in nats, of best-of-16 sampling.

    Examples
    --------
    >>> check_best_of_16_kl(1.835).passed
    True
    """
    expected = float(best_of_n_kl(16))
    return check_number(answer, expected, exercise="Exercise 5.1", rtol=0.005, unit="nats",
                        hint="Use log n - (n - 1)/n with the natural logarithm.")


def check_regressional_best_of_4(answer) -> Feedback:
    """Exercise 5.2: expected true value of the best-of-4 winner when error and true value have equal variance.

    Examples
    --------
    >>> check_regressional_best_of_4(0.728).passed
    True
    """
    expected = float(regressional_best_of_n(4, 1.0, 1.0))
    return check_number(answer, expected, exercise="Exercise 5.2", rtol=0.005,
                        hint="The winner's proxy averages e_4 · sqrt(2); only half of any proxy deviation is true value.")


def check_rl_peak_kl(answer) -> Feedback:
    """Exercise 5.3: the KL (nats) at which the RL form with alpha = 1, beta = 0.5 peaks.

    Examples
    --------
    >>> check_rl_peak_kl(7.389).passed
    True
    """
    d_peak, _ = gold_reward_rl_peak(1.0, 0.5)
    return check_number(answer, float(d_peak) ** 2, exercise="Exercise 5.3", rtol=0.005, unit="nats",
                        hint="Find d* from dR/dd = 0, then remember that d is the square root of the KL.")


def check_iterated_reward(function) -> Feedback:
    """Exercise 5.4: a function ``gold_reward_iterated(d, alpha, beta, k)`` for k rounds of RLHF.

    Examples
    --------
    >>> import numpy as np
    >>> mine = lambda d, alpha, beta, k: k * (d / k) * (alpha - beta * np.log(d / k))
    >>> check_iterated_reward(mine).passed
    True
    """
    cases = [
        {"d": d, "alpha": alpha, "beta": beta, "k": k}
        for d, alpha, beta, k in [(1.0, 1.0, 0.5, 1), (2.0, 1.0, 0.5, 2), (5.0, 0.8, 0.3, 4), (0.3, 2.0, 1.0, 3)]
    ]

    def reference(d, alpha, beta, k):
        return float(gold_reward_iterated_rl(d, alpha, beta, k))

    return check_function(function, reference, cases, exercise="Exercise 5.4", rtol=1e-6,
                          hint="Each of the k rounds covers d / k and follows the single-round curve from zero.")


def _smallest_fraction() -> float:
    # The chapter's sweep (fractions 0, 0.02, ..., 0.2; seeds 0-4), cached once per session.
    from ..figures.objective_stability import misgeneralization_results

    results = misgeneralization_results()
    good = results.test_success.mean(axis=1) >= 0.9
    return float(results.fractions[np.argmax(good)])


def check_smallest_fraction(answer) -> Feedback:
    """Exercise 5.5: the smallest randomised fraction on the grid with mean test success of at least 90%.

    Examples
    --------
    >>> check_smallest_fraction(None).passed
    False
    """
    return check_number(answer, _smallest_fraction(), exercise="Exercise 5.5", atol=1e-9, rtol=0.0,
                        hint="Average test success over the five seeds for each fraction, then take the first that reaches 0.9.")
