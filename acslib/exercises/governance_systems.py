"""Checkers for the exercises of Chapter 6, *Governance systems*.

Used in ``chapters/06_governance_systems.ipynb``, section *Exercises*. Each checker
returns an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

from ..checking import Feedback, check_number
from ..governance import (
    DECISIONS,
    ModelRecord,
    evaluate_policy,
    evaluation_interval,
    openai_preparedness,
    policy_from_dict,
    years_to_threshold,
)

__all__ = [
    "check_fsf_interval_months",
    "check_affordable_trigger",
    "check_years_to_eu_line",
    "DECISION_EXERCISE_RECORD",
    "check_preparedness_decision",
    "check_policy",
]


def check_fsf_interval_months(answer) -> Feedback:
    """Exercise 6.1: months between evaluations at 5× a year growth with a 6× trigger.

    Examples
    --------
    >>> check_fsf_interval_months(13.4).passed
    True
    """
    expected = 12 * float(evaluation_interval(5.0, 6.0))
    return check_number(
        answer, expected, exercise="Exercise 6.1", rtol=0.01, unit="months",
        hint="Solve 5^t = 6 for t (in years), then convert to months.",
    )


def check_affordable_trigger(answer) -> Feedback:
    """Exercise 6.2: the smallest trigger factor that keeps a 5×/yr trend to 3 evaluations a year.

    Examples
    --------
    >>> check_affordable_trigger(1.71).passed
    True
    """
    expected = 5.0 ** (1.0 / 3.0)
    return check_number(
        answer, expected, exercise="Exercise 6.2", rtol=0.01, unit="×",
        hint="Evaluations per year are ln g / ln k; set that to 3 and solve for k.",
    )


def check_years_to_eu_line(answer) -> Feedback:
    """Exercise 6.3: years for a 2e24 FLOP model line growing 3× a year to pass 10^25 FLOP.

    Examples
    --------
    >>> check_years_to_eu_line(1.465).passed
    True
    """
    expected = float(years_to_threshold(1e25, 2e24, 3.0))
    return check_number(
        answer, expected, exercise="Exercise 6.3", rtol=0.01, unit="years",
        hint="Solve 2e24 · 3^t = 1e25 for t.",
    )


#: The record of Exercise 6.4, judged under the Preparedness preset.
DECISION_EXERCISE_RECORD = ModelRecord(
    "exercise model",
    training_compute=5e25,
    scores={"cybersecurity": 0.62, "cbrn": 0.30, "persuasion": 0.20, "autonomy": 0.10},
    safeguards={"cybersecurity mitigations to Medium"},
    growth_since_evaluation=1.8,
)


def check_preparedness_decision(answer) -> Feedback:
    """Exercise 6.4: the Preparedness preset's decision on :data:`DECISION_EXERCISE_RECORD`.

    Examples
    --------
    >>> check_preparedness_decision("deploy").passed
    False
    """
    exercise = "Exercise 6.4"
    if answer is None:
        return Feedback(False, "no answer yet — replace None with one of the decisions and run the cell again.", exercise)
    if not isinstance(answer, str) or answer.strip().lower() not in DECISIONS:
        return Feedback(False, f"answer with one of {', '.join(repr(d) for d in DECISIONS)}.", exercise)
    expected = evaluate_policy(openai_preparedness(), DECISION_EXERCISE_RECORD).decision
    if answer.strip().lower() == expected:
        return Feedback(True, f"{expected!r} is right.", exercise)
    return Feedback(
        False,
        "not that one. Find each category's level from its score, then check which rules fire and "
        "whether every safeguard they require is in the record; compare the compute growth with the 2× trigger.",
        exercise,
    )


_REFERENCE_POLICY = {
    "name": "exercise 6.5",
    "reevaluation_factor": 3,
    "rules": [
        {"name": "large training run", "trigger": {"kind": "compute", "training_compute_above": 1e26},
         "required_safeguards": ["third-party audit"], "if_unmet": "hold deployment"},
        {"name": "cyber capability", "trigger": {"kind": "score", "category": "cyber", "min_score": 0.6},
         "required_safeguards": ["weight access controls"], "required_evaluations": ["cyber red team"],
         "if_unmet": "pause development"},
    ],
}
_CASES = (
    ModelRecord("small, weak", 1e25, {"cyber": 0.1}),
    ModelRecord("large, unaudited", 2e26, {"cyber": 0.1}),
    ModelRecord("large, audited", 2e26, {"cyber": 0.1}, {"third-party audit"}),
    ModelRecord("cyber-capable, no controls", 1e25, {"cyber": 0.7, "cyber red team": 0.5}),
    ModelRecord("cyber-capable, no red team", 1e25, {"cyber": 0.7}, {"weight access controls"}),
    ModelRecord("cyber-capable, controlled", 1e25, {"cyber": 0.7, "cyber red team": 0.5}, {"weight access controls"}),
    ModelRecord("cyber exactly at 0.6", 1e25, {"cyber": 0.6, "cyber red team": 0.5}),
    ModelRecord("not evaluated", 1e25, {}),
    ModelRecord("stale scores", 1e25, {"cyber": 0.1}, growth_since_evaluation=3.5),
    ModelRecord("recent scores", 1e25, {"cyber": 0.1}, growth_since_evaluation=2.5),
)


def check_policy(policy_dict) -> Feedback:
    """Exercise 6.5: a policy dict with the three requirements of the exercise.

    Builds the student's policy with :func:`acslib.governance.policy.policy_from_dict` (a
    malformed policy is reported with its validation message) and compares its
    decisions with the reference on ten model records.

    Examples
    --------
    >>> check_policy(_REFERENCE_POLICY).passed
    True
    >>> print(check_policy({"name": "x", "rules": []}))
    ❌ Not yet (Exercise 6.5): the policy is malformed: rules must hold at least one Rule.
    """
    exercise = "Exercise 6.5"
    if policy_dict is None:
        return Feedback(False, "no policy yet — fill in the dict above and run this cell again.", exercise)
    try:
        policy = policy_from_dict(policy_dict)
    except ValueError as error:
        return Feedback(False, f"the policy is malformed: {error}.", exercise)
    reference = policy_from_dict(_REFERENCE_POLICY)
    for record in _CASES:
        got = evaluate_policy(policy, record).decision
        want = evaluate_policy(reference, record).decision
        if got != want:
            return Feedback(
                False,
                f"for the record {record.name!r} your policy decides {got!r}, but the requirements call for a "
                "different decision. Re-read the requirement that record tests.",
                exercise,
            )
    return Feedback(True, f"your policy decides all {len(_CASES)} test records as required.", exercise)
