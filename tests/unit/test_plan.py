from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpuop_values import catalog
from gpuop_values.errors import BadInputError
from gpuop_values.facts import ClusterFacts, NodeFacts
from gpuop_values.plan import DriverChoice, parse_driver_choice, plan_driver
from gpuop_values.references import TAG

CAT = catalog.load("v23.9.2")


def cluster(*pairs: tuple[str, str]) -> ClusterFacts:
    nodes = []
    for index, (os_tag, kernel) in enumerate(pairs):
        os_id = os_tag.rstrip("0123456789.")
        nodes.append(NodeFacts(f"n{index}", os_id, os_tag[len(os_id) :], kernel))
    return ClusterFacts("c", nodes, "test")


BRANCH = DriverChoice("550")
FULL = DriverChoice("550", "550.54.14")


def test_one_kernel_is_pinned_the_kubesphere_way() -> None:
    plan = plan_driver(cluster(("ubuntu22.04", "5.15.0-131-generic")), BRANCH, "auto", CAT)
    assert (plan.mode, plan.version, plan.use_precompiled) == ("pinned", "550-5.15.0-131-generic", False)
    assert [t.tag for t in plan.tags] == ["550-5.15.0-131-generic-ubuntu22.04"]


def test_full_version_compiles_on_the_node() -> None:
    plan = plan_driver(cluster(("rhel8.9", "4.18.0-513.el8"), ("rhel8.9", "4.18.0-477.el8")), FULL, "auto", CAT)
    assert (plan.mode, plan.version, plan.use_precompiled) == ("pinned", "550.54.14", False)
    assert [t.tag for t in plan.tags] == ["550.54.14-rhel8.9"]


def test_several_kernels_one_os_is_precompiled() -> None:
    facts = cluster(
        ("ubuntu22.04", "5.15.0-131-generic"),
        ("ubuntu22.04", "5.15.0-91-generic"),
        ("ubuntu22.04", "5.15.0-131-generic"),
    )
    plan = plan_driver(facts, BRANCH, "auto", CAT)
    assert (plan.mode, plan.version, plan.use_precompiled) == ("precompiled", "550", True)
    assert [t.tag for t in plan.tags] == [
        "550-5.15.0-131-generic-ubuntu22.04",
        "550-5.15.0-91-generic-ubuntu22.04",
    ]


def test_several_oses_are_pools() -> None:
    facts = cluster(
        ("ubuntu22.04", "5.15.0-131-generic"),
        ("ubuntu20.04", "5.4.0-150-generic"),
        ("ubuntu20.04", "5.4.0-170-generic"),
        ("rhel8.9", "4.18.0-513.el8"),
    )
    plan = plan_driver(facts, BRANCH, "auto", CAT)
    assert plan.mode == "pools"
    assert [(p.name, p.version, p.use_precompiled) for p in plan.pools] == [
        ("rhel8-9", "550-4.18.0-513.el8", False),
        ("ubuntu20-04", "550", True),
        ("ubuntu22-04", "550-5.15.0-131-generic", False),
    ]
    assert sorted(t.tag for t in plan.tags) == [
        "550-4.18.0-513.el8-rhel8.9",
        "550-5.15.0-131-generic-ubuntu22.04",
        "550-5.4.0-150-generic-ubuntu20.04",
        "550-5.4.0-170-generic-ubuntu20.04",
    ]


def test_precompiled_with_full_version_is_an_error_with_the_reason() -> None:
    with pytest.raises(BadInputError) as info:
        plan_driver(cluster(("ubuntu22.04", "5.15.0-1")), FULL, "precompiled", CAT)
    assert "published per branch" in info.value.message
    assert info.value.hint == "pass --driver-branch 550"


def test_pinned_with_several_kernels_is_an_error() -> None:
    with pytest.raises(BadInputError, match="2 kernels"):
        plan_driver(cluster(("ubuntu22.04", "5.15.0-1"), ("ubuntu22.04", "5.15.0-2")), BRANCH, "pinned", CAT)


