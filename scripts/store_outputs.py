"""Execute notebooks and keep only the outputs that nbval checks.

Usage::

    .venv/bin/python scripts/store_outputs.py chapters/01_definition.ipynb [...]
    .venv/bin/python scripts/store_outputs.py --strip chapters/*.ipynb   # no execution

The book stores chapters without outputs, except the text outputs of cells marked
``# NBVAL_CHECK_OUTPUT`` (their printed numbers are quoted in the prose, and nbval
compares them on every test run). This script executes each notebook in its own
folder with the project's kernel, then removes every other output, every image or
HTML part, the execution counts of unchecked cells and widget state.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARKER = "# NBVAL_CHECK_OUTPUT"
TEXT_TYPES = ("text/plain",)


def keep_checked_outputs(notebook) -> None:
    """Strip a notebook in place down to the checked cells' text outputs."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if MARKER not in cell.source:
            cell.outputs = []
            cell.execution_count = None
            continue
        # nbval refuses stored outputs without an execution count ("unrun reference cell").
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream":
                kept.append(output)
            elif output.output_type in ("execute_result", "display_data"):
                data = {k: v for k, v in output.get("data", {}).items() if k in TEXT_TYPES}
                if data:
                    output.data = data
                    output.metadata = {}
                    kept.append(output)
            elif output.output_type == "error":
                raise SystemExit(f"a checked cell raised {output.ename}: {output.evalue}")
        cell.outputs = kept


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--strip", action="store_true", help="only strip, do not execute")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        if not args.strip:
            NotebookClient(notebook, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        keep_checked_outputs(notebook)
        nbformat.write(notebook, path)
        print(f"stored {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
