"""The table-driven attribute ruler finds exactly the matches of spaCy's own ruler."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from blamelint import nlp as nlp_module
from blamelint._attribute_rules import TableMatcher
from blamelint.registry import load_rules

_TEXT = (
    "I am sure y'all ain't seen nothin' like it: the on-call engineer's pager didn't fire, so we "
    "were paged at 03:12 UTC.  Whose change was it?  That one, which both teams had reviewed; all "
    "the alerts were muted, and he'd've said so.\n\n  Gonna   retry — 2 of 3 checks passed (66%)."
)


def _stock_matches(ruler: AttributeRuler, doc: Doc) -> list[tuple[int, int, int, int]]:
    return AttributeRuler.match(ruler, doc)


def test_the_packaged_pipeline_matches_by_table_with_spacys_matches() -> None:
    pipeline = nlp_module.load_pipeline()
    ruler = pipeline.get_pipe("attribute_ruler")
    table = ruler.match
    assert isinstance(table, TableMatcher)
    assert len(table.rest) == 0 and table.expressed == sum(len(ruler.matcher.get(str(n))[1]) for n in range(len(ruler.attrs)))
    texts = [_TEXT] + [e.text for rule in load_rules() for e in (*rule.bad, *rule.good)]
    docs = list(pipeline.pipe(texts, disable=["attribute_ruler", "lemmatizer"]))
    ours = [table(doc) for doc in docs]
    theirs = [_stock_matches(ruler, doc) for doc in docs]
    assert sum(len(m) for m in theirs) > 2000 and ours == theirs
    # Exceptions beyond the tag map fire: "am" → be, "y'" + "all" and "ai" + "n't" (two-token patterns).
    doc = pipeline(_TEXT)
    assert [t.lemma_ for t in doc if t.lower_ in ("am", "ai")] == ["be", "be"]
    plain = spacy.load(nlp_module.DEFAULT_MODELS[-1], exclude=["ner"])
    assert "match" not in vars(plain.get_pipe("attribute_ruler"))
    assert vars(ruler)["set_annotations"] == table.apply
    assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc] == [
        (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in plain(_TEXT)
    ]


def test_every_kind_of_pattern_gives_the_stock_rulers_matches_and_attributes() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}], [{"TAG": {"IN": ["NNS", "NNP"]}}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "ran", "TAG": "VBD"}]], {"LEMMA": "run", "POS": "VERB", "MORPH": "Tense=Past"})
    ruler.add([[{"TAG": {"NOT_IN": ["NN", ""]}, "DEP": {"IN": ["nsubj", "dobj"]}}]], {"MORPH": "Case=Nom"})
    ruler.add([[{"LOWER": {"REGEX": "^x+$"}}]], {"LEMMA": "ex"})
    ruler.add([[{"LOWER": "the"}, {"TAG": "NN"}]], {"LEMMA": "THING"}, index=-1)  # a later rule wins
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE", "TAG": "_SP"})
    ruler.add([[{"LOWER": "so"}, {"LOWER": "so", "OP": "+"}]], {"LEMMA": "so-so"})  # not a table's: a Matcher
    ruler.add([[{"LENGTH": {">": 7}}]], {"POS": "X"})  # not a table's: a Matcher
    words = ["The", "server", "ran", "xxx", "so", "so", "so", "  ", "the", "checks", "yesterday", "Xxxxxxxxxx"]
    tags = ["DT", "NN", "VBD", "NN", "RB", "RB", "RB", "_SP", "DT", "NNS", "NN", "NNP"]
    deps = ["det", "nsubj", "ROOT", "dobj", "advmod", "advmod", "advmod", "dep", "det", "nsubj", "npadvmod", "dobj"]
    heads = [1, 2, 2, 2, 2, 2, 2, 2, 9, 2, 2, 2]

    def doc() -> Doc:
        return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)

    table = TableMatcher(ruler)
    assert len(table.rest) == 2 and table.expressed == 7
    stock = doc()
    expected = _stock_matches(ruler, stock)
    assert table(doc()) == expected and len(expected) >= 15
    ruler.set_annotations(stock, expected)
    tabled = doc()
    table.apply(tabled, table(tabled))
    seen = [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in tabled]
    assert seen == [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in stock]
    assert seen[1][2] == "THING" and seen[2][:3] == ("VERB", "Tense=Past", "run") and seen[9][1] == "Case=Nom" and seen[3][2] == "ex"
    assert [t.lemma_ for t in tabled][4:7] == ["so-so", "so-so", ""] and seen[11][0] == "X"


def test_an_index_outside_the_match_fails_as_in_spacy() -> None:
    import pytest

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}]], {"LEMMA": "x"}, index=1)
    table = TableMatcher(ruler)
    doc = Doc(nlp.vocab, words=["a", "c"])
    matches = table(doc)
    assert matches == _stock_matches(ruler, doc) and len(matches) == 1
    with pytest.raises(ValueError, match="E1001"):
        table.apply(doc, matches)
