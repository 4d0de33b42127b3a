"""An image the operator will pull is not under the private registry given with ``--registry``.

Only runs with ``--registry REG``. For every component the values switch on, the image reference the
operator will compose (``repository/image:version``, after ``global.imageRegistry`` in the chart
shape) must live under ``REG``. A component the file does not mention counts with the chart's default
(``nvcr.io/...``): in an air-gapped cluster that is an ImagePullBackOff waiting to happen. Driver
pools and the Kata artifacts URL are checked too. Components switched off are not pulled and are
not checked.

Fail (``--registry dockerhub.kubekey.local/kse``)::

    toolkit:
      repository: harbor.example.com/nvidia/k8s

Pass::

    toolkit:
      repository: dockerhub.kubekey.local/kse/nvidia/k8s
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import Context, ImageSite
from gpuop_values.lint.model import Finding, RuleInfo, Severity
from gpuop_values.references import Mapping, Registry, map_path, map_repository

RULE = RuleInfo(
    id="GPU001",
    name="registry-mismatch",
    severity=Severity.ERROR,
    fix="point the repository at the private registry and mirror the image there",
    doc=__doc__ or "",
)


def suggested_repository(site: ImageSite, registry: Registry) -> str | None:
    """Where gpuop's KubeKey mapping would put this image in *registry*."""
    slot = site.slot
    if slot is None:
        return None
    try:
        if site.kind == "kata":
            name = site.written_repository.split("@", 1)[0]
            tail = name[name.rfind("/") :]
            colon = tail.rfind(":")
            base = name if colon < 0 else name[: len(name) - len(tail) + colon]
            return map_path(base, registry, Mapping.KUBEKEY) + (tail[colon:] if colon >= 0 else "")
        source = slot.repository or slot.mirror_as or ""
        if not source:
            return None
        if slot.image:
            return map_repository(source, slot.image, registry, Mapping.KUBEKEY)
        return map_path(source, registry, Mapping.KUBEKEY)
    except Exception:  # noqa: BLE001 - a suggestion is best effort
        return None


def check(ctx: Context) -> t.Iterator[Finding]:
    registry = ctx.options.registry
    if registry is None:
        return
    for site in ctx.images:
        if not site.enabled:
            continue
        where = site.repository_path if site.repository_set else site.path
        key = ctx.dotted(site.repository_path)
        suggestion = suggested_repository(site, registry)
        setting = f"set {key}: {suggestion}" if suggestion else f"set {key} under {registry}"
        if not site.repository:
            yield ctx.finding(
                RULE,
                where,
                f"{site.label} is on but has no repository: the image cannot be pulled from {registry}",
                f"{setting} and push the image you built there",
            )
            continue
        if registry.owns(site.repository):
            continue
        written = "" if site.repository_set else " (the chart's default)"
        via = f" (global.imageRegistry made it {site.repository})" if site.repository != site.written_repository else ""
        yield ctx.finding(
            RULE,
            where,
            f"{site.label} pulls {site.reference}{written}{via}, which is not under {registry}",
            f"{setting}, and mirror the image there (gpuop values generate --registry {registry} writes every "
            "repository)",
        )
