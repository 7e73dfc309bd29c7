"""Rewrite Sphinx roles in chapter notebooks as portable markdown, and check portable links.

Chapters are written so that JupyterLab and the website both read them well (see
``CONTRIBUTING.md``, *Portable markdown*, and :mod:`acslib._portable`). An author who
prefers to type Sphinx roles can run this script to turn them into the portable form:

    .venv/bin/python scripts/portable_links.py fix chapters/08_scaling_comparison.ipynb
    .venv/bin/python scripts/portable_links.py check          # every chapter; exit 1 on problems

``fix`` rewrites ``{cite}``/``{cite:t}``/``{cite:p}`` as links to the source with the key
after ``#cite:``, ``{term}`` as links into the glossary, cross-chapter ``{ref}``/``{doc}``
as links to the other notebook, and ``{bdg-*}`` badges as the book's inline badges.
``check`` reports what the website build would reject and what would read badly in
JupyterLab: unknown citation keys, link text that does not name the first author and
year, a URL that is not the entry's own, unknown glossary anchors, and any role that
JupyterLab cannot render.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from acslib import _portable  # noqa: E402

BADGES = _portable.BADGES
ROLE = re.compile(r"\{(?P<role>cite(?::[tp])?|term|ref|doc|bdg-[a-z]+)\}`(?P<body>[^`]*)`")
LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def bibliography():
    """Every entry of ``references.bib`` as ``key -> (authors, year, url)``."""
    from pybtex.database import parse_file

    entries = {}
    for key, entry in parse_file(str(ROOT / "references.bib")).entries.items():
        people = entry.persons.get("author", [])
        names = []
        for person in people:
            last = " ".join(person.last_names) or " ".join(person.first_names)
            names.append(_plain(last))
        if not names:
            names = [_plain(entry.fields.get("organization", entry.fields.get("institution", key)))]
        year = entry.fields.get("year", "n.d.")
        url = entry.fields.get("url") or (
            f"https://doi.org/{entry.fields['doi']}" if "doi" in entry.fields else ""
        )
        entries[key] = (names, year, url)
    return entries


def _plain(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\{(.)\}|\\['`^\"~=.](\{)?(.)\}?", lambda m: m.group(1) or m.group(3), text)
    return text.replace("{", "").replace("}", "").strip()


def author_text(key: str) -> str:
    names, year, _ = bibliography()[key]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return who, year


@lru_cache(maxsize=1)
def chapter_labels():
    """Every label defined in a chapter: ``label -> (notebook file, link text)``."""
    toc_order = [p.name for p in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))]
    labels = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for match in LABEL.finditer(text):
                rest = text[match.end():].lstrip("\n")
                heading = re.match(r"#+\s+(.*)", rest)
                label = match.group("label")
                if label.startswith("ch-"):
                    number = int(path.name[:2]) if path.name in toc_order else 0
                    link_text = f"Chapter {number}"
                elif heading:
                    link_text = heading.group(1).strip()
                else:
                    link_text = label
                labels[label] = (path.name, link_text)
    return labels


def fix_markdown(text: str, notebook_name: str, terms: dict) -> str:
    def replace(match: re.Match) -> str:
        role, body = match.group("role"), match.group("body")
        shown, target = body, body
        explicit = re.fullmatch(r"(?P<shown>.*?)\s*<(?P<target>[^<>]+)>", body, re.DOTALL)
        if explicit:
            shown, target = explicit.group("shown"), explicit.group("target")
        if role.startswith("cite"):
            keys = [k.strip() for k in target.split(",")]
            parts = [author_text(k) for k in keys]
            url = bibliography()[keys[0]][2]
            if role == "cite:t" and len(keys) == 1:
                who, year = parts[0]
                text_ = f"{who} ({year})"
            elif role == "cite:t":
                text_ = " and ".join(f"{who} ({year})" for who, year in parts)
            else:
                text_ = "(" + "; ".join(f"{who} {year}" for who, year in parts) + ")"
            return f"[{text_}]({url}#cite:{','.join(keys)})"
        if role == "term":
            anchor = _portable.term_anchor(target)
            if anchor not in terms:
                raise SystemExit(f"{notebook_name}: unknown glossary term {target!r}")
            return f"[{shown}](../appendix/glossary.md#{anchor})"
        if role in ("ref", "doc"):
            labels = chapter_labels()
            if role == "doc":
                doc = target.split("/")[-1]
                return f"[{shown}]({doc}.ipynb)"
            if target not in labels or labels[target][0] == notebook_name:
                return match.group(0)  # same-notebook references render in JupyterLab
            file_name, link_text = labels[target]
            link_text = shown if explicit else link_text
            if target.startswith("ch-"):
                return f"[{link_text}]({file_name})"
            return f"[{link_text}]({file_name}#{target})"
        if role.startswith("bdg-"):
            return _portable.badge(body)
        return match.group(0)

    # Roles are themselves written with backticks, so code is found with the roles hidden.
    placeholder = {}

    def hide(match):
        placeholder[f"\0{len(placeholder)}\0"] = match.group(0)
        return f"\0{len(placeholder) - 1}\0"

    hidden = ROLE.sub(hide, text)
    fixed = _portable.map_prose(hidden, lambda prose: re.sub(
        "\0(\\d+)\0", lambda m: replace(ROLE.match(placeholder[m.group(0)])), prose))
    return re.sub("\0(\\d+)\0", lambda m: placeholder[m.group(0)], fixed)


def fix(path: Path) -> bool:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    terms = _portable.glossary_terms()
    changed = False
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = fix_markdown(text, path.name, terms)
        if new != text:
            cell["source"] = new.splitlines(keepends=True)
            changed = True
    if changed:
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def check(paths) -> list[str]:
    """Problems in the portable links of ``paths`` (empty when all is well)."""
    problems = []
    terms = _portable.glossary_terms()
    bib = bibliography()
    for path in paths:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            where = f"{Path(path).name} cell {index}"
            for match in ROLE.finditer(text):
                role = match.group("role")
                if role.startswith("cite") or role.startswith("bdg-") or role == "term":
                    problems.append(f"{where}: {match.group(0)} does not render in JupyterLab; "
                                    f"run scripts/portable_links.py fix")
            converted: list = []
            _portable.to_sphinx_markdown(text, first_cell=index == 0, terms=terms, problems=converted)
            problems.extend(f"{where}: {p}" for p in converted)
            for match in _portable.LINK.finditer(text):
                target = match.group("target").strip("<>")
                if "#cite:" not in target:
                    continue
                url, keys = target.split("#cite:", 1)
                for key in keys.split(","):
                    if key not in bib:
                        problems.append(f"{where}: unknown citation key {key!r}")
                        continue
                    (names, year, entry_url) = bib[key]
                    shown = match.group("text")
                    if names[0] not in shown or year not in shown:
                        problems.append(f"{where}: link text {shown!r} should name {names[0]} and {year}")
                first = keys.split(",")[0]
                if first in bib and bib[first][2] and url != bib[first][2]:
                    problems.append(f"{where}: citation URL {url!r} is not {bib[first][2]!r} ({first})")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["fix", "check"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    if args.what == "fix":
        for path in paths:
            if fix(path):
                print(f"rewrote {path}")
        return 0
    problems = check(paths)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
