"""YAML and JSON in and out, in one place.

Loading is safe and bounded: duplicate keys, alias bombs and oversized files are bad input, and
every value's file position is kept so messages can say ``file:line:column``. Loading follows
YAML 1.1 like Helm does (``yes``/``on`` are booleans). Dumping quotes every string that YAML 1.1
or 1.2 would read back as something else, so ``"550"`` and ``"on"`` stay strings under Helm.
Writing is atomic: a temp file in the same folder, then a rename.
"""

from __future__ import annotations

import json
import os
import re
import typing as t
from pathlib import Path

from gpuop_values.errors import BadInputError

#: Largest file gpuop reads (values files are a few KB; node lists of 5,000 nodes are ~50 MB).
MAX_BYTES = 256 * 1024 * 1024
#: Most nodes the alias-expanded document may have before we call it an alias bomb.
MAX_EXPANDED_NODES = 500_000

PathKey = tuple[str | int, ...]


class Document:
    """A loaded file: plain Python data plus the line/column (1-based) of every key and item."""

    __slots__ = ("data", "source", "positions")

    def __init__(self, data: t.Any, source: str, positions: dict[PathKey, tuple[int, int]] | None = None) -> None:
        self.data = data
        self.source = source
        self.positions: dict[PathKey, tuple[int, int]] = {} if positions is None else positions

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and (self.data, self.source, self.positions) == (
            other.data,
            other.source,
            other.positions,
        )

    __hash__ = None  # type: ignore[assignment]

    def where(self, path: t.Sequence[str | int]) -> str:
        """``file:line:col`` of the deepest known part of *path* (the file alone if none)."""
        key = tuple(path)
        while key:
            if key in self.positions:
                line, col = self.positions[key]
                return f"{self.source}:{line}:{col}"
            key = key[:-1]
        return self.source

    def position(self, path: t.Sequence[str | int]) -> tuple[int, int]:
        key = tuple(path)
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return (1, 1)


def read_text(path: Path, what: str = "file") -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInputError(f"{what} not found", where=str(path), hint="check the path") from None
    except OSError as exc:
        raise BadInputError(f"cannot read {what}: {exc.strerror}", where=str(path)) from None
    if path.is_dir():
        raise BadInputError(f"{what} is a directory", where=str(path), hint="give a file")
    if size > MAX_BYTES:
        raise BadInputError(f"{what} is {size} bytes, more than the {MAX_BYTES} gpuop reads", where=str(path))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{what} is not UTF-8 text (byte {exc.start})", where=str(path), hint="save it as UTF-8"
        ) from None
    except OSError as exc:
        raise BadInputError(f"cannot read {what}: {exc.strerror}", where=str(path)) from None


def _yaml() -> t.Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.version = (1, 1)  # resolve scalars the way Helm's YAML stack does
    y.allow_duplicate_keys = False
    return y


def load_yaml(text: str, source: str) -> Document:
    """Parse one YAML (or JSON) document into plain data with positions."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        raw = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in str(exc):
            problem = _duplicate_key_message(str(exc))
            return _raise(problem, where, "remove or rename one of the two keys")
        return _raise(f"invalid YAML: {problem}", where, "fix the syntax at that position")
    except YAMLError as exc:
        return _raise(f"invalid YAML: {exc}", source, "fix the syntax")
    except RecursionError:
        return _raise("YAML nests too deeply", source, "flatten the document")
    except (ValueError, TypeError, OverflowError) as exc:
        # ruamel's YAML 1.1 resolvers take some plain scalars (e.g. "-_") for numbers and then fail
        return _raise(f"invalid YAML scalar: {exc}", source, "quote the value")
    _check_expansion(raw, source)
    doc = Document(data=None, source=source)
    doc.data = _plain(raw, (), doc.positions)
    return doc


def _duplicate_key_message(text: str) -> str:
    match = re.search(r'found duplicate key "([^"]*)"', text)
    return f"duplicate key {match.group(1)!r}" if match else "duplicate key"


def _raise(message: str, where: str, hint: str) -> t.NoReturn:
    raise BadInputError(message, where=where, hint=hint)


def load_file(path: Path, what: str = "file") -> Document:
    return load_yaml(read_text(path, what), str(path))


def _check_expansion(node: t.Any, source: str) -> None:
    """Refuse documents whose aliases expand into a huge tree (a 'billion laughs' bomb)."""
    sizes: dict[int, int] = {}

    def size(obj: t.Any, depth: int) -> int:
        if depth > 500:
            _raise("YAML nests too deeply", source, "flatten the document")
        if not isinstance(obj, (dict, list)):
            return 1
        key = id(obj)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # cycles count once
        children = obj.values() if isinstance(obj, dict) else obj
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_EXPANDED_NODES:
                _raise(
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes (an alias bomb?)",
                    source,
                    "write the values out instead of nesting anchors and aliases",
                )
        sizes[key] = total
        return total

    size(node, 0)


def _plain(obj: t.Any, path: PathKey, positions: dict[PathKey, tuple[int, int]]) -> t.Any:
    """ruamel's round-trip types → plain dict/list/str/int/float/bool/None, recording positions."""
    if isinstance(obj, dict):
        out: dict[str, t.Any] = {}
        lc = getattr(obj, "lc", None)
        for key, value in obj.items():
            skey = _key_str(key)
            sub = path + (skey,)
            if lc is not None:
                try:
                    line, col = lc.key(key)
                    positions[sub] = (line + 1, col + 1)
                except (KeyError, TypeError):
                    pass
            out[skey] = _plain(value, sub, positions)
        return out
    if isinstance(obj, list):
        items: list[t.Any] = []
        lc = getattr(obj, "lc", None)
        for index, value in enumerate(obj):
            sub = path + (index,)
            if lc is not None:
                try:
                    line, col = lc.item(index)
                    positions[sub] = (line + 1, col + 1)
                except (KeyError, TypeError, IndexError):
                    pass
            items.append(_plain(value, sub, positions))
        return items
    if isinstance(obj, bool) or obj is None:
        return obj
    if hasattr(obj, "isoformat"):  # dates and timestamps: JSON Schema sees them as strings
        return str(obj)
    if isinstance(obj, int):
        return bool(obj) if type(obj).__name__ == "ScalarBoolean" else int(obj)
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, str):
        return str(obj)
    return obj


