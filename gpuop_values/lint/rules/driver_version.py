"""``driver.version`` does not have the form the driver mode needs.

The operator builds the driver tag from ``driver.version`` and appends the GPU node's OS itself
(``-ubuntu22.04``), and with ``usePrecompiled: true`` also the node's kernel. So:

* **precompiled** (``usePrecompiled: true``): the version is the driver branch, ``"550"``. A full
  version (``550.54.14``) asks for ``550.54.14-<kernel>-<os>``, which NVIDIA does not publish; a
  version with a kernel in it gets the kernel twice.
* **pinned** (``usePrecompiled: false``): a full version (``550.54.14``, compiled on the node, tag
  ``550.54.14-<os>``) or branch and kernel (``550-5.15.0-131-generic``, the KubeSphere way, tag
  ``550-5.15.0-131-generic-<os>``). A bare branch asks for ``550-<os>``, which does not exist.
* **any mode**: no OS suffix inside the version (``...-ubuntu22.04``): the operator adds it again.

Each ``driver.pools[]`` entry is checked the same way, with its own ``usePrecompiled`` (or the
driver's). Digests (``sha256:...``) are left alone.

Fail::

    driver:
      usePrecompiled: true
      version: "550.54.14"

Pass::

    driver:
      usePrecompiled: true
      version: "550"
"""

from __future__ import annotations

import re
import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, PathKey, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU003",
    name="driver-version-form",
    severity=Severity.ERROR,
    fix='precompiled: version "<branch>" (e.g. "550"); pinned: "<branch>-<kernel>" or a full version "550.54.14"',
    doc=__doc__ or "",
)

BRANCH = re.compile(r"^[0-9]{3,}$")
FULL = re.compile(r"^[0-9]{3,}\.[0-9]+(?:\.[0-9]+)?$")
BRANCH_KERNEL = re.compile(r"^[0-9]{3,}(?:\.[0-9]+){0,2}-[0-9]+\.[0-9]+")
OS_SUFFIX = re.compile(r"-((?:ubuntu|rhel|rhcos|centos|ubi|sles|rocky|ol|debian|amzn|amazonlinux)[0-9]+(?:\.[0-9]+)*)$")


def problem(version: str, precompiled: bool) -> tuple[str, str] | None:
    """(message, fix) when *version* does not fit the mode; None when it does."""
    if version.startswith("sha256:"):
        return None
    suffix = OS_SUFFIX.search(version)
    if suffix:
        bare = version[: suffix.start()]
        return (
            f'driver version "{version}" ends with the OS suffix -{suffix.group(1)}: the operator appends the '
            f"GPU node's OS itself, so it would pull ...:{version}-{suffix.group(1)}",
            f'drop the suffix: version: "{bare}"',
        )
    if precompiled:
        if BRANCH.match(version):
            return None
        branch = version.split(".")[0].split("-")[0]
        if FULL.match(version):
            return (
                f'driver version "{version}" is a full version but usePrecompiled is true: precompiled images are '
                f"tagged <branch>-<kernel>-<os>, so ...:{version}-<kernel>-<os> does not exist",
                f'use the branch: version: "{branch}" (or usePrecompiled: false to compile {version} on the node)',
            )
        if BRANCH_KERNEL.match(version):
            return (
                f'driver version "{version}" holds a kernel but usePrecompiled is true: the operator appends each '
                "node's kernel itself, so the kernel would appear twice in the tag",
                f'use the branch: version: "{branch}", or usePrecompiled: false to pin this one kernel',
            )
        return (
            f'driver version "{version}" is not a driver branch, which usePrecompiled: true needs',
            'use the branch, e.g. version: "550"',
        )
    if BRANCH.match(version):
        return (
            f'driver version "{version}" is a bare branch but usePrecompiled is false: the operator would pull '
            f"...:{version}-<os>, which is not published",
            f'pin the kernel: version: "{version}-<kernel>" (e.g. {version}-5.15.0-131-generic), use a full '
            f"version such as {version}.54.14, or set usePrecompiled: true",
        )
    return None


def _check(ctx: Context, version_path: PathKey, version: t.Any, precompiled: bool) -> t.Iterator[Finding]:
    if not isinstance(version, str) or not version:
        return
    found = problem(version, precompiled)
    if found:
        yield ctx.finding(RULE, version_path, found[0], found[1])


def check(ctx: Context) -> t.Iterator[Finding]:
    driver = ctx.get(("driver",))
    if not isinstance(driver, dict):
        return
    precompiled = driver.get("usePrecompiled") is True
    if "version" in driver:
        yield from _check(ctx, ("driver", "version"), driver["version"], precompiled)
    pools = driver.get("pools")
    if isinstance(pools, list):
        for index, pool in enumerate(pools):
            if isinstance(pool, dict) and "version" in pool:
                own = pool.get("usePrecompiled")
                pool_precompiled = own if isinstance(own, bool) else precompiled
                yield from _check(ctx, ("driver", "pools", index, "version"), pool["version"], pool_precompiled)
