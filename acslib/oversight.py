"""Oversight that weakens as capability pulls ahead: the book's model of "oversight weakens".

Defined in Chapter 3, *The core problem* (``chapters/03_core_problem.ipynb``), sections
*When oversight weakens* and *Feedback in both directions*.

The seed text says that while capability leads alignment, "oversight weakens". This module
makes the sentence quantitative with the smallest mechanism that has it:

1. potential failures (a system doing something harmful that oversight is meant to stop)
   arise at a rate ``attempt_rate`` per year;
2. oversight catches each one with a **catch probability** that falls as the gap
   ``g = ln(C / A)`` grows (:func:`catch_probability`): the odds of a catch are
   ``q0 / (1 - q0)`` on the safe-scaling boundary ``g = 0`` and are divided by
   ``(C / A) ** steepness`` — the logistic that Elo ratings use for the chance that one
   player beats another;
3. a failure that is not caught is a serious failure, so the hazard of Chapter 3 is
   ``attempt_rate * (1 - q(g))`` (:func:`uncaught_hazard`);
4. a caught failure is an *incident*: visible, and able to change oversight. With
   ``feedback < 0`` every incident brings more oversight (the gap falls by ``|feedback|``);
   with ``feedback > 0`` every incident erodes it. :func:`feedback_failure_probability`
   simulates both signs without a time step.

**This is the book's own model, not a published result.** No study has measured how the
catch rate of real oversight depends on a capability–alignment gap. The logistic is the
form Engels et al. (2025) fit to games between an overseer and a system trying to evade it,
as a function of their Elo difference; treating the log gap as that difference, with a free
steepness and an offset ``logit(q0)`` (at ``A = C`` the overseer need not be an even match),
is an assumption made here. So are a constant ``attempt_rate`` and catches that are
independent of one another: a blind spot that lets a whole class of failures through every
time is outside the model.

Two limits connect it to :mod:`acslib.risk`. While oversight catches almost everything
(``g`` well below ``logit(q0) / steepness``), ``1 - q ≈ (1 - q0) / q0 * exp(steepness * g)``:
the exponential hazard form with base rate ``attempt_rate * (1 - q0) / q0`` and sensitivity
``steepness`` (:func:`exponential_form_parameters`). Exactly, ``1 - q = x / (1 + x)`` with
``x = (1 - q) / q`` the odds of a miss, so the exponential form overstates the hazard by the
factor ``1 + x``: within 10% while the catch probability stays above ``1 / 1.1``. Once oversight is overwhelmed the hazard
stops compounding and levels off at ``attempt_rate``: a failure can only slip through if it
happens in the first place.

Times are in years and rates are per year, as in :mod:`acslib.growth` and :mod:`acslib.risk`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit, logit

from ._validation import as_count, as_float_array, as_probability, as_rng, as_scalar, check_broadcastable, \
    finite_result

__all__ = [
    "catch_probability",
    "uncaught_hazard",
    "exponential_form_parameters",
    "gap_at_catch_probability",
    "uncaught_failure_probability",
    "expected_gap_drift",
    "feedback_failure_probability",
    "MAX_WORLDS",
    "MAX_EXPECTED_ATTEMPTS",
]

#: Largest number of simulated worlds :func:`feedback_failure_probability` accepts.
MAX_WORLDS = 1_000_000
#: Largest expected number of potential failures per simulated world,
#: ``attempt_rate * max(t)``, that :func:`feedback_failure_probability` accepts.
MAX_EXPECTED_ATTEMPTS = 1_000


def _parity(catch_at_parity) -> np.ndarray:
    return as_probability(catch_at_parity, "catch_at_parity", open_interval=True)


def _catch_logit(gap, catch_at_parity, steepness):
    """``logit(q0) - steepness * gap``, with ``0 * gap = 0`` so no inf or NaN can arise."""
    with np.errstate(over="ignore", invalid="ignore"):
        return logit(catch_at_parity) - np.where(steepness == 0.0, 0.0, steepness * gap)


def catch_probability(gap, catch_at_parity, steepness):
    """Probability that oversight catches a failure, as a function of the gap ``ln(C / A)``.

    ``q(g) = 1 / (1 + (1 - q0) / q0 * exp(steepness * g))``: the odds of a catch,
    ``q0 / (1 - q0)`` at ``g = 0``, are divided by ``(C / A) ** steepness``. Each doubling
    of capability's lead divides them by ``2 ** steepness``; each doubling of alignment's
    lead multiplies them by as much.

    Parameters
    ----------
    gap : array_like
        The log gap ``ln(C / A)``; finite.
    catch_at_parity : array_like
        ``q0``, the catch probability when ``A = C``; strictly between 0 and 1.
    steepness : array_like
        How fast the odds of a catch fall as capability pulls ahead; non-negative. ``0``
        gives a catch probability ``q0`` whatever the gap.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1], non-increasing in the gap, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*. The book's model, not a
    published result; the logistic form follows the Elo-style fits of Engels et al. (2025).

    Examples
    --------
    >>> catch_probability(np.log([1.0, 4.0, 16.0]), catch_at_parity=0.98, steepness=1.0).round(4)
    array([0.98  , 0.9245, 0.7538])
    >>> float(catch_probability(np.log(49.0), 0.98, 1.0))  # odds 49:1 divided by 49
    0.5
    """
    gap = as_float_array(gap, "gap")
    catch_at_parity = _parity(catch_at_parity)
    steepness = as_float_array(steepness, "steepness", nonnegative=True)
    check_broadcastable(gap=gap, catch_at_parity=catch_at_parity, steepness=steepness)
    return expit(_catch_logit(gap, catch_at_parity, steepness))


def uncaught_hazard(gap, attempt_rate, catch_at_parity, steepness):
    """Hazard of a serious failure: potential failures per year times the share oversight misses.

    ``h(g) = attempt_rate * (1 - q(g))`` with ``q`` from :func:`catch_probability`. It
    rises with the gap like the exponential hazard form of :func:`acslib.risk.hazard` while
    oversight catches almost everything, and levels off at ``attempt_rate`` once oversight
    catches almost nothing.

    Parameters
    ----------
    gap : array_like
        The log gap ``ln(C / A)``; finite.
    attempt_rate : array_like
        Potential failures per year that oversight must catch; non-negative.
    catch_at_parity, steepness : array_like
        As in :func:`catch_probability`.

    Returns
    -------
    numpy.ndarray
        Hazard per year, between 0 and ``attempt_rate``.

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*. The book's model.

    Examples
    --------
    >>> uncaught_hazard([0.0, np.log(16.0), 20.0], attempt_rate=1.0, catch_at_parity=0.98,
    ...                 steepness=1.0).round(4)
    array([0.02  , 0.2462, 1.    ])
    """
    gap = as_float_array(gap, "gap")
    attempt_rate = as_float_array(attempt_rate, "attempt_rate", nonnegative=True)
    catch_at_parity = _parity(catch_at_parity)
    steepness = as_float_array(steepness, "steepness", nonnegative=True)
    check_broadcastable(gap=gap, attempt_rate=attempt_rate, catch_at_parity=catch_at_parity, steepness=steepness)
    return attempt_rate * expit(-_catch_logit(gap, catch_at_parity, steepness))


def exponential_form_parameters(attempt_rate, catch_at_parity, steepness):
    """The exponential hazard form that :func:`uncaught_hazard` approaches while oversight holds.

    For a gap well below ``logit(q0) / steepness``, ``1 - q(g) ≈ (1 - q0) / q0 * e^(steepness g)``,
    so ``uncaught_hazard ≈ base_rate * exp(sensitivity * g)`` with

    ``base_rate = attempt_rate * (1 - q0) / q0`` and ``sensitivity = steepness``,

    which is :func:`acslib.risk.hazard` with ``form="exponential"``.

    Parameters
    ----------
    attempt_rate : float
        Potential failures per year; non-negative.
    catch_at_parity : float
        ``q0``, strictly between 0 and 1.
    steepness : float
        Non-negative.

    Returns
    -------
    base_rate, sensitivity : float

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*.

    Examples
    --------
    >>> base_rate, sensitivity = exponential_form_parameters(1.0, 0.98, 1.0)
    >>> round(base_rate, 5), sensitivity
    (0.02041, 1.0)
    """
    attempt_rate = as_scalar(attempt_rate, "attempt_rate", nonnegative=True)
    catch_at_parity = float(_parity(as_scalar(catch_at_parity, "catch_at_parity")))
    steepness = as_scalar(steepness, "steepness", nonnegative=True)
    with np.errstate(over="ignore"):
        base_rate = attempt_rate * ((1.0 - catch_at_parity) / catch_at_parity)
    base_rate = float(finite_result(base_rate, "attempt_rate, catch_at_parity", "the base rate"))
    return base_rate, steepness


def gap_at_catch_probability(level, catch_at_parity, steepness):
    """The gap ``ln(C / A)`` at which oversight's catch probability falls to ``level``.

    Inverts :func:`catch_probability`: ``g = (logit(q0) - logit(level)) / steepness``.
    ``exp(g)`` is the capability ratio ``C / A`` at that point.

    Parameters
    ----------
    level : array_like
        Catch probability, strictly between 0 and 1.
    catch_at_parity : array_like
        ``q0``, strictly between 0 and 1.
    steepness : array_like
        Positive (with ``steepness = 0`` the catch probability never changes).

    Returns
    -------
    numpy.ndarray
        The gap; negative for a level above ``q0``.

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*.

    Examples
    --------
    >>> float(np.exp(gap_at_catch_probability(0.5, catch_at_parity=0.98, steepness=1.0))).__round__(6)
    49.0
    >>> float(gap_at_catch_probability(0.98, 0.98, 2.0))
    0.0
    """
    level = as_probability(level, "level", open_interval=True)
    catch_at_parity = _parity(catch_at_parity)
    steepness = as_float_array(steepness, "steepness", positive=True)
    check_broadcastable(level=level, catch_at_parity=catch_at_parity, steepness=steepness)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        gap = (logit(catch_at_parity) - logit(level)) / steepness
    return finite_result(gap, "level, catch_at_parity, steepness", "the gap (logit(q0) - logit(level)) / steepness")


def uncaught_failure_probability(t, initial_gap, gap_rate, attempt_rate, catch_at_parity, steepness):
    """Probability of at least one uncaught failure by ``t``, for a linear gap and no feedback.

    With ``g(t) = initial_gap + gap_rate * t`` and ``h = attempt_rate * sigmoid(k g - logit q0)``
    (:func:`uncaught_hazard`, ``k = steepness``), the integrated hazard has a closed form,

    ``H(t) = attempt_rate * [softplus(a + b t) - softplus(a)] / b``,
    ``a = k * initial_gap - logit(q0)``, ``b = k * gap_rate``

    (``attempt_rate * sigmoid(a) * t`` when ``b = 0``), and the probability is
    ``1 - exp(-H(t))``.

    Parameters
    ----------
    t : array_like
        Times in years; non-negative.
    initial_gap : array_like
        ``ln(C(0) / A(0))``; finite.
    gap_rate : array_like
        ``c_rate - a_rate``; finite, negative when alignment grows faster.
    attempt_rate, catch_at_parity, steepness : array_like
        As in :func:`uncaught_hazard`.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1], broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 3, section *When oversight weakens*. Checks
    :func:`acslib.risk.cumulative_failure_probability` and :func:`feedback_failure_probability`.

    Examples
    --------
    >>> t = np.linspace(0.0, 20.0, 2001)
    >>> h = uncaught_hazard(-np.log(4.0) + 0.3 * t, 1.0, 0.98, 1.0)
    >>> from acslib.risk import cumulative_failure_probability
    >>> numeric = cumulative_failure_probability(t, h)[-1]
    >>> exact = uncaught_failure_probability(20.0, -np.log(4.0), 0.3, 1.0, 0.98, 1.0)
    >>> bool(abs(numeric - exact) < 1e-6)
    True
    >>> float(uncaught_failure_probability(10.0, 0.0, 0.0, 0.1, 0.8, 1.0)).__round__(6)  # 1 - exp(-0.2)
    0.181269
    """
    t = as_float_array(t, "t", nonnegative=True)
    initial_gap = as_float_array(initial_gap, "initial_gap")
    gap_rate = as_float_array(gap_rate, "gap_rate")
    attempt_rate = as_float_array(attempt_rate, "attempt_rate", nonnegative=True)
    catch_at_parity = _parity(catch_at_parity)
    steepness = as_float_array(steepness, "steepness", nonnegative=True)
    check_broadcastable(t=t, initial_gap=initial_gap, gap_rate=gap_rate, attempt_rate=attempt_rate,
                        catch_at_parity=catch_at_parity, steepness=steepness)
    with np.errstate(over="ignore", invalid="ignore"):
        a = finite_result(-_catch_logit(initial_gap, catch_at_parity, steepness),
                          "initial_gap, catch_at_parity, steepness", "steepness * initial_gap")
        b = np.where(steepness == 0.0, 0.0, steepness * gap_rate)
        bt = finite_result(np.where((b == 0.0) | (t == 0.0), 0.0, b * t), "t, gap_rate, steepness",
                           "steepness * gap_rate * t")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # Where b t is small the difference of softplus values cancels: use the midpoint rule,
        # whose relative error is below (b t)^2 / 24 < 1e-9 there.
        small = np.abs(bt) < 1e-4
        safe_b = np.where(small, 1.0, b)
        difference = (np.logaddexp(0.0, a + bt) - np.logaddexp(0.0, a)) / safe_b
        integral = np.maximum(np.where(small, t * expit(a + bt / 2.0), difference), 0.0)
        hazard_integral = np.where(attempt_rate == 0.0, 0.0, attempt_rate * integral)
    return -np.expm1(-hazard_integral)  # an integral beyond the largest float means certain failure


def expected_gap_drift(gap, gap_rate, attempt_rate, catch_at_parity, steepness, feedback):
    """Expected rate of change of the gap when caught incidents feed back on oversight.

    Each year the gap moves by ``gap_rate`` from the growth rates, and by ``feedback`` for
    each of the ``attempt_rate * q(g)`` incidents oversight catches, so on average

    ``dg/dt = gap_rate + feedback * attempt_rate * q(g)``.

    With corrective feedback (``feedback < 0``) the gap stops growing only where this is
    at most zero: the incidents oversight catches must buy alignment at least as fast as
    capability pulls ahead. As the gap grows, ``q`` falls, so correction weakens exactly
    when it is most needed.

    Parameters
    ----------
    gap : array_like
        The current gap ``ln(C / A)``; finite.
    gap_rate : array_like
        ``c_rate - a_rate``; finite.
    attempt_rate, catch_at_parity, steepness : array_like
        As in :func:`uncaught_hazard`.
    feedback : array_like
        Change of the gap per caught incident: negative when incidents bring more oversight
        (corrective), positive when they erode it; finite.

    Returns
    -------
    numpy.ndarray
        The drift per year.

    Notes
    -----
    Defined in Chapter 3, section *Feedback in both directions*. A mean-field summary of
    :func:`feedback_failure_probability`, whose gap moves in jumps: in a short time ``dt``
    the gap moves by ``gap_rate * dt``, and with probability ``attempt_rate * q(g) * dt`` an
    incident moves it by ``feedback``. It describes the average world, not the spread of
    worlds around it.

    Examples
    --------
    >>> expected_gap_drift(np.log([0.25, 16.0]), 0.3, 1.0, 0.98, 1.0, feedback=-0.2).round(4)
    array([0.101 , 0.1492])
    """
    gap = as_float_array(gap, "gap")
    gap_rate = as_float_array(gap_rate, "gap_rate")
    attempt_rate = as_float_array(attempt_rate, "attempt_rate", nonnegative=True)
    catch_at_parity = _parity(catch_at_parity)
    steepness = as_float_array(steepness, "steepness", nonnegative=True)
    feedback = as_float_array(feedback, "feedback")
    check_broadcastable(gap=gap, gap_rate=gap_rate, attempt_rate=attempt_rate, catch_at_parity=catch_at_parity,
                        steepness=steepness, feedback=feedback)
    with np.errstate(over="ignore", invalid="ignore"):
        drift = gap_rate + feedback * attempt_rate * expit(_catch_logit(gap, catch_at_parity, steepness))
    return finite_result(drift, "gap_rate, attempt_rate, feedback", "the drift gap_rate + feedback * attempt_rate * q")


def _attempt_cap(expected: float) -> int:
    """Loop bound: more potential failures than this in one world has probability < 1e-30."""
    return int(math.ceil(expected + 12.0 * math.sqrt(expected) + 30.0))


def feedback_failure_probability(t, initial_gap, gap_rate, attempt_rate, catch_at_parity, steepness, feedback,
                                 n_worlds, seed=None):
    """Monte Carlo probability of an uncaught failure by each time, with incidents feeding back.

    Each simulated world starts at ``initial_gap``. Potential failures arrive as a Poisson
    process at ``attempt_rate`` per year; one arriving at time ``s`` meets the gap
    ``initial_gap + gap_rate * s + feedback * (incidents caught before s)`` and is caught
    with probability :func:`catch_probability` of that gap. The first failure that is not
    caught ends the world. The simulation is exact (no time step): arrivals are drawn one at a
    time for all worlds at once.

    With ``feedback = 0`` it reproduces :func:`uncaught_failure_probability` within sampling
    error. With ``feedback < 0`` every caught incident brings more oversight and lowers the
    hazard of an uncaught failure (which then grows with time and drops at each incident, like
    the intensity of a self-correcting process); with ``feedback > 0`` every incident erodes
    oversight and raises that hazard (self-exciting). The tests check the simulation, with
    feedback, against a numerical solution of the forward (Kolmogorov) equations for the
    probability of surviving with ``n`` incidents caught.

    Parameters
    ----------
    t : array_like
        1-D times in years at which to report the probability, non-negative; the simulation
        runs to ``max(t)``.
    initial_gap, gap_rate : float
        The gap at ``t = 0`` and its drift from the growth rates, per year; finite.
    attempt_rate : float
        Potential failures per year; non-negative, with ``attempt_rate * max(t)`` at most
        1,000 (:data:`MAX_EXPECTED_ATTEMPTS`).
    catch_at_parity, steepness : float
        As in :func:`catch_probability`.
    feedback : float
        Change of the gap per caught incident (negative: corrective; positive: eroding); finite.
    n_worlds : int
        Simulated worlds, 1 to 1,000,000 (:data:`MAX_WORLDS`).
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        The fraction of worlds with an uncaught failure by each time in ``t``; its binomial
        standard error is ``sqrt(p (1 - p) / n_worlds)``. Report it over several seeds with
        :func:`acslib.montecarlo.seed_band`.

    Notes
    -----
    Defined in Chapter 3, section *Feedback in both directions*. The loop runs over arrivals,
    at most ``λT + 12 √(λT) + 30`` times for ``λT = attempt_rate * max(t)``; a world with more
    arrivals than that has probability below 1e-30.

    Examples
    --------
    >>> years = np.array([10.0, 20.0])
    >>> simulated = feedback_failure_probability(years, -np.log(4.0), 0.3, 1.0, 0.98, 1.0, feedback=0.0,
    ...                                          n_worlds=20_000, seed=1)
    >>> exact = uncaught_failure_probability(years, -np.log(4.0), 0.3, 1.0, 0.98, 1.0)
    >>> bool(np.all(np.abs(simulated - exact) < 4 * np.sqrt(exact * (1 - exact) / 20_000)))
    True
    """
    t = as_float_array(t, "t", nonnegative=True, ndim=1)
    initial_gap = as_scalar(initial_gap, "initial_gap")
    gap_rate = as_scalar(gap_rate, "gap_rate")
    attempt_rate = as_scalar(attempt_rate, "attempt_rate", nonnegative=True)
    catch_at_parity = float(_parity(as_scalar(catch_at_parity, "catch_at_parity")))
    steepness = as_scalar(steepness, "steepness", nonnegative=True)
    feedback = as_scalar(feedback, "feedback")
    n_worlds = as_count(n_worlds, "n_worlds", cap=MAX_WORLDS)
    rng = as_rng(seed)
    horizon = float(t.max())
    with np.errstate(over="ignore"):
        expected = attempt_rate * horizon
    if not expected <= MAX_EXPECTED_ATTEMPTS:
        raise ValueError(
            f"attempt_rate, t: the expected number of potential failures per world, attempt_rate * max(t), "
            f"must be at most {MAX_EXPECTED_ATTEMPTS:,}; got {expected:.3g}"
        )
    if expected == 0.0:
        return np.zeros(t.shape)
    failure = np.full(n_worlds, np.inf)
    log_odds = float(logit(catch_at_parity))
    now = np.zeros(n_worlds)
    caught = np.zeros(n_worlds)
    active = np.ones(n_worlds, dtype=bool)
    for _ in range(_attempt_cap(expected)):
        now += rng.standard_exponential(n_worlds) / attempt_rate
        active &= now <= horizon
        if not active.any():
            break
        with np.errstate(over="ignore", invalid="ignore"):
            gap = initial_gap + gap_rate * now + feedback * caught
            exponent = np.where(steepness == 0.0, 0.0, steepness * gap)
        was_caught = rng.random(n_worlds) < expit(log_odds - exponent)
        failed = active & ~was_caught
        failure[failed] = now[failed]
        caught += active & was_caught
        active &= was_caught
    ordered = np.sort(failure)
    return np.searchsorted(ordered, t, side="right") / n_worlds
