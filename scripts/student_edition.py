"""Produce the student edition of the book: the same chapters without answers.

Usage::

    .venv/bin/python scripts/student_edition.py site               # -> _build/student/_build/html
    .venv/bin/python scripts/student_edition.py notebooks OUT_DIR  # -> OUT_DIR/*.ipynb

``notebooks`` writes every chapter notebook with its solutions removed — ``{solution}``
blocks, and everything between ``{solution-start}`` and ``{solution-end}``, code cells
included — and with outputs cleared, ready to hand out on a JupyterHub or an LMS.
Exercises and their auto-checkers stay.

``site`` builds the website strictly from a temporary copy of the book whose chapters
have been through the same stripping, without the website's answer boxes (they hold the
expected values) and without the instructor pages (their rubrics describe answers);
nothing in the repository changes. It reuses the full build's executed notebooks
(:mod:`acslib._execution`'s cache), stripped the same way, so the student site shows the
same outputs without executing anything again: solution cells run isolated
(:func:`acslib.exercises.run_solution`), so removing them changes no other output. Without
a full build it executes the stripped chapters itself.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHECKED = "# NBVAL_CHECK_OUTPUT"
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}")


def _strip_markdown(source: str, in_gated: bool) -> tuple[str, bool]:
    """Remove solution directives from one markdown cell; track gated solutions."""
    kept, lines, i = [], source.split("\n"), 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        name = match.group("name") if match else None
        if name in ("solution", "solution-start", "solution-end"):
            fence = match.group("fence")
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                i += 1
            i += 1  # past the closing fence
            if name == "solution-start":
                in_gated = True
            elif name == "solution-end":
                in_gated = False
            continue
        if not in_gated:
            kept.append(lines[i])
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n"), in_gated


def strip_solutions(notebook, *, keep_outputs: bool = False):
    """Return ``notebook`` without solutions, and without outputs unless ``keep_outputs``
    (modified in place)."""
    cells, in_gated = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source, in_gated_after = _strip_markdown(cell.source, in_gated)
            in_gated = in_gated_after
            if cell.source.strip():
                cells.append(cell)
        elif not in_gated:
            # Checked cells keep their stored text outputs (numbers the prose quotes, never
            # an answer: tests/test_student_edition.py checks), so nbval still checks them.
            if cell.cell_type == "code" and not keep_outputs and CHECKED not in cell.source:
                cell.outputs, cell.execution_count = [], None
            cells.append(cell)
    if in_gated:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    notebook.cells = cells
    notebook.metadata.pop("widgets", None)
    return notebook


def write_notebooks(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = strip_solutions(nbformat.read(path, as_version=4))
        target = out_dir / path.name
        nbformat.write(notebook, target)
        written.append(target)
        print(f"wrote {target}")
    return written


#: Pages left out of the student website: the instructor guide and its pages (the
#: per-chapter notes hold rubrics that describe answers).
INSTRUCTOR_ONLY = ("appendix/instructor_guide", "appendix/instructor/")
#: A ``{doc}`` role, with or without a title, whose target is one of those pages.
_INSTRUCTOR_LINK = re.compile(r"\{doc\}`(?:(?P<title>[^`<]*?)\s*<(?P<target>[^>`]+)>|(?P<bare>[^`<>]+))`")


def unlink_instructor_pages(text: str) -> str:
    """Markdown with links to the instructor pages turned into their plain titles.

    Examples
    --------
    >>> unlink_instructor_pages("an {doc}`instructor guide <appendix/instructor_guide>`.")
    'an instructor guide.'
    >>> unlink_instructor_pages("the {doc}`glossary <appendix/glossary>`")
    'the {doc}`glossary <appendix/glossary>`'
    """
    def replace(match):
        target = match.group("target") or match.group("bare")
        if not target.lstrip("/").startswith(INSTRUCTOR_ONLY):
            return match.group(0)
        return match.group("title") or "the instructor guide"

    return _INSTRUCTOR_LINK.sub(replace, text)


def _drop_instructor_pages(toc: dict) -> dict:
    """The table of contents without the instructor guide and its pages."""
    def keep(entry) -> bool:
        name = entry.get("file", "") or entry.get("glob", "")
        return not any(name.startswith(prefix) for prefix in INSTRUCTOR_ONLY)

    def walk(node):
        if isinstance(node, dict):
            for key in ("parts", "chapters", "sections"):
                if key in node:
                    node[key] = [walk(item) for item in node[key] if not isinstance(item, dict) or keep(item)]
                    if not node[key]:
                        del node[key]
        return node

    return walk(toc)


def build_site(out_dir: Path) -> None:
    """Build the website from a temporary copy of the book whose chapters are stripped.

    The same :func:`strip_solutions` serves both editions. (sphinx-exercise's own
    ``hide_solutions`` cannot be used: it fails on gated ``{solution-start}`` blocks.)
    """
    ignore = shutil.ignore_patterns(".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", ".hypothesis",
                                    "node_modules")
    sys.path.insert(0, str(ROOT))
    from acslib import _execution

    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / "book"
        shutil.copytree(ROOT, book, ignore=ignore)
        toc = (ROOT / "_toc.yml").read_text()
        published = [p for p in (ROOT / "chapters").glob("*.ipynb") if f"chapters/{p.stem}" in toc]
        # Today's chapters with their cached executions' outputs (the cache is keyed by code).
        executed = {p.name: _execution.executed_notebook(p) for p in published}
        reuse = bool(published) and all(nb is not None for nb in executed.values())
        for path in sorted((book / "chapters").glob("*.ipynb")):
            done = reuse and executed.get(path.name) is not None
            notebook = executed[path.name] if done else nbformat.read(path, as_version=4)
            nbformat.write(strip_solutions(notebook, keep_outputs=done), path)
        shutil.rmtree(book / "appendix" / "instructor", ignore_errors=True)
        (book / "appendix" / "instructor_guide.md").unlink(missing_ok=True)
        for page in book.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            if unlink_instructor_pages(text) != text:
                page.write_text(unlink_instructor_pages(text), encoding="utf-8")
        toc_path = book / "_toc.yml"
        toc_path.write_text(yaml.safe_dump(_drop_instructor_pages(yaml.safe_load(toc_path.read_text())),
                                           sort_keys=False, allow_unicode=True))
        config_path = book / "_config.yml"
        config = yaml.safe_load(config_path.read_text())
        config["title"] = f"{config['title']} (student edition)"
        config.setdefault("sphinx", {}).setdefault("config", {})["acs_answer_boxes"] = False
        if reuse:  # the stripped executed copies are rendered as they are
            config["sphinx"]["config"]["acs_execute"] = False
        config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        subprocess.run(
            ["jupyter-book", "build", str(book), "--path-output", str(out_dir), "-W", "-n", "--keep-going"],
            check=True,
        )
    print(f"Student edition: file://{out_dir / '_build' / 'html' / 'index.html'}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    site = sub.add_parser("site", help="build the website without solutions")
    site.add_argument("--output", type=Path, default=ROOT / "_build" / "student")
    notebooks = sub.add_parser("notebooks", help="write notebooks without solutions")
    notebooks.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    if args.what == "site":
        build_site(args.output.resolve())
    else:
        write_notebooks(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
