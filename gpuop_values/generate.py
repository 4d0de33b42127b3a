"""``gpuop values generate``: a request in, the rendered document and notes out (no printing here)."""

from __future__ import annotations

import typing as t

from gpuop_values import catalog as catalogs
from gpuop_values import facts as facts_mod
from gpuop_values.errors import BadInputError
from gpuop_values.formats import FORMATS, installplan, kubesphere
from gpuop_values.images import image_set
from gpuop_values.plan import MODES, DriverPlan, parse_driver_choice, plan_driver
from gpuop_values.references import Mapping, parse_registry
from gpuop_values.values import Options, build_values, switch_name
from gpuop_values.yamlio import dump_yaml


class GenerateRequest(t.NamedTuple):
    registry: str
    mapping: str = "kubekey"
    kernel: str | None = None
    os: str | None = None
    nodes_files: t.Sequence[str] = ()
    from_cluster: bool = False
    kubeconfig: str | None = None
    contexts: t.Sequence[str] = ()
    driver_branch: str | None = None
    driver_version: str | None = None
    driver_mode: str = "auto"
    runtime: str | None = None
    release: str = "v23.9.2"
    format: str = "chart"
    pull_secret: str | None = None
    monitoring: str | None = None
    enable: t.Sequence[str] = ()
    disable: t.Sequence[str] = ()
    sets: t.Sequence[str] = ()


class ClusterResult(t.NamedTuple):
    facts: facts_mod.ClusterFacts
    plan: DriverPlan
    values: dict[str, t.Any]
    runtime: str


class GenerateResult(t.NamedTuple):
    document: dict[str, t.Any]
    text: str
    clusters: list[ClusterResult]
    notes: list[str]


def gather_facts(request: GenerateRequest) -> list[facts_mod.ClusterFacts]:
    """One ClusterFacts per cluster, from exactly one source."""
    flags = request.kernel is not None or request.os is not None
    cluster = request.from_cluster or bool(request.contexts) or request.kubeconfig is not None
    sources = [
        name
        for name, used in (
            ("--kernel/--os", flags),
            ("--nodes-file", bool(request.nodes_files)),
            ("--from-cluster", cluster),
        )
        if used
    ]
    if len(sources) > 1:
        raise BadInputError(
            f"{' and '.join(sources)} conflict: node facts come from one source",
            hint="give --kernel and --os, or --nodes-file, or --from-cluster",
        )
    if flags:
        if request.kernel is None or request.os is None:
            missing = "--os" if request.os is None else "--kernel"
            raise BadInputError(f"--kernel and --os go together; {missing} is missing", hint=f"add {missing}")
        return [facts_mod.from_flags(request.kernel, request.os, request.runtime)]
    if request.nodes_files:
        found = []
        for option in request.nodes_files:
            name, path = facts_mod.parse_nodes_file_option(option)
            found.append(facts_mod.from_nodes_file(path, name))
        _unique_names(found)
        return found
    if cluster:
        from gpuop_values.cluster.kube import list_node_items

        found = []
        contexts: list[str | None] = list(request.contexts) or [None]
        for context in contexts:
            items = list_node_items(request.kubeconfig, context)
            if not items:
                raise BadInputError(
                    "the cluster has no nodes", where=f"context {context or '(current)'}", hint="check the context"
                )
            name = context or "cluster"
            found.append(facts_mod.from_node_items(items, name, f"cluster {name}"))
        _unique_names(found)
        return found
    return [facts_mod.from_host()]


