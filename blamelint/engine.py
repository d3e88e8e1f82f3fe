"""Run the selected rules over documents and produce findings.

The flow for a batch of documents: parse each into a :class:`Document`; collect the blocks some
active rule can see (by scope); run the spaCy pipeline once over all those block texts in batches,
with only the components the active rules require; mark people; match all rules in one pass per
matcher kind; run python checks; resolve overlaps; apply config severities, per-file ignores and
suppression comments. Nothing here prints or exits.

A :class:`BlockCache` (one per linter) memoises the work that depends on one block only, so a
re-lint of a slightly edited text (the language server's case) redoes only the changed blocks:

- the block's spaCy ``Doc`` with people marked, by (text, scope, inline code spans);
- the findings of the matcher rules and of the block-local python checks (:data:`BLOCK_LOCAL_CHECKS`,
  or a check function with ``block_local = True``), by everything they may read: the block's text,
  scope, section, heading and other position-independent fields, its source text (one character
  either side, for edits that take a neighbouring space) and its source map relative to where the
  block starts. Offsets are stored relative to the block and moved to its current position;
- the rewrites attached to the findings of one block, by the block and those findings (relative).

Document-level checks (structure, why-chains, timeline, action items), overlaps, per-file ignores
and suppressions run on every lint. Results are identical with and without the cache.
"""

from __future__ import annotations

import bisect
import fnmatch
import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .config import Config
from .document import Block, Document, parse_document
from .errors import InternalRuleError
from .findings import Applicability, Edit, Finding, Fix, Position, Range, Severity
from .matching import CompiledRules, RawMatch
from .nlp import Unit, load_pipeline, parse_units
from .people import PeopleDetector
from .prefilter import Prefilter
from .registry import RuleSet, load_rules
from .rule import Rule
from .suppress import MetaHit, apply_suppressions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["BLOCK_LOCAL_CHECKS", "BlockCache", "CheckContext", "Hit", "LintResult", "Linter", "resolve_overlaps"]

LOG = logging.getLogger(__name__)
_COMPILED: dict[tuple[int, tuple[str, ...]], CompiledRules] = {}
_EXPAND_DEPS = {"compound", "amod", "nmod", "flat", "det", "nummod"}
#: Blocks longer than this are not parsed (a pasted log, not prose); BL005 reports each one.
MAX_BLOCK_CHARS = 100_000
#: Entries a linter's :class:`BlockCache` keeps of each kind (parsed blocks, findings, rewrites).
DEFAULT_BLOCK_CACHE = 2048
#: Whole results are kept for documents up to this many characters: the rewriter lints the same
#: one-sentence documents on every keystroke, while a long document rarely comes back unchanged.
SHORT_DOCUMENT_CHARS = 2000
#: The built-in python checks whose findings in a block depend on that block alone (its ``Doc``, text,
#: scope, section and code spans, the configuration and the lexicons), so the :class:`BlockCache` may
#: keep them. A check function's own ``block_local`` attribute, when set, wins over this list. Every
#: other python check reads the whole document and runs on every lint.
BLOCK_LOCAL_CHECKS: frozenset[str] = frozenset(
    {
        "blamelint.checks.attribution:named_individual_in_analysis",
        "blamelint.checks.attribution:who_why_question",
        "blamelint.checks.counterfactual:negated_omission",
        "blamelint.checks.human_error:slip_wording",
        "blamelint.checks.human_error:single_root_cause",
        "blamelint.checks.judgment:character_words",
        "blamelint.checks.judgment:normative_judgment",
        "blamelint.checks.judgment:minimizing",
        "blamelint.checks.judgment:animated_language",
    }
)


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


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where a cached result was last placed: the block's first offset, its position and the path.

    When the block is at the same offset and line/column in a document of the same path, every
    position inside it (one character either side included) is the same too, so the placed objects
    are reused as they are (``inside`` says all their offsets lie there).
    """

    base: int
    anchor: Position
    path: str
    inside: bool


@dataclass(frozen=True, slots=True)
class _BlockEntry:
    """What one block yielded: its block-local findings as last placed, and the rules that raised."""

    at: _Placement
    findings: tuple[Finding, ...]
    errors: tuple[tuple[str, BaseException], ...] = ()


@dataclass(frozen=True, slots=True)
class _RewriteEntry:
    """The fixes rewriting gave a block's findings (relative shapes; None: unchanged), and as last placed."""

    shapes: tuple[Hashable, ...]
    at: _Placement
    placed: tuple[tuple[Fix, ...] | None, ...]


