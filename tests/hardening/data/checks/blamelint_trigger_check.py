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


NEGATIONS = {"not", "n't", "never"}


def not_rushed(context, rule):
    """Report "rush" in a block that holds a negation, and every "hasty"."""
    for block, doc in context.blocks(rule):
        SEEN.append((block.text, doc.has_annotation("DEP")))
        negated = any(token.lower_ in NEGATIONS for token in doc)
        for token in doc:
            if (negated and token.lemma_ == "rush" and token.pos_ == "VERB") or token.lower_ == "hasty":
                yield context.hit_tokens(block, token, token)


# Either word of the first kind, or a form of "rush" and a negation together.
not_rushed.triggers = ("hasty", (("rush",), ("not", "n't", "never")))
