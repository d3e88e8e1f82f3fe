/**
 * A hand-written stand-in for the `vscode` module (VS Code itself cannot run here).
 *
 * It models only what the extension uses, with state that tests set and inspect through
 * {@link mock}. Configuration defaults come from the real package.json, as in VS Code.
 * `get()` returns workspace values even in an untrusted workspace (the worst case), so tests
 * prove that the extension itself ignores them there.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from "fs";
import * as path from "path";

const manifestPath = path.resolve(__dirname, "..", "..", "..", "package.json");
/** The real package.json. */
export const packageJson: any = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const contributedDefaults: Record<string, unknown> = Object.fromEntries(
  Object.entries<any>(packageJson.contributes.configuration.properties).map(([k, v]) => [k, v.default]),
);

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: ((e: T) => unknown)[] = [];
  readonly event = (listener: (e: T) => unknown): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    [...this.listeners].forEach((l) => l(e));
  }
  get listenerCount(): number {
    return this.listeners.length;
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** A file system watcher: records its glob and whether it was disposed; tests fire its events. */
export class FileSystemWatcher {
  readonly created = new EventEmitter<Uri>();
  readonly changed = new EventEmitter<Uri>();
  readonly deleted = new EventEmitter<Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidChange = this.changed.event;
  readonly onDidDelete = this.deleted.event;
  readonly ignoreCreateEvents = false;
  readonly ignoreChangeEvents = false;
  readonly ignoreDeleteEvents = false;
  disposed = false;
  constructor(readonly globPattern: string) {}
  dispose(): void {
    this.disposed = true;
    this.created.dispose();
    this.changed.dispose();
    this.deleted.dispose();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(p: string): Uri {
    return new Uri("file", p);
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/)?(.*)$/i.exec(value);
    return match ? new Uri(match[1], match[1] === "file" ? match[2] : match[2]) : new Uri("file", value);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };

/** A recording output channel (also a LogOutputChannel). */
export class OutputChannel {
  lines: string[] = [];
  shown = 0;
  cleared = 0;
  constructor(
    readonly name: string,
    readonly options?: unknown,
  ) {}
  append(v: string): void {
    this.lines.push(v);
  }
  appendLine(v: string): void {
    this.lines.push(v);
  }
  replace(v: string): void {
    this.lines = [v];
  }
  clear(): void {
    this.lines = [];
    this.cleared++;
  }
  show(): void {
    this.shown++;
  }
  hide(): void {}
  dispose(): void {}
  trace(m: string): void {
    this.lines.push(`[trace] ${m}`);
  }
  debug(m: string): void {
    this.lines.push(`[debug] ${m}`);
  }
  info(m: string): void {
    this.lines.push(`[info] ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`[warn] ${m}`);
  }
  error(m: string): void {
    this.lines.push(`[error] ${m}`);
  }
  get text(): string {
    return this.lines.join("\n");
  }
}

/** A recording Memento. */
export class Memento {
  private values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    return Promise.resolve();
  }
  setKeysForSync(): void {}
}

type Level = "information" | "warning" | "error";
export interface ShownMessage {
  level: Level;
  message: string;
  items: string[];
}
export interface ProgressRecord {
  options: { location: number; title?: string; cancellable?: boolean };
  reports: { message?: string }[];
  cancel(): void;
}

interface ConfigLayers {
  user: Record<string, unknown>;
  workspace: Record<string, unknown>;
  folder: Record<string, unknown>;
}

/** Module-level so that listeners registered by the extension survive {@link MockState.reset}. */
const configEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const trustEmitter = new EventEmitter<void>();

/** The mock's state; tests set it up and read it back. */
class MockState {
  trusted = true;
  folders: { uri: Uri; name: string; index: number }[] = [];
  config: ConfigLayers = { user: {}, workspace: {}, folder: {} };
  /** Every full key read through get() or inspect(). */
  readKeys = new Set<string>();
  commands = new Map<string, (...args: any[]) => unknown>();
  executed: { command: string; args: unknown[] }[] = [];
  messages: ShownMessage[] = [];
  /** Answers a notification; default: dismissed. */
  respond: (m: ShownMessage) => string | undefined = () => undefined;
  progress: ProgressRecord[] = [];
  channels: OutputChannel[] = [];
  extensions = new Map<string, unknown>();
  activeTextEditor: unknown = undefined;
  appliedEdits: unknown[] = [];
  applyEditResult = true;
  /** Every watcher created through workspace.createFileSystemWatcher. */
  watchers: FileSystemWatcher[] = [];

  /** Back to an empty trusted window; drops every event listener. */
  reset(): void {
    Object.assign(this, new MockState());
    configEmitter.dispose();
    trustEmitter.dispose();
  }

  /** Listeners currently subscribed to onDidChangeConfiguration / onDidGrantWorkspaceTrust. */
  get listenerCounts(): { config: number; trust: number } {
    return { config: configEmitter.listenerCount, trust: trustEmitter.listenerCount };
  }

  channel(name: string): OutputChannel {
    const found = this.channels.find((c) => c.name === name);
    if (!found) {
      throw new Error(`No output channel ${name}`);
    }
    return found;
  }

  /** Sets a layer's values and fires onDidChangeConfiguration for the changed keys. */
  changeConfig(layer: keyof ConfigLayers, values: Record<string, unknown>): void {
    this.config[layer] = { ...this.config[layer], ...values };
    const keys = Object.keys(values);
    configEmitter.fire({
      affectsConfiguration: (section: string) => keys.some((k) => k === section || k.startsWith(`${section}.`)),
    });
  }

  grantTrust(): void {
    this.trusted = true;
    trustEmitter.fire();
  }
}

export const mock = new MockState();

function configuration(section: string | undefined) {
  const full = (key: string) => (section ? `${section}.${key}` : key);
  const inspect = (key: string) => {
    const k = full(key);
    mock.readKeys.add(k);
    return {
      key: k,
      defaultValue: contributedDefaults[k],
      globalValue: mock.config.user[k],
      workspaceValue: mock.config.workspace[k],
      workspaceFolderValue: mock.config.folder[k],
    };
  };
  return {
    get(key: string, defaultValue?: unknown) {
      const i = inspect(key);
      return i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue ?? i.defaultValue ?? defaultValue;
    },
    has(key: string) {
      return full(key) in contributedDefaults;
    },
    inspect,
    update() {
      return Promise.resolve();
    },
  };
}

function show(level: Level) {
  return (message: string, ...items: unknown[]) => {
    const shown = { level, message, items: items.filter((i): i is string => typeof i === "string") };
    mock.messages.push(shown);
    return Promise.resolve(mock.respond(shown));
  };
}

export const workspace = {
  get isTrusted() {
    return mock.trusted;
  },
  get workspaceFolders() {
    return mock.folders.length ? mock.folders : undefined;
  },
  getConfiguration: (section?: string) => configuration(section),
  onDidChangeConfiguration: configEmitter.event,
  onDidGrantWorkspaceTrust: trustEmitter.event,
  createFileSystemWatcher(globPattern: string) {
    const watcher = new FileSystemWatcher(globPattern);
    mock.watchers.push(watcher);
    return watcher;
  },
  applyEdit: (edit: unknown) => {
    mock.appliedEdits.push(edit);
    return Promise.resolve(mock.applyEditResult);
  },
};

export const window = {
  createOutputChannel(name: string, options?: unknown) {
    const channel = new OutputChannel(name, options);
    mock.channels.push(channel);
    return channel;
  },
  showInformationMessage: show("information"),
  showWarningMessage: show("warning"),
  showErrorMessage: show("error"),
  withProgress<R>(
    options: ProgressRecord["options"],
    task: (progress: unknown, token: unknown) => Promise<R>,
  ): Promise<R> {
    const cancelListeners: (() => void)[] = [];
    const record: ProgressRecord = {
      options,
      reports: [],
      cancel: () => cancelListeners.forEach((l) => l()),
    };
    mock.progress.push(record);
    const token = {
      isCancellationRequested: false,
      onCancellationRequested: (l: () => void) => {
        cancelListeners.push(l);
        return new Disposable(() => undefined);
      },
    };
    return task({ report: (v: { message?: string }) => record.reports.push(v) }, token);
  },
  get activeTextEditor() {
    return mock.activeTextEditor;
  },
};

export const commands = {
  registerCommand(id: string, callback: (...args: any[]) => unknown) {
    if (mock.commands.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    mock.commands.set(id, callback);
    return new Disposable(() => mock.commands.delete(id));
  },
  executeCommand(command: string, ...args: unknown[]) {
    mock.executed.push({ command, args });
    const registered = mock.commands.get(command);
    return Promise.resolve(registered ? registered(...args) : undefined);
  },
};

export const extensions = {
  getExtension(id: string) {
    return mock.extensions.get(id);
  },
};

/**
 * Classes that vscode-languageclient extends when its module loads (only the bundle test loads
 * the real language client). Bare stand-ins: nothing in the tests constructs them.
 */
export class CallHierarchyItem {}
export class CodeAction {}
export class CodeLens {}
export class CompletionItem {}
export class Diagnostic {}
export class DocumentLink {}
export class InlayHint {}
export class SymbolInformation {}
export class TypeHierarchyItem {}
export class CancellationError extends Error {}
