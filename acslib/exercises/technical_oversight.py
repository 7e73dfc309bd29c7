"""Checkers for the exercises of Chapter 4, *Technical oversight*.

Used in ``chapters/04_technical_oversight.ipynb``, section *Exercises*. Each numeric
checker is a :class:`acslib.checking.NumericAnswer` declaration, with the precision its
prompt states and the common mistakes it recognises; each returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr  # the standard normal CDF, Φ

from ..adversarial import attack_budget
from ..calibration import expected_calibration_error
from ..checking import Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..interpretability import dimensions_per_feature, matched_filter_accuracy

__all__ = [
    "ECE_BY_HAND",
    "BUDGET_FOR_95",
    "TEMPERATURE_FOR_HALF",
    "DIMENSIONS_PER_FEATURE",
    "PROBE_LIMIT",
    "EXERCISE_WEIGHTS",
    "ece_cases",
    "check_ece_by_hand",
    "check_budget_for_95",
    "check_ece_function",
    "check_temperature_for_half",
    "check_dimensions_per_feature",
    "check_probe_limit",
]

# ----------------------------------------------------------------------------- 4.1
_CONFIDENCE_41 = [0.9] * 6 + [0.6] * 4
_CORRECT_41 = [1, 1, 1, 1, 0, 0] + [1, 1, 1, 0]

ECE_BY_HAND = NumericAnswer(
    "Exercise 4.1",
    expected=lambda: expected_calibration_error(_CONFIDENCE_41, _CORRECT_41, n_bins=15),
    precision=SignificantFigures(3),
    hint="The two confidences fall in different bins. For each bin take |accuracy − confidence|, "
         "weight it by the bin's share of the ten predictions, and add.",
    mistakes=[
        Mistake(lambda: 100 * expected_calibration_error(_CONFIDENCE_41, _CORRECT_41, n_bins=15),
                "that is a percentage; give the ECE as a fraction."),
        Mistake((abs(4 / 6 - 0.9) + abs(3 / 4 - 0.6)) / 2,
                "that averages the two bins' gaps equally; weight each gap by its bin's share of the predictions."),
        Mistake(abs(4 / 6 - 0.9) + abs(3 / 4 - 0.6),
                "that adds the two gaps without weighting them; multiply each by its bin's share (6/10 and 4/10)."),
        Mistake(abs(0.6 * (4 / 6 - 0.9) + 0.4 * (3 / 4 - 0.6)),
                "the two bins' gaps have opposite signs and you let them cancel (or put every prediction in one "
                "bin); take the absolute gap in each bin before adding."),
    ],
)


@checks(ECE_BY_HAND)
def check_ece_by_hand(answer) -> Feedback:
    """Exercise 4.1: ECE (15 bins) of six predictions at 0.9 (four right) and four at 0.6 (three right).

    Examples
    --------
    >>> check_ece_by_hand(None).status
    'missing'
    """
    return ECE_BY_HAND.check(answer)


# ----------------------------------------------------------------------------- 4.2
BUDGET_FOR_95 = NumericAnswer(
    "Exercise 4.2",
    expected=lambda: float(attack_budget(0.95, 3.5, 0.35)),
    precision=SignificantFigures(3), unit="attempts",
    hint="Solve exp(−a·N^(−b)) = 0.95 for N: N = (a / −ln 0.95)^(1/b).",
    mistakes=[
        Mistake(lambda: (3.5 / -np.log10(0.95)) ** (1 / 0.35),
                "that uses log base 10; the law's log is the natural log, ln."),
        Mistake((3.5 / 0.05) ** (1 / 0.35),
                "that replaces −ln 0.95 by 1 − 0.95 = 0.05; close, but the law needs −ln 0.95 ≈ 0.0513."),
        Mistake(lambda: (3.5 / -np.log(0.95)) ** 0.35,
                "that raises to the power b; solving a·N^(−b) = c for N needs the power 1/b."),
        Mistake(lambda: float(attack_budget(0.05, 3.5, 0.35)),
                "that is the budget for 5% success; the target is 95%."),
        Mistake(lambda: 3.5 / -np.log(0.95),
                "that is N^b; raise it to the power 1/b to get N."),
    ],
)


@checks(BUDGET_FOR_95)
def check_budget_for_95(answer) -> Feedback:
    """Exercise 4.2: attempts needed for 95% success when a = 3.5 and b = 0.35.

    Examples
    --------
    >>> check_budget_for_95(None).status
    'missing'
    """
    return BUDGET_FOR_95.check(answer)


# ----------------------------------------------------------------------------- 4.3
def ece_cases() -> list:
    """The test cases of Exercise 4.3, in the order the checker runs them.

    The second case puts two confidences exactly on a bin edge (0.5 with two bins) in a
    bin whose gap has the opposite sign to the other bin's, so binning by
    ``np.floor`` (or ``np.histogram`` or ``np.digitize`` with ``right=False``, which put
    0.5 in the upper bin) gives a different ECE; the third holds a confidence of exactly
    0, which ``np.ceil(c·M) − 1`` sends to bin −1 unless it is clipped. The random
    cases catch unweighted or per-bin averages.

    Examples
    --------
    >>> [case["n_bins"] for case in ece_cases()]
    [15, 2, 3, 15, 7]
    """
    rng = np.random.default_rng(7)
    confidence = rng.uniform(0.3, 1.0, 200)
    correct = (rng.random(200) < confidence**2).astype(float)
    return [
        dict(confidence=np.array([0.9, 0.9, 0.9, 0.9]), correct=np.array([1.0, 1.0, 1.0, 0.0]), n_bins=15),
        dict(confidence=np.array([0.5, 0.5, 0.75]), correct=np.array([1.0, 1.0, 0.0]), n_bins=2),
        dict(confidence=np.array([0.0, 0.3, 0.9]), correct=np.array([0.0, 0.0, 1.0]), n_bins=3),
        dict(confidence=confidence, correct=correct, n_bins=15),
        dict(confidence=confidence, correct=correct, n_bins=7),
    ]


def check_ece_function(function) -> Feedback:
    """Exercise 4.3: a student's ``ece(confidence, correct, n_bins)`` with equal-width bins.

    Bins are ``(k/M, (k+1)/M]``; a confidence of exactly 0 belongs to the first bin.

    Examples
    --------
    >>> check_ece_function(None).status
    'missing'
    """
    return check_function(
        function, expected_calibration_error, ece_cases(), exercise="Exercise 4.3", rtol=1e-9, atol=1e-12,
        hint="Bins are closed on the right: a confidence of exactly k/M belongs to bin k − 1, so 0.5 with two "
             "bins is in the first bin (np.floor, np.histogram and np.digitize put it in the second). "
             "np.ceil(confidence * n_bins) - 1, clipped to 0 for a confidence of 0, gives the right index.",
    )


# ----------------------------------------------------------------------------- 4.4
TEMPERATURE_FOR_HALF = NumericAnswer(
    "Exercise 4.4",
    expected=lambda: 3.0 / np.log(2.0),  # e^(3/T) / (e^(3/T) + 2) = 1/2  <=>  e^(3/T) = 2
    precision=SignificantFigures(3),
    hint="Write the top-class probability as e^(3/T) / (e^(3/T) + 2), set it to 1/2 and solve for T.",
    mistakes=[
        Mistake(lambda: 3.0 / np.log10(2.0), "that uses log base 10; the softmax exponent is e, so use ln."),
        Mistake(lambda: np.log(2.0) / 3.0, "that is 1/T; you solved for the inverse temperature."),
        Mistake(lambda: 3.0 / np.log(3.0),
                "that sets e^(3/T) = 3; the other two classes each contribute e^0 = 1, so e^(3/T) must equal 2."),
    ],
)


@checks(TEMPERATURE_FOR_HALF)
def check_temperature_for_half(answer) -> Feedback:
    """Exercise 4.4: the temperature at which logits (3, 0, 0) give the top class probability 1/2.

    Examples
    --------
    >>> check_temperature_for_half(None).status
    'missing'
    """
    return TEMPERATURE_FOR_HALF.check(answer)


# ----------------------------------------------------------------------------- 4.6
#: The weight matrix of Exercise 4.6, with two hidden dimensions (rows) and five features (columns).
EXERCISE_WEIGHTS = ((1.0, -1.0, 0.0, 0.0, 0.3),
                    (0.0, 0.0, 1.0, -1.0, 0.3))

DIMENSIONS_PER_FEATURE = NumericAnswer(
    "Exercise 4.6",
    expected=lambda: float(dimensions_per_feature(np.array(EXERCISE_WEIGHTS))),
    precision=SignificantFigures(3),
    hint="D* = m / ‖W‖_F²: m is the number of hidden dimensions (rows), and ‖W‖_F² the sum of every squared entry.",
    mistakes=[
        Mistake(lambda: 1 / float(dimensions_per_feature(np.array(EXERCISE_WEIGHTS))),
                "that is ‖W‖_F² / m, features per dimension; D* is its inverse, dimensions per feature."),
        Mistake(2 / 4, "that leaves out the fifth feature's small column; ‖W‖_F² counts every entry of W."),
        Mistake(lambda: 2 / np.sqrt((np.array(EXERCISE_WEIGHTS) ** 2).sum()),
                "that divides by the Frobenius norm; D* divides by its square."),
        Mistake(lambda: 5 / (np.array(EXERCISE_WEIGHTS) ** 2).sum(),
                "that uses n = 5 features; the numerator is m, the number of hidden dimensions."),
    ],
)


@checks(DIMENSIONS_PER_FEATURE)
def check_dimensions_per_feature(answer) -> Feedback:
    """Exercise 4.6: D* of the toy model's 2 × 5 weight matrix ``EXERCISE_WEIGHTS``.

    Examples
    --------
    >>> check_dimensions_per_feature(None).status
    'missing'
    """
    return DIMENSIONS_PER_FEATURE.check(answer)


# ----------------------------------------------------------------------------- 4.7
_M_47, _N_47, _P_47 = 256, 8192, 0.01


def _sigma_47() -> float:
    return float(np.sqrt(_P_47 * (1 - _P_47) * (_N_47 - 1) / _M_47))


PROBE_LIMIT = NumericAnswer(
    "Exercise 4.7",
    expected=lambda: float(matched_filter_accuracy(_M_47, _N_47, _P_47)),
    precision=SignificantFigures(2),
    hint="First σ² = p(1 − p)(n − 1)/m, then the balanced accuracy Φ(1/(2σ)), with Φ the standard normal CDF.",
    mistakes=[
        Mistake(lambda: float(ndtr(1 / _sigma_47())),
                "that is Φ(1/σ); the threshold sits half-way, so the margin on each side is 1/2: use Φ(1/(2σ))."),
        Mistake(lambda: float(ndtr(1 / (2 * _sigma_47() ** 2))),
                "that divides by the variance σ²; Φ takes a margin in standard deviations, σ."),
        Mistake(lambda: float(matched_filter_accuracy(_M_47, _N_47, 0.5)),
                "that is the dense case, p = 0.5; the other features are active with probability 0.01."),
        Mistake(lambda: 1 - float(matched_filter_accuracy(_M_47, _N_47, _P_47)),
                "that is the error rate, 1 − Φ(1/(2σ)); the question asks for the accuracy."),
        Mistake(lambda: 100 * float(matched_filter_accuracy(_M_47, _N_47, _P_47)),
                "that is a percentage; give the balanced accuracy as a fraction between 0.5 and 1."),
    ],
)


@checks(PROBE_LIMIT)
def check_probe_limit(answer) -> Feedback:
    """Exercise 4.7: matched-filter balanced accuracy for 8,192 features in 256 dimensions at activity 0.01.

    Examples
    --------
    >>> check_probe_limit(None).status
    'missing'
    """
    return PROBE_LIMIT.check(answer)
