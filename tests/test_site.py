"""Real-browser tests of the built website (headless Debian Chromium via Playwright).

Every page of ``_build/html``, in the light and the dark theme:

- loads with no console error, no uncaught exception and no response of 400 or more;
- sends no request outside the site (launch-button *links* may point outside, but nothing
  is fetched from outside);
- has meaningful alt text on every image (not empty, not a file name);
- has no serious or critical accessibility violation (axe-core);
- in the dark theme, shows figures through the dark filter on the page's own background.

Every static explorable responds to the keyboard (frame, alt text and caption change;
the announced value is the readout's text). At phone width (390 × 844) no slider readout
is cut off, sliders are at least 24 px tall, and frames stay wide enough for their text
to be at least 9 px. Every answer box gives, with no kernel, the same verdict as the
Jupyter checker for the same answer.

Run ``./build.sh`` first (``./test.sh`` does this for you when the site is missing or
older than its sources). Chromium comes from Debian's ``chromium`` package; the browser
is never downloaded.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from acslib._browser import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
FILE_NAME_ALT = re.compile(r"\.(png|jpe?g|gif|svg|webp)$|^[\w\-./]+$", re.IGNORECASE)
THEMES = ("light", "dark")
PHONE = {"width": 390, "height": 844}


def _pages():
    if not (SITE / "index.html").exists():
        return []
    skip = {"_static", "_sources", "_images", "slides"}
    return sorted(
        str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if not skip & set(p.relative_to(SITE).parts)
    )


PAGES = _pages()


def _with(marker):
    return [p for p in PAGES if marker in (SITE / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def base_url():
    if not PAGES:
        pytest.fail("no built site in _build/html: run ./build.sh (./test.sh builds it when missing)")
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


def _open(browser, base_url, page_path, *, theme="light", viewport=None):
    """Open a page, recording console errors, failed responses and outside requests."""
    context = browser.new_context(color_scheme=theme, viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    problems = {"console": [], "outside": [], "failed": [], "status": []}
    page.on("console", lambda message: message.type == "error" and problems["console"].append(message.text))
    page.on("pageerror", lambda error: problems["console"].append(str(error)))
    page.on("requestfailed", lambda request: problems["failed"].append(request.url))
    page.on("response", lambda response: response.status >= 400 and problems["status"].append(
        f"{response.status} {response.url}"))

    def route(route_):
        url = route_.request.url
        if url.startswith(base_url) or url.startswith("data:") or url.startswith("blob:"):
            route_.continue_()
        else:
            problems["outside"].append(url)
            route_.abort()

    page.route("**/*", route)
    page.goto(base_url + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems


def test_site_has_pages():
    assert "intro.html" in PAGES and "chapters/01_definition.html" in PAGES


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page_path", PAGES)
def test_page_is_clean_offline_and_accessible(browser, base_url, page_path, theme):
    from axe_playwright_python.sync_playwright import Axe

    context, page, problems = _open(browser, base_url, page_path, theme=theme)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        assert problems["outside"] == [], f"requests left the site: {problems['outside']}"
        assert problems["console"] == [], f"console errors: {problems['console']}"
        assert problems["failed"] == [] and problems["status"] == [], problems["failed"] + problems["status"]
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({alt: e.getAttribute('alt'), src: (e.getAttribute('src') || '').slice(0, 60)}))"
        )
        for image in images:
            alt = (image["alt"] or "").strip()
            meaningful = len(alt.split()) >= 2 and not FILE_NAME_ALT.search(alt)
            assert meaningful, f"poor alt text {alt!r} for {image['src']}"
        if page.locator("div.math, span.math").count():
            page.wait_for_selector("mjx-container", timeout=10_000)
        # At 1280 px no code block or output needs sideways scrolling.
        wide = page.eval_on_selector_all(
            "article pre, article div.cell_output",
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim().slice(0, 50))")
        assert wide == [], f"code or output wider than the page: {wide[:3]}"
        if theme == "dark":
            styles = page.eval_on_selector_all(
                "figure.acs-explorable .acs-frames, figure.acs-static img",
                """els => els.map(e => { const box = e.closest('.text_html') || e.parentElement;
                    return {filter: getComputedStyle(e).filter, tint: getComputedStyle(box).backgroundColor}; })""")
            for style in styles:
                assert "invert" in style["filter"], "a figure is not shown through the dark filter"
                assert style["tint"] in ("rgba(0, 0, 0, 0)", "transparent"), "the theme tints a figure's output"
        # axe-core re-fetches stylesheets on its own (with wrong relative paths), so it runs last.
        results = Axe().run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:160]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"axe, {theme} theme: {serious}"
    finally:
        context.close()


#: True once a figure shows exactly one frame, other than ``key``, and that frame has loaded.
FRAME_CHANGED = """([figure, key]) => {
    const shown = figure.querySelectorAll('.acs-frames img:not([hidden])');
    return shown.length === 1 && shown[0].dataset.key !== key && shown[0].complete && shown[0].naturalWidth > 0;
}"""


@pytest.mark.parametrize("page_path", _with('class="acs-explorable"'))
def test_static_explorables_respond_to_the_keyboard(browser, base_url, page_path):
    context, page, problems = _open(browser, base_url, page_path)
    try:
        figures = page.locator("figure.acs-explorable")
        assert figures.count() >= 1
        for index in range(figures.count()):
            figure = figures.nth(index)
            for slider_index in range(figure.locator("input[type=range]").count()):
                slider = figure.locator("input[type=range]").nth(slider_index)
                assert slider.is_visible(), "the script did not reveal the sliders"
                visible = figure.locator(".acs-frames img:not([hidden])")
                assert visible.count() == 1
                before_key = visible.get_attribute("data-key")
                before_alt = visible.get_attribute("alt")
                caption_before = figure.locator(".acs-description").inner_text()
                slider.focus()
                at_max = slider.input_value() == slider.get_attribute("max")
                page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                # A frame not fetched yet is swapped in when it arrives (acs-explorable.js).
                page.wait_for_function(FRAME_CHANGED, arg=[figure.element_handle(), before_key], timeout=10_000)
                visible = figure.locator(".acs-frames img:not([hidden])")
                assert visible.count() == 1
                assert visible.get_attribute("data-key") != before_key, "moving the slider did not change the frame"
                assert visible.get_attribute("alt") != before_alt
                assert figure.locator(".acs-description").inner_text() != caption_before
                assert visible.evaluate("img => img.complete && img.naturalWidth > 0")
                readout = figure.locator(f'output[for="{slider.get_attribute("id")}"]').inner_text()
                assert slider.get_attribute("aria-valuetext") == readout, "announced value differs from the readout"
        # One announcement per move: no live regions besides the slider itself.
        assert page.locator("figure.acs-explorable [aria-live]").count() == 0
        assert problems["console"] == [] and problems["outside"] == []
    finally:
        context.close()


@pytest.mark.parametrize("page_path", _with('class="acs-explorable"'))
def test_explorables_fit_a_phone(browser, base_url, page_path):
    context, page, problems = _open(browser, base_url, page_path, viewport=PHONE)
    try:
        figures = page.locator("figure.acs-explorable")
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            for box in figure.locator(".acs-control output, .acs-control label").evaluate_all(
                    "els => els.map(e => { const r = e.getBoundingClientRect(); "
                    "return {right: r.right, left: r.left, text: e.textContent}; })"):
                assert box["left"] >= 0 and box["right"] <= PHONE["width"], f"clipped on a phone: {box['text']!r}"
            for height in figure.locator("input[type=range]").evaluate_all(
                    "els => els.map(e => e.getBoundingClientRect().height)"):
                assert height >= 24, f"slider touch target is {height:.0f} px tall"
            shown = figure.locator(".acs-frames").evaluate("e => e.getBoundingClientRect().width")
            visible = figure.locator(".acs-frames img:not([hidden])")
            visible.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
            natural = visible.evaluate("e => e.naturalWidth")
            # Figures use fonts of at least style.MIN_FONT_POINTS at 100 dpi (12.5 px).
            assert 12.5 * shown / natural >= 9, f"figure text would be {12.5 * shown / natural:.1f} px"
    finally:
        context.close()


def _answer_cases():
    """Every answer box, with the Python checker's verdicts for a battery of answers."""
    cases = []
    for page_path in _with('class="acs-answer"'):
        from acslib import _chapters

        text = (SITE / page_path).read_text(encoding="utf-8")
        notebook = ROOT / "chapters" / (Path(page_path).stem + ".ipynb")
        module_name = _chapters.read_chapter(notebook).module if notebook.exists() else None
        for match in re.finditer(r'<form class="acs-answer" id="([^"]+)" data-spec="([^"]*)"', text):
            spec = json.loads(match.group(2).replace("&quot;", '"').replace("&amp;", "&").replace("&#x27;", "'")
                              .replace("&lt;", "<").replace("&gt;", ">"))
            cases.append((page_path, match.group(1), spec, module_name))
    return cases


