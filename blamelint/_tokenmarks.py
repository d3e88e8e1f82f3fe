"""Read and write blamelint's token marks (``Token._.person`` and the rest) without ``Token._``.

spaCy keeps a token extension's value in ``doc.user_data`` under ``("._.", name, token.idx, None)``
and builds a new ``Underscore`` object on every ``token._`` access; over a corpus that was a tenth
of a run. These helpers use the same keys directly, so ``token._.person`` and the rule patterns'
``{"_": {"person": true}}`` see exactly what they store (``tests/test_people.py`` checks the keys
against spaCy's own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["FLAGS_KEY", "MARK_NAMES", "MarkWriter", "flags_set", "mark"]

_PREFIX = "._."
#: The True/False marks :meth:`blamelint.people.PeopleDetector.mark` sets, all through :meth:`MarkWriter.flag`.
MARK_NAMES = frozenset({"code", "system", "person", "collective", "human", "own_subject", "subj_person", "subj_human"})
#: ``doc.user_data`` key of the names of the flags :class:`MarkWriter` set True on some token of the doc.
FLAGS_KEY = ("blamelint", "flags")


def mark(token: Token, name: str, default: Any = False) -> Any:
    """Return ``token._.<name>`` (``default`` when it was never set)."""
    return token.doc.user_data.get((_PREFIX, name, token.idx, None), default)


class MarkWriter:
    """Store marks on the tokens of one doc, as ``token._.<name> = value`` would."""

    def __init__(self, doc: Doc) -> None:
        self.data = doc.user_data
        self.starts: list[int] = doc.to_array(["IDX"]).tolist() if len(doc) else []  # each token's token.idx
        self.data[FLAGS_KEY] = self.flagged = set(self.data.get(FLAGS_KEY, ()))

    def flag(self, name: str, indices: Iterable[int]) -> None:
        """Set ``_.<name> = True`` on the tokens at ``indices``."""
        data, starts = self.data, self.starts
        for i in indices:
            data[(_PREFIX, name, starts[i], None)] = True
            self.flagged.add(name)

    def values(self, name: str, values: Mapping[int, Any]) -> None:
        """Set ``_.<name>`` to each token's value in ``values`` (token index → value)."""
        data, starts = self.data, self.starts
        for i, value in values.items():
            data[(_PREFIX, name, starts[i], None)] = value


def flags_set(doc: Doc) -> set[str] | None:
    """The flags set True on some token of ``doc`` by a :class:`MarkWriter`; None if it never ran."""
    return doc.user_data.get(FLAGS_KEY)
