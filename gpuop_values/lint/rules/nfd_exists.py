"""The chart's node-feature-discovery is on while the values say the cluster already has NFD.

Two NFDs fight over the same node labels (and the second master's leader election). The chart's
NFD subchart is switched by ``nfd.enabled`` (default true), nothing else. The rule fires when NFD
is on and:

* the values try to switch it off the wrong way: ``node-feature-discovery.enabled: false`` (the
  subchart's condition is ``nfd.enabled``; this key does nothing), or
* the cluster is noted to run NFD already: ``# gpuop-lint: cluster-has=nfd`` in the file or
  ``--cluster-has nfd`` (KubeSphere clusters often get NFD from another extension).

Fail::

    node-feature-discovery:
      enabled: false

Pass::

    nfd:
      enabled: false
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU008",
    name="nfd-duplicate",
    severity=Severity.ERROR,
    fix="set nfd.enabled: false to use the NFD the cluster already runs (gpuop values generate --disable nfd)",
    doc=__doc__ or "",
)


def check(ctx: Context) -> t.Iterator[Finding]:
    if ctx.get(("nfd", "enabled"), True) is False:
        return
    where = ("nfd", "enabled") if ctx.has(("nfd", "enabled")) else ("nfd",)
    if ctx.get(("node-feature-discovery", "enabled")) is False:
        yield ctx.finding(
            RULE,
            ("node-feature-discovery", "enabled"),
            f"{ctx.dotted(('node-feature-discovery', 'enabled'))}: false does not switch NFD off; "
            f"{ctx.dotted(('nfd', 'enabled'))} is the switch and it is on, so the chart deploys a second NFD",
            f"remove this key and set {ctx.dotted(('nfd', 'enabled'))}: false",
        )
        return
    if "nfd" in ctx.cluster_has:
        yield ctx.finding(
            RULE,
            where,
            "the cluster already runs node-feature-discovery (cluster-has=nfd), but the chart's NFD is on "
            f"({ctx.dotted(('nfd', 'enabled'))} {'true' if ctx.has(('nfd', 'enabled')) else 'defaults to true'})",
        )
