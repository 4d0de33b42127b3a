"""An image version is not the one the GPU Operator release ships for that component (warning).

Each operator release is tested with one version of each operand; the catalog for ``--release``
(default v23.9.2) lists them. A different tag may work, but it is untested, and it often means the
file was written for another release or copied from a README of another one: mirror lists made
from the catalog will not contain it either. The driver (its version is the user's choice) and the
vGPU manager (built by the user) are not checked. Versions the file does not set are the
release's by definition.

Fail (``--release v23.9.2``)::

    dcgmExporter:
      version: 3.3.5-3.4.1-ubuntu22.04     # v24.3.0's

Pass::

    dcgmExporter:
      version: 3.3.0-3.2.0-ubuntu22.04
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity
from gpuop_values.lint.rules.image_tag import valid_tag

RULE = RuleInfo(
    id="GPU005",
    name="catalog-version",
    severity=Severity.WARNING,
    fix="use the release's version, lint with the --release the cluster runs, or accept it with "
    "'# gpuop-lint: disable=GPU005' on that line",
    doc=__doc__ or "",
)

SKIPPED = frozenset({"driver", "vgpu-manager"})


def check(ctx: Context) -> t.Iterator[Finding]:
    for site in ctx.images:
        slot = site.slot
        if site.kind != "slot" or slot is None or slot.id in SKIPPED or not site.version_set:
            continue
        version = site.version
        if not isinstance(version, str) or not version or not valid_tag(version):
            continue  # empty: the chart default; invalid: GPU004
        if version != slot.version:
            yield ctx.finding(
                RULE,
                site.version_path,
                f'{site.label} version "{version}" is not the one GPU Operator {ctx.catalog.release} ships '
                f'("{slot.version}")',
                f'use "{slot.version}", lint with the --release the cluster runs, or accept it with '
                "'# gpuop-lint: disable=GPU005' on that line",
            )
