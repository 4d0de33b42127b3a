"""One error hierarchy; exit codes are decided here and nowhere else.

Exit codes (documented in the README and in ``gpuop --help``):

* 0   success
* 1   findings (lint found problems, verify found missing images)
* 2   usage error (unknown option, missing argument)
* 3   bad input (unreadable or invalid file, invalid option value, conflicting options)
* 4   environment (helm, cluster or registry missing or unreachable)
* 130 interrupted (Ctrl-C)
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    BAD_INPUT = 3
    ENVIRONMENT = 4
    INTERRUPTED = 130


class GpuopError(Exception):
    """Base of every error gpuop reports to a user: a message, where, and how to fix it."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def render(self) -> str:
        """The text a user sees: ``where: message`` then the fix on its own line."""
        head = f"{self.where}: {self.message}" if self.where else self.message
        return f"{head}\n  fix: {self.hint}" if self.hint else head


class BadInputError(GpuopError):
    """A file, option value or combination of options gpuop cannot accept."""

    exit_code = ExitCode.BAD_INPUT


class UsageError(GpuopError):
    """The command line itself is malformed."""

    exit_code = ExitCode.USAGE


class FindingsError(GpuopError):
    """The command ran and found problems (lint findings, missing images)."""

    exit_code = ExitCode.FINDINGS


class ToolEnvironmentError(GpuopError):
    """Something outside gpuop is missing or unreachable: helm, a cluster, a registry."""

    exit_code = ExitCode.ENVIRONMENT
