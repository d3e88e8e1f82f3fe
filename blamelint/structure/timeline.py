"""Read the timeline (tables, lists, plain-text fences) and compute the response metrics.

An entry is a line in a timeline section that starts with a time, as a table row (``| 14:02 | … |``),
a list item (``- 14:02 — …``, ``- **2026-03-14 14:02 UTC** …``) or a plain line in a fence. A date
heading or a date-only line (``### 2026-03-14``) sets the date of the entries below it. The time
zone may be stated in the heading ("Timeline (all times UTC)"), in a column header ("Time (UTC)"),
on a line of its own ("All times are UTC"), in front matter (``timezone:``) or on each entry.

Milestones are found by cue words in the entry text (guidance §4.3), and the metrics are, in minutes:

- duration: resolution − impact start
- time to detect: detection − impact start
- time to mitigate: mitigation − impact start
- time to resolve: resolution − detection
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .dates import ZONE_ALIASES, parse_clock, parse_date
from .metadata import incident_date, metadata
from .text import cached, document_lines, front_matter, is_separator, pipe_cells, plain

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["ALTERNATES", "Entry", "Timeline", "timeline", "MILESTONES", "METRICS"]

_ZONE_WORDS = "|".join(sorted((re.escape(z) for z in ZONE_ALIASES if z != "z"), key=len, reverse=True))
_ZONE = re.compile(rf"(?i)(?<![\w])(?:{_ZONE_WORDS})(?![\w])|(?<=\d)Z\b|(?<![\w:])[+-]\d{{2}}:?\d{{2}}(?![\w:])|\b(?:utc|gmt)[+-]\d{{1,2}}(?::?\d{{2}})?\b")
_STAMP = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__|`)?\s*"
    r"(?:(?P<date>\d{4}-\d{2}-\d{2})[T ]\s*)?"
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*[ap]\.?m\.?)?)"
    r"(?P<zone>\s*(?:Z\b|[+-]\d{2}:?\d{2}\b|\(?[A-Za-z]{1,5}[+-]?\d{0,2}\)?(?=[\s*_`|:—–-]|$)))?"
)
_DATE_LINE = re.compile(r"^\s*(?:#+\s*|[-*]\s+)?(?:\*\*|__)?(?P<date>\d{4}-\d{2}-\d{2})(?:\*\*|__)?(?:\s|$|\()")

#: Cue words for each milestone, checked in order on each entry's text (guidance §4.3).
MILESTONES: dict[str, re.Pattern[str]] = {
    "resolution": re.compile(
        r"(?i)\b(resolved|recovered|fully restored|back to normal|returned to normal|all clear|outage ends|impact ends"
        r"|impact ended|service restored|fully recovered|incident ends|closed the incident)\b"
    ),
    "mitigation": re.compile(
        r"(?i)\b(mitigated|rolled back|rollback (complete|finished|done)|reverted|failover (complete|done)|failed over"
        r"|outage mitigated|restarted|disabled the|traffic drained|drained|scaled up|workaround)\b"
    ),
    "detection": re.compile(
        r"(?i)\b(alert(s)? (fired|triggered|went off)|paged|was paged|page (sent|fired)|alerted|detected|customer(s)? reported"
        r"|reported by|noticed|monitoring (flagged|showed)|pager)\b"
    ),
    "impact": re.compile(
        r"(?i)\b(errors? (began|started|spiked|rose)|began (failing|returning|to fail)|started (failing|returning|to fail)"
        r"|outage begins|impact (began|begins|started|starts)|went down|became unavailable|unavailable|degraded"
        r"|(requests|checkouts?|logins?|jobs) (began|started) (to )?fail(ing)?|5xx|50[0234] errors?)\b"
    ),
}

#: Other definitions teams use for the same name (guidance §4.3): a stated value that matches one is
#: not reported as a disagreement.
ALTERNATES: dict[str, tuple[str, str]] = {"ttm": ("detection", "mitigation"), "ttr": ("impact", "resolution")}

#: The computed metrics: (name, from milestone, to milestone, label for people).
METRICS: tuple[tuple[str, str, str, str], ...] = (
    ("duration", "impact", "resolution", "duration"),
    ("ttd", "impact", "detection", "time to detect"),
    ("ttm", "impact", "mitigation", "time to mitigate"),
    ("ttr", "detection", "resolution", "time to resolve"),
)


@dataclass
class Entry:
    """One timeline entry: when, in which zone, what happened, and where the time is written."""

    when: dt.datetime
    has_date: bool
    zone: str | None
    zone_text: str
    text: str
    start: int
    end: int
    line: int
    group: int = 0


@dataclass
class Timeline:
    """The entries of a document's timeline sections, with the zones stated around them."""

    entries: list[Entry] = field(default_factory=list)
    stated_zones: list[tuple[str, int, int]] = field(default_factory=list)
    heading_span: tuple[int, int] | None = None
    milestones: dict[str, Entry] = field(default_factory=dict)

    def between(self, first_name: str, last_name: str) -> float | None:
        """Return the minutes from one milestone to another (None when either is missing or order is wrong)."""
        first, last = self.milestones.get(first_name), self.milestones.get(last_name)
        if first is None or last is None:
            return None
        value = (last.when - first.when).total_seconds() / 60
        return value if value >= 0 else None

    def minutes(self, metric: str) -> float | None:
        """Return a computed metric in minutes (None when a milestone is missing or order is wrong)."""
        for name, a, b, _label in METRICS:
            if name == metric:
                first, last = self.milestones.get(a), self.milestones.get(b)
                if first is None or last is None:
                    return None
                value = (last.when - first.when).total_seconds() / 60
                return value if value >= 0 else None
        raise KeyError(metric)


