"""The real apiserver fixture works: TLS-verified clients, Node status round trip, CRD structural checks."""

from __future__ import annotations

import json
import pathlib
import ssl
import urllib.error
import urllib.request
from typing import Any

import pytest
from kubernetes import client as k8s

from tests.support.apiserver import APIError, LocalAPIServer
from tests.support.helm import run_helm
from tests.support.tools import HELM_VERSIONS

pytestmark = pytest.mark.cluster

NODES = {
    "smoke-ubuntu": {
        "osImage": "Ubuntu 22.04.4 LTS",
        "kernelVersion": "5.15.0-105-generic",
        "containerRuntimeVersion": "containerd://1.7.13",
    },
    "smoke-rhel": {
        "osImage": "Red Hat Enterprise Linux 8.8 (Ootpa)",
        "kernelVersion": "4.18.0-477.10.1.el8_8.x86_64",
        "containerRuntimeVersion": "cri-o://1.27.1",
    },
    "smoke-ubuntu20": {
        "osImage": "Ubuntu 20.04.6 LTS",
        "kernelVersion": "5.4.0-176-generic",
        "containerRuntimeVersion": "docker://24.0.9",
    },
}
SMOKE_LABEL = "gpuop.test/smoke"


def test_nodes_round_trip_through_a_tls_verified_client(apiserver: LocalAPIServer) -> None:
    for name, info in NODES.items():
        apiserver.create_node(
            name,
            labels={SMOKE_LABEL: "nodes", "nvidia.com/gpu.present": "true"},
            node_info=info,
            capacity={"nvidia.com/gpu": "2"},
        )

    with apiserver.client() as api_client:
        assert api_client.configuration.verify_ssl is True
        assert api_client.configuration.ssl_ca_cert  # the kubeconfig's certificate-authority-data
        listed = k8s.CoreV1Api(api_client).list_node(label_selector=f"{SMOKE_LABEL}=nodes")
        items: list[dict[str, Any]] = api_client.sanitize_for_serialization(listed)["items"]

    got = {n["metadata"]["name"]: n for n in items}
    assert set(got) == set(NODES)
    for name, info in NODES.items():
        status = got[name]["status"]
        assert {k: status["nodeInfo"][k] for k in info} == info
        assert status["nodeInfo"]["operatingSystem"] == "linux"
        assert status["nodeInfo"]["architecture"] == "amd64"
        assert status["nodeInfo"]["kubeletVersion"] == apiserver.server_version()
        assert status["capacity"]["nvidia.com/gpu"] == "2"
        assert status["allocatable"]["nvidia.com/gpu"] == "2"
        assert got[name]["metadata"]["labels"]["nvidia.com/gpu.present"] == "true"
        assert [c["type"] for c in status["conditions"] if c["status"] == "True"] == ["Ready"]


def test_every_kubeconfig_context_reaches_the_server(apiserver: LocalAPIServer) -> None:
    apiserver.create_node("smoke-contexts", labels={SMOKE_LABEL: "contexts"})
    for context in apiserver.contexts:
        with apiserver.client(context) as api_client:
            listed = k8s.CoreV1Api(api_client).list_node(label_selector=f"{SMOKE_LABEL}=contexts")
            names = [n["metadata"]["name"] for n in api_client.sanitize_for_serialization(listed)["items"]]
        assert names == ["smoke-contexts"], context
    assert len(apiserver.contexts) >= 2


def test_the_server_certificate_is_verified_not_trusted_blindly(apiserver: LocalAPIServer) -> None:
    with pytest.raises(urllib.error.URLError) as excinfo:
        urllib.request.urlopen(apiserver.url + "/version", context=ssl.create_default_context(), timeout=5)
    assert isinstance(excinfo.value.reason, ssl.SSLCertVerificationError)
    # and the right CA makes the same request succeed (the token is checked too: no token, no nodes)
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(
            apiserver.url + "/api/v1/nodes",
            context=ssl.create_default_context(cafile=str(apiserver.ca_file)),
            timeout=5,
        )
    assert denied.value.code in (401, 403)
    denied.value.close()


def test_server_reports_a_release_version(apiserver: LocalAPIServer) -> None:
    major, minor, *_ = apiserver.server_version().removeprefix("v").split(".")
    assert major == "1" and int(minor) >= 23


# ---------------------------------------------------------------------------------------------------------
# CRDs: what the chart's CRDs will be checked with

