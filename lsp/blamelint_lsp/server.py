"""The blamelint language server (pygls 2.x): ``blamelint lsp [--tcp HOST:PORT]``.

Each LSP concern lives in its own module: :mod:`.diagnostics` (``textDocument/publishDiagnostics``
and ``textDocument/diagnostic``), :mod:`.code_actions` (``textDocument/codeAction``), :mod:`.hover`
(``textDocument/hover``) and :mod:`.settings` (``workspace/configuration`` and
``workspace/didChangeConfiguration``). Text sync is Full: pygls 2.1.1 splits lines with
:meth:`str.splitlines`, which corrupts incremental edits around U+2028.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from blamelint._version import __version__

from . import code_actions, diagnostics, hover, settings
from .diagnostics import DiagnosticCache
from .linting import LintCache
from .settings import Settings

__all__ = ["BlamelintServer", "create_server", "run"]

LOG = logging.getLogger("blamelint_lsp")
#: Seconds to wait after a keystroke before linting (env ``BLAMELINT_LSP_DEBOUNCE`` overrides). Changes
#: that arrive while a lint runs are coalesced anyway, so no wait is needed to skip intermediate versions.
DEFAULT_DEBOUNCE = 0.0
#: Seconds without any lint before the server collects cyclic garbage (see :meth:`LintCache.collect`).
IDLE_COLLECT_SECONDS = 5.0


class _Answered:
    """Marks a malformed request that has already been answered with an error response."""


class BlamelintProtocol(LanguageServerProtocol):
    """pygls's protocol, but a request with malformed params gets an error response (pygls 2.1.1 only logs)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "method" in data and "id" in data:
                self._send_response(data["id"], None, exc.to_response_error())
                return _Answered()
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Answered):
            return
        super().handle_message(message)


class BlamelintServer(LanguageServer):
    """A :class:`LanguageServer` with blamelint's per-session state."""

    def __init__(self) -> None:
        super().__init__(
            "blamelint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=BlamelintProtocol,
        )
        self.settings = Settings()
        self.settings_ready = asyncio.Event()
        self.cache = LintCache()
        self.diagnostic_cache = DiagnosticCache()
        #: The running lint worker of each document, and the documents changed since their lint began.
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.stale: set[str] = set()
        self.published: dict[str, int] = {}
        self._collect: asyncio.TimerHandle | None = None
        self.pull_mode = False
        self.initialization_options: object = None
        self.debounce = float(os.environ.get("BLAMELINT_LSP_DEBOUNCE", DEFAULT_DEBOUNCE))
        self._logged: set[str] = set()

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Answer unparsable input with a JSON-RPC parse error (id null) and keep serving."""
        if isinstance(error, json.JSONDecodeError) or isinstance(error.__cause__, json.JSONDecodeError):
            try:
                self.protocol._send_response(None, None, JsonRpcParseError().to_response_error())  # type: ignore[arg-type]
            except Exception:  # the transport may be gone
                LOG.exception("blamelint: could not report a parse error")
            return
        super().report_server_error(error, source)

    def log_once(self, message: str) -> None:
        """Log a message (and show it in the client's log) once per session."""
        if message in self._logged:
            return
        self._logged.add(message)
        LOG.warning(message)
        try:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))
        except Exception:  # no transport yet
            pass

    def lint_idle(self) -> None:
        """A lint finished (push worker or pull request): once no lint has run for
        :data:`IDLE_COLLECT_SECONDS`, collect garbage (off the keystroke path)."""
        if self._collect is not None:
            self._collect.cancel()
        loop = asyncio.get_running_loop()
        self._collect = loop.call_later(IDLE_COLLECT_SECONDS, self._collect_when_idle)

    def _collect_when_idle(self) -> None:
        self._collect = None
        if not self.pending:
            asyncio.get_running_loop().run_in_executor(self.thread_pool, self.cache.collect)

    async def settings_changed(self) -> None:
        """Re-lint every open document after a settings change."""
        if self.pull_mode:
            refresh = self.client_capabilities.workspace
            diag = refresh.diagnostics if refresh else None
            if diag is not None and diag.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.workspace.text_documents):
            diagnostics.schedule(self, uri)


def create_server() -> BlamelintServer:
    """Build a server with every feature registered."""
    server = BlamelintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: BlamelintServer, params: types.InitializeParams) -> None:
        ls.initialization_options = params.initialization_options
        text = params.capabilities.text_document
        if text is not None and text.diagnostic is not None:
            ls.pull_mode = True
            diagnostics.enable_pull(ls)

    diagnostics.register(server)
    code_actions.register(server)
    hover.register(server)
    settings.register(server)
    return server


def run(tcp: str | None = None) -> None:
    """Run the server on stdio, or on ``HOST:PORT`` when ``tcp`` is given."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pygls").setLevel(logging.WARNING)
    server = create_server()
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    # LSP: exit after shutdown ends with 0, an exit (or a lost client) without shutdown with 1.
    sys.exit(0 if getattr(server.protocol, "_shutdown", False) else 1)
