"""Portable markdown: chapter sources that read well in JupyterLab and on the website.

JupyterLab (with jupyterlab-myst) cannot resolve Sphinx's ``{cite}``, ``{term}`` or
cross-document ``{ref}`` roles: it shows raw keys and warning icons. So the chapters
are written in plain markdown that JupyterLab renders as ordinary links, and the book's
Sphinx extension (:mod:`acslib.sphinxext`) turns those links into the Sphinx roles when
the website is built. The conventions (``CONTRIBUTING.md``, *Portable markdown*):

* **Citation**: ``[Kwa et al. (2025)](https://arxiv.org/abs/2503.14499#cite:kwa2025measuring)``.
  The link opens the source in JupyterLab; on the website it becomes ``{cite:t}``, or
  ``{cite:p}`` when the link text is in parentheses. Several keys are separated by
  commas after ``#cite:``.
* **Glossary term**: ``[alignment gap](../appendix/glossary.md#term-alignment-gap)``. The
  link opens the glossary in JupyterLab; on the website it becomes ``{term}``.
* **Another chapter or its section**: ``[Chapter 3](03_core_problem.ipynb)`` or
  ``[the hazard model](03_core_problem.ipynb#sec-core-hazard)``. The link opens that
  notebook in JupyterLab; on the website it becomes ``{doc}`` or ``{ref}``.
* **Front matter**: a chapter's first cell starts with a YAML block that sets
  jupyterlab-myst's numbering (``numbering: enumerator: "3.%s"``), so exercises and
  equations are numbered 3.1, 3.2 ... in JupyterLab as on the website. Sphinx does not
  understand that block, so it is removed for the website.
* **Badges**: an exercise's difficulty and kind are inline ``<span>`` badges with their
  own inline style (:func:`badge`), which JupyterLab and the website both render; white
  text on each colour has a contrast of at least 4.5:1.
* **NBVAL marker**: ``# NBVAL_CHECK_OUTPUT`` lines are removed from code shown on the
  website; they are test machinery, not reading matter.

Private to the book's tooling; chapters never import it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["to_sphinx_markdown", "map_prose", "to_sphinx_code", "glossary_terms", "term_anchor", "badge", "BADGES", "LINK"]

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "appendix" / "glossary.md"

#: A markdown inline link ``[text](target)``; the text may hold one level of brackets.
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])+)\]\((?P<target><[^>]*>|[^()\s]+)\)")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n?", re.DOTALL)
CHAPTER_FILE = re.compile(r"^(?:\.\./chapters/|\./)?(?P<doc>\d\d_[a-z0-9_]+)\.ipynb(?:#(?P<label>[\w-]+))?$")
GLOSSARY_LINK = re.compile(r"^(?:\.\./)?(?:appendix/)?glossary\.md#(?P<anchor>term-[\w-]+)$")
NBVAL_LINE = re.compile(r"^\s*#\s*NBVAL_\w+\s*\n?", re.MULTILINE)


#: Background colour of each badge; the text is white (contrast >= 4.5:1 on each).
BADGES = {
    "easy": "#1a7f37",
    "medium": "#9a6700",
    "hard": "#b3261e",
    "auto-checked": "#0969da",
    "write code": "#8250df",
}
_BADGE_STYLE = ("background:{colour};color:#fff;border-radius:0.3em;padding:0 0.45em;"
                "font-size:0.85em;font-weight:600;white-space:nowrap")


def badge(text: str) -> str:
    """The inline badge for one of :data:`BADGES`.

    Examples
    --------
    >>> badge("easy")[:38]
    '<span class="acs-badge acs-badge-easy"'
    """
    if text not in BADGES:
        raise ValueError(f"text must be one of {sorted(BADGES)}; got {text!r}")
    slug = text.replace(" ", "-")
    style = _BADGE_STYLE.format(colour=BADGES[text])
    return f'<span class="acs-badge acs-badge-{slug}" style="{style}">{text}</span>'


def term_anchor(term: str) -> str:
    """The HTML id Sphinx gives a glossary term (``term-`` plus the slug).

    Examples
    --------
    >>> term_anchor("Alignment gap")
    'term-alignment-gap'
    >>> term_anchor("KL divergence")
    'term-kl-divergence'
    """
    from docutils.nodes import make_id

    return "term-" + make_id(term)


@lru_cache(maxsize=4)
def _glossary_from(path: str, mtime: float) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(?P<body>.*?)\n```", text, re.DOTALL)
    if not block:
        return {}
    terms = {}
    for line in block.group("body").splitlines():
        if line.strip() and not line[0].isspace() and not line.startswith(":"):
            terms[term_anchor(line.strip())] = line.strip()
    return terms


def glossary_terms(path: Path = GLOSSARY) -> dict:
    """Map each glossary term's anchor to the term, read from the glossary page."""
    path = Path(path)
    return dict(_glossary_from(str(path), path.stat().st_mtime if path.exists() else 0.0))


def _role(name: str, text: str, target: str | None = None) -> str:
    text = text.replace("`", "'")
    if target is None:
        return f"{{{name}}}`{text}`"
    return f"{{{name}}}`{text} <{target}>`"


