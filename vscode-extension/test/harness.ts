/**
 * Sets up a mocked VS Code window, PATH and processes, then activates the real extension code.
 * Import this before anything from src/ (it installs the Module._load hook).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { childProcessMock, languageClientMock, vscodeMock } from "./mocks/hook";
import * as path from "path";
import { PROBE_SCRIPT, PYTHON_VERSION_SCRIPT, PRIVATE_ENV_STATE_KEY } from "../src/common/constants";
import { StoredEnvironment } from "../src/common/resolve";
import * as extension from "../src/extension";
import { SpawnCall } from "./mocks/childProcess";
import { executable, settle, tempDir } from "./helpers";

export const { mock, Uri, Memento, EventEmitter, packageJson } = vscodeMock;
export const { fake } = childProcessMock;
export const { clients, lc } = languageClientMock;
export type MockClient = languageClientMock.LanguageClient;

/** How the fake processes behave. */
export interface ProcessWorld {
  /** Interpreter command (first element) → installed blamelint version. */
  installed: Record<string, string>;
  /** What `-c PYTHON_VERSION_SCRIPT` prints. */
  pythonVersion: string;
  /** Exit codes for `-m venv` and `-m pip install` (0 by default). */
  venvExit: number;
  pipExit: number;
  pipDelayMs: number;
  /** `explain` output. */
  explain: { code: number; stdout: string; stderr: string };
}

export interface Setup {
  trusted?: boolean;
  user?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
  folder?: Record<string, unknown>;
  /** Names of fake executables on PATH (e.g. "python3"). */
  onPath?: string[];
  /** Other executable files to create (absolute paths, usually under $WS or $BIN). */
  files?: string[];
  installed?: Record<string, string>;
  stored?: StoredEnvironment;
  /** Answer to notifications: the button to click. */
  respond?: (m: vscodeMock.ShownMessage) => string | undefined;
  /** Interpreter the (fake) Python extension reports. */
  pythonExtension?: string;
  /** Reuse this globalState (a second activation "next time"). */
  globalState?: vscodeMock.Memento;
  world?: Partial<ProcessWorld>;
  /** Skip activate(). */
  noActivate?: boolean;
  /** Run real processes (the fake child_process stays off). */
  realProcesses?: boolean;
}

export interface Harness {
  ws: string;
  bin: string;
  storage: string;
  context: any;
  world: ProcessWorld;
  pythonExtensionEvents: vscodeMock.EventEmitter<unknown>;
  pythonExtensionCalls: string[];
  /** Spawned command lines, as arrays. */
  spawned(): string[][];
  probes(): string[];
  client(): MockClient;
  deactivate(): Promise<void>;
}

const BASE_ENV_PATH = process.env.PATH;

/** Builds the fake process behaviour for one test. */
function script(world: ProcessWorld) {
  return (call: SpawnCall) => {
    const { command, args } = call;
    if (args.includes(PROBE_SCRIPT)) {
      const version = world.installed[command];
      return version === undefined
        ? { code: 1, stderr: "ModuleNotFoundError: No module named 'blamelint'" }
        : { code: 0, stdout: version };
    }
    if (args.includes(PYTHON_VERSION_SCRIPT)) {
      return { code: 0, stdout: world.pythonVersion };
    }
    if (args.includes("venv")) {
      return { code: world.venvExit };
    }
    if (args.includes("pip")) {
      if (world.pipExit === 0) {
        const version = args[args.length - 1].split("==")[1];
        world.installed[command] = version;
      }
      return { code: world.pipExit, stdout: "Successfully installed\n", delayMs: world.pipDelayMs };
    }
    if (args.includes("explain")) {
      return world.explain;
    }
    return undefined;
  };
}

/** Replaces $BIN, $WS and $STORAGE in every string inside `value`. */
function expander(dirs: { bin: string; ws: string; storage: string }) {
  const expand = (value: any): any => {
    if (typeof value === "string") {
      return value.replace("$BIN", dirs.bin).replace("$WS", dirs.ws).replace("$STORAGE", dirs.storage);
    }
    if (Array.isArray(value)) {
      return value.map(expand);
    }
    if (value && typeof value === "object" && !(value instanceof Memento)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [expand(k), expand(v)]));
    }
    return value;
  };
  return expand;
}

/**
 * Resets every mock, builds the world described by `setup` and activates the extension.
 * Strings in `setup` may use $BIN (the fake PATH folder), $WS (the workspace folder) and
 * $STORAGE (the extension's global storage folder).
 */
