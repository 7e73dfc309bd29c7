"""No stale output: editing an acslib module re-executes exactly the notebooks that import it.

A scratch book of two notebooks is built with the book's own Sphinx extension against a
scratch copy of acslib (first on ``PYTHONPATH``). One notebook imports ``acslib.growth``, the
other ``acslib.bottlenecks``. A prose edit must show on the page without executing
anything. Changing what ``growth.exponential`` returns must re-execute the first, change its
page, and leave the second alone; a rebuild with nothing changed executes nothing
(``acslib/_execution.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """\
title: Scratch
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - sphinx.ext.autodoc
    - acslib.sphinxext
"""


def _notebook(code: str):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A page"),
                                               nbformat.v4.new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                       "name": "python3"}
    return notebook


def _run_build(book: Path, env: dict):
    return subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "-W", "-n",
                           "--keep-going"], env=env, capture_output=True, text=True, timeout=600)


def _build(book: Path, env: dict) -> list[str]:
    result = _run_build(book, env)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return sorted(re.findall(r"executed (\S+)\.ipynb", result.stdout + result.stderr))


def _scratch_book(tmp_path: Path, notebooks: dict) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(CONFIG)
    chapters = "".join(f"  - file: {name}\n" for name in notebooks)
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: intro\nchapters:\n{chapters}")
    (book / "intro.md").write_text("# Scratch\n")
    (book / "appendix").mkdir()
    (book / "appendix" / "glossary.md").write_text("# Glossary\n")  # read by the portable-link step
    for name, code in notebooks.items():
        nbformat.write(_notebook(code), book / f"{name}.ipynb")
    return book


def _shown(book: Path, page: str) -> str:
    return re.search(r"value (\S+)", (book / "_build" / "html" / f"{page}.html").read_text()).group(1)


def test_prose_and_module_edits_show_and_re_execute_exactly_what_they_must(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(ROOT / "acslib", package / "acslib", ignore=shutil.ignore_patterns("__pycache__"))
    book = _scratch_book(tmp_path, {
        "uses_growth": "from acslib import growth\nprint('value', growth.exponential(1.0, 2.0, 0.5))",
        "uses_bottlenecks": "from acslib import bottlenecks\nprint('value', bottlenecks.mm1(1.0, 2.0).wait)",
    })
    env = {**os.environ, "PYTHONPATH": str(package), "ACSLIB_CACHE_DIR": str(tmp_path / "cache")}

    assert _build(book, env) == ["uses_bottlenecks", "uses_growth"]
    assert _shown(book, "uses_growth") == "3.2974425414002564"
    assert _shown(book, "uses_bottlenecks") == "1.0"

    # A prose edit shows at once and executes nothing (the cache is keyed by code; the
    # page takes its markdown from the notebook as it is now).
    notebook = nbformat.read(book / "uses_growth.ipynb", as_version=4)
    notebook.cells[0].source = "# A page\n\nA sentence written after the first build."
    nbformat.write(notebook, book / "uses_growth.ipynb")
    assert _build(book, env) == []
    assert "A sentence written after the first build." in (book / "_build" / "html" / "uses_growth.html").read_text()
    assert _shown(book, "uses_growth") == "3.2974425414002564"

    module = package / "acslib" / "growth.py"
    source = module.read_text()
    assert "\ndef exponential(" in source  # the function the edit below wraps
    module.write_text(source + "\n\n_exponential = exponential\n\n\n"
                      "def exponential(t, initial, rate):\n    return 2 * _exponential(t, initial, rate)\n")
    assert _build(book, env) == ["uses_growth"]
    assert _shown(book, "uses_growth") == "6.594885082800513"
    assert _shown(book, "uses_bottlenecks") == "1.0"

    assert _build(book, env) == []


def test_files_read_at_run_time_are_dependencies():
    """acslib.explorable inlines its script and stylesheet into each figure's output, and
    acslib.data reads its CSVs: a notebook that imported either depends on those files."""
    from acslib import _execution

    package = ROOT / "acslib"
    files = _execution._dependency_files([str(package / "explorable.py")])
    assert {Path(f).name for f in files} == {"explorable.py", "acs-explorable.css", "acs-explorable.js"}
    files = _execution._dependency_files([str(package / "data" / "__init__.py")])
    assert any(f.endswith(".csv") for f in files)
    assert _execution._dependency_files([str(package / "growth.py")]) == [str(package / "growth.py")]


def test_a_failing_cell_fails_the_build_and_says_where(tmp_path):
    book = _scratch_book(tmp_path, {"fails": "x = 1\nraise ValueError('the cell that fails')"})
    result = _run_build(book, {**os.environ, "ACSLIB_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "fails.ipynb" in log and "the cell that fails" in log
    assert not (book / "_build" / "html" / "fails.html").exists()
