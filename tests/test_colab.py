"""The guarded Colab cell (scripts/colab_cell.py): installs acslib on Colab, nothing elsewhere.

Colab is simulated: a stand-in ``google.colab`` module in ``sys.modules`` and a stubbed
``subprocess.run`` that records the pip command instead of running it. The cell is run
as plain Python and inside IPython (as a kernel runs it). The script is tested on
copies of the chapters, never on ``chapters/`` itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import colab_cell  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
URL, BRANCH = CONFIG["repository"]["url"].rstrip("/"), CONFIG["repository"].get("branch", "main")
SOURCE = colab_cell.cell_source(colab_cell.install_target())


@pytest.fixture
def installer(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: calls.append((command, kwargs)))
    return calls


@pytest.fixture
def on_colab(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))


def test_install_target_comes_from_config():
    assert colab_cell.install_target() == f"acslib @ git+{URL}.git@{BRANCH}"


def test_config_without_https_url_is_refused(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: git@github.com:org/book\n")
    with pytest.raises(ValueError, match="repository.url"):
        colab_cell.install_target(config)


def test_does_nothing_off_colab(installer, monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(SOURCE, "colab-cell", "exec"), {})
    assert installer == []


def test_installs_from_the_repository_on_colab(installer, on_colab):
    exec(compile(SOURCE, "colab-cell", "exec"), {})
    assert installer == [([sys.executable, "-m", "pip", "install", "--quiet",
                           f"acslib @ git+{URL}.git@{BRANCH}"], {"check": True})]


@pytest.mark.parametrize("colab", [False, True])
def test_inside_ipython(installer, monkeypatch, colab):
    from IPython.core.interactiveshell import InteractiveShell

    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    shell = InteractiveShell.instance()
    try:
        result = shell.run_cell(SOURCE, store_history=False)
        assert result.success, result.error_in_exec or result.error_before_exec
    finally:
        InteractiveShell.clear_instance()
    assert len(installer) == (1 if colab else 0)


def test_cell_is_inserted_before_the_first_code_cell_once(tmp_path):
    chapter = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))[0]
    copy = tmp_path / chapter.name
    shutil.copy(chapter, copy)
    # Start from the chapter as it was before the cell existed.
    before = nbformat.read(copy, as_version=4)
    before.cells = [c for c in before.cells if c.get("id") != colab_cell.CELL_ID]
    nbformat.write(before, copy)
    first_code = next(i for i, c in enumerate(before.cells) if c.cell_type == "code")
    assert colab_cell.main([str(copy)]) == 0
    after = nbformat.read(copy, as_version=4)
    cell = after.cells[first_code]
    assert cell.id == colab_cell.CELL_ID and cell.source == SOURCE and cell.metadata["tags"] == ["remove-cell"]
    assert cell.outputs == [] and after.cells[0].source == before.cells[0].source, "front matter stays first"
    assert [c.source for c in after.cells[first_code + 1:]] == [c.source for c in before.cells[first_code:]]
    nbformat.validate(after)
    text = copy.read_text()
    assert colab_cell.main([str(copy)]) == 0 and copy.read_text() == text, "a second run changes nothing"
    assert colab_cell.main(["--check", str(copy)]) == 0


def test_stale_cell_is_replaced_and_check_reports_it(tmp_path):
    chapter = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))[0]
    copy = tmp_path / chapter.name
    shutil.copy(chapter, copy)
    assert colab_cell.main(["--check", str(chapter)]) == 0, "the chapters carry the current cell"
    notebook = nbformat.read(copy, as_version=4)
    notebook.cells = [c for c in notebook.cells if c.get("id") != colab_cell.CELL_ID]
    nbformat.write(notebook, copy)
    assert colab_cell.main(["--check", str(copy)]) == 1, "a chapter without the cell fails the check"
    notebook = nbformat.read(copy, as_version=4)
    colab_cell.update(notebook, colab_cell.cell_source("acslib @ git+https://example.org/old.git@main"))
    nbformat.write(notebook, copy)
    assert colab_cell.main(["--check", str(copy)]) == 1
    assert colab_cell.main([str(copy)]) == 0
    cells = nbformat.read(copy, as_version=4).cells
    assert [c.source for c in cells if c.get("id") == colab_cell.CELL_ID] == [SOURCE]


def test_every_chapter_carries_the_current_cell():
    chapters = sorted(str(p) for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert colab_cell.main(["--check", *chapters]) == 0
