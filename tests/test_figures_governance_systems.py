"""Chapter 6 figures: the worked example's decisions are the ones the prose states, the cadence
helpers check their slider values under the caller's names, and the explorable stays in budget."""

import numpy as np
import pytest

from acslib import governance as gov
from acslib.figures import governance_systems as fig


def test_decision_matrix_is_what_section_6_6_says():
    matrix = dict(zip("A A' B C".split(), fig.decision_matrix()))
    columns = list(fig.PRESET_LABELS)
    row = {name: dict(zip(columns, decisions)) for name, decisions in matrix.items()}
    assert set(row["A"].values()) == {"deploy"}
    # A': stale under OpenAI's 2x trigger only; the scale-up crosses the EU line
    assert row["A'"] == {"eu_ai_act": "hold deployment", "us_eo_14110": "deploy", "openai_preparedness":
                         "missing evaluation", "anthropic_rsp": "deploy", "deepmind_fsf": "deploy"}
    # B: the EU compute line and two capability frameworks disagree
    assert row["B"]["eu_ai_act"] == "deploy with safeguards"
    assert [row["B"][p] for p in ("openai_preparedness", "deepmind_fsf")] == ["hold deployment"] * 2
    # C: the ASL-4 placeholder and OpenAI's Critical rule pause development
    assert row["C"]["anthropic_rsp"] == row["C"]["openai_preparedness"] == "pause development"
    assert row["C"]["us_eo_14110"] == "hold deployment"


def test_decision_matrix_figure_alt_text_lists_every_cell():
    figure = fig.decision_matrix_figure()
    for record, decisions in zip(fig.worked_example_records(), fig.decision_matrix()):
        assert record.name in figure.alt
        for name, decision in zip(fig.PRESET_LABELS.values(), decisions):
            assert f"{name} {decision}" in figure.alt


def test_decision_matrix_inputs_are_checked():
    with pytest.raises(ValueError, match="presets must hold names"):
        fig.decision_matrix(presets=["eu"])
    with pytest.raises(TypeError, match="records must hold ModelRecord"):
        fig.decision_matrix(records=[{"name": "m"}])
    with pytest.raises(ValueError, match="records must hold 1 to 12"):
        fig.decision_matrix(records=[])
    one = fig.decision_matrix(records=fig.worked_example_records()[:1], presets=["eu_ai_act"])
    assert one == (("deploy",),)


def test_policy_flow_figure_names_all_five_decisions():
    alt = fig.policy_flow_figure().alt
    for decision in gov.DECISIONS:
        assert decision in alt


@pytest.mark.parametrize("bad, name", [
    (dict(annual_growth_factor=float("nan"), trigger_factor=2.0), "annual_growth_factor"),
    (dict(annual_growth_factor=1e308, trigger_factor=2.0), "annual_growth_factor"),
    (dict(annual_growth_factor=1.0, trigger_factor=2.0), "annual_growth_factor"),
    (dict(annual_growth_factor=4.0, trigger_factor=np.array([])), "trigger_factor"),
    (dict(annual_growth_factor=4.0, trigger_factor=1e9), "trigger_factor"),
    (dict(annual_growth_factor=4.0, trigger_factor=float("inf")), "trigger_factor"),
])
def test_cadence_helpers_name_the_bad_slider(bad, name):
    for function in (fig.projected_schedule, fig.describe_cadence):
        with pytest.raises(ValueError, match=name):
            function(**bad)


def test_projected_schedule_evaluates_at_every_trigger_multiple():
    years, compute, eval_years, eval_compute = fig.projected_schedule(4.0, 2.0)
    np.testing.assert_allclose(np.diff(eval_years), 0.5, atol=1e-9)
    np.testing.assert_allclose(eval_compute[1:] / eval_compute[:-1], 2.0, rtol=1e-9)
    assert not eval_years.flags.writeable


def test_cadence_explorable_budget():
    explorable = fig.cadence_explorable()
    assert len(explorable.static_grid()) == 55
