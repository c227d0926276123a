"""The ways to compute an activation from NumPy that the benchmarks and the peer
ladder (ladder.py) compare: fastact, its NumPy reference twin, and the peers --
hand-written NumPy, SciPy, numexpr and PyTorch (CPU), each where installed.

    PEERS[(row, pass)]       -> {name: Impl}   elementwise
    AXIS_PEERS[(name, pass)] -> {name: Impl}   softmax, log_softmax along the last axis

A row is a name of fastact._table (gelu_tanh: gelu with approximate='tanh'); a
pass is forward, backward_x (dy f'(x)) or backward_y (the same from y = f(x)).
An Impl works on prepared arguments: ``bind(impl, x, dy, y, out)`` prepares them
once (torch: tensors sharing the NumPy memory, made outside the timed call, so
torch is timed on its own kernels and its C bindings, the strictest bar) and
returns the zero-argument call to time, with out= given where ``out`` is not None
and the implementation has an out= form (``impl.out``; None: it allocates).
``as_numpy`` turns any result into a NumPy array.

The torch backward peers are PyTorch's own backward kernels (what autograd
calls), checked to compute fastact's pass (tests/test_ladder.py):
silu_backward, gelu_backward (approximate 'none' and 'tanh'), sigmoid_backward
and tanh_backward from y, softplus_backward, elu_backward (from x, and from y
with is_result=True; selu and celu through its scale and input_scale),
threshold_backward (relu), leaky_relu_backward, hardtanh_backward (relu6 as
hardtanh(0, 6), which is how torch computes relu6; hard_tanh), mish_backward,
log_sigmoid_backward (with the e^-|x| buffer its forward saves, made untimed:
see below), hardswish_backward
(0 at x = -3 and 1 at 3, as fastact) and hardsigmoid_backward (in float64 with
1/6 rounded to float32: 0.1666666716337204, 2.7e8 float64 ULPs off). No torch
kernel computes sigmoid' or tanh' from x, softplus' from y, or softsign'.

log_sigmoid backward: torch's forward (log_sigmoid_forward, which F.logsigmoid
and the forward peer here call) writes the buffer e^-|x| beside its output, and
its backward reads dy, x and that buffer, with no exp; fastact's backward reads
dy and x and computes the exp. The backward cell times torch's backward alone
(its buffer made before timing), so it shows what a training step's backward
costs each library; torch pays for the buffer in its forward, which the forward
cell times. The fair comparison of the two designs is the pair: forward +
backward, torch 1.4-2.0x slower than fastact (benchmarks/floors.py's last
table; BENCHMARKS.md, 2026-12-07 session 7), though torch's backward alone is
up to 1.8x faster in float64 in cache (2.7x on AVX2).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

import fastact as fa
from fastact import reference
from oracle import public

#: selu's constants (torch's aten::selu is elu with these)
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


class Impl(NamedTuple):
    """library: fastact, numpy, scipy, numexpr or torch. call(x, dy, y) and
    out(x, dy, y, out) take the arguments prepare(x, dy, y) made (default: as given)."""

    library: str
    call: Callable
    out: Callable | None = None
    prepare: Callable | None = None


def bind(impl: Impl, x, dy=None, y=None, out: np.ndarray | None = None) -> Callable[[], object]:
    """The zero-argument call to time: impl on these arrays, into out where out is
    given and impl has an out= form."""
    args = impl.prepare(x, dy, y) if impl.prepare is not None else (x, dy, y)
    if out is not None and impl.out is not None:
        target = _tensor(out) if impl.library == "torch" else out
        return lambda: impl.out(*args, target)
    return lambda: impl.call(*args)


def as_numpy(result) -> np.ndarray:
    return result if isinstance(result, np.ndarray) else np.asarray(result.numpy())


def allocates(impl: Impl) -> bool:
    return impl.out is None


PEERS: dict = {}
AXIS_PEERS: dict = {}


def _add(row: str, pass_: str, name: str, impl: Impl, table: dict = PEERS) -> None:
    table.setdefault((row, pass_), {})[name] = impl


# --- fastact and its NumPy twin ---------------------------------------------------------
def fastact_impl(row: str, pass_: str) -> Impl:
    """fastact's call for (row, pass) at default parameters, elementwise or axis."""
    name, kw = public(row)
    f = getattr(fa, name) if name in ("softmax", "log_softmax") else fa.get(name)
    if pass_ == "forward":
        return Impl("fastact", lambda x, dy, y: f(x, **kw), lambda x, dy, y, o: f(x, out=o, **kw))
    if pass_ == "derivative":
        return Impl("fastact", lambda x, dy, y: f.derivative(x, **kw))
    if pass_ == "backward_x":
        return Impl("fastact", lambda x, dy, y: f.backward(dy, x, **kw),
                    lambda x, dy, y, o: f.backward(dy, x, out=o, **kw))
    return Impl("fastact", lambda x, dy, y: f.backward(dy, y=y, **kw),
                lambda x, dy, y, o: f.backward(dy, y=y, out=o, **kw))


