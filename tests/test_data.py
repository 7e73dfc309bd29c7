"""Tests for acslib.data: the shipped tables carry provenance and the published values."""

import numpy as np
import pytest

from acslib import data
from badinput import assert_raises_naming

LOADERS = (data.metr_horizons, data.training_compute, data.chinchilla_table3, data.mmlu_scores,
           data.alignment_tax, data.imagenet_v2_testbed, data.imagenet_c_resnet50)


@pytest.mark.parametrize("loader", LOADERS)
def test_every_dataset_carries_provenance(loader):
    table = loader()
    for key in ("source", "version", "date", "citation", "notes"):
        assert table.provenance[key].strip(), key
    assert table.provenance["version"] in table.describe_source()
    lengths = {len(column) for column in table.columns.values()}
    assert lengths == {len(table)} and len(table) >= 4


def test_metr_th1_0_values_match_the_published_results_file():
    # kwa2025measuring, METR TH1.0 results file (published-anchors.md section 2)
    horizons = data.metr_horizons("TH1.0")
    by_model = dict(zip(horizons["model"], horizons["p50_minutes"]))
    assert len(horizons) == 13
    assert by_model["GPT-2"] == 0.0397
    assert by_model["GPT-4 0314"] == 5.36
    assert by_model["Claude 3.7 Sonnet"] == 54.2
    assert by_model["o3"] == 92.2
    assert by_model["GPT-5"] == 137.3
    assert horizons["release_date"][0] == np.datetime64("2019-02-14")
    assert horizons["release_date"][-1] == np.datetime64("2025-08-07")
    assert (np.diff(horizons["release_date"].astype(int)) > 0).all()


def test_metr_flags_follow_their_stated_rules():
    horizons = data.metr_horizons()
    minutes = horizons["p50_minutes"]
    previous_best = np.concatenate(([0.0], np.maximum.accumulate(minutes)[:-1]))
    np.testing.assert_array_equal(horizons["sota_at_release"], minutes > previous_best)
    # The paper's v1 (March 2025) fitted the models released up to Claude 3.7 Sonnet.
    np.testing.assert_array_equal(horizons["in_paper_v1"], horizons["release_date"] <= np.datetime64("2025-02-28"))
    assert horizons["in_paper_v1"].sum() == 11


def test_training_compute_rows_agree_with_6nd_and_flags():
    compute = data.training_compute()
    six_nd = 6.0 * compute["n_params"] * compute["n_tokens"]
    derived = compute["method"] == "6ND"
    np.testing.assert_allclose(compute["training_flop"][derived], six_nd[derived], rtol=0.01)
    # GPT-3's reported 3.14e23 (brown2020language) is 6ND to within 1%.
    gpt3 = compute["model"] == "GPT-3 175B"
    assert compute["training_flop"][gpt3][0] == 3.14e23
    np.testing.assert_allclose(six_nd[gpt3], 3.15e23, rtol=0.01)
    # Llama 3.1 405B: reported 3.8e25 (grattafiori2024llama3) is 6ND of 405B x 15.6T.
    llama = compute["model"] == "Llama 3.1 405B"
    np.testing.assert_allclose(six_nd[llama], 3.8e25, rtol=0.01)
    # Only outside estimates are flagged, and they have no published N or D.
    np.testing.assert_array_equal(compute["is_estimate"], compute["method"] == "estimate")
    assert np.isnan(compute["n_params"][compute["is_estimate"]]).all()
    flop = compute["training_flop"]
    previous_best = np.concatenate(([0.0], np.maximum.accumulate(flop)[:-1]))
    np.testing.assert_array_equal(compute["record_at_release"], flop > previous_best)


def test_chinchilla_table3_matches_the_paper():
    # hoffmann2022training Table 3 (approach 1)
    table = data.chinchilla_table3()
    np.testing.assert_array_equal(table["n_params"], [1e9, 10e9, 67e9, 175e9])
    np.testing.assert_array_equal(table["training_flop"], [1.21e20, 1.23e22, 5.76e23, 3.85e24])
    np.testing.assert_array_equal(table["n_tokens"], [20.2e9, 205.1e9, 1.5e12, 3.7e12])
    ratio = table["n_tokens"] / table["n_params"]
    assert ((ratio > 19) & (ratio < 23)).all()  # "about 20 tokens per parameter"


def test_records_and_where():
    table = data.chinchilla_table3()
    rows = table.records()
    assert rows[2]["n_params"] == 67e9 and len(rows) == 4
    small = table.where(table["n_params"] < 50e9)
    assert len(small) == 2 and small.provenance is table.provenance
    with pytest.raises(KeyError, match="no column"):
        table["flops"]


def test_decimal_year_is_linear_and_close_to_the_calendar():
    dates = np.array(["2000-01-01", "2020-01-01", "2024-07-02"], dtype="datetime64[D]")
    np.testing.assert_allclose(data.decimal_year(dates), [2000.0, 2020.0, 2024.5], atol=2e-3)
    days = np.arange(0, 3000, 100).astype("timedelta64[D]") + np.datetime64("2019-01-01")
    assert np.allclose(np.diff(data.decimal_year(days)), 100 / 365.25)


def test_bad_input_is_rejected_by_name():
    assert_raises_naming(data.metr_horizons, {"version": "TH9"}, "version")
    assert_raises_naming(data.decimal_year, {"dates": np.array([], dtype="datetime64[D]")}, "dates")
    assert_raises_naming(data.decimal_year, {"dates": np.array(["NaT", "2020-01-01"], dtype="datetime64[D]")}, "dates")
    assert_raises_naming(data.decimal_year, {"dates": ["not a date"]}, "dates")
    table = data.chinchilla_table3()
    assert_raises_naming(table.where, {"mask": [True, False]}, "mask")


