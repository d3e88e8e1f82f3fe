"""Find why-chains in the Markdown shapes of guidance §3.2 and in plain-text fences.

Recognised shapes, each step recording the source span of its question and answer:

1. labelled lines: ``Why 1: …`` / ``**Why #2:** …``, the answer on the same line (after the ``?``
   or as the whole statement) or on the next line (``Because …``, ``Answer: …``, ``A: …``, ``→ …``);
2. numbered or bulleted questions: ``1. Why was the site down? The CPU …``;
3. question/answer pairs: ``Q: …`` then ``A: …``;
4. tables with a why/question column and a because/answer/cause column;
5. under a why heading ("5 Whys", "Why chain"): a list of statements, one step each, or nested
   bullets where each deeper level is the next why;
6. under a why or analysis heading: an arrow chain ``A → because B → because C``.

A line "Root cause: …" / "So the root cause is …" after the chain is its stated conclusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .text import PLACEHOLDER, Heading, Line, cached, document_lines, is_separator, pipe_cells, plain

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["Step", "WhyChain", "why_chains", "WHY_HEADING", "is_empty_answer"]

_E = r"(?:\*\*|__)?"
# "Why 1: …", "**Why #2:** …", "- Why 3 — …".
_LABELLED = re.compile(rf"(?i)^\s*(?:[-*+]\s+|\d+[.)]\s+)?{_E}\s*why\s*#?\s*(?P<n>\d+)\s*{_E}\s*[:.)\-–—]\s*{_E}\s*(?P<rest>.*?)\s*$")
# "1. Why was the website down? The CPU …", "- Why …?".
_QUESTION = re.compile(rf"(?i)^\s*(?:[-*+]\s+|\d+[.)]\s+)?{_E}(?P<q>why\b[^?]*\?){_E}\s*(?P<rest>.*?)\s*$")
# "Q: …", "**Question 2:** …".
_Q = re.compile(rf"(?i)^\s*(?:[-*+]\s+)?{_E}(?:q|question)\s*\d*\s*{_E}\s*[:.]\s*{_E}\s*(?P<q>.*?)\s*$")
# "A: …", "Answer: …", "Because …", "→ …".
_ANSWER = re.compile(rf"(?i)^\s*(?:[-*+]\s+)?(?:{_E}(?:a|answer)\s*\d*\s*{_E}\s*[:.]\s*{_E}\s*|(?:->|→|=>)\s*|(?={_E}because\b))(?P<a>.*?)\s*$")
# "Root cause: …", "So the root cause is …", "∴ …", "Conclusion: …".
_CONCLUSION = re.compile(
    rf"(?i)^\s*(?:[-*+]\s+)?{_E}(?:so,?\s+)?(?:the\s+)?(?:(?:systemic\s+)?root[\s-]?causes?(?:\s*\(s\))?|conclusion|systemic cause)"
    rf"\s*{_E}\s*(?::|\s(?:is|was|are|were)\b){_E}\s*(?P<c>.+?)\s*$|^\s*(?:∴|therefore,?)\s*(?P<c2>.+?)\s*$"
)
_LIST = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<text>\S.*?)\s*$")
_ARROW = re.compile(r"\s*(?:→|->|=>|⟶|←|<-)\s*")
#: A heading that announces a why-chain.
WHY_HEADING = re.compile(r"(?i)\b(?:5|five)[\s-]*whys?\b|\bwhy[\s-]?(?:chain|analysis)\b|\bwhys\b|\bfive whys\b")
_EMPTY = re.compile(r"^(?:\.{2,}|…|tbd|tba|todo|n/?a|none|-+|\?+|unknown|that'?s it|no further cause|\[[^\]]*\])$", re.IGNORECASE)


def is_empty_answer(text: str | None) -> bool:
    """Return True for a missing, placeholder or content-free answer."""
    if text is None:
        return True
    body = plain(PLACEHOLDER.sub("", text)).strip(" .:;-–—*_`")
    return not body or bool(_EMPTY.match(body))


@dataclass
class Step:
    """One why: its question (when written) and answer, with source spans."""

    question: str | None
    q_span: tuple[int, int] | None
    answer: str | None = None
    a_span: tuple[int, int] | None = None
    indent: int = 0

    @property
    def answered(self) -> bool:
        """Return True when the step has a real answer."""
        return not is_empty_answer(self.answer)

    @property
    def span(self) -> tuple[int, int]:
        """Return the answer's span, else the question's."""
        return self.a_span or self.q_span or (0, 0)


@dataclass
class WhyChain:
    """A why-chain: its steps, shape, conclusion and where it starts."""

    shape: str
    heading: Heading | None
    steps: list[Step] = field(default_factory=list)
    conclusion: str | None = None
    c_span: tuple[int, int] | None = None

    @property
    def answered(self) -> list[Step]:
        """Return the steps that have an answer."""
        return [s for s in self.steps if s.answered]

    @property
    def unfilled(self) -> bool:
        """Return True for an untouched template: no step has an answer."""
        return not self.answered

    @property
    def terminal(self) -> tuple[str, tuple[int, int]] | None:
        """Return the text and span of the chain's last answer (the stated conclusion when present)."""
        if self.conclusion and not is_empty_answer(self.conclusion) and self.c_span:
            return plain(self.conclusion), self.c_span
        steps = self.answered
        if not steps:
            return None
        last = steps[-1]
        return plain(last.answer or ""), last.span

    @property
    def span(self) -> tuple[int, int]:
        """Return the span of the chain's first step."""
        if not self.steps:
            return (0, 0)
        return self.steps[0].q_span or self.steps[0].span


