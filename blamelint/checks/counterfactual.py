"""Checks for the counterfactual category (BL3xx): omissions and avoidable outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import by_agent, has_neg, in_code, is_passive, lexicon, sentences, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..engine import CheckContext, Hit
    from ..rule import Rule

__all__ = ["negated_omission"]

_PAST_AUX = {"did", "had", "was", "were", "has", "have", "been"}
_CAREFUL = {"properly", "correctly", "adequately", "fully", "first", "thoroughly", "sufficiently"}


def _neg_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "neg":
            return child
    return None


def _past(verb: Token) -> bool:
    """Past-tense narrative: "did not deploy", "never tested", "had not run", "was not reviewed".

    Progressives ("we were not checking for negative values") describe how the code behaved, and
    present passives ("its version is not checked") describe how it behaves, so neither counts.
    """
    if verb.tag_ == "VBG":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if auxes:
        return any(c.lower_ in _PAST_AUX for c in auxes)
    return verb.tag_ in ("VBD", "VBN")


_REASONS = {"because", "since", "as", "given", "due"}
_DELIBERATE = {"deliberately", "intentionally", "purposely", "consciously"}


def _explained(verb: Token) -> bool:
    """True when the clause gives its own reason or says it was a choice.

    "We did not roll back because the error rate was falling" records a decision; "because we did
    not deploy the changes" (the omission is the reason) is still an omission.
    """
    for child in verb.children:
        if child.lower_ in _DELIBERATE or (child.dep_ == "prep" and child.lower_ in ("on", "by") and any(g.lower_ in ("purpose", "design", "choice") for g in child.children)):
            return True
        if child.dep_ in ("advcl", "prep") and (
            child.lower_ in _REASONS or any(g.dep_ == "mark" and g.lower_ in _REASONS for g in child.children)
        ):
            return True
    return False


def _omissions(
    sent: Span, steps: frozenset[str], passive_steps: frozenset[str], perception: frozenset[str], negations: frozenset[str]
) -> Iterator[list[Token]]:
    for tok in sent:
        if tok.pos_ != "VERB" and tok.lower_ not in ("of", "without"):
            continue  # every branch below needs a verb, "of" or "without"
        if in_code(tok):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and has_neg(tok) and _past(tok) and not _explained(tok):
            neg = _neg_token(tok)
            assert neg is not None
            if neg.lower_ not in negations:
                continue  # a stray "neg" arc on Markdown noise; the triggers below promise a negation word
            if is_passive(tok):
                # "was never tested", "the process was not followed": an expected step, agentless.
                if lemma in passive_steps and by_agent(tok) is None:
                    yield [*(c for c in tok.children if c.dep_ == "auxpass" and c.i < tok.i), neg, tok]
                continue
            if lemma not in steps:
                continue
            subject = subject_of(tok)
            if subject is None:
                # A fragment: "Did not disable the pipeline despite the risk".
                if tok.i == sent.start or any(c.i == sent.start and c.dep_ == "aux" for c in tok.children):
                    yield [*(c for c in tok.children if c.dep_ == "aux" and c.i < tok.i), neg, tok]
            elif subject._.collective and lemma not in perception:
                # "we did not deploy the changes when we merged them" (a person subject is BL101's).
                yield [subject, tok]
        elif lemma in ("omit", "neglect") and tok.pos_ == "VERB" and any(c.dep_ == "xcomp" for c in tok.children):
            # "omitting to validate the proxy code".
            subject = subject_of(tok)
            if subject is None or not subject._.person:
                xcomp = next(c for c in tok.children if c.dep_ == "xcomp")
                yield [tok, xcomp]
        elif tok.lower_ == "of" and tok.dep_ == "prep" and any(c.lower_ == "instead" for c in tok.children):
            # "Instead of using a library, someone wrote ...": the alternative path, with a person as
            # the one who did not take it (an imperative or "we chose" records a decision instead).
            verb = tok.head
            gerund = next((c for c in tok.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
            subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
            if gerund is not None and subject is not None and subject._.person and verb.tag_ in ("VBD", "VBN"):
                instead = next(c for c in tok.children if c.lower_ == "instead")
                yield [instead, tok, gerund]
        elif tok.lower_ == "without" and tok.dep_ == "prep":
            # "without properly configuring the switches".
            for child in tok.children:
                if child.dep_ == "pcomp" and child.tag_ == "VBG":
                    careful = [c for c in child.children if c.dep_ == "advmod" and c.lower_ in _CAREFUL]
                    if careful:
                        yield [tok, child]


def negated_omission(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL304: an expected step described by its absence ("did not deploy", "was never tested")."""
    steps = lexicon(context, "EXPECTED_STEPS")
    passive_steps = lexicon(context, "EXPECTED_PASSIVE_STEPS")
    perception = lexicon(context, "PERCEPTION_VERBS")
    negations = lexicon(context, "NEGATION_WORDS")
    for block, _doc, sent in sentences(context, rule):
        for tokens in _omissions(sent, steps, passive_steps, perception, negations):
            first = min(tokens, key=lambda t: t.i)
            last = max(tokens, key=lambda t: t.i)
            yield context.hit_tokens(block, first, last)


# Every hit needs in its sentence: "omit"/"neglect", "without" with one of the careful adverbs its
# branch requires ("without properly configuring"), both words of "instead of", or the verb of a
# negated step (its lemma in one of the two lexicons) together with a negation word. The step
# lexicons hold common verbs ("run", "check", "update"), so the step verb alone would make most
# blocks candidates; with the negation word required the corpus parses about 40 % fewer blocks.
# Each hit is a verb, "of" or "without" with its own dependents, in the sentence that holds the words.
negated_omission.sentence_local = True  # type: ignore[attr-defined]
negated_omission.triggers = (  # type: ignore[attr-defined]
    "omit",
    "neglect",
    (("without",), tuple(sorted(_CAREFUL))),
    (("instead",), ("of",)),
    (("$EXPECTED_STEPS", "$EXPECTED_PASSIVE_STEPS"), ("$NEGATION_WORDS",)),
)
