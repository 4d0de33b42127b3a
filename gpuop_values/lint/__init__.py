"""``gpuop values lint``: schema and semantic checks for values files, for CI.

engine.py loads files and runs the rules; rules/ holds one module per rule (stable IDs);
report.py renders text, json, sarif and github output.
"""

from gpuop_values.lint.engine import LintRequest, lint
from gpuop_values.lint.model import Finding, LintResult, Severity

__all__ = ["Finding", "LintRequest", "LintResult", "Severity", "lint"]