def _placement(document: Document, block: Block, offsets: Iterable[int]) -> _Placement:
    """Record where ``block`` is, and whether ``offsets`` stay where its position decides theirs."""
    first, source = block.starts[0], document.source
    low, last, _map = block.source_shape()
    points = list(offsets)
    inside = (
        first == low
        and all(first - 1 <= p <= last + 1 for p in points)
        and (not points or min(points) >= first or source[first - 1 : first] not in ("\r", "\n"))
        and (not points or max(points) <= last or source[last : last + 1] != "\r")
    )
    return _Placement(first, document.position(first), document.path, inside)


def _same_place(at: _Placement, document: Document, block: Block) -> bool:
    base = block.starts[0]
    return at.inside and at.base == base and at.path == document.path and at.anchor == document.position(base)


def _fix_offsets(groups: Iterable[tuple[Fix, ...] | None]) -> Iterator[int]:
    for fixes in groups:
        for fix in fixes or ():
            for edit in fix.edits:
                yield edit.range.start.offset
                yield edit.range.end.offset


def _offsets(findings: Iterable[Finding]) -> Iterator[int]:
    for finding in findings:
        yield finding.range.start.offset
        yield finding.range.end.offset
        for fix in finding.fixes:
            for edit in fix.edits:
                yield edit.range.start.offset
                yield edit.range.end.offset


class BlockCache:
    """A bounded (least recently used) memo of the per-block work of one :class:`Linter`.

    Four tables of at most ``size`` entries each: parsed and marked ``Doc``s, block-local findings,
    rewrites (see the module docstring for what each is keyed by) and the whole results of short
    documents (up to :data:`SHORT_DOCUMENT_CHARS`), by text. ``hits`` and ``misses`` count
    lookups of block findings. A cache belongs to one linter, so the configuration, rule set and
    pipeline are the same for every entry.
    """

    def __init__(self, size: int = DEFAULT_BLOCK_CACHE) -> None:
        self.size = max(int(size), 1)
        self.docs: OrderedDict[Hashable, tuple[Doc, frozenset[str]]] = OrderedDict()
        self.blocks: OrderedDict[Hashable, _BlockEntry] = OrderedDict()
        self.rewrites: OrderedDict[Hashable, _RewriteEntry] = OrderedDict()
        self.documents: OrderedDict[Hashable, LintResult] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _get(table: OrderedDict[Hashable, Any], key: Hashable) -> Any:
        value = table.get(key)
        if value is not None:
            table.move_to_end(key)
        return value

    def _put(self, table: OrderedDict[Hashable, Any], key: Hashable, value: Any) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.size:
            table.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry (the counters too)."""
        self.docs.clear()
        self.blocks.clear()
        self.rewrites.clear()
        self.documents.clear()
        self.hits = self.misses = 0

    def stats(self) -> dict[str, int]:
        """Entries per table and the block lookups that hit and missed."""
        return {
            "docs": len(self.docs),
            "blocks": len(self.blocks),
            "rewrites": len(self.rewrites),
            "documents": len(self.documents),
            "hits": self.hits,
            "misses": self.misses,
        }


def _place_range(rng: Range, document: Document, delta: int) -> Range:
    return document.range(rng.start.offset + delta, rng.end.offset + delta)


def _place_fixes(fixes: tuple[Fix, ...], document: Document, delta: int) -> tuple[Fix, ...]:
    return tuple(
        replace(fix, edits=tuple(Edit(_place_range(e.range, document, delta), e.replacement) for e in fix.edits))
        for fix in fixes
    )


def _place(finding: Finding, document: Document, delta: int) -> Finding:
    """Move a finding made ``delta`` characters earlier (or later) in another text to ``document``."""
    return replace(
        finding,
        path=document.path,
        range=_place_range(finding.range, document, delta),
        fixes=_place_fixes(finding.fixes, document, delta),
    )


_FixShape = tuple[str, Applicability, tuple[tuple[int, int, str], ...]]


def _shape_fixes(fixes: tuple[Fix, ...], base: int) -> tuple[_FixShape, ...]:
    """Fixes with their edits' offsets made relative to ``base`` (hashable, no line numbers)."""
    return tuple(
        (
            fix.title,
            fix.applicability,
            tuple((e.range.start.offset - base, e.range.end.offset - base, e.replacement) for e in fix.edits),
        )
        for fix in fixes
    )


