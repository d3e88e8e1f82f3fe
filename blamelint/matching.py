"""Compile every rule's matcher once per process and match a parsed block in one pass per kind.

All phrase rules share one ``PhraseMatcher`` per attribute and all token rules one ``Matcher``;
each dependency rule has its own ``DependencyMatcher`` (the costliest kind), so a block runs only
the rules the engine's prefilter left in. Each pattern is added under the key ``CODE#index`` so a
match names its rule and pattern (spaCy ``SpanRuler.match``). Python checks are resolved lazily
from ``module:function`` and run by the engine after the matchers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._tokenmarks import MARK_NAMES, flags_set
from .errors import RuleFileError
from .registry import RuleSet, expand_lexicons
from .rule import Rule

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Token

__all__ = ["CompiledRules", "RawMatch", "resolve_check"]

_ANNOTATED = {"LEMMA", "POS", "TAG", "MORPH", "DEP"}


@dataclass(frozen=True, slots=True)
class RawMatch:
    """One matcher hit: the rule code, the token span to report and the named pattern nodes."""

    code: str
    start: int
    end: int
    nodes: dict[str, Token]


def resolve_check(rule: Rule) -> Callable[..., Iterable[Any]]:
    """Import the function named by a python rule's ``check: module:function``."""
    module_name, _, func_name = rule.match.check.partition(":")
    try:
        module = importlib.import_module(module_name)
        func = getattr(module, func_name)
    except (ImportError, AttributeError) as exc:
        raise RuleFileError(f"check '{rule.match.check}' cannot be imported: {exc}", path=rule.path) from None
    if not callable(func):
        raise RuleFileError(f"check '{rule.match.check}' is not callable", path=rule.path)
    return func


class CompiledRules:
    """The matchers for a rule set, built once against one pipeline's vocabulary."""

    def __init__(self, nlp: Language, ruleset: RuleSet) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.ruleset = ruleset
        self.vocab = nlp.vocab
        self.phrase: dict[str, PhraseMatcher] = {}
        self.token = Matcher(nlp.vocab, validate=True)
        #: One dependency matcher per rule, so a block runs only the rules the prefilter left in.
        self.dependency: dict[str, DependencyMatcher] = {}
        self.dep_nodes: dict[str, list[str]] = {}
        self.dep_report: dict[str, tuple[str, ...]] = {}
        #: Per dependency rule, per pattern: what a doc needs for it to match (see :func:`_needs`).
        self.dep_needs: dict[str, list[_Needs]] = {}
        self._dep_patterns: dict[str, list[tuple[str, Any]]] = {}
        #: Dependency matchers of one pattern each, by (rule, pattern number).
        self._dep_single: dict[tuple[str, int], DependencyMatcher] = {}
        self._vocab = nlp.vocab
        self.checks: dict[str, Callable[..., Iterable[Any]]] = {}
        self._has_token = False
        self._has_dependency = False
        for rule in ruleset:
            self._add(nlp, rule)

    def _fail(self, rule: Rule, index: int, exc: Exception) -> RuleFileError:
        lines = rule.match.pattern_lines
        line = lines[index] if index < len(lines) else None
        detail = " ".join(str(exc).split())
        return RuleFileError(f"match.patterns[{index}] does not compile: {detail[:400]}", path=rule.path, line=line)

    def _add(self, nlp: Language, rule: Rule) -> None:
        from spacy.matcher import PhraseMatcher

        spec = rule.match
        if spec.kind == "phrase":
            matcher = self.phrase.get(spec.attr)
            if matcher is None:
                matcher = self.phrase[spec.attr] = PhraseMatcher(nlp.vocab, attr=spec.attr)
            if spec.attr == "LEMMA":
                docs = list(nlp.pipe(spec.phrases, disable=[p for p in nlp.pipe_names if p == "ner"]))
            else:
                docs = [nlp.make_doc(p) for p in spec.phrases]
            matcher.add(rule.code, docs)
        elif spec.kind == "token":
            for index, pattern in enumerate(spec.patterns):
                try:
                    self.token.add(f"{rule.code}#{index}", [expand_lexicons(pattern, self.ruleset.lexicons, rule)])
                except (ValueError, KeyError, TypeError) as exc:
                    raise self._fail(rule, index, exc) from None
            self._has_token = True
        elif spec.kind == "dependency":
            from spacy.matcher import DependencyMatcher

            matcher = self.dependency.setdefault(rule.code, DependencyMatcher(nlp.vocab, validate=True))
            for index, pattern in enumerate(spec.patterns):
                key = f"{rule.code}#{index}"
                expanded = expand_lexicons(pattern, self.ruleset.lexicons, rule)
                try:
                    matcher.add(key, [expanded])
                except (ValueError, KeyError, TypeError) as exc:
                    raise self._fail(rule, index, exc) from None
                self.dep_nodes[key] = [str(node["RIGHT_ID"]) for node in pattern]
                self.dep_needs.setdefault(rule.code, []).append(_needs(expanded))
                self._dep_patterns.setdefault(rule.code, []).append((key, expanded))
            self.dep_report[rule.code] = spec.report
            self._has_dependency = True
        elif spec.kind == "python":
            self.checks[rule.code] = resolve_check(rule)

    def dependency_runs(self, code: str, flagged: set[str] | None, words: _Words) -> list[DependencyMatcher]:
        """The dependency matchers to run for a rule on a doc: the rule's own, or fewer.

        A pattern cannot match a doc that lacks a flag one of its nodes needs (``_: {person: true}``
        and no person) or that has no token with any of the words one node needs (``LEMMA: {IN:
        [...]}``, ``LOWER``, ``ORTH``). When only some patterns can match, a matcher of each of them
        runs, in pattern order; none when none can. Their matches are the rule's matcher's, in the
        same order: its output is pattern by pattern, and within a pattern sentence by sentence.
        """
        needs = self.dep_needs[code]
        possible = [
            i
            for i, (flags, lexical) in enumerate(needs)
            if (flagged is None or flags <= flagged) and all(not values.isdisjoint(words(attr)) for attr, values in lexical)
        ]
        if len(possible) == len(needs):
            return [self.dependency[code]]
        runs = []
        for i in possible:
            matcher = self._dep_single.get((code, i))
            if matcher is None:
                from spacy.matcher import DependencyMatcher

                key, pattern = self._dep_patterns[code][i]
                matcher = self._dep_single[(code, i)] = DependencyMatcher(self._vocab)
                matcher.add(key, [pattern])
            runs.append(matcher)
        return runs

    def match(self, doc: Doc, codes: set[str]) -> list[RawMatch]:
        """Run every matcher once over ``doc``; keep matches of the rules in ``codes``."""
        strings = self.vocab.strings
        out: list[RawMatch] = []
        for attr, matcher in self.phrase.items():
            if attr in _ANNOTATED and not doc.has_annotation(attr):
                continue  # a block the prefilter left unparsed cannot match this matcher's rules
            for match_id, start, end in matcher(doc):
                code = strings[match_id]
                if code in codes:
                    out.append(RawMatch(code, start, end, {}))
        if self._has_token:
            for match_id, start, end in self.token(doc, allow_missing=True):
                code = strings[match_id].partition("#")[0]
                if code in codes:
                    out.append(RawMatch(code, start, end, {}))
        if self._has_dependency and doc.has_annotation("DEP"):
            flagged, words = flags_set(doc), _doc_words(doc)
            found = []
            for code in sorted(codes):
                for matcher in self.dependency_runs(code, flagged, words) if code in self.dependency else ():
                    found.extend(matcher(doc))
            for match_id, token_ids in found:
                key = strings[match_id]
                code = key.partition("#")[0]
                nodes = {name: doc[i] for name, i in zip(self.dep_nodes[key], token_ids)}
                report = self.dep_report.get(code) or ()
                picked = [nodes[n] for n in report if n in nodes] or list(nodes.values())
                start = min(t.i for t in picked)
                end = max(t.i for t in picked) + 1
                out.append(RawMatch(code, start, end, nodes))
        return out


