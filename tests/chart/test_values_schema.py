"""The values schema: valid draft-07, self-contained, strict; Python jsonschema and Helm agree on it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from tests.chart.chartlib import CHART, HELMS, REPO, load_yaml, scenarios, unwrap_values

SCHEMA = json.loads((REPO / "gpuop_values" / "schemas" / "values.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
DEFAULTS = load_yaml((CHART / "values.yaml").read_text(encoding="utf-8"))


def errors(values: Any) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(values)]


def test_schema_is_draft07_and_self_contained() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(SCHEMA)
    refs = [r for r in _refs(SCHEMA) if not r.startswith("#/definitions/")]
    assert not refs, refs
    assert '"format"' not in text, "Helm 3 and Helm 4 assert `format` differently"


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if "$ref" in node else []) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_chart_defaults_and_every_scenario_validate() -> None:
    assert errors(DEFAULTS) == []
    for scenario in scenarios():
        if scenario.values is not None:
            assert errors(unwrap_values(scenario.values)) == [], scenario.name


def test_kubesphere_shape_validates_by_wrapping() -> None:
    wrapped = {"type": "object", "properties": {"gpu-operator": SCHEMA}, "definitions": SCHEMA["definitions"]}
    config = load_yaml((CHART / "ci" / "kubesphere-airgap-ubuntu2204-docker-values.yaml").read_text())
    jsonschema.Draft7Validator(wrapped).validate({"gpu-operator": config})


BAD: list[tuple[str, dict[str, Any]]] = [
    ("version as a number", {"driver": {"version": 550}}),
    ("repository with a scheme", {"toolkit": {"repository": "https://nvcr.io/nvidia/k8s"}}),
    ("repository with a trailing slash", {"toolkit": {"repository": "nvcr.io/nvidia/k8s/"}}),
    ("repository with a tag", {"toolkit": {"repository": "nvcr.io/nvidia/k8s:v1"}}),
    ("unknown top-level key", {"drvier": {"version": "550"}}),
    ("unknown component key", {"toolkit": {"repo": "nvcr.io/nvidia"}}),
    ("precompiled with a full version", {"driver": {"usePrecompiled": True, "version": "550.54.14"}}),
    ("bad runtime", {"operator": {"defaultRuntime": "podman"}}),
    ("bad pull policy", {"devicePlugin": {"imagePullPolicy": "always"}}),
    ("bad mig strategy", {"mig": {"strategy": "double"}}),
    ("env value not a string", {"toolkit": {"env": [{"name": "A", "value": True}]}}),
    ("pull secrets as objects on a component", {"toolkit": {"imagePullSecrets": [{"name": "x"}]}}),
    ("pool without nodeSelector", {"driver": {"pools": [{"name": "a", "version": "550"}]}}),
    ("pool with a bad name", {"driver": {"pools": [{"name": "Ubuntu_22", "version": "550",
                                                    "nodeSelector": {"a": "b"}}]}}),
    ("precompiled pool with a full version", {"driver": {"pools": [{
        "name": "u", "version": "550.54.14", "usePrecompiled": True, "nodeSelector": {"a": "b"}}]}}),
    ("global registry with a scheme", {"global": {"imageRegistry": "https://registry.local"}}),
    ("kata url without a tag", {"kataManager": {"config": {"runtimeClasses": [
        {"name": "k", "artifacts": {"url": "nvcr.io/nvidia/cloud-native/kata-gpu-artifacts"}}]}}}),
    ("nfd tag as a number", {"node-feature-discovery": {"image": {"tag": 14}}}),
]
GOOD: list[tuple[str, dict[str, Any]]] = [
    ("pinned kernel version", {"driver": {"version": "550-5.15.0-131-generic"}}),
    ("precompiled branch", {"driver": {"usePrecompiled": True, "version": "550"}}),
    ("digest version", {"toolkit": {"version": "sha256:" + "0" * 64}}),
    ("registry with a port", {"toolkit": {"repository": "registry.local:5000/nvidia/k8s"}}),
    ("docker hub path", {"node-feature-discovery": {"image": {"repository": "kubesphere/node-feature-discovery"}}}),
    ("kubesphere globals", {"global": {"imageRegistry": "dockerhub.kubekey.local/kse",
                                       "imagePullSecrets": ["a", {"name": "b"}],
                                       "clusterInfo": {"name": "host", "role": "host"}},
                            "tags": {"agent": True, "extension": False}}),
    ("empty vgpu manager repository", {"vgpuManager": {"repository": "", "version": ""}}),
]


@pytest.mark.parametrize(("why", "values"), BAD, ids=[b[0] for b in BAD])
def test_python_rejects(why: str, values: dict[str, Any]) -> None:
    assert errors(values), why


@pytest.mark.parametrize(("why", "values"), GOOD, ids=[g[0] for g in GOOD])
def test_python_accepts(why: str, values: dict[str, Any]) -> None:
    assert errors(values) == [], why


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize(("why", "values"), BAD, ids=[b[0] for b in BAD])
def test_helm_rejects(
    which: str, why: str, values: dict[str, Any], template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = template(which, values)
    assert result.returncode != 0, f"{which} accepted {why}"
    assert "schema" in result.stderr, result.stderr


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize(("why", "values"), GOOD, ids=[g[0] for g in GOOD])
def test_helm_accepts(
    which: str, why: str, values: dict[str, Any], template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = template(which, values)
    assert result.returncode == 0, f"{which} rejected {why}: {result.stderr}"
