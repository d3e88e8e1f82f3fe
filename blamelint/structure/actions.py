"""Find action items in every shape guidance §2.1 lists and read their SMART fields.

Shapes: list items under an action-items / follow-ups / remediation heading; task-list items
anywhere (``- [ ] …``); pipe tables whose header names an owner or due column (``Action | Owner |
Due``, ``Priority | What | Why | Owner | Due | Status``), in Markdown or inside a plain-text fence;
list-like rows inside a plain-text fence under an actions heading; and paragraphs of the form
"Alice to add X by 2024-06-01" under an actions heading. Inline fields (``Owner: @a``,
``Due: 2024-06-01``, ``(P1)``, ``[DONE]``) are read from the item text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .dates import parse_date
from .text import PLACEHOLDER, cached, document_lines, is_separator, pipe_cells, plain, section_keys

if TYPE_CHECKING:
    from ..document import Block, Document

__all__ = ["ActionItem", "action_items", "UNASSIGNABLE", "GROUP_OWNER"]

_COLUMNS: dict[str, re.Pattern[str]] = {
    "owner": re.compile(r"^(owners?|who|assignees?|dri|responsible|assigned to)$"),
    "due": re.compile(r"^(due( date)?|eta|deadline|target( date)?|by|by when|when|date)$"),
    "priority": re.compile(r"^(priority|prio|p|pri)$"),
    "status": re.compile(r"^(status|state|done|progress)$"),
    "tracking": re.compile(r"^(bug|bugs|ticket|issue|jira|tracking( bug)?|link|tracker|bug ?#)$"),
    "type": re.compile(r"^(type|category|kind)$"),
    "action": re.compile(r"^(action( items?)?|items?|tasks?|what|remediation|description|follow ?ups?|todo|to do|fix)$"),
}

# Inline "Owner: X" / "Due: Y" fields; the value runs to the next separator or field label.
_FIELD = re.compile(
    r"(?i)\b(owners?|assignees?|dri|who|due(?: date)?|eta|deadline|target(?: date)?|priority|status)\s*[:=]\s*"
    r"(?:\*\*|__)?\s*([^;,|()\n]*?)\s*(?=$|[;,|()\n]|\b(?:owners?|assignee|dri|who|due|eta|deadline|target|priority|status)\s*[:=])"
)
# "Alice to add …", "@bob to …", "The payments team to …": an owner before "to" + a verb.
_OWNER_TO = re.compile(
    r"^(?P<owner>@[\w./-]+|[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?|(?:the )?[\w-]+ team)\s+(?:to|will)\s+[a-z]"
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9][\w./-]*")
_EMAIL_OR_ID = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b|\b[a-z][a-z0-9]{2,}@(?![\w.])")
# "… (Rasmus to call a meeting)": a trailing parenthesis that starts with a name.
_PAREN_OWNER = re.compile(r"\((?P<owner>[A-Z][a-z]+)\b[^()]*\)\s*\.?$")
_NOT_OWNERS = {"See", "The", "This", "That", "Optional", "Done", "Open", "Blocked", "Closed", "Todo", "Note", "Also", "If", "When",
               "Was", "Is", "Not", "No", "Yes", "Maybe", "Ongoing", "Tracked", "Issue", "Bug", "Ticket", "Link", "In", "Low", "High",
               "Medium", "Critical", "Due", "Owner", "Priority", "Status", "For", "E", "I", "Eg", "Ie", "Via", "With", "From", "And"}
_DASH_OWNER = re.compile(r"\s[—–]\s*(?P<owner>@?[A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\s*(?:[—–(,].*)?$")
_BY_DATE = re.compile(
    r"\b(?:by|before|until|due|no later than)\s+(?P<due>\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
    r"|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}|q[1-4] \d{4}|\d{4}-?q[1-4]"
    r"|end of q[1-4](?: \d{4})?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|eow|eom|eoq|next (?:week|sprint|quarter|month))",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b[Qq][1-4]\s*\d{4}\b|\b\d{4}-?[Qq][1-4]\b")
_PRIORITY = re.compile(r"(?i)(?<![\w-])(P[0-4]|sev-?[0-4])(?![\w-])|[\[(](critical|high|medium|low)[\])]")
_STATUS = re.compile(r"(?<![\w-])(TODO|DONE|IN PROGRESS|IN_PROGRESS|OPEN|CLOSED|BLOCKED|WON'T DO|WONTFIX)(?![\w-])")
_ID_PREFIX = re.compile(r"^\s*(?:\[?(?:AI|A|#)-?\d+\]?[:.)]?\s+|\[(?:P[0-4]|critical|high|medium|low)\]\s*)", re.IGNORECASE)
_LIST_LINE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?:\[(?P<mark>[ xX])\]\s+)?(?P<text>\S.*)$")

#: Owner values that assign the work to nobody in particular (guidance §2.4).
UNASSIGNABLE = re.compile(
    r"^(we|us|everyone|everybody|all|someone|somebody|anyone|tbd|tba|tbc|\?+|-+|n/?a|none|unassigned|nobody|unknown|todo)$",
    re.IGNORECASE,
)
#: Owner values that name a whole group rather than one accountable person.
GROUP_OWNER = re.compile(
    r"^(?:the )?(?:team|teams|engineering|eng|devs|developers|ops|operations|sre|sres|management|leads|platform)$"
    r"|\bteam\b|^@[\w-]+/[\w-]+$",
    re.IGNORECASE,
)


@dataclass
class ActionItem:
    """One action item, wherever and however it was written."""

    text: str
    start: int
    end: int
    shape: str
    section: str = ""
    owner: str | None = None
    owner_span: tuple[int, int] | None = None
    due: str | None = None
    due_span: tuple[int, int] | None = None
    due_date: dt.date | None = None
    priority: str | None = None
    status: str | None = None
    tracking: str | None = None
    block: Block | None = None
    fields: set[str] = field(default_factory=set)

    @property
    def action(self) -> str:
        """Return the action text with ID prefixes, owner prefixes and inline fields removed."""
        return _action_text(self.text)

    @property
    def filled(self) -> bool:
        """Return False for an untouched template row (only placeholders)."""
        return bool(PLACEHOLDER.sub("", self.text).strip(" .-|[]"))


@lru_cache(maxsize=8192)
def _action_text(text: str) -> str:
    """:attr:`ActionItem.action` of an item's text (remembered: every lint reads the same items again)."""
    text = _ID_PREFIX.sub("", text)
    text = _FIELD.sub("", text)
    match = _OWNER_TO.match(text)
    if match:
        text = text[match.end() - 1 :]
    text = re.sub(r"\s*\([^()]*\)\s*$|\s[—–]\s.*$", "", text)
    return " ".join(plain(text).strip(" -—–;,.").split())


