"""Feedback for auto-checked exercises.

Every auto-checked exercise in the book calls a checker from :mod:`acslib.exercises`.
Checkers are built from the pieces here, and keep one contract (``CONTRIBUTING.md``,
*Exercises*):

* **The prompt states the precision it wants** ("to the nearest 0.1 year", "to 3
  significant figures", "as a whole number"), and the checker's :class:`Precision` is
  that precision: it accepts every answer that rounds to the right value (the
  solution's own printed value included) and rejects the rest. Dates, years, counts and
  indices use an absolute precision (:class:`Decimals`, :class:`WholeNumber`); other
  quantities a relative one (:class:`SignificantFigures`).
* **It never raises on a student's answer**: it returns a :class:`Feedback` that says
  plainly whether the answer passed and, if not, what to look at next. A missing answer
  (the template's ``None``) and junk (text, a list, a bool, NaN, infinity, a
  non-function where a function is wanted) are each reported as what they are.
* **It recognises the common mistakes** (:class:`Mistake`): a wrong unit, log base, sign,
  a forgotten factor, the neighbouring integer. Each gets feedback that points at it.
* **A numeric checker never shows the expected value.** It shows the student's answer
  at the precision asked for, the direction and rough size of the miss, and a hint.
  A *function* checker runs the student's function on test cases and, for the first
  case that fails, shows that case's expected output, as a unit test would: seeing one
  expected output does not give away the function.
* **A checker's own mistakes raise.** An infinite expected value, an empty list of
  test cases or malformed cases are errors in the exercise, not passes.

One declaration, :class:`NumericAnswer`, gives both renderings of a numeric exercise:
the checker students call in JupyterLab, and the answer box on the website
(:meth:`NumericAnswer.spec`, read by ``acslib/static/acs-answer.js``), with the same
verdict, wording and hints.

Defined in Chapter 1 (``chapters/01_definition.ipynb``), section *Exercises*.
"""

from __future__ import annotations

import abc
import ast
import decimal
import re
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ._validation import ArgumentTypeError, as_count, as_instance, as_int, as_scalar, as_text

__all__ = [
    "Feedback",
    "Precision",
    "Decimals",
    "SignificantFigures",
    "WholeNumber",
    "Mistake",
    "NumericAnswer",
    "checks",
    "check_number",
    "check_function",
    "format_value",
    "FEEDBACK_KEY",
]

#: Output-metadata key under which a displayed :class:`Feedback` records its exercise
#: and status, for ``scripts/grade.py``; front ends show only the text.
FEEDBACK_KEY = "acslib/feedback"
_EPSILON = 1e-9


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``passed``, a message for the student, and a status.

    ``bool(feedback)`` is ``passed``, so tests can ``assert check(...)``. ``status`` is
    ``"pass"``, ``"fail"`` or ``"missing"`` (no answer yet), which the grading script
    records.
    """

    passed: bool
    message: str
    exercise: str = ""
    status: str = ""

    def __post_init__(self):
        if not self.status:
            object.__setattr__(self, "status", "pass" if self.passed else "fail")

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.status == "solution":
            verdict = "passes" if self.passed else "fails"
            where = f" ({self.exercise})" if self.exercise else ""
            return f"Reference solution{where} {verdict}: {self.message}"
        mark = "✅ Correct" if self.passed else "❌ Not yet"
        where = f" ({self.exercise})" if self.exercise else ""
        return f"{mark}{where}: {self.message}"

    __repr__ = __str__

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": str(self), "text/markdown": str(self)}
        metadata = {FEEDBACK_KEY: {"exercise": self.exercise, "status": self.status, "passed": self.passed}}
        return data, metadata


# ----------------------------------------------------------------------------- precision
def _decimal(value: float) -> decimal.Decimal:
    return decimal.Decimal(float(value))


# Enough digits for any float written in full (1e308 with 12 decimals).
_CONTEXT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)


def _fixed(value: float, places: int) -> str:
    """``value`` with ``places`` decimals, ties rounded away from zero as JavaScript's
    ``toFixed`` does on the exact binary value (so the website box says the same)."""
    quantum = decimal.Decimal(1).scaleb(-places)
    text = str(_decimal(value).quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=_CONTEXT))
    return "0" + text[2:] if text.startswith("-0") and not any(c in "123456789" for c in text) else text


def _as_given(value: float) -> str:
    """``value`` as JavaScript's ``String(value)`` writes it: the shortest digits that
    round-trip (as :func:`repr`), positional from 1e-7 up to 1e21, so an answer echoed as
    the student gave it reads the same in the notebook and in the website's box."""
    sign, digits, exponent = decimal.Decimal(repr(float(value))).normalize(_CONTEXT).as_tuple()
    digits = "".join(map(str, digits)) or "0"
    if digits == "0":
        return "0"
    point = len(digits) + exponent  # the decimal point sits after this many digits
    if len(digits) <= point <= 21:
        text = digits + "0" * (point - len(digits))
    elif 0 < point <= 21:
        text = f"{digits[:point]}.{digits[point:]}"
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        mantissa = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
        text = f"{mantissa}e{'+' if point - 1 >= 0 else '-'}{abs(point - 1)}"
    return ("-" if sign else "") + text