def reference_impl(row: str, pass_: str) -> Impl:
    """The NumPy twin (fastact.reference): the stable NumPy form, a chain of passes."""
    name, kw = public(row)
    twin = getattr(reference, name)
    if pass_ == "forward":
        return Impl("numpy", lambda x, dy, y: twin(x, **kw))
    if pass_ == "derivative":
        return Impl("numpy", lambda x, dy, y: twin.derivative(x, **kw))
    if pass_ == "backward_x":
        return Impl("numpy", lambda x, dy, y: twin.backward(dy, x, **kw))
    return Impl("numpy", lambda x, dy, y: twin.backward(dy, y=y, **kw))


# --- NumPy ------------------------------------------------------------------------------
def _numpy(call, out=None) -> Impl:
    return Impl("numpy", lambda x, dy, y: call(x), None if out is None else lambda x, dy, y, o: out(x, o))


_add("sigmoid", "forward", "numpy-naive", _numpy(lambda x: 1 / (1 + np.exp(-x))))
_add("tanh", "forward", "np.tanh", _numpy(np.tanh, lambda x, o: np.tanh(x, out=o)))
_add("relu", "forward", "np.maximum", _numpy(lambda x: np.maximum(x, 0),
                                             lambda x, o: np.maximum(x, 0, out=o)))
_add("softsign", "forward", "numpy-naive", _numpy(lambda x: x / (1 + np.abs(x))))

# --- SciPy ------------------------------------------------------------------------------
try:
    import scipy.special as sp
except ImportError:
    sp = None
else:
    def _scipy(call, out=None) -> Impl:
        return Impl("scipy", lambda x, dy, y: call(x), None if out is None else lambda x, dy, y, o: out(x, o))

    _add("sigmoid", "forward", "scipy", _scipy(sp.expit, lambda x, o: sp.expit(x, out=o)))
    _add("log_sigmoid", "forward", "scipy", _scipy(sp.log_expit, lambda x, o: sp.log_expit(x, out=o)))
    _add("gelu", "forward", "scipy", _scipy(lambda x: x * sp.ndtr(x)))
    for _name in ("softmax", "log_softmax"):
        _add(_name, "forward", "scipy", Impl("scipy", lambda x, dy, y, f=getattr(sp, _name): f(x, axis=-1)),
             AXIS_PEERS)

# --- numexpr ----------------------------------------------------------------------------
try:
    import numexpr as ne
except ImportError:
    ne = None
else:
    ne.set_num_threads(1)  # one thread against one thread

    def _numexpr(expression: str) -> Impl:
        return Impl("numexpr", lambda x, dy, y: ne.evaluate(expression, local_dict={"x": x}),
                    lambda x, dy, y, o: ne.evaluate(expression, local_dict={"x": x}, out=o))

    _add("sigmoid", "forward", "numexpr", _numexpr("1 / (1 + exp(-x))"))
    _add("tanh", "forward", "numexpr", _numexpr("tanh(x)"))
    _add("swish", "forward", "numexpr", _numexpr("x / (1 + exp(-x))"))
    _add("softplus", "forward", "numexpr", _numexpr("log1p(exp(x))"))
    _add("elu", "forward", "numexpr", _numexpr("where(x > 0, x, expm1(x))"))

