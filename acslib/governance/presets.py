"""Policies modelled on the public frameworks, each cited.

Each preset turns one public document into the rule form of
:mod:`acslib.governance.policy`. The thresholds on training compute and the
re-evaluation factors are the documents' own. The score cut points and the names of
the safeguards are this book's simplification: the documents define capability levels
in words and reach them by expert judgement over many evaluations, not by one score
in [0, 1]. The book maps its evaluation scores to levels with :data:`BOOK_LEVEL_CUTS`.

Sources (keys in the book's ``references.bib``):

* ``euaiact2024``: Regulation (EU) 2024/1689, Art. 51(2) (more than 10^25 FLOP gives a
  presumption of high-impact capabilities), Arts. 52 and 55 (notification, evaluation
  with adversarial testing, systemic-risk mitigation, incident reporting, cybersecurity).
* ``eo14110``: US Executive Order 14110 (30 October 2023), §4.2: reporting for models
  trained with more than 10^26 operations. Revoked on 20 January 2025 by EO 14148.
* ``openai2023preparedness``: OpenAI Preparedness Framework (Beta), 18 December 2023:
  deploy only at post-mitigation Medium or below, develop further only at High or
  below, harden security against exfiltration at High pre-mitigation risk ("asset
  protection"), evaluate at every more-than-2x growth in effective compute.
* ``anthropic2023rsp``: Anthropic Responsible Scaling Policy, version 1.0, September 2023,
  *Evaluation protocol*: evaluate after every 4x jump in effective compute and every 3
  months (fine-tuning and tooling progress), with a 6x safety buffer.
* ``deepmind2024fsf``: Google DeepMind Frontier Safety Framework, version 1.0, May 2024:
  evaluate at every 6x growth in effective compute and every 3 months of fine-tuning
  progress.

Defined in Chapter 6, *Governance systems*, section *The public frameworks as data*.
"""

from __future__ import annotations

from .._validation import ArgumentTypeError, as_choice, as_scalar
from .policy import ComputeTrigger, Rule, SafetyPolicy, ScoreTrigger

__all__ = [
    "EU_AI_ACT_SYSTEMIC_RISK_FLOP",
    "US_EO_14110_REPORTING_FLOP",
    "REEVALUATION_FACTORS",
    "REEVALUATION_CLOCK_MONTHS",
    "BOOK_LEVEL_CUTS",
    "PREPAREDNESS_CATEGORIES",
    "eu_ai_act",
    "us_eo_14110",
    "openai_preparedness",
    "anthropic_rsp",
    "deepmind_fsf",
    "PRESETS",
    "preset",
    "score_level",
]

#: Training compute (FLOP) above which the EU AI Act, Art. 51(2), presumes high-impact capabilities.
EU_AI_ACT_SYSTEMIC_RISK_FLOP = 1e25
#: Operations above which US EO 14110, section 4.2(b)(i), required reports (revoked 20 January 2025).
US_EO_14110_REPORTING_FLOP = 1e26
#: Re-evaluate at every k-fold growth in effective compute, per framework.
REEVALUATION_FACTORS = {
    "OpenAI Preparedness (beta, 2023)": 2.0,
    "Anthropic RSP v1.0 (2023)": 4.0,
    "Google DeepMind FSF v1.0 (2024)": 6.0,
}
#: The frameworks that also re-evaluate on a clock, and its period in months (fine-tuning,
#: tooling and scaffolding progress needs no new pre-training run).
REEVALUATION_CLOCK_MONTHS = {
    "Anthropic RSP v1.0 (2023)": 3.0,
    "Google DeepMind FSF v1.0 (2024)": 3.0,
}
#: The evaluation score (in [0, 1]) at which each level begins; this book's assumption.
BOOK_LEVEL_CUTS = {"low": 0.0, "medium": 0.25, "high": 0.5, "critical": 0.75}
#: The four tracked categories of the Preparedness Framework (beta); "autonomy" is its "model autonomy".
PREPAREDNESS_CATEGORIES = ("cybersecurity", "cbrn", "persuasion", "autonomy")


