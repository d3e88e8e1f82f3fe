"""apply_fixes: which fix of a finding is applied, the overlap policy, protected regions, stale ranges."""

from __future__ import annotations

import pytest

import blamelint
from blamelint import Applicability, Edit, Finding, Fix, Severity, apply_fixes, parse_document
from blamelint.fixes import FileChangedError, read_for_fix, write_fixed

TEXT = "It was obviously the cache, and very very slow.\n"


def _finding(text: str, start: int, end: int, *fixes: Fix, code: str = "BL999") -> Finding:
    document = parse_document(text)
    return Finding("<t>", code, "test", "judgment", Severity.WARNING, "m", document.range(start, end), "other", fixes)


def _fix(text: str, start: int, end: int, replacement: str, applicability: Applicability) -> Fix:
    return Fix("t", (Edit(parse_document(text).range(start, end), replacement),), applicability)


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_apply_fixes_is_public() -> None:
    assert "apply_fixes" in blamelint.__all__
    assert "FixResult" in blamelint.__all__


def test_safe_fix_applies_and_unsafe_waits_for_opt_in() -> None:
    a, b = _at(TEXT, "obviously ")
    c, d = _at(TEXT, "very very")
    unsafe = _finding(TEXT, a, b, _fix(TEXT, a, b, "", Applicability.UNSAFE))
    safe = _finding(TEXT, c, d, _fix(TEXT, c, d, "very", Applicability.SAFE))
    result = apply_fixes(TEXT, [unsafe, safe])
    assert result.text == "It was obviously the cache, and very slow.\n"
    assert [x.finding for x in result.applied] == [safe]
    result = apply_fixes(TEXT, [unsafe, safe], unsafe=True)
    assert result.text == "It was the cache, and very slow.\n"
    assert len(result.applied) == 2 and result.skipped == ()


def test_display_only_is_never_applied_and_the_first_allowed_fix_wins() -> None:
    a, b = _at(TEXT, "obviously")
    shown = _fix(TEXT, a, b, "plainly", Applicability.DISPLAY_ONLY)
    second = _fix(TEXT, a, b, "surely", Applicability.SAFE)
    third = _fix(TEXT, a, b, "clearly", Applicability.SAFE)
    assert apply_fixes(TEXT, [_finding(TEXT, a, b, shown)], unsafe=True).text == TEXT
    assert apply_fixes(TEXT, [_finding(TEXT, a, b, shown, second, third)]).text == TEXT.replace("obviously", "surely")


def test_overlapping_fixes_first_in_source_order_wins() -> None:
    a, b = _at(TEXT, "obviously the cache")
    c, d = _at(TEXT, "the cache, and")
    first = _finding(TEXT, a, b, _fix(TEXT, a, b, "the disk", Applicability.SAFE), code="BL998")
    later = _finding(TEXT, c, d, _fix(TEXT, c, d, "X", Applicability.SAFE), code="BL001")
    result = apply_fixes(TEXT, [later, first])
    assert result.text == "It was the disk, and very very slow.\n"
    assert [s.finding.code for s in result.skipped] == ["BL001"]
    assert "overlaps" in result.skipped[0].reason


def test_touching_ranges_both_apply_and_two_insertions_at_one_point_do_not() -> None:
    a, b = _at(TEXT, "It")
    c, d = _at(TEXT, " was")
    left = _finding(TEXT, a, b, _fix(TEXT, a, b, "This", Applicability.SAFE))
    right = _finding(TEXT, c, d, _fix(TEXT, c, d, " is", Applicability.SAFE))
    assert apply_fixes(TEXT, [left, right]).text.startswith("This is obviously")
    one = _finding(TEXT, 0, 0, _fix(TEXT, 0, 0, "A: ", Applicability.SAFE))
    two = _finding(TEXT, 0, 0, _fix(TEXT, 0, 0, "B: ", Applicability.SAFE))
    result = apply_fixes(TEXT, [one, two])
    assert result.text.count(": ") == 1 and len(result.skipped) == 1


@pytest.mark.parametrize(
    ("text", "word", "what"),
    [
        ("Prose here.\n\n```\nobviously\n```\n", "obviously", "code block"),
        ("---\ntitle: obviously\n---\nProse here.\n", "obviously", "front matter"),
        ("Prose here.\n\n<!-- obviously -->\n", "obviously", "HTML comment"),
        ("Run `obviously` now.\n", "obviously", "inline code"),
    ],
)
def test_protected_regions_are_never_changed(text: str, word: str, what: str) -> None:
    a, b = _at(text, word)
    finding = _finding(text, a, b, _fix(text, a, b, "X", Applicability.SAFE))
    result = apply_fixes(text, [finding])
    assert result.text == text
    assert what in result.skipped[0].reason


def test_stale_or_out_of_range_edits_are_skipped() -> None:
    other = "A first line\n" + TEXT
    a, b = _at(other, "obviously")
    stale = _finding(other, a, b, _fix(other, a, b, "X", Applicability.SAFE))
    result = apply_fixes(TEXT, [stale])
    assert result.text == TEXT and "another version" in result.skipped[0].reason
    long_text = TEXT * 3
    beyond = _finding(long_text, 100, 104, _fix(long_text, 100, 104, "X", Applicability.SAFE))
    result = apply_fixes(TEXT, [beyond])
    assert result.text == TEXT and "outside" in result.skipped[0].reason


def test_a_fix_is_all_or_nothing() -> None:
    text = "Prose obviously.\n\n<!-- x -->\n"
    a, b = _at(text, "obviously")
    c, _ = _at(text, "x -->")
    document = parse_document(text)
    fix = Fix("t", (Edit(document.range(a, b), "plainly"), Edit(document.range(c, c + 1), "y")), Applicability.SAFE)
    result = apply_fixes(text, [_finding(text, a, b, fix)])
    assert result.text == text and result.applied == ()


def test_write_fixed_keeps_mode_and_bom_and_refuses_a_changed_file(tmp_path) -> None:
    path = tmp_path / "pm.md"
    path.write_bytes(b"\xef\xbb\xbfOld text.\n")
    path.chmod(0o640)
    original, text, problem = read_for_fix(str(path))
    assert text == "Old text.\n" and problem == ""
    write_fixed(str(path), "New text.\n", original)
    assert path.read_bytes() == b"\xef\xbb\xbfNew text.\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.md"]
    original, _, _ = read_for_fix(str(path))
    path.write_text("Someone else saved this.\n", encoding="utf-8")
    with pytest.raises(FileChangedError, match="changed on disk"):
        write_fixed(str(path), "Mine.\n", original)
    assert path.read_text(encoding="utf-8") == "Someone else saved this.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.md"]


def test_read_for_fix_refuses_utf16(tmp_path) -> None:
    path = tmp_path / "pm.md"
    path.write_bytes("Text.\n".encode("utf-16"))
    _, text, problem = read_for_fix(str(path))
    assert text is None and "UTF-8" in problem