def _unique_names(found: list[facts_mod.ClusterFacts]) -> None:
    names = [c.name for c in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BadInputError(
            f"several clusters are named {', '.join(duplicates)}",
            where="--nodes-file",
            hint="name them: --nodes-file prod=prod.json --nodes-file lab=lab.json",
        )


def _runtime(request: GenerateRequest, facts: facts_mod.ClusterFacts, default: str) -> tuple[str, list[str]]:
    if request.runtime:
        return facts_mod.parse_runtime(request.runtime), []
    seen: dict[str, list[str]] = {}
    for node in facts.nodes:
        if node.runtime:
            seen.setdefault(node.runtime, []).append(node.name)
    if len(seen) > 1:
        detail = "; ".join(
            f"{rt}: {', '.join(nodes[:3])}{' …' if len(nodes) > 3 else ''}" for rt, nodes in sorted(seen.items())
        )
        raise BadInputError(
            f"the GPU nodes of {facts.name} run different container runtimes ({detail})",
            where=facts.source,
            hint="pass --runtime to choose one; the operator configures a single runtime for all GPU nodes",
        )
    if seen:
        return next(iter(seen)), []
    if facts.source in ("flags", "host"):
        return default, [f"container runtime not given; using {default} (pass --runtime docker|containerd|crio)"]
    return default, [f"{facts.name}: the nodes report no container runtime; using {default} (pass --runtime)"]


def generate(request: GenerateRequest) -> GenerateResult:
    if request.format not in FORMATS:
        raise BadInputError(f"unknown format {request.format!r}", where="--format", hint=f"one of {', '.join(FORMATS)}")
    if request.driver_mode not in MODES:
        raise BadInputError(
            f"unknown driver mode {request.driver_mode!r}", where="--driver-mode", hint=f"one of {', '.join(MODES)}"
        )
    try:
        mapping = Mapping(request.mapping)
    except ValueError:
        raise BadInputError(
            f"unknown mapping {request.mapping!r}",
            where="--mapping",
            hint=f"one of {', '.join(m.value for m in Mapping)}",
        ) from None
    registry = parse_registry(request.registry)
    flavour = "upstream" if request.format == "chart" else "kubesphere"
    catalog = catalogs.load(request.release, flavour)
    choice = parse_driver_choice(request.driver_branch, request.driver_version, catalog)
    enable = [switch_name(name, catalog) for name in request.enable]
    disable = [switch_name(name, catalog) for name in request.disable]

    all_facts = gather_facts(request)
    if len(all_facts) > 1 and request.format != "installplan":
        raise BadInputError(
            f"facts for {len(all_facts)} clusters need --format installplan",
            hint="or generate one file per cluster",
        )

    from gpuop_values import schema

    notes: list[str] = []
    results: list[ClusterResult] = []
    for facts in all_facts:
        notes.extend(facts.notes)
        unsupported = sorted({n.os for n in facts.nodes if n.os_id not in catalog.supported_os})
        if unsupported and catalog.supported_os:
            notes.append(
                f"{facts.name}: NVIDIA published no {catalog.release} driver images for {', '.join(unsupported)}; "
                "you will need to build them"
            )
        plan = plan_driver(facts, choice, request.driver_mode, catalog)
        runtime, runtime_notes = _runtime(request, facts, catalog.default_runtime)
        notes.extend(runtime_notes)
        options = Options(
            registry=registry,
            mapping=mapping,
            runtime=runtime,
            pull_secret=request.pull_secret,
            monitoring=request.monitoring,
            enable=enable,
            disable=disable,
            sets=request.sets,
            single_driver_cr=request.format != "chart",
        )
        values, value_notes = build_values(catalog, plan, options)
        schema.check(values, f"values for {facts.name}")
        notes.extend(n for n in value_notes if n not in notes)
        results.append(ClusterResult(facts, plan, values, runtime))

    if request.format == "chart":
        document = results[0].values
    elif request.format == "kubesphere":
        document = kubesphere(results[0].values)
    else:
        document = installplan([(r.facts.name, r.values) for r in results], catalog)
    text = dump_yaml(document, header=_header(catalog, results, request.format))
    return GenerateResult(document=document, text=text, clusters=results, notes=notes)


def _header(catalog: catalogs.Catalog, results: list[ClusterResult], fmt: str) -> str:
    from gpuop_values import __version__

    lines = [
        f"Generated by gpuop {__version__} for NVIDIA GPU Operator {catalog.release} ({fmt} format).",
    ]
    if any(r.values.get("dcgmExporter", {}).get("serviceMonitor", {}).get("enabled") for r in results):
        # WizTelemetry brings the Prometheus operator the ServiceMonitor needs; tell `gpuop values lint`.
        lines.append("gpuop-lint: cluster-has=prometheus-operator")
    for result in results:
        plan = result.plan
        oses = ", ".join(result.facts.oses)
        prefix = f"{result.facts.name}: " if len(results) > 1 else ""
        lines.append(
            f"{prefix}driver plan {plan.mode} for {len(result.facts.nodes)} GPU node(s) on {oses}, "
            f"kernels {', '.join(result.facts.kernels)}, runtime {result.runtime}."
        )
        if plan.mode == "pinned":
            lines.append(
                f"{prefix}driver.version {plan.version} excludes the OS suffix: the operator appends "
                f"-{plan.tags[0].os}."
            )
        entries = [e for e in image_set(result.values, catalog, plan) if e.needed]
        lines.append(f"{prefix}images to mirror for the components switched on (public -> private):")
        for entry in sorted(entries, key=lambda e: (e.slot != "driver", e.source or "", e.target)):
            lines.append(f"  {entry.source or '(built by you)'} -> {entry.target}")
    return "\n".join(lines)
