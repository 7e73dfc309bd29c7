"""The course kit's generated pages: objective maps, exercise lists, syllabi, chapter notes.

Listed in ``_config.yml`` under ``sphinx.extra_extensions`` as ``acslib._coursekit``.
Everything here is read from the chapters' own sources through
:mod:`acslib._chapters` — the learning objectives in the overview box, the header line
of every exercise (difficulty, importance, time, kinds, objectives) and the explorable
calls — and from the chapter authors' instructor notes,
``appendix/instructor/NN_slug.md`` (format in CONTRIBUTING.md, *Instructor notes*).
Nothing is typed twice, so the guide cannot drift from the chapters.

Directives (MyST, in the instructor guide and its pages):

``{coursekit-objectives} NN``
    Each learning objective of chapter NN with the exercises that practise it.
``{coursekit-exercises} NN``
    Chapter NN's exercises: number, title, difficulty, importance, time, kind,
    objectives.
``{coursekit-chapters}``
    One row per chapter (time, objectives, exercises, explorables, notes, slides),
    then, for each chapter whose notes are not written yet, its objective map and
    exercise list, so the guide lists every exercise of every chapter.
``{coursekit-syllabus}``
    A syllabus table from lines ``LABEL | CHAPTERS | ASSESSMENT``: readings, the
    explorables to demo, a core set of exercises to assign (the quickest set that
    practises every objective) and the assessment, auto-checked exercises first.

A chapter's notes page, ``appendix/instructor/NN_slug.md``, is assembled at build
time: after its title the extension inserts the links to the chapter and its slides,
the objective map and the exercise list; the authors' sections (session plan,
discussion prompts, misconceptions, rubrics) follow. Chapters listed in a syllabus that
do not exist yet are shown as "in preparation", so the guide picks chapters up as they
are written.

Private to the book's tooling; chapters never import it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import _chapters, _portable

__all__ = ["Notes", "read_notes", "notes_path", "objective_map", "open_exercises", "is_auto_checked", "kinds", "core_exercises",
           "explorable_titles", "book_chapters", "objective_text", "setup"]

NOTES_DIR = Path("appendix") / "instructor"
#: The sections every chapter's instructor notes have, in this order (CONTRIBUTING.md).
NOTE_SECTIONS = ("Session plan", "Discussion prompts", "Misconceptions", "Rubrics")
_NOTES_DOC = re.compile(r"^appendix/instructor/(?P<slug>\d\d_[a-z0-9_]+)$")
_BADGE_ROLE = {"easy": "bdg-success", "medium": "bdg-warning", "hard": "bdg-danger"}


# ------------------------------------------------------------------------------ reading
@dataclass
class Notes:
    """One chapter's instructor notes, split into their ``##`` sections."""

    path: Path
    title: str
    sections: dict = field(default_factory=dict)  # heading -> markdown body

    @property
    def prompts(self) -> list:
        """The numbered discussion prompts, each as one markdown string."""
        return _list_items(self.sections.get("Discussion prompts", ""), numbered=True)

    @property
    def misconceptions(self) -> list:
        return _list_items(self.sections.get("Misconceptions", ""), numbered=False)

    @property
    def rubrics(self) -> dict:
        """``{"8.5": markdown}`` for every ``### Exercise 8.5`` under *Rubrics*."""
        parts = re.split(r"^###\s+Exercise\s+(\d+\.\d+)\s*$", self.sections.get("Rubrics", ""), flags=re.M)
        return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}

    @property
    def session_plan(self) -> list:
        """``(minutes, activity, what to do)`` for each row of the session-plan table."""
        rows = []
        for line in self.sections.get("Session plan", "").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and re.fullmatch(r"\d+", cells[0]):
                rows.append((int(cells[0]), cells[1], " | ".join(cells[2:])))
        return rows


