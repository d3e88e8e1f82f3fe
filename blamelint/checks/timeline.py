"""Timeline checks (BL8xx): order, time zones, and stated times that disagree with the timeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..engine import Hit
from ..structure.dates import format_minutes, parse_duration
from ..structure.timeline import ALTERNATES, METRICS, stated_metrics, timeline

if TYPE_CHECKING:
    from ..engine import CheckContext
    from ..rule import Rule

__all__ = ["stated_time_mismatch", "timeline_mixed_time_zones", "timeline_out_of_order", "timeline_without_time_zone"]


def timeline_out_of_order(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag an entry earlier than the one before it (a consistently newest-first timeline is accepted)."""
    groups: dict[int, list] = {}
    for entry in timeline(ctx.document).entries:
        groups.setdefault(entry.group, []).append(entry)
    for entries in groups.values():
        pairs = list(zip(entries, entries[1:]))
        descending = len(entries) >= 3 and all(b.when <= a.when for a, b in pairs) and any(b.when < a.when for a, b in pairs)
        if descending:
            continue
        for previous, entry in pairs:
            if entry.when < previous.when:
                midnight = previous.when.date() == entry.when.date() and previous.when.hour >= 18 and entry.when.hour < 6
                hint = "; if the incident crossed midnight, a date heading or dated entries make that clear" if midnight else ""
                yield Hit(entry.start, entry.end, values={"previous": previous.when.strftime("%H:%M"), "hint": hint})


def timeline_without_time_zone(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a timeline whose times have no stated time zone."""
    line = timeline(ctx.document)
    if not line.entries or line.stated_zones or any(e.zone for e in line.entries):
        return
    span = line.heading_span or (line.entries[0].start, line.entries[0].end)
    yield Hit(*span)


def timeline_mixed_time_zones(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag entries written in a different time zone from the one the timeline states first."""
    line = timeline(ctx.document)
    reference = line.stated_zones[0][0] if line.stated_zones else next((e.zone for e in line.entries if e.zone), None)
    if reference is None:
        return
    for entry in line.entries:
        if entry.zone and entry.zone != reference:
            yield Hit(entry.start, entry.end, values={"zone": entry.zone_text, "reference": reference})


def stated_time_mismatch(ctx: CheckContext, rule: Rule) -> Iterator[Hit]:
    """Flag a stated duration or detection/response/resolution time that disagrees with the timeline."""
    line = timeline(ctx.document)
    if not line.entries:
        return
    tolerance = getattr(ctx.config, "duration_tolerance", 10) / 100
    labels = {name: label for name, _a, _b, label in METRICS}
    for metric, (value, start, end) in stated_metrics(ctx.document).items():
        stated = parse_duration(value)
        computed = line.minutes(metric)
        if stated is None or computed is None:
            continue
        candidates = [computed]
        if metric in ALTERNATES:
            alternate = line.between(*ALTERNATES[metric])
            if alternate is None:
                # The other common definition cannot be checked, so the stated value may use it.
                continue
            candidates.append(alternate)
        if all(abs(stated - value) > max(tolerance * value, 1.0) for value in candidates):
            yield Hit(
                start,
                end,
                values={"metric": labels[metric], "stated": format_minutes(stated), "computed": format_minutes(computed)},
            )
