"""Find the tokens that stand for people (guidance §0.3 PERSON_LIKE, §0.4 on why NER is not enough).

The small English model misses names ("Priya"), calls "Alice" an ORG and "Jenkins" a PERSON, so
no single signal decides. A token is person-like when any of these holds and it is not inside
inline code or on the system-name allowlist:

- an ``@handle``, an email address or a Google-style user id (``dylanfour@``), found by regex on
  the text before parsing, since the tokenizer splits them unpredictably;
- a PERSON entity;
- a title-case proper noun in subject, agent or possessor position (names are alphabetic and
  title-case; ``GitHub``, ``db-1`` and ``AWS`` are not);
- a role noun (engineer, operator, on-call, "the QA team");
- a personal or indefinite pronoun as subject (he, she, they, someone, nobody); "we" is collective.

Each person token gets ``Token._.person = True`` and ``Token._.person_kind`` in
``handle|email|name|role|pronoun``; system nouns get ``Token._.system = True``; "we"/"us" as subject
get ``Token._.collective``. Every verb gets ``Token._.subj_person`` (its effective subject is a
person), ``Token._.subj_human`` (a person or the collective "we") and ``Token._.own_subject`` (the
subject is the verb's own, not shared along a coordination), so rule patterns can ask for
them directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._tokenmarks import MarkWriter, columns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["PeopleDetector", "PersonMention"]

# An @handle: "@alice", "@ops-team" (guidance §0.3).
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9][\w.-]*[A-Za-z0-9_]|(?<![\w@])@[A-Za-z0-9]")
# An email address.
_EMAIL = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\b")
# A Google-style user id: lowercase letters/digits then a bare "@" ("dylanfour@ ignored the setup").
_USER_ID = re.compile(r"\b[a-z][a-z0-9]{2,}@(?!\w|\.\w)")

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss"}
_PROPN_OK = re.compile(r"^[A-Z][a-z]+(?:['’][a-z]+)?$")


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One person-like token, for ``blamelint explain``."""

    text: str
    kind: str
    start: int
    end: int


