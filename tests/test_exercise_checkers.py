"""Every exercise checker in the book gives feedback instead of raising, and rejects
missing or nonsensical answers. (Each checker's doctest shows it accepting the right one.)"""

import importlib
import inspect
import pkgutil

import pytest

import acslib.exercises
from acslib.checking import Feedback

CHECKERS = [
    (f"{info.name}.{name}", function)
    for info in pkgutil.iter_modules(acslib.exercises.__path__)
    for name, function in inspect.getmembers(importlib.import_module(f"acslib.exercises.{info.name}"),
                                              inspect.isfunction)
    if name.startswith("check_") and function.__module__ == f"acslib.exercises.{info.name}"
]


def test_every_chapter_has_checkers():
    chapters = {name.split(".")[0] for name, _ in CHECKERS}
    assert len(chapters) >= 7 and len(CHECKERS) >= 30


@pytest.mark.parametrize("name,checker", CHECKERS, ids=[n for n, _ in CHECKERS])
def test_checker_never_raises_and_rejects_bad_answers(name, checker):
    required = [p for p in inspect.signature(checker).parameters.values() if p.default is p.empty]
    for bad in (None, "not an answer", float("nan"), lambda *args, **kwargs: None):
        feedback = checker(*([bad] * len(required)))
        assert isinstance(feedback, Feedback), f"{name} returned {type(feedback).__name__}"
        assert not feedback.passed, f"{name} accepted {bad!r}"
        assert feedback.message and feedback.exercise.startswith("Exercise ")
