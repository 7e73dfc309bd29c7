"""A Jupyter kernel that replays the book build's executions to nbval.

nbval checks that every chapter executes and that the outputs of cells marked
``# NBVAL_CHECK_OUTPUT`` still match the ones stored in the notebook. The build has just
executed every chapter from the current sources (``acslib/_execution.py``, whose cache key
covers the code cells and every acslib module a notebook imports), so executing them all
again for nbval would only repeat that work. This kernel answers nbval's execute requests
with the outputs the build recorded for the same cells, in order; nbval compares them as
it would compare a live kernel's. ``./test.sh`` uses it only when every chapter has a fresh
execution (otherwise nbval runs a real kernel).

A request whose code is not the next code cell of a chapter's execution gets an error, so a
mismatch between what nbval runs and what the build ran cannot pass silently.

Started by Jupyter from the kernelspec ``./test.sh`` writes (``acslib-replay``); not for
interactive use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipykernel.kernelbase import Kernel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _executions() -> list:
    """Every chapter's executed code cells, as (name, [cells]) pairs."""
    import nbformat

    from acslib import _execution

    found = []
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        executed = _execution.cached(path)
        if executed is None:
            raise RuntimeError(f"{path.name} has no fresh execution: build the book first")
        notebook = nbformat.read(executed, as_version=4)
        found.append((path.name, [c for c in notebook.cells if c.cell_type == "code"]))
    return found


class ReplayKernel(Kernel):
    implementation = "acslib-replay"
    implementation_version = "1"
    language = "python"
    language_version = sys.version.split()[0]
    language_info = {"name": "python", "mimetype": "text/x-python", "file_extension": ".py"}
    banner = "Replays the book build's executions (tests/replay_kernel.py)"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._candidates = None
        self._position = 0

    def _next_cell(self, code: str):
        if self._candidates is None:
            self._candidates = _executions()
        matching = [(name, cells) for name, cells in self._candidates
                    if self._position < len(cells) and cells[self._position].source == code]
        if not matching:
            return None
        self._candidates = matching
        cell = matching[0][1][self._position]
        self._position += 1
        return cell

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        if not code.strip():
            return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        try:
            cell = self._next_cell(code)
        except RuntimeError as error:
            cell, problem = None, str(error)
        else:
            problem = "this code is not the next cell of any chapter the build executed"
        if cell is None:
            content = {"ename": "ReplayError", "evalue": problem, "traceback": [problem]}
            self.send_response(self.iopub_socket, "error", content)
            return {"status": "error", "execution_count": self.execution_count, **content}
        for output in cell.outputs:
            kind = output["output_type"]
            if kind == "stream":
                self.send_response(self.iopub_socket, "stream", {"name": output["name"], "text": output["text"]})
            elif kind == "display_data":
                self.send_response(self.iopub_socket, "display_data", {
                    "data": output["data"], "metadata": output.get("metadata", {}), "transient": {}})
            elif kind == "execute_result":
                self.send_response(self.iopub_socket, "execute_result", {
                    "execution_count": self.execution_count, "data": output["data"],
                    "metadata": output.get("metadata", {})})
            elif kind == "error":
                content = {"ename": output["ename"], "evalue": output["evalue"], "traceback": output["traceback"]}
                self.send_response(self.iopub_socket, "error", content)
                return {"status": "error", "execution_count": self.execution_count, **content}
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}


def write_kernelspec(folder: Path) -> Path:
    """Write the ``acslib-replay`` kernelspec under ``folder/kernels``; return that folder."""
    import json

    spec = folder / "kernels" / "acslib-replay"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(Path(__file__).resolve()), "-f", "{connection_file}"],
        "display_name": "acslib replay (tests)", "language": "python",
    }))
    return folder


def fresh() -> bool:
    """Whether every chapter has a fresh execution to replay."""
    try:
        _executions()
    except RuntimeError:
        return False
    return True


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:  # ./test.sh: write the kernelspec, say whether to use it
        write_kernelspec(Path(sys.argv[2]))
        print("replay" if fresh() else "live")
        sys.exit(0)
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=ReplayKernel)
