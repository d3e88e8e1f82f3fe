"""Code actions with VS Code's capabilities (``documentChanges``): quick fix, disable-for-line, fix-all."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_support import PROJECT, apply_edits, change_doc, codes, config, open_doc, rng, wait_published

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient):
    lsp_client.set_configuration({"enable": True}, section="blamelint")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=PROJECT.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def actions(client: LanguageClient, uri: str, where: types.Range, only: list[str] | None = None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


def edits_of(action: types.CodeAction, uri: str, version: int) -> list[types.TextEdit]:
    """The edits of a documentChanges workspace edit (asserting its shape)."""
    assert action.edit.changes is None
    [change] = action.edit.document_changes
    assert change.text_document.uri == uri and change.text_document.version == version
    return list(change.edits)


async def test_quick_fix_applies_and_relints_clean(client: LanguageClient):
    uri = (PROJECT / "quickfix.md").as_uri()
    text = "😀 The root cause was human error.\n"
    open_doc(client, uri, text)
    [d] = (await wait_published(client, uri, 1)).diagnostics
    assert d.code == "BL201" and d.range == rng(0, 22, 33)
    found = list(await actions(client, uri, rng(0, 26, 26)))
    assert all(a.kind == types.CodeActionKind.QuickFix for a in found)
    # the rule's fixes first (their wording belongs to the rule), the first one preferred
    fixes = [a for a in found if a.title.startswith("BL201: ")]
    assert fixes and found[: len(fixes)] == fixes
    assert fixes[0].is_preferred and not any(a.is_preferred for a in fixes[1:])
    assert [a.title for a in found[len(fixes) :]] == ["Disable BL201 for this line"]
    assert not found[-1].is_preferred
    assert [x.code for x in fixes[0].diagnostics] == ["BL201"]
    new = apply_edits(text, edits_of(fixes[0], uri, 1))
    assert new.startswith("😀 ") and "human error" not in new
    change_doc(client, uri, new, 2)
    assert list((await wait_published(client, uri, 2)).diagnostics) == []


async def test_no_actions_away_from_findings(client: LanguageClient):
    uri = (PROJECT / "away.md").as_uri()
    open_doc(client, uri, "Calm.\n\nJohn forgot to run the migration.\n")
    await wait_published(client, uri, 1)
    assert await actions(client, uri, rng(0, 1, 1)) == ()


async def test_disable_for_line_inserts_comment_with_indentation(client: LanguageClient):
    uri = (PROJECT / "disable.md").as_uri()
    text = "# Summary\r\n\r\nWe shipped.\r\n   John forgot to run the migration.\r\n"
    open_doc(client, uri, text)
    [d] = (await wait_published(client, uri, 1)).diagnostics
    assert d.range == rng(3, 3, 14)
    found = await actions(client, uri, rng(3, 5, 8))
    [disable] = [a for a in found if a.title == "Disable BL101 for this line"]
    [edit] = edits_of(disable, uri, 1)
    assert edit.range == rng(3, 0, 0)
    new = apply_edits(text, [edit])
    assert new == (
        "# Summary\r\n\r\nWe shipped.\r\n   <!-- blamelint-disable-next-line BL101 -->\r\n"
        "   John forgot to run the migration.\r\n"
    )
    change_doc(client, uri, new, 2)
    assert list((await wait_published(client, uri, 2)).diagnostics) == []  # suppressed, and not unused


async def test_fix_all_applies_every_safe_fix_in_one_edit(client: LanguageClient):
    uri = (PROJECT / "fixall.md").as_uri()
    text = "It was obviously broken and clearly slow.\n\nJohn obviously forgot to run the migration.\n"
    open_doc(client, uri, text)
    assert codes((await wait_published(client, uri, 1)).diagnostics) == ["BL891", "BL891", "BL101", "BL891"]
    [fix_all] = await actions(client, uri, rng(0, 0, 0), only=[types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == "source.fixAll.blamelint"
    edits = edits_of(fix_all, uri, 1)
    assert len(edits) == 3
    new = apply_edits(text, edits)
    assert new == "It was simply broken and simply slow.\n\nJohn simply forgot to run the migration.\n"
    change_doc(client, uri, new, 2)
    assert codes((await wait_published(client, uri, 2)).diagnostics) == ["BL101"]  # display-only: untouched
    assert await actions(client, uri, rng(0, 0, 0), only=["source.fixAll.blamelint"]) == ()


async def test_quick_fix_for_safe_rule_and_only_filter(client: LanguageClient):
    uri = (PROJECT / "only.md").as_uri()
    open_doc(client, uri, "It was obviously broken.\n")
    await wait_published(client, uri, 1)
    quick = await actions(client, uri, rng(0, 8, 8), only=[types.CodeActionKind.QuickFix])
    assert [a.title for a in quick] == ["BL891: Remove the word", "Disable BL891 for this line"]
    everything = await actions(client, uri, rng(0, 8, 8))
    assert [a.kind for a in everything] == ["quickfix", "quickfix", "source.fixAll.blamelint"]
