"""Shared colours, sizes and theme rules for every figure in the book.

Colours start from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour-vision deficiency, darkened where needed so that every line, marker and
label has a contrast of at least 3:1 against the figure background (WCAG 1.4.11) in
**both** themes. Capability is always vermilion and alignment always blue.

Figures are drawn once, on a white background. In a dark theme (the website's, and
JupyterLab's) the page shows them through :data:`DARK_FILTER`, a CSS filter that inverts
lightness and turns hues back, so the background becomes near-black and each colour a
lighter version of itself; :func:`dark_colour` computes what the filter makes of a
colour, and the tests check every colour of every figure against both backgrounds with
:func:`contrast`. Frames therefore cost nothing extra in a dark theme.

Text sizes are set so that a figure shown at 480 CSS pixels wide (the narrowest the page
lets a frame shrink to on a phone, which scrolls sideways below that) still has text of
at least 9 CSS pixels: :data:`RC` is applied to every explorable and static figure.
"""

from __future__ import annotations

import numpy as np

CAPABILITY = "#D55E00"  # vermilion
ALIGNMENT = "#0072B2"  # blue
GAP = "#D55E00"  # the gap is shaded in capability's colour: capability's unmatched lead
SAFE = "#009E73"  # bluish green: alignment ahead
NEUTRAL = "#555555"  # text, reference lines
GREY = "#767676"  # secondary lines and markers (the lightest grey that keeps 3:1)
ACCENT = "#B86E00"  # dark orange
EXTRA = ("#2F86C4", "#B0508A", "#A67C00", "#000000")  # sky blue, reddish purple, gold, black
GRID = "#dddddd"  # decorative grid lines only; never for data

GAP_ALPHA = 0.25

#: The CSS filter that shows a white-background figure in a dark theme.
DARK_FILTER = "invert(0.92) hue-rotate(180deg)"
_INVERT = 0.92
# The hue-rotate(180deg) matrix of the Filter Effects specification.
_HUE_ROTATE_180 = np.array([
    [-0.574, 1.430, 0.144],
    [0.426, 0.430, 0.144],
    [0.426, 1.430, -0.856],
])

#: Matplotlib settings for every figure (readable on a phone, quiet on a desktop).
RC = {
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "text.color": NEUTRAL,
    "axes.labelcolor": NEUTRAL,
    "axes.edgecolor": NEUTRAL,
    "xtick.color": NEUTRAL,
    "ytick.color": NEUTRAL,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}
#: Smallest font size, in points, a figure may use (9 CSS px at 480/640 scale, 100 dpi).
MIN_FONT_POINTS = 9.0


def _rgb(colour) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.asarray(to_rgb(colour), dtype=float)


def dark_colour(colour) -> np.ndarray:
    """The RGB (0–1) a colour shows as through :data:`DARK_FILTER`.

    Examples
    --------
    >>> [round(float(v), 2) for v in dark_colour("white")]
    [0.08, 0.08, 0.08]
    """
    rgb = _rgb(colour)
    inverted = rgb * (1 - _INVERT) + (1 - rgb) * _INVERT
    return np.clip(_HUE_ROTATE_180 @ inverted, 0.0, 1.0)


def relative_luminance(colour) -> float:
    """WCAG relative luminance of a colour (a name, hex string or RGB tuple)."""
    rgb = _rgb(colour)
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(foreground, background) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21.

    Examples
    --------
    >>> round(contrast("black", "white"), 1)
    21.0
    >>> contrast(CAPABILITY, "white") >= 3 and contrast(dark_colour(CAPABILITY), dark_colour("white")) >= 3
    True
    """
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def style_axes(ax):
    """Light, uncluttered axes: no top or right spine, faint grid."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(True, which="major", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
