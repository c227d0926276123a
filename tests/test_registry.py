"""The table drives the package: registry, reference twins, test cases, config."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import numpy as np
import pytest

import fastact as fa
from fastact import _core, _table, reference
from cases import CASES


@pytest.mark.parametrize("spec", [s for s in _table.ACTIVATIONS if s.public], ids=lambda s: s.name)
def test_every_row_is_exposed_with_a_twin_and_test_cases(spec):
    for key in (spec.name, *spec.aliases):
        assert key in fa.available()
        assert fa.get(key) is getattr(fa, key)
        assert fa.get(key.upper()) is fa.get(key)
    assert callable(getattr(reference, spec.name)), "every activation needs a reference twin"
    if spec.kind == "elementwise":
        assert spec.name in CASES, "every elementwise activation needs an entry in tests/cases.py"
    doc = getattr(fa, spec.name).__doc__
    assert spec.formula in doc and spec.derivative in doc


def test_rows_behind_a_choice_are_reached_through_it():
    for spec in _table.ACTIVATIONS:
        if spec.choice is None:
            continue
        keyword, options = spec.choice
        for value, row in options.items():
            hidden = _table.ACTIVATIONS[[s.name for s in _table.ACTIVATIONS].index(row)]
            assert hidden.public == (row == spec.name)
            x = np.linspace(-3, 3, 7)
            getattr(fa, spec.name)(x, **{keyword: value})  # reachable
        assert not any(not s.public and s.name in fa.available() for s in _table.ACTIVATIONS)


def test_every_public_name_in_the_spec_is_available():
    spec_names = {"step", "linear", "identity", "sigmoid", "tanh", "relu", "relu6", "leaky_relu",
                  "prelu", "elu", "selu", "celu", "gelu", "swish", "silu", "mish", "softplus",
                  "softsign", "hard_sigmoid", "hard_swish", "hard_tanh", "log_sigmoid", "softmax",
                  "log_softmax"}
    # names people know from torch, SciPy, Keras and JAX (spec: they resolve through fa.get)
    known_elsewhere = {"expit": "sigmoid", "log_expit": "log_sigmoid", "logsigmoid": "log_sigmoid",
                       "hardsigmoid": "hard_sigmoid", "hardswish": "hard_swish",
                       "hard_silu": "hard_swish", "hardtanh": "hard_tanh", "soft_sign": "softsign"}
    assert spec_names | set(known_elsewhere) <= set(fa.available())
    for alias, name in known_elsewhere.items():
        assert fa.get(alias) is fa.get(name) is getattr(fa, alias)


def test_the_registry_is_the_table():
    """Every activation object the package exposes is a name of the table's
    registry (fa.available(): the public rows of _table.ACTIVATIONS and their
    aliases), so a new row needs no list edited here (CONTRIBUTING.md)."""
    kinds = (fa.Activation, type(fa.softmax), type(fa.prelu))
    exposed = {name for name in dir(fa) if isinstance(getattr(fa, name), kinds)}
    rows = {key for spec in _table.ACTIVATIONS if spec.public for key in (spec.name, *spec.aliases)}
    assert exposed == rows == set(fa.available())


def test_get_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'nope'.*sigmoid"):
        fa.get("nope")
    with pytest.raises(TypeError):
        fa.get(3)
    assert fa.get(fa.relu) is fa.relu


def test_show_config_prints_and_returns_the_configuration(capsys):
    info = fa.show_config()
    printed = capsys.readouterr().out
    assert info["version"] == fa.__version__
    assert info["isa"] in info["isas_supported"]
    assert set(info["isas_supported"]) <= set(info["isas_compiled"])
    assert "baseline" in info["isas_compiled"]
    assert info["threads"] >= 1
    for key in ("version", "isa", "isas_compiled", "threads"):
        assert key in printed


def test_show_config_says_what_the_baseline_variant_is():
    baseline = fa.show_config()["baseline"]
    machine = platform.machine().lower()
    if machine in ("aarch64", "arm64"):
        assert "NEON" in baseline
    elif machine in ("x86_64", "amd64"):
        assert "SSE2" in baseline


def test_the_best_supported_isa_is_chosen_by_default():
    assert _core.best_isa() == _core.isas_supported()[-1]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", _core.isas_supported())
def test_fastact_isa_forces_a_variant(name):
    done = _run("import fastact; print(fastact.show_config()['isa'])", FASTACT_ISA=name)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == name


def test_fastact_isa_that_cannot_run_is_a_clear_error():
    unsupported = [i for i in _core.ISA_NAMES if i not in _core.isas_supported()]
    for name in [*unsupported, "sse9"]:
        done = _run("import fastact", FASTACT_ISA=name)
        assert done.returncode != 0
        assert "FASTACT_ISA" in done.stderr and name in done.stderr


def test_every_isa_agrees_with_the_others_within_the_bounds(rng):
    """The variants differ only by FMA contraction and vector width: within a few ULP."""
    from fastact._accuracy import ulp_error
    from cases import near_derivative_root, ulp_bound
    from helpers import activation_params, call, passes_for, sample

    previous = _core.current_isa()
    try:
        for param in activation_params():
            name, params = param.values
            for dtype in (np.float32, np.float64):
                x = sample(dtype, 20000, rng)
                dy = rng.uniform(-2, 2, x.size).astype(dtype)
                activation = fa.get(name)
                y = activation(x, **params)  # one y for all: y-backward amplifies its ULPs
                results = {}
                for isa in _core.isas_supported():
                    _core.select_isa(isa)
                    results[isa] = {p: call(p, activation, x, dy, params, y=y)
                                    for p in passes_for(name, params)}
                first, *others = results
                far = ~near_derivative_root(name, params, x)
                for other in others:
                    for p, value in results[other].items():
                        keep = far if p != "forward" else np.ones_like(far)
                        worst = ulp_error(value[keep], results[first][p][keep]).max(initial=0)
                        # each variant is within the bound of the truth
                        bound = max(2 * ulp_bound(name, p, np.dtype(dtype).name), 1.0)
                        assert worst <= bound, (name, params, dtype, p, first, other, worst)
    finally:
        _core.select_isa(previous)


def test_activations_pickle_by_name():
    import pickle

    for name in fa.available():
        activation = fa.get(name)
        assert pickle.loads(pickle.dumps(activation)) is activation
    backward = pickle.loads(pickle.dumps(fa.sigmoid.backward))
    x = np.linspace(-3, 3, 5)
    np.testing.assert_array_equal(backward(np.ones(5), x), fa.sigmoid.derivative(x))


def test_activations_cross_a_spawned_process_pool():
    """spawn pickles the callable: a lambda in the spec made this a PicklingError"""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    x = np.linspace(-3, 3, 11)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = pool.submit(fa.swish, x).result(timeout=120)
    np.testing.assert_array_equal(got, fa.swish(x))


@pytest.mark.parametrize("flag, form", [(True, "tanh"), (False, "none"), (np.True_, "tanh")])
def test_gelu_takes_approximate_as_a_boolean(flag, form):
    """JAX and Keras pass approximate=True for the tanh form"""
    x = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(fa.gelu(x, approximate=flag), fa.gelu(x, approximate=form))
    np.testing.assert_array_equal(fa.gelu.backward(np.ones(7), x, approximate=flag),
                                  fa.gelu.derivative(x, approximate=form))


@pytest.mark.parametrize("spec", [s for s in _table.elementwise(public_only=True)], ids=lambda s: s.name)
def test_inspect_signature_gives_the_tables_parameters(spec):
    """inspect.signature(fa.sigmoid) raised ValueError ("not supported by signature");
    every pass, kinds and order: tests/test_typing.py"""
    import inspect

    signature = inspect.signature(getattr(fa, spec.name))
    names = list(signature.parameters)
    assert names[:1 + len(spec.params)] == ["x", *(p.name for p in spec.params)]
    assert signature.parameters["out"].kind is inspect.Parameter.KEYWORD_ONLY
    for param in spec.params:
        assert signature.parameters[param.name].default == param.default
        assert signature.parameters[param.name].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    if spec.choice is not None:
        assert signature.parameters[spec.choice[0]].default == next(iter(spec.choice[1]))
    signature.bind(np.ones(2), **{p.name: p.default for p in spec.params})  # a call it describes
