"""Monte Carlo results with their spread over seeds, never one seed alone.

A simulated number is a draw, not a fact: rerun it with another seed and it moves. The
book therefore reports every Monte Carlo result as a *seed band* — the same computation
repeated over several seeds, summarised by its mean, its standard deviation across seeds
and its range — and prints the settings next to it. :func:`seed_band` runs any function
that takes a ``seed`` keyword over a set of seeds; :class:`SeedBand` holds the results and
prints them in one line.

Defined in Chapter 3 (``chapters/03_core_problem.ipynb``), section *Checking by simulation*;
used wherever a chapter simulates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import ArgumentTypeError, as_int, as_text

__all__ = ["SeedBand", "seed_band", "MAX_SEEDS"]

#: Largest number of seeds :func:`seed_band` accepts.
MAX_SEEDS = 1000


@dataclass(frozen=True)
class SeedBand:
    """Results of one computation repeated over seeds.

    Attributes
    ----------
    values : numpy.ndarray
        One row per seed (shape ``(n_seeds,)`` for scalar results, ``(n_seeds, ...)``
        for array results).
    seeds : tuple of int
        The seeds, in row order.
    """

    values: np.ndarray
    seeds: tuple

    @property
    def mean(self):
        """Mean over seeds (elementwise for array results)."""
        return self.values.mean(axis=0)

    @property
    def std(self):
        """Standard deviation across seeds (``ddof=1``): how much one run moves."""
        return self.values.std(axis=0, ddof=1)

    @property
    def sem(self):
        """Standard error of the mean over seeds."""
        return self.std / np.sqrt(len(self.seeds))

    @property
    def low(self):
        """Smallest result over seeds."""
        return self.values.min(axis=0)

    @property
    def high(self):
        """Largest result over seeds."""
        return self.values.max(axis=0)

    def format(self, spec: str = ".3g") -> str:
        """The band in one line, for scalar results.

        Examples
        --------
        >>> print(SeedBand(np.array([1.0, 2.0, 3.0]), (0, 1, 2)).format(".2f"))
        2.00 ± 1.00 (range 1.00 to 3.00 over 3 seeds)
        """
        as_text(spec, "spec", max_length=20)
        try:
            format(1.0, spec)
        except ValueError as error:
            raise ValueError(f"spec must be a format spec for numbers, such as '.3g'; got {spec!r}") from None
        if self.values.ndim != 1:
            raise ValueError("format needs scalar results; index the band's arrays instead")
        return (f"{self.mean:{spec}} ± {self.std:{spec}} "
                f"(range {self.low:{spec}} to {self.high:{spec}} over {len(self.seeds)} seeds)")

    def __str__(self) -> str:
        return self.format() if self.values.ndim == 1 else f"SeedBand of shape {self.values.shape}"


def seed_band(function: Callable, seeds=10, **kwargs) -> SeedBand:
    """Run ``function(seed=s, **kwargs)`` for each seed and collect the results.

    Parameters
    ----------
    function : callable
        Takes a ``seed`` keyword and returns a finite number or array of one shape.
    seeds : int or sequence of int
        A count ``n`` (seeds ``0 .. n-1``) or explicit non-negative seeds; at least 2
        and at most :data:`MAX_SEEDS`.
    **kwargs
        Passed to ``function`` on every run.

    Returns
    -------
    SeedBand

    Notes
    -----
    Defined in Chapter 3, section *Checking by simulation*.

    Examples
    --------
    >>> band = seed_band(lambda seed: np.random.default_rng(seed).normal(), seeds=5)
    >>> band.values.shape, band.seeds
    ((5,), (0, 1, 2, 3, 4))
    >>> bool(band.low <= band.mean <= band.high)
    True
    """
    if not callable(function):
        raise ArgumentTypeError("function must be callable")
    if isinstance(seeds, (str, bytes, dict, bool)) or not (
            isinstance(seeds, (int, np.integer)) or hasattr(seeds, "__iter__")):
        raise ArgumentTypeError(f"seeds must be a count or a sequence of non-negative integers; got {seeds!r}")
    if isinstance(seeds, (int, np.integer)):
        count = as_int(seeds, "seeds", minimum=2)
        if count > MAX_SEEDS:
            raise ValueError(f"seeds must be at most {MAX_SEEDS}; got {count}")
        seeds = tuple(range(count))
    else:
        seeds = tuple(as_int(s, "seeds", minimum=0) for s in seeds)
        if not 2 <= len(seeds) <= MAX_SEEDS:
            raise ValueError(f"seeds must hold 2 to {MAX_SEEDS} seeds; got {len(seeds)}")
        if len(set(seeds)) != len(seeds):
            raise ValueError("seeds must be distinct")
    results = []
    for seed in seeds:
        try:
            value = np.asarray(function(seed=seed, **kwargs), dtype=float)
        except Exception as error:  # name the argument that failed, keep the cause
            raise ValueError(f"function raised {type(error).__name__} for seed {seed}: {error}") from error
        if not np.isfinite(value).all():
            raise ValueError(f"function returned a non-finite result for seed {seed}")
        results.append(value)
    shapes = {r.shape for r in results}
    if len(shapes) != 1:
        raise ValueError(f"function must return one shape for every seed; got {sorted(shapes)}")
    return SeedBand(np.stack(results), seeds)
