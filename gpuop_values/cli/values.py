"""``gpuop values ...``: generate (and lint) values files."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(
    help="Generate and lint values for the GPU Operator chart and the KubeSphere extension.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

ListOpt = list[str] | None


@app.command("generate")
def generate_command(
    registry: str = typer.Option(
        ..., "--registry", help="Private registry host[:port][/path], e.g. dockerhub.kubekey.local/kse."
    ),
    mapping: str = typer.Option(
        "kubekey",
        "--mapping",
        help="kubekey: drop the source host, keep the path (default); keep-host: keep the host as a path "
        "segment; flatten: last path segment only (single-level Harbor projects).",
    ),
    kernel: str | None = typer.Option(None, "--kernel", help="GPU node kernel (uname -r), with --os."),
    os_tag: str | None = typer.Option(
        None, "--os", help="GPU node OS as the operator writes it: ubuntu22.04, rhel8.9, rhcos4.14."
    ),
    nodes_file: ListOpt = typer.Option(
        None, "--nodes-file", help="[CLUSTER=]FILE: output of `kubectl get nodes -o json`; repeat for several clusters."
    ),
    from_cluster: bool = typer.Option(False, "--from-cluster", help="Read the nodes from the live cluster."),
    kubeconfig: str | None = typer.Option(None, "--kubeconfig", help="Kubeconfig for --from-cluster."),
    context: ListOpt = typer.Option(None, "--context", help="Kubeconfig context; repeat for several clusters."),
    driver_branch: str | None = typer.Option(
        None, "--driver-branch", help="Driver branch, e.g. 550 (default: the release's)."
    ),
    driver_version: str | None = typer.Option(None, "--driver-version", help="Full driver version, e.g. 550.54.14."),
    driver_mode: str = typer.Option("auto", "--driver-mode", help="auto | pinned | precompiled | pools."),
    runtime: str | None = typer.Option(None, "--runtime", help="docker | containerd | crio (default: detected)."),
    release: str = typer.Option("v23.9.2", "--release", help="GPU Operator release catalog."),
    fmt: str = typer.Option("chart", "--format", help="chart | kubesphere | installplan."),
    pull_secret: str | None = typer.Option(None, "--pull-secret", help="Image pull secret for every component."),
    monitoring: str | None = typer.Option(None, "--monitoring", help="whizard: ServiceMonitor for WizTelemetry."),
    enable: ListOpt = typer.Option(None, "--enable", help="Switch a component on (repeatable)."),
    disable: ListOpt = typer.Option(None, "--disable", help="Switch a component off (repeatable)."),
    sets: ListOpt = typer.Option(None, "--set", help="path.to.key=value applied last (repeatable)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Turn node facts and a private registry into a validated values file.

    Examples:

      gpuop values generate --registry dockerhub.kubekey.local/kse \
        --kernel 5.15.0-131-generic --os ubuntu22.04 --driver-branch 550 --format kubesphere

      gpuop values generate --registry harbor.local/gpu --nodes-file nodes.json -o values.yaml
    """
    from gpuop_values.generate import GenerateRequest, generate
    from gpuop_values.yamlio import write_atomic

    request = GenerateRequest(
        registry=registry,
        mapping=mapping,
        kernel=kernel,
        os=os_tag,
        nodes_files=list(nodes_file or []),
        from_cluster=from_cluster,
        kubeconfig=kubeconfig,
        contexts=list(context or []),
        driver_branch=driver_branch,
        driver_version=driver_version,
        driver_mode=driver_mode,
        runtime=runtime,
        release=release,
        format=fmt,
        pull_secret=pull_secret,
        monitoring=monitoring,
        enable=list(enable or []),
        disable=list(disable or []),
        sets=list(sets or []),
    )
    if output is not None and output.exists() and not force:
        from gpuop_values.errors import BadInputError

        raise BadInputError("output file already exists", where=str(output), hint="pass --force to overwrite it")
    result = generate(request)
    for note in result.notes:
        sys.stderr.write(f"note: {note}\n")
    if output is None:
        sys.stdout.write(result.text)
    else:
        write_atomic(output, result.text, force=force)
        sys.stderr.write(f"wrote {output}\n")


# Registers `gpuop values lint` on this app (kept in its own module).
from gpuop_values.cli import values_lint  # noqa: E402,F401
