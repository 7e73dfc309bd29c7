"""The course kit (acslib._coursekit): objective maps, exercise lists, notes, syllabi.

The per-chapter tests read every chapter through :mod:`acslib._chapters` and its notes
``appendix/instructor/NN_slug.md``. They check what an instructor relies on:

- every learning objective is practised by at least one exercise;
- the guide lists every exercise (the generated list, and the built page when the site
  has been built);
- the chapter has instructor notes with the four sections, a timed session plan, two or
  three discussion prompts, misconceptions, and a rubric for every open exercise.

They fail for chapters whose header lines or notes are not written yet; that is the
point. The other tests exercise the parsers and generators on small inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from acslib import _chapters, _coursekit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHAPTERS = _chapters.chapters()
IDS = [c.slug for c in CHAPTERS]


def _context(found=()):
    return _coursekit._Context("appendix/instructor_guide", found, ROOT, slides=True)


def _built_context():
    docs = {f"chapters/{c.slug}" for c in CHAPTERS} | {f"appendix/instructor/{c.slug}" for c in CHAPTERS}
    return _coursekit._Context("appendix/instructor/x", docs, ROOT, slides=True)


# --------------------------------------------------------------------- every chapter
@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_objective_is_practised_by_an_exercise(chapter):
    assert chapter.objectives, "the overview box lists no learning objectives"
    unpractised = [n for n, _, exercises in _coursekit.objective_map(chapter) if not exercises]
    assert not unpractised, (f"learning objectives {unpractised} are practised by no exercise "
                             "(the header line's 'objectives N' names them)")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_guide_lists_every_exercise(chapter):
    generated = _coursekit.exercises_markdown(chapter, _built_context())
    for exercise in chapter.exercises:
        assert exercise.label, f"Exercise {exercise.number} has no :label:"
        assert f"{{ref}}`{exercise.number} <{exercise.label}>`" in generated
        assert exercise.difficulty and exercise.minutes and exercise.objectives, \
            f"Exercise {exercise.number}: the header line gives no difficulty, time or objectives"
    guide = SITE / "appendix" / "instructor_guide.html"
    if not guide.exists() or "acs-coursekit" not in guide.read_text(encoding="utf-8"):
        return  # no site built with the course kit (acslib._coursekit) to check
    if not (SITE / "chapters" / f"{chapter.slug}.html").exists():
        pytest.fail(f"the built site has no page for {chapter.slug}: add it to _toc.yml and rebuild")
    # The built kit: the chapter's notes page, or the guide's fallback for chapters without one.
    pages = [SITE / "appendix" / "instructor" / f"{chapter.slug}.html", SITE / "appendix" / "instructor_guide.html"]
    text = "".join(p.read_text(encoding="utf-8") for p in pages if p.exists())
    for exercise in chapter.exercises:
        assert f"chapters/{chapter.slug}.html#{exercise.label}" in text, \
            f"the built guide does not list Exercise {exercise.number}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_instructor_notes_are_complete(chapter):
    path = _coursekit.notes_path(chapter)
    notes = _coursekit.read_notes(path)
    assert notes is not None, f"no instructor notes: write {path.relative_to(ROOT)} (CONTRIBUTING.md)"
    assert notes.title == f"Chapter {chapter.number} — instructor notes"
    assert tuple(notes.sections) == _coursekit.NOTE_SECTIONS, "sections: " + ", ".join(_coursekit.NOTE_SECTIONS)
    plan = notes.session_plan
    assert plan and all(minutes > 0 for minutes, _, _ in plan), "a timed session plan"
    activities = " ".join(activity.lower() for _, activity, _ in plan)
    for activity in ("demo", "pair", "discussion"):
        assert activity in activities, f"the session plan has no {activity} part"
    assert 2 <= len(notes.prompts) <= 3, "two or three discussion prompts"
    assert notes.misconceptions, "at least one misconception"
    numbers = {e.number for e in chapter.exercises}
    assert set(notes.rubrics) <= numbers, f"rubrics for exercises that do not exist: {set(notes.rubrics) - numbers}"
    missing = [e.number for e in _coursekit.open_exercises(chapter) if e.number not in notes.rubrics]
    assert not missing, f"open exercises without a rubric: {missing}"
    for number, rubric in notes.rubrics.items():
        assert re.search(r"^\|\s*Criterion", rubric, re.M), f"the rubric for Exercise {number} has no criteria table"


def test_the_toc_publishes_the_kit():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    text = str(toc)
    assert "appendix/instructor_guide" in text and "appendix/instructor/[0-9]*" in text, \
        "_toc.yml: the guide's sections hold the per-chapter notes (glob appendix/instructor/[0-9]*)"
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    extensions = config["sphinx"]["extra_extensions"]
    assert "acslib._coursekit" in extensions and "acslib._slides" in extensions


def test_guide_uses_the_generated_pages():
    guide = (ROOT / "appendix" / "instructor_guide.md").read_text(encoding="utf-8")
    assert "```{coursekit-chapters}" in guide
    syllabi = guide + (ROOT / "appendix" / "instructor" / "syllabus.md").read_text(encoding="utf-8") \
        if (ROOT / "appendix" / "instructor" / "syllabus.md").exists() else guide
    assert syllabi.count("```{coursekit-syllabus}") >= 3, "three syllabus formats"
    assert "scripts/grade.py" in guide and "--timeout" in guide


# --------------------------------------------------------------------- the parsers
NOTES = """# Chapter 8 — instructor notes

