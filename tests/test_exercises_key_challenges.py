"""Chapter 11 checkers: the right answer and the solution's printed value pass, every declared
mistake fails with its own feedback, and values just outside the precision fail."""

import numpy as np
import pytest

from acslib import bottlenecks
from acslib.exercises import key_challenges as ex

NUMERIC = [
    (ex.check_review_wait_minutes, ex.REVIEW_WAIT, 37.5),
    (ex.check_crossover_years, ex.CROSSOVER, 2.54),
    (ex.check_race_disaster, ex.RACE_DISASTER, 0.67),
    (ex.check_lag_ratio, ex.LAG_RATIO, 2.65),
    (ex.check_saturation_year, ex.SATURATION_YEAR, 8.6),
]
MISTAKES = {
    "Exercise 11.1": [(0.625, "hours"), (32.7, "W_q"), (4.76, "1/μ"), (6.00, "L_q")],
    "Exercise 11.2": [(2.10, "hiring"), (0.83, "ln 3")],
    "Exercise 11.3": [(0.33, "1 − s*"), (0.56, "n − 1"), (0.74, "private-information")],
    "Exercise 11.4": [(5.20, "pure delay"), (5.50, "ln 3"), (0.378, "G/C"), (0.974, "log gap")],
    "Exercise 11.6": [(6.6, "centred at difficulty 2")],
}


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_right_answer_and_printed_value_pass(checker, answer, printed):
    assert checker(answer.value()).passed
    assert checker(printed).passed, "the solution's printed value must pass"
    step = answer.precision.tolerance(answer.value())
    assert not checker(answer.value() + 3 * step).passed and not checker(answer.value() - 3 * step).passed


@pytest.mark.parametrize("checker,answer,printed", NUMERIC, ids=[a.exercise for _, a, _ in NUMERIC])
def test_each_mistake_is_rejected_with_its_feedback(checker, answer, printed):
    for value, phrase in MISTAKES[answer.exercise]:
        feedback = checker(value)
        assert not feedback.passed and phrase in feedback.message, (value, feedback.message)


def test_expected_values_come_from_acslib():
    assert ex.REVIEW_WAIT.value() == pytest.approx(60 / (12.6 - 11.0))
    assert ex.RACE_DISASTER.value() == pytest.approx(1 - 1.2 / (4 * 0.9))
    assert ex.LAG_RATIO.value() == pytest.approx(1 + 1.5 * np.log(3))
    t = ex.CROSSOVER.value()
    assert 200 * 3**t == pytest.approx(2000 + 500 * t)


def test_queue_waits_checker():
    def loop(interarrival_times, service_times):
        waits = [0.0]
        for k in range(1, len(service_times)):
            waits.append(max(0.0, waits[-1] + service_times[k - 1] - interarrival_times[k]))
        return np.array(waits)

    assert ex.check_queue_waits(loop).passed
    assert ex.check_queue_waits(bottlenecks.lindley_waits).passed
    wrong = ex.check_queue_waits(lambda interarrival_times, service_times: np.zeros(len(service_times)))
    assert not wrong.passed and "should return" in wrong.message
    assert ex.check_queue_waits(None).status == "missing"
