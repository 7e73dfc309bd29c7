"""Small datasets shipped with acslib, each with its provenance.

Every dataset is a CSV file in this folder whose header comment lines (``# key: value``)
record where the numbers come from: ``source``, ``version``, ``date``, ``citation`` (the
book's bibliography key) and ``notes``; and, so that a reader can tell which vintage of a
revised source a number is from, its ``url``, the ``location`` in the source (file, table
or section), the ``retrieved`` date and, where the file carries one, the ``sha256`` of its
table (``tests/test_data.py`` checks every CSV here for that record). The loaders return a :class:`Dataset`: named
numpy columns plus that provenance, so a chapter can always print where a number is from.
Values that are outside estimates rather than published by the developers are flagged in
an ``is_estimate`` column.

Defined in Chapter 2, *Why it matters* (``chapters/02_why_it_matters.ipynb``), which fits
growth trends to these tables.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .._validation import ArgumentTypeError, as_choice

__all__ = [
    "Dataset",
    "metr_horizons",
    "training_compute",
    "chinchilla_table3",
    "mmlu_scores",
    "alignment_tax",
    "MMLU_EXPERT_PERCENT",
    "MMLU_CHANCE_PERCENT",
    "MMLU_ERROR_SHARE",
    "decimal_year",
]

#: Expert-level MMLU accuracy, in percent, as estimated by the test's authors
#: (Hendrycks et al. 2021, ``hendrycks2021measuring``; checked for the book only against
#: secondary summaries of the paper, see ``mmlu_scores.csv``).
MMLU_EXPERT_PERCENT = 89.8
#: Chance accuracy on MMLU's four-choice questions, in percent.
MMLU_CHANCE_PERCENT = 25.0
#: Share of MMLU questions that contain errors (an unclear question or options, or no,
#: several or a wrong correct answer), as estimated by Gema et al. (``gema2024mmlu``;
#: arXiv 2406.04127, abstract of v3) from 5,700 re-annotated questions.
MMLU_ERROR_SHARE = 0.0649

_METR_FILES = {"TH1.0": "metr_horizons_th1_0.csv"}
_PROVENANCE_KEYS = ("source", "version", "date", "citation", "notes")
#: The record every shipped CSV must carry, so that a revised source can be traced: where it
#: is, which file, table or section, when it was retrieved, and a version or checksum.
RECORD_KEYS = ("url", "location", "retrieved")


@dataclass(frozen=True)
class Dataset:
    """A small table: named numpy columns and the provenance of its numbers.

    Attributes
    ----------
    name : str
        Short identifier, e.g. ``"metr_horizons"``.
    columns : dict
        One numpy array per column name, all of one length.
    provenance : dict
        Text fields, at least ``source``, ``version``, ``date``, ``citation`` and ``notes``.

    Examples
    --------
    >>> table = chinchilla_table3()
    >>> len(table), table.column_names
    (4, ('n_params', 'training_flop', 'n_tokens'))
    >>> float(table["n_params"][0])
    1000000000.0
    """

    name: str
    columns: dict
    provenance: dict

    def __getitem__(self, column: str) -> np.ndarray:
        if column not in self.columns:
            raise KeyError(f"{self.name} has no column {column!r}; columns are {self.column_names}")
        return self.columns[column]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    @property
    def column_names(self) -> tuple:
        return tuple(self.columns)

    def records(self) -> list[dict]:
        """The rows as a list of plain dicts (one per row)."""
        return [{name: values[i] for name, values in self.columns.items()} for i in range(len(self))]

    def where(self, mask) -> "Dataset":
        """The rows selected by a boolean ``mask`` (same provenance).

        Examples
        --------
        >>> horizons = metr_horizons()
        >>> len(horizons.where(horizons["in_paper_v1"]))
        11
        """
        try:
            mask = np.asarray(mask)
        except (ValueError, TypeError) as error:
            raise ValueError(f"mask must be a boolean array of length {len(self)}; got {mask!r}") from error
        if mask.dtype != bool:
            raise ArgumentTypeError(f"mask must be a boolean array of length {len(self)}; got dtype {mask.dtype}")
        if mask.shape != (len(self),):
            raise ValueError(f"mask must be a boolean array of length {len(self)}; got {mask.dtype} {mask.shape}")
        return Dataset(self.name, {k: v[mask] for k, v in self.columns.items()}, self.provenance)

    def describe_source(self) -> str:
        """One line naming the source, version and date of the numbers."""
        p = self.provenance
        return f"{p['source']} (version {p['version']}, {p['date']})"


def _read(filename: str, name: str, converters: dict) -> Dataset:
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    provenance, body = {}, []
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            provenance[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    missing = [key for key in _PROVENANCE_KEYS if key not in provenance]
    if missing:  # a shipped file without provenance is a packaging bug
        raise RuntimeError(f"{filename} lacks provenance fields {missing}")
    rows = list(csv.DictReader(body))
    columns = {column: converter([row[column] for row in rows]) for column, converter in converters.items()}
    return Dataset(name, columns, provenance)


def _floats(values):
    return np.array([float(v) if v.strip() else np.nan for v in values])


def _dates(values):
    return np.array(values, dtype="datetime64[D]")


def _bools(values):
    return np.array([v.strip().lower() == "true" for v in values])


def _strings(values):
    return np.array(values, dtype=str)


def metr_horizons(version: str = "TH1.0") -> Dataset:
    """METR's 50% time horizons: model, release date, horizon in minutes, flags.

    Parameters
    ----------
    version : str
        METR's release of the numbers. Only ``"TH1.0"`` is shipped.

    Returns
    -------
    Dataset
        Columns ``model`` (str), ``release_date`` (``datetime64[D]``), ``p50_minutes``
        (float), ``sota_at_release`` (bool) and ``in_paper_v1`` (bool: the eleven models
        inside the window of the paper's first trend fit).

    Notes
    -----
    Defined in Chapter 2, section *Capability has scaled rapidly*. Source: Kwa et al.
    2025 (METR), arXiv:2503.14499.

    Examples
    --------
    >>> horizons = metr_horizons()
    >>> len(horizons), horizons.provenance["version"]
    (13, 'TH1.0')
    >>> str(horizons["model"][-1]), float(horizons["p50_minutes"][-1])
    ('GPT-5', 137.3)
    """
    version = as_choice(version, "version", sorted(_METR_FILES))
    return _read(
        _METR_FILES[version],
        "metr_horizons",
        {
            "model": _strings,
            "release_date": _dates,
            "p50_minutes": _floats,
            "sota_at_release": _bools,
            "in_paper_v1": _bools,
        },
    )


def training_compute() -> Dataset:
    """Training compute of a few notable language models, with per-row sources.

    Returns
    -------
    Dataset
        Columns ``model``, ``release_date`` (``datetime64[D]``), ``n_params`` and
        ``n_tokens`` (float; NaN where undisclosed), ``training_flop`` (float),
        ``method`` (``"reported"``, ``"6ND"`` or ``"estimate"``), ``is_estimate`` (bool),
        ``record_at_release`` (bool: more compute than every earlier row, a stand-in for
        "frontier at release") and ``citation`` (bibliography key).

    Notes
    -----
    Defined in Chapter 2, section *Compute, and the lines governance draws*. A curated
    teaching table, not a representative sample.

    Examples
    --------
    >>> compute = training_compute()
    >>> [str(m) for m in compute.where(compute["is_estimate"])["model"]]
    ['GPT-4']
    >>> f"{compute['training_flop'][0]:.3g}"
    '3.14e+23'
    """
    return _read(
        "training_compute.csv",
        "training_compute",
        {
            "model": _strings,
            "release_date": _dates,
            "n_params": _floats,
            "n_tokens": _floats,
            "training_flop": _floats,
            "method": _strings,
            "is_estimate": _bools,
            "record_at_release": _bools,
            "citation": _strings,
        },
    )


def chinchilla_table3() -> Dataset:
    """Chinchilla Table 3 (approach 1): model size, FLOP budget and training tokens.

    Returns
    -------
    Dataset
        Columns ``n_params``, ``training_flop`` and ``n_tokens`` (float).

    Notes
    -----
    Defined in Chapter 2, section *Where the scaling comes from*. Source: Hoffmann et al.
    2022, arXiv:2203.15556, Table 3.

    Examples
    --------
    >>> table = chinchilla_table3()
    >>> (table["n_tokens"] / table["n_params"]).round(1)
    array([20.2, 20.5, 22.4, 21.1])
    """
    return _read(
        "chinchilla_table3.csv",
        "chinchilla_table3",
        {"n_params": _floats, "training_flop": _floats, "n_tokens": _floats},
    )


def mmlu_scores() -> Dataset:
    """MMLU accuracy of the models in :func:`training_compute`, as reported.

    Returns
    -------
    Dataset
        Columns ``model`` (str, spelled as in :func:`training_compute`), ``release_date``
        (``datetime64[D]``), ``mmlu_percent`` (float, accuracy in percent), ``setting``
        (the prompt format, e.g. ``"5-shot"``), ``citation`` (bibliography key) and
        ``verification`` (what the value was checked against; the file's
        ``verification`` provenance line names each source).

    Notes
    -----
    Defined in Chapter 2, section *Benchmark scores improved, then saturated*. Scores are
    the developers' own, except GPT-3's, which the test's authors measured; harnesses
    differ by a point or two, and the Llama 3.1 405B score is the instruction-tuned
    model's. No value was re-read in its cited paper: ``verification`` says which stored
    copy of another source each was compared with. The test's ceiling is below 100%:
    :data:`MMLU_EXPERT_PERCENT` is the expert estimate and :data:`MMLU_ERROR_SHARE` the
    share of flawed questions.

    Examples
    --------
    >>> scores = mmlu_scores()
    >>> len(scores), float(scores["mmlu_percent"][0]), float(scores["mmlu_percent"][-1])
    (8, 43.9, 87.3)
    """
    return _read(
        "mmlu_scores.csv",
        "mmlu_scores",
        {
            "model": _strings,
            "release_date": _dates,
            "mmlu_percent": _floats,
            "setting": _strings,
            "citation": _strings,
            "verification": _strings,
        },
    )


def alignment_tax() -> Dataset:
    """Published findings on the alignment tax that Chapter 13 cites, with their provenance.

    Returns
    -------
    Dataset
        Columns ``key``, ``citation`` (bibliography key), ``claim``, ``value`` and
        ``uncertainty`` (float; NaN for qualitative findings), ``unit``, ``location``
        (section, table or abstract) and ``verification`` (how the book checked the row).

    Notes
    -----
    Defined in Chapter 13, section *The tax, measured*; :func:`acslib.tax.cited_tax_numbers`
    returns it. The provenance header says which rows were read in an abstract and which
    rest on the book's anchors list.

    Examples
    --------
    >>> table = alignment_tax()
    >>> str(table["citation"][0]), float(table["value"][0])
    ('ouyang2022training', 85.0)
    """
    return _read(
        "alignment_tax.csv",
        "alignment_tax",
        {"key": _strings, "citation": _strings, "claim": _strings, "value": _floats, "uncertainty": _floats,
         "unit": _strings, "location": _strings, "verification": _strings},
    )


def decimal_year(dates):
    """Convert ``datetime64`` dates to decimal years (e.g. 2024-07-02 → about 2024.5).

    Parameters
    ----------
    dates : array_like of numpy.datetime64 or date strings
        Calendar dates.

    Returns
    -------
    numpy.ndarray
        Years with a fractional part: ``2000 + (days since 2000-01-01) / 365.25``. This
        is linear in time (a trend fit needs that) and within a day of the calendar
        year fraction; it is exact on the first day of every leap year.

    Notes
    -----
    Defined in Chapter 2, section *Capability has scaled rapidly*; :mod:`acslib.trends`
    uses it to put dates on a numeric axis.

    Examples
    --------
    >>> decimal_year(np.array(["2020-01-01", "2025-07-02"], dtype="datetime64[D]")).round(3)
    array([2020.   , 2025.499])
    """
    if isinstance(dates, (dict, bytes)) or dates is None:
        raise ArgumentTypeError(f"dates must be calendar dates (numpy datetime64 or ISO strings); got {dates!r}")
    try:
        raw = np.asarray(dates)
    except (TypeError, ValueError) as error:
        raise ValueError(f"dates must be calendar dates of regular shape; got {dates!r}") from error
    elements = raw.ravel() if raw.dtype.kind == "O" else ()
    if raw.dtype.kind in "biufc" or any(not isinstance(v, (str, np.datetime64)) for v in elements):
        raise ArgumentTypeError(
            f"dates must be calendar dates (numpy datetime64 or ISO strings), not numbers; got {dates!r}"
        )
    try:
        days = np.asarray(dates, dtype="datetime64[D]")
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"dates must be calendar dates (numpy datetime64 or ISO strings); got {dates!r}") from error
    if days.size == 0:
        raise ValueError("dates must not be empty")
    if np.isnat(days).any():
        raise ValueError("dates must not contain NaT (missing dates)")
    return 2000.0 + (days - np.datetime64("2000-01-01", "D")).astype("int64") / 365.25


# ----------------------------------------------------------------- Chapter 14: distribution shift
def imagenet_v2_testbed() -> Dataset:
    """ImageNet and ImageNetV2 top-1 accuracy of 35 models, from Taori et al.'s testbed.

    Returns
    -------
    Dataset
        Columns ``model`` (the testbed's name), ``model_type`` (the book's grouping:
        ``"standard"``, ``"robustness intervention"`` or ``"more data"``),
        ``testbed_type`` (the testbed's own class, e.g. ``"LP_ADV"``),
        ``imagenet_percent`` and ``imagenet_v2_percent`` (float, top-1 accuracy in
        percent, exact to the test sets' resolution).

    Notes
    -----
    Defined in Chapter 14, section *Distribution shift, measured*;
    :func:`acslib.shift.imagenet_v2_results` gives the same rows as fractions. Source:
    Taori et al. 2020 (arXiv:2007.00644), the results file ``robustness_top1s.csv`` of
    their testbed; the file's header records the commit and checksums.

    Examples
    --------
    >>> table = imagenet_v2_testbed()
    >>> len(table), str(table["model"][0]), float(table["imagenet_percent"][0])
    (35, 'alexnet', 56.522)
    """
    return _read(
        "imagenet_v2_testbed.csv",
        "imagenet_v2_testbed",
        {
            "model": _strings,
            "model_type": _strings,
            "testbed_type": _strings,
            "imagenet_percent": _floats,
            "imagenet_v2_percent": _floats,
        },
    )


def imagenet_c_resnet50() -> Dataset:
    """ResNet-50's top-1 accuracy on each ImageNet-C corruption at each severity.

    Returns
    -------
    Dataset
        Columns ``corruption`` (``"none"`` for the clean row, then the 15 corruptions of
        Hendrycks and Dietterich), ``category`` (``"clean"``, ``"noise"``, ``"blur"``,
        ``"weather"`` or ``"digital"``), ``severity`` (float, 0 for clean, then 1 to 5)
        and ``accuracy_percent`` (float).

    Notes
    -----
    Defined in Chapter 14, section *Distribution shift, measured*;
    :func:`acslib.shift.imagenet_c_resnet50` averages it over the corruptions. Source:
    the results file of Taori et al.'s testbed (arXiv:2007.00644), for the released
    ImageNet-C images (Hendrycks and Dietterich 2019, arXiv:1903.12261).

    Examples
    --------
    >>> table = imagenet_c_resnet50()
    >>> len(table), sorted(set(table["category"].tolist()))
    (76, ['blur', 'clean', 'digital', 'noise', 'weather'])
    """
    return _read(
        "imagenet_c_resnet50.csv",
        "imagenet_c_resnet50",
        {"corruption": _strings, "category": _strings, "severity": _floats, "accuracy_percent": _floats},
    )


__all__ += ["imagenet_v2_testbed", "imagenet_c_resnet50"]
