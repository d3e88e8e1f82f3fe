"""The lazy lemminflect tables of :mod:`blamelint._wordforms` hold exactly what lemminflect's own loaders read."""

from __future__ import annotations

from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
from lemminflect.core.Inflections import Inflections
from lemminflect.core.Lemmatizer import Lemmatizer

from blamelint._wordforms import LazyTable, _inflection_entry, _lemma_entry, lemminflect


def test_the_lazy_lemma_table_equals_the_eager_one() -> None:
    path = Lemmatizer().lemma_lu_fn
    eager = LemmaLUCodec.load(path)
    lazy = LazyTable(path, _lemma_entry)
    assert all(lazy.get(word) == entry for word, entry in eager.items())
    assert set(lazy._index()) == set(eager)
    assert lazy._sorted is not None and len(lazy._sorted[0]) > 60000  # found by bisection
    assert lazy.get("qwxzv-not-a-word", {}) == {} and "qwxzv-not-a-word" not in lazy


def test_the_lazy_inflection_table_equals_the_eager_one() -> None:
    path = Inflections().infl_lu_fn
    eager = InflectionLUCodec.load(path)
    lazy = LazyTable(path, _inflection_entry, InflectionLUCodec.updateForAuxMod({}))
    assert all(lazy.get(word) == entry for word, entry in eager.items())
    assert lazy.get("be") == eager["be"] and lazy.get("can") == {"VB": ("can",), "VBD": ("could",)}


def test_lemminflect_answers_as_before_through_the_lazy_tables() -> None:
    module = lemminflect()
    assert isinstance(Lemmatizer().lemma_dict, LazyTable)
    assert module.getLemma("forgot", upos="VERB") == ("forget",)
    assert module.getInflection("run", tag="VBD") == ("ran",)
    assert module.getInflection("be", tag="VBD") == ("was", "were")
    assert module.getAllLemmas("priya") == {}
    assert module.getAllLemmas("space")
