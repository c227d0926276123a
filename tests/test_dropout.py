"""fa.dropout: the Philox4x32-10 generator against the Random123 known answers,
the keep mask against a NumPy re-implementation of the documented rule, the
same bits on every ISA, thread count and layout, backward as the gradient of
the same draw, the statistics of the mask, and the library's array rules."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import fastact as fa
from fastact import _core, reference

from helpers import isas_under_test

# Random123 1.14, examples/kat_vectors, the three "philox4x32 10" lines:
# counter (4 words), key (2 words) -> output (4 words).
PHILOX_KAT = [
    ((0x00000000, 0x00000000, 0x00000000, 0x00000000), (0x00000000, 0x00000000),
     (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF),
     (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]
LANES, GROUP = 16, 64  # fastact.h: FA_DROPOUT_LANES, FA_DROPOUT_GROUP
GRAIN = 32768
THREAD_COUNTS = (1, 2, 3)


@pytest.fixture(autouse=True)
def restore_threads():
    before = fa.get_num_threads()
    yield
    fa.set_num_threads(before)


def draws_numpy(n: int, seed: int) -> np.ndarray:
    """The 32-bit draw of elements 0..n-1 under the documented mapping (fastact.h),
    from fastact.reference's NumPy Philox (independent of the C code)."""
    i = np.arange(n, dtype=np.uint64)
    counter = np.uint64(LANES) * (i // np.uint64(GROUP)) + i % np.uint64(LANES)
    word = (i % np.uint64(GROUP)) // np.uint64(LANES)
    zeros = np.zeros(n, dtype=np.uint64)
    low, high = counter & np.uint64(0xFFFFFFFF), counter >> np.uint64(32)
    words = reference.philox4x32_10((low, high, zeros, zeros), (seed & 0xFFFFFFFF, seed >> 32))
    return np.choose(word.astype(np.intp), words)


def bits(a: np.ndarray) -> np.ndarray:
    unsigned = {2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize]
    return np.ascontiguousarray(a).view(unsigned)


def sample(n: int, dtype, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(n) * 4).astype(dtype)


def with_isa(isa: str, fn):
    previous = _core.current_isa()
    _core.select_isa(isa)
    try:
        return fn()
    finally:
        _core.select_isa(previous)


# --- the generator ---------------------------------------------------------------

@pytest.mark.parametrize("counter, key, expected", PHILOX_KAT)
def test_philox_known_answers(counter, key, expected):
    assert _core.philox4x32_10(counter, key) == expected
    got = reference.philox4x32_10(tuple([w] for w in counter), key)
    assert tuple(int(w[0]) for w in got) == expected  # the NumPy twin too


@pytest.mark.parametrize("n", [1, 63, 64, 65, 1000, 2 * GRAIN + 77])
@pytest.mark.parametrize("p", [0.5, 0.1, 0.9, 2.0**-32, 1 - 2.0**-32, 0.3])
def test_mask_is_the_documented_rule(n, p):
    seed = 0x0123456789ABCDEF
    threshold = round(p * 2**32)
    expected = draws_numpy(n, seed) >= np.uint64(threshold)
    for isa in isas_under_test():
        np.testing.assert_array_equal(with_isa(isa, lambda: fa.dropout.mask(n, p, seed=seed)),
                                      expected, err_msg=f"{isa}, p={p}, n={n}")


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
def test_reference_twin_gives_the_same_bits(dtype):
    x = (sample(3 * 1007, np.float64, 2) * 10).astype(dtype).reshape(1, 3, -1)
    for p in (0.2, 0.5, 1.0):
        want = fa.dropout(x, p, seed=31)
        np.testing.assert_array_equal(bits(reference.dropout(x, p, seed=31)), bits(want))
        np.testing.assert_array_equal(bits(reference.dropout.backward(x, p, seed=31)), bits(want))
        np.testing.assert_array_equal(reference.dropout.mask(x.shape, p, seed=31),
                                      fa.dropout.mask(x.shape, p, seed=31))
    np.testing.assert_array_equal(reference.dropout(x, 0.5, seed=31, training=False), x)


def test_threshold_rounds_p_times_2_to_32():
    draws = draws_numpy(4096, 5)
    u = int(np.sort(draws)[1000])  # a draw value that occurs: exactly at the threshold
    for t, p in [(u, u / 2**32), (u + 1, (u + 0.5) / 2**32 + 2.0**-40)]:
        assert round(p * 2**32) == t
        np.testing.assert_array_equal(fa.dropout.mask(4096, p, seed=5), draws >= t)
    assert fa.dropout.mask(4096, u / 2**32, seed=5)[draws == u].all()  # draw == t is kept


# --- the same bits everywhere ----------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_bitwise_identical_on_every_isa_and_thread_count(dtype):
    n = 7 * GRAIN + 5  # several ranges, ragged end
    x, dy = sample(n, dtype, 1), sample(n, dtype, 2)
    runs = {}
    for isa in isas_under_test():
        for threads in THREAD_COUNTS:
            fa.set_num_threads(threads)
            runs[isa, threads] = with_isa(isa, lambda: (
                fa.dropout(x, 0.3, seed=11), fa.dropout.backward(dy, 0.3, seed=11),
                fa.dropout.mask(n, 0.3, seed=11)))
    (first_key, first), *rest = runs.items()
    for key, run in rest:
        for name, got, want in zip(("forward", "backward", "mask"), run, first):
            np.testing.assert_array_equal(bits(got) if got.dtype != bool else got,
                                          bits(want) if want.dtype != bool else want,
                                          err_msg=f"{name} {key} vs {first_key}")


def layouts(x: np.ndarray) -> dict[str, np.ndarray]:
    """The same logical 3-D array in several memory layouts."""
    big = np.empty((x.shape[0], x.shape[1], 2 * x.shape[2]), x.dtype)
    big[:, :, ::2] = x
    return {
        "C": x,
        "F": np.asfortranarray(x),
        "strided": big[:, :, ::2],
        "negative": np.ascontiguousarray(x[::-1, :, ::-1])[::-1, :, ::-1],
        "transposed": np.ascontiguousarray(x.transpose(2, 0, 1)).transpose(1, 2, 0),
    }


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mask_depends_on_the_c_order_index_not_the_layout(dtype):
    x = sample(6 * 50 * 250, dtype, 3).reshape(6, 50, 250)  # 75000: two ranges
    expected = fa.dropout.mask(x.size, 0.4, seed=99).reshape(x.shape)
    scale = dtype(1 / (1 - 0.4))
    want = np.where(expected, x * scale, 0).astype(dtype)
    for threads in THREAD_COUNTS:
        fa.set_num_threads(threads)
        for name, a in layouts(x).items():
            np.testing.assert_array_equal(a, x)
            got = fa.dropout(a, 0.4, seed=99)
            np.testing.assert_array_equal(bits(got), bits(want),
                                          err_msg=f"{name}, {threads} threads")
            back = fa.dropout.backward(a, 0.4, seed=99)
            np.testing.assert_array_equal(bits(back), bits(want), err_msg=f"{name} backward")


# --- forward and backward values ------------------------------------------------

@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.75])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_and_backward_are_the_same_draw(p, dtype):
    n = 3 * GRAIN + 1
    x, dy = sample(n, dtype, 4), sample(n, dtype, 5)
    m = fa.dropout.mask(n, p, seed=2024)
    y = fa.dropout(x, p, seed=2024)
    dx = fa.dropout.backward(dy, p, seed=2024)
    scale = dtype(1.0 / (1.0 - p))
    np.testing.assert_array_equal(bits(y), bits(np.where(m, x * scale, dtype(0))))
    np.testing.assert_array_equal(bits(dx), bits(np.where(m, dy * scale, dtype(0))))
    # the textbook forms, x * m / (1 - p), within the rounding of the scale
    np.testing.assert_allclose(y, x * m / (1 - p), rtol=2 * np.finfo(dtype).eps, atol=0)
    np.testing.assert_allclose(dx, dy * m / (1 - p), rtol=2 * np.finfo(dtype).eps, atol=0)
    # the gradient of y = f(x) by finite differences: y is linear in x with slope s or 0
    h = dtype(0.5)
    slope = (fa.dropout(x + h, p, seed=2024) - y) / h
    rtol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(slope, np.where(m, scale, 0), rtol=rtol)


