from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpuop_values import facts
from gpuop_values.errors import BadInputError
from tests.conftest import nfd_labels, node, node_list


@pytest.mark.parametrize(
    ("os_image", "expected"),
    [
        ("Ubuntu 22.04.5 LTS", ("ubuntu", "22.04")),
        ("Ubuntu 20.04.6 LTS", ("ubuntu", "20.04")),
        ("Ubuntu 24.04 LTS", ("ubuntu", "24.04")),
        ("Red Hat Enterprise Linux 8.9 (Ootpa)", ("rhel", "8.9")),
        ("Red Hat Enterprise Linux Server 7.9 (Maipo)", ("rhel", "7.9")),
        ("Red Hat Enterprise Linux 9.4 (Plow)", ("rhel", "9.4")),
        ("Red Hat Enterprise Linux CoreOS 414.92.202402201450-0 (Plow)", ("rhcos", "4.14")),
        ("Red Hat Enterprise Linux CoreOS 412.86.202303241612-0 (Ootpa)", ("rhcos", "4.12")),
        ("CentOS Linux 7 (Core)", ("centos", "7")),
        ("Rocky Linux 9.3 (Blue Onyx)", ("rocky", "9.3")),
        ("Oracle Linux Server 8.9", ("ol", "8.9")),
        ("Debian GNU/Linux 12 (bookworm)", ("debian", "12")),
        ("SUSE Linux Enterprise Server 15 SP5", ("sles", "15.5")),
    ],
)
def test_os_image_mapping(os_image: str, expected: tuple[str, str]) -> None:
    assert facts.os_from_image(os_image, "node") == expected


def test_unknown_os_image_is_bad_input() -> None:
    with pytest.raises(BadInputError) as info:
        facts.os_from_image("Windows Server 2022 Datacenter", "items[0]")
    assert "unknown OS image" in info.value.message
    assert "--os" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ID="rhel"\nVERSION_ID="8.9"\nNAME="Red Hat Enterprise Linux"\n', ("rhel", "8.9")),
        ("ID=rhcos\nVERSION_ID='4.14'\nOSTREE_VERSION='414.92.2024'\n", ("rhcos", "4.14")),
        ('NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\n# comment\n\n', ("ubuntu", "22.04")),
    ],
)
def test_os_release(text: str, expected: tuple[str, str]) -> None:
    assert facts.os_from_release(facts.parse_os_release(text), "/etc/os-release") == expected


def test_host_facts_from_files(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text('ID="rhel"\nVERSION_ID="8.9"\n')
    kernel = tmp_path / "osrelease"
    kernel.write_text("4.18.0-513.5.1.el8_9.x86_64\n")
    found = facts.from_host(release, kernel)
    assert found.nodes[0].os == "rhel8.9"
    assert found.nodes[0].kernel == "4.18.0-513.5.1.el8_9.x86_64"
    assert found.source == "host"


def test_host_facts_unknown_os(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text("ID=plan9\nVERSION_ID=4\n")
    with pytest.raises(BadInputError, match="unknown OS 'plan9'"):
        facts.from_host(release, tmp_path / "missing")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5.15.0-131-generic", "5.15.0-131-generic"),
        ("6.1.0+rpt-rpi-v8", "6.1.0_rpt-rpi-v8"),
        ("5.4.0-1103-aws~18.04", "5.4.0-1103-aws_18.04"),
        ("-5.15.0-", "5.15.0"),
        ("5.14.0-362.8.1.el9_3.x86_64", "5.14.0-362.8.1.el9_3.x86_64"),
    ],
)
def test_kernel_sanitised_like_nfd(raw: str, expected: str) -> None:
    assert facts.sanitize_kernel(raw) == expected


@given(st.text(max_size=80))
def test_sanitized_kernel_only_has_nfd_characters(raw: str) -> None:
    out = facts.sanitize_kernel(raw)
    assert re.fullmatch(r"[-A-Za-z0-9_.]*", out)
    assert not out.startswith(("-", "_", ".")) and not out.endswith(("-", "_", "."))
    assert facts.sanitize_kernel(out) == out  # idempotent


@pytest.mark.parametrize("bad", ["5.15.0 generic", "5.15.0/131", "docker://24", "", "5.15.0-131-generic'"])
def test_kernel_flag_with_impossible_characters(bad: str) -> None:
    with pytest.raises(BadInputError) as info:
        facts.parse_kernel_flag(bad)
    assert info.value.where == "--kernel"


@pytest.mark.parametrize("bad", ["Ubuntu22.04", "ubuntu", "22.04", "ubuntu22.04-lts", "windows2022", "ubuntu 22.04"])
def test_bad_os_flag(bad: str) -> None:
    with pytest.raises(BadInputError) as info:
        facts.parse_os_tag(bad)
    assert info.value.where == "--os"


