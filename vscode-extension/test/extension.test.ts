/**
 * Activation, the server command line for each source, settings, restarts and workspace trust,
 * with the real extension code against a mocked `vscode`, language client and child_process.
 */
import { clients, fake, Harness, lc, mock, start } from "./harness";
import assert from "node:assert/strict";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import { Commands, PROBE_SCRIPT } from "../src/common/constants";
import { settle, waitFor } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
});

/** The last client's command line. */
const serverCommandLine = (hh: Harness): string[] => {
  const options = hh.client().serverOptions;
  return [options.command, ...options.args];
};

const INSTALLED_ON_PATH = { onPath: ["python3"], installed: { "$BIN/python3": "0.1.0" } };

describe("activation", () => {
  it("registers the four commands and starts one client for Markdown files and untitled buffers", async () => {
    h = await start(INSTALLED_ON_PATH);
    assert.deepEqual([...mock.commands.keys()].sort(), Object.values(Commands).sort());
    assert.deepEqual(
      mock.channels.map((c) => [c.name, c.options]),
      [
        ["blamelint", { log: true }],
        ["blamelint: explain", undefined],
      ],
    );
    assert.equal(clients.length, 1);
    const client = h.client();
    assert.equal(client.id, "blamelint", "the id makes vscode-languageclient read blamelint.trace.server");
    assert.equal(client.starts, 1);
    assert.deepEqual(client.clientOptions.documentSelector, [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ]);
    assert.deepEqual(client.clientOptions.synchronize, { configurationSection: "blamelint", fileEvents: mock.watchers[0] });
    assert.equal(client.clientOptions.outputChannel, mock.channels[0]);
  });

  it("watches blamelint's configuration files so their changes reach the server", async () => {
    h = await start(INSTALLED_ON_PATH);
    assert.deepEqual(
      mock.watchers.map((w) => w.globPattern),
      ["**/{.blamelint.yaml,.blamelint.yml,pyproject.toml}"],
    );
    const watcher = mock.watchers[0];
    await mock.commands.get(Commands.restart)!();
    assert.equal(clients.length, 2);
    assert.equal(mock.watchers.length, 1, "a restart reuses the watcher instead of leaking a new one");
    assert.equal(h.client().clientOptions.synchronize.fileEvents, watcher);
    assert.equal(watcher.disposed, false);
    await h.deactivate();
    h = undefined;
    assert.equal(watcher.disposed, true, "deactivate disposes the watcher");
  });

  it("does not start the server when blamelint.enable is false", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user: { "blamelint.enable": false } });
    assert.equal(clients.length, 0);
    assert.deepEqual(fake.calls, [], "nothing is run");
    assert.equal(mock.commands.size, 4, "commands still exist");
  });

  it("stops the server on deactivate", async () => {
    h = await start(INSTALLED_ON_PATH);
    const client = h.client();
    await h.deactivate();
    h = undefined;
    assert.equal(client.stops, 1);
    assert.equal(client.isRunning(), false);
  });

  it("shows an error with a Show Logs button when the server fails to start", async () => {
    h = await start({ ...INSTALLED_ON_PATH, noActivate: true });
    lc.failStart = true;
    mock.respond = (m) => (m.level === "error" ? "Show Logs" : undefined);
    const { activate } = await import("../src/extension");
    await activate(h.context);
    const error = await waitFor(() => mock.messages.find((m) => m.level === "error"), "error message");
    assert.match(error.message, /did not start/);
    assert.deepEqual(error.items, ["Show Logs"]);
    await waitFor(() => mock.channels[0].shown === 1, "logs shown");
  });
});

