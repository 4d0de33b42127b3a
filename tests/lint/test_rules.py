"""One firing and one quiet case per rule, with the position each finding points at."""

from __future__ import annotations

import pytest

from gpuop_values.lint.rules import RULES, find
from tests.lint.helpers import (
    CLEAN_CHART,
    CLEAN_CHART_REGISTRY,
    CLEAN_KUBESPHERE,
    CLEAN_KUBESPHERE_REGISTRY,
    at,
    example,
    lint,
    only,
)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line (comments aside) containing *needle*."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    raise AssertionError(f"{needle!r} not in text")


def test_rule_ids_are_stable_and_documented() -> None:
    assert [r.id for r in RULES] == [f"GPU{n:03d}" for n in range(11)]
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.doc.strip() and "Fail" in rule.doc and "Pass" in rule.doc, rule.id
        assert rule.fix
        assert find(rule.id.lower()) is rule and find(rule.name) is rule


def test_clean_examples_have_no_findings() -> None:
    assert lint(example(CLEAN_CHART), registry=CLEAN_CHART_REGISTRY) == []
    assert lint(example(CLEAN_KUBESPHERE), registry=CLEAN_KUBESPHERE_REGISTRY) == []


# --- GPU000 schema ---------------------------------------------------------------------------


def test_schema_fires_at_the_bad_value() -> None:
    found = only(lint("mig:\n  strategy: singel\noperator:\n  defaultRuntime: podman\n"), "GPU000")
    assert at(found) == [(2, 3, "mig.strategy"), (4, 3, "operator.defaultRuntime")]
    assert "singel" in found[0].message and found[0].severity.value == "error"


def test_schema_type_error_suggests_quoting() -> None:
    found = only(lint("toolkit:\n  version: 1.14\n"), "GPU000")
    assert at(found) == [(2, 3, "toolkit.version")]
    assert "quote" in found[0].fix


def test_schema_quiet_on_valid_values() -> None:
    assert only(lint("mig:\n  strategy: single\ntoolkit:\n  version: '1.14'\n"), "GPU000") == []


def test_schema_leaves_a_key_to_the_rule_that_explains_it_better() -> None:
    found = lint("driver:\n  usePrecompiled: true\n  version: '550.54.14'\n")
    assert [f.rule for f in found if f.path == "driver.version"] == ["GPU003"]


# --- GPU001 registry-mismatch -----------------------------------------------------------------


def test_registry_mismatch_fires_on_a_written_repository() -> None:
    text = example(CLEAN_CHART).replace(
        "repository: harbor.corp.example/gpu-operator/nvidia/k8s\n  image: container-toolkit",
        "repository: harbor.other.example/nvidia/k8s\n  image: container-toolkit",
    )
    found = only(lint(text, registry=CLEAN_CHART_REGISTRY), "GPU001")
    line = line_of(text, "harbor.other.example")
    assert at(found) == [(line, 3, "toolkit.repository")]
    assert "harbor.other.example/nvidia/k8s/container-toolkit" in found[0].message
    assert "toolkit.repository: harbor.corp.example/gpu-operator/nvidia/k8s" in found[0].fix


def test_registry_mismatch_counts_chart_defaults_of_components_that_are_on() -> None:
    found = only(lint("dcgm:\n  enabled: false\n", registry="harbor.corp.example/gpu"), "GPU001")
    paths = [f.path for f in found]
    assert "toolkit" in paths and "driver" in paths and "node-feature-discovery.image" in paths
    assert "dcgm" not in paths and "gds" not in paths  # off: not pulled
    assert all((f.line, f.column) == (1, 1) for f in found if f.path != "dcgm")
    assert all("the chart's default" in f.message for f in found)


def test_registry_mismatch_quiet_under_global_image_registry() -> None:
    text = "global:\n  imageRegistry: harbor.corp.example/gpu\n"
    assert only(lint(text, registry="harbor.corp.example/gpu"), "GPU001") == []


def test_registry_mismatch_global_image_registry_is_not_honoured_by_the_kubesphere_extension() -> None:
    found = only(
        lint(
            "global:\n  imageRegistry: harbor.corp.example/gpu\ngpu-operator: {}\n",
            registry="harbor.corp.example/gpu",
        ),
        "GPU001",
    )
    assert found and all(f.path.startswith("gpu-operator") or f.path == "(top level)" for f in found)


def test_registry_mismatch_only_with_registry_option() -> None:
    assert only(lint("toolkit:\n  repository: harbor.other.example/nvidia/k8s\n"), "GPU001") == []


