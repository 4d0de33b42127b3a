"""`gpuop values lint` end to end, in-process: exit codes, many files, options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.lint.helpers import DATA, EXAMPLES, REPO

BAD = str(DATA / "bad.yaml")
CLEAN = str(EXAMPLES / "kubesphere-ubuntu22.04-docker.yaml")
WARN_ONLY = "dcgmExporter:\n  version: 3.3.5-3.4.1-ubuntu22.04\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file_exits_0() -> None:
    result = run_cli(["values", "lint", "--strict", "--registry", "dockerhub.kubekey.local/kse", CLEAN])
    assert (result.code, result.stdout) == (0, "no findings in 1 file.\n")


def test_findings_exit_1() -> None:
    assert run_cli(["values", "lint", BAD]).code == 1


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "warn.yaml", WARN_ONLY)
    assert run_cli(["values", "lint", path]).code == 0
    assert run_cli(["values", "lint", "--strict", path]).code == 1


def test_unreadable_file_exits_3_and_the_others_are_still_reported(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", "driver:\n  version: [550\n")
    listed = write(tmp_path, "list.yaml", "- a\n- b\n")
    result = run_cli(["values", "lint", BAD, broken, listed, str(tmp_path / "missing.yaml"), CLEAN])
    assert result.code == 3
    assert "bad.yaml:11:3: error GPU003" in result.stdout
    assert f"{broken}:3:1: error: cannot lint: invalid YAML" in result.stdout
    assert f"{listed}: error: cannot lint: not a values file: the top level is a list" in result.stdout
    assert "missing.yaml: error: cannot lint: values file not found" in result.stdout
    assert "3 files could not be read" in result.stdout


def test_json_keeps_stdout_parseable_and_tells_stderr(tmp_path: Path) -> None:
    result = run_cli(["values", "lint", "-f", "json", BAD, str(tmp_path / "missing.yaml")])
    assert result.code == 3
    assert json.loads(result.stdout)["errors"][0]["message"] == "values file not found"
    assert "missing.yaml: values file not found" in result.stderr


def test_many_files_and_folders_in_one_run(tmp_path: Path) -> None:
    for index in range(3):
        write(tmp_path, f"c{index}.yaml", WARN_ONLY)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "d.yml", "mig:\n  strategy: singel\n")
    write(tmp_path, "notes.txt", "not values")
    result = run_cli(["values", "lint", "-f", "json", str(tmp_path), CLEAN])
    document = json.loads(result.stdout)
    names = [Path(f["file"]).name for f in document["files"]]
    assert names == ["c0.yaml", "c1.yaml", "c2.yaml", "d.yml", Path(CLEAN).name]
    assert document["summary"] == {"errors": 1, "warnings": 3, "files": 5, "unreadable": 0, "exit_code": 1}


def test_ignore_and_cluster_has(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "dcgmExporter:\n  serviceMonitor:\n    enabled: true\n")
    assert run_cli(["values", "lint", path]).code == 1
    assert run_cli(["values", "lint", "--ignore", "GPU007", path]).code == 0
    assert run_cli(["values", "lint", "--ignore", "service-monitor-without-prometheus-operator", path]).code == 0
    assert run_cli(["values", "lint", "--cluster-has", "prometheus-operator", path]).code == 0


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["--format", "xml", BAD], 2, "unknown format 'xml'"),
        ([], 2, "no values files given"),
        (["--registry", "https://harbor.local", BAD], 3, "has a scheme"),
        (["--release", "v1.0.0", BAD], 3, "no release catalog"),
        (["--cluster-has", "istio", BAD], 3, "unknown cluster fact 'istio'"),
        (["--ignore", "GPU999", BAD], 3, "unknown rule 'GPU999'"),
    ],
)
def test_bad_options(argv: list[str], code: int, text: str) -> None:
    result = run_cli(["values", "lint", *argv])
    assert result.code == code
    assert text in result.stderr


def test_list_rules() -> None:
    result = run_cli(["values", "lint", "--list-rules"])
    assert result.code == 0
    assert result.stdout.splitlines()[1].startswith("GPU001  error    registry-mismatch: ")


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from gpuop_values.cli import main\n"
        "try:\n    main(['values', 'lint', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jsonschema', 'kubernetes', 'pyhelm3', 'yaml', 'ruamel.yaml') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
