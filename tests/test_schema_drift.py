"""Files generated from gpuop_values/schemas/ are up to date, and the CRDs they produce are structural."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
CHART = REPO / "charts" / "gpu-operator"


def gen_schemas() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_schemas", REPO / "scripts" / "gen-schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_schemas"] = module
    spec.loader.exec_module(module)
    return module


GEN = gen_schemas()


def test_regenerating_changes_nothing() -> None:
    outputs = GEN.render_all()
    stale = [str(p.relative_to(REPO)) for p, text in outputs.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"stale generated files (run scripts/gen-schemas.py): {stale}"


def test_check_mode_exit_code() -> None:
    assert GEN.main(["--check"]) == 0


def test_chart_schema_is_the_canonical_one() -> None:
    canonical = json.loads((REPO / "gpuop_values" / "schemas" / "values.schema.json").read_text())
    chart = json.loads((CHART / "values.schema.json").read_text())
    published = json.loads((REPO / "schemas" / "values.schema.json").read_text())
    chart.pop("$comment")
    published.pop("$comment")
    assert chart == canonical == published


@pytest.mark.parametrize("name", ["clusterpolicy.spec.schema.json", "nvidiadriver.spec.schema.json"])
def test_published_spec_schemas_are_self_contained(name: str) -> None:
    schema = json.loads((REPO / "schemas" / name).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    text = json.dumps(schema)
    assert '"$ref": "values.schema.json' not in text
    # they still validate what the canonical (cross-file) schema validates
    jsonschema.Draft7Validator(schema).validate({"driverType": "gpu", "image": "driver"} if "nvidia" in name
                                               else _minimal_policy())


def _minimal_policy() -> dict[str, Any]:
    return {k: {} for k in ("daemonsets", "driver", "toolkit", "devicePlugin", "dcgmExporter", "dcgm",
                            "nodeStatusExporter", "gfd")} | {"operator": {"defaultRuntime": "docker"}}


CRDS = sorted((CHART / "crds").glob("*.yaml")) + sorted((CHART / "charts/node-feature-discovery/crds").glob("*.yaml"))
FORBIDDEN = {"$ref", "$schema", "definitions", "if", "then", "else", "const", "uniqueItems", "additionalItems"}


def structural_problems(node: Any, path: str = "") -> list[str]:
    """Kubernetes' structural-schema rules that a generator bug could break."""
    problems = []
    if not isinstance(node, dict):
        return problems
    problems += [f"{path}: {k}" for k in FORBIDDEN & set(node)]
    if "type" not in node and not node.get("x-kubernetes-int-or-string") \
            and not node.get("x-kubernetes-preserve-unknown-fields"):
        problems.append(f"{path}: no type")
    if "properties" in node and "additionalProperties" in node:
        problems.append(f"{path}: properties with additionalProperties")
    if node.get("additionalProperties") is False:
        problems.append(f"{path}: additionalProperties false")
    for branch in node.get("anyOf", []):
        if set(branch) & {"properties", "items", "additionalProperties", "description", "default"}:
            problems.append(f"{path}: anyOf branch carries structure")
    for key, sub in node.get("properties", {}).items():
        problems += structural_problems(sub, f"{path}.{key}")
    if isinstance(node.get("items"), dict):
        problems += structural_problems(node["items"], f"{path}[]")
    if isinstance(node.get("additionalProperties"), dict):
        problems += structural_problems(node["additionalProperties"], f"{path}.*")
    return problems


@pytest.mark.parametrize("path", CRDS, ids=lambda p: p.name)
def test_crds_are_structural(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text()):
        assert doc["apiVersion"] == "apiextensions.k8s.io/v1"
        for version in doc["spec"]["versions"]:
            schema = version["schema"]["openAPIV3Schema"]
            assert structural_problems(schema) == [], doc["metadata"]["name"]


def test_crd_names_and_versions() -> None:
    kinds = {}
    for path in CRDS:
        for doc in yaml.safe_load_all(path.read_text()):
            kinds[doc["metadata"]["name"]] = (doc["spec"]["scope"], [v["name"] for v in doc["spec"]["versions"]])
    assert kinds == {
        "clusterpolicies.nvidia.com": ("Cluster", ["v1"]),
        "nvidiadrivers.nvidia.com": ("Cluster", ["v1alpha1"]),
        "nodefeatures.nfd.k8s-sigs.io": ("Namespaced", ["v1alpha1"]),
        "nodefeaturerules.nfd.k8s-sigs.io": ("Cluster", ["v1alpha1"]),
    }


def test_generator_refuses_schemas_a_crd_cannot_carry() -> None:
    resolver = GEN.Resolver({"x.json": {}})
    with pytest.raises(GEN.SchemaError):
        GEN.structural({"anyOf": [{"type": "string"}, {"type": "object"}]}, "x.json", resolver)
    with pytest.raises(GEN.SchemaError):
        GEN.structural({"properties": {"a": {}}, "type": "object"}, "x.json", resolver)
    with pytest.raises(GEN.SchemaError):
        GEN.structural({"$ref": "https://example.com/s.json"}, "x.json", resolver)


YAML_FILES = [*CRDS, CHART / "values.yaml", CHART / "Chart.yaml", *sorted((CHART / "ci").glob("*.yaml")),
              CHART / "charts/node-feature-discovery/values.yaml"]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(CHART)))
def test_yaml_reads_the_same_in_yaml_1_1_and_1_2(path: Path) -> None:
    """Helm and the apiserver read YAML 1.1: an unquoted on/off/yes/no would silently become a boolean."""
    text = path.read_text(encoding="utf-8")
    assert list(yaml.safe_load_all(text)) == list(YAML(typ="safe", pure=True).load_all(text))
