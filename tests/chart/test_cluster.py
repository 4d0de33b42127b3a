"""The chart against a real kube-apiserver + etcd: CRDs accepted as structural, rendered objects accepted
(server-side dry run) without a field pruned, and `helm install` / `helm uninstall` with Helm 3 and Helm 4.

The chart creates cluster-scoped singletons (ClusterPolicy `cluster-policy`, ClusterRole `gpu-operator`),
so this module runs its own apiserver rather than the shared session one, where they would collide with
other tests' installs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.chart.chartlib import CHART, NAMESPACE, Doc, Scenario, kind_name, load_all_yaml, scenarios
from tests.chart.conftest import run
from tests.support.apiserver import APIError, LocalAPIServer

pytestmark = pytest.mark.cluster

SCENARIOS = scenarios()
CRD_FILES = [*sorted((CHART / "crds").glob("*.yaml")),
             *sorted((CHART / "charts" / "node-feature-discovery" / "crds").glob("*.yaml"))]


@pytest.fixture(scope="module")
def api() -> Iterator[LocalAPIServer]:
    with LocalAPIServer(contexts=("gpuop-chart",)) as server:
        yield server


@pytest.fixture(scope="module")
def crds(api: LocalAPIServer) -> dict[str, Doc]:
    installed = {}
    for path in CRD_FILES:
        for doc in load_all_yaml(path.read_text(encoding="utf-8")):
            api.apply(doc)
            installed[doc["metadata"]["name"]] = api.wait_established(doc["metadata"]["name"])
    api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
    api.apply({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": NAMESPACE}})
    return installed


def test_crds_are_accepted_as_structural(crds: dict[str, Doc]) -> None:
    assert set(crds) == {"clusterpolicies.nvidia.com", "nvidiadrivers.nvidia.com",
                         "nodefeatures.nfd.k8s-sigs.io", "nodefeaturerules.nfd.k8s-sigs.io"}
    for name, crd in crds.items():
        conditions = {c["type"]: c["status"] for c in crd["status"]["conditions"]}
        assert conditions.get("NonStructuralSchema") != "True", name
        assert conditions["NamesAccepted"] == "True", name


def dry_run_create(api: LocalAPIServer, doc: Doc) -> Doc:
    meta = doc["metadata"]
    namespace = meta.get("namespace", NAMESPACE)
    path = api.path_for(doc["apiVersion"], doc["kind"], namespace=namespace)
    body = copy.deepcopy(doc)
    result: Doc = api.request("POST", path, body, query={"dryRun": "All", "fieldValidation": "Strict"})
    return result


def without_defaults(spec: Any, sent: Any) -> Any:
    """The server's copy restricted to what was sent (CRD defaults may add keys; nothing may go missing)."""
    if isinstance(spec, dict) and isinstance(sent, dict):
        return {k: without_defaults(spec[k], sent[k]) for k in sent if k in spec}
    return spec


@pytest.mark.helm
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_rendered_objects_are_accepted_and_nothing_is_pruned(
    scenario: Scenario, crds: dict[str, Doc], api: LocalAPIServer, render: Callable[..., list[Doc]]
) -> None:
    problems = []
    for doc in render("helm3", scenario):
        try:
            stored = dry_run_create(api, doc)
        except APIError as err:
            problems.append(f"{kind_name(doc)}: {err}")
            continue
        if doc["kind"] in ("ClusterPolicy", "NVIDIADriver"):
            assert without_defaults(stored["spec"], doc["spec"]) == doc["spec"], f"{kind_name(doc)} lost fields"
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def fresh_api() -> Iterator[LocalAPIServer]:
    """A second apiserver where only Helm ever touches the CRDs, as in a real cluster."""
    with LocalAPIServer(contexts=("gpuop-chart-install",)) as server:
        yield server


@pytest.mark.helm
def test_helm_install_and_uninstall_across_helm_versions(fresh_api: LocalAPIServer) -> None:
    """Install with Helm 3, uninstall, reinstall with Helm 4 over the CRDs Helm 3 left (Helm 4 applies CRDs
    server-side), uninstall, and once more with Helm 3."""
    api = fresh_api
    seed = CHART / "ci" / "kubesphere-airgap-ubuntu2204-docker-values.yaml"
    common = ["--kubeconfig", str(api.kubeconfig), "--namespace", NAMESPACE]
    api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
    for which in ("helm3", "helm4", "helm3"):
        release = f"gpuop-{which}"
        installed = run(which, "install", release, str(CHART), "-f", str(seed), *common)
        assert installed.returncode == 0, f"{which} install: {installed.stderr}"
        assert "kubectl get clusterpolicies.nvidia.com cluster-policy" in installed.stdout, "NOTES"
        try:
            policy = api.get("nvidia.com/v1", "ClusterPolicy", "cluster-policy")
            assert policy is not None
            assert policy["spec"]["driver"]["version"] == "550-5.15.0-131-generic"
            assert policy["spec"]["driver"]["repository"] == "dockerhub.kubekey.local/kse/nvidia"
            assert policy["spec"]["ccManager"]["defaultMode"] == "off"
            operator = api.get("apps/v1", "Deployment", "gpu-operator", NAMESPACE)
            assert operator is not None
            image = operator["spec"]["template"]["spec"]["containers"][0]["image"]
            assert image == "dockerhub.kubekey.local/kse/nvidia/gpu-operator:v23.9.2"
            assert api.get("apps/v1", "DaemonSet", "gpuop-" + which + "-node-feature-discovery-worker", NAMESPACE)
            listed = run(which, "list", *common, "-o", "json")
            assert release in listed.stdout
        finally:
            removed = run(which, "uninstall", release, *common)
        assert removed.returncode == 0, removed.stderr
        assert api.get("nvidia.com/v1", "ClusterPolicy", "cluster-policy") is None
        assert api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "clusterpolicies.nvidia.com")
