"""Every example is up to date with its recorded command and lint-clean the way its CI lints it."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import run_cli

REPO = Path(__file__).resolve().parent.parent


def _regen() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("regen_examples", REPO / "scripts" / "regen-examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


REGEN = _regen()
EXAMPLES = REGEN.load(REPO)


def test_every_example_file_has_a_command() -> None:
    files = {p.name for p in (REPO / "examples").glob("*.yaml")} - {"commands.yaml"}
    assert files == {e.file for e in EXAMPLES}
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.file)
def test_example_is_up_to_date(example) -> None:  # type: ignore[no-untyped-def]
    current = (REPO / "examples" / example.file).read_text(encoding="utf-8")
    assert REGEN.render(example, REPO) == current, (
        f"examples/{example.file} differs from `{example.command}`; run .venv/bin/python scripts/regen-examples.py"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.file)
def test_example_does_not_depend_on_the_host(example) -> None:  # type: ignore[no-untyped-def]
    argv = example.argv
    assert "--nodes-file" in argv or ("--kernel" in argv and "--os" in argv)
    for index, word in enumerate(argv):
        if word == "--nodes-file":
            assert (REPO / argv[index + 1].split("=", 1)[-1]).is_file()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.file)
def test_example_is_lint_clean(example, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    result = run_cli(example.lint_argv)
    assert result.code == 0, result.stdout + result.stderr
