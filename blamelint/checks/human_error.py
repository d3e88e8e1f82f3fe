"""Checks for the human-error category (BL2xx): a slip or mistaken belief presented as a cause."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import by_agent, in_code, is_passive, lexicon, prevented, sentences, subject_of, tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..engine import CheckContext, Hit
    from ..rule import Rule

__all__ = ["slip_wording"]

# Multi-word slip nouns, matched on the text ("a copy-paste error", "fat-fingered").
_SLIP_PHRASES = re.compile(
    r"\b(typographical errors?|copy[- /]?paste (errors?|mistakes?)|fat[- ]finger(ed|ing|s)?|butter[- ]fingered|"
    r"slip of the (finger|keyboard|mouse))\b",
    re.IGNORECASE,
)
# "the value was thought to be X, but was instead Y": a mistaken belief stated agentlessly.
_BUT_INSTEAD = re.compile(r"\bbut\b.{0,80}\b(instead|actually|in fact|in reality|really)\b", re.IGNORECASE)


def _span(tokens: list[Token]) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


# Verbs that only name an effect; a passive of them with a slip adverb is still an effect.
_PURE_EFFECTS = {"cause", "result", "lead", "affect", "impact"}
# Effect verbs whose passive with a slip word is a person's action ("was left enabled", "was made in
# the wrong zone by mistake").
_PASSIVE_ACTIONS = frozenset({"leave", "make", "change", "remove", "delete"})
_REPAIRS = {"fix", "correct", "repair", "patch", "revert", "resolve", "remove", "catch", "spot", "flag", "detect"}
_CAUSING = {"cause", "lead", "trigger", "result", "make", "break", "send", "point", "take", "bring"}


def _repaired(noun: Token) -> bool:
    """True when a slip noun is only the thing repaired ("fixed the typo"), not a cause."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in _REPAIRS:
        return False
    # "fixes the typo causing prow to use the wrong namespace" still names the typo as a cause.
    return not any(t.lemma_.lower() in _CAUSING and t.pos_ == "VERB" for t in noun.sent if t.i > noun.i)


def _wrong_target_of_passive(noun: Token, verbs: frozenset[str]) -> bool:
    """True when ``noun`` is the object of an agentless passive operation ("was restored from the wrong backup").

    The noun may also be the passive subject itself: "the wrong command was issued".
    """
    if noun.dep_ == "nsubjpass":
        verb = noun.head
        return verb.lemma_.lower() in verbs and by_agent(verb) is None
    node = noun
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    verb = node.head
    if node.dep_ not in ("dobj", "prep") or verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.lemma_.lower() not in verbs:
        return False
    return is_passive(verb) and by_agent(verb) is None


_BELIEF_ADJECTIVES = ("incorrect", "wrong", "mistaken", "false", "faulty", "bad", "erroneous")
# Operations "the wrong X" can be the target of, besides the targeted-action and perform verbs.
_WRONG_TARGET_VERBS = frozenset({"bring", "boot", "mount", "start", "point", "load", "restore"})


