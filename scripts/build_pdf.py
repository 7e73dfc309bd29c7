"""Print the built website as one PDF book: ``_build/pdf/book.pdf``.

Usage::

    .venv/bin/python scripts/build_pdf.py                      # after ./build.sh
    .venv/bin/python scripts/build_pdf.py --site _build/student/_build/html --out _build/pdf/student.pdf
    .venv/bin/python scripts/build_pdf.py --no-solutions --paper Letter

(``./build.sh --pdf`` builds the site if needed and then runs this.)

How it works, offline and with Debian packages only:

1. The pages come from ``_toc.yml`` in book order: the introduction, every chapter and
   the appendices *glossary* and *references* (the bibliography). The API page and the
   instructor guide are left out unless ``--all`` is given.
2. Each page of the built site is served on 127.0.0.1 and opened in Debian's Chromium
   (``/usr/bin/chromium`` through Playwright; no browser is downloaded). After MathJax
   has typeset the page, a print stylesheet hides the site's navigation, wraps code and
   outputs so nothing runs off the page, keeps figures inside the margins and hides the
   explorables' sliders, so each explorable prints its default frame and its caption.
   Solutions are printed open (as the site's own print setting does) unless
   ``--no-solutions``. Links inside the book become plain text; links to papers stay.
3. Chromium's print path (``page.pdf``) writes one PDF per page, with the chapter title
   as running head. Every element that would still be wider than the text block is
   recorded.
4. pypdf merges a title page and a table of contents (with page numbers) and the pages,
   stamps continuous page numbers, and adds a PDF outline (bookmarks).

Next to the PDF, ``book.json`` records the entries with their first pages, the paper
size, the page count, any overflowing element, and the build time.
"""

from __future__ import annotations

import argparse
import datetime
import html
import io
import json
import sys
import time
from pathlib import Path

from acslib._browser import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
#: Paper sizes in millimetres and in PDF points.
PAPER = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGIN_MM = {"top": 18.0, "bottom": 18.0, "left": 16.0, "right": 16.0}
LEFT_OUT = ("appendix/api", "appendix/api/", "appendix/instructor_guide", "appendix/instructor/")
PX_PER_MM = 96 / 25.4

PRINT_CSS = """
html, body { background: #fff !important; color: #000 !important; }
body { font-size: 10.5pt !important; }
.bd-header, .bd-header-announcement, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article,
.bd-header-article, .prev-next-area, .prev-next-footer, footer, .bd-footer, .bd-footer-content,
.bd-footer-article, .footer-content, .theme-switch-button, .search-button, .sidebar-toggle,
.primary-toggle, .secondary-toggle, .article-header-buttons, .headerlink, .copybtn, .acs-slides-link,
figure.acs-explorable .acs-controls, .bd-search, #pst-back-to-top, .skip-link, .toggle-button,
.dropdown-toggle, #pst-skip-link, .sd-summary-up, .sd-summary-down { display: none !important; }
.bd-page-width, .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
.bd-article, main, article { max-width: none !important; width: auto !important; padding: 0 !important;
  margin: 0 !important; display: block !important; flex: none !important; }
pre, pre code, .highlight pre, .output pre, .cell_output pre, div.highlight, .cell_input, .cell_output,
.output, div.output_area { white-space: pre-wrap !important; overflow-wrap: anywhere !important;
  word-break: break-word; overflow: visible !important; max-height: none !important; max-width: 100% !important; }
pre { font-size: 8.2pt !important; line-height: 1.3 !important; }
.pst-scrollable-table-container, .table-wrapper, .sd-table-container { overflow: visible !important; }
table { max-width: 100% !important; font-size: 8.8pt !important; }
td, th { overflow-wrap: anywhere; word-break: normal; white-space: normal !important; }
img, svg, video, canvas, figure, .acs-frames { max-width: 100% !important; }
img { height: auto !important; }
figure.acs-explorable .acs-frames { width: 100% !important; }
/* The text block is narrower than the phone breakpoint: drop the phones' minimum width. */
figure.acs-explorable .acs-frames, figure.acs-static .acs-scroll > img { min-width: 0 !important; }
mjx-container[display="true"] { max-width: 100%; overflow: visible !important; }
figure, .cell_output img, table, .math, mjx-container[display="true"] { break-inside: avoid; }
h1, h2, h3, h4, p.admonition-title { break-after: avoid; }
a, a:visited { color: inherit !important; text-decoration: none !important; }
a.acs-outside { text-decoration: underline dotted !important; }
details > summary { list-style: none; }
"""

#: Elements that must stay inside the text block.
_OVERFLOW_JS = """
(limit) => {
  const found = [];
  const article = document.querySelector('article') || document.body;
  const left = article.getBoundingClientRect().left;
  for (const el of article.querySelectorAll('pre, table, img, figure, mjx-container[display="true"], .cell_output, .highlight')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const wide = Math.max(box.right - left, el.scrollWidth);
    if (wide > limit + 2) {
      found.push({tag: el.tagName.toLowerCase(), cls: (el.className && el.className.baseVal === undefined ? el.className : '').slice(0, 60),
                  width: Math.round(wide), text: (el.innerText || el.getAttribute('alt') || '').slice(0, 80)});
    }
  }
  return found;
}
"""

