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
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MARKDOWN_SUFFIXES", "Source", "discover", "read_source", "decode"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
#: How far into a file to look for a NUL byte, the mark of a binary file (as git and grep do).
_SNIFF = 8192


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
    nul = data.find(b"\x00", 0, _SNIFF)
    if nul >= 0:
        return None, f"binary file (NUL byte at byte offset {nul})"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte offset {exc.start} (0x{data[exc.start]:02x})"
    if "\x00" in text:
        return None, f"binary file (NUL byte at offset {text.index(chr(0))})"
    return text, ""


def read_source(path: str | Path, max_size: int | None = None) -> Source:
    """Read one file; unreadable, oversized and undecodable files come back with a ``problem``."""
    spath = str(path)
    try:
        info = os.stat(spath)
        if stat.S_ISDIR(info.st_mode):
            with os.scandir(spath):
                pass  # raises for a folder that cannot be listed, reported below
            return Source(spath, None, "cannot read file: it is a folder")
        if not stat.S_ISREG(info.st_mode):
            return Source(spath, None, "cannot read file: not a regular file (a pipe, socket or device)")
        if max_size is not None and info.st_size > max_size:
            return Source(spath, None, f"file is {info.st_size} bytes, above the max-file-size limit of {max_size}")
        with open(spath, "rb") as handle:
            data = handle.read() if max_size is None else handle.read(max_size + 1)
    except OSError as exc:
        return Source(spath, None, f"cannot read file: {exc.strerror or exc}")
    except MemoryError:
        return Source(spath, None, "cannot read file: not enough memory")
    text, problem = decode(data)
    return Source(spath, text, problem)


def _walk(folder: Path) -> Iterator[Path]:
    """Yield Markdown files under ``folder``; a folder that cannot be listed is yielded itself.

    Symlinked folders are not entered, so a link loop cannot make the walk endless; an
    unreadable folder comes back as a path that :func:`read_source` reports as unreadable.
    """
    failed: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=failed.append):
        while failed:
            error = failed.pop()
            if error.filename:
                yield Path(error.filename)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                yield Path(root) / name
    for error in failed:
        if error.filename:
            yield Path(error.filename)


def _translate(parts: tuple[str, ...]) -> re.Pattern[str]:
    """Compile glob parts (``**`` = any number of folders) into a regex over ``/``-joined paths."""
    out = []
    for part in parts:
        if part == "**":
            out.append("(?:[^/]+/)*")
            continue
        piece = ""
        i = 0
        while i < len(part):
            char = part[i]
            if char == "*":
                piece += "[^/]*"
            elif char == "?":
                piece += "[^/]"
            elif char == "[" and part.find("]", i + 2) > 0:
                end = part.find("]", i + 2)
                body = part[i + 1 : end].replace("\\", "\\\\")
                piece += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = end
            else:
                piece += re.escape(char)
            i += 1
        out.append(piece + "/")
    regex = "".join(out)
    regex = regex + "[^/]+" if parts and parts[-1] == "**" else regex[:-1]
    try:
        return re.compile(regex)
    except re.error:  # a malformed character class ("[z-a]"): match the text literally
        return re.compile(re.escape("/".join(parts)))


def _glob(pattern: str) -> Iterator[Path]:
    """Expand a glob without following symlinked folders (``glob.glob`` with ``**`` loops on them)."""
    if "**" not in pattern:
        yield from (Path(p) for p in sorted(glob.glob(pattern)))
        return
    parts = Path(pattern).parts
    fixed = 0
    while fixed < len(parts) and not glob.has_magic(parts[fixed]):
        fixed += 1
    base = Path(*parts[:fixed]) if fixed else Path(".")
    regex = _translate(parts[fixed:])
    for path in _walk(base):
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:  # pragma: no cover - _walk yields paths under base
            continue
        if regex.fullmatch(relative):
            yield path


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
            found = (p for p in _glob(raw) if str(p).lower().endswith(MARKDOWN_SUFFIXES))
        else:
            found = [target]
        for path in found:
            key = str(path)
            if key in seen or excluded(key):
                continue
            seen.add(key)
            yield key