def test_apply_matches_the_seeded_path():
    x = sample(2 * GRAIN + 9, np.float32, 6)
    m = fa.dropout.mask(x.shape, 0.25, seed=7)
    want = bits(fa.dropout(x, 0.25, seed=7))
    np.testing.assert_array_equal(bits(fa.dropout.apply(x, m, 0.25)), want)
    out = np.empty_like(x)
    assert fa.dropout.apply(x, m, 0.25, out=out) is out
    np.testing.assert_array_equal(bits(out), want)
    # a mask that broadcasts (one per column), and p = 1
    x2 = sample(12, np.float64, 1).reshape(3, 4)
    col = np.array([True, False, True, False])
    np.testing.assert_array_equal(fa.dropout.apply(x2, col, 0.5), np.where(col, 2 * x2, 0.0))
    np.testing.assert_array_equal(fa.dropout.apply(x2, col, 1.0), np.zeros((3, 4)))
    with pytest.raises(TypeError, match="bool"):
        fa.dropout.apply(x2, col.astype(np.float64), 0.5)
    with pytest.raises(ValueError, match="broadcast"):
        fa.dropout.apply(x2, np.ones((4, 4), bool), 0.5)


# --- statistics (fixed seeds, so the figures are reproducible) ------------------

N_STATS = 1 << 22