@pytest.mark.parametrize("mode", ["pinned", "precompiled"])
def test_single_os_modes_refuse_several_oses(mode: str) -> None:
    with pytest.raises(BadInputError, match="needs one OS"):
        plan_driver(cluster(("ubuntu22.04", "5.15.0-1"), ("rhel8.9", "4.18.0-1")), BRANCH, mode, CAT)


def test_explicit_precompiled_single_kernel_and_non_ubuntu_note() -> None:
    plan = plan_driver(cluster(("rhel9.2", "5.14.0-284")), BRANCH, "precompiled", CAT)
    assert plan.use_precompiled and plan.version == "550"
    assert "Ubuntu only" in plan.notes[0]


def test_explicit_pools_with_one_os() -> None:
    plan = plan_driver(cluster(("ubuntu22.04", "5.15.0-1")), FULL, "pools", CAT)
    assert [(p.name, p.version) for p in plan.pools] == [("ubuntu22-04", "550.54.14")]


def test_driver_tag_too_long_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="not a valid image tag"):
        plan_driver(cluster(("ubuntu22.04", "5" * 130)), BRANCH, "auto", CAT)


@pytest.mark.parametrize(
    ("branch", "version", "message"),
    [
        ("550", "550.54.14", "conflict"),
        ("550.54.14", None, "not a driver branch"),
        ("55", None, "not a driver branch"),
        (None, "550", "not a full driver version"),
        (None, "550.54.14-ubuntu22.04", "not a full driver version"),
    ],
)
def test_bad_driver_choice(branch: str | None, version: str | None, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        parse_driver_choice(branch, version, CAT)


def test_default_branch_comes_from_the_catalog() -> None:
    assert parse_driver_choice(None, None, CAT) == DriverChoice("550")
    assert parse_driver_choice(None, "535.161.08", CAT) == DriverChoice("535", "535.161.08")


kernels = st.from_regex(r"[1-6]\.[0-9]{1,2}\.[0-9]{1,3}-[0-9]{1,4}-(generic|aws|azure|gke)", fullmatch=True)
oses = st.sampled_from(["ubuntu20.04", "ubuntu22.04", "rhel8.9", "rhel9.2", "rhcos4.14"])


@given(st.lists(st.tuples(oses, kernels), min_size=1, max_size=12), st.booleans())
def test_every_node_gets_exactly_one_valid_tag(pairs: list[tuple[str, str]], full: bool) -> None:
    facts = cluster(*pairs)
    plan = plan_driver(facts, FULL if full else BRANCH, "auto", CAT)
    tags = [t.tag for t in plan.tags]
    assert len(tags) == len(set(tags))
    assert all(TAG.match(t) for t in tags)
    for node in facts.nodes:
        wanted = f"550.54.14-{node.os}" if full else f"550-{node.kernel}-{node.os}"
        assert wanted in tags


def test_major_only_os_tags_are_data() -> None:
    """A release that tags RHEL by major version (v26.7.0) is a catalog change, not a code change."""

    from gpuop_values.references import parse_registry
    from gpuop_values.values import Options, build_values

    newer = CAT._replace(os_tag_major_only=("rhel", "rocky", "ol"))
    facts = cluster(("rhel9.4", "5.14.0-427.el9"), ("ubuntu22.04", "5.15.0-131-generic"))
    plan = plan_driver(facts, BRANCH, "auto", newer)
    assert sorted(t.tag for t in plan.tags) == ["550-5.14.0-427.el9-rhel9", "550-5.15.0-131-generic-ubuntu22.04"]
    values, _ = build_values(newer, plan, Options(registry=parse_registry("r.local")))
    selectors = {p["name"]: p["nodeSelector"] for p in values["driver"]["pools"]}
    assert selectors["rhel9"] == {
        "feature.node.kubernetes.io/system-os_release.ID": "rhel",
        "feature.node.kubernetes.io/system-os_release.VERSION_ID.major": "9",
    }
