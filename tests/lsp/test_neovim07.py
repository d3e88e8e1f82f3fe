"""Neovim 0.7's capabilities: no ``workspace/configuration`` (settings are pushed) and no ``documentChanges``."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_support import PROJECT, apply_edits, change_doc, codes, config, mark, open_doc, rng, wait_published

pytestmark = pytest.mark.asyncio(loop_scope="module")
URI = (PROJECT / "nvim.md").as_uri()
TEXT = "# Summary\n\nJohn forgot to run the migration. It was obviously broken.\n"


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("neovim@v0.7.0"), root_uri=PROJECT.as_uri())
    )
    # Neovim's on_init: the document may open before the settings are pushed
    open_doc(lsp_client, URI, TEXT)
    lsp_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"blamelint": {"severity": {"BL101": "info"}}})
    )
    yield
    await lsp_client.shutdown_session()


async def test_first_lint_waits_for_pushed_settings(client: LanguageClient):
    params = await wait_published(client, URI, 1)
    assert [p for p in client.published if p.uri == URI][0] is params  # the only, and first, publish
    assert codes(params.diagnostics) == ["BL101", "BL891"]
    assert params.diagnostics[0].severity == types.DiagnosticSeverity.Information


async def test_code_actions_use_changes_without_document_changes(client: LanguageClient):
    await wait_published(client, URI, 1)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=rng(2, 44, 44),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert [a.title for a in found] == ["BL891: Remove the word", "Disable BL891 for this line", "blamelint: fix all safe problems in this file"]
    for action in found:
        assert action.edit.document_changes is None
        assert list(action.edit.changes) == [URI]
    new = apply_edits(TEXT, list(found[0].edit.changes[URI]))
    assert new == "# Summary\n\nJohn forgot to run the migration. It was simply broken.\n"


async def test_pushed_settings_change_relints(client: LanguageClient):
    await wait_published(client, URI, 1)
    start = mark(client)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"blamelint": {"ignore": ["BL8"]}})
    )
    params = await wait_published(client, URI, 1, after=start)
    assert codes(params.diagnostics) == ["BL101"]
    assert params.diagnostics[0].severity == types.DiagnosticSeverity.Error  # the earlier override is gone
    start = mark(client)
    change_doc(client, URI, TEXT.replace("John forgot", "Nobody had"), 2)
    assert list((await wait_published(client, URI, 2, after=start)).diagnostics) == []
