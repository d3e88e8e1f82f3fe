"""The library entry points: lint a string or paths, list rules, explain a sentence.

The CLI and the language server are thin users of these functions::

    import blamelint
    for finding in blamelint.lint_text("John forgot to run the migration."):
        print(finding.code, finding.message)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, config_for
from .document import parse_document
from .engine import Linter, LintResult
from .explainer import Explanation, TokenInfo, explain_text
from .findings import Finding
from .registry import load_rules
from .rule import Rule
from .sources import discover, read_source
from .suppress import MetaHit

if TYPE_CHECKING:
    from .cache import ResultCache

__all__ = ["Explanation", "TokenInfo", "explain", "lint_path", "lint_paths", "lint_text", "list_rules"]

_LINTERS: dict[tuple[object, ...], Linter] = {}


def _linter(config: Config) -> Linter:
    key = config.identity()
    linter = _LINTERS.get(key)
    if linter is None:
        linter = _LINTERS[key] = Linter(config)
    return linter


def lint_text(text: str, path: str = "<string>", config: Config | None = None) -> list[Finding]:
    """Lint Markdown ``text`` and return its findings sorted by position."""
    return _linter(config or Config()).lint_text(text, path)


def _overridden(base: Config, overrides: dict[str, object]) -> Config:
    select = overrides.get("select")
    ignore = tuple(overrides.get("ignore") or ())  # type: ignore[arg-type]
    extend = tuple(overrides.get("extend_select") or ())  # type: ignore[arg-type]
    preview = overrides.get("preview")
    return base.merged(
        select=tuple(select) if select else None,  # type: ignore[arg-type]
        ignore=base.ignore + ignore if ignore else None,
        extend_select=base.extend_select + extend if extend else None,
        preview=True if preview else None,
    )


def lint_paths(
    paths: Sequence[str],
    config: Config | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    preview: bool = False,
    stdin_text: str | None = None,
    stdin_path: str = "-",
    cache: ResultCache | None = None,
) -> Iterator[LintResult]:
    """Lint files, folders and globs (``-`` reads ``stdin_text``), each with its nearest config.

    ``config`` replaces config-file discovery; the keyword options act like the CLI flags.
    With a :class:`~blamelint.cache.ResultCache`, unchanged files come from the cache.
    """
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select, "preview": preview}
    base_exclude = config.exclude if config else ()
    batch: list[tuple[Linter, str, str | None, str]] = []
    cached: dict[int, LintResult] = {}

    def flush() -> Iterator[LintResult]:
        groups: dict[int, list[int]] = {}
        for index, (linter, _path, text, _problem) in enumerate(batch):
            if text is not None and index not in cached:
                groups.setdefault(id(linter), []).append(index)
        results: dict[int, LintResult] = dict(cached)
        for indexes in groups.values():
            linter = batch[indexes[0]][0]
            for index, result in zip(indexes, linter.lint_many((batch[i][1], batch[i][2] or "") for i in indexes)):
                results[index] = result
                if cache is not None:
                    cache.put(linter, batch[index][1], batch[index][2] or "", result)
        for index, (linter, path, text, problem) in enumerate(batch):
            if text is None:
                document = parse_document("", path)
                meta = linter.meta_finding(document, MetaHit("BL004", 0, 0, problem))
                results[index] = LintResult(path, [meta] if meta else [], None)
            yield results[index]
        batch.clear()
        cached.clear()

    for path in discover(paths, base_exclude):
        if path == "-":
            file_config = config or config_for(Path.cwd())
            text, problem = stdin_text if stdin_text is not None else "", ""
            shown = stdin_path
        else:
            file_config = config or config_for(path)
            source = read_source(path, file_config.max_file_size)
            text, problem, shown = source.text, source.problem, path
        linter = _linter(_overridden(file_config, overrides))
        if cache is not None and text is not None:
            hit = cache.get(linter, shown, text)
            if hit is not None:
                cached[len(batch)] = hit
        batch.append((linter, shown, text, problem))
        if len(batch) >= 16:
            yield from flush()
    if batch:
        yield from flush()


def lint_path(path: str | Path, config: Config | None = None) -> LintResult:
    """Lint one file with its nearest config (or ``config``)."""
    return next(iter(lint_paths([str(path)], config)))


def list_rules(config: Config | None = None, *, include_preview: bool = True) -> list[Rule]:
    """Return every loaded rule (built-in and configured packs), sorted by code."""
    rules = load_rules((config or Config()).rule_folders)
    return [r for r in rules if include_preview or r.status != "preview"]


def explain(
    sentence: str, config: Config | None = None, *, path: str = "<explain>", line: int | None = None
) -> Explanation:
    """Show how blamelint reads ``sentence``: tokens, people and every rule that matched (a debugging view).

    With ``line``, ``sentence`` is a whole file's text and the paragraph, list item or table cell on
    that 1-based line is explained, in its section. See :mod:`blamelint.explainer`.
    """
    return explain_text(sentence, _linter(config or Config()), path=path, line=line)