# --- GPU002 public-registry -------------------------------------------------------------------


def test_public_registry_fires_when_one_component_was_forgotten() -> None:
    text = example(CLEAN_CHART).replace(
        "repository: harbor.corp.example/gpu-operator/nvidia/k8s\n  image: dcgm-exporter",
        "repository: nvcr.io/nvidia/k8s\n  image: dcgm-exporter",
    )
    found = only(lint(text), "GPU002")
    assert at(found) == [(line_of(text, "repository: nvcr.io/nvidia/k8s"), 3, "dcgmExporter.repository")]
    assert "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.0-3.2.0-ubuntu22.04" in found[0].message
    assert "dcgmExporter.repository: harbor.corp.example/gpu-operator/nvidia/k8s" in found[0].fix


def test_public_registry_counts_docker_hub_paths() -> None:
    found = only(
        lint(
            "gpu-operator:\n  driver:\n    repository: dockerhub.kubekey.local/kse/nvidia\n"
            "  node-feature-discovery:\n    image:\n      repository: kubesphere/node-feature-discovery\n"
        ),
        "GPU002",
    )
    assert (6, 7, "gpu-operator.node-feature-discovery.image.repository") in at(found)


def test_public_registry_quiet_when_the_file_is_all_public_or_all_private() -> None:
    assert only(lint("driver:\n  version: 550.54.14\n"), "GPU002") == []
    assert only(lint(example(CLEAN_KUBESPHERE)), "GPU002") == []


def test_public_registry_leaves_it_to_gpu001_with_registry() -> None:
    text = "driver:\n  repository: harbor.corp.example/gpu/nvidia\ntoolkit:\n  repository: nvcr.io/nvidia/k8s\n"
    assert only(lint(text, registry="harbor.corp.example/gpu"), "GPU002") == []
    assert (4, 3, "toolkit.repository") in at(only(lint(text, registry="harbor.corp.example/gpu"), "GPU001"))


# --- GPU003 driver-version-form ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("precompiled", "version", "fires"),
    [
        (True, "550", False),
        (True, "550.54.14", True),
        (True, "550-5.15.0-131-generic", True),
        (True, "550-ubuntu22.04", True),
        (False, "550-5.15.0-131-generic", False),
        (False, "550.54.14", False),
        (False, "550", True),
        (False, "550-5.15.0-131-generic-ubuntu22.04", True),
        (False, "550.54.14-rhel8.9", True),
        (False, "sha256:" + "a" * 64, False),
    ],
)
def test_driver_version_form(precompiled: bool, version: str, fires: bool) -> None:
    text = f"driver:\n  usePrecompiled: {str(precompiled).lower()}\n  version: '{version}'\n"
    found = only(lint(text), "GPU003")
    assert at(found) == ([(3, 3, "driver.version")] if fires else [])


def test_driver_version_os_suffix_fix_drops_it() -> None:
    found = only(lint("driver:\n  version: 550-5.15.0-131-generic-ubuntu22.04\n"), "GPU003")
    assert 'version: "550-5.15.0-131-generic"' in found[0].fix


def test_driver_version_checks_each_pool_with_its_own_mode() -> None:
    text = """\
    driver:
      usePrecompiled: false
      version: 550.54.14
      nvidiaDriverCRD: {enabled: true, deployDefaultCR: false}
      pools:
        - name: ubuntu
          nodeSelector: {feature.node.kubernetes.io/system-os_release.ID: ubuntu}
          usePrecompiled: true
          version: "550"
        - name: rhel
          nodeSelector: {feature.node.kubernetes.io/system-os_release.ID: rhel}
          version: "550"
    """
    assert at(only(lint(text), "GPU003")) == [(12, 7, "driver.pools[1].version")]


# --- GPU004 image-tag -------------------------------------------------------------------------


def test_image_tag_fires_on_an_invalid_tag() -> None:
    found = only(lint("toolkit:\n  version: v1.14.6+ubuntu20.04\n"), "GPU004")
    assert at(found) == [(2, 3, "toolkit.version")]
    assert "'+'" in found[0].message


def test_image_tag_quiet_on_tags_and_digests() -> None:
    text = f"toolkit:\n  version: v1.14.6-ubuntu20.04\ngfd:\n  version: sha256:{'0' * 64}\n"
    assert only(lint(text), "GPU004") == []