def _list_items(text: str, numbered: bool) -> list:
    marker = r"\d+\.\s" if numbered else r"[-*]\s"
    items, current = [], None
    for line in text.splitlines():
        if re.match(rf"^{marker}", line):
            if current is not None:
                items.append(" ".join(current))
            current = [re.sub(rf"^{marker}", "", line).strip()]
        elif current is not None and line.strip() and line.startswith((" ", "\t")):
            current.append(line.strip())
        elif current is not None and not line.strip():
            continue
        elif current is not None:
            items.append(" ".join(current))
            current = None
    if current is not None:
        items.append(" ".join(current))
    return items


def notes_path(chapter, root: Path | None = None) -> Path:
    """Where a chapter's instructor notes live: ``appendix/instructor/NN_slug.md``."""
    return Path(root or _chapters.ROOT) / NOTES_DIR / f"{chapter.slug}.md"


def read_notes(path: Path) -> Notes | None:
    """Parse a notes file, or return ``None`` when it does not exist yet."""
    path = Path(path)
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M)
    sections = {}
    parts = re.split(r"^## (.+?)\s*$", text, flags=re.M)
    for i in range(1, len(parts) - 1, 2):
        sections[parts[i].strip()] = parts[i + 1].strip()
    return Notes(path=path, title=title.group(1).strip() if title else "", sections=sections)


_CACHE: dict = {}


def book_chapters(root: Path | None = None) -> tuple:
    """Every chapter under ``root/chapters`` (default: the repository), re-read on change."""
    folder = Path(root or _chapters.ROOT) / "chapters"
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    key = (str(folder), tuple((str(p), p.stat().st_mtime) for p in paths))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = tuple(_chapters.read_chapter(p) for p in paths)
    return _CACHE[key]


def objective_text(text: str) -> str:
    """An objective as the overview box states it, without what follows the list.

    (The parser's last objective can run on into the *Prerequisites* and *Time to
    learn* paragraphs of the box; they are cut here.)

    >>> objective_text("separate claims. **Prerequisites.** | Concept | ... :::")
    'separate claims.'
    """
    return re.split(r"\s*(?:\*\*(?:Prerequisites|Time to learn)\b|^:::|\s:::)", text, maxsplit=1, flags=re.M)[0].strip()


def objective_map(chapter) -> list:
    """``(number, objective text, [exercises that practise it])`` for every objective."""
    return [
        (number, objective_text(text), [e for e in chapter.exercises if number in e.objectives])
        for number, text in enumerate(chapter.objectives, start=1)
    ]


def is_auto_checked(exercise) -> bool:
    """Whether an exercise is graded by its checker: the badge, or the checker call.

    (The parser's kind pattern, ``[a-z ]+``, misses the hyphen of "auto-checked", so the
    checker call in the student cell is what identifies most auto-checked exercises.)
    """
    return exercise.auto_checked or bool(exercise.checker)


def kinds(exercise) -> tuple:
    """The exercise's kinds, with "auto-checked" restored where a checker is called."""
    found = tuple(exercise.kinds)
    if is_auto_checked(exercise) and "auto-checked" not in found:
        found = ("auto-checked", *found)
    return found


def open_exercises(chapter) -> list:
    """Exercises with no checker (discussion or design): each needs a rubric."""
    return [e for e in chapter.exercises if not is_auto_checked(e)]


def core_exercises(chapter) -> list:
    """The quickest set of exercises that practises every objective the exercises name.

    An exact minimum-time set cover (chapters have a handful of exercises; above 16 a
    greedy cover is used). Ties go to the set with more auto-checked exercises, so the
    core set can be graded by the grading command as far as possible, then to fewer
    exercises. Returned in page order.
    """
    from itertools import combinations

    exercises = [e for e in chapter.exercises if e.objectives]
    needed = {n for e in exercises for n in e.objectives}
    if not needed:
        return []
    if len(exercises) > 16:
        chosen, uncovered = [], set(needed)
        while uncovered:
            best = max((e for e in exercises if uncovered & set(e.objectives)),
                       key=lambda e: (len(uncovered & set(e.objectives)) / max(e.minutes, 1), is_auto_checked(e)))
            chosen.append(best)
            uncovered -= set(best.objectives)
    else:
        best_key, chosen = None, []
        for size in range(1, len(exercises) + 1):
            for subset in combinations(exercises, size):
                if {n for e in subset for n in e.objectives} != needed:
                    continue
                key = (sum(e.minutes for e in subset), -sum(is_auto_checked(e) for e in subset), size)
                if best_key is None or key < best_key:
                    best_key, chosen = key, list(subset)
    return sorted(chosen, key=lambda e: chapter.exercises.index(e))


