"""The structure readers on every Markdown shape: why-chains, action items, timeline, metadata, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from blamelint import Config, Linter
from blamelint.document import parse_document
from blamelint.structure.actions import action_items
from blamelint.structure.dates import parse_date, parse_duration
from blamelint.structure.metadata import incident_date, metadata
from blamelint.structure.timeline import timeline
from blamelint.structure.whys import why_chains

FRONT = "---\nincident: INC-9\ndate: 2026-03-14\n---\n\n"


def _doc(text: str):
    return parse_document(text, "pm.md")


def _span(doc, span):
    return doc.source[span[0] : span[1]]


@pytest.mark.parametrize(
    ("markdown", "depth", "terminal"),
    [
        ("## RCA\n\nWhy 1: Why did X fail?\nBecause the pool was empty.\nWhy 2: The size was 0.\n", 2, "The size was 0."),
        ("## RCA\n\n1. Why did X fail? The pool was empty.\n2. Why? The size was 0.\n", 2, "The size was 0."),
        ("## RCA\n\nQ: Why did X fail?\nA: The pool was empty.\n", 1, "The pool was empty."),
        ("## 5 Whys\n\n| Why | Answer |\n|---|---|\n| Why X? | Pool empty |\n| Why empty? | Size 0 |\n", 2, "Size 0"),
        ("## 5 Whys\n\n- X failed\n  - Pool empty\n    - Size 0\n", 3, "Size 0"),
        ("## 5 Whys\n\n1. Because the pool was empty\n2. Because its size was 0\n", 2, "Because its size was 0"),
        ("## Analysis\n\nX failed → because the pool was empty → because its size was 0\n", 2, "its size was 0"),
        ("## RCA\n\n```text\nWhy 1: The pool was empty.\nWhy 2: The size was 0.\n```\n", 2, "The size was 0."),
        ("## RCA\n\n```\nWhy 1: The pool was empty.\nRoot cause: the schema accepts 0.\n```\n", 1, "the schema accepts 0."),
    ],
    ids=["labelled", "numbered", "qa", "table", "nested", "because-list", "arrows", "text-fence", "bare-fence"],
)
def test_why_chain_shapes(markdown: str, depth: int, terminal: str) -> None:
    doc = _doc(markdown)
    chains = why_chains(doc)
    assert len(chains) == 1, chains
    chain = chains[0]
    assert len(chain.answered) == depth
    assert chain.terminal is not None
    assert chain.terminal[0] == terminal
    assert _span(doc, chain.terminal[1]).strip("* ") == terminal


def test_code_fences_in_a_language_are_not_structure() -> None:
    doc = _doc("## RCA\n\n```python\n# Why 1: not a chain\nx = '| 14:02 | no |'\n```\n")
    assert why_chains(doc) == ()
    assert action_items(doc) == ()


def test_action_item_shapes_and_fields() -> None:
    doc = _doc(
        FRONT
        + "## Action items\n\n"
        "- [ ] Add an alert (owner: @dana, due: 2026-04-01, P1)\n"
        "- Alice to add a schema check by 2026-04-10\n"
        "- Cap the pool size\n  - Owner: @sam\n  - Due: Q2 2026\n"
        "- Document the rollback — Bob Smith\n\n"
        "| Priority | What | Why | Owner | Due | Status |\n|---|---|---|---|---|---|\n"
        "| P2 | Add a canary | config errors | TBD | soon | open |\n\n"
        "```text\nPriority | What | Owner | Due\nP1 | Add a rate limit | @kim | 2026-02-01\n```\n"
    )
    got = [(i.shape, i.action, i.owner, i.due, i.due_date, i.priority, i.status) for i in action_items(doc)]
    assert got == [
        ("task", "Add an alert", "@dana", "2026-04-01", dt.date(2026, 4, 1), "P1", "open"),
        ("list", "add a schema check by 2026-04-10", "Alice", "2026-04-10", dt.date(2026, 4, 10), None, None),
        ("list", "Cap the pool size", "@sam", "Q2 2026", dt.date(2026, 6, 30), None, None),
        ("list", "Document the rollback", "Bob Smith", None, None, None, None),
        ("table", "Add a canary", "TBD", "soon", None, "P2", "open"),
        ("table-fence", "Add a rate limit", "@kim", "2026-02-01", dt.date(2026, 2, 1), "P1", None),
    ]
    for item in action_items(doc):
        if item.owner_span:
            assert _span(doc, item.owner_span).strip("*") == item.owner


def test_timeline_entries_zones_and_metrics() -> None:
    doc = _doc(
        FRONT
        + "## Timeline (all times UTC)\n\n### 2026-03-14\n\n"
        "- 23:50 Errors began on checkout.\n- **23:58** The alert fired.\n\n### 2026-03-15\n\n"
        "| Time | Event |\n|---|---|\n| 00:20 | The change was rolled back. |\n| 00:35 | Error rates returned to normal. |\n"
    )
    line = timeline(doc)
    assert [e.when.strftime("%d %H:%M") for e in line.entries] == ["14 23:50", "14 23:58", "15 00:20", "15 00:35"]
    assert [z for z, _a, _b in line.stated_zones] == ["UTC"]
    assert {k: line.minutes(k) for k in ("duration", "ttd", "ttm", "ttr")} == {"duration": 45, "ttd": 8, "ttm": 30, "ttr": 37}


def test_metadata_from_front_matter_lines_and_tables() -> None:
    doc = _doc("# T\n\n**Incident:** INC-3\n- **Severity:** SEV-1\n\n| Field | Value |\n|---|---|\n| Duration | 2 hours |\n")
    meta = metadata(doc)
    assert {k: v.value for k, v in meta.items()} == {"incident": "INC-3", "severity": "SEV-1", "duration": "2 hours"}
    assert incident_date(_doc(FRONT)) == dt.date(2026, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-04-01", dt.date(2026, 4, 1)), ("Jun 5, 2026", dt.date(2026, 6, 5)), ("June 2026", dt.date(2026, 6, 30)),
     ("Q3 2026", dt.date(2026, 9, 30)), ("2026-Q1", dt.date(2026, 3, 31)), ("Friday", None), ("ASAP", None),
     ("Sprint 42", None), ("13/45/2026", None), ("next sprint", None)],
)
def test_due_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "minutes"), [("45 minutes", 45), ("1h 20m", 80), ("about 2 hours", 120), ("14:47", None)])
def test_durations(text: str, minutes: float | None) -> None:
    assert parse_duration(text) == minutes


def _apply(text: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: e.range.start.offset, reverse=True):
        text = text[: edit.range.start.offset] + edit.replacement + text[edit.range.end.offset :]
    return text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_missing_section_fix_inserts_in_template_order_and_is_idempotent(newline: str) -> None:
    linter = Linter(Config(select=("BL701",)))
    text = (FRONT + "# INC-9\n\n## Summary\n\nx\n\n## Root cause analysis\n\ny\n\n## Action items\n\n- z (owner: @a, due: 2026-04-01)\n")
    text = text.replace("\n", newline)
    findings = linter.lint_text(text)
    assert [f.message for f in findings] == [
        "the postmortem has no “Preventive measures” section",
        "the postmortem has no “Impact” and “Timeline” sections",
        "the postmortem has no “Detection and response”, “What went well” and “What could be better” sections",
    ]
    fixed = _apply(text, [e for f in findings for fix in f.fixes for e in fix.edits])
    assert all(fix.applicability.value == "safe" for f in findings for fix in f.fixes)
    assert linter.lint_text(fixed) == []
    headings = [line for line in fixed.split(newline) if line.startswith("## ")]
    assert headings == ["## Summary", "## Impact", "## Timeline", "## Root cause analysis", "## Detection and response",
                        "## What went well", "## What could be better", "## Action items", "## Preventive measures"]
    if newline == "\r\n":
        assert "\n" not in fixed.replace("\r\n", "")


def test_required_sections_and_tolerance_are_configurable() -> None:
    linter = Linter(Config(select=("BL701", "BL804"), required_sections=("summary", "timeline", "action-items"), duration_tolerance=50))
    text = FRONT.replace("---\n\n", "duration: 30 minutes\n---\n\n") + (
        "## Summary\n\nx\n\n## Timeline (UTC)\n\n- 14:00 Errors began.\n- 14:40 Error rates returned to normal.\n\n## Action items\n\n- y\n"
    )
    assert linter.lint_text(text) == []
    strict = Linter(Config(select=("BL804",), duration_tolerance=10))
    assert [f.code for f in strict.lint_text(text)] == ["BL804"]


def test_a_fragment_is_not_asked_for_owners_or_sections() -> None:
    linter = Linter(Config(select=("BL501", "BL502", "BL701", "BL702")))
    assert linter.lint_text("## Action items\n\n- Add a lower bound to the pool size\n") == []
    assert linter.lint_text("# Notes\n\n## Summary\n\nA short note.\n") == []


def test_stated_times_may_use_either_common_definition() -> None:
    linter = Linter(Config(select=("BL804",)))
    timeline_md = (
        "## Timeline (UTC)\n\n- 14:00 Errors began.\n- 14:10 The alert fired.\n- 14:30 The change was rolled back.\n"
        "- 14:40 Error rates returned to normal.\n"
    )
    # Time to resolve measured from impact start (40) or from detection (30) both pass; 20 matches neither.
    for stated, codes in (("40 minutes", []), ("30 minutes", []), ("20 minutes", ["BL804"])):
        text = f"# T\n\n- **Time to resolve:** {stated}\n\n" + timeline_md
        assert [f.code for f in linter.lint_text(text)] == codes, stated


def test_separate_runs_of_entries_are_ordered_on_their_own() -> None:
    linter = Linter(Config(select=("BL801",)))
    text = (
        "## Timeline (UTC)\n\n**First outage:**\n\n- 18:00 Errors began.\n- 18:30 Resolved.\n\n"
        "**Second outage:**\n\n- 09:00 Errors began.\n- 08:50 The alert fired.\n"
    )
    findings = linter.lint_text(text)
    assert [text[f.range.start.offset : f.range.end.offset] for f in findings] == ["08:50"]
    crossing = "## Timeline (UTC)\n\n- 23:50 Errors began.\n- 00:20 Resolved.\n"
    assert "crossed midnight" in linter.lint_text(crossing)[0].message


def test_no_section_is_inserted_into_an_unclosed_fence() -> None:
    linter = Linter(Config(select=("BL701",), required_sections=("summary", "impact", "timeline", "preventive-measures")))
    text = FRONT + "## Summary\n\nx\n\n## Impact\n\ny\n\n## Timeline\n\n```text\n14:02 | Errors began.\n"
    findings = linter.lint_text(text)
    assert [f.message for f in findings] == ["the postmortem has no “Preventive measures” section"]
    assert not [edit for fix in findings[0].fixes for edit in fix.edits], "an insertion here would land inside the fence"


def test_a_lone_why_question_or_a_quoted_chain_is_no_chain() -> None:
    assert why_chains(_doc("## Action items\n\nWhy did this start? Was there a bad pod? Read the logs.\n")) == ()
    assert why_chains(_doc("## Analysis\n\n> Why 1: The disk filled.\n> Why 2: Rotation was off.\n")) == ()
    assert len(why_chains(_doc("## 5 Whys\n\n1. Why did it fail? The disk filled.\n"))) == 1
