/**
 * Reading the `blamelint` settings from VS Code.
 */
import * as os from "os";
import * as vscode from "vscode";
import { EXTENSION_ID, RESTART_SETTINGS } from "./constants";
import { buildServerSettings, ServerSettings } from "./payload";
import { effectiveValue, stringArray, substituteVariables } from "./resolve";

/** The workspace folder whose settings apply to the (single, window-wide) server. */
export function getProjectRoot(): vscode.WorkspaceFolder | undefined {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0] : undefined;
}

/** The `blamelint` configuration for a resource (or the window). */
export function getConfiguration(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(EXTENSION_ID, scope);
}

/** The payload for the server: `enable`, `run`, `select`, `ignore`, `severity`. */
export function getServerSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const config = getConfiguration(scope);
  return buildServerSettings((key) => config.get(key));
}

/** Whether the server should run at all. */
export function isEnabled(): boolean {
  return getConfiguration(getProjectRoot()?.uri).get<boolean>("enable", true) !== false;
}

/** Settings that decide which program runs, trust-filtered and with variables substituted. */
export interface LaunchSettings {
  path: string[];
  interpreter: string[];
}

/**
 * Reads `blamelint.path` and `blamelint.interpreter`. In an untrusted workspace only the user
 * (global) values are used: workspace and folder values are ignored via `inspect()`, whatever
 * `get()` would return.
 */
export function getLaunchSettings(trusted: boolean): LaunchSettings {
  const folder = getProjectRoot();
  const config = getConfiguration(folder?.uri);
  const vars = { workspaceFolder: folder?.uri.fsPath, userHome: os.homedir() };
  const read = (key: "path" | "interpreter") =>
    substituteVariables(stringArray(effectiveValue(config.inspect<string[]>(key), trusted)), vars);
  return { path: read("path"), interpreter: read("interpreter") };
}

/** True when a configuration change needs a new server process. */
export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return RESTART_SETTINGS.some((key) => event.affectsConfiguration(`${EXTENSION_ID}.${key}`));
}
