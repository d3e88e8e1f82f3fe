"""Properties of applying fixes (Hypothesis, derandomised): the documented guarantees of fixes.py.

Documents are built from prose with blame wording, code blocks, front matter, HTML comments, inline
code, emphasis, lists and line wraps. A small rule pack makes fixes applicable: a safe static
replacement, an unsafe adverb removal and unsafe copies of two built-in rules (so sentence
rewrites from the parse get applied, not only shown).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import Applicability, Config, Edit, Finding, Fix, Linter, Severity, apply_fixes, load_rules, parse_document
from blamelint.fixes import fix_text, select_fixes

from fix_rulepack import SAFE_RULE, UNSAFE_RULE

SENTENCES = [
    "It was obviously the cache, and very very slow.",
    "The deploy was pushed by Sarah without review.",
    "Sarah accidentally deleted the production table.",
    "The bug was introduced by a junior developer last week.",
    "Two engineers deleted the staging bucket by mistake.",
    "Clearly the alert was very very noisy.",
    "John forgot to run the migration before the deploy.",
    "The engineer should have checked the logs.",
    "The pod restarted at 14:02 and the queue drained.",
    "Root cause: human error.",
]
PROTECTED = [
    "```\nobviously very very\nSarah accidentally deleted the table.\n```",
    "    indented obviously very very code",
    "<!-- obviously very very -->",
    "<!-- blamelint-disable-next-line BL791 -->\nIt was very very slow.",
]
WRAPPERS = ["{}", "*{}*", "**{}**", "[{}](https://example.org/x)", "`{}`"]


def _unsafe_copy(code: str, new_code: str) -> str:
    text = Path(load_rules().get(code).path).read_text(encoding="utf-8")
    text = text.replace(f"code: {code}", f"code: {new_code}").replace("applicability: display-only", "applicability: unsafe")
    return text


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    root = tmp_path_factory.mktemp("pack") / "rules"
    files = {
        ("structure", "repeated-word.yml"): SAFE_RULE,
        ("judgment", "obvious-words.yml"): UNSAFE_RULE,
        ("attribution", "passive-agent-unsafe.yml"): _unsafe_copy("BL102", "BL192"),
        ("human-error", "slip-unsafe.yml"): _unsafe_copy("BL202", "BL292"),
    }
    for (folder, name), text in files.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")
    select = ("BL791", "BL491", "BL192", "BL292", "BL101", "BL201", "BL301")
    return Linter(Config(select=select, rule_folders=(str(root),)))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    sentence = draw(st.sampled_from(SENTENCES))
    words = sentence.split(" ")
    if draw(st.booleans()):
        # Markup around one word: emphasis, a link or inline code.
        index = draw(st.integers(0, len(words) - 1))
        words[index] = draw(st.sampled_from(WRAPPERS)).format(words[index])
    joiner = draw(st.sampled_from([" ", " ", "\n"]))  # a line wrap inside the paragraph
    return joiner.join(words)


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("---\ntitle: obviously very very\nauthor: Sarah accidentally\n---")
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "para", "list", "heading", "protected", "quote"]))
        if kind == "para":
            parts.append(" ".join(draw(st.lists(sentences(), min_size=1, max_size=3))))
        elif kind == "list":
            parts.append("\n".join("- " + s for s in draw(st.lists(sentences(), min_size=1, max_size=3))))
        elif kind == "heading":
            parts.append(draw(st.sampled_from(["# Incident", "## Summary", "## Root cause", "## Analysis"])))
        elif kind == "quote":
            parts.append("> " + draw(sentences()).replace("\n", "\n> "))
        else:
            parts.append(draw(st.sampled_from(PROTECTED)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (newline * 2).join(parts).replace("\n", newline) + newline


def _sentence_bounds(linter: Linter, text: str, offset: int) -> tuple[int, int]:
    """The source range of the parsed sentence that holds ``offset`` (computed without rewrite.py)."""
    document = parse_document(text)
    block = next(b for b in document.blocks if b.starts and b.starts[0] <= offset <= b.ends[-1])
    index = next(i for i, s in enumerate(block.starts) if s >= offset)
    doc = linter.nlp(block.text)
    sent = next(s for s in doc.sents if s.start_char <= index < s.end_char)
    return block.starts[sent.start_char], block.ends[sent.end_char - 1]


def _reconstruct(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for edit in sorted(edits, key=lambda e: e.range.start.offset):
        out += [text[last : edit.range.start.offset], edit.replacement]
        last = edit.range.end.offset
    return "".join(out) + text[last:]


SETTINGS = settings(derandomize=True, max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _prose(text: str, lo: int, hi: int) -> str:
    """The prose text (markup removed) of the source range ``[lo, hi)``."""
    document = parse_document(text)
    chars = [b.text[i] for b in document.blocks for i, start in enumerate(b.starts) if lo <= start < hi]
    return " ".join("".join(chars).split())


def _intruders(text: str) -> list[Finding]:
    """Findings a careless third-party rule could report inside code, front matter and comments."""
    document = parse_document(text)
    regions = [(c.start, c.end) for c in document.code_blocks] + [(c.start, c.end) for c in document.comments]
    if document.front_matter is not None:
        regions.append((document.front_matter.start, document.front_matter.end))
    out = []
    for start, end in regions:
        at = text.find("very very", start, end)
        if at >= 0:
            rng = document.range(at, at + 9)
            fix = Fix("Keep one", (Edit(rng, "very"),), Applicability.SAFE)
            out.append(Finding("<t>", "BL999", "x", "structure", Severity.INFO, "m", rng, "other", (fix,)))
    return out


@SETTINGS
@given(text=documents())
def test_fixes_stay_in_their_sentence_and_leave_the_rest_alone(linter: Linter, text: str) -> None:
    findings = linter.lint_text(text)
    result = apply_fixes(text, findings, unsafe=True)
    edits = [e for applied in result.applied for e in applied.fix.edits]
    assert result.text == _reconstruct(text, edits)
    for applied in result.applied:
        lo, hi = _sentence_bounds(linter, text, applied.finding.range.start.offset)
        for edit in applied.fix.edits:
            assert lo <= edit.range.start.offset <= edit.range.end.offset <= hi, (applied.finding.code, edit, text[lo:hi])
        title = applied.fix.title
        if title.startswith("Rewrite as “"):
            # Applied alone, a rewrite turns the sentence into exactly the text its title promises.
            alone = _reconstruct(text, list(applied.fix.edits))
            new_hi = hi + len(alone) - len(text)
            assert _prose(alone, lo, new_hi) == " ".join(title[len("Rewrite as “") : -1].split())


@SETTINGS
@given(text=documents())
def test_code_front_matter_and_comments_survive_and_the_result_reparses(linter: Linter, text: str) -> None:
    result = fix_text(text, lambda t: linter.lint_text(t) + _intruders(t), unsafe=True)
    before, after = parse_document(text), parse_document(result.text)
    assert [c.content for c in after.code_blocks] == [c.content for c in before.code_blocks]
    assert [c.body for c in after.comments] == [c.body for c in before.comments]
    assert (after.front_matter and after.front_matter.content) == (before.front_matter and before.front_matter.content)
    assert [b.kind for b in after.blocks] == [b.kind for b in before.blocks]


@SETTINGS
@given(text=documents())
def test_fixing_is_idempotent(linter: Linter, text: str) -> None:
    once = fix_text(text, linter.lint_text, unsafe=True)
    twice = fix_text(once.text, linter.lint_text, unsafe=True)
    assert twice.text == once.text
    assert twice.applied == ()


# -- the overlap policy, on synthetic fixes (no pipeline) ----------------------------------------

PLAIN = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu\n"


@st.composite
def synthetic(draw: st.DrawFn) -> list[Finding]:
    document = parse_document(PLAIN)
    findings = []
    for number in range(draw(st.integers(1, 8))):
        fixes = []
        for _ in range(draw(st.integers(1, 2))):
            edits = []
            for _ in range(draw(st.integers(1, 2))):
                start = draw(st.integers(0, len(PLAIN)))
                end = draw(st.integers(start, min(len(PLAIN), start + 12)))
                edits.append(Edit(document.range(start, end), draw(st.sampled_from(["", "X", "longer text"]))))
            fixes.append(Fix("t", tuple(edits), draw(st.sampled_from(list(Applicability)))))
        findings.append(Finding("<t>", f"BL9{number:02d}", "t", "judgment", Severity.INFO, "m", document.range(0, 1), "other", tuple(fixes)))
    return findings


def _overlap(a: Edit, b: Edit) -> bool:
    a0, a1, b0, b1 = a.range.start.offset, a.range.end.offset, b.range.start.offset, b.range.end.offset
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


@settings(derandomize=True, max_examples=300, deadline=None)
@given(findings=synthetic(), unsafe=st.booleans())
def test_overlaps_are_resolved_earliest_first(findings: list[Finding], unsafe: bool) -> None:
    applied, skipped = select_fixes(findings, parse_document(PLAIN), unsafe=unsafe)
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    # One candidate per finding: its first allowed fix with edits; display-only never.
    for item in applied:
        assert item.fix.applicability in allowed
        assert item.fix is next(f for f in item.finding.fixes if f.edits and f.applicability in allowed)
    chosen = [e for item in applied for e in item.fix.edits]
    assert not any(_overlap(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :] if a is not b)
    # The reference: take candidates in source order and keep each that overlaps nothing kept.
    candidates = []
    for finding in findings:
        fix = next((f for f in finding.fixes if f.edits and f.applicability in allowed), None)
        if fix is not None:
            first = min((e.range.start.offset, e.range.end.offset) for e in fix.edits)
            candidates.append(((*first, finding.code), fix))
    kept: list[Edit] = []
    expected = []
    for _, fix in sorted(candidates, key=lambda c: c[0]):
        own = any(_overlap(a, b) for i, a in enumerate(fix.edits) for b in fix.edits[i + 1 :])
        if own or any(_overlap(e, k) for e in fix.edits for k in kept):
            continue
        kept.extend(fix.edits)
        expected.append(fix)
    assert [item.fix for item in applied] == expected
    assert len(applied) + len(skipped) == len(candidates)
    result = apply_fixes(PLAIN, findings, unsafe=unsafe)
    assert result.text == _reconstruct(PLAIN, [e for fix in expected for e in fix.edits])
