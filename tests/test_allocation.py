"""Tests for acslib.allocation (Chapter 12, capability vs alignment R&D; the book's model)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import allocation as al
from badinput import assert_rejects

CASES = [al.AllocationModel(), al.AllocationModel(alignment_difficulty=0.5), al.AllocationModel(capability_feedback=0.3),
         al.AllocationModel(capability_feedback=0.3, alignment_difficulty=0.5, alignment_productivity=0.6),
         al.AllocationModel(initial_lead=1.0, alignment_difficulty=0.5)]


@pytest.mark.parametrize("model", CASES)
def test_constraint_holds_at_the_optimum_and_beats_greedy(model):
    greedy = al.greedy_allocation(10, 1.0, model)
    best = al.optimal_allocation(10, 1.0, model)
    assert best.feasible and (best.slack >= -1e-9).all()
    assert best.final_capability >= greedy.final_capability - 1e-12
    # The optimum spends the whole lead: the constraint binds at the horizon.
    assert best.slack[-1] == pytest.approx(0.0, abs=1e-6)


@given(st.floats(0.1, 2.0), st.floats(0.1, 2.0), st.floats(0.2, 1.0))
def test_greedy_share_matches_the_closed_form(a_c, a_a, beta):
    model = al.AllocationModel(capability_productivity=a_c, alignment_productivity=a_a,
                               capability_exponent=beta, alignment_exponent=beta)
    share = al.required_alignment_share(a_c, a_a, beta)
    plan = al.greedy_allocation(4, 1.0, model)
    np.testing.assert_allclose(plan.alignment_share, share, atol=1e-8)


def test_diminishing_alignment_and_accelerating_capability_raise_the_share():
    base = al.greedy_allocation(10, 1.0, al.AllocationModel()).alignment_share
    harder = al.greedy_allocation(10, 1.0, al.AllocationModel(alignment_difficulty=0.5)).alignment_share
    faster = al.greedy_allocation(10, 1.0, al.AllocationModel(capability_feedback=0.3)).alignment_share
    assert np.ptp(base) < 1e-9 and (np.diff(harder) > 0).all() and (np.diff(faster) > 0).all()
    optimum = al.optimal_allocation(10, 1.0, al.AllocationModel(alignment_difficulty=0.5)).alignment_share
    assert optimum[0] > harder[0] and optimum[-1] < harder[-1]  # the optimum smooths the share


def test_simulation_matches_hand_computation():
    log_c, log_a = al.simulate_allocation([0.25], 4.0, al.AllocationModel(initial_lead=0.1))
    assert log_c[1] == pytest.approx(0.5 * np.sqrt(3.0))
    assert log_a[1] == pytest.approx(0.1 + 0.5 * np.sqrt(1.0))


def test_weak_alignment_research_slows_capability_instead_of_breaking_the_constraint():
    weak = al.AllocationModel(alignment_productivity=0.01, alignment_exponent=1.0, capability_exponent=0.1)
    plan = al.optimal_allocation(5, 1.0, weak)
    assert plan.feasible and plan.alignment_share.min() > 0.99
    assert plan.final_capability < 0.1 * al.optimal_allocation(5, 1.0, al.AllocationModel()).final_capability


def test_bad_inputs():
    assert_rejects(al.required_alignment_share, dict(capability_productivity=1.0, alignment_productivity=1.0),
                   "alignment_productivity", negative=True, zero=True)
    with pytest.raises(ValueError, match="alignment_share"):
        al.simulate_allocation([1.5], 1.0)
    with pytest.raises(ValueError, match="periods"):
        al.greedy_allocation(1000, 1.0)
    with pytest.raises(ValueError, match="budget"):
        al.greedy_allocation(3, [1.0, 2.0])
    with pytest.raises(ValueError, match="capability_exponent"):
        al.greedy_allocation(3, 1.0, al.AllocationModel(capability_exponent=1.5))
    with pytest.raises(TypeError, match="model"):
        al.greedy_allocation(3, 1.0, {"initial_lead": 0.0})
