"""A keystroke inside a plain paragraph line re-parses only that paragraph, with the same result.

:func:`blamelint.document.parse_document` remembers the last parse of each path; these tests type
and delete random characters (letters, spaces, Markdown punctuation, newlines) all over documents
with every construct the parser handles, and compare each result with a parse from scratch.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from blamelint import document as document_module
from blamelint.document import _parse_full, _reparse_edit, parse_document

ROOT = Path(__file__).resolve().parents[2]

SYNTHETIC = """---
incident: 42
---
# Incident 42: checkout outage

## Summary

The deploy at 14:02 UTC promoted build 7 to the canary fleet and error rates rose.
A second line of the same paragraph, with `inline code
that spans lines` and *emphasis
across lines* and a [link](https://example.com "a title
on two lines") and a [reference][ref].
Third line with &amp; an entity and an escaped \\* star.

[ref]: https://example.com/ref

1. First numbered item with words
   continued lazily on the next line
2. Second item
   - nested bullet with text
   - [ ] a task item owned by nobody
   - [x] a done task

> A quoted paragraph
> that continues here.

| Time | Event |
|------|-------|
| 14:02 | Deploy started |
plain row without pipes

Setext heading text
-------------------

```text
Why 1: the fence holds structure lines
```

    indented code line

<!-- blamelint-disable BL101 -->
Paragraph after a comment <!-- inline comment --> with more words.
Some 😀 emoji and é accents in prose, and a bare URL https://example.org/x here.
"""


def texts() -> list[tuple[str, str]]:
    out = [("synthetic.md", SYNTHETIC)]
    for path in sorted((ROOT / "examples").glob("*.md")):
        out.append((path.name, path.read_text(encoding="utf-8")))
    return out


ALPHABET = "abcdefghijklmnopqrstuvwxyz" * 4 + "ABC0123456789" + "     " + "\n\n" + "-*_`[]()<>#|!&:;.,'\"~=+\\\t😀é"


@pytest.mark.parametrize("name,text", texts(), ids=[name for name, _ in texts()])
def test_random_edits_parse_the_same_as_from_scratch(name: str, text: str) -> None:
    rng = random.Random(name)
    path = f"incremental-{name}"
    parse_document(text, path)
    derived = 0
    edits = 1500
    for _ in range(edits):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.25 and at < len(text):
            edited = text[:at] + text[at + 1 :]
        else:
            edited = text[:at] + rng.choice(ALPHABET) + text[at:]
        previous = document_module._RECENT.get(path)
        if previous is not None and _reparse_edit(previous, edited, path) is not None:
            derived += 1
        incremental, full = parse_document(edited, path), _parse_full(edited, path)[0]
        assert incremental == full, (name, at, edited[max(at - 40, 0) : at + 40])
        # the source shapes moved along with shifted blocks are the ones a fresh parse works out
        assert [b.source_shape() for b in incremental.blocks] == [b.source_shape() for b in full.blocks], (name, at)
        text = edited
    # many keystrokes take the short path (else this test would prove nothing); the rest are in
    # headings, tables, code, or lines the random Markdown punctuation made unsafe
    assert derived > edits // 10, derived


def test_typing_a_word_and_deleting_it_again() -> None:
    text = "# Summary\n\nThe deploy went out at noon and the error rate rose.\n\n## Impact\n\nCheckout failed.\n"
    path = "incremental-typing.md"
    parse_document(text, path)
    at = text.index("noon") + 4
    steps = [text[:at] + " yesterday"[:n] + text[at:] for n in range(1, 11)]
    steps += steps[-2::-1] + [text]  # and delete it again, one character at a time
    for edited in steps:
        assert _reparse_edit(document_module._RECENT[path], edited, path) is not None, edited
        assert parse_document(edited, path) == _parse_full(edited, path)[0]
    assert document_module._RECENT[path].document.source == text
