"""Checkers for the exercises of Chapter 14, *The long-term perspective*.

Used in ``chapters/14_long_term.ipynb``, section *Exercises*. Each checker returns an
:class:`acslib.checking.Feedback` and never raises on a wrong answer. Expected values are
computed with acslib when first needed.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, WholeNumber, check_function, checks
from ..hidden_failures import deployment_failure_bound, transferred_bound
from ..monitoring import failure_rate_upper_bound
from ..shift import effective_robustness, fit_probit_line, imagenet_v2_results, probit

__all__ = [
    "check_predicted_v2_accuracy",
    "check_effective_robustness_imagenet11k",
    "check_deployment_bound",
    "check_generations_until_vacuous",
    "check_effective_robustness_function",
    "check_smallest_detectable_rate",
]


def _standard():
    table = imagenet_v2_results()
    standard = table["model_type"] == "standard"
    return table, table["imagenet"][standard], table["imagenet_v2"][standard]


# ------------------------------------------------------------------------ Exercise 14.1
#: ImageNet accuracy of the hypothetical model in Exercise 14.1.
FUTURE_IMAGENET = 0.95


def _line(transform="probit"):
    _, base_id, base_ood = _standard()
    return fit_probit_line(base_id, base_ood, transform=transform)


def _linear_prediction():
    _, base_id, base_ood = _standard()
    return 100 * float(np.polyval(np.polyfit(base_id, base_ood, 1), FUTURE_IMAGENET))


PREDICTED_V2 = NumericAnswer(
    "Exercise 14.1",
    expected=lambda: 100 * _line().predict(FUTURE_IMAGENET),
    precision=Decimals(1), unit="%",
    hint="Transform 95% with the probit, apply the line's slope and intercept, and transform back with Phi.",
    mistakes=[
        Mistake(_linear_prediction,
                "that is a straight line fitted to the accuracies themselves; fit and predict in probit space."),
        Mistake(lambda: 100 * _line("logit").predict(FUTURE_IMAGENET),
                "that is the logit line; the question asks for the probit line."),
        Mistake(lambda: _line().slope * probit(FUTURE_IMAGENET) + _line().intercept,
                "that is the prediction in probit units; transform it back to an accuracy with Phi."),
        Mistake(lambda: _line().predict(FUTURE_IMAGENET),
                "that looks like a fraction; give the accuracy in percent."),
    ],
)


@checks(PREDICTED_V2)
def check_predicted_v2_accuracy(answer) -> Feedback:
    """Exercise 14.1: ImageNetV2 accuracy (percent) the probit line predicts for 95 % on ImageNet.

    Examples
    --------
    >>> check_predicted_v2_accuracy(None).status
    'missing'
    """
    return PREDICTED_V2.check(answer)


# ------------------------------------------------------------------------ Exercise 14.2
#: The model whose effective robustness Exercise 14.2 asks for.
IMAGENET11K_MODEL = "resnet152-imagenet11k"


def _model_accuracies(name):
    table, _, _ = _standard()
    index = int(np.flatnonzero(table["model"] == name)[0])
    return float(table["imagenet"][index]), float(table["imagenet_v2"][index])


def _er_imagenet11k():
    _, base_id, base_ood = _standard()
    id_accuracy, ood_accuracy = _model_accuracies(IMAGENET11K_MODEL)
    return float(effective_robustness(id_accuracy, ood_accuracy, base_id, base_ood))


EFFECTIVE_ROBUSTNESS = NumericAnswer(
    "Exercise 14.2",
    expected=lambda: 100 * _er_imagenet11k(),
    precision=Decimals(2), unit="percentage points",
    hint="Predict the model's ImageNetV2 accuracy from its ImageNet accuracy with the standard models' "
         "probit line, then subtract the prediction from the measured ImageNetV2 accuracy.",
    mistakes=[
        Mistake(lambda: 100 * (_model_accuracies(IMAGENET11K_MODEL)[0] - _model_accuracies(IMAGENET11K_MODEL)[1]),
                "that is the model's raw accuracy drop; effective robustness compares with the baseline line, "
                "not with the model's own ImageNet accuracy."),
        Mistake(lambda: -100 * _er_imagenet11k(),
                "check the sign: effective robustness is measured minus predicted, positive above the line."),
        Mistake(_er_imagenet11k, "that looks like a fraction; give the answer in percentage points."),
    ],
)


@checks(EFFECTIVE_ROBUSTNESS)
def check_effective_robustness_imagenet11k(answer) -> Feedback:
    """Exercise 14.2: effective robustness, in points, of ResNet-152 pretrained on ImageNet-11k.

    Examples
    --------
    >>> check_effective_robustness_imagenet11k(None).status
    'missing'
    """
    return EFFECTIVE_ROBUSTNESS.check(answer)


# ------------------------------------------------------------------------ Exercise 14.3
#: Clean trials, deployment size and confidence in Exercise 14.3.
CLEAN_TRIALS, DEPLOYMENT, CONFIDENCE = 20_000, 50_000_000, 0.99

DEPLOYMENT_BOUND = NumericAnswer(
    "Exercise 14.3",
    expected=lambda: deployment_failure_bound(CLEAN_TRIALS, DEPLOYMENT, CONFIDENCE),
    precision=SignificantFigures(3), unit="failures",
    hint="Bound the rate after 20,000 clean trials at 99% confidence, then multiply by the deployment size.",
    mistakes=[
        Mistake(lambda: deployment_failure_bound(CLEAN_TRIALS, DEPLOYMENT, 0.95),
                "that is the 95% bound; the question asks for 99% confidence."),
        Mistake(3 / CLEAN_TRIALS * DEPLOYMENT,
                "the rule of three, 3/n, is the 95% bound; at 99% the constant is -ln(0.01), not 3."),
        Mistake(lambda: failure_rate_upper_bound(0, CLEAN_TRIALS, CONFIDENCE),
                "that is the bound on the failure rate per interaction; multiply by the deployment size."),
    ],
)


@checks(DEPLOYMENT_BOUND)
def check_deployment_bound(answer) -> Feedback:
    """Exercise 14.3: most expected failures in 50 million interactions after 20,000 clean trials (99 %).

    Examples
    --------
    >>> check_deployment_bound(None).status
    'missing'
    """
    return DEPLOYMENT_BOUND.check(answer)


# ------------------------------------------------------------------------ Exercise 14.4
#: Clean trials, assumed growth per generation, and the rate the bound must stay below.
TRANSFER_TRIALS, TRANSFER_GROWTH, TRANSFER_LIMIT = 3_000, 3.0, 0.01


def _generations_until_vacuous():
    generations = np.arange(0, 100)
    bounds = transferred_bound(TRANSFER_TRIALS, TRANSFER_GROWTH, generations)
    return int(generations[np.argmax(bounds > TRANSFER_LIMIT)])


GENERATIONS = NumericAnswer(
    "Exercise 14.4",
    expected=_generations_until_vacuous,
    precision=WholeNumber(), unit="generations",
    hint="Multiply the 95% bound from 3,000 clean trials by 3 once per generation until it exceeds 0.01.",
    mistakes=[
        Mistake(lambda: _generations_until_vacuous() - 1,
                "at that many generations the bound is still below 1 in 100; it must exceed it."),
        Mistake(lambda: _generations_until_vacuous() + 1,
                "one too many: the tested model is generation 0, and the bound is multiplied once per "
                "generation after it."),
    ],
)


@checks(GENERATIONS)
def check_generations_until_vacuous(answer) -> Feedback:
    """Exercise 14.4: generations until a transferred 95 % bound exceeds 1 in 100 (rate ≤ 3× per generation).

    Examples
    --------
    >>> check_generations_until_vacuous(None).status
    'missing'
    """
    return GENERATIONS.check(answer)


# ------------------------------------------------------------------------ Exercise 14.5
def _reference_effective_robustness(id_accuracy, ood_accuracy, baseline_id, baseline_ood):
    return effective_robustness(id_accuracy, ood_accuracy, baseline_id, baseline_ood)


def _er_cases():
    table, base_id, base_ood = _standard()
    others = table["model_type"] != "standard"
    rng = np.random.default_rng(145)
    synthetic_id = np.sort(rng.uniform(0.55, 0.9, 8))
    synthetic_ood = stats.norm.cdf(0.8 * stats.norm.ppf(synthetic_id) - 0.2 + rng.normal(0, 0.02, 8))
    return [
        {"id_accuracy": 0.75, "ood_accuracy": 0.70, "baseline_id": np.array([0.6, 0.7, 0.8, 0.9]),
         "baseline_ood": stats.norm.cdf(stats.norm.ppf([0.6, 0.7, 0.8, 0.9]) - 0.4)},
        {"id_accuracy": table["imagenet"][others], "ood_accuracy": table["imagenet_v2"][others],
         "baseline_id": base_id, "baseline_ood": base_ood},
        {"id_accuracy": np.array([0.6, 0.85]), "ood_accuracy": np.array([0.5, 0.66]),
         "baseline_id": synthetic_id, "baseline_ood": synthetic_ood},
    ]


def check_effective_robustness_function(function) -> Feedback:
    """Exercise 14.5: a student's ``probit_effective_robustness(id_accuracy, ood_accuracy, baseline_id, baseline_ood)``.

    It must return the OOD accuracy above the baseline's probit-space least-squares line,
    in accuracy units, elementwise; answers within 1e-6 pass.

    Examples
    --------
    >>> check_effective_robustness_function(None).status
    'missing'
    """
    return check_function(
        function, _reference_effective_robustness, _er_cases(), exercise="Exercise 14.5", rtol=1e-6, atol=1e-6,
        hint="Transform both baseline accuracies with scipy.stats.norm.ppf, fit np.polyfit(x, y, 1), predict the "
             "models' transformed OOD accuracy, map it back with norm.cdf, and subtract it from the measured one.",
    )


# ------------------------------------------------------------------------ Exercise 14.6
#: Review budget (hours), task length (GPT-5's 50% horizon in METR TH1.0, minutes), confidence.
REVIEW_BUDGET_HOURS, TASK_MINUTES, DETECTION_CONFIDENCE = 2_000, 137.3, 0.99


def _transcripts(minutes_per_hour=60.0):
    return int(np.floor(REVIEW_BUDGET_HOURS * minutes_per_hour / TASK_MINUTES))


SMALLEST_RATE = NumericAnswer(
    "Exercise 14.6",
    expected=lambda: failure_rate_upper_bound(0, _transcripts(), DETECTION_CONFIDENCE),
    precision=SignificantFigures(2), unit="per task",
    hint="Turn the budget into whole transcripts (hours to minutes, divided by the task length), then find the "
         "rate p with 1 - (1 - p)^n = 0.99.",
    mistakes=[
        Mistake(lambda: failure_rate_upper_bound(0, _transcripts(), 0.95),
                "that is the rate caught with 95% probability; the question asks for 99%."),
        Mistake(lambda: failure_rate_upper_bound(0, _transcripts(1.0), DETECTION_CONFIDENCE),
                "the budget is in hours and the task length in minutes: convert the hours to minutes first."),
    ],
)


@checks(SMALLEST_RATE)
def check_smallest_detectable_rate(answer) -> Feedback:
    """Exercise 14.6: smallest failure rate a 2,000-hour review of 137.3-minute tasks catches with 99 %.

    Examples
    --------
    >>> check_smallest_detectable_rate(None).status
    'missing'
    """
    return SMALLEST_RATE.check(answer)
