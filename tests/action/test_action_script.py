"""Unit tests of scripts/action/blamelint_action.py (the action's logic), without running blamelint."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from action_helpers import REPO

_SPEC = importlib.util.spec_from_file_location("blamelint_action", REPO / "scripts" / "action" / "blamelint_action.py")
assert _SPEC and _SPEC.loader
action = importlib.util.module_from_spec(_SPEC)
sys.modules["blamelint_action"] = action
_SPEC.loader.exec_module(action)


def finding(path="pm.md", message="msg", severity="error", start=(3, 5), end=(3, 9), code="BL101", rule="blame-subject"):
    return {
        "path": path,
        "code": code,
        "rule": rule,
        "severity": severity,
        "message": message,
        "range": {"start": {"line": start[0], "column": start[1]}, "end": {"line": end[0], "column": end[1]}},
    }


@pytest.mark.parametrize(
    ("path", "roots", "inside"),
    [
        ("postmortems/a.md", ["."], True),
        ("postmortems/a.md", ["postmortems"], True),
        ("postmortems/a.md", ["./postmortems/"], True),
        ("postmortems-old/a.md", ["postmortems"], False),
        ("docs/a.md", ["postmortems", "docs"], True),
        ("postmortems/a.md", ["postmortems/a.md"], True),
        ("a.md", ["postmortems"], False),
    ],
)
def test_within(path: str, roots: list[str], inside: bool) -> None:
    assert action.within(path, roots) is inside


def test_inputs() -> None:
    assert action.split_paths("") == ["."]
    assert action.split_paths(" docs\n postmortems \n") == ["docs", "postmortems"]
    assert action.truthy("true") and action.truthy("True") and not action.truthy("") and not action.truthy("false")
    with pytest.raises(action.ActionError):
        action.truthy("maybe")


def test_base_revision() -> None:
    assert action.base_revision("pull_request", {"pull_request": {"base": {"sha": "abc"}}}) == "abc"
    assert action.base_revision("pull_request_target", {"pull_request": {"base": {"sha": "abc"}}}) == "abc"
    assert action.base_revision("push", {"before": "def"}) == "def"
    assert action.base_revision("push", {"before": "0" * 40}) is None  # a new branch
    assert action.base_revision("workflow_dispatch", {}) is None


def test_should_fail() -> None:
    warning, error, info = finding(severity="warning"), finding(severity="error"), finding(severity="info")
    assert not action.should_fail([warning, info], "error")
    assert action.should_fail([warning], "warning")
    assert not action.should_fail([info], "warning")
    assert action.should_fail([error], "error")
    assert not action.should_fail([error], "never")


def test_annotation_escapes_like_the_reporter() -> None:
    line = action.annotation(finding(path="a,b:c%\n.md", message="100%\r\nnext::x"))
    assert line == "::error file=a%2Cb%3Ac%25%0A.md,line=3,col=5,endLine=3,endColumn=9,title=BL101 blame-subject::100%25%0D%0Anext::x"
    multi = action.annotation(finding(severity="info", start=(2, 4), end=(5, 1)))
    assert multi == "::notice file=pm.md,line=2,endLine=5,title=BL101 blame-subject::msg"


def test_annotation_matches_the_github_reporter(tmp_path, monkeypatch) -> None:
    """The script (JSON in) and ``--format github`` (findings in) must print the same commands."""
    from blamelint.engine import LintResult
    from blamelint.findings import Finding, Position, Range, Severity
    from blamelint.output.github import annotation

    monkeypatch.chdir(tmp_path)
    hostile = "x,y: 100%\r\n::error::z"
    real = Finding("d/a,b:%.md", "BL301", "should-have", "counterfactual", Severity.WARNING, hostile,
                   Range(Position(4, 2, 10), Position(4, 9, 17)), "summary")
    assert annotation(real) == action.annotation(real.to_dict())
    assert LintResult  # imported for symmetry with the reporter tests


def test_summary_escapes_table_cells_and_links() -> None:
    hostile = finding(path="dir/a|b <x>.md", message="a | b\n<script>alert(1)</script> `tick`")
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "s"}
    text = action.summary([hostile, finding(severity="warning")], "paths: .", env, "error")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 4
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "a \\| b &lt;script&gt;" in rows[2]
    assert rows[2].count(" | ") == 3  # the hostile pipes are escaped: still four cells
    assert "(https://github.com/o/r/blob/s/dir/a%7Cb%20%3Cx%3E.md#L3)" in rows[2]
    assert "**2 finding(s)** (1 error, 1 warning) in 2 file(s)" in text


def test_summary_caps_rows(monkeypatch) -> None:
    monkeypatch.setattr(action, "SUMMARY_ROWS", 3)
    text = action.summary([finding()] * 5, "x", {}, "never")
    assert text.count("\n| ❌") == 3
    assert "… and 2 more" in text


def test_log_line_is_one_line() -> None:
    assert action.log_line(finding(message="a\nb\r\nc")) == "pm.md:3:5: BL101 [error] a b c"
