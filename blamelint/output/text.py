"""``--format text``: ruff-style ``path:line:col: CODE message`` with the source line and a caret."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..engine import LintResult
    from ..registry import RuleSet
    from . import RenderOptions

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _snippet(result: LintResult, finding: Finding, color: bool) -> list[str]:
    document = result.document
    if document is None:
        return []
    line_no = finding.range.start.line
    line = document.line_text(line_no).replace("\t", " ")
    if not line.strip():
        return []
    start = finding.range.start.column - 1
    if finding.range.end.line == line_no:
        width = max(finding.range.end.column - finding.range.start.column, 1)
    else:
        width = max(len(line) - start, 1)
    gutter = " " * len(str(line_no))
    caret = " " * start + "^" * width
    return [
        f"{gutter} |",
        f"{line_no} | {line}",
        f"{gutter} | " + _style(caret, _COLORS[finding.severity], color),
    ]


def render(results: Sequence[LintResult], rules: RuleSet, options: RenderOptions) -> str:
    """Return every finding with its source line, then a closing count."""
    out: list[str] = []
    counts: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    files = 0
    for result in results:
        if result.findings:
            files += 1
        for finding in result.findings:
            counts[finding.severity.value] += 1
            by_code[finding.code] += 1
            pos = finding.range.start
            head = f"{finding.path}:{pos.line}:{pos.column}:"
            code = _style(finding.code, "1;" + _COLORS[finding.severity], options.color)
            out.append(f"{_style(head, '1', options.color)} {code} [{finding.severity.value}] {finding.message}")
            out.extend(_snippet(result, finding, options.color))
            if options.show_fixes and finding.fixes:
                out.append(f"{' ' * len(str(pos.line))} = help: {finding.fixes[0].title}")
            out.append("")
    if options.statistics and by_code:
        names = {rule.code: rule.name for rule in rules}
        for code, number in by_code.most_common():
            out.append(f"{number:5}  {code}  {names.get(code, '')}")
        out.append("")
    total = sum(counts.values())
    if total:
        plural = {"error": "errors", "warning": "warnings", "info": "info"}
        detail = ", ".join(
            f"{counts[s]} {s if counts[s] == 1 else plural[s]}" for s in ("error", "warning", "info") if counts[s]
        )
        noun = "problem" if total == 1 else "problems"
        out.append(f"Found {total} {noun} ({detail}) in {files} of {len(results)} files.")
    else:
        out.append(f"All checks passed ({len(results)} files).")
    return "\n".join(out) + "\n"
