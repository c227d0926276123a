"""docs/: the API reference is what tools/gen_docs.py makes of the table (so it
cannot go stale), every activation has its figure, the names table covers every
row, and the README links the docs. Before: docs/ held one benchmark plot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import fastact as fa
from fastact import _table
from fastact._peer_names import LIBRARIES, PEER_NAMES
from helpers import load_tool

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PUBLIC = [s for s in _table.ACTIVATIONS if s.public]


def _tool(name: str):
    if not DOCS.exists():
        pytest.skip("docs/ is not here (tests run outside the source tree)")
    return load_tool(name)


def test_the_api_reference_is_what_the_table_gives():
    text = _tool("gen_docs").generate()
    assert (DOCS / "api.md").read_text() == text, "run python tools/gen_docs.py"


def test_the_api_reference_covers_every_row_and_bound():
    _tool("gen_docs")
    text = (DOCS / "api.md").read_text()
    for spec in PUBLIC:
        section = text.split(f"\n## {spec.name}\n", 1)[1].split("\n## ", 1)[0]
        assert spec.formula in section and spec.derivative in section
        assert f"fa.{spec.name}.backward(" in section
        for alias in spec.aliases:
            assert f"`fa.{alias}`" in section
    # a bound from tests/cases.py, as the tests use it: sigmoid's float32 forward
    from cases import ulp_bound

    sigmoid = text.split("\n## sigmoid\n", 1)[1].split("\n## ", 1)[0]
    assert f"| forward | {ulp_bound('sigmoid', 'forward', 'float32'):g} ULP |" in sigmoid


def test_every_activation_has_its_figure_and_every_link_resolves():
    _tool("gen_docs")
    text = (DOCS / "api.md").read_text() + (DOCS / "README.md").read_text()
    for spec in PUBLIC:
        assert (DOCS / "figures" / f"{spec.name}.png").stat().st_size > 10_000
    for link in re.findall(r"\]\(((?:figures/)?[\w./-]+\.(?:png|md))\)", text):
        assert (DOCS / link).exists(), link
    assert (DOCS / "figures" / "accuracy.png").exists() and (DOCS / "ns_per_element.png").exists()


def test_the_names_table_covers_every_row():
    assert set(PEER_NAMES) == {s.name for s in PUBLIC}
    for name, entry in PEER_NAMES.items():
        assert set(LIBRARIES) <= set(entry), name
    # the defaults that differ are called out (the examples)
    assert "0.2" in PEER_NAMES["leaky_relu"]["keras"] and "differs" in PEER_NAMES["leaky_relu"]
    assert "approximate=True" in PEER_NAMES["gelu"]["jax"] and "differs" in PEER_NAMES["gelu"]
    assert "differs" in PEER_NAMES["softplus"]
    # every alias fastact.get takes is one of the peers' names
    for spec in PUBLIC:
        peers = " ".join(PEER_NAMES[spec.name][lib] for lib in LIBRARIES)
        for alias in spec.aliases:
            assert re.search(rf"\b{alias}\(", peers) or alias == "identity", (spec.name, alias)
        assert fa.get(spec.name) is getattr(fa, spec.name)


def test_the_readme_links_the_docs():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("no README here")
    text = readme.read_text()
    assert "docs/api.md" in text and "docs/figures" in text


def test_the_plot_script_draws_a_figure(tmp_path):
    pytest.importorskip("matplotlib")
    tool = _tool("plot_activations")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    spec = next(s for s in PUBLIC if s.name == "leaky_relu")
    tool.plot_one(plt, spec, tmp_path / "leaky_relu.png")
    assert (tmp_path / "leaky_relu.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
