"""Shared fixtures: run the CLI in-process, build Node objects, compare with golden files."""

from __future__ import annotations

import contextlib
import io
import os
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest

from gpuop_values.cli import main

REPO = Path(__file__).resolve().parent.parent
UPDATE_GOLDEN = bool(os.environ.get("GPUOP_UPDATE_GOLDEN"))


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(argv: list[str]) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = int(exc.code) if exc.code is not None else 0
        else:  # pragma: no cover - main always exits
            code = -1
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> t.Callable[..., Result]:
    def run(*argv: str) -> Result:
        return run_cli(list(argv))

    return run


def node(
    name: str,
    os_image: str = "Ubuntu 22.04.5 LTS",
    kernel: str = "5.15.0-131-generic",
    runtime: str = "docker://24.0.9",
    labels: dict[str, str] | None = None,
    gpus: int | None = None,
) -> dict[str, t.Any]:
    """A Node object as `kubectl get nodes -o json` lists it."""
    status: dict[str, t.Any] = {
        "nodeInfo": {
            "osImage": os_image,
            "kernelVersion": kernel,
            "containerRuntimeVersion": runtime,
            "kubeletVersion": "v1.23.17",
            "operatingSystem": "linux",
            "architecture": "amd64",
        }
    }
    if gpus is not None:
        status["capacity"] = {"nvidia.com/gpu": str(gpus)}
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
        "status": status,
    }


def nfd_labels(os_id: str, version: str, kernel: str, gpu: bool = True) -> dict[str, str]:
    labels = {
        "feature.node.kubernetes.io/system-os_release.ID": os_id,
        "feature.node.kubernetes.io/system-os_release.VERSION_ID": version,
        "feature.node.kubernetes.io/kernel-version.full": kernel,
        "feature.node.kubernetes.io/pci-15ad.present": "true",
    }
    if gpu:
        labels["feature.node.kubernetes.io/pci-10de.present"] = "true"
    return labels


def node_list(*nodes: dict[str, t.Any]) -> dict[str, t.Any]:
    return {"apiVersion": "v1", "kind": "List", "items": list(nodes), "metadata": {"resourceVersion": ""}}


def assert_golden(path: Path, text: str) -> None:
    """Compare *text* with a golden file; GPUOP_UPDATE_GOLDEN=1 rewrites it."""
    if UPDATE_GOLDEN or not path.exists():
        if not UPDATE_GOLDEN and os.environ.get("CI"):
            pytest.fail(f"golden file {path} is missing; run with GPUOP_UPDATE_GOLDEN=1 and commit it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (GPUOP_UPDATE_GOLDEN=1 to accept)"
