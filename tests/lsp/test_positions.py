"""Position conversion and the diagnostic cache, against pygls's own counting (no server needed)."""

from __future__ import annotations

import gc

from lsprotocol import types
from pygls.workspace import PositionCodec

from blamelint.config import Config
from blamelint_lsp.diagnostics import DiagnosticCache, to_diagnostic
from blamelint_lsp.linting import LintCache
from blamelint_lsp.positions import LineIndex

LINES = ["plain ascii line", "😀😀 wide chars", "é accented, 中文 and 𝔘", "", "tab\there"]


def test_positions_match_pygls_counting_in_every_encoding() -> None:
    text = "\r\n".join(LINES)
    for kind in (types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf32):
        codec = PositionCodec(kind)
        index = LineIndex(text, codec)
        for number, line in enumerate(LINES):
            for column in range(len(line) + 1):
                expected = codec.client_num_units(line[:column])
                position = index.position(number + 1, column + 1)
                assert (position.line, position.character) == (number, expected), (kind, line, column)
                assert index.offset(position) == sum(len(x) + 2 for x in LINES[:number]) + column


def test_cached_diagnostics_equal_fresh_ones_after_an_edit() -> None:
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    cache, lints = DiagnosticCache(), LintCache()
    before = "# Summary\n\nJohn forgot to run the migration.\n\nX The root cause was human error.\n"
    # the same findings (code points unchanged), but "human error" is one UTF-16 unit further right
    after = before.replace("X The root", "😀 The root")
    starts = []
    for text in (before, after):
        findings = lints.lint(Config(), "x.md", text).findings
        index = LineIndex(text, codec)
        diagnostics = cache.build(findings, index)
        assert diagnostics == [to_diagnostic(f, index) for f in findings]
        starts.append([d.range.start.character for d in diagnostics])
    assert starts == [[0, 21], [0, 22]]


def test_lints_leave_the_caches_frozen_and_collect_unfreezes_only_briefly() -> None:
    lints = LintCache()
    lints.lint(Config(), "x.md", "John forgot to run the migration.\n")
    lints.lint(Config(), "x.md", "Jane forgot to run the migration.\n")
    assert gc.get_freeze_count() > 0
    lints.collect()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
