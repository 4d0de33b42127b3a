"""Golden renders of the main scenarios (Helm 3 and Helm 4 must both match).

Regenerate after an intended change with:  GPUOP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/chart/test_golden.py
then review `git diff tests/chart/golden/`.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from tests.chart.chartlib import GOLDEN, HELMS, Doc, Scenario, normalise, scenarios

MAIN = [
    "defaults",
    "ci/kubesphere-airgap-ubuntu2204-docker-values",
    "ci/precompiled-mixed-kernels-values",
    "ci/driver-pools-mixed-os-values",
    "ci/global-image-registry-values",
    "ci/sandbox-vgpu-values",
]
BY_NAME = {s.name: s for s in scenarios()}
UPDATE = bool(os.environ.get("GPUOP_UPDATE_GOLDEN"))


def golden_path(scenario: Scenario) -> os.PathLike[str]:
    return GOLDEN / (scenario.name.split("/")[-1].removesuffix("-values") + ".yaml")


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@pytest.mark.parametrize("name", MAIN)
def test_render_matches_golden(name: str, which: str, render: Callable[..., list[Doc]]) -> None:
    scenario = BY_NAME[name]
    text = normalise(render(which, scenario))
    path = GOLDEN / golden_path(scenario)
    if UPDATE and which == "helm3":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with GPUOP_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{which} render of {name} differs from {path}"
