"""Chapter 3 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, values just outside the precision fail, and junk is
reported as junk (issue 10, section 1)."""

import numpy as np
import pytest

from acslib import risk
from acslib.exercises import core_problem as ex

#: (checker, declaration, the value the solution prints)
NUMERIC = [
    (ex.check_constant_gap_probability, ex.CONSTANT_GAP, 0.39),
    (ex.check_metr_crossing_years, ex.METR_CROSSING, 5.5),
    (ex.check_hazard_doubling_time, ex.HAZARD_DOUBLING, 1.54),
    (ex.check_lifetime_risk, ex.LIFETIME_RISK, 0.17),
    (ex.check_oversight_hazard, ex.OVERSIGHT_HAZARD, 0.59),
    (ex.check_standard_errors, ex.STANDARD_ERRORS, 2.9),
]
IDS = [answer.exercise for _, answer, _ in NUMERIC]

#: The common mistakes, as a student would enter them at the precision asked for, and a phrase
#: the feedback must contain.
MISTAKES = {
    "Exercise 3.1": [(0.22, "base rate alone"), (0.12, "sign reversed"), (0.84, "not the ratio 2"),
                     (0.29, "not log10"), (0.50, "cumulative hazard"), (0.61, "no failure at all")],
    "Exercise 3.2": [(3.9, "ignores alignment's growth"), (6.7, "ln 2 / 2"), (2.4, "not log10 100"),
                     (1.6, "annual_factor")],
    "Exercise 3.3": [(2.31, "doubling time of C/A"), (0.66, "rate *difference*"), (2.22, "factor e"),
                     (0.67, "not log10 2"), (3.47, "divides the doubling time"), (0.45, "continuous growth rate")],
    "Exercise 3.4": [(0.064, "leaves out the starting gap"), (0.023, "sign reversed"), (0.12, "2^1.5, not 2"),
                     (0.25, "not at the gap's rate"), (0.19, "total (integrated) hazard"), (1.0, "not certain")],
    "Exercise 3.7": [(1.4, "*catches*"), (0.70, "catch probability q"), (0.30, "share of failures missed"),
                     (0.84, "exponential (low-gap) approximation"), (0.27, "not by 3"),
                     (1.8, "not the probability 0.95"), (0.10, "hazard at parity")],
    "Exercise 3.8": [(1304.4, "its square root"), (0.0, "single world"), (1.3, "1/√n"),
                     (-2.9, "a positive number")],
}


def test_every_numeric_checker_is_listed():
    declared = {v.exercise for v in vars(ex).values() if isinstance(v, type(ex.CONSTANT_GAP))}
    assert declared == set(IDS) == set(MISTAKES)


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker.answer is answer
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    assert answer.precision.format(answer.value()) == f"{printed:g}" or \
        float(answer.precision.format(answer.value())) == printed


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_values_just_outside_the_precision_fail(checker, answer, printed):
    step = answer.precision.tolerance(answer.value())
    for value in (answer.value() + 1.5 * step, answer.value() - 1.5 * step):
        feedback = checker(value)
        assert not feedback.passed and feedback.status == "fail", (value, feedback.message)
    # A close miss is told it is close, without a self-contradicting "off by 0%".
    close = checker(answer.value() + 1.5 * step).message
    assert "0%" not in close and "0.0%" not in close


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    for value, phrase in MISTAKES[answer.exercise]:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)
        assert answer.precision.format(answer.value()) not in feedback.message.split(":", 1)[1]


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_junk_is_reported_as_junk(checker, answer, printed):
    assert checker(None).status == "missing"
    assert "text" in checker("0.39").message
    assert "single number" in checker([printed, printed]).message
    assert "nan" in checker(float("nan")).message
    assert "infinite" in checker(float("inf")).message
    assert "function" in checker(lambda: printed).message
    assert not checker(True).passed


