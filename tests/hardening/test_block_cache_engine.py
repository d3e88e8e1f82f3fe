"""The engine's block cache only saves work: findings are identical with and without it.

Each comparison lints the same text with a linter whose :class:`~blamelint.engine.BlockCache` is
off (``block_cache=0``) and with one linter whose cache has seen the earlier versions, so cached
blocks are reused at other offsets, under other headings and next to other blocks. Findings are
compared whole: code, message, range (offsets, lines and columns), section and every fix.
"""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import Config, Linter
from blamelint.engine import BLOCK_LOCAL_CHECKS, BlockCache
from blamelint.errors import InternalRuleError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
_HEADING = re.compile(r"^#{1,6} +\S.*$", re.MULTILINE)

# Blame wording of several kinds, markup, inline code, a table, a list, a suppression, a why-chain.
SAMPLE = textwrap.dedent(
    """\
    # Incident 12: checkout outage

    ## Summary

    John forgot to run the migration, so **John** broke checkout. The root cause was human error.

    ## Timeline

    - 14:02 UTC the deploy went out
    - 14:09 UTC alerts fired

    ## Root cause

    We should have tested the rollback. `John forgot` is quoted code. The operator carelessly skipped the
    check and the change was inadequately reviewed.

    <!-- blamelint-disable-next-line BL101 -->
    Sarah deleted the table by mistake.

    | Who | What |
    | --- | --- |
    | Bob | failed to notice the alert |

    > Why did the deploy fail? Because the check was skipped.

    ## Action items

    - [ ] Alice will be more careful
    - [ ] Add a migration check to CI (owner: @platform, due 2026-12-01)

    John forgot to run the migration, so **John** broke checkout. The root cause was human error.
    """
)


def _plain(config: Config) -> Linter:
    return Linter(config, block_cache=0)


PLAIN = _plain(Config(preview=True))
CACHED = Linter(Config(preview=True))


def _same(text: str, path: str = "pm.md", plain: Linter = PLAIN, cached: Linter = CACHED) -> int:
    expected = plain.lint_text(text, path)
    got = cached.lint_text(text, path)
    assert got == expected, _difference(expected, got)
    return len(expected)


def _difference(expected: list, got: list) -> str:
    lost = [(f.code, f.range.start.offset, f.message) for f in expected if f not in got]
    extra = [(f.code, f.range.start.offset, f.message) for f in got if f not in expected]
    return f"only without the cache: {lost[:5]}; only with it: {extra[:5]}"


def _edits(text: str, rng: random.Random) -> list[str]:
    """A random one-character insert, delete and replace, then a heading edit (its class, or no heading)."""
    out = []
    at = rng.randrange(len(text) + 1)
    text = text[:at] + rng.choice("ab .\n#*`-") + text[at:]
    out.append(text)
    at = rng.randrange(len(text))
    text = text[:at] + text[at + 1 :]
    out.append(text)
    at = rng.randrange(len(text))
    text = text[:at] + rng.choice("xyz") + text[at + 1 :]
    out.append(text)
    headings = list(_HEADING.finditer(text))
    if headings:
        heading = rng.choice(headings)
        if rng.random() < 0.5:  # "## Root cause" → "## Rot cause": the section it opens changes class
            at = rng.randrange(heading.start() + heading.group().index(" ") + 1, heading.end())
            text = text[:at] + text[at + 1 :]
        else:  # "## Timeline" → "x# Timeline": no heading at all, the blocks below change section
            text = text[: heading.start()] + "x" + text[heading.start() + 1 :]
        out.append(text)
    return out


def test_the_sample_document_and_its_edits() -> None:
    assert _same(SAMPLE) >= 8
    rng = random.Random(6)
    for _ in range(6):
        for version in _edits(SAMPLE, rng):
            _same(version)
    before = CACHED.block_cache.stats()  # type: ignore[union-attr]
    _same("<!-- a new first line shifts every block -->\n" + SAMPLE)
    after = CACHED.block_cache.stats()  # type: ignore[union-attr]
    assert after["misses"] == before["misses"], "moved blocks are found again"
    assert after["hits"] > before["hits"]


