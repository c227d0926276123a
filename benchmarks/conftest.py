import os

import pytest

import fastact as fa


def pytest_report_header(config):
    info = fa._config.config()
    return (f"fastact {info['version']}: isa {info['isa']} (FASTACT_ISA forces one), "
            f"threads {bench_threads()} (FASTACT_NUM_THREADS sets it; "
            f"benchmarks/test_bench_threads.py sets its own)")


def bench_threads() -> int:
    """The targets are per core: one thread unless FASTACT_NUM_THREADS asks otherwise."""
    return fa.get_num_threads() if os.environ.get("FASTACT_NUM_THREADS") else 1


@pytest.fixture(autouse=True)
def one_thread_unless_asked():
    before = fa.get_num_threads()
    fa.set_num_threads(bench_threads())
    yield
    fa.set_num_threads(before)
