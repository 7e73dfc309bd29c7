"""Every explorable in the book: alt text, determinism and the static page budget.

Discovered through acslib.figures.all_explorables(), so a new chapter's explorables
are covered without registering them here.
"""

import re

import pytest

from acslib.explorable import PAGE_BUDGET_BYTES
from acslib.figures import all_explorables

FACTORIES = all_explorables()


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_explorable_meets_budgets_and_describes_every_frame(name, factory):
    explorable = factory()
    assert len(explorable.static_params) <= 2
    document = explorable.to_html()
    assert len(document.encode()) <= PAGE_BUDGET_BYTES
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', document)
    assert len(alts) == len(explorable.static_grid())
    assert all(len(alt) >= 30 and not alt.lower().endswith((".png", ".svg")) for alt in alts)
    # Alt text is generated from the parameters: neighbouring frames are told apart.
    assert len(set(alts)) > 1
    # The same parameters give the same frame.
    grid = explorable.static_grid()
    first = explorable.render_png(**grid[0])
    explorable.render_png(**grid[-1])
    assert explorable.render_png(**grid[0]) == first
