"""The seed scenario (KubeSphere, air gap, Ubuntu 22.04, docker, kernel pinned): exactly the images a user
must mirror, all under the private registry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.chart.chartlib import HELMS, Doc, clusterpolicy_images, pod_images, scenarios

REGISTRY = "dockerhub.kubekey.local/kse"
SEED = next(s for s in scenarios() if s.name == "ci/kubesphere-airgap-ubuntu2204-docker-values")

# What the operator v23.9.2 composes from the ClusterPolicy on the seed's node (ubuntu + 22.04).
EXPECTED_OPERANDS = {
    f"{REGISTRY}/nvidia/cloud-native/gpu-operator-validator:v23.9.2",
    f"{REGISTRY}/nvidia/driver:550-5.15.0-131-generic-ubuntu22.04",
    f"{REGISTRY}/nvidia/cloud-native/k8s-driver-manager:v0.6.5",
    f"{REGISTRY}/nvidia/k8s/container-toolkit:v1.14.6-ubuntu20.04",
    f"{REGISTRY}/nvidia/k8s-device-plugin:v0.14.5-ubi8",
    f"{REGISTRY}/nvidia/k8s/dcgm-exporter:3.3.0-3.2.0-ubuntu22.04",
    f"{REGISTRY}/nvidia/gpu-feature-discovery:v0.8.2-ubi8",
    f"{REGISTRY}/nvidia/cloud-native/k8s-mig-manager:v0.6.0-ubuntu20.04",
}
# The chart's own Pods: operator (and its DRIVER_MANAGER_IMAGE), NFD, the helm test Pod.
EXPECTED_CHART_PODS = {
    f"{REGISTRY}/nvidia/gpu-operator:v23.9.2",
    f"{REGISTRY}/nvidia/cloud-native/k8s-driver-manager:v0.6.5",
    f"{REGISTRY}/kubesphere/node-feature-discovery:v0.14.2",
    f"{REGISTRY}/nvidia/k8s/cuda-sample:vectoradd-cuda11.7.1-ubuntu20.04",
}


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_operator_composes_exactly_the_mirrored_images(which: str, render: Callable[..., list[Doc]]) -> None:
    docs = render(which, SEED)
    (cp,) = [d for d in docs if d["kind"] == "ClusterPolicy"]
    assert cp["spec"]["operator"]["defaultRuntime"] == "docker"
    assert cp["spec"]["driver"]["usePrecompiled"] is False
    images = clusterpolicy_images(cp, "ubuntu22.04")
    assert images == EXPECTED_OPERANDS
    assert all(i.startswith(REGISTRY + "/") for i in images)


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_chart_pods_pull_only_from_the_private_registry(which: str, render: Callable[..., list[Doc]]) -> None:
    docs = render(which, SEED)
    assert pod_images(docs) == EXPECTED_CHART_PODS
    assert not [d for d in docs if d["kind"] == "NVIDIADriver"]
