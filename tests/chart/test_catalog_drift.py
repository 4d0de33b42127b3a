"""values.yaml and the release catalog (gpuop_values/catalog/v23.9.2.yaml) agree on every image slot."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chart.chartlib import CHART, REPO, load_yaml

CATALOG = load_yaml((REPO / "gpuop_values" / "catalog" / "v23.9.2.yaml").read_text(encoding="utf-8"))
VALUES = load_yaml((CHART / "values.yaml").read_text(encoding="utf-8"))
SLOTS = CATALOG["components"]


def at(tree: Any, dotted: str) -> Any:
    node = tree
    for key in dotted.split("."):
        assert isinstance(node, dict) and key in node, f"values.yaml has no {dotted}"
        node = node[key]
    return node


@pytest.mark.parametrize("slot", SLOTS, ids=lambda s: s["id"])
def test_values_defaults_equal_the_catalog(slot: dict[str, Any]) -> None:
    mapping = at(VALUES, slot["path"])
    assert mapping["repository"] == slot["repository"]
    if "image" in slot:
        assert mapping["image"] == slot["image"]
    assert str(mapping[slot.get("version_key", "version")]) == str(slot["version"])
    if "enabled" in slot:
        assert at(VALUES, slot["enabled"]) is slot["default_enabled"], slot["enabled"]


def test_catalog_release_matches_chart() -> None:
    chart = load_yaml((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    assert chart["appVersion"] == CATALOG["operator_version"]
    assert VALUES["operator"]["defaultRuntime"] == CATALOG["default_runtime"]
    assert VALUES["driver"]["version"] == CATALOG["driver"]["default_version"]
    nfd = next(d for d in chart["dependencies"] if d["name"] == "node-feature-discovery")
    assert nfd["version"] == CATALOG["nfd_chart_version"]


def test_kata_artifacts_equal_the_catalog() -> None:
    assert VALUES["kataManager"]["config"] == CATALOG["kata"]


def test_every_image_mapping_of_values_is_a_catalog_slot() -> None:
    """No image in values.yaml that the catalog (and so gpuop's image set) does not know."""
    paths = {s["path"] for s in SLOTS}

    def walk(node: Any, path: str) -> list[str]:
        found = []
        if isinstance(node, dict):
            if "repository" in node and ("image" in node or "tag" in node):
                found.append(path)
            for key, value in node.items():
                found += walk(value, f"{path}.{key}" if path else key)
        return found

    assert set(walk(VALUES, "")) <= paths
