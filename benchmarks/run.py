"""The book's performance goals, measured in one run and printed as one table.

    .venv/bin/python benchmarks/run.py [--skip tests] [--skip latency] ...

Everything runs on a fresh clone of the committed book (``git clone`` of this repository)
with the existing ``.venv`` (installing packages is not part of any figure) and an empty
cache, so the cold build is cold:

* **reference** — the time to start a kernel and execute an empty notebook, measured in the
  same run, so figures from different machines can be compared as ratios;
* **builds** — cold (``./build.sh`` from the clean clone), after a prose edit to one
  chapter, after a code edit to one chapter, after an edit to one acslib module (what
  re-executes is printed), and with nothing changed;
* **tests** — ``./test.sh``'s parts, each timed;
* **page weight** — bytes transferred by a first load of each chapter page (from the
  browser's resource timing), the largest explorable's HTML, and the size of the site folder;
* **slider latency** — ``benchmarks/browser_latency.py static`` (frame swaps on the website).

The machine's core count is printed with the table. Measure on a quiet machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
rows: list[tuple] = []


def row(what, seconds=None, detail="", reference=None, goal=""):
    ratio = f"{seconds / reference:6.1f}×" if seconds is not None and reference else ""
    shown = f"{seconds:7.1f} s" if seconds is not None else ""
    rows.append((what, shown, ratio, goal, detail))
    print(f"  {what}: {shown} {detail}", flush=True)


def run(command, cwd, env=None, check=True):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                            shell=isinstance(command, str))
    seconds = time.perf_counter() - start
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {command}")
    return seconds, result.stdout + result.stderr


def reference_seconds(work: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    best = []
    for _ in range(3):
        start = time.perf_counter()
        NotebookClient(notebook, kernel_name="python3").execute()
        best.append(time.perf_counter() - start)
    return min(best)


def builds(book: Path, reference: float) -> None:
    build = [str(VENV / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    # The clone's own acslib (the shared .venv's editable install points at this checkout).
    env = {"ACSLIB_CACHE_DIR": str(book / "_build" / ".acslib-cache"), "PATH": f"{VENV}:{os.environ['PATH']}",
           "PYTHONPATH": str(book)}
    seconds, log = run(build, book, env)
    row("cold build (clean clone)", seconds, f"{log.count('executed ')} notebooks executed", reference, "≤ 60 s")
    chapter = book / "chapters" / "03_core_problem.ipynb"
    notebook = json.loads(chapter.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and "## " in "".join(cell["source"]):
            cell["source"] = "".join(cell["source"]) + "\n\nA sentence added by the benchmark."
            break
    chapter.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))
    seconds, log = run(build, book, env)
    row("rebuild after a prose edit (Chapter 3)", seconds, f"{log.count('executed ')} executed", reference, "≤ 15 s")
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and "NBVAL" not in "".join(cell["source"]):
            cell["source"] = "".join(cell["source"]) + "\n# edited by the benchmark"
            break
    chapter.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))
    seconds, log = run(build, book, env)
    row("rebuild after a code edit (Chapter 3)", seconds, f"{log.count('executed ')} executed", reference, "≤ 15 s")
    module = book / "acslib" / "debt.py"
    module.write_text(module.read_text() + "\n# edited by the benchmark\n")
    seconds, log = run(build, book, env)
    executed = sorted(set(re.findall(r"executed (\S+\.ipynb)", log)))
    row("rebuild after editing acslib/debt.py", seconds, "re-executed: " + ", ".join(executed), reference)
    seconds, log = run(build, book, env)
    row("rebuild with nothing changed", seconds, f"{log.count('executed ')} executed", reference, "≤ 5 s")


def tests(book: Path, reference: float) -> None:
    env = {"ACSLIB_CACHE_DIR": str(book / "_build" / ".acslib-cache"), "PYTHONPATH": str(book)}
    seconds, log = run(["./test.sh"], book, env)
    parts = re.findall(r"== (.+?) \((\d+) s\)", log)
    total = re.search(r"All tests passed in (\d+) s", log)
    previous = 0
    for (name, at), following in zip(parts, [*parts[1:], (None, total.group(1) if total else at)]):
        row(f"test: {name}", float(following[1]) - float(at), "", reference)
        previous = at
    row("./test.sh, everything", float(total.group(1)) if total else seconds, "", reference, "≤ 90 s")


def page_weight(book: Path) -> None:
    from playwright.sync_api import sync_playwright

    from acslib._browser import CHROMIUM, CHROMIUM_ARGS, serve

    site = book / "_build" / "html"
    heaviest = (0, "")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in sorted((site / "chapters").glob("*.html")):
            context = browser.new_context()
            page = context.new_page()
            sizes, packed = [], []

            def record(response):
                body = response.body() if response.ok else b""
                sizes.append(len(body))
                # What a server that compresses text (as GitHub Pages does) would send.
                text = re.search(r"\.(html|js|css|svg|json)(\?|$)", response.url)
                packed.append(len(gzip.compress(body, 6)) if text else len(body))

            page.on("response", record)
            page.goto(base + f"chapters/{path.name}")
            page.wait_for_load_state("networkidle")
            total = sum(sizes)
            heaviest = max(heaviest, (total, path.stem))
            row(f"first load, {path.stem}", None, f"{total / 1e6:.2f} MB in {len(sizes)} requests "
                                                  f"({sum(packed) / 1e6:.2f} MB with gzip)")
            context.close()
        browser.close()
    folder = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    row("site folder", None, f"{folder / 1e6:.1f} MB (goal ≤ 15 MB); heaviest page {heaviest[1]} "
                             f"{heaviest[0] / 1e6:.2f} MB (goal ≤ 2.5 MB)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[], choices=["builds", "tests", "weight", "latency"])
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="acs-bench-"))
    try:
        book = work / "book"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(book)], check=True)
        (book / ".venv").symlink_to(ROOT / ".venv")
        print(f"benchmarks on {os.cpu_count()} cores, in {book}", flush=True)
        reference = reference_seconds(work)
        row("reference: start a kernel and run an empty notebook", reference, "", None)
        if "builds" not in args.skip:
            builds(book, reference)
        elif "tests" not in args.skip or "weight" not in args.skip:
            run([str(VENV / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], book,
                {"ACSLIB_CACHE_DIR": str(book / "_build" / ".acslib-cache"), "PYTHONPATH": str(book)})
        if "weight" not in args.skip:
            page_weight(book)
        if "tests" not in args.skip:
            tests(book, reference)
        if "latency" not in args.skip:
            seconds, log = run([str(VENV / "python"), str(ROOT / "benchmarks" / "browser_latency.py"), "static"], book)
            medians = [float(m) for m in re.findall(r"^\S.*?\s+([\d.]+)\s+[\d.]+$", log, re.M)]
            if medians:
                row("static slider, input to paint", None,
                    f"median of medians {sorted(medians)[len(medians) // 2]:.1f} ms, worst {max(medians):.1f} ms "
                    "(goal < 16 ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"| What ({os.cpu_count()} cores) | Time | × reference | Goal | Detail |")
    print("|---|---|---|---|---|")
    for what, shown, ratio, goal, detail in rows:
        print(f"| {what} | {shown} | {ratio} | {goal} | {detail} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
