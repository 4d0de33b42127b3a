"""global.imageRegistry and global.imagePullSecrets, through real Helm 3 and Helm 4."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from tests.chart.chartlib import HELMS, Doc, compose, load_all_yaml, pod_images

G = "dockerhub.kubekey.local/kse"
DIGEST = "sha256:" + "ab" * 32

# component -> (repository given, repository the ClusterPolicy must carry)
CASES = {
    "toolkit": ("nvcr.io/nvidia/k8s", f"{G}/nvidia/k8s"),
    "devicePlugin": (f"{G}/nvidia", f"{G}/nvidia"),
    "gfd": ("kubesphere/gfd-mirror", f"{G}/kubesphere/gfd-mirror"),
    "dcgm": ("localhost:5000/dcgm", f"{G}/dcgm"),
    "dcgmExporter": ("registry.k8s.io/x/y", f"{G}/x/y"),
    "migManager": ("docker.io/library/mig", f"{G}/library/mig"),
    "nodeStatusExporter": ("nvcr.io", G),
    "validator": ("dockerhub.kubekey.local/kse2/nvidia", f"{G}/kse2/nvidia"),
    "gds": ("harbor.example.com:8443/a/b", f"{G}/a/b"),
}


def values(global_registry: str | None) -> dict[str, Any]:
    v: dict[str, Any] = {key: {"repository": repo} for key, (repo, _) in CASES.items()}
    v["gds"]["enabled"] = True
    v["sandboxWorkloads"] = {"enabled": True}
    v["kataManager"] = {"enabled": True}
    v["cudaSample"] = {"version": DIGEST}
    v["global"] = {"imagePullSecrets": ["one", {"name": "two"}, "one"]}
    v["toolkit"]["imagePullSecrets"] = ["two", "three"]
    v["operator"] = {"imagePullSecrets": ["three"], "cleanupCRD": True, "upgradeCRD": True}
    v["node-feature-discovery"] = {"imagePullSecrets": [{"name": "nfd"}, {"name": "one"}]}
    if global_registry is not None:
        v["global"]["imageRegistry"] = global_registry
    return v


def rendered(template: Callable[..., subprocess.CompletedProcess[str]], which: str, v: dict[str, Any]) -> list[Doc]:
    result = template(which, v)
    assert result.returncode == 0, result.stderr
    return load_all_yaml(result.stdout)


def policy(docs: list[Doc]) -> Doc:
    (cp,) = [d for d in docs if d["kind"] == "ClusterPolicy"]
    return cp["spec"]


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize("given", [G, G + "/"])
def test_global_registry_replaces_the_host_and_keeps_the_path(
    which: str, given: str, template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    docs = rendered(template, which, values(given))
    spec = policy(docs)
    for key, (_, expected) in CASES.items():
        assert spec[key]["repository"] == expected, key
    assert spec["driver"]["repository"] == f"{G}/nvidia"
    assert spec["driver"]["manager"]["repository"] == f"{G}/nvidia/cloud-native"
    assert spec["operator"]["initContainer"]["repository"] == f"{G}/nvidia"
    assert spec["vfioManager"]["driverManager"]["repository"] == f"{G}/nvidia/cloud-native"
    assert spec["vgpuManager"]["repository"] == "", "a repository still to be supplied stays empty"
    urls = [rc["artifacts"]["url"] for rc in spec["kataManager"]["config"]["runtimeClasses"]]
    assert urls == [f"{G}/nvidia/cloud-native/kata-gpu-artifacts:ubuntu22.04-535.54.03",
                    f"{G}/nvidia/cloud-native/kata-gpu-artifacts:ubuntu22.04-535.86.10-snp"]
    images = pod_images(docs)
    assert f"{G}/nvidia/gpu-operator:v23.9.2" in images
    assert f"{G}/nfd/node-feature-discovery:v0.14.2" in images
    assert f"{G}/nvidia/k8s/cuda-sample@{DIGEST}" in images
    assert f"{G}/nvidia/cloud-native/k8s-driver-manager:v0.6.5" in images  # DRIVER_MANAGER_IMAGE


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_without_global_registry_nothing_moves(
    which: str, template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    docs = rendered(template, which, values(None))
    spec = policy(docs)
    for key, (repo, _) in CASES.items():
        assert spec[key]["repository"] == repo, key
    assert "registry.k8s.io/nfd/node-feature-discovery:v0.14.2" in pod_images(docs)
    assert compose(spec["toolkit"]) == "nvcr.io/nvidia/k8s/container-toolkit:v1.14.6-ubuntu20.04"


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_global_pull_secrets_join_every_component_once(
    which: str, template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    docs = rendered(template, which, values(G))
    spec = policy(docs)
    assert spec["toolkit"]["imagePullSecrets"] == ["two", "three", "one"]
    assert spec["devicePlugin"]["imagePullSecrets"] == ["one", "two"]
    assert spec["driver"]["manager"]["imagePullSecrets"] == ["one", "two"]
    assert spec["operator"]["initContainer"]["imagePullSecrets"] == ["one", "two"]
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        pod = doc["spec"] if kind == "Pod" else doc.get("spec", {}).get("template", {}).get("spec")
        if kind not in ("Deployment", "DaemonSet", "Job", "Pod") or pod is None:
            continue
        secrets = [s["name"] for s in pod.get("imagePullSecrets", [])]
        if "node-feature-discovery" in name:
            assert secrets == ["nfd", "one", "two"], name
        elif name.startswith("gpu-operator") and kind in ("Deployment", "Job"):
            assert secrets == ["three", "one", "two"], name
        else:
            assert secrets == ["one", "two"], name


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_digest_versions_use_at(which: str, template: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    docs = rendered(template, which, {"operator": {"version": DIGEST}, "driver": {"manager": {"version": DIGEST}}})
    images = pod_images(docs)
    assert f"nvcr.io/nvidia/gpu-operator@{DIGEST}" in images
    assert f"nvcr.io/nvidia/cloud-native/k8s-driver-manager@{DIGEST}" in images
