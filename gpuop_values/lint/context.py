"""What a rule sees for one file: the values (chart shape), positions, the catalog and the options."""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass, field

from gpuop_values.catalog import Catalog, ImageSlot
from gpuop_values.images import enabled as slot_enabled
from gpuop_values.lint.model import Finding, PathKey, RuleInfo, dotted
from gpuop_values.references import Registry, is_host
from gpuop_values.values import get_path
from gpuop_values.yamlio import Document

#: Top-level key of the KubeSphere extension's values (the operator chart is its subchart).
SUBCHART_KEY = "gpu-operator"
#: Other top-level keys a KubeSphere extension config may hold.
KUBESPHERE_TOP_KEYS = ("global", "tags")

#: Facts about the cluster a values file cannot express (``--cluster-has`` or a directive comment).
CLUSTER_FACTS = ("prometheus-operator", "nfd")

#: Public registries an air-gapped cluster cannot reach.
PUBLIC_REGISTRIES = (
    "nvcr.io",
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "gcr.io",
    "ghcr.io",
    "quay.io",
    "public.ecr.aws",
    "mcr.microsoft.com",
    "registry.gitlab.com",
    "registry.access.redhat.com",
    "registry.redhat.io",
)
_PUBLIC_SUFFIXES = (".gcr.io", ".pkg.dev", ".docker.io")

#: Slots whose empty version falls back to the chart's appVersion (or the subchart's).
VERSION_DEFAULTS_TO_APP = frozenset({"operator", "validator", "node-status-exporter", "nfd"})


def registry_host(repository: str) -> str:
    """Registry host of a repository or reference (``docker.io`` for Docker Hub paths)."""
    first = repository.split("/", 1)[0]
    if "/" in repository and is_host(first):
        return first.lower()
    return "docker.io"


def is_public(repository: str) -> bool:
    host = registry_host(repository).split(":", 1)[0]
    return host in PUBLIC_REGISTRIES or host.endswith(_PUBLIC_SUFFIXES)


def apply_global_registry(ref: str, global_registry: str) -> str:
    """What the chart does with ``global.imageRegistry``: replace the registry host, keep the path."""
    base = global_registry.rstrip("/")
    if not base or not ref or ref == base or ref.startswith(base + "/"):
        return ref
    if "/" in ref:
        first, rest = ref.split("/", 1)
        return f"{base}/{rest}" if is_host(first) else f"{base}/{ref}"
    name = ref.split("@", 1)[0].split(":", 1)[0]
    return base if ("." in name or name == "localhost") else f"{base}/{ref}"


@dataclass(frozen=True)
class ImageSite:
    """One image the values make the operator pull, with where its fields are in the file."""

    kind: str  # "slot", "pool" or "kata"
    slot: ImageSlot | None
    path: PathKey  # the mapping (or, for kata, the url key) in chart-shape values
    label: str  # what messages call it: "dcgmExporter", "driver.pools[1]"
    repository: str  # as pulled: global.imageRegistry applied
    written_repository: str  # as written (or the default)
    repository_set: bool  # the file sets the repository (else the chart default applies)
    repository_path: PathKey
    image: str
    version: t.Any  # as written (may be a non-string when the file is wrong)
    version_set: bool
    version_path: PathKey
    enabled: bool

    @property
    def reference(self) -> str:
        version = "" if self.version is None else str(self.version)
        if self.kind == "kata":
            return self.repository
        sep = "@" if version.startswith("sha256:") else ":"
        base = f"{self.repository}/{self.image}" if self.repository and self.image else (self.repository or self.image)
        suffix = "-<os>" if self.slot is not None and self.slot.os_suffix and sep == ":" else ""
        return f"{base}{sep}{version}{suffix}"


@dataclass(frozen=True)
class Options:
    registry: Registry | None = None
    release: str = "v23.9.2"
    cluster_has: frozenset[str] = frozenset()


