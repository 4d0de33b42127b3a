"""`gpuop values generate` end to end, in-process: golden outputs, every option, every bad input."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import yaml as pyyaml

from gpuop_values.yamlio import load_file
from tests.conftest import REPO, Result, assert_golden, nfd_labels, node, node_list

GOLDEN = REPO / "tests" / "golden" / "generate"
SEED_ARGS = [
    "--registry",
    "dockerhub.kubekey.local/kse",
    "--kernel",
    "5.15.0-131-generic",
    "--os",
    "ubuntu22.04",
    "--driver-branch",
    "550",
]
Cli = t.Callable[..., Result]


def generate(cli: Cli, *args: str) -> Result:
    return cli("values", "generate", *args)


def ok(result: Result) -> dict[str, t.Any]:
    assert result.code == 0, result.stderr
    data: dict[str, t.Any] = pyyaml.safe_load(result.stdout)
    return data


def bad(result: Result, *words: str) -> str:
    assert result.code == 3, (result.code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def leaves(tree: t.Any, prefix: tuple[str, ...] = ()) -> t.Iterator[tuple[tuple[str, ...], t.Any]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from leaves(value, (*prefix, key))
    else:
        yield prefix, tree


def get(tree: t.Any, path: t.Sequence[str]) -> t.Any:
    for key in path:
        tree = tree[key]
    return tree


def write_nodes(tmp_path: Path, name: str, *nodes: dict[str, t.Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(node_list(*nodes)))
    return str(path)


# --- the seed --------------------------------------------------------------------------------


def test_seed_configuration_is_reproduced(cli: Cli) -> None:
    """Every repository/image/version/enabled field of the KubeSphere README's sample config."""
    ours = ok(generate(cli, *SEED_ARGS, "--format", "kubesphere"))
    seed = load_file(REPO / "tests" / "data" / "seed-kubesphere-config.yaml").data
    checked = 0
    for path, value in leaves(seed):
        assert get(ours, path) == value, ".".join(path)
        checked += 1
    assert checked == 48
    gpu = ours["gpu-operator"]
    # ...and it fills what the README leaves implicit: every version, and the images the list forgets.
    assert gpu["operator"]["version"] == "v23.9.2"
    assert gpu["vgpuManager"]["driverManager"]["version"] == "v0.6.4"
    assert gpu["vfioManager"]["driverManager"]["version"] == "v0.6.2"
    assert gpu["node-feature-discovery"]["image"]["tag"] == "v0.14.2"
    assert gpu["cudaSample"]["repository"] == "dockerhub.kubekey.local/kse/nvidia/k8s"
    urls = [rc["artifacts"]["url"] for rc in gpu["kataManager"]["config"]["runtimeClasses"]]
    assert all(u.startswith("dockerhub.kubekey.local/kse/nvidia/cloud-native/kata-gpu-artifacts:") for u in urls)


def test_every_repository_is_private(cli: Cli) -> None:
    values = ok(generate(cli, *SEED_ARGS))
    repos = [v for p, v in leaves(values) if p[-1] == "repository"]
    assert len(repos) == 23
    assert all(r.startswith("dockerhub.kubekey.local/kse/") for r in repos)


@pytest.mark.parametrize(
    ("case", "args"),
    [
        ("seed-kubesphere", [*SEED_ARGS, "--format", "kubesphere"]),
        ("seed-chart", SEED_ARGS),
        (
            "whizard-pull-secret",
            [*SEED_ARGS, "--monitoring", "whizard", "--pull-secret", "kse-registry", "--format", "kubesphere"],
        ),
        (
            "flatten-rhel-containerd",
            [
                "--registry",
                "harbor.local:8443/gpu",
                "--mapping",
                "flatten",
                "--kernel",
                "4.18.0-513.5.1.el8_9.x86_64",
                "--os",
                "rhel8.9",
                "--driver-version",
                "550.54.14",
                "--runtime",
                "containerd",
            ],
        ),
    ],
)
def test_golden_outputs(cli: Cli, case: str, args: list[str]) -> None:
    result = generate(cli, *args)
    assert result.code == 0, result.stderr
    assert_golden(GOLDEN / f"{case}.yaml", result.stdout)