_PREPARE_JS = """
(solutions) => {
  document.documentElement.dataset.mode = 'light';
  document.documentElement.dataset.theme = 'light';
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('.admonition.toggle, .dropdown').forEach(e => e.classList.add('toggle-shown'));
  if (!solutions) document.querySelectorAll('.solution').forEach(e => e.remove());
  const here = location.origin;
  document.querySelectorAll('a[href]').forEach(a => {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin === here) { a.removeAttribute('href'); } else { a.classList.add('acs-outside'); }
  });
}
"""


def toc_pages(toc_path: Path, everything: bool = False) -> list:
    """Docnames of the book in reading order, from ``_toc.yml`` (globs are skipped)."""
    import yaml

    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", ()):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    pages = [p.removesuffix(".md").removesuffix(".ipynb") for p in pages]
    if not everything:
        pages = [p for p in pages if not any(p == s.rstrip("/") or (s.endswith("/") and p.startswith(s))
                                             for s in LEFT_OUT)]
    return pages


def _header(title: str) -> str:
    return (f'<div style="font-size:7.5pt;color:#555;width:100%;padding:0 {MARGIN_MM["left"]}mm;'
            f'font-family:sans-serif">{html.escape(title)}</div>')


def _print_page(browser, base: str, docname: str, paper: str, solutions: bool):
    width_mm, height_mm = PAPER[paper]
    text_width_px = (width_mm - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM
    context = browser.new_context(viewport={"width": int(text_width_px), "height": 1200}, color_scheme="light")
    context.add_init_script("try { localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light'); } catch (e) {}")
    page = context.new_page()
    outside = []

    def route(route_):
        url = route_.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            outside.append(url)
            route_.abort()

    page.route("**/*", route)
    try:
        page.goto(base + docname + ".html", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")
        page.emulate_media(media="print", color_scheme="light")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate(_PREPARE_JS, solutions)
        page.evaluate("() => (window.MathJax && MathJax.typesetPromise) ? MathJax.typesetPromise() : null")
        title = page.evaluate("() => { const h = document.querySelector('article.bd-article h1')"
                              " || document.querySelector('main h1') || document.querySelector('h1');"
                              " return h ? h.innerText.replace(/#$/, '').trim() : document.title; }")
        overflow = page.evaluate(_OVERFLOW_JS, text_width_px)
        pdf = page.pdf(width=f"{width_mm}mm", height=f"{height_mm}mm", print_background=True, display_header_footer=True,
                       header_template=_header(title), footer_template="<span></span>",
                       margin={k: f"{v}mm" for k, v in MARGIN_MM.items()})
    finally:
        context.close()
    return title, pdf, overflow, outside


def _front_matter_html(book_title: str, author: str, entries: list, offset: int) -> str:
    rows = "".join(
        f'<tr class="{"sub" if e["kind"] == "appendix" else ""}"><td>{html.escape(e["title"])}</td>'
        f'<td class="n">{e["start"] + offset}</td></tr>'
        for e in entries
    )
    today = datetime.date.today().isoformat()
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ margin: 0; }}
body {{ font-family: sans-serif; margin: 0; }}
.title {{ height: 100vh; display: flex; flex-direction: column; justify-content: center; padding: 0 25mm;
  break-after: page; }}