@pytest.mark.parametrize("p", [0.05, 0.2, 0.5, 0.8, 0.95])
def test_kept_fraction_within_a_binomial_bound(p):
    kept = int(fa.dropout.mask(N_STATS, p, seed=12345).sum())
    sigma = np.sqrt(N_STATS * p * (1 - p))
    z = (kept - N_STATS * (1 - p)) / sigma
    print(f"p={p}: kept {kept / N_STATS:.6f} of {N_STATS}, expected {1 - p:g}, z = {z:+.2f}")
    assert abs(z) < 5


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_mean_preserved_in_expectation(p):
    x = np.full(N_STATS, 3.0)
    y = fa.dropout(x, p, seed=777)
    # y = 3 s Bernoulli(1 - p): mean 3, sd 3 sqrt(p / (1 - p)) per element
    z = (y.mean() - 3.0) / (3.0 * np.sqrt(p / (1 - p) / N_STATS))
    print(f"p={p}: mean {y.mean():.6f}, z = {z:+.2f}")
    assert abs(z) < 5
    # and over many seeds, element by element (seeds 0..199 on a small array)
    ys = np.stack([fa.dropout(np.full(256, 3.0), p, seed=s) for s in range(200)])
    z_each = (ys.mean(axis=0) - 3.0) / (3.0 * np.sqrt(p / (1 - p) / 200))
    assert np.abs(z_each).max() < 5