# --- PyTorch ----------------------------------------------------------------------------
try:
    import torch
except ImportError:
    torch = None
else:
    torch.set_num_threads(1)  # one thread against one thread
    _nn, _aten = torch._C._nn, torch.ops.aten


def _tensor(a):
    return None if a is None else torch.from_numpy(a)


def _tensors(x, dy, y):
    return _tensor(x), _tensor(dy), _tensor(y)


def _torch(call, out=None, prepare=_tensors) -> Impl:
    return Impl("torch", call, out, prepare)


if torch is not None:
    def _unary(call, out=None) -> Impl:
        """A forward: call(x), out(x, o)."""
        return _torch(lambda x, dy, y: call(x), None if out is None else lambda x, dy, y, o: out(x, o))

    _FORWARD = {
        "sigmoid": _unary(torch.sigmoid, lambda x, o: torch.sigmoid(x, out=o)),
        "tanh": _unary(torch.tanh, lambda x, o: torch.tanh(x, out=o)),
        "relu": _unary(torch.relu, lambda x, o: _aten.relu.out(x, out=o)),
        "leaky_relu": _unary(lambda x: _nn.leaky_relu(x, 0.01), lambda x, o: _nn.leaky_relu(x, 0.01, out=o)),
        "relu6": _unary(lambda x: _nn.hardtanh(x, 0.0, 6.0), lambda x, o: _nn.hardtanh(x, 0.0, 6.0, out=o)),
        "hard_tanh": _unary(_nn.hardtanh, lambda x, o: _nn.hardtanh(x, out=o)),
        "elu": _unary(_nn.elu, lambda x, o: _nn.elu(x, out=o)),
        "selu": _unary(torch.selu, lambda x, o: _nn.elu(x, SELU_ALPHA, SELU_SCALE, 1.0, out=o)),
        "celu": _unary(torch.celu, lambda x, o: _aten.celu.out(x, out=o)),
        "gelu": _unary(_nn.gelu, lambda x, o: _nn.gelu(x, out=o)),
        "gelu_tanh": _unary(lambda x: _nn.gelu(x, approximate="tanh"),
                            lambda x, o: _nn.gelu(x, approximate="tanh", out=o)),
        "swish": _unary(_nn.silu, lambda x, o: _nn.silu(x, out=o)),
        "mish": _unary(_nn.mish, lambda x, o: _nn.mish(x, out=o)),
        "softplus": _unary(_nn.softplus, lambda x, o: _nn.softplus(x, out=o)),
        "log_sigmoid": _unary(_nn.log_sigmoid, lambda x, o: _nn.log_sigmoid(x, out=o)),
        "hard_swish": _unary(_nn.hardswish, lambda x, o: _nn.hardswish(x, out=o)),
        "hard_sigmoid": _unary(_nn.hardsigmoid, lambda x, o: _nn.hardsigmoid(x, out=o)),
        "softsign": _unary(torch.nn.functional.softsign),  # x / (1 + |x|): three passes
    }
    for _row, _impl in _FORWARD.items():
        _add(_row, "forward", "torch", _impl)

    def _grad(op, *args, from_y: bool = False, out: str = "grad_input") -> Impl:
        """op(dy, x or y, *args) through the resolved overloads of a backward kernel."""
        default, into = op.default, getattr(op, out, None)

        def call(x, dy, y):
            return default(dy, y if from_y else x, *args)

        def out_call(x, dy, y, o):
            return into(dy, y if from_y else x, *args, **{out: o})
        return _torch(call, None if into is None else out_call)

    def _elu_grad(alpha: float, scale: float, input_scale: float, from_y: bool) -> Impl:
        op = _aten.elu_backward

        def call(x, dy, y):
            return op.default(dy, alpha, scale, input_scale, from_y, y if from_y else x)

        def out_call(x, dy, y, o):
            return op.grad_input(dy, alpha, scale, input_scale, from_y, y if from_y else x, grad_input=o)
        return _torch(call, out_call)

    def _log_sigmoid_prepare(x, dy, y):
        """The buffer (e^-|x|) that torch's forward saves for its backward, made here,
        untimed: its cost is in torch's forward (module docstring)."""
        tx = _tensor(x)
        return tx, _tensor(dy), _aten.log_sigmoid_forward(tx)[1]

    _BACKWARD = {
        ("swish", "backward_x"): _grad(_aten.silu_backward),
        ("gelu", "backward_x"): _grad(_aten.gelu_backward),
        ("gelu_tanh", "backward_x"): _torch(
            lambda x, dy, y: _aten.gelu_backward.default(dy, x, approximate="tanh"),
            lambda x, dy, y, o: _aten.gelu_backward.grad_input(dy, x, approximate="tanh", grad_input=o)),
        ("sigmoid", "backward_y"): _grad(_aten.sigmoid_backward, from_y=True),
        ("tanh", "backward_y"): _grad(_aten.tanh_backward, from_y=True),
        ("softplus", "backward_x"): _grad(_aten.softplus_backward, 1.0, 20.0),
        ("elu", "backward_x"): _elu_grad(1.0, 1.0, 1.0, False),
        ("elu", "backward_y"): _elu_grad(1.0, 1.0, 1.0, True),
        ("selu", "backward_x"): _elu_grad(SELU_ALPHA, SELU_SCALE, 1.0, False),
        ("celu", "backward_x"): _elu_grad(1.0, 1.0, 1.0, False),  # input_scale = 1 / alpha
        ("relu", "backward_x"): _grad(_aten.threshold_backward, 0.0),
        ("relu", "backward_y"): _grad(_aten.threshold_backward, 0.0, from_y=True),
        ("leaky_relu", "backward_x"): _grad(_aten.leaky_relu_backward, 0.01, False),
        ("leaky_relu", "backward_y"): _grad(_aten.leaky_relu_backward, 0.01, True, from_y=True),
        ("relu6", "backward_x"): _grad(_aten.hardtanh_backward, 0.0, 6.0),
        ("relu6", "backward_y"): _grad(_aten.hardtanh_backward, 0.0, 6.0, from_y=True),
        ("hard_tanh", "backward_x"): _grad(_aten.hardtanh_backward, -1.0, 1.0),
        ("hard_tanh", "backward_y"): _grad(_aten.hardtanh_backward, -1.0, 1.0, from_y=True),
        ("mish", "backward_x"): _grad(_aten.mish_backward),  # no out= form
        ("log_sigmoid", "backward_x"): _torch(
            lambda x, dy, buffer: _aten.log_sigmoid_backward.default(dy, x, buffer),
            lambda x, dy, buffer, o: _aten.log_sigmoid_backward.grad_input(dy, x, buffer, grad_input=o),
            _log_sigmoid_prepare),
        ("hard_swish", "backward_x"): _grad(_aten.hardswish_backward, out="out"),
        ("hard_sigmoid", "backward_x"): _grad(_aten.hardsigmoid_backward),
    }
    for (_row, _pass), _impl in _BACKWARD.items():
        _add(_row, _pass, "torch", _impl)

    # along the last axis: torch's own kernels (what F.softmax and autograd call)
    for _name, _forward, _backward in (
            ("softmax", _aten._softmax, _aten._softmax_backward_data),
            ("log_softmax", _aten._log_softmax, _aten._log_softmax_backward_data)):
        _add(_name, "forward", "torch", _torch(
            lambda x, dy, y, f=_forward: f.default(x, -1, False),
            lambda x, dy, y, o, f=_forward: f.out(x, -1, False, out=o)), AXIS_PEERS)
        _out_name = "grad_input" if _name == "softmax" else "out"
        _add(_name, "backward_y", "torch", _torch(
            lambda x, dy, y, f=_backward: f.default(dy, y, -1, y.dtype),
            lambda x, dy, y, o, f=_backward, k=_out_name: f.out(dy, y, -1, y.dtype, **{k: o})), AXIS_PEERS)
