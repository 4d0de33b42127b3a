"""Helpers for the chart tests: scenarios, rendering with real Helm, image composition, schema checks."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from gpuop_values import yamlio

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "gpu-operator"
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
HELMS = ("helm3", "helm4")
NAMESPACE = "gpu-operator"
RELEASE = "gpu-operator"
# Kubernetes versions the built-in objects are validated against: the user's cluster and a current one.
KUBE_OLDEST = "1.23.0"
KUBE_CURRENT = "1.37.0"
# kubernetes-validate 1.37 carries schemas from 1.25 on; the 1.23 ones come from the 1.28.0 wheel,
# unpacked under .tools/ (see report / install-tools.sh).
KV_OLD_DIR_ENV = "GPUOP_KUBERNETES_VALIDATE_OLD"
KV_OLD_DEFAULT = REPO / ".tools" / "kubernetes-validate-1.28.0"

Doc = dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    """One values file the chart must render: a chart ci/ scenario, a user example, or the defaults."""

    name: str
    values: Path | None

    @property
    def id(self) -> str:
        return self.name


def scenarios() -> list[Scenario]:
    """The chart defaults, every charts/gpu-operator/ci/*.yaml and every values file in examples/.

    examples/*.yaml are values files in any of gpuop's formats (chart, KubeSphere config, InstallPlan);
    the only YAML there that is not one is a manifest listing how they are made (top-level `examples:`).
    Node facts live in examples/nodes/ as JSON.
    """
    found = [Scenario("defaults", None)]
    found += [Scenario(f"ci/{p.stem}", p) for p in sorted((CHART / "ci").glob("*.yaml"))]
    for path in sorted(EXAMPLES.glob("*.y*ml")) if EXAMPLES.is_dir() else []:
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("examples"), list):
            continue
        found.append(Scenario(f"examples/{path.name}", path))
    return found


def is_wrapped(path: Path) -> bool:
    """True for a KubeSphere extension config (`gpu-operator:` on top) or an InstallPlan."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and (data.get("kind") == "InstallPlan" or list(data) == ["gpu-operator"])


def unwrap_values(path: Path) -> Any:
    """The chart values held by an example file (chart values, KubeSphere config or InstallPlan)."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data.get("kind") == "InstallPlan":
        data = load_yaml(data["spec"]["config"])
    if isinstance(data, dict) and "gpu-operator" in data and len(data) == 1:
        data = data["gpu-operator"]
    return data


# Helm, kubectl and the apiserver read YAML 1.1 (`on`, `off`, `yes` are booleans), so the tests read
# rendered output and values files with PyYAML, which follows the same rules, not with ruamel (1.2).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def load_all_yaml(text: str) -> list[Doc]:
    return [d for d in yaml.load_all(text, Loader=_LOADER) if d]


def dump_yaml(data: Any) -> str:
    return yamlio.dump_yaml(data)


def template_args(values: Iterable[Path] = (), sets: Iterable[str] = (), extra: Iterable[str] = ()) -> list[str]:
    args = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE]
    for v in values:
        args += ["-f", str(v)]
    for s in sets:
        args += ["--set", s]
    return args + list(extra)


def kind_name(doc: Doc) -> tuple[str, str]:
    return str(doc.get("kind")), str(doc.get("metadata", {}).get("name"))


def normalise(docs: list[Doc]) -> str:
    """Rendered objects as one stable YAML text (sorted by kind and name), independent of Helm's spacing."""
    ordered = sorted(docs, key=lambda d: (*kind_name(d), json.dumps(d, sort_keys=True)))
    return "".join("---\n" + dump_yaml(d) for d in ordered)


# ---- images ------------------------------------------------------------------------------------------

POD_KINDS = {"Deployment", "DaemonSet", "StatefulSet", "Job", "Pod"}


def pod_spec(doc: Doc) -> Doc | None:
    if doc.get("kind") == "Pod":
        return doc.get("spec")
    if doc.get("kind") in POD_KINDS:
        return doc.get("spec", {}).get("template", {}).get("spec")
    return None


def pod_images(docs: Iterable[Doc]) -> set[str]:
    """Every container image of the chart's own Pods (operator, NFD, hooks, helm test)."""
    images: set[str] = set()
    for doc in docs:
        spec = pod_spec(doc)
        if not spec:
            continue
        for key in ("initContainers", "containers"):
            images.update(c["image"] for c in spec.get(key) or [])
        for c in spec.get("containers") or []:
            images.update(e["value"] for e in c.get("env") or [] if e.get("name", "").endswith("_IMAGE"))
    return images


def compose(spec: Doc) -> str:
    """What the operator v23.9.2 builds from repository/image/version (api/v1 imagePath)."""
    repo, image, version = spec.get("repository", ""), spec.get("image", ""), spec.get("version", "")
    if not repo and not version:
        return str(image)
    sep = "@" if str(version).startswith("sha256:") else ":"
    return f"{repo}/{image}{sep}{version}"


def with_os(ref: str, os_tag: str) -> str:
    """The driver/GDS/vGPU manager suffix rule: `-<ID><VERSION_ID>` unless the reference is a digest."""
    return ref if "sha256:" in ref else f"{ref}-{os_tag}"


def clusterpolicy_images(cp: Doc, os_tag: str, kernels: Iterable[str] = ()) -> set[str]:
    """The images the operator will pull for this ClusterPolicy on a non-OpenShift cluster.

    Rules (gpu-operator-facts §3, §5.3): validator always; each enabled operand; driver and driver manager
    unless NVIDIADriver objects manage drivers; the driver (and GDS, vGPU manager) get the node OS suffix,
    precompiled drivers also the kernel; sandbox operands only with sandboxWorkloads.enabled; the CUDA init
    image only for the VFIO manager (its other use is OpenShift's dcgm-exporter).
    """
    s = cp["spec"]
    images = {compose(s["validator"])}
    driver = s["driver"]
    if driver.get("enabled") and not driver.get("useNvidiaDriverCRD"):
        base = compose(driver)
        if driver.get("usePrecompiled"):
            images |= {with_os(f"{base}-{k}", os_tag) for k in kernels}
        else:
            images.add(with_os(base, os_tag))
        images.add(compose(driver["manager"]))
    for key in ("toolkit", "devicePlugin", "dcgm", "dcgmExporter", "gfd", "migManager", "nodeStatusExporter"):
        if s.get(key, {}).get("enabled"):
            images.add(compose(s[key]))
    if s.get("gds", {}).get("enabled"):
        images.add(with_os(compose(s["gds"]), os_tag))
    if s.get("sandboxWorkloads", {}).get("enabled"):
        if s["vgpuManager"].get("enabled"):
            images.add(with_os(compose(s["vgpuManager"]), os_tag))
            images.add(compose(s["vgpuManager"]["driverManager"]))
        for key in ("vgpuDeviceManager", "sandboxDevicePlugin", "kataManager", "ccManager"):
            if s.get(key, {}).get("enabled"):
                images.add(compose(s[key]))
        if s["vfioManager"].get("enabled"):
            images |= {compose(s["vfioManager"]), compose(s["vfioManager"]["driverManager"]),
                       compose(s["operator"]["initContainer"])}
        if s["kataManager"].get("enabled"):
            images |= {rc["artifacts"]["url"] for rc in s["kataManager"].get("config", {}).get("runtimeClasses", [])}
    return images


def nvidiadriver_images(nvd: Doc, os_tag: str, kernels: Iterable[str] = ()) -> set[str]:
    """Images the NVIDIADriver controller composes for one node pool (api/v1alpha1 GetImagePath /
    GetPrecompiledImagePath): `version-<os>`, or `version-<kernel>-<os>` per kernel when precompiled."""
    spec = nvd["spec"]
    base = compose(spec)
    if spec.get("usePrecompiled"):
        images = {f"{base}-{k}-{os_tag}" for k in kernels}
    else:
        images = {with_os(base, os_tag)}
    return images | {compose(spec["manager"])}


def all_image_strings(docs: Iterable[Doc]) -> Iterator[str]:
    """Every repository of the operator's CRs and every Pod image: what global.imageRegistry must cover."""
    yield from pod_images(docs)
    for doc in docs:
        if doc.get("kind") in ("ClusterPolicy", "NVIDIADriver"):
            yield from _repositories(doc["spec"])


def _repositories(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("repository", "url") and isinstance(value, str) and value:
                yield value
            else:
                yield from _repositories(value)
    elif isinstance(node, list):
        for item in node:
            yield from _repositories(item)


# ---- schemas ----------------------------------------------------------------------------------------

@cache
def crd_schemas() -> dict[str, Doc]:
    """openAPIV3Schema by kind, from the chart's crds/ (and the NFD subchart's)."""
    out: dict[str, Doc] = {}
    nfd_crds = (CHART / "charts" / "node-feature-discovery" / "crds").glob("*.yaml")
    for path in [*(CHART / "crds").glob("*.yaml"), *nfd_crds]:
        for doc in load_all_yaml(path.read_text(encoding="utf-8")):
            for version in doc["spec"]["versions"]:
                out[doc["spec"]["names"]["kind"]] = version["schema"]["openAPIV3Schema"]
    return out


def crd_errors(doc: Doc) -> list[str]:
    """jsonschema errors of a custom resource against the chart's CRD schema (openAPI keywords ignored)."""
    schema = crd_schemas()[doc["kind"]]
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


@cache
def _old_schema_root() -> Path:
    base = Path(os.environ.get(KV_OLD_DIR_ENV, KV_OLD_DEFAULT))
    return base / "kubernetes_validate" / "kubernetes-json-schema"


def k8s_errors(doc: Doc, version: str) -> list[str]:
    """Validate a built-in object against the Kubernetes JSON schema of `version` (strict)."""
    import kubernetes_validate

    major_minor = tuple(int(x) for x in version.split(".")[:2])
    if major_minor >= (1, 25):
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            return [f"{'.'.join(map(str, exc.path))}: {exc.message}"]
        except kubernetes_validate.SchemaNotFoundError:
            return [f"{doc['apiVersion']} {doc['kind']} does not exist in Kubernetes {version}"]
        return []
    return _validate_old(doc, version)


@cache
def _old_registry(schema_dir: Path) -> Any:
    from referencing import Registry, Resource

    defs = json.loads((schema_dir / "_definitions.json").read_text(encoding="utf-8"))
    return Registry().with_resource("_definitions.json", Resource.from_contents(defs, default_specification=_draft()))


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def _validate_old(doc: Doc, version: str) -> list[str]:
    """Same method as kubernetes-validate, on the schemas of the 1.28.0 wheel (which covers 1.20-1.28)."""
    import re

    root = _old_schema_root()
    schema_dir = root / f"v{version}-local-strict"
    if not schema_dir.is_dir():
        raise FileNotFoundError(
            f"no Kubernetes {version} schemas at {schema_dir}: unpack the kubernetes-validate 1.28.0 wheel "
            f"there (scripts/install-tools.sh) or point {KV_OLD_DIR_ENV} at it"
        )
    api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", doc["apiVersion"])
    schema_file = schema_dir / f"{doc['kind'].lower()}-{api}.json"
    if not schema_file.exists():
        return [f"{doc['apiVersion']} {doc['kind']} does not exist in Kubernetes {version}"]
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    validator = jsonschema.Draft202012Validator(schema, registry=_old_registry(schema_dir))
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
