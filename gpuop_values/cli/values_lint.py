"""``gpuop values lint`` (registered on the ``values`` app)."""

from __future__ import annotations

import sys

import typer

from gpuop_values.cli.values import app


@app.command("lint")
def lint_command(
    files: list[str] | None = typer.Argument(
        None, metavar="FILE...", help="Values files (chart or KubeSphere shape), or folders of *.yaml."
    ),
    fmt: str = typer.Option(
        "text",
        "--format",
        "--output-format",
        "-f",
        metavar="FORMAT",
        help="text | json | sarif (SARIF 2.1.0) | github (workflow annotations).",
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    registry: str | None = typer.Option(
        None,
        "--registry",
        metavar="REG",
        help="Private registry every image must come from, e.g. dockerhub.kubekey.local/kse (GPU001).",
    ),
    release: str = typer.Option(
        "v23.9.2", "--release", metavar="RELEASE", help="GPU Operator release whose catalog versions are expected."
    ),
    cluster_has: list[str] | None = typer.Option(
        None,
        "--cluster-has",
        metavar="FACT",
        help="What the cluster already runs: prometheus-operator, nfd (repeatable; same as the comment "
        "'# gpuop-lint: cluster-has=...').",
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="RULE", help="Skip a rule, by ID or name (repeatable)."
    ),
    list_rules: bool = typer.Option(False, "--list-rules", help="Print the rules and exit."),
) -> int:
    """Check values files before they reach a cluster: schema, registry, driver tag and more.

    Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 3 a file could not be read
    (the others are still linted and reported).

    Examples:

      gpuop values lint --strict --registry dockerhub.kubekey.local/kse clusters/*.yaml

      gpuop values lint --format sarif values.yaml > gpuop.sarif
    """
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
