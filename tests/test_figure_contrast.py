"""Every figure in the book reads in both themes and on a phone (CONTRIBUTING.md, *Figures*).

For every explorable (at its defaults) and every static figure: each line, marker, bar and
label has a contrast of at least 3:1 against the background (WCAG 1.4.11) in the light
theme and in the dark theme, where the page shows the figure through
``style.DARK_FILTER``; and no text is smaller than ``style.MIN_FONT_POINTS``, so a figure
shown at three quarters of its width on a phone still has 9-pixel text. Grid lines and
shaded areas are decoration and exempt.
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from acslib.figures import all_explorables, all_figures, style

WHITE = np.ones(3)


def _blend(colour, alpha=None) -> np.ndarray:
    rgba = np.asarray(to_rgba(colour), dtype=float)
    a = rgba[3] if alpha is None else alpha * rgba[3]
    return a * rgba[:3] + (1 - a) * WHITE


def _problems(figure) -> list[str]:
    problems = []
    grid = set()
    for ax in figure.axes:
        grid.update(ax.xaxis.get_gridlines() + ax.yaxis.get_gridlines())
    dark_background = style.dark_colour(WHITE)

    def check(what, colour, alpha=None):
        rgb = _blend(colour, alpha)
        light = style.contrast(rgb, WHITE)
        dark = style.contrast(style.dark_colour(rgb), dark_background)
        if min(light, dark) < 3:
            problems.append(f"{what} {colour!r}: contrast {light:.2f} light, {dark:.2f} dark")

    for artist in figure.findobj(lambda a: a.get_visible()):
        if isinstance(artist, Line2D) and artist not in grid:
            if artist.get_linestyle() not in ("None", "none", "", " ") and artist.get_linewidth() > 0 \
                    and len(artist.get_xdata()) > 1:
                check(f"line {artist.get_label()!r}", artist.get_color(), artist.get_alpha())
            if artist.get_marker() not in (None, "None", "none", "", " "):
                face = artist.get_markerfacecolor()
                if to_rgba(face)[3] > 0:
                    check(f"marker of {artist.get_label()!r}", face, artist.get_alpha())
        elif isinstance(artist, Text):
            if artist.get_text().strip():
                check(f"text {artist.get_text()[:30]!r}", artist.get_color(), artist.get_alpha())
                if artist.get_fontsize() < style.MIN_FONT_POINTS - 1e-9:
                    problems.append(f"text {artist.get_text()[:30]!r} at {artist.get_fontsize():g} pt")
        elif isinstance(artist, PathCollection) and len(artist.get_offsets()):
            for colour in {tuple(c) for c in artist.get_facecolors()}:
                if colour[3] >= 0.5:
                    check("scatter marker", colour)
        elif isinstance(artist, LineCollection):
            for colour in {tuple(c) for c in artist.get_colors()}:
                if colour[3] >= 0.5:
                    check("line collection", colour)
        elif isinstance(artist, Rectangle) and artist.axes is not None and artist is not artist.axes.patch:
            face = to_rgba(artist.get_facecolor())
            if face[3] >= 0.5 and artist.get_width() and artist.get_height():
                check("bar", face)
    return sorted(set(problems))


@pytest.mark.parametrize("name,factory", all_explorables(), ids=[n for n, _ in all_explorables()])
def test_explorable_reads_in_both_themes(name, factory):
    explorable = factory()
    explorable.render_png()
    assert _problems(explorable._canvas.figure) == []


@pytest.mark.parametrize("name,factory", all_figures(), ids=[n for n, _ in all_figures()])
def test_static_figure_reads_in_both_themes(name, factory):
    figure = factory().figure
    assert _problems(figure) == []


def test_palette_keeps_contrast_in_both_themes():
    for colour in (style.CAPABILITY, style.ALIGNMENT, style.SAFE, style.NEUTRAL, style.GREY, style.ACCENT,
                   *style.EXTRA[:3]):
        assert style.contrast(colour, "white") >= 3, colour
        assert style.contrast(style.dark_colour(colour), style.dark_colour("white")) >= 3, colour
