"""fa.init: gains and fans against torch's and Keras' definitions (hard-coded, and
live against torch where installed), moments of large draws against the formula
within a statistical bound, truncation, dtype, shape, rng and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import fastact as fa

init = fa.init

# --- gain: torch.nn.init.calculate_gain's values ---------------------------------
GAINS = [
    (("linear",), 1.0), (("conv1d",), 1.0), (("conv2d",), 1.0), (("conv3d",), 1.0),
    (("conv_transpose1d",), 1.0), (("conv_transpose2d",), 1.0), (("conv_transpose3d",), 1.0),
    (("sigmoid",), 1.0),
    (("tanh",), 5.0 / 3.0),
    (("relu",), 1.4142135623730951),
    (("selu",), 0.75),
    (("leaky_relu",), math.sqrt(2.0 / 1.0001)),      # param None: slope 0.01
    (("leaky_relu", 0.2), math.sqrt(2.0 / 1.04)),
    (("leaky_relu", 0), math.sqrt(2.0)),
    (("leaky_relu", 1), 1.0),
    (("relu", 123.0), 1.4142135623730951),           # param ignored, as torch ignores it
]


@pytest.mark.parametrize("args, expected", GAINS)
def test_gain_values(args, expected):
    assert init.gain(*args) == expected


def test_gain_matches_torch():
    torch = pytest.importorskip("torch")
    for args, _ in GAINS:
        assert init.gain(*args) == torch.nn.init.calculate_gain(*args), args


@pytest.mark.parametrize("args", [("silu",), ("Tanh",), ("leaky_relu", True), ("leaky_relu", "0.2")])
def test_gain_rejects(args):
    with pytest.raises(ValueError):
        init.gain(*args)


# --- fans ----------------------------------------------------------------------
#: (shape, layout) -> (fan_in, fan_out), from torch's _calculate_fan_in_and_fan_out
#: (dims 0 and 1 are out and in, the rest the kernel) and Keras' compute_fans
#: (the last two are in and out, the rest the kernel)
FANS = [
    ((64, 128), "numpy", (64, 128)),           # dense x @ W: (in, out)
    ((16, 3, 5, 5), "numpy", (75, 400)),       # conv (out, in, kh, kw) as torch
    ((8, 4, 3), "numpy", (12, 24)),
    ((64, 128), "torch", (128, 64)),           # nn.Linear.weight: (out, in)
    ((16, 3, 5, 5), "torch", (75, 400)),
    ((2, 3, 4, 5, 6), "torch", (360, 240)),
    ((64, 128), "keras", (64, 128)),
    ((5, 5, 3, 16), "keras", (75, 400)),       # conv (kh, kw, in, out)
    ((3, 4, 8), "keras", (12, 24)),
    ((7,), "keras", (7, 7)),
    ((), "keras", (1, 1)),
]


@pytest.mark.parametrize("shape, layout, expected", FANS)
def test_fans(shape, layout, expected):
    assert init.fans(shape, layout) == expected
    assert init.fans(list(shape), layout=layout) == expected


def test_fans_match_torch():
    torch = pytest.importorskip("torch")
    fans_of = torch.nn.init._calculate_fan_in_and_fan_out
    for shape in [(64, 128), (16, 3, 5, 5), (8, 4, 3), (2, 3, 4, 5, 6), (1, 1)]:
        assert init.fans(shape, "torch") == fans_of(torch.empty(shape))
        if len(shape) > 2:
            assert init.fans(shape) == fans_of(torch.empty(shape))
    # the numpy layout's dense (in, out) is the layer torch builds as Linear(in, out)
    assert init.fans((64, 128)) == fans_of(torch.nn.Linear(64, 128).weight)
    with pytest.raises(ValueError):  # torch: fans undefined below 2 dimensions
        fans_of(torch.empty(5))


@pytest.mark.parametrize("layout", ["numpy", "torch"])
@pytest.mark.parametrize("shape", [(5,), (), 5])
def test_fans_undefined_below_two_dims(shape, layout):
    with pytest.raises(ValueError, match="fewer than 2 dimensions.*torch raises"):
        init.fans(shape, layout)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.he_normal(shape, layout=layout, rng=0)


# --- moments of large draws ---------------------------------------------------------
def _keras_truncated_std() -> float:
    """The standard deviation of N(0, 1) truncated to [-2, 2], in closed form."""
    phi2 = math.exp(-2.0) / math.sqrt(2.0 * math.pi)
    mass = math.erf(2.0 / math.sqrt(2.0))
    return math.sqrt(1.0 - 2.0 * 2.0 * phi2 / mass)


def test_keras_truncated_std_constant():
    assert init.KERAS_TRUNCATED_STD == pytest.approx(_keras_truncated_std(), rel=1e-15)


#: (call, expected variance, distribution) for a (400, 300) dense and a
#: (32, 16, 3, 3) conv shape (numpy layout: fan_in 400 / 144, fan_out 300 / 288)
DENSE, CONV = (400, 300), (32, 16, 3, 3)
DRAWS = [
    ("glorot_uniform", DENSE, {}, 2.0 / 700, "uniform"),
    ("glorot_uniform", CONV, {"gain": 5.0 / 3.0}, (5.0 / 3.0) ** 2 * 2.0 / (144 + 288), "uniform"),
    ("glorot_normal", DENSE, {}, 2.0 / 700, "normal"),
    ("glorot_normal", DENSE, {"truncated": True}, 2.0 / 700, "truncated_normal"),
    ("he_uniform", DENSE, {}, 2.0 / 400, "uniform"),
    ("he_uniform", CONV, {"mode": "fan_out"}, 2.0 / 288, "uniform"),
    ("he_normal", DENSE, {}, 2.0 / 400, "normal"),
    ("he_normal", DENSE, {"mode": "fan_out"}, 2.0 / 300, "normal"),
    ("he_normal", CONV, {}, 2.0 / 144, "normal"),
    ("he_normal", CONV, {"truncated": True, "gain": init.gain("leaky_relu", 0.2)},
     2.0 / 1.04 / 144, "truncated_normal"),
    ("he_normal", DENSE, {"mode": "fan_avg"}, 2.0 / 350, "normal"),
    ("he_normal", DENSE, {"layout": "torch"}, 2.0 / 300, "normal"),   # (out, in): fan_in 300
    ("lecun_normal", DENSE, {}, 1.0 / 400, "normal"),
    ("lecun_normal", DENSE, {"truncated": True}, 1.0 / 400, "truncated_normal"),
    ("lecun_normal", (3, 3, 16, 32), {"layout": "keras", "truncated": True}, 1.0 / 144,
     "truncated_normal"),
]


@pytest.mark.parametrize("name, shape, kwargs, variance, distribution", DRAWS)
def test_moments_and_range(name, shape, kwargs, variance, distribution):
    w = getattr(init, name)(shape, rng=12345, **kwargs)
    assert w.shape == shape and w.dtype == np.float64
    x = w.ravel()
    n = x.size
    # five standard errors: mean sigma/sqrt(n); variance sqrt((m4 - sigma^4) / n)
    assert abs(x.mean()) < 5 * math.sqrt(variance / n)
    m4 = np.mean(x ** 4)
    assert abs(np.var(x) - variance) < 5 * math.sqrt((m4 - variance ** 2) / n)
    std = math.sqrt(variance)
    top = np.abs(x).max()
    keras_bound = 2 * std / init.KERAS_TRUNCATED_STD
    if distribution == "uniform":
        bound = math.sqrt(3.0) * std
        assert bound * (1 - 20 / n) < top <= bound  # P(top below) = (1 - 20/n)**n < e**-20
        # E x^4 = 9/5 sigma^4; x^4's relative standard deviation is 4/3
        assert m4 == pytest.approx(9 / 5 * variance ** 2, rel=5 * (4 / 3) / math.sqrt(n))
    elif distribution == "truncated_normal":
        # density near the bound ~0.23 per unit of z: 100/n leaves e**-20 odds too
        assert keras_bound * (1 - 100 / n) < top <= keras_bound
    else:
        # untruncated: P(|z| > 2) = 0.0455 within five binomial standard errors,
        # and values beyond Keras' truncation point (P = 0.023 each)
        p = math.erfc(2 / math.sqrt(2))
        assert abs(np.mean(np.abs(x) > 2 * std) - p) < 5 * math.sqrt(p * (1 - p) / n)
        assert top > keras_bound


def test_variance_scaling_is_the_common_core():
    a = init.variance_scaling((50, 60), scale=2.0, mode="fan_in", distribution="uniform", rng=3)
    np.testing.assert_array_equal(a, init.he_uniform((50, 60), rng=3))
    b = init.variance_scaling((50, 60), distribution="truncated_normal", rng=3)
    np.testing.assert_array_equal(b, init.lecun_normal((50, 60), truncated=True, rng=3))


def test_torch_draws_within_the_same_bounds():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    for shape in [(300, 200), (32, 16, 3, 3)]:
        fan_in, fan_out = init.fans(shape, "torch")
        t = torch.nn.init.kaiming_uniform_(torch.empty(shape), nonlinearity="relu").numpy()
        bound = math.sqrt(3.0 * 2.0 / fan_in)
        assert 0.999 * bound < np.abs(t).max() <= bound
        assert np.abs(init.he_uniform(shape, layout="torch", rng=0)).max() <= bound
        t = torch.nn.init.xavier_uniform_(torch.empty(shape), gain=init.gain("tanh")).numpy()
        bound = init.gain("tanh") * math.sqrt(6.0 / (fan_in + fan_out))
        assert 0.999 * bound < np.abs(t).max() <= bound * (1 + 1e-6)
        w = init.glorot_uniform(shape, gain=init.gain("tanh"), layout="torch", rng=0)
        assert 0.999 * bound < np.abs(w).max() <= bound


# --- dtype, shape, rng ---------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, "float32"])
@pytest.mark.parametrize("name", ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
                                  "lecun_normal"])
def test_dtype_is_the_float64_draw_rounded(name, dtype):
    f = getattr(init, name)
    w = f((20, 30), rng=7, dtype=dtype)
    assert w.dtype == np.dtype(dtype) and w.shape == (20, 30) and w.flags.c_contiguous
    np.testing.assert_array_equal(w, f((20, 30), rng=7).astype(dtype))


@pytest.mark.parametrize("dtype", [np.int32, np.complex128, bool, object])
def test_dtype_rejected(dtype):
    with pytest.raises(TypeError, match="dtype"):
        init.he_normal((4, 4), rng=0, dtype=dtype)


def test_shapes():
    assert init.he_normal((np.int64(3), 4, 2, 2), rng=0).shape == (3, 4, 2, 2)
    assert init.he_uniform((2, 3, 4, 5, 6), rng=0).shape == (2, 3, 4, 5, 6)
    assert init.glorot_normal((7,), layout="keras", rng=0).shape == (7,)
    assert init.glorot_normal((), layout="keras", rng=0).shape == ()
    empty = init.he_normal((0, 5), rng=0)  # nothing to draw: empty, as torch's no-op
    assert empty.shape == (0, 5) and empty.dtype == np.float64


@pytest.mark.parametrize("shape", [(-1, 4), (4, -2, 3)])
def test_negative_dims(shape):
    with pytest.raises(ValueError, match="negative"):
        init.he_normal(shape, rng=0)


def test_non_integer_dims():
    with pytest.raises(TypeError, match="integers"):
        init.he_normal((4.0, 5), rng=0)


def test_rng_seed_and_generator():
    np.testing.assert_array_equal(init.he_normal((10, 10), rng=5), init.he_normal((10, 10), rng=5))
    assert not np.array_equal(init.he_normal((10, 10), rng=5), init.he_normal((10, 10), rng=6))
    # an int seed is default_rng(seed); a Generator is drawn from and advances
    np.testing.assert_array_equal(init.he_normal((10, 10), rng=np.random.default_rng(5)),
                                  init.he_normal((10, 10), rng=5))
    gen = np.random.default_rng(5)
    first, second = init.glorot_uniform((10, 10), rng=gen), init.glorot_uniform((10, 10), rng=gen)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, init.glorot_uniform((10, 10), rng=np.int64(5)))
    # None: fresh entropy each call
    assert not np.array_equal(init.he_normal((10, 10)), init.he_normal((10, 10)))


@pytest.mark.parametrize("rng", [True, 1.5, "seed", np.random.RandomState(0)])
def test_rng_rejected(rng):
    with pytest.raises(TypeError, match="rng"):
        init.he_normal((3, 3), rng=rng)


def test_bad_names_and_values():
    with pytest.raises(ValueError, match="mode.*fan_in, fan_out, fan_avg"):
        init.he_normal((3, 3), mode="fan_inn", rng=0)
    with pytest.raises(ValueError, match="mode"):
        init.he_uniform((3, 3), mode="FAN_IN", rng=0)
    with pytest.raises(ValueError, match="layout.*numpy, torch, keras"):
        init.glorot_uniform((3, 3), layout="tf", rng=0)
    with pytest.raises(ValueError, match="distribution"):
        init.variance_scaling((3, 3), distribution="untruncated_normal", rng=0)
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="gain"):
            init.he_normal((3, 3), gain=bad, rng=0)
        with pytest.raises(ValueError, match="scale"):
            init.variance_scaling((3, 3), scale=bad, rng=0)


def test_reachable_from_the_package():
    import fastact.init

    assert fa.init is fastact.init
    assert "init" in fa.__all__
