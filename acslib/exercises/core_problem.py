"""Checkers for the exercises of Chapter 3, *The core problem*.

Used in ``chapters/03_core_problem.ipynb``, section *Exercises*. Each numeric checker is a
:class:`acslib.checking.NumericAnswer` declaration (the Jupyter checker and the website's
answer box from one source) with the precision its prompt states and the common mistakes it
recognises; each returns an :class:`acslib.checking.Feedback` and never raises on a wrong
answer. Expected values come from :mod:`acslib.risk` and :mod:`acslib.oversight` and are never
printed.
"""

from __future__ import annotations

import numpy as np

from ..checking import Decimals, Feedback, Mistake, NumericAnswer, SignificantFigures, check_function, checks
from ..growth import rate_from_doubling_time
from ..oversight import catch_probability, exponential_form_parameters, uncaught_hazard
from ..risk import crossing_time, cumulative_failure_probability, failure_probability_exponential_hazard
from ..risk import hazard as hazard_of_gap
from ..risk import lifetime_failure_probability

__all__ = [
    "CONSTANT_GAP",
    "METR_CROSSING",
    "HAZARD_DOUBLING",
    "LIFETIME_RISK",
    "OVERSIGHT_HAZARD",
    "STANDARD_ERRORS",
    "metr_v1_trend",
    "check_constant_gap_probability",
    "check_metr_crossing_years",
    "check_hazard_doubling_time",
    "check_lifetime_risk",
    "check_failure_probability_function",
    "check_oversight_hazard",
    "check_standard_errors",
]


# ------------------------------------------------------------------------------ Exercise 3.1
def _constant_gap(gap=np.log(2.0), base_rate=0.01, years=25.0):
    return float(failure_probability_exponential_hazard(years, gap, 0.0, base_rate, 1.0))


CONSTANT_GAP = NumericAnswer(
    "Exercise 3.1",
    expected=_constant_gap,
    precision=SignificantFigures(2),
    hint="A constant gap g gives a constant hazard h = 0.01·e^g; then P = 1 − exp(−h·t).",
    mistakes=[
        Mistake(lambda: _constant_gap(gap=0.0),
                "that uses the base rate alone. Capability is twice as strong, so the hazard is 0.01·e^g with "
                "g = ln 2."),
        Mistake(lambda: _constant_gap(gap=-np.log(2.0)),
                "that has the gap's sign reversed: capability is the stronger one, so g = ln(C/A) = +ln 2."),
        Mistake(lambda: _constant_gap(gap=2.0),
                "the gap is the logarithm of the ratio, ln 2, not the ratio 2."),
        Mistake(lambda: _constant_gap(gap=np.log10(2.0)),
                "the gap uses the natural logarithm, ln 2, not log10 2."),
        Mistake(lambda: 0.01 * 2.0 * 25.0,
                "h·t is the cumulative hazard (the expected number of failures), not a probability; "
                "P = 1 − exp(−h·t)."),
        Mistake(lambda: 1.0 - _constant_gap(),
                "that is the probability of no failure at all, exp(−h·t); the question asks for at least one."),
    ],
)


@checks(CONSTANT_GAP)
def check_constant_gap_probability(answer) -> Feedback:
    """Exercise 3.1: failure probability within 25 years when capability stays exactly
    2× ahead, under the exponential hazard with base rate 0.01 per year and sensitivity 1.

    Examples
    --------
    >>> check_constant_gap_probability(None).status
    'missing'
    """
    return CONSTANT_GAP.check(answer)


# ------------------------------------------------------------------------------ Exercise 3.2
def metr_v1_trend():
    """The exponential trend of METR's TH1.0 50% horizons over the paper's first-version window.

    Fitted with :func:`acslib.trends.fit_exponential_trend` to the shipped data
    (:func:`acslib.data.metr_horizons`, models flagged ``in_paper_v1``).

    Examples
    --------
    >>> round(metr_v1_trend().doubling_time_days)
    213
    """
    # Imported here: acslib.trends pulls in scipy.stats, which the rest of the chapter does not
    # need, and the chapter should start quickly.
    from ..data import metr_horizons
    from ..trends import fit_exponential_trend

    horizons = metr_horizons("TH1.0")
    window = horizons.where(horizons["in_paper_v1"])
    return fit_exponential_trend(window["release_date"], window["p50_minutes"])


