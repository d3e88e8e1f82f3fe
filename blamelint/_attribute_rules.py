"""An exact, table-driven stand-in for the matching step of spaCy's ``attribute_ruler``.

The packaged English pipelines map each fine-grained tag to its POS and morphology, and fix a few
words (``"am"/VBP → be``), with about 180 ``Matcher`` patterns the ruler runs over every token: a
tenth of the whole parse. Nearly all of them test attributes of one token for equality (``TAG``,
``LOWER``, ``DEP``, ``IS_SPACE``), so which rules fire on a token is a function of those values alone.
:class:`TableMatcher` reads the loaded ruler's own patterns, answers those from a dictionary, runs
a ``Matcher`` only for the patterns it cannot express (none in the packaged pipelines), and gives
back exactly the matches the ruler would; :meth:`TableMatcher.apply` sets their attributes as
spaCy's ``set_annotations`` does, without making a ``Span`` for each.
The table is built from the patterns the ruler holds when it is installed (at load time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["TableMatcher", "install"]

#: Token attributes a pattern may test; ``Doc.to_array`` reads them exactly as the ``Matcher`` does.
_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE")
_ALIASES = {"TEXT": "ORTH"}

#: One test of one token attribute: (attribute, "in" | "not_in" | "regex", accepted ids or a regex).
_Test = tuple[str, str, Any]
#: One token pattern: its tests, all of which must hold.
_Spec = tuple[_Test, ...]


def _spec(token: Any, strings: Any) -> _Spec | None:
    """Compile one token pattern of ``==``, ``IN``, ``NOT_IN`` and ``REGEX`` tests; None for anything else."""
    from spacy.strings import get_string_id

    if not isinstance(token, dict) or not token:
        return None
    tests: list[_Test] = []
    for key, value in token.items():
        if not isinstance(key, str):
            return None
        attr = _ALIASES.get(key.upper(), key.upper())
        if attr not in _ATTRS:
            return None
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((attr, "in", frozenset({int(value)})))
            continue
        if isinstance(value, str):
            tests.append((attr, "in", frozenset({strings.add(value)})))
            continue
        if not isinstance(value, dict) or not value:
            return None
        for predicate, argument in value.items():
            strings_only = isinstance(argument, list) and all(isinstance(v, str) for v in argument)
            if predicate in ("IN", "NOT_IN") and strings_only:
                tests.append((attr, predicate.lower(), frozenset(get_string_id(v) for v in argument)))
            elif predicate == "REGEX" and isinstance(argument, str):
                tests.append((attr, "regex", re.compile(argument)))
            else:
                return None
    return tuple(tests)


def _equalities(spec: _Spec) -> tuple[tuple[str, ...], tuple[frozenset[int], ...]] | None:
    """The spec as equality tests on distinct attributes (a dictionary key), or None."""
    names = [attr for attr, _kind, _data in spec]
    if len(set(names)) != len(names) or any(kind != "in" for _attr, kind, _data in spec):
        return None
    ordered = sorted(spec)
    return tuple(attr for attr, _k, _d in ordered), tuple(data for _a, _k, data in ordered)


class TableMatcher:
    """The matches of an ``AttributeRuler``'s patterns, from dictionary lookups per token."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self.ruler = ruler
        #: Attribute-name tuple → (value tuple → (rule numbers, unit numbers)): the equality tests.
        self.tables: dict[tuple[str, ...], dict[Any, tuple[list[int], list[int]]]] = {}
        #: Other one-token patterns: (rule number, spec).
        self.singles: list[tuple[int, _Spec]] = []
        #: Longer patterns: (rule number, per-token spec numbers into ``self.units``).
        self.sequences: list[tuple[int, tuple[int, ...]]] = []
        self.units: list[_Spec] = []
        self.rest = Matcher(ruler.vocab)
        self.expressed = 0
        self.match_ids: list[int] = []
        keyed_units: list[tuple[int, tuple[str, ...], tuple[frozenset[int], ...]]] = []
        keyed_specs: list[_Spec] = []
        for number in range(len(ruler.attrs)):
            key = str(number)
            self.match_ids.append(strings.add(key))
            _id, patterns = ruler.matcher.get(key)
            index = ruler.indices[number]
            for pattern in patterns:
                specs = [_spec(token, strings) for token in pattern]
                if not pattern or any(s is None for s in specs) or not -len(pattern) <= index < len(pattern):
                    self.rest.add(key, [pattern])
                    continue
                self.expressed += 1
                if len(specs) > 1:
                    units = []
                    for spec in specs:
                        unit = len(self.units)
                        units.append(unit)
                        self.units.append(spec)  # type: ignore[arg-type]
                        keyed = _equalities(spec)  # type: ignore[arg-type]
                        if keyed is not None:
                            keyed_units.append((unit, *keyed))
                    self.sequences.append((number, tuple(units)))
                    continue
                keyed = _equalities(specs[0])  # type: ignore[arg-type]
                if keyed is None:
                    self.singles.append((number, specs[0]))  # type: ignore[arg-type]
                    continue
                names, accepted = keyed
                keyed_specs.append(specs[0])  # type: ignore[arg-type]
                table = self.tables.setdefault(names, {})
                for values in _product(accepted):
                    table.setdefault(values, ([], []))[0].append(number)
        for unit, names, accepted in keyed_units:
            table = self.tables.setdefault(names, {})
            for values in _product(accepted):
                table.setdefault(values, ([], []))[1].append(unit)
        tabled = {unit for unit, _names, _accepted in keyed_units}
        used = {n for names in self.tables for n in names}
        used |= {attr for _n, spec in self.singles for attr, _k, _d in spec}
        used |= {attr for spec in self.units for attr, _k, _d in spec}
        self.columns = sorted(used)
        where = {name: i for i, name in enumerate(self.columns)}
        self._where = where
        # itemgetter gives a tuple for several columns and the bare value for one: key the tables alike.
        self._picks = [
            (itemgetter(*[where[n] for n in names]), table if len(names) > 1 else {k[0]: v for k, v in table.items()})
            for names, table in self.tables.items()
        ]
        self._singles = [(number, self._compile(spec)) for number, spec in self.singles]
        self._units = [(unit, self._compile(spec)) for unit, spec in enumerate(self.units) if unit not in tabled]
        self._strings = strings
        self._searched: dict[tuple[Any, int], bool] = {}
        self._memo: dict[tuple[int, ...], tuple[tuple[int, ...], frozenset[int]]] = {}
        # Every test gives the same answer for two values of a column that no set test names and that
        # agree on every regular expression on it, so such a value stands for all of them: a token is
        # looked up by these representatives and the memo holds a few thousand rows, not one per word.
        every = [*keyed_specs, *self.units, *(spec for _n, spec in self.singles)]
        self._named = [
            {v for spec in every for attr, kind, data in spec if attr == name and kind != "regex" for v in data}
            for name in self.columns
        ]
        self._regexes = [
            [data for spec in every for attr, kind, data in spec if attr == name and kind == "regex"] for name in self.columns
        ]
        self._stands: list[dict[int, int]] = [{} for _ in self.columns]
        self._reps: list[dict[tuple[bool, ...], int]] = [{} for _ in self.columns]

    def _compile(self, spec: _Spec) -> tuple[tuple[int, str, Any], ...]:
        """The spec's tests on row columns, the cheap set tests first (they reject most tokens)."""
        order = {"in": 0, "not_in": 1, "regex": 2}
        return tuple((self._where[attr], kind, data) for attr, kind, data in sorted(spec, key=lambda t: order[t[1]]))

    def _passes(self, tests: tuple[tuple[int, str, Any], ...], row: tuple[int, ...]) -> bool:
        for column, kind, data in tests:
            value = row[column]
            if kind == "in":
                if value not in data:
                    return False
            elif kind == "not_in":
                if value in data:
                    return False
            else:
                key = (data, value)
                hit = self._searched.get(key)
                if hit is None:
                    hit = self._searched[key] = bool(data.search(self._strings[value]))
                if not hit:
                    return False
        return True

    def _stand_in(self, column: int, value: int) -> int:
        """The value that stands for ``value`` in column ``column`` (see ``__init__``)."""
        if value in self._named[column]:
            stand = value
        else:
            text = self._strings[value] if self._regexes[column] else ""
            outcome = tuple(bool(regex.search(text)) for regex in self._regexes[column])
            stand = self._reps[column].setdefault(outcome, value)
        self._stands[column][value] = stand
        return stand

    def _facts(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], frozenset[int]]:
        """For a token with these attribute values: the one-token rules that fire, the units it passes."""
        found = self._memo.get(row)
        if found is None:
            numbers: set[int] = set()
            units: set[int] = set()
            for pick, table in self._picks:
                hit = table.get(pick(row))
                if hit is not None:
                    numbers.update(hit[0])
                    units.update(hit[1])
            numbers.update(number for number, tests in self._singles if self._passes(tests, row))
            units.update(unit for unit, tests in self._units if self._passes(tests, row))
            found = self._memo[row] = (tuple(numbers), frozenset(units))
        return found

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """Return ``AttributeRuler.match(doc)``: sorted ``(rule, match_id, start, end)`` tuples."""
        found: set[tuple[int, int, int]] = set()
        if self.columns and len(doc):
            array = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
            columns = []
            for column, stands in enumerate(self._stands):
                stand_in = self._stand_in
                columns.append([stands[v] if v in stands else stand_in(column, v) for v in array[:, column].tolist()])
            memo = self._memo
            facts = [memo.get(row) or self._facts(row) for row in zip(*columns)]
            passed: list[int] = []
            for i, (numbers, units) in enumerate(facts):
                for number in numbers:
                    found.add((number, i, i + 1))
                if units:
                    passed.append(i)
            for number, units in self.sequences:
                width = len(units)
                for start in passed:
                    if start + width <= len(facts) and all(unit in facts[start + k][1] for k, unit in enumerate(units)):
                        found.add((number, start, start + width))
        if len(self.rest):
            strings = self.ruler.vocab.strings
            for match_id, start, end in self.rest(doc, allow_missing=True):
                found.add((int(strings[match_id]), start, end))
        return sorted((number, self.match_ids[number], start, end) for number, start, end in found)


    def apply(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """``AttributeRuler.set_annotations`` without a ``Span`` per match: the same token, the same attributes."""
        from spacy.pipeline import AttributeRuler
        from spacy.tokens._retokenize import set_token_attrs

        attrs, indices = self.ruler.attrs, self.ruler.indices
        for match in matches:
            number, _match_id, start, end = match
            index = indices[number]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                AttributeRuler.set_annotations(self.ruler, doc, [match])  # raises spaCy's own error
                continue
            set_token_attrs(doc[position], attrs[number])


def _product(accepted: Sequence[frozenset[int]]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = [()]
    for values in accepted:
        out = [(*prefix, v) for prefix in out for v in sorted(values)]
    return out


def install(nlp: Language) -> TableMatcher | None:
    """Make the pipeline's ``attribute_ruler`` find its matches with a :class:`TableMatcher`.

    Only the ruler's matching and the way its attributes reach the tokens change (both exactly).
    Returns None (and leaves the ruler alone) when there is no stock ``AttributeRuler``.
    """
    from spacy.pipeline import AttributeRuler

    if "attribute_ruler" not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is not AttributeRuler:
        return None
    table = TableMatcher(ruler)
    match: Callable[[Doc], list[tuple[int, int, int, int]]] = table
    ruler.match = match
    ruler.set_annotations = table.apply
    return table
