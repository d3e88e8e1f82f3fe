"""``--format github``: workflow commands survive hostile messages and paths."""

from __future__ import annotations

import json
import re

import pytest

from blamelint.output import FORMATS, RenderOptions
from blamelint.output.github import escape_data, escape_property
from blamelint.registry import load_rules

from output_helpers import HOSTILE_NAME

HOSTILE_MESSAGES = [
    "100% sure",
    "line one\nline two\r\nline three\rend",
    "::error file=evil.md::injected",
    "a,b:c=d%0A already-escaped %25",
    "“quotes” and emoji 🔥 and tab\t",
    "%",
]
HOSTILE_PATHS = ["dir/a,b:c.md", "we,ird: 100%.md", "new\nline.md", "cr\rhere.md", "%0A.md", "title=x,line=9.md"]

_COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _unescape(value: str) -> str:
    # The runner's order (actions/runner ActionCommand.Unescape): the escapes, then %25 last.
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command the way the runner does."""
    match = _COMMAND.match(line)
    assert match, line
    props = {}
    for pair in (match.group(2) or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = _unescape(value)
    return match.group(1), props, _unescape(match.group(3))


def render(results) -> list[str]:
    text = FORMATS["github"](results, load_rules(), RenderOptions())
    assert text.endswith("\n")
    return text.splitlines()


def test_escaping_matches_actions_toolkit() -> None:
    assert escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


@pytest.mark.parametrize("message", HOSTILE_MESSAGES)
@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_messages_and_paths_round_trip(make_result, message: str, path: str) -> None:
    lines = render([make_result(path=path, message=message, code="BL1,01:x", rule="r%ule\n")])
    assert len(lines) == 1, lines
    line = lines[0]
    assert "\r" not in line and "\n" not in line
    kind, props, text = parse(line)
    assert kind == "error"
    assert text == message
    assert props["file"] == path
    assert props["title"] == "BL1,01:x r%ule\n"
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == ("3", "5", "3", "9")


def test_levels_and_multiline_ranges(make_result) -> None:
    lines = render(
        [
            make_result(severity="error"),
            make_result(severity="warning"),
            make_result(severity="info", start=(2, 7), end=(4, 1)),
        ]
    )
    assert [parse(line)[0] for line in lines] == ["error", "warning", "notice"]
    _, props, _ = parse(lines[2])
    assert props == {"file": "pm.md", "line": "2", "endLine": "4", "title": "BL101 blame-subject"}


def test_absolute_paths_inside_cwd_become_relative(make_result, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    lines = render([make_result(path=str(tmp_path / "docs" / "pm.md")), make_result(path="/outside/pm.md")])
    assert parse(lines[0])[1]["file"] == "docs/pm.md"
    assert parse(lines[1])[1]["file"] == "/outside/pm.md"


def test_real_cli_output(cli_output) -> None:
    findings = json.loads(cli_output("json").stdout)["findings"]
    lines = cli_output("github").stdout.splitlines()
    assert len(lines) == len(findings) >= 4
    for line, finding in zip(lines, findings):
        kind, props, message = parse(line)
        assert kind == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        assert props["file"] == finding["path"]
        assert props["line"] == str(finding["range"]["start"]["line"])
        assert props["col"] == str(finding["range"]["start"]["column"])
        assert props["title"] == f"{finding['code']} {finding['rule']}"
        assert message == finding["message"]
    assert any(parse(line)[1]["file"] == f"postmortems/{HOSTILE_NAME}" for line in lines)
    assert any("file=postmortems/we%2Cird%3A 100%25.md," in line for line in lines)