def _convert_link(match: re.Match, terms: dict, problems: list) -> str:
    text, target = match.group("text"), match.group("target").strip("<>")
    if "#cite:" in target:
        keys = target.split("#cite:", 1)[1]
        if not re.fullmatch(r"[\w.-]+(,[\w.-]+)*", keys):
            problems.append(f"malformed citation keys in {match.group(0)!r}")
            return match.group(0)
        kind = "cite:p" if text.strip().startswith("(") else "cite:t"
        return f"{{{kind}}}`{keys}`"
    glossary = GLOSSARY_LINK.match(target)
    if glossary:
        anchor = glossary.group("anchor")
        term = terms.get(anchor)
        if term is None:
            problems.append(f"no glossary term with anchor {anchor!r} (link {match.group(0)!r})")
            return match.group(0)
        if text.strip().lower() == term.lower():
            return _role("term", text)
        return _role("term", text, term)
    chapter = CHAPTER_FILE.match(target)
    if chapter:
        if chapter.group("label"):
            return _role("ref", text, chapter.group("label"))
        return _role("doc", text, chapter.group("doc"))
    return match.group(0)


def to_sphinx_markdown(source: str, *, first_cell: bool = False, terms: dict | None = None,
                       problems: list | None = None) -> str:
    """Turn one markdown cell's portable links into Sphinx roles.

    Parameters
    ----------
    source : str
        The cell's markdown.
    first_cell : bool
        Whether this is the notebook's first cell, whose front matter is removed.
    terms : dict, optional
        Glossary anchors to terms (default: read from ``appendix/glossary.md``).
    problems : list, optional
        Receives a message for every link that looks portable but cannot be resolved
        (an unknown glossary anchor, malformed citation keys).

    Examples
    --------
    >>> to_sphinx_markdown("See [Kwa et al. (2025)](https://arxiv.org/abs/2503.14499#cite:kwa2025measuring).")
    'See {cite:t}`kwa2025measuring`.'
    >>> to_sphinx_markdown("[(Epoch AI 2024)](https://epoch.ai#cite:epoch2024compute,sevilla2022compute)")
    '{cite:p}`epoch2024compute,sevilla2022compute`'
    >>> to_sphinx_markdown("[gaps](../appendix/glossary.md#term-alignment-gap)", terms={"term-alignment-gap": "alignment gap"})
    '{term}`gaps <alignment gap>`'
    >>> to_sphinx_markdown("[the hazard model](03_core_problem.ipynb#sec-core-hazard) and [Chapter 1](01_definition.ipynb)")
    '{ref}`the hazard model <sec-core-hazard>` and {doc}`Chapter 1 <01_definition>`'
    >>> to_sphinx_markdown('---\\nnumbering:\\n  enumerator: "1.%s"\\n---\\n# Title', first_cell=True)
    '# Title'
    """
    if first_cell:
        source = FRONT_MATTER.sub("", source, count=1)
    if terms is None:
        terms = glossary_terms()
    found = [] if problems is None else problems
    return map_prose(source, lambda text: LINK.sub(lambda m: _convert_link(m, terms, found), text))


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


def map_prose(source: str, function) -> str:
    """Apply ``function`` to the prose of a markdown cell, not to its code.

    Code blocks (fences whose info string is not a ``{directive}``) and inline code spans
    are passed through unchanged; directive fences such as ``{exercise}`` are prose.

    Examples
    --------
    >>> map_prose("a `a` a\\n```python\\na\\n```", str.upper)
    'A `a` A\\n```python\\na\\n```'
    """
    out, closing = [], None
    for line in source.split("\n"):
        fence = _FENCE.match(line)
        if closing is not None:
            out.append(line)
            if fence and fence.group("fence").startswith(closing) and not fence.group("info").strip():
                closing = None
            continue
        if fence and not fence.group("info").strip().startswith("{") and fence.group("info").strip() != "":
            closing = fence.group("fence")
            out.append(line)
            continue
        if fence and fence.group("info").strip() == "" and not _closes_directive(out, fence.group("fence")):
            closing = fence.group("fence")
            out.append(line)
            continue
        rebuilt, position = [], 0
        for match in _INLINE_CODE.finditer(line):
            rebuilt.append(function(line[position:match.start()]))
            rebuilt.append(match.group(0))
            position = match.end()
        rebuilt.append(function(line[position:]))
        out.append("".join(rebuilt))
    return "\n".join(out)


def _closes_directive(lines_so_far: list, fence: str) -> bool:
    """Whether a bare fence closes an open ``{directive}`` fence of the same length."""
    depth = 0
    for line in lines_so_far:
        match = _FENCE.match(line)
        if not match or match.group("fence") != fence:
            continue
        if match.group("info").strip().startswith("{"):
            depth += 1
        elif depth:
            depth -= 1
    return depth > 0


def to_sphinx_code(source: str) -> str:
    """Drop ``# NBVAL_...`` marker lines from a code cell shown on the website.

    Examples
    --------
    >>> to_sphinx_code("# NBVAL_CHECK_OUTPUT\\nprint(1)")
    'print(1)'
    """
    return NBVAL_LINE.sub("", source)
