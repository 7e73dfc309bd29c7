"""Drive a real JupyterLab in headless Debian Chromium (used by test_jupyterlab.py and
benchmarks/jupyterlab_latency.py).

:func:`jupyterlab` starts ``jupyter lab`` on a scratch copy of the chapters, with
settings that keep a test deterministic: every cell rendered (no windowing, so off-screen
outputs exist in the page), no news or update checks. :class:`Lab` opens notebooks,
runs them with Run All, saves them, restarts them without a kernel, and reads what a
student would see. Selectors follow ``../shared/notes/jupyterlab-testing.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(notebooks, *, theme: str = "light"):
    """A running JupyterLab on a scratch folder holding copies of ``notebooks``.

    Yields ``(base_url, folder)``. The server is stopped on exit.
    """
    work = Path(tempfile.mkdtemp(prefix="acs-lab-"))
    folder = work / "chapters"
    folder.mkdir()
    for path in notebooks:
        shutil.copy(path, folder / Path(path).name)
    settings = work / "settings"
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    if theme == "dark":
        target = settings / "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
        target.write_text(json.dumps({"theme": "JupyterLab Dark"}))
    port = _free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(work / "config"),
               MPLBACKEND="Agg")
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
               "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
               f"--ServerApp.root_dir={folder}", "--ServerApp.ip=127.0.0.1"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(work / "server.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/api/status", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((work / "server.log").read_text())
                time.sleep(0.2)
        else:
            raise RuntimeError("JupyterLab did not start within 60 s")
        yield base, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def shutdown_kernels(base: str) -> None:
    """Stop every kernel and session (the REST API), as closing the lab would."""
    for kind in ("sessions", "kernels"):
        items = json.loads(urllib.request.urlopen(f"{base}/api/{kind}").read())
        for item in items:
            request = urllib.request.Request(f"{base}/api/{kind}/{item['id']}", method="DELETE")
            urllib.request.urlopen(request).read()


class Lab:
    """One browser page on a running JupyterLab."""

    _opened = 0  # workspaces used so far, for a fresh one per open()

    def __init__(self, browser, base: str, *, viewport=(1280, 1000)):
        self.base = base
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        self.page.on("pageerror", lambda error: self.console.append(str(error)))

    def close(self):
        self.context.close()

    def open(self, name: str, *, kernel: bool = True, timeout: float = 60.0):
        """Open ``chapters/<name>``; with ``kernel=False`` choose "No Kernel"."""
        page = self.page
        # A workspace of its own: JupyterLab would otherwise restore the tabs (and split
        # panes) an earlier test left open, and their state would be read as this one's.
        Lab._opened += 1
        workspace = f"acs-{os.getpid()}-{Lab._opened}"
        page.goto(f"{self.base}/lab/workspaces/{workspace}/tree/{name}", wait_until="domcontentloaded")
        page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook .jp-Cell", timeout=timeout * 1000)
        if kernel:
            page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=timeout * 1000)
        else:
            dialog = page.locator(".jp-Dialog button", has_text="No Kernel")
            with contextlib.suppress(Exception):
                dialog.first.click(timeout=10_000)
        # Let jupyterlab-myst render every markdown cell.
        page.wait_for_timeout(500)

    def menu(self, menu: str, item: str):
        self.page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
        self.page.locator(".lm-Menu-itemLabel", has_text=item).first.click()

    def run_all(self, timeout: float = 60.0) -> float:
        """Run All Cells and wait until every code cell has run; return the seconds taken.

        Cells whose input is folded (solutions) show no prompt; the others must all show
        an execution count, with the kernel idle.
        """
        start = time.monotonic()
        # Stored outputs carry execution counts: clear them first, so a count means this run.
        self.page.locator(f"{NOTEBOOK} .jp-Notebook").first.click(position={"x": 5, "y": 5})
        self.menu("Edit", "Clear Outputs of All Cells")
        for attempt in range(3):
            self.page.locator(f"{NOTEBOOK} .jp-Notebook").first.click(position={"x": 5, "y": 5})
            self.menu("Run", "Run All Cells")
            started = time.monotonic()
            while time.monotonic() - started < 10:
                if any(p.strip("[]: ") for p in self.prompts()):
                    break
                self.page.wait_for_timeout(100)
            else:
                continue
            break
        deadline = start + timeout
        while time.monotonic() < deadline:
            prompts = [p for p in self.prompts() if p]
            status = self.page.locator(f"{NOTEBOOK} .jp-Notebook-ExecutionIndicator").first.get_attribute(
                "data-status")
            if prompts and all(p.strip("[]: ").isdigit() for p in prompts) and status == "idle":
                self.page.wait_for_timeout(300)  # the last outputs render
                return time.monotonic() - start
            self.page.wait_for_timeout(200)
        raise TimeoutError(f"Run All did not finish within {timeout} s: prompts {self.prompts()}")

    def prompts(self) -> list[str]:
        return self.page.eval_on_selector_all(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt",
                                              "els => els.map(e => e.textContent.trim())")

    def save(self):
        self.menu("File", "Save Notebook")
        for _ in range(50):
            if not self.dirty():
                return
            self.page.wait_for_timeout(100)
        raise RuntimeError("the notebook did not save")

    def dirty(self) -> bool:
        """Whether the notebook tab shows unsaved changes."""
        return self.page.locator(".jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.lm-mod-current.jp-mod-dirty").count() > 0

    def errors(self) -> list[str]:
        """Error outputs and tracebacks shown in the notebook."""
        return self.page.eval_on_selector_all(
            f"{NOTEBOOK} [data-mime-type='application/vnd.jupyter.stderr'], {NOTEBOOK} .jp-OutputArea-output pre",
            "els => els.map(e => e.textContent).filter(t => /Traceback|Error:/.test(t) && !/Not yet/.test(t))")

    def visible_text(self) -> str:
        return self.page.locator(f"{NOTEBOOK} .jp-Notebook").inner_text()
