"""The server's per-block parse cache gives exactly the findings of an uncached lint.

Run in a subprocess: the cache replaces ``blamelint.engine.parse_texts`` process-wide, which must not
leak into the rest of the test session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from lsp_support import server_env

SCRIPT = textwrap.dedent(
    """
    from blamelint.config import Config
    from blamelint.engine import Linter
    from blamelint_lsp.linting import install_block_cache

    base = (
        "# Summary\\n\\nJohn forgot to run the migration. The root cause was human error.\\n\\n"
        "## Analysis\\n\\nWe should have tested the rollback. `John forgot` is quoted code.\\n\\n"
        "- [ ] Alice will add a check\\n\\nThe deploy went out at 14:02.\\n"
    )
    texts = [base, base.replace("Alice", "Bob"), base.replace("John forgot", "The job skipped"), base, base + base]
    plain = [Linter(Config()).lint_text(t, "x.md") for t in texts]
    install_block_cache()
    first = Linter(Config(system_names=("John",)))
    cached = Linter(Config())
    assert first.lint_text(texts[0], "x.md") != plain[0]  # a config that marks tokens differently runs first
    for _ in range(2):
        got = [cached.lint_text(t, "x.md") for t in texts]
        assert got == plain, (got, plain)
    assert any(plain)
    print("ok")
    """
)


def test_block_cache_matches_uncached_findings():
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=server_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
