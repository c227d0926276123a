"""The table of implementations: which hand-written SIMD body serves each
(activation, pass, dtype) cell on each vector layer.

A *vector layer* is one op header of csrc/simd/ (``avx2.h``, ``avx512.h``,
``neon.h``; ``scalar.h`` once a variant builds over it): a variant of
csrc/isa_list.h runs the rows of the layer it is compiled over (:func:`layer`),
and every cell no row serves keeps the generic loop over csrc/act/<name>.h.

``tools/gen_table_header.py`` turns :data:`BODIES` into C at build time
(``fastact_simd_kernels.inc``: one kernel per row and dtype, spelled with its
full names; ``fastact_simd_fill.inc``: the assignments to the kernel table),
after :func:`check` has refused any cell served twice on one layer. Those
files sit in the build's ``generated`` folder (``build/dev/generated/`` after
``pip install -Cbuild-dir=build/dev .``): grep finds every kernel
``<kernel>_simd_<dtype>`` and body ``fa_simd_<function>_<dtype>`` there, with
the file defining the body beside it.
``fastact.kernels()`` reports what the C side filled in, and
tests/test_kernel_bodies.py compares it with this table cell by cell.

A row says:

* ``activation``, ``pass_``: the cell (a name of ``_table.ACTIVATIONS``, one of
  ``_table.PASSES``);
* ``function``: the vector function, defined as ``fa_simd_<function>_<dtype>``
  (spelled ``FA_SIMD_FN(<function>)`` inside a per-dtype ``.inc``, under a
  comment with the full names) in ``source``;
* ``loop``: the loop macro of csrc/simd/loops.inc (or elu_derivative.inc) that
  runs it over the arrays, and thereby the kernel's shape: unary ``fn(x)``,
  times ``dy * fn(x)``, two vectors a step (``_X2``), blocks of vectors checked
  once for a range (``RANGE``: ``fn`` with ``fn_in_range`` and ``fn_limit``
  beside it), a branch on a parameter
  (``SWISH``: beta = 1; ``ELU`` / ``CELU``: the alphas the body serves, the
  generic loop for the rest);
* ``source``: the file under csrc/ defining the function (``{dtype}`` stands
  for f32 / f64 where each has its own);
* ``dtypes``, ``layers``: where the row applies;
* ``condition``: the parameters it serves where not all (the loop's branch:
  the others go to the body or generic loop it names);
* ``kernel``: the stem of the C kernel, ``<kernel>_simd_<dtype>`` (default
  ``<activation>_<pass>_kernel``; the ELU-family loops take the generic loop's
  stem, which they fall back to).

Plain data, standard library only: the build reads it before the package
exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

#: The vector layers (csrc/simd/<layer>.h) that run hand-written bodies today
#: ("sse2": x86-64's baseline, unless built with FASTACT_BASELINE_SSE2=OFF;
#: "scalar": x86-64's baseline, only in a build with FASTACT_BASELINE_BODIES).
LAYERS = ("avx2", "avx512", "neon", "sse2", "scalar")
#: Where a two-source permute is one instruction (FA_SIMD_PERMUTE_CHEAP):
#: 16-entry tables in registers beat polynomials there.
PERMUTE_CHEAP = ("avx512",)
#: The rest: lookups and vscalef are emulations.
PERMUTE_DEAR = ("avx2", "neon", "sse2", "scalar")

DTYPES = ("f32", "f64")

#: the piecewise forwards of simd/piecewise.inc (fa_simd_<activation>_forward_<dtype>)
_PIECEWISE = ("relu", "leaky_relu", "linear", "hard_swish", "relu6", "step", "hard_tanh",
              "hard_sigmoid")

#: The cells a layer runs its rows in, where not all of them: every other cell
#: keeps the generic loop. x86-64's baseline over SSE2 (csrc/simd/sse2.h) has no
#: FMA: its _fma / _fnma / _fms are emulated (float32 through double, float64
#: exactly by Dekker's product, tens of instructions), while _mul_add /
#: _nmul_add are a multiply and an add there. The bodies keep the emulated ops
#: only where exactness carries their error analysis (reductions' high parts,
#: two-product errors, Newton residuals), so the baseline runs a body where it
#: measured no slower than the generic loop it replaces (AMD EPYC Zen 4, n =
#: 65536, one thread, thread-CPU minima; BENCHMARKS.md 2026-12-06 session 6 and
#: 2026-12-07 session 7), with the ULP of the exhaustive float32 sweep at
#: FASTACT_ISA=baseline (ACCURACY.md, same sections; "baseline (2)" for the
#: cells h17-base2 added: float32 derivatives over every 61st bit pattern,
#: float64 over 3e6 samples). ns/element, generic loop -> body:
LAYER_CELLS: dict[str, frozenset[tuple[str, str, str]]] = {
    "sse2": frozenset({
        # float32 silu 8.76 / 12.04 / 12.14 -> 3.30 / 3.57 / 3.68 (forward,
        # derivative, backward; session 6's generic figures), softplus 14.29
        # -> 5.22, log_sigmoid 5.73 -> 5.54
        ("swish", "forward", "f32"), ("swish", "derivative", "f32"),
        ("swish", "backward_x", "f32"), ("softplus", "forward", "f32"),
        ("log_sigmoid", "forward", "f32"),
        # float32 gelu_tanh 11.35 / 14.13 / 14.27 -> 7.65 / 9.50 / 9.59,
        # mish 10.24 / 13.86 / 13.79 -> 7.55 / 9.69 / 9.71, tanh' 5.89 / 6.08
        # -> 5.24 / 5.28, 4.67 / 4.74 since the reciprocal seed's y + y r is
        # a multiply and an add (sse2.h; its residual 1 - d y stays exact)
        ("gelu_tanh", "forward", "f32"), ("gelu_tanh", "derivative", "f32"),
        ("gelu_tanh", "backward_x", "f32"), ("mish", "forward", "f32"),
        ("mish", "derivative", "f32"), ("mish", "backward_x", "f32"),
        ("tanh", "derivative", "f32"), ("tanh", "backward_x", "f32"),
        # softplus' from y, no fused op left: 2.75 -> 2.22 float32, 6.76 -> 6.26 float64
        ("softplus", "backward_y", "f32"), ("softplus", "backward_y", "f64"),
        # no fused op: the same time (load- and store-bound) and AVX2's bits
        ("elu", "backward_y", "f32"), ("elu", "backward_y", "f64"),
        ("softsign", "derivative", "f64"), ("softsign", "backward_x", "f64"),
        # since h17-base2 (sigmoid_poly.inc's shifter, LO step, polynomial
        # and scaling as _mul_add, float64's exact n LN2_HI too): elu' / selu'
        # / celu' / log_sigmoid' / softplus' (derivative, backward_x) float32
        # 1.67-3.23 -> 1.45-2.12, float64 4.55-9.09 -> 3.12-4.32
        *((a, p, d) for a in ("elu", "selu", "celu", "log_sigmoid", "softplus")
          for p in ("derivative", "backward_x") for d in ("f32", "f64")),
        # float64 sigmoid (sigmoid_poly.inc: one emulated fnma left, u = e - e q)
        # 13.95 -> 10.53; tanh (tanh_f64.h, no fused op left) 8.33 -> 3.77.
        ("sigmoid", "forward", "f64"), ("tanh", "forward", "f64"),
        # float32 tanh (session 8, h17-b3: tanh_f32.h's steps _mul_add): the
        # 8-cell body 2.57 -> 1.93 ns/el at 1.93 ULP (all 2^32; bound 2.0);
        # the 16-cell body 1.61 ns/el but 1.99 ULP, no margin
        ("tanh", "forward", "f32"),
        # float64 swish (silu_f64.inc: AVX2's D = 1 + e^m and one division
        # since session 8, h17-b3, its steps _mul_add; 82.0 / 82.4 / 82.3
        # over the exact emulated ops): forward / derivative / backward 19.6
        # / 26.0 / 26.0 -> 3.31 / 3.83 / 4.09; 1.50 / 2.79 ULP (1e7, outside
        # the band next to f''s zero; AVX2 1.50 / 2.76)
        *(("swish", p, "f64") for p in ("forward", "derivative", "backward_x")),
        # float64 gelu_tanh (gelu_tanh.inc's argument and gelu_tanh_f64.inc's
        # remainders by Dekker's product, silu_u_parts_f64's e = 1 - y D too,
        # the other steps _mul_add; session 8, h17-b3): 22.4 / 26.3 / 26.7 ->
        # 12.2 / 15.1 / 15.5; 0.80 / 1.77 ULP (1e7, outside the band next to
        # f''s zero; AVX2 0.80 / 1.69, AVX-512 0.80 / 1.77)
        *(("gelu_tanh", p, "f64") for p in ("forward", "derivative", "backward_x")),
        # the piecewise forwards (simd/piecewise.inc, session 8): the generic
        # loop's bits (hard_swish divides here: its exact remainder's fms,
        # emulated, took 2.7x / 6.2x), two vectors a step (loops.inc; one a
        # step measured 0.86-0.95x): n = 65536 1.00-1.55x, hard_swish float32
        # 0.96x (the same division), n = 1e7 1.03-1.38x the generic loop
        *((a, "forward", d) for a in _PIECEWISE for d in DTYPES),
        # float64 gelu (gelu_f64.h since h17-b64: its polynomials _mul_add,
        # the products' errors by Dekker's product, exact emulated fma kept
        # for tau's low terms and the last step (u f)(1 + w + e)): forward /
        # derivative / backward 63.2 / 89.9 / 90.9 -> 43.8 / 44.3 / 44.7,
        # forward 2.55 -> 2.38 ULP (1e7 samples; 2.6 with every step a
        # multiply and an add, 18.8 ns/el). The bodies over the exact
        # emulated ops (h17-b64, ns/el, generic -> body): float64
        # gelu_tanh 22.6 / 26.3 / 26.7 -> 88.4 / 101.6 / 102.1, swish 19.3 /
        # 25.7 / 25.7 -> 82.0 / 82.4 / 82.3 (enabled below since h17-b3's
        # rewrites of silu_f64.inc and gelu_tanh.inc; before the rewrites below, mish 23.3
        # / 27.3 / 27.4 -> 40.6 / 55.7 / 55.8, sigmoid' 12.4 / 12.6 -> 32.9 /
        # 33.1, tanh' 16.1 / 16.1 -> 33.3 / 33.5, softplus 17.8 -> 65.3,
        # log_sigmoid 15.3 -> 66.3)
        *(("gelu", p, "f64") for p in ("forward", "derivative", "backward_x")),
        # the softmax / log_softmax rows (simd/softmax_f32.h, softmax_f64.h:
        # their polynomials, shifters and dot products _mul_add since session
        # 8, float64's n LN2_HI exact either way, its e / s a division here;
        # benchmarks/ab_softmax.py, shapes (1024, 1000), (64, 50257), (4096,
        # 128), generic / row): forward float32 1.23-2.35x, float64
        # 1.42-1.82x, backward_y softmax float32 1.06-1.86x, log_softmax
        # float64 1.15-1.22x. Generic still: log_softmax backward_y float32
        # (0.89-0.92x on the long rows: e^y's two 16-entry lookups, scalar here)
        *((a, "forward", d) for a in ("softmax", "log_softmax") for d in DTYPES),
        ("softmax", "backward_y", "f32"), ("log_softmax", "backward_y", "f64"),
        # float64 sigmoid' / tanh' (slope.inc since h17-b64: a divide for the
        # reciprocal, the two exact residuals by Dekker's product, no emulated
        # fused op left): derivative / backward 12.4 / 12.6 -> 10.3 / 10.4 and
        # 16.1 / 16.2 -> 10.6 / 10.7; 1.96 -> 1.21 and 1.08 -> 1.22 ULP (1e7)
        *((a, p, "f64") for a in ("sigmoid", "tanh") for p in ("derivative", "backward_x")),
        # float64 mish (mish.inc since h17-b64: Dekker's product errors, a
        # divide for the quotient's reciprocal, no emulated fused op left):
        # forward / derivative / backward 23.3 / 27.3 / 27.4 -> 18.3 / 23.7 /
        # 23.8; 1.03 / 1.02 ULP outside the band (1e7; AVX2 1.01 / 1.00)
        *(("mish", p, "f64") for p in ("forward", "derivative", "backward_x")),
        # float64 softplus / log_sigmoid forward (exp_table_f64.inc's e^z with
        # _mul_add steps since h17-b64, the same bits where FMA is hardware;
        # softplus.inc's p - e m by Dekker's product on SSE2): 17.7 / 15.3 ->
        # 14.2 / 14.2 (65.3 / 66.3 over the emulated ops, 19.2 / 17.9 with
        # only the e^z rewritten); 1.30 / 1.31 ULP (1e7; AVX2 1.23 / 1.27)
        ("softplus", "forward", "f64"), ("log_sigmoid", "forward", "f64"),
        # session 8 (h17-b32; blocks of 10 calls, BENCHMARKS.md 2026-12-07
        # session 8): float32 sigmoid by sigmoid_poly.inc 5.01 -> 2.12 (u
        # and 1 - u in double: 2.71 over the emulated fnma);
        # sigmoid' (derivative, backward_x) 4.21 / 4.34 -> 1.68 / 1.74 and
        # tanh' 4.67 / 4.74 -> 1.84 / 1.98 (slope.inc: e / (1 + e)^2 in
        # double, no emulated residual: 4.44 / 4.67 before); gelu 9.54 /
        # 11.99 / 12.29 -> 4.97 / 6.08 / 6.23 (gelu_f32.h's polynomial steps
        # _mul_add, 4 exact fused ops left of 20); softsign' 0.211 / 0.230 ->
        # 0.210 / 0.227 (softsign.inc divides on SSE2, the generic loop's
        # bits; two vectors a step: its reciprocal's Newton residuals took
        # 4.6-4.9x)
        ("sigmoid", "forward", "f32"), ("sigmoid", "derivative", "f32"),
        ("sigmoid", "backward_x", "f32"), ("softsign", "derivative", "f32"),
        ("softsign", "backward_x", "f32"), ("gelu", "forward", "f32"),
        ("gelu", "derivative", "f32"), ("gelu", "backward_x", "f32"),
    }),
}


@dataclass(frozen=True)
class Body:
    """One hand-written body serving one (activation, pass) for some dtypes on
    some vector layers."""

    activation: str
    pass_: str
    function: str
    loop: str
    source: str
    dtypes: tuple[str, ...] = DTYPES
    layers: tuple[str, ...] = LAYERS
    kernel: str = ""
    condition: str = ""

    def kernel_stem(self) -> str:
        return self.kernel or f"{self.activation}_{self.pass_}_kernel"

    def kernel_name(self, dtype: str) -> str:
        """The C kernel's full name (the generated file defines it)."""
        return f"{self.kernel_stem()}_simd_{dtype}"

    def function_name(self, dtype: str) -> str:
        """The vector function's full name."""
        return f"fa_simd_{self.function}_{dtype}"

    def source_file(self, dtype: str) -> str:
        return "csrc/" + self.source.format(dtype=dtype)

    def parameters(self, layer: str = "") -> str:
        """Which parameters the body serves ("" for all), and where the rest go
        (on layer, where LAYER_CONDITIONS sends them elsewhere there)."""
        math = "derivative" if self.pass_ == "backward_x" else self.pass_
        condition = LAYER_CONDITIONS.get(layer, {}).get(self.condition, self.condition)
        return condition.format(activation=self.activation, pass_=self.pass_, math=math,
                                function=self.function, kernel=self.kernel_stem())

    def layers_for(self, dtype: str) -> tuple[str, ...]:
        """The layers on which the row serves its cell of dtype (LAYER_CELLS)."""
        return tuple(v for v in self.layers
                     if v not in LAYER_CELLS or (self.activation, self.pass_, dtype) in LAYER_CELLS[v])

    def report(self, dtype: str) -> str:
        """The text the C fill records for the cell (fastact.kernels()'s body)."""
        return f"{self.function_name(dtype)} in {self.loop}"

    def is_axis(self) -> bool:
        """A row function of an along-axis kernel (softmax, log_softmax), run
        by one of :data:`AXIS_LOOPS` for rows (inner == 1)."""
        return self.loop in AXIS_LOOPS


