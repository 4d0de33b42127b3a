"""`gpuop values generate --from-cluster` against a real kube-apiserver: Node objects in, values out."""

from __future__ import annotations

import base64
import json
import socket
import typing as t
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml as pyyaml

from tests.conftest import Result, nfd_labels
from tests.support.apiserver import LocalAPIServer

Cli = t.Callable[..., Result]
REG = ["--registry", "dockerhub.kubekey.local/kse"]


def _delete_all_nodes(api: LocalAPIServer) -> None:
    listed = api.request("GET", "/api/v1/nodes")
    for item in listed.get("items", []):
        api.delete("v1", "Node", item["metadata"]["name"])


@pytest.fixture
def gpu_cluster(apiserver: LocalAPIServer) -> Iterator[LocalAPIServer]:
    """Two GPU nodes on different kernels and a CPU node, as NFD would label them."""
    _delete_all_nodes(apiserver)
    apiserver.create_node(
        "gpu-a",
        labels=nfd_labels("ubuntu", "22.04", "5.15.0-131-generic"),
        node_info={
            "osImage": "Ubuntu 22.04.5 LTS",
            "kernelVersion": "5.15.0-131-generic",
            "containerRuntimeVersion": "docker://24.0.9",
        },
    )
    apiserver.create_node(
        "gpu-b",
        labels=nfd_labels("ubuntu", "22.04", "5.15.0-91-generic"),
        node_info={
            "osImage": "Ubuntu 22.04.3 LTS",
            "kernelVersion": "5.15.0-91-generic",
            "containerRuntimeVersion": "docker://24.0.9",
        },
    )
    apiserver.create_node(
        "cpu-a",
        labels=nfd_labels("ubuntu", "24.04", "6.8.0-45-generic", gpu=False),
        node_info={
            "osImage": "Ubuntu 24.04.1 LTS",
            "kernelVersion": "6.8.0-45-generic",
            "containerRuntimeVersion": "containerd://1.7.13",
        },
    )
    yield apiserver
    _delete_all_nodes(apiserver)


def test_from_cluster_reads_gpu_nodes(cli: Cli, gpu_cluster: LocalAPIServer) -> None:
    result = cli("values", "generate", *REG, "--from-cluster", "--kubeconfig", str(gpu_cluster.kubeconfig))
    assert result.code == 0, result.stderr
    values = pyyaml.safe_load(result.stdout)
    assert values["driver"]["usePrecompiled"] is True
    assert values["driver"]["version"] == "550"
    assert values["operator"]["defaultRuntime"] == "docker"  # the CPU node's containerd does not count
    assert "nvidia/driver:550-5.15.0-131-generic-ubuntu22.04" in result.stdout
    assert "nvidia/driver:550-5.15.0-91-generic-ubuntu22.04" in result.stdout
    assert "6.8.0" not in result.stdout


def test_from_cluster_single_kernel_is_pinned(cli: Cli, apiserver: LocalAPIServer) -> None:
    _delete_all_nodes(apiserver)
    apiserver.create_node(
        "gpu-1",
        node_info={
            "osImage": "Ubuntu 22.04.5 LTS",
            "kernelVersion": "5.15.0-131-generic",
            "containerRuntimeVersion": "docker://24.0.9",
        },
        capacity={"nvidia.com/gpu": "1"},
    )
    try:
        result = cli("values", "generate", *REG, "--kubeconfig", str(apiserver.kubeconfig), "--format", "kubesphere")
        assert result.code == 0, result.stderr
        driver = pyyaml.safe_load(result.stdout)["gpu-operator"]["driver"]
        assert (driver["version"], driver["usePrecompiled"]) == ("550-5.15.0-131-generic", False)
    finally:
        _delete_all_nodes(apiserver)


def test_several_contexts_make_an_installplan(cli: Cli, gpu_cluster: LocalAPIServer) -> None:
    result = cli(
        "values",
        "generate",
        *REG,
        "--kubeconfig",
        str(gpu_cluster.kubeconfig),
        "--context",
        "cluster-a",
        "--context",
        "cluster-b",
        "--format",
        "installplan",
    )
    assert result.code == 0, result.stderr
    plan = pyyaml.safe_load(result.stdout)
    assert plan["spec"]["clusterScheduling"]["placement"]["clusters"] == ["cluster-a", "cluster-b"]
    assert "overrides" not in plan["spec"]["clusterScheduling"]  # the same nodes: nothing differs


def test_unknown_context_is_bad_input(cli: Cli, gpu_cluster: LocalAPIServer) -> None:
    result = cli("values", "generate", *REG, "--kubeconfig", str(gpu_cluster.kubeconfig), "--context", "nope")
    assert result.code == 3, result.stderr
    assert "nope" in result.stderr and "Traceback" not in result.stderr


def _kubeconfig(api: LocalAPIServer, path: Path, **changes: t.Any) -> str:
    config = api.kubeconfig_dict(["only"])
    cluster = config["clusters"][0]["cluster"]
    user = config["users"][0]["user"]
    cluster.update(changes.get("cluster", {}))
    user.update(changes.get("user", {}))
    path.write_text(json.dumps(config))
    return str(path)


def test_unreachable_cluster_is_environment_error(cli: Cli, apiserver: LocalAPIServer, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = _kubeconfig(apiserver, tmp_path / "kc", cluster={"server": f"https://127.0.0.1:{port}"})
    result = cli("values", "generate", *REG, "--kubeconfig", config)
    assert result.code == 4, result.stderr
    assert "cannot reach the cluster" in result.stderr and "Traceback" not in result.stderr


def test_untrusted_certificate_is_refused(cli: Cli, apiserver: LocalAPIServer, tmp_path: Path) -> None:
    import certifi  # real public CAs: valid certificates that did not sign the test server's

    other_cas = base64.b64encode(Path(certifi.where()).read_bytes()).decode()
    config = _kubeconfig(apiserver, tmp_path / "kc", cluster={"certificate-authority-data": other_cas})
    result = cli("values", "generate", *REG, "--kubeconfig", config)
    assert result.code == 4, result.stderr
    assert "certificate" in result.stderr.lower()


def test_wrong_token_is_environment_error(cli: Cli, apiserver: LocalAPIServer, tmp_path: Path) -> None:
    secret = "not-the-token-0123456789"
    config = _kubeconfig(apiserver, tmp_path / "kc", user={"token": secret})
    result = cli("values", "generate", *REG, "--kubeconfig", config)
    assert result.code == 4, result.stderr
    assert "401" in result.stderr
    assert secret not in result.stderr + result.stdout  # credentials are never printed


def test_missing_kubeconfig_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    result = cli("values", "generate", *REG, "--kubeconfig", str(tmp_path / "none"))
    assert result.code == 3, result.stderr
    assert "kubeconfig not found" in result.stderr
