"""Tests for the explorable framework (acslib.explorable) on a small example."""

import re
from types import SimpleNamespace

import numpy as np
import pytest

from acslib.explorable import PAGE_BUDGET_BYTES, Choice, Explorable, Param


def _build(fig):
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 3))
    (line,) = ax.plot([], [], animated=True)
    return SimpleNamespace(ax=ax, line=line)


def _draw(art, slope, offset, style):
    art.line.set_data([0, 1], [offset, offset + slope])
    art.line.set_linestyle("-" if style == "solid" else "--")


def _describe(slope, offset, style):
    return f"A {style} line from {offset:g} rising by {slope:g}."


def make(**kwargs):
    params = [
        Param("slope", 0.0, 2.0, 0.5, 1.0),
        Param("offset", 0, 1, 1, 0),
        Choice("style", ("solid", "dashed"), "solid"),
    ]
    return Explorable("Test line", params, _build, _draw, describe=_describe, figsize=(3, 2), **kwargs)


def test_param_grid_and_validation():
    assert Param("r", 0.1, 0.3, 0.1, 0.2).values == (0.1, 0.2, 0.3)
    assert Param("n", 1, 5, 2, 3).values == (1, 3, 5)
    with pytest.raises(ValueError, match="default"):
        Param("r", 0.0, 1.0, 0.5, 0.3)
    with pytest.raises(ValueError, match="step"):
        Param("r", 0.0, 1.0, 0.3, 0.0)
    with pytest.raises(ValueError, match="max"):
        Param("r", 1.0, 0.0, 0.5, 0.5)
    with pytest.raises(ValueError, match="min"):
        Param("r", float("nan"), 1.0, 0.5, 0.5)
    with pytest.raises(ValueError, match="name"):
        Param("not a name", 0.0, 1.0, 0.5, 0.5)
    with pytest.raises(ValueError, match="default"):
        Choice("c", ("a", "b"), "z")


def test_explorable_validation():
    with pytest.raises(ValueError, match="static_params"):
        make(static_params=("slope", "offset", "style"))
    with pytest.raises(ValueError, match="static_params"):
        make(static_params=("nope",))
    with pytest.raises(ValueError, match="params"):
        Explorable("x", [], _build, _draw, describe=_describe)
    with pytest.raises(ValueError, match="unknown"):
        make().describe(speed=3)


def test_static_grid_covers_static_params_only():
    ex = make()
    grid = ex.static_grid()
    assert len(grid) == 5 * 2
    assert {g["style"] for g in grid} == {"solid"}


def test_frames_are_deterministic_and_differ():
    ex = make()
    first = ex.render_png(slope=0.5)
    ex.render_png(slope=2.0)  # move away and back: blitting must not leave traces
    assert ex.render_png(slope=0.5) == first
    assert ex.render_png(slope=1.5) != first


def test_blitted_frame_equals_full_redraw():
    ex = make()
    ex.render_png(slope=0.0)
    background, overlay = ex.render_layers(slope=1.5, offset=1)
    fresh = make()
    fresh_frame = np.asarray(fresh._render_rgba(slope=1.5, offset=1))
    composite = np.where(overlay[..., 3:4] > 0, overlay, background)
    np.testing.assert_array_equal(composite, fresh_frame)


def test_non_animated_change_forces_full_redraw():
    def draw(art, slope, offset, style):
        _draw(art, slope, offset, style)
        art.ax.set_title(f"slope {slope}")  # not animated: the figure goes stale

    ex = Explorable("T", make().params, _build, draw, describe=_describe, figsize=(3, 2))
    a = ex.render_png(slope=0.5)
    b = ex.render_png(slope=1.0)
    fresh = Explorable("T", make().params, _build, draw, describe=_describe, figsize=(3, 2))
    assert fresh.render_png(slope=1.0) == b != a


def test_static_html_structure():
    ex = make()
    document = ex.to_html()
    assert len(document.encode()) < PAGE_BUDGET_BYTES
    images = re.findall(r"<img [^>]*>", document)
    assert len(images) == 10
    alts = re.findall(r'alt="([^"]*)"', document)
    assert len(set(alts)) == 10 and all("rising by" in alt for alt in alts)
    visible = [img for img in images if " hidden" not in img]
    assert len(visible) == 1 and 'data-key="2-0"' in visible[0]  # the defaults
    assert document.count('type="range"') == 2
    assert "style = solid" in document  # the fixed parameter is named in the caption


def test_mimebundle_carries_both_renderings():
    bundle = make()._repr_mimebundle_()
    assert bundle["text/html"].startswith('<figure class="acs-explorable"')
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]


def test_widget_updates_image_in_place():
    ex = make()
    box = ex.widget()
    slider = next(c for c in box.children if getattr(c, "description", "") == "slope")
    image = next(c for c in box.children if type(c).__name__ == "Image")
    before = image.value
    slider.value = 2.0
    assert image.value != before
    assert image.value == ex.render_png(slope=2.0)
