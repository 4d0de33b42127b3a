"""The command line: thin argparse commands over the core; printing and exit codes live here."""

from gpuop_values.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
