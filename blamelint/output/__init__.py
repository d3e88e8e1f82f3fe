"""Reporters: one module per output format, each a function ``render(results, rules, options) -> str``.

``FORMATS`` maps a ``--format`` name to its reporter; the CLI offers exactly these names. A
reporter gets every :class:`~blamelint.engine.LintResult` of the run (documents included, for
source lines) and the rule set (for descriptors), and returns the whole output as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..engine import LintResult
from ..registry import RuleSet

__all__ = ["FORMATS", "RenderOptions", "Reporter"]


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour for terminals, statistics, and the tool version for machine formats."""

    color: bool = False
    statistics: bool = False
    show_fixes: bool = True
    version: str = ""


Reporter = Callable[[Sequence[LintResult], RuleSet, RenderOptions], str]


def _load() -> dict[str, Reporter]:
    from . import github as github_format
    from . import json as json_format
    from . import junit as junit_format
    from . import sarif as sarif_format
    from . import text as text_format

    return {
        "text": text_format.render,
        "json": json_format.render,
        "sarif": sarif_format.render,
        "github": github_format.render,
        "junit": junit_format.render,
    }


FORMATS: dict[str, Reporter] = _load()
