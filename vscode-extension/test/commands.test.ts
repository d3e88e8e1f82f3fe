/**
 * blamelint.fixAll, blamelint.explain and blamelint.showLogs against the mocks.
 */
import { clients, editor, fake, Harness, lc, mock, start } from "./harness";
import assert from "node:assert/strict";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import { Commands, FIX_ALL_KIND } from "../src/common/constants";

let h: Harness | undefined;
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
});

const INSTALLED_ON_PATH = { onPath: ["python3"], installed: { "$BIN/python3": "0.1.0" } };
const run = (id: string) => mock.commands.get(id)!();
const TEXT = "# Summary\n\nJohn forgot to run the migration. We rolled back.";
const EDIT = { changes: { "file:///ws/pm.md": [] } };

describe("blamelint.fixAll", () => {
  it("requests only source.fixAll.blamelint for the whole file and applies the edit", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 0 });
    lc.onRequest = () => [
      { title: "Fix all", kind: FIX_ALL_KIND, edit: EDIT },
      { title: "a bare command", command: "x" },
      { title: "a quick fix", kind: "quickfix", edit: { changes: {} } },
    ];
    assert.equal(await run(Commands.fixAll), true);
    assert.deepEqual(h.client().requests, [
      {
        method: "textDocument/codeAction",
        params: {
          textDocument: { uri: "file:///ws/pm.md" },
          range: { start: { line: 0, character: 0 }, end: { line: 2, character: 49 } },
          context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: 1 },
        },
      },
    ]);
    assert.deepEqual(mock.appliedEdits, [{ converted: EDIT }], "only the fix-all edit, converted by the client");
  });

  it("resolves a lazy action and runs an action's command", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 0, character: 0 });
    lc.onRequest = (method) =>
      method === "textDocument/codeAction"
        ? [{ title: "Fix all", kind: `${FIX_ALL_KIND}.sub`, data: { id: 1 } }]
        : method === "codeAction/resolve"
          ? { title: "Fix all", kind: FIX_ALL_KIND, edit: EDIT, command: { command: "blamelint.applied", arguments: [1] } }
          : null;
    assert.equal(await run(Commands.fixAll), true);
    assert.deepEqual(
      h.client().requests.map((r) => r.method),
      ["textDocument/codeAction", "codeAction/resolve", "workspace/executeCommand"],
    );
    assert.deepEqual(h.client().requests[2].params, { command: "blamelint.applied", arguments: [1] });
    assert.equal(mock.appliedEdits.length, 1);
  });

  it("says so when there is nothing to fix", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 0, character: 0 });
    lc.onRequest = () => null;
    assert.equal(await run(Commands.fixAll), false);
    assert.deepEqual(mock.messages.map((m) => m.message), ["blamelint: no safe fixes in this file."]);
  });

  it("reports an edit VS Code refused", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 0, character: 0 });
    mock.applyEditResult = false;
    lc.onRequest = () => [{ title: "Fix all", kind: FIX_ALL_KIND, edit: EDIT }];
    assert.equal(await run(Commands.fixAll), false);
    assert.equal(mock.messages[0].level, "error");
  });

  it("does nothing outside Markdown or without a running server", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor("x = 1", { line: 0, character: 0 }, { languageId: "python" });
    assert.equal(await run(Commands.fixAll), false);
    mock.activeTextEditor = editor(TEXT, { line: 0, character: 0 });
    await h.client().stop();
    assert.equal(await run(Commands.fixAll), false);
    assert.deepEqual(h.client().requests, []);
    assert.deepEqual(
      mock.messages.map((m) => m.level),
      ["information", "warning"],
    );
  });
});

describe("blamelint.explain", () => {
  it("runs `<python> -m blamelint explain <sentence>` and shows the output", async () => {
    h = await start({ ...INSTALLED_ON_PATH, world: { explain: { code: 0, stdout: "John PROPN nsubj -> forgot\n", stderr: "" } } });
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 8 });
    assert.equal(await run(Commands.explain), "John forgot to run the migration.");
    const call = fake.calls.at(-1)!;
    assert.deepEqual(
      [call.command, ...call.args],
      [path.join(h.bin, "python3"), "-m", "blamelint", "explain", "John forgot to run the migration."],
    );
    assert.equal(call.options.cwd, h.ws);
    const channel = mock.channel("blamelint: explain");
    assert.match(channel.text, /John PROPN nsubj -> forgot/);
    assert.equal(channel.shown, 1);
    assert.equal(mock.progress[0].options.location, 10);
  });

  it("explains the selection when there is one", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 8 }, { selected: "We  rolled\nback" });
    assert.equal(await run(Commands.explain), "We rolled back");
    assert.equal(fake.calls.at(-1)!.args.at(-1), "We rolled back");
  });

  it("uses `<path> explain` when blamelint.path is set", async () => {
    h = await start({ files: ["$BIN/bl/blamelint"], user: { "blamelint.path": ["$BIN/bl/blamelint"] } });
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 40 });
    await run(Commands.explain);
    const call = fake.calls.at(-1)!;
    assert.deepEqual([call.command, ...call.args], [path.join(h.bin, "bl", "blamelint"), "explain", "We rolled back."]);
  });

  it("shows stderr and an error when explain fails", async () => {
    h = await start({ ...INSTALLED_ON_PATH, world: { explain: { code: 2, stdout: "", stderr: "no model" } } });
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 8 });
    await run(Commands.explain);
    assert.match(mock.channel("blamelint: explain").text, /no model/);
    assert.match(mock.messages.at(-1)!.message, /explain failed \(exit code 2\)/);
  });

  it("asks the user to set blamelint up when it is not available", async () => {
    h = await start({ user: { "blamelint.enable": false } });
    mock.activeTextEditor = editor(TEXT, { line: 2, character: 8 });
    assert.equal(await run(Commands.explain), undefined);
    assert.match(mock.messages.at(-1)!.message, /not available/);
    assert.ok(!fake.calls.some((c) => c.args.includes("explain")));
  });

  it("says so on a blank line", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.activeTextEditor = editor(TEXT, { line: 1, character: 0 });
    assert.equal(await run(Commands.explain), undefined);
    assert.match(mock.messages.at(-1)!.message, /no sentence at the cursor/);
  });
});

describe("blamelint.showLogs", () => {
  it("shows the blamelint log channel", async () => {
    h = await start(INSTALLED_ON_PATH);
    await run(Commands.showLogs);
    assert.equal(mock.channel("blamelint").shown, 1);
    assert.equal(clients.length, 1);
  });
});