def _significant(value: float, figures: int) -> str:
    """``value`` to ``figures`` significant figures, positional between 1e-4 and 1e6."""
    if value == 0:
        return _fixed(0.0, figures - 1)
    exact = _decimal(value)
    exponent = exact.adjusted()
    rounded = exact.scaleb(-exponent, context=_CONTEXT).quantize(
        decimal.Decimal(1).scaleb(1 - figures), rounding=decimal.ROUND_HALF_UP, context=_CONTEXT
    ).scaleb(exponent, context=_CONTEXT)
    exponent = rounded.adjusted()
    if 1e-4 <= abs(value) < 1e6:
        return _fixed(float(rounded), max(0, figures - 1 - exponent))
    mantissa = rounded.scaleb(-exponent, context=_CONTEXT).quantize(decimal.Decimal(1).scaleb(1 - figures),
                                                                   context=_CONTEXT)
    sign = "+" if exponent >= 0 else "-"
    return f"{mantissa}e{sign}{abs(exponent)}"


def format_value(value: float, precision: "Precision") -> str:
    """``value`` written at ``precision``, exactly as the website's answer box writes it.

    Examples
    --------
    >>> format_value(2028.46, Decimals(1))
    '2028.5'
    >>> format_value(0.38671, SignificantFigures(2))
    '0.39'
    >>> format_value(3.146e23, SignificantFigures(3))
    '3.15e+23'
    >>> format_value(9209.0, WholeNumber())
    '9209'
    """
    as_instance(precision, "precision", Precision, "Decimals, SignificantFigures or WholeNumber")
    return precision.format(value)


@dataclass(frozen=True)
class Precision(abc.ABC):
    """How precisely an exercise asks for its answer. Use a subclass."""

    @abc.abstractmethod
    def tolerance(self, expected: float) -> float:
        """The largest distance from ``expected`` that still rounds to it."""

    @abc.abstractmethod
    def format(self, value: float) -> str:
        """``value`` written at this precision."""

    @abc.abstractmethod
    def describe(self) -> str:
        """The precision in the prompt's words, e.g. "to the nearest 0.1"."""

    @property
    def relative(self) -> bool:
        return False

    def spec(self) -> dict:
        return {"kind": type(self).__name__, **self.__dict__}


@dataclass(frozen=True)
class Decimals(Precision):
    """An absolute precision: the answer to ``places`` decimal places (0 to 12).

    Accepts every answer within half a unit of the last place asked for, so a correctly
    rounded answer always passes. Use it for dates, years and other quantities whose
    scale is fixed.

    Examples
    --------
    >>> Decimals(1).describe()
    'to the nearest 0.1'
    >>> Decimals(1).tolerance(2028.46) > 0.05
    True
    """

    places: int

    def __post_init__(self):
        object.__setattr__(self, "places", as_int(self.places, "places", minimum=0, maximum=12))

    def tolerance(self, expected: float) -> float:
        expected = as_scalar(expected, "expected")
        return 0.5 * 10.0 ** -self.places * (1 + _EPSILON) + _EPSILON * abs(expected) * 1e-3

    def format(self, value: float) -> str:
        value = as_scalar(value, "value")
        if abs(value) >= 1e15:  # far off the scale asked for: no wall of digits
            return _significant(value, 3)
        return _fixed(value, self.places)

    def describe(self) -> str:
        if self.places == 0:
            return "to the nearest whole number"
        return f"to the nearest {_fixed(10.0 ** -self.places, self.places)}"


