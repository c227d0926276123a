"""A strided axis gives a row's bits (issue 13, session 10): softmax and
log_softmax forward, backward from y and from x, along an axis with inner > 1
(a C array's axis 0, an F array's last axis, a 3-D array's middle axis, after
a negative stride) equal np.array_equal the same data's rows (axis -1 of a
C array, inner == 1), on every ISA. The kernels gather a strided axis's
columns into rows and run the rows' own function on them
(csrc/kernels/axis_dtype.inc softmax_any); before, a loop of its own gave
other bits (float32 softmax in 200 of 200 random cases, every ISA), and a
DataFrame's axis-0 test failed under FASTACT_ISA=avx2."""

from __future__ import annotations

import numpy as np
import pytest

import fastact as fa

NAMES = ("softmax", "log_softmax")
PASSES = ("forward", "backward_y", "backward_x")
LENGTHS = (1, 7, 37, 130, 1000)


def _rows(rng, m: int, n: int, dtype, special: bool) -> np.ndarray:
    x = (rng.standard_normal((m, n)) * 3).astype(dtype)
    if special and m >= 6:
        x[0, n // 2] = np.inf                  # one +inf: the limit
        x[1, :] = -np.inf                      # all -inf: NaN
        x[2, n - 1] = np.nan                   # NaN poisons the row
        x[3, ::3] = -np.inf                    # some -inf
        x[4, :] *= 1e4                         # a wide spread (float32 exp underflows)
        x[5, 0] = np.inf
        x[5, n - 1] = np.inf                   # +inf twice (n == 1: once)
    return x


def _apply(f, pass_: str, axis: int, x, dy, y):
    if pass_ == "forward":
        return f(x, axis=axis)
    if pass_ == "backward_y":
        return f.backward(dy, y=y, axis=axis)
    return f.backward(dy, x, axis=axis)


def _layouts(outer: int, inner: int, n: int):
    """(name, to(a): the rows (outer inner, n) laid out, axis, back(r): the
    result laid out again as rows)"""
    m = outer * inner

    def c_axis0(a):
        return np.ascontiguousarray(a.T)

    def middle(a):
        return np.ascontiguousarray(a.reshape(outer, inner, n).transpose(0, 2, 1))

    def reversed_columns(a):
        return np.ascontiguousarray(a.T)[:, ::-1]

    return (
        ("C axis 0", c_axis0, 0, lambda r: r.T),
        ("F last axis", np.asfortranarray, 1, lambda r: r),
        ("3-D middle axis", middle, 1, lambda r: r.transpose(0, 2, 1).reshape(m, n)),
        ("negative stride", reversed_columns, 0, lambda r: r[:, ::-1].T),
        ("transposed view", lambda a: a.T, 0, lambda r: r.T),
    )


def _check(isa, name: str, pass_: str, dtype, n: int, inners, outer: int, special: bool) -> None:
    f = fa.get(name)
    rng = np.random.default_rng([n, outer, int(special)])
    for inner in inners:
        m = outer * inner
        x = _rows(rng, m, n, dtype, special)
        dy = rng.standard_normal((m, n)).astype(dtype)
        y = f(x, axis=-1)
        want = _apply(f, pass_, -1, x, dy, y)
        for layout, to, axis, back in _layouts(outer, inner, n):
            got = back(_apply(f, pass_, axis, to(x), to(dy), to(y)))
            assert got.dtype == want.dtype
            if not np.array_equal(got, want, equal_nan=True):
                bad = np.argwhere(~((got == want) | (np.isnan(got) & np.isnan(want))))
                i, j = bad[0]
                raise AssertionError(
                    f"{isa} {name} {pass_} {np.dtype(dtype).name} n={n} inner={inner} "
                    f"outer={outer} {layout}: {len(bad)} elements differ from the rows', first "
                    f"[{i}, {j}]: {got[i, j]!r} vs {want[i, j]!r}")


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("pass_", PASSES)
@pytest.mark.parametrize("name", NAMES)
def test_strided_axis_gives_the_rows_bits(isa, dtype, name, pass_, n):
    inners = range(1, 18) if n <= 130 else (2, 3, 8, 16, 17)
    _check(isa, name, pass_, dtype, n, inners, outer=1, special=False)
    _check(isa, name, pass_, dtype, n, (2, 5, 9), outer=3, special=False)


@pytest.mark.parametrize("n", (1, 2, 7, 37, 130))
@pytest.mark.parametrize("pass_", PASSES)
@pytest.mark.parametrize("name", NAMES)
def test_strided_axis_gives_the_rows_bits_at_infinity_and_nan(isa, dtype, name, pass_, n):
    _check(isa, name, pass_, dtype, n, (6, 7, 13), outer=1, special=True)
    _check(isa, name, pass_, dtype, n, (3,), outer=2, special=True)


def test_backward_sums_in_the_rows_order(isa, dtype):
    """The backward passes' sums: the strided columns are summed in place
    (csrc/simd/softmax_f32.h fa_smx_dot_columns, kernels/axis_dtype.inc
    row_dot_columns) in the rows' order. float32's sums run in double, whose
    rounding a float32 dx rarely shows, so dy here holds terms of +-2^40 that
    cancel beside small ones: the small terms' rounding then shows in the sum,
    and another order of the lanes, the tails or the lane totals gives other
    bits. Every row length to 4 FA_SMX_W = 64 and beyond, so each of the
    rows' tails (pairs, one vector, the masked last one) meets each layer."""
    rng = np.random.default_rng(11)
    big = np.float32(2.0**40)
    for n in [*range(1, 150), 255, 257, 1000]:
        inner = (3, 17, 40)[n % 3]
        x = (rng.standard_normal((inner, n)) * 3).astype(dtype)
        dy = rng.standard_normal((inner, n)).astype(dtype)
        picks = rng.integers(0, n, size=(inner, 4))
        for r in range(inner):
            dy[r, picks[r, :2]] = big
            dy[r, picks[r, 2:]] = -big
        for name in NAMES:
            f = fa.get(name)
            y = f(x, axis=-1)
            want = f.backward(dy, y=y, axis=-1)
            got = f.backward(np.ascontiguousarray(dy.T), y=np.ascontiguousarray(y.T), axis=0).T
            assert np.array_equal(got, want, equal_nan=True), (isa, name, n, inner)


@pytest.mark.parametrize("shape", [(40, 33), (1000, 3), (3, 1000), (2, 300, 17)])
def test_long_and_wide_blocks(isa, dtype, shape):
    """more columns than one gathered block (fastact.h fa_axis_columns) and
    edges that are no whole tile (simd/tile_avx.h)"""
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(shape) * 5).astype(dtype)
    dy = rng.standard_normal(shape).astype(dtype)
    for name in NAMES:
        f = fa.get(name)
        for axis in range(len(shape) - 1):
            moved = np.ascontiguousarray(np.moveaxis(x, axis, -1))
            moved_dy = np.ascontiguousarray(np.moveaxis(dy, axis, -1))
            y = f(moved, axis=-1)
            np.testing.assert_array_equal(np.moveaxis(f(x, axis=axis), axis, -1), y)
            np.testing.assert_array_equal(
                np.moveaxis(f.backward(dy, y=np.moveaxis(y, -1, axis), axis=axis), axis, -1),
                f.backward(moved_dy, y=y, axis=-1))


