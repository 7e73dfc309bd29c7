"""Tests for acslib.figures.summary: Chapter 15's concept map is generated from the book's
own files (the table of contents, the chapter notebooks, the module docstrings) and renders
whatever chapters exist."""

import json

import pytest

from acslib import _chapters
from acslib.figures import summary


def test_every_existing_chapter_is_on_the_map_once_in_toc_order():
    structure = summary.book_structure()
    numbers = sorted(c.number for c in structure.chapters)
    assert numbers == [c.number for c in _chapters.chapters()]
    listed = [c.part for c in structure.chapters]
    assert listed == sorted(listed, key=structure.parts.index)  # parts in table-of-contents order
    for module in structure.modules:
        assert module.name not in summary.INFRASTRUCTURE and not module.name.startswith("_")


def test_modules_know_their_chapter_and_the_chapters_know_their_modules():
    structure = summary.book_structure()
    by_number = {c.number: c for c in structure.chapters}
    defined = {m.name: m.chapter for m in structure.modules}
    assert defined["growth"] == 1 and defined["monitoring"] == 7
    assert {"growth", "gap"} <= set(by_number[1].modules)
    if 14 in by_number:
        # Chapter 14 reuses Chapter 7's audit functions rather than writing them again.
        assert {"shift", "hidden_failures", "monitoring"} <= set(by_number[14].modules)
        assert defined["shift"] == 14 and defined["hidden_failures"] == 14
    if 15 in by_number:
        assert len(by_number[15].modules) >= 6  # the closing chapter combines models from across the book


def _notebook(path, title, label, code):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": f'---\nnumbering:\n  enumerator: "1.%s"\n---\n'
                                                             f"({label})=\n# {title}\n"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": code},
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def test_the_map_renders_whatever_chapters_exist(tmp_path, monkeypatch):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    _notebook(chapters / "01_first.ipynb", "First", "ch-first",
              "import acslib\nfrom acslib import monitoring\nacslib.exponential([0, 1], 1.0, 0.5)")
    _notebook(chapters / "02_second.ipynb", "Second", "ch-second", "from acslib import shift, figures\n")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: Only part\n    chapters:\n"
        "      - file: chapters/01_first\n")
    monkeypatch.setattr(_chapters, "ROOT", tmp_path)
    monkeypatch.setattr(_chapters, "CHAPTER_DIR", chapters)
    structure = summary.book_structure()
    assert structure.parts == ("Only part", "Not yet in the table of contents")
    first, second = structure.chapters
    assert (first.number, first.part, first.modules) == (1, "Only part", ("growth", "monitoring"))
    assert (second.number, second.part, second.modules) == (2, "Not yet in the table of contents", ("shift",))
    picture = summary.concept_map_figure()
    assert "2 chapters" in picture.alt and "3 acslib model modules" in picture.alt
    assert picture.to_png()[:4] == b"\x89PNG"
    text = summary.concept_map_table()
    # growth's docstring names Chapter 1, so the synthetic Chapter 1 "defines" it.
    assert "Chapter 2. Second" in text and "defines acslib.growth" in text and "uses acslib.monitoring" in text


def test_the_real_map_draws_and_describes_itself():
    picture = summary.concept_map_figure()
    assert picture.alt.startswith("Concept map of the book as it stands")
    assert picture.to_png()[:4] == b"\x89PNG"
    assert summary.EXPLORABLES == ()


@pytest.mark.parametrize("name", ["explorable", "checking", "figures", "exercises", "montecarlo"])
def test_infrastructure_is_not_a_model(name):
    assert name in summary.INFRASTRUCTURE
