"""Lint values files: load each one, detect its shape, run every rule, apply directives.

The core knows no CLI: :func:`lint` takes a :class:`LintRequest` and returns a
:class:`~gpuop_values.lint.model.LintResult`; printing is :mod:`gpuop_values.lint.report`'s job.

Directives (comments in the values file):

``# gpuop-lint: cluster-has=prometheus-operator,nfd``
    facts about the cluster the values cannot express (anywhere in the file; same as ``--cluster-has``).
``# gpuop-lint: disable=GPU005,GPU006``
    at the end of a line: no such findings on that line; on a line of its own: on the next line.
``# gpuop-lint: disable-file=GPU005``
    no such findings anywhere in the file.

Rules may be named by ID or name (``catalog-version``).
"""

from __future__ import annotations

import functools
import re
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from gpuop_values import catalog as catalogs
from gpuop_values.errors import BadInputError
from gpuop_values.lint import rules as rule_modules
from gpuop_values.lint.context import CLUSTER_FACTS, SUBCHART_KEY, Context, Options
from gpuop_values.lint.loader import load_text
from gpuop_values.lint.model import FileResult, Finding, LintResult, ReadError, dotted
from gpuop_values.references import parse_registry
from gpuop_values.yamlio import Document, read_text

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class LintRequest:
    files: list[str]
    registry: str | None = None
    release: str = "v23.9.2"
    cluster_has: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Directives:
    cluster_has: frozenset[str] = frozenset()
    file_disabled: frozenset[str] = frozenset()
    line_disabled: dict[int, frozenset[str]] = field(default_factory=dict)

    def suppresses(self, finding: Finding) -> bool:
        if finding.rule in self.file_disabled:
            return True
        return finding.rule in self.line_disabled.get(finding.line, frozenset())


_DIRECTIVE = re.compile(r"#\s*gpuop-lint:\s*(?P<body>.*)$")
_SETTING = re.compile(r"(?P<word>[a-z-]+)=(?P<value>[A-Za-z0-9_,.-]+)")


def _rule_ids(value: str) -> set[str]:
    ids = set()
    for part in value.split(","):
        rule = rule_modules.find(part.strip())
        if rule is not None:
            ids.add(rule.id)
    return ids


def parse_directives(text: str) -> Directives:
    if "gpuop-lint" not in text:
        return Directives()
    facts: set[str] = set()
    file_disabled: set[str] = set()
    lines = text.splitlines()
    line_disabled: dict[int, set[str]] = {}
    pending: set[str] = set()
    for number, line in enumerate(lines, start=1):
        match = _DIRECTIVE.search(line)
        content = line[: match.start()].strip() if match else line.strip()
        if content and not content.startswith("#") and pending:
            line_disabled.setdefault(number, set()).update(pending)
            pending = set()
        if not match:
            continue
        for setting in _SETTING.finditer(match.group("body")):
            word, value = setting.group("word"), setting.group("value")
            if word == "cluster-has":
                facts.update(v.strip() for v in value.split(",") if v.strip())
            elif word == "disable-file":
                file_disabled.update(_rule_ids(value))
            elif word == "disable":
                if content and not content.startswith("#"):
                    line_disabled.setdefault(number, set()).update(_rule_ids(value))
                else:
                    pending.update(_rule_ids(value))
    return Directives(
        cluster_has=frozenset(facts),
        file_disabled=frozenset(file_disabled),
        line_disabled={k: frozenset(v) for k, v in line_disabled.items()},
    )


def parse_cluster_facts(values: t.Iterable[str]) -> frozenset[str]:
    facts = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in CLUSTER_FACTS:
                raise BadInputError(
                    f"unknown cluster fact {part!r}", where="--cluster-has", hint=f"one of {', '.join(CLUSTER_FACTS)}"
                )
            facts.add(part)
    return frozenset(facts)


def parse_ignore(values: t.Iterable[str]) -> frozenset[str]:
    ids = set()
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            rule = rule_modules.find(part.strip())
            if rule is None:
                raise BadInputError(
                    f"unknown rule {part.strip()!r}",
                    where="--ignore",
                    hint="rules are GPU000 to GPU010 (gpuop values lint --list-rules)",
                )
            ids.add(rule.id)
    return frozenset(ids)


