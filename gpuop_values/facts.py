"""Node facts: OS, kernel, container runtime and GPU presence, from any source.

Sources, most trusted first: NFD labels on Node objects, ``status.nodeInfo``, command-line
flags, and the local host (``/etc/os-release``, the running kernel). Kernels are sanitised exactly
as node-feature-discovery does, because the operator builds driver tags from NFD's label.
"""

from __future__ import annotations

import json
import os
import re
import typing as t
from pathlib import Path

from gpuop_values.errors import BadInputError

NFD = "feature.node.kubernetes.io/"
LABEL_OS_ID = NFD + "system-os_release.ID"
LABEL_OS_VERSION = NFD + "system-os_release.VERSION_ID"
LABEL_KERNEL = NFD + "kernel-version.full"
GPU_LABELS = (NFD + "pci-10de.present", NFD + "pci-0302_10de.present", NFD + "pci-0300_10de.present")
GPU_PRESENT = "nvidia.com/gpu.present"

#: OS IDs as they appear in os-release and in the operator's driver tags.
KNOWN_OS_IDS = ("ubuntu", "rhel", "rhcos", "centos", "rocky", "ol", "debian", "sles", "sl-micro", "amzn")
RUNTIMES = ("docker", "containerd", "crio")

_OS_TAG = re.compile(r"^(?P<id>[a-z][a-z-]*?)(?P<version>[0-9]+(?:\.[0-9]+)*)$")
_VERSION_ID = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")
_KERNEL_BAD = re.compile(r"[^-A-Za-z0-9_.]")
# Characters that cannot come from a real `uname -r`; seeing one means a typo or a bad paste.
_KERNEL_IMPOSSIBLE = re.compile(r"[\s/:@\\'\"`$]")

