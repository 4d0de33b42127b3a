"""Every image the stack will pull: (public source, private target) pairs from values and the plan."""

from __future__ import annotations

import typing as t

from gpuop_values.catalog import Catalog, ImageSlot
from gpuop_values.plan import DriverPlan
from gpuop_values.references import compose
from gpuop_values.values import get_path


class ImageEntry(t.NamedTuple):
    slot: str
    source: str | None  # public reference; None when the user builds the image (vGPU manager)
    target: str  # the reference the operator will pull with these values
    needed: bool  # the values switch the component on
    uses: str


def enabled(values: t.Any, slot: ImageSlot) -> bool:
    if not slot.enabled:
        return bool(get_path(values, [slot.component, "enabled"], True))
    on = bool(get_path(values, slot.enabled.split("."), slot.default_enabled))
    if slot.sandbox:
        on = on and bool(get_path(values, ["sandboxWorkloads", "enabled"], False))
    return on


def image_set(values: t.Any, catalog: Catalog, plan: DriverPlan) -> list[ImageEntry]:
    """Images in catalog order; OS-suffixed slots expand to one entry per planned tag or OS."""
    entries: list[ImageEntry] = []
    oses = sorted({tag.os for tag in plan.tags})
    for slot in catalog.slots:
        keys = list(slot.keys)
        repository = str(get_path(values, [*keys, "repository"], slot.repository))
        image = str(get_path(values, [*keys, "image"], slot.image or ""))
        version = str(get_path(values, [*keys, slot.version_key], slot.version))
        needed = enabled(values, slot)
        if not slot.image:  # the repository is the whole image path (NFD)
            entries.append(
                ImageEntry(slot.id, f"{slot.repository}:{slot.version}", f"{repository}:{version}", needed, slot.uses)
            )
            continue
        if slot.id == "driver":
            for tag in plan.tags:
                entries.append(
                    ImageEntry(
                        slot.id,
                        f"{slot.source_path}:{tag.tag}",
                        f"{repository}/{image}:{tag.tag}",
                        needed,
                        slot.uses,
                    )
                )
            continue
        if slot.os_suffix:
            for os_tag in oses:
                source = None if slot.user_supplied else f"{slot.source_path}:{slot.version}-{os_tag}"
                entries.append(
                    ImageEntry(slot.id, source, f"{repository}/{image}:{version}-{os_tag}", needed, slot.uses)
                )
            continue
        source_ref = compose(slot.repository, slot.image, slot.version)
        entries.append(ImageEntry(slot.id, source_ref, compose(repository, image, version), needed, slot.uses))
    kata_on = enabled(values, catalog.slot("kata-manager"))
    defaults = catalog.kata.get("runtimeClasses", [])
    current = get_path(values, ["kataManager", "config", "runtimeClasses"], defaults) or []
    for index, runtime_class in enumerate(current):
        url = runtime_class.get("artifacts", {}).get("url")
        source = defaults[index]["artifacts"]["url"] if index < len(defaults) else None
        if url:
            entries.append(ImageEntry("kata-artifacts", source, url, kata_on, "Kata VM artifacts (OCI)"))
    return entries
