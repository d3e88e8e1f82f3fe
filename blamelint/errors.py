"""Exceptions blamelint raises.

Input problems in a linted document are never exceptions: they become ``meta`` findings (BL0xx).
Exceptions are for problems that stop a run, and the CLI maps every one of them to exit code 2::

    BlamelintError
    ├── ConfigError          an invalid config file or option (names the file and the key)
    ├── RuleFileError        an invalid rule file (names path:line and the offending key or pattern)
    ├── PipelineError        no spaCy pipeline could be loaded (names the pip install to run)
    ├── SelectionError       an unknown rule code or category in --select/--ignore
    └── InternalRuleError    a rule raised while checking a document (names the rule and the path)
"""

from __future__ import annotations

__all__ = [
    "BlamelintError",
    "ConfigError",
    "InternalRuleError",
    "PipelineError",
    "RuleFileError",
    "SelectionError",
]


class BlamelintError(Exception):
    """Base class of every error blamelint raises on purpose."""


class ConfigError(BlamelintError):
    """A config file or option is invalid."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = path or "configuration"
        if key:
            where = f"{where}: {key}"
        super().__init__(f"{where}: {message}")


class RuleFileError(BlamelintError):
    """A rule file (or a rule pack) does not validate."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class PipelineError(BlamelintError):
    """No usable spaCy pipeline is installed."""


class SelectionError(BlamelintError):
    """A --select/--ignore value names no known rule code or category."""


class InternalRuleError(BlamelintError):
    """A rule raised an exception while checking one document."""

    def __init__(self, code: str, path: str, original: BaseException) -> None:
        self.code = code
        self.path = path
        self.original = original
        super().__init__(f"rule {code} failed on {path}: {type(original).__name__}: {original}")
