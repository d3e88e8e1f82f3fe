"""Bad input never crashes a run: each case gets a clear message or a meta finding, never a traceback."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint import Config, Linter
from blamelint.cli import cli
from blamelint.engine import MAX_BLOCK_CHARS
from blamelint.sources import decode, discover, read_source

ROOT = Path(__file__).resolve().parents[2]
BLAME = "John forgot to run the migration.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> tuple[int, list[dict]]:
    code, out, err = _check("--format", "json", *args)
    assert "Traceback" not in out + err
    data = json.loads(out)
    return code, data["findings"] if isinstance(data, dict) else data


def _findings(code_and_findings: tuple[int, list[dict]], path: Path) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in code_and_findings[1] if f["path"] == str(path)]


# -- encodings ---------------------------------------------------------------------------------


def test_binary_file_is_a_meta_finding(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, findings = _json(str(path))
    assert code == 1
    assert findings[0]["code"] == "BL004" and "binary file (NUL byte at byte offset 8)" in findings[0]["message"]


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("Caf\u00e9 outage\n".encode("utf-8") + b"The na\xefve retry\n")
    code, findings = _json(str(path))
    assert code == 1
    assert [f["code"] for f in findings] == ["BL004"]
    assert "byte offset 19 (0xef)" in findings[0]["message"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8-bom.md", codecs.BOM_UTF8 + BLAME.encode("utf-8")),
        ("utf16-le.md", codecs.BOM_UTF16_LE + BLAME.encode("utf-16-le")),
        ("utf16-be.md", codecs.BOM_UTF16_BE + BLAME.encode("utf-16-be")),
    ],
)
def test_byte_order_marks_are_read_and_positions_count_the_text(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, findings = _json(str(path))
    assert code == 1
    assert [(f["code"], f["range"]["start"]) for f in findings] == [("BL101", {"line": 1, "column": 1, "offset": 0})]


def test_utf16_without_a_byte_order_mark_is_reported_not_guessed() -> None:
    text, problem = decode(BLAME.encode("utf-16-le"))
    assert text is None and "binary file" in problem


@pytest.mark.parametrize("data", [b"", b"\n\n", codecs.BOM_UTF8, b"   \t\r\n", codecs.BOM_UTF16_LE])
def test_empty_files_pass(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(data)
    code, out, err = _check(str(path))
    assert code == 0 and "All checks passed (1 files)." in out, out + err


# -- size ---------------------------------------------------------------------------------------


def test_a_50_mb_file_is_skipped_with_a_meta_finding_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "small.md").write_text(BLAME, encoding="utf-8")
    result = _json(str(tmp_path))
    assert _findings(result, path) == [
        ("BL004", "File could not be read as text: file is 52428800 bytes, above the max-file-size limit of 5000000")
    ]
    assert _findings(result, tmp_path / "small.md")[0][0] == "BL101"


def test_max_file_size_is_configurable(tmp_path: Path) -> None:
    (tmp_path / ".blamelint.yaml").write_text("max-file-size: 20\n", encoding="utf-8")
    path = tmp_path / "pm.md"
    path.write_text(BLAME, encoding="utf-8")
    assert _findings(_json(str(path)), path) == [
        ("BL004", "File could not be read as text: file is 34 bytes, above the max-file-size limit of 20")
    ]


def test_an_oversized_block_is_skipped_and_the_rest_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "log.md"
    path.write_text("# Incident\n\n" + "x" * (MAX_BLOCK_CHARS + 1) + "\n\n" + BLAME, encoding="utf-8")
    result = _json(str(path))
    assert [code for code, _ in _findings(result, path)] == ["BL005", "BL101"]
    assert f"a block of {MAX_BLOCK_CHARS + 1} characters" in _findings(result, path)[0][1]
    findings = Linter(Config()).lint_text("x" * MAX_BLOCK_CHARS + "\n")
    assert all(f.code != "BL005" for f in findings)  # the limit itself is still parsed


# -- walking folders ---------------------------------------------------------------------------


def test_symlink_loops_while_walking_end_and_are_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "pm.md").write_text(BLAME, encoding="utf-8")
    (docs / "sub" / "up").symlink_to("..")  # folder loop
    (docs / "self").symlink_to(docs)
    (docs / "a.md").symlink_to("b.md")  # file loop
    (docs / "b.md").symlink_to("a.md")
    found = list(discover([str(docs)]))
    assert found == [str(docs / "a.md"), str(docs / "b.md"), str(docs / "sub" / "pm.md")]
    result = _json(str(docs))
    loop = _findings(result, docs / "a.md")
    assert loop[0][0] == "BL004" and "symbolic links" in loop[0][1]
    assert _findings(result, docs / "sub" / "pm.md")[0][0] == "BL101"


def test_recursive_glob_over_a_symlink_loop_ends(tmp_path: Path) -> None:
    # glob.glob("**") follows symlinked folders and never ends on a loop; run in a child with a timeout.
    docs = tmp_path / "docs"
    (docs / "a" / "b").mkdir(parents=True)
    (docs / "a" / "b" / "pm.md").write_text(BLAME, encoding="utf-8")
    (docs / "a" / "back").symlink_to("..")
    (docs / "a" / "b" / "back").symlink_to("../..")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "blamelint", "check", "--no-cache", "--format", "json", f"{docs}/**/*.md"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == [str(docs / "a" / "b" / "pm.md")]


def test_a_pipe_named_like_markdown_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)  # opening it for reading would block forever
    source = read_source(fifo)
    assert source.text is None and "not a regular file" in source.problem
    assert _findings(_json(str(tmp_path)), fifo)[0][0] == "BL004"


def _as_unprivileged(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI as "nobody" (root reads files without read permission, so it cannot see the case)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "blamelint", "check", "--no-cache", "--format", "json", *args]
    if IS_ROOT:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd="/", check=False)


@pytest.mark.skipif(IS_ROOT and shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_unreadable_file_and_folder_are_reported() -> None:
    top = Path(tempfile.mkdtemp(prefix="blamelint-unreadable-"))
    try:
        top.chmod(0o755)
        secret = top / "secret.md"
        secret.write_text(BLAME, encoding="utf-8")
        locked = top / "locked"
        locked.mkdir()
        (locked / "pm.md").write_text(BLAME, encoding="utf-8")
        (top / "ok.md").write_text(BLAME, encoding="utf-8")
        (top / "ok.md").chmod(0o644)
        secret.chmod(0)
        locked.chmod(0)
        proc = _as_unprivileged([str(top)])
    finally:
        locked.chmod(0o755)
        shutil.rmtree(top)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    found = {(f["path"], f["code"], f["message"]) for f in json.loads(proc.stdout)["findings"]}
    denied = "File could not be read as text: cannot read file: Permission denied"
    assert (str(secret), "BL004", denied) in found
    assert (str(locked), "BL004", denied) in found
    assert any(path == str(top / "ok.md") and code == "BL101" for path, code, _ in found)


def test_a_folder_named_like_markdown_is_walked_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "notes.md"
    folder.mkdir()
    (folder / "pm.md").write_text(BLAME, encoding="utf-8")
    assert list(discover([str(tmp_path)])) == [str(folder / "pm.md")]
    assert "it is a folder" in read_source(folder).problem
