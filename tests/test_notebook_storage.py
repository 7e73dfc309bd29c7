"""Chapter notebooks are stored without outputs, except the text outputs of checked cells.
(The page shape is tested in test_chapter_shape.py.)"""

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