# status.nodeInfo.osImage (os-release PRETTY_NAME) → (ID, VERSION_ID).
_OS_IMAGES: tuple[tuple[re.Pattern[str], str, t.Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^Ubuntu (\d+\.\d+)"), "ubuntu", lambda m: m.group(1)),
    (
        re.compile(r"^Red Hat Enterprise Linux CoreOS (4)(\d{2})\.\d+"),
        "rhcos",
        lambda m: f"{m.group(1)}.{int(m.group(2))}",
    ),
    (re.compile(r"^Red Hat Enterprise Linux(?: Server)? (\d+(?:\.\d+)?)\b"), "rhel", lambda m: m.group(1)),
    (re.compile(r"^CentOS (?:Linux|Stream) (\d+)"), "centos", lambda m: m.group(1)),
    (re.compile(r"^Rocky Linux (\d+(?:\.\d+)?)"), "rocky", lambda m: m.group(1)),
    (re.compile(r"^Oracle Linux Server (\d+(?:\.\d+)?)"), "ol", lambda m: m.group(1)),
    (re.compile(r"^Debian GNU/Linux (\d+)"), "debian", lambda m: m.group(1)),
    (
        re.compile(r"^SUSE Linux Enterprise Server (\d+)(?: SP(\d+))?"),
        "sles",
        lambda m: m.group(1) + (f".{m.group(2)}" if m.group(2) else ""),
    ),
    (re.compile(r"^Amazon Linux (\d+)"), "amzn", lambda m: m.group(1)),
)


class NodeFacts(t.NamedTuple):
    name: str
    os_id: str
    os_version: str
    kernel: str
    runtime: str | None = None
    #: True: marked as a GPU node; False: NFD ran and saw no NVIDIA device; None: unknown.
    gpu: bool | None = None
    source: str = "flags"

    @property
    def os(self) -> str:
        return f"{self.os_id}{self.os_version}"


class ClusterFacts(t.NamedTuple):
    """The GPU nodes of one cluster (the nodes gpuop plans for) and where they came from."""

    name: str
    nodes: list[NodeFacts]
    source: str
    total_nodes: int = 0
    notes: tuple[str, ...] = ()

    @property
    def kernels(self) -> list[str]:
        return sorted({n.kernel for n in self.nodes})

    @property
    def oses(self) -> list[str]:
        return sorted({n.os for n in self.nodes})


# --- parsers --------------------------------------------------------------------------------


def sanitize_kernel(raw: str) -> str:
    """NFD's kernel label value: chars outside [-A-Za-z0-9_.] become _, then trim -_. at the ends."""
    return _KERNEL_BAD.sub("_", raw).strip("-_.")


def parse_kernel_flag(raw: str, where: str = "--kernel") -> str:
    """A kernel typed by a user: reject what no kernel contains, sanitise the rest like NFD."""
    if _KERNEL_IMPOSSIBLE.search(raw) or not raw:
        raise BadInputError(
            f"kernel {raw!r} contains characters that cannot appear in an image tag",
            where=where,
            hint="pass the output of `uname -r` on the GPU node, e.g. 5.15.0-131-generic",
        )
    kernel = sanitize_kernel(raw)
    if not kernel or not kernel[0].isalnum():
        raise BadInputError(f"kernel {raw!r} is not a kernel version", where=where, hint="pass `uname -r`")
    return kernel


def parse_os_tag(text: str, where: str = "--os") -> tuple[str, str]:
    """``ubuntu22.04`` → (``ubuntu``, ``22.04``), as the operator writes OS tags."""
    match = _OS_TAG.match(text)
    if not match:
        raise BadInputError(
            f"OS {text!r} is not an OS tag",
            where=where,
            hint="write it as the operator does: ID + VERSION_ID from /etc/os-release, e.g. "
            "ubuntu22.04, rhel8.9, rhcos4.14",
        )
    os_id, version = match.group("id"), match.group("version")
    if os_id not in KNOWN_OS_IDS:
        raise BadInputError(
            f"unknown OS {os_id!r} in {text!r}",
            where=where,
            hint=f"known OS IDs: {', '.join(KNOWN_OS_IDS)}",
        )
    return os_id, version


def parse_os_release(text: str) -> dict[str, str]:
    """``KEY=value`` lines with quotes stripped, as NFD's system source reads them."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[key.strip()] = value
    return fields


def os_from_release(fields: dict[str, str], where: str) -> tuple[str, str]:
    os_id, version = fields.get("ID", ""), fields.get("VERSION_ID", "")
    if not os_id or not version:
        raise BadInputError("os-release has no ID or VERSION_ID", where=where, hint="pass --os, e.g. ubuntu22.04")
    return _checked_os(os_id, version, where)


def _checked_os(os_id: str, version: str, where: str) -> tuple[str, str]:
    if os_id not in KNOWN_OS_IDS:
        raise BadInputError(
            f"unknown OS {os_id!r}", where=where, hint=f"known OS IDs: {', '.join(KNOWN_OS_IDS)}; or pass --os"
        )
    if not _VERSION_ID.match(version):
        raise BadInputError(
            f"OS version {version!r} cannot appear in an image tag",
            where=where,
            hint="VERSION_ID must be digits and dots, e.g. 22.04",
        )
    return os_id, version


def os_from_image(os_image: str, where: str) -> tuple[str, str]:
    """``Ubuntu 22.04.5 LTS`` → (``ubuntu``, ``22.04``); unknown names are bad input."""
    for pattern, os_id, version in _OS_IMAGES:
        match = pattern.match(os_image)
        if match:
            return os_id, version(match)
    raise BadInputError(
        f"unknown OS image {os_image!r}",
        where=where,
        hint="run node-feature-discovery so nodes carry system-os_release labels, or pass --kernel and --os",
    )


def runtime_from_version(text: str) -> str | None:
    """``docker://24.0.9`` → ``docker``; ``cri-o://1.28`` → ``crio``."""
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    return {"docker": "docker", "containerd": "containerd", "cri-o": "crio", "crio": "crio"}.get(scheme)


def parse_runtime(text: str) -> str:
    if text not in RUNTIMES:
        raise BadInputError(f"unknown runtime {text!r}", where="--runtime", hint=f"one of {', '.join(RUNTIMES)}")
    return text


# --- sources --------------------------------------------------------------------------------


def from_flags(kernel: str, os_tag: str, runtime: str | None, name: str = "host") -> ClusterFacts:
    os_id, version = parse_os_tag(os_tag)
    node = NodeFacts(name=name, os_id=os_id, os_version=version, kernel=parse_kernel_flag(kernel), runtime=runtime)
    return ClusterFacts(name=name, nodes=[node], source="flags", total_nodes=1)


def from_host(
    os_release: Path = Path("/etc/os-release"),
    osrelease_proc: Path = Path("/proc/sys/kernel/osrelease"),
    name: str = "host",
) -> ClusterFacts:
    """The machine gpuop runs on: the embedded default when no other facts are given."""
    try:
        fields = parse_os_release(os_release.read_text(encoding="utf-8"))
    except OSError:
        raise BadInputError(
            "cannot read the local OS release", where=str(os_release), hint="pass --kernel and --os"
        ) from None
    os_id, version = os_from_release(fields, str(os_release))
    try:
        raw_kernel = osrelease_proc.read_text(encoding="utf-8").strip()
    except OSError:
        raw_kernel = os.uname().release
    node = NodeFacts(
        name=name,
        os_id=os_id,
        os_version=version,
        kernel=sanitize_kernel(raw_kernel),
        runtime=_host_runtime(),
        source="host",
    )
    return ClusterFacts(name=name, nodes=[node], source="host", total_nodes=1)


def _host_runtime() -> str | None:
    for sock, runtime in (
        ("/run/containerd/containerd.sock", "containerd"),
        ("/var/run/crio/crio.sock", "crio"),
        ("/var/run/docker.sock", "docker"),
    ):
        if Path(sock).exists():
            return runtime
    return None


def load_nodes_json(text: str, source: str) -> list[dict[str, t.Any]]:
    """The items of ``kubectl get nodes -o json`` (a List or NodeList), strictly parsed."""

    def no_duplicates(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
        out: dict[str, t.Any] = {}
        for key, value in pairs:
            if key in out:
                raise BadInputError(f"duplicate key {key!r}", where=source, hint="remove one of the two keys")
            out[key] = value
        return out

    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(text, object_pairs_hook=no_duplicates)
        except json.JSONDecodeError as exc:
            raise BadInputError(
                f"invalid JSON: {exc.msg}",
                where=f"{source}:{exc.lineno}:{exc.colno}",
                hint="pass the output of `kubectl get nodes -o json`",
            ) from None
    else:
        from gpuop_values.yamlio import load_yaml

        data = load_yaml(text, source).data
    if isinstance(data, dict) and data.get("kind") == "Node":
        data = {"items": [data]}
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise BadInputError(
            "not a list of nodes: expected an object with an 'items' list",
            where=source,
            hint="pass the output of `kubectl get nodes -o json`",
        )
    items: list[dict[str, t.Any]] = data["items"]
    if not items:
        raise BadInputError(
            "the nodes list is empty", where=source, hint="is the kubeconfig pointing at the right cluster?"
        )
    return items


def node_facts(item: t.Any, where: str) -> NodeFacts:
    """One Node object → facts. NFD labels win over status.nodeInfo."""
    if not isinstance(item, dict):
        raise BadInputError("node is not an object", where=where)
    meta = _obj(item, "metadata", where)
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        raise BadInputError("node has no metadata.name", where=where)
    where = f"{where} ({name})"
    labels = _obj(meta, "labels", where, required=False)
    info = _obj(_obj(item, "status", where, required=False), "nodeInfo", where, required=False)
    for key, value in labels.items():
        if not isinstance(value, str):
            raise BadInputError(f"label {key!r} is not a string", where=where)

    if LABEL_OS_ID in labels and LABEL_OS_VERSION in labels:
        os_id, version = _checked_os(labels[LABEL_OS_ID], labels[LABEL_OS_VERSION], f"{where} labels")
        source = "nfd"
    else:
        os_image = _str(info, "osImage", where)
        os_id, version = os_from_image(os_image, f"{where} status.nodeInfo.osImage")
        source = "nodeInfo"
    if LABEL_KERNEL in labels:
        kernel = sanitize_kernel(labels[LABEL_KERNEL])
    else:
        kernel = sanitize_kernel(_str(info, "kernelVersion", where))
    if not kernel:
        raise BadInputError("node has an empty kernel version", where=where)
    runtime_text = info.get("containerRuntimeVersion")
    runtime = runtime_from_version(runtime_text) if isinstance(runtime_text, str) else None
    return NodeFacts(
        name=name,
        os_id=os_id,
        os_version=version,
        kernel=kernel,
        runtime=runtime,
        gpu=_gpu(labels, item),
        source=source,
    )


def _gpu(labels: dict[str, str], item: dict[str, t.Any]) -> bool | None:
    if labels.get(GPU_PRESENT) == "true" or any(labels.get(k) == "true" for k in GPU_LABELS):
        return True
    raw_status = item.get("status")
    status: dict[str, t.Any] = raw_status if isinstance(raw_status, dict) else {}
    for key in ("capacity", "allocatable"):
        resources = status.get(key)
        if isinstance(resources, dict) and str(resources.get("nvidia.com/gpu", "0")) not in ("0", ""):
            return True
    if any(k.startswith(NFD + "pci-") for k in labels):
        return False  # NFD's PCI source ran and found no NVIDIA device
    return None


def _obj(parent: dict[str, t.Any], key: str, where: str, required: bool = True) -> dict[str, t.Any]:
    value = parent.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise BadInputError(f"{key} is {'missing' if value is None else 'not an object'}", where=where)
    return value


def _str(parent: dict[str, t.Any], key: str, where: str) -> str:
    value = parent.get(key)
    if not isinstance(value, str) or not value:
        raise BadInputError(
            f"status.nodeInfo.{key} is missing and the node has no NFD labels",
            where=where,
            hint="pass the full `kubectl get nodes -o json` output, or --kernel and --os",
        )
    return value


def from_node_items(items: list[t.Any], name: str, source: str) -> ClusterFacts:
    """Facts for the GPU nodes among *items*; all nodes when none is marked either way."""
    nodes = [node_facts(item, f"{source} items[{i}]") for i, item in enumerate(items)]
    notes: list[str] = []
    gpu_nodes = [n for n in nodes if n.gpu]
    if not gpu_nodes:
        unknown = [n for n in nodes if n.gpu is None]
        if not unknown:
            raise BadInputError(
                f"none of the {len(nodes)} nodes has an NVIDIA GPU (NFD found no PCI vendor 10de)",
                where=source,
                hint="check that the GPU nodes are in this cluster and that NFD's PCI source runs on them",
            )
        gpu_nodes = unknown
        notes.append(
            f"no node is marked as a GPU node (no NFD pci-10de or nvidia.com/gpu.present label); "
            f"planning for all {len(unknown)} unlabelled nodes"
        )
    return ClusterFacts(name=name, nodes=gpu_nodes, source=source, total_nodes=len(nodes), notes=tuple(notes))


def from_nodes_file(path: Path, name: str | None = None) -> ClusterFacts:
    from gpuop_values.yamlio import read_text

    items = load_nodes_json(read_text(path, "nodes file"), str(path))
    return from_node_items(items, name or _cluster_name(path), str(path))


def _cluster_name(path: Path) -> str:
    stem = path.name.split(".")[0].lower()
    return re.sub(r"[^a-z0-9-]+", "-", stem).strip("-") or "cluster"


def parse_nodes_file_option(value: str) -> tuple[str | None, Path]:
    """``[CLUSTER=]PATH``: the cluster name defaults to the file name without extension."""
    if "=" in value and not Path(value).exists():
        name, path = value.split("=", 1)
        if not re.match(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", name):
            raise BadInputError(
                f"cluster name {name!r} is not a Kubernetes name",
                where="--nodes-file",
                hint="use lowercase, digits and -",
            )
        return name, Path(path)
    return None, Path(value)