_FieldState = tuple[
    str | None, tuple[int, int] | None, str | None, tuple[int, int] | None, str | None, str | None, frozenset[str]
]


def _read_fields(item: ActionItem, text: str, offset: int) -> None:
    """Read inline fields, owner and due date out of an item's text (``offset`` maps text to source).

    The reading depends only on the text, the offset and what the item already has, so it is
    remembered by those (every keystroke's lint reads the same items again)."""
    state = (item.owner, item.owner_span, item.due, item.due_span, item.priority, item.status, frozenset(item.fields))
    item.owner, item.owner_span, item.due, item.due_span, item.priority, item.status, fields = _fields_after(
        text, offset, state
    )
    item.fields.clear()
    item.fields.update(fields)


@lru_cache(maxsize=8192)
def _fields_after(text: str, offset: int, state: _FieldState) -> _FieldState:
    item = ActionItem(text=text, start=0, end=0, shape="")
    item.owner, item.owner_span, item.due, item.due_span, item.priority, item.status, fields = state
    item.fields = set(fields)
    _read_fields_into(item, text, offset)
    return (item.owner, item.owner_span, item.due, item.due_span, item.priority, item.status, frozenset(item.fields))


def _read_fields_into(item: ActionItem, text: str, offset: int) -> None:
    for match in _FIELD.finditer(text):
        label = match.group(1).lower()
        value = match.group(2).strip().strip("*_").strip()
        span = (offset + match.start(2), offset + match.start(2) + len(match.group(2).rstrip()))
        if label.startswith(("owner", "assignee", "dri", "who")):
            if item.owner is None:
                item.owner, item.owner_span = value, span
            item.fields.add("owner")
        elif label.startswith(("due", "eta", "deadline", "target")):
            if item.due is None:
                item.due, item.due_span = value, span
            item.fields.add("due")
        elif label == "priority" and value:
            item.priority = item.priority or value
        elif label == "status" and value:
            item.status = item.status or value
    body = _ID_PREFIX.sub("", text)
    lead = len(text) - len(body)
    if item.owner is None:
        match = _OWNER_TO.match(body)
        if match and match.group("owner").lower() not in ("we", "i", "they", "this", "it", "need", "how"):
            item.owner = match.group("owner")
            item.owner_span = (offset + lead + match.start("owner"), offset + lead + match.end("owner"))
    if item.owner is None:
        for pattern in (_HANDLE, _EMAIL_OR_ID):
            match = pattern.search(text)
            if match:
                item.owner, item.owner_span = match.group(0), (offset + match.start(), offset + match.end())
                break
    if item.owner is None:
        match = _PAREN_OWNER.search(text)
        if match and match.group("owner") not in _NOT_OWNERS:
            item.owner = match.group("owner")
            item.owner_span = (offset + match.start("owner"), offset + match.end("owner"))
    if item.owner is None:
        match = _DASH_OWNER.search(text)
        if match:
            item.owner = match.group("owner")
            item.owner_span = (offset + match.start("owner"), offset + match.end("owner"))
    if item.due is None:
        match = _BY_DATE.search(text) or _ISO.search(text)
        if match:
            group = "due" if "due" in (match.groupdict() or {}) else 0
            item.due = match.group(group)
            item.due_span = (offset + match.start(group), offset + match.end(group))
    if item.priority is None:
        match = _PRIORITY.search(text)
        if match:
            item.priority = match.group(1) or match.group(2)
    if item.status is None:
        match = _STATUS.search(text)
        if match:
            item.status = match.group(1)


