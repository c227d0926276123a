"""NumPy's rules for dtypes, scalars, out= and aliasing, checked on every activation."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fa, rows

NAMES = [spec.name for spec in rows()]


@pytest.fixture(params=NAMES)
def activation(request):
    return fa.get(request.param)


def test_float32_stays_float32_and_float64_stays_float64(activation):
    for dtype in (np.float32, np.float64):
        x = np.linspace(-3, 3, 11, dtype=dtype)
        assert activation(x).dtype == dtype
        assert activation.derivative(x).dtype == dtype
        assert activation.backward(np.ones_like(x), x).dtype == dtype


def test_float16_is_computed_in_float32_and_returned_as_float16(activation):
    x16 = np.linspace(-3, 3, 11, dtype=np.float16)
    got = activation(x16)
    assert got.dtype == np.float16
    np.testing.assert_array_equal(got, activation(x16.astype(np.float32)).astype(np.float16))


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int32, np.int64, np.uint16, np.uint64])
def test_bool_and_integers_are_computed_in_float64(activation, dtype):
    x = np.array([0, 1, 2, 3], dtype=dtype)
    got = activation(x)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, activation(x.astype(np.float64)))


@pytest.mark.parametrize("bad", [np.array([1 + 2j]), np.array(["a"]), np.array([object()]),
                                 np.array(["2020-01-01"], dtype="M8[D]")])
def test_unsupported_dtypes_raise_type_error_naming_the_dtype(activation, bad):
    with pytest.raises(TypeError, match=str(bad.dtype).replace("[", r"\[").replace("]", r"\]")):
        activation(bad)
    with pytest.raises(TypeError):
        activation.backward(np.ones(1), bad)


def test_python_scalars_give_numpy_scalars_like_numpy(activation):
    for value in (0.5, -2, True):
        got = activation(value)
        assert isinstance(got, np.float64)
        assert got == activation(np.array([value], dtype=np.float64))[0]
    assert isinstance(activation(np.float32(0.5)), np.float32)
    assert isinstance(activation.derivative(1.5), np.float64)
    assert isinstance(activation.backward(1.0, 1.5), np.float64)


def test_lists_are_accepted(activation):
    np.testing.assert_array_equal(activation([[-1.0, 0.5], [2.0, 3.0]]),
                                  activation(np.array([[-1.0, 0.5], [2.0, 3.0]])))


def test_input_is_never_modified(activation):
    x = np.linspace(-5, 5, 101)
    dy = np.linspace(1, 2, 101)
    x0, dy0 = x.copy(), dy.copy()
    activation(x)
    activation.derivative(x)
    activation.backward(dy, x)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dy, dy0)


def test_contiguous_input_is_not_copied_and_out_is_written_in_place(activation):
    x = np.linspace(-5, 5, 4097, dtype=np.float32)
    out = np.empty_like(x)
    assert activation(x, out=out) is out
    np.testing.assert_array_equal(out, activation(x))


def test_out_may_be_the_input_itself(activation):
    x = np.linspace(-5, 5, 5001)  # several in-place blocks and a tail
    want = activation(x)
    assert activation(x, out=x) is x
    np.testing.assert_array_equal(x, want)
    x = np.linspace(-5, 5, 5001)
    dy = np.linspace(1, 2, 5001)
    want = activation.backward(dy, x)
    activation.backward(dy, x, out=dy)
    np.testing.assert_array_equal(dy, want)


def test_partial_overlap_of_out_and_input_still_gives_the_right_answer(activation):
    buffer = np.linspace(-5, 5, 3000)
    x = buffer[:2000]
    want = activation(x.copy())
    activation(x, out=buffer[1000:])
    np.testing.assert_array_equal(buffer[1000:], want)


def test_out_may_be_non_contiguous(activation):
    x = np.linspace(-5, 5, 200).reshape(10, 20)
    out = np.zeros((20, 10)).T
    activation(x, out=out)
    np.testing.assert_array_equal(out, activation(x))


def test_out_may_be_unaligned(activation):
    x = np.linspace(-5, 5, 200)
    raw = np.zeros(x.nbytes + 1, np.uint8)
    out = raw[1:].view(np.float64)
    assert not out.flags.aligned
    assert activation(x, out=out) is out
    np.testing.assert_array_equal(out, activation(x))
    activation.backward(x, x, out=out)
    np.testing.assert_array_equal(out, activation.backward(x, x))


def test_out_with_wrong_shape_or_dtype_or_read_only_is_an_error(activation):
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        activation(x, out=np.empty((3, 2)))
    with pytest.raises(TypeError, match="float32.*float64"):
        activation(x, out=np.empty((2, 3), np.float32))
    with pytest.raises(TypeError, match="out must be a numpy.ndarray"):
        activation(x, out=[0.0] * 6)
    read_only = np.empty((2, 3))
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        activation(x, out=read_only)
    with pytest.raises(ValueError, match=r"\(3, 2\)"):
        activation.derivative(x, out=np.empty((3, 2)))
    with pytest.raises(ValueError, match=r"\(3, 2\)"):
        activation.backward(x, x, out=np.empty((3, 2)))


def test_backward_broadcasts_dy_against_x(activation):
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    dy = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_array_equal(activation.backward(dy, x),
                                  activation.backward(np.broadcast_to(dy, x.shape).copy(), x))
    with pytest.raises(ValueError, match="broadcast"):
        activation.backward(np.ones(5), x)


def test_backward_takes_exactly_one_of_x_and_y(activation):
    with pytest.raises(TypeError, match="exactly one"):
        activation.backward(np.ones(3))
    with pytest.raises(TypeError, match="exactly one"):
        activation.backward(np.ones(3), np.ones(3), y=np.ones(3))


def test_unknown_and_non_numeric_parameters_are_type_errors(activation):
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        activation(np.ones(3), bogus=1.0)
    for name in (p.name for p in activation.spec.params):
        with pytest.raises(TypeError, match=name):
            activation(np.ones(3), **{name: "high"})


def test_concurrent_calls_from_threads_agree(activation):
    from concurrent.futures import ThreadPoolExecutor

    x = np.linspace(-8, 8, 1 << 18)
    want = activation(x)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: activation(x), range(8)))
    for got in results:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_outputs_beyond_the_caches_are_streamed_bit_for_bit(dtype):
    """Outputs of 8 MiB and more are written with non-temporal stores
    (csrc/stream.h; tests/test_streaming.py reaches every loop's path with
    small arrays); every start offset (alignment of out) must give the same
    bits as small calls, which never stream."""
    n = (8 << 20) // np.dtype(dtype).itemsize + 77
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(n + 3) * 8).astype(dtype)
    pieces = np.concatenate([fa.tanh(x[i:i + 50_000]) for i in range(0, x.size, 50_000)])
    for offset in range(3):  # out shifted by whole elements: 4/8-byte, not 16-byte, aligned
        source = x[offset:offset + n]
        buffer = np.zeros(n + 3, dtype)
        out = buffer[3 - offset:3 - offset + n]
        assert fa.tanh(source, out=out) is out
        np.testing.assert_array_equal(out, pieces[offset:offset + n])
        np.testing.assert_array_equal(fa.tanh(source), pieces[offset:offset + n])
        in_place = source.copy()
        fa.tanh(in_place, out=in_place)
        np.testing.assert_array_equal(in_place, pieces[offset:offset + n])
        dy = np.ones_like(source)
        np.testing.assert_array_equal(fa.tanh.backward(dy, source, out=out),
                                      fa.tanh.derivative(source))


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_out_may_be_an_ndarray_subclass():
    """np.matrix ravels to 2-D: it raised "Buffer has wrong number of dimensions"."""
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    for call, want in ((lambda out: fa.sigmoid(x, out=out), fa.sigmoid(x)),
                       (lambda out: fa.sigmoid.backward(np.ones_like(x), x, out=out),
                        fa.sigmoid.derivative(x)),
                       (lambda out: fa.softmax(x, out=out), fa.softmax(x)),
                       (lambda out: fa.log_softmax.backward(np.ones_like(x), y=x, out=out),
                        fa.log_softmax.backward(np.ones_like(x), y=x))):
        out = np.matrix(np.zeros((2, 2)))
        assert call(out) is out
        np.testing.assert_array_equal(np.asarray(out), want)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_out_in_the_other_byte_order_is_written(dtype):
    x = np.linspace(-3, 3, 7).astype(dtype)
    swapped = np.dtype(dtype).newbyteorder("S")
    for name in ("tanh", "softmax"):
        out = np.zeros(7, swapped)
        assert getattr(fa, name)(x, out=out) is out
        np.testing.assert_array_equal(out.astype(dtype), getattr(fa, name)(x))
    out = np.zeros(7, swapped)
    fa.tanh.backward(np.ones_like(x), x, out=out)
    np.testing.assert_array_equal(out.astype(dtype), fa.tanh.derivative(x))
