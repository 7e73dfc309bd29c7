"""The concept map of Chapter 15, generated from the book's own structure.

Used in ``chapters/15_summary.ipynb``, section *A map of the book*. Nothing here is typed
by hand, so the map cannot go stale:

* the parts and their order come from ``_toc.yml``;
* the chapters (number, title) come from the chapter notebooks that exist, read with
  ``acslib._chapters``; a notebook not yet in the table of contents is shown under
  its own heading rather than dropped;
* which acslib modules a chapter uses comes from its code cells (``acslib.x``,
  ``from acslib import x``) and from the imports of its ``acslib.figures`` and
  ``acslib.exercises`` modules;
* which chapter defines a module, and what the module computes, come from the module's
  docstring (its first line, and the first "Chapter N" it names), read without importing
  the module.

The map is a grid: one row per model module, one column per chapter, a filled square
where the chapter defines the module and an open circle where it uses one defined
elsewhere. Infrastructure (explorables, checkers, figures, seed bands) is left out.

The chapter's explorable, :func:`levels_explorable` (section *The argument in one page*),
puts the book's one recurring lesson on one figure: capability grows at the measured rate
of METR's time-horizon trend (Chapter 2), alignment at a share of that rate, and a *level*
(Chapter 1's head start, Chapter 13's tax or Chapter 14's review speed-up, all one factor
in the gap) delays the crossing by only the logarithm of the factor over the rate gap.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np

from .. import _chapters
from .. import data as _data
from .._validation import as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..gap import alignment_gap, first_crossing
from ..growth import exponential
from ..risk import crossing_time
from ..trends import fit_exponential_trend
from . import style

__all__ = [
    "INFRASTRUCTURE",
    "ChapterNode",
    "ModuleNode",
    "BookStructure",
    "book_structure",
    "concept_map_table",
    "concept_map_figure",
    "capability_rate",
    "levels_and_rates",
    "describe_levels",
    "levels_explorable",
    "EXPLORABLES",
]

#: acslib modules that serve the book rather than teach a model; left off the map.
INFRASTRUCTURE = frozenset({"explorable", "checking", "figures", "exercises", "montecarlo", "sphinxext"})
_PACKAGE = Path(__file__).resolve().parent.parent
_UNLISTED = "Not yet in the table of contents"


class ChapterNode(NamedTuple):
    """One chapter on the map: ``number``, ``title``, ``slug``, ``part`` (its caption in
    ``_toc.yml``) and ``modules`` (the model modules it uses, sorted)."""

    number: int
    title: str
    slug: str
    part: str
    modules: tuple


class ModuleNode(NamedTuple):
    """One acslib model module: ``name`` (e.g. ``"shift"``), ``summary`` (its docstring's
    first line) and ``chapter`` (the chapter its docstring says defines it, or 0)."""

    name: str
    summary: str
    chapter: int


class BookStructure(NamedTuple):
    """What :func:`book_structure` found: ``parts`` (captions in order), ``chapters`` and
    ``modules`` (every model module a chapter uses or defines)."""

    parts: tuple
    chapters: tuple
    modules: tuple


def _module_file(name: str) -> Path | None:
    for candidate in (_PACKAGE / f"{name}.py", _PACKAGE / name / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _is_model_module(name: str) -> bool:
    return not name.startswith("_") and name not in INFRASTRUCTURE and _module_file(name) is not None


def _top_level_names() -> dict:
    """``name -> module`` for acslib's top-level exports, read from ``acslib/__init__.py``.

    The package declares them in a literal ``_EXPORTS`` dictionary (loaded lazily, PEP 562);
    ``from .module import name`` lines, an older way of declaring them, are read as well.
    """
    tree = ast.parse((_PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            module = (node.module or "").split(".")[0]
            for alias in node.names:
                names[alias.asname or alias.name] = module or alias.name
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in targets) and node.value is not None:
            exports = ast.literal_eval(node.value)
            names.update({str(k): str(v).split(".")[0] for k, v in exports.items()})
    return names


def _modules_in_code(code: str, exports: dict) -> set:
    found = set()
    for name in re.findall(r"\bacslib\.([A-Za-z_]\w*)", code):
        found.add(exports.get(name, name))
    for body in re.findall(r"^\s*from acslib import \(?([^)\n]*(?:\n[^)\n]*)*?)\)?\s*$", code, re.M):
        for name in re.split(r"[\s,()]+", body):
            if name:
                found.add(exports.get(name, name))
    for module in re.findall(r"^\s*from acslib\.([A-Za-z_]\w*)", code, re.M):
        found.add(module)
    return {name for name in found if _is_model_module(name)}


def _modules_imported_by(path: Path) -> set:
    """Model modules a figures or exercises module imports (``from ..x import``)."""
    if not path.exists():
        return set()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 2:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return {name for name in found if _is_model_module(name)}


def _module_node(name: str) -> ModuleNode:
    doc = ast.get_docstring(ast.parse(_module_file(name).read_text(encoding="utf-8"))) or ""
    first = doc.strip().splitlines()[0].strip() if doc.strip() else name
    chapter = re.search(r"\bChapters?\s+(\d+)", doc)
    return ModuleNode(name, first, int(chapter.group(1)) if chapter else 0)


def _toc_parts() -> list:
    """``[(caption, [slug, ...]), ...]`` from ``_toc.yml`` (chapter parts only)."""
    import yaml

    path = _chapters.ROOT / "_toc.yml"
    if not path.exists():
        return []
    toc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parts = []
    for part in toc.get("parts", []) or []:
        files = [entry.get("file", "") for entry in part.get("chapters", []) or [] if isinstance(entry, dict)]
        slugs = [f.split("/", 1)[1] for f in files if f.startswith("chapters/")]
        if slugs:
            parts.append((str(part.get("caption", "")), slugs))
    return parts


def book_structure() -> BookStructure:
    """Read the parts, chapters and model modules of the book as it stands.

    Returns
    -------
    BookStructure

    Notes
    -----
    Defined in Chapter 15, section *A map of the book*. It reads ``_toc.yml``, every
    notebook in ``chapters/`` and the acslib sources, so it is as current as the files.

    Examples
    --------
    >>> structure = book_structure()
    >>> structure.chapters[0].number, "growth" in structure.chapters[0].modules
    (1, True)
    >>> any(m.name == "shift" and m.chapter == 14 for m in structure.modules)
    True
    """
    exports = _top_level_names()
    part_of = {}
    captions = []
    for caption, slugs in _toc_parts():
        captions.append(caption)
        for slug in slugs:
            part_of[slug] = caption
    chapters = []
    for chapter in _chapters.chapters():
        cells = chapter.notebook.get("cells", [])
        code = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                         for c in cells if c.get("cell_type") == "code")
        modules = _modules_in_code(code, exports)
        stem = chapter.slug[3:]
        figures_module = re.search(r"\bfigures\.([a-z_]+)\.", code)
        modules |= _modules_imported_by(_PACKAGE / "figures" / f"{figures_module.group(1) if figures_module else stem}.py")
        if chapter.module:
            modules |= _modules_imported_by(_PACKAGE / "exercises" / f"{chapter.module}.py")
        part = part_of.get(chapter.slug, _UNLISTED)
        chapters.append(ChapterNode(chapter.number, chapter.title, chapter.slug, part, tuple(sorted(modules))))
    if any(c.part == _UNLISTED for c in chapters):
        captions.append(_UNLISTED)
    captions = [c for c in captions if any(ch.part == c for ch in chapters)]
    names = {m for c in chapters for m in c.modules}
    modules = sorted((_module_node(n) for n in names), key=lambda m: (m.chapter or 99, m.name))
    order = {caption: i for i, caption in enumerate(captions)}
    chapters.sort(key=lambda c: (order[c.part], c.number))
    return BookStructure(tuple(captions), tuple(chapters), tuple(modules))


def concept_map_table() -> str:
    """The map as text: each part, each chapter, and the modules it defines and uses.

    Returns
    -------
    str

    Notes
    -----
    Defined in Chapter 15, section *A map of the book*; the same facts as
    :func:`concept_map_figure`, for reading (and screen readers) rather than looking.

    Examples
    --------
    >>> "acslib.shift" in concept_map_table()
    True
    """
    structure = book_structure()
    defined_in = {m.name: m.chapter for m in structure.modules}
    summary = {m.name: m.summary for m in structure.modules}
    lines = []
    for caption in structure.parts:
        lines.append(caption)
        for chapter in (c for c in structure.chapters if c.part == caption):
            own = [m for m in chapter.modules if defined_in[m] == chapter.number]
            used = [m for m in chapter.modules if defined_in[m] != chapter.number]
            lines.append(f"  Chapter {chapter.number}. {chapter.title}")
            for name in own:
                lines.append(f"    defines acslib.{name}: {summary[name]}")
            if used:
                lines.append("    uses " + ", ".join(f"acslib.{n}" for n in used))
    lines.append("How far each model travels (modules used beyond the chapter that defines them)")
    for name, defined, users in _reach(structure):
        lines.append(f"  acslib.{name} (Chapter {defined}): used in chapter{'s' if len(users) > 1 else ''} "
                     + ", ".join(str(n) for n in users))
    return "\n".join(lines)


def _reach(structure: BookStructure) -> list:
    """``[(module, defining chapter, [other chapters using it]), ...]``, widest reach first."""
    reach = []
    for module in structure.modules:
        users = sorted(c.number for c in structure.chapters if module.name in c.modules and c.number != module.chapter)
        if users:
            reach.append((module.name, module.chapter, users))
    return sorted(reach, key=lambda item: (-len(item[2]), item[1], item[0]))


def _describe(structure: BookStructure) -> str:
    uses = {m.name: sum(m.name in c.modules for c in structure.chapters) for m in structure.modules}
    busiest = sorted(uses, key=lambda n: (-uses[n], n))[:3]
    widest = max(structure.chapters, key=lambda c: (len(c.modules), -c.number))
    def _numbers(caption):
        numbers = [str(c.number) for c in structure.chapters if c.part == caption]
        return ("chapter " if len(numbers) == 1 else "chapters ") + ", ".join(numbers)

    parts = "; ".join(f"{caption}: {_numbers(caption)}" for caption in structure.parts)
    return (
        f"Concept map of the book as it stands: a grid of {len(structure.modules)} acslib model modules (rows, "
        f"ordered by the chapter that defines them) against {len(structure.chapters)} chapters (columns, by part: "
        f"{parts}). A filled square marks the chapter that defines a module, an open circle each chapter that uses it. "
        f"The most used modules are " + ", ".join(f"{n} ({uses[n]} chapters)" for n in busiest)
        + f"; Chapter {widest.number} draws on the most modules ({len(widest.modules)})."
    )


def concept_map_figure() -> StaticFigure:
    """The concept map: chapters (columns, by part) against the model modules they use.

    Returns
    -------
    acslib.explorable.StaticFigure
        Its alt text names the parts, the counts and the most used modules.

    Notes
    -----
    Defined in Chapter 15, section *A map of the book*.

    Examples
    --------
    >>> "Concept map" in concept_map_figure().alt
    True
    """
    import matplotlib
    from matplotlib.figure import Figure

    structure = book_structure()
    chapters, modules = structure.chapters, structure.modules
    columns = {c.slug: i for i, c in enumerate(chapters)}
    rows = {m.name: i for i, m in enumerate(modules)}
    width = max(6.0, 2.6 + 0.42 * len(chapters))
    height = max(3.0, 1.6 + 0.27 * len(modules))
    part_colours = (style.ALIGNMENT, style.ACCENT, style.SAFE, style.EXTRA[1], style.CAPABILITY, style.NEUTRAL)
    with matplotlib.rc_context(style.RC):
        fig = Figure(figsize=(width, height), dpi=100)
        ax = fig.add_axes((1.9 / width, 0.45 / height, 1 - 2.1 / width, 1 - 1.35 / height))
        ax.set_xlim(-0.6, len(chapters) - 0.4)
        ax.set_ylim(len(modules) - 0.5, -0.5)
        for chapter in chapters:
            x = columns[chapter.slug]
            colour = part_colours[structure.parts.index(chapter.part) % len(part_colours)]
            for name in chapter.modules:
                y = rows[name]
                module = modules[y]
                if module.chapter == chapter.number:
                    ax.plot([x], [y], "s", color=colour, markersize=8)
                else:
                    ax.plot([x], [y], "o", markerfacecolor="none", markeredgecolor=colour, markeredgewidth=1.5,
                            markersize=6.5)
        ax.set_xticks(range(len(chapters)), [str(c.number) for c in chapters])
        ax.set_yticks(range(len(modules)), [m.name for m in modules])
        ax.tick_params(length=0)
        ax.yaxis.grid(True, color=style.GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel("chapter")
        for index, caption in enumerate(structure.parts):
            members = [columns[c.slug] for c in chapters if c.part == caption]
            colour = part_colours[index % len(part_colours)]
            short = caption.split("—")[0].strip() if "—" in caption else caption
            ax.annotate(short, ((min(members) + max(members)) / 2, -0.5), xytext=(0, 14), textcoords="offset points",
                        ha="center", va="bottom", fontsize=9, color=colour, annotation_clip=False)
            ax.plot([min(members) - 0.35, max(members) + 0.35], [-0.75, -0.75], color=colour, linewidth=2,
                    clip_on=False)
        ax.set_title("Chapters and the acslib models behind them (■ defines, ○ uses)", fontsize=10, pad=34)
    return StaticFigure(fig, _describe(structure))


# --------------------------------------------------------------- levels against rates
#: First and last year of :func:`levels_explorable` (parity in the first year).
START_YEAR, END_YEAR = 2025.0, 2040.0
_YEARS = np.linspace(START_YEAR, END_YEAR, 301)
_SHARES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
_LEVELS = (1, 3, 10, 30, 100, 300, 1000)


def _on_grid(value, name, grid):
    """The slider value ``value`` as it appears in ``grid``, or an error naming ``name``."""
    number = as_scalar(value, name)
    matches = np.flatnonzero(np.isclose(grid, number))
    if not matches.size:
        raise ValueError(f"{name} must be one of the slider values {tuple(grid)}; got {number:g}")
    return grid[int(matches[0])]


@functools.lru_cache(maxsize=1)
def capability_rate() -> float:
    """Continuous growth rate per year of METR's TH1.0 time horizons (Chapter 2's fit).

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 15, section *The argument in one page*, as the capability rate of
    :func:`levels_explorable`.

    Examples
    --------
    >>> round(capability_rate(), 2)  # a doubling about every 204 days
    1.24
    """
    horizons = _data.metr_horizons()
    return float(fit_exponential_trend(horizons["release_date"], horizons["p50_minutes"]).rate)


def levels_and_rates(share, level):
    """Capability, alignment and their crossing when alignment grows at ``share`` of capability's rate.

    Capability starts at 1 in 2025 and grows at :func:`capability_rate`; alignment starts at
    ``10 ** log10_level`` (the level: a head start, or a tax or speed-up that scales the
    gap by the same factor) and grows at ``share`` times that rate. The window shown is 2025
    to 2040; the delay is computed in closed form (:func:`acslib.risk.crossing_time`) and
    holds beyond it.

    Parameters
    ----------
    share : float
        Alignment's growth rate as a share of capability's; a slider value, 0.5 to 1.0 in
        steps of 0.1.
    level : int
        Alignment's starting level relative to capability's (the factor of a head start, or
        of a tax or a speed-up); a slider value: 1, 3, 10, 30, 100, 300 or 1,000.

    Returns
    -------
    types.SimpleNamespace
        ``years``, ``capability`` and ``alignment`` (arrays), ``rate_gap`` (per year),
        ``delay`` (years the level buys: ``ln(level) / rate_gap``, ``inf`` when the rates
        are equal), ``crossing`` (the year capability overtakes alignment in the window,
        from :func:`acslib.gap.first_crossing`, or ``None``) and ``per_tenfold`` (years
        each further tenfold of the level buys).

    Notes
    -----
    Defined in Chapter 15, section *The argument in one page*.

    Examples
    --------
    >>> frame = levels_and_rates(0.5, 100)
    >>> round(frame.delay, 1), round(frame.crossing, 1)  # a 100x level: ln 100 / 0.62
    (7.4, 2032.4)
    """
    share = float(_on_grid(share, "share", _SHARES))
    level = int(_on_grid(level, "level", _LEVELS))
    return _levels_and_rates(share, level)


@functools.lru_cache(maxsize=None)
def _levels_and_rates(share, level):
    rate = capability_rate()
    level = float(level)
    t = _YEARS - START_YEAR
    capability = exponential(t, 1.0, rate)
    alignment = exponential(t, level, share * rate)
    rate_gap = (1.0 - share) * rate
    delay = crossing_time(1.0, rate, level, share * rate)
    if delay is None:
        delay = np.inf
    crossing = first_crossing(_YEARS, capability, alignment)
    per_tenfold = np.log(10.0) / rate_gap if rate_gap > 0 else np.inf
    gap = alignment_gap(capability, alignment)
    return SimpleNamespace(years=_YEARS, capability=capability, alignment=alignment, gap=gap, rate_gap=rate_gap,
                           delay=float(delay), crossing=None if crossing is None else float(crossing),
                           per_tenfold=float(per_tenfold), level=level)


def describe_levels(share, level):
    """Alt text for a frame of :func:`levels_explorable`."""
    frame = levels_and_rates(share, level)
    share = float(_on_grid(share, "share", _SHARES))
    start = "level with it" if frame.level == 1.0 else f"{frame.level:,.0f} times higher"
    text = (f"Capability grows at the rate of METR's horizon trend, {capability_rate():.2f} a year; alignment "
            f"grows at {share:.0%} of that rate and starts {start}. ")
    if not np.isfinite(frame.delay):
        return text + "With equal rates capability never overtakes alignment, whatever the level."
    if frame.level == 1.0:
        text += "With no level, capability overtakes alignment at once, in 2025. "
    elif frame.crossing is None:
        text += f"The level delays the crossing by {frame.delay:.1f} years, past {END_YEAR:.0f}. "
    else:
        text += f"The level delays the crossing by {frame.delay:.1f} years, to {frame.crossing:.1f}. "
    return text + f"Each further tenfold of the level buys the same {frame.per_tenfold:.1f} years."


def _build_levels(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.17, wspace=0.3)
    curves_ax, delay_ax = fig.subplots(1, 2, gridspec_kw=dict(width_ratios=(1.3, 1.0)))
    for ax in (curves_ax, delay_ax):
        style.style_axes(ax)
    curves_ax.set(xlim=(START_YEAR, END_YEAR), ylim=(0.5, 3e11), yscale="log", xlabel="year",
                  ylabel="level (capability in 2025 = 1)")
    curves_ax.set_title("Capability and alignment", fontsize=10)
    art = SimpleNamespace()
    reference = levels_and_rates(0.5, 1)
    curves_ax.plot(reference.years, reference.capability, color=style.CAPABILITY, linewidth=1.8,
                   label="capability (METR trend)")
    (art.alignment,) = curves_ax.plot([], [], color=style.ALIGNMENT, linewidth=1.8, label="alignment",
                                      animated=True)
    (art.crossing,) = curves_ax.plot([], [], "o", color=style.NEUTRAL, markersize=6, label="crossing",
                                     animated=True)
    curves_ax.legend(fontsize=9, frameon=False, loc="upper left")
    levels = np.array(_LEVELS, dtype=float)
    delay_ax.set(xlim=(0.7, 1400), ylim=(0, 60), xscale="log", xlabel="level (factor, log scale)",
                 ylabel="years the level buys")
    delay_ax.set_xticks(levels[::2], [f"{v:,.0f}×" for v in levels[::2]])
    delay_ax.minorticks_off()
    delay_ax.set_title("What a level buys: a logarithm", fontsize=10)
    (art.delays,) = delay_ax.plot([], [], "-", color=style.ALIGNMENT, linewidth=1.6, animated=True)
    (art.current,) = delay_ax.plot([], [], "o", color=style.NEUTRAL, markersize=6, animated=True)
    art.note = delay_ax.text(30, 30, "", ha="center", va="center", fontsize=10, color=style.NEUTRAL, animated=True)
    art.levels = levels
    return art


def _draw_levels(art, share, level):
    frame = levels_and_rates(share, level)
    art.alignment.set_data(frame.years, frame.alignment)
    art.crossing.set_data(([frame.crossing], [frame.capability[np.searchsorted(frame.years, frame.crossing)]])
                          if frame.crossing is not None else ([], []))
    delays = np.array([levels_and_rates(share, int(v)).delay for v in art.levels])
    shown = np.isfinite(delays)
    art.delays.set_data(art.levels[shown], delays[shown])
    art.current.set_data(([frame.level], [frame.delay]) if np.isfinite(frame.delay) else ([], []))
    art.note.set_text("" if np.isfinite(frame.delay) else "equal rates:\nno crossing at any level")


_LEVEL_PARAMS = (
    Param("share", 0.5, 1.0, 0.1, 0.5, label="alignment's growth rate, share of capability's", fmt=".0%"),
    Choice("level", _LEVELS, 100, label="a level: head start, tax or speed-up",
           option_labels=tuple(f"{v:,}×" for v in _LEVELS)),
)


def levels_explorable():
    """A level against a rate: what a head start, a tax or a speed-up buys against a rate gap.

    Sliders: alignment's growth rate as a share of capability's, and the level (both
    static on the website).

    Notes
    -----
    Defined in Chapter 15, section *The argument in one page*.

    Examples
    --------
    >>> ex = levels_explorable()
    >>> len(ex.static_grid())
    42
    """
    return Explorable(
        "A level against a rate",
        _LEVEL_PARAMS,
        _build_levels,
        _draw_levels,
        describe=describe_levels,
        static_params=("share", "level"),
        figsize=(8.0, 3.5),
    )


EXPLORABLES = (levels_explorable,)
