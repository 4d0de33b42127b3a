"""The values do not match the chart's JSON Schema.

Every violation of the packaged draft-07 schema (the one the chart ships as ``values.schema.json`` and
``helm lint`` applies) becomes a finding at the key that holds the bad value: a wrong type (``version:
550`` instead of ``"550"``), a value outside an enum, a malformed repository or pull-secret name.
Unknown keys are reported by GPU010 (with a did-you-mean), and a violation another rule explains
better at the same key (a bad image tag, a driver version that does not fit the driver mode) is
reported by that rule only.

Fail::

    driver:
      version: 550          # a number: Helm would render "550" as 550 but the schema wants a string

Pass::

    driver:
      version: "550"
"""

from __future__ import annotations

import functools
import json
import typing as t

from gpuop_values import schema as values_schema
from gpuop_values.lint.context import Context
from gpuop_values.lint.model import Finding, RuleInfo, Severity

RULE = RuleInfo(
    id="GPU000",
    name="schema",
    severity=Severity.ERROR,
    fix="change the value to what the chart's values schema accepts",
    doc=__doc__ or "",
)

#: Top-level schema keywords that do not tie one property's validity to another's.
_LOCAL_KEYWORDS = {
    "$schema", "$id", "title", "description", "type", "properties", "additionalProperties", "definitions"
}


@functools.lru_cache(maxsize=4096)
def _problems_for(key: str, subtree_json: str) -> tuple[values_schema.SchemaProblem, ...]:
    return tuple(values_schema.problems({key: json.loads(subtree_json)}))


def problems(values: t.Any) -> list[values_schema.SchemaProblem]:
    """``schema.problems`` with each top-level key's verdict cached: files linted together share most
    components, and the top-level schema checks each property on its own (asserted here)."""
    root = values_schema.values_schema()
    if not isinstance(values, dict) or set(root) - _LOCAL_KEYWORDS:
        return values_schema.problems(values)
    found: list[values_schema.SchemaProblem] = []
    for key, subtree in values.items():
        try:
            text = json.dumps(subtree, sort_keys=True)
        except (TypeError, ValueError):
            return values_schema.problems(values)
        found.extend(_problems_for(key, text))
    return sorted(found, key=lambda p: ([str(x) for x in p.path], p.message))


def _fix(problem: values_schema.SchemaProblem) -> str | None:
    if problem.validator == "type" and "string" in problem.message:
        return 'quote the value so YAML reads it as a string, e.g. version: "550"'
    if problem.validator == "enum":
        return "use one of the values the message lists"
    return None


def check(ctx: Context) -> t.Iterator[Finding]:
    for problem in problems(ctx.values):
        if problem.validator == "additionalProperties":
            # GPU010 names each unknown key at its own position; keep the schema's word only if it does not.
            yield ctx.finding(RULE, problem.path, problem.message, "remove or rename the unknown key")
            continue
        yield ctx.finding(RULE, problem.path, problem.message, _fix(problem))