#: What a dependency pattern needs of a doc: flags some token must have, and per node with a word
#: test, the attribute and the word ids (one of which some token must have).
_Needs = tuple[frozenset[str], tuple[tuple[int, frozenset[int]], ...]]
#: A doc's set of values of one token attribute (``LOWER``, ``LEMMA`` or ``ORTH``), computed on demand.
_Words = Callable[[int], set[int]]
_WORD_ATTRS = {"LOWER": "LOWER", "LEMMA": "LEMMA", "ORTH": "ORTH", "TEXT": "ORTH"}


def _needs(pattern: list[dict[str, Any]]) -> _Needs:
    """The flags (``_: {person: true}``) and words (``LEMMA``/``LOWER``/``ORTH`` equal to, or ``IN``) it needs."""
    from spacy.attrs import IDS
    from spacy.strings import get_string_id

    flags: set[str] = set()
    words: list[tuple[int, frozenset[int]]] = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS")
        if not isinstance(attrs, dict):
            continue
        for name, value in attrs.items():
            if name == "_" and isinstance(value, dict):
                flags.update(flag for flag, wanted in value.items() if wanted is True and flag in MARK_NAMES)
                continue
            attr = _WORD_ATTRS.get(name.upper()) if isinstance(name, str) else None
            if attr is None:
                continue
            if isinstance(value, dict) and list(value) == ["IN"]:
                value = value["IN"]
            values = [value] if isinstance(value, str) else value
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                words.append((IDS[attr], frozenset(get_string_id(v) for v in values)))
    return frozenset(flags), tuple(words)


def _doc_words(doc: Doc) -> _Words:
    """The doc's values of a token attribute, each set read once and only when asked for."""
    seen: dict[int, set[int]] = {}

    def words(attr: int) -> set[int]:
        found = seen.get(attr)
        if found is None:
            found = seen[attr] = set(doc.to_array([attr]).tolist()) if len(doc) else set()
        return found

    return words
