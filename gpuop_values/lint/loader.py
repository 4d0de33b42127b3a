"""Fast loading for linting many files in one process.

``yamlio.load_yaml`` (ruamel round-trip, pure Python) is the reference loader; it costs ~30 ms for a
values file. Linting hundreds of files wants libyaml: this module composes the document with PyYAML's
C parser, then builds exactly what ``yamlio.load_yaml`` builds (plain data plus the 1-based
line/column of every key and item), resolving plain scalars with ruamel's YAML 1.1 resolver so
``y``/``on``/``010`` mean what they mean to yamlio (and to Helm).

Whenever the fast path meets something it does not reproduce exactly (a syntax error, a duplicate
key, anchors and aliases, merge keys, explicit tags, timestamps, an odd scalar) it hands the text to
``yamlio.load_yaml``, which either loads it or raises the canonical ``BadInputError`` with its
``file:line:col``. Without PyYAML's C extension everything goes through ``yamlio``.
"""

from __future__ import annotations

import functools
import typing as t

from gpuop_values.errors import BadInputError
from gpuop_values.yamlio import Document, PathKey, load_yaml, read_text

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Fallback(Exception):
    """The fast path cannot reproduce yamlio here; use yamlio."""


_MISS = object()


@functools.lru_cache(maxsize=1)
def _fast() -> tuple[t.Any, t.Any, t.Any] | None:
    """PyYAML, its C safe loader, and a C loader that resolves no implicit types (all plain scalars
    stay ``str``-tagged, which is cheap; this module resolves them itself)."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is optional
        return None
    safe = getattr(yaml, "CSafeLoader", None)
    if safe is None:  # pragma: no cover - PyYAML without libyaml is no faster than ruamel
        return None

    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Untyped(CParser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        def resolve(self, kind: t.Any, value: t.Any, implicit: t.Any) -> str:
            if kind is yaml.ScalarNode:
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

    return yaml, safe, _Untyped


@functools.lru_cache(maxsize=1)
def _ruamel() -> tuple[t.Any, t.Any, t.Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode

    y = YAML(typ="rt")
    y.version = (1, 1)
    return y.resolver, y.constructor, ScalarNode


@functools.lru_cache(maxsize=1)
def _py_resolver() -> t.Any:
    import yaml

    return yaml.SafeLoader("")


_PLAIN: dict[str, t.Any] = {}


def _plain_scalar(value: str) -> t.Any:
    """A plain (unquoted) scalar as yamlio reads it: YAML 1.1 types, ruamel's resolver."""
    cached = _PLAIN.get(value, _MISS)
    if cached is not _MISS:
        return cached
    resolver, constructor, scalar_node = _ruamel()
    tag = str(resolver.resolve(scalar_node, value, (True, False)))
    result: t.Any
    if tag == _STR:
        result = value
    elif tag == "tag:yaml.org,2002:null":
        result = None
    elif tag == "tag:yaml.org,2002:bool":
        result = value.lower() in ("y", "yes", "true", "on")
    elif tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        try:
            number = constructor.construct_object(scalar_node(tag, value))
        except Exception:  # noqa: BLE001 - anything odd goes to the reference loader
            raise _Fallback from None
        result = int(number) if tag.endswith("int") else float(number)
    else:  # timestamps, merge keys, '=' and friends
        raise _Fallback
    if len(_PLAIN) < 100_000:
        _PLAIN[value] = result
    return result


def _scalar(node: t.Any, typed: bool) -> t.Any:
    """*typed*: the node's tag came from PyYAML's implicit resolver (else every tag is ``str`` unless
    explicit, which the caller ruled out by finding no ``!`` in the text)."""
    if node.style:  # quoted or block (plain is None, or "" from libyaml): a string unless explicitly tagged
        if node.tag != _STR:
            raise _Fallback
        return node.value
    if typed:
        implicit = _py_resolver().resolve(type(node), node.value, (True, False))
        if node.tag != implicit:  # an explicit tag such as !!str or !custom: yamlio decides
            raise _Fallback
    elif node.tag != _STR:
        raise _Fallback
    return _plain_scalar(node.value)


def _convert(root: t.Any, typed: bool) -> tuple[t.Any, dict[PathKey, tuple[int, int]]]:
    import yaml

    positions: dict[PathKey, tuple[int, int]] = {}
    seen: set[int] = set()

    def conv(node: t.Any, path: PathKey, depth: int) -> t.Any:
        if depth > 500 or id(node) in seen:  # deep nesting, or an alias: let yamlio decide
            raise _Fallback
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, typed)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise _Fallback
            out: dict[str, t.Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Fallback
                raw_key = _scalar(key_node, typed)
                if not isinstance(raw_key, str):  # 1, true, null as keys: yamlio's duplicate rules apply
                    raise _Fallback
                key = raw_key
                if key in out:  # duplicate key: yamlio words the error
                    raise _Fallback
                sub = path + (key,)
                positions[sub] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = conv(value_node, sub, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _Fallback
            items = []
            for index, item in enumerate(node.value):
                sub = path + (index,)
                positions[sub] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(conv(item, sub, depth + 1))
            return items
        raise _Fallback  # pragma: no cover - PyYAML has no other node kinds

    return conv(root, (), 0), positions


def load_text(text: str, source: str) -> Document:
    """Like ``yamlio.load_yaml`` (same data, positions and errors), faster when libyaml is there."""
    fast = _fast()
    if fast is None:
        return _reference(text, source)
    yaml, safe, untyped = fast
    typed = "!" in text  # explicit tags possible: let PyYAML resolve, so they can be told apart
    try:
        node = yaml.compose(text, Loader=safe if typed else untyped)
        if node is None:
            raise _Fallback
        data, positions = _convert(node, typed)
    except (_Fallback, yaml.YAMLError, RecursionError, ValueError):
        return _reference(text, source)
    return Document(data=data, source=source, positions=positions)


def _reference(text: str, source: str) -> Document:
    """yamlio's loader; a crash inside the YAML library becomes bad input for this one file."""
    try:
        return load_yaml(text, source)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise BadInputError(
            f"invalid YAML: {type(exc).__name__}: {exc}", where=source, hint="quote unusual scalars"
        ) from None


def load_path(path: str) -> tuple[Document, str]:
    """Read and load one file; ``BadInputError`` (with file:line:col) when it cannot be read."""
    from pathlib import Path

    text = read_text(Path(path), "values file")
    return load_text(text, path), text
