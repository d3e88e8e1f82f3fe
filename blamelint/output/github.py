"""``--format github``: GitHub Actions workflow commands that become annotations on a pull request.

One line per finding::

    ::error file=docs/pm.md,line=5,col=1,endLine=5,endColumn=12,title=BL101 blame-subject::“John forgot” ...

error → ``::error``, warning → ``::warning``, info → ``::notice``. Escaping follows actions/toolkit
(``command.ts``): in the message ``%`` → ``%25``, ``\\r`` → ``%0D``, ``\\n`` → ``%0A``; property values
additionally escape ``:`` → ``%3A`` and ``,`` → ``%2C``. ``col``/``endColumn`` are only given when the
finding starts and ends on the same line (GitHub ignores them otherwise). Paths are made relative to
the working directory (the checkout root in Actions) when the file is inside it.

GitHub shows at most ten annotations of each kind per step; the Action therefore also writes every
finding to the job summary (``scripts/action/blamelint_action.py``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..engine import LintResult
    from ..registry import RuleSet
    from . import RenderOptions

__all__ = ["command", "escape_data", "escape_property", "render", "display_path"]

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, properties: dict[str, object]) -> str:
    """Return one workflow command line (``::name k=v,k=v::message``), escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def display_path(path: str, root: str | None = None) -> str:
    """Return ``path`` relative to ``root`` (default: cwd) with ``/`` separators when inside it."""
    if path == "-":
        return path
    base = Path(root or os.getcwd()).resolve()
    target = Path(path)
    absolute = (target if target.is_absolute() else base / target).resolve()
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def annotation(finding: Finding, root: str | None = None) -> str:
    """Return the workflow command for one finding."""
    start, end = finding.range.start, finding.range.end
    same_line = start.line == end.line
    properties: dict[str, object] = {
        "file": display_path(finding.path, root),
        "line": start.line,
        "col": start.column if same_line else None,
        "endLine": max(end.line, start.line),
        "endColumn": max(end.column, start.column) if same_line else None,
        "title": f"{finding.code} {finding.rule}",
    }
    return command(COMMANDS[Severity(finding.severity)], finding.message, properties)


def render(results: Sequence[LintResult], rules: RuleSet, options: RenderOptions) -> str:
    """Return one workflow command per finding."""
    lines = [annotation(f) for result in results for f in result.findings]
    return "".join(line + "\n" for line in lines)
