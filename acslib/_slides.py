"""Slides: one reveal.js deck per chapter, built with the website from the chapter itself.

Listed in ``_config.yml`` under ``sphinx.extra_extensions`` as ``acslib._slides``. When
the HTML build has finished (``build-finished``), every built chapter page
``chapters/NN_slug.html`` becomes a deck ``slides/NN_slug.html`` holding

* the title and the learning objectives, each with the exercises that practise it
  (from :mod:`acslib._chapters`);
* the key equations: every display equation of the chapter's prose, section by section;
* the explorables, exactly as the executed page renders them — the same HTML and the
  same static script (``acs-*.js``/``.css``, whatever the chapter page loads), so they
  work as on the static site with no kernel;
* the figures (``acslib.StaticFigure`` outputs) with their alt text;
* the summary, the exercises (number, title, difficulty, time, kind) and the discussion
  prompts from the chapter's instructor notes (``appendix/instructor/NN_slug.md``).

Everything is read from the built pages, so a deck is always in step with its chapter;
nothing is written by hand. reveal.js comes from the ``sphinx-revealjs`` package (which
ships reveal.js; its Sphinx builder is not used) and is copied into
``_build/html/slides/revealjs/``; maths uses the site's own offline MathJax. No deck
fetches anything from outside the site.

Each chapter page gets a "Slides" link in its overview box (``doctree-resolved``), and so
does its instructor-notes page.

Private to the book's tooling; chapters never import it.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from pathlib import Path

__all__ = ["deck_html", "rebase", "reveal_dir", "write_decks", "setup"]

SLIDES_DIR = "slides"
#: reveal.js files a deck needs, relative to the package's ``revealjs`` folder.
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                "dist/theme/fonts/source-sans-pro", "LICENSE")
#: Sections whose content is not turned into slides (they get slides of their own).
_SKIP_SECTIONS = ("exercises", "summary", "further reading")
_MAX_EQUATIONS = 3
_MAX_EXERCISES = 7

DECK_CSS = """
.reveal { font-size: 30px; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal h1 { font-size: 1.6em; } .reveal h2 { font-size: 1.15em; } .reveal h3 { font-size: 0.95em; }
.reveal .acs-where { font-size: 0.55em; color: #555; margin: 0.6em 0 0; }
.reveal .slides section { text-align: left; }
.reveal .acs-small, .reveal .acs-objectives li, .reveal .acs-prompts li { font-size: 0.72em; line-height: 1.35; }
.reveal .acs-practised { color: #555; font-size: 0.85em; }
.reveal figure.acs-explorable, .reveal figure.acs-static { margin: 0 auto; max-width: 760px; }
.reveal figure.acs-explorable figcaption, .reveal .acs-alt { font-size: 0.5em; line-height: 1.35; }
.reveal figure.acs-explorable .acs-control { font-size: 0.55em; }
.reveal figure img { margin: 0; }
.reveal .acs-equation { font-size: 0.85em; margin: 0.4em 0; }
.reveal table { font-size: 0.55em; }
.reveal table th, .reveal table td { padding: 0.2em 0.5em; }
.reveal a { color: #0b5cad; }
.reveal .acs-title-links { font-size: 0.6em; }
.reveal input[type=range]:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
"""


def reveal_dir() -> Path:
    """The reveal.js distribution shipped by the ``sphinx-revealjs`` package."""
    try:
        import sphinx_revealjs
    except ImportError as error:  # pragma: no cover - requirements.txt installs it
        raise RuntimeError("slides need reveal.js: pip install sphinx-revealjs (see requirements.txt)") from error
    path = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    if not (path / "dist" / "reveal.js").exists():
        raise RuntimeError(f"reveal.js not found in {path}")
    return path


def rebase(url: str, source_page: str, target_page: str) -> str:
    """``url`` as written on ``source_page``, rewritten to work from ``target_page``.

    Pages are paths relative to the site root.

    >>> rebase("../appendix/glossary.html#term-gap", "chapters/01_a.html", "slides/01_a.html")
    '../appendix/glossary.html#term-gap'
    >>> rebase("#sec-growth", "chapters/01_a.html", "slides/01_a.html")
    '../chapters/01_a.html#sec-growth'
    >>> rebase("../glossary.html", "appendix/instructor/01_a.html", "slides/01_a.html")
    '../appendix/glossary.html'
    >>> rebase("https://arxiv.org/abs/1", "chapters/01_a.html", "slides/01_a.html")
    'https://arxiv.org/abs/1'
    """
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    path, _, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_page), path)) if path else source_page
    relative = posixpath.relpath(target, posixpath.dirname(target_page) or ".")
    return relative + (f"#{fragment}" if fragment else "")


def _rebase_fragment(element, source_page: str, target_page: str):
    for tag in [element, *element.find_all(True)]:
        for attribute in ("href", "src"):
            if tag.has_attr(attribute):
                tag[attribute] = rebase(tag[attribute], source_page, target_page)
    return element


def _text(element) -> str:
    for link in element.select("a.headerlink"):
        link.decompose()
    return " ".join(element.get_text(" ", strip=True).split())


def _inside(element, selector_classes) -> bool:
    for parent in element.parents:
        classes = parent.get("class") or []
        if any(c in classes for c in selector_classes):
            return True
    return False


def _section_items(article, source_page, target_page):
    """``(kind, section title, html)`` for the equations, explorables and figures in page order."""
    from bs4 import Tag

    items = []
    sections = [s for s in article.find_all("section") if s.find(["h2"], recursive=False)]
    for section in sections:
        heading = _text(section.find("h2", recursive=False).__copy__())
        if any(heading.lower().lstrip("0123456789. ").startswith(skip) for skip in _SKIP_SECTIONS):
            continue
        for element in section.find_all(["div", "figure"]):
            if not isinstance(element, Tag) or _owned_by_subsection(element, section):
                continue
            if _inside(element, ("exercise", "solution")):
                continue
            classes = element.get("class") or []
            kind = ("equation" if element.name == "div" and "math" in classes else
                    "explorable" if element.name == "figure" and "acs-explorable" in classes else
                    "figure" if element.name == "figure" and "acs-static" in classes else None)
            if kind:
                items.append((kind, heading, _rebase_fragment(element.__copy__(), source_page, target_page)))
    return items


def _section_slides(article, source_page, target_page):
    """Slides for the key equations (up to three a slide), explorables and figures."""
    slides, equations = [], []

    def flush():
        for start in range(0, len(equations), _MAX_EQUATIONS):
            body, previous = [], None
            for heading, element in equations[start:start + _MAX_EQUATIONS]:
                if heading != previous:
                    body.append(f'<p class="acs-where">{html.escape(heading)}</p>')
                    previous = heading
                body.append(f'<div class="acs-equation">{element}</div>')
            slides.append(("equations", "<h2>Key equations</h2>" + "".join(body)))
        equations.clear()

    for kind, heading, element in _section_items(article, source_page, target_page):
        if kind == "equation":
            equations.append((heading, element))
            continue
        flush()
        if kind == "explorable":
            slides.append(("explorable", f"<h2>{html.escape(heading)}</h2>{element}"))
        else:
            image = element.find("img")
            alt = html.escape(image.get("alt", "")) if image else ""
            slides.append(("figure", f'<h2>{html.escape(heading)}</h2>{element}<p class="acs-alt">{alt}</p>'))
    flush()
    return slides


def _owned_by_subsection(element, section) -> bool:
    """Whether ``element`` sits in a deeper ``h2`` section than ``section``."""
    for parent in element.parents:
        if parent is section:
            return False
        if parent.name == "section" and parent.find("h2", recursive=False):
            return True
    return False


def _objectives_slide(article, chapter, source_page, target_page):
    from . import _coursekit

    box = None
    for admonition in article.select("div.admonition"):
        if "Learning objectives" in admonition.get_text():
            box = admonition
            break
    items = box.find("ol").find_all("li", recursive=False) if box and box.find("ol") else []
    mapping = _coursekit.objective_map(chapter) if chapter else []
    rendered = []
    for index, item in enumerate(items):
        body = "".join(str(_rebase_fragment(child.__copy__(), source_page, target_page)) for child in item.children)
        body = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", body, flags=re.S)
        practised = ""
        if index < len(mapping):
            exercises = mapping[index][2]
            if exercises:
                links = ", ".join(
                    f'<a href="{rebase("#" + e.label, source_page, target_page)}">{e.number}</a>' for e in exercises)
                practised = f' <span class="acs-practised">— practised in Exercise{"s" if len(exercises) > 1 else ""} {links}</span>'
        rendered.append(f"<li>{body}{practised}</li>")
    if not rendered:
        return None
    return f'<h2>Learning objectives</h2><p class="acs-small">After this chapter you can</p><ol class="acs-objectives">{"".join(rendered)}</ol>'


def _summary_slide(article, source_page, target_page):
    for section in article.find_all("section"):
        heading = section.find("h2", recursive=False)
        if heading and _text(heading.__copy__()).lower().lstrip("0123456789. ").startswith("summary"):
            items = section.find("ul")
            if items:
                return f'<h2>Summary</h2><div class="acs-small">{_rebase_fragment(items.__copy__(), source_page, target_page)}</div>'
    return None


def _exercise_slides(chapter, source_page, target_page):
    from . import _coursekit

    slides = []
    exercises = list(chapter.exercises) if chapter else []
    for start in range(0, len(exercises), _MAX_EXERCISES):
        rows = []
        for e in exercises[start:start + _MAX_EXERCISES]:
            kind = ", ".join(_coursekit.kinds(e)) or "open"
            link = rebase("#" + e.label, source_page, target_page) if e.label else ""
            number = f'<a href="{link}">{e.number}</a>' if link else e.number
            rows.append(f"<tr><td>{number}</td><td>{html.escape(e.title)}</td><td>{e.difficulty or '—'}</td>"
                        f"<td>{f'{e.minutes} min' if e.minutes else '—'}</td><td>{kind}</td>"
                        f"<td>{', '.join(map(str, e.objectives)) or '—'}</td></tr>")
        slides.append("<h2>Exercises</h2><table><thead><tr><th>Exercise</th><th>Title</th><th>Difficulty</th>"
                      "<th>Time</th><th>Kind</th><th>Objectives</th></tr></thead><tbody>"
                      + "".join(rows) + "</tbody></table>")
    return slides


def _prompts_slide(site: Path, chapter, srcdir: Path, target_page):
    """Discussion prompts: from the built notes page, else from the notes' markdown."""
    from bs4 import BeautifulSoup

    from . import _coursekit

    page = f"appendix/instructor/{chapter.slug}.html"
    built = site / page
    if built.exists():
        soup = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")
        for section in soup.find_all("section"):
            heading = section.find(["h2"], recursive=False)
            if heading and "discussion prompts" in _text(heading.__copy__()).lower():
                items = section.find("ol")
                if items:
                    return ('<h2>Discussion</h2><ol class="acs-prompts">'
                            + "".join(str(_rebase_fragment(li.__copy__(), page, target_page))
                                      for li in items.find_all("li", recursive=False)) + "</ol>")
    notes = _coursekit.read_notes(_coursekit.notes_path(chapter, srcdir))
    if notes and notes.prompts:
        from markdown_it import MarkdownIt

        render = MarkdownIt("commonmark")
        items = "".join(f"<li>{render.renderInline(_plain_roles(p))}</li>" for p in notes.prompts)
        return f'<h2>Discussion</h2><ol class="acs-prompts">{items}</ol>'
    return None


def _plain_roles(text: str) -> str:
    """``{term}`gaps <alignment gap>``` -> ``gaps``: roles as their text, for slides."""
    return re.sub(r"\{[a-z:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)


def _head_assets(soup, source_page, target_page):
    """The chapter page's explorable assets and MathJax, for the deck's head."""
    tags = []
    for tag in soup.head.find_all(["script", "link"]):
        url = tag.get("src") or tag.get("href") or ""
        name = posixpath.basename(url.split("?")[0])
        inline = tag.name == "script" and not tag.get("src") and "MathJax" in (tag.string or "")
        if name.startswith("acs-") or "mathjax" in url.lower() or inline:
            if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
                continue
            tags.append(str(_rebase_fragment(tag.__copy__(), source_page, target_page)))
    return "\n".join(tags)


def deck_html(chapter_page_html: str, chapter, *, slug: str, book_title: str, site: Path | None = None,
              srcdir: Path | None = None, notes_page: bool = False) -> str:
    """The reveal.js deck for one built chapter page."""
    from bs4 import BeautifulSoup

    source_page = f"chapters/{slug}.html"
    target_page = f"{SLIDES_DIR}/{slug}.html"
    soup = BeautifulSoup(chapter_page_html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main") or soup.body
    heading = article.find("h1")
    title = _text(heading.__copy__()) if heading else (chapter.title if chapter else slug)
    links = [f'<a href="../chapters/{slug}.html">Read the chapter</a>']
    if notes_page:
        links.append(f'<a href="../appendix/instructor/{slug}.html">Instructor notes</a>')
    slides = [f'<h1>{html.escape(title)}</h1><p>{html.escape(book_title)}</p>'
              f'<p class="acs-title-links">{" · ".join(links)} · press <kbd>?</kbd> for keys; '
              f'focus a slider (Tab) and use the arrow keys to move it</p>']
    objectives = _objectives_slide(article, chapter, source_page, target_page)
    if objectives:
        slides.append(objectives)
    slides += [content for _, content in _section_slides(article, source_page, target_page)]
    summary = _summary_slide(article, source_page, target_page)
    if summary:
        slides.append(summary)
    slides += _exercise_slides(chapter, source_page, target_page)
    if chapter is not None and site is not None:
        prompts = _prompts_slide(site, chapter, srcdir or Path("."), target_page)
        if prompts:
            slides.append(prompts)
    sections = "\n".join(f"<section>{content}</section>" for content in slides)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slides: {html.escape(title)}</title>
<link rel="stylesheet" href="revealjs/dist/reset.css">
<link rel="stylesheet" href="revealjs/dist/reveal.css">
<link rel="stylesheet" href="revealjs/dist/theme/white.css">
{_head_assets(soup, source_page, target_page)}
<style>{DECK_CSS}</style>
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
<script src="revealjs/dist/reveal.js"></script>
<script>Reveal.initialize({{hash: true, center: false, width: 1100, height: 760, margin: 0.04,
  transition: "none", slideNumber: "c/t", controls: true, progress: true}});</script>
</body>
</html>
"""


def _copy_reveal(outdir: Path) -> None:
    source = reveal_dir()
    target = outdir / SLIDES_DIR / "revealjs"
    for name in REVEAL_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


def write_decks(outdir: Path, srcdir: Path, book_title: str, docnames=None) -> list:
    """Write ``slides/<chapter>.html`` for every built chapter page; return the paths."""
    from . import _coursekit

    outdir, srcdir = Path(outdir), Path(srcdir)
    chapters = {c.slug: c for c in _coursekit.book_chapters(srcdir)}
    written = []
    for page in sorted((outdir / "chapters").glob("[0-9][0-9]_*.html")):
        slug = page.stem
        if docnames is not None and f"chapters/{slug}" not in docnames:
            continue
        deck = deck_html(page.read_text(encoding="utf-8"), chapters.get(slug), slug=slug, book_title=book_title,
                         site=outdir, srcdir=srcdir,
                         notes_page=(outdir / "appendix" / "instructor" / f"{slug}.html").exists())
        target = outdir / SLIDES_DIR / f"{slug}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(deck, encoding="utf-8")
        written.append(target)
    if written:
        _copy_reveal(outdir)
    return written


def _page_written(app, pagename, templatename, context, doctree):
    """``html-page-context``: remember the pages this build writes."""
    if not hasattr(app, "acs_written_pages"):
        app.acs_written_pages = set()
    app.acs_written_pages.add(pagename)


def _decks_to_write(outdir: Path, found: set, written: set) -> set:
    """Chapters whose deck must be (re)written: their page or notes page was written in
    this build, or the deck is missing. A deck is made from pages as Sphinx writes them,
    so an unchanged chapter keeps its deck (a no-op rebuild writes none)."""
    chapters = {d for d in found if re.fullmatch(r"chapters/\d\d_[a-z0-9_]+", d)}
    return {d for d in chapters
            if d in written or f"appendix/instructor/{d.split('/')[1]}" in written
            or not (outdir / SLIDES_DIR / f"{d.split('/')[1]}.html").exists()}


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    docnames = _decks_to_write(Path(app.outdir), set(app.env.found_docs), getattr(app, "acs_written_pages", set()))
    written = write_decks(Path(app.outdir), Path(app.srcdir), app.config.project or app.config.html_title,
                          docnames=docnames)
    logging.getLogger(__name__).info(f"slides: {len(written)} decks in {Path(app.outdir) / SLIDES_DIR}")


def _link_deck(app, doctree, docname):
    """Add a "Slides" link to chapter pages (in the overview box) and notes pages."""
    if app.builder.format != "html":
        return
    from docutils import nodes

    match = re.fullmatch(r"(chapters|appendix/instructor)/(\d\d_[a-z0-9_]+)", docname)
    if not match or not (Path(app.srcdir) / "chapters" / f"{match.group(2)}.ipynb").exists():
        return
    href = posixpath.relpath(f"{SLIDES_DIR}/{match.group(2)}.html", posixpath.dirname(docname))
    link = nodes.raw("", f'<p class="acs-slides-link"><a class="reference external" href="{href}">'
                         f"Slides for this chapter</a> (reveal.js; works offline)</p>", format="html")
    if match.group(1) == "chapters":
        for admonition in doctree.findall(nodes.admonition):
            titles = [t.astext() for t in admonition.findall(nodes.title)]
            if titles and titles[0].strip() == "In this chapter":
                admonition.append(link)
                return
    sections = list(doctree.findall(nodes.section))
    if sections:
        title = sections[0].next_node(nodes.title)
        sections[0].insert(sections[0].index(title) + 1 if title is not None else 0, link)


def setup(app):
    app.connect("doctree-resolved", _link_deck)
    app.connect("html-page-context", _page_written)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
