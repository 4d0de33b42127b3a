"""`gpuop --help` stays light and documents the exit codes."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, Result, run_cli

HEAVY = ("kubernetes", "pyhelm3", "jsonschema", "ruamel", "yaml", "typer", "click", "rich")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from gpuop_values.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = [m for m in sys.modules if m.split('.')[0] in {HEAVY!r}]\n"
        "print('HEAVY=' + ','.join(sorted(heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert "usage: gpuop" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY="


def test_help_lists_exit_codes_and_commands() -> None:
    result: Result = run_cli(["--help"])
    assert result.code == 0
    assert "3    bad input" in result.stdout and "130  interrupted" in result.stdout
    assert "values" in result.stdout
    generate = run_cli(["values", "generate", "--help"])
    for option in ("--registry", "--mapping", "--kernel", "--os", "--nodes-file", "--from-cluster", "--kubeconfig",
                   "--context", "--driver-branch", "--driver-version", "--driver-mode", "--runtime", "--release",
                   "--format", "--pull-secret", "--monitoring", "--enable", "--disable", "--set", "--output",
                   "--force"):
        assert option in generate.stdout, option


def test_version() -> None:
    result = run_cli(["--version"])
    assert result.code == 0 and result.stdout.startswith("gpuop ")


def test_no_arguments_is_usage() -> None:
    assert run_cli([]).code == 2
