"""Whatever a user types, `values generate` answers with 0 or a bad-input error, never a crash."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import node, node_list, run_cli

text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=30)


@settings(max_examples=150, deadline=None)
@given(registry=text, kernel=text, os_tag=st.one_of(text, st.sampled_from(["ubuntu22.04", "rhel8.9", "rhcos4.14"])))
def test_flags_never_crash(registry: str, kernel: str, os_tag: str) -> None:
    result = run_cli(["values", "generate", f"--registry={registry}", f"--kernel={kernel}", f"--os={os_tag}"])
    assert result.code in (0, 3), result.stderr
    assert "Traceback" not in result.stderr
    if result.code == 0:
        values = pyyaml.safe_load(result.stdout)
        assert values["driver"]["version"].startswith("550-")
    else:
        assert result.stdout == "" and result.stderr.startswith("error: ")


scalars = st.one_of(st.none(), st.booleans(), st.integers(), text, st.lists(text, max_size=2))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from([("metadata", "name"), ("metadata", "labels"), ("status",), ("status", "nodeInfo"),
                          ("status", "nodeInfo", "osImage"), ("status", "nodeInfo", "kernelVersion"),
                          ("status", "nodeInfo", "containerRuntimeVersion"), ("status", "capacity"),
                          ("metadata", "labels", "feature.node.kubernetes.io/kernel-version.full")]),
    value=scalars,
)
def test_mangled_nodes_never_crash(tmp_path: Path, path: tuple[str, ...], value: t.Any) -> None:
    item = node("gpu-1", gpus=1)
    target = item
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    nodes = tmp_path / "nodes.json"
    nodes.write_text(json.dumps(node_list(item)))
    result = run_cli(["values", "generate", "--registry", "r.local/k", "--nodes-file", str(nodes)])
    assert result.code in (0, 3), result.stderr
    assert "Traceback" not in result.stderr