def explorable_titles(chapter) -> list:
    """``(title, section)`` for each explorable the chapter shows, in page order."""
    import importlib

    try:
        module = importlib.import_module(f"acslib.figures.{chapter.module}")
    except ImportError:
        return []
    titles = []
    for name, section in _chapters.explorable_calls(chapter):
        try:
            titles.append((getattr(module, name)().title, section))
        except Exception:  # a factory that needs arguments: fall back to its name
            titles.append((name.replace("_", " "), section))
    return titles


# ------------------------------------------------------------------------------ markdown
def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _sphinx(text: str, ctx: "_Context | None" = None, chapter=None) -> str:
    """Portable chapter markdown (glossary and citation links) as Sphinx roles.

    Cross-chapter ``{doc}`` targets are made absolute (they are written relative to
    ``chapters/``); links into a chapter or document that this build does not include
    become plain text, so a chapter that is not yet in the table of contents cannot
    break the strict build.
    """
    text = _portable.to_sphinx_markdown(text, problems=[])
    # A relative link left over (a glossary term not in the glossary yet) is written
    # relative to chapters/ and would not resolve here: keep its text.
    text = _portable.LINK.sub(lambda m: m.group(0) if re.match(r"[a-z]+:", m.group("target"))
                              else m.group("text"), text)
    text = re.sub(r"(\{doc\}`[^`<]*<)(\d\d_[a-z0-9_]+>`)", r"\1/chapters/\2", text)
    if ctx is None:
        return text
    if chapter is not None and not ctx.built(chapter):
        return _plain_roles(text, keep=("term", "cite:t", "cite:p"))

    def doc(match):
        return match.group(0) if match.group("target").lstrip("/") in ctx.found else match.group("text").strip()
    return re.sub(r"\{doc\}`(?P<text>[^`<]*)<(?P<target>[^>]+)>`", doc, text)


def _plain_roles(text: str, keep=()) -> str:
    """Roles other than ``keep`` replaced by their text: ``{ref}`a <b>``` -> ``a``."""
    def plain(match):
        if match.group("role") in keep:
            return match.group(0)
        return (match.group("text") or match.group("target") or "").strip()
    return re.sub(r"\{(?P<role>[a-z:-]+)\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^>]*)>)?`", plain, text)


class _Context:
    """What a directive knows about the page it is on and the build."""

    def __init__(self, docname: str, found_docs, srcdir: Path, slides: bool):
        self.docname = docname
        self.found = set(found_docs)
        self.srcdir = Path(srcdir)
        self.slides = slides

    def built(self, chapter) -> bool:
        return f"chapters/{chapter.slug}" in self.found

    def exercise(self, exercise, chapter) -> str:
        if self.built(chapter) and exercise.label:
            return f"{{ref}}`{exercise.number} <{exercise.label}>`"
        return exercise.number

    def chapter(self, chapter, text: str | None = None) -> str:
        text = text or f"Chapter {chapter.number}"
        return f"{{doc}}`{text} </chapters/{chapter.slug}>`" if self.built(chapter) else text

    def notes_doc(self, chapter) -> str | None:
        doc = f"appendix/instructor/{chapter.slug}"
        return doc if doc in self.found else None

    def slides_link(self, chapter, text: str = "slides") -> str:
        if not (self.slides and self.built(chapter)):
            return "—"
        href = posixpath.relpath(f"slides/{chapter.slug}.html", posixpath.dirname(self.docname) or ".")
        return f'<a class="reference external" href="{href}">{text}</a>'