def _finish(item: ActionItem) -> ActionItem:
    if item.due is not None:
        item.due_date = parse_date(plain(item.due))
    if item.owner is not None:
        item.owner = plain(item.owner).strip() or None
    return item


def _column(header: str) -> str | None:
    norm = " ".join(re.sub(r"[^\w#?' ]", " ", plain(header).lower()).split())
    for name, pattern in _COLUMNS.items():
        if pattern.match(norm):
            return name
    return None


def _tables(document: Document) -> list[ActionItem]:
    """Read action tables (Markdown or plain-text fence) line by line."""
    items: list[ActionItem] = []
    lines = document_lines(document)
    i = 0
    while i < len(lines):
        cells = pipe_cells(lines[i].text, lines[i].start)
        nxt = pipe_cells(lines[i + 1].text, lines[i + 1].start) if i + 1 < len(lines) else None
        if cells is None:
            i += 1
            continue
        columns = [_column(c[0]) for c in cells]
        is_actions = lines[i].section == "actions"
        has_fields = ("owner" in columns) or ("due" in columns and "action" in columns)
        if not (has_fields or (is_actions and "action" in columns)):
            # Skip the rest of this table.
            while i < len(lines) and pipe_cells(lines[i].text, lines[i].start) is not None:
                i += 1
            continue
        action_col = columns.index("action") if "action" in columns else next(
            (k for k, c in enumerate(columns) if c is None), 0
        )
        i += 1
        if nxt is not None and is_separator(nxt):
            i += 1
        while i < len(lines):
            row = pipe_cells(lines[i].text, lines[i].start)
            if row is None:
                break
            if is_separator(row):
                i += 1
                continue
            text, start, end = row[action_col] if action_col < len(row) else ("", lines[i].start, lines[i].end)
            if not text:
                first = next((c for c in row if c[0]), None)
                if first is None:
                    i += 1
                    continue
                start, end = first[1], first[2]
            item = ActionItem(text=text, start=start, end=end, shape="table-fence" if lines[i].fenced else "table",
                              section=lines[i].section)
            for col, (value, a, b) in zip(columns, row):
                if col is None or col == "action":
                    continue
                item.fields.add(col)
                if not value:
                    continue
                if col == "owner":
                    item.owner, item.owner_span = value, (a, b)
                elif col == "due":
                    item.due, item.due_span = value, (a, b)
                elif col == "priority":
                    item.priority = value
                elif col == "status":
                    item.status = value
                elif col == "tracking":
                    item.tracking = value
            _read_fields(item, text, start)
            items.append(_finish(item))
            i += 1
    return items


