"""Golden outputs for every format on a fixed bad file; SARIF validated against the official schema."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest

from gpuop_values import __version__
from gpuop_values.lint import report
from gpuop_values.lint.engine import LintRequest, lint
from gpuop_values.lint.model import Finding, LintResult, ReadError, Severity
from gpuop_values.lint.rules import RULES
from tests.conftest import assert_golden, run_cli
from tests.lint.helpers import DATA, REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
SARIF_SCHEMA = REPO.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github"}


def normalise(text: str) -> str:
    return text.replace(f'"{__version__}"', '"VERSION"')


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)  # relative file names in the outputs


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_golden_output(fmt: str, in_data: None) -> None:
    result = run_cli(["values", "lint", "--format", fmt, "bad.yaml", "missing.yaml"])
    assert result.code == 3  # the missing file wins over the findings
    assert_golden(GOLDEN / f"bad.{SUFFIX[fmt]}", normalise(result.stdout))


def _sarif_validator() -> t.Any:
    from jsonschema.validators import validator_for

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_is_valid_sarif_2_1_0(in_data: None) -> None:
    validator = _sarif_validator()
    for argv in (["bad.yaml"], ["bad.yaml", "missing.yaml"], [str(REPO / "examples" / "existing-nfd.yaml")]):
        result = run_cli(["values", "lint", "--format", "sarif", *argv])
        document = json.loads(result.stdout)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
        run = document["runs"][0]
        assert document["version"] == "2.1.0"
        assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in RULES]
        for item in run["results"]:
            assert run["tool"]["driver"]["rules"][item["ruleIndex"]]["id"] == item["ruleId"]


def test_sarif_reports_an_unreadable_file_as_a_failed_invocation(in_data: None) -> None:
    document = json.loads(run_cli(["values", "lint", "--format", "sarif", "bad.yaml", "missing.yaml"]).stdout)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 3
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.yaml"


def test_sarif_uses_file_uris_for_absolute_paths() -> None:
    path = DATA / "bad.yaml"
    document = json.loads(run_cli(["values", "lint", "--format", "sarif", str(path)]).stdout)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == path.as_uri()


def test_json_is_one_document_with_a_summary(in_data: None) -> None:
    result = run_cli(["values", "lint", "--output-format", "json", "--strict", "bad.yaml"])
    document = json.loads(result.stdout)
    assert document["summary"]["exit_code"] == result.code == 1
    first = document["findings"][0]
    assert set(first) == {"rule", "name", "severity", "file", "line", "column", "path", "message", "fix"}


def test_github_annotations_escape_what_workflow_commands_need() -> None:
    finding = Finding(
        rule="GPU004",
        name="image-tag",
        severity=Severity.WARNING,
        file="dir,with:odd%name.yaml",
        line=3,
        column=5,
        path="a.b",
        message="50% of\nthe tag",
        fix="x",
    )
    result = LintResult()
    from gpuop_values.lint.model import FileResult

    result.files.append(FileResult(file=finding.file, shape="chart", findings=[finding]))
    result.errors.append(ReadError(file="gone.yaml", message="values file not found", hint="check the path"))
    lines = report.github(result).splitlines()
    assert lines[0] == (
        "::warning file=dir%2Cwith%3Aodd%25name.yaml,line=3,col=5,title=GPU004::image-tag: 50%25 of%0Athe tag. Fix: x"
    )
    assert lines[1] == "::error file=gone.yaml,title=gpuop::cannot lint: values file not found. Fix: check the path"


def test_text_summary_counts() -> None:
    result = lint(LintRequest(files=[str(DATA / "bad.yaml")]))
    text = report.text(result)
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    assert text.rstrip().endswith(f"{errors} errors and {warnings} warnings in 1 of 1 file.")
