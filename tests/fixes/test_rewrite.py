"""Rewrites from the parse: the documented examples, and no rewrite is ever flagged itself.

The second property runs over every rewrite offered for the blame rules' bad examples and, when the
shared corpus is present, for every dev unit: each edit stays inside the finding's sentence, and the
text with the edit applied has no finding in that sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blamelint import Applicability, Config, Finding, Linter, load_rules, parse_document
from blamelint.rewrite import REWRITE_CATEGORIES, rewrite_sentence

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev.jsonl"


@pytest.fixture(scope="module")
def preview() -> Linter:
    return Linter(Config(preview=True))


def _rewrites(linter: Linter, text: str, code: str) -> list[str]:
    findings = [f for f in linter.lint_text(text) if f.code == code]
    assert findings, f"{code} does not fire on {text!r}"
    out = []
    for fix in findings[0].fixes:
        if fix.edits:
            out.append(_apply(text, fix.edits))
    return out


def _apply(text: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: -e.range.start.offset):
        text = text[: edit.range.start.offset] + edit.replacement + text[edit.range.end.offset :]
    return text


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        (
            "John forgot to run the migration before the deploy.",
            "BL101",
            ["The migration did not run before the deploy.", "The deploy process did not run the migration before the deploy."],
        ),
        ("The deploy was pushed by Sarah without review.", "BL102", ["The deploy went out without review."]),
        ("The bug was introduced by a junior developer last week.", "BL102", ["The bug was introduced last week."]),
        ("The engineer should have checked the logs.", "BL301", ["What made the logs hard to check at the time?"]),
        (
            "We ought not to have refactored every service at once.",
            "BL301",
            ["Every service was refactored at once.", "What made refactoring every service at once look reasonable at the time?"],
        ),
        ("Root cause: human error.", "BL201", ["Root cause: [contributing factor: the process or tooling gap]."]),
        ("Sarah accidentally deleted the production table.", "BL202", ["The production table was deleted.", "Sarah deleted the production table."]),
        ("The pod was not replaced, and nobody noticed the missing rollout.", "BL101", ["The pod was not replaced, and the missing rollout went unnoticed."]),
        ("A careless engineer ran the command against production.", "BL401", ["An engineer ran the command against production."]),
        ("The engineer simply reverted the change.", "BL404", ["The engineer reverted the change."]),
        (
            "The bug survived testing because of an incorrect assumption in the proof.",
            "BL203",
            ["The bug survived testing because of an assumption in the proof that did not hold."],
        ),
        ("The outage started with a typo in the load balancer config.", "BL203", ["The outage started with an unintended change in the load balancer config."]),
        ("It was restored with the wrong filesystem.", "BL203", ["It was restored with a different filesystem than intended."]),
        ("User misunderstanding of the commit SHA was part of the problem.", "BL203", ["Ambiguity about the commit SHA was part of the problem."]),
    ],
)
def test_documented_rewrites_are_offered_in_order(preview: Linter, text: str, code: str, expected: list[str]) -> None:
    got = _rewrites(preview, text, code)
    positions = [got.index(e) if e in got else -1 for e in expected]
    assert -1 not in positions, f"{text!r}: expected {expected}, got {got}"
    assert positions == sorted(positions), f"{text!r}: not best first: {got}"


def test_the_code_was_broken_becomes_the_code_changed(preview: Linter) -> None:
    doc = preview.nlp("The code was broken.")
    preview.people.mark(doc)
    sent = next(doc.sents)
    assert [r.text for r in rewrite_sentence(sent, doc[3:4])] == ["The code changed."]


def test_a_question_is_never_turned_into_a_statement(preview: Linter) -> None:
    doc = preview.nlp("How could nobody notice the disk filling up for six hours?")
    preview.people.mark(doc)
    texts = [r.text for r in rewrite_sentence(next(doc.sents), doc[2:3])]
    assert texts and all(t.endswith("?") for t in texts)


def test_pure_deletions_are_unsafe_and_inferences_display_only(preview: Linter) -> None:
    doc = preview.nlp("The deploy was pushed by Sarah without review.")
    preview.people.mark(doc)
    rewrites = {r.text: r.applicability for r in rewrite_sentence(next(doc.sents), doc[4:6])}
    assert rewrites == {
        "The deploy went out without review.": Applicability.DISPLAY_ONLY,
        "The deploy was pushed without review.": Applicability.UNSAFE,
    }


def test_the_rules_applicability_is_a_ceiling(preview: Linter) -> None:
    # BL102 documents its fix as display-only, so even the pure deletion is display-only there.
    finding = next(f for f in preview.lint_text("The deploy was pushed by Sarah without review.") if f.code == "BL102")
    assert {f.applicability for f in finding.fixes} == {Applicability.DISPLAY_ONLY}


def test_rewrites_can_be_turned_off_per_rule(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "attribution"
    folder.mkdir(parents=True)
    source = Path(load_rules().get("BL102").path).read_text(encoding="utf-8")
    (folder / "passive-agent-copy.yml").write_text(
        source.replace("code: BL102", "code: BL191").replace("fix:\n", "fix:\n  rewrite: none\n", 1), encoding="utf-8"
    )
    linter = Linter(Config(select=("BL191",), rule_folders=(str(tmp_path / "rules"),)))
    finding = linter.lint_text("The deploy was pushed by Sarah without review.")[0]
    assert finding.code == "BL191" and all(not f.edits for f in finding.fixes)


def _sentence_range(linter: Linter, text: str, finding: Finding) -> tuple[int, int]:
    """Find the source range of the sentence that holds the finding, independently of rewrite.py."""
    document = parse_document(text)
    start = finding.range.start.offset
    block = next(b for b in document.blocks if b.starts and b.starts[0] <= start <= b.ends[-1])
    index = next(i for i, s in enumerate(block.starts) if s >= start)
    doc = linter.nlp(block.text)
    sent = next(s for s in doc.sents if s.start_char <= index < s.end_char)
    return block.starts[sent.start_char], block.ends[sent.end_char - 1]


def _texts() -> list[tuple[str, str]]:
    out = [
        (f"{rule.code}-bad-{i}", example.text)
        for rule in load_rules()
        if rule.category in REWRITE_CATEGORIES
        for i, example in enumerate(rule.bad)
    ]
    if DEV.is_file():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            if line.strip():
                unit = json.loads(line)
                out.append((unit["id"], unit["text"]))
    return out


def test_no_rewrite_is_flagged_and_edits_stay_in_the_sentence(preview: Linter) -> None:
    checked = 0
    problems: list[str] = []
    texts = _texts()
    for (name, text), result in zip(texts, preview.lint_many(texts)):
        for finding in result.findings:
            if finding.category not in REWRITE_CATEGORIES:
                continue
            lo, hi = _sentence_range(preview, text, finding)
            for fix in finding.fixes:
                if not fix.edits:
                    continue
                checked += 1
                if any(not (lo <= e.range.start.offset <= e.range.end.offset <= hi) for e in fix.edits):
                    problems.append(f"{name} {finding.code}: edit outside the sentence: {fix.title}")
                    continue
                new = _apply(text, fix.edits)
                new_hi = hi + len(new) - len(text)
                flagged = [f.code for f in preview.lint_text(new) if f.range.start.offset < new_hi and lo < f.range.end.offset]
                if flagged:
                    problems.append(f"{name} {finding.code}: {new[lo:new_hi]!r} is flagged by {flagged}")
    assert checked >= 40, f"only {checked} rewrites were checked"
    assert not problems, "\n".join(problems)
