"""Decide cheaply, from the words of a block alone, which rules could match it.

The tagger and parser cost far more than the tokenizer, and most blocks of a postmortem contain
none of the words any rule is anchored on. Each rule gets a *trigger*: for every pattern, the
word forms its lexically constrained nodes need (``LOWER``/``ORTH``/``TEXT`` values, or every
form the pipeline's lemmatizer can turn into a ``LEMMA``, see :class:`LemmaInverter`). A pattern can only match a block whose lowercase tokens include a
form for each such node; a rule can only match when one of its patterns can. The test is
conservative: a node with any other constraint (``REGEX``, ``NOT_IN``, custom attributes, an
optional ``OP``) adds no requirement. A python check is a candidate for every block unless its
function declares ``triggers`` (words or ``"$LEXICON"`` names, one of which any block it reports
in must contain); see ``docs/writing-rules.md``.

A node that asks for a person (``_: {person: true}`` or ``subj_person``) needs a token the people
detector (:mod:`blamelint.people`) could mark, and that too shows in the words alone: an ``@``
(handles, e-mail addresses, user ids), a role phrase, a person pronoun, a form of a role noun, or a
title-case word that is a name or no English word (any title-case word when the entity recogniser
runs). See :class:`PersonGate`; most blocks with a failure verb have none of these.

The engine tokenises every block, asks :meth:`Prefilter.candidates` which rules could match, and
runs the tagger and parser only on blocks where some rule that needs them is a candidate. Within
such a block, :meth:`Prefilter.sentences_to_parse` cuts the sentences (each is parsed on its own)
and, when every candidate is sentence-local, keeps only those that hold a candidate's words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .registry import RuleSet, expand_lexicons
from .rule import Rule

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .people import PeopleDetector

__all__ = ["HUMAN", "PERSON", "LemmaInverter", "PersonGate", "Prefilter", "lemma_forms"]

_LEXICAL = ("LOWER", "ORTH", "TEXT")
# Lemmas the English lemmatizer gives to contractions and clitics that no inflection table lists.
_CLITICS = {
    "be": ("'s", "’s", "'re", "’re", "'m", "’m", "ai", "s", "re", "m"),
    "have": ("'ve", "’ve", "'d", "’d", "'s", "’s", "ve", "d"),
    "do": ("'d", "’d", "d"),
    "not": ("n't", "n’t", "nt"),
    "will": ("'ll", "’ll", "wo", "ll"),
    "would": ("'d", "’d", "d"),
    "can": ("ca",),
    "shall": ("sha",),
}
#: A requirement: one set of lowercase forms per constrained node (all needed); ``None`` = always.
Requirement = tuple[frozenset[str], ...] | None
#: The requirement of a node that must be a person: met when :class:`PersonGate` allows one.
PERSON: frozenset[str] = frozenset({"\x00person"})
#: The requirement of a node that must be a person or the writers ("we"): met by a collective
#: pronoun among the words, or when :class:`PersonGate` allows a person.
HUMAN: frozenset[str] = frozenset({"\x00human"})
#: Custom token attributes that, set true, say a person token is in the block.
_PERSON_ATTRS = ("person", "subj_person")
#: ... a person or a collective pronoun (``PeopleDetector.mark``: ``human`` = person or collective).
_HUMAN_ATTRS = ("human", "subj_human")


def _declares(rule: Rule, name: str) -> Any:
    """What a python rule's check function declares as ``name`` (``triggers``, ``sentence_local``)."""
    from .matching import resolve_check

    if rule.match.kind != "python":
        return None
    try:
        return getattr(resolve_check(rule), name, None)
    except Exception:  # noqa: BLE001 - the rule's own run reports a check that cannot be loaded
        return None


@lru_cache(maxsize=4096)
def lemma_forms(lemma: str) -> frozenset[str]:
    """Every lowercase word form whose lemma may be ``lemma`` by lemminflect's tables (and clitics).

    The fallback for pipelines without a rule lemmatizer; :class:`LemmaInverter` is exact and
    cheaper when the pipeline has one.
    """
    from lemminflect import getAllInflections, getAllInflectionsOOV

    low = lemma.lower()
    forms = {low, *_CLITICS.get(low, ())}
    for table in (getAllInflections(low), *(getAllInflectionsOOV(low, upos) for upos in ("VERB", "NOUN", "ADJ"))):
        for values in table.values():
            forms.update(v.lower() for v in values)
    return frozenset(forms)