def _exercise_list(exercises, chapter, ctx: _Context) -> str:
    return ", ".join(ctx.exercise(e, chapter) for e in exercises) or "**none yet**"


def objectives_markdown(chapter, ctx: _Context) -> str:
    """The objective map of one chapter as a MyST table."""
    if not chapter.objectives:
        return f"*Chapter {chapter.number} declares no learning objectives yet.*"
    lines = ["| # | After the chapter a student can | Practised by exercises |", "|---|---|---|"]
    for number, text, exercises in objective_map(chapter):
        lines.append(f"| {number} | {_cell(_sphinx(text, ctx, chapter))} | {_exercise_list(exercises, chapter, ctx)} |")
    unmapped = [e for e in chapter.exercises if not e.objectives]
    if unmapped:
        lines += ["", f"Exercises whose header line names no objective yet: "
                      f"{_exercise_list(unmapped, chapter, ctx)}."]
    return "\n".join(lines)


def _kind(exercise) -> str:
    return ", ".join(kinds(exercise)) or "open (rubric)"


def exercises_markdown(chapter, ctx: _Context) -> str:
    """One chapter's exercises as a MyST table."""
    if not chapter.exercises:
        return f"*Chapter {chapter.number} has no exercises yet.*"
    lines = ["| Exercise | Title | Difficulty | Importance | Time | Kind | Objectives |",
             "|---|---|---|---|---|---|---|"]
    for e in chapter.exercises:
        difficulty = f"{{{_BADGE_ROLE[e.difficulty]}}}`{e.difficulty}`" if e.difficulty in _BADGE_ROLE else "—"
        importance = "●" * e.importance + "○" * (3 - e.importance) if e.importance else "—"
        minutes = f"{e.minutes} min" if e.minutes else "—"
        objectives = ", ".join(map(str, e.objectives)) or "—"
        lines.append(f"| {ctx.exercise(e, chapter)} | {_cell(_sphinx(e.title, ctx, chapter))} | {difficulty} | {importance} "
                     f"| {minutes} | {_kind(e)} | {objectives} |")
    total = sum(e.minutes for e in chapter.exercises)
    checked = [e for e in chapter.exercises if is_auto_checked(e)]
    lines += ["", f"{len(chapter.exercises)} exercises, about {total} minutes in all; "
                  f"{len(checked)} auto-checked (graded by `scripts/grade.py`), "
                  f"{len(chapter.exercises) - len(checked)} open, graded with the rubrics in the notes."]
    return "\n".join(lines)


def chapter_header_markdown(chapter, ctx: _Context) -> str:
    """The opening of a chapter's notes page: links, time, explorables."""
    reading, practice = _chapters.time_to_learn(chapter)
    explorables = explorable_titles(chapter)
    lines = [
        f"Notes for teaching {ctx.chapter(chapter, f'Chapter {chapter.number}, *{chapter.title}*')}. "
        f"Slides: {ctx.slides_link(chapter, 'the chapter deck')}. "
        f"Time to learn: about {reading} minutes of reading and {practice} minutes of exercises.",
    ]
    if explorables:
        lines += ["", "Explorables to demo: " + "; ".join(
            f"*{_cell(title)}* (section *{_cell(section)}*)" for title, section in explorables) + "."]
    return "\n".join(lines)


