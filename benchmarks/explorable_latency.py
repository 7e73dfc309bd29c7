"""Live-update latency of every explorable in the book.

For each explorable (found by ``acslib.figures.all_explorables``) this builds the
JupyterLab widget, then moves each slider through its values and times the span from
setting the slider's value to the widget holding the redrawn PNG — the work the kernel
does for one slider move. It prints the median and 90th percentile per explorable and
fails (exit 1) if any median exceeds the 40 ms budget.

    .venv/bin/python benchmarks/explorable_latency.py [--budget-ms 40] [--only NAME]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from acslib.explorable import Choice  # noqa: E402
from acslib.figures import all_explorables  # noqa: E402


def measure(factory, max_moves_per_param: int = 12):
    explorable = factory()
    box = explorable.widget()
    controls = {c.description: c for c in box.children if hasattr(c, "description") and c.description}
    timings = []
    for param in explorable.params:
        control = controls[param.display_label]
        values = list(param.values)
        stride = max(1, len(values) // max_moves_per_param)
        sequence = values[::stride] + values[::-stride]
        for value in sequence:
            if value == control.value:
                continue
            start = time.perf_counter()
            control.value = value  # the observer redraws and sets the image synchronously
            timings.append(time.perf_counter() - start)
        control.value = param.values[param.default_index]
    timings_ms = sorted(1000 * t for t in timings)
    return statistics.median(timings_ms), timings_ms[int(0.9 * (len(timings_ms) - 1))], len(timings_ms)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget-ms", type=float, default=40.0)
    parser.add_argument("--only", default=None, help="substring of the explorable's name")
    args = parser.parse_args(argv)
    failures = 0
    print(f"{'explorable':60s} {'median ms':>10s} {'p90 ms':>8s} {'moves':>6s}")
    for name, factory in all_explorables():
        if args.only and args.only not in name:
            continue
        median, p90, moves = measure(factory)
        flag = "" if median <= args.budget_ms else "  OVER BUDGET"
        failures += bool(flag)
        print(f"{name:60s} {median:10.1f} {p90:8.1f} {moves:6d}{flag}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
