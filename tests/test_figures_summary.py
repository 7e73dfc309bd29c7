"""Tests for acslib.figures.summary: Chapter 15's concept map is generated from the book's
own files (the table of contents, the chapter notebooks, the module docstrings) and renders
whatever chapters exist."""

import io
import json

import numpy as np
import pytest
from PIL import Image

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


def _decodes(image: bytes) -> bool:
    """The figure's bytes are an image (the book encodes figures as lossless WebP)."""
    with Image.open(io.BytesIO(image)) as picture:
        return picture.size[0] > 100 and picture.size[1] > 100


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
    assert _decodes(picture.to_png())
    text = summary.concept_map_table()
    # growth's docstring names Chapter 1, so the synthetic Chapter 1 "defines" it.
    assert "Chapter 2. Second" in text and "defines acslib.growth" in text and "uses acslib.monitoring" in text


def test_the_real_map_draws_and_describes_itself():
    picture = summary.concept_map_figure()
    assert picture.alt.startswith("Concept map of the book as it stands")
    assert "chapters, " not in picture.alt.split("Part V")[-1].split(")")[0]  # "chapter 15", singular
    assert _decodes(picture.to_png())
    assert summary.EXPLORABLES == (summary.levels_explorable,)


def test_top_level_names_count_for_the_module_that_defines_them():
    # acslib declares its top-level names in a lazy _EXPORTS table: acslib.first_crossing is
    # Chapter 1's gap module, acslib.crossing_time Chapter 3's risk module.
    names = summary._top_level_names()
    assert names["first_crossing"] == "gap" and names["crossing_time"] == "risk"
    assert names["exponential"] == "growth" and names["effective_robustness"] == "shift"
    assert summary._modules_in_code("t = acslib.first_crossing(t, a, b)", names) == {"gap"}
    by_number = {c.number: c for c in summary.book_structure().chapters}
    if 14 in by_number:
        assert "gap" in by_number[14].modules  # Chapter 14 calls acslib.first_crossing


def test_the_patterns_chapter_15_reads_off_the_map_still_hold():
    # Chapter 15, section "A map of the book", names these threads; if a chapter stops using
    # one of these models, that paragraph must change with it.
    reach = {name: (defined, set(users)) for name, defined, users in summary._reach(summary.book_structure())}
    chapters = {c.number for c in summary.book_structure().chapters}
    if {2, 12, 13, 14, 15} <= chapters:
        assert {2, 12} <= reach["governance"][1] and 14 in reach["monitoring"][1]
        assert 13 in reach["debt"][1] and 14 in reach["bottlenecks"][1]
        widest = max(summary._reach(summary.book_structure()), key=lambda item: len(item[2]))
        assert reach[widest[0]][0] in (1, 2)  # the models that travel furthest are Chapters 1-2's
        by_number = {c.number: c for c in summary.book_structure().chapters}
        assert max(by_number.values(), key=lambda c: len(c.modules)).number == 15


def test_the_text_listing_gives_each_modules_reach():
    text = summary.concept_map_table()
    structure = summary.book_structure()
    for name, defined, users in summary._reach(structure):
        assert defined not in users and users
        assert f"acslib.{name} (Chapter {defined}): used in chapter" in text


def test_a_level_buys_its_logarithm_over_the_rate_gap():
    # The book's recurring lesson (Chapters 1, 13 and 14): t* = ln(level) / (r_C - r_A).
    rate = summary.capability_rate()
    assert 190 < np.log(2) / rate * 365.25 < 220  # METR TH1.0 horizons double about every 204 days (kwa2025measuring)
    for share in summary._SHARES[:-1]:
        gap = (1 - share) * rate
        delays = [summary.levels_and_rates(share, level).delay for level in summary._LEVELS]
        np.testing.assert_allclose(delays, np.log(summary._LEVELS) / gap, rtol=1e-12)
        frame = summary.levels_and_rates(share, 10)
        assert frame.per_tenfold == pytest.approx(np.log(10) / gap)
        if frame.delay < summary.END_YEAR - summary.START_YEAR:
            assert frame.crossing == pytest.approx(summary.START_YEAR + frame.delay, abs=0.06)  # grid of 0.05 years
        else:
            assert frame.crossing is None
    # Equal rates: no level is ever overtaken; a tenfold level at half the rate buys ln 10 / (r / 2).
    assert summary.levels_and_rates(1.0, 1000).delay == np.inf and summary.levels_and_rates(1.0, 3).crossing is None
    assert summary.levels_and_rates(0.5, 1).crossing == summary.START_YEAR
    text = summary.describe_levels(0.5, 100)
    assert "100 times higher" in text and f"{np.log(100) / (rate / 2):.1f} years" in text
    with pytest.raises(ValueError, match="level"):
        summary.levels_and_rates(0.5, 50)
    with pytest.raises(ValueError, match="share"):
        summary.levels_and_rates(0.55, 10)


@pytest.mark.parametrize("name", ["explorable", "checking", "figures", "exercises", "montecarlo"])
def test_infrastructure_is_not_a_model(name):
    assert name in summary.INFRASTRUCTURE
