"""Shared fixtures for the reporter tests: a small corpus and the real CLI run over it once per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from output_helpers import BLAME, CLEAN, ROOT_CAUSE, HOSTILE_NAME, run_cli  # noqa: E402


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "postmortems").mkdir()
    (root / "postmortems" / "blame.md").write_text(BLAME, encoding="utf-8")
    (root / "postmortems" / "root-cause.md").write_text(ROOT_CAUSE, encoding="utf-8")
    (root / "postmortems" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (root / "postmortems" / HOSTILE_NAME).write_text(ROOT_CAUSE, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def cli_output(corpus: Path):
    """Return ``fmt -> CompletedProcess`` for the real CLI over the corpus (run lazily, cached)."""
    cache: dict[str, subprocess.CompletedProcess[str]] = {}

    def get(fmt: str) -> subprocess.CompletedProcess[str]:
        if fmt not in cache:
            cache[fmt] = run_cli("check", "postmortems", "--format", fmt, cwd=corpus)
            assert cache[fmt].returncode == 1, cache[fmt].stderr
        return cache[fmt]

    return get


@pytest.fixture
def make_result():
    """Return a factory of one-finding :class:`LintResult` objects with arbitrary (hostile) text."""
    from blamelint.engine import LintResult
    from blamelint.findings import Applicability, Edit, Finding, Fix, Position, Range, Severity

    def make(
        path: str = "pm.md",
        message: str = "msg",
        severity: str = "error",
        start: tuple[int, int] = (3, 5),
        end: tuple[int, int] = (3, 9),
        replacement: str | None = None,
        code: str = "BL101",
        rule: str = "blame-subject",
    ) -> LintResult:
        rng = Range(Position(start[0], start[1], 0), Position(end[0], end[1], 4))
        fixes = (Fix("fix it", (Edit(rng, replacement),), Applicability.SAFE),) if replacement is not None else ()
        finding = Finding(path, code, rule, "attribution", Severity(severity), message, rng, "summary", fixes)
        return LintResult(path, [finding])

    return make
