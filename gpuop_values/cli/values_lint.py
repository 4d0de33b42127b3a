"""``gpuop values lint`` (registered on the ``values`` app)."""

from __future__ import annotations
