/**
 * The offer to create blamelint's private environment: one notification, then a cancellable
 * progress notification while the environment is created and blamelint is installed.
 */
import * as vscode from "vscode";
import { MIN_PYTHON, PRIVATE_ENV_STATE_KEY } from "./constants";
import { installPrivateEnvironment } from "./install";
import { formatCommandLine } from "./launch";
import { ProcessRunner } from "./process";
import { Resolution } from "./resolve";

/** Buttons of the offer. */
export const OfferChoices = {
  install: "Install blamelint",
  update: "Update blamelint",
  settings: "Choose Interpreter",
  later: "Not Now",
} as const;

/** What the offer needs from the extension. */
export interface OfferOptions {
  context: vscode.ExtensionContext;
  outputChannel: vscode.LogOutputChannel;
  run: ProcessRunner;
  version: string;
  storageDir: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** How the offer ended. */
export type OfferOutcome = "installed" | "declined" | "failed" | "settings";

/** The offer's text for a resolution that found no usable blamelint. */
export function offerMessage(resolution: Extract<Resolution, { kind: "missing" }>, version: string): string {
  if (resolution.privateEnvironmentExists && resolution.privateEnvironmentVersion !== undefined) {
    return (
      `blamelint's private environment has blamelint ${resolution.privateEnvironmentVersion}, ` +
      `but this extension needs ${version}. Update it (installs from PyPI)?`
    );
  }
  const where = resolution.checked
    ? `The Python interpreter ${formatCommandLine(resolution.checked.interpreter[0], resolution.checked.interpreter.slice(1))} does not have blamelint.`
    : vscode.workspace.isTrusted
      ? "No Python interpreter with blamelint was found."
      : "In Restricted Mode blamelint only runs an interpreter from your user settings or its own environment.";
  return `${where} Create a private environment with blamelint ${version} (installs from PyPI)?`;
}

/**
 * Shows the offer and, if accepted, installs. Resolves to "installed" after the environment was
 * created and remembered in globalState.
 */
export async function offerPrivateEnvironment(
  resolution: Extract<Resolution, { kind: "missing" }>,
  options: OfferOptions,
): Promise<OfferOutcome> {
  const reuse = resolution.privateEnvironmentVersion !== undefined;
  const base = resolution.baseInterpreter;
  if (!reuse && !base) {
    await vscode.window.showErrorMessage(
      `blamelint needs Python ${MIN_PYTHON.join(".")} or newer, and none was found on PATH. ` +
        "Install Python, or set blamelint.interpreter in your user settings.",
    );
    return "failed";
  }

  const installLabel = reuse ? OfferChoices.update : OfferChoices.install;
  const choice = await vscode.window.showWarningMessage(
    offerMessage(resolution, options.version),
    installLabel,
    OfferChoices.settings,
    OfferChoices.later,
  );
  if (choice === OfferChoices.settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "blamelint.interpreter");
    return "settings";
  }
  if (choice !== installLabel) {
    return "declined";
  }

  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `blamelint: installing blamelint ${options.version}`,
      cancellable: true,
    },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return installPrivateEnvironment({
        run: options.run,
        logger: options.outputChannel,
        storageDir: options.storageDir,
        version: options.version,
        baseInterpreter: base ?? [],
        reuse,
        cwd: options.cwd,
        env: options.env,
        signal: abort.signal,
        report: (message) => progress.report({ message }),
      });
    },
  );

  if (result.ok) {
    await options.context.globalState.update(PRIVATE_ENV_STATE_KEY, result.environment);
    options.outputChannel.info(`Private environment ready: ${result.environment.python}`);
    void vscode.window.showInformationMessage(`blamelint ${options.version} is installed in a private environment.`);
    return "installed";
  }
  options.outputChannel.error(result.message);
  if (result.cancelled) {
    return "declined";
  }
  const next = await vscode.window.showErrorMessage(`blamelint: ${result.message}`, "Show Logs");
  if (next === "Show Logs") {
    options.outputChannel.show();
  }
  return "failed";
}
