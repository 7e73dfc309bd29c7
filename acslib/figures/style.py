"""Shared colours and labels for every figure in the book.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common forms of colour-vision deficiency. Capability is always vermilion and
alignment always blue, in every chapter.
"""

CAPABILITY = "#D55E00"  # vermilion
ALIGNMENT = "#0072B2"  # blue
GAP = "#D55E00"  # the gap is shaded in capability's colour: capability's unmatched lead
SAFE = "#009E73"  # bluish green: alignment ahead
NEUTRAL = "#555555"
ACCENT = "#E69F00"  # orange
EXTRA = ("#56B4E9", "#CC79A7", "#F0E442", "#000000")  # sky blue, reddish purple, yellow, black

GAP_ALPHA = 0.25


def style_axes(ax):
    """Light, uncluttered axes: no top or right spine, faint grid."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
