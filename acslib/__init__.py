"""acslib: the computations behind *Alignment Capability Scaling*.

Every number, curve and interactive figure in the book comes from this package.
Modules are named for the concept they teach and map onto the book's chapters:

========================  ==============================================
module                    chapter
========================  ==============================================
:mod:`acslib.growth`      1 — growth processes for C(t) and A(t)
:mod:`acslib.gap`         1 — the alignment gap and the safe-scaling condition
:mod:`acslib.explorable`  1 — interactive figures (live and static)
:mod:`acslib.checking`    1 — feedback for auto-checked exercises
:mod:`acslib.figures`     explorables declared for the chapters
========================  ==============================================

The most used names are also available at the top level, e.g. ``acslib.exponential``.
"""

from .gap import alignment_gap, cumulative_gap, first_crossing, safe_scaling_holds
from .growth import (
    annual_factor,
    doubling_time,
    exponential,
    logistic,
    piecewise_exponential,
    rate_from_annual_factor,
    rate_from_doubling_time,
    time_to_reach,
)
from .explorable import Choice, Explorable, Param, StaticFigure

__version__ = "0.1.0"

__all__ = [
    "alignment_gap",
    "cumulative_gap",
    "first_crossing",
    "safe_scaling_holds",
    "annual_factor",
    "doubling_time",
    "exponential",
    "logistic",
    "piecewise_exponential",
    "rate_from_annual_factor",
    "rate_from_doubling_time",
    "time_to_reach",
    "Choice",
    "Explorable",
    "Param",
    "StaticFigure",
]
