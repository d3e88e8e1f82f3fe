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

from .errors import RuleFileError
from .registry import RuleSet, expand_lexicons
from .rule import Rule
from ._tokenmarks import MARK_NAMES, flags_set

if TYPE_CHECKING:
    from spacy.language import Language
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
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

        self.ruleset = ruleset
        self.vocab = nlp.vocab
        self.phrase: dict[str, PhraseMatcher] = {}
        self.token = Matcher(nlp.vocab, validate=True)
        #: One dependency matcher per rule, so a block runs only the rules the prefilter left in.
        self.dependency: dict[str, DependencyMatcher] = {}
        self.dep_nodes: dict[str, list[str]] = {}
        self.dep_report: dict[str, tuple[str, ...]] = {}
        #: Per dependency rule, per pattern: the ``_`` flags some node of it needs True.
        self.dep_flags: dict[str, list[frozenset[str]]] = {}
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
                try:
                    matcher.add(key, [expand_lexicons(pattern, self.ruleset.lexicons, rule)])
                except (ValueError, KeyError, TypeError) as exc:
                    raise self._fail(rule, index, exc) from None
                self.dep_nodes[key] = [str(node["RIGHT_ID"]) for node in pattern]
                self.dep_flags.setdefault(rule.code, []).append(_needed_flags(pattern))
            self.dep_report[rule.code] = spec.report
            self._has_dependency = True
        elif spec.kind == "python":
            self.checks[rule.code] = resolve_check(rule)

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
            flagged = flags_set(doc)
            found = [
                m
                for code in sorted(codes)
                if code in self.dependency and _may_match(self.dep_flags[code], flagged)
                for m in self.dependency[code](doc)
            ]
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


def _needed_flags(pattern: list[dict[str, Any]]) -> frozenset[str]:
    """The blamelint token flags a dependency pattern needs True on some node (``_: {person: true}``)."""
    needed: set[str] = set()
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS")
        extension = attrs.get("_") if isinstance(attrs, dict) else None
        if isinstance(extension, dict):
            needed.update(name for name, value in extension.items() if value is True and name in MARK_NAMES)
    return frozenset(needed)


def _may_match(needs: list[frozenset[str]], flagged: set[str] | None) -> bool:
    """False when every pattern needs a flag that no token of the doc has (so none can match)."""
    return flagged is None or any(need <= flagged for need in needs)
