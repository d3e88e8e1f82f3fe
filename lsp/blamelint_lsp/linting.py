"""Run the library on one document off the event loop, with caches (no LSP method of its own).

One :class:`~blamelint.engine.Linter` per distinct configuration; results are memoised by
(configuration, path, text hash) so re-opening, saving, pulling or asking for code actions on an
unchanged text never lints twice. A rule that raises is reported through ``on_rule_error`` (its
findings for that document are dropped) and handed back to the caller to log with code and URI.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.errors import InternalRuleError
from blamelint.findings import Finding

__all__ = ["LintCache", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    """The findings of one lint and the rule errors met on the way."""

    findings: tuple[Finding, ...]
    errors: tuple[InternalRuleError, ...] = ()


class LintCache:
    """Thread-safe linting with a linter per configuration and an LRU of results."""

    def __init__(self, size: int = 128) -> None:
        self._lock = threading.Lock()
        self._linters: dict[tuple[object, ...], Linter] = {}
        self._results: OrderedDict[tuple[object, ...], Outcome] = OrderedDict()
        self._size = size

    def linter(self, config: Config) -> Linter:
        """Return the cached linter for ``config``."""
        key = config.identity()
        linter = self._linters.get(key)
        if linter is None:
            linter = self._linters[key] = Linter(config)
        return linter

    def lint(self, config: Config, path: str, text: str) -> Outcome:
        """Lint ``text`` (runs in a worker thread; spaCy work is serialised by a lock)."""
        key = (config.identity(), path, hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest())
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            linter = self.linter(config)
            errors: list[InternalRuleError] = []
            linter.on_rule_error = errors.append
            try:
                findings = tuple(next(iter(linter.lint_many([(path, text)]))).findings)
            finally:
                linter.on_rule_error = None
            outcome = Outcome(findings, tuple(errors))
            self._results[key] = outcome
            while len(self._results) > self._size:
                self._results.popitem(last=False)
            return outcome