ANSWERS = _answer_cases()


def _battery(spec):
    expected, tolerance = spec["expected"], spec["tolerance"]
    values = [expected, expected + 0.9 * tolerance, expected - 0.9 * tolerance, expected + 3 * tolerance,
              expected * 10, -expected, 0.0, expected * 1.02, expected * 0.5, 1e300]
    values += [m["value"] for m in spec["mistakes"]]
    texts = [repr(float(v)) for v in values]
    precision = spec["precision"]
    if precision["kind"] == "Decimals":
        texts.append(f"{expected:.{precision['places']}f}")
        # Rounds like the answer but may miss it by more than half a unit: shown as given.
        unit = 10.0 ** -precision["places"]
        rounded = float(f"{expected:.{precision['places']}f}")
        texts += [repr(rounded - 0.45 * unit), repr(rounded + 0.45 * unit)]
    texts += ["", "abc", "2,400", "12.5%"]
    return list(dict.fromkeys(texts))  # each answer once: the box must answer every Enter anew


def _declared(spec, module):
    from acslib.checking import NumericAnswer

    declared = [a for a in vars(importlib.import_module(f"acslib.exercises.{module}")).values()
                if isinstance(a, NumericAnswer) and a.exercise == spec["exercise"]]
    assert len(declared) == 1, f"no declaration behind the box of {spec['exercise']}"
    return declared[0]


