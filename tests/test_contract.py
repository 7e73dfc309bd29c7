"""The contract of every public acslib callable, checked by fuzzing (CONTRIBUTING.md, *acslib*).

Every name in the ``__all__`` of every public acslib module is found automatically (a
new chapter module is covered the moment it exists). Each callable is called once with
*baseline* arguments that work, and then once per bad value for each of its parameters:
NaN, ±infinity, negative numbers, zero, 1e308, 1e-300, empty arrays, arrays of the wrong
shape, strings, ``None``, dicts, booleans, and values drawn by hypothesis for the
parameter's kind. Every call must, within :data:`CALL_SECONDS` CPU seconds (an alarm, not a
measurement),

* raise a ``ValueError`` or ``TypeError`` whose message names the parameter (it starts
  with the name, or with a list of names that holds it; a name of three or more
  characters may also appear later in the message), or
* return a value in which every number is finite, unless the docstring documents a
  non-finite sentinel (:data:`SENTINELS`).

Numeric parameters must reject NaN (``ValueError``) and booleans, strings, dicts and
``None`` (``TypeError``); boolean parameters must reject non-booleans (``TypeError``). A
rejection that quotes a cap ("must be at most 10,000") must quote one that the docstring
states. A method that rejects an argument must leave its object as it was, and the
object must still accept the baseline call afterwards.

Exercise checkers (``check_*`` in :mod:`acslib.exercises`, and the student-answer
parameters of :mod:`acslib.checking`) have another contract: they never raise, whatever
the answer, and return a :class:`~acslib.checking.Feedback` that does not pass junk.

**Baselines.** A callable's baseline arguments are those of the first call to it in its
own docstring examples (or, for a method, in the examples of its method, its class or
its module), captured without running that call. :data:`BASELINES` overrides them where
the example is slow or missing. A public callable with neither fails
``test_every_callable_has_a_baseline`` loudly: add an example to its docstring.

**Known failures.** (Set ``ACSLIB_CONTRACT_STRICT=1`` to see them as plain failures while
fixing them.) :data:`KNOWN_BROKEN` lists contract failures in modules whose owners
are not this test's owner, each with what goes wrong. They are strict xfails: when the
owner fixes one, its test fails until the entry is removed.
"""

from __future__ import annotations

import copy
import dataclasses
import doctest
import importlib
import inspect
import json
import math
import os
import numbers
import pkgutil
import re
import signal
import warnings
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import acslib

#: CPU seconds one call may take before the alarm (ITIMER_PROF, so a busy machine does not
#: trip it) stops it: a hang, not a slow call.
CALL_SECONDS = 5.0
#: Hypothesis examples per parameter, on top of the fixed bad values.
HYPOTHESIS_EXAMPLES = 3

# --------------------------------------------------------------------------------------
# Registries
# --------------------------------------------------------------------------------------

#: Baseline keyword arguments that override or replace the docstring example, keyed by
#: ``module.qualname``. A callable returning ``(instance, kwargs)`` gives a method's
#: baseline. Used where the example is slow (the fuzzer calls a baseline dozens of times)
#: or where no example calls the callable directly.
def _tiny_explorable():
    from types import SimpleNamespace

    from acslib.explorable import Explorable, Param

    def build(figure):
        axes = figure.add_subplot()
        axes.set(xlim=(0, 1), ylim=(0, 2))
        (line,) = axes.plot([], [], animated=True)
        return SimpleNamespace(line=line)

    def draw(artists, slope):
        artists.line.set_data([0, 1], [0, slope])

    return Explorable("A line", [Param("slope", 0.0, 1.0, 1.0, 1.0)], build, draw,
                      describe=lambda slope: f"A line rising to {slope} at x = 1.", figsize=(1.0, 1.0), dpi=20)


def _choice():
    from acslib.explorable import Choice

    return Choice("fit", ("hoffmann", "besiroglu"), default="besiroglu")


def _numeric_answer():
    from acslib.checking import Decimals, NumericAnswer

    return NumericAnswer("Exercise 0.1", expected=6.0, precision=Decimals(1))


def _whole_number():
    from acslib.checking import WholeNumber

    return WholeNumber()


def _tiny_agent():
    from acslib.misgeneralization import train_agent

    return train_agent(0.0, length=5, levels=10, steps=20, envs=4, seed=0)