def _zone(text: str) -> str | None:
    raw = text.strip().strip("()").strip()
    if not raw:
        return None
    key = raw.lower()
    if key in ZONE_ALIASES:
        return ZONE_ALIASES[key]
    if re.fullmatch(r"[+-]\d{2}:?\d{2}", raw):
        return "UTC" if raw.replace(":", "") in ("+0000", "-0000") else "UTC" + raw[:3] + ":" + raw[-2:]
    match = re.fullmatch(r"(?i)(utc|gmt)([+-]\d{1,2})(?::?(\d{2}))?", raw)
    if match:
        return f"UTC{int(match.group(2)):+03d}:{match.group(3) or '00'}"
    return None


def _stated(text: str) -> list[str]:
    return list(_stated_zones(text))


@lru_cache(maxsize=8192)
def _stated_zones(text: str) -> tuple[str, ...]:
    """The time zones stated in a text, in order (remembered: every lint reads the same lines again)."""
    zones = []
    for match in _ZONE.finditer(text):
        zone = _zone(match.group(0))
        if zone:
            zones.append(zone)
    return tuple(zones)


def _build(document: Document) -> Timeline:
    result = Timeline()
    base_date = incident_date(document) or dt.date(2000, 1, 1)
    current = base_date
    front_zone = front_matter(document).get("timezone") or front_matter(document).get("time-zone")
    if isinstance(front_zone, str) and _zone(front_zone):
        fm = document.front_matter
        result.stated_zones.append((_zone(front_zone) or "", fm.start if fm else 0, fm.start if fm else 0))
    seen_heading = None
    group = 0
    for line in document_lines(document):
        if line.section != "timeline" or line.heading is None:
            continue
        if seen_heading is not line.heading:
            seen_heading = line.heading
            if result.heading_span is None:
                result.heading_span = (line.heading.start, line.heading.end)
            for zone in _stated(line.heading.text):
                result.stated_zones.append((zone, line.heading.start, line.heading.end))
        text = line.text
        date_line = _DATE_LINE.match(text)
        if text.lstrip().startswith("#") and not line.fenced:
            # Heading lines: their zones were read above; a date heading sets the day.
            if date_line and _valid(date_line.group("date")):
                current = dt.date.fromisoformat(date_line.group("date"))
            continue
        cells = pipe_cells(text, line.start)
        if cells is not None:
            if is_separator(cells):
                continue
            first_cells = [c for c in cells if c[0]]
            stamp = None
            offset = 0
            for cell_text, a, _b in cells[:2]:
                stamp = _STAMP.match(cell_text)
                if stamp:
                    offset = a
                    body = " ".join(c[0] for c in cells if c[1] != a)
                    break
            if stamp is None:
                # A header row: "Time (UTC) | Event".
                for zone in _stated(" ".join(c[0] for c in first_cells)):
                    result.stated_zones.append((zone, line.start, line.end))
                for cell_text, _a, _b in cells[:1]:
                    match = _DATE_LINE.match(cell_text)
                    if match:
                        current = dt.date.fromisoformat(match.group("date")) if _valid(match.group("date")) else current
                continue
        else:
            stamp = _STAMP.match(text)
            offset = line.start
            body = text[stamp.end() :] if stamp else ""
            if stamp is None:
                if re.match(r"^\s*(\*\*|__)[^*_]+(\*\*|__)\s*$|^[^|]*:\s*$", text) and not date_line:
                    # "**Timeline:**", "Second outage:": a new run of entries, ordered on its own.
                    group += 1
                if date_line and _valid(date_line.group("date")):
                    current = dt.date.fromisoformat(date_line.group("date"))
                elif len(plain(text)) <= 30 and re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}", text):
                    # A date line in another form ("_7/6/23_", "March 15, 2026").
                    day = parse_date(plain(text).strip("_*: "))
                    if day is not None:
                        current = day
                for zone in _stated(text):
                    result.stated_zones.append((zone, line.start, line.end))
                continue
        clock = parse_clock(stamp.group("clock").split(".")[0] if "." in stamp.group("clock")[:9] else stamp.group("clock"))
        if clock is None:
            continue
        day = current
        if stamp.group("date") and _valid(stamp.group("date")):
            day = dt.date.fromisoformat(stamp.group("date"))
            current = day
        zone_text = (stamp.group("zone") or "").strip()
        zone = _zone(zone_text)
        if zone is None:
            zone_text = ""
        start = offset + stamp.start("clock") if stamp.group("date") is None else offset + stamp.start("date")
        end = offset + (stamp.end("zone") if zone else stamp.end("clock"))
        entry = Entry(dt.datetime.combine(day, clock), bool(stamp.group("date")) or day != base_date, zone, zone_text,
                      plain(body), start, end, line.number, group)
        result.entries.append(entry)
    for name, pattern in MILESTONES.items():
        for entry in result.entries:
            if pattern.search(entry.text) and not any(e is entry for e in result.milestones.values()):
                result.milestones[name] = entry
                break
    return result


def _valid(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def timeline(document: Document) -> Timeline:
    """Return the document's timeline (empty when it has no timeline section)."""
    return cached("timeline", document, _build)  # type: ignore[no-any-return]


def stated_metrics(document: Document) -> dict[str, tuple[str, int, int]]:
    """Return the durations the document states (``duration``, ``ttd``, ``ttm``, ``ttr``) with their spans."""
    out = {}
    for key, value in metadata(document).items():
        if key in ("duration", "ttd", "ttm", "ttr"):
            out[key] = (value.value, value.start, value.end)
    return out
