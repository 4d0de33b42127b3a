"""``imagePullSecrets`` is set on some components but not on others.

Each component of the GPU Operator chart takes its own ``imagePullSecrets`` (NFD as
``node-feature-discovery.imagePullSecrets: [{name: ...}]``). When some components carry a secret,
the registry needs credentials, and every component the values switch on without one will fail to
pull. Only components that are on count. ``global.imagePullSecrets`` (honoured by this project's
chart, chart shape) covers every component and silences the rule.

Fail::

    driver:
      imagePullSecrets: [regcred]
    toolkit:
      repository: harbor.example.com/nvidia/k8s     # no imagePullSecrets

Pass::

    global:
      imagePullSecrets: [regcred]
"""

from __future__ import annotations

import collections
import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU006",
    name="pull-secrets-partial",
    severity=Severity.ERROR,
    fix="give every component the same imagePullSecrets (gpuop values generate --pull-secret NAME does)",
    doc=__doc__ or "",
)

NFD = "node-feature-discovery"


def _names(value: t.Any) -> list[str]:
    names = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str) and item:
                names.append(item)
    return names


def check(ctx: Context) -> t.Iterator[Finding]:
    if ctx.shape == "chart" and _names(ctx.get(("global", "imagePullSecrets"))):
        return
    components: list[str] = []
    for site in ctx.images:
        if site.kind == "slot" and site.enabled and site.slot is not None:
            if site.slot.component not in components:
                components.append(site.slot.component)
    secrets = {c: _names(ctx.get((c, "imagePullSecrets"))) for c in components}
    with_secret = [c for c in components if secrets[c]]
    if not with_secret:
        return
    counts = collections.Counter(name for c in with_secret for name in secrets[c])
    common = counts.most_common(1)[0][0]
    for component in components:
        if secrets[component]:
            continue
        example = f"[{{name: {common}}}]" if component == NFD else f"[{common}]"
        yield ctx.finding(
            RULE,
            (component, "imagePullSecrets") if ctx.has((component, "imagePullSecrets")) else (component,),
            f"{ctx.dotted((component,))} has no imagePullSecrets while {len(with_secret)} other component(s) "
            f"use {common}: its pods cannot pull from a registry that needs credentials",
            f"add {ctx.dotted((component, 'imagePullSecrets'))}: {example}",
        )
