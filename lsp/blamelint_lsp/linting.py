"""Run the library on one document off the event loop, with caches (no LSP method of its own).

One :class:`~blamelint.engine.Linter` per distinct configuration; results are memoised by
(configuration, path, text hash) so re-opening, saving, pulling or asking for code actions on an
unchanged text never lints twice. Below that, :func:`install_block_cache` memoises the spaCy parse
of each block by its text, so a keystroke re-parses only the block it changed: the engine gets a
fresh ``Doc.copy()`` of a pristine cached parse, so marks the engine sets on tokens never leak
between lints or configurations. A rule that raises is reported through ``on_rule_error`` (its
findings for that document are dropped) and handed back to the caller to log with code and URI.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.errors import InternalRuleError
from blamelint.findings import Finding

__all__ = ["LintCache", "Outcome", "install_block_cache"]

_BLOCK_CACHE_SIZE = 5_000
_installed = False


def install_block_cache(size: int = _BLOCK_CACHE_SIZE) -> None:
    """Wrap the engine's ``parse_texts`` with a per-block-text cache (idempotent; call under the lint lock).

    A stop-gap until the core offers a parse cache hook: it replaces ``blamelint.engine.parse_texts``
    in this process only (the language server's), keyed by pipeline, required components and text.
    """
    global _installed
    if _installed:
        return
    from blamelint import engine

    original = engine.parse_texts
    cache: OrderedDict[tuple[object, ...], Any] = OrderedDict()

    def parse_texts(nlp: Any, texts: Sequence[str], requires: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
        base = (id(nlp), frozenset(requires))
        missing = [t for t in dict.fromkeys(texts) if (base, t) not in cache]
        if missing:
            for text, doc in zip(missing, original(nlp, missing, requires, batch_size)):
                cache[(base, text)] = doc
        docs = []
        for text in texts:
            key = (base, text)
            cache.move_to_end(key)
            docs.append(cache[key].copy())
        while len(cache) > size:
            cache.popitem(last=False)
        return iter(docs)

    engine.parse_texts = parse_texts  # type: ignore[assignment]
    _installed = True


@dataclass(frozen=True)
class Outcome:
    """The findings of one lint and the rule errors met on the way."""

    findings: tuple[Finding, ...]
    errors: tuple[InternalRuleError, ...] = ()


class LintCache:
    """Thread-safe linting with a linter per configuration and an LRU of results."""

    def __init__(self, size: int = 128, block_cache: bool = True) -> None:
        if block_cache:
            install_block_cache()
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
            errors: list[InternalRuleError] = []
            findings = self._lint_sparing(config, path, text, errors)
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
