"""The rule file format: :class:`Rule` and friends, and the loader that validates one YAML file.

A rule is one YAML file; its file name is the rule name and its folder is the category (Vale's
convention), so neither is repeated inside. ``docs/writing-rules.md`` documents every field. The
loader rejects anything it does not understand, naming ``path:line``: an unknown key, a missing
field, a code whose hundreds digit disagrees with the folder, a message with an unknown
placeholder, a spaCy pattern that does not compile (checked later, in :mod:`blamelint.matching`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RuleFileError
from .findings import SEVERITIES, Applicability
from .regexsafe import backtracking_problem
from .sections import SECTION_CLASSES
from .yamlsafe import YamlError, load_with_lines

__all__ = [
    "CATEGORIES",
    "MATCH_KINDS",
    "Example",
    "FixSpec",
    "MatchSpec",
    "Rule",
    "RuleDoc",
    "load_rule_file",
    "parse_example",
]

#: The fixed category taxonomy; the hundreds digit of a code names the category.
CATEGORIES: dict[str, int] = {
    "meta": 0,
    "attribution": 1,
    "human-error": 2,
    "counterfactual": 3,
    "judgment": 4,
    "action-items": 5,
    "why-chain": 6,
    "structure": 7,
    "timeline": 8,
}
MATCH_KINDS = ("phrase", "token", "dependency", "python", "engine")
STATUSES = ("preview", "stable", "deprecated", "removed")
_SCOPES = ("prose", "heading", "list-item", "action-item", "table-cell", "quote")
_REQUIRES = ("tagger", "parser", "ner")
_CODE = re.compile(r"^BL\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_BAD_NAME_PREFIXES = ("avoid-", "no-", "use-", "prefer-", "consider-", "do-not-")
_MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)

_TOP_KEYS = {
    "code": True,
    "status": True,
    "since": True,
    "severity": True,
    "scope": False,
    "requires": False,
    "summary": True,
    "message": True,
    "link": True,
    "match": True,
    "fix": False,
    "sections": False,
    "doc": True,
    "examples": True,
}
_MATCH_KEYS = {"kind", "attr", "phrases", "patterns", "report", "check", "unless", "placeholders"}
_FIX_KEYS = {"applicability", "title", "alternatives", "replacement", "rewrite"}
_HOOK = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_DOC_KEYS = {"why", "limitations", "fix_safety"}


@dataclass(frozen=True, slots=True)
class MatchSpec:
    """How a rule finds text: one of the matcher kinds and its data."""

    kind: str
    attr: str = "LOWER"
    phrases: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    report: tuple[str, ...] = ()
    check: str = ""
    unless: tuple[re.Pattern[str], ...] = ()
    placeholders: tuple[str, ...] = ()
    pattern_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class FixSpec:
    """What a rule offers as a fix: a title, an applicability and optional static text.

    ``applicability`` is also the ceiling for rewrites made from the parse; ``rewrite`` names the
    rewrite hook (``package.module:function``), ``none`` to turn rewrites off, or is empty for the
    built-in rewriter (used by the attribution, human-error, counterfactual and judgment categories).
    """

    title: str
    applicability: Applicability
    alternatives: tuple[str, ...] = ()
    replacement: str | None = None
    rewrite: str = ""


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """The prose that docs pages, ``blamelint rule`` and hover text are made from."""

    why: str
    limitations: str = ""
    fix_safety: str = ""


@dataclass(frozen=True, slots=True)
class Example:
    """A rule example: Markdown text plus the expected finding spans (offsets into ``text``)."""

    text: str
    spans: tuple[tuple[int, int], ...]
    raw: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, loaded and validated from its YAML file."""

    code: str
    name: str
    category: str
    status: str
    since: str
    severity: str
    scope: tuple[str, ...]
    requires: tuple[str, ...]
    summary: str
    message: str
    link: str
    match: MatchSpec
    doc: RuleDoc
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    fix: FixSpec | None = None
    sections: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def severity_in(self, section: str) -> str | None:
        """Return the severity in a section class, or None when the rule is silent there."""
        value = self.sections.get(section, self.severity)
        return None if value == "off" else value


