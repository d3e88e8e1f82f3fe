"""How the command-line process starts: spaCy without its command line, no automatic cyclic GC.

The import checks run in child processes: whether spaCy's command line is imported can only be
seen in a process that has not imported spaCy yet.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from blamelint import Linter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
#: Modules only spaCy's command line imports.
CLI_ONLY = ("spacy.cli", "spacy.cli.info", "typer", "weasel", "requests")


def _child(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


LOAD_AND_PARSE = f"""
import json, sys
from blamelint import nlp
{{setup}}
pipeline = nlp.load_pipeline()
doc = next(nlp.parse_texts(pipeline, ["Sarah restarted the primary."], ["parser"]))
light = [name for name in {CLI_ONLY!r} if name in sys.modules]
"""


def test_spacy_is_imported_without_its_command_line_and_the_command_line_still_works() -> None:
    code = LOAD_AND_PARSE.format(setup="nlp.defer_spacy_cli()") + """
import spacy
attribute = spacy.cli  # the real package, imported on first use
from spacy.cli import download
import spacy.cli.info
info = spacy.info(silent=True)
print(json.dumps({"loaded": light, "dep": doc[0].dep_, "real": attribute is sys.modules["spacy.cli"],
                  "download": callable(download), "version": info["spacy_version"] == spacy.__version__}))
"""
    assert _child(code) == {"loaded": [], "dep": "nsubj", "real": True, "download": True, "version": True}


def test_without_the_deferral_spacy_imports_its_command_line() -> None:
    # The saving is real: a plain import pulls all of it in.
    code = LOAD_AND_PARSE.format(setup="") + "print(json.dumps(light))"
    assert set(_child(code)) == set(CLI_ONLY)


def test_a_spacy_that_needs_more_of_its_command_line_is_imported_whole() -> None:
    # Stand-ins that miss what `import spacy` needs (as a future spaCy release might): the import
    # fails inside, and spaCy is imported the ordinary way.
    setup = """
from types import ModuleType
nlp.defer_spacy_cli()
nlp._cli_stand_ins = lambda: {"spacy.cli": ModuleType("spacy.cli"), "spacy.cli.info": ModuleType("spacy.cli.info")}
"""
    code = LOAD_AND_PARSE.format(setup=setup) + """
import spacy
print(json.dumps({"dep": doc[0].dep_, "loaded": light, "info": spacy.info.__module__}))
"""
    assert _child(code) == {"dep": "nsubj", "loaded": list(CLI_ONLY), "info": "spacy.cli.info"}


def test_the_cli_lints_without_spacys_command_line() -> None:
    code = f"""
import json, sys
from blamelint.cli import main
try:
    main(["check", "--no-cache", "--format", "json", {str(ROOT / "examples" / "needs-work-database-outage.md")!r}])
except SystemExit as exc:
    code = exc.code
print()
print(json.dumps({{"code": code, "loaded": [name for name in {CLI_ONLY!r} if name in sys.modules]}}))
"""
    assert _child(code) == {"code": 1, "loaded": []}


def test_a_lint_leaves_almost_no_cyclic_garbage(linter: Linter) -> None:
    # The CLI turns automatic cyclic collection off (blamelint.cli._tune_process); that is only safe
    # while a lint frees its objects by reference counting. Today each parse batch leaves six
    # objects in a cycle (spaCy's parser step model); a change that leaves a reference cycle per
    # block or per finding makes the count grow with the text and fails here.
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    assert len(texts) >= 3
    for text in texts:
        linter.lint_text(text)  # warm: pipeline, matchers and caches are built
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for round_ in range(3):
            for number, text in enumerate(texts):
                linter.lint_text(f"{text}\n\nRound {round_} of {number}: Dana restarted the primary.\n", f"{number}.md")
        unreachable = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    lints, blocks = 3 * len(texts), 3 * sum(text.count("\n\n") + 1 for text in texts)
    assert blocks > 10 * lints  # a cycle per block would break the bound below
    assert unreachable <= 10 * lints, unreachable


def test_the_command_ends_without_teardown_and_loses_no_output() -> None:
    # `blamelint` (cli.entry) flushes and leaves with os._exit; cli.main raises SystemExit as usual.
    # A large output must arrive whole, with the same exit code.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["check", "--no-cache", "--format", "json", "-j", "1", *map(str, EXAMPLES)]
    command = subprocess.run([sys.executable, "-m", "blamelint", *args], capture_output=True, text=True, timeout=300, env=env, check=False)
    plain = subprocess.run(
        [sys.executable, "-c", f"import sys; from blamelint.cli import main; main({args!r})"],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )
    assert command.returncode == plain.returncode == 1, command.stderr
    assert len(command.stdout) > 10_000 and command.stdout == plain.stdout
    assert json.loads(command.stdout)["findings"]
    silent = subprocess.run([sys.executable, "-m", "blamelint", "rule", "BL999"], capture_output=True, text=True, timeout=300, env=env, check=False)
    assert silent.returncode == 2 and "BL999" in silent.stderr