BASELINES = {
    # Smaller than the docstring examples, which the fuzzer would otherwise run dozens of times.
    "acslib.misgeneralization.train_agent": lambda: dict(randomised_fraction=0.3, length=5, levels=10, steps=20,
                                                         envs=4, seed=0),
    "acslib.misgeneralization.misgeneralization_sweep": lambda: dict(randomised_fractions=[0.0, 0.5], seeds=(0,),
                                                                     length=5, steps=20, envs=4, levels=10),
    "acslib.misgeneralization.evaluate": lambda: dict(agent=_tiny_agent(), starts=[0, 1], coins=[4, 0], seed=0),
    "acslib.misgeneralization.held_out_check": lambda: dict(agent=_tiny_agent(), tolerance=0.1, seed=0),
    "acslib.misgeneralization.disagreement_rate": lambda: dict(first=_tiny_agent(), second=_tiny_agent()),
    "acslib.misgeneralization.policy_map": lambda: dict(agent=_tiny_agent()),
    "acslib.misgeneralization.CorridorAgent.q_values": lambda: (_tiny_agent(), dict(cells=[0, 1], coins=[4, 4])),
    "acslib.misgeneralization.CorridorAgent.preference": lambda: (_tiny_agent(), dict(cells=[0, 1], coins=[4, 4])),
    "acslib.monitoring.escalation.simulate_escalation": lambda: dict(
        detector=__import__("acslib").monitoring.CUSUM(0.5, 4.0), shift=1.0, onset=60, length=120, n_runs=3, seed=0),
    "acslib.interpretability.train_toy_model": lambda: dict(n_features=5, n_hidden=2, sparsity=0.5,
                                                            importance_decay=0.9, steps=20, seed=0, batch_size=32),
    "acslib.interpretability.planted_probe_accuracy": lambda: dict(n_dims=8, n_features=16, noise=0.5,
                                                                   n_samples=200, seed=0),
    "acslib.monitoring.detectors.cusum_run_lengths": lambda: dict(k=0.5, h=4.0, shift=1.0, n_runs=5, seed=0,
                                                                  max_length=10**5),
    "acslib.saturation.resolution_crossing": lambda: dict(ability_initial=0.0, ability_rate=1.0,
                                                          difficulties=np.linspace(1.0, 3.0, 20)),
    "acslib.risk.simulate_failure_times": lambda: dict(t=np.linspace(0.0, 20.0, 21), hazard=np.full(21, 0.05),
                                                       n_draws=1000, seed=1),
    "acslib.goodhart.best_of_n_curve": lambda: dict(n=[1, 10, 100], sigma_noise=0.5, noise="student_t",
                                                    pool_size=2000, seed=0),
    "acslib.goodhart.sample_best_of_n": lambda: dict(n=16, trials=500, sigma_noise=1.0, seed=0),
    "acslib.monitoring.auditing.simulate_audit_programme": lambda: dict(
        failure_rate=0.001 * 1.5 ** np.arange(8), sample_size=100, n_runs=100, seed=0),
    "acslib.checking.WholeNumber.tolerance": lambda: (_whole_number(), {"expected": 3.0}),
    "acslib.checking.NumericAnswer.box_html": lambda: (_numeric_answer(), {"dom_id": "answer-0-1"}),
    "acslib.explorable.Choice.format": lambda: (_choice(), {"value": "hoffmann"}),
    "acslib.explorable.Explorable.to_html": lambda: (_tiny_explorable(), {}),
    "acslib.explorable.Explorable.values_at": lambda: (_tiny_explorable(), {"indices": [0]}),
    "acslib.figures.monitoring_systems.example_alarms": lambda: {"shift": 1.0, "onset": 300},
}

#: Callables that may return a non-finite value, and the word their docstring uses for it.
SENTINELS = {
    "acslib.calibration.reliability_curve": "NaN",
    "acslib.risk.simulate_failure_times": "inf",
    "acslib.trends.ExponentialTrend.doubling_time_days_ci": "inf",
    "acslib.monitoring.drift.quantile_bin_edges": "inf",
    "acslib.misgeneralization.policy_map": "NaN",
    "acslib.saturation.resolution_crossing": "inf",
    "acslib.bottlenecks.crossover_time": "inf",
}

#: Contract failures in modules this test's owner does not own (checking, explorable,
#: montecarlo, figures/*, exercises/* and the Chapter 8-15 models): ``(callable, parameter)``
#: and the first broken call with what happened ("(+N more)": further bad values of the same
#: parameter break it too; run with ACSLIB_CONTRACT_LOG=path for every one). Strict xfails:
#: when an owner fixes a parameter its test fails until the entry is removed. Never add a
#: module of acslib's models here (OWN_PREFIXES): fix it instead.
KNOWN_BROKEN = {
}

#: Parameters of :mod:`acslib.checking` that carry a student's answer (the checker contract).
STUDENT_PARAMETERS = {
    ("acslib.checking.check_number", "answer"),
    ("acslib.checking.check_function", "function"),
    ("acslib.checking.NumericAnswer.check", "answer"),
}

#: Modules whose names say they are not public API.
def _is_private(module_name: str) -> bool:
    return any(part.startswith("_") for part in module_name.split("."))


# --------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------


