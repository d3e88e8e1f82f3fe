"""Apply the fixes of findings to a text: the new text, what was applied and what was skipped.

**Which fix of a finding.** A finding may offer several fixes, best first. The first one whose
applicability is allowed (``safe``; ``unsafe`` too when asked) and that has edits is the
candidate; ``display-only`` fixes are never applied. At most one fix per finding.

**Overlap policy** (:func:`select_fixes`): candidates are taken in source order (the start of
their first edit, then the shorter one, then the rule code); a candidate is applied when none of
its edits overlaps an edit already chosen, and skipped otherwise. Two ranges overlap when they
share a character; an insertion overlaps a range it falls strictly inside, and another insertion
at the same offset. Ranges that only touch do not overlap. A skipped fix is usually picked up by
the next pass once the text is linted again (:func:`fix_text` runs passes until nothing changes).

**Never touched.** Edits that reach into fenced or indented code, front matter, an HTML comment or
inline code are skipped, whoever made them; so are edits whose range does not fit the text (a
finding from another version of the file). A fix is all or nothing: if one edit is refused, none
of its edits is applied.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .document import Document, parse_document
from .errors import BlamelintError
from .findings import Applicability, Edit, Finding, Fix
from .sources import decode

__all__ = [
    "AppliedFix",
    "FileChangedError",
    "FixResult",
    "SkippedFix",
    "apply_fixes",
    "fix_text",
    "protected_ranges",
    "read_for_fix",
    "select_fixes",
    "write_fixed",
]

MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A fix that was applied, with the finding it resolves."""

    finding: Finding
    fix: Fix


@dataclass(frozen=True, slots=True)
class SkippedFix:
    """A fix that was not applied, and why."""

    finding: Finding
    fix: Fix
    reason: str


@dataclass(frozen=True, slots=True)
class FixResult:
    """The outcome of applying fixes: the new text plus what was applied and what was skipped."""

    text: str
    applied: tuple[AppliedFix, ...] = ()
    skipped: tuple[SkippedFix, ...] = ()
    #: The findings that remain in ``text`` (set by :func:`fix_text`, which lints the final text).
    remaining: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        """Return True when at least one fix was applied."""
        return bool(self.applied)


def _allowed(fix: Fix, unsafe: bool) -> bool:
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _span(edit: Edit) -> tuple[int, int]:
    return edit.range.start.offset, edit.range.end.offset


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    (a0, a1), (b0, b1) = a, b
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def protected_ranges(document: Document) -> list[tuple[int, int, str]]:
    """Return the source ranges no fix may touch: code, front matter, HTML comments, inline code."""
    out: list[tuple[int, int, str]] = [(c.start, c.end, "a code block") for c in document.code_blocks]
    out += [(c.start, c.end, "an HTML comment") for c in document.comments]
    if document.front_matter is not None:
        out.append((document.front_matter.start, document.front_matter.end, "front matter"))
    for block in document.blocks:
        for start, end in block.code_spans:
            if block.text and start < end:
                a, b = block.source_span(start, end)
                out.append((a, b, "inline code or a URL"))
    return out


def _check_range(document: Document, edit: Edit) -> str:
    start, end = _span(edit)
    if not 0 <= start <= end <= len(document.source):
        return "its range lies outside the text"
    for position in (edit.range.start, edit.range.end):
        if document.position(position.offset) != position:
            return "its range does not match the text (the findings come from another version)"
    return ""