.title h1 {{ font-size: 30pt; margin: 0 0 8mm; }} .title p {{ font-size: 12pt; color: #333; }}
.toc {{ padding: 20mm 22mm; }} .toc h2 {{ font-size: 18pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 11pt; }}
td {{ padding: 1.6mm 0; border-bottom: 0.2mm dotted #999; }} td.n {{ text-align: right; width: 20mm; }}
tr.sub td {{ color: #333; }}
</style></head><body>
<section class="title"><h1>{html.escape(book_title)}</h1><p>{html.escape(author)}</p>
<p>Printed from the website on {today}. Explorables show their default frame; the website and the
notebooks have the sliders.</p></section>
<section class="toc"><h2>Contents</h2><table>{rows}</table></section>
</body></html>"""


def _numbers_pdf(browser, count: int, paper: str, skip: int) -> bytes:
    width_mm, height_mm = PAPER[paper]
    pages = "".join(
        f'<div class="p">{"" if i < skip else i + 1}</div>' for i in range(count)
    )
    document = f"""<!DOCTYPE html><html><head><style>
@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}
body {{ margin: 0; }} .p {{ height: {height_mm}mm; break-after: page; position: relative; font: 9pt sans-serif;
  color: #444; display: flex; align-items: flex-end; justify-content: center; box-sizing: border-box;
  padding-bottom: 8mm; }}
</style></head><body>{pages}</body></html>"""
    page = browser.new_page()
    try:
        page.set_content(document)
        return page.pdf(width=f"{width_mm}mm", height=f"{height_mm}mm", print_background=False,
                        margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
    finally:
        page.close()


def build(site: Path, out: Path, *, paper: str = "A4", solutions: bool = True, everything: bool = False,
          toc: Path = ROOT / "_toc.yml", log=print) -> dict:
    """Print ``site`` into ``out``; return the manifest (also written as ``out`` .json)."""
    import yaml
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    start = time.perf_counter()
    site, out = Path(site).resolve(), Path(out).resolve()
    if not (site / "index.html").exists():
        raise SystemExit(f"no built site in {site}: run ./build.sh first")
    if not Path(CHROMIUM).exists():
        raise SystemExit("Chromium not found: install Debian's chromium package (apt-get install chromium)")
    config = yaml.safe_load((toc.parent / "_config.yml").read_text(encoding="utf-8"))
    docnames = [d for d in toc_pages(toc, everything) if (site / f"{d}.html").exists()]
    entries, parts, overflow, outside = [], [], [], []
    with serve(site) as base:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                position = 0
                for docname in docnames:
                    began = time.perf_counter()
                    title, pdf, wide, left = _print_page(browser, base, docname, paper, solutions)
                    pages = len(PdfReader(io.BytesIO(pdf)).pages)
                    kind = "chapter" if docname.startswith("chapters/") else "appendix" if docname.startswith("appendix/") else "front"
                    entries.append({"docname": docname, "title": title, "kind": kind, "start": position + 1,
                                    "pages": pages})
                    parts.append(pdf)
                    overflow += [{"docname": docname, **item} for item in wide]
                    outside += left
                    position += pages
                    log(f"  {docname}: {pages} pages in {time.perf_counter() - began:.1f} s"
                        + (f", {len(wide)} overflowing elements" if wide else ""))
                # Title page and contents: render once to learn its length, then with the numbers.
                front = browser.new_page()
                try:
                    front.set_content(_front_matter_html(config.get("title", "Book"), config.get("author", ""), entries, 0))
                    size = {"width": f"{PAPER[paper][0]}mm", "height": f"{PAPER[paper][1]}mm"}
                    front_pages = len(PdfReader(io.BytesIO(front.pdf(**size))).pages)
                    front.set_content(_front_matter_html(config.get("title", "Book"), config.get("author", ""),
                                                         entries, front_pages))
                    front_pdf = front.pdf(**size)
                finally:
                    front.close()
                total = front_pages + position
                numbers = PdfReader(io.BytesIO(_numbers_pdf(browser, total, paper, skip=front_pages)))
            finally:
                browser.close()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front_pdf)))
    for pdf in parts:
        writer.append(PdfReader(io.BytesIO(pdf)))
    for index, page in enumerate(writer.pages):
        if index >= front_pages:
            page.merge_page(numbers.pages[index])
    # Chromium's page is a fraction of a millimetre larger than the paper (it rounds to
    # device pixels); trim that sliver of empty margin so every page is the paper size.
    width_pt, height_pt = (v / 25.4 * 72 for v in PAPER[paper])
    for page in writer.pages:
        box = page.mediabox
        top = float(box.top)
        page.mediabox.lower_left = (float(box.left), top - min(height_pt, float(box.height)))
        page.mediabox.upper_right = (float(box.left) + min(width_pt, float(box.width)), top)
        page.cropbox = page.mediabox
    writer.add_outline_item(title="Contents", page_number=1 if front_pages > 1 else 0)
    for entry in entries:
        entry["start"] += front_pages
        writer.add_outline_item(title=entry["title"], page_number=entry["start"] - 1)
    writer.add_metadata({"/Title": config.get("title", "Book"), "/Author": config.get("author", "")})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as handle:
        writer.write(handle)
    width_mm, height_mm = PAPER[paper]
    manifest = {
        "pdf": str(out), "site": str(site), "paper": paper,
        "paper_points": [round(width_mm / 25.4 * 72, 2), round(height_mm / 25.4 * 72, 2)],
        "pages": total, "front_pages": front_pages, "entries": entries, "overflow": overflow,
        "outside_requests": sorted(set(outside)), "solutions": solutions,
        "seconds": round(time.perf_counter() - start, 1),
    }
    out.with_suffix(".json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built website")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    parser.add_argument("--paper", choices=sorted(PAPER), default="A4")
    parser.add_argument("--no-solutions", action="store_true", help="leave the worked solutions out")
    parser.add_argument("--all", action="store_true", help="also print the API page and the instructor guide")
    args = parser.parse_args(argv)
    print(f"Printing {args.site} to {args.out}")
    manifest = build(args.site, args.out, paper=args.paper, solutions=not args.no_solutions, everything=args.all)
    print(f"{manifest['pages']} pages, {len(manifest['entries'])} entries, in {manifest['seconds']} s: {manifest['pdf']}")
    if manifest["overflow"]:
        print(f"warning: {len(manifest['overflow'])} elements are wider than the text block "
              f"(listed in {Path(manifest['pdf']).with_suffix('.json')})", file=sys.stderr)
    if manifest["outside_requests"]:
        print(f"error: pages asked for outside addresses: {manifest['outside_requests'][:5]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