class CallTimedOut(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


@lru_cache(maxsize=None)
def public_modules() -> tuple:
    names = ["acslib"]
    for info in pkgutil.walk_packages(acslib.__path__, "acslib."):
        if not _is_private(info.name):
            names.append(info.name)
    modules = []
    for name in sorted(names):
        module = importlib.import_module(name)  # a module that does not import fails here, loudly
        if hasattr(module, "__all__"):
            modules.append(module)
    return tuple(modules)


def _defined_in_acslib(obj) -> bool:
    return getattr(obj, "__module__", "") is not None and getattr(obj, "__module__", "").startswith("acslib")


#: Result records that only the library builds, whose constructors are not an input surface
#: (besides NamedTuples and dataclasses without validation, which are found automatically).
RESULT_TYPES = {"acslib.checking.Feedback"}


def _is_record_type(cls) -> bool:
    """Result containers the library builds (NamedTuples, dataclasses without validation)."""
    if f"{cls.__module__}.{cls.__qualname__}" in RESULT_TYPES:
        return True
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return True
    return dataclasses.is_dataclass(cls) and "__post_init__" not in vars(cls)


def _is_abstract_stub(function) -> bool:
    """A method whose body only raises NotImplementedError (an abstract placeholder)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return "raise NotImplementedError" in source and len([ln for ln in source.splitlines() if ln.strip()]) <= 3


class Target:
    """One public callable: a function, a class (its constructor) or a method of a class."""

    def __init__(self, name, obj, module, cls=None, method=None):
        self.name = name  # module.qualname
        self.obj = obj
        self.module = module
        self.cls = cls
        self.method = method

    @property
    def is_method(self):
        return self.method is not None

    @property
    def function(self):
        return getattr(self.cls, self.method) if self.is_method else self.obj

    @property
    def signature(self):
        function = self.function
        if inspect.isclass(function):
            function = function.__init__
        return inspect.signature(function)

    @property
    def parameters(self):
        names = []
        for index, (name, parameter) in enumerate(self.signature.parameters.items()):
            if (self.is_method or inspect.isclass(self.obj)) and index == 0:
                continue  # self
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            names.append(name)
        return names

    @property
    def doc(self):
        parts = [inspect.getdoc(self.function) or ""]
        if self.is_method or inspect.isclass(self.obj):
            parts.append(inspect.getdoc(self.cls) or "")
        return "\n".join(parts)

    @property
    def is_checker(self):
        return self.module.__name__.startswith("acslib.exercises") and self.name.rsplit(".", 1)[-1].startswith("check_")

    def student_parameter(self, parameter):
        """Whether ``parameter`` carries a student's answer (the checker contract applies)."""
        if self.is_checker:
            return True
        return (self.name, parameter) in STUDENT_PARAMETERS

    def __repr__(self):
        return self.name


@lru_cache(maxsize=None)
def targets() -> tuple:
    found = {}
    for module in public_modules():
        for export in module.__all__:
            obj = getattr(module, export, None)
            if inspect.ismodule(obj) or not callable(obj) or not _defined_in_acslib(obj):
                continue
            home = importlib.import_module(obj.__module__)
            if _is_private(obj.__module__) and not hasattr(home, "__all__"):
                pass
            name = f"{obj.__module__}.{obj.__qualname__}"
            if name in found:
                continue
            if inspect.isclass(obj):
                if not (inspect.isabstract(obj) or _is_record_type(obj)):
                    found[name] = Target(name, obj, home, cls=obj)
                if inspect.isabstract(obj):
                    continue
                for attribute in dir(obj):
                    if attribute.startswith("_"):
                        continue
                    raw = inspect.getattr_static(obj, attribute)
                    if isinstance(raw, (staticmethod, classmethod, property)) or not inspect.isfunction(raw):
                        continue
                    if not _defined_in_acslib(raw) or _is_abstract_stub(raw):
                        continue
                    method_name = f"{name}.{attribute}"
                    found.setdefault(method_name, Target(method_name, obj, home, cls=obj, method=attribute))
            else:
                found[name] = Target(name, obj, home)
    return tuple(found[key] for key in sorted(found))


# --------------------------------------------------------------------------------------
# Baselines, captured from the docstring examples without running the captured call
# --------------------------------------------------------------------------------------


class _Broken(Exception):
    """Stops fuzzing a known-broken parameter at its first failure."""


class _Captured(BaseException):
    def __init__(self, instance, arguments):
        self.instance = instance
        self.arguments = arguments


def _examples_of(target):
    sources = [target.function]
    if target.is_method or inspect.isclass(target.obj):
        sources.append(target.cls)
    sources.append(target.module)
    for name in getattr(target.module, "__all__", ()):
        sources.append(getattr(target.module, name, None))
    parser = doctest.DocTestParser()
    seen = set()
    for source in sources:
        doc = inspect.getdoc(source) if source is not None else None
        if not doc or id(source) in seen:
            continue
        seen.add(id(source))
        yield parser.get_examples(doc)


def _capture(target):
    """The arguments of the first call to ``target`` in the examples, as a kwargs dict."""
    signature = target.signature
    original = inspect.getattr_static(target.cls, target.method) if target.is_method else None
    had_own = target.is_method and target.method in vars(target.cls)

    def recorder(*args, **kwargs):
        if target.is_method:
            instance, args = args[0], args[1:]
            bound = signature.bind(instance, *args, **kwargs)
            arguments = dict(bound.arguments)
            arguments.pop(next(iter(signature.parameters)))
        else:
            instance = None
            bound = signature.bind(*((None,) if inspect.isclass(target.obj) else ()), *args, **kwargs)
            arguments = dict(bound.arguments)
            if inspect.isclass(target.obj):
                arguments.pop(next(iter(signature.parameters)))
        for key, parameter in signature.parameters.items():
            if parameter.kind == parameter.VAR_KEYWORD and key in arguments:
                arguments.update(arguments.pop(key))
        raise _Captured(copy.deepcopy(instance), copy.deepcopy(arguments))

    for examples in _examples_of(target):
        namespace = dict(vars(target.module))
        namespace.setdefault("np", np)
        if not target.is_method:
            short = target.obj.__name__
            namespace[short] = recorder
            for alias, value in list(namespace.items()):
                if value is target.obj:
                    namespace[alias] = recorder
        try:
            if target.is_method:
                setattr(target.cls, target.method, recorder)
            for example in examples:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        exec(compile(example.source, "<example>", "exec"), namespace)
                except _Captured as captured:
                    return captured.instance, captured.arguments
                except Exception:
                    continue
        finally:
            if target.is_method:
                if had_own:
                    setattr(target.cls, target.method, original)
                else:
                    delattr(target.cls, target.method)
    return None


@lru_cache(maxsize=None)
def baseline(name):
    """``(instance, kwargs)`` for the target ``name``, or ``None`` when there is none."""
    target = {t.name: t for t in targets()}[name]
    if name in BASELINES:
        made = BASELINES[name]()
        return made if target.is_method else (None, made)
    return _capture(target) or _explorable_defaults(target)


@lru_cache(maxsize=None)
def _explorables(module_name):
    built = []
    for factory in getattr(importlib.import_module(module_name), "EXPLORABLES", ()):
        try:
            built.append(factory())
        except Exception:
            continue
    return tuple(built)


def _explorable_defaults(target):
    """A function an explorable uses as its ``describe`` takes the explorable's default values."""
    if target.is_method or inspect.isclass(target.obj):
        return None
    for explorable in _explorables(target.module.__name__):
        if getattr(explorable, "_describe", None) is target.obj:
            return None, dict(explorable.defaults())
    return None


# --------------------------------------------------------------------------------------
# Calling with an alarm, and judging the outcome
# --------------------------------------------------------------------------------------


def _alarm(signum, frame):
    raise CallTimedOut()


def call(target, instance, kwargs):
    """Call the target with ``kwargs`` under an alarm; return ``(result, exception)``."""
    function = getattr(instance, target.method) if target.is_method else target.obj
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, CALL_SECONDS)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return function(**kwargs), None
    except CallTimedOut:
        return None, CallTimedOut(f"no result within {CALL_SECONDS} s")
    except Exception as error:  # judged by the caller
        return None, error
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        _close_figures()