def expand(paths: t.Iterable[str]) -> list[str]:
    """Files as given; a directory stands for the *.yaml/*.yml files below it (sorted)."""
    out: list[str] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            out.extend(found)
        else:
            out.append(text)
    return out


def detect_shape(data: t.Any) -> tuple[str, t.Any]:
    """``("kubesphere", inner)`` when the top level has ``gpu-operator:``, else ``("chart", data)``."""
    if isinstance(data, dict) and SUBCHART_KEY in data:
        return "kubesphere", data[SUBCHART_KEY]
    return "chart", data


@functools.lru_cache(maxsize=16)
def _catalog(release: str, flavour: str) -> catalogs.Catalog:
    return catalogs.load(release, flavour)  # frozen dataclasses: safe to share between files


def lint_document(doc: Document, text: str, options: Options, ignore: frozenset[str] = frozenset()) -> FileResult:
    """Every finding for one loaded file."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise BadInputError(
            f"not a values file: the top level is {kind}, not a mapping", where=doc.source, hint="values are key: value"
        )
    shape, values = detect_shape(data)
    directives = parse_directives(text)
    flavour = "kubesphere" if shape == "kubesphere" else "upstream"
    catalog = _catalog(options.release, flavour)
    ctx = Context(
        doc=Document(data=data, source=doc.source, positions=doc.positions),
        text=text,
        shape=shape,
        values=values if isinstance(values, dict) else {},
        catalog=catalog,
        options=options,
        cluster_has=options.cluster_has | directives.cluster_has,
    )
    result = FileResult(file=doc.source, shape=shape)
    if shape == "kubesphere" and values is not None and not isinstance(values, dict):
        rule = rule_modules.schema_check.RULE
        result.findings.append(
            ctx.finding(rule, (), f"{SUBCHART_KEY} must be a mapping of the operator chart's values", rule.fix)
        )
    others: list[Finding] = []
    for module in rule_modules.MODULES:
        if module is rule_modules.schema_check:
            continue
        others.extend(module.check(ctx))
    reported = {f.path for f in others}
    unknown_parents = {
        f.path.rsplit(".", 1)[0] if "." in f.path else "(top level)" for f in others if f.rule == "GPU010"
    }
    for finding in rule_modules.schema_check.check(ctx):
        if finding.path in reported:
            continue  # another rule says it better at the same key
        if finding.message.startswith("unknown key") and finding.path in unknown_parents:
            continue
        others.append(finding)
    kept = [f for f in others if f.rule not in ignore and not directives.suppresses(f)]
    result.findings.extend(sorted(kept, key=lambda f: f.sort_key))
    return result


def lint_text(text: str, source: str, options: Options, ignore: frozenset[str] = frozenset()) -> FileResult:
    return lint_document(load_text(text, source), text, options, ignore)


def options_for(request: LintRequest) -> Options:
    registry = parse_registry(request.registry) if request.registry else None
    catalogs.load(request.release)  # an unknown release is bad input before any file is read
    return Options(registry=registry, release=request.release, cluster_has=parse_cluster_facts(request.cluster_has))


def lint(request: LintRequest) -> LintResult:
    """Lint every file; unreadable ones become :class:`ReadError`\\ s and the others are still linted."""
    options = options_for(request)
    ignore = parse_ignore(request.ignore)
    files = expand(request.files)
    if not files:
        raise BadInputError("no values files to lint", hint="give files, or a folder holding *.yaml files")
    result = LintResult()
    for name in files:
        try:
            text = read_text(Path(name), "values file")
            result.files.append(lint_text(text, name, options, ignore))
        except BadInputError as exc:
            result.errors.append(_read_error(name, exc))
    return result


def _read_error(name: str, exc: BadInputError) -> ReadError:
    line = column = None
    where = exc.where or name
    match = re.search(r":(\d+):(\d+)$", where)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
    return ReadError(file=name, message=exc.message, line=line, column=column, hint=exc.hint)


__all__ = ["LintRequest", "lint", "lint_text", "lint_document", "detect_shape", "dotted", "ReadError"]