class LemmaInverter:
    """The word forms spaCy's rule lemmatizer can turn into a lemma, read from the pipeline itself.

    spaCy's English lemmatizer gives a word the lemma from its exception table (``lemma_exc``),
    else one made by a suffix rule (``lemma_rules``: "ies" -> "y", "ed" -> "", ...), else the word;
    the attribute ruler sets some lemmas directly ("'d" -> "would"). Inverting those three gives
    exactly the forms to look for, without loading another lexicon.
    """

    def __init__(self, nlp: Language) -> None:
        self.rules: list[tuple[str, str]] = []
        self.exceptions: dict[str, set[str]] = {}
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        lookups = getattr(lemmatizer, "lookups", None)
        if lookups is None or getattr(lemmatizer, "mode", "") != "rule" or not lookups.has_table("lemma_rules"):
            raise LookupError("the pipeline has no rule lemmatizer")
        rules = lookups.get_table("lemma_rules")
        for pos in rules.keys():
            for old, new in rules[pos]:
                self.rules.append((old, new))
        if lookups.has_table("lemma_exc"):
            exc = lookups.get_table("lemma_exc")
            for pos in exc.keys():
                for form, lemmas in exc[pos].items():
                    for lemma in lemmas:
                        self.exceptions.setdefault(lemma.lower(), set()).add(form.lower())
        if "attribute_ruler" in nlp.pipe_names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:
                lemma = entry.get("attrs", {}).get("LEMMA")
                if not isinstance(lemma, str):
                    continue
                for pattern in entry.get("patterns", ()):
                    for token in pattern:
                        for key in ("LOWER", "ORTH", "TEXT", "NORM"):
                            value = token.get(key) if isinstance(token, dict) else None
                            if isinstance(value, str):
                                self.exceptions.setdefault(lemma.lower(), set()).add(value.lower())
        self._cache: dict[str, frozenset[str]] = {}

    def forms(self, lemma: str) -> frozenset[str]:
        """Every lowercase form that can get ``lemma`` (the lemma itself included)."""
        low = lemma.lower()
        found = self._cache.get(low)
        if found is None:
            out = {low, *_CLITICS.get(low, ()), *self.exceptions.get(low, ())}
            for old, new in self.rules:
                if low.endswith(new):
                    out.add(low[: len(low) - len(new)] + old)
            found = self._cache[low] = frozenset(out)
        return found


