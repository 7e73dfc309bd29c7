"""Every chapter keeps the house page shape (CONTRIBUTING.md, *The chapter page*).

Read through :mod:`acslib._chapters`, the same parser the instructor guide and the
slides use, so what is tested here is what they show.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from acslib import _chapters, _portable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import portable_links  # noqa: E402

CHAPTERS = _chapters.chapters()
IDS = [c.slug for c in CHAPTERS]
REQUIRED_SECTIONS = ("Evidence and conjecture", "Exercises", "Summary", "Further reading")
MIN_WORDS = {15: 800}
MIN_EXERCISES = {1: 4, 15: 3}
# jupyterlab-myst cannot render these; chapters use portable links instead.
RAW_ROLES = re.compile(r"\{(cite(:[tp])?|term|bdg-[a-z]+)\}`")


def test_chapters_exist_in_order():
    numbers = [c.number for c in CHAPTERS]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 7


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_front_matter_title_and_overview(chapter):
    first = "".join(chapter.notebook["cells"][0]["source"])
    assert first.startswith(f'---\nnumbering:\n  enumerator: "{chapter.number}.%s"\n---\n'), \
        "front matter numbering for jupyterlab-myst"
    assert chapter.label and chapter.title and not chapter.title[0].isdigit(), "label and unnumbered title"
    for required in ("In this chapter", "Learning objectives", "Prerequisites", "Time to learn"):
        assert required in first, f"overview box lacks {required!r}"
    assert 3 <= len(chapter.objectives) <= 6, "3 to 6 learning objectives"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_sections_words_and_portable_markdown(chapter):
    for section in REQUIRED_SECTIONS:
        assert section in chapter.sections, f"missing section {section!r}"
    assert chapter.sections.index("Exercises") < chapter.sections.index("Summary") \
        < chapter.sections.index("Further reading")
    assert chapter.prose_words >= MIN_WORDS.get(chapter.number, 1500)
    raw = RAW_ROLES.findall(chapter.markdown)
    assert not raw, f"roles JupyterLab cannot render: {raw[:3]} (scripts/portable_links.py fix)"
    assert "#cite:" in chapter.markdown and "glossary.md#term-" in chapter.markdown
    assert portable_links.check([chapter.path]) == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_exercises_declare_difficulty_kind_and_objectives(chapter):
    exercises = chapter.exercises
    assert len(exercises) >= MIN_EXERCISES.get(chapter.number, 5)
    for exercise in exercises:
        where = f"Exercise {exercise.number} ({exercise.label})"
        assert exercise.label.startswith(f"ex-{chapter.label[3:]}-"), f"{where}: label ex-<chapter-slug>-<name>"
        assert exercise.difficulty in _chapters.DIFFICULTIES, f"{where}: header line (CONTRIBUTING.md)"
        assert 1 <= exercise.importance <= 3 and exercise.minutes > 0
        assert exercise.objectives and set(exercise.objectives) <= set(range(1, len(chapter.objectives) + 1)), \
            f"{where}: objectives must name the chapter's learning objectives"
    practised = {n for e in exercises for n in e.objectives}
    missing = set(range(1, len(chapter.objectives) + 1)) - practised
    assert not missing, f"learning objectives {sorted(missing)} are practised by no exercise"
    if chapter.number >= 2:
        assert any(e.write_code for e in exercises), "at least one exercise asks for code"
    assert any(e.auto_checked for e in exercises)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_auto_checked_exercises_call_their_checker(chapter):
    module = importlib.import_module(f"acslib.exercises.{chapter.module}")
    for exercise in chapter.exercises:
        where = f"Exercise {exercise.number}"
        if not exercise.auto_checked:
            assert not exercise.checker, f"{where} calls a checker but has no auto-checked badge"
            continue
        assert exercise.checker, f"{where} is auto-checked but the next code cell calls no checker"
        checker = getattr(module, exercise.checker)
        doc = (checker.__doc__ or "").strip()
        assert doc.startswith(f"Exercise {exercise.number}:"), \
            f"{exercise.checker}'s docstring must open with 'Exercise {exercise.number}:'"
        answer = getattr(checker, "answer", None)
        if answer is not None:
            assert answer.exercise == where
            phrase = answer.precision.describe()
            assert phrase in " ".join(exercise.prompt.split()), \
                f"{where}: the prompt must state its precision, {phrase!r}"
        if exercise.write_code:
            assert re.search(r"^def \w+\(", exercise.student_cell, re.M), f"{where}: scaffold a def"
            assert '"""' in exercise.student_cell, f"{where}: the scaffold's def has a docstring"
            assert "Hint 1" in exercise.prompt, f"{where}: graded hints (Hint 1, Hint 2, ...)"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_gated_solutions_hide_and_isolate_their_code(chapter):
    """Solution code is folded in JupyterLab and runs isolated (acslib.exercises)."""
    from acslib.exercises import SOLUTION_HEADER

    cells = chapter.notebook["cells"]
    numbers = {e.label: e.number for e in chapter.exercises}
    inside, exercise = False, None
    for cell in cells:
        text = "".join(cell["source"])
        start = re.search(r"\{solution-start\}\s+(\S+)", text)
        if start:
            inside, exercise = True, numbers.get(start.group(1))
            assert exercise, f"gated solution for unknown exercise {start.group(1)}"
            assert "{solution-end}" not in text
            continue
        if not inside:
            assert not (cell["cell_type"] == "code" and SOLUTION_HEADER.match(text)), \
                "a solution cell outside a gated solution"
            continue
        if "{solution-end}" in text:
            assert re.fullmatch(r"\s*`{3,}\{solution-end\}\s*`{3,}\s*", text), \
                "the solution-end cell holds only the directive (prose goes in the start cell)"
            inside = False
            continue
        assert cell["cell_type"] == "code", "between solution-start and -end only code cells (prose goes first)"
        match = SOLUTION_HEADER.match(text)
        assert match and match.group("exercise") == f"Exercise {exercise}", \
            f"solution code must start with '# Solution to Exercise {exercise}'"
        hidden = cell.get("metadata", {}).get("jupyter", {})
        assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), "folded in JupyterLab"
    assert not inside, "a solution-start without its solution-end"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_kernel_metadata_is_what_jupyterlab_writes(chapter):
    spec = chapter.notebook["metadata"].get("kernelspec", {})
    assert spec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_code_and_checked_output_lines_fit_the_page(chapter):
    """About 90 monospace characters fit the content column at 1280 px (acs-book.css);
    longer lines would wrap on the website, so chapters keep code and printed lines short."""
    long = []
    for cell in chapter.notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        lines = "".join(cell["source"]).splitlines()
        for output in cell.get("outputs", []):
            lines += "".join(output.get("text", "")).splitlines()
        long += [line for line in lines if len(line) > 90]
    assert long == [], f"{len(long)} lines over 90 characters, e.g. {long[0]!r}"


def test_glossary_anchors_are_unique():
    terms = _portable.glossary_terms()
    assert len(terms) >= 50
