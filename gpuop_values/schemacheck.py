"""A small, fast JSON Schema (draft-07) checker for the keywords gpuop's own schemas use.

``gpuop values generate`` validates its output on every run; importing the full ``jsonschema``
package costs more than the whole generation, so the hot path uses this checker. The
reference implementation stays the judge: tests compare both on thousands of generated
documents, and a keyword this checker does not know fails loudly when the schema is loaded.
"""

from __future__ import annotations

import operator
import re
import typing as t

ANNOTATIONS = {
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "readOnly",
    "writeOnly",
    "definitions",
}
KEYWORDS = {
    "type",
    "properties",
    "additionalProperties",
    "patternProperties",
    "required",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "minProperties",
    "maxProperties",
    "propertyNames",
}

Path = tuple[str | int, ...]


_NUMERIC = (
    ("minimum", operator.lt, "is less than"),
    ("maximum", operator.gt, "is more than"),
    ("exclusiveMinimum", operator.le, "is not more than"),
    ("exclusiveMaximum", operator.ge, "is not less than"),
)


class UnsupportedSchemaError(Exception):
    """The schema uses a keyword this checker does not implement."""


class Problem(t.NamedTuple):
    path: Path
    message: str
    keyword: str


def _is_type(value: t.Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise UnsupportedSchemaError(f"unknown type {name!r}")


def _equal(a: t.Any, b: t.Any) -> bool:
    """JSON equality: booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=False))
    return type(a) is type(b) and a == b or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b)


class Checker:
    def __init__(self, schema: dict[str, t.Any]) -> None:
        self.root = schema
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._audit(schema)

    def _audit(self, node: t.Any) -> None:
        if isinstance(node, bool):
            return
        if not isinstance(node, dict):
            raise UnsupportedSchemaError(f"schema node is {type(node).__name__}")
        for key, value in node.items():
            if key in ANNOTATIONS:
                if key == "definitions":
                    for sub in value.values():
                        self._audit(sub)
                continue
            if key not in KEYWORDS:
                raise UnsupportedSchemaError(f"keyword {key!r} is not supported by the fast checker")
            if key in ("properties", "patternProperties"):
                for sub in value.values():
                    self._audit(sub)
            elif key in ("anyOf", "oneOf", "allOf"):
                for sub in value:
                    self._audit(sub)
            elif key in ("additionalProperties", "items", "not", "if", "then", "else", "propertyNames"):
                if isinstance(value, list):
                    raise UnsupportedSchemaError("tuple-form items is not supported")
                self._audit(value)
            elif key == "$ref" and not value.startswith("#/"):
                raise UnsupportedSchemaError(f"only local $ref is supported, not {value!r}")

    def _resolve(self, ref: str) -> t.Any:
        node: t.Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _pattern(self, text: str) -> re.Pattern[str]:
        compiled = self._patterns.get(text)
        if compiled is None:
            compiled = self._patterns[text] = re.compile(text)
        return compiled

    def problems(self, instance: t.Any) -> list[Problem]:
        out: list[Problem] = []
        self._check(self.root, instance, (), out)
        return out

    def is_valid(self, instance: t.Any) -> bool:
        return not self.problems(instance)

    def _check(self, schema: t.Any, value: t.Any, path: Path, out: list[Problem]) -> None:  # noqa: C901
        if schema is True:
            return
        if schema is False:
            out.append(Problem(path, "no value is allowed here", "false"))
            return
        if "$ref" in schema:  # draft-07: $ref ignores its siblings
            self._check(self._resolve(schema["$ref"]), value, path, out)
            return
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else types
            if not any(_is_type(value, name) for name in names):
                out.append(Problem(path, f"{value!r} is not of type {' or '.join(names)}", "type"))
                return
        if "enum" in schema and not any(_equal(value, option) for option in schema["enum"]):
            out.append(Problem(path, f"{value!r} is not one of {schema['enum']!r}", "enum"))
        if "const" in schema and not _equal(value, schema["const"]):
            out.append(Problem(path, f"{value!r} is not {schema['const']!r}", "const"))
        if isinstance(value, str):
            if "pattern" in schema and not self._pattern(schema["pattern"]).search(value):
                out.append(Problem(path, f"{value!r} does not match {schema['pattern']!r}", "pattern"))
            if "minLength" in schema and len(value) < schema["minLength"]:
                out.append(Problem(path, f"{value!r} is shorter than {schema['minLength']}", "minLength"))
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                out.append(Problem(path, f"{value!r} is longer than {schema['maxLength']}", "maxLength"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            for keyword, fails, words in _NUMERIC:
                if keyword in schema and fails(value, schema[keyword]):
                    out.append(Problem(path, f"{value!r} {words} {schema[keyword]}", keyword))
        if isinstance(value, dict):
            self._object(schema, value, path, out)
        if isinstance(value, list):
            self._array(schema, value, path, out)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                passing = sum(1 for sub in schema[keyword] if not self._sub(sub, value, path))
                if passing == 0 or (keyword == "oneOf" and passing > 1):
                    out.append(Problem(path, f"{value!r} is not valid under {keyword}", keyword))
        for sub in schema.get("allOf", ()):
            self._check(sub, value, path, out)
        if "not" in schema and not self._sub(schema["not"], value, path):
            out.append(Problem(path, f"{value!r} must not match the 'not' schema", "not"))
        if "if" in schema:
            branch = "then" if not self._sub(schema["if"], value, path) else "else"
            if branch in schema:
                self._check(schema[branch], value, path, out)

    def _sub(self, schema: t.Any, value: t.Any, path: Path) -> list[Problem]:
        found: list[Problem] = []
        self._check(schema, value, path, found)
        return found

    def _object(self, schema: dict[str, t.Any], value: dict[str, t.Any], path: Path, out: list[Problem]) -> None:
        for name in schema.get("required", ()):
            if name not in value:
                out.append(Problem(path, f"{name!r} is a required property", "required"))
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            out.append(Problem(path, f"needs at least {schema['minProperties']} properties", "minProperties"))
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            out.append(Problem(path, f"allows at most {schema['maxProperties']} properties", "maxProperties"))
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        unknown = []
        for key, item in value.items():
            if names is not None:
                for problem in self._sub(names, key, path):
                    out.append(Problem(path + (key,), f"property name {problem.message}", "propertyNames"))
            matched = False
            if key in properties:
                matched = True
                self._check(properties[key], item, path + (key,), out)
            for pattern, sub in patterns.items():
                if self._pattern(pattern).search(key):
                    matched = True
                    self._check(sub, item, path + (key,), out)
            if not matched:
                if extra is False:
                    unknown.append(key)
                elif extra is not True:
                    self._check(extra, item, path + (key,), out)
        if unknown:
            listed = ", ".join(repr(k) for k in unknown)
            out.append(Problem(path, f"unknown key {listed}", "additionalProperties"))

    def _array(self, schema: dict[str, t.Any], value: list[t.Any], path: Path, out: list[Problem]) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            out.append(Problem(path, f"needs at least {schema['minItems']} items", "minItems"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(Problem(path, f"allows at most {schema['maxItems']} items", "maxItems"))
        if schema.get("uniqueItems"):
            for i, a in enumerate(value):
                if any(_equal(a, b) for b in value[:i]):
                    out.append(Problem(path, f"has non-unique items ({a!r})", "uniqueItems"))
                    break
        if "items" in schema:
            for index, item in enumerate(value):
                self._check(schema["items"], item, path + (index,), out)
