"""Turn Markdown source into a :class:`Document`: prose blocks with an exact source map.

markdown-it-py gives block tokens with line ranges but no column positions inside a line. Each
inline token's children are therefore located in the source in order, with a cursor that only
moves forward: a text child is found verbatim, markup (``**``, ``[``, a link destination, backticks)
is skipped, and every character of the prose text records the source offsets it came from. Rules
see clean text (``"John forgot to run the migration"``) while findings point at exact source
positions, whatever the line endings, tabs, entities or emoji.

Never prose: fenced and indented code, front matter, HTML blocks and comments, link and image
destinations, autolinks and bare URLs, image alt text. Inline code keeps its words in the text (so
the sentence still parses) but its span is recorded in ``Block.code_spans`` and rules ignore matches
that touch it.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .findings import Position, Range
from .sections import classify_heading

LOG = logging.getLogger(__name__)

__all__ = [
    "SCOPES",
    "Block",
    "CodeBlock",
    "Comment",
    "Document",
    "FrontMatter",
    "parse_document",
]

#: Every scope a block can have. A rule's ``scope`` field is a subset of these.
SCOPES: tuple[str, ...] = ("prose", "heading", "list-item", "action-item", "table-cell", "quote")

_TASK_MARK = re.compile(r"\[([ xX])\]\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of prose: a paragraph, a heading, a list-item paragraph or a table cell.

    ``text`` is the prose with inline markup removed; ``starts[i]``/``ends[i]`` are the source
    offsets (0-based, code points) of the source characters that produced ``text[i]``.
    """

    index: int
    kind: str
    scope: str
    section: str
    heading: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    code_spans: tuple[tuple[int, int], ...] = ()
    level: int = 0
    list_depth: int = 0
    item_id: int = -1
    task: bool | None = None
    table_id: int = -1
    row: int = -1
    column: int = -1
    header: str = ""
    #: Memo of :meth:`source_shape`; not part of the block's value (no init, eq, hash or repr).
    _shape: tuple[int, int, Hashable] | None = field(default=None, init=False, repr=False, compare=False)

    def source_shape(self) -> tuple[int, int, Hashable]:
        """The lowest and highest source offsets and the source map relative to where the block starts.

        A block whose characters each come from the next source character (no markup, entities or
        collapsed spaces inside it: most prose) has the map ``len(text)``; any other has both offset
        tuples, shifted to start at 0. Worked out once per block: the engine asks for every block on
        every lint.
        """
        shape = self._shape
        if shape is None:
            shape = _shape_of(self.starts, self.ends)
            object.__setattr__(self, "_shape", shape)
        return shape

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the text span ``[start, end)`` (indices into ``text``) to source offsets."""
        if not self.text:
            return (0, 0)
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return (self.starts[start], self.ends[end - 1])

    def in_code(self, start: int, end: int) -> bool:
        """Return True when the text span ``[start, end)`` overlaps inline code or a URL."""
        return any(start < c_end and c_start < end for c_start, c_end in self.code_spans)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced or indented code block, kept out of prose but available to structure checks."""

    info: str
    content: str
    start: int
    end: int
    content_start: int
    section: str
    fenced: bool


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment (the carrier of suppression directives) with its source offsets."""

    body: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """YAML/TOML front matter between ``---`` fences: raw text and its source offsets."""

    content: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed Markdown document: its source, prose blocks, code blocks and comments."""

    path: str
    source: str
    blocks: tuple[Block, ...]
    code_blocks: tuple[CodeBlock, ...]
    comments: tuple[Comment, ...]
    front_matter: FrontMatter | None
    line_starts: tuple[int, ...] = field(repr=False)

    def position(self, offset: int) -> Position:
        """Return the 1-based line/column position of a source offset."""
        offset = min(max(offset, 0), len(self.source))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(line=index + 1, column=offset - self.line_starts[index] + 1, offset=offset)

    def range(self, start: int, end: int) -> Range:
        """Return the :class:`Range` of the source span ``[start, end)``."""
        return Range(self.position(start), self.position(end))

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line, without its line ending."""
        if line < 1 or line > len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.source)
        return self.source[start:end].rstrip("\r\n")

    @property
    def sections(self) -> tuple[str, ...]:
        """Return the section classes of the document's headings, in order."""
        return tuple(b.section for b in self.blocks if b.kind == "heading")


