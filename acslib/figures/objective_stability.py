"""Explorables for Chapter 5, *Objective stability*.

Used in ``chapters/05_objective_stability.ipynb``:

* :func:`overoptimization_explorable` — proxy and gold (true) reward of the best-of-n
  winner against ``d = sqrt(KL)``, for a reward model of a chosen error scale (section
  *Over-optimisation curves*);
* :func:`selection_scatter_explorable` — proxy against true value of candidates and
  best-of-n winners (section *Regressional Goodhart in closed form*);
* :func:`misgeneralization_explorable` — test behaviour of the corridor agent against the
  fraction of training levels with the coin moved (section *Goal misgeneralisation*).

Every curve is computed once per parameter combination and cached at module level
(``functools.lru_cache``); ``draw`` only looks results up. The misgeneralisation
sweep trains all its agents on first use (about 2–4 s) and never while a slider moves.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import matplotlib.ticker
import numpy as np

from ..explorable import Choice, Explorable, Param
from ..goodhart import (
    best_of_n_from_pool,
    best_of_n_kl,
    expected_max_normal,
    fit_gold_reward_bon,
    gold_reward_bon,
    gold_reward_bon_peak,
    regressional_best_of_n,
)
from ..misgeneralization import misgeneralization_sweep, policy_map, train_agent
from . import style

__all__ = [
    "overoptimization_curves",
    "describe_overoptimization",
    "overoptimization_explorable",
    "selection_sample",
    "describe_selection",
    "selection_scatter_explorable",
    "misgeneralization_results",
    "describe_misgeneralization",
    "misgeneralization_explorable",
    "EXPLORABLES",
    "CANDIDATE_COUNTS",
    "RANDOMISED_FRACTIONS",
    "SWEEP_SEEDS",
]

#: Student-t degrees of freedom of the heavy-tailed reward-model error.
HEAVY_TAIL_DOF = 3.0
_NOISE_OPTIONS = ("student_t", "gaussian")
_NOISE_LABELS = ("heavy-tailed (Student-t, 3 dof)", "Gaussian")
#: Best-of-n sizes offered by the over-optimisation explorable (its marker).
CANDIDATE_COUNTS = (1, 10, 100, 1000, 10_000, 100_000)
_CURVE_N = np.unique(np.round(np.logspace(0, 5, 41)))
_RM_ERRORS = tuple(round(0.2 + 0.1 * i, 1) for i in range(9))
_POOL_SIZE = 1_000_000
_POOL_SEED = 20221019
#: Best-of-n sizes offered by the scatter explorable.
SCATTER_COUNTS = (1, 4, 16, 64, 256, 1024, 4096)
_SCATTER_TRIALS = 300
_SCATTER_CANDIDATES = 1500
#: Randomised fractions of training levels in the misgeneralisation sweep.
RANDOMISED_FRACTIONS = tuple(round(0.02 * i, 2) for i in range(11))
#: Training seeds of the misgeneralisation sweep, one agent per seed and fraction.
SWEEP_SEEDS = (0, 1, 2, 3, 4)


# ---------------------------------------------------------------- over-optimisation
@lru_cache(maxsize=1)
def _pool(noise):
    rng = np.random.default_rng(_POOL_SEED)
    return rng.standard_normal(_POOL_SIZE), rng.standard_t(HEAVY_TAIL_DOF, _POOL_SIZE)


@lru_cache(maxsize=64)
def overoptimization_curves(rm_error, noise="student_t"):
    """Winner's expected proxy and true value on a grid of ``n``, for one reward model.

    The reward model's score is ``X + rm_error · E``: ``X`` standard normal (the gold
    reward), ``E`` Gaussian or Student-t with 3 degrees of freedom. Gaussian error uses the
    closed forms (:func:`acslib.goodhart.regressional_best_of_n`); Student-t error uses one
    pool of a million simulated candidates (fixed seed) for every ``n``
    (:func:`acslib.goodhart.best_of_n_from_pool`).

    Returns
    -------
    SimpleNamespace
        ``n``, ``d`` (``sqrt`` of :func:`acslib.goodhart.best_of_n_kl`), ``proxy``,
        ``true``, ``gaussian_true`` (the closed form with Gaussian error of the same
        scale), the least-squares ``alpha``, ``beta`` of Gao et al.'s best-of-n form
        fitted to ``true``, and ``peak_index`` (the largest simulated true value).

    Examples
    --------
    >>> curves = overoptimization_curves(0.5)
    >>> bool(30 <= curves.n[curves.peak_index] <= 300)
    True
    """
    if noise not in _NOISE_OPTIONS:
        raise ValueError(f"noise must be one of {_NOISE_OPTIONS}; got {noise!r}")
    gaussian_true = regressional_best_of_n(_CURVE_N, 1.0, rm_error)
    if noise == "gaussian":
        true_mean = gaussian_true
        proxy_mean = gaussian_true * (1.0 + rm_error**2)  # e_n * s, since true = e_n / s
    else:
        true, error = _pool(noise)
        proxy_mean, true_mean = best_of_n_from_pool(_CURVE_N, true + rm_error * error, true)
    d = np.sqrt(best_of_n_kl(_CURVE_N))
    alpha, beta = fit_gold_reward_bon(d, true_mean)
    return SimpleNamespace(
        n=_CURVE_N, d=d, proxy=proxy_mean, true=true_mean,
        gaussian_true=gaussian_true,
        alpha=alpha, beta=beta, peak_index=int(np.argmax(true_mean)),
    )


def _at(curves, n):
    index = int(np.argmin(np.abs(curves.n - n)))
    return curves.d[index], curves.proxy[index], curves.true[index]


def describe_overoptimization(rm_error, n, noise="student_t"):
    """Alt text for a frame of :func:`overoptimization_explorable`."""
    curves = overoptimization_curves(rm_error, noise)
    d, proxy, true = _at(curves, n)
    label = _NOISE_LABELS[_NOISE_OPTIONS.index(noise)]
    text = (
        f"Reward model with {label} error of scale {rm_error:g}. Best-of-{n:,} (d = {d:.2f}, at most "
        f"{d * d:.1f} nats) picks a winner whose proxy score is {proxy:.2f} and whose true value is {true:.2f}. "
    )
    peak_n = int(curves.n[curves.peak_index])
    if curves.peak_index < curves.n.size - 1:
        text += (f"The true value peaks at {curves.true[curves.peak_index]:.2f} near n = {peak_n:,} "
                 f"(d = {curves.d[curves.peak_index]:.2f}) and falls after it while the proxy keeps rising.")
    else:
        text += "The true value keeps rising over the whole range, more slowly than the proxy."
    return text


def _build_overoptimization(fig):
    for rm_error in _RM_ERRORS:  # precompute every curve the sliders can reach
        for noise in _NOISE_OPTIONS:
            overoptimization_curves(rm_error, noise)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    style.style_axes(ax)
    ax.set_xlim(0.0, 3.45)
    ax.set_ylim(-0.3, 4.5)
    ax.set_xlabel("optimisation  d = √KL  (best-of-n; n = 1 at d = 0, n = 100,000 at d = 3.3)")
    ax.set_ylabel("score of the winner (gold s.d. = 1)")
    ax.set_title("Proxy (reward model) against gold reward under best-of-n", fontsize=10)
    ax.axhline(0.0, color=style.NEUTRAL, linewidth=0.8)
    art = SimpleNamespace()
    (art.proxy,) = ax.plot([], [], color=style.ACCENT, linewidth=2, linestyle="--", label="proxy (reward-model score)", animated=True)
    (art.true,) = ax.plot([], [], color=style.ALIGNMENT, linewidth=2.2, label="gold (true) reward", animated=True)
    (art.fit,) = ax.plot([], [], color=style.EXTRA[1], linewidth=1.2, linestyle=":", label="Gao et al. form d(α − βd), fitted", animated=True)
    (art.gaussian,) = ax.plot([], [], color=style.NEUTRAL, linewidth=1.0, linestyle="-.", label="gold, if the error were Gaussian (closed form)", animated=True)
    (art.marker_true,) = ax.plot([], [], "o", color=style.ALIGNMENT, markersize=7, animated=True)
    (art.marker_proxy,) = ax.plot([], [], "o", color=style.ACCENT, markersize=7, animated=True)
    art.peak = ax.axvline(0.0, color=style.ALIGNMENT, linewidth=0.8, linestyle=":", animated=True)
    art.label = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True)
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.58), fontsize=8, frameon=False)
    return art


def _draw_overoptimization(art, rm_error, n, noise):
    curves = overoptimization_curves(rm_error, noise)
    art.proxy.set_data(curves.d, curves.proxy)
    art.true.set_data(curves.d, curves.true)
    smooth = np.linspace(0.0, curves.d[-1], 200)
    art.fit.set_data(smooth, curves.alpha * smooth - curves.beta * smooth**2)
    art.gaussian.set_data(curves.d, curves.gaussian_true)
    d, proxy, true = _at(curves, n)
    art.marker_true.set_data([d], [true])
    art.marker_proxy.set_data([d], [min(proxy, 4.45)])
    peak_d = curves.d[curves.peak_index]
    art.peak.set_xdata([peak_d, peak_d])
    fitted = ""
    if curves.beta > 0:
        d_fit, _ = gold_reward_bon_peak(curves.alpha, curves.beta)
        fitted = f"; fitted form peaks at d = {float(d_fit):.2f}"
    art.label.set_text(f"n = {n:,}: proxy {proxy:.2f}, true {true:.2f}\n"
                       f"simulated peak at d = {peak_d:.2f}{fitted}")


def overoptimization_explorable():
    """Proxy and gold reward of the best-of-n winner, with selection pressure and reward-model quality.

    Sliders: the reward model's error scale and the best-of-n size (static on the
    website), and the error's distribution (live only).

    Examples
    --------
    >>> ex = overoptimization_explorable()
    >>> len(ex.static_grid())
    54
    """
    return Explorable(
        "Over-optimisation of a reward model",
        [
            Param("rm_error", _RM_ERRORS[0], _RM_ERRORS[-1], 0.1, 0.5, label="reward-model error scale", fmt=".1f"),
            Choice("n", CANDIDATE_COUNTS, 1000, label="best-of-n", option_labels=tuple(f"{c:,}" for c in CANDIDATE_COUNTS)),
            Choice("noise", _NOISE_OPTIONS, "student_t", label="error distribution", option_labels=_NOISE_LABELS),
        ],
        _build_overoptimization,
        _draw_overoptimization,
        describe=describe_overoptimization,
        static_params=("rm_error", "n"),
        figsize=(7.6, 4.0),
    )


# ---------------------------------------------------------------- selection scatter
@lru_cache(maxsize=1)
def _scatter_pool():
    rng = np.random.default_rng(_POOL_SEED + 1)
    shape = (_SCATTER_TRIALS, max(SCATTER_COUNTS))
    return {
        "true": rng.standard_normal(shape),
        "gaussian": rng.standard_normal(shape),
        "student_t": rng.standard_t(HEAVY_TAIL_DOF, shape),
    }


@lru_cache(maxsize=128)
def selection_sample(n, noise, rm_error):
    """Candidates and best-of-``n`` winners from one fixed random pool (300 trials).

    Trial ``t`` uses the first ``n`` candidates of row ``t`` of the pool, so a larger
    ``n`` adds candidates to the same trials.

    Returns
    -------
    SimpleNamespace
        ``candidate_proxy``, ``candidate_true`` (1,500 candidates for the background),
        ``winner_proxy``, ``winner_true`` (one per trial).

    Examples
    --------
    >>> sample = selection_sample(16, "gaussian", 0.5)
    >>> sample.winner_true.shape
    (300,)
    """
    pool = _scatter_pool()
    if noise not in _NOISE_OPTIONS:
        raise ValueError(f"noise must be one of {_NOISE_OPTIONS}; got {noise!r}")
    true = pool["true"][:, :n]
    proxy = true + rm_error * pool[noise][:, :n]
    winner = np.argmax(proxy, axis=1)
    rows = np.arange(true.shape[0])
    flat_true = pool["true"][:, :5].ravel()
    flat_proxy = flat_true + rm_error * pool[noise][:, :5].ravel()
    return SimpleNamespace(
        candidate_proxy=flat_proxy[:_SCATTER_CANDIDATES], candidate_true=flat_true[:_SCATTER_CANDIDATES],
        winner_proxy=proxy[rows, winner], winner_true=true[rows, winner],
    )


def describe_selection(n, noise, rm_error):
    """Alt text for a frame of :func:`selection_scatter_explorable`."""
    sample = selection_sample(n, noise, rm_error)
    label = _NOISE_LABELS[_NOISE_OPTIONS.index(noise)]
    text = (
        f"Best-of-{n:,} on a proxy with {label} error of scale {rm_error:g}, 300 trials: winners average a proxy "
        f"score of {sample.winner_proxy.mean():.2f} but a true value of {sample.winner_true.mean():.2f}"
    )
    if noise == "gaussian":
        text += f" (closed form {float(regressional_best_of_n(n, 1.0, rm_error)):.2f})."
    else:
        text += "; the highest proxy scores mostly belong to candidates with a large error, not a high true value."
    return text


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
    art.candidates = ax.scatter([], [], s=4, color="#bbbbbb", linewidths=0, animated=True)
    art.winners = ax.scatter([], [], s=10, color=style.ALIGNMENT, linewidths=0, animated=True)
    (art.regression,) = ax.plot([], [], color=style.ACCENT, linewidth=1.5, label="E[X | proxy], Gaussian error only", animated=True)
    art.mean_true = ax.axhline(0.0, color=style.ALIGNMENT, linewidth=1.2, linestyle="--", animated=True)
    art.mean_proxy = ax.axvline(0.0, color=style.ACCENT, linewidth=1.2, linestyle="--", animated=True)
    art.label = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return art


def _draw_selection(art, n, noise, rm_error):
    sample = selection_sample(n, noise, rm_error)
    art.candidates.set_offsets(np.column_stack([sample.candidate_proxy, sample.candidate_true]))
    art.winners.set_offsets(np.column_stack([sample.winner_proxy, sample.winner_true]))
    line = np.linspace(_SCATTER_X[0], 12.0, 200)
    art.regression.set_visible(noise == "gaussian")
    art.regression.set_data(line, line / (1.0 + rm_error**2))
    art.mean_true.set_ydata([sample.winner_true.mean()] * 2)
    mean_proxy = sample.winner_proxy.mean()
    art.mean_proxy.set_xdata([min(mean_proxy, _SCATTER_X[1])] * 2)
    off_scale = int((sample.winner_proxy > _SCATTER_X[1]).sum())
    art.label.set_text(
        f"winners: mean proxy {mean_proxy:.2f}, mean true {sample.winner_true.mean():.2f}"
        + (f"\n{off_scale} of 300 winners lie beyond the right edge" if off_scale else "")
    )


def selection_scatter_explorable():
    """Scatter of proxy against true value: candidates and best-of-n winners.

    Sliders: ``n`` and the error's distribution (static on the website), and the error
    scale (live only).

    Examples
    --------
    >>> ex = selection_scatter_explorable()
    >>> len(ex.static_grid())
    14
    """
    return Explorable(
        "Who wins a best-of-n selection",
        [
            Choice("n", SCATTER_COUNTS, 64, label="best-of-n", option_labels=tuple(f"{c:,}" for c in SCATTER_COUNTS)),
            Choice("noise", ("gaussian", "student_t"), "gaussian", label="error distribution",
                   option_labels=("Gaussian", "heavy-tailed (Student-t, 3 dof)")),
            Param("rm_error", 0.25, 1.5, 0.25, 0.75, label="error scale", fmt=".2f"),
        ],
        _build_selection,
        _draw_selection,
        describe=describe_selection,
        static_params=("n", "noise"),
        figsize=(6.8, 4.2),
    )


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
        ``(fractions, seeds)``; ``maps`` of shape ``(fractions, 12, 12)``.
    """
    fractions = np.array(RANDOMISED_FRACTIONS)
    sweep = misgeneralization_sweep(fractions, seeds=SWEEP_SEEDS)
    maps = np.stack([policy_map(train_agent(fraction, seed=SWEEP_SEEDS[0])) for fraction in fractions])
    return SimpleNamespace(fractions=fractions, maps=maps, **sweep)


