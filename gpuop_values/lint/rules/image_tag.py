"""An image version is not a valid image tag (or is empty where the image needs one).

The operator joins ``repository/image:version``, so ``version`` must be a tag as registries define
it: up to 128 letters, digits, ``_``, ``.`` and ``-``, not starting with ``.`` or ``-``; or a
digest ``sha256:<64 hex>``. Spaces, ``:``, ``/``, ``+`` (common in kernel names) or a leading ``v.``
typo make the reference unparsable and the pod fails with InvalidImageName. An empty version on a
component that is switched on produces ``repo/image:`` (the operator, validator, node status
exporter and NFD fall back to the chart's appVersion and are exempt). The Kata artifacts URL and
driver pool versions are checked too.

Fail::

    vgpuManager:
      enabled: true
      version: ""            # the image you built has a tag: put it here

Pass::

    vgpuManager:
      enabled: true
      version: "550.54.16"
"""

from __future__ import annotations

import typing as t

from gpuop_values.lint.context import VERSION_DEFAULTS_TO_APP, Context, ImageSite
from gpuop_values.lint.model import Finding, RuleInfo, Severity
from gpuop_values.references import DIGEST, TAG

RULE = RuleInfo(
    id="GPU004",
    name="image-tag",
    severity=Severity.ERROR,
    fix="use a tag of letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-'), "
    "or sha256:<digest>",
    doc=__doc__ or "",
)


def valid_tag(text: str) -> bool:
    """True for what a registry accepts after ``:`` (a tag) or after ``@`` (a sha256 digest)."""
    return bool(TAG.match(text) or DIGEST.match(text))


def _bad_characters(text: str) -> str:
    bad = sorted({c for c in text if not (c.isascii() and (c.isalnum() or c in "_.-"))})
    return " ".join(repr(c) for c in bad)


def message(site: ImageSite, version: str) -> str:
    if len(version) > 128:
        return f"{site.label} version is {len(version)} characters long; image tags stop at 128"
    bad = _bad_characters(version)
    if bad:
        return f'{site.label} version "{version}" is not a valid image tag: it contains {bad}'
    return f'{site.label} version "{version}" is not a valid image tag: a tag cannot start with "{version[0]}"'


def check(ctx: Context) -> t.Iterator[Finding]:
    for site in ctx.images:
        version = site.version
        if site.kind == "kata":
            if version is not None and not valid_tag(version):
                yield ctx.finding(RULE, site.version_path, message(site, version))
            continue
        if not isinstance(version, str):
            continue  # a number or null: GPU000 reports the type
        if version == "":
            exempt = site.slot is not None and site.slot.id in VERSION_DEFAULTS_TO_APP and site.kind == "slot"
            if site.enabled and not exempt:
                yield ctx.finding(
                    RULE,
                    site.version_path if site.version_set else site.path,
                    f"{site.label} is on but its version is empty: the operator would pull {site.reference}",
                    "set the version to the tag of the image in your registry",
                )
            continue
        if not valid_tag(version):
            yield ctx.finding(RULE, site.version_path, message(site, version))
