"""Root typer app and ``main``: the one place errors become messages and exit codes."""

from __future__ import annotations

import os
import sys
import traceback
import typing as t

import typer

from gpuop_values import __version__
from gpuop_values.errors import ExitCode, GpuopError

EPILOG = (
    "Exit codes: 0 ok, 1 findings, 2 usage error, 3 bad input, 4 environment "
    "(helm, cluster or registry unavailable), 70 internal error, 130 interrupted. "
    "Add --debug for a traceback."
)


class State:
    debug: bool = bool(os.environ.get("GPUOP_DEBUG"))


app = typer.Typer(
    name="gpuop",
    help="Get the NVIDIA GPU Operator running in air-gapped Kubernetes and KubeSphere clusters.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gpuop {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Get the NVIDIA GPU Operator running in air-gapped Kubernetes and KubeSphere clusters."""
    if debug:
        State.debug = True


def _register() -> None:
    from gpuop_values.cli import values

    app.add_typer(values.app, name="values")


_register()


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _is_usage_error(exc: BaseException) -> bool:
    """typer's vendored click errors (bad option, missing argument) know how to show themselves."""
    return callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)


def main(argv: t.Sequence[str] | None = None) -> t.NoReturn:
    """Run gpuop and exit with the documented code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args:
        State.debug = True
    try:
        result = app(args=args, prog_name="gpuop", standalone_mode=False)
        code = int(result) if isinstance(result, int) else 0
    except GpuopError as exc:
        if State.debug:
            traceback.print_exc()
        err(f"error: {exc.render()}")
        code = int(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        err("interrupted")
        code = int(ExitCode.INTERRUPTED)
    except typer.Exit as exc:
        code = int(exc.exit_code)
    except BrokenPipeError:
        code = 0
    except Exception as exc:
        if _is_usage_error(exc):
            t.cast(t.Any, exc).show()
            code = int(t.cast(t.Any, exc).exit_code)
        else:  # a bug in gpuop: say so plainly
            if State.debug:
                traceback.print_exc()
            err(f"internal error: {type(exc).__name__}: {exc}\n  fix: rerun with --debug and report the traceback")
            code = 70
    sys.exit(code)
