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
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import NamedTuple

from .. import _chapters
from ..explorable import StaticFigure
from . import style

__all__ = [
    "INFRASTRUCTURE",
    "ChapterNode",
    "ModuleNode",
    "BookStructure",
    "book_structure",
    "concept_map_table",
    "concept_map_figure",
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
    """``name -> module`` for acslib's top-level exports, read from ``acslib/__init__.py``."""
    tree = ast.parse((_PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            module = (node.module or "").split(".")[0]
            for alias in node.names:
                names[alias.asname or alias.name] = module or alias.name
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
    return "\n".join(lines)


def _describe(structure: BookStructure) -> str:
    uses = {m.name: sum(m.name in c.modules for c in structure.chapters) for m in structure.modules}
    busiest = sorted(uses, key=lambda n: (-uses[n], n))[:3]
    widest = max(structure.chapters, key=lambda c: (len(c.modules), -c.number))
    parts = "; ".join(
        f"{caption}: chapters " + ", ".join(str(c.number) for c in structure.chapters if c.part == caption)
        for caption in structure.parts
    )
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


EXPLORABLES = ()
