"""Suppression comments: ``<!-- blamelint-disable-next-line BL101 -->`` and friends.

Grammar (inside an HTML comment, case-sensitive keyword, codes separated by spaces or commas)::

    blamelint-disable-next-line CODE...   the next non-blank line
    blamelint-disable CODE...             from here to a matching enable, or the end of the file
    blamelint-enable [CODE...]            ends the named disables (all of them when no code is given)

A CODE is a rule code, a code prefix (``BL3``) or a category name (``counterfactual``). Codes are
required: a bare disable suppresses nothing and is itself reported (BL003), as is an unknown code
(BL001) and a suppression that suppressed nothing (BL002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Comment, Document
from .findings import Finding
from .rule import CATEGORIES

__all__ = ["Directive", "MetaHit", "apply_suppressions", "parse_directives"]

_DIRECTIVE = re.compile(
    r"^blamelint-(?P<kind>disable-next-line|disable|enable)"  # the keyword
    r"(?:\s+(?P<codes>[^\n]*?))?\s*$"  # optional codes, separated by spaces or commas
)
_CODE_TOKEN = re.compile(r"^(BL\d{1,3}|[a-z]+(-[a-z]+)*)$")


@dataclass
class Directive:
    """One parsed suppression comment."""

    kind: str
    codes: tuple[str, ...]
    comment: Comment
    line: int
    target_line: int = 0
    used: bool = field(default=False)


@dataclass(frozen=True, slots=True)
class MetaHit:
    """A problem with a suppression comment, turned into a BL0xx finding by the engine."""

    code: str
    start: int
    end: int
    detail: str


def parse_directives(document: Document) -> list[Directive]:
    """Return the suppression directives in ``document``, in source order."""
    out: list[Directive] = []
    for comment in document.comments:
        match = _DIRECTIVE.match(comment.body)
        if not match:
            continue
        codes = tuple(c for c in re.split(r"[\s,]+", match.group("codes") or "") if c)
        end_line = document.position(comment.end).line
        target = end_line + 1
        if match.group("kind") == "disable-next-line":
            while target <= len(document.line_starts) and not document.line_text(target).strip():
                target += 1
        out.append(Directive(match.group("kind"), codes, comment, document.position(comment.start).line, target))
    return out


def _selects(token: str, code: str, category: str) -> bool:
    return token == category if token in CATEGORIES else code.startswith(token)


def apply_suppressions(
    findings: list[Finding],
    document: Document,
    known_codes: set[str],
    active_codes: set[str],
    category_of: dict[str, str],
) -> tuple[list[Finding], list[MetaHit]]:
    """Drop suppressed findings; return the rest and the problems with the directives themselves."""
    directives = parse_directives(document)
    meta: list[MetaHit] = []
    valid: dict[int, tuple[str, ...]] = {}
    for index, d in enumerate(directives):
        good = []
        for token in d.codes:
            if _CODE_TOKEN.match(token) and (
                token in CATEGORIES or any(code.startswith(token) for code in known_codes)
            ):
                good.append(token)
            else:
                meta.append(MetaHit("BL001", d.comment.start, d.comment.end, token))
        if not d.codes and d.kind != "enable":
            meta.append(MetaHit("BL003", d.comment.start, d.comment.end, d.kind))
        valid[index] = tuple(good)

    # Turn disable/enable pairs into source intervals.
    intervals: list[tuple[str, int, int, int]] = []
    open_: dict[str, tuple[int, int]] = {}
    for index, d in enumerate(directives):
        if d.kind == "disable":
            for token in valid[index]:
                open_.setdefault(token, (d.comment.end, index))
        elif d.kind == "enable":
            names = valid[index] or tuple(open_)
            for token in names:
                if token in open_:
                    start, owner = open_.pop(token)
                    intervals.append((token, start, d.comment.start, owner))
    for token, (start, owner) in open_.items():
        intervals.append((token, start, len(document.source), owner))

    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for index, d in enumerate(directives):
            if d.kind != "disable-next-line" or finding.range.start.line != d.target_line:
                continue
            if any(_selects(t, finding.code, finding.category) for t in valid[index]):
                d.used = suppressed = True
        offset = finding.range.start.offset
        for token, start, end, owner in intervals:
            if start <= offset < end and _selects(token, finding.code, finding.category):
                directives[owner].used = suppressed = True
        if not suppressed:
            kept.append(finding)

    for index, d in enumerate(directives):
        if d.kind == "enable" or d.used or not valid[index]:
            continue
        # Only report "unused" when every named rule actually ran; otherwise nobody can tell.
        named_active = all(
            any(_selects(t, code, category_of.get(code, "")) for code in active_codes) for t in valid[index]
        )
        if named_active:
            meta.append(MetaHit("BL002", d.comment.start, d.comment.end, " ".join(valid[index])))
    return kept, meta
