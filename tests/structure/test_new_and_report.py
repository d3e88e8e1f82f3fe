"""`blamelint new` writes the standard template; its placeholders are findings; a filled copy passes every structure check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint import Config, Linter
from blamelint.cli import cli

STRUCTURE = ("BL5", "BL6", "BL7", "BL8")

# What an author writes for each placeholder of the template, in order of appearance.
FILLED = {
    "incident id, such as INC-1234": "INC-4711",
    "impact duration, such as 45 minutes": "45 minutes",
    "incident title": "INC-4711: Search timeouts after an index rebuild",
    "what happened, to whom and for how long, in two or three sentences": (
        "Between 09:12 and 09:57 UTC, 22% of search requests timed out. An index rebuild ran at peak traffic "
        "because the rebuild job has no schedule guard."
    ),
    "who and what was affected, with numbers: requests, users, orders, minutes": (
        "About 48,000 search requests timed out over 45 minutes; 310 support tickets were opened."
    ),
    "the change or condition that led up to the incident": "The nightly index rebuild was moved to 09:00 by a config change.",
    "impact began: what users saw": "Search latency rose and requests began failing with timeouts.",
    "detection: the alert fired or the report came in": "The search latency alert fired and paged the on-call engineer.",
    "mitigation: what stopped the impact": "The on-call engineer paused the rebuild job; the cluster was mitigated.",
    "resolution: error rates returned to normal": "Search latency returned to normal.",
    "why did users see the failure?": "Why did searches time out? The search cluster had no spare CPU.",
    "why did that happen?": "Why was CPU exhausted? The index rebuild ran during peak traffic.",
    "why was that possible?": "Why did it run at peak? A config change moved its schedule to 09:00.",
    "why did nothing catch it?": "Why was the change not caught? The schedule config has no validation against peak hours.",
    "why was the system built or run that way?": (
        "Why is there no validation? Rebuild scheduling was never given an owner, so its review checklist was never written."
    ),
    "the conditions the chain ends on": (
        "rebuild scheduling has no owner and no validation against peak hours, and the rebuild job has no schedule guard."
    ),
    "how the problem was detected, how long that took, and how responders mitigated it": (
        "The latency alert detected the problem 5 minutes after it began; pausing the rebuild mitigated it."
    ),
    "what worked and should be kept": "The latency alert fired within its 5-minute window.",
    "what made detection, response or recovery harder": "The rebuild job's dashboard does not show its schedule.",
    "P1": "P1",
    "a specific change with a checkable end state": "Add validation that rejects rebuild schedules inside peak hours",
    "the cause it addresses": "schedule config has no validation",
    "one owner": "@rhea",
    "due date": "2026-05-15",
    "the changes that stop this class of incident from recurring, and how the action items add up to them": (
        "Rebuild scheduling gets an owner and a validation step, so a schedule change is checked before it ships."
    ),
}


def _fill(text: str) -> str:
    times = iter(["09:05", "09:12", "09:17", "09:50", "09:57"])

    def replace(match: re.Match[str]) -> str:
        hint = match.group(1)
        if hint == "time":
            return next(times)
        return FILLED[hint]

    return re.sub(r"\{TODO: ([^}]*)\}", replace, text)


@pytest.fixture(scope="module")
def structure_linter() -> Linter:
    return Linter(Config(select=STRUCTURE, preview=True))


def _new(runner: CliRunner, *args: str) -> object:
    return runner.invoke(cli, ["new", *args], catch_exceptions=False)


def test_new_writes_the_template_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "pm.md"
    result = _new(runner, "--title", "INC-1: Checkout errors", "--date", "2026-03-14", "--severity", "SEV-2", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\nincident:")
    assert "# INC-1: Checkout errors\n" in text and "date: 2026-03-14\n" in text and 'severity: "SEV-2"' in text
    target.write_text("my notes", encoding="utf-8")
    again = runner.invoke(cli, ["new", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    assert target.read_text(encoding="utf-8") == "my notes"
    forced = _new(runner, "-o", str(target), "--force", "--date", "2026-03-14")
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8").startswith("---")


def test_new_rejects_a_date_that_is_no_date() -> None:
    result = CliRunner().invoke(cli, ["new", "--date", "next Friday", "-o", "-"])
    assert result.exit_code == 2
    assert "not a calendar date" in result.output


def test_placeholders_are_findings_until_filled_in(structure_linter: Linter) -> None:
    scaffold = CliRunner().invoke(cli, ["new", "--date", "2026-04-20", "-o", "-"]).output
    findings = structure_linter.lint_text(scaffold, "pm.md")
    assert findings, "an unfilled scaffold must not pass"
    assert {f.code for f in findings} == {"BL703"}
    assert len(findings) == scaffold.count("{TODO")


def test_a_filled_copy_passes_every_structure_check(structure_linter: Linter) -> None:
    scaffold = CliRunner().invoke(cli, ["new", "--date", "2026-04-20", "--severity", "SEV-2", "-o", "-"]).output
    filled = _fill(scaffold)
    assert "{TODO" not in filled
    findings = structure_linter.lint_text(filled, "pm.md")
    assert findings == [], [f"{f.code} {f.range.start.line}: {f.message}" for f in findings]


def test_report_prints_the_review_numbers(tmp_path: Path) -> None:
    scaffold = CliRunner().invoke(cli, ["new", "--date", "2026-04-20", "--severity", "SEV-2", "-o", "-"]).output
    path = tmp_path / "pm.md"
    path.write_text(_fill(scaffold), encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["report", str(path), "--format", "json"]).output)
    assert data["version"] == 1
    assert data["incident"] == "INC-4711"
    assert {k: v["minutes"] for k, v in data["metrics"].items()} == {"duration": 45, "ttd": 5, "ttm": 38, "ttr": 40}
    assert data["metrics"]["duration"]["stated"] == "45 minutes"
    assert data["action_items"]["by_owner"] == {"@rhea": 1}
    assert data["action_items"]["by_status"] == {"open": 1}
    assert data["why_chains"][0]["depth"] == 5
    text = runner.invoke(cli, ["report", str(path)]).output
    assert "time to detect    5 min" in text
    assert "by owner:  @rhea 1" in text


def test_report_on_a_missing_or_undecodable_file_is_a_message(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["report", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# Title\n\xff\xfe\x00broken")
    result = runner.invoke(cli, ["report", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
