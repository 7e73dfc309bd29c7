"""The chapter slide decks (acslib._slides).

Unit tests build a deck from a small synthetic chapter page. The browser tests open
every deck of the built site, ``_build/html/slides/*.html`` (``./build.sh`` writes them),
in headless Debian Chromium and check that

- every built chapter has a deck, and its page links to it;
- the deck loads with no console error and no request leaving the site (reveal.js and
  MathJax come from the site itself);
- it shows the chapter's objectives and renders its maths;
- every explorable responds to a key press on its slide, as on the static site, while
  the deck stays on that slide.

Set ``ACS_SITE`` to test another built site (e.g. a private copy of the book).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from acslib import _chapters, _coursekit, _slides
from acslib._browser import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("ACS_SITE", ROOT / "_build" / "html"))
SOURCE = SITE.parent.parent if os.environ.get("ACS_SITE") else ROOT

PAGE = """<html><head>
<script>window.MathJax = {"options": {}}</script>
<script defer src="../_static/mathjax/tex-chtml.js"></script>
<script src="../_static/acs-explorable.js?v=1"></script>
<link rel="stylesheet" href="../_static/acs-explorable.css">
<link rel="stylesheet" href="../_static/unrelated.css">
<script src="https://example.org/cdn.js"></script>
</head><body><article class="bd-article">
<section id="t"><h1>1. A title<a class="headerlink" href="#t">#</a></h1>
<div class="tip admonition"><p class="admonition-title">In this chapter</p>
<p><strong>Learning objectives.</strong></p><ol><li><p>compute the <a href="../appendix/glossary.html#term-gap">gap</a>;</p></li>
<li><p>explain it.</p></li></ol></div>
<section id="s1"><h2>1.1. Growth<a class="headerlink" href="#s1">#</a></h2>
<div class="math notranslate nohighlight">\\[ A(t) \\ge C(t) \\]</div>
<figure class="acs-explorable" id="acs-x"><div class="acs-frames"><img src="data:image/png;base64,AA" alt="A frame of two curves." data-key="0"></div>
<figcaption><strong>X.</strong> <span class="acs-description">A frame.</span></figcaption></figure>
<p>See <a href="#s1">above</a>.</p></section>
<section id="ex"><h2>1.2. Exercises</h2><div class="exercise admonition"><div class="math">\\[ x \\]</div></div></section>
<section id="summary"><h2>1.3. Summary</h2><ul><li>One point.</li></ul></section>
</section></article></body></html>"""


def test_deck_from_a_synthetic_page():
    deck = _slides.deck_html(PAGE, None, slug="01_a", book_title="Book")
    sections = re.findall(r"<section>", deck)
    # title, objectives, key equations, explorable, summary
    assert len(sections) == 5
    assert "<h1>1. A title</h1>" in deck
    assert 'href="../appendix/glossary.html#term-gap"' in deck
    assert 'href="../chapters/01_a.html#s1"' not in deck  # prose paragraphs are not copied
    assert deck.count("A(t) \\ge C(t)") == 1 and "\\[ x \\]" not in deck, "exercise maths stays out"
    assert 'src="../_static/acs-explorable.js?v=1"' in deck and 'href="../_static/acs-explorable.css"' in deck
    assert "mathjax/tex-chtml.js" in deck and "unrelated.css" not in deck
    assert "example.org" not in deck, "nothing from outside the site"
    assert 'src="revealjs/dist/reveal.js"' in deck
    for url in re.findall(r'(?:src|href)="([^"]+)"', deck):
        assert not re.match(r"https?:", url), url


def test_deck_lists_objective_exercises_and_prompts(tmp_path):
    chapter = _chapters.chapters()[0]
    notes = tmp_path / "appendix" / "instructor" / f"{chapter.slug}.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# Chapter 1 — instructor notes\n\n## Session plan\n\n## Discussion prompts\n"
                     "1. Why a {term}`ratio <alignment gap>`?\n2. What is *evidence*?\n\n## Misconceptions\n\n## Rubrics\n")
    deck = _slides.deck_html(PAGE, chapter, slug=chapter.slug, book_title="Book", site=tmp_path, srcdir=tmp_path)
    assert "<h2>Discussion</h2>" in deck and "Why a ratio?" in deck and "<em>evidence</em>" in deck
    assert deck.count("<h2>Exercises</h2>") == -(-len(chapter.exercises) // _slides._MAX_EXERCISES)
    for exercise in chapter.exercises:
        assert f"#{exercise.label}" in deck


def test_reveal_ships_with_a_package():
    path = _slides.reveal_dir()
    assert (path / "dist" / "reveal.js").read_text(encoding="utf-8").lstrip().startswith("/*!\n * reveal.js")
    assert (path / "LICENSE").exists()
    for name in _slides.REVEAL_FILES:
        assert (path / name).exists(), name


# ------------------------------------------------------------------------- browser
def _decks():
    return sorted(p.name for p in (SITE / "slides").glob("*.html")) if (SITE / "slides").is_dir() else []


@pytest.fixture(scope="module")
def base_url():
    if not (SITE / "index.html").exists():
        pytest.skip(f"no built site in {SITE}: run ./build.sh")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's chromium package (./test.sh does this as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_every_built_chapter_has_a_deck_and_links_it():
    if not (SITE / "index.html").exists():
        pytest.skip(f"no built site in {SITE}: run ./build.sh")
    chapters = sorted(p.name for p in (SITE / "chapters").glob("[0-9][0-9]_*.html"))
    assert chapters and _decks() == chapters
    for name in chapters:
        page = (SITE / "chapters" / name).read_text(encoding="utf-8")
        assert f'href="../slides/{name}"' in page, f"{name} does not link its deck"


@pytest.mark.browser
@pytest.mark.parametrize("deck", _decks())
def test_deck_opens_offline_and_its_explorables_respond(browser, base_url, deck):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = {"console": [], "outside": [], "failed": []}
    page.on("console", lambda message: message.type == "error" and problems["console"].append(message.text))
    page.on("pageerror", lambda error: problems["console"].append(str(error)))
    page.on("requestfailed", lambda request: problems["failed"].append(request.url))

    def route(route_):
        url = route_.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            problems["outside"].append(url)
            route_.abort()

    page.route("**/*", route)
    try:
        page.goto(base_url + "slides/" + deck, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        slides = page.locator(".reveal .slides > section")
        assert slides.count() >= 4
        chapter = next((c for c in _coursekit.book_chapters(SOURCE) if f"{c.slug}.html" == deck), None)
        if chapter is not None and chapter.objectives:
            assert page.locator("ol.acs-objectives > li").count() == len(chapter.objectives)
        if page.locator(".reveal .math").count():
            page.wait_for_selector(".reveal mjx-container", state="attached", timeout=10_000)
        figures = page.locator(".reveal .slides > section figure.acs-explorable")
        for index in range(figures.count()):
            figure = figures.nth(index)
            slide = figure.evaluate("f => Array.from(document.querySelectorAll('.reveal .slides > section'))"
                                    ".indexOf(f.closest('.reveal .slides > section'))")
            page.evaluate(f"Reveal.slide({slide})")
            page.wait_for_function(f"Reveal.getIndices().h === {slide}")
            slider = figure.locator("input[type=range]").first
            assert slider.is_visible(), "the explorable script did not reveal the sliders"
            visible = figure.locator(".acs-frames img:not([hidden])")
            before = (visible.get_attribute("data-key"), figure.locator(".acs-description").inner_text())
            slider.focus()
            at_max = slider.input_value() == slider.get_attribute("max")
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            visible = figure.locator(".acs-frames img:not([hidden])")
            assert visible.count() == 1
            after = (visible.get_attribute("data-key"), figure.locator(".acs-description").inner_text())
            assert after[0] != before[0] and after[1] != before[1], f"explorable {index + 1} did not respond"
            assert page.evaluate("Reveal.getIndices().h") == slide, "the key moved the deck, not the slider"
            assert visible.evaluate("img => img.complete && img.naturalWidth > 0")
        assert problems["outside"] == [], f"requests left the site: {problems['outside']}"
        assert problems["console"] == [], f"console errors: {problems['console']}"
        assert problems["failed"] == [], f"failed requests: {problems['failed']}"
    finally:
        context.close()


def test_only_decks_whose_pages_changed_are_rewritten(tmp_path):
    slides = tmp_path / _slides.SLIDES_DIR
    slides.mkdir()
    for slug in ("01_definition", "02_why_it_matters", "03_core_problem"):
        (slides / f"{slug}.html").write_text("old deck")
    found = {"intro", "chapters/01_definition", "chapters/02_why_it_matters", "chapters/03_core_problem",
             "chapters/04_technical_oversight", "appendix/instructor/03_core_problem"}
    written = {"chapters/01_definition", "appendix/instructor/03_core_problem"}
    # 01: its page was written; 03: its notes (the prompts slide) were; 04: it has no deck yet.
    assert _slides._decks_to_write(tmp_path, found, written) == {
        "chapters/01_definition", "chapters/03_core_problem", "chapters/04_technical_oversight"}
    assert _slides._decks_to_write(tmp_path, found - {"chapters/04_technical_oversight"}, set()) == set()
