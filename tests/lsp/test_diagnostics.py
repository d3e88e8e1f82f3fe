"""Push diagnostics with VS Code's capabilities: positions, versions, settings, untitled, resilience."""

from __future__ import annotations

import asyncio
import json

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_support import PROJECT, change_doc, codes, config, mark, open_doc, rng, wait_published

pytestmark = pytest.mark.asyncio(loop_scope="module")

SETTINGS = {"enable": True, "run": "onType", "select": [], "ignore": [], "severity": {}, "interpreter": [], "trace": "off"}


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient):
    lsp_client.set_configuration(dict(SETTINGS), section="blamelint")
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=PROJECT.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=PROJECT.as_uri(), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri(name: str) -> str:
    return (PROJECT / name).as_uri()


async def test_capabilities_push_only_and_full_sync(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.diagnostic_provider is None  # VS Code 1.65 advertises no pull diagnostics
    sync = caps.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Full
    assert caps.hover_provider
    kinds = caps.code_action_provider.code_action_kinds
    assert "quickfix" in kinds and "source.fixAll.blamelint" in kinds


async def test_open_publishes_with_code_source_severity_and_docs_link(client: LanguageClient):
    u = uri("open.md")
    open_doc(client, u, "# Summary\n\nJohn forgot to run the migration.\n")
    params = await wait_published(client, u, 1)
    [d] = params.diagnostics
    assert d.code == "BL101"
    assert d.source == "blamelint"
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.range == rng(2, 0, 11)
    assert d.code_description.href == "https://github.com/blamelint/blamelint/blob/main/docs/rules/blame-subject.md"


async def test_change_clears_and_reappears(client: LanguageClient):
    u = uri("change.md")
    open_doc(client, u, "John forgot to run the migration.\n")
    assert codes((await wait_published(client, u, 1)).diagnostics) == ["BL101"]
    change_doc(client, u, "The migration did not run.\n", 2)
    assert list((await wait_published(client, u, 2)).diagnostics) == []
    change_doc(client, u, "The migration did not run. John forgot to run it.\n", 3)
    [d] = (await wait_published(client, u, 3)).diagnostics
    assert d.range == rng(0, 27, 38)


async def test_emoji_columns_are_utf16(client: LanguageClient):
    u = uri("emoji.md")
    open_doc(client, u, "😀😀 The root cause was human error.\n")
    [d] = (await wait_published(client, u, 1)).diagnostics
    assert d.code == "BL201"
    assert d.range == rng(0, 24, 35)  # 22 code points before it, two of them astral


async def test_crlf_lines(client: LanguageClient):
    u = uri("crlf.md")
    open_doc(client, u, "# Summary\r\n\r\nWe shipped it.\r\nJohn forgot to run the migration.\r\n")
    [d] = (await wait_published(client, u, 1)).diagnostics
    assert d.range == rng(3, 0, 11)


async def test_u2028_is_not_a_line_break(client: LanguageClient):
    u = uri("ls.md")
    open_doc(client, u, "alpha\u2028beta. The root cause was human error.\nnext\x0cline\n")
    [d] = (await wait_published(client, u, 1)).diagnostics
    assert d.range == rng(0, 31, 42)
    # and a whole-text change keeps the server's copy exact (no splitlines corruption)
    change_doc(client, u, "alpha\u2028beta.\nnext\x0cline. The root cause was human error.\n", 2)
    [d] = (await wait_published(client, u, 2)).diagnostics
    assert d.range == rng(1, 30, 41)


async def test_versions_never_go_backwards(client: LanguageClient):
    u = uri("versions.md")
    start = mark(client)
    open_doc(client, u, "Calm text.\n")
    for version in range(2, 12):
        text = "John forgot to run the migration.\n" if version % 2 else "Calm text number %d.\n" % version
        change_doc(client, u, text, version)
    last = await wait_published(client, u, 11, after=start)
    assert codes(last.diagnostics) == ["BL101"]
    seen = [p.version for p in client.published[start:] if p.uri == u]
    assert seen == sorted(seen), seen
    assert seen[-1] == 11


async def test_changes_during_a_lint_are_coalesced(client: LanguageClient, tmp_path):
    # BL893 (tests/lsp/project) holds the lint of a text mentioning wait-for-gate until <doc>.gate exists
    # and logs each text it lints to <doc>.lints.
    (tmp_path / ".blamelint.yaml").write_text(f"rule-folders: [{json.dumps(str(PROJECT / 'rules'))}]\n", encoding="utf-8")
    doc = tmp_path / "coalesce.md"
    u = doc.as_uri()
    start = mark(client)
    open_doc(client, u, "v1 wait-for-gate.\n")
    log = doc.with_suffix(".lints")
    async with asyncio.timeout(30):
        while not log.exists():  # the lint of version 1 has begun, and is held
            await asyncio.sleep(0.01)
    texts = {v: f"v{v} wait-for-gate. John forgot to run the migration.\n" for v in range(2, 7)}
    for version, text in texts.items():
        change_doc(client, u, text, version)
    # A request is served after the notifications sent before it, so the server has seen every change.
    await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri("unopened.md")), position=types.Position(line=0, character=0))
    )
    doc.with_suffix(".gate").touch()
    last = await wait_published(client, u, 6, after=start)
    assert codes(last.diagnostics) == ["BL101"]
    # version 1's result is published (with its own version: nothing newer was), 2-5 were never linted,
    # and 6 was linted once, right after 1
    assert [p.version for p in client.published[start:] if p.uri == u] == [1, 6]
    assert log.read_text(encoding="utf-8").splitlines() == ["v1 wait-for-gate.", texts[6].rstrip("\n")]


