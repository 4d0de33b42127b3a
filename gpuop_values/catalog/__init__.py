"""Release catalogs: one data file per operator release, read into typed slots.

Adding a release is a data change: write ``vX.Y.Z.yaml`` beside this file (the source, with
comments), then run ``python -m gpuop_values.catalog`` to refresh its JSON twin ``vX.Y.Z.json``,
which is what gpuop reads at run time (parsing JSON costs nothing; importing a YAML parser costs
more than generating the values). A test fails when a JSON twin is stale.
"""

from __future__ import annotations

import copy
import functools
import json
import typing as t
from pathlib import Path

from gpuop_values.errors import BadInputError

FLAVOURS = ("upstream", "kubesphere")
HERE = Path(__file__).parent


class ImageSlot(t.NamedTuple):
    """One image the operator stack can pull, and where its fields live in the values."""

    id: str
    path: str
    repository: str
    version: str
    image: str | None = None
    version_key: str = "version"
    enabled: str | None = None
    default_enabled: bool = True
    sandbox: bool = False
    os_suffix: bool = False
    user_supplied: bool = False
    #: For user-built images (no public repository): the public-looking path they are mirrored as.
    mirror_as: str | None = None
    uses: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    @property
    def component(self) -> str:
        """The top-level values key that owns this slot (``driver`` for ``driver.manager``)."""
        return self.keys[0]

    @property
    def source_path(self) -> str:
        """Full image path without tag, as published upstream."""
        return f"{self.repository}/{self.image}" if self.image else self.repository


class Catalog(t.NamedTuple):
    release: str
    flavour: str
    operator_version: str
    default_runtime: str
    driver_default_version: str
    driver_default_branch: str
    os_tag: str
    os_tag_major_only: tuple[str, ...]
    supported_os: tuple[str, ...]
    slots: tuple[ImageSlot, ...]
    kata: dict[str, t.Any]
    extension: dict[str, str]

    def slot(self, slot_id: str) -> ImageSlot:
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise KeyError(slot_id)

    def os_tag_for(self, os_id: str, version_id: str) -> str:
        """How this release spells a node's OS in driver tags."""
        if self.os_tag == "major" or os_id in self.os_tag_major_only:
            version_id = version_id.split(".")[0]
        return f"{os_id}{version_id}"


def releases() -> list[str]:
    files = HERE.iterdir()
    names = [f.name[: -len(".yaml")] for f in files if f.name.startswith("v") and f.name.endswith(".yaml")]
    return sorted(names, key=lambda r: tuple(int(p) for p in r[1:].split(".")))


def source(release: str) -> dict[str, t.Any]:
    """The catalog as written in its YAML source."""
    from gpuop_values.yamlio import load_trusted

    text = (HERE / f"{release}.yaml").read_text(encoding="utf-8")
    data: dict[str, t.Any] = load_trusted(text)
    return data


def compiled_text(release: str) -> str:
    return json.dumps(source(release), indent=1) + "\n"


@functools.lru_cache(maxsize=16)
def _raw(release: str) -> dict[str, t.Any]:
    if release not in releases():
        raise BadInputError(
            f"no release catalog for {release!r}",
            where="--release",
            hint=f"known releases: {', '.join(releases())}",
        )
    compiled = HERE / f"{release}.json"
    if compiled.is_file():
        data: dict[str, t.Any] = json.loads(compiled.read_text(encoding="utf-8"))
        return data
    return source(release)


def load(release: str = "v23.9.2", flavour: str = "upstream") -> Catalog:
    if flavour not in FLAVOURS:
        raise BadInputError(f"unknown catalog flavour {flavour!r}", hint=f"one of {', '.join(FLAVOURS)}")
    raw = copy.deepcopy(_raw(release))
    overrides = raw.get("flavours", {}).get(flavour, {}) if flavour != "upstream" else {}
    slots = []
    for entry in raw["components"]:
        entry = {**entry, **overrides.get("components", {}).get(entry["id"], {})}
        fields: dict[str, t.Any] = {k: (str(v) if k in ("version", "repository") else v) for k, v in entry.items()}
        slots.append(ImageSlot(**fields))
    driver = raw["driver"]
    return Catalog(
        release=raw["release"],
        flavour=flavour,
        operator_version=raw["operator_version"],
        default_runtime=raw["default_runtime"],
        driver_default_version=str(driver["default_version"]),
        driver_default_branch=str(driver["default_branch"]),
        os_tag=raw.get("os_tag", "full"),
        os_tag_major_only=tuple(raw.get("os_tag_major_only", [])),
        supported_os=tuple(raw.get("supported_os", [])),
        slots=tuple(slots),
        kata=raw.get("kata", {}),
        extension=dict(raw.get("flavours", {}).get("kubesphere", {}).get("extension", {})),
    )
