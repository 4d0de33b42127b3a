"""A real kube-apiserver + etcd on loopback for tests (the envtest pattern).

    with LocalAPIServer(contexts=("east", "west")) as api:
        api.create_node("gpu-1", labels={...}, node_info={"kernelVersion": "5.15.0-91-generic"})
        with api.client("west") as client:           # kubernetes.client.ApiClient, TLS verified
            kubernetes.client.CoreV1Api(client).list_node()
        run_helm("helm3", "install", ..., "--kubeconfig", str(api.kubeconfig), "--kube-context", "east")

What it sets up, all in a private temp dir: a CA (``ca.crt``) and a serving cert for 127.0.0.1/localhost
signed by it, a service-account signing key, a static token file with one admin user in
``system:masters``, ``--authorization-mode=Node,RBAC``, a service CIDR, etcd on free loopback ports, and a
kubeconfig (certificate-authority-data + token) with one context per name in ``contexts``, all pointing at
the same server, so a test can pretend there are several clusters.

There is no kube-controller-manager, scheduler or kubelet: objects are stored and validated, nothing
reconciles them (Deployments get no Pods, namespace deletion stays Terminating, no default
ServiceAccounts are created).

Processes are started in their own session, stopped gracefully (SIGTERM, then SIGKILL after 10 s) by
``stop()`` / the context manager / an atexit hook, and killed by the kernel (PR_SET_PDEATHSIG) when the
test process dies without cleaning up, so no orphan outlives a run.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import ctypes
import datetime
import ipaddress
import json
import os
import pathlib
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from tests.support.tools import tool_path

ADMIN_USER = "gpuop-admin"
SERVICE_CIDR = "10.0.0.0/24"
FIELD_MANAGER = "gpuop-tests"

_DEFAULT_CAPACITY = {"cpu": "8", "memory": "32Gi", "pods": "110", "ephemeral-storage": "100Gi"}
_DEFAULT_NODE_INFO = {
    "kernelVersion": "5.15.0-91-generic",
    "osImage": "Ubuntu 22.04.3 LTS",
    "containerRuntimeVersion": "containerd://1.7.13",
    "operatingSystem": "linux",
    "architecture": "amd64",
}


class APIError(Exception):
    """A non-2xx answer from the apiserver; ``status`` is the HTTP code, ``body`` the decoded Status."""

    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        message = body.get("message") if isinstance(body, dict) else body
        super().__init__(f"{method} {path} -> {status}: {message}")
        self.status = status
        self.body = body


class StartupError(RuntimeError):
    """etcd or kube-apiserver did not come up; the message carries the tail of its log."""


@dataclass(frozen=True)
class _Resource:
    plural: str
    namespaced: bool


# ---------------------------------------------------------------------------------------------------------
# certificates and keys


def _write_pki(directory: pathlib.Path) -> dict[str, pathlib.Path]:
    """CA, serving cert for loopback, service-account key pair; EC P-256 keeps generation instant."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    not_before, not_after = now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2)

    def pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gpuop-test-ca")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    first_service_ip = next(ipaddress.IPv4Network(SERVICE_CIDR).hosts())
    sans: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.DNSName("kubernetes"),
        x509.DNSName("kubernetes.default"),
        x509.DNSName("kubernetes.default.svc"),
        x509.DNSName("kubernetes.default.svc.cluster.local"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(first_service_ip),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    sa_key = ec.generate_private_key(ec.SECP256R1())
    files = {
        "ca": directory / "ca.crt",
        "cert": directory / "apiserver.crt",
        "key": directory / "apiserver.key",
        "sa_key": directory / "sa.key",
        "sa_pub": directory / "sa.pub",
    }
    files["ca"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(pem_key(key))
    files["sa_key"].write_bytes(pem_key(sa_key))
    files["sa_pub"].write_bytes(
        sa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    for name in ("key", "sa_key"):
        files[name].chmod(0o600)
    return files


# ---------------------------------------------------------------------------------------------------------
# processes


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # runs in the child between fork and exec
    # PR_SET_PDEATHSIG with SIGKILL, not SIGTERM: when the test process dies hard, etcd and kube-apiserver
    # get the signal together, and a kube-apiserver shutting down gracefully without its etcd hangs.
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))


def _tail(path: pathlib.Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class _Proc:
    """One child process with its log file; stop() is idempotent and never leaves it running."""

    def __init__(self, name: str, argv: Sequence[str], log: pathlib.Path) -> None:
        self.name = name
        self.log = log
        self._log_file: IO[bytes] = log.open("wb")
        self.popen = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # only calls prctl
        )

    def check_alive(self) -> None:
        code = self.popen.poll()
        if code is not None:
            raise StartupError(f"{self.name} exited with code {code}; log {self.log}:\n{_tail(self.log)}")

    def stop(self, timeout: float = 10) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._log_file.close()


# ---------------------------------------------------------------------------------------------------------


class LocalAPIServer:
    """etcd + kube-apiserver on 127.0.0.1, free ports, data in a temp dir. Use as a context manager."""

    def __init__(
        self,
        contexts: Sequence[str] = ("gpuop-test",),
        *,
        extra_args: Sequence[str] = (),
        startup_timeout: float = 60.0,
        keep_workdir: bool = False,
    ) -> None:
        if not contexts:
            raise ValueError("at least one context name is needed")
        self.contexts = tuple(contexts)
        self.extra_args = tuple(extra_args)
        self.startup_timeout = startup_timeout
        self.keep_workdir = keep_workdir
        self.token = base64.urlsafe_b64encode(os.urandom(24)).decode().rstrip("=")
        self.workdir: pathlib.Path | None = None
        self.url = ""
        self.port = 0
        self.startup_seconds = 0.0
        self._etcd: _Proc | None = None
        self._apiserver: _Proc | None = None
        self._ssl: ssl.SSLContext | None = None
        self._resources: dict[str, dict[str, _Resource]] = {}
        self._pki: dict[str, pathlib.Path] = {}

    # -- lifecycle ----------------------------------------------------------------------------------------

    def __enter__(self) -> LocalAPIServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def ca_file(self) -> pathlib.Path:
        return self._require("ca")

    @property
    def ca_pem(self) -> bytes:
        return self.ca_file.read_bytes()

    @property
    def kubeconfig(self) -> pathlib.Path:
        """The kubeconfig written at start: one context per name in ``contexts``, the first current."""
        return self._require("kubeconfig")

    def _require(self, key: str) -> pathlib.Path:
        if key not in self._pki:
            raise RuntimeError("the apiserver is not started")
        return self._pki[key]

    def start(self) -> None:
        if self._apiserver is not None:
            raise RuntimeError("already started")
        etcd_bin, apiserver_bin = tool_path("etcd"), tool_path("kube-apiserver")
        started = time.monotonic()
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix="gpuop-apiserver-"))
        atexit.register(self.stop)
        try:
            self._pki = _write_pki(self.workdir)
            self._ssl = ssl.create_default_context(cafile=str(self._pki["ca"]))
            tokens = self.workdir / "tokens.csv"
            tokens.write_text(f'{self.token},{ADMIN_USER},{ADMIN_USER}-uid,"system:masters"\n')
            tokens.chmod(0o600)
            last: StartupError | None = None
            for attempt in range(3):  # a free port can be taken between probing and binding
                try:
                    self._launch(etcd_bin, apiserver_bin, attempt)
                    break
                except StartupError as err:
                    last = err
                    self._stop_processes()
                    if "address already in use" not in str(err):
                        raise
            else:
                assert last is not None
                raise last
            self._pki["kubeconfig"] = self.write_kubeconfig(self.workdir / "kubeconfig")
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started

    def _launch(self, etcd_bin: pathlib.Path, apiserver_bin: pathlib.Path, attempt: int) -> None:
        assert self.workdir is not None
        deadline = time.monotonic() + self.startup_timeout
        client_port, peer_port, self.port = _free_port(), _free_port(), _free_port()
        etcd_url = f"http://127.0.0.1:{client_port}"
        peer_url = f"http://127.0.0.1:{peer_port}"
        self._etcd = _Proc(
            "etcd",
            [
                str(etcd_bin),
                "--name=default",
                f"--data-dir={self.workdir / f'etcd-{attempt}'}",
                f"--listen-client-urls={etcd_url}",
                f"--advertise-client-urls={etcd_url}",
                f"--listen-peer-urls={peer_url}",
                f"--initial-advertise-peer-urls={peer_url}",
                f"--initial-cluster=default={peer_url}",
                "--unsafe-no-fsync",
                "--log-level=warn",
            ],
            self.workdir / "etcd.log",
        )
        self._wait(deadline, self._etcd, lambda: _http_ok(f"{etcd_url}/health"), "etcd /health")
        cert_dir = self.workdir / "certs"
        cert_dir.mkdir(exist_ok=True)
        pki = self._pki
        self.url = f"https://127.0.0.1:{self.port}"
        self._apiserver = _Proc(
            "kube-apiserver",
            [
                str(apiserver_bin),
                f"--etcd-servers={etcd_url}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--endpoint-reconciler-type=none",  # a loopback advertise address is refused otherwise
                f"--secure-port={self.port}",
                f"--cert-dir={cert_dir}",
                f"--tls-cert-file={pki['cert']}",
                f"--tls-private-key-file={pki['key']}",
                f"--token-auth-file={self.workdir / 'tokens.csv'}",
                f"--service-account-key-file={pki['sa_pub']}",
                f"--service-account-signing-key-file={pki['sa_key']}",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--authorization-mode=Node,RBAC",
                f"--service-cluster-ip-range={SERVICE_CIDR}",
                "--allow-privileged=true",
                "--profiling=false",
                "--v=1",
                *self.extra_args,
            ],
            self.workdir / "kube-apiserver.log",
        )
        self._wait(deadline, self._apiserver, self._ready, "kube-apiserver /readyz")

    def _ready(self) -> bool:
        try:
            self.request("GET", "/readyz")
            # /readyz can pass a moment before the bootstrap controller has written these namespaces
            self.request("GET", "/api/v1/namespaces/default")
            self.request("GET", "/api/v1/namespaces/kube-system")
        except (APIError, OSError):
            return False
        return True

    def _wait(self, deadline: float, proc: _Proc, probe: Any, what: str) -> None:
        while True:
            proc.check_alive()
            if probe():
                return
            if time.monotonic() > deadline:
                raise StartupError(
                    f"{what} not ready after {self.startup_timeout:.0f}s; log {proc.log}:\n{_tail(proc.log)}"
                )
            time.sleep(0.1)

    def _stop_processes(self) -> None:
        for proc in (self._apiserver, self._etcd):
            if proc is not None:
                proc.stop()
        self._apiserver = self._etcd = None

    def stop(self) -> None:
        """Stop kube-apiserver, then etcd; remove the temp dir. Safe to call more than once."""
        self._stop_processes()
        atexit.unregister(self.stop)
        if self.workdir is not None and not self.keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self._pki = {}

    # -- kubeconfig and clients ---------------------------------------------------------------------------

    def kubeconfig_dict(self, contexts: Sequence[str] | None = None, current: str | None = None) -> dict[str, Any]:
        """A kubeconfig: one cluster, user and context per name, all pointing at this server."""
        names = tuple(contexts) if contexts is not None else self.contexts
        ca_data = base64.b64encode(self.ca_pem).decode()
        return {
            "apiVersion": "v1",
            "kind": "Config",
            "preferences": {},
            "clusters": [
                {"name": n, "cluster": {"server": self.url, "certificate-authority-data": ca_data}} for n in names
            ],
            "users": [{"name": f"{n}-admin", "user": {"token": self.token}} for n in names],
            "contexts": [{"name": n, "context": {"cluster": n, "user": f"{n}-admin"}} for n in names],
            "current-context": current or names[0],
        }

    def write_kubeconfig(
        self, path: pathlib.Path, contexts: Sequence[str] | None = None, current: str | None = None
    ) -> pathlib.Path:
        """Write :meth:`kubeconfig_dict` to ``path`` (JSON, which every kubeconfig reader accepts)."""
        path.write_text(json.dumps(self.kubeconfig_dict(contexts, current), indent=2) + "\n")
        path.chmod(0o600)
        return path

    @contextlib.contextmanager
    def client(self, context: str | None = None) -> Iterator[Any]:
        """A ``kubernetes.client.ApiClient`` from the written kubeconfig (TLS verified), closed after."""
        from kubernetes import config

        api_client = config.new_client_from_config(config_file=str(self.kubeconfig), context=context)
        try:
            yield api_client
        finally:
            api_client.close()

    # -- raw REST -----------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str = "application/json",
        query: Mapping[str, str] | None = None,
        timeout: float = 30,
    ) -> Any:
        """One HTTPS call as the admin user; returns the decoded JSON (or text). Raises :class:`APIError`."""
        if self._ssl is None:
            raise RuntimeError("the apiserver is not started")
        url = self.url + path + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, context=self._ssl, timeout=timeout) as resp:
                return _decode(resp.read())
        except urllib.error.HTTPError as err:
            with err:
                raise APIError(method, path, err.code, _decode(err.read())) from None

    def _resource(self, api_version: str, kind: str, wait: float = 10.0) -> _Resource:
        """Plural and scope of ``kind`` from discovery; waits up to ``wait`` s for a just-added CRD's kind."""
        cached = self._resources.get(api_version, {}).get(kind)
        if cached is not None:
            return cached
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        deadline = time.monotonic() + wait
        while True:
            try:
                listing = self.request("GET", base)
            except APIError as err:  # a group appears in discovery a moment after its CRD is Established
                if err.status != 404:
                    raise
            else:
                self._resources[api_version] = {
                    r["kind"]: _Resource(r["name"], r["namespaced"])
                    for r in listing["resources"]
                    if "/" not in r["name"]
                }
                if kind in self._resources[api_version]:
                    return self._resources[api_version][kind]
            if time.monotonic() > deadline:
                raise LookupError(f"the apiserver serves no kind {kind!r} in {api_version}")
            time.sleep(0.1)

    def path_for(self, api_version: str, kind: str, name: str | None = None, namespace: str | None = None) -> str:
        """The REST path of a collection (``name=None``) or of one object."""
        res = self._resource(api_version, kind)
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        if res.namespaced:
            base += f"/namespaces/{namespace or 'default'}"
        return f"{base}/{res.plural}" + (f"/{name}" if name else "")

    # -- objects ------------------------------------------------------------------------------------------

    def apply(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """Server-side apply of one object (create or update), as ``kubectl apply --server-side --force``."""
        meta = obj.get("metadata", {})
        path = self.path_for(obj["apiVersion"], obj["kind"], meta["name"], meta.get("namespace"))
        result: dict[str, Any] = self.request(
            "PATCH",
            path,
            dict(obj),
            content_type="application/apply-patch+yaml",
            query={"fieldManager": FIELD_MANAGER, "force": "true"},
        )
        return result

    def create(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """POST one object (409 :class:`APIError` if it exists); unknown fields of a CR are pruned, not refused."""
        meta = obj.get("metadata", {})
        path = self.path_for(obj["apiVersion"], obj["kind"], None, meta.get("namespace"))
        result: dict[str, Any] = self.request("POST", path, dict(obj))
        return result

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> dict[str, Any] | None:
        """The object, or None when it does not exist."""
        try:
            result: dict[str, Any] = self.request("GET", self.path_for(api_version, kind, name, namespace))
        except APIError as err:
            if err.status == 404:
                return None
            raise
        return result

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> None:
        """Delete the object; a missing one is fine."""
        try:
            self.request("DELETE", self.path_for(api_version, kind, name, namespace))
        except APIError as err:
            if err.status != 404:
                raise

    def wait_established(self, name: str, timeout: float = 30) -> dict[str, Any]:
        """Wait until the CRD *name* is Established (its status may be empty at first); return it."""
        deadline = time.monotonic() + timeout
        conditions: dict[str, Any] = {}
        while time.monotonic() < deadline:
            crd = self.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name)
            status = (crd or {}).get("status") or {}
            conditions = {c["type"]: c for c in status.get("conditions") or []}
            if crd is not None and conditions.get("Established", {}).get("status") == "True":
                return crd
            time.sleep(0.1)
        raise AssertionError(f"CRD {name} not Established after {timeout}s: {conditions}")

    def create_node(
        self,
        name: str,
        labels: Mapping[str, str] | None = None,
        node_info: Mapping[str, str] | None = None,
        capacity: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Create (or update) a Node, then set its status through the ``status`` subresource.

        ``node_info`` overrides fields of ``status.nodeInfo`` (defaults: Ubuntu 22.04, kernel
        5.15.0-91-generic, containerd, linux/amd64, kubelet at the server's version); ``capacity`` adds to
        or overrides the default cpu/memory/pods (e.g. ``{"nvidia.com/gpu": "8"}``); allocatable equals
        capacity. The node gets a Ready condition and an InternalIP. Returns the Node as stored.
        """
        self.apply(
            {
                "apiVersion": "v1",
                "kind": "Node",
                "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
            }
        )
        version = self.server_version()
        info = {
            "machineID": uuid.uuid4().hex,
            "systemUUID": str(uuid.uuid4()),
            "bootID": str(uuid.uuid4()),
            "kubeletVersion": version,
            "kubeProxyVersion": version,
            **_DEFAULT_NODE_INFO,
            **(node_info or {}),
        }
        resources = {**_DEFAULT_CAPACITY, **(capacity or {})}
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        status = {
            "nodeInfo": info,
            "capacity": resources,
            "allocatable": resources,
            "addresses": [
                {"type": "InternalIP", "address": f"192.0.2.{1 + sum(name.encode()) % 250}"},
                {"type": "Hostname", "address": name},
            ],
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "KubeletReady",
                    "message": "gpuop test node",
                    "lastHeartbeatTime": now,
                    "lastTransitionTime": now,
                }
            ],
        }
        node: dict[str, Any] = self.request(
            "PATCH",
            f"/api/v1/nodes/{name}/status",
            {"status": status},
            content_type="application/merge-patch+json",
        )
        return node

    def server_version(self) -> str:
        """``gitVersion`` from ``/version``, e.g. ``v1.37.2``."""
        return str(self.request("GET", "/version")["gitVersion"])


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False