@dataclass(frozen=True)
class SignificantFigures(Precision):
    """A relative precision: the answer to ``figures`` significant figures (1 to 12).

    Accepts every answer within half a unit of the last significant figure of the
    expected value. Use it for quantities that are naturally compared as ratios.

    Examples
    --------
    >>> SignificantFigures(3).describe()
    'to 3 significant figures'
    >>> round(SignificantFigures(2).tolerance(0.3867), 6)
    0.005
    """

    figures: int

    def __post_init__(self):
        object.__setattr__(self, "figures", as_int(self.figures, "figures", minimum=1, maximum=12))

    def tolerance(self, expected: float) -> float:
        expected = as_scalar(expected, "expected")
        if expected == 0:
            raise ValueError("expected must be non-zero for a significant-figure precision; use Decimals")
        exponent = math.floor(math.log10(abs(expected)))
        return 0.5 * 10.0 ** (exponent - self.figures + 1) * (1 + _EPSILON)

    def format(self, value: float) -> str:
        return _significant(as_scalar(value, "value"), self.figures)

    def describe(self) -> str:
        return f"to {self.figures} significant figure{'s' if self.figures != 1 else ''}"

    @property
    def relative(self) -> bool:
        return True


@dataclass(frozen=True)
class WholeNumber(Precision):
    """An exact integer: a count, a sample size, an index. Nothing else passes.

    Examples
    --------
    >>> WholeNumber().describe()
    'as a whole number'
    """

    def tolerance(self, expected: float) -> float:
        as_scalar(expected, "expected")
        return 0.0

    def format(self, value: float) -> str:
        value = as_scalar(value, "value")
        if float(value).is_integer() and abs(value) < 1e15:
            return _fixed(value, 0)
        return _significant(value, 6)

    def describe(self) -> str:
        return "as a whole number"


# ------------------------------------------------------------------------------ answers
@dataclass(frozen=True)
class Mistake:
    """A common wrong answer and the feedback that points at it.

    Parameters
    ----------
    value : float or callable
        The wrong answer (or a function of no arguments that computes it), matched at
        the exercise's own precision.
    feedback : str
        What the student most likely did, and what to do instead. It must not state
        the right answer.
    """

    value: Any
    feedback: str

    def __post_init__(self):
        if not callable(self.value):
            as_scalar(self.value, "value")
        as_text(self.feedback, "feedback", allow_empty=False)

    def resolved(self) -> float:
        value = self.value() if callable(self.value) else self.value
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"value of the mistake {self.feedback!r} must be finite; got {value}")
        return value


def _as_answer(answer):
    """``(number, None)`` for a usable numeric answer, else ``(None, feedback text)``."""
    if isinstance(answer, (bool, np.bool_)):
        return None, f"expected a number, got {answer!r}."
    if isinstance(answer, str):
        return None, f"expected a number, got the text {answer!r}; remove the quotes."
    if callable(answer):
        return None, "expected a number, got a function; call it and pass its result."
    if isinstance(answer, (numbers.Number, np.number)) or (isinstance(answer, np.ndarray) and answer.ndim == 0):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return None, f"expected a real number, got {answer!r}."
        return value, None
    if isinstance(answer, (list, tuple, np.ndarray)):
        try:
            size = int(np.size(answer))
        except ValueError:  # a ragged nested list
            size = len(answer)
        kind = "an array" if isinstance(answer, np.ndarray) else f"a {type(answer).__name__}"
        if size == 1:
            return None, (f"expected a single number, got {kind} holding one value; "
                          "pass its element instead, for example float(x[0]).")
        return None, f"expected a single number, got {kind} of {size} values."
    return None, f"expected a number, got {type(answer).__name__} {answer!r}."


