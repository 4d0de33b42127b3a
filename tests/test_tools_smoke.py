"""The pinned real tools are installed and are what their names say."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

from tests.support.helm import helm_env, run_helm
from tests.support.tools import HELM_VERSIONS, tool_path


@pytest.mark.helm
@pytest.mark.parametrize("which", HELM_VERSIONS)
def test_helm_binary_reports_its_major_version(which: str) -> None:
    proc = run_helm(which, "version", "--template", "{{.Version}}", check=True)
    assert proc.stdout.startswith(f"v{which.removeprefix('helm')}."), proc.stdout


@pytest.mark.helm
@pytest.mark.parametrize("which", HELM_VERSIONS)
def test_helm_runs_isolated_from_the_users_config(which: str) -> None:
    env = helm_env(which)
    proc = run_helm(which, "env", check=True)
    lines = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    for var in ("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME"):
        assert json.loads(lines[var]) == env[var]
        assert not env[var].startswith(str(pathlib.Path.home() / ".config"))


@pytest.mark.cluster
@pytest.mark.parametrize("name", ["etcd", "kube-apiserver"])
def test_cluster_binaries_run(name: str) -> None:
    proc = subprocess.run([str(tool_path(name)), "--version"], capture_output=True, text=True, timeout=30, check=True)
    assert ("etcd Version: 3." if name == "etcd" else "Kubernetes v1.") in proc.stdout


def test_a_missing_tool_fails_the_test_instead_of_skipping(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GPUOP_TOOLS_DIR", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match=r"bash scripts/install-tools\.sh"):
        tool_path("helm3")
    assert os.environ["GPUOP_TOOLS_DIR"] == str(tmp_path)
