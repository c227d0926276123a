"""Turn pytest-benchmark JSON into the tables of BENCHMARKS.md, speed and
accuracy side by side (and, with --plot, a PNG of ns/element against n for the
main functions).

    pytest benchmarks --benchmark-only --benchmark-json=bench.json
    python benchmarks/report.py bench.json [--plot ns_per_element.png]

For each group (function, pass, dtype, n): fastact, the NumPy reference twin
and each peer, each with its ns/element (the minimum time of a call divided by
the number of elements), its time relative to fastact's from the same run
(above 1: fastact faster) and the max ULP error of its result on the
benchmark's own input (extra_info max_ulp, from benchmarks/oracle.py; "–" where
none was recorded, as for np.copyto). Groups without a fastact entry (large
out=, in place, threads) follow in a plain list.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

#: column order: fastact, the NumPy reference, the peers, the copy floor last
FIRST = ("fastact", "numpy-reference", "torch", "scipy", "numexpr")
LAST = ("np.copyto",)


def load(path: str) -> tuple[dict, dict]:
    """{(function, pass, dtype, n): {impl: (ns per element, max ULP or None)}}, machine_info"""
    with open(path) as handle:
        data = json.load(handle)
    groups: dict = defaultdict(dict)
    for bench in data["benchmarks"]:
        info = bench["extra_info"]
        key = (info["function"], info["pass_"], info["dtype"], info["n"])
        groups[key][info["impl"]] = (bench["stats"]["min"] / info["n"] * 1e9, info.get("max_ulp"))
    return groups, data.get("machine_info", {})


def _order(impl: str) -> tuple:
    if impl in FIRST:
        return (0, FIRST.index(impl), impl)
    return (2, 0, impl) if impl in LAST else (1, 0, impl)


def format_ulp(value) -> str:
    """A max ULP for a table (ladder.py too): 2 decimals, 3 digits from 100 on."""
    if value is None:
        return "–"
    if value == float("inf"):
        return "inf"
    return f"{value:.2f}" if value < 100 else f"{value:.3g}"


def table(groups: dict) -> str:
    """One line per group with fastact: ns/el, ratio and max ULP per implementation."""
    with_fastact = {key: impls for key, impls in groups.items() if "fastact" in impls}
    others = sorted({impl for impls in with_fastact.values() for impl in impls} - {"fastact"}, key=_order)
    header = ("| function | pass | dtype | n | fastact ns/el | fastact ULP | "
              + " | ".join(f"{p} ns/el (x) | {p} ULP" for p in others) + " |")
    lines = [header, "|" + "---|" * (6 + 2 * len(others))]
    for (function, pass_, dtype, n), impls in sorted(with_fastact.items()):
        fast, fast_ulp = impls["fastact"]
        cells = []
        for p in others:
            if p in impls:
                ns, ulp = impls[p]
                cells += [f"{ns:.3f} ({ns / fast:.2f}x)", format_ulp(ulp)]
            else:
                cells += ["", ""]
        lines.append(f"| {function} | {pass_} | {dtype} | {n} | {fast:.3f} | {format_ulp(fast_ulp)} | "
                     + " | ".join(cells) + " |")
    rest = {key: impls for key, impls in groups.items() if "fastact" not in impls}
    if rest:
        lines += ["", "| group | implementation | ns/el | max ULP |", "|---|---|---|---|"]
        for (function, pass_, dtype, n), impls in sorted(rest.items(), key=str):
            for impl, (ns, ulp) in sorted(impls.items()):
                lines.append(f"| {function} {pass_} {dtype} n={n} | {impl} | {ns:.3f} | {format_ulp(ulp)} |")
    return "\n".join(lines)


MAIN_FUNCTIONS = ("sigmoid", "tanh", "relu", "gelu", "swish")


def plot(groups: dict, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 5))
    series: dict = defaultdict(list)
    for (function, pass_, dtype, n), impls in groups.items():
        if pass_ == "forward" and dtype == "float32" and function in MAIN_FUNCTIONS:
            for impl, (ns, _) in impls.items():
                if impl in ("fastact", "numpy-reference", "np.copyto"):
                    series[(function, impl)].append((n, ns))
    # one colour per function (fastact solid, the NumPy twin dashed in the same
    # colour), np.copyto grey: the default colour cycle gave two series one colour
    functions = sorted({function for function, _ in series})
    colours = {f: plt.get_cmap("tab10")(i % 10) for i, f in enumerate(functions)}
    for (function, impl), points in sorted(series.items()):
        if impl == "np.copyto" and function != "sigmoid":
            continue
        points.sort()
        style = "-" if impl == "fastact" else ":" if impl == "np.copyto" else "--"
        colour = "0.4" if impl == "np.copyto" else colours[function]
        label = "np.copyto" if impl == "np.copyto" else f"{function} ({impl})"
        axes.plot([p[0] for p in points], [p[1] for p in points], style, color=colour, marker="o",
                  label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("n (elements)")
    axes.set_ylabel("ns / element (min)")
    axes.set_title("float32 forward, one thread")
    axes.legend(fontsize=7, ncol=2)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json")
    parser.add_argument("--plot", help="write a PNG of ns/element against n")
    args = parser.parse_args()
    groups, machine = load(args.json)
    cpu = machine.get("cpu", {}).get("brand_raw", "?")
    print(f"<!-- {args.json}: {cpu}, python {machine.get('python_version', '?')} -->")
    print(table(groups))
    if args.plot:
        plot(groups, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
