"""The student edition removes every answer and keeps every exercise and checker.

- Solutions go (``{solution}`` blocks, and gated solutions with their code cells); every
  exercise and checker cell stays; outputs go, except the checked text outputs nbval needs.
- **No expected answer reaches a student.** Every numeric checker's expected value, written
  at its exercise's precision, and every distinctive line of every solution are searched
  for in the student notebooks and in the student website (built once, strictly, from the
  full build's executed notebooks); none may appear outside the exercise prompts.
- The student site has no answer boxes and no instructor pages, and every checker still
  answers a missing answer.
"""

from __future__ import annotations

import importlib
import importlib.util
import html as html_lib
import re
from pathlib import Path

import nbformat
import pytest

from acslib import _chapters
from acslib.checking import NumericAnswer

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("student_edition", ROOT / "scripts" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)

CHAPTERS = _chapters.chapters()
IDS = [c.slug for c in CHAPTERS]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_chapter_loses_solutions_but_keeps_exercises(chapter):
    original = nbformat.read(chapter.path, as_version=4)
    source = "\n".join(c.source for c in original.cells)
    student = student_edition.strip_solutions(nbformat.read(chapter.path, as_version=4))
    text = "\n".join(c.source for c in student.cells)
    assert "{solution" not in text and "# Solution to Exercise" not in text
    assert text.count("{exercise}") == source.count("{exercise}") >= 3
    kept_calls = [c.source for c in student.cells if c.cell_type == "code" and "exercises.check_" in c.source]
    assert len(kept_calls) == sum(1 for e in chapter.exercises if e.checker), "every exercise cell survives"
    for cell in student.cells:
        if cell.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" not in cell.source:
            assert not cell.get("outputs")


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


def test_links_to_instructor_pages_become_plain_text():
    text = ("an {doc}`instructor guide <appendix/instructor_guide>`, {doc}`appendix/instructor/syllabus`, "
            "the {doc}`glossary <appendix/glossary>`")
    assert student_edition.unlink_instructor_pages(text) == (
        "an instructor guide, the instructor guide, the {doc}`glossary <appendix/glossary>`")
    toc = {"parts": [{"chapters": [{"file": "appendix/glossary"},
                                   {"file": "appendix/instructor_guide",
                                    "sections": [{"file": "appendix/instructor/syllabus"}]}]}]}
    assert student_edition._drop_instructor_pages(toc) == {"parts": [{"chapters": [{"file": "appendix/glossary"}]}]}


# ----------------------------------------------------------------------------- leaks
def _answers(chapter) -> list[str]:
    """The chapter's expected values as a student would write them (>= 3 characters)."""
    module = importlib.import_module(f"acslib.exercises.{chapter.module}")
    tokens = []
    for value in vars(module).values():
        if isinstance(value, NumericAnswer):
            written = value.precision.format(value.value())
            if len(written.replace("-", "").replace(".", "")) >= 2 and len(written) >= 3:
                tokens.append(written)
    return tokens


def _solution_lines(chapter) -> list[str]:
    """Lines that occur only inside the chapter's solutions: code and prose."""
    notebook = nbformat.read(chapter.path, as_version=4)
    inside, outside = [], []
    gated = False
    for cell in notebook.cells:
        text = cell.source
        for block in re.findall(r"^(`{3,})\{solution\}.*?\n(.*?)^\1", text, flags=re.M | re.S):
            inside += block[1].splitlines()
        if "{solution-start}" in text:
            gated = True
            inside += re.split(r"^`{3,}\s*$", text, flags=re.M)[-1].splitlines()
            continue
        if "{solution-end}" in text:
            gated = False
            continue
        (inside if gated else outside).extend(text.splitlines())
    seen = " ".join(" ".join(line.split()) for line in outside)
    lines = []
    for line in inside:
        line = " ".join(line.split())
        if len(line) >= 30 and line not in seen and not line.startswith(("#", ":class:", "```", "````")):
            lines.append(line)
    return lines


def _without_prompts(text: str) -> str:
    """Markdown or HTML text with the exercise prompts taken out (they may hold data)."""
    text = re.sub(r"^(`{3,})\{exercise\}.*?^\1\s*$", "", text, flags=re.M | re.S)
    return re.sub(r'<div class="exercise admonition".*?</section>\s*</div>', "", text, flags=re.S)


def _found(token: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(token)}(?![\d])", text) is not None


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_student_notebooks_hold_no_answer(chapter):
    student = student_edition.strip_solutions(nbformat.read(chapter.path, as_version=4))
    text = "\n".join(
        [c.source for c in student.cells]
        + [o.get("text", "") or str(o.get("data", {}).get("text/plain", "")) for c in student.cells
           if c.cell_type == "code" for o in c.get("outputs", [])]
    )
    text = _without_prompts(text)
    leaked = [token for token in _answers(chapter) if _found(token, text)]
    assert leaked == [], f"expected answers stated outside their prompts: {leaked}"
    flat = " ".join(text.split())
    assert [line for line in _solution_lines(chapter) if line in flat] == []


@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    """The student website, built once, strictly (the build fails on any warning)."""
    out = tmp_path_factory.mktemp("student")
    student_edition.build_site(out)
    return out / "_build" / "html"


@pytest.mark.student_site
@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_student_site_holds_no_answer(student_site, chapter):
    page = student_site / "chapters" / f"{chapter.slug}.html"
    assert page.exists()
    raw = page.read_text(encoding="utf-8")
    assert 'class="acs-answer"' not in raw, "the student edition has no answer boxes"
    assert "Solution to" not in raw and "# Solution to Exercise" not in raw
    body = _without_prompts(raw)
    body = re.sub(r'src="data:[^"]*"|data-(backgrounds|labels)="[^"]*"', "", body)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    leaked = [token for token in _answers(chapter) if _found(token, text)]
    assert leaked == [], f"{chapter.slug}: expected answers on the student page: {leaked}"
    flat = " ".join(text.split())
    assert [line for line in _solution_lines(chapter) if line in flat] == []


@pytest.mark.student_site
def test_student_site_has_no_instructor_pages_and_checkers_still_answer(student_site):
    assert not list((student_site / "appendix").glob("instructor/*.html"))
    assert not (student_site / "appendix" / "instructor_guide.html").exists()
    assert "instructor_guide.html" not in (student_site / "intro.html").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        module = importlib.import_module(f"acslib.exercises.{chapter.module}")
        for exercise in chapter.exercises:
            if exercise.checker:
                feedback = getattr(module, exercise.checker)(None)
                assert not feedback.passed and feedback.status == "missing"


@pytest.mark.student_site
def test_student_api_pages_hold_no_answer(student_site):
    """The checkers' API page shows their docstrings: none may state an expected answer."""
    page = student_site / "appendix" / "api" / "exercises.html"
    assert page.exists()
    # One section per module (Sphinx's "module-..." anchors); exercise labels such as
    # "Exercise 7.6" name exercises, not answers.
    parts = re.split(r'id="module-acslib\.exercises(?:\.(\w+))?"', page.read_text(encoding="utf-8"))
    sections = {name or "": body for name, body in zip(parts[1::2], parts[2::2])}
    assert set(sections) >= {""} | {chapter.module for chapter in CHAPTERS}, "a checkers module is missing"

    def words(body):
        return re.sub(r"Exercise \d+\.\d+", "", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))

    leaked = {chapter.slug: [t for t in _answers(chapter)
                             if _found(t, words(sections[chapter.module])) or _found(t, words(sections[""]))]
              for chapter in CHAPTERS}
    assert {k: v for k, v in leaked.items() if v} == {}