@given(st.sampled_from(facts.KNOWN_OS_IDS), st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2}){0,2}", fullmatch=True))
def test_os_tag_round_trip(os_id: str, version: str) -> None:
    assert facts.parse_os_tag(f"{os_id}{version}") == (os_id, version)


def test_nfd_labels_win_over_node_info() -> None:
    item = node(
        "gpu-1",
        os_image="Ubuntu 20.04.6 LTS",
        kernel="5.4.0-1-generic",
        labels=nfd_labels("ubuntu", "22.04", "5.15.0-131-generic"),
    )
    found = facts.node_facts(item, "nodes.json")
    assert (found.os, found.kernel, found.source, found.gpu) == ("ubuntu22.04", "5.15.0-131-generic", "nfd", True)


def test_runtime_detection() -> None:
    assert facts.runtime_from_version("docker://24.0.9") == "docker"
    assert facts.runtime_from_version("containerd://1.7.2") == "containerd"
    assert facts.runtime_from_version("cri-o://1.28.1") == "crio"
    assert facts.runtime_from_version("rkt://1") is None


def test_only_gpu_nodes_count_when_marked() -> None:
    items = [
        node("cpu-1", kernel="6.8.0-1-generic", labels=nfd_labels("ubuntu", "24.04", "6.8.0-1-generic", gpu=False)),
        node("gpu-1", labels=nfd_labels("ubuntu", "22.04", "5.15.0-131-generic")),
        node("gpu-2", labels={"nvidia.com/gpu.present": "true"}),
        node("gpu-3", gpus=2),
    ]
    found = facts.from_node_items(items, "c", "nodes.json")
    assert [n.name for n in found.nodes] == ["gpu-1", "gpu-2", "gpu-3"]
    assert found.total_nodes == 4
    assert found.oses == ["ubuntu22.04"]


def test_unmarked_nodes_all_count_with_a_note() -> None:
    found = facts.from_node_items([node("a"), node("b")], "c", "nodes.json")
    assert len(found.nodes) == 2
    assert "no node is marked" in found.notes[0]


def test_no_gpu_nodes_is_bad_input() -> None:
    items = [node("cpu-1", labels=nfd_labels("ubuntu", "22.04", "5.15.0-131-generic", gpu=False))]
    with pytest.raises(BadInputError, match="none of the 1 nodes has an NVIDIA GPU"):
        facts.from_node_items(items, "c", "nodes.json")


def write(tmp_path: Path, text: str, name: str = "nodes.json") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"items": [', "invalid JSON"),
        ('{"items": [], "items": []}', "duplicate key 'items'"),
        ('{"items": []}', "empty"),
        ('{"kind": "List"}', "not a list of nodes"),
        ("[1, 2]", "not a list of nodes"),
        ('{"items": [42]}', "node is not an object"),
        ('{"items": [{"metadata": {}}]}', "no metadata.name"),
        ('{"items": [{"metadata": {"name": "a", "labels": {"x": 1}}}]}', "label 'x' is not a string"),
        ('{"items": [{"metadata": {"name": "a"}, "status": {"nodeInfo": {}}}]}', "osImage is missing"),
        ('{"items": [{"metadata": {"name": "a"}, "status": "x"}]}', "status is not an object"),
    ],
)
def test_bad_nodes_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BadInputError) as info:
        facts.from_nodes_file(write(tmp_path, text))
    assert message in info.value.message
    assert str(tmp_path / "nodes.json") in (info.value.where or "")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as info:
        facts.from_nodes_file(write(tmp_path, '{\n  "items": [\n    oops\n'))
    assert info.value.where == f"{tmp_path / 'nodes.json'}:3:5"


def test_yaml_nodes_file_and_single_node(tmp_path: Path) -> None:
    single = json.dumps(node("gpu-9", gpus=1))
    found = facts.from_nodes_file(write(tmp_path, single))
    assert [n.name for n in found.nodes] == ["gpu-9"]
    yaml_text = (
        "items:\n  - metadata: {name: gpu-y}\n"
        "    status: {nodeInfo: {osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: 5.15.0-1}}\n"
    )
    found = facts.from_nodes_file(write(tmp_path, yaml_text, "nodes.yaml"))
    assert found.nodes[0].kernel == "5.15.0-1"


def test_nodes_file_option_names_the_cluster(tmp_path: Path) -> None:
    assert facts.parse_nodes_file_option("prod=x.json") == ("prod", Path("x.json"))
    assert facts.parse_nodes_file_option("x.json") == (None, Path("x.json"))
    path = write(tmp_path, json.dumps(node_list(node("a"))), "Lab_Cluster.json")
    assert facts.from_nodes_file(path).name == "lab-cluster"
    with pytest.raises(BadInputError, match="not a Kubernetes name"):
        facts.parse_nodes_file_option("Prod!=x.json")
