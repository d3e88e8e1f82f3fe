"""Find Markdown files and read them as text without ever raising on bad bytes.

``discover`` expands files, folders (recursively: ``*.md`` and ``*.markdown``) and glob patterns,
never follows symlinked folders (so a link loop cannot hang a run) and skips hidden folders and
``node_modules``. ``read_source`` decodes UTF-8 (with or without a byte-order mark) and UTF-16 with
a byte-order mark; anything else comes back as a problem description naming the byte offset.
"""

from __future__ import annotations

import codecs
import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MARKDOWN_SUFFIXES", "Source", "discover", "read_source", "decode"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}


@dataclass(frozen=True, slots=True)
class Source:
    """A file's text, or why it has none (``problem``), with the path as given."""

    path: str
    text: str | None
    problem: str = ""


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes; return ``(text, "")`` or ``(None, problem)``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError as exc:
            return None, f"invalid UTF-16 at byte {exc.start}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte offset {exc.start} (0x{data[exc.start]:02x})"
    if "\x00" in text:
        return None, f"binary data (NUL byte at offset {text.index(chr(0))})"
    return text, ""


def read_source(path: str | Path, max_size: int | None = None) -> Source:
    """Read one file; unreadable, oversized and undecodable files come back with a ``problem``."""
    spath = str(path)
    try:
        if max_size is not None:
            size = os.stat(spath).st_size
            if size > max_size:
                return Source(spath, None, f"file is {size} bytes, above the max-file-size limit of {max_size}")
        with open(spath, "rb") as handle:
            data = handle.read() if max_size is None else handle.read(max_size + 1)
    except OSError as exc:
        return Source(spath, None, f"cannot read file: {exc.strerror or exc}")
    text, problem = decode(data)
    return Source(spath, text, problem)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                yield Path(root) / name


def discover(paths: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[str]:
    """Expand paths into Markdown files, in a stable order, each once."""
    seen: set[str] = set()
    patterns = tuple(exclude)

    def excluded(candidate: str) -> bool:
        pure = Path(candidate)
        return any(pure.match(p) or any(part == p for part in pure.parts) for p in patterns)

    for raw in paths:
        if raw == "-":
            yield raw
            continue
        target = Path(raw)
        if target.is_dir():
            found: Iterable[Path] = _walk(target)
        elif target.exists() or target.is_symlink():
            found = [target]
        elif glob.has_magic(raw):
            found = (Path(p) for p in sorted(glob.glob(raw, recursive=True)) if p.lower().endswith(MARKDOWN_SUFFIXES))
        else:
            found = [target]
        for path in found:
            key = str(path)
            if key in seen or excluded(key):
                continue
            seen.add(key)
            yield key
