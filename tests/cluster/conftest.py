"""Cluster tier: one real kube-apiserver + etcd on loopback for the whole session.

Tests share the server, so they use their own object names (or namespaces) and clean up what would get
in another test's way. ``apiserver.kubeconfig`` has the contexts ``gpuop-test`` (current),
``cluster-a`` and ``cluster-b``, all pointing at the same server, for tests that need several clusters.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.apiserver import LocalAPIServer

CONTEXTS = ("gpuop-test", "cluster-a", "cluster-b")


@pytest.fixture(scope="session")
def apiserver() -> Iterator[LocalAPIServer]:
    with LocalAPIServer(contexts=CONTEXTS) as server:
        yield server
