"""Compute a postmortem's review numbers: durations, response times and action items by status and owner.

``blamelint report FILE`` prints this as text or JSON; the library returns a plain dict so other
tools can use the same figures. Definitions (minutes) are those of :mod:`blamelint.structure.timeline`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from .actions import action_items
from .dates import format_minutes, parse_duration
from .metadata import metadata
from .text import PLACEHOLDER
from .timeline import METRICS, stated_metrics, timeline
from .whys import why_chains

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["REPORT_VERSION", "build_report", "DEFINITIONS"]

REPORT_VERSION = 1

#: How each metric is computed, shown in reports so readers know which definition applies.
DEFINITIONS = {
    "duration": "resolution − impact start",
    "ttd": "detection − impact start",
    "ttm": "mitigation − impact start",
    "ttr": "resolution − detection",
}

_DONE = {"done", "closed", "complete", "completed", "fixed", "resolved", "x"}


def _status(value: str | None) -> str:
    if value is None or not value.strip():
        return "no status"
    norm = value.strip().lower().replace("_", " ")
    if norm in _DONE:
        return "done"
    return norm


def build_report(document: Document) -> dict[str, Any]:
    """Return the review figures of one document as a JSON-ready dict."""
    line = timeline(document)
    meta = metadata(document)
    stated = stated_metrics(document)
    metrics: dict[str, Any] = {}
    for name, start, end, label in METRICS:
        minutes = line.minutes(name)
        stated_value = stated.get(name)
        metrics[name] = {
            "label": label,
            "minutes": None if minutes is None else round(minutes, 1),
            "text": format_minutes(minutes) if minutes is not None else None,
            "definition": DEFINITIONS[name],
            "from": start,
            "to": end,
            "stated": stated_value[0] if stated_value else None,
            "stated_minutes": parse_duration(stated_value[0]) if stated_value else None,
        }
    items = [i for i in action_items(document) if i.filled]
    by_status = Counter(_status(i.status) for i in items)
    by_owner = Counter((i.owner or "").strip() or "(none)" for i in items)
    zones = sorted({z for z, _a, _b in line.stated_zones} | {e.zone for e in line.entries if e.zone})
    return {
        "version": REPORT_VERSION,
        "path": document.path,
        "incident": meta["incident"].value if "incident" in meta and not PLACEHOLDER.search(meta["incident"].value) else None,
        "date": meta["date"].value if "date" in meta else None,
        "severity": meta["severity"].value if "severity" in meta else None,
        "timeline": {
            "entries": len(line.entries),
            "time_zones": zones,
            "milestones": {
                name: {"time": entry.when.isoformat(sep=" ", timespec="minutes"), "line": entry.line, "text": entry.text}
                for name, entry in line.milestones.items()
            },
        },
        "metrics": metrics,
        "action_items": {
            "total": len(items),
            "by_status": dict(sorted(by_status.items())),
            "by_owner": dict(sorted(by_owner.items())),
            "without_owner": sum(1 for i in items if not (i.owner or "").strip()),
            "without_due_date": sum(1 for i in items if not (i.due or "").strip()),
        },
        "why_chains": [
            {"depth": len(c.answered), "steps": len(c.steps), "terminal": c.terminal[0] if c.terminal else None}
            for c in why_chains(document)
        ],
    }


def render_report(report: dict[str, Any]) -> str:
    """Format a report for people (the text form of ``blamelint report``)."""
    out = [f"Postmortem report: {report['path']}"]
    facts = [f"{k}: {report[k]}" for k in ("incident", "date", "severity") if report.get(k)]
    if facts:
        out.append("  " + " · ".join(facts))
    tl = report["timeline"]
    zones = ", ".join(tl["time_zones"]) or "not stated"
    out += ["", f"Timeline: {tl['entries']} entries (time zone: {zones})"]
    for name in ("impact", "detection", "mitigation", "resolution"):
        milestone = tl["milestones"].get(name)
        shown = f"{milestone['time']}  {milestone['text']}" if milestone else "not found"
        out.append(f"  {name:<11} {shown}")
    out += ["", "Metrics (computed from the timeline):"]
    for metric in report["metrics"].values():
        value = metric["text"] or "unknown"
        stated = f"   stated: {metric['stated']}" if metric["stated"] else ""
        out.append(f"  {metric['label']:<17} {value:<14} ({metric['definition']}){stated}")
    items = report["action_items"]
    out += ["", f"Action items: {items['total']}"]
    if items["total"]:
        out.append("  by status: " + ", ".join(f"{k} {v}" for k, v in items["by_status"].items()))
        out.append("  by owner:  " + ", ".join(f"{k} {v}" for k, v in items["by_owner"].items()))
        out.append(f"  without owner: {items['without_owner']} · without due date: {items['without_due_date']}")
    if report["why_chains"]:
        out += ["", "Why-chains:"]
        for chain in report["why_chains"]:
            out.append(f"  depth {chain['depth']} of {chain['steps']} steps; ends on: {chain['terminal'] or '(no answer)'}")
    return "\n".join(out) + "\n"
