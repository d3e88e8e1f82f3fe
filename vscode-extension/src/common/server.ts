/**
 * The language client and the server's lifecycle: resolve how to run blamelint, start it,
 * restart it (serialised, at most one restart queued), stop it.
 */
import * as fs from "fs";
import * as vscode from "vscode";
import { Executable, LanguageClient, LanguageClientOptions, RevealOutputChannelOn } from "vscode-languageclient/node";
import { CONFIG_FILES_GLOB, DISPLAY_NAME, EXTENSION_ID, PRIVATE_ENV_STATE_KEY } from "./constants";
import { offerPrivateEnvironment } from "./environment";
import { BlamelintCommand, formatCommandLine, probeArgs, processCwd, serverArgs } from "./launch";
import { Logger } from "./logging";
import { ProcessRunner } from "./process";
import { getPythonExtensionInterpreter } from "./python";
import { Resolution, resolveBlamelint, StoredEnvironment } from "./resolve";
import { getLaunchSettings, getProjectRoot, getServerSettings, isEnabled } from "./settings";
import { findOnPath, isExecutableFile } from "./which";

/** Markdown in files on disk and in unsaved editors. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "markdown" },
  { scheme: "untitled", language: "markdown" },
];

/** How long a probe may take (a `conda run` interpreter can be slow to start). */
const PROBE_TIMEOUT_MS = 30_000;

/** Everything needed to spawn the server. */
export interface ServerLaunch {
  command: BlamelintCommand;
  cwd: string;
}

/** The executable (stdio transport) the language client spawns. */
export function serverExecutable(launch: ServerLaunch): Executable {
  return {
    command: launch.command.command,
    args: serverArgs(launch.command),
    options: { cwd: launch.cwd, env: { ...process.env } },
  };
}

/**
 * Client options. Settings reach the server three ways, always as the same object
 * ({@link getServerSettings}): `initializationOptions.blamelint`, answers to
 * `workspace/configuration` for section `blamelint`, and `workspace/didChangeConfiguration`.
 */
export function clientOptions(
  outputChannel: vscode.OutputChannel,
  trusted: boolean,
  sendNotification: (method: string, params: unknown) => Promise<void>,
  configFiles?: vscode.FileSystemWatcher,
): LanguageClientOptions {
  return {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // `fileEvents`: changes to configuration files reach the server as workspace/didChangeWatchedFiles.
    synchronize: configFiles
      ? { configurationSection: EXTENSION_ID, fileEvents: configFiles }
      : { configurationSection: EXTENSION_ID },
    // The server reads the `blamelint` key like a pushed settings object.
    initializationOptions: {
      [EXTENSION_ID]: getServerSettings(getProjectRoot()?.uri),
      workspaceTrusted: trusted,
    },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) =>
            item.section === EXTENSION_ID
              ? getServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : getProjectRoot()?.uri)
              : answers[i],
          );
        },
        didChangeConfiguration: async () => {
          await sendNotification("workspace/didChangeConfiguration", {
            settings: { [EXTENSION_ID]: getServerSettings(getProjectRoot()?.uri) },
          });
        },
      },
    },
  };
}

/** What the server manager needs from the extension. */
export interface ServerManagerOptions {
  context: vscode.ExtensionContext;
  outputChannel: vscode.LogOutputChannel;
  run: ProcessRunner;
}

/** Owns the language client: resolving, starting, restarting and stopping the server. */
export class ServerManager implements vscode.Disposable {
  /** The running (or starting) client, if any. */
  client: LanguageClient | undefined;
  /** How blamelint is run right now (also used by `blamelint.explain`). */
  command: BlamelintCommand | undefined;

  private readonly logger: Logger;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private offerOpen = false;
  private offerDeclined = false;
  /** One watcher for the extension's lifetime, shared by every client a restart creates. */
  private configFiles: vscode.FileSystemWatcher | undefined;

  constructor(private readonly options: ServerManagerOptions) {
    this.logger = options.outputChannel;
  }

  /** The blamelint version this extension matches (and installs). */
  get version(): string {
    return String(this.options.context.extension.packageJSON.version);
  }