def _close_figures():
    import matplotlib.pyplot as plt

    if plt.get_fignums():
        plt.close("all")


_LEADING_NAMES = re.compile(r"^\s*([A-Za-z_]\w*(?:\s*(?:,|×|\*|/|\band\b|\bor\b)\s*[A-Za-z_]\w*)*)")


def names_parameter(message: str, parameter: str) -> bool:
    """Whether an error message names ``parameter`` (see the module docstring)."""
    leading = _LEADING_NAMES.match(message)
    if leading and parameter in re.split(r"\s*(?:,|×|\*|/|\band\b|\bor\b)\s*", leading.group(1)):
        return True
    if re.search(rf"(?:^|[:,]\s*){re.escape(parameter)} \(", message):  # "shapes do not match: t (3,), ..."
        return True
    if len(parameter) >= 3:
        return re.search(rf"(?<![\w.]){re.escape(parameter)}(?![\w])", message) is not None
    return False


def nonfinite(value, depth=0, seen=None):
    """A description of the first non-finite number inside ``value``, or ``None``."""
    if depth > 5:
        return None
    seen = set() if seen is None else seen
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return None
    if isinstance(value, numbers.Number) and not isinstance(value, numbers.Integral):
        try:
            return None if math.isfinite(complex(value).real) and math.isfinite(complex(value).imag) else repr(value)
        except (TypeError, OverflowError):
            return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return None if np.isfinite(value).all() else f"array with {np.size(value) - np.isfinite(value).sum()} non-finite values"
        if value.dtype.kind == "O":
            for item in value.ravel()[:1000]:
                found = nonfinite(item, depth + 1, seen)
                if found:
                    return found
        return None
    if id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return None
    for item in items[:1000]:
        found = nonfinite(item, depth + 1, seen)
        if found:
            return found
    return None


def _state(instance):
    return copy.deepcopy(vars(instance)) if hasattr(instance, "__dict__") else copy.deepcopy(instance)


