"""Tests for acslib.misgeneralization: the corridor, the learner, and the two detectors."""

from functools import lru_cache

import numpy as np
import pytest

from acslib import misgeneralization as mg
from badinput import assert_rejects, assert_raises_naming


@lru_cache(maxsize=None)
def agent(fraction=0.0, features="both", seed=0):
    return mg.train_agent(fraction, features=features, seed=seed)


def test_levels_put_the_coin_at_the_end_except_in_the_randomised_fraction():
    starts, coins = mg.make_levels(200, 0.25, length=10, seed=3)
    assert (starts <= 8).all() and (starts >= 0).all()
    assert (starts != coins).all()
    moved = coins != 9
    # Exactly round(0.25 * 200) levels were randomised; a randomised coin lands on the end 1 time in 9.
    assert 40 <= moved.sum() <= 50
    assert (mg.make_levels(50, 0.0, length=10, seed=1)[1] == 9).all()


def test_test_levels_enumerate_every_start_and_coin():
    starts, coins = mg.evaluation_levels(12)
    assert len(starts) == 11 * 11
    assert (starts != coins).all()
    held_starts, held_coins = mg.evaluation_levels(12, coin_at_end=False)
    assert len(held_starts) == 11 * 10 and (held_coins != 11).all()


def test_outcomes_partition_the_levels():
    for fraction in (0.0, 0.04, 0.3):
        result = mg.evaluate(agent(fraction), *mg.evaluation_levels(12), seed=0)
        assert result["success"] + result["proxy_rate"] + result["stuck_rate"] == pytest.approx(1.0)


def test_correlated_training_gives_goal_misgeneralisation():
    trained = agent(0.0)
    train = mg.evaluate(trained, trained.train_starts, trained.train_coins, seed=0)
    test = mg.evaluate(trained, *mg.evaluation_levels(12), seed=0)
    assert train["success"] == 1.0
    # It runs right in every state: succeeds exactly when the coin lies to the right of the start.
    starts, coins = mg.evaluation_levels(12)
    assert test["success"] == pytest.approx(np.mean(coins > starts))
    assert test["proxy_rate"] == pytest.approx(np.mean(coins < starts))
    grid = mg.policy_map(trained)
    rows, cols = np.indices(grid.shape)
    assert (grid[(cols > rows) & (cols < 11)] == 1).all()  # coin to the left, yet it moves right


def test_randomised_levels_fix_it():
    sweep = mg.misgeneralization_sweep([0.0, 0.3], seeds=(0, 1))
    assert (sweep["train_success"] > 0.95).all()
    assert sweep["test_success"][0].mean() < 0.6 and sweep["proxy_rate"][0].mean() > 0.4
    assert sweep["test_success"][1].mean() > 0.95 and sweep["proxy_rate"][1].mean() < 0.02


def test_training_is_seeded():
    first = mg.train_agent(0.1, seed=7, steps=50)
    second = mg.train_agent(0.1, seed=7, steps=50)
    np.testing.assert_array_equal(first.position_weights, second.position_weights)
    np.testing.assert_array_equal(first.offset_weights, second.offset_weights)


def test_feature_sets_restrict_learning():
    assert not agent(0.0, "coin").position_weights.any()
    assert not agent(0.0, "position").offset_weights.any()


def test_held_out_check_flags_only_the_misgeneralising_agent():
    assert mg.held_out_check(agent(0.0), seed=0)["flagged"]
    clean = mg.held_out_check(agent(0.3), seed=0)
    assert not clean["flagged"] and clean["held_out_success"] > 0.95


def test_disagreement_between_equally_good_agents_flags_underspecification():
    position, coin = agent(0.0, "position"), agent(0.0, "coin")
    for trained in (position, coin):  # both fit the training levels perfectly ...
        assert mg.evaluate(trained, trained.train_starts, trained.train_coins, seed=0)["success"] == 1.0
    assert mg.disagreement_rate(position, coin) > 0.4  # ... yet disagree on deployment states
    # Agents that share an inductive bias agree, even when both misgeneralise.
    assert mg.disagreement_rate(agent(0.0, seed=0), agent(0.0, seed=1)) == 0.0
    assert mg.disagreement_rate(position, position) == 0.0