# --- node sources ----------------------------------------------------------------------------


def test_nodes_file_mixed_kernels_goes_precompiled(cli: Cli, tmp_path: Path) -> None:
    nodes = write_nodes(
        tmp_path,
        "nodes.json",
        node("cp", kernel="6.8.0-1-generic", labels=nfd_labels("ubuntu", "24.04", "6.8.0-1-generic", gpu=False)),
        node("g1", labels=nfd_labels("ubuntu", "22.04", "5.15.0-131-generic")),
        node("g2", kernel="5.15.0-91-generic", labels=nfd_labels("ubuntu", "22.04", "5.15.0-91-generic")),
    )
    result = generate(cli, "--registry", "r.local/k", "--nodes-file", nodes)
    driver = ok(result)["driver"]
    assert (driver["usePrecompiled"], driver["version"]) == (True, "550")
    assert "r.local/k/nvidia/driver:550-5.15.0-91-generic-ubuntu22.04" in result.stdout
    assert "r.local/k/nvidia/driver:550-5.15.0-131-generic-ubuntu22.04" in result.stdout
    assert "6.8.0" not in result.stdout  # the CPU node does not count


def test_nodes_file_mixed_os_gives_pools(cli: Cli, tmp_path: Path) -> None:
    nodes = write_nodes(
        tmp_path,
        "nodes.json",
        node("u", gpus=1),
        node("r", os_image="Red Hat Enterprise Linux 8.9 (Ootpa)", kernel="4.18.0-513.5.1.el8_9.x86_64", gpus=1),
    )
    result = generate(cli, "--registry", "r.local/k", "--nodes-file", nodes)
    driver = ok(result)["driver"]
    assert driver["nvidiaDriverCRD"] == {"enabled": True, "deployDefaultCR": False}
    assert [(p["name"], p["version"], p["usePrecompiled"]) for p in driver["pools"]] == [
        ("rhel8-9", "550-4.18.0-513.5.1.el8_9.x86_64", False),
        ("ubuntu22-04", "550-5.15.0-131-generic", False),
    ]
    assert driver["pools"][0]["nodeSelector"] == {
        "feature.node.kubernetes.io/system-os_release.ID": "rhel",
        "feature.node.kubernetes.io/system-os_release.VERSION_ID": "8.9",
    }
    assert_golden(GOLDEN / "mixed-os-pools.yaml", result.stdout.replace(str(tmp_path), "TMP"))


def test_mixed_os_for_kubesphere_uses_one_driver_cr(cli: Cli, tmp_path: Path) -> None:
    nodes = write_nodes(
        tmp_path,
        "nodes.json",
        node("u", gpus=1),
        node("u2", os_image="Ubuntu 20.04.6 LTS", kernel="5.4.0-150-generic", gpus=1),
    )
    driver = ok(generate(cli, "--registry", "r.local/k", "--nodes-file", nodes, "--format", "kubesphere"))[
        "gpu-operator"
    ]["driver"]
    assert driver["nvidiaDriverCRD"] == {"enabled": True, "deployDefaultCR": True}
    assert (driver["usePrecompiled"], driver["version"]) == (True, "550")
    assert "pools" not in driver


