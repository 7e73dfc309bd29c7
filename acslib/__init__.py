"""acslib: the computations behind *Alignment Capability Scaling*.

Every number, curve and interactive figure in the book comes from this package.
Modules are named for the concept they teach and map onto the book's chapters:

========================================  =====================================================
module                                    chapter and concept
========================================  =====================================================
:mod:`acslib.growth`                      1 — growth processes for C(t) and A(t)
:mod:`acslib.gap`                         1 — the alignment gap and the safe-scaling condition
:mod:`acslib.data`                        2 — capability datasets with provenance
:mod:`acslib.trends`                      2 — exponential trend fits with uncertainty
:mod:`acslib.scaling`                     2 — Kaplan and Chinchilla scaling laws
:mod:`acslib.risk`                        3 — gap-driven hazard and cumulative failure probability
:mod:`acslib.oversight`                   3 — oversight that weakens as capability pulls ahead
:mod:`acslib.montecarlo`                  3 — Monte Carlo results with their spread over seeds
:mod:`acslib.calibration`                 4 — calibration error and temperature scaling
:mod:`acslib.digits`                      4 — a small real model on real data
:mod:`acslib.adversarial`                 4 — best-of-N attack success and budgets
:mod:`acslib.interpretability`            4 — toy models of superposition and linear probes
:mod:`acslib.goodhart`                    5 — Goodhart's law and reward over-optimisation
:mod:`acslib.misgeneralization`           5 — goal misgeneralisation and its detection
:mod:`acslib.governance`                  6 — if-then safety policies, evaluation cadence, inventory
:mod:`acslib.monitoring`                  7 — drift statistics, streaming detectors, auditing
:mod:`acslib.composite`                   8 — alignment capability as a composite of four dimensions
:mod:`acslib.superalignment`              9 — superalignment's published numbers
:mod:`acslib.weak_to_strong`              9 — a weak supervisor's labels train a stronger student
:mod:`acslib.debt`                        10 — alignment debt and the cost of repaying it
:mod:`acslib.bottlenecks`                 11 — oversight bottlenecks and the review queue
:mod:`acslib.saturation`                  11 — how a fixed evaluation suite saturates
:mod:`acslib.race`                        11 — a race that trades safety for speed
:mod:`acslib.inertia`                     11 — governance capacity that follows with a lag
:mod:`acslib.allocation`                  12 — splitting R&D between capability and alignment
:mod:`acslib.evaluation_effort`           12 — the cost of still catching a capability jump
:mod:`acslib.gating`                      12 — strengthen monitoring before raising autonomy
:mod:`acslib.oversight_load`              12 — oversight load against deployment breadth
:mod:`acslib.tax`                         13 — the alignment tax against alignment scaling
:mod:`acslib.shift`                       14 — distribution shift, measured
:mod:`acslib.hidden_failures`             14 — what clean trials bound, and what they stop bounding
:mod:`acslib.explorable`                  interactive figures, live and static
:mod:`acslib.checking`                    feedback for auto-checked exercises
:mod:`acslib.figures`                     the explorables and figures of each chapter
:mod:`acslib.exercises`                   the exercise checkers of each chapter
========================================  =====================================================

The most used names are also available at the top level, e.g. ``acslib.exponential``.
They are loaded on first use (:pep:`562`), so ``import acslib`` imports nothing but this
file, and each notebook's recorded dependencies (``acslib/_execution.py``) are the modules it
really uses.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Where each top-level name lives: ``name -> module``.
_EXPORTS = {
    # Chapter 1: acslib.growth
    "exponential": "growth",
    "logistic": "growth",
    "piecewise_exponential": "growth",
    "doubling_time": "growth",
    "rate_from_annual_factor": "growth",
    "annual_factor": "growth",
    "rate_from_doubling_time": "growth",
    "time_to_reach": "growth",
    # Chapter 1: acslib.gap
    "alignment_gap": "gap",
    "first_crossing": "gap",
    "safe_scaling_holds": "gap",
    "cumulative_gap": "gap",
    # Chapter 2: acslib.trends
    "fit_exponential_trend": "trends",
    # Chapter 2: acslib.scaling
    "kaplan_loss": "scaling",
    "chinchilla_loss": "scaling",
    "chinchilla_optimal": "scaling",
    "training_compute": "scaling",
    # Chapter 3: acslib.risk
    "hazard": "risk",
    "cumulative_failure_probability": "risk",
    "crossing_time": "risk",
    # Chapter 4: acslib.calibration
    "expected_calibration_error": "calibration",
    "reliability_curve": "calibration",
    "softmax": "calibration",
    "fit_temperature": "calibration",
    # Chapter 4: acslib.adversarial
    "bon_attack_success": "adversarial",
    "fit_bon_power_law": "adversarial",
    "attack_budget": "adversarial",
    # Chapter 4: acslib.interpretability
    "train_toy_model": "interpretability",
    "features_represented": "interpretability",
    "dimensions_per_feature": "interpretability",
    "best_linear_accuracy": "interpretability",
    # Chapter 5: acslib.goodhart
    "best_of_n_kl": "goodhart",
    "expected_max_normal": "goodhart",
    "regressional_best_of_n": "goodhart",
    "gold_reward_bon": "goodhart",
    "gold_reward_rl": "goodhart",
    # Chapter 6: acslib.governance
    "SafetyPolicy": "governance",
    "ModelRecord": "governance",
    "evaluate_policy": "governance",
    "policy_from_dict": "governance",
    "evaluation_interval": "governance",
    "evaluations_per_year": "governance",
    "evaluation_schedule": "governance",
    "years_to_threshold": "governance",
    # Chapter 7: acslib.monitoring
    "psi": "monitoring",
    "ks_two_sample": "monitoring",
    "CUSUM": "monitoring",
    "PageHinkley": "monitoring",
    "ADWIN": "monitoring",
    "cusum_arl": "monitoring",
    "adwin_epsilon": "monitoring",
    "audit_sample_size": "monitoring",
    "EscalationProtocol": "monitoring",
    "simulate_escalation": "monitoring",
    # Chapter 8: acslib.composite
    "weakest_link": "composite",
    "layered_failure_probability": "composite",
    # Chapter 9: acslib.superalignment
    "performance_gap_recovered": "superalignment",
    "elo_win_probability": "superalignment",
    "nested_oversight": "superalignment",
    # Chapter 11: acslib.bottlenecks
    "mm1": "bottlenecks",
    # Chapter 11: acslib.race
    "equilibrium_safety": "race",
    # Chapter 14: acslib.shift
    "effective_robustness": "shift",
    # seed bands: acslib.montecarlo
    "seed_band": "montecarlo",
    # book infrastructure: acslib.explorable
    "Param": "explorable",
    "Choice": "explorable",
    "Explorable": "explorable",
    "StaticFigure": "explorable",
}

__all__ = ["data", *_EXPORTS]



def __getattr__(name):
    """Load a top-level name, or a submodule such as ``acslib.data``, on first use."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("__"):
        try:
            module = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
        else:
            globals()[name] = module
            return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