def select_fixes(
    findings: Iterable[Finding], document: Document, *, unsafe: bool = False
) -> tuple[list[AppliedFix], list[SkippedFix]]:
    """Choose the fixes to apply under the overlap policy described in the module docstring."""
    candidates: list[tuple[tuple[int, int, str], Finding, Fix]] = []
    skipped: list[SkippedFix] = []
    for finding in findings:
        fix = next((f for f in finding.fixes if f.edits and _allowed(f, unsafe)), None)
        if fix is None:
            continue
        first = min(_span(e) for e in fix.edits)
        candidates.append(((first[0], first[1], finding.code), finding, fix))
    protected = protected_ranges(document)
    chosen: list[tuple[int, int]] = []
    applied: list[AppliedFix] = []
    for _, finding, fix in sorted(candidates, key=lambda c: c[0]):
        spans = [_span(e) for e in fix.edits]
        reason = next((r for r in (_check_range(document, e) for e in fix.edits) if r), "")
        if not reason and any(_overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :]):
            reason = "its own edits overlap"
        if not reason:
            for start, end, what in protected:
                if any(_overlap(span, (start, end)) or (span[0] == span[1] and start < span[0] < end) for span in spans):
                    reason = f"it would change {what}"
                    break
        if not reason and any(_overlap(span, other) for span in spans for other in chosen):
            reason = "it overlaps a fix applied before it (run again to apply it)"
        if reason:
            skipped.append(SkippedFix(finding, fix, reason))
            continue
        chosen.extend(spans)
        applied.append(AppliedFix(finding, fix))
    return applied, skipped


def _apply_edits(text: str, edits: Sequence[Edit]) -> str:
    out: list[str] = []
    last = 0
    for edit in sorted(edits, key=lambda e: (_span(e), e.replacement)):
        start, end = _span(edit)
        out.append(text[last:start])
        out.append(edit.replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> FixResult:
    """Apply the fixes of ``findings`` (found in ``text``) and return the new text and a record.

    Safe fixes are applied; with ``unsafe=True`` unsafe ones too; display-only fixes never.
    Overlaps, protected regions and stale ranges are handled as the module docstring describes.
    """
    document = parse_document(text)
    applied, skipped = select_fixes(findings, document, unsafe=unsafe)
    new_text = _apply_edits(text, [e for a in applied for e in a.fix.edits])
    return FixResult(new_text, tuple(applied), tuple(skipped))


def fix_text(
    text: str,
    lint: Callable[[str], list[Finding]],
    *,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
    findings: Sequence[Finding] | None = None,
) -> FixResult:
    """Lint, apply fixes and lint again until no fix applies (at most ``max_passes`` passes).

    ``lint`` maps a text to its findings (``Linter.lint_text`` or a closure with a path);
    ``findings``, when given, are the findings of ``text`` already at hand (the first lint is
    skipped). The result's ``skipped`` holds what the last pass could not apply.
    """
    applied: list[AppliedFix] = []
    skipped: tuple[SkippedFix, ...] = ()
    current = text
    findings = list(findings) if findings is not None else lint(current)
    for _ in range(max_passes):
        result = apply_fixes(current, findings, unsafe=unsafe)
        skipped = result.skipped
        if not result.changed or result.text == current:
            break
        applied.extend(result.applied)
        current = result.text
        findings = lint(current)
    return FixResult(current, tuple(applied), skipped, tuple(findings))


class FileChangedError(BlamelintError):
    """A file changed on disk between reading it and writing its fixes; nothing was written."""


def read_for_fix(path: str) -> tuple[bytes, str | None, str]:
    """Read a file for fixing: its bytes, its text (None when it cannot be fixed) and why not."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data, None, "fixes are written to UTF-8 files only"
    text, problem = decode(data)
    return data, text, problem


def write_fixed(path: str, new_text: str, original: bytes) -> None:
    """Write ``new_text`` to ``path`` atomically, keeping its mode and its UTF-8 byte-order mark.

    The text goes to a temporary file in the same folder, which then replaces the file (a symlink
    is followed, so the link stays a link). Raise :class:`FileChangedError` when the file's bytes
    are no longer ``original``.
    """
    target = os.path.realpath(path)
    with open(target, "rb") as handle:
        if handle.read() != original:
            raise FileChangedError(f"{path}: the file changed on disk since it was read; fixes not written")
    mode = stat.S_IMODE(os.stat(target).st_mode)
    data = (codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b"") + new_text.encode("utf-8")
    folder, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".blamelint-tmp", dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
