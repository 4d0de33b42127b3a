#!/usr/bin/env python3
"""Regenerate examples/*.yaml from the commands recorded in examples/commands.yaml.

    .venv/bin/python scripts/regen-examples.py            # rewrite every example
    .venv/bin/python scripts/regen-examples.py --check    # exit 1 when an example is out of date
    .venv/bin/python scripts/regen-examples.py NAME...    # only these (file names from commands.yaml)

Each command is `gpuop values generate ...`; it runs in this process from the repository root, and
its standard output becomes the example file. Exit codes: 0 ok, 1 out of date (--check), 3 a
command failed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shlex
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Example:
    file: str
    title: str
    command: str
    lint: tuple[str, ...] = field(default_factory=tuple)

    @property
    def argv(self) -> list[str]:
        """The command's arguments after ``gpuop``."""
        words = shlex.split(self.command)
        if words[:3] != ["gpuop", "values", "generate"]:
            raise ValueError(f"{self.file}: the command must start with 'gpuop values generate'")
        if any(w in ("-o", "--output", "--force", "--from-cluster") for w in words):
            raise ValueError(f"{self.file}: the command must print to stdout and not read a live cluster")
        return words[1:]

    @property
    def registry(self) -> str:
        words = shlex.split(self.command)
        for index, word in enumerate(words):
            if word == "--registry":
                return words[index + 1]
            if word.startswith("--registry="):
                return word.split("=", 1)[1]
        raise ValueError(f"{self.file}: the command has no --registry")

    @property
    def lint_argv(self) -> list[str]:
        """How the example's CI lints it."""
        return ["values", "lint", "--strict", "--registry", self.registry, *self.lint, f"examples/{self.file}"]


def load(root: Path = ROOT) -> list[Example]:
    from gpuop_values.yamlio import load_file

    data = load_file(root / "examples" / "commands.yaml").data
    return [
        Example(
            file=str(entry["file"]),
            title=str(entry["title"]),
            command=" ".join(str(entry["command"]).split()),
            lint=tuple(str(a) for a in entry.get("lint", []) or []),
        )
        for entry in data["examples"]
    ]


class CommandFailed(Exception):
    pass


def render(example: Example, root: Path = ROOT) -> str:
    """Run the example's command in-process (from *root*) and return what it prints."""
    import os

    from gpuop_values.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(example.argv)
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        os.chdir(previous)
    if code != 0:
        raise CommandFailed(f"{example.file}: `{example.command}` exited {code}:\n{err.getvalue()}")
    return out.getvalue()


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report examples that are out of date")
    parser.add_argument("names", nargs="*", help="example file names (default: all)")
    args = parser.parse_args(argv)
    examples = load()
    if args.names:
        unknown = set(args.names) - {e.file for e in examples}
        if unknown:
            print(f"unknown examples: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 3
        examples = [e for e in examples if e.file in args.names]
    stale = 0
    for example in examples:
        try:
            text = render(example)
        except (CommandFailed, ValueError) as exc:
            print(exc, file=sys.stderr)
            return 3
        path = ROOT / "examples" / example.file
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            print(f"out of date: examples/{example.file}", file=sys.stderr)
            stale += 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote examples/{example.file}")
    if args.check and stale:
        print("run: .venv/bin/python scripts/regen-examples.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