def test_installplan_for_two_clusters(cli: Cli, tmp_path: Path) -> None:
    a = write_nodes(tmp_path, "a.json", node("a1", gpus=1))
    b = write_nodes(tmp_path, "b.json", node("b1", kernel="5.15.0-91-generic", runtime="containerd://1.7.2", gpus=1))
    result = generate(
        cli,
        "--registry",
        "dockerhub.kubekey.local/kse",
        "--nodes-file",
        f"host={a}",
        "--nodes-file",
        f"member-1={b}",
        "--format",
        "installplan",
    )
    plan = ok(result)
    assert plan["kind"] == "InstallPlan" and plan["metadata"]["name"] == "nvidia-gpu-operator"
    assert plan["spec"]["extension"] == {"name": "nvidia-gpu-operator", "version": "23.9.2"}
    assert plan["spec"]["clusterScheduling"]["placement"]["clusters"] == ["host", "member-1"]
    config = pyyaml.safe_load(plan["spec"]["config"])
    overrides = {k: pyyaml.safe_load(v) for k, v in plan["spec"]["clusterScheduling"]["overrides"].items()}
    assert "version" not in config["gpu-operator"]["driver"]
    assert overrides["host"] == {
        "gpu-operator": {"driver": {"version": "550-5.15.0-131-generic"}, "operator": {"defaultRuntime": "docker"}}
    }
    assert overrides["member-1"] == {
        "gpu-operator": {"driver": {"version": "550-5.15.0-91-generic"}, "operator": {"defaultRuntime": "containerd"}}
    }
    assert config["gpu-operator"]["toolkit"]["repository"] == "dockerhub.kubekey.local/kse/nvidia/k8s"
    assert_golden(GOLDEN / "installplan-two-clusters.yaml", result.stdout)


def test_installplan_for_one_cluster_has_no_overrides(cli: Cli) -> None:
    plan = ok(generate(cli, *SEED_ARGS, "--format", "installplan"))
    assert "overrides" not in plan["spec"]["clusterScheduling"]
    assert plan["spec"]["clusterScheduling"]["placement"]["clusters"] == ["host"]  # KubeSphere's default name


def test_local_host_is_the_default_source(cli: Cli) -> None:
    from gpuop_values.facts import from_host

    host = from_host().nodes[0]
    result = generate(cli, "--registry", "r.local/k", "--driver-version", "550.54.14")
    if host.os_id in ("ubuntu", "rhel", "rhcos", "centos", "debian", "rocky", "ol", "sles", "amzn"):
        assert ok(result)["driver"]["version"] == "550.54.14"
        assert f"driver:550.54.14-{host.os}" in result.stdout


# --- options ---------------------------------------------------------------------------------


def test_runtime_detected_and_mixed_runtimes(cli: Cli, tmp_path: Path) -> None:
    one = write_nodes(tmp_path, "one.json", node("a", runtime="containerd://1.7.2", gpus=1))
    assert ok(generate(cli, "--registry", "r.local", "--nodes-file", one))["operator"]["defaultRuntime"] == "containerd"
    mixed = write_nodes(tmp_path, "mixed.json", node("a", gpus=1), node("b", runtime="containerd://1.7", gpus=1))
    bad(generate(cli, "--registry", "r.local", "--nodes-file", mixed), "different container runtimes", "--runtime")
    chosen = ok(generate(cli, "--registry", "r.local", "--nodes-file", mixed, "--runtime", "crio"))
    assert chosen["operator"]["defaultRuntime"] == "crio"


def test_enable_disable_set_and_pull_secret(cli: Cli) -> None:
    values = ok(
        generate(
            cli,
            *SEED_ARGS,
            "--enable",
            "dcgm",
            "--disable",
            "nfd",
            "--disable",
            "mig-manager",
            "--enable",
            "sandboxWorkloads",
            "--set",
            "driver.rdma.enabled=true",
            "--set",
            "daemonsets.priorityClassName=gpu-critical",
            "--pull-secret",
            "regcred",
        )
    )
    assert values["dcgm"]["enabled"] is True
    assert values["nfd"]["enabled"] is False
    assert values["migManager"]["enabled"] is False
    assert values["sandboxWorkloads"]["enabled"] is True
    assert values["driver"]["rdma"]["enabled"] is True
    assert values["daemonsets"]["priorityClassName"] == "gpu-critical"
    secrets = [v for p, v in leaves(values) if p[-1] == "imagePullSecrets"]
    assert len(secrets) == 19
    assert all(s in (["regcred"], [{"name": "regcred"}]) for s in secrets)
    assert all(rc["artifacts"]["pullSecret"] == "regcred" for rc in values["kataManager"]["config"]["runtimeClasses"])