def test_image_tag_empty_version_of_an_enabled_user_built_image() -> None:
    text = "sandboxWorkloads:\n  enabled: true\nvgpuManager:\n  enabled: true\n  repository: harbor.local/nvidia\n"
    found = only(lint(text), "GPU004")
    assert at(found) == [(3, 1, "vgpuManager")]
    assert "empty" in found[0].message


def test_image_tag_empty_operator_version_falls_back_to_app_version() -> None:
    assert only(lint("operator:\n  version: ''\n"), "GPU004") == []


def test_image_tag_checks_the_kata_artifacts_url() -> None:
    text = """\
    kataManager:
      config:
        runtimeClasses:
          - name: kata
            artifacts:
              url: harbor.local/nvidia/kata-gpu-artifacts:bad+tag
    """
    assert at(only(lint(text), "GPU004")) == [(6, 11, "kataManager.config.runtimeClasses[0].artifacts.url")]


# --- GPU005 catalog-version -------------------------------------------------------------------


def test_catalog_version_warns_on_another_release_s_version() -> None:
    found = only(lint("dcgmExporter:\n  version: 3.3.5-3.4.1-ubuntu22.04\n"), "GPU005")
    assert at(found) == [(2, 3, "dcgmExporter.version")]
    assert found[0].severity.value == "warning"
    assert "3.3.0-3.2.0-ubuntu22.04" in found[0].message


def test_catalog_version_quiet_on_the_release_s_version_and_the_driver() -> None:
    text = "dcgmExporter:\n  version: 3.3.0-3.2.0-ubuntu22.04\ndriver:\n  version: 535.161.08\n"
    assert only(lint(text), "GPU005") == []


# --- GPU006 pull-secrets-partial --------------------------------------------------------------


def test_pull_secrets_partial_fires_on_components_without() -> None:
    toolkit = "  version: v1.14.6-ubuntu20.04\n"
    text = example(CLEAN_CHART).replace(toolkit + "  imagePullSecrets:\n    - harbor-pull\n", toolkit)
    found = only(lint(text, registry=CLEAN_CHART_REGISTRY), "GPU006")
    assert at(found) == [(line_of(text, "toolkit:"), 1, "toolkit")]
    assert "toolkit.imagePullSecrets: [harbor-pull]" in found[0].fix


def test_pull_secrets_partial_nfd_takes_name_objects() -> None:
    text = "operator:\n  imagePullSecrets: [regcred]\n"
    found = {f.path: f for f in only(lint(text), "GPU006")}
    assert "[{name: regcred}]" in found["node-feature-discovery"].fix


def test_pull_secrets_quiet_when_all_or_none_or_global() -> None:
    assert only(lint(example(CLEAN_CHART)), "GPU006") == []
    assert only(lint("driver:\n  version: 550.54.14\n"), "GPU006") == []
    text = "global:\n  imagePullSecrets: [regcred]\noperator:\n  imagePullSecrets: [regcred]\n"
    assert only(lint(text), "GPU006") == []


# --- GPU007 service-monitor-without-prometheus-operator ---------------------------------------

MONITOR = "dcgmExporter:\n  serviceMonitor:\n    enabled: true\n"


def test_service_monitor_fires_without_the_prometheus_operator_noted() -> None:
    assert at(only(lint(MONITOR), "GPU007")) == [(3, 5, "dcgmExporter.serviceMonitor.enabled")]


def test_service_monitor_noted_by_flag_or_comment() -> None:
    assert only(lint(MONITOR, cluster_has=["prometheus-operator"]), "GPU007") == []
    noted = "# gpuop-lint: cluster-has=prometheus-operator  (WizTelemetry)\n" + MONITOR
    assert only(lint(noted), "GPU007") == []


def test_service_monitor_quiet_when_off() -> None:
    assert only(lint("dcgmExporter:\n  serviceMonitor:\n    enabled: false\n"), "GPU007") == []
    assert only(lint("dcgmExporter:\n  enabled: false\n  serviceMonitor:\n    enabled: true\n"), "GPU007") == []


# --- GPU008 nfd-duplicate ---------------------------------------------------------------------


def test_nfd_duplicate_fires_on_the_wrong_switch() -> None:
    found = only(lint("node-feature-discovery:\n  enabled: false\n"), "GPU008")
    assert at(found) == [(2, 3, "node-feature-discovery.enabled")]
    assert "nfd.enabled" in found[0].fix


def test_nfd_duplicate_fires_when_the_cluster_has_nfd() -> None:
    assert at(only(lint("nfd:\n  enabled: true\n", cluster_has=["nfd"]), "GPU008")) == [(2, 3, "nfd.enabled")]
    assert at(only(lint("# gpuop-lint: cluster-has=nfd\ndriver: {}\n"), "GPU008")) == [(1, 1, "nfd")]