@dataclass
class Context:
    doc: Document
    text: str
    shape: str
    values: dict[str, t.Any]
    catalog: Catalog
    options: Options
    cluster_has: frozenset[str] = frozenset()
    _findings: list[Finding] = field(default_factory=list)

    # --- positions and paths ------------------------------------------------------------------

    @property
    def prefix(self) -> PathKey:
        return (SUBCHART_KEY,) if self.shape == "kubesphere" else ()

    def has(self, path: t.Sequence[str | int]) -> bool:
        return (*self.prefix, *path) in self.doc.positions

    def position(self, path: t.Sequence[str | int]) -> tuple[int, int]:
        """Line and column of the deepest key of *path* the file has (its first line if none)."""
        return self.doc.position((*self.prefix, *path))

    def dotted(self, path: t.Sequence[str | int]) -> str:
        """The path as the user's file spells it (``gpu-operator.driver.version`` in KubeSphere shape)."""
        return dotted((*self.prefix, *path))

    def get(self, path: t.Sequence[str], default: t.Any = None) -> t.Any:
        return get_path(self.values, list(path), default)

    def finding(self, rule: RuleInfo, path: t.Sequence[str | int], message: str, fix: str | None = None) -> Finding:
        line, column = self.position(path)
        return Finding(
            rule=rule.id,
            name=rule.name,
            severity=rule.severity,
            file=self.doc.source,
            line=line,
            column=column,
            path=self.dotted(path) if path else "(top level)",
            message=message,
            fix=fix or rule.fix,
        )

    # --- facts -------------------------------------------------------------------------------

    @property
    def global_registry(self) -> str:
        """``global.imageRegistry``; only this project's chart honours it (not the KubeSphere extension)."""
        if self.shape != "chart":
            return ""
        value = self.get(("global", "imageRegistry"), "")
        return value if isinstance(value, str) else ""

    def effective(self, repository: str) -> str:
        return apply_global_registry(repository, self.global_registry) if self.global_registry else repository

    def slot_enabled(self, slot: ImageSlot) -> bool:
        try:
            return slot_enabled(self.values, slot)
        except (AttributeError, TypeError):
            return False

    @functools.cached_property
    def images(self) -> list[ImageSite]:
        return list(self._sites())

    def _sites(self) -> t.Iterator[ImageSite]:
        for slot in self.catalog.slots:
            keys: PathKey = tuple(slot.keys)
            if self.shape == "kubesphere" and slot.id == "cuda-sample" and not self.has(keys):
                continue  # the KubeSphere extension has no CUDA sample
            node = self.get(slot.keys)
            if node is not None and not isinstance(node, dict):
                continue  # the schema reports it
            node = node or {}
            repo = node.get("repository", slot.repository)
            repo = repo if isinstance(repo, str) else slot.repository
            image = node.get("image", slot.image or "")
            image = image if isinstance(image, str) else (slot.image or "")
            yield ImageSite(
                kind="slot",
                slot=slot,
                path=keys,
                label=".".join(slot.keys),
                repository=self.effective(repo),
                written_repository=repo,
                repository_set=self.has((*keys, "repository")),
                repository_path=(*keys, "repository"),
                image=image,
                version=node.get(slot.version_key, slot.version),
                version_set=self.has((*keys, slot.version_key)),
                version_path=(*keys, slot.version_key),
                enabled=self.slot_enabled(slot),
            )
        yield from self._pool_sites()
        yield from self._kata_sites()

    def _pool_sites(self) -> t.Iterator[ImageSite]:
        pools = self.get(("driver", "pools"))
        if not isinstance(pools, list):
            return
        driver = self.catalog.slot("driver")
        on = self.slot_enabled(driver)
        base_repo = self.get(("driver", "repository"), driver.repository)
        base_image = self.get(("driver", "image"), driver.image or "")
        for index, pool in enumerate(pools):
            if not isinstance(pool, dict):
                continue
            path: PathKey = ("driver", "pools", index)
            own_repo = "repository" in pool and isinstance(pool["repository"], str)
            repo = pool["repository"] if own_repo else base_repo
            repo = repo if isinstance(repo, str) else driver.repository
            image = pool.get("image", base_image)
            yield ImageSite(
                kind="pool",
                slot=driver,
                path=path,
                label=f"driver.pools[{index}]",
                repository=self.effective(repo),
                written_repository=repo,
                repository_set=own_repo or self.has(("driver", "repository")),
                repository_path=(*path, "repository") if own_repo else ("driver", "repository"),
                image=image if isinstance(image, str) else "",
                version=pool.get("version"),
                version_set=self.has((*path, "version")),
                version_path=(*path, "version"),
                enabled=on,
            )

    def _kata_sites(self) -> t.Iterator[ImageSite]:
        try:
            kata = self.catalog.slot("kata-manager")
        except KeyError:
            return
        on = self.slot_enabled(kata)
        written = self.get(("kataManager", "config", "runtimeClasses"))
        classes = written if isinstance(written, list) else self.catalog.kata.get("runtimeClasses", [])
        for index, runtime_class in enumerate(classes):
            artifacts = runtime_class.get("artifacts") if isinstance(runtime_class, dict) else None
            url = artifacts.get("url") if isinstance(artifacts, dict) else None
            if not isinstance(url, str) or not url:
                continue
            path: PathKey = ("kataManager", "config", "runtimeClasses", index, "artifacts", "url")
            name, tag = _split_tag(url)
            yield ImageSite(
                kind="kata",
                slot=kata,
                path=path,
                label=f"kataManager.config.runtimeClasses[{index}].artifacts.url",
                repository=self.effective(url),
                written_repository=url,
                repository_set=isinstance(written, list),
                repository_path=path,
                image="",
                version=tag,
                version_set=isinstance(written, list) and tag is not None,
                version_path=path,
                enabled=on,
            )


def _split_tag(reference: str) -> tuple[str, str | None]:
    if "@" in reference:
        name, digest = reference.split("@", 1)
        return name, digest
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon > slash:
        return reference[:colon], reference[colon + 1 :]
    return reference, None
