"""Checks for the judgment category (BL4xx): character words, normative verdicts, minimizers, drama."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import in_code, is_passive, lexicon, sentences, subject_of, tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..engine import CheckContext, Hit
    from ..rule import Rule

__all__ = ["animated_language", "character_words", "minimizing", "normative_judgment"]

# Idioms that judge a person's character or effort (guidance §1.5 A3).
_CHARACTER_IDIOMS = re.compile(
    r"\b(dropped the ball|drops the ball|screwed (it |this |that )?up|messed (it |this |that )?up|asleep at the wheel|"
    r"did(n['’]t| not) bother|could(n['’]t| not) be bothered|rookie (mistake|error)|bone-?headed|"
    r"careless ignorance)\b",
    re.IGNORECASE,
)
# Milstein's blameless slogan ("as stupid as we are today") judges nobody.
_SELF_DEPRECATING = re.compile(r"\bas (stupid|dumb|careless) as we\b", re.IGNORECASE)
# Words with common technical senses count only on a person or a piece of conduct ("lax validation").
_STRICT_ADJECTIVES = {"lazy", "dumb", "hasty", "lax", "cavalier", "ignorant", "blind"}
# Organisations whose conduct a sneer can be aimed at ("the vendor famously shipped ...").
_ORG_NOUNS = {"vendor", "company", "provider", "supplier", "manufacturer", "contractor", "team", "org", "organisation", "organization"}
# Technical senses: "lazy loading", "a dumb pipe".
_TECHNICAL_HEADS = {"loading", "load", "evaluation", "initialization", "initialisation", "pipe", "terminal",
                    "client", "proxy", "switch", "iterator", "import", "imports", "mode", "fetch", "binding"}


def _span(context: CheckContext, block, tokens: list[Token]) -> Hit:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return context.hit_tokens(block, first, last)


def _noun_chain(tok: Token) -> list[Token]:
    """The noun an adjective modifies, and the nouns it is a compound of ("capacity planning")."""
    out = [tok.head]
    node = tok.head
    while node.dep_ == "compound" and node.head.i != node.i:
        node = node.head
        out.append(node)
    return out


def _human_subject(verb: Token) -> bool:
    subject = subject_of(verb)
    return subject is not None and bool(subject._.human)


def _copula_subject_is_conduct(copula: Token, action_nouns: frozenset[str]) -> bool:
    """"Beginning a deploy at 5pm is inadvisable", "the decision was reckless", "he was careless"."""
    for child in copula.children:
        if child.dep_ == "csubj":
            return True
        if child.dep_ in ("nsubj", "nsubjpass"):
            return bool(child._.person) or child.lemma_.lower() in action_nouns
    return False


def _forward_looking(copula: Token) -> bool:
    """Advice about the future ("it would be unwise to restart now") is not a verdict on the past."""
    return any(
        (c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "might", "may", "'d", "'ll"))
        or (c.dep_ in ("xcomp", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        for c in copula.children
    )


def character_words(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL401: a character word (careless, sloppy, lazy, negligent …) aimed at people or their work."""
    adjectives = lexicon(context, "CHARACTER_ADJECTIVES")
    adverbs = lexicon(context, "CHARACTER_ADVERBS")
    nouns = lexicon(context, "CHARACTER_NOUNS")
    action_nouns = lexicon(context, "ACTION_NOUNS")
    starts = adjectives | adverbs
    for block, _doc, sent in sentences(context, rule):
        if _SELF_DEPRECATING.search(sent.text):
            continue
        reported: set[int] = set()
        for tok in tokens_with(sent, starts, nouns):  # the words a branch below starts with
            lower = tok.lower_
            if in_code(tok):
                continue
            if lower in adjectives and tok.pos_ in ("ADJ", "VERB", "NOUN", "PROPN"):
                if tok.dep_ == "compound" and tok.tag_ in ("JJ", "NNP") and tok.head.pos_ == "NOUN":
                    tok_dep = "amod"  # "Careless handling" parsed as a compound
                else:
                    tok_dep = tok.dep_
                chain = _noun_chain(tok) if tok_dep == "amod" else []
                if tok_dep == "amod" and any(n.lower_ in _TECHNICAL_HEADS for n in chain):
                    continue
                if tok_dep == "amod" and (any(n._.person or n.lemma_.lower() in action_nouns for n in chain) or lower not in _STRICT_ADJECTIVES):
                    reported.add(tok.i)
                    yield _span(context, block, [tok, tok.head] if tok.head.i == tok.i + 1 else [tok])
                elif tok.dep_ in ("acomp", "attr") and _copula_subject_is_conduct(tok.head, action_nouns):
                    reported.add(tok.i)
                    yield _span(context, block, [tok])
            elif lower in adverbs and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
                verb = tok.head
                if _human_subject(verb) or (is_passive(verb) and lower not in ("lazily", "hastily")):
                    reported.add(tok.i)
                    yield _span(context, block, [tok, verb] if verb.i == tok.i + 1 else [tok])
            elif tok.lemma_.lower() in nouns and tok.pos_ == "NOUN":
                reported.add(tok.i)
                yield _span(context, block, [tok])
        for match in _CHARACTER_IDIOMS.finditer(sent.text):
            start = sent.start_char + match.start()
            end = sent.start_char + match.end()
            if block.in_code(start, end):
                continue
            yield context.hit(block, start, end)


