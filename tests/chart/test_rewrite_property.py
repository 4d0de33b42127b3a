"""Property: the chart's gpuop.image.rewrite (Go template, run by real Helm) maps references exactly like the
values compiler's KubeKey mapping (gpuop_values.references), and never touches one already in the registry.

Each example renders many references at once through kataManager runtime class URLs, which go through the
same helper as every repository of the chart.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpuop_values.references import Mapping, map_path, parse_registry
from tests.chart.chartlib import HELMS, load_all_yaml, template_args
from tests.chart.conftest import run

SEGMENT = st.from_regex(r"[a-z0-9]{1,6}([._-][a-z0-9]{1,4})?", fullmatch=True)
HOSTS = st.sampled_from(["nvcr.io", "registry.k8s.io", "docker.io", "quay.io", "localhost", "localhost:5000",
                         "harbor.example.com:8443", "dockerhub.kubekey.local", ""])
REGISTRIES = st.sampled_from(["dockerhub.kubekey.local/kse", "reg.local:5000", "harbor.io/a/b", "localhost:5000/m"])
TAG = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True)


@st.composite
def references(draw: st.DrawFn, registry: str) -> str:
    if draw(st.integers(0, 5)) == 0:  # already in the registry: must stay as it is
        return f"{registry}/{draw(SEGMENT)}/{draw(SEGMENT)}:{draw(TAG)}"
    host = draw(HOSTS)
    path = "/".join(draw(st.lists(SEGMENT, min_size=2 if not host else 1, max_size=4)))
    return f"{host + '/' if host else ''}{path}:{draw(TAG)}"


def expected(reference: str, registry: str) -> str:
    if reference.startswith(registry + "/"):
        return reference
    name, tag = reference.rsplit(":", 1)
    return f"{map_path(name, parse_registry(registry), Mapping.KUBEKEY)}:{tag}"


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[str]]:
    registry = draw(REGISTRIES)
    return registry, draw(st.lists(references(registry), min_size=1, max_size=25))


@pytest.mark.helm
@pytest.mark.parametrize("which", HELMS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_chart_rewrite_equals_the_compiler_mapping(which: str, case: tuple[str, list[str]]) -> None:
    registry, refs = case
    values = {
        "global": {"imageRegistry": registry},
        "sandboxWorkloads": {"enabled": True},
        "kataManager": {"enabled": True, "config": {"runtimeClasses": [
            {"name": f"rc{i}", "artifacts": {"url": ref}} for i, ref in enumerate(refs)]}},
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.json"
        path.write_text(json.dumps(values), encoding="utf-8")
        result = run(which, *template_args([path], extra=["--show-only", "templates/clusterpolicy.yaml"]))
    assert result.returncode == 0, result.stderr
    (cp,) = load_all_yaml(result.stdout)
    got = [rc["artifacts"]["url"] for rc in cp["spec"]["kataManager"]["config"]["runtimeClasses"]]
    assert got == [expected(r, registry) for r in refs]