describe("server command line per source", () => {
  it("blamelint.path: `<path> lsp`, no interpreter is run", async () => {
    h = await start({ ...INSTALLED_ON_PATH, files: ["$WS/tools/blamelint"], user: { "blamelint.path": ["${workspaceFolder}/tools/blamelint"] } });
    assert.deepEqual(serverCommandLine(h), [path.join(h.ws, "tools", "blamelint"), "lsp"]);
    assert.deepEqual(h.probes(), []);
    assert.equal(h.client().serverOptions.options.cwd, h.ws);
  });

  it("blamelint.path with no existing entry: an error, and no fallback to an interpreter", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user: { "blamelint.path": ["/nope/blamelint"] } });
    assert.equal(clients.length, 0);
    const error = await waitFor(() => mock.messages.find((m) => m.level === "error"), "error");
    assert.match(error.message, /\/nope\/blamelint/);
  });

  it("blamelint.interpreter: `<python> -m blamelint lsp`, before the Python extension and PATH", async () => {
    h = await start({
      ...INSTALLED_ON_PATH,
      pythonExtension: "/ext/python",
      user: { "blamelint.interpreter": ["/custom/python", "-X", "utf8"] },
      installed: { "/custom/python": "0.1.0", "/ext/python": "0.1.0", "$BIN/python3": "0.1.0" },
    });
    assert.deepEqual(serverCommandLine(h), ["/custom/python", "-X", "utf8", "-m", "blamelint", "lsp"]);
    assert.deepEqual(h.probes(), ["/custom/python"]);
    assert.deepEqual(h.pythonExtensionCalls.filter((c) => c !== "activate"), []);
  });

  it("the Python extension's interpreter, before PATH", async () => {
    h = await start({
      ...INSTALLED_ON_PATH,
      pythonExtension: "/ext/python",
      installed: { "/ext/python": "0.1.0", "$BIN/python3": "0.1.0" },
    });
    assert.deepEqual(serverCommandLine(h), ["/ext/python", "-m", "blamelint", "lsp"]);
    assert.deepEqual(h.pythonExtensionCalls, ["activate", "getActiveEnvironmentPath", "resolveEnvironment"]);
  });

  it("python3 on PATH, then python", async () => {
    h = await start({ onPath: ["python3", "python"], installed: { "$BIN/python3": "0.1.0", "$BIN/python": "0.1.0" } });
    assert.deepEqual(serverCommandLine(h), [path.join(h.bin, "python3"), "-m", "blamelint", "lsp"]);
    await h.deactivate();

    h = await start({ onPath: ["python"], installed: { "$BIN/python": "0.1.0" } });
    assert.deepEqual(serverCommandLine(h), [path.join(h.bin, "python"), "-m", "blamelint", "lsp"]);
  });

  it("the remembered private environment, when the chosen interpreter lacks blamelint", async () => {
    h = await start({
      onPath: ["python3"],
      stored: { python: "$STORAGE/venv/bin/python", version: "0.1.0" },
      installed: { "$STORAGE/venv/bin/python": "0.1.0" },
    });
    assert.deepEqual(serverCommandLine(h), [path.join(h.storage, "venv", "bin", "python"), "-m", "blamelint", "lsp"]);
    assert.deepEqual(mock.messages, [], "no offer");
  });

  it("probes with the contract's script in the workspace folder", async () => {
    h = await start(INSTALLED_ON_PATH);
    const probe = fake.calls.find((c) => c.args.includes(PROBE_SCRIPT));
    assert.deepEqual(probe?.args, ["-c", "import blamelint, sys; sys.stdout.write(blamelint.__version__)"]);
    assert.equal(probe?.options.cwd, h.ws);
    assert.equal(probe?.options.shell, false);
  });
});

