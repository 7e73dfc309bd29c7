"""Print an nbgitpuller link that gives every student their own copy of the chapters.

Usage::

    .venv/bin/python scripts/hub_link.py https://hub.example.edu
    .venv/bin/python scripts/hub_link.py https://hub.example.edu --path chapters/03_core_problem.ipynb
    .venv/bin/python scripts/hub_link.py https://hub.example.edu --branch spring-term --each

A student who follows the link logs in to the hub; nbgitpuller (installed in the hub's
user image) clones the book's repository into their home folder, or pulls the changes
since their last visit without touching their own edits, and opens the chapter in
JupyterLab. The repository and its default branch come from ``_config.yml``
(``repository.url`` and ``repository.branch``), the one place the book names them; the
link has the same form as the JupyterHub launch button that Jupyter Book adds to every
chapter when ``launch_buttons.jupyterhub_url`` is set.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
INTERFACES = {"jupyterlab": "lab/tree", "classic": "tree"}


def repository(config_path: Path = ROOT / "_config.yml") -> tuple:
    """``(url, branch, interface)`` from the book's ``_config.yml``."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = (repo.get("url") or "").strip().rstrip("/")
    if not url:
        raise ValueError("_config.yml sets no repository.url")
    interface = (config.get("launch_buttons") or {}).get("notebook_interface", "jupyterlab")
    return url, repo.get("branch") or "main", interface


def hub_link(hub_url: str, repo_url: str, *, branch: str = "main", path: str = "",
             interface: str = "jupyterlab") -> str:
    """The nbgitpuller link that opens ``path`` of ``repo_url`` at ``branch`` on a hub.

    Examples
    --------
    >>> hub_link("https://hub.example.edu/", "https://github.com/org/book", path="chapters/01_a.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/org/book&urlpath=lab/tree/book/chapters/01_a.ipynb&branch=main'
    """
    hub = hub_url.strip().rstrip("/")
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub_url must be an http(s) address such as https://hub.example.edu; got {hub_url!r}")
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {sorted(INTERFACES)}; got {interface!r}")
    if not re.fullmatch(r"[\w.\-/]+", branch) or branch.startswith("/"):
        raise ValueError(f"branch must be a git branch name; got {branch!r}")
    path = path.strip().strip("/")
    if ".." in path.split("/"):
        raise ValueError(f"path must stay inside the repository; got {path!r}")
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    urlpath = f"{INTERFACES[interface]}/{folder}" + (f"/{path}" if path else "")
    query = urlencode({"repo": repo_url, "urlpath": urlpath, "branch": branch}, safe="/")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hub_url", help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--branch", help="branch to hand out (default: repository.branch in _config.yml)")
    parser.add_argument("--path", default="", help="file or folder to open, e.g. chapters/01_definition.ipynb")
    parser.add_argument("--each", action="store_true", help="print one link per chapter")
    parser.add_argument("--config", type=Path, default=ROOT / "_config.yml")
    args = parser.parse_args(argv)
    url, branch, interface = repository(args.config)
    branch = args.branch or branch
    book = args.config.parent
    try:
        if args.each:
            for chapter in sorted((book / "chapters").glob("[0-9][0-9]_*.ipynb")):
                print(f"{chapter.stem}\t{hub_link(args.hub_url, url, branch=branch, path=f'chapters/{chapter.name}', interface=interface)}")
            return 0
        if args.path and not (book / args.path).exists():
            raise ValueError(f"path {args.path!r} does not exist in the book (check the spelling)")
        print(hub_link(args.hub_url, url, branch=branch, path=args.path, interface=interface))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
