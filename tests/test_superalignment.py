"""acslib.superalignment: PGR, the Elo formula and nested scalable oversight (Chapter 9).

Published anchors (published-anchors §5): burns2023weak for PGR; engels2025scaling and the
authors' theory notebook (engels2025code, elo/theory-predictions.ipynb) for the fits and
the optimum success at a general-Elo gap of 400.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acslib import superalignment as sa
from badinput import assert_raises_naming, assert_rejects

# The notebook's printed optimum at Δ = 400 (80-digit Decimal arithmetic), and its steps.
NOTEBOOK_AT_400 = {
    "mafia": (0.11062359444258422706723677091642544636, 1),
    "debate": (0.51358447510963367244302599275195577984, 1),
    "backdoor-code": (0.27569140767676612969294726409000944977, 2),
    "wargames": (0.097977002063203731666081304638152687439, 1),
}
# The anchors' four-decimal values, which the tests check to 3 decimals as asked.
ANCHORS_4DP = {"debate": 0.5136, "mafia": 0.1106, "backdoor-code": 0.2757, "wargames": 0.0980}
# The paper's abstract: from slightly different fits; cited in the chapter, not reproduced.
PUBLISHED = {"mafia": 0.135, "debate": 0.517, "backdoor-code": 0.100, "wargames": 0.094}


# ----------------------------------------------------------------------------- PGR (burns2023weak)
def test_pgr_worked_cases():
    assert float(sa.performance_gap_recovered(0.60, 0.60, 0.80)) == 0.0
    assert float(sa.performance_gap_recovered(0.60, 0.80, 0.80)) == pytest.approx(1.0)
    assert float(sa.performance_gap_recovered(0.60, 0.70, 0.80)) == pytest.approx(0.5)
    assert float(sa.performance_gap_recovered(0.60, 0.55, 0.80)) == pytest.approx(-0.25)
    assert float(sa.performance_gap_recovered(0.58, 0.69, 0.87)) == pytest.approx(0.11 / 0.29)
    np.testing.assert_allclose(sa.performance_gap_recovered([0.5, 0.6], 0.7, 0.9), [0.5, 1 / 3])


def test_pgr_raises_when_there_is_no_gap():
    with pytest.raises(ValueError, match="strong_ceiling"):
        sa.performance_gap_recovered(0.7, 0.8, 0.7)
    with pytest.raises(ValueError, match="strong_ceiling"):
        sa.performance_gap_recovered([0.6, 0.7], 0.8, 0.7)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_pgr_is_affine_in_the_student(weak, student, ceiling):
    if abs(ceiling - weak) < 1e-3:
        return
    pgr = float(sa.performance_gap_recovered(weak, student, ceiling))
    assert weak + pgr * (ceiling - weak) == pytest.approx(student, abs=1e-9)


# ----------------------------------------------------------------------------- Elo
def test_elo_formula_values():
    assert float(sa.elo_win_probability(1500, 1500)) == 0.5
    assert float(sa.elo_win_probability(1900, 1500)) == pytest.approx(10 / 11)
    assert float(sa.elo_win_probability(1500, 1900)) == pytest.approx(1 / 11)
    assert float(sa.elo_win_probability(1250, 1400)) == pytest.approx(1 / (1 + 10 ** (150 / 400)))
    assert float(sa.elo_win_probability(0, 800)) == pytest.approx(1 / 101)


@given(st.floats(-3000, 3000), st.floats(-3000, 3000))
def test_elo_is_symmetric_and_depends_only_on_the_difference(a, b):
    p = float(sa.elo_win_probability(a, b))
    assert p + float(sa.elo_win_probability(b, a)) == pytest.approx(1.0)
    assert p == pytest.approx(float(sa.elo_win_probability(a + 123.0, b + 123.0)), abs=1e-12)
    assert p == pytest.approx(1 / (1 + 10 ** ((b - a) / 400)), rel=1e-9, abs=1e-300)


def test_elo_extremes_stay_finite():
    assert float(sa.elo_win_probability(0, 1e6)) == 0.0
    assert float(sa.elo_win_probability(1e6, 0)) == 1.0


# ----------------------------------------------------------------------------- Engels et al.
@pytest.mark.parametrize("game", sa.GAMES)
def test_nested_oversight_reproduces_the_authors_notebook_at_400(game):
    success, steps = sa.nested_oversight(game, 400.0)
    expected, expected_steps = NOTEBOOK_AT_400[game]
    assert round(success, 3) == round(ANCHORS_4DP[game], 3)
    assert success == pytest.approx(ANCHORS_4DP[game], abs=5e-5)
    assert success == pytest.approx(expected, rel=1e-12)
    assert steps == expected_steps


def test_published_figures_come_from_other_fits():
    # The abstract's numbers are not what the notebook's fits give (and the book says so).
    assert abs(sa.nested_oversight("backdoor-code", 400.0)[0] - PUBLISHED["backdoor-code"]) > 0.1
    assert abs(sa.nested_oversight("debate", 400.0)[0] - PUBLISHED["debate"]) < 0.01


def test_the_papers_numbers_are_kept_as_cited_constants():
    # engels2025scaling, abstract: typed here from the anchors, independently of the module.
    assert sa.ENGELS_PUBLISHED_AT_400 == PUBLISHED


def test_with_enough_steps_the_slope_difference_decides_the_long_run():
    # A positive Guard-minus-Houdini slope difference gives a floor that more steps hold;
    # a negative one (Backdoor Code) lets success collapse whatever the number of steps.
    for game in sa.GAMES:
        fits = sa.ENGELS_FITS[game]
        far = sa.nested_oversight(game, 4800.0, max_steps=1000)[0]
        farther = sa.nested_oversight(game, 9600.0, max_steps=1000)[0]
        if fits["guard"][0] > fits["houdini"][0]:
            assert far > 0.005 and farther == pytest.approx(far, rel=0.02)
        else:
            assert far < 1e-9 and farther < far


def test_rounded_coefficients_move_backdoor_code():
    fits = sa.ENGELS_FITS["backdoor-code"]
    guard, houdini = (tuple(round(x, 1) for x in fits[role]) for role in ("guard", "houdini"))
    rounded = max(float(sa.nested_success_from_fits(guard, houdini, 400.0, n)) for n in range(1, 21))
    assert abs(rounded - NOTEBOOK_AT_400["backdoor-code"][0]) > 0.1


def test_data_range_and_start():
    assert sa.START_ELO == sa.DATA_GENERAL_ELO[0] == 1103.0
    assert sa.DATA_GENERAL_ELO[1] - sa.START_ELO == 274.0


def test_domain_elo_is_the_linear_fit():
    for game in sa.GAMES:
        for role in ("guard", "houdini"):
            slope, intercept = sa.ENGELS_FITS[game][role]
            assert float(sa.domain_elo(game, role, 1200.0)) == pytest.approx(slope * 1200.0 + intercept)


@given(st.integers(1, 30), st.floats(-500, 500))
def test_equal_players_win_each_step_half_the_time_at_zero_gap(n, intercept):
    fit = (1.3, intercept)
    assert float(sa.nested_success_from_fits(fit, fit, 0.0, n)) == pytest.approx(0.5 ** n)


@given(st.floats(0.0, 2000.0), st.integers(1, 20))
def test_nested_success_matches_a_direct_product(delta, n):
    guard, houdini = sa.ENGELS_FITS["mafia"]["guard"], sa.ENGELS_FITS["mafia"]["houdini"]
    product = 1.0
    for j in range(n):
        g = 1103.0 + j * delta / n
        h = g + delta / n
        product *= 1 / (1 + 10 ** (((houdini[0] * h + houdini[1]) - (guard[0] * g + guard[1])) / 400))
    assert float(sa.nested_success_from_fits(guard, houdini, delta, n)) == pytest.approx(product, rel=1e-9)


def test_nested_oversight_vectorises_over_delta():
    deltas = np.array([0.0, 274.0, 400.0, 800.0])
    success, steps = sa.nested_oversight("backdoor-code", deltas)
    assert success.shape == steps.shape == (4,)
    for d, s, n in zip(deltas, success, steps):
        assert (s, n) == sa.nested_oversight("backdoor-code", float(d))


def test_ties_go_to_fewer_steps(monkeypatch):
    # A Guard so far ahead that every step is won with probability 1.0 exactly: every n ties.
    monkeypatch.setitem(sa.ENGELS_FITS, "debate", {"guard": (1.0, 1e6), "houdini": (1.0, 0.0)})
    assert sa.nested_oversight("debate", 400.0) == (1.0, 1)


def test_success_falls_beyond_the_data_for_every_game():
    for game in sa.GAMES:
        inside = sa.nested_oversight(game, 274.0)[0]
        beyond = sa.nested_oversight(game, 1200.0)[0]
        assert beyond < inside


@given(st.floats(0.01, 0.99), st.integers(1, 50))
def test_required_step_advantage_inverts_the_elo_formula(target, n):
    lead = float(sa.required_step_advantage(target, n))
    assert float(sa.elo_win_probability(lead, 0.0)) ** n == pytest.approx(target, rel=1e-9)


def test_required_step_advantage_values():
    assert float(sa.required_step_advantage(0.9, 1)) == pytest.approx(400 * math.log10(9))
    assert float(sa.required_step_advantage(0.5, 1)) == pytest.approx(0.0, abs=1e-9)
    leads = [float(sa.required_step_advantage(0.9, n)) for n in (1, 2, 4, 8)]
    assert leads == sorted(leads)


# ----------------------------------------------------------------------------- bad input
def test_bad_inputs_are_rejected_naming_the_parameter():
    assert_rejects(sa.performance_gap_recovered, dict(weak=0.6, weak_to_strong=0.7, strong_ceiling=0.8), "weak")
    assert_rejects(sa.performance_gap_recovered, dict(weak=0.6, weak_to_strong=0.7, strong_ceiling=0.8),
                   "weak_to_strong")
    assert_rejects(sa.elo_win_probability, dict(rating=[1500.0, 1600.0], opponent_rating=1500.0), "rating")
    assert_rejects(sa.nested_oversight, dict(game="debate", delta=400.0), "delta", negative=True)
    assert_rejects(sa.nested_oversight_success, dict(game="mafia", delta=400.0, n_steps=2), "n_steps",
                   negative=True, zero=True, extra=[2.5, sa.MAX_STEPS + 1])
    assert_rejects(sa.nested_oversight, dict(game="debate", delta=400.0, max_steps=20), "max_steps",
                   negative=True, zero=True, extra=[10**9])
    assert_rejects(sa.nested_success_from_fits,
                   dict(guard=(1.0, 0.0), houdini=(1.0, 0.0), delta=10.0, n_steps=2, start_elo=1103.0), "start_elo")
    assert_rejects(sa.required_step_advantage, dict(target=0.9, n_steps=3), "target", negative=True, zero=True,
                   extra=[1.0])
    assert_raises_naming(sa.nested_oversight, dict(game="chess", delta=400.0), "game")
    assert_raises_naming(sa.domain_elo, dict(game="debate", role="judge", general_elo=1200.0), "role")
    assert_raises_naming(sa.nested_success_from_fits, dict(guard=(1.0,), houdini=(1.0, 0.0), delta=1.0, n_steps=1),
                         "guard")
    with pytest.raises(TypeError, match="game"):
        sa.nested_oversight(3, 400.0)
    with pytest.raises(TypeError, match="n_steps"):
        sa.nested_oversight_success("debate", 400.0, True)
    with pytest.raises(TypeError, match="rating"):
        sa.elo_win_probability("1500", 1400)
