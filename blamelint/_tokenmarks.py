"""Read and write blamelint's token marks (``Token._.person`` and the rest) without ``Token._``.

spaCy keeps a token extension's value in ``doc.user_data`` under ``("._.", name, token.idx, None)``
and builds a new ``Underscore`` object on every ``token._`` access; over a corpus that was a tenth
of a run. These helpers use the same keys directly, so ``token._.person`` and the rule patterns'
``{"_": {"person": true}}`` see exactly what they store (``tests/test_people.py`` checks the keys
against spaCy's own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["FLAGS_KEY", "MARK_NAMES", "Columns", "MarkWriter", "columns", "flags_set", "mark"]

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


_COLUMNS_KEY = ("blamelint", "columns")
_STRINGS: dict[int, str] = {}  # string id -> string
_LOWERED: dict[int, str] = {}  # string id -> string.lower()


@dataclass(frozen=True, slots=True)
class Columns:
    """A parsed doc's token attributes as plain lists (index = token.i), read once per doc."""

    text: list[str]  # token.text
    lower: list[str]  # token.lower_
    lemma: list[str]  # token.lemma_.lower()
    pos: list[int]  # token.pos
    dep: list[int]  # token.dep
    idx: list[int]  # token.idx
    space: list[bool]  # token.whitespace_ == " "

    @property
    def doc_text(self) -> str:
        """``doc.text``: each token's text and its trailing space."""
        return "".join([t + " " if s else t for t, s in zip(self.text, self.space)])


def columns(doc: Doc) -> Columns:
    """The doc's :class:`Columns`, kept in ``doc.user_data`` (marks and checks only read a parsed doc)."""
    found = doc.user_data.get(_COLUMNS_KEY)
    if found is None:
        strings_of, lowered = _STRINGS, _LOWERED
        rows = doc.to_array(["ORTH", "LOWER", "LEMMA", "POS", "DEP", "IDX", "SPACY"]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        for row in rows:
            for value in row[:2]:
                if value not in strings_of:
                    strings_of[value] = strings[value]
            if row[2] not in lowered:
                lowered[row[2]] = strings[row[2]].lower()
        found = doc.user_data[_COLUMNS_KEY] = Columns(
            text=[strings_of[r[0]] for r in rows],
            lower=[strings_of[r[1]] for r in rows],
            lemma=[lowered[r[2]] for r in rows],
            pos=[r[3] for r in rows],
            dep=[r[4] for r in rows],
            idx=[r[5] for r in rows],
            space=[bool(r[6]) for r in rows],
        )
    return found
