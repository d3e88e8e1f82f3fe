"""Hover: ``textDocument/hover`` over a diagnostic's range explains the rule.

The Markdown shows the rule's code and summary, why it matters, one bad and one good example, and
a link to the rule's docs page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from blamelint.rule import Rule

from .diagnostics import DOCS_URL, lint_document
from .settings import config_for_uri
from .positions import LineIndex

if TYPE_CHECKING:
    from .server import BlamelintServer

__all__ = ["register", "rule_markdown"]


def _fence(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text.rstrip()}\n{fence}"


def rule_markdown(rule: Rule) -> str:
    """Return the hover Markdown for ``rule``."""
    parts = [f"**{rule.code}** `{rule.name}`: {rule.summary}", "", rule.doc.why.strip()]
    if rule.bad:
        parts += ["", "Bad:", "", _fence(rule.bad[0].text)]
    if rule.good:
        parts += ["", "Good:", "", _fence(rule.good[0].text)]
    parts += ["", f"[Rule documentation]({DOCS_URL.format(name=rule.name)})"]
    return "\n".join(parts)


def register(server: BlamelintServer) -> None:
    """Register the hover provider."""

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: BlamelintServer, params: types.HoverParams) -> types.Hover | None:
        await ls.settings_ready.wait()
        uri = params.text_document.uri
        document = ls.workspace.text_documents.get(uri)
        if document is None or not ls.settings.enable:
            return None
        text = document.source
        outcome = await lint_document(ls, uri, text)
        index = LineIndex(text, ls.workspace.position_codec)
        offset = index.offset(params.position)
        rules = ls.cache.linter(config_for_uri(ls, uri)).ruleset
        sections: list[str] = []
        hover_range: types.Range | None = None
        for finding in outcome.findings:
            if not finding.range.start.offset <= offset < max(finding.range.end.offset, finding.range.start.offset + 1):
                continue
            rule = rules.get(finding.code)
            if rule is None:
                continue
            sections.append(rule_markdown(rule))
            hover_range = hover_range or index.range(finding.range)
        if not sections:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
            range=hover_range,
        )