def chapters_markdown(chapters, ctx: _Context) -> str:
    """The guide's per-chapter index, with generated maps for chapters lacking notes."""
    lines = ["| Chapter | Time to learn | Objectives | Exercises | Explorables | Instructor notes | Slides |",
             "|---|---|---|---|---|---|---|"]
    missing = []
    for chapter in chapters:
        reading, practice = _chapters.time_to_learn(chapter)
        checked = sum(is_auto_checked(e) for e in chapter.exercises)
        notes = ctx.notes_doc(chapter)
        if notes:
            notes_cell = f"{{doc}}`notes </{notes}>`"
        else:
            missing.append(chapter)
            notes_cell = "in preparation (map below)"
        lines.append(
            f"| {ctx.chapter(chapter, f'{chapter.number}. {_cell(chapter.title)}')} | {reading} + {practice} min "
            f"| {len(chapter.objectives)} | {len(chapter.exercises)} ({checked} auto-checked) "
            f"| {len(_chapters.explorable_calls(chapter))} | {notes_cell} | {ctx.slides_link(chapter)} |"
        )
    for chapter in missing:
        lines += ["", f"**Chapter {chapter.number}, {_cell(chapter.title)}** — notes in preparation.", "",
                  objectives_markdown(chapter, ctx), "", exercises_markdown(chapter, ctx)]
    return "\n".join(lines)


@dataclass
class SyllabusRow:
    label: str
    chapters: tuple
    assessment: str = ""


def parse_syllabus(text: str) -> list:
    """Rows ``LABEL | CHAPTERS | ASSESSMENT`` (chapters as ``1, 3`` or ``4-5``).

    >>> parse_syllabus("Week 1 | 1, 3 | Problem set A")[0]
    SyllabusRow(label='Week 1', chapters=(1, 3), assessment='Problem set A')
    >>> parse_syllabus("Week 2 | 4-6")[0].chapters
    (4, 5, 6)
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0]:
            raise ValueError(f"syllabus line {number}: expected 'LABEL | CHAPTERS | ASSESSMENT', got {line!r}")
        chapters = []
        for token in filter(None, (t.strip() for t in parts[1].split(","))):
            span = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", token)
            if span:
                chapters += range(int(span.group(1)), int(span.group(2)) + 1)
            elif token.isdigit():
                chapters.append(int(token))
            elif token in ("-", "—"):
                continue
            else:
                raise ValueError(f"syllabus line {number}: chapters must be numbers or ranges, got {token!r}")
        rows.append(SyllabusRow(parts[0], tuple(chapters), " | ".join(parts[2:]).strip()))
    return rows


def syllabus_markdown(rows, chapters, ctx: _Context) -> str:
    """A syllabus table: readings, demos, core exercises and assessment per row."""
    by_number = {c.number: c for c in chapters}
    lines = ["| | Read | Demo in class | Assign (core set; the rest optional) | Assessment |",
             "|---|---|---|---|---|"]
    for row in rows:
        read, demo, assign, graded = [], [], [], []
        for number in row.chapters:
            chapter = by_number.get(number)
            if chapter is None:
                read.append(f"Chapter {number} (in preparation)")
                continue
            reading, practice = _chapters.time_to_learn(chapter)
            read.append(f"{ctx.chapter(chapter, f'{number}. {_cell(chapter.title)}')} (~{reading} min)")
            titles = explorable_titles(chapter)
            demo += [f"*{_cell(title)}*" for title, _ in titles[:2]]
            core = core_exercises(chapter)
            if core:
                assign.append(f"{_exercise_list(core, chapter, ctx)} (~{sum(e.minutes for e in core)} min)")
            elif chapter.exercises:
                assign.append(f"Chapter {number}: objectives not yet mapped")
            checked = [e for e in core if is_auto_checked(e)]
            if checked:
                graded.append("auto: " + ", ".join(e.number for e in checked))
            rubric = [e for e in core if not is_auto_checked(e)]
            if rubric:
                graded.append("rubric: " + ", ".join(e.number for e in rubric))
        if row.assessment:
            graded.insert(0, _cell(row.assessment))
        lines.append(f"| **{_cell(row.label)}** | {'<br>'.join(read) or '—'} | {'; '.join(demo) or '—'} "
                     f"| {'<br>'.join(assign) or '—'} | {'; '.join(graded) or '—'} |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ Sphinx
def _directives():
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives
    from docutils.statemachine import StringList

    class _Generated(Directive):
        """Parses the markdown its subclass's ``markdown(ctx)`` generates."""

        has_content = False
        required_arguments = 0
        optional_arguments = 1
        match_titles = False

        def context(self) -> _Context:
            env = self.state.document.settings.env
            slides = "acslib._slides" in env.app.extensions
            return _Context(env.docname, env.found_docs, Path(env.srcdir), slides)

        def chapter(self, ctx):
            argument = self.arguments[0] if self.arguments else ""
            for chapter in book_chapters(ctx.srcdir):
                if argument in (chapter.slug, str(chapter.number), f"{chapter.number:02d}"):
                    return chapter
            raise self.error(f"{self.name}: no chapter {argument!r} in chapters/")

        def run(self):
            ctx = self.context()
            env = self.state.document.settings.env
            for chapter_path in sorted((ctx.srcdir / "chapters").glob("[0-9][0-9]_*.ipynb")):
                env.note_dependency(str(chapter_path))
            container = nodes.container(classes=["acs-coursekit", f"acs-coursekit-{self.name.split('-')[-1]}"])
            text = self.markdown(ctx)
            self.state.nested_parse(StringList(text.splitlines(), source="coursekit"), self.content_offset,
                                    container, match_titles=self.match_titles)
            return [container]

    class Objectives(_Generated):
        required_arguments = 1

        def markdown(self, ctx):
            return objectives_markdown(self.chapter(ctx), ctx)

    class Exercises(_Generated):
        required_arguments = 1

        def markdown(self, ctx):
            return exercises_markdown(self.chapter(ctx), ctx)

    class Header(_Generated):
        required_arguments = 1

        def markdown(self, ctx):
            return chapter_header_markdown(self.chapter(ctx), ctx)

    class ChapterIndex(_Generated):
        def markdown(self, ctx):
            return chapters_markdown(book_chapters(ctx.srcdir), ctx)

    class Syllabus(_Generated):
        has_content = True
        option_spec = {"class": directives.class_option}

        def markdown(self, ctx):
            try:
                rows = parse_syllabus("\n".join(self.content))
            except ValueError as error:
                raise self.error(str(error))
            return syllabus_markdown(rows, book_chapters(ctx.srcdir), ctx)

    return {"coursekit-objectives": Objectives, "coursekit-exercises": Exercises,
            "coursekit-chapter-header": Header, "coursekit-chapters": ChapterIndex,
            "coursekit-syllabus": Syllabus}


