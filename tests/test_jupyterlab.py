"""The chapters as a student meets them in a real JupyterLab (headless Debian Chromium).

One JupyterLab runs every chapter with Run All and checks what the student sees:

- no error output and no Python traceback;
- no ✅ on a fresh notebook: nothing passes an exercise on the student's behalf (solution
  cells run isolated, see ``acslib.exercises``);
- solutions hidden: no solution code or prose is visible until opened;
- every explorable is live, and its sliders show and announce exactly what the website's
  static page does for the same values (same labels, same units);
- no raw citation key, glossary role, cross-reference label or warning icon;
- opening a chapter marks nothing modified;
- after saving and reopening with no kernel, every explorable shows its static copy and
  its sliders still work (no "model not found");
- in the dark theme, figures are shown through the dark filter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jupyterlab_driver import NOTEBOOK, Lab, jupyterlab, shutdown_kernels

from acslib._browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.jupyterlab

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
SITE = ROOT / "_build" / "html" / "chapters"
RAW = re.compile(r"\{(cite|term|ref|doc|bdg)[^}]*\}`|Citation Not Found|⚠")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab():
    with jupyterlab(CHAPTERS) as (base, folder):
        yield base, folder


def _site_labels(chapter: Path) -> dict:
    """Each static explorable's slider labels on the built website, by input id."""
    page = SITE / f"{chapter.stem}.html"
    if not page.exists():
        return {}
    text = page.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r'<input type="range" id="([^"]+)"[^>]*data-labels="([^"]*)"', text):
        found[match.group(1)] = json.loads(match.group(2).replace("&quot;", '"').replace("&amp;", "&"))
    return found


def _live_explorables(page):
    return page.eval_on_selector_all(
        f"{NOTEBOOK} .acs-live figure.acs-explorable",
        """els => els.map(f => ({
            id: f.id,
            visible: f.getBoundingClientRect().height > 0,
            inputs: Array.from(f.querySelectorAll('input[type=range]')).map(i => ({
                id: i.id, valuetext: i.getAttribute('aria-valuetext'),
                labels: JSON.parse(i.getAttribute('data-labels')),
                readout: f.querySelector('output[for="' + i.id + '"]').textContent}))}))""")


def _solution_leaks(page) -> list[str]:
    """Solution code or prose that is visible without opening anything."""
    return page.evaluate(
        """(sel) => {
          const leaks = [];
          for (const cell of document.querySelectorAll(sel + ' .jp-CodeCell')) {
            const editor = cell.querySelector('.jp-InputArea-editor');
            const text = editor ? editor.textContent : '';
            if (/^#\\s*Solution to Exercise/.test(text.trim()) && editor.getBoundingClientRect().height > 0
                && getComputedStyle(editor).display !== 'none' && !cell.classList.contains('jp-mod-collapsed')
                && cell.querySelector('.jp-Cell-inputCollapser') && !cell.querySelector('.jp-InputPlaceholder')) {
              leaks.push(text.slice(0, 60));
            }
          }
          for (const details of document.querySelectorAll(sel + ' details')) {
            if (details.open && /Solution/.test(details.textContent.slice(0, 80))) leaks.push('open solution dropdown');
          }
          return leaks; }""", NOTEBOOK)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_in_jupyterlab(browser, lab, chapter):
    base, folder = lab
    student = Lab(browser, base)
    try:
        student.open(f"{chapter.name}")
        assert not student.dirty(), "opening the chapter marked it modified (stored metadata differs)"
        text = student.visible_text()
        raw = RAW.findall(text)
        assert not raw, f"raw roles or warnings visible in JupyterLab: {raw[:5]}"
        student.run_all()
        assert student.errors() == [], f"errors after Run All: {student.errors()[:2]}"
        shown = student.visible_text()
        assert "✅" not in shown, "a fresh notebook shows a passed exercise after Run All"
        assert _solution_leaks(student.page) == []
        site = _site_labels(chapter)
        copies = student.page.locator(f"{NOTEBOOK} figure.acs-explorable[data-fallback]")
        for _ in range(50):  # large outputs render a moment after the kernel is idle
            live = _live_explorables(student.page)
            if live and len(live) == copies.count():
                break
            student.page.wait_for_timeout(200)
        assert len(live) == copies.count(), "each explorable shows one live widget and keeps one static copy"
        for figure in live:
            assert figure["visible"], f"live explorable {figure['id']} is not shown"
            for control in figure["inputs"]:
                assert control["valuetext"] == control["readout"], "announced value differs from the readout"
                static_id = control["id"].replace("-live-", "-")
                if static_id in site:
                    assert control["labels"] == site[static_id], f"{static_id}: live labels differ from the site"
        # The static copies are hidden while the live widgets render.
        assert student.page.locator(f"{NOTEBOOK} figure.acs-explorable[data-fallback]:visible").count() == 0
        # Move the first slider of each live explorable with the keyboard.
        for index in range(len(live)):
            figure = student.page.locator(f"{NOTEBOOK} .acs-live figure.acs-explorable").nth(index)
            slider = figure.locator("input[type=range]").first
            before = slider.get_attribute("aria-valuetext")
            slider.focus()
            at_max = slider.input_value() == slider.get_attribute("max")
            student.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            assert slider.get_attribute("aria-valuetext") != before, "the live slider did not move"
        student.save()
        shutdown_kernels(base)
        # Reopen with no kernel: the static copies stand in and still respond.
        student.open(f"{chapter.name}", kernel=False)
        assert student.page.locator("text=Error displaying widget").count() == 0 or \
            not student.page.locator("text=Error displaying widget").first.is_visible()
        copies = student.page.locator(f"{NOTEBOOK} figure.acs-explorable[data-fallback]")
        assert copies.count() == len(live)
        for index in range(copies.count()):
            copy = copies.nth(index)
            assert copy.is_visible(), "a reopened notebook does not show the static explorable"
            frame = copy.locator(".acs-frames img:not([hidden])")
            key = frame.first.get_attribute("data-key")
            slider = copy.locator("input[type=range]").first
            slider.focus()
            at_max = slider.input_value() == slider.get_attribute("max")
            student.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            assert copy.locator(".acs-frames img:not([hidden])").first.get_attribute("data-key") != key
        # Reopening without a kernel makes the widget manager log "model not found" for
        # the live widget's output, which the book hides; nothing else may fail.
        unexpected = [c for c in student.console if "model not found" not in c and "Could not create a view" not in c]
        assert unexpected == [], unexpected[:3]
    finally:
        student.close()
        shutdown_kernels(base)


def test_figures_read_in_jupyterlabs_dark_theme(browser):
    """In JupyterLab's dark theme the figures are shown through the dark filter, on the
    page's own background, live and as static copies alike."""
    chapter = CHAPTERS[0]
    with jupyterlab([chapter], theme="dark") as (base, folder):
        student = Lab(browser, base)
        try:
            student.open(chapter.name)
            assert student.page.evaluate("document.body.dataset.jpThemeLight") == "false"
            student.run_all()
            student.page.wait_for_selector(f"{NOTEBOOK} .acs-live figure.acs-explorable", state="attached")
            filters = student.page.eval_on_selector_all(
                f"{NOTEBOOK} figure.acs-explorable .acs-frames, {NOTEBOOK} figure.acs-static img",
                "els => els.map(e => getComputedStyle(e).filter)")
            assert filters and all("invert" in f for f in filters), filters
        finally:
            student.close()
            shutdown_kernels(base)
