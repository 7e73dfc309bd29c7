"""Exercise checkers, one module per chapter (ARENA-style feedback).

A chapter imports its module, e.g. ``from acslib.exercises import definition as
exercises``, and calls ``exercises.check_...(answer)`` after each auto-checked
exercise. Checkers are built on :mod:`acslib.checking`.

**Solutions never act for the student.** A code cell of a worked solution starts with the
line ``# Solution to Exercise N.M``. In an IPython kernel (JupyterLab, the book's build,
nbval), importing this package registers an input transformer that runs such a cell in
a *copy* of the notebook's namespace (:func:`run_solution`): the solution's definitions
never replace the student's, and its checker calls are labelled as the reference
solution's, not the student's. So "Run All" in JupyterLab neither overwrites a student's
answer nor passes an exercise on the student's behalf, while the website still shows
the solution's code and output. The student edition removes solution cells altogether.
"""

from __future__ import annotations

import ast
import re

__all__ = ["run_solution", "SOLUTION_HEADER"]

#: The first line of every solution code cell.
SOLUTION_HEADER = re.compile(r"^#\s*Solution to (?P<exercise>Exercise \d+\.\d+)\b")


def run_solution(source: str, namespace: dict | None = None):
    """Run a solution cell's ``source`` in a copy of ``namespace``; return its last value.

    The notebook's own names are visible to the solution, but nothing the solution
    defines or changes leaks back. :class:`acslib.checking.Feedback` objects it produces
    say that they belong to the reference solution.

    Examples
    --------
    >>> namespace = {"answer": None}
    >>> run_solution("# Solution to Exercise 1.1\\nanswer = 6.0\\nanswer * 2", namespace)
    12.0
    >>> namespace["answer"] is None
    True
    """
    from .._validation import ArgumentTypeError, as_text
    from ..checking import Feedback

    as_text(source, "source")
    if namespace is not None and not isinstance(namespace, dict):
        raise ArgumentTypeError(f"namespace must be a dict or None; got {type(namespace).__name__}")
    match = SOLUTION_HEADER.match(source)
    label = match.group("exercise") if match else "this exercise"
    scope = dict(namespace if namespace is not None else {})
    scope.setdefault("__name__", "__solution__")
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as error:
        raise ValueError(f"source is not valid Python: {error}") from error
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    try:
        exec(compile(tree, f"<solution to {label}>", "exec"), scope)
        result = eval(compile(last, f"<solution to {label}>", "eval"), scope) if last is not None else None
    except Exception as error:  # the solution itself is broken: say so, keep the cause
        raise ValueError(f"source: the solution to {label} raised {type(error).__name__}: {error}") from error
    if isinstance(result, Feedback):
        result = Feedback(result.passed, f"{result.message} Your own answer above is untouched.",
                          result.exercise, status="solution")
    return result


def _transform(lines: list) -> list:
    """IPython input transformer: route solution cells through :func:`run_solution`."""
    if not lines or not SOLUTION_HEADER.match(lines[0]):
        return lines
    source = "".join(lines)
    return [f"__import__('acslib.exercises').exercises.run_solution({source!r}, globals())\n"]


def _register() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always present with Jupyter
        return
    shell = get_ipython()
    if shell is None or _transform in shell.input_transformers_post:
        return
    shell.input_transformers_post.append(_transform)


_register()
