"""Shared assertions that a public function rejects bad input by naming the parameter.

Used by every ``tests/test_*.py``::

    from badinput import assert_rejects
    assert_rejects(exponential, dict(t=[0, 1], initial=1.0, rate=0.5), "initial", negative=True)
"""

from __future__ import annotations

import numpy as np
import pytest

__all__ = ["assert_rejects", "assert_raises_naming"]


def assert_raises_naming(function, kwargs, parameter):
    """Call ``function(**kwargs)`` and require a ValueError whose message names ``parameter``."""
    with pytest.raises(ValueError, match=parameter):
        function(**kwargs)


def assert_rejects(function, valid, parameter, *, negative=False, empty=None, zero=False, extra=()):
    """Check that ``function`` rejects NaN, infinity and other bad values of ``parameter``.

    Parameters
    ----------
    function : callable
    valid : dict
        Keyword arguments for which ``function`` succeeds.
    parameter : str
        The argument to corrupt.
    negative : bool
        Also require that a negative value is rejected.
    empty : bool or None
        Also require that an empty array is rejected; by default, when the valid
        value is array-like.
    zero : bool
        Also require that zero is rejected.
    extra : iterable
        Further bad values to try.
    """
    function(**valid)  # the baseline must pass, or the test proves nothing
    good = valid[parameter]
    is_array = np.ndim(good) > 0
    bad_values = []
    if is_array:
        array = np.array(good, dtype=float)
        for bad in (np.nan, np.inf, -np.inf):
            corrupted = array.copy()
            corrupted.flat[0] = bad
            bad_values.append(corrupted)
    else:
        bad_values += [np.nan, np.inf]
    if empty or (empty is None and is_array):
        bad_values.append(np.array([]))
    if negative:
        bad_values.append(-np.abs(np.array(good, dtype=float)) - 1.0 if is_array else -abs(float(good)) - 1.0)
    if zero:
        bad_values.append(np.zeros_like(np.array(good, dtype=float)) if is_array else 0.0)
    bad_values += list(extra)
    for bad in bad_values:
        assert_raises_naming(function, {**valid, parameter: bad}, parameter)