def test_nfd_duplicate_quiet_when_nfd_is_off() -> None:
    assert only(lint("nfd:\n  enabled: false\n", cluster_has=["nfd"]), "GPU008") == []
    assert only(lint("nfd:\n  enabled: true\n"), "GPU008") == []


# --- GPU009 sandbox-without-sandbox-workloads -------------------------------------------------


def test_sandbox_fires_for_components_turned_on_without_sandbox_workloads() -> None:
    found = only(lint("vgpuManager:\n  enabled: true\nccManager:\n  enabled: true\n"), "GPU009")
    assert at(found) == [(2, 3, "vgpuManager.enabled"), (4, 3, "ccManager.enabled")]
    assert found[0].severity.value == "warning"


def test_sandbox_fires_on_a_vm_default_workload() -> None:
    found = only(lint("sandboxWorkloads:\n  defaultWorkload: vm-passthrough\n"), "GPU009")
    assert at(found) == [(2, 3, "sandboxWorkloads.defaultWorkload")]


def test_sandbox_quiet_with_sandbox_workloads_or_dormant_defaults() -> None:
    assert only(lint("sandboxWorkloads:\n  enabled: true\nvgpuManager:\n  enabled: true\n"), "GPU009") == []
    assert only(lint("vfioManager:\n  enabled: true\n"), "GPU009") == []


# --- GPU010 unknown-key -----------------------------------------------------------------------


def test_unknown_key_with_did_you_mean() -> None:
    text = "devicePlugins:\n  enabled: true\ndcgmExporter:\n  serviceMonitor:\n    enable: true\n"
    found = only(lint(text), "GPU010")
    assert at(found) == [(1, 1, "devicePlugins"), (5, 5, "dcgmExporter.serviceMonitor.enable")]
    assert "did you mean 'devicePlugin'" in found[0].message
    assert found[1].fix == "rename it to 'enabled'"


def test_unknown_key_in_lists_and_the_subchart_key() -> None:
    text = (
        "gpu_operator:\n  driver: {}\ndriver:\n  pools:\n    - name: a\n      nodeSelector: {a: b}\n"
        "      version: '550'\n      usePrecompile: true\n"
    )
    found = only(lint(text), "GPU010")
    assert at(found) == [(1, 1, "gpu_operator"), (8, 7, "driver.pools[0].usePrecompile")]
    assert "gpu-operator" in found[0].fix
    assert "usePrecompiled" in found[1].message
    assert not any(f.rule == "GPU000" and "unknown key" in f.message for f in lint(text))


def test_unknown_key_kubesphere_top_level() -> None:
    found = only(lint("gpu-operator:\n  driver: {}\ngloabl:\n  imageRegistry: x\n"), "GPU010")
    assert at(found) == [(3, 1, "gloabl")]
    assert "'global'" in found[0].message


def test_unknown_key_quiet_on_known_and_pass_through_keys() -> None:
    text = "node-feature-discovery:\n  worker:\n    tolerations: []\nglobal:\n  anything: 1\n"
    assert only(lint(text), "GPU010") == []


# --- directives and shapes --------------------------------------------------------------------


def test_disable_directive_on_the_line_and_the_line_before() -> None:
    same_line = "dcgmExporter:\n  version: 3.3.5-3.4.1-ubuntu22.04  # gpuop-lint: disable=GPU005\n"
    assert only(lint(same_line), "GPU005") == []
    line_before = "dcgmExporter:\n  # gpuop-lint: disable=catalog-version\n  version: 3.3.5-3.4.1-ubuntu22.04\n"
    assert only(lint(line_before), "GPU005") == []
    elsewhere = "# gpuop-lint: disable=GPU005\ndcgmExporter:\n  version: 3.3.5-3.4.1-ubuntu22.04\n"
    assert len(only(lint(elsewhere), "GPU005")) == 1


def test_disable_file_directive() -> None:
    text = (
        "# gpuop-lint: disable-file=GPU005,GPU004\n"
        "dcgmExporter:\n  version: 3.3.5-3.4.1-ubuntu22.04\ngfd:\n  version: a+b\n"
    )
    assert only(lint(text), "GPU005") == [] and only(lint(text), "GPU004") == []


def test_kubesphere_shape_positions_carry_the_subchart_key() -> None:
    found = lint("gpu-operator:\n  driver:\n    version: 550\n")
    assert (3, 5, "gpu-operator.driver.version") in at(found)
