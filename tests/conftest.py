from __future__ import annotations

import numpy as np
import pytest

import fastact as fa
from fastact import _core

from helpers import isas_under_test


@pytest.fixture(params=isas_under_test())
def isa(request):
    """Run the test once per instruction-set variant this machine supports
    (or per variant FASTACT_TEST_ISAS names)."""
    previous = _core.current_isa()
    _core.select_isa(request.param)
    yield request.param
    _core.select_isa(previous)


@pytest.fixture(params=["float32", "float64"])
def dtype(request) -> np.dtype:
    return np.dtype(request.param)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261123)


def pytest_report_header(config):
    info = fa._config.config()
    return (f"fastact {info['version']}: isa {info['isa']}, "
            f"supported {', '.join(info['isas_supported'])}")
