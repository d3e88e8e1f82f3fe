"""The document model: what counts as prose, scopes, sections, and an exact source map."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint.document import parse_document
from blamelint.sections import classify_heading


def _texts(source: str) -> list[str]:
    return [b.text for b in parse_document(source).blocks]


def _assert_exact(source: str) -> None:
    """Every non-space character of every block comes from exactly its source characters."""
    document = parse_document(source)
    for block in document.blocks:
        assert len(block.text) == len(block.starts) == len(block.ends)
        for index, char in enumerate(block.text):
            start, end = block.starts[index], block.ends[index]
            assert 0 <= start < end <= len(source)
            if char.isspace():
                continue
            original = source[start:end]
            # Escapes map to the escaped character; entities map to the whole entity.
            assert original == char or original.startswith("&"), (block.text, index, original)


def test_code_front_matter_comments_and_urls_are_not_prose() -> None:
    source = (
        "---\ntitle: John forgot\n---\n"
        "# Summary\n\n"
        "See <https://example.org/human-error> and https://x.test.\n\n"
        "```\nJohn forgot to run it\n```\n\n"
        "    indented code about human error\n\n"
        "<!-- John forgot -->\n\n"
        "A [link](https://example.org/john-forgot) with `inline code`.\n"
    )
    texts = _texts(source)
    assert texts == ["Summary", "See and https://x.test.", "A link with inline code."]
    document = parse_document(source)
    assert document.front_matter is not None and "John forgot" in document.front_matter.content
    assert [c.info for c in document.code_blocks] == ["", ""]
    assert [c.body for c in document.comments] == ["John forgot"]
    inline = document.blocks[2]
    start, end = inline.code_spans[0]
    assert inline.text[start:end] == "inline code"
    bare = document.blocks[1]
    assert [bare.text[a:b] for a, b in bare.code_spans] == ["https://x.test"]


def test_scopes_and_sections() -> None:
    source = (
        "# Incident 42\n\nIntro.\n\n"
        "## Root cause analysis\n\n> Chat: John forgot.\n\n- A list item.\n\n"
        "| Time | Event |\n|---|---|\n| 10:00 | Deploy |\n\n"
        "## Where we got lucky\n\nHad it failed, it would have hurt.\n\n"
        "## Action items\n\n- [ ] Alice to add an alert by 2024-06-01\n"
    )
    blocks = parse_document(source).blocks
    summary = [(b.scope, b.section, b.text) for b in blocks]
    assert ("prose", "other", "Intro.") in summary
    assert ("quote", "analysis", "Chat: John forgot.") in summary
    assert ("list-item", "analysis", "A list item.") in summary
    assert ("table-cell", "analysis", "Deploy") in summary
    assert ("prose", "lucky", "Had it failed, it would have hurt.") in summary
    action = [b for b in blocks if b.scope == "action-item"][0]
    assert action.text == "Alice to add an alert by 2024-06-01" and action.task is False
    cell = [b for b in blocks if b.text == "Deploy"][0]
    assert cell.header == "Event" and cell.row == 1 and cell.column == 1


def test_positions_survive_crlf_tabs_entities_and_emoji() -> None:
    source = "# T\r\n\r\n😀 **Bob** &amp; \\*Ann\\* said\r\nhello\tworld `x` ✓\r\n"
    document = parse_document(source)
    _assert_exact(source)
    block = document.blocks[1]
    assert block.text == "😀 Bob & *Ann* said hello\tworld x ✓"
    index = block.text.index("hello")
    start, end = block.source_span(index, index + 5)
    assert source[start:end] == "hello"
    pos = document.position(start)
    assert (pos.line, pos.column) == (4, 1)
    bob = block.text.index("Bob")
    assert document.position(block.starts[bob]).column == 5  # 😀 is one code point


def test_heading_classification_uses_synonyms() -> None:
    cases = {
        "2. What went well? 🎉": "lessons",
        "Where we got lucky": "lucky",
        "Root Causes and Trigger": "analysis",
        "5 Whys": "analysis",
        "Timeline (all times UTC)": "timeline",
        "Corrective and Preventative Measures": "actions",
        "Follow-ups": "actions",
        "Executive Summary": "summary",
        "Detection & Response": "detection",
        "Problem summary": "impact",
        "Incident 42: checkout down": "other",
    }
    for heading, expected in cases.items():
        assert classify_heading(heading) == expected, heading


def test_subheading_inherits_known_section() -> None:
    source = "## Contributing factors\n\n### Details\n\nText.\n"
    blocks = parse_document(source).blocks
    assert blocks[-1].section == "analysis"


_PIECES = [*"ab *_`[]()<>!#-|>\\&;:\n\r\t 1.😀é\u2028", "&amp;", "**", "```", "<!--", "-->", "http://x.y", "- ", "| a |"]
_MARKDOWNISH = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH)
def test_any_text_maps_back_to_its_source(source: str) -> None:
    _assert_exact(source)


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=300))
def test_any_unicode_parses_and_positions_agree(source: str) -> None:
    document = parse_document(source)
    for offset in range(0, len(source) + 1, max(1, len(source) // 7 or 1)):
        pos = document.position(offset)
        line_start = document.line_starts[pos.line - 1]
        assert line_start + pos.column - 1 == offset
