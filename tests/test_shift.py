"""Tests for acslib.shift: the probit baseline, effective robustness, the small classifier
under a controllable shift, and the published accuracies it ships (Chapter 14)."""

import numpy as np
import pytest
from badinput import assert_raises_naming, assert_rejects
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from acslib import data, shift
from acslib.figures import long_term

# ----------------------------------------------------------------------------- transforms


def test_probit_is_the_normal_quantile_and_inverts():
    assert shift.probit(0.5) == 0.0
    assert shift.probit(0.975) == pytest.approx(1.959964, abs=1e-6)
    grid = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(shift.inverse_probit(shift.probit(grid)), grid, rtol=1e-12)


def test_accuracies_outside_the_unit_interval_are_rejected_with_a_hint():
    with pytest.raises(ValueError, match="accuracy must lie strictly between 0 and 1.*fractions"):
        shift.probit(76.1)
    for bad in (0.0, 1.0, -0.2):
        assert_raises_naming(shift.probit, {"accuracy": bad}, "accuracy")


@given(slope=st.floats(0.3, 1.5), intercept=st.floats(-1.0, 0.5),
       z=st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=12, unique=True))
def test_effective_robustness_is_zero_on_an_exact_probit_line(slope, intercept, z):
    z = np.array(z)
    if np.ptp(z) < 0.05:
        return
    base_id = shift.inverse_probit(z)
    base_ood = shift.inverse_probit(slope * z + intercept)
    line = shift.fit_probit_line(base_id, base_ood)
    assert line.slope == pytest.approx(slope, abs=1e-8)
    assert line.intercept == pytest.approx(intercept, abs=1e-8)
    assert line.r_squared == pytest.approx(1.0)
    np.testing.assert_allclose(shift.effective_robustness(base_id, base_ood, base_id, base_ood), 0.0, atol=1e-10)
    # Any point on the same line, inside or outside the fitted range, also scores zero.
    other = np.array([-2.0, 0.3, 2.2])
    on_line = shift.effective_robustness(shift.inverse_probit(other), shift.inverse_probit(slope * other + intercept),
                                         base_id, base_ood)
    np.testing.assert_allclose(on_line, 0.0, atol=1e-9)


@given(delta=st.floats(0.01, 1.0), z=st.floats(-1.5, 1.5))
def test_effective_robustness_is_positive_above_the_line_and_exact_in_accuracy_units(delta, z):
    base_z = np.array([-1.0, 0.0, 0.5, 1.0, 1.5])
    base_id, base_ood = shift.inverse_probit(base_z), shift.inverse_probit(0.9 * base_z - 0.3)
    predicted_z = 0.9 * z - 0.3
    above = shift.effective_robustness(shift.inverse_probit(z), shift.inverse_probit(predicted_z + delta),
                                       base_id, base_ood)
    below = shift.effective_robustness(shift.inverse_probit(z), shift.inverse_probit(predicted_z - delta),
                                       base_id, base_ood)
    assert above > 0 > below
    # In accuracy units: Phi(line + delta) - Phi(line).
    assert above == pytest.approx(stats.norm.cdf(predicted_z + delta) - stats.norm.cdf(predicted_z), abs=1e-10)


def test_logit_baseline_is_the_same_construction_in_logit_space():
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    z = np.array([-1.0, 0.0, 1.0, 2.0])
    base_id = 1 / (1 + np.exp(-z))
    base_ood = 1 / (1 + np.exp(-(0.8 * z - 0.4)))
    line = shift.fit_probit_line(base_id, base_ood, transform="logit")
    assert (line.slope, line.intercept) == (pytest.approx(0.8), pytest.approx(-0.4))
    assert float(line.predict(0.5)) == pytest.approx(1 / (1 + np.exp(0.4)))
    assert np.allclose(logit(base_ood), 0.8 * logit(base_id) - 0.4)
    with pytest.raises(ValueError, match="transform"):
        shift.fit_probit_line(base_id, base_ood, transform="linear")


