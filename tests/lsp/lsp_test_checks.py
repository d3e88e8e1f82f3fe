"""Python checks for the test-only rules: BL892 raises when a document mentions "kaboom"; BL893
holds a lint until the test lets it go (to test what the server does with changes meanwhile)."""

from __future__ import annotations

import time
from pathlib import Path


def explode(context, rule):  # type: ignore[no-untyped-def]
    """Raise on documents containing "kaboom"; report nothing otherwise."""
    if "kaboom" in context.document.source:
        raise RuntimeError("kaboom in the test rule")
    return []


def gate(context, rule):  # type: ignore[no-untyped-def]
    """For documents mentioning "wait-for-gate": log the first line of each text linted to
    ``<document>.lints``, then hold the lint until the file ``<document>.gate`` exists (at most 30 s)."""
    source = context.document.source
    if "wait-for-gate" not in source:
        return []
    path = Path(context.document.path)
    with path.with_suffix(".lints").open("a", encoding="utf-8") as log:
        log.write(source.splitlines()[0] + "\n")
    deadline = time.monotonic() + 30
    while not path.with_suffix(".gate").exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    return []