def test_every_heading_edit_moves_sections_and_findings_follow() -> None:
    for heading in _HEADING.finditer(SAMPLE):
        start, end = heading.span()
        for variant in ("x" + SAMPLE[start + 1 : end], SAMPLE[start:end] + "s", "#" + SAMPLE[start:end]):
            _same(SAMPLE[:start] + variant + SAMPLE[end:])
    _same(SAMPLE.replace("We should have", "## Analysis\n\nWe should have"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_example_postmortems_and_their_edits(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same(text, path.name)
    rng = random.Random(path.name)
    for _ in range(3):
        for version in _edits(text, rng):
            _same(version, path.name)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not checked out beside the project")
def test_the_corpus_and_single_character_edits_of_it() -> None:
    files = sorted(CORPUS.glob("*.md"))
    assert len(files) >= 40
    found = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        found += _same(text, path.name)
        rng = random.Random(path.name)
        versions = _edits(text, rng)
        for version in (versions[0], versions[-1]):  # one random keystroke, one heading edit
            _same(version, path.name)
    assert found > 100


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.sampled_from(["", "a", " ", "\n", "\r", "\r\n", "#", "*", "`", "-", "|", ">"])), min_size=1, max_size=3))
def test_random_keystrokes_in_the_sample(edits: list[tuple[int, str]]) -> None:
    text = SAMPLE
    for at, char in edits:
        at = min(at, len(text))
        text = text[:at] + char + text[at + 1 :] if not char else text[:at] + char + text[at:]
        _same(text)


def test_a_repeated_block_and_the_same_words_under_other_markup() -> None:
    para = "The engineer carelessly skipped the check."
    text = f"# Incident\n\n## Analysis\n\n{para}\n\n{para}\n\n*{para}*\n\n- {para}\n\n> {para}\n"
    assert _same(text) >= 4
    _same(text.replace("*The", "**The").replace("check.*", "check.**"))
    _same(text.replace("- The", "1. The"))


def test_the_cache_is_bounded_and_still_exact() -> None:
    small = Linter(Config(preview=True), block_cache=4)
    rng = random.Random(3)
    text = SAMPLE
    for _ in range(4):
        _same(text, cached=small)
        stats = small.block_cache.stats()  # type: ignore[union-attr]
        assert max(stats["docs"], stats["blocks"], stats["rewrites"]) <= 4
        text = _edits(text, rng)[0]
    cache = BlockCache(0)
    assert cache.size == 1
    assert Linter(Config(), block_cache=0).block_cache is None


def test_configuration_is_part_of_each_linter_cache() -> None:
    johns = Config(system_names=("John",), severity={"BL204": "off"})
    _same(SAMPLE, plain=_plain(johns), cached=Linter(johns))


def test_every_listed_block_local_check_is_a_built_in_rule_check() -> None:
    checks = {rule.match.check for rule in CACHED.ruleset if rule.match.kind == "python"}
    assert BLOCK_LOCAL_CHECKS <= checks
    local, whole = CACHED._python_checks()
    assert {rule.match.check for rule, _ in local} == BLOCK_LOCAL_CHECKS
    assert not {rule.match.check for rule, _ in whole} & BLOCK_LOCAL_CHECKS


BOOM_CHECK = '''
def boom(context, rule):
    for block, doc in context.blocks(rule):
        if "kaboom" in block.text:
            raise RuntimeError("kaboom in a block")
        for token in doc:
            if token.lower_ == "calm":
                yield context.hit_tokens(block, token, token)


boom.block_local = True
'''

BOOM_RULE = """\
code: BL493
status: stable
since: 0.1.0
severity: warning
scope: [prose]
summary: Says calm.
message: "“{match}” is calm"
link: https://example.invalid/calm
match:
  kind: python
  check: blamelint_block_cache_boom:boom
doc:
  why: |
    A test rule whose block-local check raises on one block.
examples:
  bad:
    - "[[calm]] seas"
  good:
    - "rough seas"
"""


