"""The checker contract (acslib.checking; CONTRIBUTING.md, *Exercises*).

- A precision accepts every answer within it — the correctly rounded answer, the
  solution's printed value, more precise answers — and rejects the rest.
- Absolute precision for dates and counts, relative for ratios; whole numbers are exact.
- Messages never contradict themselves ("close, but off by 0.0%") and never show the
  expected value of a numeric exercise; they print the student's answer at the precision
  asked for.
- Junk is reported as junk; a checker's own mistakes raise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib.checking import (
    Decimals,
    Feedback,
    Mistake,
    NumericAnswer,
    SignificantFigures,
    WholeNumber,
    check_function,
    check_number,
    checks,
    format_value,
)


def answer(expected, precision, **kwargs):
    return NumericAnswer("Exercise 9.9", expected, precision, **kwargs)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 4))
def test_decimals_accept_the_rounded_answer_and_reject_one_unit_off(expected, places):
    checker = answer(expected, Decimals(places))
    rounded = float(format_value(expected, Decimals(places)))
    assert checker.check(rounded).passed, "the correctly rounded answer must pass"
    assert checker.check(expected).passed
    unit = 10.0 ** -places
    assert not checker.check(rounded + 1.01 * unit).passed and not checker.check(rounded - 1.01 * unit).passed


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False), st.integers(1, 5))
def test_significant_figures_accept_the_rounded_answer_and_scale_with_the_value(expected, figures):
    checker = answer(expected, SignificantFigures(figures))
    written = format_value(expected, SignificantFigures(figures))
    assert checker.check(float(written)).passed, f"{written} should pass for {expected}"
    assert not checker.check(expected * (1 + 3 * 10.0 ** (1 - figures))).passed


def test_solution_printed_values_of_the_issue_pass():
    # Exercises 3.1 and 3.4 once rejected their solutions' own rounded values.
    assert answer(0.3867, SignificantFigures(2)).check(0.39)
    assert answer(0.1711, SignificantFigures(2)).check(0.17)


def test_whole_numbers_are_exact():
    checker = answer(9209, WholeNumber())
    assert checker.check(9209) and checker.check(9209.0) and checker.check(np.int64(9209))
    for wrong in (9208, 9210):
        feedback = checker.check(wrong)
        assert not feedback and "%" not in feedback.message  # no "off by 0.0%"
    fraction = checker.check(9208.6)
    assert not fraction and "not a whole number" in fraction.message
    with pytest.raises(ValueError, match="whole number"):
        answer(9208.5, WholeNumber()).check(1)


def test_years_are_compared_on_an_absolute_scale_without_contradictions():
    checker = answer(2028.54, Decimals(1), unit="")
    assert checker.check(2028.5).passed
    near = checker.check(2028.7)
    assert not near and "close but too high" in near.message and "0.0%" not in near.message
    far = checker.check(2032.0)
    assert "too high, by about 3" in far.message and "close" not in far.message
    low = checker.check(2027.0)
    assert "too low, by about 2" in low.message
    assert str(checker.check(2028.5)) == "✅ Correct (Exercise 9.9): 2028.5."  # at the precision asked


def test_an_accepted_answer_is_never_echoed_as_a_rejected_value():
    checker = answer(2028.59, Decimals(1))
    assert not checker.check(2028.5)
    accepted = checker.check(2028.55)  # within 0.05, but written as 2028.5 at one decimal
    assert accepted and accepted.message == "2028.55 (2028.6 to the nearest 0.1)."
    assert str(checker.check(2028.6)) == "✅ Correct (Exercise 9.9): 2028.6."


def test_a_rejected_answer_is_never_echoed_as_the_right_rounding():
    # 4.375 rounds to 4.38, like the answer 4.3838, but misses it by more than 0.005.
    checker = answer(4.3838, Decimals(2))
    rejected = checker.check(4.375)
    assert not rejected and rejected.message.startswith("your answer 4.375 is close but too low")
    assert "4.38" not in rejected.message.replace("4.375", "")
    assert checker.check(4.37).message.startswith("your answer 4.37 is close but too low")


def test_answers_as_given_are_written_as_javascript_writes_them():
    from acslib.checking import _as_given

    # Each pair: a float and JavaScript's String() of it (read from node).
    for value, text in [(4.375, "4.375"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (1e-6, "0.000001"),
                        (1.23e-6, "0.00000123"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
                        (123456789012345678.0, "123456789012345680"), (-0.0, "0"), (-3.0, "-3"),
                        (1e300, "1e+300"), (5e-324, "5e-324"), (2028.55, "2028.55")]:
        assert _as_given(value) == text


@given(expected=st.floats(-1e6, 1e6), places=st.integers(0, 4), offset=st.floats(0.51, 0.99))
def test_no_rejection_shows_the_expected_rounding(expected, places, offset):
    checker = answer(expected, Decimals(places))
    unit = 10.0 ** -places
    value = expected + offset * unit  # further than half a unit: rejected
    feedback = checker.check(value)
    assert not feedback
    assert f"your answer {Decimals(places).format(expected)} " not in feedback.message
    assert f"your answer {Decimals(places).format(expected)}:" not in feedback.message


def test_messages_never_show_the_expected_value():
    checker = answer(13.415, SignificantFigures(3), hint="Use the rate.")
    for wrong in (1.0, 26.8, -13.4, 13.6, 0.0, 1e9):
        feedback = checker.check(wrong)
        assert not feedback and "13.4" not in feedback.message.replace(f"{wrong}", "")
    assert "factor of about 2.0" in checker.check(26.8).message
    assert "wrong sign" in checker.check(-13.4).message
    assert "by about 1%" in checker.check(13.6).message
    assert "more than a million" in checker.check(1e300).message


def test_mistakes_get_their_own_feedback_and_must_differ_from_the_answer():
    checker = answer(6.0, Decimals(1), unit="months",
                     mistakes=[Mistake(0.5, "that is in years"), Mistake(lambda: 13.8, "base-10 log")])
    assert checker.check(0.5).message.endswith("that is in years")
    assert checker.check(13.81).message.endswith("base-10 log")
    with pytest.raises(ValueError, match="indistinguishable"):
        answer(6.0, Decimals(1), mistakes=[Mistake(6.02, "same")]).check(1.0)


@pytest.mark.parametrize("junk,phrase", [
    (None, "no answer yet"), ("6", "the text '6'"), (True, "expected a number"), ([6.0, 7.0], "list of 2"),
    ([6.0], "holding one value"), (np.array([1.0, 2.0]), "array of 2"), (float("nan"), "nan"),
    (float("inf"), "infinite"), (lambda: 6, "a function"), ({"a": 1}, "expected a number"),
    (1 + 2j, "real number"), ([[1, 2], [3]], "list of 2"),
])
def test_junk_is_reported_as_junk(junk, phrase):
    feedback = answer(6.0, Decimals(1)).check(junk)
    assert isinstance(feedback, Feedback) and not feedback.passed and phrase in feedback.message
    assert feedback.status == ("missing" if junk is None else "fail")


def test_a_checkers_own_mistakes_raise():
    with pytest.raises(ValueError, match="expected"):
        check_number(1.0, math.inf, precision=Decimals(1))
    with pytest.raises(ValueError, match="cases"):
        check_function(lambda x: x, lambda x: x, [])
    with pytest.raises(ValueError, match="cases"):
        check_function(lambda x: x, lambda x: x, "abc")
    with pytest.raises(ValueError, match="cases"):
        check_function(lambda x: x, lambda x: x, [{"x": 1}, 3])
    with pytest.raises(ValueError, match="exercise"):
        NumericAnswer("Question 1", 1.0, Decimals(1))
    with pytest.raises(ValueError, match="docstring"):
        @checks(answer(1.0, Decimals(1)))
        def check_nothing(answer):
            """Exercise 1.1: wrong label."""


def test_function_checker_reports_first_failure_junk_and_templates():
    reference = lambda x: x + 1  # noqa: E731
    assert check_function(lambda x: x + 1, reference, [{"x": 1}, {"x": 2}])
    failing = check_function(lambda x: x + 2, reference, [{"x": 1}])
    assert "x=1" in failing.message and "should return 2" in failing.message  # the case's expected output
    assert "ZeroDivisionError" in check_function(lambda x: 1 / 0, reference, [{"x": 1}]).message
    assert "forget `return`" in check_function(lambda x: None, reference, [{"x": 1}]).message
    assert "expected a function" in check_function(42, reference, [{"x": 1}]).message
    assert "parameter names" in check_function(lambda y: y, reference, [{"x": 1}]).message
    missing = check_function(None, reference, [{"x": 1}])
    assert missing.status == "missing"

    def template(x):
        """Add one."""
        ...

    assert check_function(template, reference, [{"x": 1}]).status == "missing"
    nan_reference = lambda x: np.nan  # noqa: E731
    assert check_function(lambda x: np.nan, nan_reference, [{"x": 1}])
    stand_in = check_function(lambda x: -1.0, nan_reference, [{"x": 1}])
    assert not stand_in and "returned -1 but should return nan" in stand_in.message


def test_formatting_rounds_ties_away_from_zero_like_the_website():
    assert format_value(2.5, Decimals(0)) == "3" and format_value(-2.5, Decimals(0)) == "-3"
    assert format_value(0.125, Decimals(2)) == "0.13"
    assert format_value(-0.0001, Decimals(1)) == "0.0"
    assert format_value(9.996, SignificantFigures(3)) == "10.0"
    assert format_value(3.146e23, SignificantFigures(3)) == "3.15e+23"
    assert format_value(1e308, Decimals(1)) == "1.00e+308"


def test_feedback_records_status_for_grading():
    data, metadata = answer(6.0, Decimals(1)).check(6.0)._repr_mimebundle_()
    assert data["text/plain"].startswith("✅ Correct")
    assert metadata["acslib/feedback"] == {"exercise": "Exercise 9.9", "status": "pass", "passed": True}
