"""Chapter notebooks are stored without outputs, except the text outputs of checked cells,
and every chapter keeps the house page shape (CONTRIBUTING.md)."""

import re
from pathlib import Path

import nbformat
import pytest

CHAPTERS = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("*.ipynb"))
MARKER = "# NBVAL_CHECK_OUTPUT"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_only_checked_cells_store_text_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata
    checked = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if MARKER in cell.source:
            checked += 1
            assert cell.outputs, f"checked cell without stored output: {cell.source[:60]!r}"
        else:
            assert not cell.outputs, f"unchecked cell stores output: {cell.source[:60]!r}"
        for output in cell.outputs:
            assert set(output.get("data", {})) <= {"text/plain"}, "only text outputs are stored"
    assert checked >= 1, "the prose quotes no checked number"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_page_shape(path):
    notebook = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert re.search(r"^\(ch-[a-z-]+\)=\n# \D", markdown, flags=re.M), "label and unnumbered title"
    for required in ("Learning objectives", "Prerequisites", "Time to learn", "## Exercises", "## Summary",
                     "## Further reading"):
        assert required in markdown, f"missing {required!r}"
    exercises = re.findall(r"^`{3,}\{exercise\}", markdown, flags=re.M)
    solutions = re.findall(r"^`{3,}\{solution(?:-start)?\} ", markdown, flags=re.M)
    assert len(exercises) >= 4 and len(solutions) == len(exercises)
    assert markdown.count(":class: dropdown") >= len(exercises), "solutions hidden in dropdowns"
    assert len(re.findall(r"\{bdg-(?:success|warning|danger)\}", markdown)) == len(exercises), "difficulty badges"
    assert "exercises.check_" in code, "at least one auto-checked exercise"
    assert "{cite" in markdown and "{term}" in markdown
