"""A component still pulls from a public registry while the file otherwise uses a private one.

Runs without ``--registry`` (with it, GPU001 reports the same images). When any image in the file
points at a private registry (or ``global.imageRegistry`` is set), every other component the values
switch on must too: a partly rewritten file is the classic air-gap failure, one ImagePullBackOff
per forgotten component. Public registries are nvcr.io, docker.io (and bare Docker Hub paths),
registry.k8s.io, k8s.gcr.io, gcr.io, ghcr.io, quay.io, public.ecr.aws, mcr.microsoft.com,
registry.gitlab.com and Red Hat's. A component the file does not mention counts with the chart's
default repository.

Fail::

    driver:
      repository: harbor.example.com/nvidia
    toolkit:
      repository: nvcr.io/nvidia/k8s

Pass::

    driver:
      repository: harbor.example.com/nvidia
    toolkit:
      repository: harbor.example.com/nvidia/k8s
"""

from __future__ import annotations

import collections
import typing as t

from gpuop_values.errors import BadInputError
from gpuop_values.lint.context import Context, ImageSite, is_public
from gpuop_values.lint.model import Finding, RuleInfo, Severity
from gpuop_values.lint.rules.registry_mismatch import suggested_repository
from gpuop_values.references import is_host, parse_registry

RULE = RuleInfo(
    id="GPU002",
    name="public-registry",
    severity=Severity.ERROR,
    fix="point the repository at the private registry the other components use, and mirror the image there",
    doc=__doc__ or "",
)


def _prefix(site: ImageSite) -> str | None:
    """The private prefix a site was mapped into (KubeKey style: prefix + the source path)."""
    slot = site.slot
    if slot is None or site.kind == "kata" or not slot.repository:
        return None
    default = slot.repository
    tail = default.split("/", 1)[1] if "/" in default and is_host(default.split("/", 1)[0]) else default
    if site.repository.endswith("/" + tail):
        return site.repository[: -len(tail) - 1]
    return None


def check(ctx: Context) -> t.Iterator[Finding]:
    if ctx.options.registry is not None:
        return
    private = [s for s in ctx.images if s.repository and (s.repository_set or ctx.global_registry)]
    private = [s for s in private if not is_public(s.repository)]
    if not private:
        return
    prefixes = collections.Counter(p for p in (_prefix(s) for s in private) if p)
    registry = None
    if prefixes:
        try:
            registry = parse_registry(prefixes.most_common(1)[0][0])
        except BadInputError:
            registry = None
    hosts = sorted({s.repository.split("/", 1)[0] for s in private})
    for site in ctx.images:
        if not site.enabled or not site.repository or not is_public(site.repository):
            continue
        suggestion = suggested_repository(site, registry) if registry else None
        key = ctx.dotted(site.repository_path)
        fix = f"set {key}: {suggestion} and mirror {site.reference} there" if suggestion else RULE.fix
        written = "" if site.repository_set else " (the chart's default)"
        yield ctx.finding(
            RULE,
            site.repository_path if site.repository_set else site.path,
            f"{site.label} pulls {site.reference}{written} from a public registry while this file uses "
            f"{', '.join(hosts)}",
            fix,
        )
