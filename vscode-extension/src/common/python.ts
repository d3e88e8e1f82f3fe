/**
 * Optional use of the Microsoft Python extension's environments API.
 *
 * The extension is not a dependency: when it is missing, disabled or its API fails, these
 * functions return undefined and the resolver moves on to PATH.
 */
import * as vscode from "vscode";
import { PYTHON_EXTENSION_ID } from "./constants";
import { Logger } from "./logging";

/** The part of the ms-python.python API used here (`@vscode/python-extension` has the full type). */
export interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
  resolveEnvironment(
    environment: { id: string; path: string } | string,
  ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionExports {
  environments?: PythonEnvironmentsApi;
}

/** Activates (if needed) and returns the Python extension's environments API, if available. */
export async function getPythonApi(logger?: Logger): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionExports>(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports?.environments;
  } catch (error) {
    logger?.warn(`The Python extension's API is not available: ${String(error)}`);
    return undefined;
  }
}

/** The Python extension's active interpreter for `resource`, as a command line. */
export async function getPythonExtensionInterpreter(
  resource: vscode.Uri | undefined,
  logger?: Logger,
): Promise<string[] | undefined> {
  const api = await getPythonApi(logger);
  if (!api) {
    return undefined;
  }
  try {
    const active = api.getActiveEnvironmentPath(resource);
    const resolved = await api.resolveEnvironment(active);
    const executable = resolved?.executable.uri?.fsPath;
    return executable ? [executable] : undefined;
  } catch (error) {
    logger?.warn(`Could not resolve the Python extension's interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Calls `listener` when the Python extension's active interpreter changes (no-op without it). */
export async function onDidChangePythonInterpreter(
  listener: () => void,
  logger?: Logger,
): Promise<vscode.Disposable | undefined> {
  const api = await getPythonApi(logger);
  return api?.onDidChangeActiveEnvironmentPath(() => listener());
}
