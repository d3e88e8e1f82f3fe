"""Every rule's examples are its tests: bad examples fire exactly on their [[marked]] spans, good ones stay silent."""

from __future__ import annotations

import pytest

from blamelint import Config, Linter, load_rules

# BL004 reports files that cannot be decoded and BL005 blocks over 100,000 characters; short text
# examples cannot show that (tests/cli and tests/hardening cover them).
_NOT_FROM_TEXT = {"BL004", "BL005"}

_RULES = [r for r in load_rules() if r.code not in _NOT_FROM_TEXT]
_LINTERS: dict[str, Linter] = {}


def _linter(code: str) -> Linter:
    # Each rule runs in isolation, except meta rules: whether a suppression is used depends on
    # the rules it names, so they run with every rule.
    if code not in _LINTERS:
        select = ("ALL",) if code.startswith("BL0") else (code,)
        _LINTERS[code] = Linter(Config(select=select, preview=True))
    return _LINTERS[code]


def _cases(kind: str) -> list[pytest.param]:
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
        for rule in _RULES
        for index, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize(("rule", "example"), _cases("bad"))
def test_bad_example_fires_on_marked_span(rule, example) -> None:
    findings = [f for f in _linter(rule.code).lint_text(example.text) if f.code == rule.code]
    got = sorted((f.range.start.offset, f.range.end.offset) for f in findings)
    expected = sorted(example.spans)
    shown = [example.text[a:b] for a, b in got]
    assert got == expected, f"{rule.code} on {example.raw!r}: expected {[example.text[a:b] for a, b in expected]}, got {shown}"


@pytest.mark.parametrize(("rule", "example"), _cases("good"))
def test_good_example_is_silent(rule, example) -> None:
    findings = [f for f in _linter(rule.code).lint_text(example.text) if f.code == rule.code]
    assert not findings, f"False positive against {rule.code}: {example.raw!r} -> {[f.message for f in findings]}"
