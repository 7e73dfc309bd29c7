"""Real-browser tests of the built website (headless Debian Chromium via Playwright).

Checks every page of ``_build/html``:

- it loads with no console error and no uncaught exception;
- no request leaves the site (everything is served from the site's own folder;
  launch-button *links* may point outside, but nothing is fetched from outside);
- every image has meaningful alt text (not empty, not a file name);
- every static explorable responds: moving a slider with the keyboard changes the
  visible frame, its alt text and the caption.

Run ``./build.sh`` first (``./test.sh`` does this for you when the site is missing
or older than its sources). Chromium comes from Debian's ``chromium`` package; the
browser is never downloaded.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parent.parent / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FILE_NAME_ALT = re.compile(r"\.(png|jpe?g|gif|svg|webp)$|^[\w\-./]+$", re.IGNORECASE)


def _pages():
    if not (SITE / "index.html").exists():
        return []
    skip = {"_static", "_sources", "_images"}
    return sorted(
        str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if not skip & set(p.relative_to(SITE).parts)
    )


PAGES = _pages()


@pytest.fixture(scope="module")
def base_url():
    if not PAGES:
        pytest.fail("no built site in _build/html: run ./build.sh (./test.sh builds it when missing)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's chromium package (./test.sh does this as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, base_url, page_path):
    """Open a page, recording console errors and every request that leaves the site."""
    context = browser.new_context()
    page = context.new_page()
    problems = {"console": [], "outside": [], "failed": []}
    page.on("console", lambda message: message.type == "error" and problems["console"].append(message.text))
    page.on("pageerror", lambda error: problems["console"].append(str(error)))
    page.on("requestfailed", lambda request: problems["failed"].append(request.url))

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


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_offline_with_alt_text(browser, base_url, page_path):
    context, page, problems = _open(browser, base_url, page_path)
    try:
        assert problems["outside"] == [], f"requests left the site: {problems['outside']}"
        assert problems["console"] == [], f"console errors: {problems['console']}"
        assert problems["failed"] == [], f"failed requests: {problems['failed']}"
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({alt: e.getAttribute('alt'), src: (e.getAttribute('src') || '').slice(0, 60)}))"
        )
        for image in images:
            alt = (image["alt"] or "").strip()
            meaningful = len(alt.split()) >= 2 and not FILE_NAME_ALT.search(alt)
            assert meaningful, f"poor alt text {alt!r} for {image['src']}"
        # MathJax rendered the maths from the site's own copy.
        if page.locator("div.math, span.math").count():
            page.wait_for_selector("mjx-container", timeout=10_000)
    finally:
        context.close()


def _explorable_pages():
    return [p for p in PAGES if 'class="acs-explorable"' in (SITE / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("page_path", _explorable_pages())
def test_static_explorables_respond_to_sliders(browser, base_url, page_path):
    context, page, problems = _open(browser, base_url, page_path)
    try:
        figures = page.locator("figure.acs-explorable")
        assert figures.count() >= 1
        for index in range(figures.count()):
            figure = figures.nth(index)
            slider = figure.locator("input[type=range]").first
            assert slider.is_visible(), "the script did not reveal the sliders"
            visible = figure.locator(".acs-frames img:not([hidden])")
            assert visible.count() == 1
            before_key = visible.get_attribute("data-key")
            before_alt = visible.get_attribute("alt")
            caption_before = figure.locator(".acs-description").inner_text()
            slider.focus()
            at_max = slider.input_value() == slider.get_attribute("max")
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            visible = figure.locator(".acs-frames img:not([hidden])")
            assert visible.count() == 1
            assert visible.get_attribute("data-key") != before_key, "moving the slider did not change the frame"
            assert visible.get_attribute("alt") != before_alt
            assert figure.locator(".acs-description").inner_text() != caption_before
            assert visible.evaluate("img => img.complete && img.naturalWidth > 0")
        assert problems["console"] == [] and problems["outside"] == []
    finally:
        context.close()
