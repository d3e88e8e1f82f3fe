"""Find and validate configuration: ``[tool.blamelint]`` in ``pyproject.toml`` or ``.blamelint.yaml``.

The nearest config file upward from a linted file applies to it (ruff's rule); the first of
``.blamelint.yaml``, ``.blamelint.yml`` and a ``pyproject.toml`` that has a ``[tool.blamelint]``
table wins within one folder. Keys are kebab-case; an unknown key, a wrong type or an unknown
severity raises :class:`ConfigError` naming the file and the key. ``docs/configuration.md`` lists
every key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import SEVERITIES
from .yamlsafe import YamlError, load_with_lines

__all__ = ["CONFIG_FILES", "Config", "clear_caches", "config_for", "find_config", "load_config"]

CONFIG_FILES = (".blamelint.yaml", ".blamelint.yml", "pyproject.toml")
MAX_CONFIG_BYTES = 256_000


@dataclass(frozen=True)
class Config:
    """Settings for one run or one folder; every field has a default that works with no file."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    preview: bool = False
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    system_names: tuple[str, ...] = ()
    role_nouns: tuple[str, ...] = ()
    rule_folders: tuple[str, ...] = ()
    model: str = ""
    exclude: tuple[str, ...] = ()
    required_sections: tuple[str, ...] = (
        "summary",
        "impact",
        "timeline",
        "root-cause-analysis",
        "detection-and-response",
        "what-went-well",
        "what-could-be-better",
        "action-items",
        "preventive-measures",
    )
    min_why_depth: int = 5
    duration_tolerance: int = 10
    max_file_size: int = 5_000_000
    path: str = ""

    def merged(self, **overrides: Any) -> Config:
        """Return a copy with command-line overrides applied (``None`` leaves a field as it is)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def identity(self) -> tuple[Any, ...]:
        """Return a hashable key for caching linters per configuration."""
        out: list[Any] = []
        for f in fields(self):
            value = getattr(self, f.name)
            out.append(tuple(sorted(value.items())) if isinstance(value, dict) else value)
        return tuple(out)


_LIST_KEYS = {"select", "ignore", "extend-select", "system-names", "role-nouns", "rule-folders", "exclude", "required-sections"}
_KEYS = _LIST_KEYS | {"preview", "severity", "per-file-ignores", "model", "min-why-depth", "max-file-size", "duration-tolerance"}


def _as_list(value: Any, key: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("must be a list of strings", path=path, key=key)
    return tuple(value)


def validate(data: Any, path: str, base: Path | None = None) -> Config:
    """Turn a mapping of config keys into a :class:`Config`, raising :class:`ConfigError`."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the blamelint configuration must be a mapping of keys", path=path)
    values: dict[str, Any] = {"path": path}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"unknown key (expected one of: {', '.join(sorted(_KEYS))})", path=path, key=str(key))
        attr = key.replace("-", "_")
        if key in _LIST_KEYS:
            items = _as_list(value, key, path)
            if key == "rule-folders" and base is not None:
                items = tuple(str((base / item).resolve()) for item in items)
            if key == "required-sections":
                from .sections import SECTION_CLASSES
                from .structure.text import REQUIRED_SECTIONS

                known = (*REQUIRED_SECTIONS, *SECTION_CLASSES)
                for item in items:
                    if item not in known:
                        raise ConfigError(f"unknown section '{item}' (expected: {', '.join(known)})", path=path, key=key)
            values[attr] = items
        elif key == "preview":
            if not isinstance(value, bool):
                raise ConfigError("must be true or false", path=path, key=key)
            values[attr] = value
        elif key == "model":
            if not isinstance(value, str):
                raise ConfigError("must be a spaCy pipeline name", path=path, key=key)
            values[attr] = value
        elif key in ("min-why-depth", "max-file-size"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError("must be a positive whole number", path=path, key=key)
            values[attr] = value
        elif key == "duration-tolerance":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                raise ConfigError("must be a whole percentage from 0 to 100", path=path, key=key)
            values[attr] = value
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError("must map rule codes to error, warning, info or off", path=path, key=key)
            for code, level in value.items():
                if level not in (*SEVERITIES, "off"):
                    raise ConfigError(f"'{level}' is not error, warning, info or off", path=path, key=f"severity.{code}")
            values[attr] = {str(k).upper(): v for k, v in value.items()}
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError("must map file globs to lists of rule codes", path=path, key=key)
            values[attr] = {str(k): _as_list(v, f"per-file-ignores.{k}", path) for k, v in value.items()}
    return Config(**values)


def load_config(path: str) -> Config:
    """Load one config file (``pyproject.toml`` or ``.blamelint.yaml``); edits on disk are seen."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from None
    return _load_config(path, stat.st_mtime_ns, stat.st_size)


def clear_caches() -> None:
    """Forget which folders have which config file (for long-running processes such as the server)."""
    find_config.cache_clear()
    _load_config.cache_clear()


@lru_cache(maxsize=256)
def _load_config(path: str, _mtime_ns: int, _size: int) -> Config:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"file is larger than {MAX_CONFIG_BYTES} bytes", path=path)
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from None
    if file.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", path=path) from None
        section = data.get("tool", {}).get("blamelint")
        return validate(section, path, file.parent)
    try:
        data, lines = load_with_lines(text)
    except YamlError as exc:
        where = f"{path}:{exc.line}" if exc.line else path
        raise ConfigError(str(exc), path=where) from None
    try:
        return validate(data, path, file.parent)
    except ConfigError as exc:
        line = lines.get((exc.key.split(".")[0],)) if exc.key else None
        if line:
            raise ConfigError(str(exc).split(": ", 2)[-1], path=f"{path}:{line}", key=exc.key) from None
        raise


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return "[tool.blamelint" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


@lru_cache(maxsize=1024)
def find_config(start: str) -> str | None:
    """Return the nearest config file at or above ``start`` (a file or folder), or None."""
    here = Path(os.path.realpath(start))  # realpath, unlike resolve(), never raises on a symlink loop
    if not os.path.isdir(here):
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if _is_file(candidate) and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return str(candidate)
    return None


def _is_file(path: Path) -> bool:
    """``Path.is_file`` that answers False for a folder it may not look into (EACCES)."""
    try:
        return path.is_file()
    except OSError:
        return False


def config_for(target: str | Path) -> Config:
    """Return the configuration that applies to a file or folder (defaults when none is found)."""
    found = find_config(str(target))
    return load_config(found) if found else Config()
