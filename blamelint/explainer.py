"""``blamelint explain``: how blamelint reads one sentence or one line of a file.

The debugging view users of prose linters keep asking for: every token with its part of speech,
dependency, head and entity; the people found and how (name, handle, role …); and every rule that
matched, with the tokens it matched and what happened to the match: reported, or dropped and why
(not selected, scope, section, ``unless``, inline code, overlap). It runs the same pipeline, people
detection and matchers as the linter, so what it shows is what ``check`` does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Config
from .document import Block, Document, parse_document
from .engine import CheckContext, Linter, _expand
from .findings import Finding
from .nlp import parse_texts
from .people import PersonMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .rule import Rule

__all__ = ["Explanation", "RuleTrace", "TokenInfo", "explain_text"]


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One token of an explained sentence."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    entity: str
    person: str
    head_text: str = ""
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class RuleTrace:
    """One rule that matched: the words, the named pattern tokens and what became of the match."""

    code: str
    name: str
    text: str
    nodes: dict[str, str]
    reported: bool
    reason: str
    severity: str = ""

    def to_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Explanation:
    """What ``blamelint explain`` shows: the parse, the people found and each rule that matched."""

    text: str
    tokens: tuple[TokenInfo, ...]
    people: tuple[str, ...]
    findings: tuple[Finding, ...]
    matches: tuple[tuple[str, str, dict[str, str]], ...] = field(default=())
    mentions: tuple[PersonMention, ...] = ()
    traces: tuple[RuleTrace, ...] = ()
    section: str = "other"
    scope: str = "prose"
    entities_used: bool = False
    blocks: tuple[tuple[str, str, str], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "section": self.section,
            "scope": self.scope,
            "blocks": [{"text": t, "section": sec, "scope": sc} for t, sec, sc in self.blocks],
            "entities_used": self.entities_used,
            "tokens": [t.to_dict() for t in self.tokens],
            "people": [{"text": m.text, "kind": m.kind} for m in self.mentions],
            "rules": [t.to_dict() for t in self.traces],
            "findings": [f.to_dict() for f in self.findings],
        }


def _blocks_on_line(document: Document, line: int | None) -> list[Block]:
    if line is None:
        return [b for b in document.blocks if b.text.strip()]
    picked = []
    for block in document.blocks:
        if not block.starts:
            continue
        first = document.range(block.starts[0], block.starts[0]).start.line
        last = document.range(block.ends[-1], block.ends[-1]).start.line if block.ends else first
        if first <= line <= last:
            picked.append(block)
    return picked


def _not_selected(linter: Linter, rule: Rule) -> str:
    if rule.status == "preview" and not linter.config.preview:
        return "not selected: preview rule (run with --preview)"
    return "not selected by the configuration (select/ignore)"


def _verdict(linter: Linter, rule: Rule, block: Block, in_code: bool, sentence: str) -> tuple[bool, str, str]:
    if rule.code not in linter.active:
        return False, _not_selected(linter, rule), ""
    if block.scope not in rule.scope:
        return False, f"scope: this text is '{block.scope}', the rule reads {', '.join(rule.scope)}", ""
    if in_code:
        return False, "inline code: the match is inside backticks", ""
    for pattern in rule.match.unless:
        if pattern.search(sentence):
            return False, f"unless: the sentence matches /{pattern.pattern[:70]}/", ""
    level = linter._severity(rule, block.section)  # noqa: SLF001 - the same decision the engine makes
    if level is None:
        if rule.severity_in(block.section) is None:
            return False, f"section: the rule is silent in '{block.section}' sections", ""
        return False, "severity: switched off in the configuration", ""
    where = f" in '{block.section}'" if block.section != "other" else ""
    return True, f"reported as {level.value}{where}", level.value


def _trace_matches(linter: Linter, block: Block, doc: Doc) -> list[RuleTrace]:
    traces: list[RuleTrace] = []
    ruleset = linter.ruleset
    codes = {r.code for r in ruleset if r.match.kind in ("phrase", "token", "dependency")}
    for raw in linter.compiled.match(doc, codes):
        rule = ruleset.rules[raw.code]
        start, end = raw.start, raw.end
        if raw.nodes and rule.match.report:
            spans = [_expand(raw.nodes[n]) for n in rule.match.report if n in raw.nodes]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
        span = doc[start:end]
        sentence = span.sent.text if doc.has_annotation("SENT_START") else doc.text
        ok, reason, severity = _verdict(linter, rule, block, block.in_code(span.start_char, span.end_char), sentence)
        nodes = {k: v.text for k, v in raw.nodes.items()}
        traces.append(RuleTrace(rule.code, rule.name, span.text, nodes, ok, reason, severity))
    return traces


def _trace_checks(linter: Linter, document: Document, block: Block, doc: Doc) -> list[RuleTrace]:
    traces: list[RuleTrace] = []
    context = CheckContext(document, [(block, doc)], linter.config, linter.people, linter.ruleset.lexicons)
    for rule in linter.ruleset:
        if rule.match.kind != "python":
            continue
        check = linter.compiled.checks.get(rule.code)
        if check is None:
            continue
        # Widen the scope so a match outside it can be shown as dropped for that reason.
        widened = dataclasses.replace(rule, scope=(*rule.scope, block.scope))
        try:
            hits = list(check(context, widened))
        except Exception as exc:  # noqa: BLE001 - a broken check is shown, not raised
            traces.append(RuleTrace(rule.code, rule.name, "", {}, False, f"check raised {type(exc).__name__}: {exc}"))
            continue
        for hit in hits:
            text = document.source[hit.start : hit.end]
            ok, reason, severity = _verdict(linter, rule, block, False, block.text)
            traces.append(RuleTrace(rule.code, rule.name, text, dict(hit.values), ok, reason, severity))
    return traces


def _agree_with_findings(traces: list[RuleTrace], findings: tuple[Finding, ...], source: str) -> list[RuleTrace]:
    """Mark as dropped any trace the engine did not report (the engine's overlap policy decides,
    so explain never contradicts check)."""
    reported = {(f.code, " ".join(source[f.range.start.offset : f.range.end.offset].split())) for f in findings}
    out = []
    for trace in traces:
        if trace.reported and (trace.code, " ".join(trace.text.split())) not in reported:
            reason = "overlap: the same rule already reported these words (or a suppression/config removed it)"
            trace = dataclasses.replace(trace, reported=False, reason=reason)
        out.append(trace)
    return out


def explain_text(
    text: str,
    linter: Linter | None = None,
    *,
    path: str = "<explain>",
    line: int | None = None,
) -> Explanation:
    """Explain ``text`` (a sentence, or a whole file with ``line`` picking one line of it)."""
    linter = linter or Linter(Config())
    document = parse_document(text, path)
    blocks = _blocks_on_line(document, line)
    if not blocks:
        return Explanation(text if line is None else "", (), (), (), section="other")
    nlp = linter.nlp
    # The selected rules' components decide the parse (NER changes who counts as a person), plus
    # the parser so that rules shown as "not selected" can still be traced.
    requires = set(linter.requires) | {"tagger", "parser"}
    docs = list(parse_texts(nlp, [b.text for b in blocks], requires))
    entities_used = "ner" in requires and "ner" in nlp.pipe_names
    full = list(nlp.pipe([b.text for b in blocks])) if not entities_used and "ner" in nlp.pipe_names else docs
    tokens: list[TokenInfo] = []
    mentions: list[PersonMention] = []
    traces: list[RuleTrace] = []
    offset = 0
    for block, doc, ents in zip(blocks, docs, full):
        mentions += linter.people.mark(doc, block.code_spans)
        for tok, etok in zip(doc, ents):
            flags = tuple(
                name
                for name, on in (("system", tok._.system), ("collective", tok._.collective), ("code", tok._.code))
                if on
            )
            tokens.append(
                TokenInfo(
                    offset + tok.i, tok.text, tok.lemma_, tok.pos_, tok.tag_, tok.dep_, offset + tok.head.i,
                    etok.ent_type_, tok._.person_kind if tok._.person else "", tok.head.text, flags,
                )
            )
        offset += len(doc)
        traces += _trace_matches(linter, block, doc)
        traces += _trace_checks(linter, document, block, doc)
    traces = sorted(traces, key=lambda t: (t.code, not t.reported))
    lo = min(b.starts[0] for b in blocks if b.starts) if any(b.starts for b in blocks) else 0
    hi = max(b.ends[-1] for b in blocks if b.ends) if any(b.ends for b in blocks) else len(text)
    findings = tuple(
        f for f in linter.lint_text(text, path) if f.range.start.offset < hi and f.range.end.offset > lo
    )
    traces = _agree_with_findings(traces, findings, document.source)
    shown = " ".join(b.text for b in blocks)
    matches = tuple((t.code, t.text, t.nodes) for t in traces)
    return Explanation(
        text=shown,
        tokens=tuple(tokens),
        people=tuple(m.text for m in mentions),
        findings=findings,
        matches=matches,
        mentions=tuple(mentions),
        traces=tuple(traces),
        section=blocks[0].section,
        scope=blocks[0].scope,
        entities_used=entities_used,
        blocks=tuple((b.text, b.section, b.scope) for b in blocks),
    )


def render_text(result: Explanation) -> str:
    """The plain-text report of ``blamelint explain``."""
    lines = [f"Text: {result.text}"]
    if len(result.blocks) > 1:
        lines += [f"  {scope} in section '{section}': {text}" for text, section, scope in result.blocks]
    else:
        lines.append(f"Section: {result.section} · scope: {result.scope}")
    lines.append("")
    lines.append(f"{'#':>3}  {'token':<16} {'lemma':<14} {'pos':<6} {'tag':<5} {'dep':<10} {'head':<16} {'ent':<8} person")
    for t in result.tokens:
        head = f"{t.head}:{t.head_text}"[:16]
        extra = " ".join(filter(None, (t.person, *t.flags)))
        lines.append(f"{t.i:>3}  {t.text[:16]:<16} {t.lemma[:14]:<14} {t.pos:<6} {t.tag:<5} {t.dep:<10} {head:<16} {t.entity or '-':<8} {extra}")
    if not result.entities_used:
        lines.append("(entities shown for reference; no selected rule requires NER, so people come from the other signals)")
    people = ", ".join(f"{m.text} ({m.kind})" for m in result.mentions)
    lines += ["", f"People: {people or '(none)'}", "", "Rules that matched:"]
    for t in result.traces:
        mark = "✔" if t.reported else "✘"
        nodes = ", ".join(f"{k}={v}" for k, v in t.nodes.items())
        lines.append(f"  {mark} {t.code} {t.name}  “{t.text}”" + (f"  [{nodes}]" if nodes else ""))
        lines.append(f"      {t.reason}")
    if not result.traces:
        lines.append("  (none)")
    lines += ["", "Findings:"]
    lines += [f"  {f.code} [{f.severity.value}] {f.message}" for f in result.findings] or ["  (none)"]
    return "\n".join(lines)
