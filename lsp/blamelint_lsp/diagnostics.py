"""Diagnostics: ``textDocument/publishDiagnostics`` (push) or ``textDocument/diagnostic`` (pull).

Push is the default; pull is offered only when the client advertises ``textDocument.diagnostic``,
and then nothing is pushed (never both for one client). Changes are coalesced per document, the way
rust-analyzer and ruff's server do it: a change to a document with no lint in flight is linted at
once (after the optional debounce, :attr:`BlamelintServer.debounce`); a change while one runs only
marks the document, and when the running lint ends the newest text is linted (the versions in
between are never linted). Lints run in ``ls.thread_pool``. A result is published with the version
that was linted, even when the text changed meanwhile (so fast typing still sees diagnostics, one
lint behind), but never over a newer version's.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from blamelint.findings import Finding, Severity

from .linting import Outcome
from .positions import LineIndex
from .settings import config_for_uri

if TYPE_CHECKING:
    from .server import BlamelintServer

__all__ = ["DOCS_URL", "DiagnosticCache", "lint_document", "register", "to_diagnostic"]

LOG = logging.getLogger("blamelint_lsp")
SOURCE = "blamelint"
DOCS_URL = "https://github.com/blamelint/blamelint/blob/main/docs/rules/{name}.md"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_diagnostic(finding: Finding, index: LineIndex, rng: types.Range | None = None) -> types.Diagnostic:
    """Turn a finding into an LSP diagnostic (``rng``: its LSP range, when already converted)."""
    name = finding.rule
    return types.Diagnostic(
        range=rng or index.range(finding.range),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=DOCS_URL.format(name=name)),
        source=SOURCE,
        data={"rule": finding.rule, "section": finding.section},
    )


class DiagnosticCache:
    """The diagnostics last built, by everything one is made of, so a keystroke re-builds only the new ones.

    Building an lsprotocol object (attrs validation) costs about as much as converting its range;
    after a one-keystroke edit nearly every finding has the same message and LSP range as before.
    The objects are shared between publishes and never mutated.
    """

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._entries: dict[tuple[object, ...], types.Diagnostic] = {}

    def build(self, findings: tuple[Finding, ...], index: LineIndex) -> list[types.Diagnostic]:
        """The diagnostics of ``findings`` in the text ``index`` was made from."""
        out = []
        entries = self._entries
        for finding in findings:
            rng = index.range(finding.range)
            key = (
                finding.code,
                finding.rule,
                finding.severity,
                finding.section,
                finding.message,
                rng.start.line,
                rng.start.character,
                rng.end.line,
                rng.end.character,
            )
            diagnostic = entries.get(key)
            if diagnostic is None:
                if len(entries) >= self.size:
                    entries.clear()
                diagnostic = entries[key] = to_diagnostic(finding, index, rng)
            out.append(diagnostic)
        return out


def lint_path_for(uri: str) -> str:
    """The path the library sees: the file system path for ``file:`` URIs, else the URI itself."""
    from pygls import uris

    return (uris.to_fs_path(uri) if uri.startswith("file:") else None) or uri


async def lint_document(ls: BlamelintServer, uri: str, text: str) -> Outcome:
    """Lint ``text`` as document ``uri`` in the thread pool, logging rule errors with code and URI."""
    config = config_for_uri(ls, uri)
    loop = asyncio.get_running_loop()
    outcome = await loop.run_in_executor(ls.thread_pool, ls.cache.lint, config, lint_path_for(uri), text)
    for error in outcome.errors:
        message = f"blamelint: rule {error.code} failed on {uri}: {type(error.original).__name__}: {error.original}"
        LOG.error(message)
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=message))
    return outcome


async def diagnostics_for(
    ls: BlamelintServer, uri: str, stale_ok: bool = False
) -> tuple[int | None, list[types.Diagnostic]] | None:
    """Lint the current text of ``uri`` and return its version and diagnostics.

    None when the document was closed (or closed and opened again) meanwhile, or when it changed
    meanwhile and ``stale_ok`` is false; with ``stale_ok`` the diagnostics of the text that was
    linted come back with that text's version."""
    await ls.settings_ready.wait()
    document = ls.workspace.text_documents.get(uri)
    if document is None:
        return None
    version, text = document.version, document.source
    if not ls.settings.enable:
        return version, []
    outcome = await lint_document(ls, uri, text)
    current = ls.workspace.text_documents.get(uri)
    if current is not document or (not stale_ok and (current.version != version or current.source != text)):
        return None
    index = LineIndex(text, ls.workspace.position_codec)
    return version, ls.diagnostic_cache.build(outcome.findings, index)


async def publish(ls: BlamelintServer, uri: str) -> None:
    """Lint the current text of ``uri`` and push its diagnostics with the version that was linted.

    A result for a text that changed during the lint is still published, unless a newer version's
    already was: while someone types faster than a lint, the diagnostics follow one lint behind
    instead of never arriving (the worker lints the newest text next)."""
    result = await diagnostics_for(ls, uri, stale_ok=True)
    if result is None:
        return
    version, diagnostics = result
    last = ls.published.get(uri)
    if last is not None and version is not None and last > version:
        return
    if version is not None:
        ls.published[uri] = version
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
    )


def schedule(ls: BlamelintServer, uri: str, delay: float = 0.0) -> None:
    """Lint ``uri`` now, or when its running lint ends (coalesced); does nothing in pull mode."""
    if ls.pull_mode:
        return
    ls.stale.add(uri)
    running = ls.pending.get(uri)
    if running is not None and not running.done():
        return  # the running worker lints the newest text when it is done
    task = asyncio.get_running_loop().create_task(_worker(ls, uri, delay))
    ls.pending[uri] = task
    task.add_done_callback(lambda t, u=uri: ls.pending.pop(u, None) if ls.pending.get(u) is t else None)


async def _worker(ls: BlamelintServer, uri: str, delay: float) -> None:
    """Lint ``uri`` until no change arrived during the last lint (one worker per document)."""
    while uri in ls.stale:
        if delay:
            await asyncio.sleep(delay)  # changes during the wait are taken by this round
        ls.stale.discard(uri)  # a change from here on asks for another round
        try:
            await publish(ls, uri)
        except asyncio.CancelledError:
            raise
        except Exception:  # keep the server up whatever a lint does
            LOG.exception("blamelint: linting %s failed", uri)
    ls.lint_idle()


def register(server: BlamelintServer) -> None:
    """Register the document-sync handlers (push mode) and, on demand, the pull handler."""

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: BlamelintServer, params: types.DidOpenTextDocumentParams) -> None:
        schedule(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: BlamelintServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls.settings.run == "onType":
            schedule(ls, params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: BlamelintServer, params: types.DidSaveTextDocumentParams) -> None:
        if ls.settings.run == "onSave":
            schedule(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: BlamelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.stale.discard(uri)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.published.pop(uri, None)
        if not ls.pull_mode:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


async def pull_diagnostics(ls: BlamelintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    """``textDocument/diagnostic``: the full report for the current text."""
    uri = params.text_document.uri
    while True:
        result = await diagnostics_for(ls, uri)
        if result is not None or uri not in ls.workspace.text_documents:
            break
    items = result[1] if result is not None else []
    ls.lint_idle()
    return types.RelatedFullDocumentDiagnosticReport(items=items)


def enable_pull(server: BlamelintServer) -> None:
    """Register ``textDocument/diagnostic`` (called from ``initialize`` when the client supports it)."""
    server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False),
    )(pull_diagnostics)