def line_starts_of(text: str) -> tuple[int, ...]:
    """Return the offset where each line starts; ``\\r\\n``, ``\\r`` and ``\\n`` end lines (as in LSP)."""
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return tuple(starts)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    # Keep escapes and entities as separate ``text_special`` tokens so each maps to its source form.
    md.disable("text_join")
    return md


def _normalize(source: str) -> tuple[str, list[int]]:
    """Apply markdown-it's own newline/NUL normalisation, keeping a map back to source offsets."""
    if "\r" not in source and "\0" not in source:
        return source, []
    out: list[str] = []
    back: list[int] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        back.append(i)
        if ch == "\r":
            out.append("\n")
            i += 2 if i + 1 < n and source[i + 1] == "\n" else 1
            continue
        out.append("\ufffd" if ch == "\0" else ch)
        i += 1
    back.append(n)
    return "".join(out), back


class _Builder:
    """Collect the characters of one block's text with the normalised offsets they came from."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.code: list[tuple[int, int]] = []

    def add(self, text: str, start: int) -> None:
        if "  " not in text and not (text[:1] == " " and self.chars and self.chars[-1] == " "):
            # No space to collapse: take the whole run at once (the common case, and much faster).
            self.chars.extend(text)
            self.starts.extend(range(start, start + len(text)))
            self.ends.extend(range(start + 1, start + len(text) + 1))
            return
        for i, ch in enumerate(text):
            if ch == " " and self.chars and self.chars[-1] == " ":
                continue
            self.chars.append(ch)
            self.starts.append(start + i)
            self.ends.append(start + i + 1)

    def add_mapped(self, text: str, start: int, end: int) -> None:
        """Add characters that all come from one source span (an entity such as ``&amp;``)."""
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def space(self, at: int) -> None:
        if self.chars and self.chars[-1] != " ":
            self.chars.append(" ")
            self.starts.append(at)
            self.ends.append(at + 1)


class _Locator:
    """Find inline children in the normalised source, moving a cursor forward only."""

    def __init__(self, src: str, cursor: int, limit: int) -> None:
        self.src = src
        self.cursor = cursor
        self.limit = limit

    def find(self, needle: str) -> int:
        if not needle:
            return self.cursor
        pos = self.src.find(needle, self.cursor, self.limit)
        if pos < 0:
            pos = self.src.find(needle, self.cursor)
        return pos

    def take(self, needle: str) -> int:
        """Move past ``needle`` and return where it started, or -1 when it is not there."""
        pos = self.find(needle)
        if pos >= 0:
            self.cursor = pos + len(needle)
        return pos

    def skip_destination(self) -> None:
        """Skip ``](dest "title")``, ``][ref]`` or ``]`` after a link's text."""
        pos = self.take("]")
        if pos < 0:
            return
        src, i = self.src, self.cursor
        if i < len(src) and src[i] == "(":
            depth = 0
            while i < len(src):
                ch = src[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
            self.cursor = min(i, len(src))
        elif i < len(src) and src[i] == "[":
            close = src.find("]", i)
            if close >= 0:
                self.cursor = close + 1

    def align(self, text: str, builder: _Builder) -> None:
        """Map ``text`` character by character when it is not a verbatim substring (tab expansion)."""
        for ch in text:
            if ch.isspace():
                builder.space(self.cursor)
                continue
            pos = self.src.find(ch, self.cursor)
            if pos < 0:
                continue
            builder.add(ch, pos)
            self.cursor = pos + 1


def _inline_text(inline: Token, src: str, start: int, limit: int, comments: list[tuple[str, int, int]]) -> _Builder:
    builder = _Builder()
    loc = _Locator(src, start, limit)
    skip_depth = 0
    for child in inline.children or []:
        kind = child.type
        if kind == "text":
            if skip_depth:
                loc.take(child.content)
                continue
            pos = loc.find(child.content)
            if pos >= 0:
                builder.add(child.content, pos)
                loc.cursor = pos + len(child.content)
            else:
                loc.align(child.content, builder)
        elif kind == "text_special":
            pos = loc.take(child.markup or child.content)
            if pos >= 0 and not skip_depth:
                if child.content == (child.markup or child.content):
                    builder.add(child.content, pos)
                elif child.info == "escape":
                    builder.add(child.content, pos + 1)
                else:
                    builder.add_mapped(child.content, pos, loc.cursor)
        elif kind in ("softbreak", "hardbreak"):
            pos = loc.take("\n")
            if pos >= 0:
                builder.space(pos)
        elif kind == "code_inline":
            open_pos = loc.take(child.markup)
            if open_pos < 0:
                continue
            close_pos = loc.find(child.markup)
            if close_pos < 0:
                continue
            inner = src[open_pos + len(child.markup) : close_pos].replace("\n", " ")
            first = len(builder.chars)
            builder.add(inner, open_pos + len(child.markup))
            builder.code.append((first, len(builder.chars)))
            loc.cursor = close_pos + len(child.markup)
        elif kind == "link_open":
            if child.markup in ("autolink", "linkify"):
                skip_depth += 1
                if child.markup == "autolink":
                    loc.take("<")
            else:
                loc.take("[")
        elif kind == "link_close":
            if child.markup in ("autolink", "linkify"):
                skip_depth -= 1
                if child.markup == "autolink":
                    loc.take(">")
            else:
                loc.skip_destination()
        elif kind == "image":
            if loc.take("![") >= 0:
                depth = 1
                i = loc.cursor
                while i < len(src) and depth:
                    if src[i] == "\\":
                        i += 2
                        continue
                    depth += {"[": 1, "]": -1}.get(src[i], 0)
                    i += 1
                loc.cursor = max(i - 1, loc.cursor)
                loc.skip_destination()
        elif kind == "html_inline":
            pos = loc.take(child.content)
            if pos >= 0 and child.content.startswith("<!--"):
                comments.append((child.content, pos, pos + len(child.content)))
        elif child.markup:
            loc.take(child.markup)
    return builder


def _trim(builder: _Builder) -> tuple[str, list[int], list[int], list[tuple[int, int]]]:
    chars, starts, ends = builder.chars, builder.starts, builder.ends
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].isspace():
        lo += 1
    while hi > lo and chars[hi - 1].isspace():
        hi -= 1
    code = [(max(a - lo, 0), min(b - lo, hi - lo)) for a, b in builder.code if b > lo and a < hi]
    text = "".join(chars[lo:hi])
    # Bare URLs are not prose either; like inline code they stay in the text so the sentence parses.
    code.extend((m.start(), m.end()) for m in _BARE_URL.finditer(text))
    return text, starts[lo:hi], ends[lo:hi], sorted(code)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?'\"]")


