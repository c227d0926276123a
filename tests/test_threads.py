"""Large calls split across threads: the API, bitwise independence of the
thread count, fork, concurrent callers, the environment variable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import numpy as np
import pytest

import fastact as fa
from fastact import _core

from helpers import passes_for, rows

GRAIN = 32768
# Around the grain: one range, two ranges, uneven splits and ragged ends.
SIZES = [2 * GRAIN - 1, 2 * GRAIN + 13, 7 * GRAIN + 5, 300_001]
THREAD_COUNTS = [1, 2, 3, 4, 7]


@pytest.fixture(autouse=True)
def restore_threads():
    before = fa.get_num_threads()
    yield
    fa.set_num_threads(before)


def with_threads(n: int, fn):
    fa.set_num_threads(n)
    return fn()


def bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint64 if a.dtype == np.float64 else np.uint32)


def sample(n: int, dtype, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n) * 6
    x[::97] = rng.uniform(-100, 100, x[::97].size)
    return x.astype(dtype)


def test_set_and_get_num_threads():
    for n in (1, 2, 5, 256):
        fa.set_num_threads(n)
        assert fa.get_num_threads() == n
    assert fa.show_config()["threads"] == 256


@pytest.mark.parametrize("bad", [0, -1, 257])
def test_thread_count_out_of_range_is_a_value_error(bad):
    with pytest.raises(ValueError, match="1..256"):
        fa.set_num_threads(bad)


@pytest.mark.parametrize("bad", [2.5, "2", None])
def test_thread_count_must_be_an_integer(bad):
    with pytest.raises(TypeError):
        fa.set_num_threads(bad)


@pytest.mark.parametrize("name", [s.name for s in rows()])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_pass_is_bitwise_identical_for_any_thread_count(name, dtype):
    activation = fa.get(name)
    n = SIZES[1]
    x, dy = sample(n, dtype), sample(n, dtype, seed=1)
    calls = {
        "forward": lambda: activation(x),
        "derivative": lambda: activation.derivative(x),
        "backward_x": lambda: activation.backward(dy, x),
        "backward_y": lambda: activation.backward(dy, y=activation(x)),
    }
    for pass_ in passes_for(name, {}):
        one = with_threads(1, calls[pass_])
        for threads in (2, 3):
            np.testing.assert_array_equal(bits(with_threads(threads, calls[pass_])), bits(one),
                                          err_msg=f"{name} {pass_} with {threads} threads")


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sizes_around_the_grain_and_in_place(n, dtype):
    x = sample(n, dtype)
    expected = with_threads(1, lambda: fa.sigmoid(x))
    for threads in THREAD_COUNTS:
        np.testing.assert_array_equal(bits(with_threads(threads, lambda: fa.sigmoid(x))), bits(expected))
        in_place = x.copy()
        with_threads(threads, lambda: fa.sigmoid(in_place, out=in_place))
        np.testing.assert_array_equal(bits(in_place), bits(expected))
    # the split covers every element exactly once: compare with the reference
    info = np.finfo(dtype)
    np.testing.assert_allclose(expected, fa.reference.sigmoid(x), rtol=4 * info.eps,
                               atol=2 * info.smallest_subnormal)


@pytest.mark.parametrize("shape, axis", [((600, 1000), -1), ((3000, 40), 0), ((64, 50, 30), 1),
                                         ((70000, 3), -1)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_family_is_bitwise_identical_for_any_thread_count(shape, axis, dtype):
    x = sample(int(np.prod(shape)), dtype).reshape(shape)
    dy = sample(x.size, dtype, seed=3).reshape(shape)
    for activation in (fa.softmax, fa.log_softmax):
        y1 = with_threads(1, lambda: activation(x, axis=axis))
        g1 = with_threads(1, lambda: activation.backward(dy, y=y1, axis=axis))
        for threads in THREAD_COUNTS[1:]:
            np.testing.assert_array_equal(bits(with_threads(threads, lambda: activation(x, axis=axis))), bits(y1))
            g = with_threads(threads, lambda: activation.backward(dy, y=y1, axis=axis))
            np.testing.assert_array_equal(bits(g), bits(g1))
    # softmax rows still sum to 1 after the split
    np.testing.assert_allclose(with_threads(4, lambda: fa.softmax(x, axis=axis)).sum(axis=axis), 1,
                               rtol=1e-5)


@pytest.mark.parametrize("shape", [(5000, 64), (300, 16, 100), (100_000, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_prelu_and_its_weight_gradient_are_bitwise_identical_for_any_thread_count(shape, dtype):
    x = sample(int(np.prod(shape)), dtype).reshape(shape)
    dy = sample(x.size, dtype, seed=5).reshape(shape)
    alpha = np.linspace(0.05, 0.5, shape[1]).astype(dtype)
    y1 = with_threads(1, lambda: fa.prelu(x, alpha, axis=1))
    dx1, da1 = with_threads(1, lambda: fa.prelu.backward(dy, x, alpha, axis=1))
    for threads in THREAD_COUNTS[1:]:
        np.testing.assert_array_equal(bits(with_threads(threads, lambda: fa.prelu(x, alpha, axis=1))), bits(y1))
        dx, da = with_threads(threads, lambda: fa.prelu.backward(dy, x, alpha, axis=1))
        np.testing.assert_array_equal(bits(dx), bits(dx1))
        np.testing.assert_array_equal(bits(da), bits(da1))
    axes = (0,) + tuple(range(2, x.ndim))
    terms = np.where(x > 0, 0, dy.astype(np.float64) * x)
    exact, magnitude = terms.sum(axis=axes), np.abs(terms).sum(axis=axes)
    # summation error is relative to the sum of magnitudes; float32 adds one rounding
    bound = 64 * np.finfo(np.float64).eps * magnitude + np.finfo(dtype).eps * np.abs(exact)
    assert np.all(np.abs(da1 - exact) <= bound)


def test_concurrent_large_calls_from_python_threads_agree():
    """Only one call at a time uses the pool; the others run their ranges
    themselves and must give the same bits."""
    fa.set_num_threads(2)
    x = sample(10 * GRAIN, np.float32)
    expected = fa.tanh(x)
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(fa.tanh(x))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    assert len(results) == 80
    for r in results:
        np.testing.assert_array_equal(bits(r), bits(expected))


# forking a process that has threads is what these tests are about (Python
# 3.12+ warns that it may deadlock in general; the pool's fork handlers are
# what makes it safe here)
FORK_WITH_THREADS = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@FORK_WITH_THREADS
def test_threads_work_in_a_child_after_fork():
    fa.set_num_threads(2)
    x = sample(20 * GRAIN, np.float32)
    expected = fa.sigmoid(x)  # the pool's workers exist before the fork
    pid = os.fork()
    if pid == 0:  # child: a hang would leave the test waiting, so an alarm ends it
        status = 1
        try:
            signal.alarm(30)
            ok = fa.get_num_threads() == 2 and _core.worker_ranges() == 0
            for _ in range(5):
                ok &= bool(np.array_equal(bits(fa.sigmoid(x)), bits(expected)))
                ok &= bool(np.array_equal(bits(fa.softmax(x.reshape(640, -1))),
                                          bits(with_threads(1, lambda: fa.softmax(x.reshape(640, -1))))))
                fa.set_num_threads(2)
            # the child has workers of its own (on a loaded machine the caller
            # may take every range of a few calls: call until one ran there)
            for _ in range(2000):
                if _core.worker_ranges() > 0:
                    break
                fa.sigmoid(x)
            ok &= _core.worker_ranges() > 0
            status = 0 if ok else 2
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"
    np.testing.assert_array_equal(bits(fa.sigmoid(x)), bits(expected))  # parent still fine


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@FORK_WITH_THREADS
def test_fork_while_another_thread_is_inside_a_parallel_call():
    """fork() waits for a running parallel region, so the child never inherits
    a lock held by a thread it does not have."""
    fa.set_num_threads(2)
    x = sample(20 * GRAIN, np.float32)
    expected = fa.tanh(x)
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            fa.tanh(x)

    worker = threading.Thread(target=busy)
    worker.start()
    try:
        for _ in range(10):
            pid = os.fork()
            if pid == 0:
                status = 1
                try:
                    signal.alarm(30)
                    status = 0 if np.array_equal(bits(fa.tanh(x)), bits(expected)) else 2
                finally:
                    os._exit(status)
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"
    finally:
        stop.set()
        worker.join()


def test_large_calls_really_run_on_the_workers():
    fa.set_num_threads(2)
    x = sample(20 * GRAIN, np.float32)
    before = _core.worker_ranges()
    # the caller takes ranges too: on a loaded machine the worker may wake only
    # after a call's ranges are all taken, so call until it has run one (a
    # pool that never hands out work still fails, after 2000 calls)
    for _ in range(2000):
        fa.sigmoid(x)
        if _core.worker_ranges() > before:
            break
    assert _core.worker_ranges() > before
    fa.set_num_threads(1)
    before = _core.worker_ranges()
    for _ in range(5):
        fa.sigmoid(x)
    assert _core.worker_ranges() == before


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("FASTACT_NUM_THREADS", "OMP_NUM_THREADS")}
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, timeout=120)
    # an editable install may print its rebuild first: keep the program's last line
    lines = done.stdout.strip().splitlines()
    done.stdout = lines[-1] if lines else ""
    return done


def test_environment_variable_sets_the_thread_count():
    done = run_python("import fastact as fa; print(fa.get_num_threads())", FASTACT_NUM_THREADS="3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_default_thread_count_is_the_cpus_this_process_may_use():
    # the affinity mask where the OS has one (Linux), else the CPU count
    # (macOS has no affinity API; on Windows Python exposes none before 3.13)
    cpus = ("len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else "
            "getattr(os, 'process_cpu_count', os.cpu_count)()")
    done = run_python(f"import os, fastact as fa; print(fa.get_num_threads(), {cpus})")
    assert done.returncode == 0, done.stderr
    threads, cpus = map(int, done.stdout.split())
    assert threads == min(cpus, 256)


@pytest.mark.parametrize("env, want", [
    ({"OMP_NUM_THREADS": "3"}, "3 OMP_NUM_THREADS"),
    ({"OMP_NUM_THREADS": "2,1"}, "2 OMP_NUM_THREADS"),  # nested levels: the first
    ({"OMP_NUM_THREADS": "3", "FASTACT_NUM_THREADS": "5"}, "5 FASTACT_NUM_THREADS"),
])
def test_omp_num_threads_is_honoured_when_fastact_num_threads_is_unset(env, want):
    """as numexpr and the BLAS libraries do: a worker pool that sets it to 1 is
    not oversubscribed by fastact's own threads"""
    code = "import fastact as fa; print(fa.get_num_threads(), fa._config.config()['threads_set_by'])"
    done = run_python(code, **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == want


@pytest.mark.parametrize("bad", ["", "zero", "0", "-2", "1.5", "auto"])
def test_a_bad_omp_num_threads_is_ignored(bad):
    """OMP_NUM_THREADS belongs to OpenMP: a value fastact cannot read is not an error"""
    done = run_python("import fastact as fa; print(fa._config.config()['threads_set_by'])",
                      OMP_NUM_THREADS=bad)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"


@pytest.mark.parametrize("bad", ["zero", "0", "-2", "1.5"])
def test_a_bad_environment_value_fails_the_import_naming_the_variable(bad):
    done = run_python("import fastact", FASTACT_NUM_THREADS=bad)
    assert done.returncode != 0
    assert "FASTACT_NUM_THREADS" in done.stderr


def test_threadpoolctl_lists_and_limits_the_pool():
    """joblib, scikit-learn and Dask workers limit native pools through
    threadpoolctl: fastact's pool ran 2 threads under threadpool_limits(1)"""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = fa.get_num_threads()
    fa.set_num_threads(3)
    try:
        pools = [info for info in threadpoolctl.threadpool_info() if info["internal_api"] == "fastact"]
        assert len(pools) == 1 and pools[0]["num_threads"] == 3
        assert pools[0]["version"] == fa.__version__
        with threadpoolctl.threadpool_limits(1):
            assert fa.get_num_threads() == 1
            x = np.linspace(-8, 8, 1 << 18)
            ranges = _core.worker_ranges()
            fa.sigmoid(x)
            assert _core.worker_ranges() == ranges  # nothing went to the workers
        assert fa.get_num_threads() == 3
        with threadpoolctl.threadpool_limits(2, user_api="fastact"):
            assert fa.get_num_threads() == 2
        assert fa.get_num_threads() == 3
    finally:
        fa.set_num_threads(before)