def same_state(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_state(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if hasattr(a, "__dict__") and type(a) is type(b) and not isinstance(a, type):
        return same_state(vars(a), vars(b))
    try:
        return bool(a == b)
    except Exception:
        return a is b


# --------------------------------------------------------------------------------------
# Bad values, by kind
# --------------------------------------------------------------------------------------


def kind_of(value, parameter=""):
    if parameter == "seed":
        return "seed"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, np.random.Generator):
        return "seed"
    if isinstance(value, (numbers.Integral, np.integer)):
        return "int"
    if isinstance(value, (numbers.Real, np.floating)):
        return "float"
    if isinstance(value, str):
        return "str"
    if value is None:
        return "none"
    if callable(value) and not isinstance(value, type):
        return "callable"
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            return "other"
        if array.dtype.kind in "iuf" and array.ndim >= 1 and array.size:
            return "array"
        if array.dtype.kind == "b":
            return "flags"
    return "other"


def is_numeric_kind(kind):
    return kind in ("int", "float", "array", "seed")


def fixed_bad_values(value, kind, light=False):
    """The issue's fixed list of bad values, adapted to a parameter's kind: ``(label, value)``.

    ``light`` keeps only the issue's own list (for the slow figure and checker layers).
    """
    bad = [
        ("nan", np.nan), ("inf", np.inf), ("-inf", -np.inf), ("negative", -1.0), ("zero", 0),
        ("1e308", 1e308), ("1e-300", 1e-300), ("empty", np.array([])), ("string", "abc"), ("None", None),
        ("dict", {}), ("True", True), ("bool array", np.array([True, False])),
    ]
    if not light:
        bad += [("-1e308", -1e308), ("2.5", 2.5), ("huge int", 10**12), ("nested", [[1.0], [2.0, 3.0]])]
    if light:  # the figure and checker layers: one value of each of the issue's kinds
        bad = [b for b in bad if b[0] not in ("-inf", "dict", "bool array")]
    if kind == "array":
        array = np.array(value, dtype=float)
        for label, special in (("nan", np.nan), ("inf", np.inf), ("1e308", 1e308)) + (
                () if light else (("-1e308", -1e308), ("1e-300", 1e-300), ("negative", -1.0))):
            corrupted = array.copy()
            corrupted.flat[0] = special
            bad.append((f"element {label}", corrupted))
        bad += [
            ("longer", np.concatenate([array.ravel(), array.ravel()[:1]]) if array.ndim == 1
             else np.concatenate([array, array[:1]])),
            ("extra axis", np.stack([array, array])),
        ]
        if not light:
            bad += [("all zero", np.zeros_like(array)), ("negated", -array), ("as bools", array != 0),
                    ("as strings", array.astype(str)), ("flattened scalar", array.ravel()[:1].reshape(()))]
    if kind == "str":
        bad += [("unknown string", "~not an option~"), ("list", ["abc"])]
    if light == "checker":  # a student's answer: eight kinds of junk suffice
        bad = [b for b in bad if b[0] in ("nan", "inf", "negative", "1e308", "string", "None", "dict", "True")]
    if kind == "callable":
        def raises(*args, **kwargs):
            raise RuntimeError("student error")
        bad += [("returns nan", lambda *a, **k: np.nan), ("raises", raises), ("no parameters", lambda: 1.0)]
    return bad


def is_light(target, parameter=None):
    """The figure and checker layers (slow builders) get the issue's list only; a student's
    answer to a checker gets eight kinds of junk."""
    if parameter is not None and target.student_parameter(parameter):
        return "checker"
    return target.module.__name__.startswith(("acslib.figures", "acslib.exercises"))


def strategy_for(kind, value):
    floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
    anything = st.one_of(st.none(), st.booleans(), st.text(max_size=4), floats,
                         st.integers(-(2**70), 2**70), st.lists(floats, max_size=3))
    if kind in ("int", "float"):
        return st.one_of(floats, st.integers(-(2**70), 2**70))
    if kind == "array":
        shape = np.shape(value)
        return st.one_of(
            hnp.arrays(np.float64, shape, elements=floats),
            hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=4), elements=floats),
        )
    if kind == "bool":
        return st.one_of(st.integers(-2, 2), st.text(max_size=3), st.none(), floats)
    if kind == "seed":
        return st.one_of(st.integers(-(2**70), 2**70), floats, st.booleans(), st.text(max_size=3))
    return anything


# --------------------------------------------------------------------------------------
# The judgement of one call
# --------------------------------------------------------------------------------------