#: The along-axis loops of csrc/kernels/axis_dtype.inc and the pass each runs:
#: rows (inner == 1) by the row function a row names (fa_simd_<function>_<dtype>,
#: (x, y, outer, n, log_variant) forward, (dy, y, dx, outer, n, log_variant)
#: backward: one function serves softmax (0) and log_softmax (1) on a layer and
#: dtype; one serving only one of them gets its rows one at a time), strided
#: axes (inner > 1) as rows too (forward: their columns gathered into rows a
#: block at a time; backward: the rows' sums and end in place across the
#: columns, the same operations on each element), cells no row serves by the
#: loops' own generic rows. The
#: generated fastact_axis_rows.inc defines FA_ROWS_<ACTIVATION>_<PASS> as the
#: row function on the layers of its row, fastact_axis_fill.inc the report.
AXIS_LOOPS = {"softmax_any": "forward", "softmax_backward_any": "backward_y"}


def _rows(activation: str, function: str, source: str, passes: Iterable[tuple[str, str]],
          **columns) -> Iterator[Body]:
    """One row per (pass, loop) of a function."""
    for pass_, loop in passes:
        yield Body(activation, pass_, function, loop, source, **columns)


_UNARY = "FA_SIMD_UNARY_KERNEL"
_UNARY_X2 = "FA_SIMD_UNARY_KERNEL_X2"
#: two vectors a step through the body's two-vector form <function>_x2 (loops.inc)
_UNARY_X2N = "FA_SIMD_UNARY_KERNEL_X2N"
_TIMES = "FA_SIMD_TIMES_KERNEL"
_TIMES_X2 = "FA_SIMD_TIMES_KERNEL_X2"
_ALIGNED = "FA_SIMD_UNARY_ALIGNED_KERNEL"
#: the parameter conditions of the branching loops ({math}: derivative for backward_x)
_BETA1 = "beta = 1; other beta: fa_simd_swish_{math}_<dtype> (csrc/simd/swish.inc)"
_ELU_ALPHA = ("alpha = 0 or 2^-60 <= |alpha| < 2 (float64: 2^-500; {function}_serves); other alpha: the generic loop "
              "{activation}_{pass_}_edge_kernel")
