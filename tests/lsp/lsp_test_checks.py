"""A python check for the test-only rule BL892: it raises when a document mentions "kaboom"."""

from __future__ import annotations


def explode(context, rule):  # type: ignore[no-untyped-def]
    """Raise on documents containing "kaboom"; report nothing otherwise."""
    if "kaboom" in context.document.source:
        raise RuntimeError("kaboom in the test rule")
    return []
