"""Tests for acslib.governance (Chapter 6, Governance systems)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badinput import assert_raises_naming, assert_rejects

from acslib import governance as gov
from acslib.governance import (
    ComputeTrigger,
    InventoryEntry,
    ModelRecord,
    Rule,
    SafetyPolicy,
    ScoreTrigger,
    evaluate_policy,
    evaluation_interval,
    evaluation_schedule,
    evaluations_per_year,
    inventory_report,
    policy_from_dict,
    preset,
    record_from_dict,
    risk_tier,
    years_to_threshold,
)
from acslib.growth import exponential, rate_from_annual_factor


# --- cadence: analytic values ---------------------------------------------------------

def test_evaluation_interval_analytic_values():
    assert evaluation_interval(4.0, 2.0) == pytest.approx(0.5)
    assert evaluation_interval(2.0, 2.0) == pytest.approx(1.0)
    assert evaluation_interval(4.0, 16.0) == pytest.approx(2.0)
    assert evaluation_interval(5.0, 6.0) == pytest.approx(math.log(6) / math.log(5))
    assert evaluation_interval(6.0, 6.0) == pytest.approx(1.0)


def test_evaluations_per_year_for_the_epoch_trend_and_the_published_factors():
    # Epoch AI (epoch2024compute): frontier training compute grows 4-5x a year.
    per_year = evaluations_per_year(np.array([[4.0], [5.0]]), np.array([2.0, 4.0, 6.0]))
    expected = np.log([[4.0], [5.0]]) / np.log([2.0, 4.0, 6.0])
    np.testing.assert_allclose(per_year, expected)
    assert per_year[0, 0] == pytest.approx(2.0)  # 4x/yr, OpenAI's 2x trigger: two a year
    assert per_year[0, 1] == pytest.approx(1.0)  # 4x/yr, Anthropic's 4x trigger: one a year
    assert per_year[1, 2] == pytest.approx(0.898, abs=1e-3)  # 5x/yr, DeepMind's 6x trigger


@settings(max_examples=50, deadline=None)
@given(st.floats(1.05, 20.0), st.floats(1.05, 20.0), st.floats(1.05, 20.0))
def test_interval_invariants(growth, trigger, other_trigger):
    interval = float(evaluation_interval(growth, trigger))
    # compute grows by exactly the trigger over one interval
    assert growth ** interval == pytest.approx(trigger, rel=1e-9)
    # intervals add when triggers multiply
    assert float(evaluation_interval(growth, trigger * other_trigger)) == pytest.approx(
        interval + float(evaluation_interval(growth, other_trigger)), rel=1e-9
    )
    assert float(evaluations_per_year(growth, trigger)) * interval == pytest.approx(1.0)


def test_years_to_threshold_reuses_growth_and_matches_closed_form():
    # Llama 3.1 405B at 3.8e25 FLOP (grattafiori2024llama3); 4x/yr reaches 1e26 in ln(1e26/3.8e25)/ln 4 years
    assert years_to_threshold(1e26, 3.8e25, 4.0) == pytest.approx(math.log(1e26 / 3.8e25) / math.log(4.0))
    assert years_to_threshold(1e25, 3.8e25, 4.0) < 0  # the EU line is already behind
    assert years_to_threshold(1e26, 1e25, 10.0) == pytest.approx(1.0)


# --- cadence: the schedule ------------------------------------------------------------

def test_schedule_on_exponential_path_is_evenly_spaced_at_the_interval():
    t = np.linspace(0.0, 5.0, 501)
    compute = exponential(t, 3.8e25, rate_from_annual_factor(4.5))
    times, levels = evaluation_schedule(t, compute, 2.0)
    interval = float(evaluation_interval(4.5, 2.0))
    assert times.size == int(np.floor(5.0 / interval)) + 1
    np.testing.assert_allclose(times, interval * np.arange(times.size), atol=1e-9)
    np.testing.assert_allclose(levels, 3.8e25 * 2.0 ** np.arange(times.size), rtol=1e-9)


def test_schedule_clock_fires_when_compute_stalls():
    t = np.linspace(0.0, 2.0, 201)
    times, levels = evaluation_schedule(t, np.full(t.size, 1e25), 6.0, max_interval=0.25)
    np.testing.assert_allclose(times, np.arange(0.0, 2.01, 0.25))
    np.testing.assert_allclose(levels, 1e25)
    times, _ = evaluation_schedule(t, np.full(t.size, 1e25), 6.0)
    np.testing.assert_array_equal(times, [0.0])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-0.5, 2.0), min_size=3, max_size=30),
    st.floats(1.2, 10.0),
    st.one_of(st.none(), st.floats(0.1, 2.0)),
)
def test_schedule_invariants(log_steps, trigger, cap):
    t = np.arange(len(log_steps), dtype=float)
    compute = 1e24 * np.exp(np.cumsum(log_steps))
    times, levels = evaluation_schedule(t, compute, trigger, max_interval=cap)
    assert times[0] == t[0] and times[-1] <= t[-1] + 1e-9
    assert (np.diff(times) > 0).all()
    assert (np.diff(levels) >= -1e-6 * levels[:-1]).all()  # never below the last evaluated level
    assert (levels[1:] / levels[:-1] <= trigger * (1 + 1e-9)).all()  # never more than k-fold between evaluations
    if cap is not None:
        assert (np.diff(times) <= cap + 1e-9).all()
    # the running maximum never outruns the last evaluation by more than the trigger
    running = np.maximum.accumulate(compute)
    last = levels[np.searchsorted(times, t, side="right") - 1]
    assert (running <= last * trigger * (1 + 1e-9)).all()


# --- policies: presets on constructed records ----------------------------------------

ALL_PREPAREDNESS_LOW = {c: 0.1 for c in gov.PREPAREDNESS_CATEGORIES}


def test_eu_ai_act_line_is_1e25_and_exceeds_is_strict():
    policy = preset("eu_ai_act")  # euaiact2024, Art. 51(2)
    assert gov.EU_AI_ACT_SYSTEMIC_RISK_FLOP == 1e25
    assert evaluate_policy(policy, ModelRecord("small", 1e25)).decision == "deploy"
    big = ModelRecord("big", 3.8e25, {"adversarial testing": 0.3})
    decision = evaluate_policy(policy, big)
    assert decision.decision == "hold deployment"
    assert "notify the Commission" in decision.reasons[0]
    safeguards = policy.rules[0].required_safeguards
    assert evaluate_policy(policy, ModelRecord("big", 3.8e25, {"adversarial testing": 0.3}, safeguards)).decision == "deploy with safeguards"
    assert evaluate_policy(policy, ModelRecord("big", 3.8e25, {}, safeguards)).decision == "missing evaluation"


def test_us_eo_line_is_1e26_and_marked_revoked():
    policy = preset("us_eo_14110")  # eo14110 §4.2(b); revoked by EO 14148
    assert gov.US_EO_14110_REPORTING_FLOP == 1e26
    assert "revoked" in policy.status and "2025" in policy.status
    assert evaluate_policy(policy, ModelRecord("m", 9e25)).decision == "deploy"
    assert evaluate_policy(policy, ModelRecord("m", 2e26, {"adversarial testing": 0.5})).decision == "hold deployment"


def test_openai_preparedness_deploy_and_develop_bars():
    # openai2023preparedness: deploy at post-mitigation Medium or below, develop at High or below
    policy = preset("openai_preparedness")
    assert policy.reevaluation_factor == 2.0
    assert evaluate_policy(policy, ModelRecord("low", 1e25, ALL_PREPAREDNESS_LOW)).decision == "deploy"
    medium = {**ALL_PREPAREDNESS_LOW, "persuasion": 0.4}
    assert evaluate_policy(policy, ModelRecord("medium", 1e25, medium)).decision == "deploy"
    high = {**ALL_PREPAREDNESS_LOW, "cybersecurity": 0.6}
    assert evaluate_policy(policy, ModelRecord("high", 1e25, high)).decision == "hold deployment"
    mitigated = {"cybersecurity mitigations to Medium", "hardened security"}
    assert evaluate_policy(policy, ModelRecord("high", 1e25, high, mitigated)).decision == "deploy with safeguards"
    critical = {**ALL_PREPAREDNESS_LOW, "cbrn": 0.9}
    assert evaluate_policy(policy, ModelRecord("crit", 1e25, critical)).decision == "pause development"
    to_high = {"cbrn mitigations to High"}
    assert evaluate_policy(policy, ModelRecord("crit", 1e25, critical, to_high)).decision == "hold deployment"
    both = to_high | {"cbrn mitigations to Medium", "hardened security"}
    assert evaluate_policy(policy, ModelRecord("crit", 1e25, critical, both)).decision == "deploy with safeguards"


def test_missing_category_and_stale_evaluation_give_missing_evaluation():
    policy = preset("openai_preparedness")
    partial = {k: v for k, v in ALL_PREPAREDNESS_LOW.items() if k != "persuasion"}
    decision = evaluate_policy(policy, ModelRecord("m", 1e25, partial))
    assert decision.decision == "missing evaluation"
    assert all("persuasion" in reason for reason in decision.reasons)
    # re-evaluation trigger: 2x for OpenAI, 4x for Anthropic, 6x for Google DeepMind
    assert evaluate_policy(policy, ModelRecord("m", 1e25, ALL_PREPAREDNESS_LOW, growth_since_evaluation=2.0)).decision == "deploy"
    assert evaluate_policy(policy, ModelRecord("m", 1e25, ALL_PREPAREDNESS_LOW, growth_since_evaluation=2.1)).decision == "missing evaluation"
    fsf_scores = {d: 0.1 for d in ("autonomy", "biosecurity", "cybersecurity", "ml r&d")}
    assert evaluate_policy(preset("deepmind_fsf"), ModelRecord("m", 1e25, fsf_scores, growth_since_evaluation=5.9)).decision == "deploy"
    assert evaluate_policy(preset("deepmind_fsf"), ModelRecord("m", 1e25, fsf_scores, growth_since_evaluation=6.1)).decision == "missing evaluation"
    # pause development outranks a missing evaluation
    crit = {**partial, "cbrn": 0.8}
    assert evaluate_policy(policy, ModelRecord("m", 1e25, crit)).decision == "pause development"


def test_anthropic_rsp_asl3_needs_security_to_continue_and_deployment_measures_to_ship():
    policy = preset("anthropic_rsp")  # anthropic2023rsp
    assert policy.reevaluation_factor == 4.0
    scores = {"cbrn": 0.55, "autonomy": 0.2}
    assert evaluate_policy(policy, ModelRecord("m", 1e26, scores)).decision == "pause development"
    assert evaluate_policy(policy, ModelRecord("m", 1e26, scores, {"ASL-3 security measures"})).decision == "hold deployment"
    both = {"ASL-3 security measures", "ASL-3 deployment measures"}
    decision = evaluate_policy(policy, ModelRecord("m", 1e26, scores, both))
    assert decision.decision == "deploy with safeguards"
    assert decision.triggered == ("ASL-3 containment (cbrn)", "ASL-3 deployment (cbrn)")


def test_every_preset_is_a_valid_cited_policy():
    for name, factory in gov.PRESETS.items():
        policy = factory()
        assert isinstance(policy, SafetyPolicy) and policy.source, name
    assert gov.REEVALUATION_FACTORS == {
        "OpenAI Preparedness (beta, 2023)": 2.0,
        "Anthropic RSP v1.0 (2023)": 4.0,
        "Google DeepMind FSF v1.0 (2024)": 6.0,
    }


def test_decision_is_always_one_of_the_declared_decisions_and_most_restrictive():
    policy = preset("openai_preparedness")
    rng = np.random.default_rng(0)
    for _ in range(200):
        scores = {c: float(s) for c, s in zip(gov.PREPAREDNESS_CATEGORIES, rng.uniform(0, 1, 4)) if rng.uniform() < 0.9}
        decision = evaluate_policy(policy, ModelRecord("m", 1e25, scores))
        assert decision.decision in gov.DECISIONS
        # adding safeguards can only make the decision less restrictive
        all_safeguards = {s for rule in policy.rules for s in rule.required_safeguards}
        relaxed = evaluate_policy(policy, ModelRecord("m", 1e25, scores, all_safeguards))
        assert gov.DECISIONS.index(relaxed.decision) <= gov.DECISIONS.index(decision.decision)


# --- malformed policies ----------------------------------------------------------------

GOOD_POLICY = {
    "name": "mine",
    "reevaluation_factor": 3,
    "rules": [
        {"name": "big", "trigger": {"kind": "compute", "training_compute_above": 1e26},
         "required_safeguards": ["notify"], "if_unmet": "hold deployment"},
        {"name": "cyber", "trigger": {"kind": "score", "category": "cyber", "min_score": 0.5},
         "required_safeguards": ["filters"], "required_evaluations": ["red team"], "if_unmet": "pause development"},
    ],
}


def test_policy_from_dict_builds_the_policy():
    policy = policy_from_dict(GOOD_POLICY)
    assert policy.reevaluation_factor == 3.0
    assert policy.categories == ("cyber", "red team")
    assert evaluate_policy(policy, ModelRecord("m", 2e26, {"cyber": 0.7, "red team": 0.1}, {"notify"})).decision == "pause development"


def _with(path, value):
    """GOOD_POLICY with one nested entry replaced (value None deletes it)."""
    import copy
    data = copy.deepcopy(GOOD_POLICY)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize("path, value, message", [
    (("name",), None, "missing required key 'name'"),
    (("rules",), None, "missing required key 'rules'"),
    (("rules",), [], "rules must hold at least one Rule"),
    (("rules",), "big", "rules must be a list"),
    (("reevaluation_factor",), 1.0, "reevaluation_factor must be greater than 1"),
    (("reevaluation_factor",), float("nan"), "reevaluation_factor must be a finite number"),
    (("colour",), "red", r"policy has unknown keys \['colour'\]"),
    (("rules", 0, "trigger", "kind"), "flops", "must have kind 'compute' or 'score'"),
    (("rules", 0, "trigger", "training_compute_above"), -1e25, "training_compute_above must be greater than 0"),
    (("rules", 0, "trigger", "training_compute_above"), "1e26", "training_compute_above must be a finite number"),
    (("rules", 0, "trigger", "training_compute_above"), None, r"is missing \['training_compute_above'\]"),
    (("rules", 1, "trigger", "min_score"), 1.5, "min_score must be at most 1"),
    (("rules", 1, "trigger", "category"), "", "category must be a non-empty string"),
    (("rules", 0, "if_unmet"), "shrug", "if_unmet of rule 'big' must be one of"),
    (("rules", 0, "required_safeguards"), "notify", "required_safeguards of rule 'big' must be a list"),
    (("rules", 0, "required_safeguards"), ["a", "a"], "must not repeat"),
    (("rules", 0, "required_safeguards"), [], "must require at least one safeguard or evaluation"),
    (("rules", 0, "requried_safeguards"), ["x"], r"rule 0 has unknown keys \['requried_safeguards'\]"),
    (("rules", 1, "name"), "big", r"unique names; repeated: \['big'\]"),
    (("rules", 0, "trigger"), None, "missing required key 'trigger'"),
    (("rules", 0, "trigger"), 1e26, "trigger of rule 0 .* must be a dict"),
])
def test_malformed_policies_are_rejected_with_the_field_named(path, value, message):
    with pytest.raises(ValueError, match=message):
        policy_from_dict(_with(path, value))


def test_malformed_objects_are_rejected():
    with pytest.raises(ValueError, match="data must be a dict describing a policy"):
        policy_from_dict([GOOD_POLICY])
    with pytest.raises(ValueError, match="trigger of rule 'r' must be a ComputeTrigger or a ScoreTrigger"):
        Rule("r", {"kind": "compute"}, ["x"])
    with pytest.raises(ValueError, match="rules must hold Rule objects"):
        SafetyPolicy("p", [{"name": "r"}])
    with pytest.raises(ValueError, match="policy must be a SafetyPolicy"):
        evaluate_policy(GOOD_POLICY, ModelRecord("m", 1e25))
    with pytest.raises(ValueError, match="record must be a ModelRecord"):
        evaluate_policy(policy_from_dict(GOOD_POLICY), {"name": "m", "training_compute": 1e25})


@pytest.mark.parametrize("change, message", [
    ({"training_compute": 0.0}, "training_compute must be greater than 0"),
    ({"training_compute": float("inf")}, "training_compute must be a finite number"),
    ({"training_compute": float("nan")}, "training_compute must be a finite number"),
    ({"scores": {"cyber": 1.2}}, r"scores\['cyber'\] must be at most 1"),
    ({"scores": {"cyber": float("nan")}}, r"scores\['cyber'\] must be a finite number"),
    ({"scores": [0.2]}, "scores must be a mapping"),
    ({"safeguards": "filters"}, "safeguards must be a list"),
    ({"growth_since_evaluation": 0.5}, "growth_since_evaluation must be at least 1"),
    ({"name": ""}, "record name must be a non-empty string"),
    ({"flops": 1e25}, r"record has unknown keys \['flops'\]"),
])
def test_bad_records_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        record_from_dict({"name": "m", "training_compute": 1e25, "scores": {"cyber": 0.2}, **change})


# --- inventory -------------------------------------------------------------------------

def test_risk_tier_matrix_is_monotone_and_symmetric():
    materiality, complexity = np.meshgrid([1, 2, 3], [1, 2, 3], indexing="ij")
    tiers = risk_tier(materiality, complexity)
    assert (np.diff(tiers, axis=0) <= 0).all() and (np.diff(tiers, axis=1) <= 0).all()
    np.testing.assert_array_equal(tiers, tiers.T)
    assert tiers[0, 0] == 3 and tiers[2, 2] == 1


def test_inventory_report_finds_overdue_and_unchallenged_models():
    entries = [
        InventoryEntry("chat assistant", "customer support", "product", "model risk", 3, 3, 2025.0),
        InventoryEntry("code agent", "internal tooling", "platform", "platform", 2, 3, 2024.0),
        InventoryEntry("spam filter", "email", "it", "model risk", 1, 1, 2024.0),
    ]
    rows = inventory_report(entries, as_of=2026.5)
    assert [(r["name"], r["tier"]) for r in rows] == [("chat assistant", 1), ("code agent", 1), ("spam filter", 3)]
    assert rows[0]["findings"] == ("validation overdue",)  # tier 1: yearly, due 2026.0
    assert rows[1]["findings"] == ("validation overdue", "no effective challenge")
    assert rows[2]["findings"] == () and rows[2]["due"] == 2027.0  # tier 3: every three years


def test_inventory_bad_input():
    entry = InventoryEntry("a", "b", "c", "d", 1, 1, 2024.0)
    with pytest.raises(ValueError, match="entries must not be empty"):
        inventory_report([], 2025.0)
    with pytest.raises(ValueError, match="unique names"):
        inventory_report([entry, entry], 2025.0)
    with pytest.raises(ValueError, match="as_of must not precede"):
        inventory_report([entry], 2023.0)
    with pytest.raises(ValueError, match="as_of must"):
        inventory_report([entry], float("nan"))
    with pytest.raises(ValueError, match="materiality must be a rating"):
        InventoryEntry("a", "b", "c", "d", 4, 1, 2024.0)
    with pytest.raises(ValueError, match="last_validated must be"):
        InventoryEntry("a", "b", "c", "d", 1, 1, float("inf"))
    with pytest.raises(ValueError, match="owner must be a non-empty"):
        InventoryEntry("a", "b", "", "d", 1, 1, 2024.0)


# --- bad input everywhere ---------------------------------------------------------------

def test_bad_input_cadence():
    assert_rejects(evaluation_interval, dict(annual_growth_factor=4.0, trigger_factor=2.0), "annual_growth_factor",
                   negative=True, zero=True, extra=[1.0, 0.5])
    assert_rejects(evaluation_interval, dict(annual_growth_factor=4.0, trigger_factor=2.0), "trigger_factor",
                   negative=True, zero=True, extra=[1.0])
    assert_rejects(evaluations_per_year, dict(annual_growth_factor=[4.0, 5.0], trigger_factor=2.0),
                   "annual_growth_factor", negative=True)
    assert_rejects(evaluations_per_year, dict(annual_growth_factor=4.0, trigger_factor=[2.0, 6.0]),
                   "trigger_factor", negative=True, extra=[[1.0, 2.0]])
    assert_raises_naming(evaluation_interval, dict(annual_growth_factor=[4.0, 5.0], trigger_factor=[2.0, 3.0, 4.0]), "shapes")
    valid = dict(threshold=1e26, compute_now=3.8e25, annual_growth_factor=4.0)
    for name in ("threshold", "compute_now", "annual_growth_factor"):
        assert_rejects(years_to_threshold, valid, name, negative=True, zero=True)
    assert_raises_naming(years_to_threshold, {**valid, "annual_growth_factor": 1.0}, "annual_growth_factor")


def test_bad_input_schedule():
    t = np.linspace(0.0, 2.0, 5)
    valid = dict(t=t, effective_compute=4.0 ** t, trigger_factor=2.0, max_interval=0.5)
    assert_rejects(evaluation_schedule, valid, "t")
    assert_rejects(evaluation_schedule, valid, "effective_compute", negative=True, zero=True)
    assert_rejects(evaluation_schedule, valid, "trigger_factor", negative=True, zero=True, extra=[1.0])
    assert_rejects(evaluation_schedule, valid, "max_interval", negative=True, zero=True)
    assert_raises_naming(evaluation_schedule, {**valid, "t": t[::-1]}, "t must be strictly increasing")
    assert_raises_naming(evaluation_schedule, {**valid, "effective_compute": [1.0, 2.0]}, "shapes")
    assert_raises_naming(evaluation_schedule, {**valid, "t": [0.0], "effective_compute": [1.0]}, "t must hold")


def test_bad_input_risk_tier_and_presets():
    assert_rejects(risk_tier, dict(materiality=[1, 2], complexity=[3, 3]), "materiality", negative=True, extra=[[1.5, 2], [4, 1]])
    assert_rejects(risk_tier, dict(materiality=2, complexity=2), "complexity", zero=True, extra=[4])
    assert_raises_naming(risk_tier, dict(materiality=[1, 2], complexity=[1, 2, 3]), "shapes")
    assert_raises_naming(preset, dict(name="openai"), "name must be one of")
    assert_raises_naming(gov.score_level, dict(score=1.5), "score")
    assert_raises_naming(gov.score_level, dict(score=float("nan")), "score")


# --- the published factors and clocks ----------------------------------------------------

def test_rsp_and_fsf_clocks_and_the_rsp_buffer():
    # anthropic2023rsp, Evaluation protocol: "after every 4x jump in effective compute ... and
    # (2) every 3 months"; safety buffer 6x. deepmind2024fsf: every 6x and every 3 months.
    assert gov.REEVALUATION_FACTORS["Anthropic RSP v1.0 (2023)"] == 4.0
    assert gov.REEVALUATION_CLOCK_MONTHS == {"Anthropic RSP v1.0 (2023)": 3.0, "Google DeepMind FSF v1.0 (2024)": 3.0}
    # with the clock, no gap between evaluations exceeds three months, whatever the growth
    t = np.linspace(0.0, 3.0, 601)
    for growth in (1.5, 4.0, 10.0):
        times, _ = evaluation_schedule(t, 4e25 * growth ** t, 4.0, max_interval=3.0 / 12)
        assert np.diff(times).max() <= 0.25 + 1e-9


def test_openai_high_rule_needs_hardened_security():
    # openai2023preparedness, Governance, Asset Protection: security hardened by "high" pre-mitigation risk.
    for rule in preset("openai_preparedness").rules:
        if rule.name.endswith("High"):
            assert "hardened security" in rule.required_safeguards
            assert rule.if_unmet == "hold deployment"
        else:
            assert rule.if_unmet == "pause development"


# --- inventory: the validation load and the capacity date ----------------------------------

def _entry(name, materiality, complexity):
    return InventoryEntry(name, "use", "owner", "validator", materiality, complexity, 2024.0)


def test_validation_load_is_the_sum_of_reciprocal_intervals():
    entries = [_entry("a", 3, 3), _entry("b", 2, 2), _entry("c", 1, 1)]  # tiers 1, 2, 3
    assert gov.validation_load(entries) == pytest.approx(1 + 1 / 2 + 1 / 3)
    # one model of each of the nine rating pairs: three of each tier
    every = [_entry(f"m{m}{c}", m, c) for m in (1, 2, 3) for c in (1, 2, 3)]
    tiers = [e.tier for e in every]
    expected = sum(1 / gov.VALIDATION_INTERVAL_YEARS[t] for t in tiers)
    assert gov.validation_load(every) == pytest.approx(expected)
    assert tiers.count(1) == 3 and tiers.count(2) == 3 and tiers.count(3) == 3
    # the chapter's inventory: tiers 1, 1, 2, 3
    chapter = [_entry("support", 3, 3), _entry("coding", 2, 3), _entry("router", 1, 2), _entry("fraud", 3, 1)]
    assert gov.validation_load(chapter) == pytest.approx(2 + 1 / 2 + 1 / 3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=20))
def test_validation_load_is_between_a_third_and_one_per_model(ratings):
    entries = [_entry(f"m{i}", m, c) for i, (m, c) in enumerate(ratings)]
    load = gov.validation_load(entries)
    assert len(entries) / 3 - 1e-12 <= load <= len(entries) + 1e-12
    # adding a model never lowers the load
    more = entries + [_entry("extra", 1, 1)]
    assert gov.validation_load(more) > load


def test_years_to_capacity_matches_the_closed_form_and_the_compute_lines():
    assert gov.years_to_capacity(3.0, 12.0, 2.0) == pytest.approx(2.0)
    assert gov.years_to_capacity(12.0, 3.0, 2.0) == pytest.approx(-2.0)  # already over capacity
    assert gov.years_to_capacity(5.0, 5.0, 4.0) == pytest.approx(0.0)
    # the same arithmetic as a compute trend reaching a compute line
    assert gov.years_to_capacity(3.8e25, 1e26, 4.0) == pytest.approx(float(years_to_threshold(1e26, 3.8e25, 4.0)))
    np.testing.assert_allclose(gov.years_to_capacity([1.0, 2.0], 8.0, 2.0), [3.0, 2.0])


def test_bad_input_inventory_load_and_capacity():
    entry = _entry("a", 1, 1)
    with pytest.raises(ValueError, match="entries must not be empty"):
        gov.validation_load([])
    with pytest.raises(ValueError, match="entries must have unique names"):
        gov.validation_load([entry, entry])
    with pytest.raises(TypeError, match="entries must hold InventoryEntry"):
        gov.validation_load([{"name": "a"}])
    with pytest.raises(TypeError, match="entries must be a list"):
        gov.validation_load("a")
    with pytest.raises(ValueError, match="entries must hold at most 100,000"):
        gov.validation_load(entry for _ in range(gov.MAX_ENTRIES + 5))
    valid = dict(load=3.0, capacity=12.0, annual_growth_factor=2.0)
    for name in ("load", "capacity", "annual_growth_factor"):
        assert_rejects(gov.years_to_capacity, valid, name, negative=True, zero=True)
    assert_raises_naming(gov.years_to_capacity, {**valid, "annual_growth_factor": 1.0}, "annual_growth_factor")
    assert_raises_naming(gov.years_to_capacity, {**valid, "load": [1.0, 2.0], "capacity": [1.0, 2.0, 3.0]}, "shapes")
