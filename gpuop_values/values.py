"""Catalog + driver plan + registry mapping + user options → the chart's values tree (pure)."""

from __future__ import annotations

import copy
import re
import typing as t

from gpuop_values.catalog import Catalog, ImageSlot
from gpuop_values.errors import BadInputError
from gpuop_values.facts import LABEL_OS_ID, LABEL_OS_VERSION
from gpuop_values.plan import DriverPlan
from gpuop_values.references import Mapping, Registry, map_path, map_repository, parse_reference

Values = dict[str, t.Any]

#: Components a user can switch with --enable/--disable: values key → path of its flag.
SWITCHES: dict[str, str] = {
    "driver": "driver.enabled",
    "toolkit": "toolkit.enabled",
    "devicePlugin": "devicePlugin.enabled",
    "dcgm": "dcgm.enabled",
    "dcgmExporter": "dcgmExporter.enabled",
    "gfd": "gfd.enabled",
    "migManager": "migManager.enabled",
    "nodeStatusExporter": "nodeStatusExporter.enabled",
    "gds": "gds.enabled",
    "vgpuManager": "vgpuManager.enabled",
    "vgpuDeviceManager": "vgpuDeviceManager.enabled",
    "vfioManager": "vfioManager.enabled",
    "kataManager": "kataManager.enabled",
    "sandboxDevicePlugin": "sandboxDevicePlugin.enabled",
    "ccManager": "ccManager.enabled",
    "nfd": "nfd.enabled",
    "sandboxWorkloads": "sandboxWorkloads.enabled",
    "cdi": "cdi.enabled",
    "psa": "psa.enabled",
    "cudaSample": "cudaSample.enabled",
}
SANDBOX = ("vgpuManager", "vgpuDeviceManager", "vfioManager", "kataManager", "sandboxDevicePlugin", "ccManager")


def switch_name(text: str, catalog: Catalog) -> str:
    """Accept a values key (``dcgmExporter``) or a catalog id (``dcgm-exporter``)."""
    if text in SWITCHES:
        return text
    for slot in catalog.slots:
        if slot.id == text and slot.enabled:
            return slot.enabled.split(".")[0]
    lowered = {k.lower(): k for k in SWITCHES}
    if text.lower() in lowered:
        return lowered[text.lower()]
    raise BadInputError(
        f"unknown component {text!r}",
        where="--enable/--disable",
        hint=f"components: {', '.join(SWITCHES)}",
    )


class Options(t.NamedTuple):
    registry: Registry | None
    mapping: Mapping = Mapping.KUBEKEY
    runtime: str | None = None
    pull_secret: str | None = None
    monitoring: str | None = None
    enable: t.Sequence[str] = ()
    disable: t.Sequence[str] = ()
    sets: t.Sequence[str] = ()
    #: True for formats consumed by the KubeSphere extension's chart, which knows no driver pools.
    single_driver_cr: bool = False


def set_path(tree: Values, path: t.Sequence[str], value: t.Any) -> None:
    node = tree
    for key in path[:-1]:
        nxt = node.get(key)
        if not isinstance(nxt, dict):
            nxt = {}
            node[key] = nxt
        node = nxt
    node[path[-1]] = value


def get_path(tree: t.Any, path: t.Sequence[str], default: t.Any = None) -> t.Any:
    node = tree
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return default
        node = node[key]
    return node


def slot_repository(slot: ImageSlot, options: Options) -> str:
    if options.registry is None:
        return slot.repository
    if slot.user_supplied and not slot.repository and slot.image:
        # Users build this image; it lives where its public siblings would be mirrored.
        return map_repository(slot.mirror_as or "docker.io/library", slot.image, options.registry, options.mapping)
    if slot.image:
        return map_repository(slot.repository, slot.image, options.registry, options.mapping)
    return map_path(slot.repository, options.registry, options.mapping)


def build_values(catalog: Catalog, plan: DriverPlan, options: Options) -> tuple[Values, list[str]]:
    """The values tree and notes for the user."""
    values: Values = {}
    notes: list[str] = list(plan.notes)

    for slot in catalog.slots:
        keys = list(slot.keys)
        if slot.enabled and slot.enabled.split(".")[0] == slot.component and len(keys) == 1:
            set_path(values, slot.enabled.split("."), slot.default_enabled)
        set_path(values, [*keys, "repository"], slot_repository(slot, options))
        if slot.image:
            set_path(values, [*keys, "image"], slot.image)
        if slot.version or not slot.user_supplied:
            set_path(values, [*keys, slot.version_key], slot.version)
    set_path(values, ["nfd", "enabled"], True)
    set_path(values, ["cudaSample", "enabled"], True)

    _kata(values, catalog, options)
    _driver(values, plan, options, catalog)
    set_path(values, ["operator", "defaultRuntime"], options.runtime or catalog.default_runtime)

    if options.pull_secret:
        _pull_secrets(values, catalog, options.pull_secret)
    if options.monitoring == "whizard":
        set_path(values, ["dcgmExporter", "enabled"], True)
        set_path(values, ["dcgmExporter", "serviceMonitor", "enabled"], True)
        set_path(values, ["dcgmExporter", "serviceMonitor", "honorLabels"], True)
        notes.append(
            "WizTelemetry: install it before the GPU Operator and set "
            "whizard-monitoring-helper.gpuMonitoringHelper.enabled: true in its config; keep its own "
            "dcgm-exporter disabled"
        )
    elif options.monitoring not in (None, "none"):
        raise BadInputError(f"unknown monitoring {options.monitoring!r}", where="--monitoring", hint="whizard or none")

    both = set(options.enable) & set(options.disable)
    if both:
        raise BadInputError(
            f"{', '.join(sorted(both))} is both enabled and disabled", where="--enable/--disable", hint="keep one"
        )
    for name in options.enable:
        set_path(values, SWITCHES[name].split("."), True)
    for name in options.disable:
        set_path(values, SWITCHES[name].split("."), False)
    for assignment in options.sets:
        apply_set(values, assignment)
    enabled_sandbox = [n for n in options.enable if n in SANDBOX]
    if enabled_sandbox and not get_path(values, ["sandboxWorkloads", "enabled"], False):
        notes.append(
            f"{', '.join(enabled_sandbox)} run only with sandboxWorkloads.enabled; add --enable sandboxWorkloads"
        )
    if "vgpuManager" in options.enable and options.registry is not None:
        notes.append(
            "vgpuManager: build the vgpu-manager image from NVIDIA's licensed vGPU driver and push it to "
            f"{get_path(values, ['vgpuManager', 'repository'])}/vgpu-manager, then set vgpuManager.version"
        )

    return values, notes


