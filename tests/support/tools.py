"""Where the pinned real tools live (installed by ``bash scripts/install-tools.sh``).

A missing tool FAILS the test that needs it, never skips it: a run that silently skipped every Helm or
cluster test would look green while testing nothing.
"""

from __future__ import annotations

import os
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOL_NAMES = ("helm3", "helm4", "etcd", "kube-apiserver")
HELM_VERSIONS = ("helm3", "helm4")
INSTALL_HINT = "bash scripts/install-tools.sh"


def tools_dir() -> pathlib.Path:
    """``$GPUOP_TOOLS_DIR`` if set, else ``<repo>/.tools/bin`` (where the install script puts them)."""
    env = os.environ.get("GPUOP_TOOLS_DIR")
    return pathlib.Path(env) if env else REPO_ROOT / ".tools" / "bin"


def tool_path(name: str) -> pathlib.Path:
    """The path of the pinned binary ``name``; fails the current test when it is not installed."""
    if name not in TOOL_NAMES:
        raise ValueError(f"unknown tool {name!r}; known tools: {', '.join(TOOL_NAMES)}")
    path = tools_dir() / name
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"required tool {name!r} is not installed at {path}; run `{INSTALL_HINT}` "
            "(it builds the pinned Helm 3, Helm 4, etcd and kube-apiserver into .tools/bin)",
            pytrace=False,
        )
    return path
