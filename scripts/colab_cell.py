"""Insert or update the guarded Colab cell in every chapter notebook.

Usage::

    .venv/bin/python scripts/colab_cell.py                  # every chapter in chapters/
    .venv/bin/python scripts/colab_cell.py chapters/08_*.ipynb
    .venv/bin/python scripts/colab_cell.py --check          # exit 1 if a cell is missing or stale

Colab opens a chapter straight from the repository (the launch button) but does not
install the repository, so ``import acslib`` would fail there. The cell this script
writes, just before the chapter's first code cell, installs acslib from the repository
address in ``_config.yml`` (``repository.url`` at ``repository.branch``) when, and only
when, it runs on Colab (``google.colab`` is imported by every Colab kernel). Anywhere
else — JupyterLab, Binder, a hub, nbval, the website build — it imports ``sys`` and does
nothing. The cell is tagged ``remove-cell``, so the website does not show it.

The cell is found again by its id (``colab-install``), so running the script twice
changes nothing, and a changed repository address updates every chapter.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELL_ID = "colab-install"
TAGS = ["remove-cell"]


def install_target(config_path: Path = ROOT / "_config.yml") -> str:
    """The pip requirement that installs acslib from the book's repository."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = (repo.get("url") or "").strip().rstrip("/")
    if not url.startswith("https://"):
        raise ValueError(f"_config.yml: repository.url must be an https address; got {url!r}")
    branch = repo.get("branch") or "main"
    return f"acslib @ git+{url.removesuffix('.git')}.git@{branch}"


def cell_source(target: str) -> str:
    """The cell's code: a no-op except on Colab, where it pip-installs ``target``."""
    return (
        "# On Colab only: install acslib from the book's repository. Elsewhere this does nothing.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    import importlib\n"
        "    import subprocess\n"
        "\n"
        "    subprocess.run(\n"
        '        [sys.executable, "-m", "pip", "install", "--quiet",\n'
        f"         {json.dumps(target)}],\n"
        "        check=True,\n"
        "    )\n"
        "    importlib.invalidate_caches()"
    )


def update(notebook, source: str) -> bool:
    """Put the Colab cell before the first code cell of ``notebook``; return whether it changed."""
    import nbformat

    cells = notebook.cells
    existing = [i for i, c in enumerate(cells) if c.get("id") == CELL_ID]
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code" and c.get("id") != CELL_ID), len(cells))
    if existing:
        index = existing[0]
        cell = cells[index]
        wanted = index == first_code - 1 and cell.source == source and cell.metadata.get("tags") == TAGS \
            and cell.cell_type == "code" and not cell.outputs and len(existing) == 1
        if wanted:
            return False
        for i in reversed(existing):
            del cells[i]
        first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cell = nbformat.v4.new_code_cell(source=source, metadata={"tags": list(TAGS)})
    cell["id"] = CELL_ID
    cells.insert(first_code, cell)
    return True


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapters/NN_*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a cell is missing or stale")
    parser.add_argument("--config", type=Path, default=ROOT / "_config.yml")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    source = cell_source(install_target(args.config))
    stale = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        if update(notebook, source):
            stale.append(path)
            if not args.check:
                nbformat.write(notebook, path)
                print(f"updated {path}")
    if args.check and stale:
        print("Colab cell missing or stale in: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    if not stale:
        print(f"{len(paths)} notebooks already have the current Colab cell")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
