"""The structure of the book's chapters, read from the notebooks themselves.

One parser for what a chapter declares — its number, label and title, its learning
objectives, its exercises (label, number, title, difficulty, importance, time, kind, the
objectives each practises, the checker that checks it) and its sections — so that the
page-shape tests, the instructor guide's objective maps, the slides and the grading
script all read the same facts and cannot drift from the chapters.

Private to the book's tooling; chapters never import it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import _portable

__all__ = ["Chapter", "Exercise", "chapters", "read_chapter", "HEADER", "ROOT"]

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_DIR = ROOT / "chapters"

DIFFICULTIES = ("easy", "medium", "hard")
_SPAN = r'<span class="acs-badge acs-badge-[a-z-]+" style="[^"]*">{text}</span>'
#: The first line of every exercise: difficulty, importance, time, kinds, objectives.
HEADER = re.compile(
    "^" + _SPAN.format(text="(?P<difficulty>easy|medium|hard)")
    + r" · importance (?P<importance>[●○]{3}) · ~(?P<minutes>\d+) min"
    + "(?P<kinds>(?: · " + _SPAN.format(text="(?:auto-checked|write code)") + ")*)"
    + r" · objectives? (?P<objectives>\d+(?:, \d+)*)$",
    re.MULTILINE,
)
_EXERCISE = re.compile(r"^(?P<fence>`{3,})\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)\s*$",
                       re.MULTILINE | re.DOTALL)
_LABEL = re.compile(r"^:label:\s*(?P<label>\S+)", re.MULTILINE)
_OBJECTIVES = re.compile(r"\*\*Learning objectives\.\*\*[^\n]*\n(?:[^\n]*\n)*?(?P<list>(?:[ \t]*\d+\.[ \t].*\n?(?:[ \t]{3,}.*\n?)*)+)")
_CHECKER = re.compile(r"exercises\.(?P<name>check_\w+)\(")
_MODULE = re.compile(r"from acslib\.exercises import (?P<module>\w+) as exercises")


@dataclass
class Exercise:
    """One exercise as the chapter declares it."""

    number: str  # "3.2"
    label: str
    title: str
    difficulty: str
    importance: int
    minutes: int
    kinds: tuple  # subset of ("auto-checked", "write code")
    objectives: tuple  # objective numbers practised
    prompt: str  # the body below the header line
    checker: str = ""  # name of the checker called in the cell after the exercise
    student_cell: str = ""  # the source of that cell

    @property
    def auto_checked(self) -> bool:
        return "auto-checked" in self.kinds

    @property
    def write_code(self) -> bool:
        return "write code" in self.kinds


@dataclass
class Chapter:
    """One chapter notebook's declared structure."""

    path: Path
    number: int
    slug: str
    label: str
    title: str
    objectives: list
    exercises: list
    sections: list
    module: str  # the acslib.exercises module it imports
    notebook: dict = field(repr=False, default_factory=dict)

    @property
    def markdown(self) -> str:
        return "\n\n".join(_text(c) for c in self.notebook["cells"] if c["cell_type"] == "markdown")

    @property
    def prose_words(self) -> int:
        """Words of prose outside exercises, solutions and the overview box."""
        text = self.markdown
        text = re.sub(r"^(`{3,}|:{3,})\{(?:exercise|solution|solution-start|admonition)\}.*?^\1\s*$", "", text,
                      flags=re.MULTILINE | re.DOTALL)
        text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
        return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