def _fence_lists(document: Document) -> list[ActionItem]:
    """Read list-shaped rows inside plain-text fences under an actions heading."""
    items: list[ActionItem] = []
    for line in document_lines(document):
        if not line.fenced or line.section != "actions":
            continue
        match = _LIST_LINE.match(line.text)
        if not match or pipe_cells(line.text) is not None:
            continue
        start = line.start + match.start("text")
        item = ActionItem(text=match.group("text").rstrip(), start=start, end=line.start + len(line.text.rstrip()),
                          shape="fence-list", section=line.section)
        if match.group("mark") is not None:
            item.status = "done" if match.group("mark") != " " else "open"
            item.fields.add("status")
        _read_fields(item, item.text, start)
        items.append(_finish(item))
    return items


_SUBFIELD = re.compile(r"(?i)^(owners?|assignees?|dri|due(?: date)?|eta|deadline|priority|status)\s*[:=]")


def _blocks(document: Document) -> list[ActionItem]:
    """Read Markdown list items under an actions heading, task items anywhere, and owner-first paragraphs."""
    items: list[ActionItem] = []
    by_item: dict[int, ActionItem] = {}
    for block in document.blocks:
        if block.scope == "action-item" and block.kind == "paragraph":
            if block.task is None and section_keys(block.heading) == {"preventive-measures"}:
                # The template's "Preventive measures" describes measures; its tracked items are in "Action items".
                continue
            if block.item_id in by_item:
                continue
            parent = items[-1] if items and block.list_depth > 1 and items[-1].block is not None else None
            if parent is not None and parent.block is not None and block.list_depth > parent.block.list_depth:
                # A nested "Owner: X" line belongs to the item above it; other sub-bullets are steps.
                if _SUBFIELD.match(block.text):
                    sub = ActionItem(text=block.text, start=0, end=0, shape="field")
                    _read_fields(sub, block.text, 0)
                    _map_spans(sub, block)
                    for name in ("owner", "due", "priority", "status"):
                        if getattr(parent, name) is None and getattr(sub, name) is not None:
                            setattr(parent, name, getattr(sub, name))
                            if name in ("owner", "due"):
                                setattr(parent, f"{name}_span", getattr(sub, f"{name}_span"))
                    parent.fields |= sub.fields
                continue
            start, end = block.source_span(0, len(block.text))
            item = ActionItem(text=block.text, start=start, end=end, shape="task" if block.task is not None else "list",
                              section=block.section, block=block)
            if block.task is not None:
                item.status = "done" if block.task else "open"
                item.fields.add("status")
            _read_fields(item, block.text, 0)
            _map_spans(item, block)
            by_item[block.item_id] = item
            items.append(item)
        elif block.scope == "prose" and block.section == "actions" and _OWNER_TO.match(block.text):
            start, end = block.source_span(0, len(block.text))
            item = ActionItem(text=block.text, start=start, end=end, shape="owner-first", section=block.section, block=block)
            _read_fields(item, block.text, 0)
            _map_spans(item, block)
            items.append(item)
    return [_finish(item) for item in items]


def _map_spans(item: ActionItem, block: Block) -> None:
    """Turn spans read from ``block.text`` (offset 0) into source spans."""
    if item.owner_span is not None:
        item.owner_span = block.source_span(*item.owner_span)
    if item.due_span is not None:
        item.due_span = block.source_span(*item.due_span)


def _build(document: Document) -> tuple[ActionItem, ...]:
    items = _blocks(document) + _tables(document) + _fence_lists(document)
    seen: set[tuple[int, int]] = set()
    out = []
    for item in sorted(items, key=lambda x: x.start):
        if (item.start, item.end) in seen:
            continue
        seen.add((item.start, item.end))
        out.append(item)
    return tuple(out)


def action_items(document: Document) -> tuple[ActionItem, ...]:
    """Return every action item of the document, in source order."""
    return cached("actions", document, _build)  # type: ignore[no-any-return]