def test_bad_input_is_rejected():
    assert_rejects(mg.make_levels, dict(count=5, randomised_fraction=0.2, length=8, seed=0), "count",
                   negative=True, zero=True, extra=[2.5])
    assert_rejects(mg.make_levels, dict(count=5, randomised_fraction=0.2, length=8, seed=0), "randomised_fraction",
                   negative=True, extra=[1.5])
    assert_rejects(mg.make_levels, dict(count=5, randomised_fraction=0.2, length=8, seed=0), "length",
                   negative=True, zero=True, extra=[2])
    assert_rejects(mg.make_levels, dict(count=5, randomised_fraction=0.2, length=8, seed=0), "seed", extra=[-1])
    assert_rejects(mg.evaluation_levels, dict(length=8), "length", negative=True, zero=True)
    valid = dict(randomised_fraction=0.1, length=8, levels=20, steps=5, envs=4, learning_rate=0.1,
                 discount=0.9, epsilon=0.2, features="both", seed=0)
    assert_rejects(mg.train_agent, valid, "randomised_fraction", negative=True, extra=[2.0])
    for name in ("length", "levels", "steps", "envs"):
        assert_rejects(mg.train_agent, valid, name, negative=True, zero=True, extra=[2.5])
    assert_rejects(mg.train_agent, valid, "learning_rate", negative=True, zero=True, extra=[2.0])
    assert_rejects(mg.train_agent, valid, "discount", negative=True, extra=[1.0])
    assert_rejects(mg.train_agent, valid, "epsilon", negative=True, extra=[1.1])
    assert_rejects(mg.train_agent, valid, "features", extra=["pixels"])
    trained = agent(0.0)
    starts, coins = mg.evaluation_levels(12)
    assert_rejects(mg.evaluate, dict(agent=trained, starts=starts, coins=coins, seed=0), "starts", negative=True,
                   extra=[starts + 20, starts + 0.5])
    assert_rejects(mg.evaluate, dict(agent=trained, starts=starts, coins=coins, seed=0), "coins", negative=True)
    assert_raises_naming(mg.evaluate, dict(agent=trained, starts=starts[:3], coins=coins[:4]), "coins")
    assert_raises_naming(mg.evaluate, dict(agent=trained, starts=[1, 2], coins=[1, 3]), "coins")
    assert_raises_naming(mg.evaluate, dict(agent="agent", starts=[1], coins=[2]), "agent")
    sweep = dict(randomised_fractions=[0.0], seeds=(0,), steps=5)
    assert_rejects(mg.misgeneralization_sweep, sweep, "randomised_fractions", negative=True, extra=[[1.5]])
    assert_raises_naming(mg.misgeneralization_sweep, {**sweep, "seeds": (-1,)}, "seeds")
    assert_raises_naming(mg.misgeneralization_sweep, {**sweep, "seeds": ()}, "seeds")
    assert_rejects(mg.held_out_check, dict(agent=trained, tolerance=0.1, seed=0), "tolerance", negative=True,
                   extra=[1.5])
    assert_raises_naming(mg.held_out_check, dict(agent=None), "agent")
    assert_rejects(mg.disagreement_rate, dict(first=trained, second=trained, coins=[0, 3]), "coins",
                   negative=True, extra=[[40]])
    assert_raises_naming(mg.disagreement_rate, dict(first=trained, second=mg.train_agent(0.0, length=8, steps=5)),
                         "second")
    assert_raises_naming(mg.disagreement_rate, dict(first=1, second=trained), "first")
    assert_raises_naming(mg.policy_map, dict(agent=[1, 2]), "agent")


def _lone(fraction, seed, **training):
    """An agent trained on its own, past the cache (a Generator seed is never cached)."""
    return mg.train_agent(fraction, seed=np.random.default_rng(seed), **training)


def _rollout_by_hand(trained, starts, coins, seed):
    """evaluate() written out as one greedy rollout per level: the reference for the batched rollouts."""
    rng = np.random.default_rng(seed)
    cell, coin = np.array(starts), np.array(coins)
    reached = np.zeros(cell.size, bool)
    visited_end = np.zeros(cell.size, bool)
    for _ in range(2 * trained.length):
        preference = trained.preference(cell, coin)
        ties = rng.integers(0, 2, size=cell.size)
        action = np.where(preference > 0, 1, np.where(preference < 0, 0, ties))
        cell = np.where(~reached, np.clip(cell + 2 * action - 1, 0, trained.length - 1), cell)
        reached |= cell == coin
        visited_end |= cell == trained.length - 1
    return reached.mean(), (visited_end & ~reached).mean()


