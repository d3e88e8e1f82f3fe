"""Rule files for the fix tests: one safe static fix and one unsafe rewrite (built-in rules only show theirs)."""

SAFE_RULE = """\
code: BL791
status: stable
since: 0.1.0
severity: info
scope: [prose]
summary: A word is repeated.
message: "“{match}” repeats a word"
link: https://example.org/guide
match:
  kind: phrase
  phrases: [very very]
fix:
  applicability: safe
  title: Keep one
  replacement: "very"
  rewrite: none
doc:
  why: A test rule.
examples:
  bad: ["It was [[very very]] slow."]
  good: ["It was very slow."]
"""

UNSAFE_RULE = """\
code: BL491
status: stable
since: 0.1.0
severity: warning
scope: [prose, list-item]
requires: [parser]
summary: An evaluative adverb tells the reader what to think.
message: "“{match}” tells the reader what to think"
link: https://example.org/guide
match:
  kind: phrase
  phrases: [obviously, clearly]
fix:
  applicability: unsafe
  title: Drop the adverb
doc:
  why: A test rule.
  fix_safety: Dropping the adverb can change the emphasis.
examples:
  bad: ["It was [[obviously]] the cache."]
  good: ["It was the cache."]
"""
