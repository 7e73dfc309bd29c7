"""Feedback for auto-checked exercises.

Every auto-checked exercise in the book calls a checker from
:mod:`acslib.exercises`, which is built from the two functions here. A checker
never raises on a wrong or missing answer: it returns a :class:`Feedback` that
says plainly whether the answer passed and, if not, what to look at next. It does
not print the expected value, so the exercise stays worth doing.

Defined in Chapter 1 (``chapters/01_definition.ipynb``), section *Exercises*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

__all__ = ["Feedback", "check_number", "check_function"]


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``passed`` and a message for the student.

    ``bool(feedback)`` is ``passed``, so tests can ``assert check(...)``.
    """

    passed: bool
    message: str
    exercise: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        mark = "✅ Correct" if self.passed else "❌ Not yet"
        where = f" ({self.exercise})" if self.exercise else ""
        return f"{mark}{where}: {self.message}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return str(self)


def _show(value) -> str:
    if value is None:
        return "None"
    array = np.asarray(value)
    if array.ndim == 0 and np.issubdtype(array.dtype, np.number):
        return f"{float(array):.4g}"
    return np.array2string(array, precision=4)


def _direction(answer: float, expected: float) -> str:
    ratio = answer / expected if expected != 0 else math.inf
    if not math.isfinite(ratio):
        return "far off"
    if 0.9 < ratio < 1.1:
        return f"close, but off by {abs(ratio - 1):.1%}"
    if ratio > 0:
        return f"too {'high' if ratio > 1 else 'low'} by a factor of about {max(ratio, 1 / ratio):.3g}"
    return "of the wrong sign"


def check_number(answer, expected: float, *, exercise: str = "", rtol: float = 0.01, atol: float = 0.0,
                 hint: str = "", unit: str = "") -> Feedback:
    """Compare a numeric ``answer`` with ``expected`` within a relative tolerance.

    Parameters
    ----------
    answer : object
        What the student computed. ``None`` (the exercise template) means "not
        attempted yet".
    expected : float
        The reference value, computed by acslib.
    exercise : str
        Label shown in the feedback, e.g. ``"Exercise 1.2"``.
    rtol, atol : float
        Accept ``|answer - expected| <= atol + rtol * |expected|``.
    hint : str
        Shown when the answer is wrong.
    unit : str
        Unit to mention in the feedback.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_number(2.0, 2.005, exercise="Exercise 0.1").passed
    True
    >>> print(check_number(4.0, 2.0, hint="Divide by the rate."))
    ❌ Not yet: your answer 4 is too high by a factor of about 2. Divide by the rate.
    >>> print(check_number(None, 2.0))
    ❌ Not yet: no answer yet — replace None with your value and run the cell again.
    """
    if answer is None:
        return Feedback(False, "no answer yet — replace None with your value and run the cell again.", exercise)
    try:
        value = float(np.asarray(answer, dtype=float))
    except (TypeError, ValueError):
        return Feedback(False, f"expected a single number, got {type(answer).__name__} {answer!r}.", exercise)
    if not math.isfinite(value):
        return Feedback(False, f"your answer is {value}; look for a division by zero or a log of zero.", exercise)
    unit_text = f" {unit}" if unit else ""
    if abs(value - expected) <= atol + rtol * abs(expected):
        return Feedback(True, f"{value:.4g}{unit_text} is right.", exercise)
    message = f"your answer {value:.4g}{unit_text} is {_direction(value, expected)}."
    return Feedback(False, f"{message} {hint}".strip(), exercise)


def check_function(function: Callable, reference: Callable, cases: Iterable[dict], *, exercise: str = "",
                   rtol: float = 1e-6, atol: float = 1e-9, hint: str = "") -> Feedback:
    """Run a student's ``function`` on test ``cases`` and compare with ``reference``.

    Parameters
    ----------
    function : callable or None
        The student's function. ``None`` means "not attempted yet".
    reference : callable
        acslib's implementation, called with the same keyword arguments.
    cases : iterable of dict
        Keyword arguments for each test case.
    exercise, hint : str
        As in :func:`check_number`.
    rtol, atol : float
        Tolerances for :func:`numpy.allclose`.

    Returns
    -------
    Feedback
        Names the first failing case and what the function returned for it.

    Examples
    --------
    >>> square = lambda x: x * x
    >>> check_function(lambda x: x ** 2, square, [{"x": 2.0}, {"x": -3.0}]).passed
    True
    >>> print(check_function(lambda x: 2 * x, square, [{"x": 2.0}, {"x": 3.0}]))
    ❌ Not yet: for x=3.0 your function returned 6 but should return 9.
    """
    if function is None:
        return Feedback(False, "no function yet — define it in the cell above and run this cell again.", exercise)
    if not callable(function):
        return Feedback(False, f"expected a function, got {type(function).__name__}.", exercise)
    count = 0
    for case in cases:
        count += 1
        shown = ", ".join(f"{k}={v!r}" for k, v in case.items())
        try:
            got = function(**case)
        except Exception as error:  # report the student's error instead of raising it
            return Feedback(False, f"for {shown} your function raised {type(error).__name__}: {error}.", exercise)
        want = reference(**case)
        if got is None and want is not None:
            return Feedback(False, f"for {shown} your function returned None; did you forget `return`?", exercise)
        try:
            same = (got is None and want is None) or bool(
                np.allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=rtol, atol=atol)
            )
        except (TypeError, ValueError):
            same = False
        if not same:
            message = f"for {shown} your function returned {_show(got)} but should return {_show(want)}."
            return Feedback(False, f"{message} {hint}".strip(), exercise)
    return Feedback(True, f"all {count} test cases pass.", exercise)
