"""Suppression comments: codes required, prefixes and categories, ranges, meta findings."""

from __future__ import annotations

import blamelint


def codes(text: str) -> list[str]:
    return [f.code for f in blamelint.lint_text(text)]


def test_next_line_suppresses_only_the_next_line() -> None:
    text = "<!-- blamelint-disable-next-line BL101 -->\nJohn forgot to run it.\n\nBob forgot to check it.\n"
    findings = blamelint.lint_text(text)
    assert [(f.code, f.range.start.line) for f in findings] == [("BL101", 4)]


def test_range_disable_by_prefix_and_enable() -> None:
    text = (
        "<!-- blamelint-disable BL1 -->\n\nJohn forgot to run it.\n\n<!-- blamelint-enable BL1 -->\n\n"
        "Bob forgot to check it.\n"
    )
    assert [(f.code, f.range.start.line) for f in blamelint.lint_text(text)] == [("BL101", 7)]


def test_category_name_works() -> None:
    assert codes("<!-- blamelint-disable attribution -->\n\nJohn forgot to run it.\n") == []


def test_blanket_unknown_and_unused_are_reported() -> None:
    assert codes("<!-- blamelint-disable-next-line -->\nJohn forgot to run it.\n") == ["BL003", "BL101"]
    assert codes("<!-- blamelint-disable-next-line BL777 -->\nThe deploy went out.\n") == ["BL001"]
    assert codes("<!-- blamelint-disable-next-line BL101 -->\nThe deploy went out.\n") == ["BL002"]


def test_code_blocks_do_not_carry_directives() -> None:
    text = "```\n<!-- blamelint-disable BL101 -->\n```\n\nJohn forgot to run it.\n"
    assert codes(text) == ["BL101"]