def _metr_crossing(capability_rate=None, alignment_rate=None, lead=100.0):
    capability_rate = metr_v1_trend().rate if capability_rate is None else capability_rate
    alignment_rate = float(rate_from_doubling_time(2.0)) if alignment_rate is None else alignment_rate
    return float(np.log(lead) / (capability_rate - alignment_rate))


METR_CROSSING = NumericAnswer(
    "Exercise 3.2",
    expected=lambda: crossing_time(c0=1.0, c_rate=metr_v1_trend().rate, a0=100.0,
                                   a_rate=float(rate_from_doubling_time(2.0))),
    precision=Decimals(1), unit="years",
    hint="Take the fitted trend's continuous rate per year (trend.rate), convert alignment's 2-year doubling "
         "time with acslib.rate_from_doubling_time, then t* = ln(100) / (difference of the rates).",
    mistakes=[
        Mistake(lambda: _metr_crossing(alignment_rate=0.0),
                "that ignores alignment's growth: it doubles every 2 years, so subtract its rate from capability's."),
        Mistake(lambda: _metr_crossing(alignment_rate=0.5),
                "a doubling time of 2 years is a continuous rate of ln 2 / 2 per year, not 1/2."),
        Mistake(lambda: _metr_crossing(lead=np.exp(2.0)),  # log10 100 = 2 in place of ln 100
                "the lead enters through its natural logarithm, ln 100, not log10 100."),
        Mistake(lambda: _metr_crossing(capability_rate=metr_v1_trend().annual_factor),
                "trend.annual_factor is capability's growth factor per year; the continuous rate is its logarithm, "
                "trend.rate."),
    ],
)


@checks(METR_CROSSING)
def check_metr_crossing_years(answer) -> Feedback:
    """Exercise 3.2: years until capability on the METR trend (fitted to the shipped data)
    overtakes alignment that starts 100× ahead and doubles every 2 years.

    Examples
    --------
    >>> check_metr_crossing_years(None).status
    'missing'
    """
    return METR_CROSSING.check(answer)


# ------------------------------------------------------------------------------ Exercise 3.3
def _hazard_growth_rate(sensitivity=1.5):
    """Growth rate of ln h along the race (0.7 against 0.4 a year), read off acslib's hazard."""
    gap = -np.log(4.0) + (0.7 - 0.4) * np.array([0.0, 1.0])
    return float(np.diff(np.log(hazard_of_gap(gap, base_rate=0.02, sensitivity=sensitivity)))[0])


HAZARD_DOUBLING = NumericAnswer(
    "Exercise 3.3",
    expected=lambda: np.log(2.0) / _hazard_growth_rate(),
    precision=Decimals(2), unit="years",
    hint="ln h = ln h0 + s·g(t), and g(t) rises by (0.7 − 0.4) each year: the hazard grows at rate s·0.3.",
    mistakes=[
        Mistake(lambda: np.log(2.0) / _hazard_growth_rate(sensitivity=1.0),
                "that is the doubling time of C/A itself; the hazard grows s = 1.5 times as fast in log terms."),
        Mistake(lambda: np.log(2.0) / (1.5 * 0.7),
                "only the rate *difference* 0.7 − 0.4 moves the gap, and so the hazard."),
        Mistake(lambda: 1.0 / _hazard_growth_rate(),
                "1/rate is the time to grow by a factor e; doubling takes ln 2 / rate."),
        Mistake(lambda: np.log10(2.0) / _hazard_growth_rate(),
                "the doubling time is ln 2 / rate with the natural logarithm, not log10 2."),
        Mistake(lambda: 1.5 * np.log(2.0) / 0.3,
                "the sensitivity multiplies the growth rate of ln h, so it divides the doubling time."),
        Mistake(lambda: _hazard_growth_rate(),
                "that is the hazard's continuous growth rate per year; the question asks how long it takes to "
                "double."),
    ],
)


