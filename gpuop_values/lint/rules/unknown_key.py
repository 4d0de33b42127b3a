"""A key the chart does not know: usually a typo, which Helm would silently ignore.

The chart's values schema lists every key each mapping may hold (except the pass-through parts such
as the NFD subchart's own settings, ``global`` and pod ``resources``). An unknown key is reported at
its own position with the closest known keys at that level as a did-you-mean: ``devicePlugins`` →
``devicePlugin``, ``imagePullSecret`` → ``imagePullSecrets``, ``serviceMonitor.enable`` →
``enabled``. In the KubeSphere shape the top level may hold ``gpu-operator``, ``global`` and
``tags``.

Fail::

    dcgmExporter:
      serviceMonitor:
        enable: true

Pass::

    dcgmExporter:
      serviceMonitor:
        enabled: true
"""

from __future__ import annotations

import difflib
import typing as t

from gpuop_values import schema as values_schema
from gpuop_values.lint.context import KUBESPHERE_TOP_KEYS, SUBCHART_KEY, Context
from gpuop_values.lint.model import Finding, PathKey, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU010",
    name="unknown-key",
    severity=Severity.ERROR,
    fix="rename the key to one the chart knows, or remove it",
    doc=__doc__ or "",
)

Schema = dict[str, t.Any]


_RESOLVED: dict[int, Schema] = {}


def _resolve(node: t.Any) -> Schema:
    """Follow local ``$ref``s (the schema is self-contained); cached per schema node."""
    cached = _RESOLVED.get(id(node))
    if cached is not None:
        return cached
    resolved = _follow(node)
    _RESOLVED[id(node)] = resolved
    return resolved


def _follow(node: t.Any) -> Schema:
    root = values_schema.values_schema()
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            return {}
        target: t.Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
        seen += 1
    return node if isinstance(node, dict) else {}


def _branches(node: Schema) -> list[Schema]:
    """The schema and the parts of allOf/anyOf/oneOf/then that describe an object."""
    out = [node]
    for word in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(word, []) or []:
            out.extend(_branches(_resolve(sub)))
    if "then" in node:
        out.extend(_branches(_resolve(node["then"])))
    return out


_OBJECTS: dict[int, tuple[dict[str, t.Any], bool, t.Any]] = {}


def _object_rules(node: Schema) -> tuple[dict[str, t.Any], bool, t.Any]:
    """(known properties, closed?, schema for other keys) of an object schema (cached per node)."""
    cached = _OBJECTS.get(id(node))
    if cached is not None:
        return cached
    properties: dict[str, t.Any] = {}
    closed = False
    extra: t.Any = None
    for branch in _branches(node):
        for key, sub in (branch.get("properties") or {}).items():
            properties.setdefault(key, sub)
        additional = branch.get("additionalProperties")
        if additional is False:
            closed = True
        elif isinstance(additional, dict):
            extra = additional
    if any(branch.get("patternProperties") for branch in _branches(node)):
        closed = False
    _OBJECTS[id(node)] = (properties, closed, extra)
    return properties, closed, extra


def _items(node: Schema) -> Schema | None:
    for branch in _branches(node):
        items = branch.get("items")
        if isinstance(items, dict):
            return _resolve(items)
    return None


def suggest(key: str, known: t.Iterable[str]) -> list[str]:
    """Closest known keys, case-insensitively first."""
    known = list(known)
    lowered = {k.lower(): k for k in known}
    if key.lower() in lowered:
        return [lowered[key.lower()]]
    close = difflib.get_close_matches(key.lower(), list(lowered), n=3, cutoff=0.6)
    return [lowered[c] for c in close]


def _walk(
    ctx: Context, data: t.Any, node: Schema, path: PathKey, extra_known: t.Sequence[str] = ()
) -> t.Iterator[Finding]:
    node = _resolve(node)
    if isinstance(data, dict):
        properties, closed, extra = _object_rules(node)
        for key, value in data.items():
            if key in properties:
                yield from _walk(ctx, value, _resolve(properties[key]), (*path, key))
            elif closed:
                candidates = suggest(key, [*properties, *extra_known])
                hint = f"did you mean {' or '.join(repr(c) for c in candidates)}?" if candidates else ""
                where = ctx.dotted(path) if path else "the top level"
                message = f"unknown key {key!r} in {where}" + (f"; {hint}" if hint else "")
                fix = f"rename it to {candidates[0]!r}" if candidates else RULE.fix
                if candidates and candidates[0] == SUBCHART_KEY:
                    fix = f"rename it to {SUBCHART_KEY!r} (the KubeSphere extension's key for the operator's values)"
                yield ctx.finding(RULE, (*path, key), message, fix)
            elif extra is not None:
                yield from _walk(ctx, value, _resolve(extra), (*path, key))
    elif isinstance(data, list):
        items = _items(node)
        if items is not None:
            for index, value in enumerate(data):
                yield from _walk(ctx, value, items, (*path, index))


def kubesphere_top(ctx: Context) -> t.Iterator[Finding]:
    """Unknown keys beside ``gpu-operator:`` in the KubeSphere shape (positions without the prefix)."""
    data = ctx.doc.data if isinstance(ctx.doc.data, dict) else {}
    known = [SUBCHART_KEY, *KUBESPHERE_TOP_KEYS]
    for key in data:
        if key in known:
            continue
        candidates = suggest(key, known)
        line, column = ctx.doc.position((key,))
        hint = f"; did you mean {' or '.join(repr(c) for c in candidates)}?" if candidates else ""
        yield Finding(
            rule=RULE.id,
            name=RULE.name,
            severity=RULE.severity,
            file=ctx.doc.source,
            line=line,
            column=column,
            path=key,
            message=f"unknown key {key!r} at the top level of a KubeSphere extension config{hint}",
            fix=f"rename it to {candidates[0]!r}" if candidates else "move it under gpu-operator: or remove it",
        )


def check(ctx: Context) -> t.Iterator[Finding]:
    if ctx.shape == "kubesphere":
        yield from kubesphere_top(ctx)
    extra = [SUBCHART_KEY] if ctx.shape == "chart" else []
    yield from _walk(ctx, ctx.values, values_schema.values_schema(), (), extra)