_CELU_ALPHA = ("alpha > 0 a power of two ({function}_serves); other alpha: the generic loop "
               "{activation}_{pass_}_pick_kernel")
#: where a layer's loops send the other parameters elsewhere: on sse2 the SWISH
#: loops of csrc/simd/loops.inc hand beta != 1 to the generic loop (swish.inc's
#: body over emulated fused ops measured 1.3x slower there)
LAYER_CONDITIONS: dict[str, dict[str, str]] = {
    "sse2": {_BETA1: "beta = 1; other beta: the generic loop {kernel}_<dtype>"},
}
#: a slope: derivative by the unary loop, backward from x by the times loop
_SLOPE = (("derivative", _UNARY), ("backward_x", _TIMES))
_SLOPE_X2 = (("derivative", _UNARY_X2), ("backward_x", _TIMES_X2))
_SLOPE_SKEW = (("derivative", "FA_SIMD_UNARY_KERNEL_SKEW"), ("backward_x", "FA_SIMD_TIMES_KERNEL_SKEW"))

#: the softmax-family rows: the row functions are defined in csrc/kernels/axis_dtype.inc
#: (over simd/softmax_f32.h, simd/softmax_f64.h), beside the loops that run them
_AXIS_ROWS_SOURCE = "kernels/axis_dtype.inc"
_FORWARD_ROWS = (("forward", "softmax_any"),)
_BACKWARD_ROWS = (("backward_y", "softmax_backward_any"),)
#: the layers that run float64's rows (x86-64's baseline over SSE2 where
#: LAYER_CELLS says); the dear-permute ones take the fast scaling (bits_add_shl)
_F64_ROWS = ("avx2", "avx512", "neon", "sse2", "scalar")
_F64_ROWS_DEAR = ("avx2", "neon", "sse2", "scalar")
#: what the row functions pick per call, and what serves the strided axes
_STRIDED = "strided axes (inner > 1): these rows, over {loop}'s columns gathered into rows"
#: the backward passes' strided axes: the rows' sums in the rows' order and
#: their elementwise end, both in place across the columns (session 11)
_STRIDED_BACKWARD = ("strided axes (inner > 1): the rows' sums ({sums}) and their end in place "
                     "across the columns in softmax_backward_any, no gather{dear}")