def _span(line: Line, match: re.Match[str], group: str) -> tuple[int, int]:
    raw = match.group(group) or ""
    start = line.start + match.start(group)
    stripped = raw.rstrip("*_ ")
    lead = len(stripped) - len(stripped.lstrip("*_ "))
    return (start + lead, start + len(stripped))


def _text(match: re.Match[str], group: str) -> str:
    return (match.group(group) or "").strip().strip("*_").strip()


def _scan_section(lines: list[Line]) -> list[WhyChain]:
    chains: list[WhyChain] = []
    chain: WhyChain | None = None
    pending: Step | None = None
    gap = 0
    heading = lines[0].heading if lines else None
    why_heading = heading is not None and bool(WHY_HEADING.search(heading.text))
    analysis = heading is not None and heading.section == "analysis"

    def close() -> None:
        nonlocal chain, pending
        if chain is not None and chain.steps:
            chains.append(chain)
        chain, pending = None, None

    def start(shape: str) -> WhyChain:
        nonlocal chain
        if chain is None or chain.shape != shape:
            close()
            chain = WhyChain(shape, heading)
        return chain

    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        i += 1
        if text.lstrip().startswith("#"):
            continue
        if not text.strip():
            continue
        cells = pipe_cells(text, line.start)
        if cells is not None:
            close()
            i = _table(lines, i - 1, chains, heading)
            continue
        conclusion = _CONCLUSION.match(text)
        if conclusion and chains + ([chain] if chain and chain.steps else []):
            target = chain if chain is not None and chain.steps else chains[-1]
            group = "c" if conclusion.group("c") else "c2"
            if target.conclusion is None:
                target.conclusion = _text(conclusion, group)
                target.c_span = _span(line, conclusion, group)
            pending = None
            continue
        labelled = _LABELLED.match(text)
        if labelled:
            current = start("labelled")
            if labelled.group("n") == "1" and current.steps:
                close()
                current = start("labelled")
            rest = labelled.group("rest")
            step = Step(None, _span(line, labelled, "rest"))
            masked = PLACEHOLDER.sub(lambda m: "_" * len(m.group(0)), rest)
            if "?" in masked:
                cut = masked.index("?")
                q, after = rest[:cut], rest[cut + 1 :]
                step.question = plain(q + "?")
                q_start = line.start + labelled.start("rest")
                step.q_span = (q_start, q_start + len(q) + 1)
                if after.strip(" *_"):
                    a_start = line.start + labelled.start("rest") + len(q) + 1
                    a_text = after
                    lead = len(a_text) - len(a_text.lstrip(" *_"))
                    step.answer = plain(a_text)
                    step.a_span = (a_start + lead, a_start + len(a_text.rstrip(" *_")))
                    pending = None
                else:
                    pending = step
            else:
                step.answer = plain(rest)
                step.a_span, step.q_span = step.q_span, None
                pending = None
            current.steps.append(step)
            gap = 0
            continue
        numbered = _QUESTION.match(text)
        question = numbered or _Q.match(text)
        if question:
            current = start("questions" if numbered else "qa")
            step = Step(plain(question.group("q")), _span(line, question, "q"))
            rest = question.groupdict().get("rest") or ""
            if rest.strip(" *_"):
                step.answer, step.a_span = plain(rest), _span(line, question, "rest")
                pending = None
            else:
                pending = step
            current.steps.append(step)
            gap = 0
            continue
        answer = _ANSWER.match(text)
        if pending is not None and (answer or gap == 0):
            if answer:
                pending.answer, pending.a_span = plain(answer.group("a")), _span(line, answer, "a")
            else:
                stripped = text.strip()
                offset = line.start + text.index(stripped)
                pending.answer, pending.a_span = plain(stripped), (offset, offset + len(stripped))
            pending = None
            gap = 0
            continue
        if why_heading or analysis:
            arrow = [p for p in _ARROW.split(plain(text)) if p.strip()]
            if len(arrow) >= 2 and _ARROW.search(text) and not _LIST.match(text):
                close()
                arrowed = WhyChain("arrows", heading)
                pieces = list(_ARROW.finditer(text))
                for k, piece in enumerate(pieces):
                    a = piece.end()
                    b = pieces[k + 1].start() if k + 1 < len(pieces) else len(text.rstrip())
                    part = text[a:b]
                    lead = re.match(r"\s*(?:because(?: of)?\s+)?", part, re.IGNORECASE)
                    a += lead.end() if lead else 0
                    part = text[a:b].rstrip()
                    b = a + len(part)
                    if part.strip():
                        arrowed.steps.append(Step(None, None, plain(part), (line.start + a, line.start + b)))
                chains.append(arrowed)
                continue
        if why_heading:
            listed = _LIST.match(text)
            if listed:
                current = start("list")
                body = listed.group("text")
                step = Step(None, None, plain(body), (line.start + listed.start("text"), line.start + listed.end("text")))
                step.indent = len(listed.group("indent").replace("\t", "    "))
                current.steps.append(step)
                continue
        gap += 1
        if gap > 2:
            close()
            gap = 0
    close()
    for found in chains:
        if found.shape == "list":
            _fold_nested(found)
    # One "Why …?" paragraph outside a why section is a question, not a chain.
    return [c for c in chains if not (c.shape == "questions" and len(c.steps) < 2 and not why_heading and c.conclusion is None)]