@checks(HAZARD_DOUBLING)
def check_hazard_doubling_time(answer) -> Feedback:
    """Exercise 3.3: doubling time of the exponential hazard with sensitivity 1.5 when
    capability grows at 0.7 and alignment at 0.4 per year.

    Examples
    --------
    >>> check_hazard_doubling_time(None).status
    'missing'
    """
    return HAZARD_DOUBLING.check(answer)


# ------------------------------------------------------------------------------ Exercise 3.4
def _total_hazard(initial_gap=np.log(2.0), decay=1.5 * 0.2):
    return 0.02 * float(np.exp(1.5 * initial_gap)) / decay


LIFETIME_RISK = NumericAnswer(
    "Exercise 3.4",
    expected=lambda: lifetime_failure_probability(np.log(2.0), -0.2, 0.02, 1.5),
    precision=SignificantFigures(2),
    hint="The hazard is 0.02·2^1.5·e^(−1.5·0.2·t); integrate it from 0 to infinity, then P = 1 − exp(−that).",
    mistakes=[
        Mistake(lambda: -np.expm1(-_total_hazard(initial_gap=0.0)),
                "that leaves out the starting gap: capability begins twice as strong, which multiplies the hazard "
                "by 2^1.5."),
        Mistake(lambda: -np.expm1(-_total_hazard(initial_gap=-np.log(2.0))),
                "that has the starting gap's sign reversed: capability, not alignment, starts twice as strong."),
        Mistake(lambda: -np.expm1(-0.02 * 2.0 / 0.3),
                "the starting factor is (C/A)^s = 2^1.5, not 2: the sensitivity applies to the starting gap too."),
        Mistake(lambda: -np.expm1(-_total_hazard(decay=0.2)),
                "the hazard decays at s·0.2 = 0.3 per year, not at the gap's rate 0.2."),
        Mistake(_total_hazard,
                "that is the total (integrated) hazard, the expected number of failures; the probability of at "
                "least one is 1 − exp(−total)."),
        Mistake(1.0,
                "the gap shrinks, so the hazard decays and its integral over all time is finite: failure is not "
                "certain here."),
    ],
)


@checks(LIFETIME_RISK)
def check_lifetime_risk(answer) -> Feedback:
    """Exercise 3.4: lifetime failure probability when capability starts 2× ahead and
    the gap shrinks by 0.2 per year, base rate 0.02 per year, sensitivity 1.5
    (exponential form).

    Examples
    --------
    >>> check_lifetime_risk(None).status
    'missing'
    """
    return LIFETIME_RISK.check(answer)


# ------------------------------------------------------------------------------ Exercise 3.5
def check_failure_probability_function(function) -> Feedback:
    """Exercise 3.5: a student's ``function(t, hazard)`` returning ``1 - exp(-∫h dt)`` on
    the grid by the trapezoid rule, compared with
    :func:`acslib.risk.cumulative_failure_probability`.

    Examples
    --------
    >>> check_failure_probability_function(None).status
    'missing'
    """
    t_uneven = np.array([0.0, 0.5, 2.0, 3.0, 7.5, 10.0])
    t_fine = np.linspace(0.0, 20.0, 81)
    cases = [
        dict(t=np.linspace(0.0, 10.0, 11), hazard=np.full(11, 0.05)),
        dict(t=t_uneven, hazard=0.02 * t_uneven),
        dict(t=t_fine, hazard=0.01 * np.exp(0.2 * t_fine)),
    ]
    return check_function(
        function, cumulative_failure_probability, cases, exercise="Exercise 3.5", rtol=1e-9, atol=1e-12,
        hint="Sum trapezoids (h[i] + h[i+1]) / 2 · (t[i+1] − t[i]) cumulatively, start at 0, "
             "and return 1 − exp(−that); mind uneven spacing.",
    )


# ------------------------------------------------------------------------------ Exercise 3.7
_OVERSIGHT = dict(attempt_rate=2.0, catch_at_parity=0.95, steepness=1.0)


def _oversight_hazard(ratio=8.0, **changes):
    return float(uncaught_hazard(np.log(ratio), **{**_OVERSIGHT, **changes}))


