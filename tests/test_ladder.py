"""The peer ladder (benchmarks/ladder.py) and the accuracy it prints beside speed
(benchmarks/oracle.py): the ULP measurement finds a known error, every peer
computes fastact's pass, and a quick ladder on a tiny filter prints a well-formed
table. Nothing here is timed against a bound."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import fastact as fa

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
oracle = pytest.importorskip("oracle")  # needs mpmath, as reference64
peers = pytest.importorskip("peers")
ladder = pytest.importorskip("ladder")

needs_long_double = pytest.mark.skipif(not oracle.extended_long_double(),
                                       reason="the float64 oracle needs an extended long double")


def _away(values: np.ndarray, k: int) -> np.ndarray:
    """values moved k floating-point steps away from zero."""
    for _ in range(k):
        values = np.nextafter(values, np.copysign(np.inf, values))
    return values


@needs_long_double
@pytest.mark.parametrize("k", [1, 3])
@pytest.mark.parametrize("row, pass_", [("sigmoid", "forward"), ("gelu", "forward"),
                                         ("swish", "backward_x"), ("tanh", "backward_y")])
def test_max_ulp_of_a_k_ulp_perturbation_is_k(row, pass_, k, dtype):
    """The oracle rounded to dtype, then moved k ULPs: the helper must report k
    within the half ULP the rounding itself may carry."""
    x, dy = oracle.inputs(dtype, 4096)
    name, keywords = oracle.public(row)
    y = fa.get(name)(x, **keywords)
    exact = oracle.elementwise_exact(row, pass_, x, dy, y)
    perturbed = _away(exact.astype(dtype), k)
    worst, checked = oracle.max_ulp(row, pass_, perturbed, x, dy, y)
    assert checked > 3500
    assert abs(worst - k) <= 0.5, (worst, k)
    assert oracle.max_ulp(row, pass_, exact.astype(dtype), x, dy, y)[0] <= 0.5


@needs_long_double
@pytest.mark.parametrize("k", [1, 4])
def test_axis_max_ulp_of_a_k_ulp_perturbation_is_k(k, dtype):
    x, dy = oracle.inputs(dtype, (16, 300))
    exact, _ = oracle.axis_exact("softmax", "forward", x)
    worst, checked = oracle.axis_max_ulp("softmax", "forward", _away(exact.astype(dtype), k), x)
    assert checked == x.size
    assert abs(worst - k) <= 0.5, (worst, k)
    y = fa.softmax(x)
    exact, scale = oracle.axis_exact("softmax", "backward_y", x, dy, y)
    assert np.all(scale >= np.abs(exact))
    assert oracle.axis_max_ulp("softmax", "backward_y", exact.astype(dtype), x, dy, y)[0] <= 0.5


def test_an_error_in_the_tail_of_a_long_array_is_seen():
    """Past CHECK elements the result is checked on a subsample: the vector tail,
    where a kernel's remainder loop runs, is always in it."""
    x, _ = oracle.inputs("float32", 200_003)
    result = fa.sigmoid(x)
    assert oracle.max_ulp("sigmoid", "forward", result, x)[0] <= 2
    result[-1] = _away(result[-1:], 50)[0]
    worst, checked = oracle.max_ulp("sigmoid", "forward", result, x)
    assert worst >= 49
    assert oracle.CHECK <= checked <= oracle.CHECK + oracle.TAIL


def _peer_cases():
    for table, axis in ((peers.PEERS, False), (peers.AXIS_PEERS, True)):
        for (row, pass_), found in sorted(table.items()):
            for name in found:
                yield pytest.param(row, pass_, name, axis, id=f"{row}-{pass_}-{name}")


