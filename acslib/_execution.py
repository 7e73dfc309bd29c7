"""Executing the chapters for the website: once, in parallel, and never stale.

Every chapter notebook is executed by this module before Sphinx reads it, and read from
its cache afterwards (``acslib.sphinxext`` does both; ``_config.yml`` sets
``execute_notebooks: "off"`` so myst-nb executes nothing itself). A cached execution is
keyed by everything that can change its outputs:

* the notebook's code cells (source and metadata) — editing prose keeps the key;
* the files of every acslib module the notebook **actually imported** when it last ran
  (recorded from ``sys.modules`` at the end of the run, so lazy imports such as
  ``figures.definition`` count), and acslib's data files when ``acslib.data`` is among
  them — so a change to a module re-executes exactly the notebooks that import it,
  directly or through another module, and nothing else;
* the versions of Python and of the libraries that compute and draw.

Notebooks whose key has no cached execution run in parallel, one kernel each, on as many
workers as the machine has cores (at most :data:`MAX_JOBS`). A cell error fails the build.
The executed notebooks are also what ``tests/conftest.py`` replays to nbval, so the test run
checks the stored outputs without executing each notebook a second time.

Private to the book's tooling; chapters never import it.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import nbformat

__all__ = ["cache_dir", "code_hash", "execution_key", "cached", "executed_notebook", "execute_missing", "MAX_JOBS"]

PACKAGE = Path(__file__).resolve().parent
#: Most notebooks executed at once.
MAX_JOBS = 8
#: Libraries whose versions enter every execution key.
LIBRARIES = ("numpy", "scipy", "matplotlib", "pillow", "ipykernel", "anywidget", "ipywidgets", "scikit-learn")
_RECORD = (
    "import sys as _acs_sys, json as _acs_json\n"
    "print(_acs_json.dumps(sorted({getattr(_m, '__file__', None) or '' for _n, _m in list(_acs_sys.modules.items())"
    " if _n == 'acslib' or _n.startswith('acslib.')} - {''})))"
)


def cache_dir() -> Path:
    """Where executed notebooks are kept (``ACSLIB_CACHE_DIR``, else ``_build/.acslib-cache``)."""
    location = os.environ.get("ACSLIB_CACHE_DIR", "").strip()
    return Path(location) if location else PACKAGE.parent / "_build" / ".acslib-cache"


def _code(notebook) -> list:
    return [(c.get("source", ""), c.get("metadata", {})) for c in notebook["cells"] if c["cell_type"] == "code"]


def code_hash(notebook) -> str:
    """Hash of a notebook's code cells and kernel: what execution depends on in the file."""
    kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
    text = json.dumps([kernel, _code(notebook)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _environment() -> str:
    versions = [platform.python_version()]
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return hashlib.sha256("|".join(versions).encode()).hexdigest()


def _files_hash(files) -> str:
    digest = hashlib.sha256()
    for name in sorted(set(files)):
        path = Path(name)
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def _dependency_files(modules) -> list:
    """The recorded module files, plus the files modules read at run time: acslib's data
    files when ``acslib.data`` is used, and the script and stylesheets that
    ``acslib.explorable`` inlines into every figure's output when it is."""
    files = [m for m in modules if m]

    def used(folder: str, name: str) -> bool:
        return any(Path(m).parent.name == folder and Path(m).name == name for m in files)

    extra = []
    if used("data", "__init__.py"):
        extra += [p for p in sorted((PACKAGE / "data").iterdir()) if p.is_file() and p.suffix != ".pyc"]
    if used("acslib", "explorable.py"):
        extra += sorted((PACKAGE / "static").glob("acs-explorable.*"))
    return files + [str(p) for p in extra]


def _deps_path() -> Path:
    return cache_dir() / "executed" / "dependencies.json"


def _load_deps() -> dict:
    try:
        return json.loads(_deps_path().read_text())
    except (OSError, ValueError):
        return {}


def execution_key(path: Path, notebook=None) -> str | None:
    """The cache key of ``path`` as it is now, or ``None`` if it has never run in this form."""
    path = Path(path)
    if notebook is None:
        notebook = nbformat.read(path, as_version=4)
    record = _load_deps().get(path.name)
    code = code_hash(notebook)
    if not record or record.get("code") != code:
        return None
    digest = hashlib.sha256()
    for part in (code, _environment(), _files_hash(_dependency_files(record["modules"]))):
        digest.update(part.encode())
    return digest.hexdigest()[:32]


def cached(path: Path) -> Path | None:
    """The executed notebook for ``path`` as it is now, if there is one."""
    key = execution_key(path)
    if key is None:
        return None
    target = cache_dir() / "executed" / f"{Path(path).stem}-{key}.ipynb"
    return target if target.exists() else None


def executed_notebook(path: Path):
    """The notebook at ``path`` as it is now, with the outputs of its cached execution.

    The cache is keyed by the code (prose edits keep the key), so its copy may hold older
    markdown: the markdown always comes from ``path``, the outputs from the execution.
    ``None`` when there is no fresh execution.
    """
    target = cached(path)
    if target is None:
        return None
    current = nbformat.read(path, as_version=4)
    executed = nbformat.read(target, as_version=4)
    now = [cell for cell in current.cells if cell.cell_type == "code"]
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    # nbclient adds its timings to a cell's metadata ("execution"); the rest is the key's.
    if [(c.source, c.metadata) for c in now] != [
            (c.source, {k: v for k, v in c.metadata.items() if k != "execution"}) for c in ran]:
        return None  # the key covers the code cells, so this means a changed or damaged cache
    for cell, done in zip(now, ran):
        cell.outputs = done.outputs
        cell.execution_count = done.get("execution_count")
    if "language_info" in executed.metadata:
        current.metadata["language_info"] = executed.metadata["language_info"]
    return current


def _run(path: Path, timeout: int) -> tuple:
    """Execute one notebook; return (notebook without the recording cell, modules, seconds)."""
    from nbclient import NotebookClient

    # These executions are the website's: explorables render their static copy alone.
    os.environ["ACSLIB_EXPLORABLES"] = "static"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(_RECORD))
    client = NotebookClient(notebook, timeout=timeout, allow_errors=False, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    # The kernel process's own log (ipykernel's transport warning) is not output; cell
    # errors and prints arrive as outputs and still fail or show in the build.
    client.execute(stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    record = notebook.cells.pop()
    text = "".join(o.get("text", "") for o in record.outputs if o.get("output_type") == "stream")
    return notebook, json.loads(text.strip().splitlines()[-1]), seconds


def execute_missing(paths, *, jobs: int | None = None, timeout: int = 600, log=print) -> dict:
    """Execute every notebook in ``paths`` without a fresh cached execution, in parallel.

    Returns ``{path: seconds}`` for the notebooks that ran. Raises ``RuntimeError`` naming
    the notebook and cell when a cell fails.
    """
    paths = [Path(p) for p in paths]
    missing = [p for p in paths if cached(p) is None]
    if not missing:
        return {}
    jobs = max(1, min(MAX_JOBS, jobs or os.cpu_count() or 1, len(missing)))
    folder = cache_dir() / "executed"
    folder.mkdir(parents=True, exist_ok=True)
    deps = _load_deps()
    times = {}
    errors = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_run, path, timeout): path for path in missing}
        for future in concurrent.futures.as_completed(futures):
            path = futures[future]
            try:
                notebook, modules, seconds = future.result()
            except Exception as error:  # report every failing notebook, then fail
                text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip()
                errors.append(f"{path.name}: {type(error).__name__}:\n{text[-1500:]}")
                continue
            deps[path.name] = {"code": code_hash(nbformat.read(path, as_version=4)), "modules": modules}
            _deps_path().write_text(json.dumps(deps, indent=1, sort_keys=True))
            key = execution_key(path)
            for old in folder.glob(f"{path.stem}-*.ipynb"):
                old.unlink()
            nbformat.write(notebook, folder / f"{path.stem}-{key}.ipynb")
            times[path] = seconds
            log(f"executed {path.name} in {seconds:.1f} s ({len(modules)} acslib modules)")
    if errors:
        raise RuntimeError("executing notebooks failed:\n" + "\n".join(errors))
    return times


if __name__ == "__main__":  # pragma: no cover - a manual aid
    execute_missing(sys.argv[1:])
