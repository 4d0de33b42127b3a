"""The fast loader gives what yamlio.load_yaml gives: same data, same positions, same errors."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpuop_values.errors import BadInputError
from gpuop_values.lint.loader import load_text
from gpuop_values.yamlio import dump_yaml, load_yaml
from tests.lint.helpers import DATA, EXAMPLES, REPO

FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(DATA.glob("*.yaml")) + [REPO / "charts/gpu-operator/values.yaml"]


def same(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel warns about YAML 1.1 floats such as 1e3; not our subject
        try:
            expected = load_yaml(text, "f.yaml")
        except BadInputError as exc:
            with pytest.raises(BadInputError) as raised:
                load_text(text, "f.yaml")
            assert (raised.value.message, raised.value.where) == (exc.message, exc.where)
            return
        got = load_text(text, "f.yaml")
    assert got.data == expected.data or repr(got.data) == repr(expected.data)  # ruamel's tagged scalars
    assert got.positions == expected.positions


@pytest.mark.parametrize("path", [p for p in FILES if p.exists()], ids=lambda p: p.name)
def test_same_as_yamlio_on_real_files(path) -> None:  # type: ignore[no-untyped-def]
    same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "a: y\nb: n\nc: on\nd: 010\ne: 0x1F\nf: 1:20\ng: ~\nh: 1_000\ni: .5\nj: '550'\n",
        "a: 2020-01-01\n",  # timestamp → yamlio's string
        "a: &x {b: 1}\nc: *x\n",  # aliases
        "a: 1\na: 2\n",  # duplicate key
        "a: [1, 2\n",  # syntax error
        "<<: {a: 1}\nb: 2\n",  # merge key
        "- 1\n- 2\n",
        "",
        "1: one\nfalse: yes\nnull: x\n",
        "a:\n  - name: x\n    v: 1\n  -   y\n  - [1, 2]\nb: {c: 1}\n",
        "a: |\n  text\n  more\nb: >-\n  folded\n",
        "a: 'hi!'\nb: 5\nc: on\n",  # a '!' anywhere: the typed path, which tells explicit tags apart
        "a: !!str 5\nb: !!int '7'\n",
        "---\na: 1\n---\nb: 2\n",
    ],
)
def test_same_as_yamlio_on_edge_cases(text: str) -> None:
    same(text)


def test_a_crash_in_the_yaml_library_is_bad_input_for_that_file() -> None:
    # ruamel's YAML 1.1 int resolver takes "-_" for a number and fails to build it
    with pytest.raises(BadInputError) as raised:
        load_text("a: -_\n", "f.yaml")
    assert raised.value.where == "f.yaml"


_scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.none(),
    st.from_regex(r"\A[a-zA-Z0-9][a-zA-Z0-9 ._:/+~-]{0,11}\Z"),
    st.sampled_from(["y", "n", "on", "off", "yes", "010", "0x1f", "1:20", "~", "=", "1e3", ".inf", "2020-01-01"]),
)
_keys = st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9_.-]{0,7}\Z")
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _trees, max_size=5))
def test_same_as_yamlio_on_generated_documents(tree: dict) -> None:  # type: ignore[type-arg]
    same(dump_yaml(tree))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, st.sampled_from(["y", "n", "on", "010", "0x1f", "1:20", "~", "1e3", "-", "a: b", "'q'"])))
def test_same_as_yamlio_on_unquoted_scalars(tree: dict) -> None:  # type: ignore[type-arg]
    same("".join(f"{k}: {v}\n" for k, v in tree.items()))
