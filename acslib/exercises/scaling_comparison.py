"""Checkers for the exercises of Chapter 8, *Alignment scaling versus capability scaling*.

Used in ``chapters/08_scaling_comparison.ipynb``, section *Exercises*. Each checker
returns an :class:`acslib.checking.Feedback` and never raises on a wrong answer.
"""

from __future__ import annotations

import numpy as np

from ..checking import Feedback, Mistake, NumericAnswer, SignificantFigures, Decimals, check_function, checks
from ..composite import layer_failure_probability, layered_failure_probability, layered_level

__all__ = [
    "INDEPENDENT_LAYERS",
    "CORRELATED_LAYERS",
    "CAPABILITY_DOUBLING",
    "NEGLECTED_CROSSING",
    "check_independent_layers",
    "check_correlated_layers",
    "check_capability_doubling",
    "check_neglected_crossing",
    "check_independent_layered_level",
]

#: Exercise 8.1: four layers' failure probabilities.
LAYER_PROBABILITIES = (0.2, 0.1, 0.3, 0.05)
#: Exercise 8.2: four layers failing 15% of the time each, with copula correlation 0.5.
CORRELATED_SETTING = dict(probability=0.15, layers=4, correlation=0.5)
#: Exercise 8.3: four independent layers, each at 3× capability, when capability doubles.
DOUBLING_SETTING = dict(layers=4, lead=3.0)
#: Exercise 8.4: all dimensions start 6× ahead; capability grows at 0.9, monitoring at 0.35 per year.
NEGLECTED_SETTING = dict(lead=6.0, capability_rate=0.9, monitoring_rate=0.35, other_rates=0.9)


def _independent():
    return float(np.prod(LAYER_PROBABILITIES))


INDEPENDENT_LAYERS = NumericAnswer(
    "Exercise 8.1",
    expected=_independent,
    precision=SignificantFigures(2),
    hint="An attack gets through only if every layer fails; with independent layers, multiply.",
    mistakes=[
        Mistake(lambda: float(np.sum(LAYER_PROBABILITIES)),
                "you added the probabilities; 'every layer fails' is an intersection, not a union."),
        Mistake(lambda: float(np.min(LAYER_PROBABILITIES)),
                "that is the most reliable layer alone, which is what fully correlated layers give, not independent ones."),
        Mistake(lambda: float(1 - np.prod(1 - np.asarray(LAYER_PROBABILITIES))),
                "that is the probability that at least one layer fails."),
        Mistake(lambda: float(np.prod(1 - np.asarray(LAYER_PROBABILITIES))),
                "that is the probability that no layer fails."),
    ],
)


@checks(INDEPENDENT_LAYERS)
def check_independent_layers(answer) -> Feedback:
    """Exercise 8.1: P(all four independent layers fail) for failure rates 0.2, 0.1, 0.3 and 0.05.

    Examples
    --------
    >>> check_independent_layers(None).status
    'missing'
    """
    return INDEPENDENT_LAYERS.check(answer)


def _correlated(correlation=None):
    s = CORRELATED_SETTING
    rho = s["correlation"] if correlation is None else correlation
    return float(layered_failure_probability(np.full(s["layers"], s["probability"]), rho))


CORRELATED_LAYERS = NumericAnswer(
    "Exercise 8.2",
    expected=_correlated,
    precision=SignificantFigures(2),
    hint="Call acslib.composite.layered_failure_probability with the four probabilities and correlation=0.5.",
    mistakes=[
        Mistake(lambda: _correlated(0.0),
                "that is the independent product (correlation 0); the layers here share a common factor."),
        Mistake(lambda: CORRELATED_SETTING["probability"],
                "that is a single layer, the limit of fully correlated layers (correlation 1)."),
        Mistake(lambda: _correlated(0.25),
                "that is what a factor loading of 0.5 gives (correlation 0.25); the exercise gives the correlation itself."),
        Mistake(lambda: float(layered_failure_probability(np.full(3, 0.15), 0.5)),
                "that is three layers; the exercise has four."),
    ],
)


@checks(CORRELATED_LAYERS)
def check_correlated_layers(answer) -> Feedback:
    """Exercise 8.2: P(all four layers fail), each failing 15% of the time, at copula correlation 0.5.

    Examples
    --------
    >>> check_correlated_layers(None).status
    'missing'
    """
    return CORRELATED_LAYERS.check(answer)


def _doubling_factor():
    k, lead = DOUBLING_SETTING["layers"], DOUBLING_SETTING["lead"]
    before = float(layer_failure_probability(1.0, lead))
    after = float(layer_failure_probability(2.0, lead))
    return (after / before) ** k