async def test_untitled_buffer(client: LanguageClient):
    u = "untitled:Untitled-1"
    open_doc(client, u, "The root cause was human error.\n")
    [d] = (await wait_published(client, u, 1)).diagnostics
    assert d.code == "BL201"


async def test_file_outside_workspace(client: LanguageClient, tmp_path):
    u = (tmp_path / "elsewhere.md").as_uri()
    open_doc(client, u, "It was obviously broken. John forgot the flag.\n")
    # the project's test rule BL891 does not apply outside the project: defaults only
    assert codes((await wait_published(client, u, 1)).diagnostics) == ["BL101"]


async def test_project_rules_apply_inside_project(client: LanguageClient):
    u = uri("hedge.md")
    open_doc(client, u, "It was obviously broken.\n")
    [d] = (await wait_published(client, u, 1)).diagnostics
    assert d.code == "BL891"
    assert d.range == rng(0, 7, 16)


async def test_raising_rule_is_logged_and_server_stays_up(client: LanguageClient):
    u = uri("kaboom.md")
    logs = len(client.log_messages)
    open_doc(client, u, "kaboom. John forgot to run the migration.\n")
    # the other rules' findings still arrive; BL892's are dropped
    assert codes((await wait_published(client, u, 1)).diagnostics) == ["BL101"]
    errors = [m.message for m in client.log_messages[logs:] if m.type == types.MessageType.Error]
    assert any("BL892" in m and u in m for m in errors), errors
    change_doc(client, u, "calm now. John forgot to run the migration.\n", 2)
    assert codes((await wait_published(client, u, 2)).diagnostics) == ["BL101"]


async def test_hover_explains_rule(client: LanguageClient):
    u = uri("hover.md")
    open_doc(client, u, "# Summary\n\nJohn forgot to run the migration.\n")
    await wait_published(client, u, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=2, character=3))
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "**BL101**" in text and "A person or role is the subject" in text
    assert "Bad:" in text and "Good:" in text and "```markdown" in text
    assert "[[" not in text  # the example markers are stripped
    assert hover.range == rng(2, 0, 11)
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=2, character=20))
    )
    assert nothing is None


async def test_settings_pull_changes_select_ignore_and_severity(client: LanguageClient):
    u = uri("settings.md")
    text = "John forgot to run the migration. The root cause was human error.\n"
    open_doc(client, u, text)
    assert codes((await wait_published(client, u, 1)).diagnostics) == ["BL101", "BL201"]
    try:
        start = mark(client)
        client.set_configuration({**SETTINGS, "ignore": ["BL101"], "severity": {"BL201": "info"}}, section="blamelint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        params = await wait_published(client, u, 1, after=start)
        [d] = params.diagnostics
        assert d.code == "BL201" and d.severity == types.DiagnosticSeverity.Information
        start = mark(client)
        client.set_configuration({**SETTINGS, "select": ["BL101"]}, section="blamelint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert codes((await wait_published(client, u, 1, after=start)).diagnostics) == ["BL101"]
        start = mark(client)
        client.set_configuration({**SETTINGS, "enable": False}, section="blamelint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert list((await wait_published(client, u, 1, after=start)).diagnostics) == []
    finally:
        start = mark(client)
        client.set_configuration(dict(SETTINGS), section="blamelint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert codes((await wait_published(client, u, 1, after=start)).diagnostics) == ["BL101", "BL201"]
