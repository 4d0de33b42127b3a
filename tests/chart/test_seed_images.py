"""The seed scenario (KubeSphere, air gap, Ubuntu 22.04, docker, kernel pinned): exactly the images a user
must mirror, all under the private registry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.chart.chartlib import HELMS, Doc, clusterpolicy_images, nvidiadriver_images, pod_images, scenarios

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


PRECOMPILED = next(s for s in scenarios() if s.name == "ci/precompiled-mixed-kernels-values")
POOLS = next(s for s in scenarios() if s.name == "ci/driver-pools-mixed-os-values")


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_precompiled_drivers_one_image_per_kernel(which: str, render: Callable[..., list[Doc]]) -> None:
    (cp,) = [d for d in render(which, PRECOMPILED) if d["kind"] == "ClusterPolicy"]
    kernels = ["5.15.0-131-generic", "5.15.0-1061-gke"]
    drivers = {i for i in clusterpolicy_images(cp, "ubuntu22.04", kernels) if "/driver:" in i}
    assert drivers == {
        "harbor.example.com:8443/gpu/nvidia/driver:550-5.15.0-131-generic-ubuntu22.04",
        "harbor.example.com:8443/gpu/nvidia/driver:550-5.15.0-1061-gke-ubuntu22.04",
    }
    assert cp["spec"]["operator"]["defaultRuntime"] == "containerd"


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_driver_pools_one_nvidiadriver_per_os(which: str, render: Callable[..., list[Doc]]) -> None:
    docs = render(which, POOLS)
    (cp,) = [d for d in docs if d["kind"] == "ClusterPolicy"]
    assert cp["spec"]["driver"]["useNvidiaDriverCRD"] is True
    assert not {i for i in clusterpolicy_images(cp, "ubuntu22.04") if "/driver:" in i}, "pools own the driver"
    pools = {d["metadata"]["name"]: d for d in docs if d["kind"] == "NVIDIADriver"}
    assert set(pools) == {"ubuntu22-04", "ubuntu20-04", "rhel8-8"}
    images = (nvidiadriver_images(pools["ubuntu22-04"], "ubuntu22.04", ["5.15.0-131-generic"])
              | nvidiadriver_images(pools["ubuntu20-04"], "ubuntu20.04")
              | nvidiadriver_images(pools["rhel8-8"], "rhel8.8"))
    assert images == {
        "registry.local:5000/nvidia/driver:550-5.15.0-131-generic-ubuntu22.04",
        "registry.local:5000/nvidia/driver:550.54.14-ubuntu20.04",
        "registry.local:5000/nvidia/driver:550.54.14-rhel8.8",
        "registry.local:5000/nvidia/cloud-native/k8s-driver-manager:v0.6.5",
    }
    rhel = pools["rhel8-8"]["spec"]
    assert rhel["repoConfig"] == {"name": "rhel-package-repos"} and rhel["certConfig"] == {"name": "rhel-ca-certs"}
    assert rhel["imagePullSecrets"] == ["rhel-pull", "regcred"]
    assert pools["ubuntu20-04"]["spec"]["repoConfig"] == {"name": "local-package-repos"}
    assert pools["ubuntu20-04"]["spec"]["imagePullSecrets"] == ["regcred"]
    for pool in pools.values():
        assert pool["spec"]["nodeSelector"]["nvidia.com/gpu.present"] == "true"
        assert pool["spec"]["manager"]["env"], "driver manager settings are inherited"
