"""Run the pinned Helm 3 / Helm 4 binaries in an isolated environment.

Helm's cache, config and data homes point at a private temp dir (one per Helm major, kept for the whole
test process so ``helm repo add`` or ``helm registry login`` persist between calls of one session), so
nothing from the user's ``~/.config/helm`` or ``~/.cache/helm`` leaks into a test. ``KUBECONFIG`` points
at a file that does not exist unless the caller passes ``env={"KUBECONFIG": ...}`` or ``--kubeconfig``,
so a test can never talk to a developer's real cluster by accident.
"""

from __future__ import annotations

import atexit
import os
import pathlib
import shutil
import subprocess
import tempfile
from collections.abc import Mapping

from tests.support.tools import HELM_VERSIONS, tool_path

_HOMES: dict[str, pathlib.Path] = {}


def helm_home(which: str) -> pathlib.Path:
    """The private Helm home of ``which`` for this test process (created on first use)."""
    if which not in _HOMES:
        root = pathlib.Path(tempfile.mkdtemp(prefix=f"gpuop-{which}-home-"))
        atexit.register(shutil.rmtree, root, True)
        for sub in ("cache", "config", "data"):
            (root / sub).mkdir()
        _HOMES[which] = root
    return _HOMES[which]


def helm_env(which: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment ``run_helm`` uses: the current one minus any HELM_* setting, plus private homes."""
    home = helm_home(which)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELM_")}
    env.update(
        {
            "HELM_CACHE_HOME": str(home / "cache"),
            "HELM_CONFIG_HOME": str(home / "config"),
            "HELM_DATA_HOME": str(home / "data"),
            "KUBECONFIG": str(home / "no-kubeconfig"),
        }
    )
    if extra:
        env.update(extra)
    return env


def run_helm(
    which: str,
    *args: str | os.PathLike[str],
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``helm3`` or ``helm4`` with ``args``; text mode, stdout/stderr captured, never through a shell.

    ``env`` adds or overrides variables (e.g. ``KUBECONFIG``); ``check=True`` raises on a non-zero exit
    with Helm's stderr in the message.
    """
    if which not in HELM_VERSIONS:
        raise ValueError(f"which must be one of {HELM_VERSIONS}, not {which!r}")
    cmd = [str(tool_path(which)), *(os.fspath(a) for a in args)]
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=helm_env(which, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{which} {' '.join(cmd[1:])} exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}"
        )
    return proc