## Session plan
| Minutes | Activity | What to do |
|---|---|---|
| 10 | Demo | Open the layered-defence explorable |
| 30 | Pair work | Exercises 8.1 and 8.3 |
| 15 | Discussion | Prompts 1 and 2 |

## Discussion prompts
1. Is a layered defence
   ever independent?
2. Who pays the alignment tax?

## Misconceptions
- **"Three layers at 10% each means 0.1%."** The correlation slider shows otherwise.
- **"More layers always help."** Exercise 8.2.

## Rubrics
### Exercise 8.5
| Criterion | Full credit | Partial credit | No credit |
|---|---|---|---|
| Names the assumption | yes | partly | no |

### Exercise 8.6
| Criterion | Full credit | Partial credit | No credit |
|---|---|---|---|
"""


def test_read_notes(tmp_path):
    path = tmp_path / "08_x.md"
    path.write_text(NOTES, encoding="utf-8")
    notes = _coursekit.read_notes(path)
    assert notes.title == "Chapter 8 — instructor notes"
    assert tuple(notes.sections) == _coursekit.NOTE_SECTIONS
    assert notes.session_plan == [(10, "Demo", "Open the layered-defence explorable"),
                                  (30, "Pair work", "Exercises 8.1 and 8.3"), (15, "Discussion", "Prompts 1 and 2")]
    assert notes.prompts == ["Is a layered defence ever independent?", "Who pays the alignment tax?"]
    assert len(notes.misconceptions) == 2 and notes.misconceptions[1].endswith("Exercise 8.2.")
    assert set(notes.rubrics) == {"8.5", "8.6"} and "Names the assumption" in notes.rubrics["8.5"]
    assert _coursekit.read_notes(tmp_path / "missing.md") is None


def _exercise(number, objectives, minutes, kinds=("auto-checked",)):
    return _chapters.Exercise(number=number, label=f"ex-x-{number.replace('.', '-')}", title=f"T{number}",
                              difficulty="easy", importance=2, minutes=minutes, kinds=kinds,
                              objectives=objectives, prompt="")


def _chapter(exercises, objectives=("a", "b", "c")):
    return _chapters.Chapter(path=Path("08_x.ipynb"), number=8, slug="08_x", label="ch-x", title="X",
                             objectives=list(objectives), exercises=exercises, sections=[], module="x",
                             notebook={"cells": [{"cell_type": "markdown", "source": "**Time to learn.** About 50 "
                                                  "minutes of reading and 1.5 hours of exercises."}]})


def test_objective_map_and_core_set_cover_every_objective():
    exercises = [_exercise("8.1", (1,), 5), _exercise("8.2", (1, 2), 10), _exercise("8.3", (3,), 20, ()),
                 _exercise("8.4", (3,), 15), _exercise("8.5", (2, 3), 40)]
    chapter = _chapter(exercises)
    mapping = _coursekit.objective_map(chapter)
    assert [(n, [e.number for e in es]) for n, _, es in mapping] == \
        [(1, ["8.1", "8.2"]), (2, ["8.2", "8.5"]), (3, ["8.3", "8.4", "8.5"])]
    core = _coursekit.core_exercises(chapter)
    assert [e.number for e in core] == ["8.2", "8.4"], "quickest cover, auto-checked preferred"
    assert {n for e in core for n in e.objectives} == {1, 2, 3}
    assert [e.number for e in _coursekit.open_exercises(chapter)] == ["8.3"]
    assert _chapters.time_to_learn(chapter) == (50, 90)


def test_markdown_links_only_what_the_build_has():
    chapter = _chapter([_exercise("8.1", (1, 2, 3), 5)])
    linked = _coursekit.objectives_markdown(chapter, _coursekit._Context("appendix/instructor_guide",
                                                                         {"chapters/08_x"}, ROOT, True))
    assert "{ref}`8.1 <ex-x-8-1>`" in linked
    plain = _coursekit.objectives_markdown(chapter, _context())
    assert "{ref}" not in plain and "| 8.1 |" in plain
    table = _coursekit.exercises_markdown(chapter, _context())
    assert "{bdg-success}`easy`" in table and "●●○" in table and "5 min" in table


def test_syllabus_rows_and_chapters_in_preparation():
    rows = _coursekit.parse_syllabus("Week 1 | 1, 3 | Problem set A\nWeek 2 | 98-99\n")
    assert [r.chapters for r in rows] == [(1, 3), (98, 99)] and rows[0].assessment == "Problem set A"
    table = _coursekit.syllabus_markdown(rows, CHAPTERS, _context())
    assert "Chapter 98 (in preparation)" in table and "Problem set A" in table
    with pytest.raises(ValueError, match="line 1"):
        _coursekit.parse_syllabus("Week 1 | one, two")


def test_objective_text_stops_at_the_box():
    assert _coursekit.objective_text("decide. **Prerequisites.** | A | B |") == "decide."
    for chapter in CHAPTERS:
        for _, text, _ in _coursekit.objective_map(chapter):
            assert "Prerequisites" not in text and ":::" not in text


def test_assembled_notes_page_has_generated_parts_first():
    page = _coursekit.assemble_notes(NOTES, "08_x")
    order = [page.index(s) for s in ("# Chapter 8", "{coursekit-chapter-header} 08_x", "{coursekit-objectives} 08_x",
                                     "{coursekit-exercises} 08_x", "## Session plan")]
    assert order == sorted(order)