def test_baseline_errors_name_the_baseline_parameters():
    good = dict(id_accuracy=0.7, ood_accuracy=0.6, baseline_id_accuracy=[0.6, 0.7, 0.8],
                baseline_ood_accuracy=[0.5, 0.6, 0.7])
    assert_raises_naming(shift.effective_robustness, {**good, "baseline_id_accuracy": [0.6]}, "baseline_id_accuracy")
    assert_raises_naming(shift.effective_robustness, {**good, "baseline_id_accuracy": [0.7, 0.7, 0.7]},
                         "baseline_id_accuracy")
    assert_raises_naming(shift.effective_robustness, {**good, "baseline_ood_accuracy": [0.5, 0.6]},
                         "baseline_id_accuracy")  # "shapes do not match: baseline_id_accuracy (3,), ..."
    assert_rejects(shift.effective_robustness, good, "baseline_id_accuracy")
    assert_rejects(shift.effective_robustness, good, "id_accuracy")
    with pytest.raises(ValueError, match="r_squared"):
        shift.ProbitLine(slope=1.0, intercept=0.0, r_squared=1.5, n_models=3)


# ------------------------------------------------------------------- the published data
# Taori et al. 2020 (taori2020measuring), testbed results robustness_top1s.csv (commit f4083a2),
# columns "val" and "imagenetv2-matched-frequency-format-val", in percent as the file holds them.
PUBLISHED = {
    "alexnet": (56.522, 43.43),
    "resnet50": (76.130, 63.21),
    "efficientnet-b7-randaug": (84.726, 74.84),
    "resnet50_clip_zeroshot": (59.808, 52.53),
    "efficientnet-l2-noisystudent": (88.322, 80.85),
    "resnet50_augmix": (77.538, 65.11),
    "resnet152-imagenet11k": (76.184, 66.13),
}
#: ResNet-50 on ImageNet-C (hendrycks2019benchmarking), testbed columns imagenet-c.<c>.<s>_on-disk.
IMAGENET_C = {("gaussian_noise", 1): 59.428, ("gaussian_noise", 5): 4.466, ("glass_blur", 3): 15.988,
              ("brightness", 5): 55.702, ("jpeg_compression", 4): 47.280, ("contrast", 5): 4.216}


def _row(table, name):
    return int(np.flatnonzero(table["model"] == name)[0])


def test_imagenet_v2_table_holds_the_published_accuracies():
    table = shift.imagenet_v2_results()
    assert len(table) == 35 and int((table["model_type"] == "standard").sum()) == 27
    assert "taori2020measuring" in table.provenance["citation"]
    assert "f4083a29524fe9a9e029bf34d1476cea5a497132" in table.provenance["version"]
    for name, (imagenet, v2) in PUBLISHED.items():
        i = _row(table, name)
        assert table["imagenet"][i] == pytest.approx(imagenet / 100, abs=1e-12)
        assert table["imagenet_v2"][i] == pytest.approx(v2 / 100, abs=1e-12)
    # The file's accuracies are counts over 50,000 (ImageNet) and 10,000 (ImageNetV2) images.
    np.testing.assert_allclose(table["imagenet"] * 50_000, np.round(table["imagenet"] * 50_000), atol=1e-6)
    np.testing.assert_allclose(table["imagenet_v2"] * 10_000, np.round(table["imagenet_v2"] * 10_000), atol=1e-6)
    # The book's grouping follows the testbed's classes (LP_ADV and ROBUST_INTV are both interventions).
    grouping = {"STANDARD": "standard", "LP_ADV": "robustness intervention", "ROBUST_INTV": "robustness intervention",
                "MORE_DATA": "more data"}
    assert [grouping[t] for t in table["testbed_type"]] == table["model_type"].tolist()
    assert table.provenance == data.imagenet_v2_testbed().provenance
    # Every model loses accuracy on the replicated test set (Recht et al. 2019).
    assert (table["imagenet_v2"] < table["imagenet"]).all()


def test_standard_models_lie_on_a_probit_line_and_clip_sits_above_it():
    table = shift.imagenet_v2_results()
    standard = table["model_type"] == "standard"
    line = shift.fit_probit_line(table["imagenet"][standard], table["imagenet_v2"][standard])
    assert line.slope == pytest.approx(0.964, abs=0.001)
    assert line.intercept == pytest.approx(-0.325, abs=0.001)
    assert line.r_squared > 0.995
    robustness = 100 * shift.effective_robustness(table["imagenet"], table["imagenet_v2"],
                                                  table["imagenet"][standard], table["imagenet_v2"][standard])
    assert np.abs(robustness[standard]).max() < 1.0  # the standard models' own scatter
    assert robustness[_row(table, "resnet50_clip_zeroshot")] == pytest.approx(5.95, abs=0.05)
    # Taori et al.: robustness interventions give little or none; more data helps somewhat.
    interventions = table["model_type"] == "robustness intervention"
    assert np.abs(robustness[interventions]).max() < 1.5
    assert (robustness[table["model_type"] == "more data"] > 0.9).all()
    # Recht et al.: gains on the old test set become larger gains on the new one.
    assert stats.linregress(table["imagenet"][standard], table["imagenet_v2"][standard]).slope > 1.0


