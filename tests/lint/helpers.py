"""Lint a YAML snippet in-process and pick findings apart."""

from __future__ import annotations

import textwrap
import typing as t
from pathlib import Path

from gpuop_values.lint.context import Options
from gpuop_values.lint.engine import lint_text, parse_cluster_facts
from gpuop_values.lint.model import Finding
from gpuop_values.references import parse_registry

REPO = Path(__file__).resolve().parent.parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = REPO / "examples"


def lint(
    text: str,
    registry: str | None = None,
    cluster_has: t.Sequence[str] = (),
    source: str = "values.yaml",
) -> list[Finding]:
    options = Options(
        registry=parse_registry(registry) if registry else None,
        cluster_has=parse_cluster_facts(cluster_has),
    )
    return lint_text(textwrap.dedent(text), source, options).findings


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def at(findings: list[Finding]) -> list[tuple[int, int, str]]:
    """(line, column, path) of each finding."""
    return [(f.line, f.column, f.path) for f in findings]


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


#: A chart-shape file where every image is already in the private registry (a generated example).
CLEAN_CHART = "rhel8-containerd.yaml"
CLEAN_CHART_REGISTRY = "harbor.corp.example/gpu-operator"
#: A KubeSphere-shape one.
CLEAN_KUBESPHERE = "kubesphere-ubuntu22.04-docker.yaml"
CLEAN_KUBESPHERE_REGISTRY = "dockerhub.kubekey.local/kse"
