"""``gpuop values generate``: options → GenerateRequest → core → text on stdout or a file."""

from __future__ import annotations

import argparse
import sys
import typing as t
from pathlib import Path

from gpuop_values.cli.app import command_parser

DOC = """\
Turn node facts and a private registry into a validated values file.

Node facts come from one source: --kernel/--os, --nodes-file, --from-cluster, or the local host.

examples:
  gpuop values generate --registry dockerhub.kubekey.local/kse \\
    --kernel 5.15.0-131-generic --os ubuntu22.04 --driver-branch 550 --format kubesphere
  gpuop values generate --registry harbor.local/gpu --nodes-file nodes.json -o values.yaml
  gpuop values generate --registry dockerhub.kubekey.local/kse --format installplan \\
    --nodes-file gpu-a=a.json --nodes-file gpu-b=b.json"""


def register(commands: t.Any) -> None:
    parser = command_parser(commands, "generate", run, "turn node facts and a registry into values", DOC)
    add = parser.add_argument
    add(
        "--registry",
        required=True,
        metavar="REG",
        help="private registry host[:port][/path], e.g. dockerhub.kubekey.local/kse",
    )
    add(
        "--mapping",
        default="kubekey",
        metavar="RULE",
        help="kubekey: drop the source host, keep the path (default); keep-host: keep the host as a path "
        "segment; flatten: last path segment only (single-level Harbor projects)",
    )
    facts = parser.add_argument_group("node facts (one source)")
    facts.add_argument("--kernel", metavar="K", help="GPU node kernel (uname -r), with --os")
    facts.add_argument(
        "--os",
        dest="os_tag",
        metavar="OS",
        help="GPU node OS as the operator writes it: ubuntu22.04, rhel8.9, rhcos4.14",
    )
    facts.add_argument(
        "--nodes-file",
        action="append",
        default=[],
        metavar="[CLUSTER=]FILE",
        help="output of `kubectl get nodes -o json`; repeat for several clusters",
    )
    facts.add_argument("--from-cluster", action="store_true", help="read the nodes from the live cluster")
    facts.add_argument("--kubeconfig", metavar="PATH", help="kubeconfig for --from-cluster")
    facts.add_argument(
        "--context", action="append", default=[], metavar="C", help="kubeconfig context; repeat for several clusters"
    )
    driver = parser.add_argument_group("driver")
    driver.add_argument("--driver-branch", metavar="B", help="driver branch, e.g. 550 (default: the release's)")
    driver.add_argument("--driver-version", metavar="V", help="full driver version, e.g. 550.54.14")
    driver.add_argument("--driver-mode", default="auto", metavar="MODE", help="auto | pinned | precompiled | pools")
    out = parser.add_argument_group("values")
    out.add_argument("--runtime", metavar="R", help="docker | containerd | crio (default: detected)")
    out.add_argument(
        "--release", default="v23.9.2", metavar="REL", help="GPU Operator release catalog (default v23.9.2)"
    )
    out.add_argument("--format", dest="fmt", default="chart", metavar="F", help="chart | kubesphere | installplan")
    out.add_argument("--pull-secret", metavar="NAME", help="image pull secret for every component")
    out.add_argument("--monitoring", metavar="M", help="whizard: ServiceMonitor for WizTelemetry")
    out.add_argument(
        "--enable", action="append", default=[], metavar="COMPONENT", help="switch a component on (repeatable)"
    )
    out.add_argument(
        "--disable", action="append", default=[], metavar="COMPONENT", help="switch a component off (repeatable)"
    )
    out.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="applied last, like helm --set (repeatable)",
    )
    out.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    out.add_argument("--force", action="store_true", help="overwrite an existing output file")


def run(args: argparse.Namespace) -> int:
    from gpuop_values.generate import GenerateRequest, generate
    from gpuop_values.yamlio import check_writable, write_atomic

    request = GenerateRequest(
        registry=args.registry,
        mapping=args.mapping,
        kernel=args.kernel,
        os=args.os_tag,
        nodes_files=args.nodes_file,
        from_cluster=args.from_cluster,
        kubeconfig=args.kubeconfig,
        contexts=args.context,
        driver_branch=args.driver_branch,
        driver_version=args.driver_version,
        driver_mode=args.driver_mode,
        runtime=args.runtime,
        release=args.release,
        format=args.fmt,
        pull_secret=args.pull_secret,
        monitoring=args.monitoring,
        enable=args.enable,
        disable=args.disable,
        sets=args.sets,
    )
    output: Path | None = args.output
    if output is not None:
        check_writable(output, force=args.force)  # before reading a cluster, not after
    result = generate(request)
    for note in result.notes:
        sys.stderr.write(f"note: {note}\n")
    if output is None:
        sys.stdout.write(result.text)
    else:
        write_atomic(output, result.text, force=args.force)
        sys.stderr.write(f"wrote {output}\n")
    return 0
