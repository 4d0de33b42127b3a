"""Real Helm 3 and Helm 4: lint --strict, template, Kubernetes and CRD schemas, labels, images."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.chart.chartlib import (
    CHART,
    HELMS,
    KUBE_CURRENT,
    KUBE_OLDEST,
    Doc,
    Scenario,
    all_image_strings,
    crd_errors,
    k8s_errors,
    kind_name,
    normalise,
    scenarios,
    unwrap_values,
)
from tests.chart.conftest import run

SCENARIOS = scenarios()
CUSTOM_KINDS = {"ClusterPolicy", "NVIDIADriver", "NodeFeatureRule"}


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_lint_strict(which: str, scenario: Scenario, values_file: Callable[[Scenario], list]) -> None:
    args = ["lint", "--strict", str(CHART)]
    for path in values_file(scenario):
        args += ["-f", str(path)]
    result = run(which, *args)
    assert result.returncode == 0, f"{which} lint --strict {scenario.name}:\n{result.stdout}\n{result.stderr}"


@pytest.mark.helm
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_helm3_and_helm4_render_the_same_objects(scenario: Scenario, render: Callable[..., list[Doc]]) -> None:
    assert normalise(render("helm3", scenario)) == normalise(render("helm4", scenario))


@pytest.mark.helm
@pytest.mark.parametrize("version", [KUBE_OLDEST, KUBE_CURRENT])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_builtin_objects_match_kubernetes_schemas(
    scenario: Scenario, version: str, render: Callable[..., list[Doc]]
) -> None:
    problems = []
    for doc in render("helm3", scenario):
        if doc["kind"] in CUSTOM_KINDS:
            continue
        problems += [f"{kind_name(doc)} {e}" for e in k8s_errors(doc, version)]
    assert not problems, "\n".join(problems)


@pytest.mark.helm
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_custom_resources_match_the_chart_crds(scenario: Scenario, render: Callable[..., list[Doc]]) -> None:
    docs = render("helm3", scenario)
    policies = [d for d in docs if d["kind"] == "ClusterPolicy"]
    assert [kind_name(d) for d in policies] == [("ClusterPolicy", "cluster-policy")]
    problems = [f"{kind_name(d)} {e}" for d in docs if d["kind"] in CUSTOM_KINDS
                for e in crd_errors(d)]
    assert not problems, "\n".join(problems)


@pytest.mark.helm
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_object_has_the_recommended_labels(scenario: Scenario, render: Callable[..., list[Doc]]) -> None:
    for doc in render("helm3", scenario):
        labels = doc["metadata"].get("labels", {})
        for key in ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by",
                    "helm.sh/chart"):
            assert key in labels, f"{kind_name(doc)} lacks label {key}"
        selector = doc.get("spec", {}).get("selector", {}) if doc["kind"] in ("Deployment", "DaemonSet") else {}
        assert "app.kubernetes.io/version" not in selector.get("matchLabels", {}), kind_name(doc)


def _global_registry(scenario: Scenario) -> str:
    values = unwrap_values(scenario.values) if scenario.values else {}
    return str(((values or {}).get("global") or {}).get("imageRegistry") or "")


GLOBAL_SCENARIOS = [s for s in SCENARIOS if _global_registry(s)]


@pytest.mark.helm
@pytest.mark.parametrize("scenario", GLOBAL_SCENARIOS, ids=lambda s: s.id)
def test_global_image_registry_reaches_every_image(scenario: Scenario, render: Callable[..., list[Doc]]) -> None:
    registry = _global_registry(scenario)
    images = set(all_image_strings(render("helm3", scenario)))
    assert images
    outside = sorted(i for i in images if not i.startswith(registry + "/"))
    assert not outside, f"not under {registry}: {outside}"


def test_there_is_a_global_image_registry_scenario() -> None:
    assert any(s.name == "ci/global-image-registry-values" for s in GLOBAL_SCENARIOS)


def test_helper_names_use_the_gpuop_prefix() -> None:
    defined = []
    for path in CHART.rglob("*.tpl"):
        defined += re.findall(r'define\s+"([^"]+)"', path.read_text(encoding="utf-8"))
    assert defined
    assert all(name.startswith("gpuop.") for name in defined), defined


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_kubernetes_older_than_1_23_is_refused(which: str) -> None:
    result = run(which, "template", "x", str(CHART), "--kube-version", "1.22.17")
    assert result.returncode != 0
    assert "kubeVersion" in result.stderr or "incompatible" in result.stderr


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_podsecuritypolicy_only_where_the_api_exists(which: str) -> None:
    from tests.chart.chartlib import load_all_yaml

    old = run(which, "template", "x", str(CHART), "--kube-version", "1.23.17", "--set", "psp.enabled=true",
              "--api-versions", "policy/v1beta1/PodSecurityPolicy")
    assert old.returncode == 0, old.stderr
    psps = [d for d in load_all_yaml(old.stdout) if d["kind"] == "PodSecurityPolicy"]
    assert len(psps) == 1
    assert not k8s_errors(psps[0], KUBE_OLDEST)
    new = run(which, "template", "x", str(CHART), "--set", "psp.enabled=true")
    assert new.returncode == 0, new.stderr
    assert not [d for d in load_all_yaml(new.stdout) if d["kind"] == "PodSecurityPolicy"]


@pytest.mark.helm
@pytest.mark.parametrize("which", ["helm4"])  # Helm 3 client dry runs still dial a cluster: see test_cluster.py
def test_notes_tell_what_to_check(which: str) -> None:
    seed = CHART / "ci" / "kubesphere-airgap-ubuntu2204-docker-values.yaml"
    result = run(which, "install", "gpu-operator", str(CHART), "-n", "gpu-operator", "--dry-run=client",
                 "-f", str(seed), "--set", "dcgmExporter.serviceMonitor.enabled=true", "--set", "nfd.enabled=false")
    assert result.returncode == 0, result.stderr
    notes = result.stdout.split("NOTES:", 1)[1]
    assert "dockerhub.kubekey.local/kse/nvidia/gpu-operator:v23.9.2" in notes
    assert "dockerhub.kubekey.local/kse/nvidia/driver:550-5.15.0-131-generic-<os>" in notes
    assert "WARNING: dcgmExporter.serviceMonitor.enabled" in notes
    assert "node-feature-discovery is not deployed" in notes
    assert "kubectl get clusterpolicies.nvidia.com cluster-policy" in notes
    assert "helm test gpu-operator -n gpu-operator" in notes