def parse_example(raw: str) -> Example:
    """Strip ``[[...]]`` markers from an example and record the spans they marked."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    last = 0
    length = 0
    for match in _MARK.finditer(raw):
        out.append(raw[last : match.start()])
        length += match.start() - last
        inner = match.group(1)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        last = match.end()
    out.append(raw[last:])
    return Example(text="".join(out), spans=tuple(spans), raw=raw)


class _Validator:
    def __init__(self, path: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.path = path
        self.lines = lines

    def fail(self, message: str, *key: Any) -> RuleFileError:
        line = None
        probe = tuple(key)
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe[:-1]
        return RuleFileError(message, path=self.path, line=line or self.lines.get(()))

    def string(self, data: dict[str, Any], key: str, *parent: Any, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing required field '{key}'", *parent)
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.fail(f"'{key}' must be a string", *parent, key)
        return str(value).strip() if key not in ("message",) else str(value)

    def mapping(self, value: Any, *key: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"'{key[-1]}' must be a mapping", *key)
        return value

    def str_list(self, value: Any, *key: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key[-1]}' must be a list of strings", *key)
        return tuple(value)

    def unknown(self, data: dict[str, Any], allowed: set[str] | dict[str, bool], *parent: Any) -> None:
        for key in data:
            if key not in allowed:
                choices = ", ".join(sorted(allowed))
                raise self.fail(f"unknown key '{key}' (expected one of: {choices})", *parent, key)


def _check_message(v: _Validator, message: str, placeholders: set[str]) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        raise v.fail(f"message is not a valid format string: {exc}", "message") from None
    for name in names:
        if name not in placeholders:
            allowed = ", ".join("{" + p + "}" for p in sorted(placeholders))
            raise v.fail(f"message uses unknown placeholder {{{name}}} (allowed: {allowed})", "message")
    if message.rstrip().endswith((".", "!")):
        raise v.fail("message must not end with a period or an exclamation mark", "message")
    if re.search(r"\b(you|your|don't|do not)\b", message, re.IGNORECASE):
        raise v.fail("message must describe the wording, not address the writer ('you', 'don't')", "message")


def _regex_values(value: Any) -> list[str]:
    """Every ``REGEX`` string in a token or dependency pattern."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "REGEX" and isinstance(v, str)]
        return found + [r for v in value.values() for r in _regex_values(v)]
    if isinstance(value, list):
        return [r for item in value for r in _regex_values(item)]
    return []


