"""The nbgitpuller link recipe (scripts/hub_link.py), on exact expected links."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import hub_link  # noqa: E402

REPO = "https://github.com/alignment-capability-scaling/book"


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/"
         "alignment-capability-scaling/book&urlpath=lab/tree/book&branch=main"),
    ({"path": "chapters/01_definition.ipynb"},
     "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/"
     "alignment-capability-scaling/book&urlpath=lab/tree/book/chapters/01_definition.ipynb&branch=main"),
    ({"path": "/chapters/", "branch": "spring-2027"},
     "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/"
     "alignment-capability-scaling/book&urlpath=lab/tree/book/chapters&branch=spring-2027"),
    ({"path": "chapters/01_definition.ipynb", "interface": "classic"},
     "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/"
     "alignment-capability-scaling/book&urlpath=tree/book/chapters/01_definition.ipynb&branch=main"),
])
def test_exact_links(kwargs, expected):
    assert hub_link.hub_link("https://hub.example.edu/", REPO, **kwargs) == expected


def test_folder_is_the_repository_name_and_hub_path_is_kept():
    link = hub_link.hub_link("https://uni.example.org/jupyter", "https://gitlab.com/course/acs-book.git", branch="main")
    assert link == ("https://uni.example.org/jupyter/hub/user-redirect/git-pull?repo=https%3A//gitlab.com/course/"
                    "acs-book.git&urlpath=lab/tree/acs-book&branch=main")


@pytest.mark.parametrize(("kwargs", "parameter"), [
    ({"hub_url": "hub.example.edu"}, "hub_url"),
    ({"hub_url": "ftp://hub.example.edu"}, "hub_url"),
    ({"branch": "main&x=1"}, "branch"),
    ({"path": "../secrets"}, "path"),
    ({"interface": "vscode"}, "interface"),
])
def test_bad_input_is_rejected(kwargs, parameter):
    arguments = {"hub_url": "https://hub.example.edu", "repo_url": REPO, **kwargs}
    with pytest.raises(ValueError, match=f"^{parameter}"):
        hub_link.hub_link(**arguments)


def test_command_line_reads_the_config(capsys):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert hub_link.main(["https://hub.example.edu", "--path", "chapters/01_definition.ipynb"]) == 0
    printed = capsys.readouterr().out.strip()
    url = config["repository"]["url"].rstrip("/")
    assert printed == hub_link.hub_link("https://hub.example.edu", url, branch=config["repository"]["branch"],
                                        path="chapters/01_definition.ipynb")
    assert hub_link.main(["https://hub.example.edu", "--path", "chapters/99_missing.ipynb"]) == 2
    assert hub_link.main(["https://hub.example.edu", "--each"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(list((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")))
    assert all("\thttps://hub.example.edu/hub/user-redirect/git-pull?" in line for line in lines)


def test_same_link_as_the_books_jupyterhub_button():
    """sphinx-book-theme builds its JupyterHub button with this very recipe."""
    import inspect

    from sphinx_book_theme.header_buttons import launch

    source = inspect.getsource(launch)
    assert 'f"{jupyterhub_url}/hub/user-redirect/git-pull?{url_params}"' in source
    assert 'urlpath=f"{ui_pre}/{repo}/{path_rel_repo}"' in source and 'safe="/"' in source
