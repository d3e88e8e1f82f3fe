"""Value types every stage shares: positions, ranges, edits, fixes and findings.

A :class:`Finding` is what a rule reports and what every reporter and the language server consume.
Its JSON form (``Finding.to_dict``) is the public wire format documented in ``docs/output-schema.md``;
changing a field name there is a breaking change and bumps ``JSON_SCHEMA_VERSION``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = [
    "JSON_SCHEMA_VERSION",
    "SEVERITIES",
    "Applicability",
    "Edit",
    "Finding",
    "Fix",
    "Position",
    "Range",
    "Severity",
    "severity_rank",
]

JSON_SCHEMA_VERSION = 1


class Severity(str, Enum):
    """How strongly a finding asks for attention (maps onto LSP Error/Warning/Information)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def severity_rank(severity: Severity | str) -> int:
    """Return 0 for info, 1 for warning and 2 for error, for threshold comparisons."""
    return _RANK[Severity(severity)]


class Applicability(str, Enum):
    """Whether a fix may be applied without a person reading it (ruff's three levels, for prose)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a source text.

    ``line`` and ``column`` are 1-based and count code points (not bytes, not UTF-16 units);
    ``offset`` is the 0-based code-point index into the text. ``\\r\\n``, ``\\r`` and ``\\n`` end lines.
    """

    line: int
    column: int
    offset: int

    def to_dict(self) -> dict[str, int]:
        """Return the JSON form."""
        return {"line": self.line, "column": self.column, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Range:
    """A half-open span ``[start, end)`` of a source text."""

    start: Position
    end: Position

    def to_dict(self) -> dict[str, dict[str, int]]:
        """Return the JSON form."""
        return {"start": self.start.to_dict(), "end": self.end.to_dict()}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in ``range`` with ``replacement`` (an insertion when the range is empty)."""

    range: Range
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"range": self.range.to_dict(), "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    """One way to resolve a finding: a titled group of edits applied together."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.DISPLAY_ONLY

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "title": self.title,
            "applicability": self.applicability.value,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one document."""

    path: str
    code: str
    rule: str
    category: str
    severity: Severity
    message: str
    range: Range
    section: str
    fixes: tuple[Fix, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (one element of ``findings`` in ``--format json``)."""
        return {
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "range": self.range.to_dict(),
            "section": self.section,
            "fixes": [f.to_dict() for f in self.fixes],
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order findings by path, position, then code."""
        return (self.path, self.range.start.offset, self.range.end.offset, self.code)
