"""Grade a class's submitted chapter notebooks with the book's own checkers.

    .venv/bin/python scripts/grade.py SUBMISSION.ipynb... --out grades.csv [--timeout 120] [--jobs 2]

Each submission is a chapter notebook from the student edition, worked by a student. It
runs **in its own kernel, in its own temporary copy of the notebook's folder**, with a
time limit for the whole notebook. The checker cells the students ran (``exercises.
check_...``) report their verdicts through the output metadata of
:class:`acslib.checking.Feedback`, and those verdicts are the grades — the same checkers
the students see.

The CSV has one row per submission file and one column per auto-checked exercise
("Exercise 1.1", ...), each cell ``pass``, ``fail``, ``missing`` (the template left as
``None``, or the exercise's cell deleted) or ``error`` (its cell raised, or the notebook
crashed or ran out of time before reaching it). A submission that raises, hangs or
deletes files cannot block the others: it loses only the exercises it did not reach.
The script prints each exercise's pass rate.

**This runs student code.** A notebook can do anything its kernel can: run grading in a
container or a throwaway account (see the instructor guide, *Grading*), never as a user
whose files matter.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from acslib import _chapters  # noqa: E402
from acslib.checking import FEEDBACK_KEY  # noqa: E402

STATUSES = ("pass", "fail", "missing", "error")
_MODULE = re.compile(r"from acslib\.exercises import (\w+) as exercises")
_CHECK = re.compile(r"exercises\.(check_\w+)\(")


def exercises_by_module() -> dict:
    """For each chapter's exercises module, its auto-checked exercises: checker -> label."""
    found = {}
    for chapter in _chapters.chapters():
        # An exercise is auto-checked when its cell calls a checker (the header badge says so too).
        found[chapter.module] = {e.checker: f"Exercise {e.number}" for e in chapter.exercises if e.checker}
    return found


def _verdict(outputs) -> str | None:
    for output in outputs:
        if output.get("output_type") == "error":
            return "error"
    for output in outputs:
        feedback = output.get("metadata", {}).get(FEEDBACK_KEY)
        if feedback and feedback.get("status") in ("pass", "fail", "missing"):
            return feedback["status"]
    return None


def grade_notebook(path: Path, timeout: float) -> tuple[str, dict]:
    """Run one submission and return ``(module, {exercise label: status})``."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    module = _MODULE.search(code)
    if not module:
        return "", {}
    checkers = exercises_by_module().get(module.group(1), {})
    results = {label: "missing" for label in checkers.values()}
    where = {}  # cell index -> exercise label
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for name in _CHECK.findall(cell.source):
                if name in checkers:
                    where[index] = checkers[name]
    if not where:
        return module.group(1), results
    work = Path(tempfile.mkdtemp(prefix="acs-grade-"))
    try:
        copy = work / path.name
        shutil.copy(path, copy)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        client = NotebookClient(notebook, timeout=max(1, int(timeout)), allow_errors=True, kernel_name="python3",
                                resources={"metadata": {"path": str(work)}})
        deadline = time.monotonic() + timeout
        reached = set()
        try:
            # The kernel process's own log (ipykernel's transport warnings) is not the
            # student's output, which arrives as cell outputs: keep it off the report.
            with client.setup_kernel(stderr=subprocess.DEVNULL):
                for index, cell in enumerate(notebook.cells):
                    if cell.cell_type != "code":
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise CellTimeoutError("the notebook ran out of time")
                    client.timeout = max(1, int(remaining))
                    client.execute_cell(cell, index)
                    if index in where:
                        reached.add(index)
                        verdict = _verdict(cell.outputs)
                        results[where[index]] = verdict or "error"
        except (CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError):
            pass
        for index, label in where.items():
            if index not in reached:
                results[label] = "error"
        return module.group(1), results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(paths, rows, timeout, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_notebook, path, timeout): i for i, path in enumerate(paths)}
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            try:
                _, results = future.result()
            except Exception as error:  # a submission that breaks nbformat or the kernel
                print(f"{paths[i]}: could not be graded ({type(error).__name__}: {error})", file=sys.stderr)
                results = {}
            rows[i] = {"submission": paths[i].name, **results}


def grade(paths, out: Path, *, timeout: float = 120.0, jobs: int = 1) -> list[dict]:
    """Grade ``paths`` into the CSV ``out``; return the rows."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.is_file():
            raise SystemExit(f"no such submission: {path}")
    rows = [None] * len(paths)
    saved = os.environ.get("ACSLIB_EXPLORABLES")
    os.environ["ACSLIB_EXPLORABLES"] = "static"  # kernels inherit it: no widgets to build for a grader
    try:
        _run(paths, rows, timeout, jobs)
    finally:
        if saved is None:
            os.environ.pop("ACSLIB_EXPLORABLES", None)
        else:
            os.environ["ACSLIB_EXPLORABLES"] = saved
    labels = sorted({k for row in rows for k in row if k != "submission"},
                    key=lambda label: [int(n) for n in label.split()[-1].split(".")])
    for row in rows:
        for label in labels:
            row.setdefault(label, "error")
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["submission", *labels])
        writer.writeheader()
        writer.writerows(rows)
    for label in labels:
        passed = sum(row[label] == "pass" for row in rows)
        print(f"{label}: {passed}/{len(rows)} passed ({100 * passed / len(rows):.0f}%)")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per notebook (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (default 1)")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.jobs < 1:
        parser.error("--timeout must be positive and --jobs at least 1")
    grade(args.submissions, args.out, timeout=args.timeout, jobs=args.jobs)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
