"""Tests for the explorable framework (acslib.explorable) on a small example."""

import html
import json
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


def test_static_html_announces_formatted_values_once():
    ex = Explorable("Noise", [Param("rate", 0.1, 0.9, 0.1, 0.8, unit=" /yr")], _build,
                    lambda art, rate: art.line.set_data([0, 1], [0, rate]),
                    describe=lambda rate: f"A line rising to {rate:g} per year.", figsize=(3, 2))
    document = ex.to_html()
    slider = re.search(r'<input type="range"[^>]*>', document).group(0)
    assert 'aria-valuetext="0.8 /yr"' in slider and 'value="0.8"' in slider  # no float noise, real values
    assert 'aria-hidden="true">0.8 /yr</output>' in document  # the readout is not a second announcement
    assert "aria-live" not in document
    labels = json.loads(html.unescape(re.search(r'data-labels="([^"]*)"', slider).group(1)))
    assert labels[:3] == ["0.1 /yr", "0.2 /yr", "0.3 /yr"] and labels[-1] == "0.9 /yr"


def test_notebook_display_is_live_widget_plus_static_copy(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.delenv("ACSLIB_EXPLORABLES", raising=False)
    make()._ipython_display_()
    assert type(shown[0]).__name__ == "LiveExplorable"
    assert "data-fallback" in shown[1]["text/html"].split(">", 1)[0]
    shown.clear()
    monkeypatch.setenv("ACSLIB_EXPLORABLES", "static")  # the website build
    make()._ipython_display_()
    assert len(shown) == 1 and "data-fallback" not in shown[0]["text/html"].split(">", 1)[0]


def test_live_widget_has_every_slider_and_draws_off_grid_frames():
    ex = make()
    widget = ex.widget()
    assert widget.html.count('type="range"') == 3 and widget.html.count("data-static") == 2
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)
    widget._on_message(widget, {"type": "render", "key": "1-0-1", "indices": [1, 0, 1]}, [])
    assert sent[0]["key"] == "1-0-1" and sent[0]["src"].startswith("data:image/png;base64,")
    assert sent[0]["alt"] == ex.describe(slope=0.5, offset=0, style="dashed")
    widget._on_message(widget, {"type": "render", "indices": [9, 0, 0]}, [])  # off the slider: ignored
    widget._on_message(widget, "junk", [])
    assert len(sent) == 1
    assert len(repr(widget)) < 100  # the widget output's saved text stays short


def test_frames_are_cached_on_disk_under_a_content_key(tmp_path, monkeypatch):
    monkeypatch.setenv("ACSLIB_CACHE_DIR", str(tmp_path))
    first = make().to_html()
    assert len(list((tmp_path / "frames").glob("*.json"))) == 1
    again = make()
    monkeypatch.setattr(again, "render_layers", lambda **kw: (_ for _ in ()).throw(AssertionError("redrawn")))
    assert again.to_html() == first  # served from the cache
    other = Explorable("Test line", make().params[:2], _build, lambda art, slope, offset: None,
                       describe=lambda slope, offset: f"A line with slope {slope} and offset {offset}.",
                       figsize=(3, 2))
    assert other._cache_key() != make()._cache_key()
