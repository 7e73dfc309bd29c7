"""Governance systems made computable: if-then safety policies, evaluation cadence, model inventory.

Defined in Chapter 6, *Governance systems* (``chapters/06_governance_systems.ipynb``):

* :mod:`acslib.governance.policy` — a declarative if-then safety policy as validated
  data, and :func:`~acslib.governance.policy.evaluate_policy`, which applies it to a model's record;
* :mod:`acslib.governance.presets` — policies modelled on the EU AI Act, US EO 14110,
  and the OpenAI, Anthropic and Google DeepMind frameworks, each cited;
* :mod:`acslib.governance.cadence` — how often compute-triggered re-evaluation comes
  round under a growth trend, and when a trend crosses a compute line;
* :mod:`acslib.governance.inventory` — a model inventory with risk tiers, after SR 11-7,
  and the validation work it creates.
"""

from .cadence import evaluation_interval, evaluation_schedule, evaluations_per_year, years_to_threshold
from .inventory import (
    MAX_ENTRIES,
    TIER_MATRIX,
    VALIDATION_INTERVAL_YEARS,
    InventoryEntry,
    inventory_report,
    risk_tier,
    validation_load,
    years_to_capacity,
)
from .policy import (
    DECISIONS,
    ComputeTrigger,
    Decision,
    ModelRecord,
    Rule,
    SafetyPolicy,
    ScoreTrigger,
    evaluate_policy,
    policy_from_dict,
    record_from_dict,
)
from .presets import (
    BOOK_LEVEL_CUTS,
    EU_AI_ACT_SYSTEMIC_RISK_FLOP,
    PREPAREDNESS_CATEGORIES,
    PRESETS,
    REEVALUATION_CLOCK_MONTHS,
    REEVALUATION_FACTORS,
    US_EO_14110_REPORTING_FLOP,
    anthropic_rsp,
    deepmind_fsf,
    eu_ai_act,
    openai_preparedness,
    preset,
    score_level,
    us_eo_14110,
)

__all__ = [
    "evaluation_interval", "evaluation_schedule", "evaluations_per_year", "years_to_threshold",
    "TIER_MATRIX", "VALIDATION_INTERVAL_YEARS", "MAX_ENTRIES", "InventoryEntry", "inventory_report", "risk_tier",
    "validation_load", "years_to_capacity",
    "DECISIONS", "ComputeTrigger", "Decision", "ModelRecord", "Rule", "SafetyPolicy", "ScoreTrigger",
    "evaluate_policy", "policy_from_dict", "record_from_dict",
    "BOOK_LEVEL_CUTS", "EU_AI_ACT_SYSTEMIC_RISK_FLOP", "PREPAREDNESS_CATEGORIES", "PRESETS",
    "REEVALUATION_FACTORS", "REEVALUATION_CLOCK_MONTHS", "US_EO_14110_REPORTING_FLOP",
    "anthropic_rsp", "deepmind_fsf", "eu_ai_act", "openai_preparedness", "preset", "score_level", "us_eo_14110",
]
