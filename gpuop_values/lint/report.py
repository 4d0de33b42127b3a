"""Render a :class:`~gpuop_values.lint.model.LintResult`: text, json, sarif (2.1.0) or github.

Every renderer returns the whole output as a string; the CLI prints it.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from gpuop_values.lint.model import Finding, LintResult, ReadError, RuleInfo, Severity

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: LintResult) -> str:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = len(result.files) + len(result.errors)
    with_findings = sum(1 for f in result.files if f.findings)
    parts = []
    if errors or warnings:
        parts.append(
            f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {with_findings} of "
            f"{_plural(files, 'file')}"
        )
    else:
        parts.append(f"no findings in {_plural(len(result.files), 'file')}")
    if result.errors:
        parts.append(f"{_plural(len(result.errors), 'file')} could not be read")
    return "; ".join(parts) + "."


def _where(error: ReadError) -> str:
    if error.line is not None:
        return f"{error.file}:{error.line}:{error.column}"
    return error.file


def text(result: LintResult) -> str:
    lines = []
    for finding in result.findings:
        lines.append(
            f"{finding.file}:{finding.line}:{finding.column}: {finding.severity.value} {finding.rule} "
            f"{finding.name}: {finding.message}"
        )
        lines.append(f"    fix: {finding.fix}")
    for error in result.errors:
        lines.append(f"{_where(error)}: error: cannot lint: {error.message}")
        if error.hint:
            lines.append(f"    fix: {error.hint}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def _finding_json(finding: Finding) -> dict[str, t.Any]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "path": finding.path,
        "message": finding.message,
        "fix": finding.fix,
    }


def as_json(result: LintResult, strict: bool = False) -> str:
    from gpuop_values import __version__

    document = {
        "tool": {"name": "gpuop", "version": __version__},
        "files": [{"file": f.file, "shape": f.shape, "findings": len(f.findings)} for f in result.files],
        "findings": [_finding_json(f) for f in result.findings],
        "errors": [
            {"file": e.file, "line": e.line, "column": e.column, "message": e.message, "fix": e.hint}
            for e in result.errors
        ],
        "summary": {
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "files": len(result.files),
            "unreadable": len(result.errors),
            "exit_code": result.exit_code(strict),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _uri(file: str) -> str:
    path = Path(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rule_sarif(rule: RuleInfo) -> dict[str, t.Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.doc.split())},
        "help": {"text": rule.doc.strip() + f"\n\nFix: {rule.fix}"},
        "defaultConfiguration": {"level": _level(rule.severity)},
    }


def sarif(result: LintResult, rules: t.Sequence[RuleInfo], strict: bool = False) -> str:
    """One SARIF 2.1.0 run: every rule in the driver, one result per finding, unreadable files as
    tool execution notifications (and a failed invocation)."""
    from gpuop_values import __version__

    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for finding in result.findings:
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _level(finding.severity),
                "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(finding.file)},
                            "region": {"startLine": finding.line, "startColumn": finding.column},
                        },
                        "logicalLocations": [{"fullyQualifiedName": finding.path, "kind": "member"}],
                    }
                ],
                "partialFingerprints": {"gpuopFinding/v1": f"{finding.rule}:{finding.path}"},
            }
        )
    notifications = []
    for error in result.errors:
        location: dict[str, t.Any] = {"artifactLocation": {"uri": _uri(error.file)}}
        if error.line is not None:
            location["region"] = {"startLine": error.line, "startColumn": error.column}
        notifications.append(
            {
                "level": "error",
                "message": {"text": error.message + (f". Fix: {error.hint}" if error.hint else "")},
                "locations": [{"physicalLocation": location}],
            }
        )
    invocation: dict[str, t.Any] = {
        "executionSuccessful": not result.errors,
        "exitCode": result.exit_code(strict),
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gpuop",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_sarif(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(result: LintResult) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding."""
    lines = []
    for finding in result.findings:
        command = "error" if finding.severity is Severity.ERROR else "warning"
        lines.append(
            f"::{command} file={_escape_property(finding.file)},line={finding.line},col={finding.column},"
            f"title={_escape_property(finding.rule)}::"
            + _escape_data(f"{finding.name}: {finding.message}. Fix: {finding.fix}")
        )
    for error in result.errors:
        position = f",line={error.line},col={error.column}" if error.line is not None else ""
        lines.append(
            f"::error file={_escape_property(error.file)}{position},title=gpuop::"
            + _escape_data(f"cannot lint: {error.message}" + (f". Fix: {error.hint}" if error.hint else ""))
        )
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def render(result: LintResult, fmt: str, rules: t.Sequence[RuleInfo], strict: bool = False) -> str:
    if fmt == "text":
        return text(result)
    if fmt == "json":
        return as_json(result, strict)
    if fmt == "sarif":
        return sarif(result, rules, strict)
    if fmt == "github":
        return github(result)
    raise ValueError(fmt)


def rules_table(rules: t.Sequence[RuleInfo]) -> str:
    """``--list-rules``: id, severity, name and summary, then each rule's docs."""
    lines = [f"{r.id}  {r.severity.value:<7}  {r.name}: {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"
