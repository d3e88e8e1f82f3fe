"""Action-item checks (BL5xx): SMART fields, vague verbs, person-targeted items, priorities.

Items come from :func:`blamelint.structure.actions.action_items` (lists, task lists, tables, fenced
rows, "Alice to add X by DATE"). The owner, due-date, priority and group-owner checks apply only to
documents that read as postmortems (:func:`blamelint.structure.text.looks_like_postmortem`), so a
to-do list in a README is not held to a postmortem's bar; the wording checks apply everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..engine import Hit
from ..structure.actions import GROUP_OWNER, UNASSIGNABLE, ActionItem, action_items
from ..structure.cues import MEASURABLE, PERSON_TARGETED, VAGUE_FIRST, VAGUE_PHRASE
from ..structure.metadata import incident_date, metadata
from ..structure.text import PLACEHOLDER, headings, looks_like_postmortem, plain

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..engine import CheckContext
    from ..rule import Rule

__all__ = [
    "action_item_field_missing",
    "due_date_before_incident",
    "due_date_unreadable",
    "group_owner",
    "missing_due_date",
    "missing_owner",
    "no_urgent_action",
    "person_targeted_action",
    "vague_action",
]

_VAGUE_LEMMAS = {"improve", "enhance", "optimize", "optimise", "strengthen", "investigate", "explore", "consider",
                 "evaluate", "assess", "revisit", "rethink", "discuss", "minimize", "minimise", "reflect", "strive"}
_HELPER_LEMMAS = {"need", "continue", "try", "aim", "strive", "want", "attempt"}


def _items(ctx: CheckContext, gated: bool = True) -> Iterator[ActionItem]:
    if gated and not looks_like_postmortem(ctx.document):
        return
    for item in action_items(ctx.document):
        if item.filled:
            yield item


def _placeholder(text: str | None) -> bool:
    return text is not None and bool(PLACEHOLDER.search(text))


def missing_owner(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an item with no owner at all (an owner field left empty counts as none)."""
    for item in _items(ctx):
        if not (item.owner or "").strip():
            yield Hit(item.start, item.end)


def missing_due_date(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an item with no due date."""
    for item in _items(ctx):
        if not (item.due or "").strip():
            yield Hit(item.start, item.end)


def due_date_unreadable(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a due date that names no calendar date ("soon", "Friday", "13/45/2024")."""
    for item in _items(ctx):
        if item.due and item.due.strip() and item.due_date is None and not _placeholder(item.due) and item.due_span:
            yield Hit(*item.due_span)


def due_date_before_incident(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a due date earlier than the incident date."""
    when = incident_date(ctx.document)
    if when is None:
        return
    for item in _items(ctx):
        if item.due_date is not None and item.due_date < when and item.due_span:
            yield Hit(*item.due_span, values={"incident_date": when.isoformat()})


def group_owner(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an owner that is a whole group or a stand-in ("the team", "TBD")."""
    for item in _items(ctx):
        owner = (item.owner or "").strip()
        if owner and item.owner_span and not _placeholder(owner) and (UNASSIGNABLE.match(owner) or GROUP_OWNER.search(owner)):
            yield Hit(*item.owner_span)


def action_item_field_missing(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an item with no priority (or status) when other items in the document have one."""
    items = list(_items(ctx))
    for name in ("priority", "status"):
        have = [i for i in items if (getattr(i, name) or "").strip()]
        if not have or len(have) == len(items):
            continue
        for item in items:
            if not (getattr(item, name) or "").strip():
                yield Hit(item.start, item.end, values={"field": name})


_USER_IMPACT = re.compile(
    r"(?i)\b(users?|customers?|requests?|checkouts?|orders?|logins?|visitors?|accounts?|errors?|unavailable|outage|"
    r"downtime|failed|5\d\d)\b|\d+(\.\d+)?\s?%"
)
_URGENT = re.compile(r"(?i)^(p[01]|critical|high|urgent|highest|blocker|sev-?[01])$")
_HIGH_SEV = re.compile(r"(?i)\b(sev-?[012]|p[01]|critical|high|major)\b")


def no_urgent_action(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a user-affecting incident whose action items include no P0/P1 (or critical/high) item."""
    items = list(_items(ctx))
    if not items:
        return
    document = ctx.document
    meta = metadata(document)
    impact_text = " ".join(b.text for b in document.blocks if b.section == "impact" and b.kind != "heading")
    impact_text += " " + (meta["impact"].value if "impact" in meta else "")
    severity = meta["severity"].value if "severity" in meta else ""
    if not (_USER_IMPACT.search(impact_text) or _HIGH_SEV.search(severity)):
        return
    if any(_URGENT.match(plain(i.priority or "").strip()) for i in items):
        return
    head = next((h for h in headings(document) if h.section == "actions"), None)
    if head is not None:
        yield Hit(head.start, head.end)
    else:
        yield Hit(items[0].start, items[0].end)


def _span_of(item: ActionItem, pattern_match: re.Match[str] | None, needle: str) -> tuple[int, int] | None:
    """Find ``needle`` in the item's text and return its source span."""
    pos = item.text.lower().find(needle.lower())
    if pos < 0:
        return None
    if item.block is not None:
        base = item.block.text.find(item.text)
        return item.block.source_span(base + pos, base + pos + len(needle)) if base >= 0 else None
    return (item.start + pos, item.start + pos + len(needle))


def _doc_of(ctx: CheckContext, item: ActionItem) -> Doc | None:
    if item.block is None:
        return None
    for block, doc in ctx.parsed:
        if block is item.block:
            return doc
    return None


def _vague_word(ctx: CheckContext, item: ActionItem) -> str | None:
    action = item.action
    if not action or MEASURABLE.search(action):
        return None
    first = VAGUE_FIRST.match(action)
    if first:
        return first.group("verb")
    phrase = VAGUE_PHRASE.search(action)
    if phrase:
        return phrase.group(0)
    doc = _doc_of(ctx, item)
    if doc is not None and doc.has_annotation("DEP"):  # unparsed: no word of ``vague_action.triggers``
        for sent in list(doc.sents)[:1]:
            # The first sentence states the action; later ones are usually notes.
            root = sent.root
            if root.lemma_.lower() in _VAGUE_LEMMAS:
                return root.text
            if root.lemma_.lower() in _HELPER_LEMMAS:
                for child in root.children:
                    if child.dep_ == "xcomp" and child.lemma_.lower() in _VAGUE_LEMMAS:
                        return child.text
    return None


def vague_action(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an item led by a vague verb or comparative with no owner, date or measurable outcome."""
    for item in _items(ctx, gated=False):
        if (item.owner or "").strip() or (item.due or "").strip():
            continue
        word = _vague_word(ctx, item)
        if word is None:
            continue
        span = _span_of(item, None, word)
        if span is not None:
            yield Hit(*span)


# Only the parse branch of ``_vague_word`` needs the parser, and it needs a vague verb: an item's
# block without one is left unparsed (the VAGUE_FIRST/VAGUE_PHRASE patterns read the text alone).
vague_action.triggers = tuple(sorted(_VAGUE_LEMMAS))  # type: ignore[attr-defined]


def person_targeted_action(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an item that sets out to change people (retrain, remind, be more careful) instead of a system."""
    for item in _items(ctx, gated=False):
        action = item.action
        match = PERSON_TARGETED.search(action)
        if match is None:
            continue
        span = _span_of(item, match, match.group(0))
        if span is not None:
            yield Hit(*span)
