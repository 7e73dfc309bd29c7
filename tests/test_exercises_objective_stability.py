"""Chapter 5 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, values just outside the precision fail, junk is reported
as junk, and every expected value is the number the chapter's model gives."""

import numpy as np
import pytest
from scipy import integrate, stats

from acslib import goodhart
from acslib.checking import Decimals, SignificantFigures
from acslib.exercises import objective_stability as ex
from acslib.figures import objective_stability as figures

NUMERIC = [
    (ex.check_best_of_16_kl, ex.BEST_OF_16_KL, 1.84),
    (ex.check_regressional_best_of_4, ex.REGRESSIONAL_BEST_OF_4, 0.824),
    (ex.check_rl_peak_kl, ex.RL_PEAK_KL, 16.4),
    (ex.check_smallest_fraction, ex.SMALLEST_FRACTION, 0.08),
    (ex.check_regression_peak, ex.REGRESSION_PEAK, 2.69),
]
#: The common mistakes, as a student would write them, and a phrase of the feedback each gets.
MISTAKES = {
    "Exercise 5.1": [(0.267, "base 10"), (3.06, "base 2"), (2.77, "log n alone"), (3.71, "does not add"),
                     (1.35, "d = √KL")],
    "Exercise 5.2": [(1.29, "expected proxy score"), (1.03, "perfect proxy"), (0.659, "forgets"),
                     (1.33, "√(2 ln n)"), (0.778, "square it"), (0.728, "as large as the true spread")],
    "Exercise 5.3": [(4.06, "d* itself"), (2.03, "height"), (1.44, "best-of-n form"), (122, "log d + 1")],
    "Exercise 5.5": [(8, "percentage"), (0.06, "90%"), (0.12, "stays at 95%"), (0.04, "proxy pursuit")],
    "Exercise 5.6": [(2.06, "Student-t scale"), (3.48, "proxy score at which")],
}
IDS = [a.exercise for _, a, _ in NUMERIC]


def test_every_numeric_checker_is_listed():
    declared = {a.exercise for a in vars(ex).values() if isinstance(a, type(ex.BEST_OF_16_KL))}
    assert declared == set(IDS) == set(MISTAKES)


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    assert answer.precision.format(answer.value()) == answer.precision.format(printed)


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_values_just_outside_the_precision_fail(checker, answer, printed):
    step = answer.precision.tolerance(answer.value())
    for value in (answer.value() + 1.5 * step, answer.value() - 1.5 * step):
        feedback = checker(value)
        assert not feedback.passed and "✅" not in str(feedback), value


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    for value, phrase in MISTAKES[answer.exercise]:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)
        shown = answer.precision.format(answer.value())
        assert shown not in feedback.message, "a mistake's feedback must not state the answer"


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=IDS)
def test_junk_is_reported_as_junk(checker, answer, printed):
    assert checker(None).status == "missing"
    for junk, phrase in (("0.5", "text"), ([1.0, 2.0], "list of 2"), (True, "expected a number"),
                         (float("nan"), "nan"), (float("inf"), "infinite"), (lambda: 1.0, "function")):
        feedback = checker(junk)
        assert not feedback.passed and phrase in feedback.message, (junk, feedback.message)


def test_prompts_state_the_checkers_precision():
    assert isinstance(ex.SMALLEST_FRACTION.precision, Decimals)  # a fraction on a grid: absolute
    for answer in (ex.BEST_OF_16_KL, ex.REGRESSIONAL_BEST_OF_4, ex.RL_PEAK_KL, ex.REGRESSION_PEAK):
        assert isinstance(answer.precision, SignificantFigures) and answer.precision.figures == 3


def test_expected_values_come_from_the_model():
    assert ex.BEST_OF_16_KL.value() == pytest.approx(np.log(16) - 15 / 16)
    e4 = 6 / np.pi**1.5 * np.arctan(np.sqrt(2))  # the exact expected maximum of 4 standard normals
    assert ex.REGRESSIONAL_BEST_OF_4.value() == pytest.approx(e4 / 1.25, rel=1e-9)
    assert ex.RL_PEAK_KL.value() == pytest.approx(np.exp(2 * (1.2 / 0.5 - 1)))
    results = figures.misgeneralization_results()
    means = results.test_success.mean(axis=1)
    first = int(np.argmax(means >= 0.95))
    assert ex.SMALLEST_FRACTION.value() == results.fractions[first]
    assert (means[:first] < 0.95).all() and means[first] >= 0.95


def test_regression_peak_against_direct_integration():
    # An independent method: E[X | P = c] by quadrature over x on a grid of c around the peak.
    scale = float(goodhart.student_t_scale(0.35, 3.0))

    def conditional(c):
        def weight(x):
            return stats.norm.pdf(x) * stats.t.pdf(c - x, 3.0, scale=scale)

        top = integrate.quad(lambda x: x * weight(x), -12, 12, points=[0.0, c], limit=400)[0]
        return top / integrate.quad(weight, -12, 12, points=[0.0, c], limit=400)[0]

    grid = np.linspace(3.0, 4.0, 201)
    values = np.array([conditional(c) for c in grid])
    assert ex.REGRESSION_PEAK.value() == pytest.approx(values.max(), abs=1e-5)
    # The scale-for-s.d. mistake is a different, lower ceiling.
    assert ex._regression_peak(0.35)[1] < ex.REGRESSION_PEAK.value() - 0.5


def test_iterated_reward_checker():
    def mine(d, alpha, beta, k):
        step = d / k
        return k * step * (alpha - beta * np.log(step))

    assert ex.check_iterated_reward(mine).passed
    assert ex.check_iterated_reward(lambda d, alpha, beta, k: float(goodhart.gold_reward_iterated_rl(
        d, alpha, beta, k))).passed
    single_round = ex.check_iterated_reward(lambda d, alpha, beta, k: d * (alpha - beta * np.log(d)))
    assert not single_round.passed and "should return" in single_round.message
    assert ex.check_iterated_reward(None).status == "missing"

    def template(d, alpha, beta, k):
        """Not written yet."""
        ...

    assert ex.check_iterated_reward(template).status == "missing"
    no_return = ex.check_iterated_reward(lambda d, alpha, beta, k: None)
    assert not no_return.passed and "None" in no_return.message
    assert "expected a function" in ex.check_iterated_reward(3.0).message
    wrong_names = ex.check_iterated_reward(lambda x, a, b, n: 0.0)
    assert not wrong_names.passed and "parameter names" in wrong_names.message


def test_fraction_mistakes_come_from_the_sweep():
    # The curve is not monotone: 0.1 falls back below 95%, so "from which it stays" is a
    # different, larger fraction than "first to reach".
    results = figures.misgeneralization_results()
    means = results.test_success.mean(axis=1)
    stays = ex._fraction_from_which_it_stays(0.95)
    assert stays > ex.SMALLEST_FRACTION.value()
    assert (means[results.fractions >= stays] >= 0.95).all()
    assert means[results.fractions < stays][-1] < 0.95
    proxy = results.proxy_rate.mean(axis=1)
    assert ex._first_proxy_below_one_percent() == results.fractions[np.argmax(proxy < 0.01)]