def _match_spec(v: _Validator, data: dict[str, Any]) -> MatchSpec:
    raw = v.mapping(data.get("match"), "match")
    v.unknown(raw, _MATCH_KEYS, "match")
    kind = raw.get("kind")
    if kind not in MATCH_KINDS:
        raise v.fail(f"match.kind must be one of {', '.join(MATCH_KINDS)}", "match", "kind")
    unless: list[re.Pattern[str]] = []
    for index, pattern in enumerate(v.str_list(raw.get("unless", []), "match", "unless")):
        try:
            unless.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise v.fail(f"match.unless[{index}] is not a valid regular expression: {exc}", "match", "unless", index) from None
        problem = backtracking_problem(pattern, re.IGNORECASE)
        if problem:
            raise v.fail(f"match.unless[{index}] could backtrack catastrophically: {problem}", "match", "unless", index)
    for index, pattern in enumerate(raw.get("patterns") or ()):
        for regex in _regex_values(pattern):
            problem = backtracking_problem(regex)
            if problem:
                raise v.fail(f"match.patterns[{index}] has a REGEX that could backtrack catastrophically: {problem}", "match", "patterns", index)
    report = v.str_list(raw.get("report", []), "match", "report")
    spec = MatchSpec(
        kind=kind,
        attr=str(raw.get("attr", "LOWER")).upper(),
        phrases=v.str_list(raw.get("phrases", []), "match", "phrases"),
        patterns=tuple(raw.get("patterns") or ()),
        report=report,
        check=str(raw.get("check", "")),
        unless=tuple(unless),
        placeholders=v.str_list(raw.get("placeholders", []), "match", "placeholders"),
        pattern_lines=tuple(
            v.lines.get(("match", "patterns", i), v.lines.get(("match",), 0)) for i in range(len(raw.get("patterns") or ()))
        ),
    )
    if kind == "phrase":
        if not spec.phrases:
            raise v.fail("a phrase matcher needs a non-empty 'phrases' list", "match")
        if spec.attr not in ("LOWER", "LEMMA", "ORTH", "NORM"):
            raise v.fail("match.attr must be LOWER, LEMMA, ORTH or NORM", "match", "attr")
        seen: set[str] = set()
        for index, phrase in enumerate(spec.phrases):
            key = phrase.lower()
            if key in seen:
                raise v.fail(f"duplicate phrase '{phrase}'", "match", "phrases", index)
            seen.add(key)
    elif kind in ("token", "dependency"):
        if not spec.patterns or not all(isinstance(p, list) and p for p in spec.patterns):
            raise v.fail(f"a {kind} matcher needs 'patterns': a list of non-empty pattern lists", "match", "patterns")
        if kind == "dependency":
            for pindex, pattern in enumerate(spec.patterns):
                ids = {node.get("RIGHT_ID") for node in pattern if isinstance(node, dict)}
                for name in report:
                    if name not in ids:
                        raise v.fail(f"match.report names '{name}', which is no RIGHT_ID of pattern {pindex}", "match", "report")
    elif kind == "python":
        if not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", spec.check):
            raise v.fail("a python matcher needs 'check: package.module:function'", "match", "check")
    return spec


def _placeholders(spec: MatchSpec) -> set[str]:
    names = {"match", "sentence"} | set(spec.placeholders)
    if spec.kind == "dependency":
        for pattern in spec.patterns:
            names.update(str(node.get("RIGHT_ID")) for node in pattern if isinstance(node, dict))
    return names