def test_issue_10_instances_accept_the_solutions_rounded_values():
    # Exercises 3.1 and 3.4 used to reject the solutions' own 0.39 and 0.17.
    assert ex.check_constant_gap_probability(0.39).passed
    assert ex.check_lifetime_risk(0.17).passed
    assert ex.check_constant_gap_probability(0.3935).passed and ex.check_lifetime_risk(0.172).passed
    assert not ex.check_constant_gap_probability(0.40).passed and not ex.check_lifetime_risk(0.18).passed


def test_expected_values_come_from_acslib_and_match_the_analytic_answers():
    assert ex.CONSTANT_GAP.value() == pytest.approx(1 - np.exp(-0.02 * 25))
    assert ex.HAZARD_DOUBLING.value() == pytest.approx(np.log(2) / (1.5 * 0.3))
    assert ex.LIFETIME_RISK.value() == pytest.approx(1 - np.exp(-0.02 * 2**1.5 / 0.3))
    assert ex.OVERSIGHT_HAZARD.value() == pytest.approx(2 * 8 / 27)  # odds 19:1 divided by 8
    trend = ex.metr_v1_trend()
    assert ex.METR_CROSSING.value() == pytest.approx(np.log(100) / (trend.rate - np.log(2) / 2))
    exact = float(risk.failure_probability_exponential_hazard(10.0, -np.log(4.0), 0.3, 0.02, 1.0))
    assert ex.STANDARD_ERRORS.value() == pytest.approx(abs(10_640 / 40_000 - exact) /
                                                       np.sqrt(exact * (1 - exact) / 40_000))


def test_precision_phrases_match_the_prompts_wording():
    phrases = {a.exercise: a.precision.describe() for _, a, _ in NUMERIC}
    assert phrases == {
        "Exercise 3.1": "to 2 significant figures", "Exercise 3.2": "to the nearest 0.1",
        "Exercise 3.3": "to the nearest 0.01", "Exercise 3.4": "to 2 significant figures",
        "Exercise 3.7": "to 2 significant figures", "Exercise 3.8": "to the nearest 0.1",
    }


# ------------------------------------------------------------------------------ Exercise 3.5
def test_failure_probability_function_checker():
    def trapezoid(t, hazard):
        t = np.asarray(t, dtype=float)
        hazard = np.asarray(hazard, dtype=float)
        areas = 0.5 * (hazard[1:] + hazard[:-1]) * np.diff(t)
        return -np.expm1(-np.concatenate(([0.0], np.cumsum(areas))))

    assert ex.check_failure_probability_function(trapezoid).passed
    assert ex.check_failure_probability_function(risk.cumulative_failure_probability).passed

    # Common mistakes: a left Riemann sum, ignoring the spacing, forgetting the leading zero,
    # returning the cumulative hazard instead of the probability.
    def left_sum(t, hazard):
        return 1 - np.exp(-np.concatenate(([0.0], np.cumsum(hazard[:-1] * np.diff(t)))))

    def even_spacing(t, hazard):
        areas = 0.5 * (hazard[1:] + hazard[:-1]) * (t[1] - t[0])
        return 1 - np.exp(-np.concatenate(([0.0], np.cumsum(areas))))

    def no_leading_zero(t, hazard):
        return 1 - np.exp(-np.cumsum(0.5 * (hazard[1:] + hazard[:-1]) * np.diff(t)))

    def cumulative_hazard(t, hazard):
        return np.concatenate(([0.0], np.cumsum(0.5 * (hazard[1:] + hazard[:-1]) * np.diff(t))))

    for wrong in (left_sum, even_spacing, cumulative_hazard):
        feedback = ex.check_failure_probability_function(wrong)
        assert not feedback.passed and "should return" in feedback.message, wrong.__name__
    shape = ex.check_failure_probability_function(no_leading_zero)
    assert not shape.passed and "should return" in shape.message

    def forgot_return(t, hazard):
        np.cumsum(hazard)

    assert "forget `return`" in ex.check_failure_probability_function(forgot_return).message
    assert ex.check_failure_probability_function(None).status == "missing"
    assert "expected a function" in ex.check_failure_probability_function(0.39).message