def parse_document(source: str, path: str = "<string>") -> Document:
    """Parse Markdown ``source`` into a :class:`Document` (never raises on any ``str``).

    When the last text parsed under ``path`` differs from ``source`` by an edit inside one line of a
    plain paragraph (a keystroke), only that paragraph's inline content is parsed again and the rest
    of the previous result is reused (:func:`_reparse_edit`); the result is the same Document.
    """
    with _RECENT_LOCK:
        previous = _RECENT.get(path)
    document, state = None, None
    if previous is not None:
        try:
            document, state = _reparse_edit(previous, source, path) or (None, None)
        except Exception:  # a shortcut must never be worse than a full parse
            LOG.debug("incremental parse of %s failed; parsing it in full", path, exc_info=True)
            document, state = None, None
    if document is None:
        document, state = _parse_full(source, path)
    with _RECENT_LOCK:
        _RECENT.pop(path, None)
        if state is not None:
            _RECENT[path] = state
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return document


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What :func:`_reparse_edit` needs from a parse: the result, markdown-it's environment (link
    references) and the inline token of each plain paragraph block, by block index, with its line range."""

    document: Document
    env: dict
    inlines: dict[int, tuple[Token, int, int]]
    #: Per block: its ``starts`` and ``ends`` are runs of consecutive offsets (shifted without a loop).
    runs: tuple[bool, ...] = ()


#: The last parse of a few paths, for the next keystroke's :func:`_reparse_edit`.
_RECENT: OrderedDict[str, _Parsed] = OrderedDict()
_RECENT_SIZE = 4
_RECENT_LOCK = threading.Lock()
#: Characters that may change a line's block structure wherever they are in it: a pipe (a table row),
#: whitespace other than a space (tabs move columns; the rest are line breaks to someone).
_SPECIAL = frozenset("|\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r\n\0")
#: Characters allowed before a line's first letter: indentation and a list marker.
_LEAD = frozenset(" -+*.)0123456789")


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # the longest k with a[:k] == b[:k] (slice comparisons run in C)
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _plain_line(line: str) -> int:
    """The index of the line's first letter when the line is plain prose (else -1): only indentation and
    a list marker before that letter, no pipe and no whitespace but spaces, none of them trailing.

    Markdown decides a line's block role from its start (indentation, a marker, the first character)
    and, for tables, from its pipes; everything after the first letter is inline content."""
    first = next((i for i, ch in enumerate(line) if ch.isalpha()), -1)
    if first < 0 or line != line.rstrip() or not _LEAD.issuperset(line[:first]):
        return -1
    if not _SPECIAL.isdisjoint(line[first:]) or any(ch.isspace() and ch != " " for ch in line):
        return -1
    return first


def _shift(values: tuple[int, ...], at: int, delta: int) -> tuple[int, ...]:
    return tuple(v + delta if v > at else v for v in values)


def _shape_of(starts: tuple[int, ...], ends: tuple[int, ...]) -> tuple[int, int, Hashable]:
    """See :meth:`Block.source_shape`."""
    count = len(starts)
    if not count:
        return 0, 0, 0
    base = starts[0]
    if (
        starts[-1] == base + count - 1
        and ends[-1] == base + count
        and starts == tuple(range(base, base + count))
        and ends == tuple(range(base + 1, base + count + 1))
    ):
        return base, base + count, count
    shifted = (tuple(map(base.__rsub__, starts)), tuple(map(base.__rsub__, ends)))
    return min(starts), max(ends), shifted


def _is_run(block: Block) -> bool:
    """True when the block's characters each come from the next source character (most prose)."""
    return isinstance(block.source_shape()[2], int)