def _fold_nested(chain: WhyChain) -> None:
    """Turn nested bullets into one path of whys: the last item at each indentation level."""
    levels = sorted({s.indent for s in chain.steps})
    if len(levels) <= 1:
        return
    by_level = {step.indent: step for step in chain.steps}
    chain.steps = [by_level[level] for level in levels]


_WHY_COL = re.compile(r"(?i)^(why|question|why\?|q)\b")
_ANS_COL = re.compile(r"(?i)^(because|answer|cause|reason|a)\b")


def _table(lines: list[Line], i: int, chains: list[WhyChain], heading: Heading | None) -> int:
    header = pipe_cells(lines[i].text, lines[i].start) or []
    names = [plain(c[0]) for c in header]
    why_col = next((k for k, n in enumerate(names) if _WHY_COL.match(n)), None)
    ans_col = next((k for k, n in enumerate(names) if _ANS_COL.match(n)), None)
    i += 1
    if why_col is None or ans_col is None:
        while i < len(lines) and pipe_cells(lines[i].text, lines[i].start) is not None:
            i += 1
        return i
    chain = WhyChain("table", heading)
    while i < len(lines):
        row = pipe_cells(lines[i].text, lines[i].start)
        if row is None:
            break
        i += 1
        if is_separator(row):
            continue
        q = row[why_col] if why_col < len(row) else ("", 0, 0)
        a = row[ans_col] if ans_col < len(row) else ("", 0, 0)
        if not q[0] and not a[0]:
            continue
        step = Step(plain(q[0]) or None, (q[1], q[2]) if q[0] else None, plain(a[0]) or None, (a[1], a[2]) if a[0] else None)
        if step.q_span is None:
            step.q_span = (row[0][1], row[0][2])
        chain.steps.append(step)
    if chain.steps:
        chains.append(chain)
    return i


def _build(document: Document) -> tuple[WhyChain, ...]:
    groups: list[list[Line]] = []
    for line in document_lines(document):
        if not groups or groups[-1][0].heading is not line.heading:
            groups.append([])
        groups[-1].append(line)
    chains: list[WhyChain] = []
    for group in groups:
        if group[0].section == "timeline":
            continue
        chains.extend(_scan_section(group))
    return tuple(chains)


def why_chains(document: Document) -> tuple[WhyChain, ...]:
    """Return every why-chain of the document, in source order."""
    return cached("whys", document, _build)  # type: ignore[no-any-return]