def score_level(score: float, cuts: dict = BOOK_LEVEL_CUTS) -> str:
    """The level name a score falls in, under this book's cut points.

    Examples
    --------
    >>> score_level(0.6)
    'high'
    >>> score_level(0.75)
    'critical'
    """
    score = as_scalar(score, "score")
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score must be a number between 0 and 1; got {score!r}")
    if not isinstance(cuts, dict) or not cuts:
        raise ArgumentTypeError(f"cuts must be a non-empty dict from level name to cut point; got {cuts!r}")
    cuts = {name: as_scalar(cut, "cuts") for name, cut in cuts.items()}
    level = None
    for name, cut in sorted(cuts.items(), key=lambda item: item[1]):
        if score >= cut:
            level = name
    return level


def eu_ai_act() -> SafetyPolicy:
    """EU AI Act obligations for general-purpose models with systemic risk.

    Above 10^25 FLOP of training compute the Act presumes systemic risk (Art. 51(2));
    the provider must notify the Commission (Art. 52(1)) and evaluate the model with
    adversarial testing, assess and mitigate systemic risks, report serious incidents
    and protect cybersecurity (Art. 55(1)). The book reads "not met" as "hold
    deployment", since the Act governs placing a model on the market.

    Examples
    --------
    >>> eu_ai_act().rules[0].trigger.training_compute_above
    1e+25
    """
    return SafetyPolicy(
        "EU AI Act (GPAI with systemic risk)",
        (
            Rule(
                "Art. 51(2) systemic-risk presumption",
                ComputeTrigger(EU_AI_ACT_SYSTEMIC_RISK_FLOP),
                required_safeguards=(
                    "notify the Commission",
                    "systemic-risk assessment and mitigation",
                    "serious-incident reporting",
                    "cybersecurity protection",
                ),
                required_evaluations=("adversarial testing",),
                if_unmet="hold deployment",
            ),
        ),
        source="euaiact2024",
        status="in force (GPAI obligations apply from 2 August 2025)",
    )


def us_eo_14110() -> SafetyPolicy:
    """US Executive Order 14110 reporting line, 10^26 operations (revoked).

    §4.2 asked developers of models trained with more than 10^26 operations to report
    their training activities, the protection of the weights, and red-team results.
    The order was revoked on 20 January 2025; the preset is kept as a historical line.

    Examples
    --------
    >>> us_eo_14110().status
    'revoked on 20 January 2025 by EO 14148'
    """
    return SafetyPolicy(
        "US EO 14110 (reporting)",
        (
            Rule(
                "§4.2 reporting line",
                ComputeTrigger(US_EO_14110_REPORTING_FLOP),
                required_safeguards=("report training to the government", "report weight security measures"),
                required_evaluations=("adversarial testing",),
                if_unmet="hold deployment",
            ),
        ),
        source="eo14110",
        status="revoked on 20 January 2025 by EO 14148",
    )


def openai_preparedness() -> SafetyPolicy:
    """OpenAI's Preparedness Framework (beta, December 2023), in rule form.

    Four tracked categories with levels Low/Medium/High/Critical. Only a model whose
    post-mitigation score is Medium or below may be deployed; only one whose
    post-mitigation score is High or below may be developed further; evaluations are
    repeated at every more-than-2x increase in effective compute. Its "asset
    protection" baseline asks that security be hardened against exfiltration by the
    time any category reaches High pre-mitigation risk. In rule form: a category at
    High (pre-mitigation) needs two safeguards before deployment, mitigations that
    bring it to Medium and hardened security; a category at Critical also needs
    mitigations that bring it down to High before development may continue.

    Examples
    --------
    >>> policy = openai_preparedness()
    >>> len(policy.rules), policy.reevaluation_factor
    (8, 2.0)
    """
    rules = []
    for category in PREPAREDNESS_CATEGORIES:
        rules.append(Rule(
            f"{category} High",
            ScoreTrigger(category, BOOK_LEVEL_CUTS["high"]),
            required_safeguards=(f"{category} mitigations to Medium", "hardened security"),
            if_unmet="hold deployment",
        ))
        rules.append(Rule(
            f"{category} Critical",
            ScoreTrigger(category, BOOK_LEVEL_CUTS["critical"]),
            required_safeguards=(f"{category} mitigations to High",),
            if_unmet="pause development",
        ))
    return SafetyPolicy(
        "OpenAI Preparedness Framework (beta)",
        tuple(rules),
        source="openai2023preparedness",
        reevaluation_factor=REEVALUATION_FACTORS["OpenAI Preparedness (beta, 2023)"],
        status="superseded by version 2 (April 2025)",
    )


