"""The lexical prefilter only saves work: findings are the same as when every block is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import Config, Linter
from blamelint.document import parse_document
from blamelint.prefilter import HUMAN, PERSON, LemmaInverter, lemma_forms

_WORDS = [
    "John", "Sarah", "the", "engineer", "operator", "we", "they", "should", "could", "have", "had", "failed",
    "to", "forgot", "run", "the", "migration", "human", "error", "was", "deleted", "by", "accidentally",
    "a", "typo", "in", "config", "because", "deploy", "pushed", "without", "review", "alert", "notice",
    "supposed", "ought", "not", "database", "timed", "out", "and", "of", "mistake", "user", "check", "logs",
    "instead", "using", "without", "properly", "careless", "poorly", "written", "wrong", "incorrectly", "assumed",
    "AGAIN", "!", "who", "why", "?", "just", "restarted", "root", "cause", "reckless", "never", "tested",
    "but", "actually", "thought", "expected", "followed", "procedure", "assumption", "restored", "copy-paste",
    "incorrect", "bad", "button", "decision",
]
#: Words no rule is anchored on: sentences of these need no parse.
_NEUTRAL = [
    "the", "cache", "warmed", "up", "slowly", "after", "restart", "queue", "grew", "latency", "rose", "at", "10:42",
    "traffic", "shifted", "region", "replicas", "recovered", "disk", "filled", "graph", "shows", "requests", "per",
]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "docs"
#: The python checks that need the parser and read only words their ``triggers`` name (BL103 reports
#: names, which no word list holds).
TRIGGERED = ("BL104", "BL203", "BL204", "BL304", "BL401", "BL402", "BL404", "BL505")


def _pair(preview: bool = True) -> tuple[Linter, Linter]:
    fast = Linter(Config(preview=preview))
    full = Linter(Config(preview=preview))
    full.use_prefilter = False
    return fast, full


FAST, FULL = _pair()
#: The default selection (stable rules only) parses fewer blocks than the preview one.
STABLE_FAST, STABLE_FULL = _pair(preview=False)


def _same(text: str, fast: Linter = FAST, full: Linter = FULL) -> None:
    assert [f.to_dict() for f in fast.lint_text(text)] == [f.to_dict() for f in full.lint_text(text)]


def test_rule_examples_in_one_document_give_the_same_findings() -> None:
    sections = []
    for rule in FAST.rules:
        for example in (*rule.bad, *rule.good):
            sections.append(example.text)
    text = "# Incident\n\n## Analysis\n\n" + "\n\n".join(sections) + "\n"
    findings = FAST.lint_text(text)
    assert findings, "the examples hold bad sentences, so something must be found"
    _same(text)


def test_a_block_without_trigger_words_is_only_tokenised() -> None:
    blocks = [b for b in FAST.lint_many([("x.md", "The cache warmed up slowly after the restart.\n")])]
    assert blocks[0].findings == []
    codes = FAST._scope_codes["prose"]
    assert FAST.prefilter.candidates({"the", "cache", "warmed", "up"}, codes) <= {
        r.code for r in FAST.rules if FAST.prefilter.triggers[r.code] is None
    }


def test_lemma_forms_cover_irregular_verbs_and_clitics() -> None:
    assert {"was", "were", "is", "'s", "been"} <= lemma_forms("be")
    assert {"forgot", "forgotten", "forgets"} <= lemma_forms("forget")
    assert {"'ve", "had", "has"} <= lemma_forms("have")


def test_lemma_inverter_finds_what_the_lemmatizer_produces() -> None:
    inverter = LemmaInverter(FAST.nlp)
    assert {"was", "were", "is", "been", "'s"} <= inverter.forms("be")
    assert {"forgot", "forgotten", "forgets", "forgetting"} <= inverter.forms("forget")
    assert {"'d"} <= inverter.forms("would")
    words = "Sarah forgot it ; they were running late and the checks had failed and stopped".split()
    doc = next(iter(FAST.nlp.pipe([" ".join(words)])))
    for token in doc:
        assert token.lower_ in inverter.forms(token.lemma_), (token.text, token.lemma_)


def test_rule_triggers_are_built_from_the_pipeline() -> None:
    assert FAST.prefilter.forms_of.__self__.__class__ is LemmaInverter  # type: ignore[attr-defined]
    dependency = [r.code for r in FAST.rules if r.match.kind == "dependency"]
    assert dependency and all(FAST.prefilter.triggers[code] for code in dependency)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=14), min_size=1, max_size=4))
def test_random_sentences_from_trigger_words_give_the_same_findings(sentences: list[list[str]]) -> None:
    text = "## Analysis\n\n" + "\n\n".join(" ".join(words).capitalize() + "." for words in sentences) + "\n"
    _same(text)


_SENTENCE = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=3, max_size=14), st.lists(st.sampled_from(_NEUTRAL), min_size=3, max_size=10)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SENTENCE, min_size=2, max_size=5), st.booleans())
def test_paragraphs_parsed_sentence_by_sentence_give_the_same_findings(sentences: list[list[str]], stable: bool) -> None:
    # One paragraph: only its sentences that hold a rule's words are parsed (each on its own); the
    # full linter parses every sentence.
    text = "## Analysis\n\n" + " ".join(" ".join(words).capitalize() + "." for words in sentences) + "\n"
    _same(text, *((STABLE_FAST, STABLE_FULL) if stable else (FAST, FULL)))


def test_only_the_sentences_a_rule_could_match_are_parsed() -> None:
    linter, prose = STABLE_FAST, STABLE_FAST._scope_codes["prose"]

    def plan(text: str, codes=None):
        doc = linter.nlp.make_doc(text)
        if codes is None:
            codes = [c for c in linter.prefilter.candidates({t.lower_ for t in doc}, prose, doc) if linter.active[c].requires]
        found = linter.prefilter.sentences_to_parse(doc, codes)
        return found and (found[0], [doc[a:b].text for a, b in found[1]])

    assert plan("John forgot to run the migration.") is None  # one sentence: parsed whole
    assert plan("The cache warmed up. John forgot to run the migration. Latency rose.") == (
        [0, 5, 12], ["John forgot to run the migration."]
    )
    assert plan("The cache warmed up, e.g. after 10:42. Latency rose.")[0] == [0, 9]  # "e.g." is one token
    # A rule that may report outside the sentence of its words has every sentence parsed.
    assert "BL505" not in linter.prefilter.sentence_local
    assert plan("Latency rose. Improve monitoring.", ["BL505"])[1] == ["Latency rose.", "Improve monitoring."]
    assert {"BL101", "BL203", "BL304", "BL401", "BL402"} <= linter.prefilter.sentence_local
    assert plan("Latency rose. The rollout was ill-advised.", ["BL402"])[1] == ["The rollout was ill-advised."]


def test_a_sentence_is_parsed_as_it_would_be_alone_and_the_others_keep_their_boundaries() -> None:
    from blamelint.nlp import parse_units

    nlp = STABLE_FAST.nlp
    text = "The cache warmed up.  John forgot to run the migration.\nLatency rose again"
    doc = nlp.make_doc(text)
    starts = [0, 5, 13]
    [out] = parse_units(nlp, [(doc, starts, [(5, 13)])], ["parser"])
    assert out is doc and out.text == text
    alone = next(iter(nlp.pipe([doc[5:13].as_doc()])))
    assert [(t.text, t.tag_, t.lemma_, t.dep_, t.head.i + 5) for t in alone] == [
        (t.text, t.tag_, t.lemma_, t.dep_, t.head.i) for t in doc[5:13]
    ]
    assert [t.tag_ for t in doc[:5]] == [""] * 5 and [t.dep_ for t in doc[13:]] == [""] * len(doc[13:])
    assert [s.start for s in doc.sents] == starts


def test_a_finding_in_an_unparsed_sentence_gets_the_rewrites_of_a_parsed_one() -> None:
    # BL101 needs the first sentence parsed; BL405 reads text alone, so its sentence stays tokenised.
    text = "## Impact\n\nJohn forgot to run the migration. It's AGAIN Friday afternoon.\n"
    found = {f.code: f for f in STABLE_FAST.lint_text(text)}
    assert set(found) == {"BL101", "BL405"}
    assert any("Friday afternoon" in fix.title for fix in found["BL405"].fixes)
    _same(text, STABLE_FAST, STABLE_FULL)


def test_a_python_check_that_declares_triggers_runs_on_parsed_blocks_only_where_they_occur(monkeypatch) -> None:
    data = Path(__file__).parent / "data"
    monkeypatch.syspath_prepend(str(data / "checks"))
    import blamelint_trigger_check as check

    linter = Linter(Config(rule_folders=(str(data / "rules-python"),), select=("BL492",)))
    trigger = linter.prefilter.triggers["BL492"]
    assert trigger is not None and {"rushed", "rushes", "hasty", "hurry"} <= trigger[0][0]
    check.SEEN.clear()
    text = "The cache warmed up slowly.\n\nThey rushed the deploy.\n\nA hasty fix went out.\n"
    findings = linter.lint_text(text)
    assert [text[f.range.start.offset : f.range.end.offset] for f in findings] == ["rushed"]
    assert check.SEEN[:3] == [  # (the rewriter may lint its rewrite afterwards)
        ("The cache warmed up slowly.", False),
        ("They rushed the deploy.", True),
        ("A hasty fix went out.", True),
    ]
    full = Linter(Config(rule_folders=(str(data / "rules-python"),), select=("BL492",)))
    full.use_prefilter = False
    assert full.lint_text(text) == findings


def test_python_checks_without_triggers_are_candidates_everywhere() -> None:
    python = [r.code for r in FAST.rules if r.match.kind == "python"]
    undeclared = [code for code in python if FAST.prefilter.triggers[code] is None]
    assert FAST.prefilter.candidates({"nothing", "here"}, undeclared) == set(undeclared)


def test_the_parsing_python_checks_declare_triggers() -> None:
    for code in TRIGGERED:
        trigger = FAST.prefilter.triggers[code]
        assert trigger is not None, code
        assert "-" not in trigger[0][0] and "up" not in trigger[0][0], code  # "ill-advised", "cock-up"
    parsing = {r.code for r in FAST.rules if r.match.kind == "python" and r.requires}
    assert parsing - set(TRIGGERED) == {"BL103"}


def test_a_multi_word_lexicon_entry_triggers_on_its_longest_word() -> None:
    words = FAST.prefilter.triggers["BL402"][0][0]
    assert {"advised", "ill-advised", "sighted", "inadvisable"} <= words  # ill-advised, short-sighted
    text = "## Analysis\n\nThe rollout at 5pm was ill-advised.\n\nThe cache warmed up slowly.\n"
    _same(text)


def test_a_finding_in_an_unparsed_block_gets_the_rewrites_a_parsed_one_gets() -> None:
    # BL405 reads text alone, so its block may stay unparsed; its rewrite still needs the parse.
    text = "## Impact\n\nIt's AGAIN Friday afternoon.\n"
    fast = STABLE_FAST.lint_text(text)
    assert [f.code for f in fast] == ["BL405"]
    assert any(fix.edits for fix in fast[0].fixes)
    _same(text, STABLE_FAST, STABLE_FULL)


def test_action_items_left_unparsed_give_the_same_findings() -> None:
    text = (
        "# Incident\n\n## Action items\n\n- Add a canary stage to the deploy pipeline\n"
        "- Improve monitoring\n- Investigate the alert thresholds\n- Try to evaluate the retry budget\n"
    )
    assert "BL505" in {f.code for f in STABLE_FAST.lint_text(text)}
    _same(text, STABLE_FAST, STABLE_FULL)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
@pytest.mark.parametrize("preview", [False, True], ids=["stable", "preview"])
def test_the_whole_corpus_gives_the_same_findings(preview: bool) -> None:
    fast_linter, full_linter = (FAST, FULL) if preview else (STABLE_FAST, STABLE_FULL)
    items = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.md"))]
    fast = [[f.to_dict() for f in r.findings] for r in fast_linter.lint_many(items)]
    full = [[f.to_dict() for f in r.findings] for r in full_linter.lint_many(items)]
    assert sum(map(len, fast)) > 100
    for (path, _text), a, b in zip(items, fast, full):
        assert a == b, path


def _marked_people(linter: Linter, texts: list[str]) -> list[tuple[str, bool]]:
    """Each text's parse, marked by the linter's people detector: does it hold a person?"""
    out = []
    for text, doc in zip(texts, linter.nlp.pipe(texts)):
        linter.people.mark(doc)
        out.append((text, any(token._.person for token in doc)))
    return out


def test_the_person_gate_allows_every_block_the_people_detector_finds_a_person_in() -> None:
    texts = [example.text for rule in FAST.rules for example in (*rule.bad, *rule.good)]
    texts += [
        "Ping dylanfour@ about it.", "Mail ops@example.com now.", "The incident commander paged us.",
        "Ines pushed the config.", "Why didn't Alice escalate?", "Bob restarted it.", "They forgot.",
        "The Engineers failed to notice.", "An on-call engineer missed the page.",
    ]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.md"))[:12]:
            texts += [b.text for b in parse_document(path.read_text(encoding="utf-8"), str(path)).blocks][:40]
    gate = FAST.prefilter.person_gate
    assert gate is not None
    people = _marked_people(FAST, texts)
    assert sum(found for _, found in people) > 20
    for text, found in people:
        if found:
            assert gate.allows(FAST.nlp.make_doc(text)), text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS + ["Priya", "Ops", "Deploy", "@alice", "somebody", "Team", "admin", "SRE"]), min_size=2, max_size=12))
def test_the_person_gate_allows_random_sentences_with_a_person(words: list[str]) -> None:
    text = " ".join(words) + "."
    ((_, found),) = _marked_people(FAST, [text])
    if found:
        assert FAST.prefilter.person_gate.allows(FAST.nlp.make_doc(text)), text  # type: ignore[union-attr]


def test_a_failure_verb_without_a_person_leaves_the_person_rules_out() -> None:
    codes = ("BL101", "BL102")
    for code in codes:  # every pattern needs a person (or BL101's "nobody")
        assert all(PERSON in r or any("nobody" in f for f in r) for r in FAST.prefilter.triggers[code] or [None]), code
    for text, expected in (
        ("the service failed to start after the config change.", set()),
        ("the outage was caused by a config change in db-1.", set()),
        # A title-case word that is no ordinary English word may be a name ("The" may be tagged one).
        ("The service failed to start after the config change.", {"BL101"}),
        ("the job failed and nobody noticed the alert.", {"BL101"}),
        ("Sarah failed to notice the alert.", {"BL101"}),
        ("the outage was caused by a change from ops@example.com.", {"BL102"}),
        ("the outage was caused by the on-call engineer's change.", {"BL102"}),
    ):
        doc = FAST.nlp.make_doc(text)
        words = {t.lower_ for t in doc}
        assert FAST.prefilter.candidates(words, codes, doc) & expected == expected, text
        if not expected:
            assert not FAST.prefilter.candidates(words, codes, doc), text
            assert FAST.prefilter.candidates(words, codes), text  # without the block there is no gate
    _same("## Analysis\n\nThe service failed to start after the config change.\n\nSarah failed to notice the alert.\n")


def test_rules_about_people_or_the_writers_need_one_of_them() -> None:
    # BL301 asks for a person or "we" as the subject (subj_human, human: HUMAN); BL302 for "we"
    # alone (collective: the writers' pronouns themselves).
    codes = ("BL301", "BL302")
    assert all(any(f is HUMAN for f in r) for r in FAST.prefilter.triggers["BL301"][:3])
    assert all(FAST.prefilter.collective <= f for r in FAST.prefilter.triggers["BL302"] for f in r if "we" in f)
    for text, expected in (
        ("the alert would have fired earlier with the new threshold.", set()),
        ("the job failed to start after the upgrade.", set()),
        ("we should have checked the replica lag.", {"BL301"}),
        ("they should have checked the replica lag.", {"BL301"}),
        ("the operator could have caught it.", {"BL301"}),
        ("we failed to verify the backup.", {"BL302"}),
        ("the agent failed to verify the backup.", set()),
    ):
        doc = FAST.nlp.make_doc(text)
        assert FAST.prefilter.candidates({t.lower_ for t in doc}, codes, doc) == expected, text
    _same(
        "## Analysis\n\nThe alert would have fired earlier. We should have checked the lag. "
        "The job failed to start. We failed to verify the backup. Priya could have caught it.\n"
    )


def test_a_trigger_group_needs_a_word_of_every_group(monkeypatch) -> None:
    data = Path(__file__).parent / "data"
    monkeypatch.syspath_prepend(str(data / "checks"))
    import blamelint_trigger_check as check

    linter = Linter(Config(rule_folders=(str(data / "rules-python"),), select=("BL493",)))
    trigger = linter.prefilter.triggers["BL493"]
    assert trigger is not None and len(trigger) == 2
    assert len(trigger[0]) == 1 and "hasty" in trigger[0][0] and "rushed" not in trigger[0][0]
    assert {"rushed", "rushes"} <= trigger[1][0] and {"not", "n't", "never"} <= trigger[1][1]
    check.SEEN.clear()
    text = "They rushed the deploy.\n\nThey did not rush the deploy.\n\nA hasty fix went out.\n\nNever again.\n"
    findings = linter.lint_text(text)
    assert [text[f.range.start.offset : f.range.end.offset] for f in findings] == ["rush", "hasty"]
    assert check.SEEN[:4] == [
        ("They rushed the deploy.", False),
        ("They did not rush the deploy.", True),
        ("A hasty fix went out.", True),
        ("Never again.", False),
    ]
    full = Linter(Config(rule_folders=(str(data / "rules-python"),), select=("BL493",)))
    full.use_prefilter = False
    assert full.lint_text(text) == findings


def test_negation_and_agent_nodes_name_their_words() -> None:
    # BL101's negated steps and BL102's by-phrases name the words the parser attaches there, so a
    # block with a step verb and a person but no negation (or no "by") is not parsed for them.
    codes = ("BL101", "BL102")
    for text, expected in (
        ("Sarah checked the logs and the config was changed.", set()),
        ("Sarah didn't check the logs.", {"BL101"}),
        ("Sarah never checked the logs.", {"BL101"}),
        ("The config was changed by Sarah.", {"BL102"}),
        ("The regression was not caught in review by the platform team.", {"BL101", "BL102"}),
    ):
        doc = FAST.nlp.make_doc(text)
        assert FAST.prefilter.candidates({t.lower_ for t in doc}, codes, doc) == expected, text
    _same("## Analysis\n\nSarah didn't check the logs.\n\nThe bad config was pushed by Sarah without review.\n")