def _values(spec: Any) -> list[str] | None:
    """The accepted string values of an attribute constraint, or None when it is open-ended."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"} and isinstance(spec["IN"], list):
        if all(isinstance(v, str) for v in spec["IN"]):
            return list(spec["IN"])
    return None


def _node_forms(
    attrs: Any, forms_of: Callable[[str], frozenset[str]], people: bool = False, collective: frozenset[str] = frozenset()
) -> frozenset[str] | None:
    """The forms one token must take to satisfy ``attrs``, or None when it adds no requirement.

    With ``people``, a node asking for a person and nothing lexical needs :data:`PERSON`; for a
    person or the writers (``human``, ``subj_human``), :data:`HUMAN`; for the writers alone
    (``collective``), one of the ``collective`` pronouns, which is all that mark is given to.
    """
    if not isinstance(attrs, dict):
        return None
    op = attrs.get("OP")
    if op is not None and op not in ("+", "1"):
        return None
    best: frozenset[str] | None = None
    custom = attrs.get("_")
    if people and isinstance(custom, dict):
        if any(custom.get(name) is True for name in _PERSON_ATTRS):
            best = PERSON
        elif any(custom.get(name) is True for name in _HUMAN_ATTRS):
            best = HUMAN
        elif custom.get("collective") is True and collective:
            best = collective
    for key in (*_LEXICAL, "LEMMA"):
        if key not in attrs:
            continue
        values = _values(attrs[key])
        if values is None:
            continue
        if key == "LEMMA":
            forms = frozenset(f for v in values for f in forms_of(v))
        else:
            forms = frozenset(v.lower() for v in values)
        if best is None or best is PERSON or best is HUMAN or len(forms) < len(best):
            best = forms
    return best


def _pattern_requirement(
    nodes: Iterable[Any], forms_of: Callable[[str], frozenset[str]], people: bool = False, collective: frozenset[str] = frozenset()
) -> tuple[frozenset[str], ...]:
    out: list[frozenset[str]] = []
    for node in nodes:
        attrs = node.get("RIGHT_ATTRS", node) if isinstance(node, dict) else None
        forms = _node_forms(attrs, forms_of, people, collective)
        if forms is not None and not ((forms is PERSON or forms is HUMAN) and any(f is forms for f in out)):
            out.append(forms)
    return tuple(out)


class PersonGate:
    """Whether a tokenised block could hold a token :meth:`PeopleDetector.mark` makes a person.

    The test itself is :meth:`PeopleDetector.could_mark`, beside the rules it must stay a superset
    of; the gate adds every form of each role noun (:class:`LemmaInverter`), worked out once.
    """

    def __init__(self, people: PeopleDetector, forms_of: Callable[[str], frozenset[str]], ner: bool) -> None:
        self.people = people
        self.ner = ner
        self.role_forms: frozenset[str] = frozenset(f for noun in people.role_nouns for f in forms_of(noun))

    def allows(self, doc: Doc | Span) -> bool:
        """True unless no token of ``doc`` can be marked as a person."""
        return self.people.could_mark(doc, self.role_forms, self.ner)


class Prefilter:
    """Per-rule triggers for one rule set, built once against a pipeline's tokenizer."""

    def __init__(
        self,
        nlp: Language,
        ruleset: RuleSet,
        rules: Iterable[Rule],
        people: PeopleDetector | None = None,
        *,
        ner: bool = False,
    ) -> None:
        #: code -> list of pattern requirements (any may match), or None (always a candidate).
        self.triggers: dict[str, list[tuple[frozenset[str], ...]] | None] = {}
        self._tokenizer = lambda text: [t.lower_ for t in nlp.make_doc(text)]
        try:
            self.forms_of: Callable[[str], frozenset[str]] = LemmaInverter(nlp).forms
        except LookupError:
            self.forms_of = lemma_forms
        #: With the run's people detector, person nodes need a block :class:`PersonGate` allows.
        self.person_gate = PersonGate(people, self.forms_of, ner) if people is not None else None
        #: The writers' pronouns ("we"): a collective subject is one of these words.
        self.collective: frozenset[str] = frozenset(people.collective) if people is not None else frozenset()
        from spacy.pipeline import Sentencizer

        #: Rules whose every match lies in one sentence that holds its trigger words: pattern rules
        #: (a dependency match is one parse tree; token and phrase patterns are taken to stay inside
        #: a sentence) and checks that declare ``sentence_local``.
        self.sentence_local: set[str] = set()
        self._sentencizer = Sentencizer()
        for rule in rules:
            self.triggers[rule.code] = self._trigger(nlp, ruleset, rule)
            if rule.match.kind in ("phrase", "token", "dependency") or _declares(rule, "sentence_local"):
                self.sentence_local.add(rule.code)

    def _trigger(self, nlp: Language, ruleset: RuleSet, rule: Rule) -> list[tuple[frozenset[str], ...]] | None:
        spec = rule.match
        try:
            if spec.kind == "phrase":
                out = []
                for phrase in spec.phrases:
                    words = [t.lower_ for t in nlp.make_doc(phrase)]
                    if spec.attr == "LEMMA":
                        out.append(tuple(self.forms_of(w) | {w} for w in words))
                    elif spec.attr in _LEXICAL:
                        out.append(tuple(frozenset({w}) for w in words))
                    else:
                        return None
                return out
            if spec.kind == "python":
                return self._python_trigger(ruleset, rule)
            if spec.kind in ("token", "dependency"):
                patterns = [expand_lexicons(p, ruleset.lexicons, rule) for p in spec.patterns]
                out = []
                for pattern in patterns:
                    if not isinstance(pattern, list):
                        return None
                    requirement = _pattern_requirement(pattern, self.forms_of, self.person_gate is not None, self.collective)
                    if not requirement:
                        return None
                    out.append(requirement)
                return out
        except Exception:  # noqa: BLE001 - an odd pattern just means "always a candidate"
            return None
        return None

    def _python_trigger(self, ruleset: RuleSet, rule: Rule) -> list[tuple[frozenset[str], ...]] | None:
        """A python check is a candidate everywhere unless its function declares ``triggers``.

        ``check.triggers`` lists words (each taken as a lemma: every form of it counts) and
        ``"$LEXICON"`` names; the check promises to report nothing in a block without one of them.
        An entry may instead be a tuple of groups, each a word, a ``"$LEXICON"`` or a tuple of those:
        a hit may then also come from a block holding a word of *every* group, e.g.
        ``(("$EXPECTED_STEPS",), ("not", "n't", "never"))`` for "a step verb and a negation".
        """
        declared = _declares(rule, "triggers")
        if not declared or isinstance(declared, str):
            return None
        out: list[tuple[frozenset[str], ...]] = []
        single = [entry for entry in declared if isinstance(entry, str)]
        if single:
            out.append((self._words(ruleset, single),))
        for entry in declared:
            if isinstance(entry, str):
                continue
            requirement = tuple(self._words(ruleset, (group,) if isinstance(group, str) else group) for group in entry)
            if not requirement or not all(requirement):
                return None  # a group that names no word cannot be looked for
            out.append(requirement)
        return out if all(all(req) for req in out) else None

    def _words(self, ruleset: RuleSet, declared: Iterable[str]) -> frozenset[str]:
        """Every lowercase form of the declared words and lexicon entries (see :meth:`_python_trigger`)."""
        words: set[str] = set()
        for entry in declared:
            entries = ruleset.lexicons[entry[1:]] if entry.startswith("$") else (entry,)
            for item in entries:
                tokens = self._tokenizer(item)
                if len(tokens) > 1:
                    # A block holding "ill-advised" holds each of its tokens: one is enough to look
                    # for, and the longest word is the rarest (never "-" or "up" of "cock-up").
                    low = item.lower()
                    words |= self.forms_of(low) | {low}
                    tokens = [max(tokens, key=lambda t: (t.isalpha(), len(t)))]
                for word in tokens:
                    words |= self.forms_of(word) | {word}
        return frozenset(words)

    def sentences_to_parse(
        self, doc: Doc, codes: Collection[str], *, prefilter: bool = True
    ) -> tuple[list[int], list[tuple[int, int]]] | None:
        """Where the sentences of the tokenised ``doc`` start, and which of them to parse.

        ``codes`` are the block's candidate rules that need the parse. Each sentence is parsed on
        its own, so its parse never depends on the sentences around it; when every rule of
        ``codes`` is sentence-local (:attr:`sentence_local`) and ``prefilter`` is on, only the
        sentences holding the words some rule of ``codes`` needs are parsed, and the others stay
        tokenised. Returns ``(starts, ranges)``: the token index where each sentence starts and the
        ``(start, end)`` token ranges to parse; None for a block of one sentence, parsed whole.
        Sentences are cut where spaCy's rule-based ``Sentencizer`` cuts them (after ``.``, ``!``,
        ``?`` and the like, never inside a token such as "e.g." or "v1.2").
        """
        flags = self._sentencizer.predict([doc])[0]
        starts = [i for i, flag in enumerate(flags) if flag]
        if len(starts) < 2:
            return None
        ranges = list(zip(starts, [*starts[1:], len(doc)]))
        if prefilter and self.sentence_local.issuperset(codes):
            ranges = [(start, end) for start, end in ranges if self._could_match(doc[start:end], codes)]
        return starts, ranges

    def _could_match(self, span: Span, codes: Collection[str]) -> bool:
        return bool(self.candidates({t.lower_ for t in span}, codes, span))

    def candidates(self, words: set[str], codes: Iterable[str], doc: Doc | Span | None = None) -> set[str]:
        """Return the rules of ``codes`` that could match a block with these lowercase tokens.

        ``doc`` is the tokenised block, for :class:`PersonGate` (asked at most once, and only when
        a person is all a rule still lacks); without it a person is taken to be possible.
        """
        out = set()
        person: bool | None = None
        for code in codes:
            trigger = self.triggers.get(code)
            if trigger is None:
                out.add(code)
                continue
            for requirement in trigger:
                for forms in requirement:
                    if forms & words:
                        continue
                    if forms is PERSON or forms is HUMAN:
                        if forms is HUMAN and self.collective & words:
                            continue
                        if person is None:
                            gate = self.person_gate
                            person = doc is None or gate is None or gate.allows(doc)
                        if person:
                            continue
                    break
                else:
                    out.add(code)
                    break
        return out
