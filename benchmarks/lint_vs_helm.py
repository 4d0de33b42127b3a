#!/usr/bin/env python3
"""Lint N values files with ONE `gpuop values lint` run vs N `helm lint --strict` runs, side by side.

    .venv/bin/python benchmarks/lint_vs_helm.py                 # 500 files, helm3 and helm4 from .tools/bin
    .venv/bin/python benchmarks/lint_vs_helm.py --files 100 --helm /usr/local/bin/helm

The files are variations of the examples (examples/*.yaml, KubeSphere ones unwrapped to the chart
shape so that Helm lints the very same files): registry, kernel, pull secret and a few switches
vary, and one file in ten carries a mistake (a component left on nvcr.io, a typo'd key, a bad
enum). Each tool runs as a subprocess, timed with time.perf_counter: gpuop once over all files,
each Helm once per file against charts/gpu-operator. The table shows wall times and
ratio = gpuop time / Helm time (the aim is <= 0.05).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGISTRIES = [
    "dockerhub.kubekey.local/kse",
    "harbor.corp.example/gpu-operator",
    "registry.gpu.lab:5000/mirror",
    "harbor.site-b.example/nvidia-mirror",
    "10.20.30.40:5000/offline",
]
BASE_REGISTRIES = ["dockerhub.kubekey.local/kse", "harbor.corp.example/gpu-operator", "registry.gpu.lab:5000/mirror"]
MISTAKES = ("public", "typo", "enum")


@dataclass
class Timing:
    tool: str
    runs: int
    seconds: float
    failed: int
    note: str = ""


def base_documents() -> list[dict[str, t.Any]]:
    """Every example in the chart shape (the KubeSphere ones unwrapped)."""
    from gpuop_values.yamlio import load_file

    docs = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if path.name == "commands.yaml":
            continue
        data = load_file(path).data
        docs.append(data["gpu-operator"] if "gpu-operator" in data else data)
    return docs


def variation(index: int, base: dict[str, t.Any], rng: random.Random) -> str:
    from gpuop_values.yamlio import dump_yaml

    text = json.dumps(base)
    registry = REGISTRIES[index % len(REGISTRIES)]
    for old in BASE_REGISTRIES:
        text = text.replace(old, registry)
    text = text.replace("5.15.0-131-generic", f"5.15.0-{100 + index % 60}-generic")
    text = text.replace("harbor-pull", f"pull-{index % 3}")
    data = json.loads(text)
    data.setdefault("dcgm", {})["enabled"] = rng.random() < 0.3
    data.setdefault("migManager", {})["enabled"] = rng.random() < 0.7
    data.setdefault("daemonsets", {})["priorityClassName"] = rng.choice(["system-node-critical", "gpu-critical"])
    if index % 10 == 9:
        mistake = MISTAKES[(index // 10) % len(MISTAKES)]
        if mistake == "public":
            data.setdefault("toolkit", {})["repository"] = "nvcr.io/nvidia/k8s"
        elif mistake == "typo":
            data.setdefault("devicePlugin", {})["enable"] = True
        else:
            data.setdefault("mig", {})["strategy"] = "singel"
    header = f"benchmark variation {index}"
    if data.get("dcgmExporter", {}).get("serviceMonitor", {}).get("enabled"):
        header += "\ngpuop-lint: cluster-has=prometheus-operator   (WizTelemetry runs on this cluster)"
    return dump_yaml(data, header=header)


def make_files(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    bases = base_documents()
    files = []
    for index in range(count):
        path = folder / f"values-{index:04d}.yaml"
        path.write_text(variation(index, bases[index % len(bases)], rng), encoding="utf-8")
        files.append(path)
    return files


def time_gpuop(gpuop: list[str], files: list[Path]) -> Timing:
    start = time.perf_counter()
    argv = [*gpuop, "values", "lint", "--format", "json", *map(str, files)]
    proc = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        return Timing("gpuop values lint (1 run)", 1, seconds, -1, f"exit {proc.returncode}: {proc.stderr[-300:]}")
    report = json.loads(proc.stdout)
    failed = len({f["file"] for f in report["findings"] if f["severity"] == "error"})
    return Timing("gpuop values lint (1 run)", 1, seconds, failed)


def time_helm(name: str, helm: Path, chart: Path, files: list[Path]) -> Timing:
    failed = 0
    start = time.perf_counter()
    for path in files:
        proc = subprocess.run([str(helm), "lint", "--strict", str(chart), "-f", str(path)], capture_output=True)
        failed += proc.returncode != 0
    return Timing(f"{name} lint --strict ({len(files)} runs)", len(files), time.perf_counter() - start, failed)


def table(gpuop: Timing, helms: list[Timing], missing: list[str], count: int) -> str:
    rows = [("tool", "runs", "wall s", "ms/file", "files failed", "ratio gpuop/helm")]
    rows.append((gpuop.tool, str(gpuop.runs), f"{gpuop.seconds:.2f}", f"{gpuop.seconds / count * 1000:.1f}",
                 str(gpuop.failed), ""))
    for helm in helms:
        ratio = gpuop.seconds / helm.seconds if helm.seconds else float("nan")
        rows.append((helm.tool, str(helm.runs), f"{helm.seconds:.2f}", f"{helm.seconds / count * 1000:.1f}",
                     str(helm.failed), f"{ratio:.4f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for note in [gpuop.note, *(h.note for h in helms), *missing]:
        if note:
            lines.append(f"note: {note}")
    return "\n".join(lines)


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=500, help="how many values files (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the variations")
    parser.add_argument("--helm", action="append", default=None, metavar="PATH",
                        help="Helm binaries to compare (default: .tools/bin/helm3 and .tools/bin/helm4)")
    parser.add_argument("--chart", default=str(ROOT / "charts" / "gpu-operator"), help="chart Helm lints against")
    parser.add_argument("--gpuop", default=str(ROOT / ".venv" / "bin" / "gpuop"), help="the gpuop executable")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and print their folder")
    args = parser.parse_args(argv)

    tools = os.environ.get("GPUOP_TOOLS_DIR", str(ROOT / ".tools" / "bin"))
    helms = [Path(h) for h in (args.helm or [f"{tools}/helm3", f"{tools}/helm4"])]
    chart = Path(args.chart)
    gpuop = [args.gpuop] if Path(args.gpuop).exists() else [sys.executable, "-m", "gpuop_values"]

    folder = Path(tempfile.mkdtemp(prefix="gpuop-lint-bench-"))
    try:
        files = make_files(folder, args.files, args.seed)
        print(f"{len(files)} values files in {folder}; chart {chart}", flush=True)
        gpuop_timing = time_gpuop(gpuop, files)
        timings, missing = [], []
        if not (chart / "Chart.yaml").is_file():
            missing.append(f"no chart at {chart}: Helm not run")
        else:
            for helm in helms:
                if not os.access(helm, os.X_OK):
                    missing.append(f"{helm} not installed (bash scripts/install-tools.sh): not run")
                    continue
                version = subprocess.run(
                    [str(helm), "version", "--short"], capture_output=True, text=True
                ).stdout.strip()
                print(f"running {helm.name} ({version}) {len(files)} times ...", flush=True)
                timings.append(time_helm(f"{helm.name} {version}", helm, chart, files))
        print()
        print(table(gpuop_timing, timings, missing, len(files)))
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
