"""The result cache, ``--jobs`` and the progress bar: same findings, fewer parses, clean output."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint import Config, Linter
from blamelint.cache import ResultCache, finding_from_dict
from blamelint.cli import cli
from blamelint.config import clear_caches
from blamelint.parallel import Progress, run

ROOT = Path(__file__).resolve().parents[2]

DOCS = {
    "a.md": "# Incident\n\n## Summary\n\nJohn forgot to run the migration.\n",
    "b.md": "# Incident\n\n## Analysis\n\nThe deploy was pushed by Sarah without review.\n",
    "c.md": "# Incident\n\n## Summary\n\nThe cache warmed up slowly after the restart.\n",
    "d.md": "# Incident\n\n## Analysis\n\nThe outage was caused by human error.\n\nWe should have checked the logs.\n",
}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for index in range(3):
        for name, text in DOCS.items():
            (folder / f"{index}-{name}").write_text(text, encoding="utf-8")
    return folder


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    clear_caches()  # each CLI run is a new process; in-process runs must not share config lookups
    result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def test_second_run_reads_the_cache_and_prints_the_same(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _cli("--no-color", "--cache-dir", str(cache), str(docs))
    entries = _entries(cache)
    assert first[0] == 1 and len(entries) == 12
    stamps = [p.stat().st_mtime_ns for p in entries]
    second = _cli("--no-color", "--cache-dir", str(cache), str(docs))
    assert second == first  # text output with source snippets, from the cache alone
    assert [p.stat().st_mtime_ns for p in _entries(cache)] == stamps  # nothing rewritten
    assert (cache / "CACHEDIR.TAG").is_file()


def test_cache_hits_return_equal_findings(docs: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    fresh = run([str(docs)], None, cache_folder=str(cache.folder))
    again = run([str(docs)], None, cache_folder=str(cache.folder))
    assert [r.findings for r in again] == [r.findings for r in fresh]
    assert any(r.findings for r in fresh)
    finding = next(f for r in fresh for f in r.findings)
    assert finding_from_dict(finding.to_dict()) == finding


def test_edits_config_and_rule_files_invalidate(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cli("--cache-dir", str(cache), str(docs))
    assert len(_entries(cache)) == 12
    (docs / "0-a.md").write_text(DOCS["a.md"] + "\nSarah forgot the runbook.\n", encoding="utf-8")
    _cli("--cache-dir", str(cache), str(docs))
    assert len(_entries(cache)) == 13  # only the edited file is linted again
    _cli("--cache-dir", str(cache), "--select", "BL1", str(docs))
    assert len(_entries(cache)) == 25  # another selection is another configuration
    (docs / ".blamelint.yaml").write_text("system-names: [Sarah]\n", encoding="utf-8")
    code, out, _ = _cli("--cache-dir", str(cache), "--format", "json", str(docs))
    assert len(_entries(cache)) == 37
    assert not any("Sarah" in f["message"] for f in json.loads(out)["findings"])
    rules = tmp_path / "rules" / "judgment"
    rules.mkdir(parents=True)
    (docs / ".blamelint.yaml").write_text(f"system-names: [Sarah]\nrule-folders: [{rules}]\n", encoding="utf-8")
    _cli("--cache-dir", str(cache), str(docs))
    after_folder = len(_entries(cache))
    assert after_folder == 49
    (rules / "rushed.yml").write_text(
        (ROOT / "tests" / "hardening" / "data" / "rushed.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # A fresh process, as every CLI run is (rule sets are memoised per process).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "blamelint", "check", "--cache-dir", str(cache), "--format", "json", str(docs)]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 1, proc.stderr
    assert len(_entries(cache)) == after_folder + 12  # a new rule file invalidates every entry


def test_no_cache_neither_reads_nor_writes(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cli("--no-cache", "--cache-dir", str(cache), str(docs))
    assert not cache.exists()


def test_corrupt_entries_and_unwritable_folders_are_misses(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _cli("--cache-dir", str(cache), "--format", "json", str(docs))
    for entry in _entries(cache):
        entry.write_text('{"findings": [{"code": ', encoding="utf-8")
    assert _cli("--cache-dir", str(cache), "--format", "json", str(docs)) == first
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    assert _cli("--cache-dir", str(blocker / "cache"), "--format", "json", str(docs)) == first


def test_cache_dir_from_the_environment(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "env-cache"
    _cli(str(docs), env={"BLAMELINT_CACHE_DIR": str(cache)})
    assert len(_entries(cache)) == 12


def test_jobs_give_the_same_results_in_input_order(docs: Path, tmp_path: Path) -> None:
    (docs / "broken.md").write_bytes(b"bad \xff byte\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outputs = []
    for jobs in ("1", "2", "3"):
        proc = subprocess.run(
            [sys.executable, "-m", "blamelint", "check", "--no-cache", "--format", "json", "--jobs", jobs, str(docs)],
            capture_output=True, text=True, env=env, timeout=300, check=False,
        )
        assert proc.returncode == 1 and proc.stderr == "", proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    paths = [f["path"] for f in json.loads(outputs[0])["findings"]]
    assert paths == sorted(paths) and str(docs / "broken.md") in paths


def test_jobs_in_process_keep_order_and_documents(docs: Path) -> None:
    seen: list[str] = []
    results = run([str(docs)], Config(), jobs=2, on_result=lambda r: seen.append(r.path))
    assert [r.path for r in results] == seen == sorted(str(p) for p in docs.glob("*.md"))
    assert all(r.document is not None and r.document.source == Path(r.path).read_text() for r in results)
    assert [r.findings for r in results] == [r.findings for r in run([str(docs)], Config(), jobs=1)]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_only() -> None:
    terminal = _Terminal()
    bar = Progress(terminal)
    bar.start(3)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert "3/3 files" in terminal.getvalue() and terminal.getvalue().endswith("\r\x1b[2K")
    for stream, enabled, total in ((io.StringIO(), True, 3), (_Terminal(), False, 3), (_Terminal(), True, 1)):
        bar = Progress(stream, enabled=enabled)
        bar.start(total)
        bar.advance(total)
        bar.close()
        assert stream.getvalue() == ""


def test_cli_prints_no_progress_when_stderr_is_not_a_terminal(docs: Path) -> None:
    code, out, err = _cli("--no-cache", str(docs))
    assert code == 1 and err == ""


def test_linter_cache_key_changes_with_config(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    one, two = Linter(Config()), Linter(Config(system_names=("Sarah",)))
    assert cache.key(one, "a.md", "x") != cache.key(two, "a.md", "x")
    assert cache.key(one, "a.md", "x") != cache.key(one, "b.md", "x")
    assert cache.key(one, "a.md", "x") != cache.key(one, "a.md", "y")
    assert cache.key(one, "a.md", "x") == cache.key(Linter(Config()), "a.md", "x")
