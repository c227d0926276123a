"""The peer ladder: fastact beside every installed peer (PyTorch, NumPy, SciPy,
numexpr; benchmarks/peers.py), speed and accuracy, one thread, in one run.

    python benchmarks/ladder.py [--quick] [--isa avx512|avx2|baseline (the variants built)]
                                [--functions silu,gelu,softmax] [--dtypes float32]
                                [--sizes 65536,1e7] [--shapes 1024x1000] [--passes forward]
    python -m fastact --peers [same options]     (from a source checkout)

Rows: every elementwise function with a peer, forward and backward (against
PyTorch's own backward kernels: silu_backward, gelu_backward, sigmoid_backward,
...; from x or from y as torch's kernel takes it), at n = 65536 (in cache, each
call allocating its result, as f(x)) and n = 1e7 (out= given to fastact and to
every peer that takes one; the others allocate and are marked); softmax,
log_softmax and their backward from y along the last axis at (1024, 1000),
(64, 50257) and (4096, 128), with out= given at every shape.

Per implementation: ns/element (the fastest call over repetitions, the
implementations taking turns so that load on the machine hits them alike) and
the max ULP error of its result on the same input against a high-precision
oracle (benchmarks/oracle.py). ratio = the fastest peer's time / fastact's
time (above 1: fastact is faster); the target is issue 13's for the row, and a
cell that misses it is marked ✗.

--isa runs the ladder again in a child process with the variant forced before
anything is imported: FASTACT_ISA for fastact, ATEN_CPU_CAPABILITY for PyTorch,
NPY_DISABLE_CPU_FEATURES (the NumPy dispatch targets above that ISA) for NumPy.
A full run takes 3-4 minutes on a shared 2-core machine (the slowest peers,
numexpr and SciPy at n = 1e7, take much of it); --quick about half of that.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # peers, oracle, report sit next to this file
    sys.path.insert(0, str(HERE))
from report import format_ulp  # noqa: E402  (standard library only: nothing is loaded before --isa)
CHILD_ENV = "FASTACT_LADDER_COMMAND"  # set in the --isa child: the command as typed
#: how the ladder was started when not as a script (python -m fastact --peers sets it)
INVOKED_AS: str | None = globals().get("INVOKED_AS")

#: issue 13's targets: ratio to the fastest peer; the exp family 1.5x (forward
#: and backward), piecewise rows 1.0x, softsign (rational) 1.0x, axis rows 1.5x
EXP_FAMILY = ("sigmoid", "tanh", "elu", "selu", "celu", "softplus", "mish", "log_sigmoid",
              "swish", "gelu", "gelu_tanh")
#: absolute targets, ns/element in cache (65536 <= n < OUT_FROM; issue 13 item 2, the spec):
#: (row, dtype) -> {isa: ns}
NS_TARGETS = {("sigmoid", "float32"): {"avx512": 0.25, "avx2": 0.30},
              ("tanh", "float32"): {"avx512": 0.25, "avx2": 0.30},
              ("sigmoid", "float64"): {"avx512": 0.8, "avx2": 0.8},
              ("tanh", "float64"): {"avx512": 0.8, "avx2": 0.8}}
#: the rows in the issue's order, then the rest
ORDER = ("swish", "gelu", "gelu_tanh", "sigmoid", "tanh", "relu", "leaky_relu", "relu6", "elu",
         "softplus", "mish", "log_sigmoid", "hard_swish", "softsign", "selu", "celu",
         "hard_sigmoid", "hard_tanh")
LABELS = {"swish": "silu (swish)", "gelu": "gelu (erf)", "gelu_tanh": "gelu (tanh form)"}
PASS_LABELS = {"forward": "forward", "backward_x": "backward", "backward_y": "backward from y"}
AXIS_NAMES = ("softmax", "log_softmax")
AXIS_PASSES = ("forward", "backward_y")
SIZES = (65536, 10_000_000)
SHAPES = ((1024, 1000), (64, 50257), (4096, 128))
DTYPES = ("float32", "float64")
#: from this many elements on, out= is given (the large-array case)
OUT_FROM = 1_000_000
PEER_LIBRARIES = ("torch", "numpy", "scipy", "numexpr")
CLOCKS = {"cpu": "the process's CPU time (time.process_time: the time a call ran, not the time other "
                 "work on a shared machine held the core; --clock wall for wall time)",
          "wall": "wall time (time.perf_counter)"}
#: the marks of the tables, for an output that cannot encode them
ASCII_MARKS = str.maketrans({"✗": "x", "†": "+", "–": "-"})


# --- the --isa switch: a child process with the variant forced before any import --------
def isa_environment(isa: str) -> dict[str, str]:
    """FASTACT_ISA, ATEN_CPU_CAPABILITY and NPY_DISABLE_CPU_FEATURES holding
    fastact, PyTorch and NumPy to isa (NumPy: every dispatch target above it)."""
    env = {"FASTACT_ISA": isa,
           "ATEN_CPU_CAPABILITY": {"avx512": "avx512", "avx2": "avx2"}.get(isa, "default")}
    try:
        from numpy._core import _multiarray_umath as umath
        targets = list(umath.__cpu_dispatch__)
    except (ImportError, AttributeError):
        targets = []
    if isa == "avx2":
        above = [t for t in targets if t.startswith(("AVX512", "X86_V4"))]
    elif isa == "baseline":
        above = targets
    else:
        above = []
    env["NPY_DISABLE_CPU_FEATURES"] = " ".join(above)
    return env


def run_child(isa: str, argv: list[str]) -> int:
    env = dict(os.environ)
    env.update(isa_environment(isa))
    if not env["NPY_DISABLE_CPU_FEATURES"]:
        del env["NPY_DISABLE_CPU_FEATURES"]
    env[CHILD_ENV] = command_line(argv)
    rest, skip = [], False
    for arg in argv:  # the child gets every option but --isa
        if skip:
            skip = False
        elif arg == "--isa":
            skip = True
        elif not arg.startswith("--isa="):
            rest.append(arg)
    return subprocess.run([sys.executable, str(Path(__file__).resolve()), *rest], env=env).returncode


def command_line(argv: list[str]) -> str:
    """The command as typed (the parent's, in an --isa child)."""
    start = INVOKED_AS or f"python {os.path.relpath(__file__)}"
    return os.environ.get(CHILD_ENV) or " ".join([start, *map(shlex.quote, argv)])


# --- the machine ------------------------------------------------------------------------
def cpu_model() -> str:
    """/proc/cpuinfo's model name, family and model (and whether AVX-512 / AVX2
    are there), else what platform knows."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                key = key.strip()
                if not key and fields:
                    break  # the first CPU is enough
                fields.setdefault(key, value.strip())
    except OSError:
        pass
    if "model name" not in fields:
        return platform.processor() or platform.machine() or "unknown CPU"
    flags = fields.get("flags", "").split()
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return (f"{fields['model name']} (family {fields.get('cpu family', '?')}, model "
            f"{fields.get('model', '?')}, {isa})")


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE), "status", "--porcelain", "-uno"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + (" (with uncommitted changes)" if dirty else "")


def load() -> str:
    try:
        return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except (OSError, AttributeError):  # Windows has none
        return "load unknown"


ENV_SWITCHES = ("FASTACT_ISA", "FASTACT_NUM_THREADS", "ATEN_CPU_CAPABILITY", "NPY_DISABLE_CPU_FEATURES",
                "NPY_ENABLE_CPU_FEATURES", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_MAX_THREADS",
                "NUMEXPR_NUM_THREADS")


def header(args, peers_module) -> list[str]:
    import numpy as np

    import fastact as fa
    import oracle

    info = fa._config.config()
    versions = [f"numpy {np.__version__}"]
    try:
        from numpy._core import _multiarray_umath as umath
        active = [t for t in umath.__cpu_dispatch__ if umath.__cpu_features__.get(t)]
        versions[0] += f" (dispatch targets on: {' '.join(active) or 'none'})"
    except (ImportError, AttributeError):
        pass
    torch = peers_module.torch
    if torch is not None:
        versions.append(f"torch {torch.__version__} (CPU capability {torch.backends.cpu.get_cpu_capability()}, "
                        f"{torch.get_num_threads()} thread)")
    else:
        versions.append("torch not installed")
    if peers_module.sp is not None:
        import scipy
        versions.append(f"scipy {scipy.__version__}")
    else:
        versions.append("scipy not installed")
    versions.append(f"numexpr {peers_module.ne.__version__} (1 thread)" if peers_module.ne is not None
                    else "numexpr not installed")
    switches = " ".join(f"{k}={shlex.quote(os.environ[k])}" for k in ENV_SWITCHES if k in os.environ)
    forced = f", forced by {info['isa_forced_by']}" if info["isa_forced_by"] else ""
    commit = git_commit()
    lines = [
        f"- command: `{command_line(args.argv)}`",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {load()} at the start",
        f"- CPU: {cpu_model()} ({os.cpu_count()} logical CPUs), {platform.machine()}, "
        f"{platform.system()}, Python {platform.python_version()}",
        f"- fastact {info['version']} from {Path(fa.__file__).parent}; ISA in use: **{info['isa']}**{forced} "
        f"(supported here: {', '.join(info['isas_supported'])}); 1 thread",
        f"- git: {commit}" if commit else "- git: not a git checkout",
        f"- peers: {'; '.join(versions)}",
        f"- environment switches: {switches or 'none'}",
        f"- method: one thread everywhere; ns/element = the fastest of {args.repeat} timed batches "
        f"(batches of >= {args.batch_ms:g} ms at small n, one call at large n), implementations "
        f"taking turns, timed in {CLOCKS[args.clock]}; inputs x = 4 N(0,1), dy = N(0,1), seed 0 (as test_bench_elementwise.py); "
        f"n < {_size(OUT_FROM)}: each call allocates its result; n >= {_size(OUT_FROM)}: out= given to fastact and "
        "to the peers that take it († marks a peer that allocates); torch on tensors made by "
        "torch.from_numpy outside the timed call (its C bindings and aten kernels, no conversion timed)",
        f"- accuracy: max ULP of each result against benchmarks/oracle.py (reference64.py: quad or long "
        f"double for float32 and float64 alike); counted where the exact value is normal or zero, "
        "derivatives outside the band next to a zero of f' (as ACCURACY.md); arrays longer than "
        f"{oracle.CHECK} elements checked on {oracle.CHECK} evenly spread ones plus the last {oracle.TAIL} "
        "of the timed result; axis backward rows in ULPs of the magnitude of their terms, "
        "y (|dy| + sum |dy y|) and |dy| + e^y sum |dy| (the difference and the sum cancel)",
        "- ratio = fastest peer's time / fastact's time (above 1: fastact faster); target: issue 13 "
        "(exp family, silu and gelu forward and backward 1.5x; piecewise and softsign 1.0x; softmax "
        "family 1.5x; sigmoid and tanh float32 <= 0.25 ns/el AVX-512, <= 0.30 AVX2, float64 <= 0.8); "
        "✗ marks a miss",
        f"- no installed peer computes these, so they are not in the ladder: {without_peer(peers_module)} "
        "(and every derivative pass)",
    ]
    return lines


def without_peer(peers_module) -> str:
    """The (row, pass) pairs of fastact that no installed peer computes."""
    from fastact import _table

    missing: dict = {}
    for spec in _table.elementwise():
        for pass_, label in PASS_LABELS.items():
            if (spec.name, pass_) not in peers_module.PEERS and (
                    pass_ != "backward_y" or spec.y_backward is not None):
                missing.setdefault(label, []).append(spec.name)
    return "; ".join(f"{label}: {', '.join(names)}" for label, names in missing.items())


# --- timing -----------------------------------------------------------------------------
def cpu_clock_usable() -> bool:
    """The process's CPU time, where the OS keeps it finely (Linux: ns; not
    Windows' 15.6 ms ticks)."""
    return time.get_clock_info("process_time").resolution <= 1e-6


def time_calls(calls: dict, elements: int, repeat: int, batch_s: float, first=None,
               clock=time.perf_counter) -> dict[str, float]:
    """ns/element of each zero-argument call: the fastest batch of `repeat`,
    calls taking turns (the order reversed every other round). first(name,
    result) sees each call's first result (untimed work: the accuracy)."""
    sizes = {}
    for name, call in calls.items():
        start = clock()
        result = call()  # first touch, lazy initialisation
        once = clock() - start
        if first is not None:
            first(name, result)
        if once < batch_s:  # a short call: size its batch on a warm one
            start = clock()
            call()
            once = clock() - start
        sizes[name] = max(1, min(1 << 16, int(batch_s / max(once, 1e-9))))
    best = {name: float("inf") for name in calls}
    names = list(calls)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else names[::-1]:
            call, k = calls[name], sizes[name]
            start = clock()
            for _ in range(k):
                call()
            best[name] = min(best[name], (clock() - start) / k)
    return {name: t / elements * 1e9 for name, t in best.items()}


# --- the rows ---------------------------------------------------------------------------
class Cell:
    """One (row, pass, dtype, size or shape): per implementation ns/el, max ULP, allocates."""

    def __init__(self, row, pass_, dtype, size, label):
        self.row, self.pass_, self.dtype, self.size, self.label = row, pass_, dtype, size, label
        self.ns: dict[str, float] = {}
        self.ulp: dict[str, float | None] = {}
        self.allocates: dict[str, bool] = {}
        self.names: dict[str, str] = {}  # library -> the peer's name (np.tanh, numpy-naive, ...)
        self.target: tuple[float, float | None] = (1.0, None)

    @property
    def peers(self) -> list[str]:
        return [lib for lib in self.ns if lib not in ("fastact", "numpy-reference")]

    @property
    def fastest_peer(self) -> str | None:
        return min(self.peers, key=lambda lib: self.ns[lib]) if self.peers else None

    @property
    def ratio(self) -> float | None:
        peer = self.fastest_peer
        return None if peer is None else self.ns[peer] / self.ns["fastact"]

    @property
    def misses(self) -> list[str]:
        """Which targets this cell misses, in words."""
        found = []
        ratio_target, ns_target = self.target
        if self.ratio is not None and self.ratio < ratio_target:
            found.append(f"{self.ratio:.2f}x < {ratio_target:g}x {self.fastest_peer}")
        if ns_target is not None and self.ns["fastact"] > ns_target:
            found.append(f"{self.ns['fastact']:.3f} > {ns_target:g} ns/el")
        return found


def _impls(peers, table, row, pass_, with_reference):
    """{column: (name, Impl)}: fastact, the reference (if asked), then each peer
    under its library's name (a second peer of one library as library:name)."""
    found = {"fastact": ("fastact", peers.fastact_impl(row, pass_))}
    if with_reference:
        found["numpy-reference"] = ("numpy-reference", peers.reference_impl(row, pass_))
    for name, impl in table.get((row, pass_), {}).items():
        key = impl.library if impl.library not in found else f"{impl.library}:{name}"
        found[key] = (name, impl)
    return found


def measure_cell(cell: Cell, impls: dict, x, dy, y, out, elements: int, args, accuracy) -> None:
    import numpy as np

    peers = args.peers_module
    calls = {}
    for lib, (name, impl) in impls.items():
        calls[lib] = peers.bind(impl, x, dy, y, out)
        cell.names[lib] = name
        cell.allocates[lib] = out is not None and peers.allocates(impl)
    def first(lib, result):
        cell.ulp[lib] = accuracy(peers.as_numpy(result))[0]
    with np.errstate(all="ignore"):
        cell.ns = time_calls(calls, elements, args.repeat, args.batch_ms / 1e3, first, args.timer)


def ladder_cells(args, axis: bool) -> list[Cell]:
    """Measure every cell of the elementwise rows (axis False) or the softmax family."""
    import numpy as np

    import fastact as fa
    import oracle

    peers = args.peers_module
    table = peers.AXIS_PEERS if axis else peers.PEERS
    measure = oracle.axis_max_ulp if axis else oracle.max_ulp
    isa = fa._config.config()["isa"]
    cells = []
    for dtype in args.dtypes:
        for size in args.shapes if axis else args.sizes:
            x, dy = oracle.inputs(dtype, size)
            out = np.empty_like(x) if axis or size >= OUT_FROM else None
            if out is not None:
                out.fill(0)  # fault the pages in before timing
            for row in args.axis_names if axis else args.rows:
                y = peers.as_numpy(peers.bind(peers.fastact_impl(row, "forward"), x)())
                for pass_ in AXIS_PASSES if axis else PASS_LABELS:
                    if (row, pass_) not in table or pass_ not in args.passes:
                        continue
                    cell = Cell(row, pass_, dtype, size, f"{LABELS.get(row, row)} {PASS_LABELS[pass_]}")
                    small = not axis and 65536 <= size < OUT_FROM and pass_ == "forward"
                    cell.target = (1.5 if axis or row in EXP_FAMILY else 1.0,
                                   NS_TARGETS.get((row, dtype), {}).get(isa) if small else None)
                    impls = _impls(peers, table, row, pass_, args.reference)
                    measure_cell(cell, impls, x, dy, y, out, x.size, args,
                                 lambda r, x=x, dy=dy, y=y: measure(row, pass_, r, x, dy, y))
                    cells.append(cell)
                    print(f"  {cell.label} {dtype} {_size(size)}: {time.perf_counter() - args.start:.0f} s",
                          file=sys.stderr, flush=True)
            del x, dy, out
    return cells


# --- tables -----------------------------------------------------------------------------
def _size(size) -> str:
    if isinstance(size, tuple):
        return "x".join(map(str, size))
    return f"{size:.0e}".replace("e+0", "e") if size >= OUT_FROM else str(size)


def _column(dtype: str, size) -> str:
    if isinstance(size, tuple):
        return f"{_size(size)} {dtype}"
    return f"{dtype} n={_size(size)}{', out=' if size >= OUT_FROM else ''}"


def summary_table(cells: list[Cell]) -> list[str]:
    """The issue's layout: a line per row, the ratio per (dtype, size or shape)."""
    columns = list(dict.fromkeys((c.dtype, c.size) for c in cells))
    lines = ["| row | target | " + " | ".join(_column(*col) for col in columns) + " |",
             "|---|---|" + "---|" * len(columns)]
    by_row: dict = {}
    for cell in cells:
        by_row.setdefault(cell.label, {})[(cell.dtype, cell.size)] = cell
    for label, found in by_row.items():
        target = next(iter(found.values())).target[0]
        texts = []
        for col in columns:
            cell = found.get(col)
            if cell is None or cell.ratio is None:
                texts.append("–")
                continue
            texts.append(f"{cell.ratio:.2f}x {cell.fastest_peer}" + (" ✗" if cell.misses else ""))
        lines.append(f"| {label} | {target:g}x | " + " | ".join(texts) + " |")
    return lines


def detail_table(cells: list[Cell], size_title: str) -> list[str]:
    libraries = ["fastact"] + (["numpy-reference"] if any("numpy-reference" in c.ns for c in cells) else [])
    extra = sorted({lib for c in cells for lib in c.peers},
                   key=lambda lib: (PEER_LIBRARIES.index(lib.split(":")[0])
                                    if lib.split(":")[0] in PEER_LIBRARIES else 99, lib))
    libraries += extra
    head = " | ".join(f"{lib} ns/el | {lib} ULP" for lib in libraries)
    lines = [f"| row | dtype | {size_title} | {head} | ratio | target | miss |",
             "|---|---|---|" + "---|---|" * len(libraries) + "---|---|---|"]
    for c in cells:
        texts = []
        for lib in libraries:
            if lib not in c.ns:
                texts += ["", ""]
                continue
            name = c.names[lib]
            tag = f" {name}" if lib not in ("fastact", "numpy-reference") and name != lib.split(":")[0] else ""
            dagger = "†" if c.allocates.get(lib) else ""
            texts += [f"{c.ns[lib]:.3f}{dagger}{tag}", format_ulp(c.ulp.get(lib))]
        ratio = "–" if c.ratio is None else f"{c.ratio:.2f}x"
        ratio_target, ns_target = c.target
        target = f"{ratio_target:g}x" + (f", <= {ns_target:g} ns" if ns_target is not None else "")
        lines.append(f"| {c.label} | {c.dtype} | {_size(c.size)} | " + " | ".join(texts)
                     + f" | {ratio} | {target} | {'✗ ' + '; '.join(c.misses) if c.misses else ''} |")
    return lines


# --- command line -------------------------------------------------------------------------
def compiled_isas() -> list[str]:
    """The variants this fastact build has (csrc/isa_list.h's rows built here),
    best first. Importing fastact here picks nothing for the --isa child, which
    is a new process with FASTACT_ISA set before its imports."""
    from fastact import _core

    return list(reversed(_core.isas_compiled()))


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ladder.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 repetitions instead of 15 (about half the time)")
    parser.add_argument("--isa", choices=compiled_isas(),
                        help="force fastact, PyTorch and NumPy to this variant (a child process)")
    parser.add_argument("--functions", help="comma-separated rows (silu, gelu, gelu_tanh, softmax, ...)")
    parser.add_argument("--dtypes", default=",".join(DTYPES))
    parser.add_argument("--sizes", default="65536,1e7", help="elementwise n; out= from 1e6 on")
    parser.add_argument("--shapes", default=",".join("x".join(map(str, s)) for s in SHAPES),
                        help="softmax shapes, e.g. 1024x1000 (none: no axis rows)")
    parser.add_argument("--passes", default="forward,backward", help="forward, backward or both")
    parser.add_argument("--repeat", type=int, help="timed batches per implementation (default 15, quick 4)")
    parser.add_argument("--batch-ms", type=float, help="least duration of a timed batch (default 2, quick 0.5)")
    parser.add_argument("--reference", action="store_true", help="add fastact.reference (NumPy twins) as a column")
    parser.add_argument("--clock", choices=["cpu", "wall"],
                        help="time on the CPU (default where the OS keeps it finely: Linux) or wall time")
    args = parser.parse_args(argv)
    args.clock = args.clock or ("cpu" if cpu_clock_usable() else "wall")
    args.timer = time.process_time if args.clock == "cpu" else time.perf_counter
    args.argv = list(argv)
    args.repeat = args.repeat or (4 if args.quick else 15)
    args.batch_ms = args.batch_ms or (0.5 if args.quick else 2.0)
    args.dtypes = [d for d in args.dtypes.split(",") if d]
    args.sizes = [int(float(s)) for s in args.sizes.split(",") if s]
    args.shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",") if s and s != "none"]
    wanted = args.passes.split(",")
    args.passes = {p for p in ("forward", "backward_x", "backward_y") if p.split("_")[0] in wanted or p in wanted}
    return args


