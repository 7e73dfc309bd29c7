"""Input checks shared by every public acslib function.

Each helper raises :class:`ValueError` whose message starts with the name of the
offending parameter, so a reader who passes a bad value learns which argument to fix.
These helpers are private: chapters never call them, the public functions do.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_scalar",
    "as_int",
    "as_probability",
    "check_broadcastable",
    "check_same_length",
    "check_increasing",
    "as_rng",
]


def as_float_array(
    value,
    name: str,
    *,
    nonnegative: bool = False,
    positive: bool = False,
    allow_empty: bool = False,
    ndim: int | None = None,
    infinite: str = "reject",
) -> np.ndarray:
    """Convert ``value`` to a float array, rejecting NaN, infinity and empty input.

    Parameters
    ----------
    value : array_like
        The user's input.
    name : str
        The parameter name used in error messages.
    nonnegative, positive : bool
        Also require every element to be ``>= 0`` (or ``> 0``).
    allow_empty : bool
        Accept an array with no elements.
    ndim : int, optional
        Require exactly this many dimensions.
    infinite : {"reject", "positive", "ends"}
        ``"reject"`` (default) refuses any infinity; ``"positive"`` accepts ``+inf``
        (e.g. "never failed" in a list of failure times); ``"ends"`` accepts ``-inf``
        as the first and ``+inf`` as the last element only (open-ended bin edges).

    Returns
    -------
    numpy.ndarray
        A float64 array (0-d for scalar input).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(f"{name} must be numeric; got {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric; got {value!r}") from error
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional; got shape {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN")
    if infinite == "reject" and np.isinf(array).any():
        raise ValueError(f"{name} must be finite; got infinity")
    if infinite == "positive" and np.isneginf(array).any():
        raise ValueError(f"{name} must not contain negative infinity")
    if infinite == "ends":
        flat = array.ravel()
        if np.isinf(flat[1:-1]).any() or (flat.size and (flat[0] == np.inf or flat[-1] == -np.inf)):
            raise ValueError(f"{name} may be infinite only at the ends (-inf first, inf last)")
    if positive and (array <= 0).any():
        raise ValueError(f"{name} must be positive; got a value <= 0 (min {array.min():g})")
    if nonnegative and (array < 0).any():
        raise ValueError(f"{name} must be non-negative; got {array.min():g}")
    return array


def as_scalar(value, name: str, *, nonnegative: bool = False, positive: bool = False) -> float:
    """Convert ``value`` to a finite Python float (see :func:`as_float_array`)."""
    array = as_float_array(value, name, nonnegative=nonnegative, positive=positive)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar; got shape {array.shape}")
    return float(array)


def as_int(value, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int``, rejecting non-integers and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be an integer; got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return value


def as_probability(value, name: str, *, open_interval: bool = False) -> np.ndarray:
    """Return ``value`` as a float array in [0, 1] (or (0, 1) when ``open_interval``)."""
    array = as_float_array(value, name)
    if open_interval:
        if ((array <= 0) | (array >= 1)).any():
            raise ValueError(f"{name} must lie strictly between 0 and 1")
    elif ((array < 0) | (array > 1)).any():
        raise ValueError(f"{name} must lie between 0 and 1")
    return array


def check_broadcastable(**arrays: np.ndarray) -> tuple[int, ...]:
    """Return the broadcast shape of the named arrays, or say which names clash."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError as error:
        described = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"shapes do not match: {described}") from error


def check_same_length(**arrays: np.ndarray) -> int:
    """Require 1-D arrays of one length; return that length."""
    lengths = {k: np.shape(v)[0] if np.ndim(v) else None for k, v in arrays.items()}
    if len(set(lengths.values())) != 1 or None in lengths.values():
        described = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"shapes do not match: {described}")
    return next(iter(lengths.values()))


def check_increasing(array: np.ndarray, name: str) -> None:
    """Require a strictly increasing 1-D array."""
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional; got shape {array.shape}")
    if array.size > 1 and not (np.diff(array) > 0).all():
        raise ValueError(f"{name} must be strictly increasing")


def as_rng(seed, name: str = "seed") -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from a seed, a Generator or ``None``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)) or seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, a numpy Generator or None; got {seed!r}")
    return np.random.default_rng(int(seed))
