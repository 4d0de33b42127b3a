"""Combinations the schema cannot express stop `helm template` with a message that says how to fix them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from tests.chart.chartlib import HELMS, load_all_yaml

SEL = {"feature.node.kubernetes.io/system-os_release.ID": "ubuntu"}
POOL = {"name": "ubuntu", "nodeSelector": SEL, "version": "550.54.14"}

CASES: list[tuple[dict[str, Any], str]] = [
    ({"driver": {"pools": [POOL]}}, "needs driver.nvidiaDriverCRD.enabled=true"),
    ({"driver": {"nvidiaDriverCRD": {"enabled": True}, "pools": [POOL]}}, "set deployDefaultCR=false"),
    ({"driver": {"nvidiaDriverCRD": {"enabled": True, "deployDefaultCR": False}, "pools": [POOL, POOL]}},
     "appears twice"),
    ({"driver": {"usePrecompiled": True, "version": "550"}, "gds": {"enabled": True}}, "cannot be combined"),
    ({"sandboxWorkloads": {"enabled": True}, "vgpuManager": {"enabled": True}}, "vgpuManager.repository"),
    ({"devicePlugin": {"config": {"create": True, "data": {"a": "b"}}}}, "devicePlugin.config.name"),
]


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize(("values", "message"), CASES, ids=[c[1] for c in CASES])
def test_guard(
    which: str, values: dict[str, Any], message: str, template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = template(which, values)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_pools_next_to_a_narrowed_default(
    which: str, template: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    values = {"driver": {"nvidiaDriverCRD": {"enabled": True, "nodeSelector": {"pool": "default"}},
                         "pools": [POOL]}}
    result = template(which, values)
    assert result.returncode == 0, result.stderr
    drivers = {d["metadata"]["name"]: d["spec"] for d in load_all_yaml(result.stdout) if d["kind"] == "NVIDIADriver"}
    assert set(drivers) == {"default", "ubuntu"}
    assert drivers["default"]["nodeSelector"] == {"pool": "default", "nvidia.com/gpu.present": "true"}
    assert drivers["ubuntu"]["nodeSelector"] == {**SEL, "nvidia.com/gpu.present": "true"}


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
def test_default_nvidiadriver(which: str, template: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = template(which, {"driver": {"nvidiaDriverCRD": {"enabled": True}}})
    assert result.returncode == 0, result.stderr
    docs = load_all_yaml(result.stdout)
    (cp,) = [d for d in docs if d["kind"] == "ClusterPolicy"]
    assert cp["spec"]["driver"]["useNvidiaDriverCRD"] is True
    (nvd,) = [d for d in docs if d["kind"] == "NVIDIADriver"]
    assert nvd["metadata"]["name"] == "default"
    assert "nodeSelector" not in nvd["spec"], "no selector: the operator's default (every GPU node)"
    assert nvd["spec"]["version"] == "550.54.14" and nvd["spec"]["driverType"] == "gpu"
