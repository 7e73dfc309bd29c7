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