GROUP = "smoke.gpuop.test"


def _crd(plural: str, schema: dict[str, Any]) -> dict[str, Any]:
    kind = plural.capitalize().rstrip("s")
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{GROUP}"},
        "spec": {
            "group": GROUP,
            "scope": "Cluster",
            "names": {"plural": plural, "singular": plural.rstrip("s"), "kind": kind, "listKind": f"{kind}List"},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": schema},
                    "subresources": {"status": {}},
                }
            ],
        },
    }


WIDGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "required": ["replicas"],
            "properties": {
                "replicas": {"type": "integer", "minimum": 1},
                "mode": {"type": "string", "enum": ["pinned", "precompiled"]},
            },
        },
        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
    },
}


def test_crd_schema_is_enforced_by_the_apiserver(apiserver: LocalAPIServer) -> None:
    crd = _crd("widgets", WIDGET_SCHEMA)
    name = crd["metadata"]["name"]
    apiserver.apply(crd)
    try:
        apiserver.wait_established(name)

        good = {
            "apiVersion": f"{GROUP}/v1",
            "kind": "Widget",
            "metadata": {"name": "good"},
            "spec": {"replicas": 2, "mode": "pinned", "unknownField": "pruned"},
        }
        stored = apiserver.create(good)
        assert stored["spec"] == {"replicas": 2, "mode": "pinned"}  # unknown fields are pruned on create
        with pytest.raises(APIError, match="field not declared in schema"):  # and refused by server-side apply
            apiserver.apply(good)

        with apiserver.client() as api_client:
            custom = k8s.CustomObjectsApi(api_client)
            bad = {
                "apiVersion": f"{GROUP}/v1",
                "kind": "Widget",
                "metadata": {"name": "bad"},
                "spec": {"replicas": "three", "mode": "sideways"},
            }
            with pytest.raises(k8s.ApiException) as excinfo:
                custom.create_cluster_custom_object(GROUP, "v1", "widgets", bad)
            assert excinfo.value.status == 422
            message = str(excinfo.value.body)
            assert "spec.replicas" in message and "spec.mode" in message

            with pytest.raises(k8s.ApiException) as missing:
                custom.create_cluster_custom_object(
                    GROUP,
                    "v1",
                    "widgets",
                    {"apiVersion": f"{GROUP}/v1", "kind": "Widget", "metadata": {"name": "empty"}, "spec": {}},
                )
            assert missing.value.status == 422 and "spec.replicas: Required value" in str(missing.value.body)
    finally:
        apiserver.delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", name)


def test_a_non_structural_crd_schema_is_rejected(apiserver: LocalAPIServer) -> None:
    # a property without a type is not a structural schema: apiextensions v1 refuses the CRD itself
    schema = {"type": "object", "properties": {"spec": {"properties": {"x": {"type": "string"}}}}}
    with pytest.raises(APIError) as excinfo:
        apiserver.apply(_crd("gadgets", schema))
    assert excinfo.value.status == 422
    assert "openAPIV3Schema.properties[spec].type: Required value" in str(excinfo.value)


# ---------------------------------------------------------------------------------------------------------
# Helm against the fixture: the written kubeconfig (JSON, token, CA data) works for both Helm majors


@pytest.mark.helm
@pytest.mark.parametrize("which", HELM_VERSIONS)
def test_helm_installs_and_uninstalls_against_the_apiserver(
    apiserver: LocalAPIServer, which: str, tmp_path: pathlib.Path
) -> None:
    chart = tmp_path / "tiny"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: tiny\nversion: 0.1.0\nkubeVersion: '>=1.23.0-0'\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
        "data:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n"
    )
    namespace, release = f"smoke-{which}", f"tiny-{which}"
    kube = ("--kubeconfig", str(apiserver.kubeconfig), "--kube-context", apiserver.contexts[-1])

    run_helm(which, "install", release, chart, "-n", namespace, "--create-namespace", *kube, check=True)
    stored = apiserver.get("v1", "ConfigMap", release, namespace)
    assert stored is not None and stored["data"]["kube"] == apiserver.server_version()
    listed = run_helm(which, "list", "-n", namespace, "-o", "json", *kube, check=True)
    assert [r["name"] for r in json.loads(listed.stdout)] == [release]

    run_helm(which, "uninstall", release, "-n", namespace, *kube, check=True)
    assert apiserver.get("v1", "ConfigMap", release, namespace) is None
