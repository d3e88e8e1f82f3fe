"""Pull diagnostics with Neovim 0.11's capabilities (``textDocument.diagnostic``, UTF-8 offered first)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_support import PROJECT, change_doc, codes, config, open_doc, rng

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient):
    lsp_client.set_configuration({"severity": {"BL201": "info"}}, section="blamelint")
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("neovim@v0.11.0"), root_uri=PROJECT.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def pull(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full"
    return list(report.items)


async def test_pull_is_advertised(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.diagnostic_provider is not None
    assert caps.diagnostic_provider.identifier == "blamelint"


async def test_pull_reports_with_pulled_settings_and_negotiated_encoding(client: LanguageClient):
    encoding = client.init_result.capabilities.position_encoding
    uri = (PROJECT / "pull.md").as_uri()
    open_doc(client, uri, "😀😀 The root cause was human error.\n")
    [d] = await pull(client, uri)
    assert d.code == "BL201" and d.source == "blamelint"
    assert d.severity == types.DiagnosticSeverity.Information  # from workspace/configuration, first time
    expected = {"utf-8": rng(0, 28, 39), "utf-16": rng(0, 24, 35), "utf-32": rng(0, 22, 33)}[encoding]
    assert d.range == expected
    change_doc(client, uri, "Calm text.\n", 2)
    assert await pull(client, uri) == []
    change_doc(client, uri, "John forgot to run the migration.\n", 3)
    assert codes(await pull(client, uri)) == ["BL101"]


async def test_never_pushes_in_pull_mode(client: LanguageClient):
    uri = (PROJECT / "pull2.md").as_uri()
    open_doc(client, uri, "John forgot to run the migration.\n")
    change_doc(client, uri, "John forgot to run the migration again.\n", 2)
    assert codes(await pull(client, uri)) == ["BL101"]
    assert client.published == []
