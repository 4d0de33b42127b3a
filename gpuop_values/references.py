"""Image references: parse, format, and map into a private registry.

A reference is ``[host[:port]/]path[:tag][@digest]``. The first path segment is a registry host
when it contains ``.`` or ``:`` or is ``localhost`` (the rule container runtimes use); otherwise the
image lives on Docker Hub, where a single-segment path gets ``library/`` in front.
"""

from __future__ import annotations

import enum
import re
import typing as t

from gpuop_values.errors import BadInputError

DOCKER_HUB = "docker.io"

# OCI distribution-spec grammar, restricted to what registries accept.
_PATH_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$")
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$"
)
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")


class Mapping(str, enum.Enum):
    """How a public image path lands in the private registry."""

    #: KubeKey's rule: drop the source host, keep the path (nvcr.io/nvidia/k8s/x → REG/nvidia/k8s/x).
    KUBEKEY = "kubekey"
    #: Keep the source host as a path segment (nvcr.io/nvidia/x → REG/nvcr.io/nvidia/x).
    KEEP_HOST = "keep-host"
    #: Last segment only, for single-level Harbor projects (nvcr.io/nvidia/k8s/x → REG/x).
    FLATTEN = "flatten"


def is_host(segment: str) -> bool:
    return "." in segment or ":" in segment or segment == "localhost"


class ImageRef(t.NamedTuple):
    host: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def repository(self) -> str:
        return f"{self.host}/{self.path}"

    def __str__(self) -> str:
        text = self.repository
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


def parse_reference(text: str, *, what: str = "image reference") -> ImageRef:
    """Parse a full image reference; bad ones raise BadInputError naming the problem."""
    if not text or text != text.strip() or any(c.isspace() for c in text):
        raise BadInputError(f"{what} {text!r} is empty or contains spaces")
    rest, digest = text, None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
        if not DIGEST.match(digest):
            raise BadInputError(f"{what} {text!r} has an invalid digest", hint="use @sha256:<64 hex>")
    tag = None
    last_slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > last_slash:
        rest, tag = rest[:colon], rest[colon + 1 :]
        if not TAG.match(tag):
            raise BadInputError(f"{what} {text!r} has an invalid tag {tag!r}")
    host, path = split_repository(rest, what=what)
    return ImageRef(host=host, path=path, tag=tag, digest=digest)


def split_repository(repository: str, *, what: str = "repository") -> tuple[str, str]:
    """``nvcr.io/nvidia/k8s`` → (``nvcr.io``, ``nvidia/k8s``); Docker Hub paths get ``docker.io``."""
    parts = repository.split("/")
    if len(parts) > 1 and is_host(parts[0]):
        host, segments = parts[0], parts[1:]
        if not _HOST.match(host):
            raise BadInputError(f"{what} {repository!r} has an invalid registry host {host!r}")
    else:
        host, segments = DOCKER_HUB, parts
        if len(segments) == 1:
            segments = ["library", *segments]
    for segment in segments:
        if not _PATH_COMPONENT.match(segment):
            raise BadInputError(
                f"{what} {repository!r} has an invalid path segment {segment!r}",
                hint="path segments are lowercase letters and digits separated by . _ or -",
            )
    return host, "/".join(segments)


class Registry(t.NamedTuple):
    """A private registry prefix: ``host[:port][/path...]``."""

    host: str
    path: str = ""

    @property
    def prefix(self) -> str:
        return f"{self.host}/{self.path}" if self.path else self.host

    def __str__(self) -> str:
        return self.prefix

    def owns(self, repository: str) -> bool:
        return repository == self.prefix or repository.startswith(self.prefix + "/")


def parse_registry(text: str) -> Registry:
    """Validate ``--registry``; every mistake users make gets its own message."""
    hint = "give host[:port][/path], e.g. dockerhub.kubekey.local/kse"
    if not text:
        raise BadInputError("registry is empty", where="--registry", hint=hint)
    if "://" in text:
        raise BadInputError(
            f"registry {text!r} has a scheme", where="--registry", hint=f"drop {text.split('://')[0]}://; {hint}"
        )
    if any(c.isspace() for c in text):
        raise BadInputError(f"registry {text!r} contains spaces", where="--registry", hint=hint)
    if text != text.lower():
        raise BadInputError(
            f"registry {text!r} has uppercase letters",
            where="--registry",
            hint=f"image references are lowercase: use {text.lower()!r}",
        )
    if ".." in text:
        raise BadInputError(f"registry {text!r} contains '..'", where="--registry", hint=hint)
    tag_like = "/" in text and ":" in text.rsplit("/", 1)[-1]  # host:port is fine, path:tag is not
    if "@" in text or tag_like:
        raise BadInputError(
            f"registry {text!r} looks like an image reference (tag or digest)",
            where="--registry",
            hint=hint,
        )
    parts = text.rstrip("/").split("/")
    host = parts[0]
    if not is_host(host):
        raise BadInputError(
            f"registry {text!r} does not start with a registry host: {host!r} would be read as a Docker Hub namespace",
            where="--registry",
            hint="write the host with its domain or port, e.g. harbor.local or registry:5000",
        )
    if not _HOST.match(host):
        raise BadInputError(f"registry host {host!r} is not a valid host[:port]", where="--registry", hint=hint)
    for segment in parts[1:]:
        if not _PATH_COMPONENT.match(segment):
            raise BadInputError(
                f"registry path segment {segment!r} is not valid",
                where="--registry",
                hint="path segments are lowercase letters and digits separated by . _ or -",
            )
    return Registry(host=host, path="/".join(parts[1:]))


def map_path(source: str, registry: Registry, mapping: Mapping) -> str:
    """Map a full image path (no tag) into *registry*: returns the new full path."""
    host, path = split_repository(source)
    if mapping is Mapping.KUBEKEY:
        tail = path
    elif mapping is Mapping.KEEP_HOST:
        tail = f"{host}/{path}"
    else:
        tail = path.rsplit("/", 1)[-1]
    return f"{registry.prefix}/{tail}"


def map_repository(repository: str, image: str, registry: Registry, mapping: Mapping) -> str:
    """New ``repository`` for a component whose image is ``repository/image``.

    The operator joins repository + "/" + image, so the image name stays and only the
    repository part moves.
    """
    full = map_path(f"{repository}/{image}", registry, mapping)
    suffix = "/" + image.split("/")[-1]
    if not full.endswith(suffix):  # image with its own path segments under flatten
        return full.rsplit("/", 1)[0]
    return full[: -len(suffix)]


def map_reference(ref: ImageRef, registry: Registry, mapping: Mapping) -> ImageRef:
    host, path = split_repository(map_path(ref.repository, registry, mapping))
    return ImageRef(host=host, path=path, tag=ref.tag, digest=ref.digest)


def compose(repository: str, image: str, version: str) -> str:
    """The reference the operator builds from a component's three fields."""
    sep = "@" if version.startswith("sha256:") else ":"
    return f"{repository}/{image}{sep}{version}" if repository else f"{image}{sep}{version}"
