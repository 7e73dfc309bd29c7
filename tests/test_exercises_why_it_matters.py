"""Chapter 2 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, values just outside the precision fail, junk is junk.

Regressions from issue 10 (Exercises 2.1 and 2.3, whose answers are years): 2028.5 was called
"close, but off by 0.0%"; the hours-for-minutes mistake (2032) was "close, 0.2%"; 5x per year
instead of 4x was "2027 ... off by 0.0%"; a right answer was echoed as "2029 is right".
"""

import numpy as np
import pytest

from acslib import data, scaling
from acslib.exercises import why_it_matters as ex
from acslib.trends import fit_exponential_trend

NUMERIC = [
    (ex.check_work_week_year, ex.WORK_WEEK_YEAR, 2028.6),
    (ex.check_gpt3_pf_days, ex.GPT3_PF_DAYS, 3650),
    (ex.check_year_compute_reaches_1e27, ex.COMPUTE_1E27_YEAR, 2026.9),
]
# (wrong answer as a student would type it, a phrase its feedback must contain)
MISTAKES = {
    "Exercise 2.1": [(2025.2, "reaches 40 minutes"), (2032.0, "as hours"), (2028.3, "all thirteen"),
                     (2029.8, "168-hour"), (2027.2, "working day"), (2029.0, "whole year")],
    "Exercise 2.2": [(608, "one operation"), (1220, "forward pass"), (87500, "petaflop/s-hour"),
                     (3.15e8, "petaflop/s-seconds"), (3630, "reported 3.14e23")],
    "Exercise 2.3": [(2026.6, "5× per year"), (2.4, "how many years"), (2026.4, "beginning of 2024"),
                     (2027.4, "starts from 2025"), (2025.4, "continuous rate"), (2025.3, "1e26")],
}
JUNK = ["2028", [2028.6], float("nan"), float("inf"), True, {"year": 2028.6}, lambda: 2028.6]


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    feedback = checker(printed)
    assert feedback.passed, "the solution's printed value must pass"
    assert feedback.message == f"{answer._shown(printed)}.", "the answer is echoed at the precision asked for"
    step = answer.precision.tolerance(answer.value())
    assert not checker(answer.value() + 3 * step).passed and not checker(answer.value() - 3 * step).passed


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    phrases = MISTAKES[answer.exercise]
    assert len(phrases) == len(answer._mistake_values()), "every declared mistake is tested here"
    for value, phrase in phrases:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)
        assert answer.precision.format(answer.value()) not in feedback.message, "feedback never gives the answer"


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_junk_is_reported_as_junk(checker, answer, printed):
    assert checker(None).status == "missing"
    for junk in JUNK:
        feedback = checker(junk)
        assert not feedback.passed
        assert any(word in feedback.message for word in ("expected", "nan", "infinite")), (junk, feedback.message)


@pytest.mark.parametrize("checker", [ex.check_work_week_year, ex.check_year_compute_reaches_1e27])
def test_years_take_an_absolute_precision_without_self_contradiction(checker):
    answer = checker.answer
    for miss in (-0.1, 0.1, 0.3):
        feedback = checker(round(answer.value(), 1) + miss)
        assert not feedback.passed
        assert "0.0%" not in feedback.message and "%" not in feedback.message, feedback.message
        assert "to the nearest 0.1" in feedback.message
    far = checker(answer.value() + 3.0)
    assert "too high, by about 3" in far.message


def test_issue_10_instances():
    assert not ex.check_work_week_year(2028.5).passed
    assert "0.0%" not in ex.check_work_week_year(2028.5).message
    hours = ex.check_work_week_year(2032)
    assert not hours.passed and "hours" in hours.message and "0.2%" not in hours.message
    fives = ex.check_year_compute_reaches_1e27(2026.6)
    assert not fives.passed and "5×" in fives.message
    right = ex.check_work_week_year(2028.6)
    assert right.passed and "2029" not in right.message


def test_expected_values_come_from_the_data():
    horizons = data.metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    trend = fit_exponential_trend(window["release_date"], window["p50_minutes"])
    assert ex.WORK_WEEK_YEAR.value() == pytest.approx(float(trend.time_to_reach(2400.0)))
    assert 2028.0 < ex.WORK_WEEK_YEAR.value() < 2029.0
    assert ex.GPT3_PF_DAYS.value() == pytest.approx(6 * 175e9 * 300e9 / (1e15 * 86400))
    start = float(data.decimal_year(np.datetime64("2024-07-23")))
    assert ex.COMPUTE_1E27_YEAR.value() == pytest.approx(start + np.log(1e27 / 3.8e25) / np.log(4))


# ------------------------------------------------------------------------- Exercise 2.4
def _closed_form(compute, E, A, B, alpha, beta):
    scale = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    return scale * (compute / 6) ** (beta / (alpha + beta))


def test_optimal_params_solution_passes_and_matches_acslib():
    assert ex.check_optimal_params(_closed_form).passed
    for fit, constants in scaling.CHINCHILLA_FITS.items():
        n_params, _ = scaling.chinchilla_optimal(5.76e23, fit=fit)
        assert _closed_form(5.76e23, **constants) == pytest.approx(float(n_params), rel=1e-9)


def test_optimal_params_common_mistakes_fail():
    def swapped_exponent(compute, E, A, B, alpha, beta):  # alpha / (alpha + beta): D's exponent
        scale = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
        return scale * (compute / 6) ** (alpha / (alpha + beta))

    def forgot_six(compute, E, A, B, alpha, beta):
        scale = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
        return scale * compute ** (beta / (alpha + beta))

    def inverted_ratio(compute, E, A, B, alpha, beta):
        scale = (beta * B / (alpha * A)) ** (1 / (alpha + beta))
        return scale * (compute / 6) ** (beta / (alpha + beta))

    def twenty_tokens(compute, E, A, B, alpha, beta):  # the rule of thumb, not the derivation
        return np.sqrt(compute / 120)

    for wrong in (swapped_exponent, forgot_six, inverted_ratio, twenty_tokens):
        feedback = ex.check_optimal_params(wrong)
        assert not feedback.passed and "should return" in feedback.message, wrong.__name__


def test_optimal_params_junk_and_template():
    assert ex.check_optimal_params(None).status == "missing"

    def template(compute, E, A, B, alpha, beta):
        """Docstring."""
        ...

    assert ex.check_optimal_params(template).status == "missing"
    assert "expected a function" in ex.check_optimal_params("G * C ** a").message
    returns_none = ex.check_optimal_params(lambda compute, E, A, B, alpha, beta: None)
    assert "returned None" in returns_none.message
