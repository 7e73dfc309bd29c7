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
