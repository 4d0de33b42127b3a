"""Fixtures of the chart tests: the real Helm 3 and Helm 4 binaries and a render cache."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.chart.chartlib import (
    CHART,
    REPO,
    Doc,
    Scenario,
    is_wrapped,
    load_all_yaml,
    template_args,
    unwrap_values,
)
from tests.support.helm import run_helm
from tests.support.tools import tool_path


def helm_binary(which: str) -> Path:
    """The pinned helm3/helm4 binary; fails (never skips) the test when it is not installed."""
    return tool_path(which)


def run(which: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run helm3 or helm4 in the project's isolated Helm environment."""
    return run_helm(which, *args, cwd=REPO)


@pytest.fixture(scope="session")
def values_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Scenario], list[Path]]:
    """The -f files for a scenario (KubeSphere-shaped examples are unwrapped to chart values)."""
    cache: dict[str, list[Path]] = {}
    tmp = tmp_path_factory.mktemp("values")

    def get(scenario: Scenario) -> list[Path]:
        if scenario.values is None:
            return []
        if scenario.name not in cache:
            data = unwrap_values(scenario.values)
            if not is_wrapped(scenario.values):
                cache[scenario.name] = [scenario.values]
            else:
                # JSON is YAML without YAML 1.1/1.2 ambiguities ("on", "yes" stay strings for Helm).
                path = tmp / (scenario.name.replace("/", "_") + ".json")
                path.write_text(json.dumps(data), encoding="utf-8")
                cache[scenario.name] = [path]
        return cache[scenario.name]

    return get


@pytest.fixture(scope="session")
def render(values_file: Callable[[Scenario], list[Path]]) -> Callable[..., list[Doc]]:
    """render(helm, scenario) -> rendered objects; cached for the session."""
    cache: dict[tuple[str, str], list[Doc]] = {}

    def do(which: str, scenario: Scenario) -> list[Doc]:
        key = (which, scenario.name)
        if key not in cache:
            result = run(which, *template_args(values_file(scenario)))
            if result.returncode != 0:
                pytest.fail(f"{which} template {scenario.name} failed:\n{result.stderr}")
            cache[key] = load_all_yaml(result.stdout)
        return cache[key]

    return do


@pytest.fixture
def template(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """template(helm, values_dict_or_None, *extra_args) -> CompletedProcess (not cached)."""

    def do(which: str, values: dict[str, object] | None = None, *extra: str) -> subprocess.CompletedProcess[str]:
        files: list[Path] = []
        if values is not None:
            path = tmp_path / f"values-{len(list(tmp_path.iterdir()))}.json"
            path.write_text(json.dumps(values), encoding="utf-8")
            files.append(path)
        return run(which, *template_args(files, extra=extra))

    yield do


assert CHART.is_dir(), CHART
