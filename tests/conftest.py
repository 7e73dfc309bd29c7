"""Shared pytest configuration.

- Makes ``tests/`` importable so test files can ``from badinput import assert_rejects``.
- Uses matplotlib's non-interactive Agg backend everywhere.
- Registers a hypothesis profile that keeps property tests quick and deterministic.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).parent))

from hypothesis import settings  # noqa: E402

settings.register_profile("book", max_examples=60, deadline=None, derandomize=True)
settings.load_profile("book")