@pytest.fixture
def boom_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "blamelint_block_cache_boom.py").write_text(BOOM_CHECK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "checks"))
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (rules / "calm.yml").write_text(BOOM_RULE, encoding="utf-8")
    (tmp_path / "rules" / "lexicons.yml").write_text("{}\n", encoding="utf-8")
    return Config(rule_folders=(str(tmp_path / "rules"),), extend_select=("BL493",))


def _lint_collecting(linter: Linter, text: str) -> tuple[list, list[tuple[str, str]]]:
    errors: list[InternalRuleError] = []
    linter.on_rule_error = errors.append
    try:
        return linter.lint_text(text, "pm.md"), [(e.code, str(e.original)) for e in errors]
    finally:
        linter.on_rule_error = None


def test_a_block_local_check_that_raises_fails_the_same_way_from_the_cache(boom_config: Config) -> None:
    plain, cached = _plain(boom_config), Linter(boom_config)
    calm = "# Notes\n\nA calm night.\n\nAnother calm day.\n"
    assert [f.code for f in cached.lint_text(calm)].count("BL493") == 2
    loud = calm + "\nThen kaboom.\n"
    for text in (loud, loud.replace("night", "evening"), loud, calm.replace("day", "week")):
        expected, expected_errors = _lint_collecting(plain, text)
        got, errors = _lint_collecting(cached, text)
        assert got == expected
        assert errors == expected_errors
        assert bool(errors) == ("kaboom" in text)
        if errors:
            assert errors == [("BL493", "kaboom in a block")]
            assert "BL493" not in {f.code for f in got}  # its findings in the other blocks go too
            with pytest.raises(InternalRuleError):
                cached.lint_text(text)


def test_a_section_change_above_an_unchanged_subheading() -> None:
    text = "# Incident\n\n## Root cause\n\n### Details\n\nSarah skipped the check and John deleted the table.\n"
    assert "BL103" in {f.code for f in PLAIN.lint_text(text)}
    _same(text)
    _same(text.replace("## Root cause", "## Root caus"))  # the paragraph keeps its heading, not its section
    _same(text)


def test_characters_just_outside_a_block_shape_its_fixes() -> None:
    # Deleting the words at the start of a cell takes the space after them only when a space comes before.
    spaced = "# Incident\n\n## Analysis\n\n| Note |\n| --- |\n| All they had to do was roll back |\n"
    tight = spaced.replace("| All they had to do was roll back |", "|All they had to do was roll back|")
    assert "BL404" in {f.code for f in PLAIN.lint_text(spaced)}
    assert PLAIN.lint_text(spaced) != PLAIN.lint_text(tight)
    for text in (spaced, tight, spaced):
        _same(text)


def test_rewrites_follow_the_findings_a_suppression_leaves_in_a_block() -> None:
    para = "## Analysis\n\nSarah carelessly deleted the production table.\n"
    codes = {f.code for f in PLAIN.lint_text(para)}
    assert {"BL202", "BL401"} <= codes, codes
    for code in (*sorted(codes), min(codes)):  # one finding left in the block each time, of another rule
        others = ",".join(sorted(codes - {code}))
        _same(f"# Incident\n\n{para}\n<!-- blamelint-disable-next-line {others} -->\nSarah carelessly deleted the production table.\n")


def test_a_short_document_kept_whole_takes_the_path_it_is_linted_under() -> None:
    config = Config(preview=True, per_file_ignores={"quiet/*.md": ("BL1",)})
    plain, cached = _plain(config), Linter(config)
    text = "## Analysis\n\nJohn forgot to run the migration.\n"
    for path in ("a.md", "b.md", "quiet/c.md", "a.md", "quiet/c.md"):
        expected = plain.lint_many([(path, text)])
        got = cached.lint_many([(path, text)])
        for want, have in zip(expected, got):
            assert have.findings == want.findings and have.path == want.path == path
            assert have.document is not None and have.document.path == path
    assert "BL101" in {f.code for f in plain.lint_text(text, "a.md")}
    assert "BL101" not in {f.code for f in plain.lint_text(text, "quiet/c.md")}
    assert cached.block_cache.stats()["documents"] == 2  # type: ignore[union-attr]
