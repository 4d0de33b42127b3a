from __future__ import annotations

import pytest

from gpuop_values import catalog
from gpuop_values.errors import BadInputError
from tests.conftest import REPO


@pytest.mark.parametrize("release", catalog.releases())
def test_json_twin_is_fresh(release: str) -> None:
    twin = REPO / "gpuop_values" / "catalog" / f"{release}.json"
    assert twin.read_text(encoding="utf-8") == catalog.compiled_text(release), (
        "stale catalog twin: run python -m gpuop_values.catalog"
    )


def test_v23_9_2_slots() -> None:
    cat = catalog.load("v23.9.2")
    ids = [slot.id for slot in cat.slots]
    assert len(ids) == len(set(ids)) == 23
    assert cat.slot("driver").os_suffix and cat.slot("gds").os_suffix
    assert cat.slot("nfd").source_path == "registry.k8s.io/nfd/node-feature-discovery"
    assert catalog.load("v23.9.2", "kubesphere").slot("nfd").repository == "docker.io/kubesphere/node-feature-discovery"
    assert cat.os_tag_for("rhel", "8.9") == "rhel8.9"


def test_unknown_release_and_flavour() -> None:
    with pytest.raises(BadInputError, match="no release catalog"):
        catalog.load("v99.0.0")
    with pytest.raises(BadInputError, match="flavour"):
        catalog.load("v23.9.2", "openshift")