def _text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def read_chapter(path: Path) -> Chapter:
    """Parse one chapter notebook."""
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    first = _text(cells[0]) if cells else ""
    body = _portable.FRONT_MATTER.sub("", first, count=1)
    label = re.search(r"^\((?P<label>ch-[a-z0-9-]+)\)=", body, re.MULTILINE)
    title = re.search(r"^# (?P<title>.+)$", body, re.MULTILINE)
    objectives = []
    match = _OBJECTIVES.search(body)
    if match:
        items = re.split(r"^\s*\d+\.\s", match.group("list"), flags=re.MULTILINE)
        objectives = [" ".join(item.split()) for item in items if item.strip()]
    number = int(path.name[:2])
    exercises, position = [], 0
    sections = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = _text(cell)
        sections += re.findall(r"^## (.+)$", text, re.MULTILINE)
        for found in _EXERCISE.finditer(text):
            position += 1
            body_text = found.group("body")
            header = HEADER.search(body_text)
            label_match = _LABEL.search(body_text)
            kinds = ()
            difficulty, importance, minutes, objective_numbers = "", 0, 0, ()
            if header:
                difficulty = header.group("difficulty")
                importance = header.group("importance").count("●")
                minutes = int(header.group("minutes"))
                kinds = tuple(re.findall(r'">([a-z -]+)</span>', header.group("kinds")))
                objective_numbers = tuple(int(n) for n in header.group("objectives").split(", "))
            prompt = body_text[header.end():].strip() if header else body_text
            checker, student = "", ""
            # The student's cell is the first code cell after the exercise.
            for later in cells[index + 1:]:
                if later["cell_type"] == "code":
                    student = _text(later)
                    found_checker = _CHECKER.search(student)
                    checker = found_checker.group("name") if found_checker else ""
                    break
                if _EXERCISE.search(_text(later)):
                    break
            exercises.append(Exercise(
                number=f"{number}.{position}", label=label_match.group("label") if label_match else "",
                title=found.group("title").strip(), difficulty=difficulty, importance=importance,
                minutes=minutes, kinds=kinds, objectives=objective_numbers, prompt=prompt,
                checker=checker, student_cell=student,
            ))
    code = "\n".join(_text(c) for c in cells if c["cell_type"] == "code")
    module = _MODULE.search(code)
    return Chapter(
        path=path, number=number, slug=path.stem, label=label.group("label") if label else "",
        title=title.group("title").strip() if title else "", objectives=objectives, exercises=exercises,
        sections=sections, module=module.group("module") if module else "", notebook=notebook,
    )


@lru_cache(maxsize=1)
def _all(mtimes: tuple) -> tuple:
    return tuple(read_chapter(p) for p, _ in mtimes)


def chapters() -> tuple:
    """Every chapter in ``chapters/``, in order (re-read when a notebook changes)."""
    paths = sorted(CHAPTER_DIR.glob("[0-9][0-9]_*.ipynb"))
    return _all(tuple((p, p.stat().st_mtime) for p in paths))


# ---------------------------------------------------------------------------------------
# Added for the course kit (acslib._coursekit, acslib._slides): facts the instructor
# guide, syllabi and slides need beyond the page-shape tests.

_TIME_TO_LEARN = re.compile(r"\*\*Time to learn\.\*\*(?P<text>[^\n]*(?:\n(?!\s*\n)[^\n]*)*)")


def time_to_learn(chapter: Chapter) -> tuple:
    """``(reading, exercises)`` minutes from the overview box's *Time to learn* line.

    "About 45 minutes of reading and 45 minutes of exercises" gives ``(45, 45)``. A
    line with one number gives ``(minutes, 0)``; a chapter without the line gives
    ``(0, 0)``, and a line with hours ("1.5 hours") is read in hours.
    """
    first = _text(chapter.notebook["cells"][0]) if chapter.notebook.get("cells") else ""
    match = _TIME_TO_LEARN.search(first)
    if not match:
        return (0, 0)
    text = " ".join(match.group("text").split())
    amounts = []
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(minutes?|min|hours?|h)\b", text):
        amounts.append(round(float(number) * (60 if unit.startswith("h") else 1)))
    if not amounts:
        return (0, 0)
    return (amounts[0], amounts[1] if len(amounts) > 1 else 0)


def explorable_calls(chapter: Chapter) -> list:
    """The chapter's explorables in page order, as ``(factory name, section title)``.

    An explorable is a call, in a code cell, of a factory listed in the chapter's
    ``acslib.figures.<module>.EXPLORABLES`` (the module named like the chapter's
    exercises module). Importing that module is cheap: factories build nothing until
    they are called.
    """
    import importlib

    try:
        module = importlib.import_module(f"acslib.figures.{chapter.module}")
    except ImportError:
        return []
    names = [factory.__name__ for factory in getattr(module, "EXPLORABLES", ())]
    if not names:
        return []
    call = re.compile(r"\b(?P<name>" + "|".join(map(re.escape, names)) + r")\(")
    found, section = [], ""
    for cell in chapter.notebook["cells"]:
        text = _text(cell)
        if cell["cell_type"] == "markdown":
            headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
            if headings:
                section = headings[-1].strip()
        elif cell["cell_type"] == "code":
            for match in call.finditer(text):
                found.append((match.group("name"), section))
    return found