def anthropic_rsp() -> SafetyPolicy:
    """Anthropic's Responsible Scaling Policy v1.0 (September 2023), in rule form.

    AI Safety Levels, modelled on biosafety levels. A model showing ASL-3 capabilities
    (here: CBRN misuse uplift or autonomous replication and adaptation) needs the ASL-3
    containment (security) measures, without which training pauses, and the ASL-3
    deployment measures, without which it is not deployed. Evaluations are repeated
    after every 4x jump in effective compute and every 3 months (the policy's
    *Evaluation protocol*, which sets a 6x safety buffer above the 4x interval; the
    clock is :data:`REEVALUATION_CLOCK_MONTHS`, used with
    :func:`acslib.governance.cadence.evaluation_schedule`). Version 1.0 left ASL-4
    measures to be defined later; the ASL-4 rule here is the book's placeholder for
    "not yet defined, so stop".

    Examples
    --------
    >>> anthropic_rsp().reevaluation_factor
    4.0
    """
    rules = []
    for category in ("cbrn", "autonomy"):
        rules.append(Rule(
            f"ASL-3 containment ({category})",
            ScoreTrigger(category, BOOK_LEVEL_CUTS["high"]),
            required_safeguards=("ASL-3 security measures",),
            if_unmet="pause development",
        ))
        rules.append(Rule(
            f"ASL-3 deployment ({category})",
            ScoreTrigger(category, BOOK_LEVEL_CUTS["high"]),
            required_safeguards=("ASL-3 deployment measures",),
            if_unmet="hold deployment",
        ))
        rules.append(Rule(
            f"ASL-4 ({category})",
            ScoreTrigger(category, BOOK_LEVEL_CUTS["critical"]),
            required_safeguards=("ASL-4 measures",),
            if_unmet="pause development",
        ))
    return SafetyPolicy(
        "Anthropic RSP v1.0",
        tuple(rules),
        source="anthropic2023rsp",
        reevaluation_factor=REEVALUATION_FACTORS["Anthropic RSP v1.0 (2023)"],
        status="superseded by later versions",
    )


def deepmind_fsf() -> SafetyPolicy:
    """Google DeepMind's Frontier Safety Framework v1.0 (May 2024), in rule form.

    Critical capability levels in four domains (autonomy, biosecurity, cybersecurity,
    machine-learning R&D). Reaching one calls for a response plan with security and
    deployment mitigations; if they are not ready, the framework may put deployment or
    development on hold, which the book models as "hold deployment". Evaluations are
    repeated at every 6x growth in effective compute (and every 3 months of
    fine-tuning progress, see :func:`acslib.governance.cadence.evaluation_schedule`).

    Examples
    --------
    >>> deepmind_fsf().reevaluation_factor
    6.0
    """
    rules = tuple(
        Rule(
            f"{domain} CCL",
            ScoreTrigger(domain, BOOK_LEVEL_CUTS["high"]),
            required_safeguards=(f"{domain} security mitigations", f"{domain} deployment mitigations"),
            if_unmet="hold deployment",
        )
        for domain in ("autonomy", "biosecurity", "cybersecurity", "ml r&d")
    )
    return SafetyPolicy(
        "Google DeepMind FSF v1.0",
        rules,
        source="deepmind2024fsf",
        reevaluation_factor=REEVALUATION_FACTORS["Google DeepMind FSF v1.0 (2024)"],
        status="superseded by later versions",
    )


#: Preset factories by short name.
PRESETS = {
    "eu_ai_act": eu_ai_act,
    "us_eo_14110": us_eo_14110,
    "openai_preparedness": openai_preparedness,
    "anthropic_rsp": anthropic_rsp,
    "deepmind_fsf": deepmind_fsf,
}


def preset(name: str) -> SafetyPolicy:
    """A preset policy by short name (one of :data:`PRESETS`).

    Notes
    -----
    Defined in Chapter 6, section *The public frameworks as data*.

    Examples
    --------
    >>> preset("eu_ai_act").source
    'euaiact2024'
    """
    return PRESETS[as_choice(name, "name", sorted(PRESETS))]()