def test_resnet50_imagenet_c_accuracy_falls_with_severity():
    raw = data.imagenet_c_resnet50()
    for (corruption, severity), value in IMAGENET_C.items():
        row = (raw["corruption"] == corruption) & (raw["severity"] == severity)
        assert raw["accuracy_percent"][row].tolist() == [value]
    # Hendrycks and Dietterich's 15 corruptions in four categories, five severities each, and a clean row.
    corrupted = raw["severity"] > 0
    assert len(set(raw["corruption"][corrupted])) == 15 and corrupted.sum() == 75
    counts = {c: len(set(raw["corruption"][raw["category"] == c])) for c in ("noise", "blur", "weather", "digital")}
    assert counts == {"noise": 3, "blur": 4, "weather": 4, "digital": 4}
    table = shift.imagenet_c_resnet50()
    # The means over the 15 corruptions, and the clean accuracy, which is ResNet-50's ImageNet row.
    np.testing.assert_allclose(100 * table["accuracy"], [76.130, 58.898, 48.252, 38.650, 27.147, 17.570], atol=5e-4)
    assert table["accuracy"][0] == shift.imagenet_v2_results()["imagenet"][_row(shift.imagenet_v2_results(), "resnet50")]
    assert (np.diff(table["accuracy"]) < 0).all()
    assert "hendrycks2019benchmarking" in table.provenance["citation"]


# -------------------------------------------------------------------- the small classifier


def test_exact_accuracy_matches_a_large_test_set():
    task = shift.ShiftTask()
    model = shift.train_classifier(task, 500, augment=0.5, seed=11)
    for severity in (0.0, 2.0, 5.0):
        features, labels = task.sample(30_000, severity, seed=12)
        exact = shift.classifier_accuracy(model, task, severity)
        standard_error = np.sqrt(exact * (1 - exact) / labels.size)
        assert abs(shift.empirical_accuracy(model, features, labels) - exact) < 4 * standard_error


def _train_on_a_sample(task, n_train, augment, rng):
    features, labels = task.sample(n_train, 0.0, seed=rng)
    features[:, task.n_core:] += augment * rng.standard_normal((n_train, task.n_fragile))
    positive, negative = features[labels > 0], features[labels < 0]
    mean_positive, mean_negative = positive.mean(axis=0), negative.mean(axis=0)
    residuals = np.concatenate([positive - mean_positive, negative - mean_negative])
    weights = (mean_positive - mean_negative) / ((residuals**2).sum(axis=0) / (n_train - 2))
    return shift.LinearClassifier(weights, -float(weights @ (mean_positive + mean_negative)) / 2)


@pytest.mark.parametrize("n_train,augment", [(40, 0.0), (300, 1.5)])
def test_sufficient_statistics_training_matches_training_on_a_sample(n_train, augment):
    """train_classifier draws the class means and pooled variances directly; the classifier
    must have the distribution of one fitted to an explicit sample."""
    task = shift.ShiftTask(n_core=20, n_fragile=20, signal=0.15)
    rng = np.random.default_rng(5)
    direct = np.array([shift.classifier_accuracy(shift.train_classifier(task, n_train, augment=augment, seed=rng),
                                                 task, 2.0) for _ in range(400)])
    sampled = np.array([shift.classifier_accuracy(_train_on_a_sample(task, n_train, augment, rng), task, 2.0)
                        for _ in range(400)])
    standard_error = np.sqrt(direct.var() / direct.size + sampled.var() / sampled.size)
    assert abs(direct.mean() - sampled.mean()) < 4 * standard_error
    assert direct.std() == pytest.approx(sampled.std(), rel=0.2)


