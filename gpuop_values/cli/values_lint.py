"""``gpuop values lint``: options → LintRequest → engine → report on stdout."""

from __future__ import annotations

import argparse
import sys
import typing as t

from gpuop_values.cli.app import command_parser

DOC = """\
Check values files before they reach a cluster: schema, registry, driver tag and more.

Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 3 a file could not be read
(the others are still linted and reported).

examples:
  gpuop values lint --strict --registry dockerhub.kubekey.local/kse clusters/*.yaml
  gpuop values lint --format sarif values.yaml > gpuop.sarif"""


def register(commands: t.Any) -> None:
    parser = command_parser(commands, "lint", run, "lint values files (text, json, sarif, github)", DOC)
    add = parser.add_argument
    add("files", nargs="*", metavar="FILE", help="values files (chart or KubeSphere shape), or folders of *.yaml")
    add(
        "--format",
        "--output-format",
        "-f",
        dest="fmt",
        default="text",
        metavar="FORMAT",
        help="text | json | sarif (SARIF 2.1.0) | github (workflow annotations)",
    )
    add("--strict", action="store_true", help="exit 1 on warnings too")
    add(
        "--registry",
        metavar="REG",
        help="private registry every image must come from, e.g. dockerhub.kubekey.local/kse (GPU001)",
    )
    add(
        "--release",
        default="v23.9.2",
        metavar="RELEASE",
        help="GPU Operator release whose catalog versions are expected",
    )
    add(
        "--cluster-has",
        action="append",
        default=[],
        metavar="FACT",
        help="what the cluster already runs: prometheus-operator, nfd (repeatable; same as the comment "
        "'# gpuop-lint: cluster-has=...')",
    )
    add("--ignore", action="append", default=[], metavar="RULE", help="skip a rule, by ID or name (repeatable)")
    add("--list-rules", action="store_true", help="print the rules and exit")


def run(args: argparse.Namespace) -> int:
    files: list[str] = args.files
    fmt: str = args.fmt
    strict: bool = args.strict
    registry: str | None = args.registry
    release: str = args.release
    cluster_has: list[str] = args.cluster_has
    ignore: list[str] = args.ignore
    list_rules: bool = args.list_rules
    from gpuop_values.errors import UsageError
    from gpuop_values.lint import report
    from gpuop_values.lint.engine import LintRequest, lint
    from gpuop_values.lint.rules import RULES

    if list_rules:
        sys.stdout.write(report.rules_table(RULES))
        return 0
    if fmt not in report.FORMATS:
        raise UsageError(f"unknown format {fmt!r}", where="--format", hint=f"one of {', '.join(report.FORMATS)}")
    if not files:
        raise UsageError("no values files given", hint="gpuop values lint FILE... (or --list-rules)")
    request = LintRequest(
        files=list(files),
        registry=registry,
        release=release,
        cluster_has=list(cluster_has or []),
        ignore=list(ignore or []),
    )
    result = lint(request)
    sys.stdout.write(report.render(result, fmt, RULES, strict))
    if fmt in ("json", "sarif"):
        for error in result.errors:  # machine output stays parseable; people still see why
            where = f"{error.file}:{error.line}:{error.column}" if error.line is not None else error.file
            sys.stderr.write(f"error: {where}: {error.message}\n")
    return result.exit_code(strict)
