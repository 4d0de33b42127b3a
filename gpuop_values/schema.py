"""The packaged values JSON Schema (draft-07) and validation with values paths in messages.

``problems`` uses gpuop's fast checker (``schemacheck``); ``reference_problems`` uses the
``jsonschema`` package, the reference the fast checker is tested against.
"""

from __future__ import annotations

import functools
import json
import typing as t
from pathlib import Path

from gpuop_values.errors import BadInputError

SCHEMA_FILE = "values.schema.json"


@functools.lru_cache(maxsize=1)
def values_schema() -> dict[str, t.Any]:
    # Plain files next to the code: importlib.resources would add to every command's startup.
    text = (Path(__file__).parent / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, t.Any] = json.loads(text)
    return schema


@functools.lru_cache(maxsize=1)
def _validator() -> t.Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(values_schema())


@functools.lru_cache(maxsize=1)
def _checker() -> t.Any:
    from gpuop_values.schemacheck import Checker

    return Checker(values_schema())


class SchemaProblem(t.NamedTuple):
    path: tuple[str | int, ...]
    message: str
    validator: str

    @property
    def dotted(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(top level)"


def problems(values: t.Any) -> list[SchemaProblem]:
    """Every schema violation in *values* (chart shape), sorted by path."""
    found = [SchemaProblem(p.path, p.message, p.keyword) for p in _checker().problems(values)]
    return sorted(found, key=lambda p: ([str(x) for x in p.path], p.message))


def reference_problems(values: t.Any) -> list[SchemaProblem]:
    """The same check by the ``jsonschema`` package (a test dependency: the reference)."""
    found = []
    for error in _validator().iter_errors(values):
        found.append(SchemaProblem(tuple(error.absolute_path), _message(error), str(error.validator)))
    return sorted(found, key=lambda p: ([str(x) for x in p.path], p.message))


def _message(error: t.Any) -> str:
    if error.validator == "additionalProperties":
        return str(error.message).replace("Additional properties are not allowed", "unknown key")
    if error.validator == "type":
        return f"{error.instance!r} is not of type {error.validator_value!r}"
    return str(error.message)


def check(values: t.Any, source: str = "generated values") -> None:
    """Raise BadInputError listing the violations, if any."""
    found = problems(values)
    if found:
        lines = [f"{p.dotted}: {p.message}" for p in found[:20]]
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise BadInputError(
            "values do not match the chart's schema:\n  " + "\n  ".join(lines) + more,
            where=source,
            hint="fix the --set values named above",
        )
