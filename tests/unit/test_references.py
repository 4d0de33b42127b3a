from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpuop_values.errors import BadInputError
from gpuop_values.references import (
    Mapping,
    Registry,
    compose,
    map_path,
    map_repository,
    parse_reference,
    parse_registry,
    split_repository,
)

SEED = parse_registry("dockerhub.kubekey.local/kse")


@pytest.mark.parametrize(
    ("source", "mapping", "expected"),
    [
        ("nvcr.io/nvidia/k8s/dcgm-exporter", Mapping.KUBEKEY, "dockerhub.kubekey.local/kse/nvidia/k8s/dcgm-exporter"),
        ("nvcr.io/nvidia/gpu-operator", Mapping.KUBEKEY, "dockerhub.kubekey.local/kse/nvidia/gpu-operator"),
        (
            "docker.io/kubesphere/node-feature-discovery",
            Mapping.KUBEKEY,
            "dockerhub.kubekey.local/kse/kubesphere/node-feature-discovery",
        ),
        (
            "registry.k8s.io/nfd/node-feature-discovery",
            Mapping.KUBEKEY,
            "dockerhub.kubekey.local/kse/nfd/node-feature-discovery",
        ),
        ("ubuntu", Mapping.KUBEKEY, "dockerhub.kubekey.local/kse/library/ubuntu"),
        (
            "nvcr.io/nvidia/k8s/dcgm-exporter",
            Mapping.KEEP_HOST,
            "dockerhub.kubekey.local/kse/nvcr.io/nvidia/k8s/dcgm-exporter",
        ),
        ("nvcr.io/nvidia/k8s/dcgm-exporter", Mapping.FLATTEN, "dockerhub.kubekey.local/kse/dcgm-exporter"),
    ],
)
def test_map_path(source: str, mapping: Mapping, expected: str) -> None:
    assert map_path(source, SEED, mapping) == expected


def test_map_repository_keeps_image_name_out() -> None:
    assert map_repository("nvcr.io/nvidia/cloud-native", "k8s-driver-manager", SEED, Mapping.KUBEKEY) == (
        "dockerhub.kubekey.local/kse/nvidia/cloud-native"
    )
    assert map_repository("nvcr.io/nvidia/cloud-native", "k8s-driver-manager", SEED, Mapping.FLATTEN) == (
        "dockerhub.kubekey.local/kse"
    )


def test_registry_with_port_and_no_path() -> None:
    reg = parse_registry("registry.local:5000")
    assert reg == Registry("registry.local:5000", "")
    assert map_path("nvcr.io/nvidia/driver", reg, Mapping.KUBEKEY) == "registry.local:5000/nvidia/driver"


def test_registry_trailing_slash_is_dropped() -> None:
    assert parse_registry("harbor.local/gpu/").prefix == "harbor.local/gpu"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://harbor.local/kse", "scheme"),
        ("harbor.local/ kse", "spaces"),
        ("Harbor.local/kse", "uppercase"),
        ("harbor.local/../kse", "'..'"),
        ("harbor/kse", "registry host"),
        ("harbor.local/kse:v1", "image reference"),
        ("harbor.local/kse@sha256:00", "image reference"),
        ("", "empty"),
        ("harbor.local//kse", "path segment"),
        ("harbor.local/k$e", "path segment"),
    ],
)
def test_bad_registry(text: str, words: str) -> None:
    with pytest.raises(BadInputError) as info:
        parse_registry(text)
    assert words in info.value.message
    assert info.value.where == "--registry"
    assert info.value.hint


def test_parse_reference_parts() -> None:
    ref = parse_reference("nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda11.7.1-ubuntu20.04")
    assert (ref.host, ref.path, ref.tag, ref.digest) == (
        "nvcr.io",
        "nvidia/k8s/cuda-sample",
        "vectoradd-cuda11.7.1-ubuntu20.04",
        None,
    )
    digest = "sha256:" + "a" * 64
    ref = parse_reference(f"localhost:5000/x/y@{digest}")
    assert (ref.host, ref.path, ref.tag, ref.digest) == ("localhost:5000", "x/y", None, digest)
    assert split_repository("kubesphere/ks") == ("docker.io", "kubesphere/ks")


def test_compose_uses_at_for_digests() -> None:
    assert compose("r.io/a", "b", "v1") == "r.io/a/b:v1"
    assert compose("r.io/a", "b", "sha256:" + "0" * 64) == "r.io/a/b@sha256:" + "0" * 64


segment = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
host = st.builds(lambda a, b: f"{a}.{b}", segment, st.sampled_from(["io", "local", "com"]))


@given(host, st.lists(segment, min_size=0, max_size=3), st.lists(segment, min_size=1, max_size=4))
def test_kubekey_mapping_keeps_path_and_drops_host(reg_host: str, reg_path: list[str], path: list[str]) -> None:
    registry = parse_registry("/".join([reg_host, *reg_path]))
    source = "/".join(["nvcr.io", *path])
    mapped = map_path(source, registry, Mapping.KUBEKEY)
    assert mapped == f"{registry.prefix}/{'/'.join(path)}"
    assert registry.owns(mapped)
    # mapping is idempotent in shape: parsing the result gives the private host back
    assert split_repository(mapped)[0] == reg_host


@given(st.lists(segment, min_size=1, max_size=4), segment)
def test_every_mapping_yields_a_parsable_reference(path: list[str], tag: str) -> None:
    for mapping in Mapping:
        mapped = map_path("/".join(["nvcr.io", *path]), SEED, mapping)
        ref = parse_reference(f"{mapped}:{tag}")
        assert ref.host == "dockerhub.kubekey.local"
        assert ref.tag == tag
        assert mapped.endswith(path[-1])


@given(st.text(min_size=1, max_size=40))
def test_parse_registry_never_crashes(text: str) -> None:
    try:
        reg = parse_registry(text)
    except BadInputError:
        return
    assert reg.prefix == text.rstrip("/")