def _unshape_fixes(shapes: tuple[_FixShape, ...], document: Document, base: int) -> tuple[Fix, ...]:
    return tuple(
        Fix(title, tuple(Edit(document.range(start + base, end + base), text) for start, end, text in edits), applicability)
        for title, applicability, edits in shapes
    )


def _shape(finding: Finding, base: int) -> Hashable:
    """What the rewrites of a finding depend on besides its block: code, span and fixes, relative to ``base``."""
    return (
        finding.code,
        finding.range.start.offset - base,
        finding.range.end.offset - base,
        _shape_fixes(finding.fixes, base),
    )


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

    def __init__(
        self,
        config: Config | None = None,
        *,
        nlp: Language | None = None,
        ruleset: RuleSet | None = None,
        block_cache: int = DEFAULT_BLOCK_CACHE,
    ) -> None:
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
        #: Per-block memo (see :class:`BlockCache`); ``block_cache=0`` turns it off.
        self.block_cache: BlockCache | None = BlockCache(block_cache) if block_cache > 0 else None
        self._matcher_codes: dict[str, set[str]] = {}
        for rule in self.rules:
            if rule.match.kind in ("phrase", "token", "dependency"):
                for scope in rule.scope:
                    self._matcher_codes.setdefault(scope, set()).add(rule.code)
        self._local: frozenset[str] | None = None
        self._python: tuple[list[tuple[Rule, Callable[..., Iterable[Any]]]], list[tuple[Rule, Callable[..., Iterable[Any]]]]] | None = None

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
            self._prefilter = Prefilter(self.nlp, self.ruleset, self.rules, self.people, ner="ner" in self.requires)
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
        cache = self.block_cache
        keys = [self._document_key(path, text) for path, text in batch]
        known: list[LintResult | None] = [
            cache._get(cache.documents, key) if cache is not None and key is not None else None for key in keys
        ]
        documents = [parse_document(text, path) if found is None else None for (path, text), found in zip(batch, known)]
        wanted = [
            [b for b in d.blocks if b.scope in self.scopes and len(b.text) <= MAX_BLOCK_CHARS] if d is not None else []
            for d in documents
        ]
        docs = iter(self._parse([b for blocks in wanted for b in blocks]))
        for (path, _text), key, found, document, blocks in zip(batch, keys, known, documents, wanted):
            if found is not None:
                yield LintResult(path, [replace(f, path=path) for f in found.findings], replace(found.document, path=path))
                continue
            assert document is not None
            pairs = [next(docs) for _ in blocks]
            parsed = [(block, doc) for block, (doc, _codes) in zip(blocks, pairs)]
            findings = self._check(document, parsed, [codes for _doc, codes in pairs])
            if len(blocks) < len(document.blocks):
                findings = self._skipped(document, findings)
            result = LintResult(document.path, findings, document)
            if cache is not None and key is not None:
                cache._put(cache.documents, key, LintResult(path, list(findings), document))
            yield result

    def _document_key(self, path: str, text: str) -> Hashable | None:
        """The key of a short document's whole result; None when it is not kept.

        Not kept while ``on_rule_error`` is set: a rule's failure is reported on every lint.
        """
        if self.block_cache is None or len(text) > SHORT_DOCUMENT_CHARS or self.on_rule_error is not None:
            return None
        return (text, self.rewrites, self.use_prefilter, self._per_file_ignores(path))

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

    def _parse(self, blocks: Sequence[Block]) -> list[tuple[Doc, frozenset[str]]]:
        """Tokenise every block; run the pipeline only where a candidate rule needs it; mark people.

        Each block comes back with its candidate rules (:class:`Prefilter`): rules that cannot
        match it are not run on it. A block is parsed when a candidate ``requires`` the tagger or
        parser, one sentence at a time and only the sentences a candidate could match
        (:meth:`Prefilter.sentences_to_parse`); otherwise its tokens alone are enough (people marks
        and python checks see it).
        With a :class:`BlockCache`, a block seen before (same text, scope and code spans) reuses its
        marked ``Doc``; the engine and the checks only read it.
        """
        if not blocks:
            return []
        nlp, prefilter, active, cache = self.nlp, self.prefilter, self.active, self.block_cache
        out: list[tuple[Doc, frozenset[str]] | None] = [None] * len(blocks)
        keys: list[Hashable] = []
        first: dict[Hashable, int] = {}  # a block repeated in this batch shares its first copy's parse
        made: list[int] = []
        wanted: list[int] = []
        for index, block in enumerate(blocks):
            key = (block.text, block.scope, block.code_spans, self.use_prefilter)
            keys.append(key)
            if cache is not None:
                out[index] = cache._get(cache.docs, key)
                if out[index] is not None or key in first:
                    continue
                first[key] = index
            made.append(index)
            doc = nlp.make_doc(block.text)
            codes = self._scope_codes.get(block.scope, ())
            if self.use_prefilter:
                candidates = frozenset(prefilter.candidates({t.lower_ for t in doc}, codes, doc))
                needed = any(active[code].requires for code in candidates)
            else:
                candidates, needed = frozenset(codes), bool(self.requires)
            if needed:
                wanted.append(index)
            out[index] = (doc, candidates)
        if wanted:
            units: list[Unit] = []
            for index in wanted:
                doc, candidates = out[index]  # type: ignore[misc]
                split = None
                if "ner" not in self.requires:  # the entity recogniser reads whole blocks
                    need = [code for code in candidates if active[code].requires]
                    split = prefilter.sentences_to_parse(doc, need, prefilter=self.use_prefilter)
                units.append(blocks[index].text if split is None else (doc, *split))
            for index, doc in zip(wanted, parse_units(nlp, units, self.requires)):
                out[index] = (doc, out[index][1])  # type: ignore[index]
        for index in made:
            pair = out[index]
            assert pair is not None
            self.people.mark(pair[0], blocks[index].code_spans)
            if cache is not None:
                cache._put(cache.docs, keys[index], pair)
        return [pair if pair is not None else out[first[key]] for key, pair in zip(keys, out)]  # type: ignore[misc]

    def _python_checks(self) -> tuple[list[tuple[Rule, Callable[..., Iterable[Any]]]], list[tuple[Rule, Callable[..., Iterable[Any]]]]]:
        """The active python rules with their checks: (block-local, whole-document), in rule order."""
        if self._python is None:
            local: list[tuple[Rule, Callable[..., Iterable[Any]]]] = []
            whole: list[tuple[Rule, Callable[..., Iterable[Any]]]] = []
            for rule in self.rules:
                check = self.compiled.checks.get(rule.code) if rule.match.kind == "python" else None
                if check is None:
                    continue
                declared = getattr(check, "block_local", None)
                is_local = rule.match.check in BLOCK_LOCAL_CHECKS if declared is None else bool(declared)
                (local if is_local else whole).append((rule, check))
            self._python = (local, whole)
        return self._python

    def _local_codes(self) -> frozenset[str]:
        """Codes of the rules whose findings come from one block (matchers and block-local checks)."""
        if self._local is None:
            matchers = {code for codes in self._matcher_codes.values() for code in codes}
            self._local = frozenset(matchers | {rule.code for rule, _ in self._python_checks()[0]})
        return self._local

    def _block_key(self, document: Document, block: Block) -> Hashable:
        """Everything a block's block-local findings depend on, independent of where the block is."""
        source = document.source
        first, last, shape = block.source_shape()
        return (
            block.text,
            block.kind,
            block.scope,
            block.section,
            block.heading,
            block.code_spans,
            block.level,
            block.list_depth,
            block.task,
            block.row,
            block.column,
            block.header,
            first > 0,
            last < len(source),
            source[max(first - 1, 0) : last + 1],
            shape,
            self.use_prefilter,
        )

    def _check(
        self, document: Document, parsed: list[tuple[Block, Doc]], candidates: Sequence[frozenset[str]] | None = None
    ) -> list[Finding]:
        cache = self.block_cache
        findings: list[Finding] = []
        failed: dict[str, BaseException] = {}
        keys: list[Hashable] = []
        todo: list[int] = []
        for index, (block, _doc) in enumerate(parsed):
            key = self._block_key(document, block) if cache is not None else None
            keys.append(key)
            entry = cache._get(cache.blocks, key) if cache is not None else None
            if entry is None:
                todo.append(index)
                continue
            cache.hits += 1  # type: ignore[union-attr]
            if _same_place(entry.at, document, block):
                findings.extend(entry.findings)
            else:
                delta = block.starts[0] - entry.at.base
                placed = tuple(_place(f, document, delta) for f in entry.findings)
                findings.extend(placed)
                at = _placement(document, block, _offsets(placed))
                cache.blocks[key] = _BlockEntry(at, placed, entry.errors)  # type: ignore[union-attr]
            for code, exc in entry.errors:
                failed.setdefault(code, exc)
        if todo:
            findings.extend(self._check_blocks(document, parsed, candidates, todo, keys, failed))
        local, whole = self._python_checks()
        for code in [rule.code for rule, _ in local if rule.code in failed]:
            # A block-local rule that raised on any block loses its findings in the whole document.
            error = InternalRuleError(code, document.path, failed[code])
            if self.on_rule_error is None:
                raise error from failed[code]
            self.on_rule_error(error)
            findings = [f for f in findings if f.code != code]
        context = CheckContext(document, parsed, self.config, self.people, self.ruleset.lexicons)
        for rule, check in whole:
            findings.extend(self._run_check(document, context, rule, check))
        findings = self._finish(document, findings)
        if self.rewrites and findings:
            findings = self._rewrite(document, parsed, keys, findings)
        return findings

    def _run_check(self, document: Document, context: CheckContext, rule: Rule, check: Callable[..., Iterable[Any]]) -> list[Finding]:
        try:
            hits = list(check(context, rule))
        except Exception as exc:  # a broken rule must name itself and spare the others
            error = InternalRuleError(rule.code, document.path, exc)
            if self.on_rule_error is None:
                raise error from exc
            self.on_rule_error(error)
            return []
        return [f for f in (self._from_hit(document, rule, hit) for hit in hits) if f is not None]

    def _check_blocks(
        self,
        document: Document,
        parsed: list[tuple[Block, Doc]],
        candidates: Sequence[frozenset[str]] | None,
        todo: list[int],
        keys: list[Hashable],
        failed: dict[str, BaseException],
    ) -> list[Finding]:
        """Run the matchers and the block-local python checks on the blocks ``todo``; remember each block's part."""
        compiled, cache = self.compiled, self.block_cache
        own: dict[int, list[Finding]] = {index: [] for index in todo}
        errors: dict[int, list[tuple[str, BaseException]]] = {index: [] for index in todo}
        position = {parsed[index][0].index: index for index in todo}
        for index in todo:
            block, doc = parsed[index]
            codes = self._matcher_codes.get(block.scope)
            if codes and candidates is not None:
                codes = codes & candidates[index]
            if not codes:
                continue
            for raw in compiled.match(doc, codes):
                finding = self._from_match(document, block, doc, raw)
                if finding is not None:
                    own[index].append(finding)
        loose: list[Finding] = []  # hits a block-local check placed outside its blocks: never cached
        uncacheable = False
        subset = [parsed[index] for index in todo]
        for rule, check in self._python_checks()[0]:
            context = CheckContext(document, subset, self.config, self.people, self.ruleset.lexicons)
            try:
                hits = list(check(context, rule))
            except Exception as exc:
                if self.on_rule_error is None:
                    raise InternalRuleError(rule.code, document.path, exc) from exc
                # Find the block(s) it fails on, so a cached block can fail the same way next time.
                hits = []
                for index in todo:
                    single = CheckContext(document, [parsed[index]], self.config, self.people, self.ruleset.lexicons)
                    try:
                        hits.extend(check(single, rule))
                    except Exception as single_exc:
                        errors[index].append((rule.code, single_exc))
                        failed.setdefault(rule.code, single_exc)
                if rule.code not in failed:
                    failed[rule.code] = exc
                    uncacheable = True
            for hit in hits:
                finding = self._from_hit(document, rule, hit)
                if finding is None:
                    continue
                index = position.get(hit.block.index) if hit.block is not None else None
                if index is None or parsed[index][0] is not hit.block:
                    loose.append(finding)
                else:
                    own[index].append(finding)
        if cache is not None and not uncacheable:
            for index in todo:
                cache.misses += 1
                at = _placement(document, parsed[index][0], _offsets(own[index]))
                entry = _BlockEntry(at, tuple(own[index]), tuple(errors[index]))
                cache._put(cache.blocks, keys[index], entry)
        return [f for index in todo for f in own[index]] + loose

    def _rewrite(self, document: Document, parsed: list[tuple[Block, Doc]], keys: list[Hashable], findings: list[Finding]) -> list[Finding]:
        """Attach rewrites (:func:`blamelint.rewrite.attach_rewrites`), reusing a block's earlier ones.

        The rewrites of a finding depend on its block and on the other findings in that block (a
        sentence with several evaluative words also gets the rewrite that drops them all), so they are
        kept per block, keyed by the block and the shapes of its findings relative to the block.
        """
        from .rewrite import attach_rewrites

        cache = self.block_cache
        if cache is None:
            return attach_rewrites(self, document, parsed, findings)
        homes = self._homes(parsed, findings)
        groups: dict[int, list[int]] = {}
        for number, home in enumerate(homes):
            if home is not None:
                groups.setdefault(home, []).append(number)
        out = list(findings)
        todo: list[tuple[int, list[int], Hashable]] = []
        local = self._local_codes()
        for home, members in groups.items():
            base = parsed[home][0].starts[0]
            # A block-local finding's fixes follow from its block, code and span; others' are spelled out.
            key = (
                keys[home],
                tuple(
                    (f.code, f.range.start.offset - base, f.range.end.offset - base) if f.code in local else _shape(f, base)
                    for f in (findings[n] for n in members)
                ),
            )
            stored = cache._get(cache.rewrites, key)
            if stored is None:
                todo.append((home, members, key))
                continue
            block = parsed[home][0]
            if _same_place(stored.at, document, block):
                placed = stored.placed
            else:
                placed = tuple(None if shape is None else _unshape_fixes(shape, document, base) for shape in stored.shapes)  # type: ignore[arg-type]
                cache.rewrites[key] = _RewriteEntry(stored.shapes, _placement(document, block, _fix_offsets(placed)), placed)
            for n, fixes in zip(members, placed):
                if fixes is not None:
                    out[n] = replace(findings[n], fixes=fixes)
        if todo:
            numbers = [n for _, members, _ in todo for n in members]
            done = attach_rewrites(self, document, parsed, [findings[n] for n in numbers])
            made = dict(zip(numbers, done))
            for home, members, key in todo:
                base = parsed[home][0].starts[0]
                kept: list[Hashable] = []
                for n in members:
                    out[n] = made[n]
                    kept.append(None if made[n] is findings[n] else _shape_fixes(made[n].fixes, base))
                fixed = tuple(None if made[n] is findings[n] else made[n].fixes for n in members)
                at = _placement(document, parsed[home][0], _fix_offsets(fixed))
                cache._put(cache.rewrites, key, _RewriteEntry(tuple(kept), at, fixed))
        return out

    @staticmethod
    def _homes(parsed: list[tuple[Block, Doc]], findings: list[Finding]) -> list[int | None]:
        """The parsed block each finding starts in, chosen as :func:`~blamelint.rewrite.attach_rewrites` does."""
        starts = [block.starts[0] for block, _ in parsed]
        ends = [block.ends[-1] + 1 for block, _ in parsed]
        ordered = all(ends[i] <= starts[i + 1] for i in range(len(starts) - 1))
        homes: list[int | None] = []
        for finding in findings:
            offset = finding.range.start.offset
            if ordered:
                at = bisect.bisect_right(starts, offset) - 1
                homes.append(at if at >= 0 and offset < ends[at] else None)
            else:
                homes.append(next((i for i, (s, e) in enumerate(zip(starts, ends)) if s <= offset < e), None))
        return homes

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
