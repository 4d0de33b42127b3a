"""The fast schema checker agrees with the jsonschema reference implementation."""

from __future__ import annotations

import copy
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpuop_values import catalog, schema
from gpuop_values.facts import ClusterFacts, NodeFacts
from gpuop_values.plan import DriverChoice, plan_driver
from gpuop_values.references import parse_registry
from gpuop_values.schemacheck import Checker, UnsupportedSchemaError
from gpuop_values.values import Options, build_values

CAT = catalog.load("v23.9.2")


def base_values() -> dict[str, t.Any]:
    facts = ClusterFacts("c", [NodeFacts("n", "ubuntu", "22.04", "5.15.0-131-generic")], "test")
    plan = plan_driver(facts, DriverChoice("550"), "auto", CAT)
    values, _ = build_values(CAT, plan, Options(registry=parse_registry("r.local/k"), pull_secret="s"))
    return values


def paths(tree: t.Any, prefix: tuple[t.Any, ...] = ()) -> list[tuple[t.Any, ...]]:
    out = [prefix]
    if isinstance(tree, dict):
        for key, value in tree.items():
            out += paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            out += paths(value, (*prefix, index))
    return out


BASE = base_values()
ALL_PATHS = [p for p in paths(BASE) if p]
replacements = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["docker", "containerd", "crio", "single", "mixed", "Always", "IfNotPresent",
                                           "nvcr.io/nvidia", "https://x", "550", "-1", "RollingUpdate"]),
    st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def set_at(tree: t.Any, path: tuple[t.Any, ...], value: t.Any) -> None:
    for key in path[:-1]:
        tree = tree[key]
    tree[path[-1]] = value


def test_generated_values_are_valid_for_both() -> None:
    assert schema.problems(BASE) == []
    assert schema.reference_problems(BASE) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), replacements), min_size=1, max_size=3),
       st.lists(st.tuples(st.sampled_from([p for p in ALL_PATHS if isinstance(p[-1], str)]), st.text(max_size=8)),
                max_size=2))
def test_fast_checker_agrees_with_jsonschema(mutations: list[tuple[tuple[t.Any, ...], t.Any]],
                                             new_keys: list[tuple[tuple[t.Any, ...], str]]) -> None:
    values = copy.deepcopy(BASE)
    for path, value in mutations:
        try:
            set_at(values, path, value)
        except (KeyError, IndexError, TypeError):
            pass
    for path, key in new_keys:
        try:
            parent = values
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent[key] = 1
        except (KeyError, IndexError, TypeError):
            pass
    fast = schema.problems(values)
    reference = schema.reference_problems(values)
    assert bool(fast) == bool(reference), (fast, reference)
    # every reference problem is reported at the same place or under it
    fast_paths = {p.path for p in fast}
    for problem in reference:
        assert any(problem.path[: len(fp)] == fp for fp in fast_paths), (problem, fast_paths)


def test_unknown_keyword_fails_loudly() -> None:
    with pytest.raises(UnsupportedSchemaError, match="dependencies"):
        Checker({"type": "object", "dependencies": {"a": ["b"]}})
    with pytest.raises(UnsupportedSchemaError, match="local"):
        Checker({"$ref": "https://example.com/schema.json"})


@pytest.mark.parametrize(
    ("sub_schema", "good", "bad_value"),
    [
        ({"type": "integer"}, 3, True),
        ({"type": "number", "minimum": 1}, 1.5, 0),
        ({"enum": [1, "a"]}, "a", True),
        ({"const": False}, False, 0),
        ({"type": "string", "pattern": "^a", "maxLength": 3}, "abc", "abcd"),
        ({"type": "array", "items": {"type": "string"}, "uniqueItems": True}, ["a", "b"], ["a", "a"]),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, None, 1),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1.5, 1),
        ({"if": {"const": 1}, "then": {"type": "integer"}, "else": {"type": "string"}}, "x", 2),
        ({"type": "object", "required": ["a"], "additionalProperties": False, "properties": {"a": {}}}, {"a": 1},
         {"a": 1, "b": 2}),
        ({"type": "object", "patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
         {"x-a": 1}, {"x-a": "1"}),
        ({"not": {"type": "string"}}, 1, "s"),
    ],
)
def test_keywords(sub_schema: dict[str, t.Any], good: t.Any, bad_value: t.Any) -> None:
    from jsonschema import Draft7Validator

    checker = Checker(sub_schema)
    reference = Draft7Validator(sub_schema)
    assert checker.is_valid(good) and reference.is_valid(good)
    assert not checker.is_valid(bad_value) and not reference.is_valid(bad_value)
