"""Helpers shared by the python checks: sentences in scope, subjects, passives, guards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._tokenmarks import columns, mark
from ..people import effective_subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..document import Block
    from ..engine import CheckContext
    from ..rule import Rule

__all__ = [
    "has_neg",
    "is_passive",
    "lexicon",
    "prevented",
    "sentences",
    "subject_of",
    "tokens_with",
]

# Words that turn a slip or failure word into a safeguard ("prevent accidental deletion").
_GUARDS = {
    "prevent", "avoid", "protect", "guard", "stop", "reduce", "minimize", "minimise", "block", "catch",
    "detect", "against", "reject", "validate", "lint", "check", "tolerate", "handle", "eliminate", "flag", "warn", "limit", "lower", "fewer", "confirm",
}


def lexicon(context: CheckContext, name: str) -> frozenset[str]:
    """Return a shared word list from ``rules/lexicons.yml`` as a lowercase set."""
    return frozenset(w.lower() for w in context.lexicons.get(name, ()))


def sentences(context: CheckContext, rule: Rule) -> Iterator[tuple[Block, Doc, Span]]:
    """Yield every sentence of every parsed block the rule can see."""
    for block, doc in context.blocks(rule):
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            for sent in doc.sents:
                yield block, doc, sent
        else:
            yield block, doc, doc[:]


def tokens_with(sent: Span, lower: frozenset[str] | set[str], lemma: frozenset[str] | set[str] = frozenset()) -> Iterator[Token]:
    """The tokens of ``sent``, in order, whose ``lower_`` is in ``lower`` or lowercase lemma in ``lemma``.

    The same as ``(t for t in sent if t.lower_ in lower or t.lemma_.lower() in lemma)`` without
    making a ``Token`` for every word: the checks look at a few words of each sentence.
    """
    doc = sent.doc
    cols = columns(doc)
    lowers, lemmas = cols.lower, cols.lemma
    for i in range(sent.start, sent.end):
        if lowers[i] in lower or lemmas[i] in lemma:
            yield doc[i]


def is_passive(verb: Token) -> bool:
    """True when the verb has a passive subject or auxiliary ("was deleted")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def has_neg(verb: Token) -> bool:
    """True when the verb is negated ("did not check", "was never tested")."""
    return any(c.dep_ == "neg" for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    """The active subject a verb has or shares (None for passives without one, fragments, gerunds)."""
    subject = effective_subject(verb)
    if subject is None or subject.dep_ == "nsubjpass":
        return None
    if subject.tag_ == "VBG":  # "while troubleshooting accidentally pushed": no real subject
        return None
    return subject


def by_agent(verb: Token) -> Token | None:
    """The object of a passive's by-phrase ("was deleted by Sarah" → Sarah), if any."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


_GUARD_PATH = {"amod", "advmod", "compound", "dobj", "pobj", "prep", "pcomp", "xcomp", "nsubjpass", "conj", "acl"}
_CAUSAL = {"because", "due", "since", "after", "when", "as", "while", "despite"}


def prevented(token: Token) -> bool:
    """True when the word sits under a safeguard verb or preposition ("prevent accidental deletes").

    The walk goes up through objects and modifiers only, and stops at a causal link, so "the bug
    wasn't caught because of an incorrect assumption" is not a safeguard.
    """
    node = token
    for _ in range(6):
        if node.lower_ in _CAUSAL:
            return False
        if node.i != token.i and node.pos_ in ("VERB", "ADP", "AUX") and (node.lemma_.lower() in _GUARDS or node.lower_ in _GUARDS):
            return True
        if node.head.i == node.i or node.dep_ not in _GUARD_PATH:
            return False
        node = node.head
    return False


def in_code(token: Token) -> bool:
    """True for tokens inside inline code (``token._.code``, read without building ``token._``)."""
    return bool(mark(token, "code"))