#: rows taken one at a time (not skewed) ask for the next row's x and y in each
#: row's exp pass (fa_smx_prefetch_next)
_PREFETCH = ("; short rows (float32 n <= 512, float64 n <= 128) skewed (float32: row o + 2's "
             "max, row o + 1's exp and sum, row o's constant, row o - 1's end in one step; "
             "float64: row o + 1's max, row o's exp and sum, row o - 1's end: "
             "fa_simd_softmax_skewed_f32 / _f64), "
             "longer rows one at a time, a row's exp pass prefetching the next row's x and y "
             "(fa_smx_prefetch_next)")
_ROWS_F32 = ("rows (inner == 1), e^(x - m) by simd/softmax_f32.h's table exp{log}; picked "
             "per row: |max| <= 2^20 clamps x itself, else d = x - m (fa_smx_clamp_x); rows "
             "with a +inf: row_at_infinity" + _PREFETCH + "; " + _STRIDED.format(loop="softmax_any"))
_EXACT_C = (" (AVX2: 8 entries, lut8_f32.h's scale and rest, degree 4), rows of n <= 512 "
            "skewed (fa_smx_batch; n == 128 compiled for that n: FA_SMX_ROW_N), rows of n > 512 "
            "take y = e (c_hi + c_lo) (FA_SMX_EXACT_C_MIN), with AVX-512 in the next row's exp "
            "loop (FA_SMX_FUSE_ENDS)")
_LOG_BATCH = (" (AVX2: 8 entries, lut8_f32.h's scale, degree 4), rows of n <= 512 skewed, "
              "s - 1 summed plainly where s >= 1 + 2^-16 (fa_smx_exp_sum_minus_one_short; n == "
              "128 compiled for that n: FA_SMX_ROW_N), rows of n > 4096 keep x - m in y "
              "(FA_SMX_KEEP_D), rows of n > 512 end in the next row's exp loop with AVX-512 "
              "(FA_SMX_FUSE_ENDS)")
_BACKWARD_F32 = ("rows (inner == 1): rows of n <= 512 four at a time (fa_smx_batch; n == 128 "
                 "compiled for that n: FA_SMX_ROW_N), rows of "
                 "n > 4096 each end fused with the next row's sum "
                 "(fa_smx_backward_finish_and_dot); "
                 + _STRIDED_BACKWARD.format(
                     sums="fa_smx_dot_columns", dear="; log_softmax where the permute is dear "
                     "(FA_SMX_LOG_Y_BLOCKS): these rows, over the columns gathered into rows"))
_FROM_END = ("; picked per call: a row whose dx is 48-256 bytes ahead of dy or y modulo 4096 "
             "(4K aliasing, fa_smx_from_end) runs from its end")
_Y_CHECKED = ("; y looked at in blocks of 512: a block whose every y is <= 0 or NaN takes "
              "the at_most_0 exp, AVX2's 8-entry table (FA_SMX_LOG_Y_BLOCKS)")
_ROWS_F64 = ("rows (inner == 1), e^(x - m) by simd/softmax_f64.h's table exp; picked per "
             "row{fast}: |max| <= 2^40 clamps x itself, else d = x - m (FA_SMX64_CLAMP_X_M); rows "
             "with a +inf: row_at_infinity" + _PREFETCH + "; " + _STRIDED.format(loop="softmax_any")
             + "; with AVX-512, softmax's longer rows end in the next row's exp loop "
             "(FA_SMX64_FUSE_ENDS)")
_FAST_SPREAD = (": max - min <= 708 (no NaN) takes the fast scaling, 2^n added to e's exponent "
                "bits (bits_add_shl), and no clamp (FA_SMX64_FAST_SPREAD); else")
_BACKWARD_F64 = ("rows (inner == 1), one at a time from softmax_backward_any's row loop: e^y by "
                 "simd/softmax_f64.h's table exp (where the permute is dear, blocks of 128 y in "
                 "[-708, 0] take the fast scaling, the same bits: FA_SMX64_Y_BLOCK), sum dy by "
                 "row_dot; "
                 + _STRIDED_BACKWARD.format(
                     sums="row_dot_columns", dear="; log_softmax where the permute is dear "
                     "(FA_SMX64_Y_BLOCK): these rows, over the columns gathered into rows"))

