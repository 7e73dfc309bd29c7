"""Superalignment's published numbers: weak-to-strong generalisation and oversight games.

Defined in Chapter 9, *Superalignment: the destination and the process*
(``chapters/09_superalignment.ipynb``).

Two measurements anchor the chapter:

* **Performance gap recovered** (Burns et al. 2023, arXiv:2312.09390): when a weak
  supervisor's labels train a strong student, what share of the gap between the weak
  supervisor and the strong model's ceiling does the student recover
  (:func:`performance_gap_recovered`)?
* **Scaling laws for scalable oversight** (Engels et al. 2025, arXiv:2504.18530): an
  overseer (the *Guard*) and a system trying to evade it (the *Houdini*) play a game whose
  outcome follows the Elo formula (:func:`elo_win_probability`). Each side's domain Elo
  in a game is fitted as a linear function of its *general* Elo (Chatbot Arena), and
  *nested* oversight climbs a general-Elo gap ``Δ`` in ``n`` steps, each step's Guard
  overseeing a Houdini ``Δ / n`` stronger, which then becomes the next Guard
  (:func:`nested_oversight_success`, :func:`nested_oversight`).

Two sets of numbers must be kept apart:

* **The paper's** (:data:`ENGELS_PUBLISHED_AT_400`): the success rates at ``Δ = 400`` that
  the paper's abstract reports, 51.7% (Debate), 13.5% (Mafia), 10.0% (Backdoor Code) and
  9.4% (Wargames). They come from the paper's own fits, which this module does not have.
* **The authors' theory notebook's** (:data:`ENGELS_FITS`): the full-precision straight-line
  fits in ``elo/theory-predictions.ipynb`` of the authors' code repository
  (github.com/subhashk01/oversight-scaling-laws). From them this module recomputes that
  notebook's printed success rates at ``Δ = 400``: Debate 0.5136, Mafia 0.1106, Backdoor
  Code 0.2757, Wargames 0.0980. Rounding the coefficients visibly moves Backdoor Code,
  whose Houdini slope is large.

Both sets are calculations on fitted lines, not observations of nested oversight. The models in the study span general Elo
1103 to 1377 (:data:`DATA_GENERAL_ELO`); wherever a Guard or Houdini sits above 1377 the
linear fits are extrapolations, and the paper's own piecewise-linear form would saturate.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._validation import ArgumentTypeError, as_choice, as_count, as_float_array, as_scalar, check_broadcastable

__all__ = [
    "GAMES",
    "GAME_TITLES",
    "ENGELS_FITS",
    "ENGELS_PUBLISHED_AT_400",
    "START_ELO",
    "DATA_GENERAL_ELO",
    "MAX_STEPS",
    "performance_gap_recovered",
    "elo_win_probability",
    "domain_elo",
    "nested_success_from_fits",
    "nested_oversight_success",
    "nested_oversight",
    "required_step_advantage",
]

#: The four oversight games of Engels et al. (2025), as acslib names them.
GAMES = ("debate", "mafia", "backdoor-code", "wargames")
#: How the paper names them.
GAME_TITLES = {"debate": "Debate", "mafia": "Mafia", "backdoor-code": "Backdoor Code", "wargames": "Wargames"}
#: Linear fits ``domain Elo = slope * general Elo + intercept``, as ``(slope, intercept)``, for
#: the Guard and the Houdini of each game (the authors' theory notebook, full precision).
ENGELS_FITS = {
    "debate": {"guard": (1.0983942546126946, -47.49890598669299),
               "houdini": (0.04936115584058696, 1080.3983558810423)},
    "mafia": {"guard": (1.5305382247861692, -622.9317463747565),
              "houdini": (0.8344154600833648, 173.2206142928111)},
    "backdoor-code": {"guard": (0.7192614624976502, 552.0221384375485),
                      "houdini": (1.9518243250891987, -1361.61176329289)},
    "wargames": {"guard": (1.1666737577004682, -229.07366870912878),
                 "houdini": (0.6795738441484533, 422.0053838057133)},
}
#: Nested-oversight success at a general-Elo gap of 400 as the paper's abstract reports it
#: (Engels et al. 2025, arXiv:2504.18530, from version 2 on; version 1 said "below 52%"),
#: from the paper's own fits: cited, not recomputed.
ENGELS_PUBLISHED_AT_400 = {"debate": 0.517, "mafia": 0.135, "backdoor-code": 0.100, "wargames": 0.094}
#: General Elo of the first Guard in the authors' nested-oversight calculation (the weakest
#: model in their study, Llama 3.2 3B).
START_ELO = 1103.0
#: Lowest and highest general (Chatbot Arena) Elo among the models the study measured
#: (the authors' ``elo/llm_elos.csv``): the range in which the linear fits are interpolations.
DATA_GENERAL_ELO = (1103.0, 1377.0)
#: Largest number of oversight steps any function here considers.
MAX_STEPS = 1000
_ELO_SCALE = np.log(10.0) / 400.0


def performance_gap_recovered(weak, weak_to_strong, strong_ceiling):
    """Share of the weak-to-ceiling performance gap that weak-to-strong training recovers.

    ``PGR = (weak_to_strong - weak) / (strong_ceiling - weak)`` (Burns et al. 2023): 0 when
    the strong student only matches its weak supervisor, 1 when it matches a strong model
    trained on ground truth. It can fall below 0 (the student does worse than its
    supervisor) or exceed 1.

    Parameters
    ----------
    weak : array_like
        Performance of the weak supervisor (for instance test accuracy).
    weak_to_strong : array_like
        Performance of the strong student trained on the weak supervisor's labels.
    strong_ceiling : array_like
        Performance of the strong model trained on ground truth.

    Returns
    -------
    numpy.ndarray
        Broadcast over the inputs.

    Raises
    ------
    ValueError
        Where ``strong_ceiling == weak``: there is no gap to recover.

    Notes
    -----
    Defined in Chapter 9, section *Weak-to-strong generalisation*.

    Examples
    --------
    >>> float(performance_gap_recovered(0.60, 0.70, 0.80))
    0.5
    >>> performance_gap_recovered(0.60, [0.55, 0.60, 0.90], 0.80).round(2)
    array([-0.25,  0.  ,  1.5 ])
    """
    weak = as_float_array(weak, "weak")
    student = as_float_array(weak_to_strong, "weak_to_strong")
    ceiling = as_float_array(strong_ceiling, "strong_ceiling")
    check_broadcastable(weak=weak, weak_to_strong=student, strong_ceiling=ceiling)
    gap = ceiling - weak
    if (gap == 0).any():
        raise ValueError("strong_ceiling must differ from weak: with no gap there is nothing to recover")
    result = (student - weak) / gap
    if not np.isfinite(result).all():
        raise ValueError("weak_to_strong, weak, strong_ceiling: the recovered share (student - weak) / "
                         "(ceiling - weak) overflows float64 for these values")
    return result


def elo_win_probability(rating, opponent_rating):
    """Probability that a player rated ``rating`` beats one rated ``opponent_rating``.

    ``1 / (1 + 10 ** ((opponent_rating - rating) / 400))``: a 400-point lead means
    winning ten games for every one lost.

    Parameters
    ----------
    rating, opponent_rating : array_like
        Elo ratings, broadcastable.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1].

    Notes
    -----
    Defined in Chapter 9, section *Scaling laws for scalable oversight*. Engels et al.
    (2025) use this form for the Guard's chance of beating the Houdini.

    Examples
    --------
    >>> float(elo_win_probability(1500, 1500))
    0.5
    >>> round(float(elo_win_probability(1900, 1500)), 4)  # ten to one
    0.9091
    >>> round(float(elo_win_probability(1500, 1900)), 4)
    0.0909
    """
    rating = as_float_array(rating, "rating")
    opponent = as_float_array(opponent_rating, "opponent_rating")
    check_broadcastable(rating=rating, opponent_rating=opponent)
    return special.expit(_ELO_SCALE * (rating - opponent))


def _game(game) -> str:
    return as_choice(game, "game", GAMES)


def _fit(value, name: str) -> tuple:
    try:
        pair = as_float_array(value, name, ndim=1)
    except ArgumentTypeError as error:
        raise ArgumentTypeError(f"{name} must be a (slope, intercept) pair of numbers; "
                                f"got {type(value).__name__}") from error
    if pair.shape != (2,):
        raise ValueError(f"{name} must be a (slope, intercept) pair; got shape {pair.shape}")
    return float(pair[0]), float(pair[1])


def domain_elo(game, role, general_elo):
    """A player's Elo in one oversight game, from its general Elo (the linear fit).

    Parameters
    ----------
    game : {"debate", "mafia", "backdoor-code", "wargames"}
    role : {"guard", "houdini"}
    general_elo : array_like
        General (Chatbot Arena) Elo.

    Returns
    -------
    numpy.ndarray
        ``slope * general_elo + intercept`` with the fit in :data:`ENGELS_FITS`.
        Outside :data:`DATA_GENERAL_ELO` this is an extrapolation.

    Notes
    -----
    Defined in Chapter 9, section *Scaling laws for scalable oversight*.

    Examples
    --------
    >>> round(float(domain_elo("debate", "guard", 1103.0)), 1)
    1164.0
    >>> round(float(domain_elo("debate", "houdini", 1103.0)), 1)
    1134.8
    """
    game = _game(game)
    role = as_choice(role, "role", ("guard", "houdini"))
    general = as_float_array(general_elo, "general_elo")
    slope, intercept = ENGELS_FITS[game][role]
    return slope * general + intercept


def _delta_and_steps(delta, n_steps, cap=MAX_STEPS):
    delta = as_float_array(delta, "delta", nonnegative=True)
    n_steps = as_count(n_steps, "n_steps", minimum=1, cap=cap)
    return delta, n_steps


def nested_success_from_fits(guard, houdini, delta, n_steps, start_elo=START_ELO):
    """Probability that nested oversight in ``n_steps`` steps holds across a general-Elo gap.

    Step ``j`` (``j = 0 .. n - 1``) puts a Guard of general Elo ``start + j Δ / n``
    against a Houdini of general Elo ``start + (j + 1) Δ / n``; each plays with its
    domain Elo ``slope * general + intercept`` and the Guard wins with
    :func:`elo_win_probability`. Oversight succeeds only if every Guard wins, so the
    success probability is the product over the steps.

    Parameters
    ----------
    guard, houdini : (float, float)
        ``(slope, intercept)`` of each role's linear fit.
    delta : array_like
        General-Elo gap between the first Guard and the final Houdini; non-negative.
    n_steps : int
        Number of steps, 1 to :data:`MAX_STEPS`.
    start_elo : float
        General Elo of the first Guard.

    Returns
    -------
    numpy.ndarray
        Shape of ``delta``.

    Notes
    -----
    Defined in Chapter 9, section *Scaling laws for scalable oversight*, after Engels
    et al. (2025). The product is taken in log space.

    Examples
    --------
    >>> float(nested_success_from_fits((1.0, 0.0), (1.0, 0.0), 0.0, 3))  # equal players
    0.125
    >>> round(float(nested_success_from_fits((1.0, 0.0), (1.0, 0.0), 400.0, 1)), 4)
    0.0909
    """
    guard = _fit(guard, "guard")
    houdini = _fit(houdini, "houdini")
    delta, n_steps = _delta_and_steps(delta, n_steps)
    start = as_scalar(start_elo, "start_elo")
    j = np.arange(n_steps, dtype=float)
    step = delta[..., None] / n_steps
    guard_general = start + j * step
    houdini_general = guard_general + step
    advantage = (guard[0] * guard_general + guard[1]) - (houdini[0] * houdini_general + houdini[1])
    # log P(guard wins) = -log(1 + 10^(-advantage / 400)), summed over the steps.
    return np.exp(-np.logaddexp(0.0, -_ELO_SCALE * advantage).sum(axis=-1))


def nested_oversight_success(game, delta, n_steps, start_elo=START_ELO):
    """Nested oversight success for one of the four games, with ``n_steps`` steps.

    :func:`nested_success_from_fits` with the fits in :data:`ENGELS_FITS`.

    Parameters
    ----------
    game : {"debate", "mafia", "backdoor-code", "wargames"}
    delta : array_like
        General-Elo gap, non-negative.
    n_steps : int
        1 to :data:`MAX_STEPS`.
    start_elo : float
        General Elo of the first Guard (the study's weakest model by default).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Defined in Chapter 9, section *Scaling laws for scalable oversight*.

    Examples
    --------
    >>> round(float(nested_oversight_success("backdoor-code", 400.0, 2)), 4)
    0.2757
    """
    fits = ENGELS_FITS[_game(game)]
    return nested_success_from_fits(fits["guard"], fits["houdini"], delta, n_steps, start_elo)


def nested_oversight(game, delta, max_steps=20, start_elo=START_ELO):
    """The best nested-oversight success over 1 to ``max_steps`` steps, and that number of steps.

    Parameters
    ----------
    game : {"debate", "mafia", "backdoor-code", "wargames"}
    delta : array_like
        General-Elo gap, non-negative.
    max_steps : int
        Largest number of steps tried, 1 to :data:`MAX_STEPS` (20 in the authors' notebook).
    start_elo : float
        General Elo of the first Guard.

    Returns
    -------
    success : float or numpy.ndarray
        The highest success probability.
    steps : int or numpy.ndarray
        The number of steps that achieves it; ties go to the smaller number.

    Notes
    -----
    Defined in Chapter 9, section *Scaling laws for scalable oversight*. At
    ``Δ = 400`` this reproduces the authors' notebook: Debate 0.5136 (1 step), Mafia
    0.1106 (1), Backdoor Code 0.2757 (2), Wargames 0.0980 (1).

    Examples
    --------
    >>> success, steps = nested_oversight("debate", 400.0)
    >>> round(float(success), 4), steps
    (0.5136, 1)
    """
    game = _game(game)
    max_steps = as_count(max_steps, "max_steps", minimum=1, cap=MAX_STEPS)
    delta = as_float_array(delta, "delta", nonnegative=True)
    start = as_scalar(start_elo, "start_elo")
    table = np.stack([nested_oversight_success(game, delta, n, start) for n in range(1, max_steps + 1)])
    best = np.argmax(table, axis=0)  # the first maximum: ties go to fewer steps
    success = np.take_along_axis(table, best[None, ...], axis=0)[0]
    steps = best + 1
    if delta.ndim == 0:
        return float(success), int(steps)
    return success, steps


def required_step_advantage(target, n_steps):
    """Elo lead each Guard needs over its Houdini for ``n_steps`` equal steps to succeed with ``target``.

    With every step won with the same probability ``q``, nested oversight succeeds with
    ``q ** n``; reaching ``target`` needs ``q = target ** (1 / n)``, which by the Elo
    formula is a lead of ``400 log10(q / (1 - q))`` points at every step. More steps
    need a *larger* lead per step, because every step must hold.

    Parameters
    ----------
    target : array_like
        Required overall success probability, strictly between 0 and 1.
    n_steps : int
        Number of steps, 1 to :data:`MAX_STEPS`.

    Returns
    -------
    numpy.ndarray
        Elo points per step (negative when ``target`` is low enough that each Guard may
        be the weaker player).

    Notes
    -----
    Defined in Chapter 9, section *Alignment scaling is the process*. A consequence of
    the Elo formula, not a result of the paper.

    Examples
    --------
    >>> round(float(required_step_advantage(0.9, 1)), 1)
    381.7
    >>> round(float(required_step_advantage(0.9, 4)), 1)
    629.5
    """
    target = as_float_array(target, "target")
    if ((target <= 0) | (target >= 1)).any():
        raise ValueError("target must lie strictly between 0 and 1")
    n_steps = as_count(n_steps, "n_steps", minimum=1, cap=MAX_STEPS)
    log_q = np.log(target) / n_steps
    # log10(q / (1 - q)) with q = exp(log_q), stable when q is close to 1.
    return 400.0 * (log_q - np.log(-np.expm1(log_q))) / np.log(10.0)
