"""acslib: the computations behind *Alignment Capability Scaling*.

Every number, curve and interactive figure in the book comes from this package.
Modules are named for the concept they teach and map onto the book's chapters:

=============================  ==============================================================
module                         chapter
=============================  ==============================================================
:mod:`acslib.growth`           1 — growth processes for C(t) and A(t)
:mod:`acslib.gap`              1 — the alignment gap and the safe-scaling condition
:mod:`acslib.data`             2 — capability datasets with provenance
:mod:`acslib.trends`           2 — exponential trend fits with uncertainty
:mod:`acslib.scaling`          2 — Kaplan and Chinchilla scaling laws
:mod:`acslib.risk`             3 — gap-driven hazard and cumulative failure probability
:mod:`acslib.calibration`      4 — calibration error and temperature scaling
:mod:`acslib.adversarial`      4 — best-of-N attack success and budgets
:mod:`acslib.interpretability` 4 — toy models of superposition and linear probes
:mod:`acslib.goodhart`         5 — Goodhart's law and reward over-optimisation
:mod:`acslib.misgeneralization` 5 — goal misgeneralisation and its detection
:mod:`acslib.governance`       6 — if-then safety policies, evaluation cadence, model inventory
:mod:`acslib.monitoring`       7 — drift statistics, streaming detectors, auditing, escalation
:mod:`acslib.explorable`       interactive figures, live and static
:mod:`acslib.checking`         feedback for auto-checked exercises
:mod:`acslib.figures`          the explorables and figures of each chapter
:mod:`acslib.exercises`        the exercise checkers of each chapter
=============================  ==============================================================

The most used names are also available at the top level, e.g. ``acslib.exponential``.
"""

from . import data
from .adversarial import attack_budget, bon_attack_success, fit_bon_power_law
from .calibration import expected_calibration_error, fit_temperature, reliability_curve, softmax
from .explorable import Choice, Explorable, Param, StaticFigure
from .gap import alignment_gap, cumulative_gap, first_crossing, safe_scaling_holds
from .goodhart import best_of_n_kl, expected_max_normal, gold_reward_bon, gold_reward_rl, regressional_best_of_n
from .governance import (
    ModelRecord,
    SafetyPolicy,
    evaluate_policy,
    evaluation_interval,
    evaluation_schedule,
    evaluations_per_year,
    policy_from_dict,
    years_to_threshold,
)
from .growth import (
    annual_factor,
    doubling_time,
    exponential,
    logistic,
    piecewise_exponential,
    rate_from_annual_factor,
    rate_from_doubling_time,
    time_to_reach,
)
from .interpretability import dimensions_per_feature, features_represented, train_toy_model
from .monitoring import (
    ADWIN,
    CUSUM,
    EscalationProtocol,
    PageHinkley,
    adwin_epsilon,
    audit_sample_size,
    cusum_arl,
    ks_two_sample,
    psi,
    simulate_escalation,
)
from .risk import crossing_time, cumulative_failure_probability, hazard
from .scaling import chinchilla_loss, chinchilla_optimal, kaplan_loss, training_compute
from .trends import fit_exponential_trend

__version__ = "0.1.0"

__all__ = [
    # Chapter 1
    "exponential", "logistic", "piecewise_exponential", "doubling_time", "rate_from_annual_factor",
    "annual_factor", "rate_from_doubling_time", "time_to_reach",
    "alignment_gap", "first_crossing", "safe_scaling_holds", "cumulative_gap",
    # Chapter 2
    "data", "fit_exponential_trend", "kaplan_loss", "chinchilla_loss", "chinchilla_optimal", "training_compute",
    # Chapter 3
    "hazard", "cumulative_failure_probability", "crossing_time",
    # Chapter 4
    "expected_calibration_error", "reliability_curve", "softmax", "fit_temperature",
    "bon_attack_success", "fit_bon_power_law", "attack_budget",
    "train_toy_model", "features_represented", "dimensions_per_feature",
    # Chapter 5
    "best_of_n_kl", "expected_max_normal", "regressional_best_of_n", "gold_reward_bon", "gold_reward_rl",
    # Chapter 6
    "SafetyPolicy", "ModelRecord", "evaluate_policy", "policy_from_dict",
    "evaluation_interval", "evaluations_per_year", "evaluation_schedule", "years_to_threshold",
    # Chapter 7
    "psi", "ks_two_sample", "CUSUM", "PageHinkley", "ADWIN", "cusum_arl", "adwin_epsilon",
    "audit_sample_size", "EscalationProtocol", "simulate_escalation",
    # Book infrastructure
    "Param", "Choice", "Explorable", "StaticFigure",
]
