"""Checkers for the exercises of Chapter 4, *Technical oversight*.

Used in ``chapters/04_technical_oversight.ipynb``, section *Exercises*. Each checker
returns an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..adversarial import attack_budget
from ..calibration import expected_calibration_error
from ..checking import Feedback, check_function, check_number

__all__ = [
    "check_ece_by_hand",
    "check_ece_function",
    "check_temperature_for_half",
    "check_budget_for_95",
]


def check_ece_by_hand(answer) -> Feedback:
    """Exercise 4.1: ECE (15 bins) of six predictions at 0.9 (four right) and four at 0.6 (three right).

    Examples
    --------
    >>> check_ece_by_hand(0.2).passed
    True
    >>> check_ece_by_hand(0.1).passed
    False
    """
    confidence = [0.9] * 6 + [0.6] * 4
    correct = [1, 1, 1, 1, 0, 0] + [1, 1, 1, 0]
    expected = expected_calibration_error(confidence, correct, n_bins=15)
    return check_number(
        answer, expected, exercise="Exercise 4.1", rtol=0.01,
        hint="The two confidences fall in different bins. For each bin take |accuracy − confidence|, "
             "weight it by the bin's share of the ten predictions, and add. Give a fraction, not a percentage.",
    )


def _ece_cases():
    rng = np.random.default_rng(7)
    confidence = rng.uniform(0.3, 1.0, 200)
    correct = (rng.random(200) < confidence**2).astype(float)
    return [
        dict(confidence=np.array([0.9, 0.9, 0.9, 0.9]), correct=np.array([1.0, 1.0, 1.0, 0.0]), n_bins=15),
        dict(confidence=np.array([0.2, 0.2, 0.8, 0.8]), correct=np.array([0.0, 0.0, 1.0, 1.0]), n_bins=2),
        dict(confidence=np.array([0.5, 0.5, 1.0]), correct=np.array([1.0, 0.0, 1.0]), n_bins=2),
        dict(confidence=confidence, correct=correct, n_bins=15),
        dict(confidence=confidence, correct=correct, n_bins=7),
    ]


def check_ece_function(function) -> Feedback:
    """Exercise 4.3: a student's ``ece(confidence, correct, n_bins)`` with equal-width bins.

    Bins are ``(k/M, (k+1)/M]``; a confidence of exactly 0 belongs to the first bin.

    Examples
    --------
    >>> check_ece_function(expected_calibration_error).passed
    True
    >>> check_ece_function(lambda confidence, correct, n_bins: abs(np.mean(correct) - np.mean(confidence))).passed
    False
    """
    return check_function(
        function, expected_calibration_error, _ece_cases(), exercise="Exercise 4.3", rtol=1e-9, atol=1e-12,
        hint="Give each confidence a bin index with np.ceil(confidence * n_bins) - 1 (clipped to 0), "
             "then use np.bincount with weights to get per-bin sums. A value of exactly 0.5 with two "
             "bins belongs to the first bin.",
    )


def check_temperature_for_half(answer) -> Feedback:
    """Exercise 4.4: the temperature at which logits (3, 0, 0) give the top class probability 1/2.

    Examples
    --------
    >>> check_temperature_for_half(3 / np.log(2)).passed
    True
    """
    expected = 3.0 / np.log(2.0)  # e^(3/T) / (e^(3/T) + 2) = 1/2  <=>  e^(3/T) = 2
    return check_number(
        answer, expected, exercise="Exercise 4.4", rtol=0.005,
        hint="Write the top-class probability as e^(3/T) / (e^(3/T) + 2), set it to 1/2 and solve for T.",
    )


def check_budget_for_95(answer) -> Feedback:
    """Exercise 4.2: attempts needed for 95% success when a = 3.5 and b = 0.35.

    Examples
    --------
    >>> check_budget_for_95(float(attack_budget(0.95, 3.5, 0.35))).passed
    True
    """
    expected = float(attack_budget(0.95, 3.5, 0.35))
    return check_number(
        answer, expected, exercise="Exercise 4.2", rtol=0.02, unit="attempts",
        hint="Solve exp(−a·N^(−b)) = 0.95 for N: N = (a / −ln 0.95)^(1/b).",
    )
