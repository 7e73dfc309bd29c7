"""Chapter 1 figure helpers: the crossing years the prose quotes, and slider values checked
under the slider names (issue 12's 'things to try' and the contract's KNOWN_BROKEN entries)."""

import numpy as np
import pytest

from acslib.figures import definition, why_it_matters


def test_lead_crossings_follow_the_formula():
    leads = np.array([2.0, 4.0, 10.0, 1024.0])
    for gap in (0.1, 0.3, 0.5):
        assert np.allclose(definition.lead_crossings(leads, gap), np.log(leads) / gap)
    # The same years as the crossing of two simulated exponentials (acslib.gap.first_crossing).
    import acslib

    t = np.linspace(0.0, 40.0, 40001)
    simulated = acslib.first_crossing(t, acslib.exponential(t, 1.0, 0.7), acslib.exponential(t, 10.0, 0.6))
    assert definition.lead_crossings([10.0], 0.1)[0] == pytest.approx(simulated, abs=1e-3)


def test_issue_12_try_this_numbers():
    # At a 0.1/yr gap, 4x -> 10x moves the crossing from year 13.9 to beyond a 20-year horizon.
    four, ten = definition.lead_crossings([4.0, 10.0], 0.7 - 0.6)
    assert round(four, 1) == 13.9 and ten > 20.0 and round(ten, 1) == 23.0
    assert "beyond" not in definition.describe_gap(0.7, 0.6, 10, 20)
    assert "stays ahead for all 20 years" in definition.describe_gap(0.7, 0.6, 10, 20)


def test_the_website_sliders_are_alignments_rate_and_lead():
    explorable = definition.gap_explorable()
    assert tuple(explorable.static_params) == ("alignment_rate", "initial_lead")


@pytest.mark.parametrize("name", ["capability_rate", "alignment_rate", "initial_lead", "horizon"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, 1e308])
def test_slider_values_are_checked_under_their_names(name, bad):
    values = dict(capability_rate=0.7, alignment_rate=0.4, initial_lead=4.0, horizon=20.0)
    values[name] = bad
    with pytest.raises(ValueError, match=f"^{name}"):
        definition.growth_curves(values["horizon"], values["capability_rate"], values["alignment_rate"],
                                 values["initial_lead"])
    with pytest.raises(ValueError, match=f"^{name}"):
        definition.describe_gap(values["capability_rate"], values["alignment_rate"], values["initial_lead"],
                                values["horizon"])


def test_shape_and_window_end_are_named():
    with pytest.raises(TypeError, match="^alignment_shape"):
        definition.growth_curves(20, 0.7, 0.4, 4.0, np.array([]))
    with pytest.raises(TypeError, match="^end"):
        why_it_matters.window_sensitivity(np.array([]))
    starts, days, *_ = why_it_matters.window_sensitivity()
    days[0] = -1.0  # a caller's change does not reach the cache
    assert why_it_matters.window_sensitivity()[1][0] > 200
