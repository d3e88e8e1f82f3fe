"""Shared helpers for the language server tests: a recording client and a server command.

Every test talks to the real server (``python -m blamelint_lsp``) over stdio with the real spaCy
pipeline. The client records every ``textDocument/publishDiagnostics`` (with its version), so a
test can wait for the diagnostics of one document at one version without sleeping.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient
from pygls.protocol import default_converter

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROJECT = HERE / "project"
TIMEOUT = 30.0


def server_env(**extra: str) -> dict[str, str]:
    """The environment for the server process: the repo, ``lsp/`` and the test checks importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "lsp"), str(HERE)])
    env.update(extra)
    return env


def make_client(overrides: dict[str, Any] | None = None) -> LanguageClient:
    """A pytest-lsp client that also keeps every publishDiagnostics with its version.

    ``overrides`` maps client-side methods to handlers that replace pytest-lsp's defaults.
    """
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.published_event = asyncio.Event()  # type: ignore[attr-defined]

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)  # type: ignore[attr-defined]
        ls.published_event.set()  # type: ignore[attr-defined]

    features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish, **(overrides or {})}
    for method, func in features.items():
        client.feature(method)(func)
    return client


def config(**env: str) -> ClientServerConfig:
    """The pytest-lsp configuration that starts the real server."""
    return ClientServerConfig(
        server_command=[sys.executable, "-m", "blamelint_lsp"], client_factory=make_client, server_env=server_env(**env)
    )


async def wait_published(
    client: LanguageClient, uri: str, version: int | None = None, after: int = 0
) -> types.PublishDiagnosticsParams:
    """Return the first publish for ``uri`` (at ``version`` if given) among those after index ``after``."""

    async def scan() -> types.PublishDiagnosticsParams:
        while True:
            for params in client.published[after:]:  # type: ignore[attr-defined]
                if params.uri == uri and (version is None or params.version == version):
                    return params
            client.published_event.clear()  # type: ignore[attr-defined]
            await client.published_event.wait()  # type: ignore[attr-defined]

    return await asyncio.wait_for(scan(), TIMEOUT)


def mark(client: LanguageClient) -> int:
    """The index to pass as ``after`` to see only publishes from now on."""
    return len(client.published)  # type: ignore[attr-defined]


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    """Send didOpen for a Markdown document."""
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """Send a full-text didChange."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def codes(diagnostics: Any) -> list[str]:
    """The codes of some diagnostics, in order."""
    return [d.code for d in diagnostics]


def rng(line: int, start: int, end: int) -> types.Range:
    """A one-line LSP range."""
    return types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions, LSP line breaks) to ``text``, the way a client does."""
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(pos: types.Position) -> int:
        base = starts[pos.line]
        units = 0
        i = base
        while units < pos.character:
            units += 2 if ord(text[i]) > 0xFFFF else 1
            i += 1
        return i

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text
