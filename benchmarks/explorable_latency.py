"""Kernel-side live latency of every explorable: the work one off-grid slider move costs.

In JupyterLab a move that stays on an explorable's precomputed grid is a frame swap in the
browser (no kernel work, see ``benchmarks/jupyterlab_latency.py``). Any other move sends the
slider positions to the kernel, which draws the frame on the explorable's one reused figure
and sends back a PNG. This measures that round of kernel work for every explorable (found by
``acslib.figures.all_explorables``): each parameter is moved through its values, and the
median and 90th percentile are printed. Exit 1 if a median exceeds the budget.

    .venv/bin/python benchmarks/explorable_latency.py [--budget-ms 40] [--only NAME]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from acslib.figures import all_explorables  # noqa: E402


def measure(factory, max_moves_per_param: int = 12):
    """Median and p90 (ms) of a kernel-side live update, and the number of moves."""
    explorable = factory()
    widget = explorable.widget()
    widget.send = lambda content, buffers=None: None
    defaults = [p.default_index for p in explorable.params]
    widget._on_message(widget, {"type": "render", "key": "warm", "indices": defaults}, [])
    timings = []
    for position, param in enumerate(explorable.params):
        stride = max(1, len(param.values) // max_moves_per_param)
        sequence = list(range(0, len(param.values), stride)) + list(range(len(param.values) - 1, -1, -stride))
        for index in sequence:
            indices = list(defaults)
            indices[position] = index
            start = time.perf_counter()
            widget._on_message(widget, {"type": "render", "key": "-".join(map(str, indices)), "indices": indices}, [])
            timings.append(1000 * (time.perf_counter() - start))
    timings.sort()
    return statistics.median(timings), timings[int(0.9 * (len(timings) - 1))], len(timings)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget-ms", type=float, default=40.0)
    parser.add_argument("--only", default=None, help="substring of the explorable's name")
    args = parser.parse_args(argv)
    failures = 0
    print(f"{'explorable':58s} {'median ms':>10s} {'p90 ms':>8s} {'moves':>6s}")
    for name, factory in all_explorables():
        if args.only and args.only not in name:
            continue
        median, p90, moves = measure(factory)
        flag = "" if median <= args.budget_ms else "  OVER BUDGET"
        failures += bool(flag)
        print(f"{name:58s} {median:10.1f} {p90:8.1f} {moves:6d}{flag}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