@dataclass
class NumericAnswer:
    """One numeric exercise, declared once: its checker and its website answer box.

    Parameters
    ----------
    exercise : str
        The label shown in feedback, ``"Exercise N.M"``, as the book numbers it.
    expected : float or callable
        The reference value, or a function of no arguments that computes it with
        acslib (called once, on first use, so importing a chapter stays quick).
    precision : Precision
        The precision the prompt asks for.
    unit : str
        The unit the prompt asks for, shown after the student's answer ("months").
    hint : str
        Shown with every wrong answer that is not a listed mistake.
    mistakes : sequence of Mistake
        Common wrong answers, checked in order after the right one.

    Examples
    --------
    >>> doubling = NumericAnswer("Exercise 0.1", expected=6.0, precision=Decimals(1),
    ...                          unit="months", hint="Use ln 2 / rate.",
    ...                          mistakes=[Mistake(0.5, "That is in years; the question asks for months.")])
    >>> print(doubling.check(6.04))
    ✅ Correct (Exercise 0.1): 6.0 months.
    >>> print(doubling.check(0.5))
    ❌ Not yet (Exercise 0.1): your answer 0.5 months: That is in years; the question asks for months.
    >>> print(doubling.check(9.0))
    ❌ Not yet (Exercise 0.1): your answer 9.0 months is too high, by about 3 months. Use ln 2 / rate.
    >>> doubling.check(None).status
    'missing'
    """

    exercise: str
    expected: Any
    precision: Precision
    unit: str = ""
    hint: str = ""
    mistakes: tuple = ()
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        as_text(self.exercise, "exercise")
        if not re.fullmatch(r"Exercise \d+\.\d+", self.exercise):
            raise ValueError(f"exercise must be a label 'Exercise N.M'; got {self.exercise!r}")
        as_instance(self.precision, "precision", Precision, "Decimals, SignificantFigures or WholeNumber")
        if type(self.precision) is Precision:
            raise ValueError("precision must be Decimals, SignificantFigures or WholeNumber")
        if not callable(self.expected):
            as_scalar(self.expected, "expected")
        as_text(self.unit, "unit", max_length=200)
        as_text(self.hint, "hint")
        if isinstance(self.mistakes, (str, bytes, dict, Mistake)) or not isinstance(self.mistakes, Iterable):
            raise ArgumentTypeError(f"mistakes must be a sequence of Mistake objects; got {type(self.mistakes).__name__}")
        self.mistakes = tuple(self.mistakes)
        if len(self.mistakes) > 100:
            raise ValueError(f"mistakes must hold at most 100 Mistake objects; got {len(self.mistakes)}")
        for mistake in self.mistakes:
            as_instance(mistake, "mistakes", Mistake, "sequence of Mistake objects")

    # The expected value and the mistakes are computed lazily, once.
    def value(self) -> float:
        """The expected value (computed on first use)."""
        if "value" not in self._cache:
            value = self.expected() if callable(self.expected) else self.expected
            value = as_scalar(value, "expected")
            if isinstance(self.precision, WholeNumber) and not value.is_integer():
                raise ValueError(f"expected value of {self.exercise} must be a whole number; got {value}")
            self._cache["value"] = value
        return self._cache["value"]

    def _mistake_values(self) -> list:
        if "mistakes" not in self._cache:
            expected, tolerance = self.value(), self.precision.tolerance(self.value())
            resolved = []
            for mistake in self.mistakes:
                value = mistake.resolved()
                if abs(value - expected) <= tolerance + self.precision.tolerance(value):
                    raise ValueError(f"mistake {mistake.feedback!r} of {self.exercise} is indistinguishable "
                                     "from the right answer at this precision")
                resolved.append((value, mistake.feedback))
            self._cache["mistakes"] = resolved
        return self._cache["mistakes"]

    def _shown(self, value: float) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.precision.format(value)}{unit}"

    def check(self, answer) -> Feedback:
        """Check ``answer`` and return :class:`Feedback` (never raises on the answer)."""
        if answer is None:
            return Feedback(False, "no answer yet — replace None with your value and run the cell again.",
                            self.exercise, status="missing")
        value, problem = _as_answer(answer)
        if problem:
            return Feedback(False, problem, self.exercise)
        if math.isnan(value):
            return Feedback(False, "your answer is nan; look for 0/0 or the log of a negative number.", self.exercise)
        if math.isinf(value):
            return Feedback(False, "your answer is infinite; look for a division by zero or an overflow.",
                            self.exercise)
        expected = self.value()
        if isinstance(self.precision, WholeNumber) and abs(value - round(value)) > _EPSILON * max(1.0, abs(value)):
            return Feedback(False, f"your answer {self._shown(value)} is not a whole number; "
                                   "the question asks for a whole number.", self.exercise)
        tolerance = self.precision.tolerance(expected)
        if abs(value - expected) <= tolerance:
            shown, rounded = self.precision.format(value), self.precision.format(expected)
            if shown == rounded:
                return Feedback(True, f"{self._shown(value)}.", self.exercise)
            # Within the precision but written to more places, on the far side of a rounding
            # boundary: show it as given, and the answer as rounded, never a rejected value.
            unit = f" {self.unit}" if self.unit else ""
            return Feedback(True, f"{_as_given(value)}{unit} ({rounded}{unit} {self.precision.describe()}).", self.exercise)
        # A rejected answer is never shown rounded to the right answer's digits (4.375
        # against 4.384 is not "4.38"): when its rounding matches, it is shown as given.
        shown = self._shown(value)
        if self.precision.format(value) == self.precision.format(expected):
            shown = f"{_as_given(value)}{f' {self.unit}' if self.unit else ''}"
        for mistake_value, feedback in self._mistake_values():
            if abs(value - mistake_value) <= self.precision.tolerance(mistake_value):
                return Feedback(False, f"your answer {shown}: {feedback}", self.exercise)
        message = f"your answer {shown} is {self._direction(value, expected, tolerance)}."
        return Feedback(False, f"{message} {self.hint}".strip(), self.exercise)

    def _direction(self, value: float, expected: float, tolerance: float) -> str:
        """How the answer misses, in words that never contradict themselves."""
        if self.precision.relative:
            if value == 0 or (value < 0) != (expected < 0):
                return "of the wrong sign" if value != 0 else "zero, which cannot be right"
            log_factor = abs(math.log(abs(value)) - math.log(abs(expected)))
            side = "high" if abs(value) > abs(expected) else "low"
            if log_factor > math.log(1e6):
                return f"too {side} by a factor of more than a million"
            factor = math.exp(log_factor)
            if factor >= 1.5:
                return f"too {side} by a factor of about {_significant(factor, 2)}"
            percent = 100 * (factor - 1)
            if percent >= 1:
                return f"too {side}, by about {_fixed(percent, 0)}%"
            return (f"close but too {side}: within 1%, not {self.precision.describe()}; "
                    "check your rounding and the last step")
        miss = value - expected
        side = "high" if miss > 0 else "low"
        if abs(miss) <= 10 * max(tolerance, 10.0 ** -12):
            return (f"close but too {side}: not {self.precision.describe()}; "
                    "check your rounding and the last step")
        unit = f" {self.unit}" if self.unit else ""
        return f"too {side}, by about {_significant(abs(miss), 1)}{unit}"

    def spec(self) -> dict:
        """Everything the website's answer box needs, as JSON-ready data.

        It holds the expected value, so the full website shows a box and the student
        edition does not (see the instructor guide).
        """
        expected = self.value()
        return {
            "exercise": self.exercise,
            "expected": expected,
            "tolerance": self.precision.tolerance(expected),
            "precision": self.precision.spec(),
            "describe": self.precision.describe(),
            "unit": self.unit,
            "hint": self.hint,
            "mistakes": [
                {"value": v, "tolerance": self.precision.tolerance(v), "feedback": f}
                for v, f in self._mistake_values()
            ],
        }


    def box_html(self, dom_id: str) -> str:
        """The website's answer box for this exercise (``acslib/static/acs-answer.js``).

        It embeds :meth:`spec`, expected value included, and says so in one line; the
        student edition leaves the box out.
        """
        import html as _html
        import json

        as_text(dom_id, "dom_id")
        if not re.fullmatch(r"[A-Za-z][\w-]*", dom_id):
            raise ValueError(f"dom_id must be an HTML id; got {dom_id!r}")
        unit = f" ({_html.escape(self.unit)})" if self.unit else ""
        spec = _html.escape(json.dumps(self.spec(), ensure_ascii=False), quote=True)
        return (
            f'<form class="acs-answer" id="{dom_id}" data-spec="{spec}" hidden novalidate>'
            f'<label for="{dom_id}-input">Check your answer to {_html.escape(self.exercise)}{unit} here, '
            f"without a kernel:</label> "
            f'<input id="{dom_id}-input" type="text" inputmode="decimal" autocomplete="off" spellcheck="false"> '
            f'<button type="submit">Check</button>'
            f'<p class="acs-verdict" role="status"></p>'
            f'<p class="acs-answer-note">The box checks answers in this page, so the page source holds the '
            f"answer; the student edition has no box.</p></form>"
        )


