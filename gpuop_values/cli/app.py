"""Root parser and ``main``: the one place errors become messages and exit codes.

The command line is built with argparse. typer (click) was the first choice, but importing it
alone took longer on a two-core machine than ``helm template`` takes to render the whole chart,
and ``gpuop values generate`` must not be slower than that (see benchmarks/generate_vs_helm.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import typing as t

from gpuop_values import __version__
from gpuop_values.errors import ExitCode, GpuopError

EPILOG = """\
exit codes:
  0    ok
  1    findings (lint problems; with --strict, warnings too)
  2    usage error
  3    bad input (unreadable or invalid file, invalid option value, conflicting options)
  4    environment (helm, cluster or registry unavailable)
  70   internal error (a bug: rerun with --debug and report it)
  130  interrupted

Add --debug for a traceback."""

Handler = t.Callable[[argparse.Namespace], int]


class State:
    debug: bool = False  # set per run by main()


class Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=100)


def command_parser(commands: t.Any, name: str, handler: Handler, summary: str, doc: str) -> argparse.ArgumentParser:
    """A subcommand with gpuop's common options; *doc* is its full help text."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=doc, formatter_class=Formatter, allow_abbrev=False
    )
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks for errors")
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    from gpuop_values.cli import values, values_lint

    parser = argparse.ArgumentParser(
        prog="gpuop",
        description="Get the NVIDIA GPU Operator running in air-gapped Kubernetes and KubeSphere clusters.",
        epilog=EPILOG,
        formatter_class=Formatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"gpuop {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    groups = parser.add_subparsers(title="commands", metavar="COMMAND")
    values_parser = groups.add_parser(
        "values",
        help="generate and lint values for the chart and the KubeSphere extension",
        description="Generate and lint values for the GPU Operator chart and the KubeSphere extension.",
        formatter_class=Formatter,
        allow_abbrev=False,
    )
    values_parser.set_defaults(handler=_help_of(values_parser))
    values_commands = values_parser.add_subparsers(title="commands", metavar="COMMAND")
    values.register(values_commands)
    values_lint.register(values_commands)
    return parser


def _help_of(parser: argparse.ArgumentParser) -> Handler:
    """Handler for a command group called without its command: its help, as a usage error."""

    def show(_: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)

    return show


def _print_traceback() -> None:
    import traceback  # only with --debug: it costs startup time

    traceback.print_exc()


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def run(argv: list[str]) -> int:
    parser = build_parser()
    if not argv:
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    args = parser.parse_args(argv)  # usage errors exit 2, --help and --version exit 0
    if getattr(args, "debug", False):
        State.debug = True
    handler: Handler = getattr(args, "handler", _help_of(parser))
    return handler(args)


def main(argv: t.Sequence[str] | None = None) -> t.NoReturn:
    """Run gpuop and exit with the documented code."""
    args = list(sys.argv[1:] if argv is None else argv)
    State.debug = bool(os.environ.get("GPUOP_DEBUG")) or "--debug" in args
    try:
        code = run(args)
    except GpuopError as exc:
        if State.debug:
            _print_traceback()
        err(f"error: {exc.render()}")
        code = int(exc.exit_code)
    except KeyboardInterrupt:
        err("interrupted")
        code = int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        code = 0
    except SystemExit:
        raise
    except Exception as exc:  # a bug in gpuop: say so plainly
        if State.debug:
            _print_traceback()
        err(f"internal error: {type(exc).__name__}: {exc}\n  fix: rerun with --debug and report the traceback")
        code = 70
    sys.exit(code)
