"""Checkers for the exercises of Chapter 6, *Governance systems*.

Used in ``chapters/06_governance_systems.ipynb``, section *Exercises*. Each numeric checker
is a :class:`acslib.checking.NumericAnswer` declaration; Exercise 6.4 names a decision and
gets feedback aimed at each wrong one; Exercise 6.5 builds the student's policy and
compares its decisions with the reference on records that sit at the requirements'
boundaries. Every checker returns an :class:`acslib.checking.Feedback` and never raises
on a wrong answer.
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from .._validation import as_instance
from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, checks
from ..governance import (
    DECISIONS,
    VALIDATION_INTERVAL_YEARS,
    ComputeTrigger,
    InventoryEntry,
    ModelRecord,
    ScoreTrigger,
    evaluate_policy,
    openai_preparedness,
    policy_from_dict,
    validation_load,
    years_to_threshold,
)
from ..growth import rate_from_doubling_time, time_to_reach

__all__ = [
    "LARGE_MODEL_DOUBLING_MONTHS",
    "FSF_INTERVAL",
    "AFFORDABLE_TRIGGER",
    "EU_LINE_YEARS",
    "INVENTORY_EXERCISE",
    "VALIDATION_LOAD",
    "check_fsf_interval_months",
    "check_affordable_trigger",
    "check_years_to_eu_line",
    "DECISION_EXERCISE_RECORD",
    "check_preparedness_decision",
    "POLICY_CASES",
    "try_policy",
    "check_policy",
    "check_validation_load",
]

#: Doubling time of training compute for large-scale models, 2015–2022, in months
#: (Sevilla et al. 2022, Table 2; ``sevilla2022compute``).
LARGE_MODEL_DOUBLING_MONTHS = 9.9


def _interval_months(doubling_months, trigger):
    return 12 * float(time_to_reach(trigger, 1.0, rate_from_doubling_time(doubling_months / 12)))


FSF_INTERVAL = NumericAnswer(
    "Exercise 6.1",
    expected=lambda: _interval_months(LARGE_MODEL_DOUBLING_MONTHS, 6.0),
    precision=Decimals(1), unit="months",
    hint="Growth by 6× takes log₂ 6 doublings; each doubling takes 9.9 months.",
    mistakes=[
        Mistake(lambda: _interval_months(LARGE_MODEL_DOUBLING_MONTHS, 6.0) / 12,
                "that is the interval in years; the question asks for months."),
        Mistake(lambda: LARGE_MODEL_DOUBLING_MONTHS * math.log(6.0),
                "that counts doublings with the natural logarithm; the number of doublings in 6× is log₂ 6 "
                "(ln 6 / ln 2)."),
        Mistake(lambda: LARGE_MODEL_DOUBLING_MONTHS * math.log10(6.0),
                "that counts doublings with log₁₀; the number of doublings in 6× is log₂ 6 (ln 6 / ln 2)."),
        Mistake(lambda: LARGE_MODEL_DOUBLING_MONTHS * 6.0 / 2.0,
                "6× is not three doublings: doublings multiply (2 × 2 × 2 = 8), so count them with log₂ 6."),
        Mistake(lambda: math.log2(6.0), "that is the number of doublings; multiply by the doubling time."),
        Mistake(lambda: 12 * math.log(2.0) * 12 / LARGE_MODEL_DOUBLING_MONTHS / math.log(6.0),
                "that is evaluations per year × 12, the inverse ratio ln g / ln k; the interval is ln k / ln g years."),
    ],
)


@checks(FSF_INTERVAL)
def check_fsf_interval_months(answer) -> Feedback:
    """Exercise 6.1: months between evaluations under a 6× trigger when compute doubles every 9.9 months.

    Examples
    --------
    >>> check_fsf_interval_months(None).status
    'missing'
    """
    return FSF_INTERVAL.check(answer)


AFFORDABLE_TRIGGER = NumericAnswer(
    "Exercise 6.2",
    expected=lambda: 5.0 ** (1.0 / 3.0),
    precision=SignificantFigures(3), unit="×",
    hint="Evaluations per year are ln g / ln k; set that to 3 and solve for k.",
    mistakes=[
        Mistake(5.0 / 3.0, "growth compounds: three equal steps that multiply to 5× are each the cube root of 5, "
                           "not 5/3."),
        Mistake(3.0 ** (1.0 / 5.0), "that swaps the two numbers: solve ln 5 / ln k = 3 for k."),
        Mistake(lambda: math.log(5.0) / 3.0, "that is ln k; the trigger factor is k itself, so exponentiate."),
        Mistake(5.0 ** 3, "that cubes the growth; three triggers a year means k³ = 5, so take the cube root."),
        Mistake(lambda: 5.0 ** 0.5, "that allows two rounds a year; the team can run three."),
    ],
)


@checks(AFFORDABLE_TRIGGER)
def check_affordable_trigger(answer) -> Feedback:
    """Exercise 6.2: the smallest trigger factor that keeps a 5×/yr trend to 3 evaluations a year.

    Examples
    --------
    >>> check_affordable_trigger(None).status
    'missing'
    """
    return AFFORDABLE_TRIGGER.check(answer)


EU_LINE_YEARS = NumericAnswer(
    "Exercise 6.3",
    expected=lambda: years_to_threshold(1e25, 2e24, 3.0),
    precision=Decimals(2), unit="years",
    hint="Solve 2e24 · 3^t = 1e25 for t.",
    mistakes=[
        Mistake(lambda: 12 * years_to_threshold(1e25, 2e24, 3.0), "that is in months; the question asks for years."),
        Mistake(lambda: math.log(5.0), "that is ln(1e25 / 2e24); divide by ln 3, the log of the yearly growth."),
        Mistake(5.0 / 3.0, "growth compounds: 3^t = 5 needs a logarithm, not 5 / 3."),
        Mistake(lambda: math.log(10.0) / math.log(3.0), "the gap to the line is 1e25 / 2e24 = 5×, not 10×."),
        Mistake(lambda: math.log(3.0) / math.log(5.0), "that is ln 3 / ln 5, upside down: t = ln 5 / ln 3."),
    ],
)


@checks(EU_LINE_YEARS)
def check_years_to_eu_line(answer) -> Feedback:
    """Exercise 6.3: years for a 2e24 FLOP model line growing 3× a year to pass 10^25 FLOP.

    Examples
    --------
    >>> check_years_to_eu_line(None).status
    'missing'
    """
    return EU_LINE_YEARS.check(answer)


# ------------------------------------------------------------------------ Exercise 6.4
#: The record of Exercise 6.4, judged under the Preparedness preset.
DECISION_EXERCISE_RECORD = ModelRecord(
    "exercise model",
    training_compute=5e25,
    scores={"cybersecurity": 0.62, "cbrn": 0.30, "persuasion": 0.20, "autonomy": 0.10},
    safeguards={"cybersecurity mitigations to Medium"},
    growth_since_evaluation=1.8,
)

_DECISION_FEEDBACK = {
    "deploy": "a rule fires: a cybersecurity score of 0.62 reaches the book's High cut point (0.5), so the "
              "record cannot go out without the safeguards that rule requires.",
    "deploy with safeguards": "the cybersecurity High rule fires, but check every safeguard it requires against "
                              "the record: the preset's High rule asks for two (Section 6.5 names both), and a "
                              "rule with a safeguard missing takes its own if_unmet action.",
    "missing evaluation": "every tracked category has a score, and 1.8× growth is below the preset's 2× "
                          "re-evaluation trigger, so the scores still count.",
    "pause development": "pausing development needs a Critical score (0.75 or more under the book's cut points), "
                         "and no category reaches it.",
}


def check_preparedness_decision(answer) -> Feedback:
    """Exercise 6.4: the Preparedness preset's decision on :data:`DECISION_EXERCISE_RECORD`.

    Examples
    --------
    >>> check_preparedness_decision(None).status
    'missing'
    """
    exercise = "Exercise 6.4"
    if answer is None:
        return Feedback(False, "no answer yet — replace None with one of the decisions and run the cell again.",
                        exercise, status="missing")
    choices = ", ".join(repr(d) for d in DECISIONS)
    if not isinstance(answer, str):
        return Feedback(False, f"expected a decision as text, one of {choices}; got {type(answer).__name__}.",
                        exercise)
    given = " ".join(answer.replace("_", " ").split()).lower()
    if given not in DECISIONS:
        return Feedback(False, f"{answer!r} is not one of the decisions; answer with one of {choices}.", exercise)
    expected = evaluate_policy(openai_preparedness(), DECISION_EXERCISE_RECORD).decision
    if given == expected:
        return Feedback(True, f"{expected!r}.", exercise)
    return Feedback(False, f"{given!r}: {_DECISION_FEEDBACK[given]}", exercise)


# ------------------------------------------------------------------------ Exercise 6.5
_REFERENCE_POLICY = {
    "name": "exercise 6.5",
    "reevaluation_factor": 3,
    "rules": [
        {"name": "large training run",
         "trigger": {"kind": "compute", "training_compute_above": 1e26},
         "required_safeguards": ["third-party audit"],
         "if_unmet": "hold deployment"},
        {"name": "cyber capability",
         "trigger": {"kind": "score", "category": "cyber", "min_score": 0.6},
         "required_safeguards": ["weight access controls"],
         "required_evaluations": ["cyber red team"],
         "if_unmet": "pause development"},
    ],
}
_RED_TEAM = {"cyber red team": 0.5}
#: The records Exercise 6.5 is checked on, each with the requirement it tests; most sit
#: at a boundary (the compute line, the cyber cut point, the re-evaluation factor).
POLICY_CASES = (
    (ModelRecord("small, weak", 1e25, {"cyber": 0.1}), 1),
    (ModelRecord("exactly at 1e26 FLOP", 1e26, {"cyber": 0.1}), 1),
    (ModelRecord("just above 1e26 FLOP, not audited", 1.001e26, {"cyber": 0.1}), 1),
    (ModelRecord("large, audited", 2e26, {"cyber": 0.1}, {"third-party audit"}), 1),
    (ModelRecord("cyber 0.599, nothing in place", 1e25, {"cyber": 0.599, **_RED_TEAM}), 2),
    (ModelRecord("cyber exactly 0.6, red-teamed, no controls", 1e25, {"cyber": 0.6, **_RED_TEAM}), 2),
    (ModelRecord("cyber 0.7, controls, no red team", 1e25, {"cyber": 0.7}, {"weight access controls"}), 2),
    (ModelRecord("cyber 0.7, controls and red team", 1e25, {"cyber": 0.7, **_RED_TEAM},
                 {"weight access controls"}), 2),
    (ModelRecord("large and cyber-capable, nothing in place", 2e26, {"cyber": 0.7, **_RED_TEAM}), 2),
    (ModelRecord("not evaluated", 1e25, {}), 2),
    (ModelRecord("grown 2.9x since evaluation", 1e25, {"cyber": 0.1}, growth_since_evaluation=2.9), 3),
    (ModelRecord("grown exactly 3x since evaluation", 1e25, {"cyber": 0.1}, growth_since_evaluation=3.0), 3),
    (ModelRecord("grown 3.01x since evaluation", 1e25, {"cyber": 0.1}, growth_since_evaluation=3.01), 3),
)


def _policy_data(policy):
    """``(dict, None)`` from a dict or a function returning one, else ``(None, message)``."""
    if callable(policy):
        # A private helper of acslib.checking (the same test check_function uses): a body of
        # only `...` is the untouched template, which is "missing", not "returned None".
        from ..checking import _is_template

        try:
            inspect.signature(policy).bind()
        except TypeError as error:  # the function needs arguments it will not be given
            return None, f"your function must take no arguments: {error}."
        except ValueError:  # no signature to inspect (some built-ins): just call it
            pass
        try:
            result = policy()
        except Exception as error:  # report the student's error instead of raising it
            return None, f"your function raised {type(error).__name__}: {error}."
        if result is None:
            if _is_template(policy):
                return None, "missing"
            return None, "your function returned None; did you forget to `return` the dict?"
        policy = result
    if not isinstance(policy, dict):
        return None, f"expected a policy dict (or a function returning one), got {type(policy).__name__}."
    return policy, None


def try_policy(policy, record):
    """The decision a student's policy gives on ``record``, or why the policy cannot be built.

    For the first test of Exercise 6.5: never raises on a malformed policy.

    Parameters
    ----------
    policy : dict or callable
        A policy dict for :func:`acslib.governance.policy.policy_from_dict`, or a function of no
        arguments that returns one.
    record : ModelRecord
        The record to decide.

    Returns
    -------
    str
        The decision, or a sentence explaining why there is none.

    Examples
    --------
    >>> try_policy({"name": "x", "rules": []}, ModelRecord("m", 1e25))
    'the policy is malformed: rules must hold at least one Rule'
    """
    as_instance(record, "record", ModelRecord, "ModelRecord")
    data, problem = _policy_data(policy)
    if problem:
        return "no policy yet: write the function's body" if problem == "missing" else problem
    try:
        built = policy_from_dict(data)
    except ValueError as error:
        return f"the policy is malformed: {error}"
    return evaluate_policy(built, record).decision


def _structure_problem(policy) -> str:
    """Targeted feedback on the policy's thresholds, before any record is tried."""
    factor = policy.reevaluation_factor
    if factor is None:
        return ("requirement 3: your policy has no reevaluation_factor, so stale scores never count as "
                "missing; add one at the policy's top level.")
    if not math.isclose(factor, 3.0, rel_tol=1e-9):
        return (f"requirement 3 asks for new evaluations at every 3× growth in effective compute; your policy "
                f"re-evaluates at every {factor:g}×.")
    lines = [rule.trigger.training_compute_above for rule in policy.rules if isinstance(rule.trigger, ComputeTrigger)]
    if not lines:
        return 'requirement 1 needs a rule with a compute trigger ({"kind": "compute", ...}).'
    wrong = [line for line in lines if not math.isclose(line, 1e26, rel_tol=1e-9)]
    if wrong:
        return (f"requirement 1 draws the line at 10^26 FLOP; your compute trigger is at {wrong[0]:.3g} FLOP. "
                "Write 1e26.")
    cuts = [rule.trigger.min_score for rule in policy.rules
            if isinstance(rule.trigger, ScoreTrigger) and rule.trigger.category == "cyber"]
    if not cuts:
        return ("requirement 2 needs a score trigger on the category 'cyber' (spelt exactly so: categories are "
                "matched by name).")
    wrong = [cut for cut in cuts if not math.isclose(cut, 0.6, rel_tol=1e-9)]
    if wrong:
        return f"requirement 2 fires at a cyber score of 0.6 or more; your score trigger fires at {wrong[0]:g} or more."
    return ""


