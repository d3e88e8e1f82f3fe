"""Refuse regular expressions in rule files that could backtrack catastrophically.

Python's ``re`` cannot be interrupted once a search starts, so a time limit would not help: a
rule's ``match.unless`` pattern (or a ``REGEX`` token constraint) with a nested unbounded
quantifier such as ``(a+)+``, ``(\\w*\\s?)*`` or ``(a|ab)*c`` can take exponential time on a sentence
that almost matches. Such shapes are rejected when the rule file is loaded, with the file and line.

The check walks the parsed pattern (``re._parser``) and rejects:

- an unbounded repeat (``*``, ``+``, ``{n,}`` or a bound above ``_LARGE``) that contains a
  repeat of variable length (``+``, ``?``, ``{1,3}``), or an alternation whose branches can start
  with the same character, inside it;
- more than ``_MAX_UNBOUNDED`` unbounded repeats in one pattern (``.*a.*b.*c.*d.*e`` is polynomial
  with a high degree).

Bounded repeats (``[^.]{0,60}``) are the safe way to say "a few words later".
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["backtracking_problem"]

_LARGE = 1000
_MAX_UNBOUNDED = 4
_REPEATS = {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, getattr(_sre_constants, "POSSESSIVE_REPEAT", None)}


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns of one parsed node."""
    if op in _REPEATS:
        return [av[2]]
    if op is _sre_constants.SUBPATTERN:
        return [av[-1]]
    if op is _sre_constants.BRANCH:
        return list(av[1])
    if op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_sre_constants, "ATOMIC_GROUP", None):
        return [av]
    if op is _sre_constants.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _first(alternative: Any) -> str | None:
    """The literal character an alternative must start with, or None when it may start with more."""
    for op, av in alternative:
        if op is _sre_constants.LITERAL:
            return chr(av).lower()
        if op in (_sre_constants.AT,):
            continue
        return None
    return None


def _overlapping(alternatives: list[Any]) -> bool:
    firsts = [_first(a) for a in alternatives]
    return None in firsts or len(set(firsts)) < len(firsts)


def _walk(pattern: Any, inside_unbounded: bool, state: dict[str, Any]) -> None:
    for op, av in pattern:
        unbounded = False
        if op in _REPEATS and op is not getattr(_sre_constants, "POSSESSIVE_REPEAT", object()):
            low, high = av[0], av[1]
            unbounded = high is _sre_constants.MAXREPEAT or high > _LARGE
            if unbounded:
                state["count"] += 1
            if inside_unbounded and (unbounded or low != high) and state["problem"] is None:
                state["problem"] = "a repeated group contains another variable repeat (like (a+)+)"
        if op is _sre_constants.BRANCH and inside_unbounded and state["problem"] is None and _overlapping(list(av[1])):
            state["problem"] = "an alternation whose branches can start alike inside an unbounded repeat (like (a|ab)*)"
        for child in _children(op, av):
            _walk(child, inside_unbounded or unbounded, state)


def backtracking_problem(pattern: str, flags: int = 0) -> str | None:
    """Return why ``pattern`` could backtrack catastrophically, or None when it is safe enough."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None  # compiling reports the syntax error itself
    state: dict[str, Any] = {"count": 0, "problem": None}
    try:
        _walk(parsed, False, state)
    except RecursionError:
        return "the expression is nested too deeply"
    if state["problem"]:
        return str(state["problem"])
    if state["count"] > _MAX_UNBOUNDED:
        return f"it has {state['count']} unbounded repeats (at most {_MAX_UNBOUNDED}); use bounded ones like {{0,60}}"
    return None
