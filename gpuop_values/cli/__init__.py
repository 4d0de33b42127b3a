"""The command line: thin typer commands over the core; printing and exit codes live here."""

from gpuop_values.cli.app import app, main

__all__ = ["app", "main"]
