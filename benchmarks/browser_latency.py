"""Slider latency as a reader feels it, measured by the browser's own clock.

Two measurements, each for every explorable, in Debian's headless Chromium:

* ``static``: on the built website, from the key press (``keydown``, capture phase) to the
  first animation frame painted after the visible frame changed — the frame-swap budget is
  one frame, 16 ms;
* ``live``: in a real JupyterLab, after Run All. Moves of a static parameter stay on the
  precomputed grid and swap frames in the browser (budget 16 ms); moves of any other
  parameter ask the kernel for a frame, timed from the key press to the new image's
  ``load`` event (budget 40 ms).

    .venv/bin/python benchmarks/browser_latency.py static [--presses 20]
    .venv/bin/python benchmarks/browser_latency.py live [--chapters 01 07] [--presses 20]

Each prints one row per explorable: median and 90th percentile in ms. Measure on a quiet
machine; timings under load are much longer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from jupyterlab_driver import NOTEBOOK, Lab, jupyterlab  # noqa: E402

from acslib._browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

# Installed on a figure: records keydown time; resolves with the delay to the paint after
# the visible frame (or a kernel frame's load) changes.
_PROBE = """(figure) => {
  window.__acsTimes = [];
  const box = figure.querySelector('.acs-frames');
  let pressed = null, kind = null;
  figure.addEventListener('keydown', () => { pressed = performance.now(); }, true);
  const done = () => { if (pressed === null) return; const t = performance.now() - pressed;
    window.__acsTimes.push([kind, t]); pressed = null; };
  new MutationObserver((changes) => {
    if (pressed === null) return;
    for (const change of changes) {
      const img = change.target;
      if (img.tagName !== 'IMG') continue;
      if (img.classList.contains('acs-live-frame')) {
        kind = 'kernel';
        if (change.attributeName === 'src') img.addEventListener('load', () => requestAnimationFrame(done), {once: true});
        else if (!img.hidden && img.complete) requestAnimationFrame(done);
      } else if (!img.hidden) { kind = 'grid'; requestAnimationFrame(done); }
    }
  }).observe(box, {subtree: true, attributes: true, attributeFilter: ['hidden', 'src']});
}"""


def _press_all(page, figure, presses: int, selector: str):
    for slider_index in range(figure.locator(selector).count()):
        slider = figure.locator(selector).nth(slider_index)
        slider.focus()
        for i in range(presses):
            at_max = slider.input_value() == slider.get_attribute("max")
            at_min = slider.input_value() == slider.get_attribute("min")
            key = "ArrowLeft" if at_max or (i // 5) % 2 else "ArrowRight"
            if at_min:
                key = "ArrowRight"
            page.keyboard.press(key)
            page.wait_for_timeout(60)


def _summary(times):
    if not times:
        return "      -        -"
    times = sorted(times)
    return f"{statistics.median(times):7.1f} {times[int(0.9 * (len(times) - 1))]:8.1f}"


def static(presses: int) -> None:
    from playwright.sync_api import sync_playwright

    site = ROOT / "_build" / "html"
    print(f"{'page / explorable':64s} {'median':>7s} {'p90 ms':>8s}")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for path in sorted((site / "chapters").glob("*.html")):
            page.goto(base + f"chapters/{path.name}")
            page.wait_for_load_state("networkidle")
            figures = page.locator("figure.acs-explorable")
            for index in range(figures.count()):
                figure = figures.nth(index)
                figure.evaluate(_PROBE)
                _press_all(page, figure, presses, "input[type=range]")
                times = [t for kind, t in page.evaluate("window.__acsTimes")]
                print(f"{path.stem + ' / ' + figure.get_attribute('id'):64s} {_summary(times)}")
        browser.close()


def live(presses: int, chapters) -> None:
    from playwright.sync_api import sync_playwright

    paths = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    if chapters:
        paths = [p for p in paths if p.name[:2] in chapters]
    print(f"{'chapter / explorable':56s} {'grid':>7s} {'p90':>8s}   {'kernel':>7s} {'p90 ms':>8s}")
    with jupyterlab(paths) as (base, folder), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            lab = Lab(browser, base)
            lab.open(path.name)
            lab.run_all()
            figures = lab.page.locator(f"{NOTEBOOK} .acs-live figure.acs-explorable")
            for index in range(figures.count()):
                figure = figures.nth(index)
                figure.scroll_into_view_if_needed()
                figure.evaluate(_PROBE)
                _press_all(lab.page, figure, presses, "input[type=range][data-static]")
                _press_all(lab.page, figure, max(4, presses // 3), "input[type=range]:not([data-static])")
                times = lab.page.evaluate("window.__acsTimes")
                grid = [t for kind, t in times if kind == "grid"]
                kernel = [t for kind, t in times if kind == "kernel"]
                print(f"{path.stem + ' / ' + figure.get_attribute('id')[4:40]:56s} {_summary(grid)}   {_summary(kernel)}")
            lab.close()
        browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("where", choices=["static", "live"])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--chapters", nargs="*", default=None, help="two-digit chapter numbers")
    args = parser.parse_args(argv)
    if args.where == "static":
        static(args.presses)
    else:
        live(args.presses, args.chapters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