  /** A folder the extension owns, used as working directory outside trusted workspaces. */
  get storageDir(): string {
    const dir = this.options.context.globalStorageUri.fsPath;
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Working directory for blamelint processes (see {@link processCwd}). */
  cwd(): string {
    return processCwd(vscode.workspace.isTrusted, getProjectRoot()?.uri.fsPath, this.storageDir);
  }

  /** The remembered private environment. */
  storedEnvironment(): StoredEnvironment | undefined {
    const stored = this.options.context.globalState.get<StoredEnvironment>(PRIVATE_ENV_STATE_KEY);
    return stored && typeof stored.python === "string" && typeof stored.version === "string" ? stored : undefined;
  }

  /** Runs the probe; resolves to blamelint's version when the interpreter can import it. */
  async probe(interpreter: readonly string[]): Promise<string | undefined> {
    const result = await this.options.run(interpreter[0], probeArgs(interpreter), {
      cwd: this.cwd(),
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    const version = result.stdout.trim();
    const found = result.exitCode === 0 && version !== "";
    this.logger.info(
      `Probe ${formatCommandLine(interpreter[0], interpreter.slice(1))}: ` +
        (found ? `blamelint ${version}` : `no blamelint (${result.error?.message ?? `exit code ${result.exitCode}`})`),
    );
    return found ? version : undefined;
  }

  /** Works out how to run blamelint with the current settings and trust. */
  async resolve(): Promise<Resolution> {
    const trusted = vscode.workspace.isTrusted;
    const settings = getLaunchSettings(trusted);
    return resolveBlamelint({
      trusted,
      pathSetting: settings.path,
      interpreterSetting: settings.interpreter,
      pythonExtensionInterpreter: () => getPythonExtensionInterpreter(getProjectRoot()?.uri, this.logger),
      findOnPath: (name) => findOnPath(name),
      isExecutable: (file) => isExecutableFile(file),
      probe: (interpreter) => this.probe(interpreter),
      storedEnvironment: () => this.storedEnvironment(),
      extensionVersion: this.version,
    });
  }

  /**
   * Restarts the server. Calls made while a restart runs share one queued restart, which runs
   * afterwards with the settings of that moment. `userRequested` re-allows the install offer
   * after the user dismissed it.
   */
  restart(userRequested = false): Promise<void> {
    if (userRequested) {
      this.offerDeclined = false;
    }
    if (this.queued) {
      return this.queued;
    }
    if (this.inFlight) {
      this.queued = this.inFlight.then(() => {
        this.queued = undefined;
        return this.startNow();
      });
      return this.queued;
    }
    return this.startNow();
  }

  private startNow(): Promise<void> {
    const run: Promise<void> = this.doRestart()
      .catch((error: unknown) => this.logger.error(`Restart failed: ${String(error)}`))
      .finally(() => {
        if (this.inFlight === run) {
          this.inFlight = undefined;
        }
      });
    this.inFlight = run;
    return run;
  }

  private async doRestart(): Promise<void> {
    await this.stop();
    if (!isEnabled()) {
      this.logger.info("blamelint.enable is false: the server is not started.");
      return;
    }
    const resolution = await this.resolve();
    switch (resolution.kind) {
      case "ready":
        await this.start(resolution.command);
        return;
      case "error":
        this.logger.error(resolution.message);
        void this.showError(resolution.message);
        return;
      case "missing":
        this.logger.warn(
          resolution.checked
            ? `${resolution.checked.interpreter.join(" ")} (${resolution.checked.source}) cannot import blamelint.`
            : "No interpreter that may run blamelint was found.",
        );
        this.offer(resolution);
        return;
    }
  }

  /** Shows the install offer (at most one at a time, not again after "Not Now"). */
  private offer(resolution: Extract<Resolution, { kind: "missing" }>): void {
    if (this.offerOpen || this.offerDeclined) {
      return;
    }
    this.offerOpen = true;
    void offerPrivateEnvironment(resolution, {
      context: this.options.context,
      outputChannel: this.options.outputChannel,
      run: this.options.run,
      version: this.version,
      storageDir: this.storageDir,
      cwd: this.storageDir,
    })
      .then(async (outcome) => {
        this.offerOpen = false;
        if (outcome === "installed") {
          await this.restart();
        } else if (outcome === "declined" || outcome === "failed") {
          // Not again until the user runs "blamelint: Restart Server".
          this.offerDeclined = true;
        }
      })
      .catch((error: unknown) => {
        this.offerOpen = false;
        this.logger.error(`Installing blamelint failed: ${String(error)}`);
      });
  }

  private async start(command: BlamelintCommand): Promise<void> {
    const trusted = vscode.workspace.isTrusted;
    const launch: ServerLaunch = { command, cwd: this.cwd() };
    const executable = serverExecutable(launch);
    this.logger.info(
      `Starting server (${command.source}): ${formatCommandLine(executable.command, executable.args ?? [])} in ${launch.cwd}`,
    );
    const client: LanguageClient = new LanguageClient(
      EXTENSION_ID,
      DISPLAY_NAME,
      executable,
      clientOptions(
        this.options.outputChannel,
        trusted,
        (method, params) => client.sendNotification(method, params),
        (this.configFiles ??= vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB)),
      ),
    );
    this.client = client;
    this.command = command;
    try {
      await client.start();
    } catch (error) {
      this.logger.error(`The server did not start: ${String(error)}`);
      void this.showError(`The blamelint server did not start: ${String(error)}`);
    }
  }

  /** Stops the server (if any). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.command = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (error) {
        this.logger.warn(`Stopping the server failed: ${String(error)}`);
      }
    }
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, "Show Logs");
    if (choice === "Show Logs") {
      this.options.outputChannel.show();
    }
  }

  dispose(): void {
    void this.stop();
    this.configFiles?.dispose();
    this.configFiles = undefined;
  }
}
