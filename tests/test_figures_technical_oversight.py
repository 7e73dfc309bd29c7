"""Chapter 4 figures: one set of toy models everywhere, validated helpers, consistent numbers."""

import numpy as np
import pytest

from acslib import interpretability
from acslib.figures import technical_oversight as figures
from acslib.montecarlo import seed_band


def test_training_cell_seed_bands_and_explorable_share_one_set_of_models():
    # Issue 12: the training cell and the explorable reported different counts for S = 0.9 because
    # they trained with different schedules and seeds. Now both read toy_models(decay, seed).
    grid = figures.trained_grid()
    np.testing.assert_array_equal(grid[0.7].weights, figures.toy_models(0.7, seed=0).weights)
    retrained = interpretability.train_toy_model(20, 5, np.array(figures.SPARSITIES), 0.7, seed=0,
                                                 **figures.TOY_TRAINING)
    np.testing.assert_array_equal(retrained.weights, grid[0.7].weights)
    index = figures.SPARSITIES.index(0.9)
    count, dims = figures.toy_model_summary(0.7, seed=0)[:, index]
    text = figures.describe_superposition(0.9, 0.7)
    assert f"{count:.0f} features represented" in text and f"{dims:.2f} dimensions per feature" in text


def test_toy_model_counts_are_a_band_not_a_number():
    band = seed_band(figures.toy_model_summary, seeds=figures.TOY_SEEDS, importance_decay=0.7)
    dense = band.values[:, 0, 0]
    sparse = band.values[:, 0, figures.SPARSITIES.index(0.9)]
    assert (dense == 5).all()  # dense features: exactly m = 5, one dimension each
    assert (sparse > 5).all() and sparse.max() - sparse.min() >= 1  # superposition, varying by seed
    assert (band.values[:, 1, 0] == pytest.approx(1.0, abs=0.01))


@pytest.mark.parametrize("helper", [figures.calibration_case, figures.ece_against_temperature])
def test_cached_helpers_validate_under_their_own_names(helper):
    for bad in (np.array([]), np.array([2.0, 3.0]), float("nan"), -1.0, 100.0):
        with pytest.raises(ValueError, match="overconfidence"):
            helper(bad)
    with pytest.raises(TypeError, match="overconfidence"):
        helper("2.5")
    helper(2.5)  # still works after rejections


def test_cached_results_cannot_be_corrupted():
    temperatures, ece = figures.ece_against_temperature(2.0)
    with pytest.raises(ValueError):
        ece[0] = 0.0
    with pytest.raises(ValueError):
        figures.toy_models(0.7).weights[0, 0, 0] = 0.0


def test_toy_helpers_reject_values_off_the_grid():
    with pytest.raises(ValueError, match="importance_decay"):
        figures.toy_models(0.75)
    with pytest.raises(ValueError, match="seed"):
        figures.toy_models(0.7, seed=-1)
    with pytest.raises(ValueError, match="sparsity"):
        figures.describe_superposition(0.42, 0.7)


def test_probe_bands_are_the_probe_function_over_seeds():
    bands = figures.probe_bands(seeds=2)
    direct = [interpretability.planted_probe_accuracy(n_features=256, active_probability=0.1, seed=s,
                                                      **figures.PROBE_SETTINGS) for s in (0, 1)]
    np.testing.assert_allclose(bands[(256, 0.1)].values, direct)


def test_static_figures_alt_text_states_the_plotted_numbers():
    probe = figures.probe_figure(seeds=2)
    dense = float(figures.probe_bands(seeds=2)[(1024, 0.5)].mean)
    assert f"{100 * dense:.0f}% when they are active half the time" in probe.alt
    digits_figure = figures.digits_reliability_figure()
    assert "underconfident" in digits_figure.alt and "accuracy stays" in digits_figure.alt


def _grid(explorable):
    return {p.name: p.values for p in explorable.params}


def test_explorable_grids_are_small_and_hold_every_value_the_text_uses():
    # Frame counts (the chapter's execution budget) and the values its "try this" text, the
    # instructor notes and the exercises name: T = 1 and the NLL fit near 2.5 at overconfidence
    # 2.5; Exercise 4.2's a = 3.5, b = 0.35; Exercise 4.8's three profiles and eight sparsities.
    reliability, bon, toy = (figures.reliability_explorable(), figures.bon_explorable(),
                             figures.superposition_explorable())
    assert [len(e.static_grid()) for e in (reliability, bon, toy)] == [24, 27, 24]
    grid = _grid(reliability)
    assert {1.0, 2.5, 4.0} <= set(grid["temperature"]) and 2.5 in grid["overconfidence"]
    for overconfidence in grid["overconfidence"]:  # each fitted temperature is within a step of the grid
        fitted = figures.calibration_case(overconfidence).fitted_temperature
        assert min(abs(t - fitted) for t in grid["temperature"]) < 0.125
    grid = _grid(bon)
    assert 3.5 in grid["a"] and len(grid["a"]) >= 3 and 0.35 in grid["b"] and min(grid["b"]) <= 0.25
    assert set(_grid(toy)["sparsity"]) == set(figures.SPARSITIES)
    assert set(_grid(toy)["importance_decay"]) == set(figures.IMPORTANCE_DECAYS)


def test_lowering_b_pushes_the_90_percent_budget_out_by_orders_of_magnitude():
    # The "try this" of the Best-of-N explorable, on its grid.
    from acslib.adversarial import attack_budget

    assert float(attack_budget(0.9, 3.5, 0.25)) > 30 * float(attack_budget(0.9, 3.5, 0.35))
    assert "beyond N = 100,000" not in figures.describe_bon(3.5, 0.35)


def test_probe_band_takes_every_probe():
    for probe in interpretability.PROBES:
        assert 0.5 < float(figures.probe_band(64, 0.5, seeds=2, probe=probe).mean) <= 1.0
    with pytest.raises(ValueError, match="probe"):
        figures.probe_band(64, 0.5, probe="svm")