def test_whizard_monitoring(cli: Cli) -> None:
    result = generate(cli, *SEED_ARGS, "--monitoring", "whizard")
    monitor = ok(result)["dcgmExporter"]["serviceMonitor"]
    assert monitor == {"enabled": True, "honorLabels": True}
    assert "gpuMonitoringHelper.enabled" in result.stderr


def test_sandbox_component_without_sandbox_workloads_notes_it(cli: Cli) -> None:
    result = generate(cli, *SEED_ARGS, "--enable", "kataManager")
    assert ok(result)["kataManager"]["enabled"] is True
    assert "add --enable sandboxWorkloads" in result.stderr


def test_output_file_atomic_and_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "values.yaml"
    first = generate(cli, *SEED_ARGS, "-o", str(out))
    assert first.code == 0 and first.stdout == ""
    text = out.read_text()
    assert "550-5.15.0-131-generic" in text
    bad(generate(cli, *SEED_ARGS, "--driver-branch", "535", "-o", str(out)), "already exists", "--force")
    assert out.read_text() == text
    assert (
        generate(cli, *SEED_ARGS, "--set", "driver.version=535-5.15.0-131-generic", "-o", str(out), "--force").code == 0
    )
    assert "535-5.15.0-131-generic" in out.read_text()


def test_bad_input_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "values.yaml"
    bad(generate(cli, *SEED_ARGS, "--set", "driver.enabled=maybe", "-o", str(out)), "driver.enabled")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


# --- bad input: exit 3, a clear message, no traceback, nothing on stdout --------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--registry", "https://harbor.local"], ["--registry", "scheme"]),
        (["--registry", "harbor.local/a b"], ["spaces"]),
        (["--registry", "Harbor.local"], ["uppercase"]),
        (["--registry", "harbor.local/../x"], ["'..'"]),
        (["--registry", "r.local", "--kernel", "5.15 generic", "--os", "ubuntu22.04"], ["--kernel", "image tag"]),
        (["--registry", "r.local", "--kernel", "5.15.0-1", "--os", "ubuntu 22.04"], ["--os"]),
        (["--registry", "r.local", "--kernel", "5.15.0-1", "--os", "haiku1"], ["unknown OS 'haiku'"]),
        (["--registry", "r.local", "--kernel", "5.15.0-1"], ["--os is missing"]),
        (
            ["--registry", "r.local", "--kernel", "5.15.0-1", "--os", "ubuntu22.04", "--nodes-file", "x.json"],
            ["conflict"],
        ),
        (["--registry", "r.local", "--nodes-file", "x.json", "--from-cluster"], ["conflict"]),
        ([*SEED_ARGS, "--driver-version", "550.54.14"], ["conflict"]),
        ([*SEED_ARGS[:-2], "--driver-version", "550.54.14", "--driver-mode", "precompiled"], ["per branch"]),
        ([*SEED_ARGS, "--driver-mode", "sometimes"], ["--driver-mode"]),
        ([*SEED_ARGS, "--format", "helm"], ["--format"]),
        ([*SEED_ARGS, "--mapping", "shuffle"], ["--mapping"]),
        ([*SEED_ARGS, "--runtime", "rkt"], ["--runtime"]),
        ([*SEED_ARGS, "--release", "v1.0.0"], ["--release", "v23.9.2"]),
        ([*SEED_ARGS, "--enable", "warpdrive"], ["unknown component"]),
        ([*SEED_ARGS, "--enable", "dcgm", "--disable", "dcgm"], ["both enabled and disabled"]),
        ([*SEED_ARGS, "--pull-secret", "Bad_Secret"], ["--pull-secret"]),
        ([*SEED_ARGS, "--monitoring", "grafana"], ["--monitoring"]),
        ([*SEED_ARGS, "--set", "driver.version"], ["no '='"]),
        ([*SEED_ARGS, "--set", "driver..version=1"], ["empty key"]),
        ([*SEED_ARGS, "--set", "driver.version.x=1"], ["not a mapping"]),
        ([*SEED_ARGS, "--set", "driver.version=550"], []),  # a number where a string belongs is fine: Helm quotes
        ([*SEED_ARGS, "--set", "operator.defaultRuntime=podman"], ["operator.defaultRuntime"]),
        ([*SEED_ARGS, "--set", "toolkit.enabled=1"], ["toolkit.enabled"]),
    ],
)
def test_bad_options(cli: Cli, args: list[str], words: list[str]) -> None:
    result = generate(cli, *args)
    if not words:
        assert result.code in (0, 3)
        return
    bad(result, *words)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"items": [', ["invalid JSON", ":1:"]),
        ('{"items": []}', ["empty"]),
        ('{"items": [], "items": []}', ["duplicate key"]),
        ("items:\n  - 42\n", ["node is not an object"]),
        ("items:\n  - &a {metadata: {name: x}}\n  - *a\n", ["osImage is missing"]),
        (
            json.dumps(node_list(node("a", labels=nfd_labels("ubuntu", "22.04", "5.15.0-1", gpu=False)))),
            ["has an NVIDIA GPU"],
        ),
        (
            json.dumps(node_list(node("a", os_image="Plan 9"))),
            ["unknown OS image 'Plan 9'"],
        ),
    ],
)
def test_bad_nodes_files(cli: Cli, tmp_path: Path, content: str, words: list[str]) -> None:
    path = tmp_path / "nodes.json"
    path.write_text(content)
    bad(generate(cli, "--registry", "r.local", "--nodes-file", str(path)), str(path), *words)