# ---------------------------------------------------------------- provenance records (issue 11, section 4)
import hashlib  # noqa: E402
from importlib import resources  # noqa: E402

CSV_FILES = sorted(p.name for p in resources.files(data).iterdir() if p.name.endswith(".csv"))


def _header(name):
    text = resources.files(data).joinpath(name).read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
    body = "".join(line + "\n" for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return header, body


def test_the_record_check_sees_every_shipped_csv():
    assert {"metr_horizons_th1_0.csv", "training_compute.csv", "chinchilla_table3.csv"} <= set(CSV_FILES)


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_csv_records_url_location_retrieval_and_version_or_checksum(name):
    # Every data file, including ones other chapters add later, must say where its numbers
    # are (url), which file, table or section they come from (location), when they were
    # retrieved, and which vintage they are (a version or a sha256 of the table).
    header, body = _header(name)
    for key in data.RECORD_KEYS:
        assert header.get(key, "").strip(), f"{name} lacks a '# {key}:' line"
    assert "http" in header["url"], f"{name}: url must be a link"
    assert header.get("version", "").strip() or header.get("sha256", "").strip(), f"{name} lacks a version or sha256"
    if "sha256" in header:
        digest = header["sha256"].split()[0]
        assert hashlib.sha256(body.encode("utf-8")).hexdigest() == digest, f"{name}: the table changed; update its sha256 and record why"


def test_metr_file_names_its_vintage():
    header, _ = _header("metr_horizons_th1_0.csv")
    assert "benchmark_results_1_0.yaml" in header["url"]
    assert "39.2" in header["vintage"] and "41.05" in header["vintage"]


def test_training_compute_has_no_spurious_chinchilla_record():
    # Hoffmann et al. 2022 (hoffmann2022training): Chinchilla was trained on Gopher's budget,
    # 5.76e23 FLOP, so it cannot set a compute record over Gopher.
    compute = data.training_compute()
    by_model = {m: i for i, m in enumerate(compute["model"])}
    gopher, chinchilla = by_model["Gopher 280B"], by_model["Chinchilla 70B"]
    assert compute["training_flop"][gopher] == compute["training_flop"][chinchilla] == 5.76e23
    assert compute["method"][gopher] == compute["method"][chinchilla] == "reported"
    assert not compute["record_at_release"][chinchilla]
    assert set(compute["method"]) <= {"reported", "6ND", "estimate"}


def test_bad_input_types_are_type_errors():
    for bad in ([], {}, None, 3):
        with pytest.raises(TypeError, match="version"):
            data.metr_horizons(version=bad)
    for bad in (5, [1.0, 2.0], True, None):
        with pytest.raises(TypeError, match="dates"):
            data.decimal_year(bad)
    table = data.chinchilla_table3()
    with pytest.raises(ValueError, match="mask"):
        table.where([[True], [False, True]])


def test_mmlu_scores_are_the_reported_values():
    # hendrycks2021measuring (GPT-3 few-shot 43.9, expert estimate 89.8), rae2021scaling (60.0),
    # hoffmann2022training (67.5, abstract), chowdhery2022palm (69.3), touvron2023llama (63.4),
    # openai2023gpt4 (86.4), touvron2023llama2 (68.9), grattafiori2024llama3 (87.3, 5-shot)
    scores = data.mmlu_scores()
    by_model = dict(zip(scores["model"], scores["mmlu_percent"]))
    assert by_model == {"GPT-3 175B": 43.9, "Gopher 280B": 60.0, "Chinchilla 70B": 67.5, "PaLM 540B": 69.3,
                        "LLaMA 65B": 63.4, "GPT-4": 86.4, "Llama 2 70B": 68.9, "Llama 3.1 405B": 87.3}
    assert data.MMLU_CHANCE_PERCENT < scores["mmlu_percent"].min() < scores["mmlu_percent"].max() \
        < data.MMLU_EXPERT_PERCENT == 89.8
    assert data.MMLU_ERROR_SHARE == 0.0649  # gema2024mmlu
    # The same models, and release dates, as the training-compute table: the two join on model.
    compute = data.training_compute()
    assert list(scores["model"]) == list(compute["model"])
    assert (scores["release_date"] == compute["release_date"]).all()
    assert set(scores["citation"]) <= set(scores.provenance["citation"].replace(" ", "").split(";"))


def test_mmlu_rows_say_what_they_were_checked_against():
    # Review of Chapters 1-2: no MMLU value was re-read in its paper, so each row names the
    # stored source it was compared with, and the file's verification line describes it.
    scores = data.mmlu_scores()
    described = scores.provenance["verification"]
    sources = {"MMLU authors' leaderboard", "Meta's model card", "copy of the report's table",
               "secondary summaries only"}
    assert set(scores["verification"]) <= sources
    for source in set(scores["verification"]):
        assert f'"{source}" = ' in described, source
    by_model = dict(zip(scores["model"], scores["verification"]))
    assert by_model["PaLM 540B"] == "secondary summaries only"
    assert {by_model[m] for m in ("GPT-3 175B", "Gopher 280B", "Chinchilla 70B")} == {"MMLU authors' leaderboard"}
    assert "No value was read in the cited paper" in scores.provenance["retrieved"]
    assert "instruction-tuned" in dict(zip(scores["model"], scores["setting"]))["Llama 3.1 405B"]
