"""The dcgm-exporter ServiceMonitor is on, but nothing says the cluster runs the Prometheus operator.

``dcgmExporter.serviceMonitor.enabled: true`` makes the GPU Operator create a ``ServiceMonitor``
(``monitoring.coreos.com/v1``). Without that CRD, v23.9.2 reports the dcgm-exporter state as not
ready and the ClusterPolicy never becomes ready. On KubeSphere, WizTelemetry monitoring provides the
Prometheus operator; elsewhere kube-prometheus-stack does.

Note that the cluster has it, in one of two ways:

* in the values file (travels with it), anywhere as a comment:
  ``# gpuop-lint: cluster-has=prometheus-operator``
* on the command line: ``gpuop values lint --cluster-has prometheus-operator FILE``

Fail::

    dcgmExporter:
      serviceMonitor:
        enabled: true

Pass::

    # gpuop-lint: cluster-has=prometheus-operator   (WizTelemetry is installed)
    dcgmExporter:
      serviceMonitor:
        enabled: true
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU007",
    name="service-monitor-without-prometheus-operator",
    severity=Severity.ERROR,
    fix="install the Prometheus operator (WizTelemetry on KubeSphere) and note it with "
    "'# gpuop-lint: cluster-has=prometheus-operator' or --cluster-has prometheus-operator; "
    "otherwise set dcgmExporter.serviceMonitor.enabled: false",
    doc=__doc__ or "",
)


def check(ctx: Context) -> t.Iterator[Finding]:
    if "prometheus-operator" in ctx.cluster_has:
        return
    if ctx.get(("dcgmExporter", "serviceMonitor", "enabled")) is not True:
        return
    exporter = ctx.get(("dcgmExporter", "enabled"), True)
    if exporter is False:
        return
    yield ctx.finding(
        RULE,
        ("dcgmExporter", "serviceMonitor", "enabled"),
        "the dcgm-exporter ServiceMonitor is on, but nothing notes that the cluster has the Prometheus "
        "operator (the ServiceMonitor CRD); without it the ClusterPolicy never becomes ready",
    )