def _moved(block: Block, delta: int, run: bool) -> Block:
    """``block`` with every source offset ``delta`` characters later (its source shape moves along)."""
    if not delta:
        return block
    if run:
        base, count = block.starts[0] + delta, len(block.starts)
        moved = replace(block, starts=tuple(range(base, base + count)), ends=tuple(range(base + 1, base + count + 1)))
    else:
        moved = replace(block, starts=tuple(map(delta.__add__, block.starts)), ends=tuple(map(delta.__add__, block.ends)))
    low, high, relative = block.source_shape()
    object.__setattr__(moved, "_shape", (low + delta, high + delta, relative) if len(block.starts) else (0, 0, 0))
    return moved


def _reparse_edit(previous: _Parsed, source: str, path: str) -> tuple[Document, _Parsed] | None:
    """Derive the parse of ``source`` from ``previous`` when the two differ inside one plain paragraph line.

    The line (before and after the edit) must be plain (:func:`_plain_line`) and the edit must start
    after its first letter, so no block construct can start, end or change there: the line's start,
    which decides list markers, indentation, headings, fences, quotes and HTML blocks, is untouched,
    and it holds no pipe. The paragraph must be a plain one (no task mark, no comment, not starting
    with ``[``, where a link reference definition could begin). Then markdown-it's block tokens are
    the same, and its inline tokens differ only in that paragraph, which is parsed again with the
    same link references.
    """
    old = previous.document.source
    if old == source or "\r" in source or "\0" in source:
        return None
    p = _common_prefix(old, source)
    s = _common_suffix(old, source, min(len(old), len(source)) - p)
    removed, inserted = old[p : len(old) - s], source[p : len(source) - s]
    if "\n" in removed or "\n" in inserted:
        return None
    line_start = old.rfind("\n", 0, p) + 1
    line_end = old.find("\n", p)
    line_end = len(old) if line_end < 0 else line_end
    delta = len(inserted) - len(removed)
    old_line, new_line = old[line_start:line_end], source[line_start : line_end + delta]
    first = _plain_line(old_line)
    if first < 0 or p - line_start <= first or _plain_line(new_line) != first:
        return None
    starts = previous.document.line_starts
    number = bisect.bisect_right(starts, line_start) - 1
    found = next(((i, t, a, b) for i, (t, a, b) in previous.inlines.items() if a <= number < b), None)
    if found is None:
        return None
    index, inline, line0, line1 = found
    lines = inline.content.split("\n")
    if len(lines) != line1 - line0 or inline.content.startswith("[") or "<!--" in inline.content:
        return None
    own = lines[number - line0]
    skipped = len(old_line) - len(own)
    if not own or not old_line.endswith(own) or skipped > first:
        return None
    at = p - line_start - skipped
    lines[number - line0] = own[:at] + inserted + own[at + len(removed) :]
    fresh = Token("inline", "", 0, map=[line0, line1], content="\n".join(lines), children=[])
    md = _markdown()
    md.inline.parse(fresh.content, md, previous.env, fresh.children)  # type: ignore[arg-type]
    line_starts = _shift(starts, p, delta)

    def line_offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(source)

    comments: list[tuple[str, int, int]] = []
    text, block_starts, block_ends, code = _trim(_inline_text(fresh, source, line_offset(line0), line_offset(line1), comments))
    old_blocks = previous.document.blocks
    if not text or comments or old_blocks[index].text == "":
        return None
    edited = replace(old_blocks[index], text=text, starts=tuple(block_starts), ends=tuple(block_ends), code_spans=tuple(code))
    runs = previous.runs or tuple(map(_is_run, old_blocks))
    blocks = (
        *old_blocks[:index],
        edited,
        *(_moved(b, delta, run) for b, run in zip(old_blocks[index + 1 :], runs[index + 1 :])),
    )
    doc = previous.document
    document = Document(
        path=path,
        source=source,
        blocks=blocks,
        code_blocks=tuple(
            replace(c, start=c.start + delta, end=c.end + delta, content_start=c.content_start + delta) if c.start > p else c
            for c in doc.code_blocks
        ),
        comments=tuple(replace(c, start=c.start + delta, end=c.end + delta) if c.start > p else c for c in doc.comments),
        front_matter=doc.front_matter,
        line_starts=line_starts,
    )
    runs = (*runs[:index], _is_run(edited), *runs[index + 1 :])
    return document, _Parsed(document, previous.env, {**previous.inlines, index: (fresh, line0, line1)}, runs)


