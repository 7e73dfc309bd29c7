"""Chapter 1 figure helpers: the crossing years the prose quotes, and slider values checked
under the slider names (issue 12's 'things to try' and the contract's KNOWN_BROKEN entries);
the gap explorable's fixed axes (no slider forces a full redraw) and its shaded regions."""

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


def test_every_try_this_is_on_the_website_grid_and_true():
    # Section "The conceptual illustration, made computable": rates 0.4, 0.6, 0.7, 0.8 and
    # leads 4x and 10x are all frames of the static grid, at capability's rate of 0.7.
    grid = definition.gap_explorable().static_grid()
    assert len(grid) <= 60
    assert {frame["capability_rate"] for frame in grid} == {0.7}
    frames = {(round(frame["alignment_rate"], 6), frame["initial_lead"]) for frame in grid}
    for rate in (0.4, 0.6, 0.7, 0.8):
        assert (rate, 4) in frames and (rate, 10) in frames, rate
    # On a 30-year axis the 10x lead's crossing at a 0.1/yr rate gap is on the page.
    assert "overtakes alignment in year 23.0" in definition.describe_gap(0.7, 0.6, 10)
    assert "overtakes alignment in year 13.9" in definition.describe_gap(0.7, 0.6, 4)
    assert "stays ahead for all 30 years" in definition.describe_gap(0.7, 0.7, 4)
    assert "stays ahead" in definition.describe_gap(0.7, 0.8, 2)
    # Saturating alignment loses at the fastest alignment rate, within the 30 years.
    assert "overtakes" in definition.describe_gap(0.7, 1.0, 10, alignment_shape="logistic")


def test_no_slider_changes_the_axes():
    # The live update's budget (40 ms median) rests on every move being a blit: _draw may
    # only touch animated artists, so the figure never goes stale and the limits never move.
    explorable = definition.gap_explorable()
    explorable.render_png()
    figure = explorable._canvas.figure
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in figure.axes]
    for values in (dict(capability_rate=1.0, alignment_rate=0.1, initial_lead=2),
                   dict(capability_rate=0.1, alignment_rate=1.0, initial_lead=10),
                   dict(alignment_shape="logistic", alignment_rate=1.0)):
        explorable.draw(**values)
        assert not figure.stale, values
        assert [(ax.get_xlim(), ax.get_ylim()) for ax in figure.axes] == limits


def test_shaded_regions_meet_at_the_crossing():
    import acslib

    t, capability, alignment = definition.growth_curves(definition.HORIZON, 0.7, 0.4, 4.0)
    gap = acslib.alignment_gap(capability, alignment)
    fine_t, fine_gap, log_alignment = definition._crossing_grid(t, gap, np.log(alignment))
    crossing = acslib.first_crossing(t, capability, alignment)
    assert crossing == pytest.approx(np.log(4.0) / 0.3, abs=1e-9)
    (inserted,) = np.flatnonzero(fine_gap == 0.0)
    assert fine_t[inserted] == pytest.approx(crossing, abs=1e-12)
    assert np.exp(log_alignment[inserted]) == pytest.approx(4.0 * np.exp(0.4 * crossing), rel=1e-3)
    assert np.all(np.diff(fine_t) > 0) and fine_t.size == t.size + 1
    # No sign change: nothing is inserted.
    t, capability, alignment = definition.growth_curves(definition.HORIZON, 0.7, 0.8, 4.0)
    gap = acslib.alignment_gap(capability, alignment)
    assert definition._crossing_grid(t, gap, np.log(alignment))[0].size == t.size