BODIES: tuple[Body, ...] = (
    # sigmoid' and tanh' (one quotient each), two vectors a step
    *_rows("sigmoid", "sigmoid_derivative", "simd/slope.inc", _SLOPE_X2),
    *_rows("tanh", "tanh_derivative", "simd/slope.inc", _SLOPE_X2),
    Body("mish", "forward", "mish_forward", _UNARY, "simd/mish.inc"),
    *_rows("mish", "mish_derivative", "simd/mish.inc", _SLOPE),
    # softsign': one vector a step; on SSE2 (a division there, not Newton
    # steps) two: 0.211 / 0.233 -> 0.210 / 0.227 ns/el (derivative,
    # backward_x; the generic loop 0.211 / 0.230: n = 65536, AMD EPYC Zen 4)
    *_rows("softsign", "softsign_derivative", "simd/softsign.inc", _SLOPE,
           layers=("avx2", "avx512", "neon", "scalar")),
    *_rows("softsign", "softsign_derivative", "simd/softsign.inc", _SLOPE_X2, layers=("sse2",)),
    Body("gelu_tanh", "forward", "gelu_tanh_table_forward", _UNARY,
         "simd/gelu_tanh_{dtype}.inc"),
    *_rows("gelu_tanh", "gelu_tanh_table_derivative", "simd/gelu_tanh_{dtype}.inc", _SLOPE),
    # gelu (erf form): float32 in float arithmetic over piecewise R(m) tables
    # (gelu_f32.h); float64 through erfc's u e^tau, AVX2 with a shorter chain
    # (divide, 2^n by two multiplies, eight tau chains; session 7: forward 7.92
    # -> 6.03 ns/el, backward 9.54 -> 6.93, Zen 4; BENCHMARKS.md 2026-12-07)
    # float64 on AVX2 in the skewed loops (loops.inc: one vector's tail beside
    # the next one's head; session 12: forward 5.89 -> 4.99 ns/el, n = 65536),
    # back since session 13 (h13-gelu64skew): gelu_f64.h leaves the compiler
    # no a b + c to contract and returns x's NaN itself, so that every copy
    # of the body gives the same bits (-ffp-contract=off and =fast compile
    # to the same code, -O3 and ASan + UBSan; BENCHMARKS.md 2026-12-07 s. 13)
    # float32 on AVX2 two vectors a step (session 11: its lut8 body's chain
    # still fills Zen 4's scheduler; 3% in a C harness of the loops, forward
    # 1.07-1.10x -> 1.10-1.13x main's in benchmarks/ab_before_after.py)
    Body("gelu", "forward", "gelu_forward", _UNARY, "simd/gelu_{dtype}.h",
         layers=("avx512", "neon", "sse2", "scalar")),
    Body("gelu", "forward", "gelu_forward", "FA_SIMD_UNARY_KERNEL_SKEW", "simd/gelu_{dtype}.h",
         dtypes=("f64",), layers=("avx2",)),
    Body("gelu", "forward", "gelu_forward", _UNARY_X2, "simd/gelu_{dtype}.h", dtypes=("f32",),
         layers=("avx2",)),
    *_rows("gelu", "gelu_derivative", "simd/gelu_{dtype}.h", _SLOPE,
           layers=("avx512", "neon", "sse2", "scalar")),
    *_rows("gelu", "gelu_derivative", "simd/gelu_{dtype}.h", _SLOPE, dtypes=("f32",),
           layers=("avx2",)),
    *_rows("gelu", "gelu_derivative", "simd/gelu_{dtype}.h", _SLOPE_SKEW, dtypes=("f64",),
           layers=("avx2",)),
    # the piecewise-linear forwards, at the speed of the loads and stores, on
    # every layer (the generic loop's bits)
    *(Body(activation, "forward", f"{activation}_forward", _ALIGNED, "simd/piecewise.inc")
      for activation in _PIECEWISE),
    # log_sigmoid' and softplus': one quotient each; e^-|x| per layer
    # (log_sigmoid_derivative.inc): session 10 float64 on AVX2 and AVX-512 by
    # tanh_f64.h's rational parts, float32 on AVX2 by lut8_f32.h's table:
    # backward from x 1.15 -> 0.78 ns/el (AVX2 float64), 0.78 -> 0.57
    # (AVX-512 float64), 0.346 -> 0.299 (AVX2 float32; AMD EPYC Zen 4, n =
    # 65536, one thread; BENCHMARKS.md / ACCURACY.md 2026-12-07 session 10);
    # session 12 log_sigmoid' on AVX2 and AVX-512 as C / (C + C e^x), x
    # clamped, no sign select: backward 0.240 -> 0.208 (AVX-512 float32),
    # 0.279 -> 0.257 (AVX2 float32), 0.560 -> 0.528 / 0.742 -> 0.686 (float64)
    *_rows("log_sigmoid", "log_sigmoid_slope", "simd/log_sigmoid_derivative.inc", _SLOPE_X2),
    *_rows("softplus", "softplus_slope", "simd/log_sigmoid_derivative.inc", _SLOPE_X2),
    # elu', selu', celu': one body each; the ELU / CELU loops take the generic
    # loop (whose stem is the kernel name) for the parameters it does not serve
    Body("elu", "derivative", "elu_slope", "FA_SIMD_ELU_KERNEL", "simd/elu_derivative.inc",
         kernel="elu_derivative", condition=_ELU_ALPHA),
    Body("elu", "backward_x", "elu_slope", "FA_SIMD_ELU_TIMES_KERNEL",
         "simd/elu_derivative.inc", kernel="elu_backward_x", condition=_ELU_ALPHA),
    # elu' from y (y + alpha where y <= 0): the generic loop's arithmetic, two
    # vectors a step with streaming stores interleaved (n = 1e7, AVX-512:
    # float64 0.714 -> 0.630 ns/el, float32 0.358 -> 0.312; the same bits)
    Body("elu", "backward_y", "elu_slope_from_y", _TIMES_X2, "simd/elu_derivative.inc"),
    *_rows("selu", "selu_slope", "simd/elu_derivative.inc", _SLOPE),
    Body("celu", "derivative", "celu_slope", "FA_SIMD_CELU_KERNEL", "simd/elu_derivative.inc",
         kernel="celu_derivative", condition=_CELU_ALPHA),
    Body("celu", "backward_x", "celu_slope", "FA_SIMD_CELU_TIMES_KERNEL",
         "simd/elu_derivative.inc", kernel="celu_backward_x", condition=_CELU_ALPHA),
    # sigmoid and tanh forward, float32: 16-entry tables in registers
    # (sigmoid_f32.h, tanh_f32.h), two vectors a step; sigmoid on NEON, SSE2
    # and the scalar layer by the polynomial body of sigmoid_poly.inc instead
    # (SSE2: its float form, u and 1 - u in double, 2.12 ns/el against the
    # generic loop's 5.01), as the
    # lookups and vscalef are emulations there (on AVX2 the table body took
    # 0.55 ns/el, the polynomial 0.38; on AVX-512 the polynomial 0.28 against
    # the table's 0.24, both with u = e - e q: AMD EPYC Zen 4, n = 65536, one
    # thread, 2026-12-06; four vectors a step measured the same as two); AVX2
    # runs sigmoid over lut8_f32.h's 8-entry table (one vpermps), tanh over
    # tanh_f32.h's 8-cell form
    Body("sigmoid", "forward", "sigmoid_table_forward", _UNARY_X2, "simd/sigmoid_f32.h",
         dtypes=("f32",), layers=PERMUTE_CHEAP),
    Body("sigmoid", "forward", "sigmoid_poly_forward", _UNARY_X2, "simd/sigmoid_poly.inc",
         dtypes=("f32",), layers=("neon", "sse2", "scalar")),
    # AVX2: an 8-entry table in one vpermps, a degree-4 polynomial and the
    # reduction's error off the chain: 0.39 -> 0.37 ns/el, 1.65 -> 1.53 ULP
    # (AMD EPYC Zen 4, n = 65536, one thread, 2026-12-06 session 6); degree 3
    # since session 7: 1.53 -> 1.84 ULP for one fma (6% faster). AVX-512's
    # table body since session 7: T's rounding and the reduction's error in
    # one fnma off the chain, 19 -> 18 instructions, 0.257 -> 0.240 ns/el
    # (BENCHMARKS.md 2026-12-07 session 7). AVX2 session 10: c - c q, c = x < 0
    # ? e : 1, for u and 1 - u, and a table of beta 2^(j/8) that needs no rest
    # lookup: 20 -> 18 instructions, 0.348 -> 0.298 ns/el, 1.84 ULP as before
    # (BENCHMARKS.md / ACCURACY.md 2026-12-07 session 10). AVX2 session 14: the
    # X2N loop over the body's two-vector form (the same bits), 0.281 -> 0.267
    # ns/el in a C harness of the loop (BENCHMARKS.md 2026-12-08 session 14)
    Body("sigmoid", "forward", "sigmoid_lut8_forward", _UNARY_X2N, "simd/lut8_f32.h",
         dtypes=("f32",), layers=("avx2",)),
    Body("tanh", "forward", "tanh_table_forward", _UNARY_X2, "simd/tanh_f32.h", dtypes=("f32",),
         layers=("avx512", "neon", "scalar")),
    # AVX2: the addition theorem on 8 cells (lookup8, one vpermps each), since
    # session 7 in place of session 6's expm1(2|x|) over lut8_f32.h's table
    # (0.58 -> 0.41 ns/el then): 25 -> 20 instructions, 1.78 -> 1.83 ULP. The
    # 16-cell body (AVX-512, NEON) since session 7: cell centres A_j whose tanh
    # is a float, j = round(|x| / h), a degree-7 polynomial: 21 -> 17
    # instructions, 1.31 -> 1.93 ULP (bound 2.0), 0.309 -> 0.238 ns/el (AMD
    # EPYC Zen 4, n = 65536, one thread; BENCHMARKS.md / ACCURACY.md
    # 2026-12-07 session 7). SSE2 too since session 8: 1.93 ULP there (all
    # 2^32) where the 16-cell body, 17% faster (1.61 against 1.93 ns/el),
    # measured 1.99 against the bound of 2.0 (its _mul_add steps rounded
    # twice without FMA): the margin chosen over the speed. AVX2 session 10:
    # t0 + s0 q in one fma and x's sign by or_sign, 20 -> 19 instructions
    # (no vblendvps on the FMA pipes), 1.83 -> 1.46 ULP, 0.373 -> 0.335 ns/el
    # (SSE2's bits unchanged; BENCHMARKS.md / ACCURACY.md 2026-12-07 session 10).
    # AVX2 session 12: t / (1 + t0 t) as d / (d coth d + t0 d), 19 -> 17
    # instructions, 1.46 -> 1.50 ULP, 0.335 -> 0.300 ns/el (SSE2's bits unchanged;
    # BENCHMARKS.md / ACCURACY.md 2026-12-07 session 12)
    # AVX-512 session 12 (h12b-tanh512): the same d / (d coth d + t0 d) on the
    # 16 cells, 17 -> 15 instructions, 1.93 -> 1.75 ULP, 0.232 -> 0.207 ns/el
    # (NEON's bits unchanged; BENCHMARKS.md / ACCURACY.md 2026-12-07 session 12).
    # AVX2 session 14: the X2N loop over the body's two-vector form (the same
    # bits), 0.292 -> 0.272 ns/el in a C harness of the loop (BENCHMARKS.md
    # 2026-12-08 session 14); SSE2 keeps the X2 loop over the one-vector form
    Body("tanh", "forward", "tanh_cell8_forward", _UNARY_X2N, "simd/tanh_f32.h", dtypes=("f32",),
         layers=("avx2",)),
    Body("tanh", "forward", "tanh_cell8_forward", _UNARY_X2, "simd/tanh_f32.h", dtypes=("f32",),
         layers=("sse2",)),
    # float64 sigmoid: over the table-driven e^z (exp_table_f64.inc) where the
    # permute is cheap; the polynomial body elsewhere: 2.71 -> 1.6 ns/el on AVX2
    # (torch 1.78), 0.78 -> 0.82 ULP; on AVX-512 it measured 1.19 against the
    # table's 1.06 (AMD EPYC Zen 4, n = 65536, benchmarks/ab_sigtanh.py).
    # Session 9 (h13-f64z): e = fma(P T, w, P T) and u = e - e (e / (1 + e)), 13
    # FMA-unit operations a vector where the body had 16: 0.780 -> 0.672 ns/el
    # (torch 1.19), 1.53 ULP as before (BENCHMARKS.md 2026-12-07 session 9)
    Body("sigmoid", "forward", "sigmoid16_forward", _UNARY_X2, "simd/exp_table_f64.inc",
         dtypes=("f64",), layers=PERMUTE_CHEAP),
    Body("sigmoid", "forward", "sigmoid_poly_forward", _UNARY_X2, "simd/sigmoid_poly.inc",
         dtypes=("f64",), layers=("neon", "sse2", "scalar")),
    # AVX2 (session 9): e^-|x| = 2^n (E + h) / (E - h), a rational fit whose
    # two polynomials join the one quotient (tanh_f64.h: 12 multiplies and
    # FMAs where sigmoid_poly.inc's body has 18), 1.151 -> 0.719 ns/el (AMD
    # EPYC Zen 4, n = 65536), 1.61 -> 2.24 ULP (bound 1.7 -> 2.5) for the
    # spec's 0.8 ns/el: BENCHMARKS.md / ACCURACY.md 2026-12-07 session 9
    Body("sigmoid", "forward", "sigmoid_pade_forward", _UNARY_X2, "simd/tanh_f64.h",
         dtypes=("f64",), layers=("avx2",)),
    # float64 tanh: (1 - e) / (1 + e), one division, no table (tanh_f64.h).
    # AVX2, AVX-512: e^t by its (7, 7) Pade approximant, whose two polynomials
    # join the quotient (14 multiplies and FMAs where the polynomial body has
    # 17; session 8: AVX-512 0.81 -> 0.66 ns/el, AVX2 1.18 -> 0.86, n = 65536,
    # AMD EPYC Zen 4; 2.12 -> 2.45 ULP, bound 2.6: BENCHMARKS.md / ACCURACY.md
    # 2026-12-07 session 8); session 9 a rational fit in its place (13) and
    # the sign by _or_sign: AVX2 0.854 -> 0.757, AVX-512 0.655 -> 0.620,
    # 2.45 -> 2.48 ULP (same files, session 9). x86-64's baseline: e = 2^n (1 + w) by a
    # polynomial (session 7: 1.50 -> 2.12 ULP; no fused op left: 8.33 -> 3.77
    # ns/el against the generic loop, BENCHMARKS.md 2026-12-07 session 7,
    # baseline (2)), as the Pade body's exact products would be emulated there;
    # tanh.inc's body on NEON and the scalar layer
    Body("tanh", "forward", "tanh_pade_forward", _UNARY, "simd/tanh_f64.h", dtypes=("f64",),
         layers=("avx2", "avx512")),
    Body("tanh", "forward", "tanh_poly_forward", _UNARY, "simd/tanh_f64.h", dtypes=("f64",),
         layers=("sse2",)),
    Body("tanh", "forward", "tanh_forward", _UNARY, "simd/tanh.inc", dtypes=("f64",),
         layers=("neon", "scalar")),
    # silu (swish, beta = 1) over a 2^(j/2^b) table (silu_f32.inc, silu_f64.inc),
    # other beta through swish.inc's general body (the SWISH loops branch once a call);
    # on AVX-512 the forward and backward in the range loops of loops.inc
    # (blocks unchecked, redone where a lane is beyond the table's range):
    # float32 forward 0.288 -> 0.277 ns/el, backward 0.346 -> 0.335; float64
    # forward 0.815 -> 0.807, backward 0.939 -> 0.931 (n = 65536, AMD EPYC Zen 4,
    # BENCHMARKS.md 2026-12-06 session 6; the derivative rows were not tried).
    # AVX2's float64 P T by bits_add_shl (two integer operations): forward
    # 1.37 -> 1.32 ns/el, derivative 1.68 -> 1.58, backward 1.83 -> 1.78
    # (BENCHMARKS.md 2026-12-07 session 7, float64 2^k). AVX-512's float64 in
    # AVX2's form since session 9 (h13-f64z: D = 1 + e^m rounded once, one
    # division, no correction): forward 0.815 -> 0.657 ns/el, backward 0.928 ->
    # 0.790, derivative 0.892 -> 0.740 (torch 1.29 / 1.41 / 1.41); 1.51 -> 1.52
    # ULP forward, 2.07 -> 2.76 derivative (bound 3.0 since session 8)
    # AVX2's float32 forward since session 11: x / (1 + e^-x) over lut8_f32.h's
    # table, the numerator exact, D rounded once, one division (silu_f32.inc's
    # silu_lut8_forward: 28 -> 21 operations a vector, 0.445 -> 0.346 ns/el,
    # n = 65536, AMD EPYC Zen 4; 1.56 -> 1.59 ULP; BENCHMARKS.md / ACCURACY.md
    # 2026-12-07 session 11); AVX-512's float32 forward the same body since
    # session 12 (its range loop: 0.273 -> 0.247 ns/el, 1.53 -> 1.59 ULP).
    # AVX2's float64 backward since session 12 in the skewed range loop
    # (loops.inc: the next vector's D issued beside this one's division;
    # the same bits): 1.42 -> 1.21 ns/el (n = 65536, AMD EPYC Zen 4)
    # AVX2's and AVX-512's float32 derivative and backward since session 13
    # over the same table (silu_f32.inc's silu_lut8_derivative: u = 1 / D by one
    # division, 16 -> 11 multiplies / FMAs a vector): backward AVX2 0.568 ->
    # 0.518 ns/el, AVX-512 0.343 -> 0.329 at n = 1e7; 2.11 -> 2.96 ULP (bound
    # 2.5 -> 3.0; BENCHMARKS.md / ACCURACY.md 2026-12-07 session 13)
    Body("swish", "forward", "silu_table_forward", "FA_SIMD_SWISH_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, layers=("neon", "sse2", "scalar")),
    Body("swish", "forward", "silu_table_forward", "FA_SIMD_SWISH_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f64",), layers=("avx2",)),
    Body("swish", "forward", "silu_lut8_forward", "FA_SIMD_SWISH_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f32",), layers=("avx2",)),
    Body("swish", "forward", "silu_table_forward", "FA_SIMD_SWISH_RANGE_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f64",), layers=PERMUTE_CHEAP),
    Body("swish", "forward", "silu_lut8_forward", "FA_SIMD_SWISH_RANGE_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f32",), layers=PERMUTE_CHEAP),
    Body("swish", "derivative", "silu_table_derivative", "FA_SIMD_SWISH_SLOPE_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, layers=("neon", "sse2", "scalar")),
    Body("swish", "derivative", "silu_table_derivative", "FA_SIMD_SWISH_SLOPE_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f64",), layers=("avx2", "avx512")),
    Body("swish", "derivative", "silu_lut8_derivative", "FA_SIMD_SWISH_SLOPE_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f32",), layers=("avx2", "avx512")),
    Body("swish", "backward_x", "silu_table_derivative", "FA_SIMD_SWISH_TIMES_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, layers=("neon", "sse2", "scalar")),
    Body("swish", "backward_x", "silu_lut8_derivative", "FA_SIMD_SWISH_TIMES_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f32",), layers=("avx2",)),
    Body("swish", "backward_x", "silu_table_derivative", "FA_SIMD_SWISH_RANGE_SKEW_TIMES_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f64",), layers=("avx2",)),
    Body("swish", "backward_x", "silu_table_derivative", "FA_SIMD_SWISH_RANGE_TIMES_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f64",), layers=PERMUTE_CHEAP),
    Body("swish", "backward_x", "silu_lut8_derivative", "FA_SIMD_SWISH_RANGE_TIMES_KERNEL",
         "simd/silu_{dtype}.inc", condition=_BETA1, dtypes=("f32",), layers=PERMUTE_CHEAP),
    # softplus and log_sigmoid forward: float32 over exp_neg.inc and
    # log1p_unit.h, float64 over the table-driven e^z
    Body("softplus", "forward", "softplus_forward", _UNARY, "simd/softplus.inc",
         dtypes=("f32",)),
    Body("log_sigmoid", "forward", "log_sigmoid_forward", _UNARY, "simd/softplus.inc",
         dtypes=("f32",)),
    Body("softplus", "forward", "softplus16_forward", _UNARY, "simd/exp_table_f64.inc",
         dtypes=("f64",)),
    Body("log_sigmoid", "forward", "log_sigmoid16_forward", _UNARY, "simd/exp_table_f64.inc",
         dtypes=("f64",)),
    # softplus' from y: float64 two vectors a step (3-8% faster, AVX-512),
    # float32 one (3-5% slower with two)
    Body("softplus", "backward_y", "softplus_derivative_from_y", _TIMES,
         "simd/softplus_from_y.inc", dtypes=("f32",)),
    Body("softplus", "backward_y", "softplus_derivative_from_y", _TIMES_X2,
         "simd/softplus_from_y.inc", dtypes=("f64",)),
    # softmax and log_softmax rows (inner == 1): float32 over simd/softmax_f32.h
    # on every layer; float64 over simd/softmax_f64.h on AVX2, AVX-512, NEON
    # (since session 8: its qemu suite runs them), x86-64's baseline over
    # SSE2 and the scalar baseline; softmax's float64 backward rows stay
    # generic (a product and a sum, no exp). On SSE2 only LAYER_CELLS' cells
    # (with the emulated fused ops the rows measured 1.4-1.7x (float32) and
    # 8x (float64) slower, BENCHMARKS.md 2026-12-06 session 6; since session 8
    # only exact steps keep them). One function serves both activations of a loop (its
    # log_variant argument); the forward rows come in pairs (softmax_rows
    # runs softmax's row function for both). AVX2's float64 fast
    # scaling by bits_add_shl: forward rows 1.03-1.09x faster, same bits
    # (BENCHMARKS.md 2026-12-07 session 7, float64 2^k)
    *(Body(activation, "forward", "softmax_rows", "softmax_any", _AXIS_ROWS_SOURCE,
           dtypes=("f32",), condition=_ROWS_F32.format(log=log))
      for activation, log in (("softmax", _EXACT_C), ("log_softmax", _LOG_BATCH))),
    *(Body(activation, "backward_y", "softmax_backward_rows", "softmax_backward_any",
           _AXIS_ROWS_SOURCE, dtypes=("f32",), layers=layers, condition=_BACKWARD_F32 + end)
      for activation, layers, end in (("softmax", PERMUTE_CHEAP, _FROM_END),
                                      ("softmax", PERMUTE_DEAR, ""),
                                      ("log_softmax", PERMUTE_CHEAP, ""),
                                      ("log_softmax", PERMUTE_DEAR, _Y_CHECKED))),
    *(Body(activation, "forward", "softmax_rows", "softmax_any", _AXIS_ROWS_SOURCE,
           dtypes=("f64",), layers=layers,
           condition=_ROWS_F64.format(fast=fast))
      for activation in ("softmax", "log_softmax")
      for layers, fast in ((PERMUTE_CHEAP, ""), (_F64_ROWS_DEAR, _FAST_SPREAD))),
    Body("log_softmax", "backward_y", "log_softmax_backward_rows", "softmax_backward_any",
         _AXIS_ROWS_SOURCE, dtypes=("f64",), layers=_F64_ROWS, condition=_BACKWARD_F64),
)