def check_policy(policy) -> Feedback:
    """Exercise 6.5: a policy with the three requirements of the exercise (a dict, or a function returning one).

    Builds the student's policy with :func:`acslib.governance.policy.policy_from_dict` (a
    malformed policy is reported with its validation message), checks its compute line,
    cyber cut point and re-evaluation factor, and compares its decisions with the
    reference on the records of :data:`POLICY_CASES`, which sit at the requirements'
    boundaries.

    Examples
    --------
    >>> check_policy(None).status
    'missing'
    """
    exercise = "Exercise 6.5"
    if policy is None:
        return Feedback(False, "no policy yet — write the function above and run this cell again.", exercise,
                        status="missing")
    data, problem = _policy_data(policy)
    if problem == "missing":
        return Feedback(False, "your function's body is still `...`; write it, then run this cell again.",
                        exercise, status="missing")
    if problem:
        return Feedback(False, problem, exercise)
    try:
        built = policy_from_dict(data)
    except ValueError as error:
        return Feedback(False, f"the policy is malformed: {error}.", exercise)
    problem = _structure_problem(built)
    if problem:
        return Feedback(False, problem, exercise)
    reference = policy_from_dict(_REFERENCE_POLICY)
    for record, requirement in POLICY_CASES:
        got = evaluate_policy(built, record).decision
        want = evaluate_policy(reference, record).decision
        if got != want:
            return Feedback(
                False,
                f"for the record {record.name!r} your policy decides {got!r}, but the requirements call for a "
                f"different decision. Re-read requirement {requirement}: which rule should fire, what must it "
                "require, and what happens when that is missing?",
                exercise,
            )
    return Feedback(True, f"your policy decides all {len(POLICY_CASES)} test records as required.", exercise)


