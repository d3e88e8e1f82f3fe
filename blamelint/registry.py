"""Find, load and select rules.

Built-in rules are discovered by walking the rule folder (``rules/<category>/<name>.yml``), never
listed by hand. Extra folders come from the config (``rule-folders``) or from installed packages that
declare the ``blamelint.rules`` entry-point group. Shared word lists live in ``rules/lexicons.yml``
and are referenced from patterns as ``"$NAME"``.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from .errors import RuleFileError, SelectionError
from .rule import CATEGORIES, Rule, load_rule_file
from .yamlsafe import YamlError, load_with_lines

__all__ = ["RuleSet", "builtin_rules_dir", "load_rules"]

LEXICON_FILE = "lexicons.yml"


def builtin_rules_dir() -> Path:
    """Return the folder of the built-in rules: inside the wheel, or ``rules/`` in a source checkout."""
    packaged = importlib.resources.files("blamelint") / "_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class RuleSet:
    """Every loaded rule by code, with the shared lexicons."""

    rules: dict[str, Rule]
    lexicons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    folders: tuple[str, ...] = ()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code_or_name: str) -> Rule | None:
        """Return a rule by code (``BL101``) or name (``blame-subject``)."""
        key = code_or_name.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for rule in self.rules.values():
            if rule.name == key:
                return rule
        return None

    def _matches(self, token: str, rule: Rule) -> int:
        """Return how specifically ``token`` selects ``rule`` (0 = not at all)."""
        if token == "ALL":
            return 1
        if token in CATEGORIES:
            return 2 if rule.category == token else 0
        if rule.code.startswith(token):
            return 2 + len(token)
        return 0

    def check_tokens(self, tokens: Iterable[str], option: str) -> list[str]:
        """Normalise selection tokens and raise :class:`SelectionError` on one that selects nothing."""
        out = []
        for raw in tokens:
            token = raw.strip()
            if not token:
                continue
            upper = token.upper()
            if token.lower() in CATEGORIES:
                out.append(token.lower())
            elif upper == "ALL":
                out.append("ALL")
            elif upper.startswith("BL") and any(code.startswith(upper) for code in self.rules):
                out.append(upper)
            else:
                raise SelectionError(
                    f"{option}: '{token}' is not a rule code, code prefix or category "
                    f"(categories: {', '.join(CATEGORIES)}; `blamelint rules` lists the codes)"
                )
        return out

    def select(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        preview: bool = False,
    ) -> tuple[Rule, ...]:
        """Return the active rules: the most specific of a select and an ignore token wins."""
        chosen = self.check_tokens(select if select else ["ALL"], "select")
        chosen += self.check_tokens(extend_select, "extend-select")
        ignored = self.check_tokens(ignore, "ignore")
        active = []
        for rule in self:
            if rule.status in ("deprecated", "removed"):
                continue
            sel = max((self._matches(t, rule) for t in chosen), default=0)
            ign = max((self._matches(t, rule) for t in ignored), default=0)
            if sel == 0 or ign >= sel:
                continue
            exact = any(t == rule.code for t in chosen)
            if rule.status == "preview" and not (preview or exact):
                continue
            active.append(rule)
        return tuple(active)


def _load_lexicons(folder: Path) -> dict[str, tuple[str, ...]]:
    path = folder / LEXICON_FILE
    if not path.is_file():
        return {}
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError) as exc:
        raise RuleFileError(str(exc), path=str(path), line=getattr(exc, "line", None)) from None
    if not isinstance(data, dict):
        raise RuleFileError("a lexicon file is a mapping of NAME: [words]", path=str(path))
    out: dict[str, tuple[str, ...]] = {}
    for name, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleFileError(f"lexicon '{name}' must be a list of strings", path=str(path), line=lines.get((name,)))
        if len({w.lower() for w in words}) != len(words):
            raise RuleFileError(f"lexicon '{name}' lists a word twice", path=str(path), line=lines.get((name,)))
        out[str(name)] = tuple(words)
    return out


def _rule_files(folder: Path) -> Iterable[Path]:
    for category_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        yield from sorted(category_dir.glob("*.yml"))
        yield from sorted(category_dir.glob("*.yaml"))


def _entry_point_folders() -> list[Path]:
    folders = []
    for ep in entry_points(group="blamelint.rules"):
        try:
            target = ep.load()
            folders.append(Path(str(importlib.resources.files(target) if not isinstance(target, str) else target)))
        except Exception as exc:  # a broken third-party pack must name itself, not crash the run
            raise RuleFileError(f"rule pack entry point '{ep.name}' failed to load: {exc}", path=ep.value) from None
    return folders


def load_rules(extra_folders: Sequence[str | Path] = (), *, entry_points_enabled: bool = True) -> RuleSet:
    """Load the built-in rules plus extra folders; raise :class:`RuleFileError` on the first bad file."""
    key = tuple(str(Path(f).resolve()) for f in extra_folders)
    return _load_rules_cached(key, entry_points_enabled)


@lru_cache(maxsize=8)
def _load_rules_cached(extra: tuple[str, ...], use_entry_points: bool) -> RuleSet:
    folders = [builtin_rules_dir(), *(Path(f) for f in extra)]
    if use_entry_points:
        folders += _entry_point_folders()
    rules: dict[str, Rule] = {}
    lexicons: dict[str, tuple[str, ...]] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleFileError("rule folder does not exist", path=str(folder))
        for name, words in _load_lexicons(folder).items():
            lexicons[name] = tuple(dict.fromkeys((*lexicons.get(name, ()), *words)))
        for path in _rule_files(folder):
            rule = load_rule_file(path)
            if rule.code in rules:
                raise RuleFileError(f"duplicate code {rule.code} (already used by {rules[rule.code].path})", path=str(path))
            if any(r.name == rule.name for r in rules.values()):
                raise RuleFileError(f"duplicate rule name '{rule.name}'", path=str(path))
            rules[rule.code] = rule
    return RuleSet(rules=rules, lexicons=lexicons, folders=tuple(str(f) for f in folders))


def expand_lexicons(value: Any, lexicons: dict[str, tuple[str, ...]], rule: Rule) -> Any:
    """Replace ``"$NAME"`` strings in a pattern with the lexicon's word list."""
    if isinstance(value, dict):
        return {k: expand_lexicons(v, lexicons, rule) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            expanded = expand_lexicons(item, lexicons, rule)
            if isinstance(item, str) and item.startswith("$") and isinstance(expanded, list):
                out.extend(expanded)
            else:
                out.append(expanded)
        return out
    if isinstance(value, str) and value.startswith("$") and len(value) > 1:
        name = value[1:]
        if name not in lexicons:
            raise RuleFileError(f"pattern names unknown lexicon '{value}' (known: {', '.join(sorted(lexicons))})", path=rule.path)
        return list(lexicons[name])
    return value