def checks(answer: NumericAnswer) -> Callable:
    """Mark a checker function as the entry point of ``answer``.

    The website finds the answer box of an exercise cell through this mark, and the
    tests check that the function's docstring starts with the same ``Exercise N.M:``.

    Examples
    --------
    >>> ANSWER = NumericAnswer("Exercise 0.2", expected=2.0, precision=Decimals(0))
    >>> @checks(ANSWER)
    ... def check_two(answer):
    ...     '''Exercise 0.2: the number two.'''
    ...     return ANSWER.check(answer)
    >>> check_two.answer is ANSWER
    True
    """
    if not isinstance(answer, NumericAnswer):
        raise ValueError("answer must be a NumericAnswer")

    def mark(function):
        doc = (function.__doc__ or "").strip()
        if not doc.startswith(f"{answer.exercise}:"):
            raise ValueError(f"the docstring of {function.__name__} must start with '{answer.exercise}:'")
        function.answer = answer
        return function

    return mark


@dataclass(frozen=True)
class _LegacyTolerance(Precision):
    """Transitional: the rtol/atol checks of the first edition, until every checker
    states its precision. Not for new code (a test lists the checkers still using it)."""

    rtol: float = 0.01
    atol: float = 0.0

    def tolerance(self, expected: float) -> float:
        return self.atol + self.rtol * abs(expected)

    def format(self, value: float) -> str:
        return f"{value:.4g}"

    def describe(self) -> str:
        return "to the precision asked for"

    @property
    def relative(self) -> bool:
        return self.rtol > 0