def test_where_mask_along_a_strided_axis(isa, dtype):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((37, 11)) * 3).astype(dtype)
    mask = rng.random((37, 11)) < 0.7
    for name in NAMES:
        f = fa.get(name)
        np.testing.assert_array_equal(f(x, axis=0, where=mask),
                                      f(np.ascontiguousarray(x.T), axis=1, where=mask.T).T)


def test_dataframe_axis_0_on_every_isa(isa):
    """the case that failed under FASTACT_ISA=avx2 (test_axis_containers.py)"""
    pd = pytest.importorskip("pandas")
    logits = np.random.default_rng(0).standard_normal((6, 8)) * 4
    frame = pd.DataFrame(logits)
    for name in NAMES:
        f = fa.get(name)
        np.testing.assert_array_equal(f(frame, axis=0).to_numpy(), f(logits.T, axis=-1).T)


@pytest.mark.parametrize("n", (4500, 5000, 6001, 9000))
def test_long_log_softmax_rows_backward_alone_or_in_a_batch(isa, n):
    """A long row (more than 4096 elements: its end runs in the loop of the
    next row's sum, simd/softmax_f32.h fa_smx_backward_finish_and_dot) gives
    the bits it gives alone, as a call's or a thread's last row, with y > 0
    somewhere in its last block of 512 (AVX2 picks e^y's form per block:
    before session 11, the fused row cut its last block at a multiple of
    4 vectors and the lone row did not)."""
    rng = np.random.default_rng(n)
    rows = 4
    y = -np.abs(rng.standard_normal((rows, n))).astype(np.float32) - 1.0
    dy = rng.standard_normal((rows, n)).astype(np.float32)
    last_block = n - n % 512
    whole4 = n - n % 64                            # where the fused steps stop (AVX-512; AVX2 32)
    assert last_block < whole4 < n
    y[0, n - 1] = 0.5                              # y > 0 past the fused steps,
    y[1, n - 3] = 0.5
    y[2, rng.integers(last_block, whole4)] = 0.5   # before them in the last block,
    y[3, rng.integers(0, last_block)] = 0.25       # in an earlier block
    batch = fa.log_softmax.backward(dy, y=y, axis=-1)
    for r in range(rows):
        alone = fa.log_softmax.backward(dy[r:r + 1], y=y[r:r + 1], axis=-1)
        assert np.array_equal(batch[r:r + 1], alone), (isa, n, r)
    previous = fa.get_num_threads()
    try:
        fa.set_num_threads(2)
        big_y = np.tile(y, (16, 1))
        big_dy = np.tile(dy, (16, 1))
        two = fa.log_softmax.backward(big_dy, y=big_y, axis=-1)
        fa.set_num_threads(1)
        one = fa.log_softmax.backward(big_dy, y=big_y, axis=-1)
    finally:
        fa.set_num_threads(previous)
    assert np.array_equal(one, two)
    assert np.array_equal(one[:rows], batch)
