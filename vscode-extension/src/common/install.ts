/**
 * Creating the private virtual environment and installing the matching blamelint into it.
 * No `vscode` import: the process runner and the logger are passed in.
 */
import * as fs from "fs";
import * as path from "path";
import { MIN_PYTHON, PRIVATE_ENV_DIR } from "./constants";
import {
  formatCommandLine,
  isPythonAtLeast,
  pipInstallArgs,
  probeArgs,
  pythonVersionArgs,
  venvCreateArgs,
  venvPython,
} from "./launch";
import { Logger } from "./logging";
import { ProcessRunner, RunResult } from "./process";
import { StoredEnvironment } from "./resolve";

/** What {@link installPrivateEnvironment} needs. */
export interface InstallOptions {
  run: ProcessRunner;
  logger: Logger;
  /** The extension's global storage folder; the environment goes in its `venv` sub-folder. */
  storageDir: string;
  /** blamelint version to install (the extension's version). */
  version: string;
  /** Interpreter that creates the environment. */
  baseInterpreter: readonly string[];
  /** Keep the existing environment and only (re)install blamelint into it. */
  reuse: boolean;
  /** Working directory for the processes (a folder outside any untrusted workspace). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  platform?: NodeJS.Platform;
  /** Progress messages for the notification. */
  report?: (message: string) => void;
}

/** Result of an installation attempt. */
export type InstallResult =
  | { ok: true; environment: StoredEnvironment }
  | { ok: false; message: string; cancelled: boolean };

/** Folder of the private environment inside the global storage folder. */
export function privateEnvironmentDir(storageDir: string): string {
  return path.join(storageDir, PRIVATE_ENV_DIR);
}

/**
 * Creates (unless `reuse`) the private environment and runs `pip install blamelint==<version>`
 * in it, then checks that the environment imports that exact version.
 */
export async function installPrivateEnvironment(options: InstallOptions): Promise<InstallResult> {
  const { run, logger, version } = options;
  const dir = privateEnvironmentDir(options.storageDir);
  const python = venvPython(dir, options.platform);
  const base = options.baseInterpreter;

  const step = async (label: string, command: string, args: string[]): Promise<RunResult | InstallResult> => {
    options.report?.(label);
    logger.info(`${label}: ${formatCommandLine(command, args)}`);
    const result = await run(command, args, {
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      onLine: (line) => logger.info(line),
    });
    if (options.signal?.aborted) {
      return { ok: false, message: "Installation cancelled.", cancelled: true };
    }
    if (result.exitCode !== 0) {
      const reason = result.error ? result.error.message : `exit code ${String(result.exitCode)}`;
      return { ok: false, message: `${label} failed (${reason}).`, cancelled: false };
    }
    return result;
  };
  const failed = (r: RunResult | InstallResult): r is InstallResult => "ok" in r;

  if (!options.reuse) {
    const pyVersion = await step("Checking Python version", base[0], pythonVersionArgs(base));
    if (failed(pyVersion)) {
      return pyVersion;
    }
    if (!isPythonAtLeast(pyVersion.stdout, MIN_PYTHON)) {
      return {
        ok: false,
        message:
          `blamelint needs Python ${MIN_PYTHON.join(".")} or newer, but ${base[0]} is ` +
          `${pyVersion.stdout.trim() || "unknown"}. Set blamelint.interpreter to a newer Python.`,
        cancelled: false,
      };
    }
    await fs.promises.mkdir(options.storageDir, { recursive: true });
    const created = await step("Creating the environment", base[0], venvCreateArgs(base, dir));
    if (failed(created)) {
      return created;
    }
  }

  const installed = await step(`Installing blamelint ${version}`, python, pipInstallArgs(version));
  if (failed(installed)) {
    return installed;
  }

  const probe = await step("Checking the installation", python, probeArgs([python]));
  if (failed(probe)) {
    return probe;
  }
  const found = probe.stdout.trim();
  if (found !== version) {
    return {
      ok: false,
      message: `The environment has blamelint ${found || "(no version)"}, expected ${version}.`,
      cancelled: false,
    };
  }
  return { ok: true, environment: { python, version } };
}
