"""Read dates, clock times and durations as people write them in postmortems.

Dates go through ``dateutil`` (a well-kept parser) after the shapes it does not know (quarters,
"end of Q3") are handled here. A date with no year ("Friday", "June 3") is relative: it is parsed
twice with two different defaults and rejected when the results differ, so nothing silently
depends on the day the linter runs.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser

__all__ = ["format_minutes", "parse_clock", "parse_date", "parse_duration", "VAGUE_DUE", "ZONE_ALIASES"]

# Words that stand where a due date should be but name no date (guidance §2.6 vague time).
VAGUE_DUE = re.compile(
    r"^(asap|soon|later|eventually|someday|some ?day|ongoing|tbd|tba|tbc|n/?a|none|-+|\?+|next (week|sprint|quarter|month|release)"
    r"|this (week|sprint|quarter|month)|when possible|whenever|eow|eom|eoq|end of (week|month|quarter))$",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"^(?:q([1-4])\s*[-/ ]?\s*(?:fy)?(\d{4})|(\d{4})\s*[-/ ]?\s*q([1-4]))$", re.IGNORECASE)
_SPRINT = re.compile(r"^sprint\s*\d+$", re.IGNORECASE)
_A = dt.datetime(1901, 1, 1)
_B = dt.datetime(1902, 2, 2)

#: Time-zone names a timeline may state, mapped to one canonical name per offset family.
ZONE_ALIASES: dict[str, str] = {
    "utc": "UTC", "z": "UTC", "gmt": "UTC", "zulu": "UTC",
    "pst": "US/Pacific", "pdt": "US/Pacific", "pt": "US/Pacific", "pacific": "US/Pacific", "pst8pdt": "US/Pacific",
    "mst": "US/Mountain", "mdt": "US/Mountain", "mt": "US/Mountain",
    "cst": "US/Central", "cdt": "US/Central", "ct": "US/Central",
    "est": "US/Eastern", "edt": "US/Eastern", "et": "US/Eastern", "eastern": "US/Eastern",
    "bst": "Europe/London", "cet": "Europe/Paris", "cest": "Europe/Paris", "eet": "Europe/Athens",
    "eest": "Europe/Athens", "ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "kst": "Asia/Seoul",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong",
}


def parse_date(text: str) -> dt.date | None:
    """Return the date a due-date text names, or None when it names none (or only a relative one)."""
    raw = " ".join(text.strip().strip(".,;()[]").split())
    if not raw or len(raw) > 40 or VAGUE_DUE.match(raw) or _SPRINT.match(raw):
        return None
    quarter = _QUARTER.match(raw)
    if quarter:
        q = int(quarter.group(1) or quarter.group(4))
        year = int(quarter.group(2) or quarter.group(3))
        month = q * 3
        last = dt.date(year, month % 12 + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
        return last if 1900 < year < 3000 else None
    if not re.search(r"\d", raw):
        return None
    try:
        one = dateparser.parse(raw, default=_A, dayfirst=False)
        two = dateparser.parse(raw, default=_B, dayfirst=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if one.year != two.year or one.year < 1900:
        return None
    if one.month != two.month:
        return None
    if one.day != two.day:
        # "June 2024": the end of the month is the deadline.
        nxt = dt.date(one.year + (one.month == 12), one.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return one.date()


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def parse_clock(text: str) -> dt.time | None:
    """Return the time of day of ``HH:MM[:SS][am|pm]``, or None."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b", re.IGNORECASE
)
_DURATION_FULL = re.compile(
    r"^(?:(?:about|approx\.?|approximately|roughly|around|~|≈)\s*)?"
    r"(\d+(?:\.\d+)?\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b[\s,]*(and\s+)?)+",
    re.IGNORECASE,
)


def parse_duration(text: str) -> float | None:
    """Return the minutes a duration text states ("1h 20m", "45 minutes", "about 2 hours"), or None."""
    raw = " ".join(text.strip().split())
    match = _DURATION_FULL.match(raw)
    if not match:
        return None
    minutes = 0.0
    for number, unit in _DURATION_PART.findall(match.group(0)):
        value = float(number)
        unit = unit.lower()
        if unit.startswith("d"):
            minutes += value * 1440
        elif unit.startswith("h"):
            minutes += value * 60
        elif unit.startswith("s"):
            minutes += value / 60
        else:
            minutes += value
    return minutes


def format_minutes(minutes: float | None) -> str:
    """Format minutes for people ("1 h 05 min", "45 min")."""
    if minutes is None:
        return "unknown"
    total = int(round(minutes))
    sign = "-" if total < 0 else ""
    total = abs(total)
    if total < 60:
        return f"{sign}{total} min"
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    text = f"{hours} h {mins:02d} min"
    return f"{sign}{days} d {text}" if days else f"{sign}{text}"