def load_rule_file(path: Path, category: str | None = None) -> Rule:
    """Load and validate one rule file; raise :class:`RuleFileError` naming ``path:line``."""
    spath = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"cannot read rule file: {exc}", path=spath) from None
    try:
        data, lines = load_with_lines(text)
    except YamlError as exc:
        raise RuleFileError(str(exc), path=spath, line=exc.line) from None
    v = _Validator(spath, lines)
    if not isinstance(data, dict):
        raise v.fail("a rule file must be a mapping")
    v.unknown(data, _TOP_KEYS)
    for key, required in _TOP_KEYS.items():
        if required and key not in data:
            raise v.fail(f"missing required field '{key}'")

    name = path.stem
    if not _NAME.match(name):
        raise v.fail(f"rule name '{name}' (the file name) must be kebab-case")
    if name.startswith(_BAD_NAME_PREFIXES):
        raise v.fail(f"rule name '{name}' must name the flagged pattern, not advice (no avoid-/no-/use-/prefer-)")
    category = category or path.parent.name
    if category not in CATEGORIES:
        raise v.fail(f"folder '{category}' is not a category ({', '.join(CATEGORIES)})")

    code = v.string(data, "code")
    if not _CODE.match(code):
        raise v.fail("code must be BL followed by three digits", "code")
    if int(code[2]) != CATEGORIES[category]:
        raise v.fail(f"code {code} does not match category '{category}' (codes there start with BL{CATEGORIES[category]})", "code")
    status = v.string(data, "status")
    if status not in STATUSES:
        raise v.fail(f"status must be one of {', '.join(STATUSES)}", "status")
    severity = v.string(data, "severity")
    if severity not in SEVERITIES:
        raise v.fail(f"severity must be one of {', '.join(SEVERITIES)}", "severity")
    scope = v.str_list(data.get("scope", ["prose", "list-item", "table-cell"]), "scope")
    for item in scope:
        if item not in _SCOPES:
            raise v.fail(f"unknown scope '{item}' (expected: {', '.join(_SCOPES)})", "scope")
    requires = v.str_list(data.get("requires", []), "requires")
    for item in requires:
        if item not in _REQUIRES:
            raise v.fail(f"unknown requirement '{item}' (expected: {', '.join(_REQUIRES)})", "requires")
    link = v.string(data, "link")
    if not link.startswith(("https://", "http://")):
        raise v.fail("link must be an http(s) URL to the rule's source", "link")

    spec = _match_spec(v, data)
    message = v.string(data, "message")
    _check_message(v, message, _placeholders(spec))

    sections: dict[str, str] = {}
    for key, value in v.mapping(data.get("sections") or {}, "sections").items():
        if key not in SECTION_CLASSES:
            raise v.fail(f"unknown section class '{key}' (expected: {', '.join(SECTION_CLASSES)})", "sections", key)
        if value not in (*SEVERITIES, "off"):
            raise v.fail("a section override must be error, warning, info or off", "sections", key)
        sections[key] = value

    fix: FixSpec | None = None
    if data.get("fix") is not None:
        raw_fix = v.mapping(data["fix"], "fix")
        v.unknown(raw_fix, _FIX_KEYS, "fix")
        try:
            applicability = Applicability(raw_fix.get("applicability", "display-only"))
        except ValueError:
            raise v.fail("fix.applicability must be safe, unsafe or display-only", "fix", "applicability") from None
        replacement = raw_fix.get("replacement")
        rewrite = v.string(raw_fix, "rewrite", "fix", required=False)
        if rewrite and rewrite != "none" and not _HOOK.fullmatch(rewrite):
            raise v.fail("fix.rewrite must be 'package.module:function' or 'none'", "fix", "rewrite")
        fix = FixSpec(
            title=v.string(raw_fix, "title", "fix"),
            applicability=applicability,
            alternatives=v.str_list(raw_fix.get("alternatives", []), "fix", "alternatives"),
            replacement=None if replacement is None else str(replacement),
            rewrite=rewrite,
        )

    raw_doc = v.mapping(data.get("doc"), "doc")
    v.unknown(raw_doc, _DOC_KEYS, "doc")
    doc = RuleDoc(
        why=v.string(raw_doc, "why", "doc"),
        limitations=v.string(raw_doc, "limitations", "doc", required=False),
        fix_safety=v.string(raw_doc, "fix_safety", "doc", required=False),
    )
    if fix is not None and fix.applicability is not Applicability.SAFE and not doc.fix_safety:
        raise v.fail("doc.fix_safety is required when the fix is not safe", "doc")

    raw_examples = v.mapping(data.get("examples"), "examples")
    v.unknown(raw_examples, {"bad", "good"}, "examples")
    bad = tuple(parse_example(t) for t in v.str_list(raw_examples.get("bad", []), "examples", "bad"))
    good = tuple(parse_example(t) for t in v.str_list(raw_examples.get("good", []), "examples", "good"))
    if not bad or not good:
        raise v.fail("a rule needs at least one 'bad' and one 'good' example", "examples")
    if spec.kind != "engine":
        for index, example in enumerate(bad):
            if not example.spans:
                raise v.fail("every bad example marks its expected finding with [[...]]", "examples", "bad", index)
    for index, example in enumerate(good):
        if example.spans:
            raise v.fail("good examples carry no [[...]] markers", "examples", "good", index)

    return Rule(
        code=code,
        name=name,
        category=category,
        status=status,
        since=v.string(data, "since"),
        severity=severity,
        scope=scope,
        requires=requires,
        summary=v.string(data, "summary"),
        message=message,
        link=link,
        match=spec,
        doc=doc,
        bad=bad,
        good=good,
        fix=fix,
        sections=sections,
        path=spath,
    )
