"""Chapter 5 figures: exact curves (no simulation noise), errors compared at the same standard
deviation, validated slider values, and captions that state what the frames show."""

import numpy as np
import pytest

from acslib import goodhart
from acslib.figures import objective_stability as fo
from badinput import assert_raises_naming


@pytest.mark.parametrize("error_sd", fo.ERROR_SDS)
def test_overoptimization_curves_are_exact_and_never_below_zero(error_sd):
    curves = fo.overoptimization_curves(error_sd)
    proxy, true = goodhart.expected_best_of_n(curves.n, 1.0, goodhart.student_t_scale(error_sd), "student_t")
    np.testing.assert_allclose(curves.true, true)
    np.testing.assert_allclose(curves.proxy, proxy)
    assert (curves.true >= 0).all()  # issue 12: the first edition's single pool showed -0.235 here
    assert 0 < curves.peak_index < curves.n.size - 1
    gaussian = fo.overoptimization_curves(error_sd, "gaussian")
    np.testing.assert_allclose(gaussian.true, goodhart.regressional_best_of_n(curves.n, 1.0, error_sd))
    assert gaussian.peak_index == gaussian.n.size - 1  # Gaussian error never turns down


def test_errors_are_compared_at_the_same_standard_deviation():
    assert fo.error_scale(0.5, "gaussian") == 0.5
    assert fo.error_scale(0.5) * np.sqrt(3) == pytest.approx(0.5)  # Student-t, 3 dof
    sample = fo.selection_sample(4096, "student_t", 0.5)
    assert sample.winner_true.shape == (300,)


def test_curves_are_read_only_and_cached():
    curves = fo.overoptimization_curves(0.75)
    assert fo.overoptimization_curves(0.75) is curves
    with pytest.raises(ValueError):
        curves.true[0] = 1.0


def test_captions_state_the_values():
    text = fo.describe_overoptimization(0.5, 100_000)
    assert "standard deviation 0.5" in text and "exact" in text and "peaks at 2.05 near n = 170" in text
    assert "exact expectation" in fo.describe_selection(256, "student_t", 0.5)
    assert fo.describe_misgeneralization(0.04).startswith("With 4% of training levels")


def test_slider_values_are_validated_under_their_names():
    assert_raises_naming(fo.overoptimization_curves, dict(error_sd=np.nan), "error_sd")
    assert_raises_naming(fo.overoptimization_curves, dict(error_sd=50.0), "error_sd")
    assert_raises_naming(fo.overoptimization_curves, dict(error_sd=0.5, noise="cauchy"), "noise")
    assert_raises_naming(fo.describe_overoptimization, dict(error_sd=0.5, n=2.5), "n")
    assert_raises_naming(fo.selection_sample, dict(n=10_000, noise="gaussian", error_sd=0.5), "n")
    assert_raises_naming(fo.describe_misgeneralization, dict(randomised_fraction=0.5), "randomised_fraction")
    assert_raises_naming(fo.extremal_figure, dict(error_sd=0.5, better_sd=0.75), "better_sd")
    with pytest.raises(TypeError, match="noise"):
        fo.overoptimization_curves(0.5, noise=np.array([]))


def test_static_figures_have_alt_text_with_their_numbers():
    assert "2.72" in fo.iterated_rlhf_figure().alt and "10.87" in fo.iterated_rlhf_figure().alt
    assert "20.09" in fo.gold_reward_forms_figure().alt
    alt = fo.extremal_figure().alt
    assert "staying positive" in alt and "0.26" in alt and "near n = 170 and n = 1,100" in alt
    assert "2.56" in fo.regressional_figure().alt


@pytest.mark.parametrize("error_sd", [1.0, 0.5, 0.25])
def test_the_peak_is_exact_over_whole_counts(error_sd):
    # The curves' grid is 15% apart in n; the quoted peak is the best whole number of candidates.
    curves = fo.overoptimization_curves(error_sd)
    counts = np.arange(1, 3001)
    true = goodhart.expected_best_of_n(counts, 1.0, goodhart.student_t_scale(error_sd), "student_t")[1]
    assert curves.peak_n == counts[np.argmax(true)] and curves.peak_true == pytest.approx(true.max(), abs=1e-12)
    assert curves.peak_d == pytest.approx(np.sqrt(goodhart.best_of_n_kl(curves.peak_n)))
    assert fo.overoptimization_curves(error_sd, "gaussian").peak_n == 100_000  # no interior peak


def test_misgeneralization_axis_ticks_name_their_positions():
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.6, 4.0))
    fo._build_misgeneralization(figure)
    curves = figure.axes[0]
    ticks = curves.get_xticks()
    ticks = ticks[(ticks >= 0) & (ticks <= 0.2 + 1e-9)]
    labels = [curves.xaxis.get_major_formatter()(t) for t in ticks]
    assert labels == [f"{round(100 * t)}%" for t in ticks]
    assert np.allclose(100 * ticks, np.round(100 * ticks))  # every tick is a whole percentage