def _key_str(key: t.Any) -> str:
    if isinstance(key, str):
        return str(key)
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


# --- dumping -------------------------------------------------------------------------------

# Strings that YAML 1.1 (Helm) or YAML 1.2 would read as something other than a string.
_AMBIGUOUS = re.compile(
    r"""^(?:
        y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
      | ~|null|Null|NULL|
      | [-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
      | [-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
      | [-+]?0[0-7_]+ | [-+]?0o[0-7]+ | [-+]?0x[0-9a-fA-F_]+ | [-+]?0b[01_]+
      | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?
      | =|<<
    )$""",
    re.VERBOSE,
)


_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def _plain_ok(text: str) -> bool:
    """Can *text* be written unquoted and read back as the same string by YAML 1.1 and 1.2 readers?"""
    if not text or text[0] in _INDICATORS or text != text.strip():
        return False
    if not all(" " <= ch <= "~" for ch in text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return not _AMBIGUOUS.match(text)


def _scalar(value: t.Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if _plain_ok(text):
        return text
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def _block(text: str) -> str | None:
    """A literal block header for multi-line text, or None when quoting is safer."""
    lines = text.split("\n")
    if text.startswith((" ", "\t")) or any(line.endswith((" ", "\t")) for line in lines):
        return None
    if any(not ch.isprintable() and ch != "\n" for ch in text):
        return None
    if text.endswith("\n\n"):
        return "|+"
    return "|" if text.endswith("\n") else "|-"


def _emit(node: t.Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            head = f"{pad}{_scalar(str(key))}:"
            _emit_value(head, value, indent, out)
    else:
        for item in node:
            if isinstance(item, dict) and item:
                start = len(out)
                _emit(item, indent + 2, out)
                out[start] = f"{pad}- {out[start][indent + 2 :]}"
            else:
                _emit_value(f"{pad}-", item, indent, out)


def _emit_value(head: str, value: t.Any, indent: int, out: list[str]) -> None:
    if isinstance(value, (dict, list)) and value:
        out.append(head)
        _emit(value, indent + 2, out)
    elif isinstance(value, dict):
        out.append(f"{head} {{}}")
    elif isinstance(value, list):
        out.append(f"{head} []")
    elif isinstance(value, str) and "\n" in value and (style := _block(value)):
        out.append(f"{head} {style}")
        body = value[:-1] if value.endswith("\n") else value
        if style == "|+":
            body = value[:-1]
        out.extend(f"{' ' * (indent + 2)}{line}" if line else "" for line in body.split("\n"))
    else:
        out.append(f"{head} {_scalar(value)}")


def dump_yaml(data: t.Any, header: str | None = None) -> str:
    """Block-style YAML that Helm (YAML 1.1) and YAML 1.2 parsers read back identically.

    Written by hand for plain data (dicts, lists, strings, numbers, booleans, None): importing
    a YAML library would cost more than generating the values.
    """
    out = [f"# {line}".rstrip() for line in (header or "").splitlines()]
    if isinstance(data, (dict, list)) and data:
        _emit(data, 0, out)
    else:
        out.append(_scalar(data) if not isinstance(data, (dict, list)) else ("{}" if isinstance(data, dict) else "[]"))
    return "\n".join(out) + "\n"


def load_trusted(text: str) -> t.Any:
    """Package data (release catalogs): parsed fast with libyaml, no positions kept."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing file without *force* (checked before any slow work, too)."""
    if path.exists() and not force:
        raise BadInputError("output file already exists", where=str(path), hint="pass --force to overwrite it")


def write_atomic(path: Path, text: str, *, force: bool) -> None:
    """Write *text* to *path* all at once; an existing file stays unless *force*."""
    check_writable(path, force=force)
    if path.is_dir():
        raise BadInputError("output path is a directory", where=str(path), hint="give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BadInputError("output folder does not exist", where=str(parent), hint="create it first")
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