describe("settings reach the server", () => {
  const user = {
    "blamelint.run": "onSave",
    "blamelint.select": ["BL1", "attribution"],
    "blamelint.ignore": ["BL104"],
    "blamelint.severity": { BL101: "error", judgment: "off" },
  };
  const payload = {
    enable: true,
    run: "onSave",
    select: ["BL1", "attribution"],
    ignore: ["BL104"],
    severity: { BL101: "error", judgment: "off" },
  };

  it("in initializationOptions", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user });
    assert.deepEqual(h.client().clientOptions.initializationOptions, { blamelint: payload, workspaceTrusted: true });
  });

  it("as the answer to workspace/configuration for section blamelint (other sections untouched)", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user });
    const middleware = h.client().clientOptions.middleware.workspace;
    const params = { items: [{ section: "blamelint" }, { section: "editor" }, { section: "blamelint", scopeUri: "file:///ws/pm.md" }] };
    const answers = await middleware.configuration(params, {}, () => ["raw", { tabSize: 2 }, "raw"]);
    assert.deepEqual(answers, [payload, { tabSize: 2 }, payload]);
  });

  it("re-sent with didChangeConfiguration on change, without a restart", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user });
    const client = h.client();
    mock.changeConfig("user", { "blamelint.select": ["BL2"] });
    await settle();
    await client.clientOptions.middleware.workspace.didChangeConfiguration(["blamelint"], async () => {
      throw new Error("the default notification must not be sent");
    });
    assert.deepEqual(client.notifications, [
      { method: "workspace/didChangeConfiguration", params: { settings: { blamelint: { ...payload, select: ["BL2"] } } } },
    ]);
    assert.equal(clients.length, 1, "select does not restart the server");
    assert.equal(client.stops, 0);
  });

  it("workspace values override user values in a trusted workspace", async () => {
    h = await start({ ...INSTALLED_ON_PATH, user, workspace: { "blamelint.run": "onType" } });
    assert.equal(h.client().clientOptions.initializationOptions.blamelint.run, "onType");
  });
});

describe("restart", () => {
  it("blamelint.restart stops the old client and starts a new one", async () => {
    h = await start(INSTALLED_ON_PATH);
    const first = h.client();
    await mock.commands.get(Commands.restart)!();
    assert.equal(clients.length, 2);
    assert.equal(first.stops, 1);
    assert.equal(h.client().starts, 1);
    assert.notEqual(h.client(), first);
  });

  it("a burst of restarts runs the one in flight plus one queued restart", async () => {
    h = await start(INSTALLED_ON_PATH);
    const restart = mock.commands.get(Commands.restart)!;
    await Promise.all([restart(), restart(), restart(), restart()]);
    assert.equal(clients.length, 3, "activation + in-flight + one queued");
    assert.deepEqual(
      clients.map((c) => [c.starts, c.stops]),
      [
        [1, 1],
        [1, 1],
        [1, 0],
      ],
    );
  });

  for (const [key, value] of [
    ["blamelint.interpreter", ["/other/python"]],
    ["blamelint.path", ["/other/blamelint"]],
  ] as const) {
    it(`changing ${key} restarts the server`, async () => {
      h = await start({ ...INSTALLED_ON_PATH, installed: { "$BIN/python3": "0.1.0", "/other/python": "0.1.0" } });
      mock.changeConfig("user", { [key]: value });
      await waitFor(() => clients[0].stops === 1, "the old server to stop");
    });
  }

  it("changing blamelint.enable stops and starts the server", async () => {
    h = await start(INSTALLED_ON_PATH);
    mock.changeConfig("user", { "blamelint.enable": false });
    await waitFor(() => clients[0].stops === 1, "stop");
    await settle();
    assert.equal(clients.length, 1);
    mock.changeConfig("user", { "blamelint.enable": true });
    await waitFor(() => clients.length === 2, "start");
    assert.equal(h.client().starts, 1);
  });

  it("changing blamelint.interpreter uses the new interpreter", async () => {
    h = await start({ ...INSTALLED_ON_PATH, installed: { "$BIN/python3": "0.1.0", "/other/python": "0.1.0" } });
    mock.changeConfig("user", { "blamelint.interpreter": ["/other/python"] });
    await waitFor(() => clients.length === 2, "restart");
    assert.deepEqual(serverCommandLine(h), ["/other/python", "-m", "blamelint", "lsp"]);
  });

  it("a change of the Python extension's interpreter restarts only when no setting overrides it", async () => {
    h = await start({ ...INSTALLED_ON_PATH, pythonExtension: "/ext/python", installed: { "/ext/python": "0.1.0" } });
    await waitFor(() => h!.pythonExtensionEvents.listenerCount === 1, "subscription");
    h.pythonExtensionEvents.fire({});
    await waitFor(() => clients.length === 2, "restart");
    await h.deactivate();

    h = await start({
      pythonExtension: "/ext/python",
      user: { "blamelint.interpreter": ["/custom/python"] },
      installed: { "/custom/python": "0.1.0" },
    });
    await waitFor(() => h!.pythonExtensionEvents.listenerCount === 1, "subscription");
    h.pythonExtensionEvents.fire({});
    await settle(50);
    assert.equal(clients.length, 1);
  });
});

