"""The shared input checks (acslib._validation) that every public function relies on."""

import numpy as np
import pytest

from acslib import _validation as v


def test_as_float_array_rejects_and_names():
    for bad, message in [(np.nan, "NaN"), (np.inf, "finite"), ([], "empty"), ("x", "numeric"), (None, "numeric")]:
        with pytest.raises(ValueError, match=f"rate.*{message}|{message}.*rate|rate must"):
            v.as_float_array(bad, "rate")
    with pytest.raises(ValueError, match="rate must be positive"):
        v.as_float_array([1.0, 0.0], "rate", positive=True)
    with pytest.raises(ValueError, match="size must be non-negative"):
        v.as_float_array(-1.0, "size", nonnegative=True)


def test_infinite_options():
    np.testing.assert_array_equal(v.as_float_array([1.0, np.inf], "times", infinite="positive"), [1.0, np.inf])
    with pytest.raises(ValueError, match="times must not contain negative infinity"):
        v.as_float_array([-np.inf, 1.0], "times", infinite="positive")
    edges = v.as_float_array([-np.inf, 0.0, np.inf], "edges", infinite="ends")
    assert edges[0] == -np.inf and edges[-1] == np.inf
    for bad in ([0.0, np.inf, 1.0], [np.inf, 0.0], [0.0, -np.inf]):
        with pytest.raises(ValueError, match="edges may be infinite only at the ends"):
            v.as_float_array(bad, "edges", infinite="ends")


def test_scalar_int_probability_and_rng():
    assert v.as_scalar(2, "x") == 2.0
    with pytest.raises(ValueError, match="x must be a scalar"):
        v.as_scalar([1.0, 2.0], "x")
    assert v.as_int(3.0, "n") == 3
    with pytest.raises(ValueError, match="n must be an integer"):
        v.as_int(2.5, "n")
    with pytest.raises(ValueError, match="n must be at least 1"):
        v.as_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match="p must lie between 0 and 1"):
        v.as_probability(1.5, "p")
    with pytest.raises(ValueError, match="p must lie strictly between 0 and 1"):
        v.as_probability(0.0, "p", open_interval=True)
    assert v.as_rng(3).integers(1000) == np.random.default_rng(3).integers(1000)
    with pytest.raises(ValueError, match="seed"):
        v.as_rng(-1)


def test_shape_checks():
    assert v.check_broadcastable(a=np.zeros(3), b=1.0) == (3,)
    with pytest.raises(ValueError, match="shapes do not match: a"):
        v.check_broadcastable(a=np.zeros(3), b=np.zeros(2))
    with pytest.raises(ValueError, match="shapes do not match"):
        v.check_same_length(a=np.zeros(3), b=np.zeros(2))
    with pytest.raises(ValueError, match="t must be strictly increasing"):
        v.check_increasing(np.array([0.0, 0.0]), "t")


def test_wrong_types_are_type_errors_that_are_also_value_errors():
    for bad in ("x", None, {}, {1.0}, True, np.array([True, False]), [1.0, True], np.array(["1", "2"]), 1j):
        with pytest.raises(TypeError, match="rate must be numeric"):
            v.as_float_array(bad, "rate")
    assert issubclass(v.ArgumentTypeError, ValueError)  # callers catching ValueError keep working
    np.testing.assert_array_equal(v.as_float_array([True, False], "correct", allow_bool=True), [1.0, 0.0])
    with pytest.raises(ValueError, match="rate must be a numeric array of regular shape"):
        v.as_float_array([[1.0], [1.0, 2.0]], "rate")
    with pytest.raises(ValueError, match="rate must be finite"):
        v.as_float_array(10**400, "rate")


def test_counts_have_a_cap_stated_in_the_message():
    assert v.as_count(3.0, "n_bins", cap=10) == 3
    for bad, message in [(1e308, "at most 100,000; got 1e\\+308"), (10**10, "at most 100,000; got 10,000,000,000"),
                         (0, "at least 1"), (2.5, "an integer"), (np.nan, "an integer")]:
        with pytest.raises(ValueError, match=f"n_bins must be {message}"):
            v.as_count(bad, "n_bins", cap=100_000)
    for bad in (True, "3", None, [3]):
        with pytest.raises(TypeError, match="n_bins must be an integer"):
            v.as_count(bad, "n_bins", cap=10)
    with pytest.raises(ValueError, match="n_samples × n_features must be at most 50,000,000 values in total"):
        v.check_total_size("n_samples × n_features", 10**6 * 10**3, v.MAX_ELEMENTS, "values")


def test_choices_flags_instances_and_overflowing_results():
    assert v.as_choice("a", "form", ("a", "b")) == "a"
    with pytest.raises(ValueError, match="form must be one of"):
        v.as_choice("c", "form", ("a", "b"))
    for bad in ([], np.ones(3), None, 3):
        with pytest.raises(TypeError, match="form must be one of"):
            v.as_choice(bad, "form", ("a", "b"))
    assert v.as_bool(np.bool_(True), "flag") is True
    for bad in ("abc", 1, None):
        with pytest.raises(TypeError, match="flag must be True or False"):
            v.as_bool(bad, "flag")
    with pytest.raises(TypeError, match="agent must be a dict"):
        v.as_instance([], "agent", dict)
    with pytest.raises(ValueError, match="t, rate: exp\\(rate t\\) overflows float64"):
        v.finite_result(np.array([1.0, np.inf]), "t, rate", "exp(rate t)")
    with pytest.raises(TypeError, match="seed"):
        v.as_rng(True)
    np.testing.assert_array_equal(v.as_whole_array([1.0, 2.0], "cells", minimum=0, maximum=3), [1, 2])
    with pytest.raises(ValueError, match="cells must be at most 3"):
        v.as_whole_array([4.0], "cells", maximum=3)
