"""Explorables and figures for Chapter 9, *Superalignment: the destination and the process*.

Used in ``chapters/09_superalignment.ipynb``: the weak-to-strong figure in section *A
weak-to-strong toy* and the nested-oversight explorable in section *Scaling laws for
scalable oversight*.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from .._validation import as_choice, as_count, as_instance, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..montecarlo import SeedBand
from ..superalignment import (
    DATA_GENERAL_ELO,
    ENGELS_FITS,
    GAME_TITLES,
    GAMES,
    START_ELO,
    nested_success_from_fits,
)
from . import style

__all__ = [
    "DELTAS",
    "oversight_curves",
    "describe_oversight",
    "nested_oversight_explorable",
    "weak_to_strong_figure",
    "EXPLORABLES",
]

#: General-Elo gaps drawn by the explorable.
DELTAS = np.linspace(0.0, 1200.0, 121)
_MAX_STEPS = 20
_DATA_EDGE = DATA_GENERAL_ELO[1] - START_ELO


def _guard_fit(game, guard_slope_scale):
    """The Guard's fit with its slope scaled, pivoting at the first Guard's general Elo."""
    slope, intercept = ENGELS_FITS[game]["guard"]
    today = slope * START_ELO + intercept
    new_slope = slope * guard_slope_scale
    return new_slope, today - new_slope * START_ELO


def _arguments(game, n_steps, guard_slope_scale):
    game = as_choice(game, "game", GAMES)
    n_steps = as_count(n_steps, "n_steps", minimum=1, cap=_MAX_STEPS)
    scale = as_scalar(guard_slope_scale, "guard_slope_scale")
    if not 0.0 <= scale <= 10.0:
        raise ValueError(f"guard_slope_scale must lie between 0 and 10; got {scale:g}")
    return game, n_steps, scale


def oversight_curves(game, n_steps, guard_slope_scale=1.0):
    """Nested-oversight success over :data:`DELTAS` with ``n_steps`` steps, and the best over 1–20 steps.

    ``game`` is one of :data:`acslib.superalignment.GAMES`; ``n_steps`` is 1 to 20.
    ``guard_slope_scale`` (0 to 10) multiplies the Guard's fitted slope while keeping
    the first Guard's domain Elo as fitted: an overseer as good as today's that scales
    faster (above 1) or slower (below 1) with general capability. Results are cached.

    Returns
    -------
    types.SimpleNamespace
        ``success`` (with ``n_steps``), ``best`` and ``best_steps`` over :data:`DELTAS`,
        read-only.

    Examples
    --------
    >>> curves = oversight_curves("debate", 1)
    >>> round(float(curves.success[40]), 4)  # Δ = 400
    0.5136
    """
    return _curves(*_arguments(game, n_steps, guard_slope_scale))


@functools.lru_cache(maxsize=512)
def _curves(game, n_steps, guard_slope_scale):
    guard, houdini = _guard_fit(game, guard_slope_scale), ENGELS_FITS[game]["houdini"]
    table = np.stack([nested_success_from_fits(guard, houdini, DELTAS, n) for n in range(1, _MAX_STEPS + 1)])
    best_index = np.argmax(table, axis=0)
    out = SimpleNamespace(success=table[n_steps - 1].copy(), best=table.max(axis=0), best_steps=best_index + 1)
    for array in vars(out).values():
        array.setflags(write=False)
    return out


def _percent(value: float) -> str:
    return "under 0.1%" if value < 0.0005 else f"{value:.1%}"


def describe_oversight(game, n_steps, guard_slope_scale=1.0):
    """Alt text for a frame of :func:`nested_oversight_explorable`.

    Arguments as in :func:`oversight_curves`: ``n_steps`` from 1 to 20, ``guard_slope_scale``
    from 0 to 10.
    """
    game, n_steps, guard_slope_scale = _arguments(game, n_steps, guard_slope_scale)
    curves = _curves(game, n_steps, guard_slope_scale)
    at = int(np.argmin(np.abs(DELTAS - 400.0)))
    steps = f"{n_steps} step" + ("s" if n_steps != 1 else "")
    scale = "" if guard_slope_scale == 1.0 else f", Guard slope ×{guard_slope_scale:g}"
    return (f"{GAME_TITLES[game]}, {steps}{scale}: nested oversight succeeds {curves.success[at]:.1%} of the time "
            f"at a general-Elo gap of 400 (the best over 1 to 20 steps is {curves.best[at]:.1%}, with "
            f"{curves.best_steps[at]} step{'s' if curves.best_steps[at] != 1 else ''}) and "
            f"{_percent(curves.success[-1])} at 1,200. Gaps beyond {_DATA_EDGE:.0f} put the last Houdini outside "
            f"the study's data.")


def _build(figure):
    figure.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.15)
    ax = figure.add_subplot()
    style.style_axes(ax)
    ax.set(xlim=(0.0, DELTAS[-1]), ylim=(0.0, 1.0), xlabel="general-Elo gap Δ between first Guard and last Houdini",
           ylabel="P(oversight holds at every step)")
    ax.axvspan(0.0, _DATA_EDGE, color=style.GREY, alpha=0.12, linewidth=0)
    ax.set_title(f"Shaded: both players inside the study's data; beyond Δ = {_DATA_EDGE:.0f} the fits are "
                 "extrapolated", fontsize=9.5)
    ax.axvline(400.0, color=style.NEUTRAL, linestyle=":", linewidth=1.2)
    art = SimpleNamespace()
    (art.best,) = ax.plot([], [], color=style.SAFE, linestyle="--", linewidth=2, label="best over 1–20 steps",
                          animated=True)
    (art.success,) = ax.plot([], [], color=style.ALIGNMENT, linewidth=2.4, label="with the chosen steps",
                             animated=True)
    (art.marker,) = ax.plot([], [], "o", color=style.ALIGNMENT, markersize=6, animated=True)
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.88), fontsize=9, frameon=False)
    return art


def _draw(art, game, n_steps, guard_slope_scale):
    curves = oversight_curves(game, n_steps, guard_slope_scale)
    art.best.set_data(DELTAS, curves.best)
    art.success.set_data(DELTAS, curves.success)
    at = int(np.argmin(np.abs(DELTAS - 400.0)))
    art.marker.set_data([DELTAS[at]], [curves.success[at]])


def nested_oversight_explorable():
    """The Chapter 9 explorable: nested oversight success against the general-Elo gap.

    Sliders: the game and the number of steps (on the website), and how fast the Guard
    scales with general capability (notebook only).

    Examples
    --------
    >>> ex = nested_oversight_explorable()
    >>> len(ex.static_grid())
    40
    """
    return Explorable(
        "Nested oversight across a capability gap",
        [
            Choice("game", GAMES, "debate", label="oversight game", option_labels=tuple(GAME_TITLES[g] for g in GAMES)),
            Param("n_steps", 1, 10, 1, 1, label="oversight steps"),
            Param("guard_slope_scale", 0.5, 2.0, 0.25, 1.0, label="Guard slope", unit="× fitted", fmt=".2f"),
        ],
        _build,
        _draw,
        describe=describe_oversight,
        static_params=("game", "n_steps"),
        figsize=(6.8, 3.6),
    )


def weak_to_strong_figure(grid):
    """Static figure for section *A weak-to-strong toy*: PGR against the true concept's salience.

    Parameters
    ----------
    grid : dict
        From :func:`acslib.weak_to_strong.pgr_grid`: ``{(S, Sv): {"naive": band, "aux": band}}``.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> from acslib.weak_to_strong import pgr_grid
    >>> picture = weak_to_strong_figure(pgr_grid((2.0, 4.0), (1.0, 2.0), seeds=2))
    >>> print(picture.alt.split(",")[0])
    Performance gap recovered by the book's weak-to-strong toy against the salience S of the true concept
    """
    from matplotlib.figure import Figure

    as_instance(grid, "grid", dict, "dict returned by acslib.weak_to_strong.pgr_grid")
    if not grid or len(grid) > 400:
        raise ValueError(f"grid must hold 1 to 400 entries from acslib.weak_to_strong.pgr_grid; got {len(grid)}")
    for key, bands in grid.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(v, float) for v in key)
                and isinstance(bands, dict) and all(isinstance(bands.get(m), SeedBand) for m in ("naive", "aux"))
                and all(bands[m].values.ndim == 1 for m in ("naive", "aux"))):
            raise ValueError("grid must map (S, Sv) pairs to {'naive': SeedBand, 'aux': SeedBand}, "
                             "as acslib.weak_to_strong.pgr_grid returns")
    error_saliences = sorted({Sv for _, Sv in grid})
    figure = Figure(figsize=(6.8, 3.6), dpi=100)
    figure.subplots_adjust(left=0.13, right=0.97, top=0.9, bottom=0.15)
    ax = figure.add_subplot()
    style.style_axes(ax)
    colours = (style.ALIGNMENT, style.ACCENT, style.EXTRA[1], style.EXTRA[2], style.GREY)
    ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    ax.axhline(1.0, color=style.NEUTRAL, linewidth=0.8, linestyle=":")
    summary = []
    for Sv, colour in zip(error_saliences, colours * 4):
        saliences = sorted(S for S, v in grid if v == Sv)
        for method, dash, marker in (("naive", "--", "o"), ("aux", "-", "s")):
            means = np.array([grid[(S, Sv)][method].mean for S in saliences])
            spread = np.array([grid[(S, Sv)][method].std for S in saliences])
            ax.errorbar(saliences, means, yerr=spread, color=colour, linestyle=dash, marker=marker, markersize=4,
                        capsize=2, linewidth=1.6, label=f"Sv = {Sv:g}, {'naive' if method == 'naive' else 'aux loss'}")
            summary.append(f"Sv = {Sv:g} {method}: from {means[0]:.2f} at S = {saliences[0]:g} to "
                           f"{means[-1]:.2f} at S = {saliences[-1]:g}")
    ax.set(xlabel="salience S of the true concept", ylabel="performance gap recovered")
    ax.set_title("Weak-to-strong toy (mean ± sd over seeds)", fontsize=10)
    ax.legend(fontsize=9, frameon=False, ncol=2, loc="lower right")
    alt = ("Performance gap recovered by the book's weak-to-strong toy against the salience S of the true concept, "
           "for several saliences Sv of the supervisor's errors, with naive training (dashed) and the auxiliary "
           "confidence loss (solid). " + "; ".join(summary) + ".")
    return StaticFigure(figure, alt)


EXPLORABLES = (nested_oversight_explorable,)