def select_rows(args, peers) -> None:
    from fastact import _table

    rows = [r for r in ORDER if any((r, p) in peers.PEERS for p in PASS_LABELS)]
    rows += sorted({r for r, _ in peers.PEERS} - set(rows))
    axis = list(AXIS_NAMES)
    if args.functions:
        aliases = {alias: spec.name for spec in _table.ACTIVATIONS for alias in spec.aliases}
        asked = set()
        for name in args.functions.split(","):
            name = aliases.get(name.strip(), name.strip())
            asked |= {name, "gelu_tanh"} if name == "gelu" else {name}
        unknown = asked - set(rows) - set(axis)
        if unknown:
            raise SystemExit(f"ladder.py: no peer for {', '.join(sorted(unknown))}; rows: "
                             f"{', '.join(rows + axis)}")
        rows = [r for r in rows if r in asked]
        axis = [a for a in axis if a in asked]
    args.rows, args.axis_names = rows, axis


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse(argv)
    if args.isa and os.environ.get(CHILD_ENV) is None:
        return run_child(args.isa, argv)
    import fastact as fa
    import peers

    previous_threads = fa.get_num_threads()
    fa.set_num_threads(1)
    args.peers_module, args.start = peers, time.perf_counter()
    select_rows(args, peers)
    try:
        lines = ["## fastact peer ladder", ""] + header(args, peers) + [""]
        elementwise = ladder_cells(args, axis=False) if args.rows and args.sizes else []
        axis = ladder_cells(args, axis=True) if args.axis_names and args.shapes else []
    finally:
        fa.set_num_threads(previous_threads)
    cells = elementwise + axis
    if elementwise:
        lines += ["### Elementwise: fastest peer's time / fastact's time", ""] + summary_table(elementwise) + [""]
    if axis:
        lines += ["### Along the last axis: fastest peer's time / fastact's time", ""] + summary_table(axis) + [""]
    if elementwise:
        lines += ["### Elementwise, each implementation: ns/element and max ULP", ""]
        lines += detail_table(elementwise, "n") + [""]
    if axis:
        lines += ["### Along the last axis, each implementation: ns/element and max ULP", ""]
        lines += detail_table(axis, "shape") + [""]
    misses = [c for c in cells if c.misses]
    lines.append(f"{len(misses)} of {len(cells)} cells miss their target; "
                 f"the run took {time.perf_counter() - args.start:.1f} s ({load()} at the end).")
    text = "\n".join(lines)
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):  # a console without them (Windows cp1252)
        text = text.translate(ASCII_MARKS)
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
