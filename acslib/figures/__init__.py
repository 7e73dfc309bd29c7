"""Explorables declared for the chapters, one module per chapter.

Each chapter module (``definition``, ``why_it_matters``, ...) builds
:class:`acslib.explorable.Explorable` objects from the book's models and lists its
factories in a module-level ``EXPLORABLES`` tuple. A chapter displays one with a
single line, e.g. ``figures.definition.gap_explorable()``. Shared colours live in
:mod:`acslib.figures.style`, so capability and alignment look alike everywhere.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import style

__all__ = ["style", "all_explorables", "all_figures"]


def all_explorables():
    """Every explorable factory in the book, as ``(qualified name, factory)`` pairs.

    Found by scanning this package for modules with an ``EXPLORABLES`` tuple, so a
    new chapter module is picked up by the tests and benchmarks without registration.

    Examples
    --------
    >>> names = [name for name, _ in all_explorables()]
    >>> "definition.gap_explorable" in names
    True
    """
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "style":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for factory in getattr(module, "EXPLORABLES", ()):
            found.append((f"{info.name}.{factory.__name__}", factory))
    return found


def all_figures():
    """Every static-figure factory in the book that runs with its defaults.

    A chapter module's public functions whose names end in ``_figure`` and that take no
    required argument, as ``(qualified name, factory)`` pairs; the tests check each
    figure's colours, contrast and text size (``tests/test_figure_contrast.py``).

    Examples
    --------
    >>> "definition.growth_shapes_figure" in [name for name, _ in all_figures()]
    True
    """
    import inspect

    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "style":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name in getattr(module, "__all__", ()):
            function = getattr(module, name, None)
            if not (name.endswith("_figure") and callable(function)):
                continue
            required = [p for p in inspect.signature(function).parameters.values()
                        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            if not required:
                found.append((f"{info.name}.{name}", function))
    return found


def __getattr__(name):
    """Import chapter modules on first use, so ``figures.definition`` works after
    ``from acslib import figures`` without loading every chapter's figures."""
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        raise AttributeError(f"module {__name__!r} has no chapter module {name!r}") from error