def cells(bodies: Iterable[Body] = BODIES) -> dict[tuple[str, str, str, str], Body]:
    """(layer, activation, pass, dtype) -> the one row serving it. ValueError
    where two rows serve one cell: no row may silently replace another."""
    served: dict[tuple[str, str, str, str], Body] = {}
    for body in bodies:
        for dtype in body.dtypes:
            for layer in body.layers_for(dtype):
                key = (layer, body.activation, body.pass_, dtype)
                if key in served:
                    raise ValueError(f"_kernel_table: {key} is served twice: "
                                     f"{served[key]} and {body}")
                served[key] = body
    return served


def check(bodies: Iterable[Body], activations: Iterable[str], passes: Iterable[str],
          axis_activations: Iterable[str] = ()) -> None:
    """Refuse rows naming an unknown activation, pass, dtype or layer, or a
    cell twice; rows of an along-axis activation (axis_activations) not run by
    its loop of :data:`AXIS_LOOPS` for that pass, or elementwise rows run by
    one; and forward rows of the axis activations that do not come all
    together on a layer and dtype (axis_dtype.inc's softmax_rows runs
    softmax's row function for both). ValueError."""
    bodies = tuple(bodies)
    axis_activations = set(axis_activations)
    activations, passes = set(activations) | axis_activations, set(passes)
    for body in bodies:
        unknown = ([f"activation {body.activation!r}"] * (body.activation not in activations)
                   + [f"pass {body.pass_!r}"] * (body.pass_ not in passes)
                   + [f"dtype {d!r}" for d in body.dtypes if d not in DTYPES]
                   + [f"layer {v!r}" for v in body.layers if v not in LAYERS])
        if unknown or not body.dtypes or not body.layers:
            raise ValueError(f"_kernel_table: {body}: unknown {', '.join(unknown) or 'nothing'}"
                             " (or no dtype / layer)")
        if (body.activation in axis_activations) != body.is_axis() or (
                body.is_axis() and AXIS_LOOPS[body.loop] != body.pass_):
            raise ValueError(f"_kernel_table: {body}: an along-axis activation's rows, and only "
                             f"those, run in the loop of their pass ({AXIS_LOOPS})")
    served = cells(bodies)
    functions: dict[tuple[str, str, str], str] = {}
    for (v, a, p, d), body in served.items():
        if body.is_axis() and functions.setdefault((v, d, body.loop), body.function) != body.function:
            raise ValueError(f"_kernel_table: {v} {d}: {body.loop} runs one row function for "
                             f"both activations (log_variant): {functions[v, d, body.loop]} "
                             f"and {body.function}")
    forward = {(v, d, a) for (v, a, p, d), body in served.items()
               if body.loop == "softmax_any"}
    for layer_, dtype, _ in forward:
        missing = [a for a in sorted(axis_activations) if (layer_, dtype, a) not in forward]
        if missing:
            raise ValueError(f"_kernel_table: {layer_} {dtype}: forward rows for "
                             f"{', '.join(missing)} too, or for none of "
                             f"{', '.join(sorted(axis_activations))} (softmax_rows runs one row "
                             "function for both)")
    for layer_, chosen in LAYER_CELLS.items():
        stale = sorted(cell for cell in chosen if (layer_, *cell) not in served)
        if stale:
            raise ValueError(f"_kernel_table: LAYER_CELLS[{layer_!r}] names cells no row serves there: {stale}")


def layer(isa: str, baseline_target: str) -> str | None:
    """The vector layer a variant of csrc/isa_list.h is compiled over: its own
    header csrc/simd/<isa>.h where it has one; the baseline's is named by
    fastact's baseline_target() (NEON on AArch64); None: generic loops only."""
    if isa in LAYERS:
        return isa
    if isa == "baseline":
        for name in LAYERS:
            if f"simd/{name}.h" in baseline_target:
                return name
    return None
