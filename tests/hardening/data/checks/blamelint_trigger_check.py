"""A python check for tests/hardening/test_prefilter.py: it declares ``triggers``."""

from __future__ import annotations

SEEN: list[tuple[str, bool]] = []


def rushed(context, rule):
    """Report every verb whose lemma is "rush"; remember which blocks arrived parsed."""
    for block, doc in context.blocks(rule):
        SEEN.append((block.text, doc.has_annotation("DEP")))
        for token in doc:
            if token.lemma_ == "rush" and token.pos_ == "VERB":
                yield context.hit_tokens(block, token, token)


rushed.triggers = ("rush", "$HURRY_WORDS")