def _submit(page, form, dom_id, text, *, click=False):
    """Type ``text`` into a box and check it (Enter, or the button); return the verdict shown."""
    form.locator("input").fill(text)
    if click:
        form.locator("button").click()
    else:
        form.locator("input").press("Enter")  # keyboard only
    page.wait_for_function(
        "([id, before]) => { const v = document.querySelector('#' + id + ' .acs-verdict'); "
        "return v.textContent !== '' && v.dataset.seen !== before; }", arg=[dom_id, text], timeout=5000)
    verdict = form.locator(".acs-verdict")
    shown = verdict.inner_text()
    verdict.evaluate("(e, t) => e.dataset.seen = t", text)
    return shown


ANSWER_PAGES = sorted({case[0] for case in ANSWERS})


@pytest.mark.parametrize("page_path", ANSWER_PAGES)
def test_answer_boxes_give_the_checkers_verdict(browser, base_url, page_path):
    """Every box on the page gives the Python checker's verdict on a battery of answers.

    The battery goes through the page's own verdict function (acs-answer.js) in one call;
    each box is then used as a reader would, with Enter and with the button."""
    context, page, problems = _open(browser, base_url, page_path)
    try:
        for _, dom_id, spec, module in [case for case in ANSWERS if case[0] == page_path]:
            answer = _declared(spec, module)
            form = page.locator(f"form#{dom_id}")
            assert form.is_visible()
            field = form.locator("input")
            assert form.locator(f'label[for="{field.get_attribute("id")}"]').count() == 1, "the input has a label"
            texts = _battery(spec)
            shown = page.evaluate(
                "([id, texts]) => { const form = document.getElementById(id);"
                " const spec = JSON.parse(form.getAttribute('data-spec'));"
                " return texts.map(t => window.acsAnswer.verdict(spec, t)); }", [dom_id, texts])
            for text, verdict in zip(texts, shown):
                if re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", text):
                    assert verdict == str(answer.check(float(text))), \
                        f"{spec['exercise']}: box and checker disagree on {text}"
                else:
                    assert verdict.startswith("❌ Not yet"), f"junk {text!r} was not rejected: {verdict}"
            wrong = repr(float(spec["mistakes"][0]["value"] if spec["mistakes"] else spec["expected"] * 10))
            assert _submit(page, form, dom_id, wrong) == str(answer.check(float(wrong)))
            assert _submit(page, form, dom_id, "abc").startswith("❌ Not yet")
            right = answer.precision.format(answer.value())
            assert _submit(page, form, dom_id, right, click=True).startswith("✅")
            assert form.locator("[role=status]").count() == 1, "one announcement per check"
        assert problems["console"] == []
    finally:
        context.close()