def test_ideal_classifier_reaches_the_bayes_accuracy_and_zero_weights_score_one_half():
    task = shift.ShiftTask(n_core=3, n_fragile=5, signal=0.4)
    for severity in (0.0, 3.0):
        ideal = shift.LinearClassifier(task.class_mean() / task.noise(severity) ** 2, 0.0)
        assert shift.classifier_accuracy(ideal, task, severity) == pytest.approx(task.bayes_accuracy(severity))
    assert shift.classifier_accuracy(shift.LinearClassifier(np.zeros(8), 0.3), task) == 0.5
    assert task.fragile_noise(4.0) == pytest.approx(3.0)


def test_standard_family_lies_on_the_predicted_probit_line():
    """Equal weight on core and fragile features: slope 1 / sqrt(1 + (sigma_f^2 - 1) / 2)."""
    families = long_term.shift_families()
    standard = families["standard"]
    for severity in range(1, 6):
        noise = long_term.SHIFT_TASK.fragile_noise(severity)
        line = shift.fit_probit_line(standard[0], standard[severity])
        assert line.slope == pytest.approx(1 / np.sqrt(1 + (noise**2 - 1) / 2), abs=0.01)
        assert abs(line.intercept) < 0.03 and line.r_squared > 0.98
    # No shift: every model on the diagonal, so effective robustness is exactly zero.
    np.testing.assert_allclose(long_term.shift_summary(0, 2.0).effective_robustness, 0.0)


def test_augmentation_buys_effective_robustness_and_costs_in_distribution_accuracy():
    families = long_term.shift_families()
    for augment in (1.0, 1.5, 2.0, 2.5):
        summary = long_term.shift_summary(2, augment)
        assert summary.effective_robustness.min() > 0
        assert families[augment][0, -1] < families["standard"][0, -1]
    # Without augmentation the second family is another standard family: no systematic effect.
    assert abs(long_term.shift_summary(2, 0.0).effective_robustness.mean()) < 0.005
    value = shift.mean_effective_robustness(long_term.SHIFT_TASK, long_term.TRAINING_SIZES, 2, 1.5, seed=3)
    assert 0.04 < value < 0.07


def test_classifier_inputs_are_validated_by_name():
    task = shift.ShiftTask()
    assert_rejects(shift.train_classifier, dict(task=task, n_train=100, augment=1.0, seed=0), "augment",
                   negative=True)
    assert_raises_naming(shift.train_classifier, dict(task=task, n_train=3), "n_train")
    assert_raises_naming(shift.train_classifier, dict(task=task, n_train=shift.MAX_SAMPLES + 1), "n_train")
    assert_raises_naming(shift.train_classifier, dict(task="task", n_train=100), "task")
    assert_raises_naming(shift.model_family, dict(task=task, n_train=[10, 20.5], severity=1.0), "n_train")
    assert_raises_naming(shift.classifier_accuracy,
                         dict(classifier=shift.LinearClassifier(np.ones(3), 0.0), task=task), "classifier")
    assert_raises_naming(shift.mean_effective_robustness,
                         dict(task=task, n_train=[50, 100], severity=0.0, augment=1.0), "severity")
    for name, bad in (("n_core", 0), ("n_fragile", 1001), ("signal", 0.0), ("noise_per_severity", -1.0)):
        with pytest.raises(ValueError, match=name):
            shift.ShiftTask(**{name: bad})
    with pytest.raises(ValueError, match="severity"):
        task.fragile_noise(101.0)


def test_the_shift_explorable_try_this_holds_on_the_website_grid():
    # Chapter 14, section "A classifier that meets a shift".
    families = long_term.shift_families()
    standard = families["standard"]
    for augment in long_term._AUGMENTS:
        best = families[augment][:, -1] - standard[:, -1]  # best-trained augmented minus standard
        if augment >= 0.5:
            assert best[0] < 0 and (best[1:] > 0).all()
        summary = long_term.shift_summary(2, augment)
        if augment >= 1.0:
            assert (summary.effective_robustness > 0).all()
        if augment > 0:
            # Augmented models lose in-distribution accuracy and gain under the shift.
            assert summary.augmented_id.mean() < long_term.shift_summary(2, 0.0).augmented_id.mean()
            assert summary.augmented_ood.mean() > long_term.shift_summary(2, 0.0).augmented_ood.mean()
    # Augmentation 0: another standard family, on both sides of the line.
    noise_floor = long_term.shift_summary(2, 0.0).effective_robustness
    assert (noise_floor > 0).any() and (noise_floor < 0).any()
