"""The student edition removes every solution and keeps every exercise and checker."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("student_edition", ROOT / "scripts" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_loses_solutions_but_keeps_exercises(path):
    original = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in original.cells)
    student = student_edition.strip_solutions(nbformat.read(path, as_version=4))
    text = "\n".join(c.source for c in student.cells)
    assert "{solution" not in text
    assert text.count("{exercise}") == source.count("{exercise}") >= 4
    checker_calls = [c.source for c in original.cells if c.cell_type == "code" and "exercises.check_" in c.source]
    kept_calls = [c.source for c in student.cells if c.cell_type == "code" and "exercises.check_" in c.source]
    # Every exercise cell survives; only cells inside gated solutions go.
    assert 0 < len(kept_calls) <= len(checker_calls)
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")


def test_gated_solution_code_is_removed():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Before.\n\n````{solution-start} ex-a\n:class: dropdown\n````\n\nHidden text."),
        nbformat.v4.new_code_cell("secret = 42"),
        nbformat.v4.new_markdown_cell("More hidden.\n\n````{solution-end}\n````\n\nAfter."),
        nbformat.v4.new_markdown_cell("```{solution} ex-b\n:class: dropdown\n\nAnswer.\n```\nVisible."),
    ])
    student = student_edition.strip_solutions(notebook)
    assert [c.source for c in student.cells] == ["Before.", "After.", "Visible."]


def test_unclosed_gated_solution_is_an_error():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("````{solution-start} ex-a\n````"),
        nbformat.v4.new_code_cell("x = 1"),
    ])
    with pytest.raises(ValueError, match="solution-end"):
        student_edition.strip_solutions(notebook)
