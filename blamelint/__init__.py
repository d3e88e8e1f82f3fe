"""blamelint: keep incident postmortems blameless.

The public API is re-exported here; everything else is an implementation detail.
"""

from __future__ import annotations

from ._version import __version__
from .api import explain, lint_path, lint_paths, lint_text, list_rules
from .config import Config, config_for, load_config
from .document import Document, parse_document
from .engine import Linter, LintResult
from .errors import BlamelintError, ConfigError, InternalRuleError, PipelineError, RuleFileError, SelectionError
from .findings import Applicability, Edit, Finding, Fix, Position, Range, Severity
from .fixes import FixResult, apply_fixes
from .registry import RuleSet, load_rules
from .rule import Rule

__all__ = [
    "Applicability",
    "BlamelintError",
    "Config",
    "ConfigError",
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "InternalRuleError",
    "LintResult",
    "Linter",
    "PipelineError",
    "Position",
    "Range",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "SelectionError",
    "Severity",
    "__version__",
    "apply_fixes",
    "config_for",
    "explain",
    "lint_path",
    "lint_paths",
    "lint_text",
    "list_rules",
    "load_config",
    "load_rules",
    "parse_document",
]
