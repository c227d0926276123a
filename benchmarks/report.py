"""Turn pytest-benchmark JSON into the tables of BENCHMARKS.md (and, with --plot,
a PNG of ns/element against n for the main functions).

    pytest benchmarks --benchmark-only --benchmark-json=bench.json
    python benchmarks/report.py bench.json [--plot ns_per_element.png]

ns/element is the minimum time of a call divided by the number of elements;
each ratio is peer time / fastact time from the same run.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict


def load(path: str) -> dict:
    """{(function, pass, dtype, n): {impl: ns per element}}"""
    with open(path) as handle:
        data = json.load(handle)
    groups: dict = defaultdict(dict)
    for bench in data["benchmarks"]:
        info = bench["extra_info"]
        key = (info["function"], info["pass_"], info["dtype"], info["n"])
        groups[key][info["impl"]] = bench["stats"]["min"] / info["n"] * 1e9
    return groups, data.get("machine_info", {})


def table(groups: dict) -> str:
    peers = sorted({impl for impls in groups.values() for impl in impls} - {"fastact"})
    header = "| function | pass | dtype | n | fastact ns/el | " + " | ".join(
        f"{p} ns/el (x)" for p in peers) + " |"
    lines = [header, "|" + "---|" * (5 + len(peers))]
    for (function, pass_, dtype, n), impls in sorted(groups.items()):
        fast = impls.get("fastact")
        if fast is None:
            continue
        cells = [f"{impls[p]:.3f} ({impls[p] / fast:.2f}x)" if p in impls else "" for p in peers]
        lines.append(f"| {function} | {pass_} | {dtype} | {n} | {fast:.3f} | " + " | ".join(cells) + " |")
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
            for impl, ns in impls.items():
                if impl in ("fastact", "numpy-reference", "np.copyto"):
                    series[(function, impl)].append((n, ns))
    for (function, impl), points in sorted(series.items()):
        if impl == "np.copyto" and function != "sigmoid":
            continue
        points.sort()
        style = "-" if impl == "fastact" else ":" if impl == "np.copyto" else "--"
        label = "np.copyto" if impl == "np.copyto" else f"{function} ({impl})"
        axes.plot([p[0] for p in points], [p[1] for p in points], style, marker="o", label=label)
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
