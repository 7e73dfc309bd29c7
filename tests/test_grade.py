"""scripts/grade.py grades a class from student-edition notebooks with the book's checkers.

Four submissions of Chapter 1 made from the student edition: one right, one wrong, one
that crashes half-way, one that never ends. Each runs in its own kernel and temporary
folder; the crash and the endless loop lose only the exercises they did not reach.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


grade = _load("grade")
student_edition = _load("student_edition")

from acslib.exercises import definition  # noqa: E402

CHAPTER = ROOT / "chapters" / "01_definition.ipynb"
NUMERIC = ("check_compute_doubling_months", "check_crossing_year", "check_required_alignment_factor")
# The right answer as a student writes it, and each exercise's first declared mistake.
RIGHT = {name: f"answer = {getattr(definition, name).answer.precision.format(getattr(definition, name).answer.value())}"
         for name in NUMERIC}
WRONG = {name: f"answer = {getattr(definition, name).answer.mistakes[0].resolved()!r}" for name in NUMERIC}
LOGISTIC = '''def logistic_crossing(capability_rate, alignment_rate, initial_lead, ceiling_multiple, horizon):
    """The crossing year, or nan."""
    t = np.linspace(0.0, horizon, 20_001)
    capability = acslib.exponential(t, 1.0, capability_rate)
    alignment = acslib.logistic(t, initial_lead, alignment_rate, ceiling_multiple * initial_lead)
    crossing = acslib.first_crossing(t, capability, alignment)
    return np.nan if crossing is None else crossing
'''


def _submission(tmp_path, name, answers, *, function=None, poison=None):
    """A student-edition Chapter 1 with ``answers`` typed in (and ``poison`` before Exercise 1.3)."""
    notebook = student_edition.strip_solutions(nbformat.read(CHAPTER, as_version=4))
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for checker, line in answers.items():
            if f"exercises.{checker}(answer)" in cell.source:
                cell.source = cell.source.replace("answer = None", line)
                if poison and checker == "check_required_alignment_factor":
                    cell.source = poison + "\n" + cell.source
        if function and "exercises.check_logistic_crossing" in cell.source:
            cell.source = function + "\nexercises.check_logistic_crossing(logistic_crossing)"
    path = tmp_path / name
    nbformat.write(notebook, path)
    return path


def test_grades_right_wrong_crashing_and_endless_submissions(tmp_path, capsys):
    paths = [
        _submission(tmp_path, "right.ipynb", RIGHT, function=LOGISTIC),
        _submission(tmp_path, "wrong.ipynb", WRONG, function="def logistic_crossing(**kw):\n    return -1.0\n"),
        _submission(tmp_path, "crash.ipynb", RIGHT, poison="raise RuntimeError('boom')"),
        _submission(tmp_path, "endless.ipynb", RIGHT, poison="while True:\n    pass"),
        _submission(tmp_path, "untouched.ipynb", {}),
    ]
    out = tmp_path / "grades.csv"
    grade.grade(paths, out, timeout=20, jobs=2)
    rows = {row["submission"]: row for row in csv.DictReader(out.open())}
    labels = [f"Exercise 1.{i}" for i in range(1, 5)]
    assert list(next(iter(rows.values())))[1:] == labels, "one column per auto-checked exercise"
    assert [rows["right.ipynb"][k] for k in labels] == ["pass"] * 4
    assert [rows["wrong.ipynb"][k] for k in labels] == ["fail"] * 4
    # The crash is in Exercise 1.3's cell: 1.1 and 1.2 are graded, 1.3 is an error, 1.4 is
    # untouched in that submission and still graded (the kernel lives on).
    assert [rows["crash.ipynb"][k] for k in labels] == ["pass", "pass", "error", "missing"]
    # The endless loop never returns: everything from it on is an error.
    assert [rows["endless.ipynb"][k] for k in labels] == ["pass", "pass", "error", "error"]
    assert [rows["untouched.ipynb"][k] for k in labels] == ["missing"] * 4
    printed = capsys.readouterr().out
    assert "Exercise 1.1: 3/5 passed (60%)" in printed


def test_a_submission_that_deletes_files_harms_only_its_own_copy(tmp_path):
    victim = tmp_path / "keep.txt"
    victim.write_text("other students' work")
    path = _submission(tmp_path, "vandal.ipynb", RIGHT)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(2, nbformat.v4.new_code_cell("import os, glob\nfor f in glob.glob('*'):\n    os.remove(f)"))
    nbformat.write(notebook, path)
    out = tmp_path / "grades.csv"
    grade.grade([path], out, timeout=20)
    assert victim.read_text() == "other students' work" and path.exists()
    row = next(csv.DictReader(out.open()))
    assert row["Exercise 1.1"] == "pass"


def test_cli_rejects_missing_files_and_bad_options(tmp_path):
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path / "nope.ipynb"), "--out", str(tmp_path / "g.csv")])
    with pytest.raises(SystemExit):
        grade.main([str(CHAPTER), "--out", str(tmp_path / "g.csv"), "--timeout", "0"])