def _fraction_index(randomised_fraction):
    return int(np.argmin(np.abs(np.array(RANDOMISED_FRACTIONS) - randomised_fraction)))


def describe_misgeneralization(randomised_fraction):
    """Alt text for a frame of :func:`misgeneralization_explorable`."""
    results = misgeneralization_results()
    i = _fraction_index(randomised_fraction)
    return (
        f"With {randomised_fraction:.0%} of training levels having the coin moved, agents (mean of "
        f"{len(SWEEP_SEEDS)} seeds) collect the coin in {results.train_success[i].mean():.1%} of training levels "
        f"and {results.test_success[i].mean():.1%} of test levels, and run to the end of the corridor without it in "
        f"{results.proxy_rate[i].mean():.1%}. The policy map shows the seed-0 agent's move in every state."
    )


def _build_misgeneralization(fig):
    fig.subplots_adjust(left=0.08, right=0.97, top=0.9, bottom=0.3, wspace=0.35)
    curves, grid = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
    style.style_axes(curves)
    results = misgeneralization_results()
    x = results.fractions
    series = (
        (results.train_success, "training success", style.NEUTRAL, "--"),
        (results.test_success, "test success", style.ALIGNMENT, "-"),
        (results.proxy_rate, "runs to the end (proxy)", style.CAPABILITY, "-"),
    )
    for values, label, colour, linestyle in series:
        curves.fill_between(x, values.min(axis=1), values.max(axis=1), color=colour, alpha=0.15, linewidth=0)
        curves.plot(x, values.mean(axis=1), color=colour, linestyle=linestyle, linewidth=2, label=label)
    curves.set_xlim(0.0, x[-1])
    curves.set_ylim(-0.02, 1.05)
    curves.set_xlabel("fraction of training levels with the coin moved")
    curves.set_ylabel("share of levels")
    curves.set_title("Test behaviour (5 seeds: mean and range)", fontsize=10)
    curves.legend(loc="center right", fontsize=8, frameon=False)
    from matplotlib.colors import ListedColormap

    grid.set_xlabel("agent's cell (end = 11); below the\ndiagonal the coin is behind the agent", fontsize=9)
    grid.set_ylabel("coin's cell")
    grid.set_xticks(range(0, 12, 2))
    grid.set_yticks(range(0, 12, 2))
    cmap = ListedColormap([style.ALIGNMENT, "#ffffff", style.CAPABILITY]).with_extremes(bad="#999999")
    art = SimpleNamespace()
    art.marker = curves.axvline(0.0, color="#000000", linewidth=1.0, linestyle=":", animated=True)
    art.image = grid.imshow(np.zeros((12, 12)), origin="lower", cmap=cmap, vmin=-1.5, vmax=1.5,
                            interpolation="nearest", animated=True)
    from matplotlib.patches import Patch

    grid.legend(handles=[Patch(color=style.CAPABILITY, label="moves right"), Patch(color=style.ALIGNMENT, label="moves left")],
                loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=8, frameon=False)
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
        [Param("randomised_fraction", 0.0, 0.2, 0.02, 0.0, label="training levels with the coin moved", fmt=".2f")],
        _build_misgeneralization,
        _draw_misgeneralization,
        describe=describe_misgeneralization,
        static_params=("randomised_fraction",),
        figsize=(8.6, 4.0),
    )


EXPLORABLES = (overoptimization_explorable, selection_scatter_explorable, misgeneralization_explorable)
