"""Arbitrary Markdown never makes a structure reader, check or report raise (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import Config, Linter
from blamelint.document import parse_document
from blamelint.structure.actions import action_items
from blamelint.structure.metadata import incident_date, metadata
from blamelint.structure.report import build_report, render_report
from blamelint.structure.text import document_lines, looks_like_postmortem
from blamelint.structure.timeline import timeline
from blamelint.structure.whys import why_chains

# Pieces of every shape the readers look for, so random documents reach the interesting branches.
FRAGMENTS = [
    "---\n", "incident: INC-1\n", "date: 2026-03-14\n", "duration: 45 minutes\n", "severity: SEV-1\n", "timezone: PST\n",
    "# Title\n", "## Timeline (UTC)\n", "## Timeline\n", "### 2026-03-15\n", "## 5 Whys\n", "## Root cause analysis\n",
    "## Action items\n", "## Preventive measures\n", "## Impact\n", "## Summary\n", "```text\n", "```\n", "```python\n",
    "~~~\n", "Why 1: ", "Why 2: Why? ", "**Why #3:** ", "1. Why did it fail? ", "Q: ", "A: ", "Because ",
    "Root cause: ", "→ because ", "<- ", "| Time (UTC) | Event |\n", "|---|---|\n", "| 14:02 | Errors began. |\n",
    "| Why | Because |\n", "| Priority | What | Owner | Due | Status |\n", "| P1 | Add x | @a | 2026-13-45 | open |\n",
    "- 14:02 ", "- 23:59:59 PDT ", "- 2026-03-14T14:02Z ", "12:99 ", "- [ ] ", "- [x] ", "  - ", "    - ",
    "Owner: ", "Due: ", "(owner: the team, due: soon)", " by 2026-02-30", " by Friday", "Alice to add ", "— Bob",
    "{TODO}", "{TODO: x}", "[P1] ", "human error", "the engineer forgot", "| Duration | 3 hours |\n",
    "**Time to detect:** 5 min\n", "> ", "<!-- c -->", "\\|", "`", "**", "\t", "\r\n", "\r", "\n", "\n\n", " ",
]

markdown = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40
).map("".join)

_LINTER = Linter(Config(select=("BL5", "BL6", "BL7", "BL8"), preview=True))


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_readers_and_report_never_raise(text: str) -> None:
    doc = parse_document(text, "fuzz.md")
    lines = document_lines(doc)
    for line in lines:
        assert 0 <= line.start <= len(text)
    looks_like_postmortem(doc)
    metadata(doc)
    incident_date(doc)
    for item in action_items(doc):
        assert 0 <= item.start <= item.end <= len(text)
        _ = item.action
    for chain in why_chains(doc):
        _ = chain.terminal
    line = timeline(doc)
    for name in ("duration", "ttd", "ttm", "ttr"):
        line.minutes(name)
    render_report(build_report(doc))


@settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_every_structure_check_runs_without_an_exception(text: str) -> None:
    for finding in _LINTER.lint_text(text, "fuzz.md"):
        assert 0 <= finding.range.start.offset <= finding.range.end.offset <= len(text)
        for fix in finding.fixes:
            for edit in fix.edits:
                assert 0 <= edit.range.start.offset <= len(text)
