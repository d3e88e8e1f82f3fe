"""Token marks stored without ``Token._`` are the ones ``Token._`` and the rule matchers see."""

from __future__ import annotations

from blamelint import Config, Linter, nlp as nlp_module
from blamelint._tokenmarks import MARK_NAMES, MarkWriter, flags_set, mark
from blamelint.people import _Parse, effective_subject
from blamelint.registry import load_rules

_TEXT = (
    "The engineer who deployed it failed to check the logs, and Priya restarted the pod but didn't "
    "verify it. We should have caught it. `kubectl` failed. Why didn't Alice escalate? The change was "
    "pushed by @bob and reviewed by nobody."
)


def _examples() -> list[str]:
    return [_TEXT] + [e.text for rule in load_rules() for e in (*rule.bad, *rule.good)]


def test_marks_use_spacys_own_extension_keys() -> None:
    pipeline = nlp_module.load_pipeline()
    doc = pipeline("Sarah forgot the step and then we fixed it.")
    writer = MarkWriter(doc)
    writer.flag("person", [0])
    writer.values("person_kind", {0: "name"})
    assert doc[0]._.person is True and doc[0]._.person_kind == "name"
    assert doc[1]._.person is False and doc[1]._.person_kind == ""
    doc[2]._.code = True
    assert mark(doc[2], "code") is True and mark(doc[3], "code") is False
    assert flags_set(doc) == {"person"}


def test_the_tree_walk_over_lists_agrees_with_the_token_walk() -> None:
    pipeline = nlp_module.load_pipeline()
    checked = 0
    for doc in pipeline.pipe(_examples()):
        parse = _Parse(doc)
        for token in doc:
            subjects = [c.i for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            assert parse.first_subject[token.i] == (subjects[0] if subjects else None)
            if token.pos_ in ("VERB", "AUX"):
                subject = effective_subject(token)
                assert parse.effective_subject(token.i) == (subject.i if subject is not None else None)
                checked += 1
        assert parse.verbs() == [t.i for t in doc if t.pos_ in ("VERB", "AUX")]
    assert checked > 500


def test_the_flag_summary_names_exactly_the_flags_some_token_has() -> None:
    linter = Linter(Config(preview=True))
    pipeline = linter.nlp
    for doc in pipeline.pipe(_examples()[:80]):
        linter.people.mark(doc, [(0, 3)])
        having = {name for name in MARK_NAMES for t in doc if getattr(t._, name)}
        assert flags_set(doc) == having


def test_leaving_out_dependency_patterns_a_doc_cannot_match_changes_no_match() -> None:
    from blamelint.matching import _doc_words

    linter = Linter(Config(preview=True))
    compiled = linter.compiled
    codes = set(compiled.dependency)
    reduced = skipped = 0
    texts = _examples() + ["The person who forgot it was Alice; we noticed nothing.", "Bob failed, as did Carol."]
    for doc in linter.nlp.pipe(texts):
        linter.people.mark(doc)
        fast = compiled.match(doc, codes)
        for code in codes:
            runs = compiled.dependency_runs(code, flags_set(doc), _doc_words(doc))
            skipped += not runs
            reduced += bool(runs) and runs != [compiled.dependency[code]]
        # Every pattern of every rule, in one matcher per rule: what spaCy alone finds.
        full = [(compiled.vocab.strings[key], ids) for code in sorted(codes) for key, ids in compiled.dependency[code](doc)]
        assert [(m.code, [t.i for t in m.nodes.values()]) for m in fast] == [(key.partition("#")[0], ids) for key, ids in full]
    assert skipped > 100 and reduced > 50
    assert any(needs[0] == frozenset({"person"}) for rule in compiled.dep_needs.values() for needs in rule)


def test_tokens_with_picks_the_words_a_token_loop_would() -> None:
    from blamelint.checks.common import tokens_with

    pipeline = nlp_module.load_pipeline()
    lower = frozenset({"the", "careless", "always", "’s", "we"})
    lemma = frozenset({"break", "be", "forget"})
    picked = 0
    for doc in [*pipeline.pipe(_examples()), pipeline.make_doc("The RAN ALWAYS we're")]:
        for sent in doc.sents if doc.has_annotation("DEP") else [doc[:]]:
            expected = [t.i for t in sent if t.lower_ in lower or t.lemma_.lower() in lemma]
            assert [t.i for t in tokens_with(sent, lower, lemma)] == expected
            picked += len(expected)
    assert picked > 300


def test_columns_hold_what_the_tokens_say() -> None:
    from blamelint._tokenmarks import columns

    pipeline = nlp_module.load_pipeline()
    docs = [*pipeline.pipe(_examples()), pipeline.make_doc("İstanbul’s  ÉCOLE\n\tran  "), pipeline.make_doc("")]
    for doc in docs:
        cols = columns(doc)
        assert cols is columns(doc)
        assert cols.text == [t.text for t in doc] and cols.lower == [t.lower_ for t in doc]
        assert cols.lemma == [t.lemma_.lower() for t in doc] and cols.idx == [t.idx for t in doc]
        assert cols.pos == [t.pos for t in doc] and cols.dep == [t.dep for t in doc]
        assert cols.space == [t.whitespace_ == " " for t in doc] and cols.doc_text == doc.text