CAPABILITY_DOUBLING = NumericAnswer(
    "Exercise 8.3",
    expected=_doubling_factor,
    precision=SignificantFigures(3),
    unit="×",
    hint="Each layer's failure probability C / (C + a) changes from 1/4 to 2/5; the product changes by that ratio "
         "to the power of the number of layers.",
    mistakes=[
        Mistake(lambda: 2.0 ** DOUBLING_SETTING["layers"],
                "2^4 treats each layer's failure probability as proportional to C; C / (C + a) grows more slowly."),
        Mistake(lambda: float(layer_failure_probability(2.0, 3.0) / layer_failure_probability(1.0, 3.0)),
                "that is the factor for one layer; all four layers' probabilities rise together."),
        Mistake(2.0, "capability doubled, but the breach probability responds through every layer at once."),
        Mistake(lambda: float(layer_failure_probability(2.0, 3.0) ** 4 - layer_failure_probability(1.0, 3.0) ** 4),
                "that is the change in probability; the question asks for the factor (a ratio)."),
    ],
)


@checks(CAPABILITY_DOUBLING)
def check_capability_doubling(answer) -> Feedback:
    """Exercise 8.3: factor by which P(all fail) rises for four independent layers at 3× capability when capability doubles.

    Examples
    --------
    >>> check_capability_doubling(None).status
    'missing'
    """
    return CAPABILITY_DOUBLING.check(answer)


def _crossing(rate_gap=None):
    s = NEGLECTED_SETTING
    gap_rate = s["capability_rate"] - s["monitoring_rate"] if rate_gap is None else rate_gap
    return float(np.log(s["lead"]) / gap_rate)


NEGLECTED_CROSSING = NumericAnswer(
    "Exercise 8.4",
    expected=_crossing,
    precision=Decimals(1),
    unit="years",
    hint="Under the weakest link the composite is the slowest dimension; find when capability catches that one.",
    mistakes=[
        Mistake(lambda: _crossing(NEGLECTED_SETTING["capability_rate"]),
                "you treated monitoring as frozen; it still grows, just more slowly than capability."),
        Mistake(lambda: float(np.log10(NEGLECTED_SETTING["lead"])
                              / (NEGLECTED_SETTING["capability_rate"] - NEGLECTED_SETTING["monitoring_rate"])),
                "growth rates are continuous rates: use the natural logarithm of the lead, not log10."),
        Mistake(lambda: _crossing(NEGLECTED_SETTING["monitoring_rate"]),
                "you divided by monitoring's rate; the lead shrinks at the difference between the two rates."),
        Mistake(lambda: float(NEGLECTED_SETTING["lead"]
                              / (NEGLECTED_SETTING["capability_rate"] - NEGLECTED_SETTING["monitoring_rate"])),
                "the lead is a ratio; the log gap ln(lead) is what shrinks linearly."),
    ],
)


@checks(NEGLECTED_CROSSING)
def check_neglected_crossing(answer) -> Feedback:
    """Exercise 8.4: the year capability overtakes a weakest-link composite whose monitoring lags.

    Examples
    --------
    >>> check_neglected_crossing(None).status
    'missing'
    """
    return NEGLECTED_CROSSING.check(answer)


def _reference_independent_layered_level(levels, capability):
    return layered_level(np.asarray(levels, dtype=float), capability, 0.0)


def check_independent_layered_level(function) -> Feedback:
    """Exercise 8.5: a student's ``independent_layered_level(levels, capability)``.

    It must return the level ``A`` of a single layer that fails as often as all the
    independent layers together: ``C (1 - P) / P`` with ``P = prod C / (C + a_i)``.
    Answers within a relative 1e-6 pass.

    Examples
    --------
    >>> check_independent_layered_level(None).status
    'missing'
    """
    cases = [
        {"levels": [3.0], "capability": 1.0},
        {"levels": [1.0, 1.0, 1.0, 1.0], "capability": 1.0},
        {"levels": [4.0, 2.0, 3.0, 7.0], "capability": 1.0},
        {"levels": [0.5, 8.0, 2.0], "capability": 2.5},
        {"levels": [10.0, 10.0], "capability": 40.0},
    ]
    return check_function(
        function, _reference_independent_layered_level, cases, exercise="Exercise 8.5", rtol=1e-6, atol=0.0,
        hint="Compute each layer's failure probability C / (C + a), multiply them into P, and solve C / (C + A) = P for A.",
    )
