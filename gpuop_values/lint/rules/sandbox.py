"""A sandbox component is switched on without ``sandboxWorkloads.enabled`` (warning).

The operator only runs the sandbox operands (vGPU manager, vGPU device manager, VFIO manager, Kata
manager, sandbox device plugin, CC manager) when ``sandboxWorkloads.enabled`` is true, whatever
their own ``enabled`` says. The rule fires for the ones that are off by default (``vgpuManager``,
``kataManager``, ``ccManager``) when the file turns them on: that is a request that would be
silently ignored. The ones the chart itself leaves on (vfioManager, vgpuDeviceManager,
sandboxDevicePlugin) are dormant defaults and are not reported. A ``sandboxWorkloads.defaultWorkload``
other than ``container`` without ``sandboxWorkloads.enabled`` is reported too.

Fail::

    vgpuManager:
      enabled: true

Pass::

    sandboxWorkloads:
      enabled: true
    vgpuManager:
      enabled: true
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU009",
    name="sandbox-without-sandbox-workloads",
    severity=Severity.WARNING,
    fix="set sandboxWorkloads.enabled: true (gpuop values generate --enable sandboxWorkloads), or switch the "
    "component off",
    doc=__doc__ or "",
)


def check(ctx: Context) -> t.Iterator[Finding]:
    if ctx.get(("sandboxWorkloads", "enabled")) is True:
        return
    switch = ctx.dotted(("sandboxWorkloads", "enabled"))
    for slot in ctx.catalog.slots:
        if not slot.sandbox or not slot.enabled or slot.default_enabled:
            continue
        keys = slot.enabled.split(".")
        if slot.keys != tuple(keys[:-1]):  # init containers follow their parent's switch
            continue
        if ctx.get(keys) is True:
            yield ctx.finding(
                RULE,
                keys,
                f"{ctx.dotted(keys)} is true, but the operator runs {keys[0]} only with {switch}: true "
                "(it is not set), so nothing will be deployed",
            )
    workload = ctx.get(("sandboxWorkloads", "defaultWorkload"))
    if isinstance(workload, str) and workload != "container":
        yield ctx.finding(
            RULE,
            ("sandboxWorkloads", "defaultWorkload"),
            f"sandboxWorkloads.defaultWorkload is {workload}, but {switch} is not true, so every GPU node "
            "still runs container workloads",
        )