class PeopleDetector:
    """Mark person-like tokens in parsed docs, with configurable allowlists."""

    def __init__(
        self,
        lexicons: dict[str, tuple[str, ...]],
        system_names: Iterable[str] = (),
        role_nouns: Iterable[str] = (),
    ) -> None:
        self.system_names = {w.lower() for w in (*lexicons.get("SYSTEM_NAMES", ()), *system_names)}
        self.role_nouns = {w.lower() for w in (*lexicons.get("ROLE_NOUNS", ()), *role_nouns)}
        self.role_phrases = tuple(
            sorted({w.lower() for w in lexicons.get("ROLE_PHRASES", ())}, key=len, reverse=True)
        )
        self.pronouns = {w.lower() for w in lexicons.get("PERSON_PRONOUNS", ())}
        self.name_words = {w.lower() for w in lexicons.get("NAME_WORDS", ())}
        self.collective = {w.lower() for w in lexicons.get("COLLECTIVE_PRONOUNS", ())}
        self.system_nouns = {w.lower() for w in lexicons.get("SYSTEM_SUBJECT_NOUNS", ())}
        self._phrase_re = (
            re.compile(r"\b(" + "|".join(re.escape(p) for p in self.role_phrases) + r")\b", re.IGNORECASE)
            if self.role_phrases
            else None
        )

    def is_system_name(self, text: str) -> bool:
        """Return True for names on the system allowlist (case-insensitive)."""
        return text.lower() in self.system_names

    def _kind(self, token: Token) -> str:
        text = token.text
        lower = token.lower_
        if lower in self.system_names:
            return ""
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
            return ""
        if token.pos_ == "PRON" or (token.tag_ in ("PRP", "NN", "NNP") and lower in self.pronouns):
            if lower in self.pronouns and token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "poss", "conj"):
                return "pronoun"
            return ""
        if token.lemma_.lower() in self.role_nouns and token.pos_ in ("NOUN", "PROPN"):
            # "our team" is the writers themselves, collective like "we" (guidance §1.7).
            if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in token.children):
                return ""
            return "role"
        if token.ent_type_ == "PERSON" and _PROPN_OK.match(text):
            return "name"
        if lower not in self.name_words and _common_word(token):
            # "Attempt fails due to a timeout", "Cloud Engineering owns it", "OID Space": a capitalised
            # ordinary English word is a heading word, a team or a product, not a name. Given names
            # that are words ("Bob", "Mike") are listed in NAME_WORDS; the entity recogniser, when a
            # rule asks for it, still marks any PERSON.
            return ""
        if (
            token.pos_ in ("VERB", "NOUN", "ADJ")
            and token.dep_ in ("nsubj", "nsubjpass")
            and _PROPN_OK.match(text)
            and not token.is_sent_start
            and lower not in self.system_nouns
        ):
            # A mid-sentence title-case subject the tagger got wrong ("Why didn't Alice/VB escalate").
            # At the start of a sentence every word is title-case, so there it is no signal.
            return "name"
        if token.pos_ == "PROPN" and _PROPN_OK.match(text) and lower not in self.system_nouns:
            # Names have one or two parts; "Mars Climate Orbiter" is a thing.
            if sum(1 for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN") >= 2:
                return ""
            dep = token.dep_
            head = token.head
            if dep in _SUBJECT_DEPS:
                return "name"
            if dep == "pobj" and head.dep_ == "agent":
                return "name"
            if dep == "pobj" and head.lower_ == "from" and head.head.lemma_ in ("push", "change", "commit", "deploy", "pr"):
                return "name"
            if dep == "compound" and head.pos_ == "PROPN" and head.dep_ in _SUBJECT_DEPS and _PROPN_OK.match(head.text):
                return "name"
        return ""

    def could_mark(self, doc: Doc | Span, role_forms: frozenset[str], ner: bool) -> bool:
        """False only when :meth:`mark` cannot make any token of the tokenised ``doc`` a person.

        Read from the words alone, before any parse, so the prefilter can skip parsing for rules that
        need a person (:class:`blamelint.prefilter.PersonGate`). It must stay a superset of
        :meth:`_kind` and :meth:`mark`: a person is an ``@`` handle, e-mail or user id, a token in a
        role phrase, a person pronoun, a role noun (``role_forms``: every form of each), a PERSON
        entity (title-case; only with ``ner``), or a title-case word that is a listed name or no
        ordinary English word; never a system name. Whoever widens what :meth:`_kind` accepts
        widens this too (the prefilter tests compare both on rule examples, corpus blocks and
        generated sentences).
        """
        text = doc.text
        if "@" in text:
            return True
        if self.role_phrases:
            low = text.lower()
            if any(phrase in low for phrase in self.role_phrases):
                return True
        system, pronouns = self.system_names, self.pronouns
        for token in doc:
            lower = token.lower_
            if lower in system:
                continue
            if lower in pronouns or lower in role_forms:
                return True
            if _PROPN_OK.match(token.text) and (
                ner or lower in self.name_words or (lower not in self.system_nouns and not _known_word(lower))
            ):
                return True
        return False

    def mark(self, doc: Doc, code_spans: Iterable[tuple[int, int]] = ()) -> list[PersonMention]:
        """Set ``_.person``/``_.person_kind``/``_.system``/``_.code`` on ``doc``'s tokens; return the people.

        The marks are worked out in plain sets first and then stored once each with
        :class:`blamelint._tokenmarks.MarkWriter` (what ``token._.name = value`` does, without building an
        ``Underscore`` per access); a mark left at its default (False or "") is not stored.
        """
        code: set[int] = set()
        for start, end in code_spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                code.update(range(span.start, span.end))
        mentions: list[PersonMention] = []
        forced: dict[int, str] = {}
        cols = columns(doc)  # the token attributes as lists: a Token is made only where _kind needs one
        text = cols.doc_text
        for kind, pattern in (("email", _EMAIL), ("handle", _HANDLE), ("handle", _USER_ID)):
            for match in pattern.finditer(text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    for i in range(span.start, span.end):
                        forced.setdefault(i, kind)
        if self._phrase_re is not None:
            for match in self._phrase_re.finditer(text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    forced.setdefault(span.root.i, "role")
        person: dict[int, str] = {}
        system: set[int] = set()
        collective: set[int] = set()
        system_names, system_nouns, collectives = self.system_names, self.system_nouns, self.collective
        pronouns, role_nouns = self.pronouns, self.role_nouns
        strings = doc.vocab.strings
        verb_pos = {strings["VERB"], strings["AUX"]}
        subject_deps = {strings["nsubj"], strings["nsubjpass"]}
        for i, (word, lower, lemma, pos, dep) in enumerate(zip(cols.text, cols.lower, cols.lemma, cols.pos, cols.dep)):
            if i in code:
                continue
            if lower in system_names or (i not in forced and lemma in system_nouns and pos not in verb_pos):
                system.add(i)
            kind = forced.get(i)
            if not kind and (lower in pronouns or lemma in role_nouns or _PROPN_OK.match(word)):
                # Every kind _kind gives needs a listed pronoun, a role noun or a title-case word.
                kind = self._kind(doc[i])
            if kind:
                person[i] = kind
                mentions.append(PersonMention(word, kind, cols.idx[i], cols.idx[i] + len(word)))
            if lower in collectives and dep in subject_deps:
                collective.add(i)
        subj_person: set[int] = set()
        subj_human: set[int] = set()
        own_subject: set[int] = set()
        if doc.has_annotation("DEP"):  # without a parse no verb has a subject
            parse = _Parse(doc)
            for i in parse.verbs():
                if parse.first_subject[i] is not None:
                    own_subject.add(i)
                subject = parse.effective_subject(i)
                if subject is not None and subject not in code:
                    if subject in person:
                        subj_person.add(i)
                        subj_human.add(i)
                    elif subject in collective:
                        subj_human.add(i)
        store = MarkWriter(doc)
        store.flag("code", code)
        store.flag("system", system)
        store.flag("person", person)
        store.values("person_kind", person)
        store.flag("collective", collective)
        store.flag("human", person.keys() | collective)
        store.flag("own_subject", own_subject)
        store.flag("subj_person", subj_person)
        store.flag("subj_human", subj_human)
        return mentions


@lru_cache(maxsize=4096)
def _known_word(lower: str) -> bool:
    try:
        from ._wordforms import lemminflect  # its lemma table read on demand (see blamelint._wordforms)

        get_all_lemmas = lemminflect().getAllLemmas
    except ImportError:  # pragma: no cover - lemminflect is a dependency
        return False
    return bool(get_all_lemmas(lower))


def _common_word(token: Token) -> bool:
    """True for a capitalised ordinary word: one in the English lexicon ("Attempt", "Builds", "Space").

    The tag is no guide: names ending in -s ("Ines", "James") are often tagged as plural nouns.
    """
    if not _PROPN_OK.match(token.text):
        return False
    return _known_word(token.lower_)


class _Parse:
    """A doc's heads, labels and tags as lists of ints, for walking the tree without ``Token`` objects.

    ``token.children`` scans the token's whole subtree on every call; here each verb's first subject
    child is found in one pass over the doc. :meth:`effective_subject` is :func:`effective_subject`
    over these lists (``tests/test_people.py`` checks they agree on every verb).
    """

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        rows = doc.to_array(["HEAD", "DEP", "POS", "TAG"]).astype("int64").tolist() if len(doc) else []
        self.head = [i + row[0] for i, row in enumerate(rows)]
        self.dep = [row[1] for row in rows]
        self.pos = [row[2] for row in rows]
        self.tag = [row[3] for row in rows]
        self._verb_pos = {strings["VERB"], strings["AUX"]}
        self._subject = {strings["nsubj"], strings["nsubjpass"]}
        self._follow = {strings["conj"], strings["xcomp"]}
        self._relcl = strings["relcl"]
        self._wp = strings["WP"]
        self.first_subject: list[int | None] = [None] * len(rows)
        for j, h in enumerate(self.head):  # ascending, so the first subject child is kept
            if h != j and self.dep[j] in self._subject and self.first_subject[h] is None:
                self.first_subject[h] = j

    def verbs(self) -> list[int]:
        return [i for i, pos in enumerate(self.pos) if pos in self._verb_pos]

    def effective_subject(self, verb: int, depth: int = 0) -> int | None:
        subject = self.first_subject[verb]
        if subject is not None:
            if self.tag[subject] == self._wp and self.dep[verb] == self._relcl:
                return self.head[verb]
            return subject
        head = self.head[verb]
        if depth > 4 or head == verb:
            return None
        if self.dep[verb] in self._follow and self.pos[head] in self._verb_pos:
            return self.effective_subject(head, depth + 1)
        return None


def effective_subject(verb: Token, depth: int = 0) -> Token | None:
    """Return the subject a verb has or shares: its own, or one inherited along conj/xcomp/relcl.

    "dylanfour@ ignored the setup and ran the logic" gives ``ran`` the subject of ``ignored``
    (guidance §0.4 point 7); "John failed to run" gives ``run`` John; "the engineer who forgot"
    gives ``forgot`` the engineer.
    """
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ == "WP" and verb.dep_ == "relcl":
                return verb.head
            return child
    if depth > 4 or verb.head.i == verb.i:
        return None
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return effective_subject(verb.head, depth + 1)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return None
    return None
