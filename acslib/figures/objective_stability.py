"""Explorables and static figures for Chapter 5, *Objective stability*.

Used in ``chapters/05_objective_stability.ipynb``:

* :func:`regressional_figure` — proxy and true value of the best-of-n winner with
  Gaussian error (section *Regressional Goodhart in closed form*);
* :func:`selection_scatter_explorable` — proxy against true value of candidates and
  best-of-n winners (same section);
* :func:`extremal_figure` — the regression of true value on proxy, and the winner's true
  value, for Gaussian and heavy-tailed error of the same standard deviation (section
  *Extremal Goodhart: when the true value turns down*);
* :func:`gold_reward_forms_figure` — Gao et al.'s two functional forms and their peaks, and
  :func:`overoptimization_explorable` — proxy and gold reward against ``d = sqrt(KL)``
  for a reward model of a chosen error (section *Over-optimisation curves*);
* :func:`iterated_rlhf_figure` — the idealised gain from iterating RLHF (section
  *Iterated RLHF and robust reward design*);
* :func:`misgeneralization_explorable` — test behaviour of the corridor agent against the
  fraction of training levels with the coin moved (section *Goal misgeneralisation*).

Every over-optimisation curve is **exact**: Gaussian error uses the closed forms and
Student-t error the numerical integrals of :func:`acslib.goodhart.expected_best_of_n`; no
frame shows simulation noise. Heavy-tailed error is always compared with Gaussian error at
the **same standard deviation** (:func:`acslib.goodhart.student_t_scale`). Curves are
cached per parameter value (``functools.lru_cache``) behind functions that validate their
arguments first; ``draw`` only looks results up. The misgeneralisation sweep trains all
its 55 agents on first use, in one batch (about half a second), and never while a slider
moves.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import matplotlib
import matplotlib.ticker
import numpy as np

from .._validation import as_choice, as_count, as_scalar
from ..explorable import Choice, Explorable, Param, StaticFigure
from ..goodhart import (
    best_of_n_kl,
    conditional_true_value_student_t,
    expected_best_of_n,
    fit_gold_reward_bon,
    gold_reward_bon,
    gold_reward_bon_peak,
    gold_reward_iterated_rl,
    gold_reward_iterated_rl_peak,
    gold_reward_rl,
    gold_reward_rl_peak,
    regressional_best_of_n,
    student_t_scale,
)
from ..misgeneralization import misgeneralization_sweep, policy_map, train_agent
from . import style

__all__ = [
    "HEAVY_TAIL_DOF",
    "ERROR_SDS",
    "CANDIDATE_COUNTS",
    "SCATTER_COUNTS",
    "RANDOMISED_FRACTIONS",
    "SWEEP_SEEDS",
    "MIN_ERROR_SD",
    "MAX_ERROR_SD",
    "error_scale",
    "overoptimization_curves",
    "describe_overoptimization",
    "overoptimization_explorable",
    "selection_sample",
    "describe_selection",
    "selection_scatter_explorable",
    "misgeneralization_results",
    "describe_misgeneralization",
    "misgeneralization_explorable",
    "regressional_figure",
    "extremal_figure",
    "gold_reward_forms_figure",
    "iterated_rlhf_figure",
    "EXPLORABLES",
]

#: Student-t degrees of freedom of the heavy-tailed reward-model error.
HEAVY_TAIL_DOF = 3.0
_NOISE_OPTIONS = ("student_t", "gaussian")
_NOISE_LABELS = ("heavy-tailed (Student-t, 3 dof)", "Gaussian")
#: Standard deviations of the reward-model error on the over-optimisation explorable.
ERROR_SDS = (0.25, 0.5, 0.75, 1.0)
#: Smallest error standard deviation the figure helpers accept.
MIN_ERROR_SD = 0.05
#: Largest error standard deviation the figure helpers accept.
MAX_ERROR_SD = 5.0
#: Best-of-n sizes offered by the over-optimisation explorable (its marker; n = 1 is the
#: curves' common start at d = 0).
CANDIDATE_COUNTS = (10, 100, 1000, 10_000, 100_000)
_CURVE_N = np.unique(np.round(np.logspace(0, 5, 81)))
_CURVE_N.setflags(write=False)
_POOL_SEED = 20221019
#: Best-of-n sizes offered by the scatter explorable.
SCATTER_COUNTS = (1, 4, 16, 64, 256, 1024, 4096)
_SCATTER_TRIALS = 300
_SCATTER_CANDIDATES = 1500
#: Randomised fractions of training levels in the misgeneralisation sweep.
RANDOMISED_FRACTIONS = tuple(round(0.02 * i, 2) for i in range(11))
#: Training seeds of the misgeneralisation sweep, one agent per seed and fraction.
SWEEP_SEEDS = (0, 1, 2, 3, 4)


# ---------------------------------------------------------------- shared validation
def _error_sd(value, name="error_sd"):
    value = as_scalar(value, name, positive=True)
    if not MIN_ERROR_SD <= value <= MAX_ERROR_SD:
        raise ValueError(f"{name} must lie between {MIN_ERROR_SD:g} and {MAX_ERROR_SD:g}; got {value:g}")
    return value


def _noise(value, name="noise"):
    return as_choice(value, name, _NOISE_OPTIONS)


def _label(noise):
    return _NOISE_LABELS[_NOISE_OPTIONS.index(noise)]


def error_scale(error_sd, noise="student_t"):
    """Scale of the reward-model error whose standard deviation is ``error_sd``.

    Gaussian error: ``error_sd`` itself. Student-t error with 3 degrees of freedom:
    ``error_sd / sqrt(3)`` (:func:`acslib.goodhart.student_t_scale`), so both errors have
    the same spread and differ only in their tails.

    Parameters
    ----------
    error_sd : float
        Standard deviation of the error, 0.05 to 5 (:data:`MIN_ERROR_SD`,
        :data:`MAX_ERROR_SD`), in units of the gold reward's standard deviation.
    noise : {"student_t", "gaussian"}

    Returns
    -------
    float

    Examples
    --------
    >>> round(error_scale(0.5), 4), error_scale(0.5, "gaussian")
    (0.2887, 0.5)
    """
    error_sd, noise = _error_sd(error_sd), _noise(noise)
    return error_sd if noise == "gaussian" else float(student_t_scale(error_sd, HEAVY_TAIL_DOF))


# ---------------------------------------------------------------- over-optimisation
def overoptimization_curves(error_sd, noise="student_t"):
    """Winner's expected proxy and true value on a grid of ``n``, for one reward model (exact).

    The reward model's score is ``X + E``: ``X`` standard normal (the gold reward), ``E``
    Gaussian or Student-t with 3 degrees of freedom, of standard deviation ``error_sd``.
    Both curves are exact expectations (:func:`acslib.goodhart.expected_best_of_n`): the
    closed form for Gaussian error, numerical integration for Student-t error.

    Parameters
    ----------
    error_sd : float
        Standard deviation of the error, 0.05 to 5, in units of the gold reward's.
    noise : {"student_t", "gaussian"}

    Returns
    -------
    SimpleNamespace
        ``n`` (81 counts from 1 to 100,000), ``d`` (``sqrt`` of
        :func:`acslib.goodhart.best_of_n_kl`), ``proxy``, ``true``, ``gaussian_true`` (the
        closed form with Gaussian error of the same standard deviation), the least-squares
        ``alpha``, ``beta`` of Gao et al.'s best-of-n form fitted to ``true``,
        ``peak_index`` (the grid point with the largest true value), and the exact peak
        over whole numbers of candidates: ``peak_n``, ``peak_d``, ``peak_true`` (the
        grid's spacing, 15% in ``n``, is too coarse to quote its peak as a count). Arrays
        are read-only.

    Examples
    --------
    >>> curves = overoptimization_curves(0.5)
    >>> curves.peak_n, round(curves.peak_true, 2), int(curves.n[curves.peak_index])
    (169, 2.05, 178)
    """
    return _curves(_error_sd(error_sd), _noise(noise))


@lru_cache(maxsize=64)
def _curves(error_sd, noise):
    scale = error_scale(error_sd, noise)
    gaussian_true = regressional_best_of_n(_CURVE_N, 1.0, error_sd)
    proxy, true = expected_best_of_n(_CURVE_N, 1.0, scale, noise, HEAVY_TAIL_DOF)
    d = np.sqrt(best_of_n_kl(_CURVE_N))
    alpha, beta = fit_gold_reward_bon(d, true)
    for array in (d, proxy, true, gaussian_true):
        array.setflags(write=False)
    index = int(np.argmax(true))
    peak_n, peak_true = int(_CURVE_N[index]), float(true[index])
    if 0 < index < _CURVE_N.size - 1:  # an interior peak lies between the grid's neighbours of its best point
        candidates = np.arange(_CURVE_N[index - 1], _CURVE_N[index + 1] + 1)  # at most about 4,000 counts
        exact = expected_best_of_n(candidates, 1.0, scale, noise, HEAVY_TAIL_DOF)[1]
        peak_n, peak_true = int(candidates[np.argmax(exact)]), float(exact.max())
    return SimpleNamespace(n=_CURVE_N, d=d, proxy=proxy, true=true, gaussian_true=gaussian_true,
                           alpha=alpha, beta=beta, peak_index=index, peak_n=peak_n,
                           peak_d=float(np.sqrt(best_of_n_kl(peak_n))), peak_true=peak_true)


def _at(curves, n):
    index = int(np.argmin(np.abs(curves.n - n)))
    return curves.d[index], curves.proxy[index], curves.true[index]


def _rounded(count):
    """A count to two significant figures, for prose ("near n = 180")."""
    count = float(count)
    if count < 100:
        return f"{count:,.0f}"
    digits = int(np.floor(np.log10(count))) - 1
    return f"{round(count, -digits):,.0f}"


def describe_overoptimization(error_sd, n, noise="student_t"):
    """Alt text for a frame of :func:`overoptimization_explorable`.

    Parameters
    ----------
    error_sd : float
        Standard deviation of the reward-model error, 0.05 to 5.
    n : int
        Best-of-n size marked on the curves, 1 to 100,000.
    noise : {"student_t", "gaussian"}

    Examples
    --------
    >>> describe_overoptimization(0.5, 1000)[:58]
    'Reward model with heavy-tailed (Student-t, 3 dof) error of'
    """
    curves = overoptimization_curves(error_sd, noise)
    n = as_count(n, "n", cap=100_000)
    d, proxy, true = _at(curves, n)
    text = (
        f"Reward model with {_label(noise)} error of standard deviation {error_sd:g}. Best-of-{n:,} (d = {d:.2f}, "
        f"at most {d * d:.1f} nats) picks a winner whose expected proxy score is {proxy:.2f} and whose expected "
        f"true value is {true:.2f} (exact, no simulation). "
    )
    if curves.peak_index < curves.n.size - 1:
        text += (f"The true value peaks at {curves.peak_true:.2f} near n = {_rounded(curves.peak_n)} "
                 f"(d = {curves.peak_d:.2f}) and falls toward zero after it while the proxy keeps rising.")
    else:
        text += "The true value keeps rising over the whole range, more slowly than the proxy."
    return text


_Y_TOP = 4.6


def _build_overoptimization(fig):
    for error_sd in ERROR_SDS:  # precompute every curve the sliders can reach
        for noise in _NOISE_OPTIONS:
            _curves(error_sd, noise)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    style.style_axes(ax)
    ax.set_xlim(0.0, 3.45)
    ax.set_ylim(-0.15, _Y_TOP)
    ax.set_xlabel("optimisation  d = √KL  (best-of-n; n = 1 at d = 0, n = 100,000 at d = 3.3)")
    ax.set_ylabel("expected score of the winner")
    ax.set_title("Proxy (reward model) against gold reward under best-of-n", fontsize=10)
    ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    art = SimpleNamespace()
    (art.proxy,) = ax.plot([], [], color=style.ACCENT, linewidth=2, linestyle="--",
                           label="proxy (reward-model score)", animated=True)
    (art.true,) = ax.plot([], [], color=style.ALIGNMENT, linewidth=2.2, label="gold (true) reward", animated=True)
    (art.fit,) = ax.plot([], [], color=style.EXTRA[1], linewidth=1.4, linestyle=":",
                         label="Gao et al. form d(α − βd), fitted", animated=True)
    (art.gaussian,) = ax.plot([], [], color=style.GREY, linewidth=1.2, linestyle="-.",
                              label="gold, Gaussian error of the same s.d.", animated=True)
    (art.marker_true,) = ax.plot([], [], "o", color=style.ALIGNMENT, markersize=7, animated=True)
    (art.marker_proxy,) = ax.plot([], [], "o", color=style.ACCENT, markersize=7, animated=True)
    art.peak = ax.axvline(0.0, color=style.ALIGNMENT, linewidth=0.9, linestyle=":", animated=True,
                          label="peak of the gold reward")
    art.label = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True)
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.6), fontsize=9, frameon=False)
    return art


def _draw_overoptimization(art, error_sd, n, noise):
    curves = overoptimization_curves(error_sd, noise)
    art.proxy.set_data(curves.d, curves.proxy)
    art.true.set_data(curves.d, curves.true)
    smooth = np.linspace(0.0, curves.d[-1], 200)
    art.fit.set_data(smooth, curves.alpha * smooth - curves.beta * smooth**2)
    art.gaussian.set_data(curves.d, curves.gaussian_true)
    d, proxy, true = _at(curves, n)
    art.marker_true.set_data([d], [true])
    off_scale = proxy > _Y_TOP - 0.05
    art.marker_proxy.set_data([d], [_Y_TOP - 0.05 if off_scale else proxy])
    art.marker_proxy.set_marker("^" if off_scale else "o")  # an arrowhead: the proxy is above the axes
    art.peak.set_xdata([curves.peak_d, curves.peak_d])
    art.label.set_text(f"n = {n:,}: proxy {proxy:.2f}, true {true:.2f}")


def overoptimization_explorable():
    """Proxy and gold reward of the best-of-n winner, with selection pressure and reward-model quality.

    Sliders: the standard deviation of the reward model's error and the best-of-n size
    (static on the website), and the error's distribution (live only). Every curve is an
    exact expectation.

    Examples
    --------
    >>> ex = overoptimization_explorable()
    >>> len(ex.static_grid())
    20
    """
    return Explorable(
        "Over-optimisation of a reward model",
        [
            Param("error_sd", ERROR_SDS[0], ERROR_SDS[-1], 0.25, 0.5, label="reward-model error s.d.",
                  fmt=".2f", unit=" × gold s.d."),
            Choice("n", CANDIDATE_COUNTS, 1000, label="best-of-n",
                   option_labels=tuple(f"{c:,} candidates" for c in CANDIDATE_COUNTS)),
            Choice("noise", _NOISE_OPTIONS, "student_t", label="error distribution", option_labels=_NOISE_LABELS),
        ],
        _build_overoptimization,
        _draw_overoptimization,
        describe=describe_overoptimization,
        static_params=("error_sd", "n"),
        figsize=(7.6, 4.0),
    )


# ---------------------------------------------------------------- selection scatter
@lru_cache(maxsize=1)
def _scatter_pool():
    rng = np.random.default_rng(_POOL_SEED + 1)
    shape = (_SCATTER_TRIALS, max(SCATTER_COUNTS))
    pool = {
        "true": rng.standard_normal(shape),
        "gaussian": rng.standard_normal(shape),
        "student_t": rng.standard_t(HEAVY_TAIL_DOF, shape),
    }
    for array in pool.values():
        array.setflags(write=False)
    return pool


def selection_sample(n, noise, error_sd):
    """Candidates and best-of-``n`` winners from one fixed random pool (300 trials).

    Trial ``t`` uses the first ``n`` candidates of row ``t`` of the pool, so a larger
    ``n`` adds candidates to the same trials. The error has standard deviation
    ``error_sd`` for both distributions (:func:`error_scale`).

    Parameters
    ----------
    n : int
        Candidates per trial, 1 to 4,096.
    noise : {"student_t", "gaussian"}
    error_sd : float
        Standard deviation of the error, 0.05 to 5.

    Returns
    -------
    SimpleNamespace
        ``candidate_proxy``, ``candidate_true`` (1,500 candidates for the background),
        ``winner_proxy``, ``winner_true`` (one per trial), read-only.

    Examples
    --------
    >>> sample = selection_sample(16, "gaussian", 0.5)
    >>> sample.winner_true.shape
    (300,)
    """
    n = as_count(n, "n", cap=max(SCATTER_COUNTS))
    return _selection_sample(n, _noise(noise), _error_sd(error_sd))


@lru_cache(maxsize=128)
def _selection_sample(n, noise, error_sd):
    pool = _scatter_pool()
    scale = error_scale(error_sd, noise)
    true = pool["true"][:, :n]
    proxy = true + scale * pool[noise][:, :n]
    winner = np.argmax(proxy, axis=1)
    rows = np.arange(true.shape[0])
    flat_true = pool["true"][:, :5].ravel()
    flat_proxy = flat_true + scale * pool[noise][:, :5].ravel()
    sample = SimpleNamespace(
        candidate_proxy=flat_proxy[:_SCATTER_CANDIDATES], candidate_true=flat_true[:_SCATTER_CANDIDATES],
        winner_proxy=proxy[rows, winner], winner_true=true[rows, winner],
    )
    for array in vars(sample).values():
        array.setflags(write=False)
    return sample


def describe_selection(n, noise, error_sd):
    """Alt text for a frame of :func:`selection_scatter_explorable`.

    Parameters
    ----------
    n : int
        Candidates per trial, 1 to 4,096.
    noise : {"student_t", "gaussian"}
    error_sd : float
        Standard deviation of the error, 0.05 to 5.

    Examples
    --------
    >>> describe_selection(64, "gaussian", 0.5)[:40]
    'Best-of-64 on a proxy with Gaussian erro'
    """
    sample = selection_sample(n, noise, error_sd)
    _, exact = expected_best_of_n(int(n), 1.0, error_scale(error_sd, noise), noise, HEAVY_TAIL_DOF)
    text = (
        f"Best-of-{int(n):,} on a proxy with {_label(noise)} error of standard deviation {error_sd:g}, 300 trials: "
        f"in this sample the winners average a proxy score of {sample.winner_proxy.mean():.2f} but a true value "
        f"of {sample.winner_true.mean():.2f} (exact expectation {float(exact):.2f})"
    )
    if noise == "gaussian":
        return text + "; the winners lie along the regression line, below the diagonal."
    return text + "; the highest proxy scores mostly belong to candidates with a large error, not a high true value."


_SCATTER_X = (-4.0, 300.0)
_SYMLOG_THRESHOLD = 4.0
_SCATTER_Y = (-3.5, 4.0)


def _build_selection(fig):
    fig.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.14)
    ax = fig.add_subplot()
    style.style_axes(ax)
    ax.set_xscale("symlog", linthresh=_SYMLOG_THRESHOLD, linscale=1.5)
    ax.set_xlim(*_SCATTER_X)
    ticks = (-4, -2, 0, 2, 4, 10, 30, 100, 300)
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_ylim(*_SCATTER_Y)
    ax.set_xlabel("proxy score  X + error  (linear to 4, logarithmic beyond)")
    ax.set_ylabel("true value  X")
    ax.set_title("Candidates (grey) and best-of-n winners (blue)", fontsize=10)
    diagonal = np.linspace(_SCATTER_Y[0], _SCATTER_Y[1], 50)
    ax.plot(diagonal, diagonal, color=style.NEUTRAL, linewidth=0.8, linestyle=":", label="true = proxy")
    art = SimpleNamespace()
    art.candidates = ax.scatter([], [], s=5, color=style.GREY, linewidths=0, animated=True)
    art.winners = ax.scatter([], [], s=10, color=style.ALIGNMENT, linewidths=0, animated=True)
    (art.regression,) = ax.plot([], [], color=style.ACCENT, linewidth=1.5, label="E[X | proxy]", animated=True)
    art.mean_true = ax.axhline(0.0, color=style.ALIGNMENT, linewidth=1.2, linestyle="--", animated=True)
    art.mean_proxy = ax.axvline(0.0, color=style.ACCENT, linewidth=1.2, linestyle="--", animated=True)
    art.label = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True)
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    return art


_REGRESSION_PROXY = np.linspace(_SCATTER_X[0], 100.0, 400)


@lru_cache(maxsize=64)
def _regression_line(noise, error_sd):
    if noise == "gaussian":
        return _REGRESSION_PROXY / (1.0 + error_sd**2)
    return conditional_true_value_student_t(_REGRESSION_PROXY, 1.0, error_scale(error_sd, noise), HEAVY_TAIL_DOF)


def _draw_selection(art, n, noise, error_sd):
    sample = selection_sample(n, noise, error_sd)
    art.candidates.set_offsets(np.column_stack([sample.candidate_proxy, sample.candidate_true]))
    art.winners.set_offsets(np.column_stack([sample.winner_proxy, sample.winner_true]))
    art.regression.set_data(_REGRESSION_PROXY, _regression_line(noise, float(error_sd)))
    art.mean_true.set_ydata([sample.winner_true.mean()] * 2)
    mean_proxy = sample.winner_proxy.mean()
    art.mean_proxy.set_xdata([min(mean_proxy, _SCATTER_X[1])] * 2)
    off_scale = int((sample.winner_proxy > _SCATTER_X[1]).sum())
    art.label.set_text(
        f"winners in this sample: mean proxy {mean_proxy:.2f}, mean true {sample.winner_true.mean():.2f}"
        + (f"\n{off_scale} of 300 winners lie beyond the right edge" if off_scale else "")
    )


def selection_scatter_explorable():
    """Scatter of proxy against true value: candidates and best-of-n winners.

    Sliders: ``n`` and the error's distribution (static on the website), and the error's
    standard deviation (live only).

    Examples
    --------
    >>> ex = selection_scatter_explorable()
    >>> len(ex.static_grid())
    14
    """
    return Explorable(
        "Who wins a best-of-n selection",
        [
            Choice("n", SCATTER_COUNTS, 64, label="best-of-n",
                   option_labels=tuple(f"{c:,} candidates" for c in SCATTER_COUNTS)),
            Choice("noise", ("gaussian", "student_t"), "gaussian", label="error distribution",
                   option_labels=("Gaussian", "heavy-tailed (Student-t, 3 dof)")),
            Param("error_sd", 0.25, 1.5, 0.25, 0.75, label="error s.d.", fmt=".2f", unit=" × s.d. of X"),
        ],
        _build_selection,
        _draw_selection,
        describe=describe_selection,
        static_params=("n", "noise"),
        figsize=(6.8, 4.2),
    )


# ---------------------------------------------------------------- static figures
def regressional_figure():
    """Static figure for section *Regressional Goodhart in closed form*.

    The best-of-n winner's expected proxy score and true value against ``n`` (1 to
    4,096, logarithmic axis) when true value and reward-model error are independent
    standard normals; the gap between them, the overstatement, is shaded. Closed forms
    (:func:`acslib.goodhart.regressional_best_of_n`).

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> regressional_figure().alt[:44]
    'Best-of-n with true value and reward-model e'
    """
    from matplotlib.figure import Figure

    n = np.unique(np.round(np.logspace(0, np.log10(4096), 60)))
    true = regressional_best_of_n(n, 1.0, 1.0)
    proxy = true * 2.0  # e_n sqrt(2) against e_n / sqrt(2)
    with matplotlib.rc_context(style.RC):
        figure = Figure(figsize=(6.8, 3.4), dpi=100)
        figure.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.16)
        ax = figure.add_subplot()
        style.style_axes(ax)
        ax.fill_between(n, true, proxy, color=style.ACCENT, alpha=0.18, linewidth=0)
        ax.plot(n, proxy, color=style.ACCENT, linestyle="--", linewidth=2, label="proxy score of the winner")
        ax.plot(n, true, color=style.ALIGNMENT, linewidth=2.2, label="true value of the winner")
        ax.set_xscale("log", base=2)
        ax.set_xlim(1, 4096)
        ax.set_ylim(0, 5.5)
        ax.set_xticks([1, 4, 16, 64, 256, 1024, 4096], ["1", "4", "16", "64", "256", "1,024", "4,096"])
        ax.set_xlabel("number of candidates n (logarithmic)")
        ax.set_ylabel("expected value (s.d. of X)")
        ax.set_title("Gaussian error as large as the spread of quality: half the proxy is noise", fontsize=10)
        ax.annotate("overstatement", (256, float(regressional_best_of_n(256, 1, 1)) * 1.5), ha="center",
                    va="center", color=style.ACCENT, fontsize=10)
        ax.legend(loc="upper left", frameon=False, fontsize=10)
    last_true, last_proxy = float(true[-1]), float(proxy[-1])
    alt = (
        f"Best-of-n with true value and reward-model error both standard normal, for n from 1 to 4,096 on a "
        f"logarithmic axis. The winner's expected proxy score rises to {last_proxy:.2f} and its expected true value "
        f"to {last_true:.2f}: the true value keeps rising, but always at exactly half the proxy, so the shaded "
        f"overstatement grows as fast as the real gain."
    )
    return StaticFigure(figure, alt)


def extremal_figure(error_sd=0.5, better_sd=0.25):
    """Static figure for section *Extremal Goodhart: when the true value turns down*.

    Left: the expected true value given the proxy score, ``E[X | P = c]``, for Gaussian
    error of standard deviation ``error_sd`` (a straight line) and for Student-t error
    (3 degrees of freedom) of standard deviations ``error_sd`` and ``better_sd`` (it rises,
    peaks and bends back toward zero). Right: the best-of-n winner's expected true value
    against ``n`` for the same three errors. All exact (no simulation).

    Parameters
    ----------
    error_sd, better_sd : float
        Standard deviations of the two errors, 0.05 to 5; ``better_sd`` is the better
        reward model's, smaller than ``error_sd``.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> extremal_figure().alt[:46]
    'Left: expected true value given the proxy scor'
    """
    from matplotlib.figure import Figure

    error_sd, better_sd = _error_sd(error_sd, "error_sd"), _error_sd(better_sd, "better_sd")
    if better_sd >= error_sd:
        raise ValueError(f"better_sd must be smaller than error_sd; got {better_sd:g} and {error_sd:g}")
    proxy = np.linspace(0.0, 30.0, 601)
    heavy = {sd: conditional_true_value_student_t(proxy, 1.0, error_scale(sd), HEAVY_TAIL_DOF)
             for sd in (error_sd, better_sd)}
    curves = {sd: overoptimization_curves(sd) for sd in (error_sd, better_sd)}  # exact, shared with the explorable
    n = curves[error_sd].n
    winners = {sd: curves[sd].true for sd in curves}
    gaussian_winner = curves[error_sd].gaussian_true
    colours = {error_sd: style.CAPABILITY, better_sd: style.ALIGNMENT}
    with matplotlib.rc_context(style.RC):
        figure = Figure(figsize=(8.6, 3.6), dpi=100)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.87, bottom=0.16, wspace=0.25)
        left, right = figure.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.set_ylim(0, 4.5)
        left.plot(proxy, proxy / (1 + error_sd**2), color=style.GREY, linestyle="-.", linewidth=1.5,
                  label=f"Gaussian error, s.d. {error_sd:g}")
        right.plot(n, gaussian_winner, color=style.GREY, linestyle="-.", linewidth=1.5,
                   label=f"Gaussian error, s.d. {error_sd:g}")
        for sd in (error_sd, better_sd):
            label = f"heavy-tailed error, s.d. {sd:g}"
            left.plot(proxy, heavy[sd], color=colours[sd], linewidth=2, label=label)
            peak = int(np.argmax(heavy[sd]))
            left.plot([proxy[peak]], [heavy[sd][peak]], "o", color=colours[sd], markersize=6)
            right.plot(n, winners[sd], color=colours[sd], linewidth=2, label=label)
            right.plot([curves[sd].peak_n], [curves[sd].peak_true], "o", color=colours[sd], markersize=6)
        left.set(xlim=(0, 30), xlabel="proxy score c", ylabel="E[true value | proxy = c]")
        left.set_title("The regression line bends back", fontsize=10)
        left.legend(loc="upper right", frameon=False, fontsize=9)
        right.set_xscale("log")
        right.set(xlim=(1, 1e5), xlabel="number of candidates n (logarithmic)", ylabel="true value of the winner")
        right.set_title("So more selection eventually hurts", fontsize=10)
    peaks = {sd: (float(proxy[np.argmax(heavy[sd])]), float(heavy[sd].max())) for sd in heavy}
    tops = {sd: (curves[sd].peak_n, curves[sd].peak_true, float(winners[sd][-1])) for sd in heavy}
    alt = (
        f"Left: expected true value given the proxy score, for reward-model errors of standard deviation "
        f"{error_sd:g} and {better_sd:g}. With Gaussian error it is a straight line of slope "
        f"{1 / (1 + error_sd**2):.2f}. With heavy-tailed error it peaks at {peaks[error_sd][1]:.2f} near a proxy "
        f"score of {peaks[error_sd][0]:.1f} (s.d. {error_sd:g}) or {peaks[better_sd][1]:.2f} near "
        f"{peaks[better_sd][0]:.1f} (s.d. {better_sd:g}) and then bends back toward zero, staying positive. "
        f"Right: the best-of-n winner's expected true value. The Gaussian curve keeps rising; the heavy-tailed "
        f"curves peak near n = {_rounded(tops[error_sd][0])} and n = {_rounded(tops[better_sd][0])} and fall to "
        f"{tops[error_sd][2]:.2f} and {tops[better_sd][2]:.2f} at n = 100,000."
    )
    return StaticFigure(figure, alt)


def gold_reward_forms_figure():
    """Static figure for section *Over-optimisation curves*: Gao et al.'s two forms.

    Left: best-of-n, ``R = d(α − βd)``; right: reinforcement learning, ``R = d(α −
    β log d)`` (logarithmic ``d`` axis); each with ``α = 1`` and ``β = 0.5`` and ``0.25``
    (round illustrative coefficients, not Gao et al.'s fits), peaks marked.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> gold_reward_forms_figure().alt[:38]
    "Gao et al.'s two forms for gold reward"
    """
    from matplotlib.figure import Figure

    betas = (0.5, 0.25)
    colours = (style.CAPABILITY, style.ALIGNMENT)
    d_bon = np.linspace(0.0, 4.5, 200)
    d_rl = np.logspace(-1, 2, 300)
    with matplotlib.rc_context(style.RC):
        figure = Figure(figsize=(8.6, 3.4), dpi=100)
        figure.subplots_adjust(left=0.09, right=0.98, top=0.87, bottom=0.17, wspace=0.25)
        left, right = figure.subplots(1, 2)
        for ax in (left, right):
            style.style_axes(ax)
            ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
        for beta, colour in zip(betas, colours):
            left.plot(d_bon, gold_reward_bon(d_bon, 1.0, beta), color=colour, linewidth=2, label=f"β = {beta:g}")
            d_peak, height = gold_reward_bon_peak(1.0, beta)
            left.plot([float(d_peak)], [float(height)], "o", color=colour, markersize=6)
            right.plot(d_rl, gold_reward_rl(d_rl, 1.0, beta), color=colour, linewidth=2, label=f"β = {beta:g}")
            d_peak, height = gold_reward_rl_peak(1.0, beta)
            right.plot([float(d_peak)], [float(height)], "o", color=colour, markersize=6)
        left.set(xlim=(0, 4.5), ylim=(-1.5, 1.3), xlabel="d = √KL", ylabel="gold reward R(d)")
        left.set_title("best-of-n: d(α − βd), α = 1", fontsize=10)
        right.set_xscale("log")
        right.set(xlim=(0.1, 100), ylim=(-1.5, 6), xlabel="d = √KL (logarithmic)")
        right.set_title("RL: d(α − β log d), α = 1", fontsize=10)
        left.legend(loc="lower left", frameon=False, fontsize=10)
        right.legend(loc="upper left", frameon=False, fontsize=10)
    bon = [tuple(float(v) for v in gold_reward_bon_peak(1.0, b)) for b in betas]
    rl = [tuple(float(v) for v in gold_reward_rl_peak(1.0, b)) for b in betas]
    alt = (
        f"Gao et al.'s two forms for gold reward against d, with alpha 1. Best-of-n (left) peaks at d = "
        f"{bon[0][0]:.2f} with height {bon[0][1]:.2f} when beta is 0.5, and at d = {bon[1][0]:.2f} with height "
        f"{bon[1][1]:.2f} when beta is 0.25. RL (right, logarithmic axis) peaks at d = {rl[0][0]:.2f} with height "
        f"{rl[0][1]:.2f}, and at d = {rl[1][0]:.2f} with height {rl[1][1]:.2f}: halving beta doubles the "
        f"best-of-n peak but multiplies the RL peak's distance by e squared."
    )
    return StaticFigure(figure, alt)


def iterated_rlhf_figure():
    """Static figure for section *Iterated RLHF and robust reward design*.

    Gold reward against total distance ``d`` after ``k = 1, 2, 4`` rounds of RLHF in Gao et
    al.'s idealisation (:func:`acslib.goodhart.gold_reward_iterated_rl`, ``α = 1``,
    ``β = 0.5``), peaks marked: each doubling of ``k`` doubles the peak's distance and
    height.

    Returns
    -------
    StaticFigure

    Examples
    --------
    >>> iterated_rlhf_figure().alt[:40]
    'Gold reward against total distance d for'
    """
    from matplotlib.figure import Figure

    d = np.linspace(0.0, 16.0, 321)
    rounds = (1, 2, 4)
    colours = (style.CAPABILITY, style.EXTRA[1], style.ALIGNMENT)  # vermilion, reddish purple, blue
    dashes = ("-", "--", "-")
    with matplotlib.rc_context(style.RC):
        figure = Figure(figsize=(6.8, 3.4), dpi=100)
        figure.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.16)
        ax = figure.add_subplot()
        style.style_axes(ax)
        ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
        for k, colour, dash in zip(rounds, colours, dashes):
            ax.plot(d, gold_reward_iterated_rl(d, 1.0, 0.5, k), color=colour, linewidth=2, linestyle=dash,
                    label=f"{k} round{'s' if k > 1 else ''}")
            d_peak, height = gold_reward_iterated_rl_peak(1.0, 0.5, k)
            ax.plot([float(d_peak)], [float(height)], "o", color=colour, markersize=6)
        ax.set(xlim=(0, 16), ylim=(-3, 6.5), xlabel="total distance d = √KL", ylabel="gold reward")
        ax.set_title("Iterated RLHF, idealised: k rounds of d/k with fresh reward models", fontsize=10)
        ax.legend(loc="lower left", frameon=False, fontsize=10)
    peaks = [tuple(float(v) for v in gold_reward_iterated_rl_peak(1.0, 0.5, k)) for k in rounds]
    alt = (
        "Gold reward against total distance d for one, two and four rounds of RLHF (alpha 1, beta 0.5) in Gao et "
        "al.'s idealisation. The peaks lie at d = "
        + ", ".join(f"{p[0]:.2f}" for p in peaks) + " with heights " + ", ".join(f"{p[1]:.2f}" for p in peaks)
        + ": every doubling of the rounds doubles both, and each curve crosses zero at e times its peak distance."
    )
    return StaticFigure(figure, alt)


# ---------------------------------------------------------------- misgeneralisation
@lru_cache(maxsize=1)
def misgeneralization_results():
    """The sweep behind :func:`misgeneralization_explorable`, computed once and cached.

    One agent per fraction in :data:`RANDOMISED_FRACTIONS` and seed in
    :data:`SWEEP_SEEDS` (default corridor of 12 cells, 200 training levels), plus the
    seed-0 agent's greedy policy map at each fraction.

    Returns
    -------
    SimpleNamespace
        ``fractions``; ``train_success``, ``test_success``, ``proxy_rate`` of shape
        ``(fractions, seeds)``; ``maps`` of shape ``(fractions, 12, 12)``. Read-only.

    Examples
    --------
    >>> misgeneralization_results().test_success.shape
    (11, 5)
    """
    fractions = np.array(RANDOMISED_FRACTIONS)
    sweep = misgeneralization_sweep(fractions, seeds=SWEEP_SEEDS)
    maps = np.stack([policy_map(train_agent(fraction, seed=SWEEP_SEEDS[0])) for fraction in fractions])
    results = SimpleNamespace(fractions=fractions, maps=maps, **sweep)
    for array in vars(results).values():
        array.setflags(write=False)
    return results


def _fraction_index(randomised_fraction):
    value = as_scalar(randomised_fraction, "randomised_fraction", nonnegative=True)
    if value > RANDOMISED_FRACTIONS[-1] + 1e-9:
        raise ValueError(f"randomised_fraction must be at most {RANDOMISED_FRACTIONS[-1]:g}; got {value:g}")
    return int(np.argmin(np.abs(np.array(RANDOMISED_FRACTIONS) - value)))


def describe_misgeneralization(randomised_fraction):
    """Alt text for a frame of :func:`misgeneralization_explorable`.

    Parameters
    ----------
    randomised_fraction : float
        Fraction of training levels with the coin moved, 0 to 0.2 (the nearest value of
        :data:`RANDOMISED_FRACTIONS` is shown).

    Examples
    --------
    >>> describe_misgeneralization(0.0)[:38]
    'With 0% of training levels having the '
    """
    i = _fraction_index(randomised_fraction)
    results = misgeneralization_results()
    return (
        f"With {results.fractions[i]:.0%} of training levels having the coin moved, agents (mean of "
        f"{len(SWEEP_SEEDS)} seeds) collect the coin in {results.train_success[i].mean():.1%} of training levels "
        f"and {results.test_success[i].mean():.1%} of test levels, and run to the end of the corridor without it in "
        f"{results.proxy_rate[i].mean():.1%}. The policy map shows the seed-0 agent's move in every state."
    )


def _build_misgeneralization(fig):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig.subplots_adjust(left=0.08, right=0.97, top=0.9, bottom=0.3, wspace=0.35)
    curves, grid = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
    style.style_axes(curves)
    results = misgeneralization_results()
    x = results.fractions
    series = (
        (results.train_success, "training success", style.GREY, "--"),
        (results.test_success, "test success", style.ALIGNMENT, "-"),
        (results.proxy_rate, "runs to the end (proxy)", style.CAPABILITY, "-"),
    )
    for values, label, colour, linestyle in series:
        curves.fill_between(x, values.min(axis=1), values.max(axis=1), color=colour, alpha=0.15, linewidth=0)
        curves.plot(x, values.mean(axis=1), color=colour, linestyle=linestyle, linewidth=2, label=label)
    curves.set_xlim(0.0, x[-1])
    curves.set_ylim(-0.02, 1.05)
    curves.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(0.04))  # on the grid: 0%, 4%, ..., 20%
    curves.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    curves.set_xlabel("training levels with the coin moved")
    curves.set_ylabel("share of levels")
    curves.set_title("Test behaviour (5 seeds: mean and range)", fontsize=10)
    curves.legend(loc="center right", fontsize=9, frameon=False)
    grid.set_xlabel("agent's cell (end = 11); below the\ndiagonal the coin is behind the agent", fontsize=9)
    grid.set_ylabel("coin's cell")
    grid.set_xticks(range(0, 12, 2))
    grid.set_yticks(range(0, 12, 2))
    background = style.RC["axes.facecolor"]  # "no preference" shows as the background
    cmap = ListedColormap([style.ALIGNMENT, background, style.CAPABILITY]).with_extremes(bad=style.GREY)
    art = SimpleNamespace()
    art.marker = curves.axvline(0.0, color=style.NEUTRAL, linewidth=1.0, linestyle=":", animated=True)
    art.image = grid.imshow(np.zeros((12, 12)), origin="lower", cmap=cmap, vmin=-1.5, vmax=1.5,
                            interpolation="nearest", animated=True)
    grid.legend(handles=[Patch(color=style.CAPABILITY, label="moves right"),
                         Patch(color=style.ALIGNMENT, label="moves left"),
                         Patch(facecolor="none", edgecolor=style.NEUTRAL, label="no preference"),
                         Patch(color=style.GREY, label="on the coin")],
                loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=9, frameon=False)
    grid.set_title("Seed-0 agent's move in each state", fontsize=10)
    return art


def _draw_misgeneralization(art, randomised_fraction):
    results = misgeneralization_results()
    i = _fraction_index(randomised_fraction)
    art.marker.set_xdata([results.fractions[i]] * 2)
    art.image.set_data(np.ma.masked_invalid(results.maps[i]))


def misgeneralization_explorable():
    """Test success and proxy pursuit against the fraction of training levels with the coin moved.

    One slider, static on the website. Results come from :func:`misgeneralization_results`.

    Examples
    --------
    >>> len(misgeneralization_explorable().static_grid())
    11
    """
    return Explorable(
        "Goal misgeneralisation in the corridor",
        [Param("randomised_fraction", 0.0, 0.2, 0.02, 0.0, label="training levels with the coin moved",
               fmt=".0%", unit=" of levels")],
        _build_misgeneralization,
        _draw_misgeneralization,
        describe=describe_misgeneralization,
        static_params=("randomised_fraction",),
        figsize=(8.6, 4.0),
    )


EXPLORABLES = (selection_scatter_explorable, overoptimization_explorable, misgeneralization_explorable)
