"""Run the selected rules over documents and produce findings.

The flow for a batch of documents: parse each into a :class:`Document`; collect the blocks some
active rule can see (by scope); run the spaCy pipeline once over all those block texts in batches,
with only the components the active rules require; mark people; match all rules in one pass per
matcher kind; run python checks; resolve overlaps; apply config severities, per-file ignores and
suppression comments. Nothing here prints or exits.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .config import Config
from .document import Block, Document, parse_document
from .errors import InternalRuleError
from .findings import Applicability, Edit, Finding, Fix, Severity
from .matching import CompiledRules, RawMatch
from .nlp import load_pipeline, parse_texts
from .people import PeopleDetector
from .prefilter import Prefilter
from .registry import RuleSet, load_rules
from .rule import Rule
from .suppress import MetaHit, apply_suppressions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["CheckContext", "Hit", "LintResult", "Linter", "resolve_overlaps"]

LOG = logging.getLogger(__name__)
_COMPILED: dict[tuple[int, tuple[str, ...]], CompiledRules] = {}
_EXPAND_DEPS = {"compound", "amod", "nmod", "flat", "det", "nummod"}
#: Blocks longer than this are not parsed (a pasted log, not prose); BL005 reports each one.
MAX_BLOCK_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: a source span, message values and optional severity and fixes."""

    start: int
    end: int
    block: Block | None = None
    values: dict[str, str] = field(default_factory=dict)
    severity: str | None = None
    fixes: tuple[Fix, ...] = ()


@dataclass
class CheckContext:
    """What a python check sees: the document, its parsed blocks and the run's settings."""

    document: Document
    parsed: list[tuple[Block, Doc]]
    config: Config
    people: PeopleDetector
    lexicons: dict[str, tuple[str, ...]]

    def blocks(self, rule: Rule) -> Iterator[tuple[Block, Doc]]:
        """Yield the parsed blocks inside the rule's scope."""
        for block, doc in self.parsed:
            if block.scope in rule.scope:
                yield block, doc

    def hit(self, block: Block, start_char: int, end_char: int, **values: Any) -> Hit:
        """Make a :class:`Hit` from a character span of ``block.text``."""
        start, end = block.source_span(start_char, end_char)
        severity = values.pop("severity", None)
        fixes = values.pop("fixes", ())
        return Hit(start, end, block, {k: str(v) for k, v in values.items()}, severity, tuple(fixes))

    def hit_tokens(self, block: Block, first: Token, last: Token, **values: Any) -> Hit:
        """Make a :class:`Hit` covering the tokens ``first`` … ``last`` of a parsed block."""
        return self.hit(block, first.idx, last.idx + len(last.text), **values)


