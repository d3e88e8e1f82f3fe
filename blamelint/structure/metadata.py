"""Read a postmortem's metadata: front matter keys, ``**Key:** value`` lines and two-column key tables.

Keys are normalised to: ``incident``, ``date``, ``duration``, ``impact``, ``severity``, ``status``,
``owner`` and the stated response times ``ttd`` (time to detect), ``ttm`` (time to mitigate) and
``ttr`` (time to resolve). The first occurrence of a key wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import parse_date
from .text import cached, document_lines, pipe_cells, plain

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["Field", "incident_date", "metadata", "normalize_key"]

_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("incident", r"^(incident( id| number| #|-id|_id)?|id|incident no\.?|ticket)$"),
        ("date", r"^(date|incident date|date of incident|occurred|started|start date)$"),
        ("duration", r"^(duration|total duration|impact duration|outage duration|length)$"),
        ("impact", r"^(impact|user impact|customer impact|customers affected|users affected)$"),
        ("severity", r"^(severity|sev|severity level|priority level|incident severity)$"),
        ("status", r"^(status|postmortem status|report status|document status)$"),
        ("owner", r"^(owners?|authors?|postmortem owner|written by)$"),
        ("ttd", r"^(ttd|time to detect(ion)?|detection time|time to detection|detection)$"),
        ("ttm", r"^(ttm|time to mitigat(e|ion)|mitigation time|response time|time to respond|response)$"),
        ("ttr", r"^(ttr|time to resol(ve|ution)|resolution time|time to recover(y)?|resolution)$"),
    )
)

_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][\w #./-]{0,30}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$"
)


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata value with the source span of its text."""

    key: str
    value: str
    start: int
    end: int


def normalize_key(text: str) -> str | None:
    """Return the canonical metadata key of a label ("Time to detect" → ``ttd``), or None."""
    norm = " ".join(re.sub(r"[*_`:]", " ", text).lower().replace("-", " ").split())
    norm = norm.replace("_", " ")
    for name, pattern in _KEYS:
        if pattern.match(norm):
            return name
    return None


def _build(document: Document) -> dict[str, Field]:
    out: dict[str, Field] = {}
    front = document.front_matter
    if front is not None:
        base = document.source.find(front.content, front.start) if front.content else -1
        if base >= 0:
            offset = base
            for raw in front.content.splitlines(keepends=True):
                match = re.match(r"^([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$", raw.rstrip("\r\n"))
                if match and match.group(2):
                    key = normalize_key(match.group(1))
                    value = match.group(2).strip("'\"")
                    if key and key not in out and value:
                        start = offset + match.start(2) + (1 if match.group(2)[:1] in "'\"" else 0)
                        out[key] = Field(key, value, start, start + len(value))
                offset += len(raw)
    for line in document_lines(document):
        cells = pipe_cells(line.text, line.start)
        if cells is not None:
            if len(cells) == 2 and cells[1][0]:
                key = normalize_key(cells[0][0])
                if key and key not in out:
                    out[key] = Field(key, plain(cells[1][0]), cells[1][1], cells[1][2])
            continue
        match = _LINE.match(line.text)
        if not match:
            continue
        key = normalize_key(match.group("key"))
        if key and key not in out:
            value = match.group("value").strip("*_ ")
            start = line.start + match.start("value")
            out[key] = Field(key, plain(value), start, start + len(match.group("value")))
    return out


def metadata(document: Document) -> dict[str, Field]:
    """Return the document's metadata fields by canonical key."""
    return cached("metadata", document, _build)  # type: ignore[no-any-return]


def incident_date(document: Document) -> dt.date | None:
    """Return the incident date from the metadata, or None when none is stated or readable."""
    field = metadata(document).get("date")
    if field is None:
        return None
    match = re.search(r"\d{4}-\d{2}-\d{2}", field.value)
    return parse_date(match.group(0) if match else field.value)
