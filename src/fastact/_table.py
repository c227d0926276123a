"""The one table of activations.

Everything else is generated from or iterates over ``ACTIVATIONS``:

* ``tools/gen_table_header.py`` turns it into ``fastact_table.h`` at build time,
  the X-macro list from which ``csrc/kernels/`` instantiates one C kernel per
  (activation, pass, dtype) and per instruction set (``_kernel_table.py``
  beside it says which cells hand-written SIMD bodies serve instead);
* ``fastact._registry`` builds one callable :class:`~fastact.Activation` per row;
* ``fastact.reference`` holds a NumPy twin named after each row;
* the tests and the benchmarks parametrise over the rows.

Adding an elementwise activation means: its math in ``csrc/act/<name>.h``, its
twin in ``fastact/reference.py`` and one row here.

This module is plain data (standard library only) so that the build can read
it before the package exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

#: The passes every elementwise activation has, in the order of the C kernel
#: table (``enum fa_pass`` in csrc/fastact.h is generated from this).
PASSES = ("forward", "derivative", "backward_x", "backward_y")

#: The most scalar parameters one activation may take (size of the C array).
MAX_PARAMS = 4


@dataclass(frozen=True)
class Param:
    """A keyword parameter of an activation: a float with a default."""

    name: str
    default: float
    doc: str = ""


@dataclass(frozen=True)
class Spec:
    """One row of the table.

    ``y_backward`` says whether ``backward(dy, y=...)`` exists: ``False``, or a
    predicate on the parameter values returning ``None`` when it is allowed and
    otherwise the reason why not (the ValueError's message).
    """

    name: str
    formula: str
    derivative: str
    params: tuple[Param, ...] = ()
    y_backward: Callable[[Mapping[str, float]], str | None] | None = None
    aliases: tuple[str, ...] = field(default=())
    #: a check of the parameter values: None, or the ValueError's message
    validate: Callable[[Mapping[str, float]], str | None] | None = None
    #: "elementwise" (C kernels generated from this table), "axis" (softmax
    #: family, along an axis) or "channel" (PReLU: one slope per channel)
    kind: str = "elementwise"
    #: a keyword taking one of several strings, each naming the row that computes
    #: it: ("approximate", {"none": "gelu", "tanh": "gelu_tanh"})
    choice: tuple[str, Mapping[str, str]] | None = None
    #: booleans the choice keyword also takes, as JAX and Keras pass them:
    #: {False: "none", True: "tanh"} (approximate=True is the tanh form)
    choice_flags: Mapping[bool, str] | None = None
    #: False for rows reached only through another row's choice (not in fa.available())
    public: bool = True
    #: zeros of f' given the parameters: next to them f' = a - b cancels, so the
    #: derivative is accurate in absolute, not relative, terms (tests, accuracy report)
    derivative_zeros: Callable[[Mapping[str, float]], tuple[float, ...]] = lambda params: ()

    @property
    def has_y_kernel(self) -> bool:
        return self.y_backward is not None


def _always(_params: Mapping[str, float]) -> str | None:
    return None


def _relu_threshold_nonnegative(params: Mapping[str, float]) -> str | None:
    if params["threshold"] >= 0.0:
        return None
    return (
        "relu.backward(dy, y=...) needs threshold >= 0: with threshold < 0 an "
        "output of 0 comes from both x <= threshold (gradient 0) and x == 0 "
        "(gradient 1); pass x instead"
    )


def _leaky_slope_nonnegative(params: Mapping[str, float]) -> str | None:
    if params["negative_slope"] >= 0.0:
        return None
    return (
        "leaky_relu.backward(dy, y=...) needs negative_slope >= 0: with a negative "
        "slope, y > 0 comes from both signs of x; pass x instead"
    )


def _elu_alpha_nonnegative(params: Mapping[str, float]) -> str | None:
    if params["alpha"] >= 0.0:
        return None
    return (
        "elu.backward(dy, y=...) needs alpha >= 0: with a negative alpha, y > 0 "
        "comes from both signs of x; pass x instead"
    )


def _alpha_nonzero(params: Mapping[str, float]) -> str | None:
    return None if params["alpha"] != 0.0 else "celu needs alpha != 0 (it divides by alpha)"


def _beta_positive(params: Mapping[str, float]) -> str | None:
    return None if params["beta"] > 0.0 else f"softplus needs beta > 0, got beta={params['beta']}"


def _softplus_threshold_positive(params: Mapping[str, float]) -> str | None:
    """y determines softplus' gradient up to the linear branch's overlap: for
    beta x just below the threshold t, y = log1p(e^(beta x)) / beta is already
    above t / beta, where y = x (gradient 1) also lands. There the kernels take
    the linear branch (1) where the true gradient is sigmoid(beta x) >=
    1 - 1/e^t: relative error at most 1 / (e^t - 1) (2.1e-9 at the default t =
    20: below float32's resolution, 1.9e7 float64 ULP; 4.5e-5 at t = 10).
    Documented and tested (tests/test_softplus_from_y.py) rather than refused
    above 0, since the default is inside it in float64; for t <= 0 the bound is
    infinite (y > t / beta may come from either branch anywhere), so refused."""
    if params["threshold"] > 0.0:
        return None
    return (
        "softplus.backward(dy, y=...) needs threshold > 0: with threshold <= 0 an "
        "output y may come from the linear branch (gradient 1) or the smooth one "
        "(gradient sigmoid(beta x), anywhere in (0, 1)); pass x instead"
    )


def _hard_tanh_bounds(params: Mapping[str, float]) -> str | None:
    if params["min_val"] <= params["max_val"]:
        return None
    return f"hard_tanh needs min_val <= max_val, got min_val={params['min_val']}, max_val={params['max_val']}"


ACTIVATIONS: tuple[Spec, ...] = (
    Spec(
        name="step",
        formula="step(x) = 1 if x >= threshold else 0",
        derivative="step'(x) = 0",
        params=(Param("threshold", 0.0, "inputs at or above it give 1"),),
        y_backward=_always,
    ),
    Spec(
        name="linear",
        formula="linear(x) = slope * x + intercept",
        derivative="linear'(x) = slope",
        params=(Param("slope", 1.0), Param("intercept", 0.0)),
        y_backward=_always,
        aliases=("identity",),
    ),
    Spec(
        name="sigmoid",
        formula="sigmoid(x) = 1 / (1 + exp(-x))",
        derivative="sigmoid'(x) = sigmoid(x) * sigmoid(-x) = y * (1 - y)",
        y_backward=_always,
        aliases=("expit",),  # SciPy
    ),
    Spec(
        name="tanh",
        formula="tanh(x) = (e^x - e^-x) / (e^x + e^-x)",
        derivative="tanh'(x) = 1 - tanh(x)^2 = sech(x)^2, from x as 4e / (1 + e)^2, e = e^-2|x|",
        y_backward=_always,
    ),
    Spec(
        name="relu",
        formula="relu(x) = x if x > threshold else 0",
        derivative="relu'(x) = 1 if x > threshold else 0 (0 at the kink, as PyTorch)",
        params=(Param("threshold", 0.0, "inputs at or below it give 0"),),
        y_backward=_relu_threshold_nonnegative,
    ),
    Spec(
        name="relu6",
        formula="relu6(x) = min(max(x, 0), 6)",
        derivative="relu6'(x) = 1 if 0 < x < 6 else 0 (0 at both kinks, as PyTorch)",
        y_backward=_always,
    ),
    Spec(
        name="leaky_relu",
        formula="leaky_relu(x) = x if x > 0 else negative_slope * x",
        derivative="leaky_relu'(x) = 1 if x > 0 else negative_slope (negative_slope at 0)",
        params=(Param("negative_slope", 0.01, "slope for x <= 0"),),
        y_backward=_leaky_slope_nonnegative,
    ),
    Spec(
        name="elu",
        formula="elu(x) = x if x > 0 else alpha * (e^x - 1)",
        derivative="elu'(x) = 1 if x > 0 else alpha * e^x (alpha at 0); from y: y + alpha",
        params=(Param("alpha", 1.0),),
        y_backward=_elu_alpha_nonnegative,
    ),
    Spec(
        name="selu",
        formula="selu(x) = scale * (x if x > 0 else alpha * (e^x - 1)), "
                "alpha = 1.6732632423543772, scale = 1.0507009873554805",
        derivative="selu'(x) = scale if x > 0 else scale * alpha * e^x",
    ),
    Spec(
        name="celu",
        formula="celu(x) = max(0, x) + min(0, alpha * (e^(x / alpha) - 1))",
        derivative="celu'(x) = 1 if x > 0 else e^(x / alpha)",
        params=(Param("alpha", 1.0, "nonzero"),),
        validate=_alpha_nonzero,
    ),
    Spec(
        name="gelu",
        formula="gelu(x) = x * Phi(x) = x * erfc(-x / sqrt(2)) / 2; approximate='tanh': "
                "x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) / 2",
        derivative="gelu'(x) = Phi(x) + x * phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi)",
        choice=("approximate", {"none": "gelu", "tanh": "gelu_tanh"}),
        choice_flags={False: "none", True: "tanh"},
        derivative_zeros=lambda params: (-0.75179152469356445746,),
    ),
    Spec(
        name="gelu_tanh",
        formula="gelu_tanh(x) = x * sigmoid(2u), u = sqrt(2/pi) * (x + 0.044715 x^3)",
        derivative="gelu_tanh'(x) = s + x * 2u' * s * (1 - s), s = sigmoid(2u)",
        public=False,
        derivative_zeros=lambda params: (-0.75246142207101625849,),
    ),
    Spec(
        name="swish",
        formula="swish(x) = x * sigmoid(beta * x)",
        derivative="swish'(x) = s + beta*x * s * (1 - s), s = sigmoid(beta * x)",
        params=(Param("beta", 1.0),),
        aliases=("silu",),
        derivative_zeros=lambda params: (
            () if params["beta"] == 0 else (-1.2784645427610737951 / params["beta"],)),
    ),
    Spec(
        name="mish",
        formula="mish(x) = x * tanh(softplus(x))",
        derivative="mish'(x) = t + x * (1 - t^2) * sigmoid(x), t = tanh(softplus(x))",
        derivative_zeros=lambda params: (-1.1924312145154952121,),
    ),
    Spec(
        name="softplus",
        formula="softplus(x) = log(1 + e^(beta x)) / beta, and x where beta x > threshold",
        derivative="softplus'(x) = sigmoid(beta x) (1 above the threshold); from y: 1 - e^(-beta y)",
        params=(Param("beta", 1.0, "> 0"), Param("threshold", 20.0, "linear above it, as PyTorch")),
        y_backward=_softplus_threshold_positive,
        validate=_beta_positive,
    ),
    Spec(
        name="softsign",
        formula="softsign(x) = x / (1 + |x|)",
        derivative="softsign'(x) = 1 / (1 + |x|)^2",
        aliases=("soft_sign",),  # Keras
    ),
    Spec(
        name="hard_sigmoid",
        formula="hard_sigmoid(x) = clip(x / 6 + 1/2, 0, 1)",
        derivative="hard_sigmoid'(x) = 1/6 if -3 < x < 3 else 0",
        aliases=("hardsigmoid",),  # torch, Keras 3, JAX (relu6(x + 3) / 6)
    ),
    Spec(
        name="hard_swish",
        formula="hard_swish(x) = x * hard_sigmoid(x)",
        derivative="hard_swish'(x) = 0 if x <= -3, 1 if x >= 3, else x/3 + 1/2",
        aliases=("hardswish", "hard_silu"),  # torch; Keras 3, JAX
    ),
    Spec(
        name="hard_tanh",
        formula="hard_tanh(x) = clip(x, min_val, max_val)",
        derivative="hard_tanh'(x) = 1 if min_val < x < max_val else 0 (0 at the kinks)",
        params=(Param("min_val", -1.0), Param("max_val", 1.0)),
        y_backward=_always,
        validate=_hard_tanh_bounds,
        aliases=("hardtanh",),  # torch
    ),
    Spec(
        name="log_sigmoid",
        formula="log_sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|)",
        derivative="log_sigmoid'(x) = sigmoid(-x)",
        aliases=("logsigmoid", "log_expit"),  # torch; SciPy
    ),
    Spec(
        name="prelu",
        formula="prelu(x, alpha) = x if x > 0 else alpha[c] * x, c the channel along axis",
        derivative="prelu'(x) = 1 if x > 0 else alpha[c]; d/dalpha[c] = sum of dy * x over x <= 0",
        kind="channel",
    ),
    Spec(
        name="softmax",
        formula="softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x) along axis",
        derivative="d softmax_i / d x_j = y_i (delta_ij - y_j); backward from y: y * (dy - sum(dy * y))",
        kind="axis",
    ),
    Spec(
        name="log_softmax",
        formula="log_softmax(x)_i = x_i - max x - log sum_j exp(x_j - max x) along axis",
        derivative="d log_softmax_i / d x_j = delta_ij - softmax_j; backward from y: dy - exp(y) * sum(dy)",
        kind="axis",
    ),
)


#: The rows whose C kernels are generated per (pass, dtype) from the X-macro list.
def elementwise(public_only: bool = False) -> tuple[Spec, ...]:
    return tuple(spec for spec in ACTIVATIONS
                 if spec.kind == "elementwise" and (spec.public or not public_only))


def resolve(name: str, params: Mapping[str, object]) -> tuple[Spec, dict[str, float]]:
    """The row that computes name(**params), and its full float parameters."""
    spec = by_name()[name]
    params = dict(params)
    if spec.choice is not None:
        keyword, options = spec.choice
        row = options[params.pop(keyword, next(iter(options)))]
        spec = next(s for s in ACTIVATIONS if s.name == row)
    full = {p.name: p.default for p in spec.params}
    full.update(params)
    return spec, full


def public_call(row: str) -> tuple[str, dict[str, str]]:
    """The public name and keywords that reach a row: ("gelu", {"approximate":
    "tanh"}) for gelu_tanh, (row, {}) for a public row."""
    for spec in ACTIVATIONS:
        if spec.choice is not None:
            keyword, options = spec.choice
            for option, target in options.items():
                if target == row and target != spec.name:
                    return spec.name, {keyword: option}
    if not any(spec.name == row and spec.public for spec in ACTIVATIONS):
        raise LookupError(f"{row} is reached by no public row")
    return row, {}


def by_name() -> dict[str, Spec]:
    """Every public row under its name and each of its aliases."""
    table: dict[str, Spec] = {}
    for spec in ACTIVATIONS:
        if not spec.public:
            continue
        for key in (spec.name, *spec.aliases):
            table[key] = spec
    return table
