"""Input checks shared by every public acslib function: the one way acslib validates.

Each helper raises an exception whose message starts with the name of the offending
parameter, so a reader who passes a bad value learns which argument to fix:

* a value of the wrong *type* (a string, ``None``, a dict, a boolean where a number is
  meant, a non-integer where a count is meant) raises :class:`ArgumentTypeError`, which is
  a :class:`TypeError` and, so that code written against the older helpers keeps working,
  also a :class:`ValueError`;
* a value of the right type but outside its domain (NaN, infinity, a negative rate, an
  empty array, a size above its cap, a result that would overflow) raises
  :class:`ValueError`.

Counts, sizes and iteration numbers are validated with :func:`as_count`, which requires
an explicit cap: every loop and every allocation an argument controls has a bound that
is checked before any work starts, and the message states the cap (the function's
docstring states it too). Results that could overflow are passed through
:func:`finite_result`, which rejects them with a message that says what overflowed.

These helpers are private: chapters never call them, the public functions do.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

__all__ = [
    "ArgumentTypeError",
    "as_float_array",
    "as_scalar",
    "as_int",
    "as_count",
    "as_whole_array",
    "as_probability",
    "as_bool",
    "as_choice",
    "as_instance",
    "as_text",
    "check_broadcastable",
    "check_same_length",
    "check_increasing",
    "check_total_size",
    "finite_result",
    "as_rng",
    "MAX_ELEMENTS",
]

#: Largest number of array elements a count argument may make a function allocate
#: (50 million float64 values, 400 MB), unless the function documents a smaller cap.
MAX_ELEMENTS = 50_000_000


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type.

    A :class:`TypeError`, as Python's convention asks, and also a :class:`ValueError`,
    so that callers which catch ``ValueError`` for any bad argument keep working.
    """


def _shown(value, limit: int = 60) -> str:
    """A short description of ``value`` for an error message."""
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - a broken __repr__
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _has_bool(value) -> bool:
    """Whether ``value`` is a boolean or a (nested) sequence or array holding one."""
    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            return True
        if value.dtype.kind == "O":
            return any(isinstance(v, (bool, np.bool_)) for v in value.ravel())
        return False
    if isinstance(value, (list, tuple)):
        return any(_has_bool(v) for v in value)
    return False


def as_float_array(
    value,
    name: str,
    *,
    nonnegative: bool = False,
    positive: bool = False,
    allow_empty: bool = False,
    ndim: int | None = None,
    infinite: str = "reject",
    allow_bool: bool = False,
) -> np.ndarray:
    """Convert ``value`` to a float array, rejecting NaN, infinity, empty and non-numeric input.

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
    allow_bool : bool
        Accept booleans (as 0 and 1). Off by default: a boolean where a number is meant
        is almost always a mistake. Turn it on for 0/1 flags such as "was this right".

    Returns
    -------
    numpy.ndarray
        A float64 array (0-d for scalar input).

    Raises
    ------
    ArgumentTypeError
        For strings, ``None``, mappings, booleans (unless ``allow_bool``), complex numbers,
        dates and other non-numbers.
    ValueError
        For ragged sequences, NaN, infinity, empty input, the wrong number of dimensions or
        values outside the required sign.
    """
    if isinstance(value, (str, bytes, Mapping, set, frozenset)) or value is None:
        raise ArgumentTypeError(f"{name} must be numeric; got {_shown(value)}")
    if not allow_bool and _has_bool(value):
        raise ArgumentTypeError(f"{name} must be numeric, not boolean; got {_shown(value)}")
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be a numeric array of regular shape; got {_shown(value)}") from error
    kind = raw.dtype.kind
    if kind == "O":
        for element in raw.ravel():
            if isinstance(element, (bool, np.bool_)) and not allow_bool:
                raise ArgumentTypeError(f"{name} must be numeric, not boolean; got {_shown(value)}")
            if not isinstance(element, (numbers.Real, np.bool_)):
                raise ArgumentTypeError(f"{name} must be numeric; got {_shown(value)}")
    elif kind not in "biuf":
        raise ArgumentTypeError(f"{name} must be numeric (real numbers); got {_shown(value)}")
    try:
        array = raw.astype(float)
    except OverflowError as error:
        raise ValueError(f"{name} must be finite; got a number too large for float64") from error
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


def as_scalar(value, name: str, *, nonnegative: bool = False, positive: bool = False,
              allow_bool: bool = False) -> float:
    """Convert ``value`` to a finite Python float (see :func:`as_float_array`)."""
    array = as_float_array(value, name, nonnegative=nonnegative, positive=positive, allow_bool=allow_bool)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar; got shape {array.shape}")
    return float(array)