# ------------------------------------------------------------------------ Exercise 6.7
#: The seven models of Exercise 6.7, as InventoryEntry records (name, use, owner,
#: validator, materiality, complexity, date last validated).
INVENTORY_EXERCISE = (
    InventoryEntry("chat assistant", "answers the public", "product", "model risk", 3, 3, 2025.5),
    InventoryEntry("code reviewer", "approves merges", "platform", "model risk", 3, 2, 2025.1),
    InventoryEntry("search ranker", "orders results", "search", "model risk", 2, 2, 2024.8),
    InventoryEntry("spam filter", "filters email", "it", "model risk", 1, 2, 2023.9),
    InventoryEntry("credit scorer", "sets credit limits", "finance", "model risk", 3, 1, 2024.6),
    InventoryEntry("translation", "internal documents", "it", "model risk", 1, 1, 2023.5),
    InventoryEntry("abuse classifier", "blocks accounts", "trust and safety", "model risk", 2, 3, 2025.3),
)


def _tiers():
    return np.array([entry.tier for entry in INVENTORY_EXERCISE])


def _load_with(intervals):
    return float(sum(1.0 / intervals[int(tier)] for tier in _tiers()))


VALIDATION_LOAD = NumericAnswer(
    "Exercise 6.7",
    expected=lambda: validation_load(INVENTORY_EXERCISE),
    precision=Decimals(1), unit="validations a year",
    hint="Tier each model with gov.risk_tier(materiality, complexity); a model of tier t needs one validation "
         "every VALIDATION_INTERVAL_YEARS[t] years, so it adds 1 / interval validations a year.",
    mistakes=[
        Mistake(len(INVENTORY_EXERCISE), "that is the number of models; only tier-1 models are validated every "
                                         "year, the others less often."),
        Mistake(lambda: float(sum(VALIDATION_INTERVAL_YEARS[int(t)] for t in _tiers())),
                "that adds up the years between validations; a model validated every t years adds 1 / t "
                "validations a year."),
        Mistake(lambda: _load_with({1: 3.0, 2: 2.0, 3: 1.0}),
                "tier 1 is the riskiest tier and is validated most often (every year), tier 3 least often."),
        Mistake(lambda: float((_tiers() == 1).sum()),
                "that counts only the tier-1 models; tiers 2 and 3 need validations too, every two and every "
                "three years."),
        Mistake(len(INVENTORY_EXERCISE) / VALIDATION_INTERVAL_YEARS[2],
                "that gives every model the middle tier's two-year interval; tier each model first."),
    ],
)


@checks(VALIDATION_LOAD)
def check_validation_load(answer) -> Feedback:
    """Exercise 6.7: independent validations a year that :data:`INVENTORY_EXERCISE` needs.

    Examples
    --------
    >>> check_validation_load(None).status
    'missing'
    """
    return VALIDATION_LOAD.check(answer)
