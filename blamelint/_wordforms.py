"""lemminflect with its lookup tables read on demand, so the first lookup costs milliseconds.

lemminflect parses its whole lemma table (70 000 words) on the first ``getAllLemmas`` and its
whole inflection table on the first ``getInflection``: 0.2 s each, paid by every run that meets
a capitalised word (:mod:`blamelint.people`) or writes a rewrite (:mod:`blamelint.rewrite`). Both
tables are only ever read with ``.get(word, {})``, so :func:`lemminflect` gives lemminflect a
table that finds a word's lines by bisection (the files are sorted by word; otherwise it indexes
them once) and parses them with lemminflect's own codec the first time the word is asked for. Values are identical to the eager tables
(``tests/test_wordforms.py`` compares them in full). With another lemminflect whose internals differ,
nothing is replaced and lemminflect loads its tables as usual.
"""

from __future__ import annotations

import bisect
import gzip
import re
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

__all__ = ["LazyTable", "lemminflect"]

_LOCK = threading.Lock()
#: The word of each line ("forgot,verb,forget"): the text before its first comma.
_KEY = re.compile(r"^([^,\n]*),", re.MULTILINE)
_INSTALLED = False


class LazyTable(dict):  # type: ignore[type-arg]
    """A ``dict`` of word -> entry whose entries are parsed from the table's lines when first read."""

    def __init__(self, path: str, build: Callable[[list[str]], Any], fixed: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._path = path
        self._build = build
        self._fixed = fixed or {}
        self._lines: dict[str, list[str]] | None = None
        self._sorted: tuple[Sequence[str], Sequence[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        """Every word's lines (a dict; used when the file is not sorted by word)."""
        if self._lines is None:
            lines: dict[str, list[str]] = {}
            for line in self._text().split("\n"):
                if line.strip():
                    lines.setdefault(line.strip().split(",", 1)[0], []).append(line)
            self._lines = lines
        return self._lines

    def _text(self) -> str:
        with gzip.open(self._path, "rb") as handle:
            return handle.read().decode()

    def _find(self, key: str) -> list[str] | None:
        """A word's lines: by bisection in the sorted file (its shipped form), else from :meth:`_index`."""
        if self._sorted is None:
            text = self._text()
            keys = _KEY.findall(text)
            lines = [line for line in text.split("\n") if line]
            if len(keys) == len(lines) and all(a <= b for a, b in zip(keys, keys[1:])):
                self._sorted = (keys, lines)
            else:
                self._sorted = ((), ())
        keys, lines = self._sorted
        if not keys:
            return self._index().get(key)
        low = bisect.bisect_left(keys, key)
        high = bisect.bisect_right(keys, key, low)
        return list(lines[low:high]) or None

    def get(self, key: Any, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if key in self._fixed:
            value = self._fixed[key]
        else:
            lines = self._find(key) if isinstance(key, str) else None
            if lines is None:
                return default
            value = self._build(lines)
        dict.__setitem__(self, key, value)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value


def _lemma_entry(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """What ``LemmaLUCodec.load`` makes of one word's lines."""
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.LexicalUtils import categoryToUPos

    entry: dict[str, tuple[str, ...]] = {}
    for line in lines:
        _word, category, forms = LemmaLUCodec.fromString(line)
        entry.update({categoryToUPos(category): forms})
    return entry


def _inflection_entry(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """What ``InflectionLUCodec.load`` makes of one word's lines."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    entry: dict[str, tuple[str, ...]] = {}
    for line in lines:
        _word, _category, forms = InflectionLUCodec.fromString(line)
        entry.update(forms)
    return entry


def _install() -> None:
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    if not hasattr(lemmatizer, "lemma_dict") and isinstance(getattr(lemmatizer, "lemma_lu_fn", None), str):
        lemmatizer.lemma_dict = LazyTable(lemmatizer.lemma_lu_fn, _lemma_entry)
    inflections = Inflections()
    if not hasattr(inflections, "infl_dict") and isinstance(getattr(inflections, "infl_lu_fn", None), str):
        # The codec overrides the entries of the modal and auxiliary verbs after reading.
        fixed = InflectionLUCodec.updateForAuxMod({})
        inflections.infl_dict = LazyTable(inflections.infl_lu_fn, _inflection_entry, fixed)


def lemminflect() -> ModuleType:
    """Return the ``lemminflect`` module, its lookup tables made lazy (once per process)."""
    global _INSTALLED
    import lemminflect as module

    if not _INSTALLED:
        with _LOCK:
            if not _INSTALLED:
                try:
                    _install()
                except (ImportError, AttributeError, TypeError):  # another lemminflect: its own loading
                    pass
                _INSTALLED = True
    return module