def chi_square_2x2(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson's chi-square (1 degree of freedom) of the 2x2 table of two masks."""
    table = np.array([[np.sum(a & b), np.sum(a & ~b)], [np.sum(~a & b), np.sum(~a & ~b)]], float)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


# chi-square(1) exceeds 15.14 with probability 1e-4: a pair that does fails
CHI2_LIMIT = 15.14


@pytest.mark.parametrize("seeds", [(0, 1), (1, 2), (0, 2), (0, 2**32), (12345, 987654321),
                                   (2**64 - 1, 0)])
@pytest.mark.parametrize("p", [0.5, 0.1])
def test_masks_of_different_seeds_are_independent(seeds, p):
    a, b = (fa.dropout.mask(N_STATS, p, seed=s) for s in seeds)
    chi2 = chi_square_2x2(a, b)
    r = np.corrcoef(a, b)[0, 1]
    print(f"seeds {seeds}, p={p}: chi2 = {chi2:.3f}, r = {r:+.2e}")
    assert chi2 < CHI2_LIMIT


@pytest.mark.parametrize("lag", [1, 2, 15, 16, 17, 48, 63, 64, 65, 1024])
def test_neighbouring_elements_are_independent(lag):
    """Elements that share a Philox block (lags 16, 32, 48 inside a group of 64),
    or neighbouring counters, are not correlated."""
    m = fa.dropout.mask(N_STATS, 0.5, seed=3)
    chi2 = chi_square_2x2(m[:-lag], m[lag:])
    print(f"lag {lag}: chi2 = {chi2:.3f}")
    assert chi2 < CHI2_LIMIT


def test_draws_are_uniform():
    """The 32-bit draws, through masks at 16 thresholds: each bin of width 1/16
    holds 1/16 of the elements (chi-square with 15 degrees of freedom)."""
    counts = [int(fa.dropout.mask(N_STATS, k / 16, seed=42).sum()) for k in range(17)]
    bins = -np.diff(counts)  # elements with draw in [k/16, (k+1)/16)
    expected = N_STATS / 16
    chi2 = float(((bins - expected) ** 2 / expected).sum())
    print(f"uniformity over 16 bins: chi2(15) = {chi2:.2f}")
    assert chi2 < 44.26  # chi-square(15) exceeds it with probability 1e-4


# --- arguments and edge cases ----------------------------------------------------

def test_p_zero_and_training_false_return_a_copy():
    x = sample(1000, np.float32)
    for y in (fa.dropout(x, 0.0, seed=1), fa.dropout(x, 0.7, seed=1, training=False)):
        assert y is not x and not np.shares_memory(y, x)
        np.testing.assert_array_equal(bits(y), bits(x))
        assert y.dtype == np.float32
    np.testing.assert_array_equal(fa.dropout.backward(x, 0.0, seed=1), x)
    assert fa.dropout(np.arange(3), 0.0, seed=1).dtype == np.float64  # integers as float64
    out = np.empty_like(x)
    assert fa.dropout(x, 0.5, seed=1, training=False, out=out) is out
    np.testing.assert_array_equal(out, x)
    with pytest.raises(ValueError, match="p must be in"):
        fa.dropout(x, 1.5, seed=1, training=False)  # still validated


def test_tiny_p_keeps_everything_and_still_scales():
    """p = 1e-12 rounds to threshold 0 (every element kept) but its multiplier
    1 / (1 - p) is not 1 in float64: kept elements are x * s as always."""
    x = sample(3000, np.float64, 3)
    np.testing.assert_array_equal(bits(fa.dropout(x, 1e-12, seed=1)), bits(x * (1 / (1 - 1e-12))))
    assert fa.dropout.mask(3000, 1e-12, seed=1).all()
    x32 = x.astype(np.float32)  # s rounds to 1 in float32
    np.testing.assert_array_equal(bits(fa.dropout(x32, 1e-12, seed=1)), bits(x32))


def test_p_one_gives_zeros_even_for_nan_and_inf():
    x = np.array([1.0, np.nan, np.inf, -np.inf, -0.0, 5.0], np.float32)
    for y in (fa.dropout(x, 1.0, seed=3), fa.dropout.backward(x, 1.0, seed=3)):
        np.testing.assert_array_equal(bits(y), np.zeros(6, np.uint32))
    assert not fa.dropout.mask(100, 1.0, seed=3).any()
    assert fa.dropout.mask(100, 0.0, seed=3).all()
    big = sample(2 * GRAIN + 3, np.float64)
    np.testing.assert_array_equal(fa.dropout(big, 1.0, seed=3), np.zeros_like(big))
    # p just below 1 whose threshold rounds to 2**32: everything dropped, no overflow
    np.testing.assert_array_equal(fa.dropout(big, 1 - 2.0**-40, seed=3), np.zeros_like(big))


def test_nan_and_inf_propagate_where_kept():
    x = np.tile(np.array([np.nan, np.inf, -np.inf, 1.0], np.float64), 256)
    m = fa.dropout.mask(x.size, 0.5, seed=8)
    y = fa.dropout(x, 0.5, seed=8)
    np.testing.assert_array_equal(np.isnan(y), np.isnan(x) & m)
    np.testing.assert_array_equal(np.isinf(y), np.isinf(x) & m)
    assert (y[~m] == 0).all() and not np.signbit(y[~m]).any()  # dropped: +0


@pytest.mark.parametrize("p", [-0.1, 1.0000001, np.nan, np.inf, -np.inf])
def test_p_outside_the_unit_interval_is_a_value_error(p):
    x = np.ones(10)
    for call in (lambda: fa.dropout(x, p, seed=1), lambda: fa.dropout.backward(x, p, seed=1),
                 lambda: fa.dropout.mask(10, p, seed=1), lambda: fa.dropout.apply(x, x > 0, p)):
        with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
            call()


def test_p_must_be_a_number():
    with pytest.raises(TypeError, match="p must be a real number"):
        fa.dropout(np.ones(3), "0.5", seed=1)
    with pytest.raises(TypeError, match="p must be a real number"):
        fa.dropout(np.ones(3), True, seed=1)


def test_seeds():
    x = np.ones(5000)
    a = fa.dropout(x, 0.5, seed=1)
    np.testing.assert_array_equal(fa.dropout(x, 0.5, seed=np.uint64(1)), a)
    assert not np.array_equal(fa.dropout(x, 0.5, seed=2), a)
    for bad, error in [(-1, ValueError), (2**64, ValueError), (1.0, TypeError), ("1", TypeError),
                       (None, TypeError), (True, TypeError)]:
        with pytest.raises(error, match="seed"):
            fa.dropout(x, 0.5, seed=bad)
    with pytest.raises(TypeError):
        fa.dropout(x, 0.5)  # the seed is required: a fixed default would repeat the mask


def test_seed_from_a_generator_draws_a_key_and_advances_it():
    x = np.ones(5000)
    rng = np.random.default_rng(5)
    first, second = fa.dropout(x, 0.5, seed=rng), fa.dropout(x, 0.5, seed=rng)
    assert not np.array_equal(first, second)  # the generator advanced
    twin = np.random.default_rng(5)
    key = int(twin.integers(0, 2**64, dtype=np.uint64))
    np.testing.assert_array_equal(first, fa.dropout(x, 0.5, seed=key))
    assert fa.dropout.new_seed(np.random.default_rng(5)) == key
    with pytest.raises(TypeError, match="new_seed"):
        fa.dropout.backward(x, 0.5, seed=np.random.default_rng(5))


def test_dtypes():
    x16 = sample(3000, np.float16, 9)
    y16 = fa.dropout(x16, 0.3, seed=4)
    assert y16.dtype == np.float16
    np.testing.assert_array_equal(bits(y16), bits(fa.dropout(x16.astype(np.float32), 0.3, seed=4)
                                                  .astype(np.float16)))
    for a in (np.arange(-50, 50, dtype=np.int32), np.arange(100, dtype=np.uint8),
              np.arange(100) % 3 == 0):
        y = fa.dropout(a, 0.3, seed=4)
        assert y.dtype == np.float64
        np.testing.assert_array_equal(y, fa.dropout(a.astype(np.float64), 0.3, seed=4))
    big_endian = sample(100, ">f8", 1)
    np.testing.assert_array_equal(fa.dropout(big_endian, 0.3, seed=4),
                                  fa.dropout(big_endian.astype(np.float64), 0.3, seed=4))
    with pytest.raises(TypeError, match="complex128"):
        fa.dropout(np.ones(3, complex), 0.5, seed=1)
    np.testing.assert_array_equal(fa.dropout([1.0, 2.0, 3.0, 4.0], 0.5, seed=1),
                                  fa.dropout(np.array([1.0, 2.0, 3.0, 4.0]), 0.5, seed=1))


def test_shapes():
    y0 = fa.dropout(np.float32(2.0), 0.5, seed=0)
    assert isinstance(y0, np.float32) and y0 in (0.0, 4.0)
    assert y0 == fa.dropout(np.array([2.0], np.float32), 0.5, seed=0)[0]  # element 0 of both
    assert fa.dropout(np.empty((3, 0)), 0.5, seed=0).shape == (3, 0)
    assert fa.dropout.mask((3, 0), 0.5, seed=0).shape == (3, 0)
    assert fa.dropout.mask((), 0.5, seed=0).shape == ()
    m = fa.dropout.mask((4, 5, 6), 0.5, seed=9)
    np.testing.assert_array_equal(m, fa.dropout.mask(120, 0.5, seed=9).reshape(4, 5, 6))


def test_out():
    x = sample(2 * GRAIN + 100, np.float32, 1)
    want = fa.dropout(x, 0.5, seed=6)
    out = np.empty_like(x)
    assert fa.dropout(x, 0.5, seed=6, out=out) is out
    np.testing.assert_array_equal(bits(out), bits(want))
    in_place = x.copy()
    assert fa.dropout(in_place, 0.5, seed=6, out=in_place) is in_place
    np.testing.assert_array_equal(bits(in_place), bits(want))
    grad = x.copy()
    fa.dropout.backward(grad, 0.5, seed=6, out=grad)
    np.testing.assert_array_equal(bits(grad), bits(want))
    # partial overlap: out is x shifted by one element
    buffer = np.concatenate([x, [0]]).astype(np.float32)
    fa.dropout(buffer[:-1], 0.5, seed=6, out=buffer[1:])
    np.testing.assert_array_equal(bits(buffer[1:]), bits(want))
    # Fortran-ordered and strided out
    x2 = x[:65536].reshape(256, 256)
    want2 = fa.dropout(x2, 0.5, seed=6)
    for target in (np.empty((256, 256), np.float32, order="F"),
                   np.empty((256, 512), np.float32)[:, ::2]):
        fa.dropout(x2, 0.5, seed=6, out=target)
        np.testing.assert_array_equal(bits(target), bits(want2))
    with pytest.raises(ValueError, match="shape"):
        fa.dropout(x, 0.5, seed=6, out=np.empty(3, np.float32))
    with pytest.raises(TypeError, match="dtype"):
        fa.dropout(x, 0.5, seed=6, out=np.empty_like(x, dtype=np.float64))
    read_only = np.empty_like(x)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        fa.dropout(x, 0.5, seed=6, out=read_only)
    with pytest.raises(TypeError, match="out must be"):
        fa.dropout(x, 0.5, seed=6, out=[0.0])


def test_input_never_modified():
    x = sample(5000, np.float64, 2)
    before = x.copy()
    fa.dropout(x, 0.5, seed=1)
    fa.dropout.backward(x, 0.5, seed=1)
    fa.dropout(x[::-1], 0.5, seed=1)
    np.testing.assert_array_equal(x, before)


def test_pickles_and_repr():
    assert pickle.loads(pickle.dumps(fa.dropout)) is fa.dropout
    assert "dropout" in repr(fa.dropout)
    assert "dropout" in fa.__all__
