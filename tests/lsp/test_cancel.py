"""``$/cancelRequest``: a request cancelled before it is served gets RequestCancelled; serving goes on.

pygls 2.x runs an ``async`` handler as a task and cancels that task when ``$/cancelRequest`` names
its id (a request already answered is forgotten, so cancelling it does nothing); the cancelled
request is answered with error -32800. To make "cancelled before it is served" certain rather than a
race, the client holds back its ``workspace/configuration`` answer: the server serves no request
before its settings arrive, so the hover below is still waiting when its cancellation comes.
"""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from lsp_support import PROJECT, TIMEOUT, codes, make_client, open_doc, server_env, wait_published

TEXT = "# Summary\n\nJohn forgot to run the migration.\n"


def gated_client() -> LanguageClient:
    """The recording client, whose ``workspace/configuration`` answer waits for ``client.settings_gate``."""

    async def configuration(ls: LanguageClient, params: types.ConfigurationParams) -> list[object]:
        await ls.settings_gate.wait()  # type: ignore[attr-defined]
        return [{} for _ in params.items]

    client = make_client({types.WORKSPACE_CONFIGURATION: configuration})
    client.settings_gate = asyncio.Event()  # type: ignore[attr-defined]
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "blamelint_lsp"], client_factory=gated_client, server_env=server_env()
    )
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=PROJECT.as_uri())
    )
    yield
    lsp_client.settings_gate.set()  # type: ignore[attr-defined]
    await lsp_client.shutdown_session()


def hover_params(uri: str) -> types.HoverParams:
    return types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3))


@pytest.mark.asyncio
async def test_cancelled_request_gets_request_cancelled_and_the_server_keeps_serving(client: LanguageClient):
    uri = (PROJECT / "cancel.md").as_uri()
    open_doc(client, uri, TEXT)
    pending = client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, hover_params(uri), msg_id="hover-cancelled")
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="hover-cancelled"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(asyncio.wrap_future(pending), TIMEOUT)
    assert client.published == []  # type: ignore[attr-defined]  # nothing was linted before the settings

    client.settings_gate.set()  # type: ignore[attr-defined]
    assert codes((await wait_published(client, uri, 1)).diagnostics) == ["BL101"]
    # the same request, not cancelled, is served
    hover = await asyncio.wait_for(client.text_document_hover_async(hover_params(uri)), TIMEOUT)
    assert hover is not None and "**BL101**" in hover.contents.value
    # cancelling a request that was already answered changes nothing
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="hover-cancelled"))
    again = await asyncio.wait_for(client.text_document_hover_async(hover_params(uri)), TIMEOUT)
    assert again == hover
