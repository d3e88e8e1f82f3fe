"""Print blamelint's precision and recall per label over the labelled development sentences.

Usage::

    python bench/quality.py [--dev ../shared/corpus/dev.jsonl] [--show-errors] [--json]

Each unit of ``dev.jsonl`` is linted on its own as a Markdown paragraph; units are linted a
second time as an item under "## Action items" for the ``vague-action`` label, since that is where
action-item rules look. A unit counts as predicted for a label when any finding of the label's
category is reported (BRIEF: blame-subject → attribution, human-error-cause → human-error,
counterfactual → counterfactual, judgment → judgment, vague-action → action-items).

"blame" is the union of the first four labels, scored per unit. The false-flag rate is the share
of clean units (no label) that get any finding of those categories.

Rewrites (issue 5): the share of attribution, human-error, counterfactual and judgment findings on
the dev units that come with at least one fix with edits (target: 80 % or more), and the share of
those fixes that re-lint clean: the fix is applied to the unit, the unit is linted again and no
finding may touch the rewritten sentence (target: 100 %). ``--show-rewrites`` prints every pair.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blamelint import Linter, parse_document  # noqa: E402

LABEL_TO_CATEGORY = {
    "blame-subject": "attribution",
    "human-error-cause": "human-error",
    "counterfactual": "counterfactual",
    "judgment": "judgment",
    "vague-action": "action-items",
}
BLAME_LABELS = ("blame-subject", "human-error-cause", "counterfactual", "judgment")
BLAME_CATEGORIES = {LABEL_TO_CATEGORY[label] for label in BLAME_LABELS}


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", default=str(ROOT.parent / "shared" / "corpus" / "dev.jsonl"))
    parser.add_argument("--show-errors", action="store_true", help="print every false positive and miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-rewrites", action="store_true", help="print every unit with its rewrites")
    args = parser.parse_args(argv)

    dev = Path(args.dev)
    if not dev.is_file():
        print(f"dev set not found: {dev} (pass --dev PATH)", file=sys.stderr)
        return 2
    units = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]

    linter = Linter()
    started = time.perf_counter()
    prose = list(linter.lint_many((u["id"], u["text"]) for u in units))
    actions = list(linter.lint_many((u["id"], "## Action items\n\n- " + u["text"]) for u in units))
    elapsed = time.perf_counter() - started

    counts: dict[str, Counter[str]] = {label: Counter() for label in LABEL_TO_CATEGORY}
    blame = Counter()
    clean_flagged = 0
    clean_total = 0
    errors: list[str] = []
    for unit, p_result, a_result in zip(units, prose, actions):
        gold = set(unit["labels"])
        p_cats = {f.category for f in p_result.findings}
        a_cats = {f.category for f in a_result.findings}
        for label, category in LABEL_TO_CATEGORY.items():
            cats = a_cats if label == "vague-action" else p_cats
            predicted = category in cats
            actual = label in gold
            key = "tp" if predicted and actual else "fp" if predicted else "fn" if actual else "tn"
            counts[label][key] += 1
            if key in ("fp", "fn"):
                found = [f"{f.code} {f.message}" for f in (a_result if label == "vague-action" else p_result).findings if f.category == category]
                errors.append(f"{key.upper()} {label:18} {unit['id']}: {unit['text'][:140]!r} {found}")
        predicted_blame = bool(p_cats & BLAME_CATEGORIES)
        actual_blame = bool(gold & set(BLAME_LABELS))
        blame["tp" if predicted_blame and actual_blame else "fp" if predicted_blame else "fn" if actual_blame else "tn"] += 1
        if not gold:
            clean_total += 1
            clean_flagged += predicted_blame

    figures: dict[str, object] = {"units": len(units), "seconds": round(elapsed, 2), "labels": {}}
    print(f"{'label':20} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4}  precision  recall")
    for label, c in counts.items():
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        figures["labels"][label] = {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "precision": precision, "recall": recall}  # type: ignore[index]
        print(f"{label:20} {c['tp'] + c['fn']:4} {c['tp']:4} {c['fp']:4} {c['fn']:4}  {_fmt(precision)}      {_fmt(recall)}")
    bp = _ratio(blame["tp"], blame["tp"] + blame["fp"])
    br = _ratio(blame["tp"], blame["tp"] + blame["fn"])
    ff = _ratio(clean_flagged, clean_total)
    figures.update({"blame_precision": bp, "blame_recall": br, "clean_false_flag_rate": ff})
    print(f"{'blame (any of 4)':20} {blame['tp'] + blame['fn']:4} {blame['tp']:4} {blame['fp']:4} {blame['fn']:4}  {_fmt(bp)}      {_fmt(br)}")
    print(f"false flags on clean units: {clean_flagged}/{clean_total} = {_fmt(ff)}")
    print(f"lint time for {2 * len(units)} units: {elapsed:.2f} s")
    figures["rewrites"] = _rewrite_figures(linter, units, prose, args.show_rewrites)
    if args.show_errors:
        print("\n".join(sorted(errors)))
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


def _sentence(linter: Linter, text: str, offset: int) -> tuple[int, int]:
    """Return the source range of the parsed sentence holding ``offset``."""
    document = parse_document(text)
    block = next(b for b in document.blocks if b.starts and b.starts[0] <= offset <= b.ends[-1])
    index = next((i for i, s in enumerate(block.starts) if s >= offset), len(block.text) - 1)
    sent = next(s for s in linter.nlp(block.text).sents if s.start_char <= index < s.end_char)
    return block.starts[sent.start_char], block.ends[sent.end_char - 1]


def _rewrite_figures(linter: Linter, units: list[dict], results: list, show: bool) -> dict[str, object]:
    findings = with_rewrite = rewrites = clean = 0
    by_code: dict[str, Counter[str]] = {}
    for unit, result in zip(units, results):
        text = unit["text"]
        for finding in result.findings:
            if finding.category not in BLAME_CATEGORIES:
                continue
            findings += 1
            fixes = [f for f in finding.fixes if f.edits]
            with_rewrite += bool(fixes)
            by_code.setdefault(finding.code, Counter())["with" if fixes else "without"] += 1
            lo, hi = _sentence(linter, text, finding.range.start.offset)
            if show:
                print(f"\n{unit['id']} {finding.code} {text[finding.range.start.offset:finding.range.end.offset]!r}\n  before: {text[lo:hi]}")
            for fix in fixes:
                rewrites += 1
                new = text
                for edit in sorted(fix.edits, key=lambda e: -e.range.start.offset):
                    new = new[: edit.range.start.offset] + edit.replacement + new[edit.range.end.offset :]
                new_hi = hi + len(new) - len(text)
                flagged = [f.code for f in linter.lint_text(new) if f.range.start.offset < new_hi and lo < f.range.end.offset]
                clean += not flagged
                if show:
                    print(f"  {fix.applicability.value:12}  {new[lo:new_hi]}" + (f"   FLAGGED {flagged}" if flagged else ""))
    share = _ratio(with_rewrite, findings)
    clean_share = _ratio(clean, rewrites)
    print(f"\nrewrites: {with_rewrite}/{findings} blame findings have at least one = {_fmt(share)} (target 0.80)")
    print(f"rewrites that re-lint clean: {clean}/{rewrites} = {_fmt(clean_share)} (target 1.00)")
    for code, c in sorted(by_code.items()):
        print(f"  {code}: {c['with']} with, {c['without']} without")
    return {"findings": findings, "with_rewrite": with_rewrite, "share": share, "rewrites": rewrites, "clean": clean, "clean_share": clean_share}


if __name__ == "__main__":
    raise SystemExit(main())