def judge(target, parameter, label, bad, instance, kwargs, outcome, state_before=None, fresh=None):
    """Return a description of the broken contract, or ``None``."""
    result, error = outcome
    shown = f"{target.name}({parameter}={label})"
    kind = kind_of(kwargs_baseline_value(target, parameter), parameter)
    if target.student_parameter(parameter):
        from acslib.checking import Feedback

        if error is not None:
            return f"{shown} raised {type(error).__name__}: {error}"
        if not isinstance(result, Feedback):
            return f"{shown} returned {type(result).__name__}, not Feedback"
        if result.passed:
            return f"{shown} passed a junk answer: {result.message[:80]!r}"
        return None
    if isinstance(error, CallTimedOut):
        return f"{shown} hung: {error}"
    if error is not None:
        if not isinstance(error, (ValueError, TypeError)):
            return f"{shown} raised {type(error).__name__}: {str(error)[:160]}"
        message = str(error)
        if not names_parameter(message, parameter):
            return f"{shown} raised {type(error).__name__} without naming {parameter}: {message[:160]!r}"
        cap = re.search(r"at most ([\d,]+\d)", message)
        if cap and not states_cap(target, int(cap.group(1).replace(",", ""))):
            return f"{shown}: the cap {cap.group(1)} in {message[:100]!r} is not stated in the docstring"
        if is_numeric_kind(kind) and _is_type_junk(bad, parameter, target) and not isinstance(error, TypeError):
            return f"{shown} raised {type(error).__name__}, not TypeError, for a wrong type: {message[:120]!r}"
        if kind == "bool" and not isinstance(error, TypeError):
            return f"{shown} raised {type(error).__name__}, not TypeError, for a non-boolean: {message[:120]!r}"
        if instance is not None and state_before is not None:
            if not same_state(state_before, _state(instance)):
                return f"{shown} was rejected but changed the object's state"
            again = call(target, instance, baseline(target.name)[1])
            if again[1] is not None:
                return f"{shown} was rejected and left the object broken: the baseline call then raised {again[1]!r}"
        return None
    # It returned.
    if is_numeric_kind(kind):
        if _is_type_junk(bad, parameter, target):
            return f"{shown} accepted a wrong type and returned {type(result).__name__}"
        if _holds_nan(bad):
            return f"{shown} accepted NaN"
    if kind == "bool" and not isinstance(bad, (bool, np.bool_)):
        return f"{shown} accepted a non-boolean {bad!r}"
    found = nonfinite(result)
    if found and not _documented_sentinel(target):
        return f"{shown} returned a non-finite value silently: {found}"
    return None


def states_cap(target, cap: int) -> bool:
    """Whether the docstring states ``cap``: as digits (with or without thousands
    separators, or as a power of ten) or by the name of a module constant equal to it."""
    doc = re.sub(r"(?<=\d)[,_ ](?=\d{3})", "", target.doc)
    if re.search(rf"(?<![\d.]){cap}(?![\d])", doc):
        return True
    for base in (10, 2):
        power = math.log(cap, base) if cap > 0 else 0
        power = round(power) if base ** round(power) == cap else None
        if power is not None and re.search(rf"{base}\s*(?:\*\*|\^)\s*{power}\b" + (rf"|1e{power}\b" if base == 10 else ""), doc):
            return True
    for word in set(re.findall(r"[A-Z][A-Z0-9_]{2,}", target.doc)):
        if getattr(target.module, word, None) == cap:
            return True
    return False


def parameter_doc(target, parameter) -> str:
    """The numpydoc entry of ``parameter`` (``name : type`` and its indented description)."""
    lines = target.doc.splitlines()
    for index, line in enumerate(lines):
        names = [n.strip() for n in line.split(":")[0].split(",")]
        if ":" in line and parameter in names and not line.startswith(" "):
            entry = [line]
            for follow in lines[index + 1:]:
                if follow.strip() and not follow.startswith(" "):
                    break
                entry.append(follow)
            return "\n".join(entry)
    return ""


def accepts_bools(target, parameter) -> bool:
    """A parameter whose docstring entry says it takes booleans (flags such as "was it right")."""
    return re.search(r"\bbool|\bTrue\b|\bboolean", parameter_doc(target, parameter)) is not None


def _is_type_junk(bad, parameter, target):
    if isinstance(bad, (bool, np.bool_)) or (isinstance(bad, np.ndarray) and bad.dtype.kind == "b"):
        return not accepts_bools(target, parameter)
    if isinstance(bad, (str, bytes, dict)):
        return True
    if isinstance(bad, np.ndarray) and bad.dtype.kind in "US":
        return True
    if bad is None:
        default = target.signature.parameters[parameter].default
        return default is not None
    return False


def _holds_nan(bad):
    if bad is None:
        return False
    try:
        return bool(np.isnan(np.asarray(bad, dtype=float)).any())
    except (TypeError, ValueError):
        return False


def _documented_sentinel(target):
    word = SENTINELS.get(target.name)
    owner = target.name.rsplit(".", 1)[0] if target.is_method else None
    word = word or SENTINELS.get(owner or "")
    return word is not None and word.lower() in target.doc.lower()


def kwargs_baseline_value(target, parameter):
    made = baseline(target.name)
    if made is None:
        return None
    instance, kwargs = made
    if parameter in kwargs:
        return kwargs[parameter]
    default = target.signature.parameters[parameter].default
    return None if default is inspect.Parameter.empty else default


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------


def _items():
    items = []
    for target in targets():
        for parameter in target.parameters:
            key = (target.name, parameter)
            marks = ()
            if key in KNOWN_BROKEN and not os.environ.get("ACSLIB_CONTRACT_STRICT"):
                marks = (pytest.mark.xfail(reason=KNOWN_BROKEN[key], strict=True),)
            items.append(pytest.param(target.name, parameter, id=f"{target.name}:{parameter}", marks=marks))
    return items


