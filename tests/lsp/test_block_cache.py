"""The server's linters keep a block cache: a keystroke re-checks one block and changes no finding.

``LintCache`` lints with one :class:`~blamelint.engine.Linter` per configuration, each with its own
:class:`~blamelint.engine.BlockCache`, so marks a configuration sets on tokens (its system names)
never reach another configuration's findings.
"""

from __future__ import annotations

from blamelint.config import Config
from blamelint.document import parse_document
from blamelint.engine import Linter
from blamelint_lsp.linting import BLOCK_CACHE_SIZE, LintCache

BASE = (
    "# Summary\n\nJohn forgot to run the migration. The root cause was human error.\n\n"
    "## Analysis\n\nWe should have tested the rollback. `John forgot` is quoted code.\n\n"
    "- [ ] Alice will add a check\n\nThe deploy went out at 14:02.\n"
)


def test_server_findings_match_an_uncached_lint_across_configurations() -> None:
    texts = [BASE, BASE.replace("Alice", "Bob"), BASE.replace("John forgot", "The job skipped"), BASE, BASE + BASE]
    configs = {"johns": Config(system_names=("John",)), "default": Config()}
    plain = {name: [Linter(cfg, block_cache=0).lint_text(t, "x.md") for t in texts] for name, cfg in configs.items()}
    assert plain["default"][0] != plain["johns"][0]  # the two configurations mark "John" differently
    assert any(plain["default"])
    server = LintCache()
    for _ in range(2):
        for number, text in enumerate(texts):
            for name, cfg in configs.items():  # interleaved, so a shared parse would leak marks
                assert list(server.lint(cfg, "x.md", text).findings) == plain[name][number]


def test_a_keystroke_rechecks_only_the_changed_block() -> None:
    server = LintCache()
    server.lint(Config(), "x.md", BASE)
    cache = server.linter(Config()).block_cache
    assert cache is not None and cache.size == BLOCK_CACHE_SIZE
    before = cache.stats()
    edited = BASE.replace("We should", "We sshould")
    outcome = server.lint(Config(), "x.md", edited)
    after = cache.stats()
    linter = server.linter(Config())
    blocks = [b for b in parse_document(edited).blocks if b.scope in linter.scopes]
    assert len(blocks) == 6
    assert after["misses"] - before["misses"] == 1
    assert after["hits"] - before["hits"] == len(blocks) - 1
    assert list(outcome.findings) == Linter(Config(), block_cache=0).lint_text(edited, "x.md")


def test_the_cache_can_be_turned_off() -> None:
    server = LintCache(block_cache=False)
    assert server.linter(Config()).block_cache is None
    assert list(server.lint(Config(), "x.md", BASE).findings) == Linter(Config(), block_cache=0).lint_text(BASE, "x.md")
