"""Chapter 6 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, values just outside the precision fail, junk is reported
as junk; Exercise 6.4 answers each wrong decision with its own feedback, and Exercise 6.5
rejects policies whose thresholds sit just off the requirements."""

import copy
import math

import numpy as np
import pytest

from acslib import governance as gov
from acslib.exercises import governance_systems as ex

NUMERIC = [
    (ex.check_fsf_interval_months, ex.FSF_INTERVAL, 25.6),
    (ex.check_affordable_trigger, ex.AFFORDABLE_TRIGGER, 1.71),
    (ex.check_years_to_eu_line, ex.EU_LINE_YEARS, 1.46),
    (ex.check_validation_load, ex.VALIDATION_LOAD, 4.7),
]
MISTAKES = {
    "Exercise 6.1": [(2.13, "in years"), (17.7, "natural logarithm"), (7.7, "log₁₀"), (29.7, "not three doublings"),
                     (2.6, "number of doublings"), (5.6, "inverse ratio")],
    "Exercise 6.2": [(1.67, "not 5/3"), (1.25, "swaps the two numbers"), (0.536, "that is ln k"),
                     (125, "cubes the growth"), (2.24, "two rounds a year")],
    "Exercise 6.3": [(17.58, "in months"), (1.61, "divide by ln 3"), (1.67, "needs a logarithm"),
                     (2.10, "not 10×"), (0.68, "upside down")],
    "Exercise 6.7": [(7, "number of models"), (13, "years between validations"), (4.0, "riskiest tier"),
                     (3.0, "only the tier-1"), (3.5, "middle tier")],
}
JUNK = [("25.6", "remove the quotes"), ([25.6], "holding one value"), (float("nan"), "nan"),
        (float("inf"), "infinite"), (True, "expected a number"), (lambda: 1.0, "a function")]


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    step = answer.precision.tolerance(answer.value())
    assert not checker(answer.value() + 3 * step).passed and not checker(answer.value() - 3 * step).passed
    assert checker(None).status == "missing"


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    for value, phrase in MISTAKES[answer.exercise]:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)
    assert len(MISTAKES[answer.exercise]) == len(answer.mistakes), "every declared mistake is tested"


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_junk_is_reported_as_junk(checker, answer, printed):
    for value, phrase in JUNK:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)


def test_just_outside_the_precision_fails():
    # 6.1 and 6.7 ask for the nearest 0.1, 6.3 for the nearest 0.01, 6.2 for 3 significant figures.
    assert ex.check_fsf_interval_months(25.55).passed and not ex.check_fsf_interval_months(25.7).passed
    assert not ex.check_fsf_interval_months(25.5).passed
    assert ex.check_years_to_eu_line(1.465).passed and not ex.check_years_to_eu_line(1.47).passed
    assert not ex.check_years_to_eu_line(1.45).passed
    assert ex.check_affordable_trigger(1.7104).passed and not ex.check_affordable_trigger(1.72).passed
    assert not ex.check_affordable_trigger(1.70).passed
    assert ex.check_validation_load(4.67).passed and not ex.check_validation_load(4.8).passed
    assert not ex.check_validation_load(4.6).passed


def test_expected_values_come_from_the_closed_forms():
    # sevilla2022compute, Table 2: large-scale models double every 9.9 months.
    assert ex.FSF_INTERVAL.value() == pytest.approx(9.9 * math.log2(6.0))
    assert ex.AFFORDABLE_TRIGGER.value() ** 3 == pytest.approx(5.0)
    assert 2e24 * 3.0 ** ex.EU_LINE_YEARS.value() == pytest.approx(1e25)
    tiers = [entry.tier for entry in ex.INVENTORY_EXERCISE]
    assert tiers == [1, 1, 2, 3, 2, 3, 1]
    assert ex.VALIDATION_LOAD.value() == pytest.approx(3 + 2 / 2 + 2 / 3)


