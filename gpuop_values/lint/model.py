"""Plain data the lint engine passes around: severities, findings, per-file results."""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass, field

PathKey = tuple[str | int, ...]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class RuleInfo:
    """What a rule module declares: stable id, name, default severity, default fix, its docs."""

    id: str
    name: str
    severity: Severity
    fix: str
    doc: str

    @property
    def summary(self) -> str:
        """The first paragraph of the docs, on one line."""
        head = self.doc.strip().split("\n\n", 1)[0]
        return " ".join(head.split())


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    file: str
    line: int
    column: int
    path: str  # dotted values path of the offending key, as written in the file
    message: str
    fix: str

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.rule, self.message)


@dataclass(frozen=True)
class ReadError:
    """A file that could not be linted at all (missing, not YAML, not a mapping)."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None


@dataclass
class FileResult:
    file: str
    shape: str  # "chart" or "kubesphere"
    findings: list[Finding] = field(default_factory=list)


@dataclass
class LintResult:
    files: list[FileResult] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool) -> int:
        """3 when a file was unreadable, else 1 for errors (and warnings with *strict*), else 0."""
        if self.errors:
            return 3
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return 1
        return 0


def dotted(path: t.Sequence[str | int]) -> str:
    """``("driver", "pools", 0, "version")`` → ``driver.pools[0].version``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
