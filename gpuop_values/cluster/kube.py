"""Read Node objects from a live cluster through the kubernetes client (imported lazily)."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from gpuop_values.errors import BadInputError, ToolEnvironmentError


def list_node_items(kubeconfig: str | None, context: str | None) -> list[dict[str, t.Any]]:
    """The raw Node objects, exactly as ``kubectl get nodes -o json`` would give their items."""
    try:
        from kubernetes import client, config
        from kubernetes.client.exceptions import ApiException
        from kubernetes.config.config_exception import ConfigException
    except ImportError:
        raise ToolEnvironmentError(
            "reading a live cluster needs the kubernetes client, which is not installed",
            hint="pip install 'gpuop[cluster]' (or use --nodes-file with `kubectl get nodes -o json`)",
        ) from None

    where = kubeconfig or "kubeconfig (KUBECONFIG or ~/.kube/config)"
    if kubeconfig is not None and not Path(kubeconfig).is_file():
        raise BadInputError("kubeconfig not found", where=kubeconfig, hint="pass --kubeconfig PATH to an existing file")
    configuration = client.Configuration()
    try:
        config.load_kube_config(config_file=kubeconfig, context=context, client_configuration=configuration)
    except ConfigException as exc:
        raise BadInputError(
            f"cannot use the kubeconfig: {exc}",
            where=where,
            hint="check --kubeconfig and --context (kubectl config get-contexts)",
        ) from None
    except FileNotFoundError:
        raise BadInputError("kubeconfig not found", where=where, hint="pass --kubeconfig PATH") from None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise BadInputError(f"cannot read the kubeconfig: {exc}", where=where) from None
    configuration.retries = 0
    api = client.CoreV1Api(client.ApiClient(configuration))
    label = f"context {context!r}" if context else "the current context"
    try:
        response: t.Any = api.list_node(_preload_content=False, _request_timeout=20)
        data = json.loads(response.data)
    except ApiException as exc:
        raise ToolEnvironmentError(
            f"the cluster of {label} refused to list nodes: {exc.status} {exc.reason}",
            where=configuration.host,
            hint="the user needs permission to list nodes (get/list on nodes)",
        ) from None
    except Exception as exc:  # urllib3 connection and TLS errors have no common base worth naming
        reason = _reason(exc)
        raise ToolEnvironmentError(
            f"cannot reach the cluster of {label}: {reason}",
            where=configuration.host,
            hint="check that the API server is up and that its certificate is trusted by the kubeconfig",
        ) from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ToolEnvironmentError("the API server answered without a node list", where=configuration.host)
    return items


def _reason(exc: BaseException) -> str:
    """The part of a urllib3 error a user can act on: 'Connection refused', 'certificate verify failed'."""
    text = str(exc).replace("\n", " ")
    for marker in ("certificate verify failed", "[Errno", "Name or service not known", "timed out"):
        at = text.find(marker)
        if at >= 0:
            end = text.find(")", at)
            return text[at : end if end > at else None].strip(" '\"")[:200]
    return text[:200]