OVERSIGHT_HAZARD = NumericAnswer(
    "Exercise 3.7",
    expected=_oversight_hazard,
    precision=SignificantFigures(2), unit="per year",
    hint="The odds of a catch are 0.95/0.05 at parity and are divided by (C/A)^k = 8; turn the odds back into "
         "a probability q, then the hazard is 2·(1 − q).",
    mistakes=[
        Mistake(lambda: 2.0 * float(catch_probability(np.log(8.0), 0.95, 1.0)),
                "that is the rate of failures oversight *catches*; the hazard counts the ones it misses."),
        Mistake(lambda: float(catch_probability(np.log(8.0), 0.95, 1.0)),
                "that is the catch probability q; the hazard is the rate of failures that get through, 2·(1 − q)."),
        Mistake(lambda: 1.0 - float(catch_probability(np.log(8.0), 0.95, 1.0)),
                "that is the share of failures missed; multiply by the 2 potential failures a year."),
        Mistake(lambda: float(hazard_of_gap(np.log(8.0), *exponential_form_parameters(**_OVERSIGHT))),
                "that is the exponential (low-gap) approximation, which overstates the hazard once oversight misses "
                "a large share; use the catch probability itself."),
        Mistake(lambda: 2.0 * (1.0 - (19.0 / 3.0) / (1.0 + 19.0 / 3.0)),
                "8 is three doublings, and each doubling divides the odds by 2: divide them by 2^3 = 8, not by 3."),
        Mistake(lambda: 2.0 * (1.0 - 0.95 / 8.0),
                "divide the *odds* of a catch, 0.95/0.05, by 8, not the probability 0.95."),
        Mistake(lambda: _oversight_hazard(ratio=1.0),
                "that is the hazard at parity, C = A; here capability is 8 times ahead."),
    ],
)


@checks(OVERSIGHT_HAZARD)
def check_oversight_hazard(answer) -> Feedback:
    """Exercise 3.7: hazard of uncaught failure, per year, with 2 potential failures a year,
    a catch probability of 0.95 at parity, steepness 1, and capability 8× ahead.

    Examples
    --------
    >>> check_oversight_hazard(None).status
    'missing'
    """
    return OVERSIGHT_HAZARD.check(answer)


# ------------------------------------------------------------------------------ Exercise 3.8
_WORLDS, _FAILED = 40_000, 10_640


def _exact_year_ten():
    return float(failure_probability_exponential_hazard(10.0, -np.log(4.0), 0.3, 0.02, 1.0))


def _standard_errors(variance_only=False, per_world=False, no_p=False):
    exact = _exact_year_ten()
    miss = abs(_FAILED / _WORLDS - exact)
    variance = exact * (1.0 - exact) / (1.0 if per_world else _WORLDS)
    if no_p:
        variance = 1.0 / _WORLDS
    return miss / (variance if variance_only else np.sqrt(variance))


STANDARD_ERRORS = NumericAnswer(
    "Exercise 3.8",
    expected=_standard_errors,
    precision=Decimals(1), unit="standard errors",
    hint="The estimate is 10,640 / 40,000; its standard error is √(p(1 − p)/n) with p the exact probability; "
         "divide the size of the miss by it.",
    mistakes=[
        Mistake(lambda: _standard_errors(variance_only=True),
                "p(1 − p)/n is the variance of the estimate; the standard error is its square root."),
        Mistake(lambda: _standard_errors(per_world=True),
                "that divides by the spread of a single world, √(p(1 − p)); the estimate averages 40,000 worlds, "
                "so divide inside the square root by n."),
        Mistake(lambda: _standard_errors(no_p=True),
                "that uses 1/√n as the standard error; for a proportion it is √(p(1 − p)/n)."),
        Mistake(lambda: -_standard_errors(),
                "the question asks for the size of the miss, a positive number of standard errors, whichever "
                "side of the exact value the simulation lands on."),
    ],
)


@checks(STANDARD_ERRORS)
def check_standard_errors(answer) -> Feedback:
    """Exercise 3.8: how many standard errors a simulated year-10 failure probability
    (10,640 of 40,000 worlds) lies from the exact value of the chapter's race.

    Examples
    --------
    >>> check_standard_errors(None).status
    'missing'
    """
    return STANDARD_ERRORS.check(answer)