# ------------------------------------------------------------------------ Exercise 6.4
def test_decision_exercise_answer_and_targeted_feedback():
    assert gov.evaluate_policy(gov.openai_preparedness(), ex.DECISION_EXERCISE_RECORD).decision == "hold deployment"
    assert ex.check_preparedness_decision("hold deployment").passed
    assert ex.check_preparedness_decision("  Hold Deployment ").passed
    assert ex.check_preparedness_decision("hold_deployment").passed
    phrases = {
        "deploy": "High cut point",
        "deploy with safeguards": "asks for two",
        "missing evaluation": "below the preset's 2× re-evaluation trigger",
        "pause development": "Critical score",
    }
    messages = set()
    for decision, phrase in phrases.items():
        feedback = ex.check_preparedness_decision(decision)
        assert not feedback.passed and phrase in feedback.message, (decision, feedback.message)
        assert "hold deployment" not in feedback.message, "the feedback must not give the answer"
        messages.add(feedback.message)
    assert len(messages) == 4, "each wrong decision gets its own feedback"


def test_decision_exercise_junk():
    assert ex.check_preparedness_decision(None).status == "missing"
    assert "not one of the decisions" in ex.check_preparedness_decision("ship it").message
    assert "as text" in ex.check_preparedness_decision(3).message
    assert "as text" in ex.check_preparedness_decision(["deploy"]).message


def test_the_fact_the_exercise_hinges_on_is_the_presets():
    # openai2023preparedness, asset protection: hardened security at High pre-mitigation risk.
    high = gov.openai_preparedness().rules[0]
    assert high.name == "cybersecurity High"
    assert set(high.required_safeguards) == {"cybersecurity mitigations to Medium", "hardened security"}


# ------------------------------------------------------------------------ Exercise 6.5
def _policy(**changes):
    """The reference policy with nested entries replaced: key paths separated by '/'."""
    data = copy.deepcopy(ex._REFERENCE_POLICY)
    for path, value in changes.items():
        target = data
        keys = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in keys[:-1]:
            target = target[key]
        if value is None:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return data


def test_reference_policy_and_functions_returning_it_pass():
    assert ex.check_policy(ex._REFERENCE_POLICY).passed
    assert ex.check_policy(lambda: copy.deepcopy(ex._REFERENCE_POLICY)).passed
    # the reference's own decisions on the boundary records
    decisions = [gov.evaluate_policy(gov.policy_from_dict(ex._REFERENCE_POLICY), record).decision
                 for record, _ in ex.POLICY_CASES]
    assert decisions == [
        "deploy", "deploy", "hold deployment", "deploy with safeguards",
        "deploy", "pause development", "missing evaluation", "deploy with safeguards", "pause development",
        "missing evaluation", "deploy", "deploy", "missing evaluation",
    ]


@pytest.mark.parametrize("changes, phrase", [
    ({"reevaluation_factor": 2.6}, "re-evaluates at every 2.6×"),
    ({"reevaluation_factor": 3.4}, "re-evaluates at every 3.4×"),
    ({"reevaluation_factor": 2.99}, "re-evaluates at every 2.99×"),
    ({"reevaluation_factor": None}, "has no reevaluation_factor"),
    ({"rules/0/trigger/training_compute_above": 1.5e26}, "your compute trigger is at 1.5e+26"),
    ({"rules/0/trigger/training_compute_above": 9.9e25}, "your compute trigger is at 9.9e+25"),
    ({"rules/0/trigger/training_compute_above": 1.01e26}, "your compute trigger is at 1.01e+26"),
    ({"rules/0/trigger": {"kind": "score", "category": "compute", "min_score": 0.5}}, "needs a rule with a compute"),
    ({"rules/1/trigger/min_score": 0.61}, "fires at 0.61 or more"),
    ({"rules/1/trigger/min_score": 0.59}, "fires at 0.59 or more"),
    ({"rules/1/trigger/category": "Cyber"}, "spelt exactly so"),
])
def test_thresholds_near_the_boundaries_get_targeted_feedback(changes, phrase):
    feedback = ex.check_policy(_policy(**changes))
    assert not feedback.passed and phrase in feedback.message, feedback.message


