"""Fuzz the whole engine: any text lints without an exception, and every position is consistent.

For every finding: ``0 <= start <= end <= len(text)``, and ``line``/``column`` are what the offset
gives when lines end at ``\\r\\n``, ``\\r`` or ``\\n`` (not at U+2028) and columns count code points.
The CLI's JSON and the language server's UTF-16 positions agree on text with emoji, CRLF and U+2028.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import Config, Linter

_EOL = re.compile(r"\r\n|\r|\n")

LINTER = Linter(Config(preview=True))
LINTER.on_rule_error = None  # a rule that raises must fail the test, not be logged

_PIECES = [
    "# ", "## ", "### Root cause\n", "## Action items\n", "## Timeline\n", "- ", "* ", "1. ", "> ", "| a | b |\n",
    "|---|---|\n", "`", "``", "```\n", "~~~", "**", "_", "[", "](http://x)", "<!-- ", " -->", "<!-- blamelint-disable ",
    "BL101", "\n", "\r\n", "\r", "\u2028", "\u2029", "\t", "  ", "😀", "👩‍💻", "é", "\u0301", "\ufeff", "\x00", "\x0b",
    "John", "Sarah", "@alice", "bob@example.com", "the engineer", "we", "they", "forgot to", "failed to", "should have",
    "could have", "human error", "a typo", "was deleted by", "accidentally", "why?", "because", "TODO", "owner:",
    "14:02", "2024-01-02", "ran the migration", "the deploy", ".", ",", ";", "!", "?", "—", "'", "\u201c", "\u201d",
    "---\ntitle: x\n---\n", "Why did", "Fix the thing", "- [ ] ", "- [x] ",
]

markdownish = st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=40).map("".join)
any_text = st.text(max_size=300)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in _EOL.finditer(text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return line + 1, offset - starts[line] + 1


def _check_positions(text: str) -> None:
    for finding in LINTER.lint_text(text, "fuzz.md"):
        start, end = finding.range.start, finding.range.end
        assert 0 <= start.offset <= end.offset <= len(text), finding
        assert (start.line, start.column) == _line_col(text, start.offset), finding
        assert (end.line, end.column) == _line_col(text, end.offset), finding
        for fix in finding.fixes:
            for edit in fix.edits:
                assert 0 <= edit.range.start.offset <= edit.range.end.offset <= len(text), fix


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_markdown_like_text_never_raises_and_positions_agree(text: str) -> None:
    _check_positions(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_never_raises_and_positions_agree(text: str) -> None:
    _check_positions(text)


def test_known_awkward_texts() -> None:
    for text in ["", "\r", "\r\n\r\n", "\ufeff", "#", "> " * 500 + "x", "- " * 300 + "x", "[" * 2000, "`" * 3001,
                 "|" * 500 + "\n" + "|-" * 250, "<!--" * 100, "\u2028" * 50, "John forgot\r\n" * 100, "*" * 5000]:
        _check_positions(text)


def _utf16(text: str, offset: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in _EOL.finditer(text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return line, len(text[starts[line] : offset].encode("utf-16-le")) // 2


SAMPLES = [
    "# Incident 😀\r\n\r\n## Summary\r\n\r\n👩‍💻 John forgot to run the migration.\r\n",
    "# Incident\n\n## Summary\n\nThe 😀 outage\u2028continued 😀 when Sarah forgot to run the migration.\n",
    "# Incident\r## Analysis\r\rThe rollout 😀😀 was pushed by Sarah without review.\r",
    "## Analysis\n\n- 😀 The cause was human error.\u2028 We should have checked the logs.\r\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_cli_json_and_language_server_positions_agree(text: str, tmp_path, capsys) -> None:
    pytest.importorskip("blamelint_lsp")
    from lsprotocol import types
    from pygls.workspace import PositionCodec

    from blamelint.cli import main
    from blamelint_lsp.linting import LintCache
    from blamelint_lsp.positions import LineIndex

    path = tmp_path / "pm.md"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(SystemExit):
        main(["check", "--no-cache", "--format", "json", str(path)])
    cli_findings = json.loads(capsys.readouterr().out)["findings"]
    assert cli_findings, "each sample holds a finding"

    index = LineIndex(text, PositionCodec(encoding=types.PositionEncodingKind.Utf16))
    server = LintCache(block_cache=False)
    outcome = server.lint(Config(), str(path), text)
    server_ranges = [index.range(f.range) for f in outcome.findings]
    assert len(server_ranges) == len(cli_findings)
    for cli, lsp_range in zip(cli_findings, server_ranges):
        start, end = cli["range"]["start"]["offset"], cli["range"]["end"]["offset"]
        assert (lsp_range.start.line, lsp_range.start.character) == _utf16(text, start), cli
        assert (lsp_range.end.line, lsp_range.end.character) == _utf16(text, end), cli
        assert cli["range"]["start"]["line"] == lsp_range.start.line + 1
