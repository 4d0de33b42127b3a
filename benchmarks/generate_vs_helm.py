"""Benchmark `gpuop values generate` against the tools a user would otherwise run.

Measured side by side in one run, each command as a fresh process (what a user pays):

1. `gpuop --help` wall time (and that it loads no kubernetes/pyhelm3/jsonschema);
2. `gpuop values generate` from flags vs `helm template` of this project's chart with the same
   values (Helm 3 and Helm 4), median of N runs each, and the ratio;
3. `gpuop values generate --nodes-file` over 5,000 nodes with mixed kernels.

Usage: .venv/bin/python benchmarks/generate_vs_helm.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GPUOP = [str(Path(sys.executable).parent / "gpuop")]  # the console script a user runs
CHART = REPO / "charts" / "gpu-operator"
TOOLS = REPO / ".tools" / "bin"
SEED = ["--registry", "dockerhub.kubekey.local/kse", "--kernel", "5.15.0-131-generic", "--os", "ubuntu22.04",
        "--driver-branch", "550"]


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def timed(argv: list[str], runs: int) -> list[float]:
    once(argv)  # warm the page cache
    return [once(argv) for _ in range(runs)]


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Run the commands in turn, round after round, so background load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():
        once(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(once(argv))
    return times


def nodes_document(count: int) -> dict[str, object]:
    rng = random.Random(7)
    kernels = [f"5.15.0-{n}-generic" for n in range(80, 140)]
    items = []
    for index in range(count):
        kernel = rng.choice(kernels)
        labels = {
            "kubernetes.io/hostname": f"gpu-{index:05d}",
            "feature.node.kubernetes.io/system-os_release.ID": "ubuntu",
            "feature.node.kubernetes.io/system-os_release.VERSION_ID": "22.04",
            "feature.node.kubernetes.io/kernel-version.full": kernel,
            "feature.node.kubernetes.io/pci-10de.present": "true" if index % 4 else "false",
            "feature.node.kubernetes.io/cpu-cpuid.AVX2": "true",
            "node.kubernetes.io/instance-type": "gpu.large",
        }
        items.append({
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {"name": f"gpu-{index:05d}", "labels": labels,
                         "annotations": {"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/x": "true"}},
            "spec": {"podCIDR": f"10.{index // 250}.{index % 250}.0/24"},
            "status": {
                "capacity": {"cpu": "64", "memory": "515879588Ki", "pods": "110"},
                "conditions": [{"type": t, "status": "False", "reason": "Ok", "message": "fine",
                                "lastHeartbeatTime": "2026-11-26T10:00:00Z"} for t in ("MemoryPressure",
                                                                                        "DiskPressure", "PIDPressure")],
                "addresses": [{"type": "InternalIP", "address": f"172.28.{index // 250}.{index % 250}"}],
                "nodeInfo": {"osImage": "Ubuntu 22.04.5 LTS", "kernelVersion": kernel,
                             "containerRuntimeVersion": "containerd://1.7.13", "kubeletVersion": "v1.29.4",
                             "operatingSystem": "linux", "architecture": "amd64"},
            },
        })
    return {"apiVersion": "v1", "kind": "List", "items": items}


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs = max(10, args.runs)
    rows: list[tuple[str, float]] = []

    # A pip install byte-compiles the package; an editable checkout (maybe with PYTHONDONTWRITEBYTECODE)
    # would recompile every module on every run, which no installed user pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "gpuop_values")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        probe = subprocess.run(
            [sys.executable, "-c", "import sys\nfrom gpuop_values.cli import main\ntry: main(['--help'])\n"
             "except SystemExit: pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('kubernetes','pyhelm3','jsonschema')))"],
            capture_output=True, text=True, cwd=REPO, check=True)
        heavy = probe.stdout.strip().splitlines()[-1]
        values = work / "values.yaml"
        subprocess.run([*GPUOP, "values", "generate", *SEED, "-o", str(values)], check=True, cwd=REPO,
                       capture_output=True)
        commands = {
            "gpuop --help": [*GPUOP, "--help"],
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "gpuop values generate (flags)": [*GPUOP, "values", "generate", *SEED],
        }
        for helm in ("helm3", "helm4"):
            binary = TOOLS / helm
            if not binary.exists():
                raise SystemExit(f"{binary} missing: run bash scripts/install-tools.sh")
            commands[f"{helm} template charts/gpu-operator -f values"] = [
                str(binary), "template", "gpu-operator", str(CHART), "-f", str(values)]
        medians = {name: median_ms(t) for name, t in interleaved(commands, runs).items()}
        rows += list(medians.items())
        generate_ms = medians["gpuop values generate (flags)"]
        helm_ms = {h: medians[f"{h} template charts/gpu-operator -f values"] for h in ("helm3", "helm4")}

        nodes = work / "nodes.json"
        nodes.write_text(json.dumps(nodes_document(5000)))
        size_mb = nodes.stat().st_size / 1e6
        nodes_ms = median_ms(timed([*GPUOP, "values", "generate", "--registry", "r.local/k", "--nodes-file",
                                    str(nodes)], max(5, runs // 3)))
        rows.append((f"gpuop values generate --nodes-file (5,000 nodes, {size_mb:.1f} MB)", nodes_ms))

    width = max(len(name) for name, _ in rows)
    print(f"{'command':<{width}}  median ms   ({runs} interleaved runs each, fresh processes)")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.1f}")
    print()
    print(f"heavy modules loaded by --help: {heavy}")
    for helm, ms in helm_ms.items():
        print(f"ratio generate / {helm} template: {generate_ms / ms:.2f}  (goal: <= 1.00)")
    print(f"5,000-node nodes file: {nodes_ms / 1000:.2f} s  (goal: < 1 s)")


if __name__ == "__main__":
    main()