describe("workspace trust", () => {
  const hostile = {
    "blamelint.interpreter": ["${workspaceFolder}/evil/python"],
    "blamelint.path": ["${workspaceFolder}/evil/blamelint"],
  };

  it("ignores workspace and folder interpreter/path values and uses the user's", async () => {
    h = await start({
      trusted: false,
      files: ["$WS/evil/blamelint"],
      workspace: hostile,
      folder: hostile,
      user: { "blamelint.interpreter": ["/user/python"] },
      installed: { "/user/python": "0.1.0", "$WS/evil/python": "0.1.0" },
    });
    assert.deepEqual(serverCommandLine(h), ["/user/python", "-m", "blamelint", "lsp"]);
    const evil = path.join(h.ws, "evil");
    assert.deepEqual(
      fake.calls.filter((c) => c.command.startsWith(evil)),
      [],
      "nothing from the workspace is ever run",
    );
    assert.equal(h.client().clientOptions.initializationOptions.workspaceTrusted, false);
  });

  it("runs processes outside the workspace folder so `python -m` cannot import workspace code", async () => {
    h = await start({ trusted: false, user: { "blamelint.interpreter": ["/user/python"] }, installed: { "/user/python": "0.1.0" } });
    assert.equal(h.client().serverOptions.options.cwd, h.storage);
    assert.ok(fake.calls.every((c) => c.options.cwd === h!.storage));
  });

  it("does not consult the Python extension or run python3 from PATH for the server", async () => {
    h = await start({
      trusted: false,
      onPath: ["python3"],
      pythonExtension: "$WS/.venv/bin/python",
      installed: { "$WS/.venv/bin/python": "0.1.0", "$BIN/python3": "0.1.0" },
    });
    assert.equal(clients.length, 0);
    assert.deepEqual(h.pythonExtensionCalls.filter((c) => c !== "activate"), []);
    assert.deepEqual(h.probes(), []);
    const offer = await waitFor(() => mock.messages.find((m) => m.level === "warning"), "offer");
    assert.match(offer.message, /Restricted Mode/);
  });

  it("uses the private environment in an untrusted workspace", async () => {
    h = await start({
      trusted: false,
      workspace: hostile,
      stored: { python: "$STORAGE/venv/bin/python", version: "0.1.0" },
      installed: { "$STORAGE/venv/bin/python": "0.1.0" },
    });
    assert.equal(h.client().serverOptions.command, path.join(h.storage, "venv", "bin", "python"));
  });

  it("restarts with the workspace settings once the workspace is trusted", async () => {
    h = await start({
      trusted: false,
      workspace: { "blamelint.interpreter": ["$WS/.venv/bin/python"] },
      user: { "blamelint.interpreter": ["/user/python"] },
      installed: { "/user/python": "0.1.0", "$WS/.venv/bin/python": "0.1.0" },
    });
    assert.equal(h.client().serverOptions.command, "/user/python");
    mock.grantTrust();
    await waitFor(() => clients.length === 2, "restart");
    assert.deepEqual(serverCommandLine(h), [path.join(h.ws, ".venv", "bin", "python"), "-m", "blamelint", "lsp"]);
    assert.equal(h.client().serverOptions.options.cwd, h.ws);
  });
});
