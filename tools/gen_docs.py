"""Write docs/api.md, fastact's API reference, from the table.

    python tools/gen_docs.py           # rewrite docs/api.md
    python tools/gen_docs.py --check   # exit 1 if docs/api.md is not what the table gives

Per activation: formula, derivative, the signatures of every pass (the same
inspect.signature the functions report), parameters with defaults and notes,
aliases, which backward passes exist, the accuracy bounds the tests hold the
kernels to (tests/cases.py's ulp_bound), its figure (tools/plot_activations.py)
and its names in PyTorch, JAX, Keras and SciPy (src/fastact/_peer_names.py).
Needs fastact installed (it asks the activations for their signatures);
tests/test_docs.py checks the committed file is this script's output.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import fastact as fa
from fastact import _table
from fastact._activation import signature
from fastact._peer_names import LIBRARIES, PEER_NAMES, TITLES

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "docs" / "api.md"

#: along an axis the tests hold every element to this against mpmath (tests/test_axis.py)
AXIS_BOUND = ("softmax, log_softmax: every element within 4 ULP of an mpmath reference, float32 and "
              "float64, every ISA (tests/test_axis.py); +inf entries share the mass")
PRELU_BOUND = "exact: x or alpha * x, one rounding (0.5 ULP); dalpha summed in float64"


INTRO = ("Every activation is an object: calling it is the forward pass, `.derivative` gives f'(x) "
         "and `.backward(dy, x)` gives dy * f'(x) in one fused pass (or `.backward(dy, y=f(x))` where "
         "the output determines the gradient). float32 stays float32, float64 float64, float16 is "
         "computed in float32 and returned as float16, bool and integers are computed in float64; "
         "Python and NumPy scalars give NumPy scalars. Parameters may be given positionally after x "
         "in the order below, as PyTorch takes them (`fa.leaky_relu(x, 0.2)`), or by name; `out=` is "
         "keyword-only. `fa.get(name)` takes every name and alias (case-insensitive); "
         "`fa.show_config()` reports the ISA and threads.")
NAMES_INTRO = ("The same functions in the libraries people come from, with their defaults "
               "(F = torch.nn.functional). `fa.get` also takes torch's, SciPy's, Keras' and JAX's names "
               "where they differ (the aliases above).")


def _public() -> list[_table.Spec]:
    return [s for s in _table.ACTIVATIONS if s.public]


def _call_text(name: str, sig: inspect.Signature) -> str:
    """name(parameters), without annotations (the stubs carry the types)."""
    bare = [p.replace(annotation=p.empty) for p in sig.parameters.values()]
    return f"{name}{sig.replace(parameters=bare, return_annotation=sig.empty)}"


def _signatures(spec: _table.Spec) -> list[str]:
    f = getattr(fa, spec.name)
    if spec.kind == "elementwise":
        lines = [_call_text(f"fa.{spec.name}", signature(spec, "forward")),
                 _call_text(f"fa.{spec.name}.derivative", signature(spec, "derivative")),
                 _call_text(f"fa.{spec.name}.backward", signature(spec, "backward"))]
    else:
        lines = [_call_text(f"fa.{spec.name}", inspect.signature(f)),
                 _call_text(f"fa.{spec.name}.derivative", inspect.signature(f.derivative)),
                 _call_text(f"fa.{spec.name}.backward", inspect.signature(f.backward))]
    return lines


def _backward_forms(spec: _table.Spec) -> str:
    if spec.kind == "axis":
        return "from x, or (cheaper) from y = f(x): the formula is under derivative"
    if spec.kind == "channel":
        return "from x only; returns (dx, dalpha), dalpha shaped like alpha"
    if spec.y_backward is None:
        return "from x only (the output does not determine the gradient)"
    if spec.y_backward is _table._always:
        return "from x, or from y = f(x)"
    return ("from x, or from y = f(x) where the parameters allow it (with the defaults it does; "
            "otherwise a ValueError says why not)")


def _bounds(spec: _table.Spec) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))  # cases.py: the bounds the tests use
    from cases import ulp_bound

    if spec.kind == "axis":
        return [AXIS_BOUND]
    if spec.kind == "channel":
        return [PRELU_BOUND]
    rows = ["| pass | float32 | float64 |", "|---|---|---|"]
    for pass_ in ("forward", "derivative", "backward"):
        cells = []
        for dtype in ("float32", "float64"):
            bound = ulp_bound(spec.name, "backward_x" if pass_ == "backward" else pass_, dtype)
            cells.append("exact" if bound == 0 else f"{bound:g} ULP")
        rows.append(f"| {pass_} | {cells[0]} | {cells[1]} |")
    notes = ["", "Max error against a float64 / long-double reference, as the tests hold every ISA to it "
             "(tests/cases.py); backward = derivative's bound + 1 for the multiply."
             + (f" Every value of {spec.choice[0]}." if spec.choice else "")]
    if spec.derivative_zeros(_defaults(spec)):
        notes.append("Next to the zeros of f' the derivative is held to an absolute bound instead "
                     "(f' = a - b cancels there; fastact._accuracy).")
    return rows + notes


def _defaults(spec: _table.Spec) -> dict[str, float]:
    return {p.name: p.default for p in spec.params}


def _parameters(spec: _table.Spec) -> list[str]:
    if spec.kind == "channel":
        return ["- `alpha`: a scalar or a 1-D array, one slope per channel (x.shape[axis])",
                "- `axis=-1`: the channel axis (1 for (N, C, H, W) arrays, as torch)"]
    if spec.kind == "axis":
        return ["- `axis=-1`: the axis the sum runs along"]
    lines = [f"- `{p.name}={p.default!r}`" + (f": {p.doc}" if p.doc else "") for p in spec.params]
    if spec.choice is not None:
        keyword, options = spec.choice
        flags = ""
        if spec.choice_flags:
            flags = "; also " + ", ".join(f"{flag} (= {value!r})" for flag, value in spec.choice_flags.items())
        lines.append(f"- `{keyword}={next(iter(options))!r}`: one of "
                     f"{', '.join(repr(o) for o in options)}{flags} (keyword only)")
    if spec.params:
        lines.append("- positional after x (after dy, x in backward) in this order, as torch takes them, "
                     "or by name; `out=` is keyword-only")
    return lines or ["none"]


def _peer_table() -> list[str]:
    header = "| fastact | " + " | ".join(TITLES[lib] for lib in LIBRARIES) + " |"
    lines = [header, "|" + "---|" * (len(LIBRARIES) + 1)]
    for spec in _public():
        names = PEER_NAMES[spec.name]
        params = ", ".join(f"{p.name}={p.default!r}" for p in spec.params)
        if spec.choice is not None:
            params = ", ".join(filter(None, [params, f"{spec.choice[0]}={next(iter(spec.choice[1]))!r}"]))
        if spec.kind == "axis":
            params = "axis=-1"
        if spec.kind == "channel":
            params = "alpha, axis=-1"
        cells = [f"`{spec.name}({', '.join(filter(None, ['x', params]))})`"]
        cells += [f"`{names[lib]}`" if not names[lib].startswith("—") else names[lib] for lib in LIBRARIES]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Defaults and behaviours that differ from fastact's:", ""]
    lines += [f"- **{spec.name}**: {PEER_NAMES[spec.name]['differs']}" for spec in _public()
              if "differs" in PEER_NAMES[spec.name]]
    return lines


def generate() -> str:
    out = ["<!-- Generated by tools/gen_docs.py from src/fastact/_table.py, tests/cases.py and",
           "     src/fastact/_peer_names.py: do not edit; edit those and rerun the script. -->",
           "# fastact API reference", "",
           INTRO, "",
           "Figures: f and f' of each function, drawn by fastact (`python tools/plot_activations.py`).",
           "", "## Contents", "",
           "| function | aliases | parameters | backward | figure |", "|---|---|---|---|---|"]
    for spec in _public():
        params = ", ".join(f"{p.name}={p.default!r}" for p in spec.params) or "—"
        if spec.choice is not None:
            params = f"{spec.choice[0]}={next(iter(spec.choice[1]))!r}"
        if spec.kind == "axis":
            params = "axis=-1"
        if spec.kind == "channel":
            params = "alpha, axis=-1"
        y = {"axis": "x or y", "channel": "x (and dalpha)"}.get(
            spec.kind, "x or y" if spec.has_y_kernel else "x")
        aliases = ", ".join(f"`{a}`" for a in spec.aliases) or "—"
        params = f"`{params}`" if params != "—" else params
        out.append(f"| [`{spec.name}`](#{spec.name}) | {aliases} | {params} | {y} | "
                   f"[png](figures/{spec.name}.png) |")
    out += ["", "## Names elsewhere", "", NAMES_INTRO, ""]
    out += _peer_table()
    for spec in _public():
        out += ["", f"## {spec.name}", "", f"![{spec.name} and its derivative](figures/{spec.name}.png)", "",
                f"- forward: `{spec.formula}`", f"- derivative: `{spec.derivative}`"]
        if spec.aliases:
            out.append("- aliases: " + ", ".join(f"`fa.{a}`" for a in spec.aliases))
        out.append(f"- backward: {_backward_forms(spec)}")
        out += ["", "```python", *_signatures(spec), "```", "", "Parameters:", ""]
        out += _parameters(spec)
        out += ["", "Accuracy:", ""]
        out += _bounds(spec)
    out.append("")
    return "\n".join(out)


def main() -> int:
    from generated import write_or_check  # tools/generated.py, beside this script

    return write_or_check(API, generate, __doc__.splitlines()[0], "tools/gen_docs.py")


if __name__ == "__main__":
    sys.exit(main())
