"""The lint rules: one module per rule, each with a stable ID.

A rule module declares ``RULE`` (a :class:`~gpuop_values.lint.model.RuleInfo`: id, name, default
severity, default fix) and ``check(ctx)``, a generator of findings. Its docstring is the rule's user
documentation (``gpuop values lint --list-rules`` and the SARIF ``help`` text show it). IDs never
change meaning; a retired rule's ID is not reused.
"""

from __future__ import annotations

import types
import typing as t

from gpuop_values.lint.model import RuleInfo
from gpuop_values.lint.rules import (
    catalog_version,
    driver_version,
    image_tag,
    nfd_exists,
    public_registry,
    pull_secrets,
    registry_mismatch,
    sandbox,
    schema_check,
    service_monitor,
    unknown_key,
)

MODULES: tuple[types.ModuleType, ...] = (
    schema_check,
    registry_mismatch,
    public_registry,
    driver_version,
    image_tag,
    catalog_version,
    pull_secrets,
    service_monitor,
    nfd_exists,
    sandbox,
    unknown_key,
)

RULES: tuple[RuleInfo, ...] = tuple(t.cast(RuleInfo, m.RULE) for m in MODULES)


def find(text: str) -> RuleInfo | None:
    """A rule by ID (``GPU005``, any case) or name (``catalog-version``)."""
    for rule in RULES:
        if text.upper() == rule.id or text.lower() == rule.name:
            return rule
    return None
