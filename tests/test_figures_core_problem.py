"""Chapter 3 figures: captions that say what the curves do, and inputs checked under the slider names."""

import numpy as np
import pytest

from acslib import risk
from acslib.figures import core_problem as figures


def test_hazard_form_caption_says_which_way_the_gap_moves():
    # From alignment's fourfold lead (gap -1.39), a negative gap rate widens that lead (issue 12).
    assert "alignment's lead widens" in figures.describe_hazard_form("exponential", 1.0, -0.3)
    assert "narrows" not in figures.describe_hazard_form("exponential", 1.0, -0.3)
    assert "stays fixed" in figures.describe_hazard_form("power", 1.0, 0.0)
    crossing = np.log(4.0) / 0.3
    assert f"capability overtakes it in year {crossing:.1f}" in figures.describe_hazard_form("softplus", 1.0, 0.3)
    assert "lasts past year 30" in figures.describe_hazard_form("softplus", 1.0, 0.04)
    assert "−0.3" in figures.describe_hazard_form("exponential", 1.0, -0.3)  # a typographic minus


def test_gap_risk_caption_matches_the_model():
    text = figures.describe_gap_risk(0.7, 0.4, 4, 0.02)
    assert f"year {risk.crossing_time(1.0, 0.7, 4.0, 0.4):.1f}" in text
    assert "never overtakes" in figures.describe_gap_risk(0.4, 0.5, 4, 0.02)
    assert "not growing" in figures.describe_gap_risk(0.0, 0.0, 1, 0.02)


@pytest.mark.parametrize("call, name", [
    (lambda: figures.gap_risk_curves(np.nan, 0.4, 4, 0.02), "capability_rate"),
    (lambda: figures.gap_risk_curves(0.7, 9.0, 4, 0.02), "alignment_rate"),
    (lambda: figures.gap_risk_curves(0.7, 0.4, 0.0, 0.02), "initial_lead"),
    (lambda: figures.gap_risk_curves(0.7, 0.4, 4, [0.01, 0.02]), "base_rate"),
    (lambda: figures.form_curves("cubic", 1.0), "form"),
    (lambda: figures.form_curves("power", 1e308), "sensitivity"),
    (lambda: figures.describe_hazard_form("power", 1.0, np.array([])), "gap_rate"),
])
def test_inputs_are_checked_under_the_slider_names(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()


def test_static_figures_run_with_defaults_and_describe_their_numbers():
    scenarios = figures.gap_scenarios_figure()
    assert f"year {np.log(4.0) / 0.3:.2f}" in scenarios.alt and "−5.31" in scenarios.alt
    assert "C/A = 49" in figures.oversight_figure().alt
    assert "0.064" in figures.constant_gap_figure().alt  # lifetime risk at a shrink rate of 0.3
    feedback = figures.feedback_figure()
    assert "10 seeds of 20,000" in feedback.alt
    assert figures.hazard_forms_figure().figure.axes[0].get_yscale() == "log"
