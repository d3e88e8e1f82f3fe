/**
 * The private-environment offer: one notification, a progress notification, the install
 * command lines, remembering the environment, and what happens on "Not Now" and on failure.
 */
import { clients, fake, Harness, Memento, mock, start } from "./harness";
import assert from "node:assert/strict";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import { Commands, PRIVATE_ENV_STATE_KEY, PROBE_SCRIPT, PYTHON_VERSION_SCRIPT } from "../src/common/constants";
import { OfferChoices } from "../src/common/environment";
import { settle, waitFor } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
});

const click = (label: string) => (m: { level: string; items: string[] }) =>
  m.level === "warning" && m.items.includes(label) ? label : undefined;

/** python3 on PATH without blamelint. */
const BARE_PYTHON = { onPath: ["python3"] };

describe("private environment offer", () => {
  it("offers once, in one notification, when the interpreter lacks blamelint", async () => {
    h = await start(BARE_PYTHON);
    const offer = await waitFor(() => mock.messages.find((m) => m.level === "warning"), "offer");
    assert.equal(mock.messages.length, 1);
    assert.match(offer.message, /python3 does not have blamelint\. Create a private environment with blamelint 0\.1\.0/);
    assert.deepEqual(offer.items, [OfferChoices.install, OfferChoices.settings, OfferChoices.later]);
    assert.equal(clients.length, 0);
    assert.deepEqual(
      fake.calls.map((c) => c.args.at(-1)),
      [PROBE_SCRIPT],
      "only the probe ran; nothing is installed without consent",
    );
  });

  it("installs blamelint==<extension version> with progress, remembers it and starts the server", async () => {
    h = await start({ ...BARE_PYTHON, respond: click(OfferChoices.install) });
    await waitFor(() => clients.length === 1, "the server to start");
    const python3 = path.join(h.bin, "python3");
    const venv = path.join(h.storage, "venv");
    const venvPython = path.join(venv, "bin", "python");
    assert.deepEqual(h.spawned(), [
      [python3, "-c", PROBE_SCRIPT],
      [python3, "-c", PYTHON_VERSION_SCRIPT],
      [python3, "-m", "venv", "--clear", venv],
      [venvPython, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "blamelint==0.1.0"],
      [venvPython, "-c", PROBE_SCRIPT],
      // the restart after the installation:
      [python3, "-c", PROBE_SCRIPT],
      [venvPython, "-c", PROBE_SCRIPT],
    ]);
    assert.ok(
      fake.calls.slice(1, 5).every((c) => c.options.cwd === h!.storage),
      "installer runs in the extension's storage folder",
    );
    assert.equal(mock.progress.length, 1);
    assert.deepEqual(mock.progress[0].options, {
      location: 15,
      title: "blamelint: installing blamelint 0.1.0",
      cancellable: true,
    });
    assert.deepEqual(
      mock.progress[0].reports.map((r) => r.message),
      ["Checking Python version", "Creating the environment", "Installing blamelint 0.1.0", "Checking the installation"],
    );
    assert.deepEqual(h.context.globalState.get(PRIVATE_ENV_STATE_KEY), { python: venvPython, version: "0.1.0" });
    assert.deepEqual(h.client().serverOptions.args, ["-m", "blamelint", "lsp"]);
    assert.equal(h.client().serverOptions.command, venvPython);
    assert.ok(mock.messages.some((m) => m.level === "information" && /installed in a private environment/.test(m.message)));
    assert.match(mock.channels[0].text, /Successfully installed/, "pip output goes to the log");
  });

  it("uses the remembered environment next time without asking", async () => {
    const globalState = new Memento();
    h = await start({ ...BARE_PYTHON, globalState, respond: click(OfferChoices.install) });
    await waitFor(() => clients.length === 1, "first start");
    const installed = { ...h.world.installed };
    const storage = h.storage;
    await h.deactivate();

    // Same globalState and storage contents: a new window.
    const stored = globalState.get<{ python: string }>(PRIVATE_ENV_STATE_KEY)!;
    h = await start({ ...BARE_PYTHON, globalState, installed: { [stored.python]: installed[stored.python] } });
    assert.ok(stored.python.startsWith(storage));
    assert.equal(h.client().serverOptions.command, stored.python);
    assert.deepEqual(mock.messages, []);
    assert.ok(!fake.calls.some((c) => c.args.includes("pip") || c.args.includes("venv")));
  });

  it("after Not Now, does not ask again until the user runs Restart Server", async () => {
    h = await start({ ...BARE_PYTHON, respond: click(OfferChoices.later) });
    await waitFor(() => mock.messages.length === 1, "offer");
    await settle();
    mock.changeConfig("user", { "blamelint.enable": true });
    await settle(50);
    assert.equal(mock.messages.length, 1, "a restart from a settings change does not ask again");
    assert.ok(!fake.calls.some((c) => c.args.includes("venv")));

    await mock.commands.get(Commands.restart)!();
    await waitFor(() => mock.messages.length === 2, "offer after explicit restart");
  });

  it("Choose Interpreter opens the blamelint.interpreter setting", async () => {
    h = await start({ ...BARE_PYTHON, respond: click(OfferChoices.settings) });
    await waitFor(() => mock.executed.length === 1, "command");
    assert.deepEqual(mock.executed[0], { command: "workbench.action.openSettings", args: ["blamelint.interpreter"] });
  });

  it("reports a failed pip install with a Show Logs button, remembers nothing and does not ask again", async () => {
    h = await start({ ...BARE_PYTHON, world: { pipExit: 1 }, respond: click(OfferChoices.install) });
    const error = await waitFor(() => mock.messages.find((m) => m.level === "error"), "error");
    assert.equal(error.message, "blamelint: Installing blamelint 0.1.0 failed (exit code 1).");
    assert.deepEqual(error.items, ["Show Logs"]);
    assert.equal(h.context.globalState.get(PRIVATE_ENV_STATE_KEY), undefined);
    assert.equal(clients.length, 0);
    mock.changeConfig("user", { "blamelint.enable": true });
    await settle(50);
    assert.equal(mock.messages.filter((m) => m.level === "warning").length, 1);
  });

  it("refuses to build the environment with a Python older than 3.11", async () => {
    h = await start({ ...BARE_PYTHON, world: { pythonVersion: "3.8" }, respond: click(OfferChoices.install) });
    const error = await waitFor(() => mock.messages.find((m) => m.level === "error"), "error");
    assert.match(error.message, /needs Python 3\.11 or newer/);
    assert.ok(!fake.calls.some((c) => c.args.includes("venv")));
  });

  it("can be cancelled from the progress notification", async () => {
    h = await start({ ...BARE_PYTHON, world: { pipDelayMs: 5000 }, respond: click(OfferChoices.install) });
    const pip = await waitFor(() => fake.calls.find((c) => c.args.includes("pip")), "pip to start");
    mock.progress[0].cancel();
    await waitFor(() => pip.options.signal?.aborted, "abort");
    await settle(50);
    assert.equal(h.context.globalState.get(PRIVATE_ENV_STATE_KEY), undefined);
    assert.deepEqual(mock.messages.filter((m) => m.level === "error"), [], "cancelling is not an error");
    assert.equal(clients.length, 0);
  });

  it("offers to update a private environment with another blamelint version, reusing it", async () => {
    h = await start({
      ...BARE_PYTHON,
      stored: { python: "$STORAGE/venv/bin/python", version: "0.0.9" },
      installed: { "$STORAGE/venv/bin/python": "0.0.9" },
      respond: click(OfferChoices.update),
    });
    await waitFor(() => clients.length === 1, "server");
    const offer = mock.messages.find((m) => m.level === "warning")!;
    assert.match(offer.message, /has blamelint 0\.0\.9, but this extension needs 0\.1\.0/);
    assert.ok(!fake.calls.some((c) => c.args.includes("venv")), "the environment is reused");
    assert.ok(fake.calls.some((c) => c.args.at(-1) === "blamelint==0.1.0"));
    assert.deepEqual(h.context.globalState.get(PRIVATE_ENV_STATE_KEY), {
      python: path.join(h.storage, "venv", "bin", "python"),
      version: "0.1.0",
    });
  });

  it("explains what to do when there is no Python at all", async () => {
    h = await start({});
    const error = await waitFor(() => mock.messages.find((m) => m.level === "error"), "error");
    assert.match(error.message, /needs Python 3\.11 or newer, and none was found/);
    assert.equal(mock.messages.filter((m) => m.level === "warning").length, 0);
  });
});