def _parse_full(source: str, path: str) -> tuple[Document, _Parsed | None]:
    """Parse ``source`` from scratch; the second item is what a later :func:`_reparse_edit` needs."""
    norm, back = _normalize(source)
    norm_line_starts = line_starts_of(norm)

    def to_src(offset: int) -> int:
        return back[offset] if back else offset

    def line_offset(line: int) -> int:
        if line >= len(norm_line_starts):
            return len(norm)
        return norm_line_starts[line]

    env: dict = {}
    tokens = _markdown().parse(norm, env)
    inlines: dict[int, tuple[Token, int, int]] = {}
    blocks: list[Block] = []
    code_blocks: list[CodeBlock] = []
    raw_comments: list[tuple[str, int, int]] = []
    front: FrontMatter | None = None

    heading_stack: list[tuple[int, str, str]] = []  # (level, text, class)
    containers: list[str] = []  # open container token types
    item_counter = 0
    item_stack: list[int] = []
    table_counter = -1
    table_row = -1
    table_col = -1
    table_headers: list[str] = []
    in_thead = False
    pending_task: bool | None = None

    def current_section() -> tuple[str, str]:
        for _level, text, cls in reversed(heading_stack):
            if cls != "other":
                return cls, heading_stack[-1][1]
        return ("other", heading_stack[-1][1] if heading_stack else "")

    def add_block(inline: Token, kind: str, scope: str, **extra: object) -> Block | None:
        line0 = inline.map[0] if inline.map else 0
        line1 = inline.map[1] if inline.map else len(norm_line_starts)
        builder = _inline_text(inline, norm, line_offset(line0), line_offset(line1), raw_comments)
        text, starts, ends, code = _trim(builder)
        if not text:
            return None
        section, heading = current_section()
        block = Block(
            index=len(blocks),
            kind=kind,
            scope=scope,
            section=str(extra.pop("section", section)),
            heading=str(extra.pop("heading", heading)),
            text=text,
            starts=tuple(map(back.__getitem__, starts)) if back else tuple(starts),
            ends=tuple(map(back.__getitem__, ends)) if back else tuple(ends),
            code_spans=tuple(code),
            **extra,  # type: ignore[arg-type]
        )
        blocks.append(block)
        return block

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "front_matter" and tok.map:
            start = line_offset(tok.map[0])
            end = line_offset(tok.map[1])
            front = FrontMatter(content=tok.content, start=to_src(start), end=to_src(min(end, len(norm))))
        elif kind == "heading_open":
            level = int(tok.tag[1])
            inline = tokens[i + 1]
            while heading_stack and heading_stack[-1][0] >= level:
                heading_stack.pop()
            probe = _inline_text(inline, norm, line_offset(inline.map[0] if inline.map else 0), len(norm), [])
            heading_text = _trim(probe)[0]
            cls = classify_heading(heading_text)
            heading_stack.append((level, heading_text, cls))
            section, _ = current_section()
            add_block(inline, "heading", "heading", level=level, section=section, heading=heading_text)
            i += 3
            continue
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if containers:
                containers.pop()
        elif kind == "list_item_open":
            item_stack.append(item_counter)
            item_counter += 1
            pending_task = None
        elif kind == "list_item_close":
            if item_stack:
                item_stack.pop()
        elif kind == "table_open":
            table_counter += 1
            table_row = -1
            table_headers = []
        elif kind == "thead_open":
            in_thead = True
        elif kind == "thead_close":
            in_thead = False
        elif kind == "tr_open":
            table_row += 1
            table_col = -1
        elif kind in ("th_open", "td_open"):
            table_col += 1
            inline = tokens[i + 1]
            quoted = "blockquote_open" in containers
            header = ""
            if in_thead:
                table_headers.append(inline.content.strip())
            elif table_col < len(table_headers):
                header = table_headers[table_col]
            add_block(
                inline,
                "table-cell",
                "quote" if quoted else "table-cell",
                table_id=table_counter,
                row=table_row,
                column=table_col,
                header=header,
            )
            i += 3
            continue
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            in_list = any(c != "blockquote_open" for c in containers) and bool(item_stack)
            quoted = "blockquote_open" in containers
            task = None
            if in_list and tokens[i - 2].type == "list_item_open":
                first = (tok.children or [None])[0]
                if first is not None and first.type == "text":
                    mark = _TASK_MARK.match(first.content)
                    if mark:
                        task = mark.group(1) != " "
                        first.content = first.content[mark.end() :]
                pending_task = task
            elif in_list:
                task = pending_task
            section, _ = current_section()
            if quoted:
                scope = "quote"
            elif in_list:
                scope = "action-item" if (section == "actions" or task is not None) else "list-item"
            else:
                scope = "prose"
            list_depth = sum(1 for c in containers if c != "blockquote_open")
            made = add_block(
                tok,
                "paragraph",
                scope,
                list_depth=list_depth,
                item_id=item_stack[-1] if in_list else -1,
                task=task,
            )
            if made is not None and task is None and pending_task is None and tok.map:
                inlines[made.index] = (tok, tok.map[0], tok.map[1])
        elif kind in ("fence", "code_block") and tok.map:
            start = line_offset(tok.map[0])
            end = min(line_offset(tok.map[1]), len(norm))
            content_start = line_offset(tok.map[0] + 1) if kind == "fence" else start
            section, _ = current_section()
            code_blocks.append(
                CodeBlock(
                    info=tok.info.strip(),
                    content=tok.content,
                    start=to_src(start),
                    end=to_src(end),
                    content_start=to_src(min(content_start, len(norm))),
                    section=section,
                    fenced=kind == "fence",
                )
            )
        elif kind == "html_block" and tok.map:
            start = line_offset(tok.map[0])
            end = min(line_offset(tok.map[1]), len(norm))
            for match in _COMMENT.finditer(norm, start, end):
                raw_comments.append((match.group(0), match.start(), match.end()))
        i += 1

    comments = tuple(
        Comment(body=body[4:-3].strip(), start=to_src(s), end=to_src(e)) for body, s, e in sorted(raw_comments, key=lambda c: c[1])
    )
    document = Document(
        path=path,
        source=source,
        blocks=tuple(blocks),
        code_blocks=tuple(code_blocks),
        comments=comments,
        front_matter=front,
        line_starts=line_starts_of(source),
    )
    return document, (None if back else _Parsed(document, env, inlines))