@pytest.mark.parametrize("row, pass_, name, axis", list(_peer_cases()))
def test_every_peer_computes_fastacts_pass(row, pass_, name, axis, dtype):
    """Each peer (its allocating and its out= form) gives fastact's result to
    well within the peers' own accuracy: the same function, parameters and
    conventions (which y or x, kinks), not merely something close."""
    shape = (8, 512) if axis else (4096,)
    x, dy = oracle.inputs(dtype, shape)
    y = peers.as_numpy(peers.bind(peers.fastact_impl(row, "forward"), x)())
    want = peers.as_numpy(peers.bind(peers.fastact_impl(row, pass_), x, dy, y)())
    impl = (peers.AXIS_PEERS if axis else peers.PEERS)[(row, pass_)][name]
    with np.errstate(all="ignore"):
        got = peers.as_numpy(peers.bind(impl, x, dy, y)())
        out = np.full_like(x, np.nan)
        into = peers.as_numpy(peers.bind(impl, x, dy, y, out)())
    assert got.dtype == x.dtype and got.shape == x.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(into, got)
    if impl.out is not None:
        assert np.shares_memory(into, out)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_quick_ladder_prints_a_well_formed_table(capsys):
    """Two sizes (allocating, and out= from 1e6 on), an elementwise and an axis
    row: a header naming the machine and the run, then tables whose every line has
    its header's cells, fastact's figures in each."""
    argv = ["--quick", "--functions", "relu,sigmoid,softmax", "--dtypes", "float32",
            "--sizes", "2048,1000000", "--shapes", "32x128", "--repeat", "2"]
    assert ladder.main(argv) == 0
    text = capsys.readouterr().out
    for needed in ("## fastact peer ladder", "- CPU: ", "- git: ", "ISA in use: **",
                   "- command: `python", "--functions relu,sigmoid,softmax", "- environment switches: "):
        assert needed in text, needed
    axis_rows = {f"softmax {ladder.PASS_LABELS[p]}" for n, p in peers.AXIS_PEERS if n == "softmax"}
    tables = re.findall(r"(?:^\|.*\|\n)+", text, flags=re.M)
    assert len(tables) == (4 if axis_rows else 2)  # summaries, then detail tables
    for table in tables:
        lines = table.splitlines()
        width = len(_cells(lines[0]))
        assert all(len(_cells(line)) == width for line in lines), table
    detail = [_cells(line) for line in tables[len(tables) // 2].splitlines()]
    head, rows = detail[0], detail[2:]
    labels = {(r[0], r[2]) for r in rows}
    assert {("relu forward", "2048"), ("sigmoid forward", "1e6")} <= labels
    for r in rows:
        cells = dict(zip(head, r))
        assert float(cells["fastact ns/el"]) > 0
        assert float(cells["fastact ULP"]) <= (2.0 if "forward" in r[0] else 4.0)  # the bounds
        assert cells["ratio"] == "–" or cells["ratio"].endswith("x")
    if axis_rows:  # rows without a peer (none installed) are left out
        axis = [_cells(line) for line in tables[3].splitlines()][2:]
        assert {r[0] for r in axis} == axis_rows


def test_isa_switch_forces_every_library_before_import():
    """--isa re-runs the ladder in a child with the switches set before any import."""
    env = {k: v for k, v in os.environ.items() if k != ladder.CHILD_ENV}
    command = [sys.executable, str(BENCHMARKS / "ladder.py"), "--isa", "baseline", "--quick",
               "--functions", "relu", "--dtypes", "float32", "--sizes", "1024", "--shapes", "none",
               "--passes", "forward", "--repeat", "1"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ISA in use: **baseline**, forced by FASTACT_ISA" in done.stdout
    assert "FASTACT_ISA=baseline" in done.stdout and "ATEN_CPU_CAPABILITY=default" in done.stdout
    assert "--isa baseline" in done.stdout  # the command as typed, not the child's
    assert ladder.isa_environment("avx512")["NPY_DISABLE_CPU_FEATURES"] == ""


def test_isa_choices_are_the_variants_built(capsys):
    # from csrc/isa_list.h through the build, not a list in ladder.py
    assert sorted(ladder.compiled_isas()) == sorted(fa._core.isas_compiled())
    assert ladder.parse(["--isa", "baseline"]).isa == "baseline"
    with pytest.raises(SystemExit):
        ladder.parse(["--isa", "sse9"])
    assert "invalid choice: 'sse9'" in capsys.readouterr().err
