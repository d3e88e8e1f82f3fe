"""Rewrite a flagged sentence from its dependency parse: the person out, the system or the event in.

The rewrites are generic over the parse, not written per rule, so new rules in the four blame
categories (attribution, human-error, counterfactual, judgment) get them without code:

- **human-error noun phrase** ("Root cause: human error") → a clearly marked placeholder;
- **passive with a person agent** ("was pushed by Sarah") → the by-phrase dropped, or "went out";
- **a person's possession of a fault** ("John's config change", "the operator's mistake") → "the
  config change", "a change";
- **failure verb + action** ("John forgot to run the migration") → "The migration did not run" /
  "The migration was not run" / "The deploy process did not run the migration" / a question;
- **negated action of a person** ("Sarah didn't check the logs") → "The logs were not checked" …;
- **modal perfect** ("should have checked the logs") → the negated past ("The logs were not
  checked") and "What made the logs hard to check at the time?"; a negated modal ("ought not to
  have refactored") becomes the plain past ("Every binary was refactored at once");
- **a slip** ("Sarah accidentally deleted the table", "made a typo") → agentless past ("The table
  was deleted") or the adverb removed;
- **judgment adverbs and adjectives** ("obviously", "careless") → removed.

**What a rewrite replaces.** A rewrite is the whole new text of the sentence that holds the
finding. The edit that carries it is trimmed to the part of the sentence that actually changes
(common prefix and suffix removed), so the edit always lies inside the finding's *sentence* (not
necessarily inside the finding's range); inline markup outside the changed part is kept, and a
rewrite whose changed part crosses markup (a link, emphasis, inline code, a blockquote marker) is
not offered. Line breaks inside the changed part become spaces.

**Applicability.** Pure deletions (a by-phrase, a possessive, an adverb, an adjective) and the
agentless past of a slip are ``unsafe``: they keep what happened and drop who. Anything that
infers (a negation from a counterfactual, a system put in, a question, a placeholder) is
``display-only``. The rule's ``fix.applicability`` is a ceiling: a rule documented as
display-only never gets an applied rewrite.

**Self-check.** Every candidate is linted again, as a sentence under its block's heading and list
marker, before it is offered; a candidate that would itself be flagged is dropped (see
:func:`attach_rewrites`).

Verbs are inflected with lemminflect (no hand tables of verb forms).
"""

from __future__ import annotations

import importlib
import logging
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .findings import Applicability, Edit, Finding, Fix

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .document import Block, Document
    from .engine import Linter
    from .rule import Rule

__all__ = [
    "REWRITE_CATEGORIES",
    "Rewrite",
    "RewriteHook",
    "attach_rewrites",
    "rewrite_sentence",
    "sentence_edit",
]

LOG = logging.getLogger(__name__)

#: Categories whose findings get rewrites by default (a rule can opt out with ``fix.rewrite: none``).
REWRITE_CATEGORIES = frozenset({"attribution", "human-error", "counterfactual", "judgment"})

#: The placeholder that stands in for "human error": a marked gap for the writer to fill.
PLACEHOLDER = "[contributing factor: the process or tooling gap]"

_STRICTNESS = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.DISPLAY_ONLY: 2}
_MODALS = {"should", "could", "would", "might", "must", "ought", "shouldn't", "couldn't", "wouldn't", "may"}
_HUMAN_ERROR = re.compile(
    r"\b(human|operator|user|pilot|engineer(?:'s)?|manual|people|layer 8|picnic|id-10t)\s+"
    r"(error|errors|mistake|mistakes|failure|failures|factor|issue|problem)\b|\bpebkac\b",
    re.IGNORECASE,
)
# Verbs whose object can be their subject ("the migration did not run", "the build broke").
_ERGATIVE = {"run", "start", "stop", "finish", "complete", "apply", "deploy", "restart", "sync",
             "break", "roll", "fire", "trigger", "execute", "change", "close", "open", "move", "build"}
# Verbs that put a change into production; their passive with a person agent becomes "went out".
_OUT_VERBS = {"push", "deploy", "ship", "release", "publish", "merge", "roll"}
_UNNOTICED = {"miss", "overlook", "notice", "spot", "see", "catch", "realize", "realise"}
_UNHEEDED = {"ignore", "disregard", "dismiss", "bypass"}
_SLIP_ADVERBS = {"accidentally", "accidently", "mistakenly", "inadvertently", "unintentionally",
                 "erroneously", "wrongly", "incorrectly", "carelessly", "sloppily", "negligently"}
_SLIP_NOUNS = {"typo", "mistake", "error", "blunder", "slip", "oversight", "screwup", "fault"}
_PROCESS_NOUNS = {"process", "pipeline", "runbook", "checklist", "procedure", "script", "playbook", "workflow"}
_STEP_NOUNS = {"deploy", "deployment", "release", "rollout", "upgrade", "maintenance", "failover", "rollback",
               "cutover", "build", "review"}
_SKIPPED = {"forget", "omit", "skip", "neglect"}
_NOBODY = {"nobody", "none", "noone"}
_FAILURE_VERBS = frozenset({"fail", "forget", "miss", "neglect", "ignore", "overlook", "skip", "omit", "disregard"})
# "the wrong directory", "an incorrect assumption": the adjective carries a fact, so it is not dropped.
_FACTUAL_ADJECTIVES = {"wrong", "incorrect", "mistaken", "erroneous", "bad"}
_CONFUSION_NOUNS = {"misunderstanding", "misreading", "confusion", "misinterpretation", "misconception"}
_BELIEF_NOUNS = {"assumption", "belief", "expectation", "estimate", "guess", "understanding"}
_CLIMB = {"nsubj", "nsubjpass", "agent", "pobj", "aux", "auxpass", "neg", "advmod", "prt", "dobj", "poss", "det",
          "compound", "amod", "case"}
