"""Tests for exercise feedback (acslib.checking) and the Chapter 1 checkers."""

import numpy as np

from acslib.checking import check_function, check_number
from acslib.exercises import definition


def test_check_number_feedback():
    assert check_number(1.005, 1.0).passed
    wrong = check_number(2.0, 1.0, hint="Look again.")
    assert not wrong and "too high" in wrong.message and "Look again." in wrong.message
    hidden = check_number(5.0, 1.2345)
    assert "1.23" not in hidden.message  # never reveals the expected value
    assert "no answer yet" in check_number(None, 1.0).message
    assert "single number" in check_number("abc", 1.0).message
    assert "inf" in check_number(float("inf"), 1.0).message
    assert "wrong sign" in check_number(-1.0, 1.0).message


def test_check_function_reports_first_failure_and_errors():
    reference = lambda x: x + 1
    assert check_function(lambda x: x + 1, reference, [{"x": 1}, {"x": 2}])
    failing = check_function(lambda x: x + 2, reference, [{"x": 1}])
    assert "x=1" in failing.message and "3" in failing.message
    raising = check_function(lambda x: 1 / 0, reference, [{"x": 1}])
    assert "ZeroDivisionError" in raising.message
    assert "return" in check_function(lambda x: None, reference, [{"x": 1}]).message
    assert "no function yet" in check_function(None, reference, []).message


def test_chapter1_checkers_accept_right_and_reject_wrong_answers():
    assert definition.check_compute_doubling_months(6.0)
    assert not definition.check_compute_doubling_months(3.0)
    assert definition.check_crossing_year(np.log(100) / np.log(2))
    assert not definition.check_crossing_year(10.0)
    assert definition.check_required_alignment_factor(4 * 100 ** -0.1)
    assert not definition.check_required_alignment_factor(4.0)
    assert definition.check_logistic_crossing(definition._reference_logistic_crossing)
    assert not definition.check_logistic_crossing(lambda **kw: 1.0)
    assert not definition.check_logistic_crossing(None)
