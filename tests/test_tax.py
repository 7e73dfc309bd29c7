"""Tests for acslib.tax (Chapter 13): the cited taxes as data with provenance, the level
tax against the rate gap, and the pay-or-defer comparison built on acslib.debt."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import debt, tax
from badinput import assert_rejects


# ------------------------------------------------------------------------ the cited numbers
def test_instructgpt_preference_is_shipped_with_its_source():
    # ouyang2022training: 175B InstructGPT preferred to 175B GPT-3 85 ± 3% of the time
    # (published-anchors §8, status V).
    table = tax.cited_tax_numbers()
    row = table.where(table["key"] == "instructgpt_preference_175b")
    assert len(row) == 1
    assert float(row["value"][0]) == 85.0 and float(row["uncertainty"][0]) == 3.0
    assert str(row["citation"][0]) == "ouyang2022training"
    assert "comparisons" in str(row["unit"][0])
    # ouyang2022training abstract: the 1.3B model beats the 175B one with 100x fewer parameters.
    fewer = table.where(table["key"] == "instructgpt_fewer_parameters")
    assert float(fewer["value"][0]) == 100.0 and str(fewer["verification"][0]) == "abstract"
    # lin2024mitigating abstract: OpenLLaMA-3B.
    lin = table.where(table["key"] == "lin_openllama_tax")
    assert float(lin["value"][0]) == 3.0 and str(lin["citation"][0]) == "lin2024mitigating"


def test_every_cited_finding_has_provenance():
    table = tax.cited_tax_numbers()
    provenance = table.provenance
    for key in ("source", "url", "location", "version", "date", "retrieved", "citation", "notes"):
        assert provenance.get(key), f"provenance lacks {key}"
    for arxiv in ("2203.02155", "2112.00861", "2204.05862", "2309.06256", "2503.00555"):
        assert f"https://arxiv.org/abs/{arxiv}" in provenance["url"]
    assert provenance["retrieved"].startswith("2026-12-01")
    citations = set(provenance["citation"].replace(" ", "").split(";"))
    assert set(table["citation"]) == citations == {"ouyang2022training", "askell2021general",
                                                           "bai2022training", "lin2024mitigating", "huang2025safety"}
    for record in table.records():
        assert record["claim"] and record["location"]
        assert record["verification"] in ("abstract", "anchors")
        if not math.isnan(record["value"]):
            assert record["unit"]
    # The PPO-ptx and Askell findings are in the table, and qualitative (no number).
    keys = set(table["key"])
    assert {"instructgpt_ppo_ptx", "askell_prompting_scale", "lin_model_averaging"} <= keys
    assert np.isnan(table.where(table["key"] == "askell_prompting_scale")["value"]).all()


def test_the_table_comes_from_the_public_loader_and_says_what_each_source_supports():
    from acslib import data

    table, loaded = tax.cited_tax_numbers(), data.alignment_tax()
    assert table.column_names == loaded.column_names and table.provenance == loaded.provenance
    assert all(np.array_equal(table[c], loaded[c], equal_nan=(table[c].dtype.kind == "f"))
               for c in table.column_names)
    # askell2021general: the abstract says the benefit grows with size and large models are not
    # hurt; that the tax turns negative is only the anchors list's reading, and the row says so.
    askell = table.where(table["key"] == "askell_prompting_scale")
    assert str(askell["verification"][0]) == "abstract" and "anchors list" in str(askell["claim"][0])
    # The numbers the book could not read stay anchored: InstructGPT's 85 ± 3% and PPO-ptx.
    for key in ("instructgpt_preference_175b", "instructgpt_ppo_ptx"):
        assert str(table.where(table["key"] == key)["verification"][0]) == "anchors"


# --------------------------------------------------------------------------- level vs rate
@given(st.floats(-3.0, 3.0), st.floats(-0.5, 0.5), st.floats(0.0, 0.95))
def test_a_level_tax_shifts_the_gap_but_not_its_slope(initial_gap, rate_gap, level):
    t = np.linspace(0.0, 30.0, 31)
    untaxed = tax.taxed_gap(t, initial_gap, rate_gap, 0.0)
    taxed = tax.taxed_gap(t, initial_gap, rate_gap, level)
    assert np.allclose(untaxed - taxed, -math.log1p(-level))
    assert np.allclose(np.diff(taxed), rate_gap * np.diff(t))


@given(st.floats(1.0, 100.0), st.floats(0.01, 1.0), st.floats(0.0, 0.99))
def test_a_tax_buys_a_fixed_delay_and_the_gap_still_opens(lead, rate_gap, level):
    before = tax.taxed_crossing_time(lead, rate_gap, 0.0)
    after = tax.taxed_crossing_time(lead, rate_gap, level)
    delay = float(tax.tax_delay(level, rate_gap))
    assert after - before == pytest.approx(delay, rel=1e-9, abs=1e-9)
    # However large the tax, the taxed gap is positive after the crossing: a level
    # does not close a rate gap.
    later = after + 1.0
    assert float(tax.taxed_gap(later, -math.log(lead), rate_gap, level)) > 0


@given(st.floats(0.0, 1.0), st.floats(0.0, 40.0), st.floats(-2.0, 2.0))
def test_only_a_tax_rising_toward_one_holds_the_gap(rate_gap, t, initial_gap):
    needed = float(tax.tax_to_hold_gap(rate_gap, t))
    assert 0.0 <= needed < 1.0 or (needed == 1.0 and rate_gap * t > 30)
    if rate_gap * t < 15:  # beyond, 1 - needed underflows double precision
        assert float(tax.taxed_gap(t, initial_gap, rate_gap, needed)) == pytest.approx(initial_gap, abs=1e-9)


@given(st.floats(0.0, 0.99), st.floats(0.01, 1.0))
def test_the_tax_runs_out_exactly_at_its_delay(level, rate_gap):
    delay = float(tax.tax_delay(level, rate_gap))
    assert float(tax.tax_to_hold_gap(rate_gap, delay)) == pytest.approx(level, abs=1e-12)


def test_crossing_under_a_tax_uses_chapter_3s_crossing_time():
    assert tax.taxed_crossing_time(4.0, 0.3, 0.0) == pytest.approx(math.log(4.0) / 0.3)
    assert tax.taxed_crossing_time(4.0, 0.3, 0.5) == pytest.approx(math.log(8.0) / 0.3)
    assert tax.taxed_crossing_time(4.0, 0.0, 0.5) is None
    assert tax.taxed_crossing_time(4.0, -0.2, 0.5) is None
    assert tax.taxed_crossing_time(0.5, 0.1, 0.2) == 0.0  # capability ahead even after the tax


# ---------------------------------------------------------------------- paying or deferring
def test_pay_or_defer_reuses_the_debt_model():
    result = tax.pay_or_defer(tax=1.5)
    params = tax.TAX_PARAMS.replace(rnd_cost=1.5)
    assert result.params == params and result.params.price_decline == 0.0
    assert np.allclose(result.pay, debt.expected_run(params, "proactive").cost_by_horizon())
    assert np.allclose(result.defer, debt.expected_run(params, "reactive").cost_by_horizon())
    assert np.allclose(result.defer_unsettled, debt.expected_run(params, "reactive").cost_by_horizon(settle=False))
    assert result.defer[-1] == pytest.approx(debt.policy_costs(params)["reactive"].total)
    # A constant tax: paying costs the tax every step, plus base-rate incidents.
    steps = np.diff(result.pay)
    factor = np.exp(-params.discount * result.t[:-1])
    assert np.allclose(steps, (1.5 + params.incident_loss * params.base_hazard) * params.step * factor)


def test_settling_moves_the_break_even_horizon_earlier():
    for tax_level in (0.5, 1.0, 2.0, 3.0):
        result = tax.pay_or_defer(tax=tax_level)
        assert result.break_even is not None and result.break_even_unsettled is not None
        assert result.break_even < result.break_even_unsettled
        assert (result.defer >= result.defer_unsettled - 1e-12).all()


def test_break_even_is_where_paying_becomes_and_stays_cheaper():
    result = tax.pay_or_defer(tax=1.0, discount=0.15)
    index = int(np.flatnonzero(np.isclose(result.t, result.break_even))[0])
    assert (result.pay[index:] <= result.defer[index:] + 1e-12).all()
    assert result.pay[index - 1] > result.defer[index - 1]
    # A large tax and steep discounting: deferring is still cheaper at 30 years.
    assert tax.pay_or_defer(tax=3.0, discount=0.2).break_even is None


@given(st.floats(0.2, 3.0), st.floats(0.0, 3.0), st.floats(0.1, 2.0))
def test_a_dividend_lowers_both_costs_and_favours_paying(gross, dividend, extra):
    low = tax.pay_or_defer(tax=gross, dividend=dividend)
    high = tax.pay_or_defer(tax=gross, dividend=dividend + extra)
    assert (high.pay <= low.pay + 1e-12).all() and (high.defer <= low.defer + 1e-12).all()
    assert high.defer[-1] - high.pay[-1] >= low.defer[-1] - low.pay[-1] - 1e-9
    assert high.net_tax == pytest.approx(gross - dividend - extra)


def test_a_negative_tax_makes_paying_a_gain():
    result = tax.pay_or_defer(tax=1.0, dividend=1.5)
    assert result.net_tax == -0.5
    assert result.pay[-1] < 0 < result.defer[-1]
    assert result.break_even == result.t[1]


def test_bad_input_is_rejected_by_name():
    assert_rejects(tax.taxed_gap, dict(t=[0.0, 1.0], initial_gap=0.0, rate_gap=0.3, tax=0.2), "t")
    assert_rejects(tax.taxed_gap, dict(t=[0.0, 1.0], initial_gap=0.0, rate_gap=0.3, tax=0.2), "tax",
                   negative=True, extra=[1.0, 1.5])
    assert_rejects(tax.tax_delay, dict(tax=[0.1, 0.2], rate_gap=0.3), "rate_gap", negative=True, zero=True)
    assert_rejects(tax.tax_delay, dict(tax=[0.1, 0.2], rate_gap=0.3), "tax", negative=True)
    assert_rejects(tax.tax_to_hold_gap, dict(rate_gap=0.3, t=[0.0, 2.0]), "t", negative=True)
    assert_rejects(tax.taxed_crossing_time, dict(initial_lead=2.0, rate_gap=0.3, tax=0.2), "initial_lead",
                   negative=True, zero=True)
    assert_rejects(tax.pay_or_defer, dict(tax=1.0, dividend=0.5), "dividend", negative=True)
    assert_rejects(tax.pay_or_defer, dict(tax=1.0, dividend=0.5), "tax", negative=True, zero=True)
    with pytest.raises(TypeError, match="tax"):
        tax.pay_or_defer(tax=True)
    with pytest.raises(TypeError, match="params"):
        tax.pay_or_defer(params={"budget": 4.0})
    with pytest.raises(ValueError, match="discount"):
        tax.pay_or_defer(discount=-0.1)
