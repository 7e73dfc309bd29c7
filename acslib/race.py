"""Incentive misalignment: a race between development teams that trade safety for speed.

Defined in Chapter 11, *Key challenges* (``chapters/11_key_challenges.ipynb``), section
*Incentive misalignment: the race*. The set-up follows Armstrong, Bostrom and Shulman
(2016): ``n`` teams race to build a powerful system. Each team's capability ``c`` is drawn
uniformly from ``[0, μ]`` (``μ``, the *skill range*, measures how much capability matters
relative to cutting safety), each team chooses a safety level ``s`` in ``[0, 1]``, and the
team with the highest ``c − s`` wins. The winner's system causes a disaster with
probability ``1 − s``. A team values its own safe victory at 1, another team's safe victory
at ``1 − e`` (``e`` is *enmity*) and a disaster at 0.

With no information about capabilities, the symmetric equilibrium is
``s* = min(1, μ/(n·e))`` (:func:`equilibrium_safety`). **This formula is the book's own
derivation** of the model as described; the paper's exact parameterisation could not be
checked (published-anchors §8), so treat agreement with its published formulas as
unverified. The functions here derive it, check it against a numerical best response
(:func:`best_response`) and by simulation (:func:`simulated_utility`), and extend it to
private information (:func:`private_information_equilibrium`), which is solved numerically
and is approximate.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize

from ._validation import as_float_array, as_int, as_probability, as_rng, as_scalar, check_broadcastable

__all__ = [
    "equilibrium_safety",
    "disaster_probability",
    "win_probability",
    "expected_utility",
    "best_response",
    "simulate_race",
    "RaceSimulation",
    "simulated_utility",
    "private_information_safety",
    "private_information_disaster",
    "PrivateEquilibrium",
    "private_information_equilibrium",
    "full_safety_gain",
    "MAX_TEAMS",
    "MAX_RACES",
]

#: Largest number of teams the functions accept.
MAX_TEAMS = 1000
#: Largest ``n_races * n_teams`` (times the number of candidate safety levels) a simulation draws.
MAX_RACES = 5_000_000


def _teams(n_teams, name="n_teams"):
    if isinstance(n_teams, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer; got {n_teams!r}")
    array = as_float_array(n_teams, name)
    if (array != np.round(array)).any():
        raise ValueError(f"{name} must hold whole numbers")
    if (array < 2).any():
        raise ValueError(f"{name} must be at least 2: a race needs two teams")
    if (array > MAX_TEAMS).any():
        raise ValueError(f"{name} must be at most {MAX_TEAMS}")
    return array


def _out(array):
    array = np.asarray(array, dtype=float)
    return float(array) if array.ndim == 0 else array


def equilibrium_safety(n_teams, enmity, skill_range):
    """Symmetric equilibrium safety level of the no-information race: ``min(1, μ/(n·e))``.

    Derivation (the book's own, see the module docstring). Let every other team choose
    ``s`` and team ``i`` choose ``s + d``. With capabilities uniform on ``[0, μ]``, team
    ``i`` wins with probability ``P(d) = (μ − d)ⁿ/(n·μⁿ)`` for ``d >= 0``, so ``P(0) = 1/n``
    and ``P'(0) = −1/μ``. Its expected utility is ``U = P·(s + d) + (1 − P)·s·(1 − e)``, and
    ``dU/dd = 1/n − s·e/μ`` at ``d = 0``. Setting this to zero gives ``s = μ/(n·e)``; when
    that exceeds 1, full safety is the equilibrium. The first-order condition is also a
    global best response (checked numerically by :func:`best_response`).

    Parameters
    ----------
    n_teams : array_like
        Number of teams, whole numbers from 2 to 1000 (:data:`MAX_TEAMS`).
    enmity : array_like
        ``e`` in [0, 1]: how much worse another team's safe victory is than one's own.
        ``e = 0`` gives full safety.
    skill_range : array_like
        ``μ``, positive: the range of capabilities; a large ``μ`` means skill matters more
        than risk-taking.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> equilibrium_safety(2, 1.0, 0.5)
    0.25
    >>> equilibrium_safety([2, 5, 10], 0.8, 2.0)
    array([1. , 0.5 , 0.25])
    >>> equilibrium_safety(3, 0.0, 0.5)  # no enmity, no race
    1.0
    """
    n = _teams(n_teams)
    enmity = as_probability(enmity, "enmity")
    skill_range = as_float_array(skill_range, "skill_range", positive=True)
    check_broadcastable(n_teams=n, enmity=enmity, skill_range=skill_range)
    with np.errstate(divide="ignore"):
        unconstrained = np.where(enmity > 0, skill_range / (n * np.where(enmity > 0, enmity, 1.0)), np.inf)
    return _out(np.minimum(1.0, unconstrained))


def disaster_probability(n_teams, enmity, skill_range):
    """Probability of disaster in the symmetric no-information equilibrium, ``1 − s*``.

    Every team takes the same safety level, so the winner's is ``s*`` whoever wins.

    Parameters
    ----------
    n_teams : array_like
        Number of teams, whole numbers from 2 to 1000 (:data:`MAX_TEAMS`).
    enmity, skill_range : array_like
        As in :func:`equilibrium_safety`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> disaster_probability([2, 4], 1.0, 1.0)
    array([0.5 , 0.75])
    """
    return _out(1.0 - np.asarray(equilibrium_safety(n_teams, enmity, skill_range)))


def win_probability(safety, others_safety, n_teams, skill_range):
    """Probability that a team choosing ``safety`` beats ``n − 1`` teams choosing ``others_safety``.

    Capabilities are uniform on ``[0, μ]``; the highest ``c − s`` wins. With
    ``d = safety − others_safety``: ``(μ − d)ⁿ/(n·μⁿ)`` for ``0 <= d <= μ`` (0 beyond), and
    ``(μⁿ − |d|ⁿ)/(n·μⁿ) + |d|/μ`` for ``−μ <= d < 0`` (1 beyond).

    Parameters
    ----------
    safety, others_safety : array_like
        Safety levels in [0, 1].
    n_teams : array_like
        Number of teams (2 to 1000, :data:`MAX_TEAMS`).
    skill_range : array_like
        ``μ``, positive.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> win_probability(0.3, 0.3, 4, 1.0)
    0.25
    >>> win_probability([0.0, 1.0], 0.5, 2, 1.0)
    array([0.875, 0.125])
    """
    safety = as_probability(safety, "safety")
    others_safety = as_probability(others_safety, "others_safety")
    n = _teams(n_teams)
    mu = as_float_array(skill_range, "skill_range", positive=True)
    check_broadcastable(safety=safety, others_safety=others_safety, n_teams=n, skill_range=mu)
    d = safety - others_safety
    ahead = np.clip(mu - d, 0.0, None) / mu  # d >= 0
    behind = np.clip(-d, 0.0, None) / mu  # d < 0, as a share of μ
    lower = np.minimum(behind, 1.0)
    p_more_safe = ahead**n / n
    p_less_safe = np.where(behind >= 1.0, 1.0, (1.0 - lower**n) / n + lower)
    return _out(np.where(d >= 0, p_more_safe, p_less_safe))


def expected_utility(safety, others_safety, n_teams, enmity, skill_range):
    """Expected utility of a team choosing ``safety`` against teams choosing ``others_safety``.

    ``P·safety + (1 − P)·others_safety·(1 − enmity)``, with ``P`` from
    :func:`win_probability`: one's own safe victory is worth 1, another team's safe
    victory ``1 − e``, a disaster 0.

    Parameters
    ----------
    safety, others_safety : array_like
        Safety levels in [0, 1].
    n_teams : array_like
        Number of teams, whole numbers from 2 to 1000 (:data:`MAX_TEAMS`).
    enmity, skill_range : array_like
        As in :func:`equilibrium_safety`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> round(expected_utility(0.25, 0.25, 2, 1.0, 0.5), 6)
    0.125
    """
    enmity = as_probability(enmity, "enmity")
    p = np.asarray(win_probability(safety, others_safety, n_teams, skill_range))
    safety = as_probability(safety, "safety")
    others_safety = as_probability(others_safety, "others_safety")
    check_broadcastable(p=p, enmity=enmity)
    return _out(p * safety + (1.0 - p) * others_safety * (1.0 - enmity))


def best_response(others_safety, n_teams, enmity, skill_range):
    """The safety level that maximises :func:`expected_utility` against ``others_safety``.

    A grid of 2,001 safety levels on [0, 1] finds the best neighbourhood, and
    :func:`scipy.optimize.minimize_scalar` (bounded) refines it, so the result is a
    global best response to within about 1e-8.

    Parameters
    ----------
    others_safety : float
        The other teams' common safety level, in [0, 1].
    n_teams : int
        Number of teams (2 to 1000, :data:`MAX_TEAMS`).
    enmity : float
        ``e`` in [0, 1].
    skill_range : float
        ``μ``, positive.

    Returns
    -------
    float

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*: the equilibrium of
    :func:`equilibrium_safety` is a fixed point, ``best_response(s*) = s*``.

    Examples
    --------
    >>> s = equilibrium_safety(4, 0.9, 1.2)
    >>> round(best_response(s, 4, 0.9, 1.2), 6) == round(s, 6)
    True
    """
    others = float(as_probability(as_scalar(others_safety, "others_safety"), "others_safety"))
    n = as_int(n_teams, "n_teams", minimum=2)
    if n > MAX_TEAMS:
        raise ValueError(f"n_teams must be at most {MAX_TEAMS}; got {n}")
    enmity = float(as_probability(as_scalar(enmity, "enmity"), "enmity"))
    mu = as_scalar(skill_range, "skill_range", positive=True)
    grid = np.linspace(0.0, 1.0, 2001)
    values = np.asarray(expected_utility(grid, others, n, enmity, mu))
    best = int(np.argmax(values))
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    result = optimize.minimize_scalar(lambda s: -float(expected_utility(s, others, n, enmity, mu)),
                                      bounds=(low, high), method="bounded", options={"xatol": 1e-10})
    candidates = np.array([grid[best], float(result.x)])
    scores = np.asarray(expected_utility(candidates, others, n, enmity, mu))
    return float(candidates[int(np.argmax(scores))])


class RaceSimulation(NamedTuple):
    """Outcome of :func:`simulate_race`.

    Attributes
    ----------
    win_share : numpy.ndarray
        Per team, the share of races it won.
    disaster_share : float
        Share of races that ended in disaster.
    """

    win_share: np.ndarray
    disaster_share: float


def simulate_race(safety, skill_range, *, n_races=100_000, seed=None) -> RaceSimulation:
    """Simulate races between teams with the given safety levels.

    Parameters
    ----------
    safety : array_like
        One safety level per team, in [0, 1]; 2 to :data:`MAX_TEAMS` teams.
    skill_range : float
        ``μ``: capabilities are uniform on ``[0, μ]``.
    n_races : int
        Independent races; ``n_races * teams`` at most :data:`MAX_RACES`.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    RaceSimulation

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> sim = simulate_race([0.5, 0.5], 1.0, n_races=20_000, seed=0)
    >>> bool(abs(sim.disaster_share - 0.5) < 0.02)
    True
    """
    safety = as_probability(safety, "safety")
    if safety.ndim != 1 or not 2 <= safety.size <= MAX_TEAMS:
        raise ValueError(f"safety must be 1-D with 2 to {MAX_TEAMS} teams; got shape {safety.shape}")
    mu = as_scalar(skill_range, "skill_range", positive=True)
    n_races = as_int(n_races, "n_races", minimum=1)
    if n_races * safety.size > MAX_RACES:
        raise ValueError(f"n_races * teams must be at most {MAX_RACES}; got {n_races * safety.size}")
    rng = as_rng(seed)
    capability = rng.uniform(0.0, mu, size=(n_races, safety.size))
    winner = np.argmax(capability - safety, axis=1)
    disaster = rng.uniform(size=n_races) >= safety[winner]
    return RaceSimulation(np.bincount(winner, minlength=safety.size) / n_races, float(disaster.mean()))


def simulated_utility(safety, others_safety, n_teams, enmity, skill_range, *, n_races=50_000, seed=None):
    """Monte Carlo estimate of :func:`expected_utility`, with common random numbers.

    Every candidate ``safety`` faces the same simulated capabilities and the same
    disaster draws, so differences between candidates are not blurred by sampling noise.

    Parameters
    ----------
    safety : array_like
        Candidate safety levels for team 0, in [0, 1] (1-D, at most 1,000).
    others_safety : float
        The other teams' common safety level.
    n_teams, enmity, skill_range : int, float, float
        As in :func:`equilibrium_safety`.
    n_races : int
        Simulated races; ``n_races * (n_teams + len(safety))`` at most :data:`MAX_RACES`.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    numpy.ndarray
        Estimated utility of each candidate.

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> est = simulated_utility([0.25], 0.25, 2, 1.0, 0.5, n_races=40_000, seed=0)
    >>> bool(abs(est[0] - 0.125) < 0.01)
    True
    """
    candidates = as_probability(safety, "safety")
    if candidates.ndim != 1 or not 1 <= candidates.size <= 1000:
        raise ValueError(f"safety must be 1-D with 1 to 1000 candidates; got shape {candidates.shape}")
    others = float(as_probability(as_scalar(others_safety, "others_safety"), "others_safety"))
    n = as_int(n_teams, "n_teams", minimum=2)
    if n > MAX_TEAMS:
        raise ValueError(f"n_teams must be at most {MAX_TEAMS}; got {n}")
    enmity = float(as_probability(as_scalar(enmity, "enmity"), "enmity"))
    mu = as_scalar(skill_range, "skill_range", positive=True)
    n_races = as_int(n_races, "n_races", minimum=1)
    if n_races * (n + candidates.size) > MAX_RACES:
        raise ValueError(f"n_races * (n_teams + candidates) must be at most {MAX_RACES}")
    rng = as_rng(seed)
    own = rng.uniform(0.0, mu, size=n_races)
    best_other = rng.uniform(0.0, mu, size=(n_races, n - 1)).max(axis=1) - others
    safe_draw = rng.uniform(size=n_races)
    wins = (own[:, None] - candidates[None, :]) > best_other[:, None]
    safe_if_win = safe_draw[:, None] < candidates[None, :]
    safe_if_lose = safe_draw < others
    utility = np.where(wins, safe_if_win * 1.0, safe_if_lose[:, None] * (1.0 - enmity))
    return utility.mean(axis=0)


def private_information_safety(capability, n_teams, enmity):
    """Safety chosen by a team that knows its own capability ``c``: ``min(1, c/(1 + (n − 1)·e))``.

    Derivation (the book's own). Suppose the other teams play ``s(c) = a·c``; their scores
    ``(1 − a)·c`` are then uniform, a team of capability ``c`` that chooses ``σ`` wins with
    probability ``((c − σ)/((1 − a)μ))ⁿ⁻¹``, and the first-order condition of its expected
    utility is ``(c − σ)·(1 + (1 − e)(n − 1)·a/(1 − a)) = (n − 1)·σ``. Requiring ``σ = a·c``
    gives ``a = 1/(1 + (n − 1)·e)``. The formula is exact while no team reaches full safety
    (``μ <= 1 + (n − 1)·e``); beyond that the capped line is an approximation, which
    :func:`private_information_equilibrium` checks numerically.

    Parameters
    ----------
    capability : array_like
        The team's own capability, non-negative.
    n_teams : array_like
        Number of teams (2 to 1000, :data:`MAX_TEAMS`).
    enmity : array_like
        ``e`` in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> private_information_safety([0.0, 0.25, 0.5], 2, 1.0)
    array([0.   , 0.125, 0.25 ])
    """
    capability = as_float_array(capability, "capability", nonnegative=True)
    n = _teams(n_teams)
    enmity = as_probability(enmity, "enmity")
    check_broadcastable(capability=capability, n_teams=n, enmity=enmity)
    return _out(np.minimum(1.0, capability / (1.0 + (n - 1.0) * enmity)))


def private_information_disaster(n_teams, enmity, skill_range):
    """Disaster probability when teams play :func:`private_information_safety`.

    The winner is the most capable team (scores ``(1 − a)·c`` keep the order of ``c``), so
    with ``a = 1/(1 + (n − 1)e)`` and ``c₁ = min(μ, 1/a)`` the probability that the
    winner is safe is ``a·n·c₁ⁿ⁺¹/((n + 1)·μⁿ) + 1 − (c₁/μ)ⁿ``; while no team is capped this
    is ``n·μ/((n + 1)(1 + (n − 1)e))``. It is always below the no-information safety
    ``μ/(n·e)`` when both are interior: the difference has the sign of ``n + 1 − e > 0``,
    which is the paper's qualitative claim that more information raises the danger.

    Parameters
    ----------
    n_teams : array_like
        Number of teams, whole numbers from 2 to 1000 (:data:`MAX_TEAMS`).
    enmity, skill_range : array_like
        As in :func:`equilibrium_safety`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*.

    Examples
    --------
    >>> round(private_information_disaster(2, 1.0, 0.5), 6)  # 1 - 1/6
    0.833333
    """
    n = _teams(n_teams)
    enmity = as_probability(enmity, "enmity")
    mu = as_float_array(skill_range, "skill_range", positive=True)
    check_broadcastable(n_teams=n, enmity=enmity, skill_range=mu)
    slope = 1.0 / (1.0 + (n - 1.0) * enmity)
    capped = np.minimum(mu, 1.0 / slope)
    share = capped / mu
    safe = slope * n * capped * share**n / (n + 1.0) + 1.0 - share**n
    return _out(np.clip(1.0 - safe, 0.0, 1.0))


class PrivateEquilibrium(NamedTuple):
    """Outcome of :func:`private_information_equilibrium`.

    Attributes
    ----------
    capability : numpy.ndarray
        Midpoints of the capability cells (types).
    safety : numpy.ndarray
        The safety each type chooses.
    disaster_probability : float
        Probability that the winner's system causes a disaster.
    regret : float
        Largest utility any type could gain by deviating on the safety grid (0 in an
        exact equilibrium; the size of the approximation).
    iterations : int
        Damped best-response rounds used (0: the closed form already passed).
    converged : bool
        Whether every type's best response came within one grid step of its current
        safety within the cap.
    """

    capability: np.ndarray
    safety: np.ndarray
    disaster_probability: float
    regret: float
    iterations: int
    converged: bool


def _score_cdf(scores_low, width, points):
    """CDF at ``points`` of a mixture of equal-weight uniforms on [low, low + width]."""
    return np.clip((points[..., None] - scores_low) / width, 0.0, 1.0).mean(axis=-1)


def private_information_equilibrium(n_teams, enmity, skill_range, *, n_types=60, n_safety=201,
                                     max_iterations=100, damping=0.5, initial_safety=None):
    """Symmetric equilibrium when each team knows its own capability but not the others'.

    A strategy maps capability to safety. Capabilities are split into ``n_types`` equal
    cells with one safety level each (capability is uniform within a cell, so the
    others' scores have a continuous distribution). Each round, every type's best
    response on a grid of ``n_safety`` levels is computed exactly for that piecewise
    strategy, and the strategy moves a fraction ``damping`` of the way towards it.

    **Approximate**: the strategy is piecewise constant, the best response is taken on a
    grid, and damped best-response iteration is not guaranteed to converge. The result
    reports its own ``regret`` (how much any type could still gain by deviating) so the
    size of the approximation is visible.

    Parameters
    ----------
    n_teams, enmity, skill_range : int, float, float
        As in :func:`equilibrium_safety` (``n_teams`` at most 50 here).
    n_types : int
        Capability cells, 10 to 400.
    n_safety : int
        Safety levels on the grid, 11 to 2001.
    max_iterations : int
        Cap on best-response rounds, 0 to 5,000; 0 only checks the starting strategy.
    damping : float
        Step towards the best response, in (0, 1].
    initial_safety : array_like, optional
        Starting strategy, one safety level in [0, 1] per type (or one for all); by
        default the closed form :func:`private_information_safety`. With
        ``max_iterations=0`` the result's ``regret`` tests whether a given strategy is
        an equilibrium (the game can have more than one).

    Returns
    -------
    PrivateEquilibrium

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*: the book's
    numerical extension of the no-information model.

    Examples
    --------
    >>> eq = private_information_equilibrium(2, 1.0, 0.5, n_types=30, n_safety=101)
    >>> eq.converged, bool(eq.regret < 0.01)
    (True, True)
    """
    n = as_int(n_teams, "n_teams", minimum=2)
    if n > 50:
        raise ValueError(f"n_teams must be at most 50 for the private-information solver; got {n}")
    enmity = float(as_probability(as_scalar(enmity, "enmity"), "enmity"))
    mu = as_scalar(skill_range, "skill_range", positive=True)
    n_types = as_int(n_types, "n_types", minimum=10)
    if n_types > 400:
        raise ValueError(f"n_types must be at most 400; got {n_types}")
    n_safety = as_int(n_safety, "n_safety", minimum=11)
    if n_safety > 2001:
        raise ValueError(f"n_safety must be at most 2001; got {n_safety}")
    max_iterations = as_int(max_iterations, "max_iterations", minimum=0)
    if max_iterations > 5000:
        raise ValueError(f"max_iterations must be at most 5000; got {max_iterations}")
    damping = as_scalar(damping, "damping", positive=True)
    if damping > 1:
        raise ValueError(f"damping must be at most 1; got {damping}")

    width = mu / n_types
    low = np.arange(n_types) * width
    centre = low + width / 2
    levels = np.linspace(0.0, 1.0, n_safety)
    grid = np.linspace(-1.0, mu, 4 * n_types * 8 + 1)  # score axis for the others' distribution

    def tables(strategy):
        score_low = low - strategy
        cdf = _score_cdf(score_low, width, grid)
        inside = (grid[:, None] >= score_low) & (grid[:, None] < score_low + width)
        density_safety = (inside * strategy).sum(axis=1) / mu  # Σ_k s_k f_k(y)
        # Other teams win and are safe: (n-1) ∫_x^∞ s(y) f(y) G(y)^(n-2) dy.
        integrand = (n - 1) * density_safety * cdf ** (n - 2)
        tail = np.concatenate([np.cumsum((0.5 * (integrand[1:] + integrand[:-1]) * np.diff(grid))[::-1])[::-1], [0.0]])
        return cdf, tail, score_low

    def utilities(strategy, candidates):
        cdf, tail, score_low = tables(strategy)
        x = centre[:, None] - candidates
        win = _score_cdf(score_low, width, x) ** (n - 1)
        others_safe = np.interp(x, grid, tail)
        return win * candidates + (1.0 - enmity) * others_safe

    step = levels[1] - levels[0]

    def best(strategy):
        """Grid best response refined by a parabola through the best point and its neighbours."""
        values = utilities(strategy, levels[None, :])
        index = np.clip(np.argmax(values, axis=1), 1, n_safety - 2)
        rows = np.arange(n_types)
        left, middle, right = values[rows, index - 1], values[rows, index], values[rows, index + 1]
        curvature = left - 2 * middle + right
        with np.errstate(divide="ignore", invalid="ignore"):
            shift = np.where(curvature < 0, 0.5 * (left - right) / curvature, 0.0)
        refined = np.clip(levels[index] + np.clip(shift, -1.0, 1.0) * step, 0.0, 1.0)
        # Keep the grid's best point where the parabola does not improve on it (corners, kinks).
        grid_best = levels[np.argmax(values, axis=1)]
        pair = np.stack([grid_best, refined], axis=1)
        scores = utilities(strategy, pair)
        return pair[rows, np.argmax(scores, axis=1)], scores.max(axis=1)

    if initial_safety is None:
        strategy = np.asarray(private_information_safety(centre, n, enmity), dtype=float)  # the closed form
    else:
        start = as_probability(initial_safety, "initial_safety")
        if start.ndim > 1 or start.size not in (1, n_types):
            raise ValueError(f"initial_safety must be one value or {n_types} values (one per type); "
                             f"got shape {start.shape}")
        strategy = np.broadcast_to(start.reshape(-1) if start.ndim else start, (n_types,)).astype(float)
    converged, iterations = False, 0
    target, _ = best(strategy)
    while True:
        if float(np.abs(target - strategy).max()) <= step:
            converged = True
            break
        if iterations >= max_iterations:
            break
        iterations += 1
        rate = damping / (1.0 + iterations / 25.0)  # shrinking steps damp the grid's oscillations
        strategy = (1 - rate) * strategy + rate * target
        target, _ = best(strategy)
    _, best_values = best(strategy)
    own = utilities(strategy, strategy[:, None])[:, 0]
    regret = float(max(0.0, (best_values - own).max()))
    # Probability of no disaster: n ∫ s(y) f(y) G(y)^(n-1) dy.
    cdf, _, score_low = tables(strategy)
    inside = (grid[:, None] >= score_low) & (grid[:, None] < score_low + width)
    density_safety = (inside * strategy).sum(axis=1) / mu
    safe = float(np.trapezoid(n * density_safety * cdf ** (n - 1), grid)) if hasattr(np, "trapezoid") else \
        float(np.trapz(n * density_safety * cdf ** (n - 1), grid))
    return PrivateEquilibrium(centre, strategy, float(np.clip(1.0 - safe, 0.0, 1.0)), regret, iterations, converged)


def full_safety_gain(capability, n_teams, enmity, skill_range):
    """What a team of capability ``c`` gains by leaving full safety when every other team plays ``s = 1``.

    With the others at full safety their scores ``c_j − 1`` are uniform on ``[−1, μ − 1]``,
    so a team that chooses ``σ`` wins with probability ``P = min(1, (c + 1 − σ)/μ)ⁿ⁻¹`` and
    its expected utility is ``U(σ) = P·σ + (1 − P)·(1 − e)`` (a rival's win is always safe).
    Where ``P < 1``, ``dU/dσ`` has the sign of ``(c + 1 − σ) − (n − 1)(σ − 1 + e)``, so ``U``
    peaks at ``σ* = (c + 1 + (n − 1)(1 − e))/n``; where ``P = 1`` it rises with ``σ``. The
    best reply is therefore ``min(1, max(σ*, c + 1 − μ))`` and the gain is
    ``U(best) − U(1)``, exactly. It is positive for every ``c < (n − 1)·e``: full safety is
    never an equilibrium when ``e > 0``, however small the gain.

    Parameters
    ----------
    capability : array_like
        The team's own capability ``c``, from 0 to ``skill_range``.
    n_teams : array_like
        Number of teams, whole numbers from 2 to 1000 (:data:`MAX_TEAMS`).
    enmity : array_like
        ``e`` in [0, 1].
    skill_range : array_like
        ``μ``, positive.

    Returns
    -------
    float or numpy.ndarray
        The gain in expected utility, non-negative.

    Notes
    -----
    Defined in Chapter 11, section *Incentive misalignment: the race*: the exact check of
    the regret that :func:`private_information_equilibrium` reports for full safety.

    Examples
    --------
    >>> round(full_safety_gain(0.05, 3, 0.1, 0.6), 6)  # the least capable teams gain a little
    0.000694
    >>> full_safety_gain(0.3, 3, 0.1, 0.6)  # c >= (n - 1)e: full safety is the best reply
    0.0
    """
    c = as_float_array(capability, "capability", nonnegative=True)
    n = _teams(n_teams)
    enmity = as_probability(enmity, "enmity")
    mu = as_float_array(skill_range, "skill_range", positive=True)
    check_broadcastable(capability=c, n_teams=n, enmity=enmity, skill_range=mu)
    if (c > mu).any():
        raise ValueError("capability must lie between 0 and skill_range")

    def utility(s):
        p = np.minimum(1.0, (c + 1.0 - s) / mu) ** (n - 1.0)
        return p * s + (1.0 - p) * (1.0 - enmity)

    best = np.minimum(1.0, np.maximum((c + 1.0 + (n - 1.0) * (1.0 - enmity)) / n, c + 1.0 - mu))
    return _out(np.maximum(0.0, utility(best) - utility(1.0)))