@dataclass
class LintResult:
    """The findings of one document (and the parsed document, for fixes and the language server)."""

    path: str
    findings: list[Finding]
    document: Document | None = None


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Apply the overlap policy: one finding per rule per span.

    Two findings of the same rule whose ranges overlap are one problem: keep the one that starts
    first, and among those the longer one. Findings of different rules on the same words all stay,
    since each names a different problem.
    """
    out: list[Finding] = []
    by_code: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.range.start.offset, -f.range.end.offset, f.code)):
        kept = by_code.setdefault(finding.code, [])
        if any(
            finding.range.start.offset < k.range.end.offset and k.range.start.offset < finding.range.end.offset
            for k in kept
        ):
            continue
        kept.append(finding)
        out.append(finding)
    return out


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _expand(token: Token) -> tuple[int, int]:
    """Return the token span of a noun with its compounds and modifiers ("the on-call engineer")."""
    left = right = token.i
    for child in token.lefts:
        if child.dep_ in _EXPAND_DEPS or (child.dep_ == "punct" and child.text == "-"):
            left = min(left, child.left_edge.i if child.dep_ != "punct" else child.i)
    for child in token.rights:
        if child.dep_ in ("flat", "compound", "case"):
            right = max(right, child.i)
    return left, right + 1


class Linter:
    """Lint Markdown text with one configuration; reuse one instance for many documents."""

    def __init__(self, config: Config | None = None, *, nlp: Language | None = None, ruleset: RuleSet | None = None) -> None:
        self.config = config or Config()
        self.ruleset = ruleset or load_rules(self.config.rule_folders)
        self.rules: tuple[Rule, ...] = self.ruleset.select(
            self.config.select or None, self.config.ignore, self.config.extend_select, self.config.preview
        )
        self.active: dict[str, Rule] = {r.code: r for r in self.rules}
        self._nlp = nlp
        self._compiled: CompiledRules | None = None
        self.people = PeopleDetector(self.ruleset.lexicons, self.config.system_names, self.config.role_nouns)
        self.scopes = {s for r in self.rules if r.match.kind != "engine" for s in r.scope}
        self.requires = {c for r in self.rules for c in r.requires}
        self.on_rule_error: Callable[[InternalRuleError], None] | None = None
        #: Attach rewrites from the parse to blame findings (see :mod:`blamelint.rewrite`).
        self.rewrites = True
        self._prefilter: Prefilter | None = None
        #: Parse only blocks some rule could match (False parses every block in scope; for tests).
        self.use_prefilter = True
        self._scope_codes: dict[str, tuple[str, ...]] = {}
        for rule in self.rules:
            if rule.match.kind != "engine":
                for scope in rule.scope:
                    self._scope_codes[scope] = (*self._scope_codes.get(scope, ()), rule.code)

    @property
    def nlp(self) -> Language:
        """The process-wide spaCy pipeline (loaded on first use)."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.config.model or None, exclude=() if "ner" in self.requires else ("ner",))
        return self._nlp

    @property
    def compiled(self) -> CompiledRules:
        """The matchers for this rule set, compiled once per process and pipeline."""
        if self._compiled is None:
            key = (id(self.nlp), self.ruleset.folders)
            if key not in _COMPILED:
                _COMPILED[key] = CompiledRules(self.nlp, self.ruleset)
            self._compiled = _COMPILED[key]
        return self._compiled

    @property
    def prefilter(self) -> Prefilter:
        """Which rules could match a block, from its words alone (see :mod:`blamelint.prefilter`)."""
        if self._prefilter is None:
            self._prefilter = Prefilter(self.nlp, self.ruleset, self.rules)
        return self._prefilter

    # -- public entry points -------------------------------------------------------------------

    def lint_text(self, text: str, path: str = "<string>") -> list[Finding]:
        """Lint one Markdown text and return its findings, sorted by position."""
        return next(iter(self.lint_many([(path, text)]))).findings

    def lint_many(self, items: Iterable[tuple[str, str]], chunk: int = 16) -> Iterator[LintResult]:
        """Lint ``(path, text)`` pairs, parsing the blocks of up to ``chunk`` documents in one batch."""
        batch: list[tuple[str, str]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= chunk:
                yield from self._lint_batch(batch)
                batch = []
        if batch:
            yield from self._lint_batch(batch)

    # -- the pipeline --------------------------------------------------------------------------

    def _lint_batch(self, batch: Sequence[tuple[str, str]]) -> Iterator[LintResult]:
        documents = [parse_document(text, path) for path, text in batch]
        wanted = [[b for b in d.blocks if b.scope in self.scopes and len(b.text) <= MAX_BLOCK_CHARS] for d in documents]
        docs = iter(self._parse([b for blocks in wanted for b in blocks]))
        for document, blocks in zip(documents, wanted):
            pairs = [next(docs) for _ in blocks]
            parsed = [(block, doc) for block, (doc, _codes) in zip(blocks, pairs)]
            findings = self._check(document, parsed, [codes for _doc, codes in pairs])
            if len(blocks) < len(document.blocks):
                findings = self._skipped(document, findings)
            yield LintResult(document.path, findings, document)

    def _skipped(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """Report each block too long to parse (BL005) instead of parsing it."""
        for block in document.blocks:
            if block.scope in self.scopes and len(block.text) > MAX_BLOCK_CHARS:
                start, end = block.source_span(0, len(block.text))
                detail = f"a block of {len(block.text)} characters (over {MAX_BLOCK_CHARS}) was skipped"
                meta = self.meta_finding(document, MetaHit("BL005", start, end, detail))
                if meta is not None:
                    findings.append(meta)
        return sorted(findings, key=Finding.sort_key)

    def _parse(self, blocks: Sequence[Block]) -> list[tuple[Doc, set[str]]]:
        """Tokenise every block; run the pipeline only where a candidate rule needs it.

        Each block comes back with its candidate rules (:class:`Prefilter`): rules that cannot
        match it are not run on it. A block is parsed when a candidate ``requires`` the tagger or
        parser; otherwise its tokens alone are enough (people marks and python checks see it).
        """
        if not blocks:
            return []
        nlp, prefilter, active = self.nlp, self.prefilter, self.active
        out: list[tuple[Doc, set[str]]] = []
        wanted: list[int] = []
        for block in blocks:
            doc = nlp.make_doc(block.text)
            codes = self._scope_codes.get(block.scope, ())
            if self.use_prefilter:
                candidates = prefilter.candidates({t.lower_ for t in doc}, codes)
                needed = any(active[code].requires for code in candidates)
            else:
                candidates, needed = set(codes), bool(self.requires)
            if needed:
                wanted.append(len(out))
            out.append((doc, candidates))
        if wanted:
            for index, doc in zip(wanted, parse_texts(nlp, [blocks[i].text for i in wanted], self.requires)):
                out[index] = (doc, out[index][1])
        return out

    def _check(
        self, document: Document, parsed: list[tuple[Block, Doc]], candidates: Sequence[set[str]] | None = None
    ) -> list[Finding]:
        findings: list[Finding] = []
        compiled = self.compiled
        by_scope: dict[str, set[str]] = {}
        for rule in self.rules:
            if rule.match.kind in ("phrase", "token", "dependency"):
                for scope in rule.scope:
                    by_scope.setdefault(scope, set()).add(rule.code)
        for index, (block, doc) in enumerate(parsed):
            self.people.mark(doc, block.code_spans)
            codes = by_scope.get(block.scope)
            if codes and candidates is not None:
                codes = codes & candidates[index]
            if not codes:
                continue
            for raw in compiled.match(doc, codes):
                finding = self._from_match(document, block, doc, raw)
                if finding is not None:
                    findings.append(finding)
        context = CheckContext(document, parsed, self.config, self.people, self.ruleset.lexicons)
        for rule in self.rules:
            if rule.match.kind != "python":
                continue
            check = compiled.checks.get(rule.code)
            if check is None:
                continue
            try:
                hits = list(check(context, rule))
            except Exception as exc:  # a broken rule must name itself and spare the others
                error = InternalRuleError(rule.code, document.path, exc)
                if self.on_rule_error is None:
                    raise error from exc
                self.on_rule_error(error)
                continue
            for hit in hits:
                finding = self._from_hit(document, rule, hit)
                if finding is not None:
                    findings.append(finding)
        findings = self._finish(document, findings)
        if self.rewrites and findings:
            from .rewrite import attach_rewrites

            findings = attach_rewrites(self, document, parsed, findings)
        return findings

    def _severity(self, rule: Rule, section: str, override: str | None = None) -> Severity | None:
        level = override or rule.severity_in(section)
        configured = self.config.severity.get(rule.code)
        if configured:
            level = None if configured == "off" else configured
        return Severity(level) if level else None

    def _from_match(self, document: Document, block: Block, doc: Doc, raw: RawMatch) -> Finding | None:
        rule = self.active[raw.code]
        start_tok, end_tok = raw.start, raw.end
        if raw.nodes and rule.match.report:
            spans = [_expand(raw.nodes[n]) for n in rule.match.report if n in raw.nodes]
            start_tok = min(s for s, _ in spans)
            end_tok = max(e for _, e in spans)
        span = doc[start_tok:end_tok]
        char_start, char_end = span.start_char, span.end_char
        if block.in_code(char_start, char_end):
            return None
        sentence = span.sent.text if doc.has_annotation("SENT_START") else doc.text
        if any(p.search(sentence) for p in rule.match.unless):
            return None
        values = {name: _quote(doc[slice(*_expand(tok))].text) for name, tok in raw.nodes.items()}
        start, end = block.source_span(char_start, char_end)
        return self._from_hit(document, rule, Hit(start, end, block, values))

    def _from_hit(self, document: Document, rule: Rule, hit: Hit) -> Finding | None:
        section = hit.block.section if hit.block is not None else self._section_at(document, hit.start)
        severity = self._severity(rule, section, hit.severity)
        if severity is None:
            return None
        matched = document.source[hit.start : hit.end]
        values: dict[str, str] = {"match": _quote(matched), "sentence": _quote(matched, 120)}
        values.update(hit.values)
        try:
            message = rule.message.format(**values)
        except (KeyError, IndexError):
            message = rule.message
        rng = document.range(hit.start, hit.end)
        fixes = hit.fixes or self._static_fixes(rule, rng, values, document)
        return Finding(
            path=document.path,
            code=rule.code,
            rule=rule.name,
            category=rule.category,
            severity=severity,
            message=message,
            range=rng,
            section=section,
            fixes=fixes,
        )

    @staticmethod
    def _static_fixes(rule: Rule, rng: Any, values: dict[str, str], document: Document | None = None) -> tuple[Fix, ...]:
        spec = rule.fix
        if spec is None:
            return ()

        def edit(text: str) -> Edit:
            # Deleting a word takes one neighbouring space with it, so no double space is left.
            if text or document is None:
                return Edit(rng, text)
            source, start, end = document.source, rng.start.offset, rng.end.offset
            if end < len(source) and source[end] == " " and (start == 0 or source[start - 1] in " \n"):
                return Edit(document.range(start, end + 1), text)
            if start > 0 and source[start - 1] == " " and (end == len(source) or source[end] in ".,;:!?"):
                return Edit(document.range(start - 1, end), text)
            return Edit(rng, text)

        fixes = []
        if spec.replacement is not None:
            fixes.append(Fix(spec.title, (edit(spec.replacement.format(**values)),), spec.applicability))
        for alternative in spec.alternatives:
            text = alternative.format(**values)
            title = f"Rewrite as “{text}”" if text else "Delete the words"
            fixes.append(Fix(title, (edit(text),), Applicability.DISPLAY_ONLY))
        if not fixes:
            fixes.append(Fix(spec.title, (), Applicability.DISPLAY_ONLY))
        return tuple(fixes)

    @staticmethod
    def _section_at(document: Document, offset: int) -> str:
        section = "other"
        for block in document.blocks:
            if block.starts and block.starts[0] > offset:
                break
            section = block.section
        return section

    def _finish(self, document: Document, findings: list[Finding]) -> list[Finding]:
        findings = resolve_overlaps(findings)
        ignored = self._per_file_ignores(document.path)
        if ignored:
            findings = [f for f in findings if not any(f.code.startswith(c) or f.category == c for c in ignored)]
        category_of = {code: rule.category for code, rule in self.ruleset.rules.items()}
        findings, meta = apply_suppressions(findings, document, set(self.ruleset.rules), set(self.active), category_of)
        findings.extend(f for f in (self.meta_finding(document, m) for m in meta) if f is not None)
        return sorted(findings, key=Finding.sort_key)

    def _per_file_ignores(self, path: str) -> tuple[str, ...]:
        out: list[str] = []
        pure = PurePath(path)
        for pattern, codes in self.config.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or pure.match(pattern) or fnmatch.fnmatch(pure.name, pattern):
                out.extend(codes)
        return tuple(out)

    def meta_finding(self, document: Document, meta: MetaHit) -> Finding | None:
        """Turn an engine-level problem (a bad suppression, an undecodable byte) into a finding."""
        rule = self.active.get(meta.code)
        if rule is None:
            return None
        return self._from_hit(document, rule, Hit(meta.start, meta.end, None, {"detail": meta.detail}))
