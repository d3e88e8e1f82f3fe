/**
 * End to end against the real blamelint server (no VS Code): activate the extension with the
 * mocks but real processes, then spawn exactly the command line, working directory and
 * initializationOptions the extension built, and drive the server over JSON-RPC the way
 * vscode-languageclient would, answering workspace/configuration through the extension's own
 * middleware. Also runs the real `blamelint explain` through the explain command.
 *
 * Needs an interpreter with blamelint: BLAMELINT_PYTHON (scripts/ci.sh sets it to the
 * repository's .venv). Without it the test is skipped, and says so.
 */
import { clients, editor, Harness, mock, start, Uri } from "./harness";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import * as rpc from "vscode-jsonrpc/node";
import { fixAllParams } from "../src/common/commands";
import { Commands, FIX_ALL_KIND } from "../src/common/constants";

const PYTHON = process.env.BLAMELINT_PYTHON;
const SKIP = PYTHON ? false : "BLAMELINT_PYTHON is not set (scripts/ci.sh sets it to the repository's .venv)";

const TEXT = [
  "# Checkout outage",
  "",
  "## Root cause",
  "",
  "The outage was caused by human error. John forgot to run the migration.",
  "",
].join("\n");

interface Diagnostic {
  code?: string;
  severity?: number;
  message: string;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
});

describe("the real blamelint server", { skip: SKIP }, () => {
  it("starts from the extension's command line, honours its settings and answers fix-all", { timeout: 120_000 }, async () => {
    h = await start({
      realProcesses: true,
      user: {
        "blamelint.interpreter": [PYTHON],
        "blamelint.severity": { BL101: "warning" },
        "blamelint.ignore": ["BL201"],
      },
    });
    assert.equal(clients.length, 1, `the real probe must find blamelint in ${PYTHON}`);
    const client = h.client();
    const { command, args, options } = client.serverOptions;
    assert.deepEqual([command, ...args], [PYTHON, "-m", "blamelint", "lsp"]);

    const server = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    server.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    const connection = rpc.createMessageConnection(
      new rpc.StreamMessageReader(server.stdout),
      new rpc.StreamMessageWriter(server.stdin),
    );
    const middleware = client.clientOptions.middleware.workspace;
    const configurationRequests: unknown[] = [];
    connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) => {
      configurationRequests.push(params);
      return middleware.configuration(params, undefined, (p: { items: unknown[] }) => p.items.map(() => null));
    });
    connection.onRequest(() => null); // registerCapability, workDoneProgress/create, ...
    const uri = Uri.file(path.join(h.ws, "pm.md")).toString();
    const diagnostics = new Promise<Diagnostic[]>((resolve) => {
      connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: Diagnostic[] }) => {
        if (p.uri === uri && p.diagnostics.length > 0) {
          resolve(p.diagnostics);
        }
      });
    });
    connection.listen();

    try {
      const init = await connection.sendRequest<{ capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } }>(
        "initialize",
        {
          processId: process.pid,
          rootUri: Uri.file(h.ws).toString(),
          capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
          initializationOptions: client.clientOptions.initializationOptions,
        },
      );
      assert.ok(init.capabilities.codeActionProvider?.codeActionKinds?.includes(FIX_ALL_KIND), "server offers fix-all");
      await connection.sendNotification("initialized", {});
      await connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "markdown", version: 1, text: TEXT },
      });

      const found = await diagnostics;
      assert.ok(configurationRequests.length > 0, "the server pulled workspace/configuration");
      const codes = found.map((d) => d.code);
      assert.ok(codes.includes("BL101"), `BL101 expected in ${JSON.stringify(found)}`);
      assert.ok(!codes.includes("BL201"), "blamelint.ignore reached the server");
      assert.equal(found.find((d) => d.code === "BL101")?.severity, 2, "blamelint.severity reached the server");

      const doc = editor(TEXT, { line: 0, character: 0 }, { uri: Uri.file(path.join(h.ws, "pm.md")) }).document;
      const actions = await connection.sendRequest<{ kind?: string }[] | null>("textDocument/codeAction", fixAllParams(doc));
      assert.ok(Array.isArray(actions ?? []), "a list (or null)");
      assert.deepEqual(
        (actions ?? []).filter((a) => a.kind !== FIX_ALL_KIND),
        [],
        "asking with only=[source.fixAll.blamelint] returns nothing else",
      );

      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      assert.equal(await exited, 0, stderr);
    } finally {
      connection.dispose();
      server.kill();
    }
  });

  it("blamelint.explain shows the real `blamelint explain` output", { timeout: 120_000 }, async () => {
    h = await start({ realProcesses: true, user: { "blamelint.interpreter": [PYTHON] } });
    mock.activeTextEditor = editor(TEXT, { line: 4, character: 45 });
    assert.equal(await mock.commands.get(Commands.explain)!(), "John forgot to run the migration.");
    const output = mock.channel("blamelint: explain").text;
    assert.match(output, /John/);
    assert.match(output, /BL101/, output);
    assert.deepEqual(mock.messages.filter((m) => m.level === "error"), []);
  });
});
