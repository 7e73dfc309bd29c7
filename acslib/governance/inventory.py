"""A small model inventory with risk tiers, after the Federal Reserve's SR 11-7.

SR 11-7 (Board of Governors of the Federal Reserve System and OCC, 2011) asks a bank
to keep an inventory of the models it uses, to validate them with rigour in
proportion to the risk they carry, and to have them challenged by people independent
of their development ("effective challenge"). It does not prescribe a tiering
scheme. The tier matrix and validation intervals below are this book's assumption,
in the spirit of common industry practice: a 3×3 grid of materiality (how much
depends on the model) against complexity (how hard it is to understand), with tier 1
the riskiest.

:func:`validation_load` counts the independent validations a year an inventory
needs, and :func:`years_to_capacity` dates the moment a validation team of fixed size
falls behind an inventory that grows with deployment reach (section *Institutional
oversight: who decides*). Both are this book's accounting, not SR 11-7's.

Defined in Chapter 6, *Governance systems*, section *Model risk management*.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from .._validation import ArgumentTypeError, as_float_array, as_scalar, check_broadcastable
from ..growth import rate_from_annual_factor, time_to_reach

__all__ = [
    "TIER_MATRIX",
    "VALIDATION_INTERVAL_YEARS",
    "MAX_ENTRIES",
    "risk_tier",
    "InventoryEntry",
    "inventory_report",
    "validation_load",
    "years_to_capacity",
]

#: Tier by (materiality - 1, complexity - 1); 1 = highest risk. The book's assumption.
TIER_MATRIX = np.array([
    [3, 3, 2],  # low materiality
    [3, 2, 1],  # medium materiality
    [2, 1, 1],  # high materiality
])
#: Years between independent validations, by tier. The book's assumption.
VALIDATION_INTERVAL_YEARS = {1: 1.0, 2: 2.0, 3: 3.0}
#: Largest inventory :func:`inventory_report` and :func:`validation_load` accept.
MAX_ENTRIES = 100_000


def risk_tier(materiality, complexity):
    """Risk tier (1 = riskiest, 3 = least) from materiality and complexity ratings.

    Parameters
    ----------
    materiality, complexity : array_like of int
        Ratings 1 (low), 2 (medium) or 3 (high).

    Returns
    -------
    numpy.ndarray of int
        Tier per model, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 6, section *Model risk management*. The matrix
    :data:`TIER_MATRIX` is this book's assumption; SR 11-7 asks only that rigour
    match risk.

    Examples
    --------
    >>> risk_tier([1, 2, 3], [1, 3, 2])
    array([3, 1, 1])
    """
    ratings = {}
    for name, value in (("materiality", materiality), ("complexity", complexity)):
        array = as_float_array(value, name)
        if ((array != np.round(array)) | (array < 1) | (array > 3)).any():
            raise ValueError(f"{name} must be a rating 1, 2 or 3; got {np.unique(array)}")
        ratings[name] = array.astype(int)
    check_broadcastable(**ratings)
    return TIER_MATRIX[ratings["materiality"] - 1, ratings["complexity"] - 1]


def _text(value, name):
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a non-empty string; got {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    return value.strip()


@dataclass(frozen=True)
class InventoryEntry:
    """One model in the inventory.

    Parameters
    ----------
    name, use, owner, validator : str
        What the model is, what it is used for, who is accountable for it, and who
        validated it last (should not be the owner: effective challenge).
    materiality, complexity : int
        Ratings 1, 2 or 3.
    last_validated : float
        Date of the last independent validation, as a decimal year.

    Examples
    --------
    >>> InventoryEntry("triage", "ticket routing", "ops", "risk", 1, 1, 2024.0).tier
    3
    """

    name: str
    use: str
    owner: str
    validator: str
    materiality: int
    complexity: int
    last_validated: float

    def __post_init__(self):
        for attr in ("name", "use", "owner", "validator"):
            object.__setattr__(self, attr, _text(getattr(self, attr), attr))
        for attr in ("materiality", "complexity"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise ArgumentTypeError(f"{attr} must be a rating 1, 2 or 3; got {value!r}")
            if value not in (1, 2, 3):
                raise ValueError(f"{attr} must be a rating 1, 2 or 3; got {value!r}")
        value = self.last_validated
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ArgumentTypeError(f"last_validated must be a finite decimal year; got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"last_validated must be a finite decimal year; got {value!r}")

    @property
    def tier(self) -> int:
        return int(risk_tier(self.materiality, self.complexity))


def _entries(entries) -> list:
    """``entries`` as a checked list of uniquely named :class:`InventoryEntry` objects."""
    if isinstance(entries, (str, bytes, dict)) or not hasattr(entries, "__iter__"):
        raise ArgumentTypeError(f"entries must be a list of InventoryEntry; got {entries!r}")
    if hasattr(entries, "__len__") and len(entries) > MAX_ENTRIES:
        raise ValueError(f"entries must hold at most {MAX_ENTRIES:,} models; got {len(entries):,}")
    checked = []
    for entry in entries:
        if not isinstance(entry, InventoryEntry):
            raise ArgumentTypeError(f"entries must hold InventoryEntry objects; got {entry!r}")
        checked.append(entry)
        if len(checked) > MAX_ENTRIES:
            raise ValueError(f"entries must hold at most {MAX_ENTRIES:,} models")
    if not checked:
        raise ValueError("entries must not be empty")
    names = [entry.name for entry in checked]
    if len(set(names)) != len(names):
        raise ValueError(f"entries must have unique names; got {names}")
    return checked


def inventory_report(entries, as_of):
    """Tier, validation due date and findings for every model in an inventory.

    Findings: "validation overdue" when the last validation is older than the tier's
    interval (:data:`VALIDATION_INTERVAL_YEARS`), and "no effective challenge" when
    the validator is the owner.

    Parameters
    ----------
    entries : sequence of InventoryEntry
        At least one and at most 100,000 (:data:`MAX_ENTRIES`); names must be unique.
    as_of : float
        Today's date as a decimal year; not before any ``last_validated``.

    Returns
    -------
    list of dict
        One row per model (``name``, ``use``, ``tier``, ``due``, ``findings``),
        riskiest tier first, then by name.

    Notes
    -----
    Defined in Chapter 6, section *Model risk management*.

    Examples
    --------
    >>> rows = inventory_report([
    ...     InventoryEntry("support bot", "customer chat", "product", "product", 3, 3, 2024.0),
    ...     InventoryEntry("spam filter", "email", "it", "risk", 1, 2, 2024.5),
    ... ], as_of=2025.5)
    >>> [(row["name"], row["tier"], row["findings"]) for row in rows]
    [('support bot', 1, ('validation overdue', 'no effective challenge')), ('spam filter', 3, ())]
    """
    entries = _entries(entries)
    as_of = as_scalar(as_of, "as_of")
    latest = max(entry.last_validated for entry in entries)
    if as_of < latest:
        raise ValueError(f"as_of must not precede a validation date; got {as_of:g} before {latest:g}")
    rows = []
    for entry in entries:
        tier = entry.tier
        due = entry.last_validated + VALIDATION_INTERVAL_YEARS[tier]
        findings = []
        if as_of > due:
            findings.append("validation overdue")
        if entry.validator.casefold() == entry.owner.casefold():
            findings.append("no effective challenge")
        rows.append({"name": entry.name, "use": entry.use, "tier": tier, "due": due, "findings": tuple(findings)})
    return sorted(rows, key=lambda row: (row["tier"], row["name"]))


def validation_load(entries):
    """Independent validations a year an inventory needs: the sum of ``1 / interval(tier)``.

    A tier-1 model validated every year adds one validation a year; a tier-3 model
    validated every three years adds a third. The count is the steady-state average: it
    ignores when each validation falls due.

    Parameters
    ----------
    entries : sequence of InventoryEntry
        At least one and at most 100,000 (:data:`MAX_ENTRIES`); names must be unique.

    Returns
    -------
    float
        Validations per year.

    Notes
    -----
    Defined in Chapter 6, section *Institutional oversight: who decides*. The tiers and
    intervals (:data:`TIER_MATRIX`, :data:`VALIDATION_INTERVAL_YEARS`) are this book's
    assumptions, so the load is the book's accounting, not a regulatory figure.

    Examples
    --------
    >>> validation_load([
    ...     InventoryEntry("support bot", "customer chat", "product", "risk", 3, 3, 2024.0),
    ...     InventoryEntry("spam filter", "email", "it", "risk", 1, 2, 2024.5),
    ... ])
    1.3333333333333333
    """
    entries = _entries(entries)
    return float(sum(1.0 / VALIDATION_INTERVAL_YEARS[entry.tier] for entry in entries))


def years_to_capacity(load, capacity, annual_growth_factor):
    """Years until a validation load growing ``annual_growth_factor``× a year reaches ``capacity``.

    ``ln(capacity / load) / ln g``: the same arithmetic as a compute trend reaching a
    compute line (:func:`acslib.governance.cadence.years_to_threshold`). Negative when the load
    already exceeds the capacity.

    Parameters
    ----------
    load : array_like
        Validations a year needed today (e.g. :func:`validation_load`); positive.
    capacity : array_like
        Validations a year the independent team can do; positive.
    annual_growth_factor : array_like
        Yearly growth of the load (more models, same tier mix); must exceed 1.

    Returns
    -------
    numpy.ndarray or float
        Years until the load reaches the capacity.

    Notes
    -----
    Defined in Chapter 6, section *Institutional oversight: who decides*. Growth of the
    inventory at a steady factor with an unchanged tier mix is this book's assumption.

    Examples
    --------
    >>> round(float(years_to_capacity(3.0, 12.0, 2.0)), 3)
    2.0
    """
    load = as_float_array(load, "load", positive=True)
    capacity = as_float_array(capacity, "capacity", positive=True)
    growth = as_float_array(annual_growth_factor, "annual_growth_factor", positive=True)
    if (growth <= 1).any():
        raise ValueError(
            f"annual_growth_factor must exceed 1 (a load that does not grow never reaches capacity); got {growth.min():g}"
        )
    check_broadcastable(load=load, capacity=capacity, annual_growth_factor=growth)
    return time_to_reach(capacity, load, rate_from_annual_factor(growth))