def _target(name):
    return {t.name: t for t in targets()}[name]


@lru_cache(maxsize=None)
def baseline_error(name):
    """Why the baseline call fails (it is called once per process), or ``None``."""
    target = _target(name)
    instance, kwargs = baseline(name)
    result, error = call(target, copy.deepcopy(instance), copy.deepcopy(kwargs))
    if error is not None:
        return f"{type(error).__name__}: {str(error)[:160]}"
    found = nonfinite(result)
    if found and not _documented_sentinel(target):
        return f"the baseline returned a non-finite value: {found}"
    return None


def _has_example_call(target) -> bool:
    """Whether some example that :func:`_capture` reads calls the target (a cheap text check)."""
    short = target.method if target.is_method else target.obj.__name__
    pattern = re.compile(rf"(?<![\w]){re.escape(short)}\(" if not target.is_method else rf"\.{re.escape(short)}\(")
    return any(pattern.search(example.source) for examples in _examples_of(target) for example in examples)


def test_every_callable_has_a_baseline():
    # A text check here; each parameter's test captures the baseline itself and fails loudly
    # if the example does not in fact reach the callable.
    missing = [
        t.name for t in targets()
        if t.parameters and t.name not in BASELINES and not _has_example_call(t) and baseline(t.name) is None
    ]
    assert not missing, (
        "no baseline for these public callables: give each a docstring example that calls it, "
        f"or an entry in BASELINES: {missing}"
    )


def test_coverage_is_package_wide():
    names = {t.name for t in targets()}
    for expected in ("acslib.growth.logistic", "acslib.monitoring.detectors.ADWIN.update",
                     "acslib.checking.check_function", "acslib.governance.cadence.evaluation_schedule"):
        assert expected in names
    assert all(key[0] in names for key in KNOWN_BROKEN), "KNOWN_BROKEN names a callable that no longer exists"
    assert all(not key[0].startswith(OWN_PREFIXES) for key in KNOWN_BROKEN), "KNOWN_BROKEN is for modules of other owners"


#: Modules whose contract failures must be fixed, never listed as known failures.
OWN_PREFIXES = (
    "acslib.growth", "acslib.gap", "acslib.data", "acslib.trends", "acslib.scaling", "acslib.risk",
    "acslib.calibration", "acslib.adversarial", "acslib.interpretability", "acslib.goodhart",
    "acslib.misgeneralization", "acslib.governance", "acslib.monitoring",
)


@pytest.mark.parametrize("name, parameter", _items())
def test_parameter_keeps_the_contract(name, parameter):
    target = _target(name)
    made = baseline(name)
    if made is None:
        pytest.fail(f"{name} has no baseline (see test_every_callable_has_a_baseline)")
    instance, kwargs = made
    broken_baseline = baseline_error(name)
    if broken_baseline:
        pytest.fail(f"{name}: the baseline call fails, so its fuzzing proves nothing: {broken_baseline}")
    value = kwargs_baseline_value(target, parameter)
    kind = kind_of(value, parameter)
    light = is_light(target, parameter)
    failures = []
    # A known failure needs only one broken call to stay an xfail (a fix makes it pass, and
    # the strict xfail then fails): stop at the first, unless a full log is asked for.
    fail_fast = (name, parameter) in KNOWN_BROKEN and not os.environ.get("ACSLIB_CONTRACT_LOG")

    def check(label, bad):
        trial_instance = copy.deepcopy(instance)
        state_before = _state(trial_instance) if target.is_method else None
        trial_kwargs = copy.deepcopy(kwargs)
        trial_kwargs[parameter] = bad
        outcome = call(target, trial_instance, trial_kwargs)
        broken = judge(target, parameter, label, bad, trial_instance if target.is_method else None,
                       trial_kwargs, outcome, state_before)
        if broken:
            failures.append(broken)
            if fail_fast:
                raise _Broken()

    try:
        for label, bad in fixed_bad_values(value, kind, light):
            check(label, bad)
    except _Broken:
        pytest.fail(failures[0])
    if light:
        failures = list(dict.fromkeys(failures))
        _log(name, parameter, failures)
        assert not failures, "\n".join(failures)
        return

    @settings(max_examples=HYPOTHESIS_EXAMPLES, database=None, deadline=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(bad=strategy_for(kind, value))
    def fuzz(bad):
        check(f"{_short(bad)}", bad)

    try:
        fuzz()
    except _Broken:
        pytest.fail(failures[0])
    failures = list(dict.fromkeys(failures))
    _log(name, parameter, failures)
    assert not failures, "\n".join(failures)


def _log(name, parameter, failures):
    """With ACSLIB_CONTRACT_LOG=path, append each failing parameter's failures as a JSON line."""
    log = os.environ.get("ACSLIB_CONTRACT_LOG")
    if log and failures:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"callable": name, "parameter": parameter, "failures": failures}) + "\n")


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------------------
# The examples of issue 11, section 1, one by one: each keeps the contract now.
# --------------------------------------------------------------------------------------


