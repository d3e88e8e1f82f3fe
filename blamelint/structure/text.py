"""Read a document line by line for the structure checks: sections, plain-text fences, pipe tables.

Why-chains, timelines and action-item rows are line-shaped ("Why 1: …", "| 14:02 | … |",
"- [ ] Add …"), and the standard template writes them inside plain-text code fences, which the
prose model leaves out. :func:`document_lines` therefore yields every source line that is either
Markdown outside code, or a content line of a fence whose info string is empty or ``text``, each
with its source offset and the heading it sits under. Fences in a programming language, front
matter and indented code are skipped: they are code, not structure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..sections import normalize_heading
from ..yamlsafe import YamlError, load_with_lines

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "PLACEHOLDER",
    "PLAIN_FENCE_INFOS",
    "REQUIRED_SECTIONS",
    "Heading",
    "Line",
    "cached",
    "document_lines",
    "front_matter",
    "headings",
    "looks_like_postmortem",
    "pipe_cells",
    "plain",
    "section_keys",
]

#: Fence info strings whose content is read as structure (a why-chain, a table), not as code.
PLAIN_FENCE_INFOS = frozenset({"", "text", "txt", "plain", "plaintext"})

#: A scaffold placeholder: ``{TODO}`` or ``{TODO: what goes here}`` (``blamelint new`` writes these).
PLACEHOLDER = re.compile(r"\{TODO(?::[^}\n]*)?\}")

#: The standard template's sections in order, each with the heading words that satisfy it
#: (guidance §4.1 synonym map, after :func:`blamelint.sections.normalize_heading`).
REQUIRED_SECTIONS: dict[str, tuple[str, re.Pattern[str]]] = {
    key: (title, re.compile(pattern))
    for key, title, pattern in (
        ("summary", "Summary", r"\bsummary\b|\boverview\b|\btl ?dr\b|\babstract\b|\bwhat happened\b"),
        ("impact", "Impact", r"\bimpact\b|\bblast radius\b|\baffected\b"),
        ("timeline", "Timeline", r"\btimeline\b|\bsequence of events\b|\bchronology\b"),
        (
            "root-cause-analysis",
            "Root cause analysis",
            r"\broot ?causes?\b|\bcontributing (factors?|conditions?)\b|\bcauses?\b|\banalysis\b|\bwhat caused\b"
            r"|\b(5|five) whys\b|\bwhy chain\b",
        ),
        ("detection-and-response", "Detection and response", r"\bdetection\b|\bdetected\b|\bresponse\b|\bresponders?\b"),
        ("what-went-well", "What went well", r"\bwent (well|right)\b|\bgood\b.*\bwent\b"),
        (
            "what-could-be-better",
            "What could be better",
            r"\bcould (have gone |be |go )?better\b|\bwent (wrong|poorly|badly)\b|\bdidn ?t go\b|\bto improve\b"
            r"|\bcould be improved\b",
        ),
        (
            "action-items",
            "Action items",
            r"\baction items?\b|\bfollow ?ups?\b|\bremediation\b|\bnext steps\b|\bcorrective\b|\baction plan\b"
            r"|\brecommendations?\b",
        ),
        ("preventive-measures", "Preventive measures", r"\bprevent(at)?ive\b|\bprevention\b"),
    )
}

_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"\*\*|__|`|~~|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")


@dataclass(frozen=True, slots=True)
class Heading:
    """A Markdown heading: its level, text, section class and source offsets."""

    level: int
    text: str
    section: str
    start: int
    end: int

    @property
    def keys(self) -> frozenset[str]:
        """Return the required-section keys this heading satisfies."""
        return section_keys(self.text)


@dataclass(frozen=True, slots=True)
class Line:
    """One source line that structure checks may read."""

    number: int
    text: str
    start: int
    heading: Heading | None
    fenced: bool = False

    @property
    def end(self) -> int:
        """Return the source offset just after the line's text."""
        return self.start + len(self.text)

    @property
    def section(self) -> str:
        """Return the section class of the heading above the line."""
        return self.heading.section if self.heading else "other"


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Strip inline Markdown (emphasis, code ticks, links) and squeeze spaces (remembered: the readers
    ask for the same lines again on every keystroke's lint)."""
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def section_keys(heading: str) -> frozenset[str]:
    """Return the required-section keys a heading text satisfies ("Detection & response" → one key)."""
    norm = normalize_heading(heading)
    return frozenset(key for key, (_title, pattern) in REQUIRED_SECTIONS.items() if pattern.search(norm))


_CACHE: dict[tuple[str, int], tuple[Any, Any]] = {}


def cached(name: str, document: Document, build: Any) -> Any:
    """Return ``build(document)``, computed once per document for all the checks that need it."""
    key = (name, id(document))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is document:
        return hit[1]
    if len(_CACHE) > 64:
        _CACHE.clear()
    value = build(document)
    _CACHE[key] = (document, value)
    return value


def _headings(document: Document) -> tuple[Heading, ...]:
    out = []
    for block in document.blocks:
        if block.kind == "heading" and block.text:
            # ``block.section`` inherits the parent's class ("### 2026-03-14" under "## Timeline" is timeline).
            out.append(Heading(block.level, block.text, block.section, block.starts[0], block.ends[-1]))
    return tuple(out)


def headings(document: Document) -> tuple[Heading, ...]:
    """Return the document's headings in order."""
    return cached("headings", document, _headings)  # type: ignore[no-any-return]


def _lines(document: Document) -> tuple[Line, ...]:
    source = document.source
    starts = document.line_starts
    skip: list[tuple[int, int]] = []
    fenced: list[tuple[int, int]] = []
    if document.front_matter is not None:
        skip.append((document.front_matter.start, document.front_matter.end))
    for code in document.code_blocks:
        if code.fenced and code.info.split(" ")[0].lower() in PLAIN_FENCE_INFOS:
            fenced.append((code.content_start, code.end))
            skip.append((code.start, code.content_start))
            # The closing fence line: the last line of the block when it is a fence marker.
            last = source.rfind("\n", code.start, max(code.end - 1, code.start))
            tail = source[last + 1 : code.end].strip()
            if tail.startswith(("```", "~~~")) and last >= code.content_start - 1:
                skip.append((last + 1, code.end))
        else:
            skip.append((code.start, code.end))
    heads = list(headings(document))
    head_starts = [h.start for h in heads]
    out: list[Line] = []
    for number, start in enumerate(starts, 1):
        end = starts[number] if number < len(starts) else len(source)
        text = source[start:end].rstrip("\r\n")
        if any(a <= start < b for a, b in skip):
            continue
        in_fence = any(a <= start < b for a, b in fenced)
        index = bisect.bisect_left(head_starts, max(end, start + 1)) - 1
        out.append(Line(number, text, start, heads[index] if index >= 0 else None, in_fence))
    return tuple(out)


def document_lines(document: Document) -> tuple[Line, ...]:
    """Return the lines structure checks read (Markdown outside code, plain-text fence content)."""
    return cached("lines", document, _lines)  # type: ignore[no-any-return]


def pipe_cells(line: str, start: int = 0) -> list[tuple[str, int, int]] | None:
    """Split a pipe-table row into ``(text, start, end)`` cells (offsets of the trimmed text)."""
    stripped = line.strip()
    if "|" not in stripped or stripped.startswith(("```", "~~~")):
        return None
    bounds = [-1] + [m.start() for m in _PIPE_SPLIT.finditer(line)] + [len(line)]
    cells: list[tuple[str, int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        raw = line[a + 1 : b]
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cells.append((text, start + a + 1 + lead, start + a + 1 + lead + len(text)))
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|") and cells:
        cells = cells[:-1]
    return cells if len(cells) >= 2 else None


def is_separator(cells: list[tuple[str, int, int]]) -> bool:
    """Return True for a pipe table's ``---|:---:`` row."""
    return all(re.fullmatch(r":?-{2,}:?|-+", c[0] or "-") for c in cells) and any(c[0] for c in cells)


def front_matter(document: Document) -> dict[str, Any]:
    """Return the YAML front matter as a mapping with lower-case keys (empty when absent or invalid)."""

    def build(doc: Document) -> dict[str, Any]:
        if doc.front_matter is None:
            return {}
        try:
            data, _lines = load_with_lines(doc.front_matter.content)
        except (YamlError, ValueError, TypeError, RecursionError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k).strip().lower().replace("_", "-").replace(" ", "-"): v for k, v in data.items()}

    return cached("front", document, build)  # type: ignore[no-any-return]


_FRONT_KEYS = {"incident", "incident-id", "id", "severity", "sev", "date", "incident-date", "status", "duration"}


def looks_like_postmortem(document: Document) -> bool:
    """Return True when the document reads as a postmortem, not a fragment or a README's to-do list.

    Either its front matter carries incident metadata, or its headings cover three or more of the
    standard template's sections. Document-level checks (a missing section, an item with no owner)
    apply only then, so a lone list of tasks is not held to the postmortem's bar.
    """
    if _FRONT_KEYS & set(front_matter(document)):
        return True
    keys: set[str] = set()
    for heading in headings(document):
        keys |= heading.keys
    return len(keys) >= 3