def assemble_notes(source: str, slug: str) -> str:
    """A chapter's notes page with the generated parts inserted after its title.

    >>> print(assemble_notes("# Chapter 8 — instructor notes\\n\\n## Session plan\\n", "08_x"))
    # Chapter 8 — instructor notes
    <BLANKLINE>
    ```{coursekit-chapter-header} 08_x
    ```
    <BLANKLINE>
    ## Objectives and the exercises that practise them
    <BLANKLINE>
    ```{coursekit-objectives} 08_x
    ```
    <BLANKLINE>
    ## Exercises
    <BLANKLINE>
    ```{coursekit-exercises} 08_x
    ```
    <BLANKLINE>
    ## Session plan
    <BLANKLINE>
    """
    generated = (
        f"\n```{{coursekit-chapter-header}} {slug}\n```\n\n"
        "## Objectives and the exercises that practise them\n\n"
        f"```{{coursekit-objectives}} {slug}\n```\n\n"
        "## Exercises\n\n"
        f"```{{coursekit-exercises}} {slug}\n```\n"
    )
    title = re.search(r"^# .+$", source, re.M)
    if not title:
        return f"# Chapter {int(slug[:2])} — instructor notes\n" + generated + "\n" + source
    return source[: title.end()] + "\n" + generated + source[title.end():]


def _assemble_notes_page(app, docname, source):
    match = _NOTES_DOC.match(docname)
    if not match:
        return
    slug = match.group("slug")
    if (Path(app.srcdir) / "chapters" / f"{slug}.ipynb").exists():
        source[0] = assemble_notes(source[0], slug)


def setup(app):
    for name, directive in _directives().items():
        app.add_directive(name, directive)
    app.connect("source-read", _assemble_notes_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
