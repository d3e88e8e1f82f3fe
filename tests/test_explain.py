"""``blamelint explain``: the parse, the people, each rule that matched and why a match was dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import blamelint
from blamelint.cli import cli


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _trace(result, code):
    traces = [t for t in result.traces if t.code == code]
    assert traces, f"{code} did not match: {[t.code for t in result.traces]}"
    return traces[0]


def test_tokens_people_and_a_reported_match() -> None:
    result = blamelint.explain("Sarah didn't check the logs.")
    by_text = {t.text: t for t in result.tokens}
    assert by_text["Sarah"].dep == "nsubj" and by_text["Sarah"].person == "name"
    assert result.tokens[by_text["Sarah"].head].text == "check"
    assert [(m.text, m.kind) for m in result.mentions] == [("Sarah", "name")]
    trace = _trace(result, "BL101")
    assert trace.reported and trace.text == "Sarah didn't check"
    assert trace.nodes == {"verb": "check", "neg": "n't", "subject": "Sarah"}
    assert [f.code for f in result.findings] == ["BL101"]


def test_a_section_drop_is_explained() -> None:
    text = "## Where we got lucky\n\nHad the replica also failed, we would have lost writes for an hour."
    result = blamelint.explain(text)
    trace = _trace(result, "BL301")
    assert not trace.reported and trace.reason.startswith("section:") and "lucky" in trace.reason
    assert not [f for f in result.findings if f.code == "BL301"]


def test_an_unless_drop_is_explained() -> None:
    trace = _trace(blamelint.explain("We avoid human error as a root cause in our reviews."), "BL201")
    assert not trace.reported and trace.reason.startswith("unless:")


def test_inline_code_and_scope_drops_are_explained() -> None:
    code = _trace(blamelint.explain("The log says `human error` at 14:02."), "BL201")
    assert not code.reported and code.reason.startswith("inline code")
    scope = _trace(blamelint.explain("> Sarah didn't check the logs."), "BL101")
    assert not scope.reported and scope.reason.startswith("scope:") and "quote" in scope.reason


def test_preview_rules_are_shown_as_not_selected_unless_asked_for() -> None:
    text = "We just restarted the service and it recovered."
    trace = _trace(blamelint.explain(text), "BL404")
    assert not trace.reported and "preview" in trace.reason
    assert _trace(blamelint.explain(text, blamelint.Config(preview=True)), "BL404").reported


def test_cli_text_output(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["explain", "Sarah didn't check the logs."])
    assert out.exit_code == 0, out.output
    assert "People: Sarah (name)" in out.output
    assert "✔ BL101 blame-subject  “Sarah didn't check”" in out.output
    assert "nsubj" in out.output and "3:check" in out.output


def test_cli_file_and_line_use_the_section(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text(
        "# Outage\n\n## Timeline\n\n- 14:02 Bob should have paged the database team.\n\n"
        "## Where we got lucky\n\nBob should have paged the database team.\n",
        encoding="utf-8",
    )
    timeline = json.loads(runner.invoke(cli, ["explain", "--file", str(doc), "--line", "5", "--format", "json"]).output)
    assert timeline["section"] == "timeline"
    assert any(r["code"] == "BL301" and r["reported"] for r in timeline["rules"])
    lucky = json.loads(runner.invoke(cli, ["explain", "--file", str(doc), "--line", "9", "--format", "json"]).output)
    assert lucky["section"] == "lucky"
    assert any(r["code"] == "BL301" and not r["reported"] and r["reason"].startswith("section:") for r in lucky["rules"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["explain"], "give a sentence"),
        (["explain", "--file", "{doc}"], "--file needs --line"),
        (["explain", "--file", "{doc}", "--line", "99"], "--line 99 is outside it"),
        (["explain", "--file", "{doc}", "--line", "2"], "holds no prose"),
    ],
)
def test_cli_bad_input_is_a_clear_message(runner: CliRunner, tmp_path: Path, args, message) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# Title\n\nSome text.\n", encoding="utf-8")
    result = runner.invoke(cli, [a.format(doc=doc) for a in args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
