"""Tests for acslib.oversight_load (Chapter 12; the book's accounting model)."""

import numpy as np
import pytest

from acslib import oversight_load as ol
from badinput import assert_rejects


def test_load_parts_by_hand():
    load = ol.oversight_load(2e5, 3, 6, interactions_per_user=5, review_rate=0.01, hours_per_review=0.2,
                             hours_per_domain=10, hours_per_integration=2, hours_per_pair=1)
    assert (load.sampled, load.domains, load.integrations, load.pairs) == pytest.approx((2000, 30, 36, 15))
    assert load.total == pytest.approx(2081)
    assert ol.oversight_load(0, 0, 1).total == 0.0


def test_fastest_part_dominates_under_exponential_growth():
    t = np.linspace(0, 15, 16)
    rates = ol.load_growth_rates(0.5, 0.1, 0.4)
    load = ol.oversight_load(1e5 * np.exp(0.5 * t), 2 * np.exp(0.1 * t), 20 * np.exp(0.4 * t))
    slope = np.polyfit(t[-5:], np.log(load.pairs[-5:]), 1)[0]
    assert slope == pytest.approx(rates["pairs"], rel=0.02)
    assert load.pairs[-1] > load.sampled[-1] and load.pairs[0] < load.sampled[0]


def test_reviewers_needed_respects_utilisation():
    needed = ol.reviewers_needed(np.array([0.0, 127.9, 128.0, 128.1]), 160.0, 0.8)
    assert needed.tolist() == [0, 1, 1, 2]


def test_bad_inputs():
    assert_rejects(ol.oversight_load, dict(users=10.0, domains=1.0, integrations=1.0), "users", negative=True)
    assert_rejects(ol.reviewers_needed, dict(load_hours=10.0), "load_hours", negative=True)
    with pytest.raises(ValueError, match="max_utilisation"):
        ol.reviewers_needed(10.0, max_utilisation=1.5)
    with pytest.raises(ValueError, match="review_rate"):
        ol.oversight_load(1, 1, 1, review_rate=2.0)


@pytest.mark.parametrize("cost", ["interactions_per_user", "hours_per_review", "hours_per_domain",
                                  "hours_per_integration", "hours_per_pair"])
def test_overflowing_unit_costs_are_named(cost):
    with pytest.raises(ValueError, match=cost):
        ol.oversight_load(1e5, 4, 10, **{cost: 1e308})
