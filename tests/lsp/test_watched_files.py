"""``workspace/didChangeWatchedFiles``: a config file that appears is used without restarting the server."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_support import codes, config, mark, open_doc, wait_published

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient):
    lsp_client.set_configuration({}, section="blamelint")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


async def test_new_config_file_applies_after_watched_files_event(client: LanguageClient, tmp_path) -> None:
    doc = tmp_path / "pm.md"
    uri = doc.as_uri()
    open_doc(client, uri, "John forgot to run the migration.\n")
    assert codes((await wait_published(client, uri, 1)).diagnostics) == ["BL101"]

    config_file = tmp_path / ".blamelint.yaml"
    config_file.write_text("ignore: [BL101]\n", encoding="utf-8")
    before = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_file.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    assert codes((await wait_published(client, uri, 1, after=before)).diagnostics) == []

    config_file.unlink()
    before = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_file.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    assert codes((await wait_published(client, uri, 1, after=before)).diagnostics) == ["BL101"]