def test_a_sweep_trains_and_evaluates_its_agents_exactly_as_alone():
    # The sweep trains its agents in one batch and rolls them out together; every number must
    # equal that of the same agent trained and evaluated on its own.
    fractions, seeds, training = [0.0, 0.1, 0.3], (3, 11), dict(length=9, levels=40, steps=60, envs=6)
    mg._AGENTS.clear()
    sweep = mg.misgeneralization_sweep(fractions, seeds=seeds, **training)
    starts, coins = mg.evaluation_levels(9)
    for i, fraction in enumerate(fractions):
        for j, seed in enumerate(seeds):
            alone = _lone(fraction, seed, **training)
            cached = mg.train_agent(fraction, seed=seed, **training)  # the sweep's own agent
            np.testing.assert_array_equal(alone.position_weights, cached.position_weights)
            np.testing.assert_array_equal(alone.offset_weights, cached.offset_weights)
            np.testing.assert_array_equal(alone.train_coins, cached.train_coins)
            test_success, proxy = _rollout_by_hand(alone, starts, coins, seed)
            assert sweep["test_success"][i, j] == test_success and sweep["proxy_rate"][i, j] == proxy
            train_success, _ = _rollout_by_hand(alone, alone.train_starts, alone.train_coins, seed)
            assert sweep["train_success"][i, j] == train_success
            assert mg.evaluate(alone, starts, coins, seed=seed)["success"] == test_success


def test_batched_training_equals_lone_training():
    rngs = [np.random.default_rng(seed) for seed in (5, 6, 7)]
    batch = mg._train_batch([0.0, 0.2, 0.5], rngs, 7, 25, 40, 5, 0.1, 0.9, 0.2, "both")
    for trained, fraction, seed in zip(batch, (0.0, 0.2, 0.5), (5, 6, 7)):
        alone = _lone(fraction, seed, length=7, levels=25, steps=40, envs=5)
        np.testing.assert_array_equal(trained.position_weights, alone.position_weights)
        np.testing.assert_array_equal(trained.offset_weights, alone.offset_weights)


def test_agents_with_whole_number_seeds_are_cached_and_immutable():
    first = mg.train_agent(0.1, seed=4, steps=30)
    assert mg.train_agent(0.1, seed=4, steps=30) is first
    assert mg.train_agent(0.1, seed=4, steps=31) is not first
    assert _lone(0.1, 4, steps=30) is not first  # a Generator seed trains afresh
    with pytest.raises(ValueError):
        first.position_weights[0, 0] = 1.0
    assert len(mg._AGENTS) <= mg._CACHE_SIZE


def test_a_mixed_batch_keeps_each_agents_feature_blocks():
    features = ["position", "coin", "both"]
    rngs = [np.random.default_rng(seed) for seed in (1, 1, 2)]
    batch = mg._train_batch([0.1] * 3, rngs, 8, 30, 50, 4, 0.1, 0.9, 0.2, features)
    for trained, feature, seed in zip(batch, features, (1, 1, 2)):
        alone = _lone(0.1, seed, length=8, levels=30, steps=50, envs=4, features=feature)
        assert trained.features == feature
        np.testing.assert_array_equal(trained.position_weights, alone.position_weights)
        np.testing.assert_array_equal(trained.offset_weights, alone.offset_weights)
    assert not batch[1].position_weights.any() and not batch[0].offset_weights.any()


@pytest.mark.parametrize("fraction,seed", [(0.0, 0), (0.1, 2)])
def test_disagreement_screen_is_the_sections_comparison(fraction, seed):
    screen = mg.disagreement_screen(fraction, seed)
    position, coin = _lone(fraction, seed, features="position"), _lone(fraction, seed, features="coin")
    twins = [_lone(fraction, twin) for twin in (2 * seed, 2 * seed + 1)]
    assert screen["position_fit"] == mg.evaluate(position, position.train_starts, position.train_coins,
                                                 seed=seed)["success"]
    assert screen["coin_fit"] == mg.evaluate(coin, coin.train_starts, coin.train_coins, seed=seed)["success"]
    assert screen["feature_disagreement"] == mg.disagreement_rate(position, coin)
    assert screen["seed_disagreement"] == mg.disagreement_rate(*twins)
    if fraction == 0.0:  # flawless restricted agents that disagree on half the states; twins that agree
        assert screen["position_fit"] == screen["coin_fit"] == 1.0
        assert screen["feature_disagreement"] == 0.5 and screen["seed_disagreement"] == 0.0


def test_disagreement_screen_rejects_bad_input():
    assert_rejects(mg.disagreement_screen, dict(randomised_fraction=0.1, seed=0), "randomised_fraction",
                   negative=True, extra=[1.5])
    assert_rejects(mg.disagreement_screen, dict(randomised_fraction=0.1, seed=0), "seed", negative=True,
                   extra=[1.5, 2**61])
