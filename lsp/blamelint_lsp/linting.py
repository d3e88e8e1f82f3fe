"""Run the library on one document off the event loop, with caches (no LSP method of its own).

One :class:`~blamelint.engine.Linter` per distinct configuration; results are memoised by
(configuration, path, text hash) so re-opening, saving, pulling or asking for code actions on an
unchanged text never lints twice. Below that, each linter's :class:`~blamelint.engine.BlockCache`
keeps the parse, the block-local findings and the rewrites of every block by its content, so a
keystroke re-parses and re-checks only the block it changed; document-level checks (structure,
why-chains, timeline, action items) run again on every lint.

Garbage collection: what a lint leaves alive (the block caches grow with each keystroke) is moved
out of the cyclic collector's sight with :func:`gc.freeze` after every lint. Otherwise an automatic
full collection over the caches stalls one keystroke in a few dozen by 30-80 ms on a 5,000-word
document. Objects are still freed by reference counting as usual; only unreachable cycles (a few
dozen per hundred lints) wait for :meth:`LintCache.collect`, which the server runs when idle. A rule that raises is reported through
``on_rule_error`` (its findings for that document are dropped) and handed back to the caller to log
with code and URI.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.errors import InternalRuleError
from blamelint.findings import Finding

__all__ = ["BLOCK_CACHE_SIZE", "LintCache", "Outcome"]

#: Blocks each linter keeps (parses, findings and rewrites, each): a few long documents' worth.
BLOCK_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Outcome:
    """The findings of one lint and the rule errors met on the way."""

    findings: tuple[Finding, ...]
    errors: tuple[InternalRuleError, ...] = ()


class LintCache:
    """Thread-safe linting with a linter per configuration and an LRU of results."""

    def __init__(self, size: int = 128, block_cache: bool = True) -> None:
        self._block_cache = BLOCK_CACHE_SIZE if block_cache else 0
        self._lock = threading.Lock()
        self._linters: dict[tuple[object, ...], Linter] = {}
        self._results: OrderedDict[tuple[object, ...], Outcome] = OrderedDict()
        self._size = size

    def linter(self, config: Config) -> Linter:
        """Return the cached linter for ``config``."""
        key = config.identity()
        linter = self._linters.get(key)
        if linter is None:
            linter = self._linters[key] = Linter(config, block_cache=self._block_cache)
        return linter

    @staticmethod
    def _settle() -> None:
        """Move what the first lint loaded (pipeline, matchers, the first parses) out of the garbage
        collector's sight: a full collection over it would stall a later keystroke's lint."""
        gc.collect()
        gc.freeze()

    def collect(self) -> None:
        """Collect cyclic garbage, the frozen objects included, then freeze the survivors again."""
        with self._lock:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def lint(self, config: Config, path: str, text: str) -> Outcome:
        """Lint ``text`` (runs in a worker thread; spaCy work is serialised by a lock)."""
        key = (config.identity(), path, hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest())
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            errors: list[InternalRuleError] = []
            first = config.identity() not in self._linters
            findings = self._lint_sparing(config, path, text, errors)
            if first:
                self._settle()
            else:
                gc.freeze()
            outcome = Outcome(findings, tuple(errors))
            self._results[key] = outcome
            while len(self._results) > self._size:
                self._results.popitem(last=False)
            return outcome

    def _lint_sparing(self, config: Config, path: str, text: str, errors: list[InternalRuleError]) -> tuple[Finding, ...]:
        """Lint, collecting rule errors; if one still escapes (a code path that ignores
        ``on_rule_error``), lint again with that rule ignored so the other rules' findings survive."""
        for _ in range(8):
            linter = self.linter(config)
            linter.on_rule_error = errors.append
            try:
                return tuple(next(iter(linter.lint_many([(path, text)]))).findings)
            except InternalRuleError as exc:
                errors.append(exc)
                config = config.merged(ignore=config.ignore + (exc.code,))
            finally:
                linter.on_rule_error = None
        return ()