export async function start(rawSetup: Setup = {}): Promise<Harness> {
  mock.reset();
  languageClientMock.resetClients();
  const ws = tempDir("blamelint-ws-");
  const bin = tempDir("blamelint-bin-");
  const storage = path.join(tempDir("blamelint-storage-"), "global");
  const { respond, globalState: givenState, ...plain } = rawSetup;
  const setup: Setup = { ...expander({ bin, ws, storage })(plain), respond, globalState: givenState };
  for (const name of setup.onPath ?? []) {
    executable(bin, name);
  }
  for (const file of setup.files ?? []) {
    executable(path.dirname(file), path.basename(file));
  }
  process.env.PATH = bin;

  const world: ProcessWorld = {
    installed: { ...(setup.installed ?? {}) },
    pythonVersion: "3.11",
    venvExit: 0,
    pipExit: 0,
    pipDelayMs: 0,
    explain: { code: 0, stdout: "TOKENS ...\n", stderr: "" },
    ...setup.world,
  };
  if (setup.realProcesses) {
    fake.disable();
  } else {
    fake.enable(script(world));
  }

  mock.trusted = setup.trusted ?? true;
  mock.folders = [{ uri: Uri.file(ws), name: "ws", index: 0 }];
  mock.config = { user: setup.user ?? {}, workspace: setup.workspace ?? {}, folder: setup.folder ?? {} };
  if (setup.respond) {
    mock.respond = setup.respond;
  }

  const pythonExtensionEvents = new EventEmitter<unknown>();
  const pythonExtensionCalls: string[] = [];
  if (setup.pythonExtension) {
    const api = {
      environments: {
        getActiveEnvironmentPath: () => {
          pythonExtensionCalls.push("getActiveEnvironmentPath");
          return { id: "env", path: setup.pythonExtension };
        },
        resolveEnvironment: async () => {
          pythonExtensionCalls.push("resolveEnvironment");
          return { executable: { uri: Uri.file(setup.pythonExtension!) } };
        },
        onDidChangeActiveEnvironmentPath: pythonExtensionEvents.event,
      },
    };
    const pythonExtension = {
      isActive: false,
      exports: undefined as unknown,
      activate: async () => {
        pythonExtensionCalls.push("activate");
        pythonExtension.isActive = true;
        pythonExtension.exports = api;
        return api;
      },
    };
    mock.extensions.set("ms-python.python", pythonExtension);
  }

  const globalState = setup.globalState ?? new Memento();
  if (setup.stored) {
    await globalState.update(PRIVATE_ENV_STATE_KEY, setup.stored);
  }
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    globalState,
    globalStorageUri: Uri.file(storage),
    extensionUri: Uri.file(path.resolve(__dirname, "..", "..")),
    extension: { id: "blamelint.blamelint", packageJSON: packageJson },
  };

  const harness: Harness = {
    ws,
    bin,
    storage,
    context,
    world,
    pythonExtensionEvents,
    pythonExtensionCalls,
    spawned: () => fake.calls.map((c) => [c.command, ...c.args]),
    probes: () => fake.calls.filter((c) => c.args.includes(PROBE_SCRIPT)).map((c) => c.command),
    client: () => {
      if (clients.length === 0) {
        throw new Error("no client was created");
      }
      return clients[clients.length - 1];
    },
    deactivate: async () => {
      await extension.deactivate();
      context.subscriptions.forEach((d) => d.dispose());
      context.subscriptions.length = 0;
      await settle();
      process.env.PATH = BASE_ENV_PATH;
    },
  };
  if (!setup.noActivate) {
    await extension.activate(context as any);
  }
  return harness;
}

/** A mocked Markdown editor with the cursor at (line, character) and an optional selection. */
export function editor(
  text: string,
  cursor: { line: number; character: number },
  options: { languageId?: string; selected?: string; uri?: vscodeMock.Uri } = {},
): any {
  const lines = text.split("\n");
  const selected = options.selected;
  return {
    document: {
      uri: options.uri ?? Uri.file("/ws/pm.md"),
      languageId: options.languageId ?? "markdown",
      version: 1,
      lineCount: lines.length,
      lineAt: (i: number) => ({ text: lines[i] }),
      getText: () => (selected === undefined ? text : selected),
    },
    selection: { isEmpty: selected === undefined, active: cursor },
  };
}