def check_number(answer, expected: float, *, precision: Precision | None = None, exercise: str = "Exercise 0.0",
                 unit: str = "", hint: str = "", mistakes: Iterable[Mistake] = (),
                 rtol: float | None = None, atol: float | None = None) -> Feedback:
    """Compare a numeric ``answer`` with ``expected`` at ``precision`` (one-off checks).

    A shorthand for ``NumericAnswer(...).check(answer)``; chapter checkers declare a
    module-level :class:`NumericAnswer` instead, so the website can show its box.

    Examples
    --------
    >>> check_number(2.0, 2.004, precision=Decimals(2)).passed
    True
    >>> print(check_number(4.0, 2.0, precision=SignificantFigures(2), hint="Divide by the rate."))
    ❌ Not yet (Exercise 0.0): your answer 4.0 is too high by a factor of about 2.0. Divide by the rate.
    >>> print(check_number(None, 2.0, precision=Decimals(1)))
    ❌ Not yet (Exercise 0.0): no answer yet — replace None with your value and run the cell again.
    """
    if precision is None:
        precision = _LegacyTolerance(rtol=0.01 if rtol is None else rtol, atol=atol or 0.0)
    return NumericAnswer(exercise, expected, precision, unit=unit, hint=hint, mistakes=mistakes).check(answer)


# ----------------------------------------------------------------------------- functions
def _show(value) -> str:
    if value is None:
        return "None"
    array = np.asarray(value)
    if array.ndim == 0 and np.issubdtype(array.dtype, np.number):
        return f"{float(array):.4g}"
    if array.dtype == object:
        return repr(value)
    return np.array2string(array, precision=4, threshold=8)


def _same(got, want, rtol: float, atol: float) -> bool:
    if want is None:
        return got is None
    try:
        got_array = np.asarray(got, dtype=float)
        want_array = np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return False
    if got_array.shape != want_array.shape:
        return False
    return bool(np.allclose(got_array, want_array, rtol=rtol, atol=atol, equal_nan=True))


