"""Output shapes: the chart's values, the KubeSphere extension config, and a KubeSphere InstallPlan."""

from __future__ import annotations

import copy
import typing as t

from gpuop_values.catalog import Catalog
from gpuop_values.yamlio import dump_yaml

FORMATS = ("chart", "kubesphere", "installplan")
SUBCHART_KEY = "gpu-operator"

Values = dict[str, t.Any]
_MISSING = object()  # equal to nothing a values tree holds


def kubesphere(values: Values) -> Values:
    """The extension nests the operator chart's values under its subchart key."""
    return {SUBCHART_KEY: values}


def common_part(trees: list[Values]) -> Values:
    """Keys every tree holds with the same value; maps are compared key by key, lists whole."""
    first, rest = trees[0], trees[1:]
    out: Values = {}
    for key, value in first.items():
        others = [tree.get(key, _MISSING) for tree in rest]
        if isinstance(value, dict) and all(isinstance(o, dict) for o in others):
            sub = common_part([value, *t.cast(list[Values], others)])
            if sub or not value:
                out[key] = sub
        elif all(o == value for o in others):
            out[key] = copy.deepcopy(value)
    return out


def difference(tree: Values, base: Values) -> Values:
    """What *tree* adds to or changes in *base*, as a deep-merge overlay (lists replace)."""
    out: Values = {}
    for key, value in tree.items():
        if key not in base:
            out[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(base[key], dict):
            sub = difference(value, base[key])
            if sub:
                out[key] = sub
        elif value != base[key]:
            out[key] = copy.deepcopy(value)
    return out


def installplan(clusters: list[tuple[str, Values]], catalog: Catalog) -> Values:
    """An InstallPlan: shared config in spec.config, per-cluster differences in overrides.

    KubeSphere deep-merges each override over the config and replaces lists whole, which is
    exactly how :func:`difference` computes them.
    """
    trees = [kubesphere(values) for _, values in clusters]
    common = common_part(trees)
    extension = catalog.extension or {"name": "nvidia-gpu-operator", "version": catalog.release.lstrip("v")}
    overrides: Values = {}
    for (name, _), tree in zip(clusters, trees, strict=False):
        diff = difference(tree, common)
        if diff:
            overrides[name] = dump_yaml(diff)
    scheduling: Values = {"placement": {"clusters": [name for name, _ in clusters]}}
    if overrides:
        scheduling["overrides"] = overrides
    return {
        "apiVersion": "kubesphere.io/v1alpha1",
        "kind": "InstallPlan",
        "metadata": {"name": extension["name"]},
        "spec": {
            "enabled": True,
            "upgradeStrategy": "Manual",
            "extension": {"name": extension["name"], "version": str(extension["version"])},
            "config": dump_yaml(common),
            "clusterScheduling": scheduling,
        },
    }
