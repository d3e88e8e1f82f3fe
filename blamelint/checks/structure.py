"""Structure checks (BL7xx): required sections, metadata fields and unfilled template placeholders.

Section and metadata checks apply to documents that read as postmortems
(:func:`blamelint.structure.text.looks_like_postmortem`). A missing section is reported once per
place it belongs, with a safe fix that inserts its heading and a placeholder there, in the
standard template's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..engine import Hit
from ..findings import Applicability, Edit, Fix
from ..sections import SECTION_CLASSES
from ..structure.metadata import metadata
from ..structure.text import PLACEHOLDER, REQUIRED_SECTIONS, Heading, document_lines, headings, looks_like_postmortem

if TYPE_CHECKING:
    from ..document import Document
    from ..engine import CheckContext
    from ..rule import Rule

__all__ = ["missing_metadata", "missing_section", "template_placeholder", "section_title", "present_sections"]

METADATA_FIELDS: dict[str, str] = {
    "incident": "Incident ID",
    "date": "Date",
    "duration": "Duration",
    "impact": "Impact",
    "severity": "Severity",
}

_HINTS = {
    "summary": "what happened, to whom, for how long, in two or three sentences",
    "impact": "who and what was affected, with numbers",
    "timeline": "timestamped events with the time zone stated",
    "root-cause-analysis": "the conditions that allowed the incident; a why-chain that ends in a system condition",
    "detection-and-response": "how the problem was detected and how responders mitigated it",
    "what-went-well": "what worked and should be kept",
    "what-could-be-better": "what made detection, response or recovery harder",
    "action-items": "one row per item: priority, action, owner, due date, status",
    "preventive-measures": "changes that stop this class of incident from recurring",
}


def section_title(key: str) -> str:
    """Return the heading text the template uses for a required-section key (or a section class)."""
    if key in REQUIRED_SECTIONS:
        return REQUIRED_SECTIONS[key][0]
    return key.replace("-", " ").capitalize()


def present_sections(document: Document) -> set[str]:
    """Return the required-section keys and section classes the document's headings cover."""
    found: set[str] = set()
    for heading in headings(document):
        found |= heading.keys
        found.add(heading.section)
    return found


def _title_span(document: Document) -> tuple[int, int]:
    heads = headings(document)
    title = next((h for h in heads if h.level == 1), heads[0] if heads else None)
    if title is not None:
        return title.start, title.end
    first = next((line for line in document_lines(document) if line.text.strip()), None)
    if first is not None:
        return first.start, first.end
    return 0, min(1, len(document.source))


def _anchor(document: Document, order: list[str], key: str) -> Heading | None:
    """Return the heading of the first present section that the template puts after ``key``."""
    later = set(order[order.index(key) + 1 :])
    for heading in headings(document):
        if heading.level <= 2 and heading.keys & later:
            return heading
    return None


def _names(keys: list[str]) -> str:
    titles = [f"“{section_title(k)}”" for k in keys]
    joined = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + f" and {titles[-1]}"
    return joined + (" sections" if len(titles) > 1 else " section")


def _closed(source: str, start: int, end: int) -> bool:
    """Return True when the fenced block ``[start, end)`` ends with its closing fence."""
    lines = source[start:end].rstrip("\r\n").splitlines()
    if len(lines) < 2:
        return False
    opener, closer = lines[0].lstrip(), lines[-1].strip()
    marker = opener[:3]
    return marker in ("```", "~~~") and closer.startswith(marker) and set(closer) <= set(marker[0])


def missing_section(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag each required section the postmortem lacks, with a safe fix that inserts it."""
    document = ctx.document
    if not looks_like_postmortem(document):
        return
    required = [k for k in ctx.config.required_sections if k in REQUIRED_SECTIONS or k in SECTION_CLASSES]
    present = present_sections(document)
    missing = [k for k in required if k not in present]
    if not missing:
        return
    order = list(REQUIRED_SECTIONS) + [k for k in required if k not in REQUIRED_SECTIONS]
    groups: dict[int, tuple[Heading | None, list[str]]] = {}
    for key in missing:
        anchor = _anchor(document, order, key) if key in order else None
        slot = anchor.start if anchor is not None else -1
        groups.setdefault(slot, (anchor, []))[1].append(key)
    source = document.source
    newline = "\r\n" if "\r\n" in source else "\n"
    for slot, (anchor, keys) in groups.items():
        text = "".join(f"## {section_title(k)}{newline}{newline}{{TODO: {_HINTS.get(k, 'fill in')}}}{newline}{newline}" for k in keys)
        if anchor is not None:
            line_start = source.rfind("\n", 0, anchor.start) + 1
            at = line_start
            span = (anchor.start, anchor.end)
        else:
            at = len(source)
            if any(c.end >= len(source) and not _closed(source, c.start, c.end) for c in document.code_blocks):
                # The document ends inside an unclosed fence: an insertion there would be code.
                yield Hit(*_title_span(document), values={"sections": _names(keys), "count": str(len(keys))})
                continue
            if source and not source.endswith("\n"):
                text = newline + newline + text
            elif source and not source.endswith(newline + newline) and not source.endswith("\n\n"):
                text = newline + text
            text = text.rstrip("\r\n") + newline
            span = _title_span(document)
        names = _names(keys)
        edit = Edit(document.range(at, at), text)
        title = f"Insert the {names}"
        fix = Fix(title, (edit,), Applicability.SAFE)
        yield Hit(span[0], span[1], values={"sections": names, "count": str(len(keys))}, fixes=(fix,))


def missing_metadata(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag the metadata fields (incident id, date, duration, impact, severity) the postmortem lacks."""
    document = ctx.document
    if not looks_like_postmortem(document):
        return
    meta = metadata(document)
    present = present_sections(document)
    missing = [k for k in METADATA_FIELDS if k not in meta and not (k == "impact" and "impact" in present)]
    if not missing:
        return
    names = ", ".join(METADATA_FIELDS[k] for k in missing)
    start, end = _title_span(document)
    # No edit: fixes never touch front matter (STYLE §4.6), and the values are the authors' to state.
    yield Hit(start, end, values={"fields": names})


def template_placeholder(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag every ``{TODO: …}`` placeholder the scaffold left, in prose, front matter or plain-text fences."""
    document = ctx.document
    skip = [(c.start, c.end) for c in document.code_blocks if c.info.split(" ")[0].lower() not in ("", "text", "txt", "plain", "plaintext")]
    for match in PLACEHOLDER.finditer(document.source):
        if any(a <= match.start() < b for a, b in skip):
            continue
        yield Hit(match.start(), match.end())