def _validated_cases(cases) -> list:
    if isinstance(cases, (str, bytes, dict)) or not isinstance(cases, Iterable):
        raise ArgumentTypeError(f"cases must be a list of dicts of keyword arguments; got {type(cases).__name__}")
    cases = list(cases)
    if not cases:
        raise ValueError("cases must hold at least one test case")
    if len(cases) > 1000:
        raise ValueError(f"cases must hold at most 1,000 test cases; got {len(cases)}")
    for case in cases:
        if not isinstance(case, dict) or not all(isinstance(k, str) and k.isidentifier() for k in case):
            raise ValueError(f"cases must hold dicts keyed by argument names; got {case!r}")
    return cases


def check_function(function: Callable, reference: Callable, cases: Iterable[dict], *, exercise: str = "",
                   rtol: float = 1e-6, atol: float = 1e-9, hint: str = "") -> Feedback:
    """Run a student's ``function`` on test ``cases`` and compare with ``reference``.

    Parameters
    ----------
    function : callable or None
        The student's function. ``None`` (or a function whose body is still ``...``)
        means "not attempted yet".
    reference : callable
        acslib's implementation, called with the same keyword arguments.
    cases : iterable of dict
        Keyword arguments for each test case; at least one.
    exercise, hint : str
        As in :class:`NumericAnswer`.
    rtol, atol : float
        Tolerances for :func:`numpy.allclose`; NaN matches NaN.

    Returns
    -------
    Feedback
        Names the first failing case, what the function returned for it and what it
        should return.

    Raises
    ------
    ValueError
        If ``cases`` is empty or malformed, or ``reference`` is not callable: the
        exercise itself is broken.

    Examples
    --------
    >>> square = lambda x: x * x
    >>> check_function(lambda x: x ** 2, square, [{"x": 2.0}, {"x": -3.0}]).passed
    True
    >>> print(check_function(lambda x: 2 * x, square, [{"x": 2.0}, {"x": 3.0}]))
    ❌ Not yet: for x=3.0 your function returned 6 but should return 9.
    >>> print(check_function(42, square, [{"x": 1.0}]))
    ❌ Not yet: expected a function (a def or a lambda), got int 42.
    """
    if not callable(reference):
        raise ArgumentTypeError("reference must be callable")
    as_text(exercise, "exercise")
    as_text(hint, "hint")
    rtol = as_scalar(rtol, "rtol", nonnegative=True)
    atol = as_scalar(atol, "atol", nonnegative=True)
    cases = _validated_cases(cases)
    if function is None:
        return Feedback(False, "no function yet — define it in the cell above and run this cell again.", exercise,
                        status="missing")
    if not callable(function):
        return Feedback(False, f"expected a function (a def or a lambda), got {type(function).__name__} {function!r}.",
                        exercise)
    if _is_template(function):
        return Feedback(False, "your function's body is still `...`; write it, then run this cell again.",
                        exercise, status="missing")
    for count, case in enumerate(cases, start=1):
        shown = ", ".join(f"{k}={v!r}" for k, v in case.items())
        try:
            got = function(**case)
        except TypeError as error:
            if "argument" in str(error):
                return Feedback(False, f"your function could not be called with {shown}: {error}. "
                                       "Check its parameter names.", exercise)
            return Feedback(False, f"for {shown} your function raised TypeError: {error}.", exercise)
        except Exception as error:  # report the student's error instead of raising it
            return Feedback(False, f"for {shown} your function raised {type(error).__name__}: {error}.", exercise)
        try:
            want = reference(**case)
        except Exception as error:  # the exercise's own reference is broken: that is our bug
            raise ValueError(f"reference raised {type(error).__name__} for {shown}: {error}") from error
        if got is None and want is not None:
            return Feedback(False, f"for {shown} your function returned None; did you forget `return`?", exercise)
        if not _same(got, want, rtol, atol):
            message = f"for {shown} your function returned {_show(got)} but should return {_show(want)}."
            return Feedback(False, f"{message} {hint}".strip(), exercise)
    return Feedback(True, f"all {count} test cases pass.", exercise)


def _is_template(function) -> bool:
    """Whether ``function`` is the exercise template: a body of only ``...`` (and a docstring)."""
    import inspect
    import textwrap

    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        return False
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and body[0].value.value is Ellipsis