def normative_judgment(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL402: a verdict on people's conduct or craft ("poor decision", "poorly written", "inadvisable")."""
    normative_adj = lexicon(context, "NORMATIVE_ADJECTIVES")
    normative_adv = lexicon(context, "NORMATIVE_ADVERBS")
    verdict_adj = lexicon(context, "VERDICT_ADJECTIVES")
    action_nouns = lexicon(context, "ACTION_NOUNS")
    decision_nouns = lexicon(context, "DECISION_NOUNS")
    craft_verbs = lexicon(context, "CRAFT_VERBS")
    normative_verbs = lexicon(context, "NORMATIVE_VERBS")
    rule_nouns = lexicon(context, "RULE_NOUNS")
    verdict_nouns = lexicon(context, "VERDICT_NOUNS")
    work_nouns = lexicon(context, "WORK_NOUNS")
    sneer_adverbs = lexicon(context, "SNEER_ADVERBS")
    conduct_only = lexicon(context, "CONDUCT_VERDICTS")
    # The words (lowercase, then lemmas) one of the branches below starts with.
    lower_gate = normative_adj | normative_adv | verdict_adj | sneer_adverbs
    lemma_gate = verdict_nouns | normative_verbs | {"violate", "rush"}
    for block, _doc, sent in sentences(context, rule):
        for tok in tokens_with(sent, lower_gate, lemma_gate):
            lower = tok.lower_
            lemma = tok.lemma_.lower()
            if in_code(tok):
                continue
            if tok.dep_ == "amod" and lower in normative_adj:
                # "poor security practices", "inadequate capacity planning", "a bad call".
                chain = _noun_chain(tok)
                strict = lower in ("bad", "wrong", "questionable")
                targets = decision_nouns if strict else action_nouns | decision_nouns
                hits = [n for n in chain if n.lemma_.lower() in targets or n.lower_ in targets]
                if hits and all(tok.i < n.i <= tok.i + 3 for n in hits[:1]):
                    yield _span(context, block, [tok, hits[0]])
                elif hits:
                    yield _span(context, block, [tok])
            elif tok.dep_ == "advmod" and lower in normative_adv and tok.head.lemma_.lower() in craft_verbs:
                # "a poorly written regular expression", "the change was inadequately reviewed".
                yield _span(context, block, [tok, tok.head] if tok.head.i == tok.i + 1 else [tok])
            elif tok.dep_ in ("acomp", "attr") and lower in verdict_adj and (
                _copula_subject_is_conduct(tok.head, action_nouns | decision_nouns)
                or (lower in conduct_only and not _forward_looking(tok.head))
            ):
                # "Beginning a ten-hour deploy at 5pm is inadvisable".
                yield _span(context, block, [tok])
            elif tok.dep_ == "attr" and lemma in verdict_nouns:
                # "these client refactors are a dud".
                subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
                if subjects and (subjects[0].lemma_.lower() in work_nouns | action_nouns or subjects[0].lower_ in work_nouns):
                    yield _span(context, block, [tok])
            elif tok.dep_ == "advmod" and lower in sneer_adverbs and tok.head.pos_ in ("VERB", "AUX"):
                # "X famously didn't include ECC": a sneer at how someone acted (a system subject is fine).
                subject = subject_of(tok.head)
                if subject is not None and not subject._.system and (
                    subject._.human or subject.pos_ == "PROPN" or subject.lemma_.lower() in _ORG_NOUNS
                ):
                    yield _span(context, block, [tok])
            elif tok.pos_ == "VERB" and lemma in normative_verbs:
                # "The operator mishandled the failover", "the failover was botched".
                yield _span(context, block, [tok])
            elif tok.pos_ == "VERB" and lemma == "violate" and any(c.dep_ == "dobj" and c.lemma_.lower() in rule_nouns for c in tok.children):
                yield _span(context, block, [tok])
            elif tok.pos_ == "VERB" and lemma == "rush" and (is_passive(tok) or _human_subject(tok)) and tok.tag_ in ("VBN", "VBD"):
                # "The new tool was rushed to production", "we rushed the fix".
                yield _span(context, block, [tok])


_MINIMIZER_PHRASES = re.compile(
    r"\b(all (he|she|they|we|you|the [a-z-]+) (had|needed) to do|only (had|needed) to|simply (had|needed) to|"
    r"just (had|needed) to|a simple matter of|no-?brainer|it['’]s as easy as|as easy as)\b",
    re.IGNORECASE,
)


def minimizing(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL404: words that make the work sound trivial ("we just restarted", "all they had to do")."""
    minimizers = lexicon(context, "MINIMIZER_ADVERBS")
    for block, _doc, sent in sentences(context, rule):
        seen: list[tuple[int, int]] = []
        for match in _MINIMIZER_PHRASES.finditer(sent.text):
            start, end = sent.start_char + match.start(), sent.start_char + match.end()
            if not block.in_code(start, end):
                seen.append((start, end))
                yield context.hit(block, start, end)
        for tok in tokens_with(sent, minimizers):
            if tok.dep_ != "advmod" or in_code(tok):
                continue
            verb = tok.head
            if verb.pos_ not in ("VERB", "AUX") or tok.tag_ == "JJ" or verb.tag_ not in ("VBD", "VBN"):
                continue  # past narrative only: "clearly, we need CI" is emphasis
            if tok.lower_ == "just" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
                continue  # the time sense: "had just completed"
            if not _human_subject(verb):
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            if any(start < e and s < end for s, e in seen):
                continue
            yield context.hit(block, start, end)


_ANIMATED = re.compile(
    r"(!{2,}|\?!|!\?|\b(ridiculous|absurd|unbelievable|i can['’]?t believe|i cannot believe|wtf|facepalm|epic fail|"
    r"dumpster fire|train ?wreck|total mess|complete mess|utter mess|shameful|disgraceful|clown show|"
    r"what a mess|what were (they|you|we) thinking)\b)",
    re.IGNORECASE,
)
_EMPHASIS = {"again", "never", "always", "every", "ever", "really", "totally", "seriously", "nothing",
             "nobody", "still", "twice", "anyone", "everyone", "literally", "completely", "obviously"}


def animated_language(context: CheckContext, rule: Rule) -> Iterator[Hit]:
    """BL405: dramatic wording ("!!!", "ridiculous", "AGAIN") where data would say more."""
    for block, _doc, sent in sentences(context, rule):
        for match in _ANIMATED.finditer(sent.text):
            start, end = sent.start_char + match.start(), sent.start_char + match.end()
            if not block.in_code(start, end):
                yield context.hit(block, start, end)
        for tok in tokens_with(sent, _EMPHASIS):
            # A common word in capitals for emphasis ("It's AGAIN Friday"); acronyms are not words here.
            if len(tok.text) >= 3 and tok.text.isupper() and not in_code(tok):
                yield context.hit(block, tok.idx, tok.idx + len(tok.text))


# Every hit needs one of these words in its block (see the prefilter in docs/writing-rules.md).
# BL401 and BL402 are sentence-local: each hit is a trigger word with its head or dependents (or an
# idiom of ``sent.text``) in the sentence that holds the word, so a block's other sentences need no
# parse for them.
# BL401: the three lexicons and a word of each ``_CHARACTER_IDIOMS`` alternative.
character_words.sentence_local = True  # type: ignore[attr-defined]
character_words.triggers = (  # type: ignore[attr-defined]
    "$CHARACTER_ADJECTIVES", "$CHARACTER_ADVERBS", "$CHARACTER_NOUNS",
    "ball", "screwed", "messed", "asleep", "bother", "bothered", "rookie", "bone", "boneheaded", "careless",
)
# BL402: the lexicon or word each branch tests first.
normative_judgment.sentence_local = True  # type: ignore[attr-defined]
normative_judgment.triggers = (  # type: ignore[attr-defined]
    "$NORMATIVE_ADJECTIVES", "$NORMATIVE_ADVERBS", "$VERDICT_ADJECTIVES", "$VERDICT_NOUNS", "$SNEER_ADVERBS",
    "$NORMATIVE_VERBS", "violate", "rush",
)
# BL404: the minimizer adverbs, and a word of each ``_MINIMIZER_PHRASES`` alternative ("all they had
# to do" and "only needed to" hold "had" or "needed").
minimizing.triggers = (  # type: ignore[attr-defined]
    "$MINIMIZER_ADVERBS", "had", "needed", "simple", "brainer", "nobrainer", "easy",
)
