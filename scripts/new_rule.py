"""Scaffold a rule file with every section present, so contributors fill in blanks.

Usage::

    python scripts/new_rule.py CATEGORY NAME [--code BLnnn]

Picks the next free code in the category when ``--code`` is not given, writes
``rules/CATEGORY/NAME.yml`` (refusing to overwrite) and prints its path. The new rule starts as
``status: preview``; its placeholder examples fail the example tests until they are real.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blamelint._version import __version__  # noqa: E402
from blamelint.rule import CATEGORIES  # noqa: E402

TEMPLATE = """\
code: {code}
status: preview
since: {version}
severity: warning
scope: [prose, list-item, table-cell]
requires: [parser]
summary: One sentence on what the rule flags.
message: "“{{match}}” describes what the wording does"
link: https://example.org/the-source-of-this-guidance
match:
  kind: dependency           # phrase | token | dependency | python
  report: [verb]
  patterns:
    - - {{RIGHT_ID: verb, RIGHT_ATTRS: {{LEMMA: replace-me}}}}
fix:
  applicability: display-only
  title: What to write instead
sections:
  lucky: info
doc:
  why: |
    Why this wording works against a blameless review, with its source.
  limitations: |
    Where the rule misses or misfires.
  fix_safety: |
    Why the fix is not applied automatically.
examples:
  bad:
    - "A sentence with the [[flagged words]] marked."
  good:
    - "A well-written sentence that must stay silent."
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("category", choices=sorted(CATEGORIES))
    parser.add_argument("name", help="kebab-case name of the flagged pattern")
    parser.add_argument("--code")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", args.name):
        parser.error("the name must be kebab-case")
    folder = ROOT / "rules" / args.category
    digit = CATEGORIES[args.category]
    used = {m.group(0) for p in (ROOT / "rules").glob("*/*.yml") for m in [re.search(r"BL\d{3}", p.read_text(encoding="utf-8"))] if m}
    code = args.code or next(f"BL{digit}{n:02d}" for n in range(1, 100) if f"BL{digit}{n:02d}" not in used)
    if code in used:
        parser.error(f"{code} is already used")
    path = folder / f"{args.name}.yml"
    if path.exists():
        parser.error(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(code=code, version=__version__), encoding="utf-8")
    print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
