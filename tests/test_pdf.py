"""The printable book, ``_build/pdf/book.pdf`` (scripts/build_pdf.py).

Checks the PDF that ``./build.sh --pdf`` wrote:

- every chapter of the table of contents has pages, and its title is on its first page;
- the glossary and the bibliography are in it, and the contents page lists every entry;
- no page is wider (or taller) than the paper, and no code, output, table, figure or
  equation ran wider than the text block when it was printed;
- nothing was fetched from outside the site while printing.

Skipped, with the reason, when no PDF has been built. With ``ACS_BUILD_PDF=1`` the test
builds the PDF itself from the built site first (about 45 s for the whole book, some
410 pages, on a 2-core machine). ``ACS_SITE`` points at another
built site, as for the slide tests.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("ACS_SITE", ROOT / "_build" / "html"))
BOOK = SITE.parent.parent if os.environ.get("ACS_SITE") else ROOT
PDF = BOOK / "_build" / "pdf" / "book.pdf"
sys.path.insert(0, str(ROOT / "scripts"))
import build_pdf  # noqa: E402


@pytest.fixture(scope="module")
def manifest():
    if os.environ.get("ACS_BUILD_PDF") == "1":
        if not (SITE / "index.html").exists():
            pytest.skip(f"ACS_BUILD_PDF=1 but no built site in {SITE}: run ./build.sh")
        return build_pdf.build(SITE, PDF, toc=BOOK / "_toc.yml", log=lambda *a: None)
    if not PDF.exists() or not PDF.with_suffix(".json").exists():
        pytest.skip(f"no PDF at {PDF}: run ./build.sh --pdf (or set ACS_BUILD_PDF=1 to build it here)")
    return json.loads(PDF.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reader(manifest):
    from pypdf import PdfReader

    return PdfReader(manifest["pdf"])


def _words(text: str) -> str:
    return " ".join(re.findall(r"[A-Za-z0-9]+", text)).lower()


def test_toc_order_leaves_out_the_tooling_pages():
    pages = build_pdf.toc_pages(ROOT / "_toc.yml")
    assert pages[0] == "intro" and "appendix/glossary" in pages and "appendix/references" in pages
    assert not any(p.startswith(("appendix/api", "appendix/instructor")) for p in pages)
    chapters = [p for p in pages if p.startswith("chapters/")]
    assert chapters == sorted(chapters) and chapters
    everything = build_pdf.toc_pages(ROOT / "_toc.yml", everything=True)
    assert "appendix/api" in everything and "appendix/api/exercises" in everything


def test_every_chapter_has_a_page_with_its_title(manifest, reader):
    assert len(reader.pages) == manifest["pages"]
    chapters = sorted(p.name for p in (SITE / "chapters").glob("[0-9][0-9]_*.html"))
    printed = [e for e in manifest["entries"] if e["kind"] == "chapter"]
    assert [Path(e["docname"]).name + ".html" for e in printed] == chapters
    for entry in printed:
        assert entry["pages"] >= 1
        first = _words(reader.pages[entry["start"] - 1].extract_text())
        title = _words(re.sub(r"^\d+\.\s*", "", entry["title"]))
        assert title and title in first, f"{entry['title']!r} is not on page {entry['start']}"


def test_glossary_bibliography_and_contents(manifest, reader):
    docnames = [e["docname"] for e in manifest["entries"]]
    assert "appendix/glossary" in docnames and "appendix/references" in docnames
    contents = _words(" ".join(reader.pages[i].extract_text() for i in range(manifest["front_pages"])))
    for entry in manifest["entries"]:
        assert _words(entry["title"])[:40] in contents, f"the contents do not list {entry['title']!r}"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[1:] == [e["title"] for e in manifest["entries"]]


def test_no_page_wider_than_the_paper_and_nothing_overflows(manifest, reader):
    width, height = manifest["paper_points"]
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert float(box.width) <= width + 0.5 and float(box.height) <= height + 0.5, \
            f"page {number} is {float(box.width):.0f} x {float(box.height):.0f} pt, paper {width} x {height}"
    assert manifest["overflow"] == [], f"wider than the text block: {manifest['overflow'][:5]}"
    assert manifest["outside_requests"] == []