def test_two_clusters_need_installplan_and_unique_names(cli: Cli, tmp_path: Path) -> None:
    a = write_nodes(tmp_path, "a.json", node("a1", gpus=1))
    bad(generate(cli, "--registry", "r.local", "--nodes-file", a, "--nodes-file", f"b={a}"), "installplan")
    bad(
        generate(cli, "--registry", "r.local", "--nodes-file", a, "--nodes-file", a, "--format", "installplan"),
        "several clusters are named a",
    )


def test_missing_nodes_file(cli: Cli, tmp_path: Path) -> None:
    bad(generate(cli, "--registry", "r.local", "--nodes-file", str(tmp_path / "nope.json")), "not found")


def test_usage_errors_exit_2(cli: Cli) -> None:
    result = generate(cli, "--kernel", "5.15.0-1", "--os", "ubuntu22.04")
    assert result.code == 2
    assert "--registry" in result.stderr
    assert cli("values", "generate", "--bogus").code == 2


def test_debug_shows_traceback(cli: Cli) -> None:
    result = cli("--debug", "values", "generate", "--registry", "https://x.io")
    assert result.code == 3
    assert "Traceback" in result.stderr


def test_from_cluster_without_the_kubernetes_client(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "kubernetes", None)  # as if gpuop[cluster] were not installed
    result = generate(cli, "--registry", "r.local", "--from-cluster")
    assert result.code == 4
    assert "gpuop[cluster]" in result.stderr and "Traceback" not in result.stderr


def test_header_lists_the_images_to_mirror(cli: Cli) -> None:
    """The seed's README image list, filtered to what the seed config switches on, plus what it forgot."""
    result = generate(cli, *SEED_ARGS, "--format", "kubesphere")
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("#   ")]
    targets = [line.split()[3] for line in result.stdout.splitlines() if line.startswith("#   ")]
    seed_list = (REPO / "tests" / "data" / "seed-images.txt").read_text().split()
    extra = {"nvcr.io/nvidia/driver:550-5.15.0-131-generic-ubuntu22.04",  # the README names it apart
             "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda11.7.1-ubuntu20.04"}  # its quick start uses it
    assert set(listed) - extra <= set(seed_list)
    assert extra <= set(listed)
    assert len(listed) == 12
    assert all(t.startswith("dockerhub.kubekey.local/kse/") for t in targets)
    switched_off = {"nvcr.io/nvidia/cloud-native/dcgm:3.3.0-1-ubuntu22.04",
                    "nvcr.io/nvidia/cloud-native/k8s-kata-manager:v0.1.2"}
    assert not switched_off & set(listed)
