"""Code actions: ``textDocument/codeAction``.

For the findings under the cursor: each fix that has edits (the first one preferred), then
"Disable BLxxx for this line" (a ``blamelint-disable-next-line`` comment above the line, with the
same indentation). For the whole file: ``source.fixAll.blamelint`` applies the edits of every SAFE
fix that does not overlap an earlier one, in one edit. Fixes are recomputed from the current text
rather than round-tripped through ``Diagnostic.data``. Edits use ``documentChanges`` only when the
client advertises ``workspace.workspaceEdit.documentChanges``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from blamelint.findings import Applicability, Edit, Finding

from .diagnostics import lint_document, to_diagnostic
from .positions import LineIndex

if TYPE_CHECKING:
    from .server import BlamelintServer

__all__ = ["FIX_ALL", "register"]

FIX_ALL = types.CodeActionKind.SourceFixAll + ".blamelint"
_INDENT = re.compile(r"[ \t]*")


def _workspace_edit(ls: BlamelintServer, uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    workspace = ls.client_capabilities.workspace
    edit_caps = workspace.workspace_edit if workspace else None
    if edit_caps is not None and edit_caps.document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                    edits=edits,
                )
            ]
        )
    return types.WorkspaceEdit(changes={uri: edits})


def _text_edit(edit: Edit, index: LineIndex) -> types.TextEdit:
    return types.TextEdit(range=index.range(edit.range), new_text=edit.replacement)


def _disable_edit(finding: Finding, index: LineIndex) -> types.TextEdit:
    line = finding.range.start.line - 1
    indent = _INDENT.match(index.lines[line]).group(0)  # type: ignore[union-attr]
    eol = "\r\n" if "\r\n" in index.text else ("\r" if "\r" in index.text else "\n")
    start = types.Position(line=line, character=0)
    return types.TextEdit(
        range=types.Range(start=start, end=start),
        new_text=f"{indent}<!-- blamelint-disable-next-line {finding.code} -->{eol}",
    )


def fix_all_edits(findings: tuple[Finding, ...] | list[Finding], index: LineIndex) -> list[types.TextEdit]:
    """The edits of every SAFE fix, skipping any that overlaps one already taken."""
    taken: list[tuple[int, int]] = []
    out: list[types.TextEdit] = []
    for finding in findings:
        for fix in finding.fixes:
            if fix.applicability is not Applicability.SAFE or not fix.edits:
                continue
            spans = [(e.range.start.offset, e.range.end.offset) for e in fix.edits]
            if any(s < te and ts < e or (s == e == ts == te) for s, e in spans for ts, te in taken):
                continue
            taken.extend(spans)
            out.extend(_text_edit(e, index) for e in fix.edits)
            break
    return out


def _wants(kinds: list[str] | None, kind: str) -> bool:
    return not kinds or any(kind == k or kind.startswith(k + ".") for k in kinds)


def register(server: BlamelintServer) -> None:
    """Register the code action provider."""

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False
        ),
    )
    async def code_action(ls: BlamelintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        await ls.settings_ready.wait()
        uri = params.text_document.uri
        document = ls.workspace.text_documents.get(uri)
        if document is None or not ls.settings.enable:
            return None
        text, version = document.source, document.version
        outcome = await lint_document(ls, uri, text)
        index = LineIndex(text, ls.workspace.position_codec)
        start, end = index.offset(params.range.start), index.offset(params.range.end)
        kinds = params.context.only
        actions: list[types.CodeAction] = []
        if _wants(kinds, types.CodeActionKind.QuickFix):
            hits = [
                f
                for f in outcome.findings
                if f.range.start.offset <= end and start <= f.range.end.offset
            ]
            for finding in hits:
                diagnostic = to_diagnostic(finding, index)
                first = True
                for fix in finding.fixes:
                    if not fix.edits:
                        continue
                    actions.append(
                        types.CodeAction(
                            title=f"{finding.code}: {fix.title}",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            is_preferred=first,
                            edit=_workspace_edit(ls, uri, version, [_text_edit(e, index) for e in fix.edits]),
                        )
                    )
                    first = False
            seen: set[tuple[str, int]] = set()
            for finding in hits:
                key = (finding.code, finding.range.start.line)
                if key in seen:
                    continue
                seen.add(key)
                actions.append(
                    types.CodeAction(
                        title=f"Disable {finding.code} for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[to_diagnostic(finding, index)],
                        edit=_workspace_edit(ls, uri, version, [_disable_edit(finding, index)]),
                    )
                )
        if _wants(kinds, FIX_ALL):
            edits = fix_all_edits(outcome.findings, index)
            if edits:
                actions.append(
                    types.CodeAction(
                        title="blamelint: fix all safe problems in this file",
                        kind=FIX_ALL,
                        edit=_workspace_edit(ls, uri, version, edits),
                    )
                )
        return actions