def _driver(values: Values, plan: DriverPlan, options: Options, catalog: Catalog) -> None:
    if plan.mode == "pools" and options.single_driver_cr:
        # One NVIDIADriver serves every OS (and, precompiled, every kernel) as its own pool.
        set_path(values, ["driver", "version"], plan.version)
        set_path(values, ["driver", "usePrecompiled"], plan.use_precompiled)
        set_path(values, ["driver", "nvidiaDriverCRD"], {"enabled": True, "deployDefaultCR": True})
        return
    if plan.mode == "pools":
        first = plan.pools[0]
        set_path(values, ["driver", "version"], first.version)
        set_path(values, ["driver", "usePrecompiled"], first.use_precompiled)
        set_path(values, ["driver", "nvidiaDriverCRD"], {"enabled": True, "deployDefaultCR": False})
        pools = []
        for pool in plan.pools:
            # Releases that tag some distributions by major version select their nodes the same way.
            major = catalog.os_tag_for(pool.os_id, pool.os_version) != f"{pool.os_id}{pool.os_version}"
            version_label, version = (
                (f"{LABEL_OS_VERSION}.major", pool.os_version.split(".")[0])
                if major
                else (LABEL_OS_VERSION, pool.os_version)
            )
            pools.append(
                {
                    "name": pool.name,
                    "nodeSelector": {LABEL_OS_ID: pool.os_id, version_label: version},
                    "version": pool.version,
                    "usePrecompiled": pool.use_precompiled,
                }
            )
        set_path(values, ["driver", "pools"], pools)
        return
    set_path(values, ["driver", "version"], plan.version)
    set_path(values, ["driver", "usePrecompiled"], plan.use_precompiled)


def _kata(values: Values, catalog: Catalog, options: Options) -> None:
    if not catalog.kata:
        return
    config = copy.deepcopy(catalog.kata)
    for runtime_class in config.get("runtimeClasses", []):
        artifacts = runtime_class.get("artifacts", {})
        url = artifacts.get("url")
        if url and options.registry is not None:
            ref = parse_reference(url, what="kata artifacts url")
            target = map_path(ref.repository, options.registry, options.mapping)
            artifacts["url"] = f"{target}:{ref.tag}" if ref.tag else target
    set_path(values, ["kataManager", "config"], config)


def _pull_secrets(values: Values, catalog: Catalog, secret: str) -> None:
    if not re.match(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", secret) or len(secret) > 253:
        raise BadInputError(
            f"pull secret name {secret!r} is not a Kubernetes name",
            where="--pull-secret",
            hint="use lowercase letters, digits, '-' and '.'",
        )
    for component in sorted({slot.component for slot in catalog.slots} - {"node-feature-discovery"}):
        set_path(values, [component, "imagePullSecrets"], [secret])
    set_path(values, ["node-feature-discovery", "imagePullSecrets"], [{"name": secret}])
    for runtime_class in get_path(values, ["kataManager", "config", "runtimeClasses"], []):
        runtime_class.setdefault("artifacts", {})["pullSecret"] = secret


# --- --set ---------------------------------------------------------------------------------

def split_set_path(path: str) -> list[str]:
    """``a.b\\.c.d`` → ``["a", "b.c", "d"]`` (dots in keys escaped with a backslash, as Helm does)."""
    parts, current, escaped = [], "", False
    for char in path:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ".":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    if escaped or any(not p for p in parts):
        raise BadInputError(f"--set path {path!r} has an empty key", where="--set", hint="write path.to.key=value")
    return parts


def parse_set_value(text: str) -> t.Any:
    """Scalars as Helm's --set reads them: true/false, integers, null; everything else a string."""
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    if re.fullmatch(r"-?(?:0|[1-9][0-9]{0,17})", text):
        return int(text)
    return text


def apply_set(values: Values, assignment: str) -> None:
    if "=" not in assignment:
        raise BadInputError(f"--set {assignment!r} has no '='", where="--set", hint="write path.to.key=value")
    path, raw = assignment.split("=", 1)
    keys = split_set_path(path)
    node = values
    for depth, key in enumerate(keys[:-1]):
        nxt = node.get(key)
        if nxt is None:
            nxt = node[key] = {}
        if not isinstance(nxt, dict):
            raise BadInputError(
                f"--set {path}: {'.'.join(keys[: depth + 1])} is a {type(nxt).__name__}, not a mapping",
                where="--set",
                hint="set the parent value itself, or fix the path",
            )
        node = nxt
    node[keys[-1]] = parse_set_value(raw)
