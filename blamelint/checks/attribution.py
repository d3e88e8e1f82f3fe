"""Checks for the attribution category (BL1xx) that need more than one dependency pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._tokenmarks import mark
from .common import in_code, lexicon, sentences

if TYPE_CHECKING:
    from ..engine import CheckContext, Hit
    from ..rule import Rule

__all__ = ["named_individual_in_analysis", "who_why_question"]

_NAMED_KINDS = {"name", "handle", "email"}


def named_individual_in_analysis(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL103: a name, @handle or email inside a root-cause or contributing-factors section."""
    for block, doc in context.blocks(rule):
        if block.section != "analysis":
            continue
        for tok in doc:
            if not mark(tok, "person") or in_code(tok) or tok._.person_kind not in _NAMED_KINDS:
                continue
            # One finding per name, including a possessive ("Maria's change").
            if tok.i > 0 and doc[tok.i - 1]._.person and doc[tok.i - 1]._.person_kind == tok._.person_kind and doc[tok.i - 1].whitespace_ == "":
                continue
            end = tok
            while end.i + 1 < len(doc) and doc[end.i + 1]._.person_kind == tok._.person_kind and end.whitespace_ == "":
                end = doc[end.i + 1]
            yield context.hit_tokens(block, tok, end)


_WHO = re.compile(r"^\W*(who|whose)\b", re.IGNORECASE)
_WHY = re.compile(r"^\W*(why|how)\s+(did|didn['’]t|did not|would|wouldn['’]t|was|wasn['’]t|were|weren['’]t|"
                  r"could|couldn['’]t|hadn['’]t|had|has|hasn['’]t|is|isn['’]t|are|aren['’]t)\b", re.IGNORECASE)
_THINKING = re.compile(r"\bwhat were (you|they|he|she) thinking\b", re.IGNORECASE)


def who_why_question(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL104: a question aimed at a person ("Who broke the build?", "Why didn't Alice escalate?")."""
    blame_verbs = lexicon(context, "FAILURE_VERBS") | lexicon(context, "BLAME_PASSIVE_VERBS") | {"approve", "responsible", "fault", "let", "allow", "sign"}
    for block, _doc, sent in sentences(context, rule):
        text = sent.text.rstrip()
        if not text.endswith("?"):
            continue
        tokens = [t for t in sent if not t.is_punct]
        if not tokens or in_code(tokens[0]):
            continue
        hit = None
        if _THINKING.search(text):
            hit = (sent[0], sent[-1])
        elif _WHO.match(text):
            # "Who approved this change?", "Whose fault was it?"; "Who was on call?" is a fact question.
            if any(t.lemma_.lower() in blame_verbs or t.lower_ in blame_verbs for t in tokens[1:]):
                hit = (tokens[0], tokens[-1])
        elif _WHY.match(text) and len(tokens) > 2:
            # "Why didn't Alice escalate?": the subject after the auxiliary is a person.
            subject = next((t for t in tokens[2:5] if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject._.person:
                hit = (tokens[0], tokens[-1])
        if hit is not None:
            yield context.hit_tokens(block, hit[0], sent[-1])


# BL104 reports only a question that starts with who/whose/why/how or asks "what were … thinking".
# BL103 has no trigger: any name can be one.
who_why_question.triggers = ("who", "whose", "why", "how", "thinking")  # type: ignore[attr-defined]