@pytest.mark.parametrize("changes, requirement", [
    ({"rules/0/if_unmet": "pause development"}, 1),  # a missing audit pauses instead of holding
    ({"rules/0/required_safeguards": ["audit"]}, 1),  # the wrong safeguard name
    ({"rules/1/if_unmet": "hold deployment"}, 2),  # missing controls hold instead of pausing
    ({"rules/1/required_evaluations": None}, 2),  # the red team forgotten
    ({"rules/1/required_safeguards": ["weight access controls", "cyber red team"],
      "rules/1/required_evaluations": None}, 2),  # the red team as a safeguard, not an evaluation
    ({"rules/0/required_evaluations": ["cyber red team"], "rules/1/required_evaluations": None}, 1),  # wrong rule
])
def test_wrong_requirements_are_caught_on_the_boundary_records(changes, requirement):
    feedback = ex.check_policy(_policy(**changes))
    assert not feedback.passed and f"requirement {requirement}" in feedback.message, feedback.message


def test_records_sit_on_the_boundaries():
    computes = {record.training_compute for record, _ in ex.POLICY_CASES}
    assert 1e26 in computes and any(1e26 < c < 1.01e26 for c in computes)
    cyber = {record.scores.get("cyber") for record, _ in ex.POLICY_CASES}
    assert 0.6 in cyber and any(c is not None and 0.59 < c < 0.6 for c in cyber)
    growth = {record.growth_since_evaluation for record, _ in ex.POLICY_CASES}
    assert 3.0 in growth and any(3.0 < g < 3.05 for g in growth) and any(2.6 < g < 3.0 for g in growth)


def test_policy_junk_and_broken_functions_are_reported():
    assert ex.check_policy(None).status == "missing"

    def template():
        """Docstring only."""
        ...

    assert ex.check_policy(template).status == "missing"
    assert "did you forget to `return`" in ex.check_policy(lambda: None).message
    assert "raised ZeroDivisionError" in ex.check_policy(lambda: 1 / 0).message
    assert "take no arguments" in ex.check_policy(lambda x: x).message
    assert "expected a policy dict" in ex.check_policy([ex._REFERENCE_POLICY]).message
    assert "malformed: rules must hold at least one Rule" in ex.check_policy({"name": "x", "rules": []}).message
    assert "malformed" in ex.check_policy({"name": "x", "rules": [], "colour": 1}).message


def test_policy_checker_tells_a_signature_problem_from_a_type_error_inside():
    # Review of the second edition: the checker used to read any TypeError whose message
    # mentions "argument" as a wrong signature.
    def sorts_wrongly():
        return sorted(1, 2, 3)  # TypeError: sorted expected 1 argument, got 3

    message = ex.check_policy(sorts_wrongly).message
    assert "raised TypeError" in message and "take no arguments" not in message, message

    def with_default(name="exercise 6.5"):
        return {**ex._REFERENCE_POLICY, "name": name}

    assert ex.check_policy(with_default).passed
    assert "take no arguments" in ex.check_policy(lambda *, strict: None).message

    def template_with_code_after():
        ...
        return None

    # Only a body of `...` alone is the untouched template (checking._is_template).
    feedback = ex.check_policy(template_with_code_after)
    assert feedback.status != "missing" and "did you forget to `return`" in feedback.message


def test_try_policy_gives_a_decision_or_a_reason():
    record = gov.ModelRecord("2e26 FLOP, not audited", 2e26, {"cyber": 0.1})
    assert ex.try_policy(ex._REFERENCE_POLICY, record) == "hold deployment"
    assert ex.try_policy(lambda: ex._REFERENCE_POLICY, record) == "hold deployment"

    def template():
        """Docstring only."""
        ...

    assert ex.try_policy(template, record).startswith("no policy yet")
    assert ex.try_policy({"name": "x"}, record).startswith("the policy is malformed")
    with pytest.raises(TypeError, match="record"):
        ex.try_policy(ex._REFERENCE_POLICY, {"name": "m"})


def test_every_checker_survives_numpy_scalars():
    assert ex.check_validation_load(np.float64(ex.VALIDATION_LOAD.value())).passed
    assert ex.check_years_to_eu_line(np.float32(1.46)).passed
