"""Why-chain checks (BL6xx): depth, where the chain ends, repeats, gaps, conclusion and follow-up.

Chains come from :func:`blamelint.structure.whys.why_chains`, which reads every shape of guidance
§3.2 including plain-text fences. An untouched template chain (no answers at all) is left to the
placeholder rule, as guidance §1.18 asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..engine import Hit
from ..structure.actions import action_items
from ..structure.cues import (
    CONTENT_STOPWORDS,
    GROUP_SUBJECT,
    HUMAN_ERROR,
    LAPSE,
    PERSON_SUBJECT,
    PROXIMATE,
    SYSTEMIC,
    TAUTOLOGY,
)
from ..structure.text import headings, looks_like_postmortem
from ..structure.whys import WhyChain, why_chains

if TYPE_CHECKING:
    from ..engine import CheckContext
    from ..rule import Rule

__all__ = [
    "root_cause_unstated",
    "root_cause_without_action",
    "why_chain_ends_in_person",
    "why_chain_ends_proximate",
    "why_chain_repeats",
    "why_chain_too_short",
    "why_unanswered",
]

_NAME_LAPSE = re.compile(r"\b([A-Z][a-z]+)\s+(?:had\s+|was\s+)?(?:forgot|didn't|did not|failed|neglected|missed|overlooked|assumed|misunderstood|rushed|ignored|skipped)\b")
_NOT_NAMES = {"The", "This", "That", "It", "There", "Because", "Nothing", "Nobody", "No", "We", "Our", "A", "An", "Why", "When", "Then", "So"}


def _chains(ctx: CheckContext) -> Iterator[WhyChain]:
    for chain in why_chains(ctx.document):
        if not chain.unfilled:
            yield chain


def ends_in_person(text: str, system_names: tuple[str, ...] = ()) -> bool:
    """Return True when a terminal answer blames a person or a person's lapse (guidance §3.4 class 1)."""
    if HUMAN_ERROR.search(text):
        return True
    if SYSTEMIC.search(text):
        return False
    if not LAPSE.search(text):
        return False
    if PERSON_SUBJECT.search(text) or GROUP_SUBJECT.search(text) or re.search(r"@[\w-]+", text):
        return True
    match = _NAME_LAPSE.search(text)
    return bool(match and match.group(1) not in _NOT_NAMES and match.group(1).lower() not in {s.lower() for s in system_names})


def is_systemic(text: str) -> bool:
    """Return True when an answer names a condition the organisation can change (guidance §3.5)."""
    return bool(SYSTEMIC.search(text)) and not HUMAN_ERROR.search(text)


def why_chain_too_short(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a chain with fewer answered whys than ``min-why-depth`` (an error below three)."""
    need = ctx.config.min_why_depth
    for chain in _chains(ctx):
        depth = len(chain.answered)
        if depth >= need:
            continue
        terminal = chain.terminal
        if depth >= 3 and terminal is not None and is_systemic(terminal[0]):
            continue
        start, end = chain.span
        answered = f"{depth} answered why" + ("" if depth == 1 else "s")
        yield Hit(start, end, values={"depth": answered, "expected": str(need)}, severity="error" if depth < 3 else None)


def why_chain_ends_in_person(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a chain whose last answer is a person or a person's lapse."""
    for chain in _chains(ctx):
        terminal = chain.terminal
        if terminal is not None and ends_in_person(terminal[0], ctx.config.system_names):
            yield Hit(*terminal[1])


def why_chain_ends_proximate(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a chain whose last answer is the technical trigger, with no condition that let it through."""
    for chain in _chains(ctx):
        terminal = chain.terminal
        if terminal is None:
            continue
        text = terminal[0]
        if PROXIMATE.search(text) and not SYSTEMIC.search(text) and not ends_in_person(text, ctx.config.system_names):
            yield Hit(*terminal[1])


def content_words(text: str) -> set[str]:
    """Return the stems (first five letters) of a text's content words."""
    return {w[:5] for w in re.findall(r"[a-z][a-z0-9-]+", text.lower()) if len(w) >= 4 and w not in CONTENT_STOPWORDS}


def why_chain_repeats(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an answer that restates an earlier one, or only says that something failed."""
    for chain in _chains(ctx):
        seen: list[set[str]] = []
        for step in chain.answered:
            text = step.answer or ""
            words = content_words(text)
            repeated = any(words and prior and len(words & prior) / len(words | prior) >= 0.6 for prior in seen)
            if repeated or TAUTOLOGY.match(text.strip()):
                yield Hit(*step.span)
            seen.append(words)


def why_unanswered(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a why that has no answer in a chain that has others."""
    for chain in _chains(ctx):
        for step in chain.steps:
            if not step.answered:
                start, end = step.q_span or step.span
                if end > start:
                    yield Hit(start, end)


_CONCLUSION_HEADING = re.compile(r"(?i)\broot ?causes?\b|\bcontributing (factors?|conditions?)\b|\bconclusions?\b|\bsystemic causes?\b")


def root_cause_unstated(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a chain with no stated conclusion, when no root-cause section states one either."""
    for chain in _chains(ctx):
        if chain.conclusion:
            continue
        own = chain.heading
        if any(h is not own and _CONCLUSION_HEADING.search(h.text) for h in headings(ctx.document)):
            continue
        yield Hit(*chain.span)


def root_cause_without_action(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a chain whose terminal cause shares no content word with any action item."""
    items = action_items(ctx.document)
    if not items and not looks_like_postmortem(ctx.document):
        return
    action_words: set[str] = set()
    for item in items:
        action_words |= content_words(item.text)
    for chain in _chains(ctx):
        terminal = chain.terminal
        if terminal is None or len(chain.answered) < 2:
            continue
        words = content_words(terminal[0])
        if words and not words & action_words:
            yield Hit(*terminal[1])