def test_issue_examples_of_silent_nan_or_inf_now_keep_the_contract():
    from acslib import calibration, goodhart, growth, interpretability, risk, scaling
    from acslib.monitoring import cusum_arl

    assert float(growth.logistic(0, 1, 1, ceiling=1e-17)) == pytest.approx(1.0)
    assert float(risk.failure_probability_exponential_hazard(0.0, 800.0, 0.0, 0.01, 1.0)) == 0.0
    assert float(goodhart.conditional_true_value(1, 0, 0, 1e-200, 0)) == 1.0
    np.testing.assert_array_equal(calibration.softmax([1, 2], temperature=1e-309), [0.0, 1.0])
    with pytest.raises(ValueError, match="k, h, shift: the average run length"):
        cusum_arl(1e308, 4, 0)
    with pytest.raises(ValueError, match="t, initial, rate: initial \\* exp\\(rate \\* t\\) overflows"):
        growth.exponential(1e308, 1, 0.5)
    with pytest.raises(ValueError, match="n_params, n_tokens: the compute"):
        scaling.training_compute(1e308, 1.4e12)
    with pytest.raises(ValueError, match="learning_rate must be at most 1"):
        interpretability.train_toy_model(5, 2, 0.5, 0.9, steps=2, seed=0, learning_rate=1e308)


def test_issue_examples_of_silent_nonsense_now_keep_the_contract():
    from acslib import trends
    from acslib.monitoring import PageHinkley, audit_sample_size, psi

    with pytest.raises(ValueError, match="failure_rate, confidence: the sample size would be 3e\\+19"):
        audit_sample_size(1e-19, 0.95)
    with pytest.raises(ValueError, match="expected has 10 of 10 values outside the bins"):
        psi(np.full(10, 5.0), np.full(10, 7.0), bins=[0.0, 1.0])
    assert trends.fit_exponential_trend([0, 1e300, 2e300], [1, 2, 4]).rate == pytest.approx(np.log(2) / 1e300)
    with pytest.raises(ValueError, match="stream must have magnitude at most 1e150"):
        PageHinkley().first_alarm([1e308, 1e308])


def test_issue_examples_of_hangs_are_rejected_up_front():
    from acslib import governance, interpretability, misgeneralization
    from acslib.monitoring import cusum_run_lengths

    t = np.linspace(0.0, 10.0, 11)
    for function, kwargs, name in (
        (governance.evaluation_schedule, dict(t=t, effective_compute=4.0**t, trigger_factor=1 + 1e-12), "trigger_factor"),
        (cusum_run_lengths, dict(k=0.5, h=4.0, shift=-2.0, n_runs=200), "shift, k, h"),
        (interpretability.train_toy_model, dict(n_features=5, n_hidden=2, sparsity=0.5, importance_decay=0.9,
                                                steps=1e308), "steps"),
        (misgeneralization.train_agent, dict(randomised_fraction=0.0, steps=1e308), "steps"),
        (interpretability.train_logistic_probe, dict(activations=[[0.0], [1.0]], labels=[0, 1], steps=1e308), "steps"),
    ):
        outcome = call(Target(function.__name__, function, inspect.getmodule(function)), None, kwargs)
        assert isinstance(outcome[1], ValueError) and str(outcome[1]).startswith(name), outcome


def test_issue_examples_of_wrong_exception_types_and_messages():
    from acslib import data, misgeneralization, risk
    from acslib.calibration import expected_calibration_error
    from acslib.monitoring import ADWIN

    for n_bins in (1e308, 10**10):
        with pytest.raises(ValueError, match="n_bins must be at most 100,000"):
            expected_calibration_error([0.9, 0.8], [1, 0], n_bins=n_bins)
    with pytest.raises(TypeError, match="bound must be one of"):
        ADWIN(bound=np.ones(7))
    with pytest.raises(TypeError, match="version must be one of"):
        data.metr_horizons(version=[])
    assert np.isfinite(risk.race_gap(1e308, 1.0, 0.7, 1.0, 0.4))  # the gap itself is finite: computed in log form
    with pytest.raises(ValueError, match="^t, c0, c_rate, a0, a_rate: the gap"):
        risk.race_gap([0.0, 10.0], 1.0, 1e308, 1.0, 0.4)
    with pytest.raises(TypeError, match="coin_at_end must be True or False"):
        misgeneralization.evaluation_levels(6, coin_at_end="abc")
    with pytest.raises(TypeError, match="t must be numeric, not boolean"):
        __import__("acslib").growth.exponential([True, False], 1.0, 0.5)


def test_issue_example_of_a_detector_left_broken():
    from acslib.monitoring import ADWIN, CUSUM, PageHinkley

    for detector in (ADWIN(), CUSUM(), PageHinkley()):
        for value in (0.1, 0.2, 0.3):
            detector.update(value)
        before = _state(detector)
        with pytest.raises(ValueError, match="value must have magnitude at most 1e150"):
            detector.update(1e308)
        assert same_state(before, _state(detector))
        assert detector.update(0.5) in (True, False)  # later valid updates still work