def _gates(lex: dict[str, frozenset[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The words (lowercase, then lemmas) one of the branches of :func:`_slips_in` starts with."""
    lower = lex["SLIP_NOUNS"] | lex["SLIP_ADVERBS"] | lex["SLIP_ADJECTIVES"] | lex["WRONGLY_ADVERBS"]
    lower |= {"mistake", "accident", "error", "wrong", *_BELIEF_ADJECTIVES}
    lemma = lex["COGNITIVE_SLIP_VERBS"] | {"think", "believe", "assume", "expect", "follow", "obey", "observe"}
    return lower, lemma


def _slips_in(
    sent: Span, lex: dict[str, frozenset[str]], gates: tuple[frozenset[str], frozenset[str]] | None = None
) -> Iterator[tuple[int, int]]:
    slip_nouns = lex["SLIP_NOUNS"]
    slip_adverbs = lex["SLIP_ADVERBS"]
    slip_adjectives = lex["SLIP_ADJECTIVES"]
    effect_verbs = lex["EFFECT_VERBS"]
    belief_verbs = lex["BELIEF_VERBS"]
    wrongly = lex["WRONGLY_ADVERBS"]
    perform = lex["PERFORM_VERBS"]
    belief_nouns = lex["BELIEF_NOUNS"]
    cognitive = lex["COGNITIVE_SLIP_VERBS"]
    rule_nouns = lex["RULE_NOUNS"]
    wrong_target_verbs = lex["TARGETED_ACTION_VERBS"] | perform | _WRONG_TARGET_VERBS
    slip_actions = lex["SLIP_ACTION_NOUNS"]
    negations = lex["NEGATION_WORDS"]
    lower_gate, lemma_gate = gates or _gates(lex)
    for tok in tokens_with(sent, lower_gate, lemma_gate):  # the words a branch below starts with
        lower = tok.lower_
        if in_code(tok) or prevented(tok):
            continue
        head = tok.head
        # 1. A slip noun: "a typo in the config", "User misunderstanding of the SHA".
        if lower in slip_nouns and tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            if _repaired(tok):
                continue  # "the typo was fixed in PR 881" records the repair, not a cause
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if (nxt is not None and nxt.text in ("-", "_")) or tok.dep_ in ("compound", "amod"):
                continue  # "typo-squatting", "typo detection"
            if lower == "oversight" and not any(c.dep_ in ("det", "poss") and c.lower_ in ("an", "our", "my", "his", "her", "their") or c.dep_ == "poss" for c in tok.children):
                continue  # regulatory "oversight"
            yield _span([tok])
        # 2. A slip adverb on an action: "were accidentally deleted", "accidentally pushed a change".
        elif lower in slip_adverbs and tok.dep_ == "advmod" and head.pos_ in ("VERB", "AUX"):
            if head.tag_ == "VBG" or (head.lemma_.lower() in effect_verbs and not is_passive(head)):
                continue  # an intended change with an unintended effect ("inadvertently causing")
            if is_passive(head):
                if head.lemma_.lower() in effect_verbs - _PASSIVE_ACTIONS:
                    continue  # "was inadvertently triggered", "were mistakenly marked": effects
                agent = by_agent(head)
                if agent is not None and not agent._.person:
                    continue
                yield _span([tok, head])
            elif subject_of(head) is None and head.tag_ in ("VBD", "VBN", "VB"):
                yield _span([tok, head])
        # 2b. "was dropped by mistake", "were deleted by accident" (an agentless passive).
        elif lower in ("mistake", "accident", "error") and tok.dep_ == "pobj" and head.lower_ == "by" and head.dep_ in ("prep", "agent"):
            verb = head.head
            agent = by_agent(verb)
            if verb.pos_ in ("VERB", "AUX") and is_passive(verb) and (agent is None or agent.i == tok.i) and verb.lemma_.lower() not in _PURE_EFFECTS:
                yield _span([verb, tok])
        # 3. A slip adjective on a noun: "an accidental execution", "a mistaken deletion".
        elif lower in slip_adjectives and tok.dep_ == "amod":
            if head.lemma_.lower() in lex["ACCIDENTAL_EFFECT_NOUNS"] or head.lower_ in lex["ACCIDENTAL_EFFECT_NOUNS"]:
                continue  # an effect, not a slip: "accidental complexity", "an accidental DoS"
            yield _span([tok, head])
        # 4. A mistaken belief: "was incorrectly assumed", "we incorrectly assessed".
        elif lower in wrongly and tok.dep_ == "advmod" and head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            subject = subject_of(head)
            system_subject = subject is not None and not subject._.human and subject.lemma_.lower() not in ("i", "we")
            if lemma in belief_verbs and not system_subject:
                yield _span([tok, head] if tok.i < head.i else [head, tok])
            elif lemma in perform and is_passive(head) and by_agent(head) is None:
                yield _span([head, tok] if head.i < tok.i else [tok, head])
        # 5b. An agentless operation on the wrong target: "it was brought back up with the wrong filesystem".
        elif lower == "wrong" and tok.dep_ == "amod" and _wrong_target_of_passive(head, wrong_target_verbs):
            yield _span([tok, head])
        # 5. "an incorrect assumption", "a wrong assessment", "the wrong push of a button".
        elif lower in _BELIEF_ADJECTIVES and tok.dep_ == "amod":
            if head.lower_ in belief_nouns or (lower != "bad" and head.lemma_.lower() in slip_actions):
                yield _span([tok, head])
        # 6. "was thought to be X, but was instead Y".
        elif tok.lemma_.lower() in ("think", "believe", "assume", "expect") and tok.tag_ == "VBN" and is_passive(tok):
            # From a "but" token after the verb (the prefilter looks for that word).
            if any(c.dep_ == "xcomp" for c in tok.children) and any(
                _BUT_INSTEAD.match(sent.text, t.idx - sent.start_char) for t in sent[tok.i + 1 - sent.start :] if t.lower_ == "but"
            ):
                yield _span([tok])
        # 8. A procedure not followed: "the new release process was not followed".
        elif tok.lemma_.lower() in ("follow", "obey", "observe") and tok.pos_ == "VERB" and any(
            c.dep_ == "neg" and c.lower_ in negations for c in tok.children
        ):
            if is_passive(tok):
                subjects = [c for c in tok.children if c.dep_ == "nsubjpass"]
                if subjects and subjects[0].lemma_.lower() in rule_nouns and by_agent(tok) is None:
                    yield _span([*(c for c in tok.children if c.dep_ in ("auxpass", "neg")), tok])
        # 7. The writers' own lapse: "we overlooked the cost", "we misjudged the risk".
        elif tok.lemma_.lower() in cognitive and tok.pos_ == "VERB":
            subject = subject_of(tok)
            if subject is not None and subject._.collective:
                yield _span([subject, tok])


def slip_wording(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL203: a slip, typo or mistaken belief named as what happened."""
    names = (
        "SLIP_NOUNS", "SLIP_ADVERBS", "SLIP_ADJECTIVES", "EFFECT_VERBS", "BELIEF_VERBS", "WRONGLY_ADVERBS",
        "PERFORM_VERBS", "BELIEF_NOUNS", "COGNITIVE_SLIP_VERBS", "RULE_NOUNS", "SLIP_ACTION_NOUNS",
        "TARGETED_ACTION_VERBS", "ACCIDENTAL_EFFECT_NOUNS", "NEGATION_WORDS",
    )
    lex = {name: lexicon(context, name) for name in names}
    gates = _gates(lex)
    for block, doc, sent in sentences(context, rule):
        seen: list[tuple[int, int]] = []
        for start, end in _slips_in(sent, lex, gates):
            if any(start < e and s < end for s, e in seen):
                continue
            seen.append((start, end))
            if block.in_code(start, end):
                continue
            yield context.hit(block, start, end)
        for match in _SLIP_PHRASES.finditer(sent.text):
            start = sent.start_char + match.start()
            end = sent.start_char + match.end()
            if any(start < e and s < end for s, e in seen) or block.in_code(start, end):
                continue
            seen.append((start, end))
            yield context.hit(block, start, end)


# Every hit needs in its sentence the words of one entry (see the prefilter in docs/writing-rules.md):
# the word each branch of ``_slips_in`` starts with, and where that word is a common one ("error",
# "wrong", "expect", "follow") also the word the branch goes on to require, as a token: "by" of "by
# mistake", a belief noun or slip action after a wrong-adjective, the passive operation "wrong"
# names the target of, the "but" of "thought to be X, but actually Y", the negation of "was not
# followed". ``_SLIP_PHRASES``: "typographical", "fat", "butter", "slip", and "paste" (or
# "copypaste") with the "error" or "mistake" of "copy-paste error". On the corpus 44 sentences are
# candidates instead of the 199 the first words alone gave, with the same findings.
slip_wording.sentence_local = True  # type: ignore[attr-defined]  # every hit is inside one sentence
slip_wording.triggers = (  # type: ignore[attr-defined]
    "$SLIP_NOUNS", "$SLIP_ADVERBS", "$SLIP_ADJECTIVES", "$WRONGLY_ADVERBS", "$COGNITIVE_SLIP_VERBS",
    "typographical", "fat", "butter", "slip",
    (("mistake", "accident", "error"), ("by",)),
    (("mistake", "error"), ("paste", "copypaste")),
    (_BELIEF_ADJECTIVES, ("$BELIEF_NOUNS", "$SLIP_ACTION_NOUNS")),
    (("wrong",), ("$TARGETED_ACTION_VERBS", "$PERFORM_VERBS", *_WRONG_TARGET_VERBS)),
    (("think", "believe", "assume", "expect"), ("but",)),
    (("follow", "obey", "observe"), ("$NEGATION_WORDS",)),
)


_ONE_CAUSE = re.compile(
    r"\b(the (only|sole|single|one) (root )?(cause|reason|culprit)|solely (due to|caused by|responsible)|"
    r"caused (entirely|solely|only) by|(entirely|100%|purely) due to|the culprit was|the weak link|bad apples?|"
    r"everything else (worked|behaved|performed) as (designed|intended|expected)|the only thing that went wrong)\b",
    re.IGNORECASE,
)


def _single_attr(cause: Token) -> Token | None:
    """The one thing a "root cause" is said to be: "The root cause was X" / "Root cause: X"."""
    head = cause.head
    if cause.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        attrs = [c for c in head.children if c.dep_ in ("attr", "acomp", "ccomp")]
        return attrs[0] if len(attrs) == 1 else None
    if cause.dep_ == "ROOT":
        appos = [c for c in cause.children if c.dep_ in ("appos", "attr")]
        return appos[0] if len(appos) == 1 else None
    return None


def single_root_cause(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL204: one root cause named as the explanation ("The root cause was a bad config push")."""
    for block, _doc, sent in sentences(context, rule):
        seen: list[tuple[int, int]] = []
        for match in _ONE_CAUSE.finditer(sent.text):
            start, end = sent.start_char + match.start(), sent.start_char + match.end()
            if not block.in_code(start, end):
                seen.append((start, end))
                yield context.hit(block, start, end)
        for tok in sent:
            if in_code(tok) or tok.lemma_.lower() != "cause" or tok.tag_ != "NN":
                continue
            root = [c for c in tok.children if c.lower_ == "root" and c.dep_ in ("amod", "compound")]
            if not root:
                continue
            attr = _single_attr(tok)
            if attr is None or any(c.dep_ == "conj" for c in attr.children):
                continue
            if re.search(r"\b(one of|a root cause|contributing|among|several|multiple|also)\b", sent.text, re.IGNORECASE):
                continue
            start, end = _span([root[0], tok])
            if not any(start < e and s < end for s, e in seen):
                yield context.hit(block, start, end)


# A word of each ``_ONE_CAUSE`` alternative, and the noun "cause" of "The root cause was …".
single_root_cause.triggers = (  # type: ignore[attr-defined]
    "cause", "reason", "culprit", "solely", "due", "link", "apple", "apples", "everything", "wrong",
)
