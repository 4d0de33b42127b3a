"""Driver plan: from the GPU nodes' kernels and OSes to driver values and the driver tags to mirror.

* pinned      one kernel (or a full driver version): ``driver.version: <branch>-<kernel>`` with
              ``usePrecompiled: false`` (the KubeSphere way) → tag ``<branch>-<kernel>-<os>``; a full
              version compiles on the node → tag ``<version>-<os>``.
* precompiled several kernels on one OS: ``usePrecompiled: true``, ``version: <branch>``; the operator
              runs one DaemonSet per kernel → one tag ``<branch>-<kernel>-<os>`` per kernel.
* pools       several OSes: one NVIDIADriver per OS, each pinned or precompiled by its own kernels.
"""

from __future__ import annotations

import re
import typing as t

from gpuop_values.catalog import Catalog
from gpuop_values.errors import BadInputError
from gpuop_values.facts import ClusterFacts
from gpuop_values.references import TAG

MODES = ("auto", "pinned", "precompiled", "pools")
_BRANCH = re.compile(r"^[0-9]{3}$")
_FULL = re.compile(r"^[0-9]{3}\.[0-9]+(?:\.[0-9]+)?$")


class DriverChoice(t.NamedTuple):
    """What the user asked for: a branch (``550``) or a full version (``550.54.14``)."""

    branch: str
    full: str | None = None

    @property
    def is_full(self) -> bool:
        return self.full is not None


def parse_driver_choice(branch: str | None, version: str | None, catalog: Catalog) -> DriverChoice:
    if branch and version:
        raise BadInputError(
            "--driver-branch and --driver-version conflict",
            hint="give one: a branch (550) for pinned or precompiled images, or a full version (550.54.14)",
        )
    if version is not None:
        if not _FULL.match(version):
            raise BadInputError(
                f"driver version {version!r} is not a full driver version",
                where="--driver-version",
                hint="write it like 550.54.14; for a branch use --driver-branch 550",
            )
        return DriverChoice(branch=version.split(".")[0], full=version)
    branch = branch or catalog.driver_default_branch
    if not _BRANCH.match(branch):
        raise BadInputError(
            f"driver branch {branch!r} is not a driver branch",
            where="--driver-branch",
            hint="a branch is the three-digit major version, e.g. 550; for 550.54.14 use --driver-version",
        )
    return DriverChoice(branch=branch)


class DriverTag(t.NamedTuple):
    """One driver image tag that must exist in the registry, and the nodes that need it."""

    tag: str
    os: str
    kernel: str | None
    pool: str | None = None


class DriverPool(t.NamedTuple):
    name: str
    os_id: str
    os_version: str
    version: str
    use_precompiled: bool
    kernels: tuple[str, ...]


class DriverPlan(t.NamedTuple):
    mode: str
    version: str
    use_precompiled: bool
    pools: tuple[DriverPool, ...]
    tags: tuple[DriverTag, ...]
    notes: tuple[str, ...] = ()


def _tag(text: str, where: str) -> str:
    if not TAG.match(text):
        raise BadInputError(
            f"driver tag {text!r} is not a valid image tag (at most 128 of [A-Za-z0-9_.-])",
            where=where,
            hint="check the kernel and OS strings of the GPU nodes",
        )
    return text


def pool_name(os_tag: str) -> str:
    """A DNS-1123 label for a pool: ``ubuntu22.04`` → ``ubuntu22-04``."""
    return re.sub(r"[^a-z0-9-]", "-", os_tag.lower()).strip("-")


def plan_driver(facts: ClusterFacts, choice: DriverChoice, mode: str, catalog: Catalog) -> DriverPlan:
    if mode not in MODES:
        raise BadInputError(f"unknown driver mode {mode!r}", where="--driver-mode", hint=f"one of {', '.join(MODES)}")
    by_os: dict[str, set[str]] = {}
    os_parts: dict[str, tuple[str, str]] = {}
    for node in facts.nodes:
        tag = catalog.os_tag_for(node.os_id, node.os_version)
        by_os.setdefault(tag, set()).add(node.kernel)
        os_parts[tag] = (node.os_id, node.os_version)
    oses = sorted(by_os)
    kernels = sorted({k for ks in by_os.values() for k in ks})
    where = facts.source

    if mode == "auto":
        if len(oses) > 1:
            mode = "pools"
        elif len(kernels) == 1 or choice.is_full:
            mode = "pinned"
        else:
            mode = "precompiled"

    if mode in ("pinned", "precompiled") and len(oses) > 1:
        raise BadInputError(
            f"--driver-mode {mode} needs one OS, but the GPU nodes run {len(oses)}: {', '.join(oses)}",
            where=where,
            hint="use --driver-mode pools (one NVIDIADriver per OS) or auto",
        )
    if mode == "precompiled" and choice.is_full:
        raise BadInputError(
            f"precompiled drivers are published per branch, not per full version: "
            f"{choice.full} would give tags like {choice.full}-<kernel>-<os> that do not exist",
            where="--driver-version",
            hint=f"pass --driver-branch {choice.branch}",
        )

    tags: tuple[DriverTag, ...]
    notes: tuple[str, ...] = ()
    if mode == "pinned":
        os_tag = oses[0]
        if choice.is_full:
            version = str(choice.full)
            tags = (DriverTag(_tag(f"{version}-{os_tag}", where), os_tag, None),)
        else:
            if len(kernels) > 1:
                raise BadInputError(
                    f"--driver-mode pinned builds the kernel into driver.version, but the GPU nodes run "
                    f"{len(kernels)} kernels: {', '.join(kernels)}",
                    where=where,
                    hint="use --driver-mode precompiled (one DaemonSet per kernel), or --driver-version "
                    "to compile on each node",
                )
            version = f"{choice.branch}-{kernels[0]}"
            tags = (DriverTag(_tag(f"{version}-{os_tag}", where), os_tag, kernels[0]),)
        return DriverPlan("pinned", version, False, (), tags)

    if mode == "precompiled":
        os_tag = oses[0]
        tags = tuple(DriverTag(_tag(f"{choice.branch}-{k}-{os_tag}", where), os_tag, k) for k in kernels)
        if not os_tag.startswith("ubuntu"):
            notes = (
                f"NVIDIA publishes precompiled driver images for Ubuntu only; build {os_tag} ones yourself "
                "or use --driver-version",
            )
        return DriverPlan("precompiled", choice.branch, True, (), tags, notes)

    pools = []
    tags_list: list[DriverTag] = []
    for os_tag in oses:
        pool_kernels = tuple(sorted(by_os[os_tag]))
        name = pool_name(os_tag)
        os_id, os_version = os_parts[os_tag]
        if choice.is_full:
            version, precompiled = str(choice.full), False
            tags_list.append(DriverTag(_tag(f"{version}-{os_tag}", where), os_tag, None, name))
        elif len(pool_kernels) == 1:
            version, precompiled = f"{choice.branch}-{pool_kernels[0]}", False
            tags_list.append(DriverTag(_tag(f"{version}-{os_tag}", where), os_tag, pool_kernels[0], name))
        else:
            version, precompiled = choice.branch, True
            tags_list.extend(DriverTag(_tag(f"{version}-{k}-{os_tag}", where), os_tag, k, name) for k in pool_kernels)
        pools.append(DriverPool(name, os_id, os_version, version, precompiled, pool_kernels))
    default_version = str(choice.full) if choice.is_full else choice.branch
    return DriverPlan("pools", default_version, not choice.is_full, tuple(pools), tuple(tags_list))
