"""Oversight load against deployment breadth: users, domains and integrations.

Defined in Chapter 12, *Strategic implications* (``chapters/12_strategic_implications.ipynb``),
section *Governance that grows with deployment reach*. **The book's own accounting model**.
The review work a deployment generates per period has four parts:

* **sampled review** of interactions: ``users × interactions per user × review rate``;
* **per-domain work** (evaluations, policies, incident handling): ``domains × domain cost``;
* **integration review** in each domain (a tool or connector must be checked where it is
  used): ``domains × integrations × integration cost``;
* **interactions between integrations** (pairs that can be chained):
  ``integrations·(integrations − 1)/2 × pair cost``.

The first two grow with breadth; the last two grow faster, as products. When users,
domains and integrations each grow exponentially, the fastest-growing term wins: a
deployment that adds integrations sees the pairwise term dominate however small its unit
cost. :func:`reviewers_needed` turns load into staff at a target utilisation (the M/M/1
queue of Chapter 11 shows why a target below 1 is needed).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_probability, as_scalar, check_broadcastable

__all__ = ["OversightLoad", "oversight_load", "reviewers_needed", "load_growth_rates"]


class OversightLoad(NamedTuple):
    """Review hours per period, by source (returned by :func:`oversight_load`).

    Attributes
    ----------
    sampled, domains, integrations, pairs : float or numpy.ndarray
        The four parts described in the module docstring.
    """

    sampled: object
    domains: object
    integrations: object
    pairs: object

    @property
    def total(self):
        """The sum of the four parts."""
        return self.sampled + self.domains + self.integrations + self.pairs


def _out(array):
    return float(array) if np.ndim(array) == 0 else np.asarray(array, dtype=float)


def oversight_load(users, domains, integrations, *, interactions_per_user=10.0, review_rate=1e-3,
                   hours_per_review=0.1, hours_per_domain=40.0, hours_per_integration=4.0, hours_per_pair=0.5):
    """Review hours a deployment generates per period.

    Parameters
    ----------
    users, domains, integrations : array_like
        Breadth of the deployment: active users, application domains, and tools or
        connectors; non-negative.
    interactions_per_user : float
        Interactions per user per period, non-negative.
    review_rate : float
        Share of interactions sampled for human review, in [0, 1].
    hours_per_review, hours_per_domain, hours_per_integration, hours_per_pair : float
        Unit costs in hours, non-negative.

    Returns
    -------
    OversightLoad

    Notes
    -----
    Defined in Chapter 12, section *Governance that grows with deployment reach*.

    Examples
    --------
    >>> load = oversight_load(1e5, 4, 10)
    >>> load.sampled, load.domains, load.integrations, load.pairs, load.total
    (100.0, 160.0, 160.0, 22.5, 442.5)
    """
    users = as_float_array(users, "users", nonnegative=True)
    domains = as_float_array(domains, "domains", nonnegative=True)
    integrations = as_float_array(integrations, "integrations", nonnegative=True)
    check_broadcastable(users=users, domains=domains, integrations=integrations)
    per_user = as_scalar(interactions_per_user, "interactions_per_user", nonnegative=True)
    rate = float(as_probability(as_scalar(review_rate, "review_rate"), "review_rate"))
    costs = {name: as_scalar(value, name, nonnegative=True) for name, value in (
        ("hours_per_review", hours_per_review), ("hours_per_domain", hours_per_domain),
        ("hours_per_integration", hours_per_integration), ("hours_per_pair", hours_per_pair))}
    with np.errstate(over="ignore", invalid="ignore"):
        sampled = users * per_user * rate * costs["hours_per_review"]
        per_domain = domains * costs["hours_per_domain"]
        per_integration = domains * integrations * costs["hours_per_integration"]
        pairs = integrations * np.maximum(integrations - 1.0, 0.0) / 2.0 * costs["hours_per_pair"]
        parts = np.broadcast_arrays(sampled, per_domain, per_integration, pairs)
        total = sum(parts)
    names = ("users, interactions_per_user, review_rate or hours_per_review", "domains or hours_per_domain",
             "domains, integrations or hours_per_integration", "integrations or hours_per_pair")
    for part, name, what in zip(parts, names, ("sampled review", "per-domain work", "integration review",
                                               "pair review")):
        if not np.isfinite(part).all():
            raise ValueError(f"{name} is too large: the {what} hours overflowed")
    if not np.isfinite(total).all():
        raise ValueError("users, domains or integrations are too large: the total load overflowed")
    return OversightLoad(*(_out(p) for p in parts))


def reviewers_needed(load_hours, hours_per_reviewer=160.0, max_utilisation=0.8):
    """Reviewers needed so that their utilisation stays at or below ``max_utilisation``.

    ``ceil(load / (hours per reviewer × max utilisation))``. Chapter 11's M/M/1 queue
    explains the margin: as utilisation approaches 1 the time an item waits,
    ``1/(μ − λ)``, grows without bound.

    Parameters
    ----------
    load_hours : array_like
        Review hours per period, non-negative.
    hours_per_reviewer : float
        Hours one reviewer works per period, positive.
    max_utilisation : float
        Target utilisation, in (0, 1].

    Returns
    -------
    int or numpy.ndarray

    Notes
    -----
    Defined in Chapter 12, section *Governance that grows with deployment reach*.

    Examples
    --------
    >>> reviewers_needed([442.5, 1000.0])
    array([4, 8])
    """
    load = as_float_array(load_hours, "load_hours", nonnegative=True)
    hours = as_scalar(hours_per_reviewer, "hours_per_reviewer", positive=True)
    target = as_scalar(max_utilisation, "max_utilisation", positive=True)
    if target > 1:
        raise ValueError(f"max_utilisation must be at most 1; got {target}")
    needed = np.ceil(load / (hours * target) - 1e-9)
    if (needed > 1e15).any():
        raise ValueError("load_hours, hours_per_reviewer, max_utilisation: the number of reviewers is too large "
                         "(over 1e15)")
    result = np.maximum(needed, 0).astype(np.int64)
    return int(result) if result.ndim == 0 else result


def load_growth_rates(user_rate, domain_rate, integration_rate):
    """Long-run continuous growth rate of each part of the load under exponential breadth growth.

    With users, domains and integrations growing at continuous rates ``g_u``, ``g_d`` and
    ``g_i``, the four parts grow at ``g_u``, ``g_d``, ``g_d + g_i`` and ``2·g_i``.

    Parameters
    ----------
    user_rate, domain_rate, integration_rate : float
        Continuous growth rates, non-negative.

    Returns
    -------
    dict
        Rates keyed ``"sampled"``, ``"domains"``, ``"integrations"``, ``"pairs"``.

    Notes
    -----
    Defined in Chapter 12, section *Governance that grows with deployment reach*.

    Examples
    --------
    >>> load_growth_rates(1.0, 0.2, 0.7)
    {'sampled': 1.0, 'domains': 0.2, 'integrations': 0.9, 'pairs': 1.4}
    """
    g_u = as_scalar(user_rate, "user_rate", nonnegative=True)
    g_d = as_scalar(domain_rate, "domain_rate", nonnegative=True)
    g_i = as_scalar(integration_rate, "integration_rate", nonnegative=True)
    if not (np.isfinite(g_d + g_i) and np.isfinite(2 * g_i)):
        raise ValueError("domain_rate, integration_rate: the growth rates of the product terms overflowed")
    return {"sampled": g_u, "domains": g_d, "integrations": round(g_d + g_i, 12), "pairs": round(2 * g_i, 12)}
