"""Classify Markdown headings into section classes (guidance §4.1 synonym map).

A section class tells a rule where a sentence sits: the same counterfactual is a warning in the
timeline and fine under "Where we got lucky" (guidance §0.2). Headings are compared after lowering
case and stripping numbering, emoji and punctuation; the first pattern that matches wins, so the
order below goes from the most specific to the most general.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["SECTION_CLASSES", "classify_heading", "normalize_heading"]

#: Every section class, in the order the docs present them. ``other`` means "no known section".
SECTION_CLASSES: tuple[str, ...] = (
    "summary",
    "impact",
    "timeline",
    "analysis",
    "detection",
    "response",
    "resolution",
    "lessons",
    "lucky",
    "actions",
    "questions",
    "glossary",
    "meta",
    "other",
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # "Where we got lucky" is a lesson, but the one place where counterfactuals belong.
        ("lucky", r"\blucky\b|\bnear miss"),
        ("questions", r"\b(open )?questions?\b|\bunknowns?\b"),
        (
            "actions",
            r"\baction items?\b|\bactions?\b|\bfollow ?ups?\b|\bcorrective\b|\bprevent(at)?ive\b"
            r"|\bremediation\b|\brecommendations?\b|\bnext steps\b|\bto ?dos?\b|\bpostmortem actions\b",
        ),
        (
            "lessons",
            r"\blessons?\b|\bwent (well|wrong|poorly|badly|right)\b|\bdidn ?t go\b|\bcould (have gone |be )?better\b"
            r"|\bhow ?d we do\b|\bretrospective\b|\btakeaways?\b|\blearnings?\b",
        ),
        ("timeline", r"\btimeline\b|\bsequence of events\b|\bchronology\b|\btimeline of events\b"),
        (
            "analysis",
            r"\broot ?causes?\b|\bcontributing (factors?|conditions?)\b|\bcauses?\b|\banalysis\b|\bwhat caused\b"
            r"|\bfault\b|\blead ?up\b|\btriggers?\b|\bprocess breakdowns?\b|\b(5|five) whys\b|\bwhys?\b"
            r"|\binvestigation\b|\bwhat went wrong\b",
        ),
        ("impact", r"\bimpact\b|\bblast radius\b|\bproblem summary\b|\baffected\b"),
        ("detection", r"\bdetection\b|\bdetected\b|\bhow was it detected\b"),
        ("response", r"\bresponse\b|\bresponders?\b"),
        ("resolution", r"\bresolution\b|\brecovery\b|\bmitigation\b|\bresolved\b|\bremedy\b"),
        (
            "summary",
            r"\bsummary\b|\boverview\b|\btl ?dr\b|\babstract\b|\bwhat happened\b|\bdescription\b"
            r"|\bincident report\b",
        ),
        ("glossary", r"\bglossary\b|\bbackground\b|\bterminology\b|\bcontext\b"),
        (
            "meta",
            r"\bstatus\b|\bowners?\b|\bauthors?\b|\bdate\b|\bseverity\b|\bincident id\b|\bmetadata\b"
            r"|\bparticipants\b|\battendees\b",
        ),
    )
)

_NUMBERING = re.compile(r"^\s*((\d+|[ivxlc]+|[a-z])[.)]|\d+(\.\d+)+\.?|§\s*\d+)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """Lower a heading and strip numbering, emoji and punctuation ("2. What went well? 🎉" → "what went well")."""
    text = _NUMBERING.sub("", text.strip())
    kept = []
    for ch in text.lower():
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            kept.append(ch)
        elif ch == "&":
            kept.append(" and ")
        else:
            kept.append(" ")
    return " ".join("".join(kept).split())


@lru_cache(maxsize=4096)
def classify_heading(text: str) -> str:
    """Return the section class of a heading text, or ``"other"`` when no synonym matches."""
    norm = normalize_heading(text)
    for name, pattern in _PATTERNS:
        if pattern.search(norm):
            return name
    return "other"
