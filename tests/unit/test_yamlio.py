from __future__ import annotations

from pathlib import Path

import pytest
import yaml as pyyaml  # PyYAML follows YAML 1.1 like Helm: our output must read back the same
from hypothesis import given, settings
from hypothesis import strategies as st

from gpuop_values import yamlio
from gpuop_values.errors import BadInputError


def test_positions_are_one_based() -> None:
    doc = yamlio.load_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n", "f.yaml")
    assert doc.where(["a", "b"]) == "f.yaml:2:3"
    assert doc.where(["a", "c", 1]) == "f.yaml:5:7"
    assert doc.where(["a", "missing", "deeper"]) == "f.yaml:1:1"


def test_yaml_11_booleans_like_helm() -> None:
    assert yamlio.load_yaml("a: yes\nb: off\nc: '550'\n", "f").data == {"a": True, "b": False, "c": "550"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: [1, 2\n", "invalid YAML"),
        ("a: b: c\n", "invalid YAML"),
        ("\tkey: 1\n", "invalid YAML"),
    ],
)
def test_bad_yaml(text: str, message: str) -> None:
    with pytest.raises(BadInputError) as info:
        yamlio.load_yaml(text, "v.yaml")
    assert message in info.value.message
    assert (info.value.where or "").startswith("v.yaml")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, cur in zip("abcdefghi", "bcdefghij", strict=False):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(BadInputError, match="alias bomb"):
        yamlio.load_yaml("\n".join(lines) + "\n", "bomb.yaml")


def test_read_text_errors(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="not found"):
        yamlio.load_file(tmp_path / "missing.yaml")
    (tmp_path / "bin.yaml").write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(BadInputError, match="not UTF-8"):
        yamlio.load_file(tmp_path / "bin.yaml")
    with pytest.raises(BadInputError, match="is a directory"):
        yamlio.load_file(tmp_path)


def test_write_atomic_keeps_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "v.yaml"
    target.write_text("old\n")
    with pytest.raises(BadInputError, match="already exists"):
        yamlio.write_atomic(target, "new\n", force=False)
    assert target.read_text() == "old\n"
    yamlio.write_atomic(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["v.yaml"]  # no temp files left


def test_write_atomic_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="folder does not exist"):
        yamlio.write_atomic(tmp_path / "no" / "v.yaml", "x", force=False)


text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
scalars = st.one_of(
    text,
    st.sampled_from(
        [
            "550",
            "22.04",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "~",
            "null",
            "1e3",
            "0x1f",
            "0777",
            "1:20",
            "2024-01-01",
            ".inf",
            "=",
            "<<",
            "True",
            "-1",
            "+1",
            ".5",
        ]
    ),
    st.booleans(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.none(),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(text.filter(bool), children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(text.filter(bool), trees, max_size=6))
def test_dump_reads_back_identically_under_yaml_11_and_12(data: dict[str, object]) -> None:
    text = yamlio.dump_yaml(data)
    assert pyyaml.safe_load(text) == (data or {}) or (data == {} and pyyaml.safe_load(text) in ({}, None))
    assert yamlio.load_yaml(text, "round-trip").data == data


def test_scalar_the_yaml_11_resolver_chokes_on_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="invalid YAML scalar"):
        yamlio.load_yaml("a: -_\n", "v.yaml")