_OBVIOUS = {"obvious", "clear", "apparent", "evident", "plain"}
_PLURAL_PRONOUNS = {"they", "these", "those", "them"}
_OBJECT_TO_SUBJECT = {"them": "they"}
_PERSONAL_OBJECTS = {"him", "her", "me", "us", "you", "myself", "himself", "herself", "ourselves"}
_END = {".", "!", "?", ";", ":"}


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One alternative wording of a flagged sentence (the whole sentence, markup-free)."""

    text: str
    applicability: Applicability = Applicability.DISPLAY_ONLY
    title: str = ""

    def fix_title(self) -> str:
        """Return the title shown for this rewrite."""
        return self.title or f"Rewrite as “{self.text}”"


#: A rewrite hook (``fix.rewrite: package.module:function``): the sentence and the finding's tokens in.
RewriteHook = Callable[["Span", "Span"], Iterable[Rewrite]]


# -- text helpers ------------------------------------------------------------------------------


def _render(tokens: Iterable[Token]) -> str:
    """Return the text of ``tokens`` in document order, keeping their own spacing."""
    ordered = sorted(tokens, key=lambda t: t.i)
    out: list[str] = []
    for index, token in enumerate(ordered):
        out.append(token.text)
        follows = index + 1 < len(ordered) and ordered[index + 1].i == token.i + 1
        if index + 1 < len(ordered):
            out.append(token.whitespace_ if follows else " ")
    return "".join(out).strip()


def _splice(sent: Span, drop: set[int], at: int | None = None, insert: str = "") -> str:
    """Return ``sent`` without the ``drop`` tokens (original spacing kept), ``insert`` put at token ``at``."""
    pieces: list[str] = []
    for token in sent:
        if token.i == at and insert:
            pieces.append(insert + " ")
        if token.i not in drop:
            pieces.append(token.text_with_ws)
    text = re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"^[,;:]\s*", "", text)
    return _capitalize(text) if min(drop, default=-1) == sent.start or at == sent.start else text


def _join(parts: Sequence[str]) -> str:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r",\s*([,.;:!?])", r"\1", text)
    text = re.sub(r"^[,;:]\s*", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(tokens: Sequence[Token], text: str) -> str:
    """Lower-case the first letter of a moved phrase unless it is a name or "I"."""
    if not tokens or not text:
        return text
    first = min(tokens, key=lambda t: t.i)
    if first.pos_ == "PROPN" or first.text in ("I",) or first.text.isupper():
        return text
    return text[:1].lower() + text[1:]


def _lemma(token: Token) -> str:
    from ._wordforms import lemminflect  # loaded on the first rewrite, not at start-up

    found = lemminflect().getLemma(token.text.lower(), upos="VERB")
    return found[0] if found else token.lemma_.lower()


def _inflect(lemma: str, tag: str) -> str:
    from ._wordforms import lemminflect

    found = lemminflect().getInflection(lemma, tag=tag)
    return found[0] if found else lemma


def _with_particles(form: str, verb: Token) -> str:
    particles = [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join([form, *particles])


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _plural(tokens: Sequence[Token], head: Token) -> bool:
    if head.lower_ in _PLURAL_PRONOUNS or head.tag_ in ("NNS", "NNPS"):
        return True
    return any(c.dep_ == "conj" for c in head.children)


def _be(plural: bool) -> str:
    return "were" if plural else "was"


# -- the parts of a clause ----------------------------------------------------------------------


@dataclass
class _Clause:
    """The pieces of the clause around the finding, once the agent and its verb group are set aside."""

    sent: Span
    verb: Token  # the verb whose subject is the agent ("forgot", "checked", "pushed")
    action: Token  # the verb naming what was (not) done ("run"; the same as verb when there is no xcomp)
    removed: set[int]
    obj: list[Token]
    obj_head: Token | None
    clausal: list[Token]  # a that-clause object ("verify that X was running")
    #: A clause without its own subject inside another ("…, omitting to validate the path"): a
    #: declarative rewrite would make a comma splice, so only questions are offered.
    questions_only: bool = False

    def prefix(self) -> str:
        """The words before the first removed token, as written ("During the upgrade,")."""
        first = min(self.removed) if self.removed else self.verb.i
        return _render(t for t in self.sent if t.i < first and t.i not in self.removed)

    def rest(self, *, skip: Iterable[int] = ()) -> str:
        """The words after the verb group that stay ("before the deploy", "without review")."""
        first = min(self.removed) if self.removed else self.verb.i
        skipped = set(skip) | self.removed | {t.i for t in self.obj} | {t.i for t in self.clausal}
        last = self.sent[-1]
        tokens = [t for t in self.sent if t.i > first and t.i not in skipped and not (t.i == last.i and t.text in _END)]
        return _render(tokens)

    def end(self) -> str:
        last = self.sent[-1]
        return last.text if last.text in _END else "."

    def object_text(self, *, subject_case: bool = False) -> str:
        text = _render(self.obj)
        if subject_case and len(self.obj) == 1:
            text = _OBJECT_TO_SUBJECT.get(text.lower(), text)
        return text


def _aux_tokens(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    return None


def _human(token: Token | None) -> bool:
    return token is not None and bool(token._.person or token._.collective or token.lower_ in ("we", "i"))


def _object_of(verb: Token) -> tuple[list[Token], Token | None, list[Token]]:
    for child in verb.children:
        if child.dep_ == "dobj":
            return _subtree(child), child, []
    for child in verb.children:
        if child.dep_ == "ccomp":
            return [], None, _subtree(child)
    return [], None, []


def _clause(sent: Span, verb: Token, action: Token, extra: Iterable[Token] = ()) -> _Clause | None:
    """Collect the clause of ``verb``; None when its shape is beyond a safe sentence rewrite."""
    subject = _subject(verb)
    removed: set[int] = set()
    if subject is not None:
        removed |= {t.i for t in subject.subtree}
    for token in (verb, action):
        removed.add(token.i)
        removed |= {t.i for t in _aux_tokens(token)}
        removed |= {t.i for t in token.children if t.dep_ == "prt"}
    removed |= {t.i for t in extra}
    if action is not verb:
        removed |= {t.i for t in verb.children if t.dep_ in ("neg",)}
    obj, obj_head, clausal = _object_of(action)
    if obj_head is not None and (obj_head._.person or obj_head.lower_ in _PERSONAL_OBJECTS):
        return None
    if any(t.text in (",", ";") for t in obj):
        return None  # a list or an apposition in the object does not move as one phrase
    # A clause that shares its subject with another verb ("forgot to type -n and rebooted all
    # servers") cannot lose that subject without breaking the other verb.
    for token in (verb, action):
        if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _subject(c) is None for c in token.children):
            return None
    if verb.dep_ == "conj" and subject is None:
        return None
    if verb.dep_ in ("relcl", "amod", "csubj"):
        return None
    embedded = verb.dep_ != "ROOT" and verb.head.i != verb.i
    if embedded and verb.dep_ not in ("advcl", "ccomp", "conj", "xcomp", "pcomp", "acl"):
        return None
    if obj_head is None and action.dep_ != "xcomp" and any(c.dep_ == "auxpass" for c in action.children):
        passive_subject = _subject(action)
        if passive_subject is not None and not _human(passive_subject):
            obj, obj_head = _subtree(passive_subject), passive_subject
    question = sent[-1].text == "?" or sent[0].tag_ in ("WRB", "WP", "WDT")
    return _Clause(sent, verb, action, removed, obj, obj_head, clausal, questions_only=question or (embedded and subject is None))


def _system_phrase(clause: _Clause) -> str:
    """Name a process from the sentence ("the deploy process") or fall back to a generic one."""
    taken = clause.removed | {t.i for t in clause.obj}
    for token in clause.sent:
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = token.lemma_.lower()
        if lemma in _PROCESS_NOUNS:
            return f"the {token.text.lower()}"
        if lemma in _STEP_NOUNS:
            return f"the {token.text.lower()} process"
    return ""


# -- the rewrites --------------------------------------------------------------------------------


def _human_error(sent: Span, focus: Span) -> list[Rewrite]:
    match = _HUMAN_ERROR.search(focus.text)
    if match is None:
        return []
    root = focus.root
    start = min([focus.start] + [c.i for c in root.lefts if c.dep_ in ("det", "amod", "compound", "poss")])
    start = min(start, *(t.i for t in focus))
    # Take a determiner in front of the phrase with it ("a human error").
    if start > sent.start and sent.doc[start - 1].dep_ == "det" and sent.doc[start - 1].head.i in range(focus.start, focus.end):
        start -= 1
    before = _render(t for t in sent if t.i < start)
    after_tokens = [t for t in sent if t.i >= focus.end]
    after = "".join(t.text_with_ws for t in after_tokens).strip()
    text = _join([before, PLACEHOLDER, after]) if after and after[0] not in ".,;:!?" else _join([before, PLACEHOLDER]) + after
    text = _capitalize(text) if not before else text
    return [Rewrite(text, Applicability.DISPLAY_ONLY, f"Replace with a placeholder: “{text}”")]


def _agent_removal(sent: Span, verb: Token) -> list[Rewrite]:
    out: list[Rewrite] = []
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if pobj._.person:
            kept = [t for t in sent if t.i not in {x.i for x in agent.subtree}]
            subject = _subject(verb)
            auxpass = [c for c in verb.children if c.dep_ == "auxpass"]
            if verb.lemma_.lower() in _OUT_VERBS and subject is not None and auxpass and not _negated(verb):
                went = [t for t in kept if t.i not in {a.i for a in auxpass} and t.i != verb.i]
                before = _render(t for t in went if t.i < verb.i)
                after = [t for t in went if t.i > verb.i]
                tail = _render(t for t in after if not (t.i == sent[-1].i and t.text in _END))
                end = sent[-1].text if sent[-1].text in _END else "."
                out.append(Rewrite(_join([before, "went out", tail]) + end, Applicability.DISPLAY_ONLY))
            out.append(Rewrite(_join([_render(kept)]), Applicability.UNSAFE))
        else:
            owner = next((c for c in pobj.children if c.dep_ == "poss" and c._.person), None)
            if owner is not None:
                out.extend(_possessive(sent, owner, "the"))
    return out


def _possessive(sent: Span, owner: Token, article: str) -> list[Rewrite]:
    """Replace "John's" (or "the operator's") with an article."""
    drop = {t.i for t in owner.subtree}
    noun = owner.head
    has_det = any(c.dep_ == "det" for c in noun.children if c.i not in drop)
    return [Rewrite(_splice(sent, drop, min(drop), "" if has_det else article), Applicability.UNSAFE)]


def _fault_noun(sent: Span, owner: Token) -> list[Rewrite]:
    """"The operator's mistake took down the cache" → "A change took down the cache"."""
    noun = owner.head
    if noun.lemma_.lower() not in _SLIP_NOUNS:
        return _possessive(sent, owner, "the")
    phrase = {t.i for t in noun.subtree if t.i <= noun.i}
    first = min(phrase)
    before = _render(t for t in sent if t.i < first)
    after = "".join(t.text_with_ws for t in sent if t.i > noun.i).strip()
    text = _join([before, "a change", after]) if before else _join(["A change", after])
    return [Rewrite(text, Applicability.DISPLAY_ONLY)]


def _questions(clause: _Clause, positive: bool) -> list[Rewrite]:
    action = clause.action
    rest = clause.rest()
    when = "" if "at the time" in rest.lower() else "at the time"
    if positive:
        obj = _lower_first(clause.obj, clause.object_text()) if clause.obj else "it"
        verb = _with_particles(_lemma(action), action)
        clausal = _render(clause.clausal)
        text = _join(["What made", obj, "hard to", verb, clausal, rest, when]) + "?"
    else:
        obj = _lower_first(clause.obj + clause.clausal, _render(clause.obj + clause.clausal))
        verb = _with_particles(_inflect(_lemma(action), "VBG"), action)
        text = _join(["What made", verb, obj, rest, "look reasonable", when]) + "?"
    return [Rewrite(text, Applicability.DISPLAY_ONLY)]


def _negated_past(clause: _Clause, *, ergative_first: bool = True, system: bool = True) -> list[Rewrite]:
    """"The migration did not run", "The migration was not run", "The deploy process did not run …"."""
    out: list[Rewrite] = []
    if clause.questions_only:
        return out
    action = clause.action
    lemma = _lemma(action)
    prefix = clause.prefix()
    rest = clause.rest()
    end = clause.end()
    participle = _with_particles(_inflect(lemma, "VBN"), action)
    if clause.obj and clause.obj_head is not None:
        obj = clause.object_text(subject_case=True)
        be = _be(_plural(clause.obj, clause.obj_head))
        passive = _join([prefix, obj if prefix else _capitalize(obj), be, "not", participle, rest]) + end
        if ergative_first and lemma in _ERGATIVE and not any(c.dep_ == "prt" for c in action.children):
            out.append(Rewrite(_join([prefix, obj if prefix else _capitalize(obj), "did not", lemma, rest]) + end))
        out.append(Rewrite(passive))
        if system:
            named = _system_phrase(clause)
            if named:
                sys_text = _join([prefix, named if prefix else _capitalize(named), "did not", _with_particles(lemma, action), _lower_first(clause.obj, obj), rest])
            else:
                past = _with_particles(_inflect(lemma, "VBD"), action)
                sys_text = _join([prefix, "no step in the process" if prefix else "No step in the process", past, _lower_first(clause.obj, obj), rest])
            out.append(Rewrite(sys_text + end))
    elif clause.clausal:
        that = _render(clause.clausal)
        out.append(Rewrite(_join([prefix, "it" if prefix else "It", "was not", participle, that, rest]) + end))
    return out


def _plain_past(clause: _Clause) -> list[Rewrite]:
    """"We ought not to have refactored every binary at once" → "Every binary was refactored at once"."""
    if not clause.obj or clause.obj_head is None or clause.questions_only:
        return []
    lemma = _lemma(clause.action)
    obj = clause.object_text(subject_case=True)
    prefix = clause.prefix()
    be = _be(_plural(clause.obj, clause.obj_head))
    participle = _with_particles(_inflect(lemma, "VBN"), clause.action)
    return [Rewrite(_join([prefix, obj if prefix else _capitalize(obj), be, participle, clause.rest()]) + clause.end())]


def _modal_perfect(sent: Span, verb: Token) -> list[Rewrite] | None:
    """Rewrites for "should have checked", "ought not to have refactored", "was supposed to update"."""
    action = verb
    modal_head = verb
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    has_modal = bool(aux & _MODALS) and bool(aux & {"have", "'ve", "of"})
    if not has_modal and verb.dep_ == "xcomp" and verb.head.lower_ == "ought" and aux & {"have", "'ve"}:
        has_modal, modal_head = True, verb.head
    if not has_modal and verb.lower_ == "supposed":
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if xcomp is None:
            return None
        has_modal, action = True, xcomp
    if not has_modal:
        return None
    # A counterfactual built on an if-clause keeps too much of the hypothetical; offer the question only.
    conditional = any(c.dep_ == "advcl" and any(m.lower_ == "if" for m in c.subtree) for c in verb.children)
    negative = _negated(verb) or _negated(modal_head) or _negated(action)
    extra = [modal_head] + _aux_tokens(modal_head) if modal_head is not verb else []
    if conditional:
        extra += [c2 for c in verb.children if c.dep_ == "advcl" for c2 in c.subtree]
        extra += [c for c in verb.children if c.dep_ == "punct" and c.text == "," and c.i < verb.i]
    clause = _clause(sent, modal_head if modal_head is not verb else verb, action, extra)
    if clause is None:
        return []
    if _lemma(action) == "be" or action.lemma_ == "be":
        # "The risk should have been obvious" → "What made the risk hard to see … at the time?"
        acomp = next((c for c in action.children if c.dep_ == "acomp"), None)
        subject = _subject(action) or _subject(modal_head)
        if acomp is None or acomp.lower_ not in _OBVIOUS or subject is None or _human(subject):
            return []
        skip = {t.i for t in acomp.subtree}
        rest = clause.rest(skip=skip)
        subj = _lower_first(list(subject.subtree), _render(subject.subtree))
        return [Rewrite(_join(["What made", subj, "hard to see", rest, "at the time"]) + "?")]
    out: list[Rewrite] = []
    if not conditional:
        out += _plain_past(clause) if negative else _negated_past(clause, system=False)
    out += _questions(clause, positive=not negative)
    return out


def _object_phrase(clause: _Clause) -> str:
    return _lower_first(clause.obj, clause.object_text()) if clause.obj else "it"


def _failure_verb(sent: Span, verb: Token, failure_verbs: frozenset[str]) -> list[Rewrite] | None:
    """"John forgot to run the migration", "@alice ignored the warning", "the operator missed the page"."""
    lemma = verb.lemma_.lower()
    if lemma not in failure_verbs:
        return None
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is not None:
        clause = _clause(sent, verb, xcomp)
        if clause is None:
            return []
        return _negated_past(clause) + _questions(clause, positive=True)
    clause = _clause(sent, verb, verb)
    if clause is None or not clause.obj or clause.obj_head is None:
        return []
    rest = clause.rest()
    question_obj = _object_phrase(clause)
    if lemma in _UNNOTICED:
        core, question = ["went unnoticed"], ["What made", question_obj, "easy to miss", rest, "at the time"]
    elif lemma in _UNHEEDED:
        core, question = ["was not acted on"], ["What made", question_obj, "look safe to set aside", rest, "at the time"]
    elif lemma in _SKIPPED:
        core, question = ["was skipped"], ["What made", question_obj, "easy to skip", rest, "at the time"]
    else:
        core, question = [], ["What made", question_obj, "hard to get right", rest, "at the time"]
    out: list[Rewrite] = []
    if core and not clause.questions_only:
        obj = clause.object_text(subject_case=True)
        prefix = clause.prefix()
        words = core if core[0] != "was skipped" else [f"{_be(_plural(clause.obj, clause.obj_head))} skipped"]
        if words == ["was not acted on"]:
            words = [f"{_be(_plural(clause.obj, clause.obj_head))} not acted on"]
        out.append(Rewrite(_join([prefix, obj if prefix else _capitalize(obj), *words, rest]) + clause.end()))
    out.append(Rewrite(_join(question) + "?"))
    return out


def _drop_with_comma(sent: Span, drop: set[int]) -> set[int]:
    """Add the comma that set off dropped words ("Obviously, the …", "…, clearly, …") to ``drop``."""
    out = set(drop)
    for index in sorted(drop):
        if index + 1 in drop:
            continue
        nxt = index + 1
        first = min(i for i in drop if i <= index and all(j in drop for j in range(i, index + 1)))
        before = first - 1
        opened = before < sent.start or sent.doc[before].text == ","
        if nxt < sent.end and sent.doc[nxt].text == "," and opened:
            out.add(nxt)
    return out


def _slip(sent: Span, verb: Token) -> list[Rewrite] | None:
    """"Sarah accidentally deleted the table", "deleted it by mistake", "made a typo"."""
    adverbs = [c for c in verb.children if c.dep_ == "advmod" and c.lower_ in _SLIP_ADVERBS]
    by_accident = [
        c for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "by" and any(g.lower_ in ("accident", "mistake") for g in c.children)
    ]
    made = verb.lemma_.lower() == "make" and any(c.dep_ == "dobj" and c.lemma_.lower() in _SLIP_NOUNS for c in verb.children)
    if not adverbs and not by_accident and not made:
        return None
    subject = _subject(verb)
    if made:
        slip = next(c for c in verb.children if c.dep_ == "dobj")
        clause = _clause(sent, verb, verb)
        if clause is None or clause.questions_only:
            return []
        dets = {c.i for c in slip.children if c.dep_ in ("det", "poss")}
        phrase = [t for t in slip.subtree if t.i not in dets]
        # "made a typo in the config": the place belongs to the typo ("a typo in the config was not caught").
        place = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "on") and c.i == slip.right_edge.i + 1), None)
        skip: set[int] = set()
        if place is not None:
            phrase += list(place.subtree)
            skip = {t.i for t in place.subtree}
        noun = _render(phrase)
        article = "an" if noun[:1].lower() in "aeiou" else "a"
        prefix = clause.prefix()
        subj = _join([article, noun])
        core = _join([prefix, subj if prefix else _capitalize(subj), "was not caught", clause.rest(skip=skip)]) + clause.end()
        out = [Rewrite(core)]
        if place is not None:
            # The same with the place after the verb, which some rules read differently.
            short = _join([article, _render(t for t in slip.subtree if t.i not in dets)])
            out.append(Rewrite(_join([prefix, short if prefix else _capitalize(short), "was not caught", clause.rest()]) + clause.end()))
        question = _join(["What let", subj, "through at the time"]) + "?"
        return [*out, Rewrite(question)]
    drop = _drop_with_comma(sent, {t.i for a in adverbs for t in a.subtree} | {t.i for p in by_accident for t in p.subtree})
    out: list[Rewrite] = []
    clause = _clause(sent, verb, verb, [sent.doc[i] for i in drop])
    if clause is not None and clause.obj and clause.obj_head is not None and _human(subject) and not clause.questions_only:
        if clause.obj_head is not _subject(verb) and not any(c.dep_ == "auxpass" for c in verb.children):
            lemma = _lemma(verb)
            obj = clause.object_text(subject_case=True)
            prefix = clause.prefix()
            be = _be(_plural(clause.obj, clause.obj_head))
            participle = _with_particles(_inflect(lemma, "VBN"), verb)
            out.append(Rewrite(_join([prefix, obj if prefix else _capitalize(obj), be, participle, clause.rest()]) + clause.end(), Applicability.UNSAFE))
    out.append(Rewrite(_splice(sent, drop), Applicability.UNSAFE))
    return out


def _person_subject(sent: Span, verb: Token) -> list[Rewrite]:
    """A person (or nobody) as the subject of any other verb; a negated step with no subject."""
    subject = _subject(verb)
    nobody = subject is not None and (
        subject.lower_ in _NOBODY or (subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children))
    )
    if subject is None and not (_negated(verb) and verb.dep_ == "ROOT"):
        return []
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if subject is not None and not _human(subject) and not (passive and _negated(verb)):
        return []
    clause = _clause(sent, verb, verb)
    if clause is None:
        return []
    lemma = _lemma(verb)
    if nobody and lemma in _UNNOTICED and clause.obj and not clause.questions_only:
        obj = clause.object_text(subject_case=True)
        prefix = clause.prefix()
        return [
            Rewrite(_join([prefix, obj if prefix else _capitalize(obj), "went unnoticed", clause.rest()]) + clause.end()),
            Rewrite(_join(["What made", _object_phrase(clause), "easy to miss", clause.rest(), "at the time"]) + "?"),
        ]
    if _negated(verb) or nobody:
        return _negated_past(clause) + _questions(clause, positive=True)
    if clause.obj and lemma in _ERGATIVE and not clause.questions_only:
        obj = clause.object_text(subject_case=True)
        prefix = clause.prefix()
        past = _inflect(lemma, "VBD")
        return [Rewrite(_join([prefix, obj if prefix else _capitalize(obj), _with_particles(past, verb), clause.rest()]) + clause.end())]
    return _plain_past(clause)


def _droppable(focus: Span) -> set[int]:
    """Return the evaluative modifiers of the finding that can go without breaking the sentence.

    An adverb or adjective modifying another word ("obviously", "careless engineer", "simply
    reverted"), or a sentence-opening prepositional phrase ("In hindsight"). A predicate adjective
    ("was inadvisable") and an adverb on a participle adjective ("poorly written") stay.
    """
    drop: set[int] = set()
    root = focus.root
    if root.dep_ == "prep" and root.pos_ == "ADP" and root.i == focus.start and focus.end - 1 == max(t.i for t in root.subtree):
        if root.i == root.sent.start:
            return {t.i for t in root.subtree}
    for token in focus:
        if token.pos_ not in ("ADV", "ADJ") or token.dep_ not in ("advmod", "amod", "npadvmod"):
            continue
        if token.lower_ in ("not", "never", "no", "too", "very", "so") or token.lower_ in _FACTUAL_ADJECTIVES:
            continue
        head = token.head
        if head.tag_ == "VBN" and head.dep_ == "amod":
            # "a poorly written regular expression" → "a regular expression": the verdict is both words.
            if head.i in range(focus.start, focus.end) and not any(c.dep_ not in ("advmod", "punct") for c in head.children):
                drop |= {t.i for t in head.subtree}
            continue
        if token.dep_ == "amod" and any(c.dep_ in ("advmod", "prep") for c in token.children):
            continue
        drop |= {t.i for t in token.subtree}
    return drop


def _judgment_word(sent: Span, focus: Span) -> list[Rewrite]:
    """Remove an evaluative adverb, adjective or opening phrase ("obviously", "careless", "In hindsight")."""
    drop = _droppable(focus)
    if not drop:
        return []
    text = _splice(sent, _drop_with_comma(sent, drop))
    # "a careless engineer" → "an engineer": fix the article the dropped word stood after.
    text = re.sub(r"\b([Aa])n ([bcdfghjklmnpqrstvwxyz])", r"\1 \2", text)
    text = re.sub(r"\b([Aa]) ([aeiou])", r"\1n \2", text)
    return [Rewrite(text, Applicability.UNSAFE)]


def _wrong_belief(sent: Span, focus: Span) -> list[Rewrite]:
    """"an incorrect assumption about X" → "an assumption about X that did not hold";
    "the wrong directory" → "a different directory than intended"."""
    for token in focus:
        noun = token.head
        if token.lower_ not in _FACTUAL_ADJECTIVES or token.dep_ != "amod":
            continue
        if noun.lemma_.lower() not in _BELIEF_NOUNS:
            if token.lower_ not in ("wrong", "incorrect") or noun.pos_ != "NOUN" or any(t.text in (",", ";", "(") for t in noun.subtree):
                return []
            phrase = sorted(noun.subtree, key=lambda t: t.i)
            det = next((c for c in noun.lefts if c.dep_ in ("det", "poss")), None)
            if det is not None and det.dep_ == "poss":
                return []
            rest = _render(t for t in phrase if t.i != token.i and (det is None or t.i != det.i))
            words = f"a different {rest} than intended"
            first = phrase[0].i
            if first == sent.start:
                words = _capitalize(words)
            return [Rewrite(_splice(sent, {t.i for t in phrase}, first, words))]
        end = max(t.i for t in noun.subtree)
        if any(t.text in (",", ";", "(") for t in noun.subtree):
            return []
        det = next((c for c in noun.lefts if c.dep_ == "det"), None)
        drop = {token.i} | ({det.i} if det is not None and det.lower_ in ("a", "an") else set())
        article = ""
        if det is not None and det.i in drop:
            article = "an" if noun.text[:1].lower() in "aeiou" else "a"
            article = _capitalize(article) if det.i == sent.start else article
        pieces: list[str] = []
        for t in sent:
            if t.i == (det.i if det is not None and det.i in drop else token.i) and article:
                pieces.append(article + " ")
            if t.i not in drop:
                pieces.append(t.text_with_ws)
            if t.i == end:
                pieces[-1] = t.text + " that did not hold" + t.whitespace_
        text = re.sub(r"\s+([,.;:!?])", r"\1", "".join(pieces)).strip()
        return [Rewrite(_capitalize(text) if token.i == sent.start else text)]
    return []


def _confusion(sent: Span, focus: Span) -> list[Rewrite]:
    """"User misunderstanding of the SHA" → "Ambiguity about the SHA": the unclear thing, not the reader."""
    noun = next((t for t in focus if t.pos_ == "NOUN" and t.lemma_.lower() in _CONFUSION_NOUNS), None)
    if noun is None:
        return []
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("of", "about", "over", "around")), None)
    if prep is None or not any(c.dep_ == "pobj" for c in prep.children):
        return []
    phrase = {t.i for t in noun.subtree if t.i <= prep.i}
    words = "ambiguity about"
    if min(phrase) == sent.start:
        words = _capitalize(words)
    return [Rewrite(_splice(sent, phrase, min(phrase), words))]


def _slip_noun(sent: Span, focus: Span) -> list[Rewrite]:
    """"A typo caused …" → "An unintended change caused …" (the slip named without a person)."""
    noun = next((t for t in focus if t.pos_ == "NOUN" and t.lemma_.lower() in _SLIP_NOUNS), None)
    if noun is None or noun.dep_ == "poss" or any(c.dep_ == "poss" for c in noun.children):
        return []
    phrase = {noun.i} | {
        t.i for c in noun.lefts
        if c.dep_ in ("amod", "det", "nummod") or (c.dep_ == "compound" and c.pos_ in ("NOUN", "ADJ"))
        for t in c.subtree
    }
    det = next((c for c in noun.lefts if c.dep_ == "det"), None)
    plural = noun.tag_ == "NNS"
    words = "unintended changes" if plural else "unintended change"
    if det is not None and det.lower_ in ("the", "this", "that", "these", "those"):
        words = f"{det.lower_} {words}"
    elif not plural:
        words = f"an {words}"
    if min(phrase) == sent.start:
        words = _capitalize(words)
    return [Rewrite(_splice(sent, phrase, min(phrase), words))]


def _broken(sent: Span, focus: Span) -> list[Rewrite]:
    """"The code was broken" → "The code changed"."""
    for token in focus:
        if token.lower_ != "broken" or token.dep_ not in ("ROOT", "acomp"):
            continue
        subject = _subject(token) or (_subject(token.head) if token.dep_ == "acomp" else None)
        if subject is None or _human(subject):
            continue
        subj = _render(subject.subtree)
        first = min(t.i for t in subject.subtree)
        prefix = _render(t for t in sent if t.i < first)
        end = sent[-1].text if sent[-1].text in _END else "."
        rest = _render(t for t in sent if t.i > token.i and not (t.i == sent[-1].i and t.text in _END))
        return [Rewrite(_join([prefix, subj if prefix else _capitalize(subj), "changed", rest]) + end)]
    return []


def _focus_verb(focus: Span) -> Token | None:
    token = focus.root
    if token.pos_ == "AUX":
        # "ought not to have refactored": the verb is the modal's complement.
        xcomp = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if xcomp is not None:
            return xcomp
    for _ in range(5):
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            return token
        # Climb only from the verb's own parts (its subject, agent, object, auxiliaries); a noun
        # deep in a prepositional phrase ("because of an incorrect assumption") is not its agent.
        if token.head is token or token.dep_ not in _CLIMB or (token.dep_ == "pobj" and token.head.dep_ != "agent"):
            return None
        token = token.head
    return None


def _clause_rewrites(sent: Span, focus: Span, failure_verbs: frozenset[str]) -> list[Rewrite]:
    out: list[Rewrite] = []
    verb = _focus_verb(focus)
    owner = next((t for t in focus if t.dep_ == "poss" and t._.person), None)
    if owner is not None and (verb is None or not any(c.dep_ == "agent" for c in verb.children)):
        out += _fault_noun(sent, owner)
    if verb is not None:
        for attempt in (
            lambda: _agent_removal(sent, verb) or None,
            lambda: _modal_perfect(sent, verb),
            lambda: _slip(sent, verb),
            lambda: _failure_verb(sent, verb, failure_verbs),
        ):
            found = attempt()
            if found is not None:
                out += found
                break
        else:
            # An idiom the finding covers whole ("dropped the ball") has no literal passive.
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is None or not (focus.start <= obj.i < focus.end):
                out += _person_subject(sent, verb)
    out += _broken(sent, focus)
    return out or _wrong_belief(sent, focus) or _confusion(sent, focus) or _slip_noun(sent, focus)


def rewrite_sentence(sent: Span, focus: Span, failure_verbs: Iterable[str] = ()) -> list[Rewrite]:
    """Return alternative wordings of ``sent`` for a finding on ``focus``, best first.

    ``sent`` is the parsed sentence (people already marked) and ``focus`` the finding's tokens.
    Duplicates and rewrites identical to the sentence are left out; the list may be empty.
    """
    verbs = frozenset(failure_verbs) or _FAILURE_VERBS
    out = _human_error(sent, focus)
    if not out:
        modifiers = _judgment_word(sent, focus)
        # A finding on the modifier itself ("carelessly ran") is best fixed by dropping it; a
        # finding on a person ("The engineer carelessly ran") by taking the person out first.
        if any(t._.person or t._.collective for t in focus):
            out = _clause_rewrites(sent, focus, verbs) + modifiers
        else:
            out = modifiers or _clause_rewrites(sent, focus, verbs)
    seen = {sent.text.strip()}
    unique: list[Rewrite] = []
    for rewrite in out:
        text = rewrite.text.strip()
        if not text or text in seen or len(text) < 3:
            continue
        seen.add(text)
        unique.append(replace(rewrite, text=text))
    return unique


# -- from rewrites to fixes -----------------------------------------------------------------------


def sentence_edit(document: Document, block: Block, start: int, end: int, new_text: str) -> Edit | None:
    """Return the edit that turns ``block.text[start:end]`` into ``new_text`` in the source.

    The edit covers only the changed part (common prefix and suffix trimmed). None when that part
    crosses inline markup, whose source is not the prose text (links, emphasis, code, ``>``).
    """
    old = block.text[start:end]
    prefix = 0
    limit = min(len(old), len(new_text))
    while prefix < limit and old[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
        suffix += 1
    # Widen to whole words so the edit reads as a word change.
    while prefix > 0 and old[prefix - 1].isalnum():
        prefix -= 1
    while suffix > 0 and old[len(old) - suffix].isalnum():
        suffix -= 1
    a, b = start + prefix, end - suffix
    replacement = new_text[prefix : len(new_text) - suffix]
    if a == b:
        if a == 0:
            src = block.starts[0]
        else:
            src = block.ends[a - 1]
        return Edit(document.range(src, src), replacement)
    src_start, src_end = block.starts[a], block.ends[b - 1]
    source = document.source[src_start:src_end]
    if source != block.text[a:b] and " ".join(source.split()) != " ".join(block.text[a:b].split()):
        return None
    if any(ch in source for ch in "`*_[]<>\\&|") and source != block.text[a:b]:
        return None
    return Edit(document.range(src_start, src_end), replacement)


def _ceiling(applicability: Applicability, ceiling: Applicability) -> Applicability:
    return applicability if _STRICTNESS[applicability] >= _STRICTNESS[ceiling] else ceiling


def _hook(rule: Rule) -> RewriteHook | None:
    spec = rule.fix.rewrite if rule.fix is not None else ""
    if spec == "none" or (not spec and rule.category not in REWRITE_CATEGORIES):
        return None
    if not spec:
        return None  # the built-in rewriter, called directly
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _text_offset(block: Block, source_offset: int) -> int:
    for index, start in enumerate(block.starts):
        if start >= source_offset:
            return index
    return len(block.text)


_VERIFIERS: weakref.WeakKeyDictionary[Linter, Linter] = weakref.WeakKeyDictionary()


def _verifier(linter: Linter) -> Linter:
    twin = _VERIFIERS.get(linter)
    if twin is None:
        from .engine import Linter

        twin = Linter(linter.config, nlp=linter.nlp, ruleset=linter.ruleset)
        twin.rewrites = False
        _VERIFIERS[linter] = twin
    return twin


def _context_text(block: Block, text: str) -> tuple[str, int]:
    """Return Markdown that puts ``text`` back in its section and scope, and where the text starts."""
    head = f"# {block.heading}\n\n" if block.heading and block.scope != "heading" else ""
    marker = "- " if block.scope in ("list-item", "action-item") else ""
    if block.scope == "heading":
        marker = "#" * max(block.level, 1) + " "
    return head + marker + text + "\n", len(head) + len(marker)


def _parsed(focus: Span) -> bool:
    """Whether the sentence of ``focus`` was parsed (a block may have only some sentences parsed)."""
    return focus.doc.has_annotation("DEP") and focus[0].dep != 0


def _parse_now(linter: Linter, block: Block, doc: Doc) -> Doc:
    """Parse a block, or a sentence, that no candidate rule needed parsed, for a rewrite.

    A finding of a rule that reads text alone ("AGAIN") gets the same rewrites whether or not some
    other rule had its block, or the finding's sentence, parsed: every sentence is parsed on its
    own, as the engine parses them (see :func:`blamelint.nlp.parse_units`). A fresh doc: the
    block's own may be shared through the engine's block cache.
    """
    from .nlp import parse_units

    fresh = linter.nlp.make_doc(block.text)
    split = linter.prefilter.sentences_to_parse(fresh, (), prefilter=False)
    unit = block.text if split is None or "ner" in linter.requires else (fresh, *split)
    parsed = next(iter(parse_units(linter.nlp, [unit], linter.requires)), doc)
    if not parsed.has_annotation("DEP"):
        return doc  # no active rule needs the parser, so no block was parsed
    linter.people.mark(parsed, block.code_spans)
    return parsed


def attach_rewrites(linter: Linter, document: Document, parsed: list[tuple[Block, Doc]], findings: list[Finding]) -> list[Finding]:
    """Add rewrite fixes (best first, before the rule's static fixes) to the blame findings.

    Every candidate, the rewrites and the rule's own static edits alike, is linted again (the new
    sentence under the block's section heading and list marker) and dropped when it has any
    finding: a fix offered for a blame finding is never flagged itself.
    """
    # (finding index, block, sentence start, sentence end, new sentence, static fix, rewrite, applicability)
    candidates: list[tuple[int, Block, int, int, str, Fix | None, Rewrite | None, Applicability]] = []
    rules = linter.active
    lexicon = frozenset(linter.ruleset.lexicons.get("FAILURE_VERBS", ()))
    located: list[tuple[int, Rule, Block, Span, Span]] = []
    for index, finding in enumerate(findings):
        rule = rules.get(finding.code)
        if rule is None or rule.category == "meta":
            continue
        spec = rule.fix.rewrite if rule.fix is not None else ""
        if spec == "none" or (not spec and rule.category not in REWRITE_CATEGORIES):
            continue
        start, end = finding.range.start.offset, finding.range.end.offset
        found = next(((b, d) for b, d in parsed if b.starts and b.starts[0] <= start < b.ends[-1] + 1), None)
        if found is None:
            continue
        block, doc = found
        a, b = _text_offset(block, start), _text_offset(block, end)
        focus = doc.char_span(a, max(b, a + 1), alignment_mode="expand")
        if focus is not None and len(focus) and not _parsed(focus):
            doc = _parse_now(linter, block, doc)
            focus = doc.char_span(a, max(b, a + 1), alignment_mode="expand")
        if focus is None or len(focus) == 0 or not _parsed(focus):
            continue
        sent = focus[0].sent
        if focus.end > sent.end:
            continue
        located.append((index, rule, block, sent, focus))
    # Several findings on evaluative words of one sentence ("mistakenly labeled …, inadequately
    # reviewed") are only clean together: each also gets the rewrite that drops all of them.
    together: dict[tuple[int, int], set[int]] = {}
    for _, _, block, sent, focus in located:
        together.setdefault((block.index, sent.start), set()).update(_droppable(focus))
    shared = {key for key in together if sum(1 for _, _, b, st, _ in located if (b.index, st.start) == key) > 1}
    for index, rule, block, sent, focus in located:
        finding = findings[index]
        s, e = sent.start_char, sent.end_char
        for fix in finding.fixes:
            if len(fix.edits) != 1:
                continue
            edit = fix.edits[0]
            ea, eb = _text_offset(block, edit.range.start.offset), _text_offset(block, edit.range.end.offset)
            if s <= ea <= eb <= e and document.source[edit.range.start.offset : edit.range.end.offset] == block.text[ea:eb]:
                new = block.text[s:ea] + edit.replacement + block.text[eb:e]
                candidates.append((index, block, s, e, new, fix, None, fix.applicability))
        try:
            hook = _hook(rule)
            rewrites = list(hook(sent, focus) if hook is not None else rewrite_sentence(sent, focus, lexicon))
        except Exception:  # a rewrite is an offer; a failure to make one must not fail the lint
            LOG.warning("no rewrite for %s at line %d", finding.code, finding.range.start.line, exc_info=True)
            continue
        key = (block.index, sent.start)
        if key in shared and together[key] and _droppable(focus):
            rewrites.append(Rewrite(_splice(sent, _drop_with_comma(sent, together[key])), Applicability.UNSAFE))
        ceiling = rule.fix.applicability if rule.fix is not None else Applicability.DISPLAY_ONLY
        for rewrite in rewrites[:5]:
            candidates.append((index, block, s, e, rewrite.text, None, rewrite, _ceiling(rewrite.applicability, ceiling)))
    if not candidates:
        return findings
    # The sentence alone is linted, under the block's heading and list marker: rules read one
    # sentence at a time, and a paragraph's other sentences would only cost parse time.
    texts = [_context_text(block, new) for _, block, _, _, new, _, _, _ in candidates]
    results = _verifier(linter).lint_many((f"<rewrite {i}>", text) for i, (text, _) in enumerate(texts))
    made: dict[int, list[Fix]] = {}
    flagged: set[int] = set()
    for (index, block, s, e, new, static, rewrite, applicability), (_, offset), result in zip(candidates, texts, results):
        lo, hi = offset, offset + len(new)
        if any(f.range.start.offset < hi and lo < f.range.end.offset for f in result.findings):
            LOG.debug("fix dropped, it would be flagged itself: %r", new)
            if static is not None:
                flagged.add(id(static))
            continue
        if rewrite is None:
            continue
        edit = sentence_edit(document, block, s, e, new)
        if edit is not None and all(f.edits != (edit,) for f in made.get(index, ())):
            made.setdefault(index, []).append(Fix(rewrite.fix_title(), (edit,), applicability))
    out = []
    for index, finding in enumerate(findings):
        fixes = made.get(index, [])
        # A static edit that a rewrite already makes (the same words put in the same place) is left out.
        seen = [(e.range.start.offset, e.range.end.offset, e.replacement) for fix in fixes for e in fix.edits]

        def repeated(fix: Fix) -> bool:
            return bool(fix.edits) and all(
                any(r == e.replacement and a <= e.range.end.offset and e.range.start.offset <= b for a, b, r in seen)
                for e in fix.edits
            )

        static = tuple(f for f in finding.fixes if id(f) not in flagged and not repeated(f))
        if fixes or len(static) != len(finding.fixes):
            finding = replace(finding, fixes=(*fixes, *static))
        out.append(finding)
    return out
