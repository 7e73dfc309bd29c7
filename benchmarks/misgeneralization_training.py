"""Training and sweep times for Chapter 5's corridor agents (acslib.misgeneralization).

Run: ``.venv/bin/python benchmarks/misgeneralization_training.py``. Prints the wall time of
one training run at default settings (median of repeats), of the full sweep behind the
chapter's explorable (11 fractions x 5 seeds, trained in one batch as the chapter does), and
the sweep's results with their seeds. Trained agents are cached by seed, so the cache is
emptied before each timing: every time here is a cold one.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from acslib import misgeneralization as mg
from acslib.figures.objective_stability import RANDOMISED_FRACTIONS, SWEEP_SEEDS


def main() -> None:
    mg.train_agent(0.0, seed=0)  # warm-up
    times = []
    for seed in range(10):
        mg._AGENTS.clear()
        start = time.perf_counter()
        mg.train_agent(0.1, seed=seed)
        times.append(time.perf_counter() - start)
    print(f"one agent (12 cells, 200 levels, 400 steps x 32 envs = 12,800 transitions): "
          f"median {1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms over 10 seeds")

    mg._AGENTS.clear()
    start = time.perf_counter()
    sweep = mg.misgeneralization_sweep(np.array(RANDOMISED_FRACTIONS), seeds=SWEEP_SEEDS)
    elapsed = time.perf_counter() - start
    runs = len(RANDOMISED_FRACTIONS) * len(SWEEP_SEEDS)
    print(f"sweep of {runs} agents (fractions {RANDOMISED_FRACTIONS[0]}..{RANDOMISED_FRACTIONS[-1]}, "
          f"seeds {SWEEP_SEEDS}), one batch, with evaluation: {elapsed:.2f} s")
    print("fraction  train  test (min-max)      proxy (min-max)")
    for i, fraction in enumerate(RANDOMISED_FRACTIONS):
        test, proxy = sweep["test_success"][i], sweep["proxy_rate"][i]
        print(f"  {fraction:4.2f}   {sweep['train_success'][i].mean():5.3f}  {test.mean():5.3f} "
              f"({test.min():.3f}-{test.max():.3f})  {proxy.mean():5.3f} ({proxy.min():.3f}-{proxy.max():.3f})")


if __name__ == "__main__":
    main()