def as_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int``, rejecting non-integers and values outside [minimum, maximum].

    Whole floats such as ``3.0`` are accepted; booleans, strings and other types raise
    :class:`ArgumentTypeError`; fractions, NaN and infinity raise :class:`ValueError`.
    Counts should use :func:`as_count`, which requires a cap.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be an integer, not a boolean; got {value!r}")
    if isinstance(value, (numbers.Integral, np.integer)):
        value = int(value)
    elif isinstance(value, (numbers.Real, np.floating)):
        number = float(value)
        if not np.isfinite(number) or not number.is_integer():
            raise ValueError(f"{name} must be an integer; got {value!r}")
        value = int(number)
    else:
        raise ArgumentTypeError(f"{name} must be an integer; got {_shown(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        shown = f"{value:,}" if value < 10**30 else f"{float(value):.3g}"
        raise ValueError(f"{name} must be at most {maximum:,}; got {shown}")
    return value


def as_count(value, name: str, *, cap: int, minimum: int = 1) -> int:
    """A count, size or iteration number: an integer from ``minimum`` to ``cap``.

    The cap is part of the function's contract: state it in the docstring ("at most
    10,000"). The error message gives it in the same form.
    """
    return as_int(value, name, minimum=minimum, maximum=cap)


def as_whole_array(value, name: str, *, minimum=None, maximum=None, ndim: int | None = None,
                   allow_empty: bool = False) -> np.ndarray:
    """An array of whole numbers (as ``int64``) between ``minimum`` and ``maximum``."""
    array = as_float_array(value, name, ndim=ndim, allow_empty=allow_empty)
    if (array != np.round(array)).any():
        raise ValueError(f"{name} must hold whole numbers")
    if minimum is not None and (array < minimum).any():
        raise ValueError(f"{name} must be at least {minimum}; got {array.min():g}")
    if maximum is not None and (array > maximum).any():
        raise ValueError(f"{name} must be at most {maximum:,}; got {array.max():g}")
    if (np.abs(array) > 2.0**62).any():
        raise ValueError(f"{name} must be at most {2**62:,} in magnitude; got {np.abs(array).max():g}")
    return array.astype(np.int64)


def as_probability(value, name: str, *, open_interval: bool = False) -> np.ndarray:
    """Return ``value`` as a float array in [0, 1] (or (0, 1) when ``open_interval``)."""
    array = as_float_array(value, name)
    if open_interval:
        if ((array <= 0) | (array >= 1)).any():
            raise ValueError(f"{name} must lie strictly between 0 and 1")
    elif ((array < 0) | (array > 1)).any():
        raise ValueError(f"{name} must lie between 0 and 1")
    return array


def as_bool(value, name: str) -> bool:
    """Require ``True`` or ``False`` (a numpy bool too); anything else is a type error."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False; got {_shown(value)}")
    return bool(value)


def as_choice(value, name: str, options) -> str:
    """Require one of the strings in ``options``; say which are allowed otherwise."""
    shown = options if isinstance(options, (tuple, list)) else list(options)
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be one of {shown}; got {_shown(value)}")
    if value not in tuple(options):
        raise ValueError(f"{name} must be one of {shown}; got {value!r}")
    return value


def as_instance(value, name: str, kind, description: str | None = None):
    """Require an instance of ``kind`` (a class or a tuple of classes)."""
    if not isinstance(value, kind):
        if description is None:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            description = " or ".join(k.__name__ for k in kinds)
        raise ArgumentTypeError(f"{name} must be a {description}; got {type(value).__name__}")
    return value


def as_text(value, name: str, *, allow_empty: bool = True, max_length: int = 100_000) -> str:
    """Require a string (a label, a unit, a message), at most ``max_length`` characters."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a string; got {_shown(value)}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{name} must be at most {max_length:,} characters; got {len(value):,}")
    return value


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


def check_total_size(names: str, total, cap: int = MAX_ELEMENTS, what: str = "elements") -> None:
    """Reject a combination of sizes whose product (``total``) exceeds ``cap``.

    ``names`` lists the parameters that multiply, e.g. ``"n_samples × n_features"``.
    """
    total = float(total)
    if total > cap:
        raise ValueError(f"{names} must be at most {cap:,} {what} in total; got {total:.3g}")


def finite_result(value, names: str, what: str):
    """Return ``value`` if every element is finite; otherwise say what overflowed.

    Parameters
    ----------
    value : array_like
        A computed result.
    names : str
        The parameters whose values produced it, e.g. ``"t, initial, rate"``.
    what : str
        What overflowed, e.g. ``"initial * exp(rate * t)"``.
    """
    if not np.isfinite(value).all():
        raise ValueError(
            f"{names}: {what} overflows float64 (its magnitude would exceed 1.8e308) for these values"
        )
    return value


def as_rng(seed, name: str = "seed") -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from a seed, a Generator or ``None``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise ArgumentTypeError(
            f"{name} must be a non-negative integer, a numpy Generator or None; got {_shown(seed)}"
        )
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, a numpy Generator or None; got {seed!r}")
    return np.random.default_rng(int(seed))
