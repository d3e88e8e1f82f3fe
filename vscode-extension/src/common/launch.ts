/**
 * Command lines for everything the extension runs: the language server, `blamelint explain`,
 * the installation probe and the private-environment installer.
 *
 * Pure functions with no `vscode` import, so every command line is unit-tested in plain Node.
 */
import * as path from "path";
import { PROBE_SCRIPT, PYTHON_VERSION_SCRIPT } from "./constants";

/** Where the program that runs blamelint came from, in the order the resolver tries them. */
export type LaunchSource =
  | "path" // the blamelint.path setting: a blamelint executable
  | "interpreter" // the blamelint.interpreter setting
  | "pythonExtension" // the active interpreter of ms-python.python
  | "pathLookup" // python3 or python found on PATH
  | "privateEnvironment"; // the virtual environment the extension created

/**
 * A way to run blamelint: `command` followed by `prefix`, then a blamelint sub-command
 * (`lsp`, `explain ...`). For an executable the prefix is empty; for an interpreter it is
 * `[...interpreterArgs, "-m", "blamelint"]`.
 */
export interface BlamelintCommand {
  readonly source: LaunchSource;
  readonly command: string;
  readonly prefix: readonly string[];
}

/** Builds the command for a `blamelint` executable (`<path> lsp`). */
export function executableCommand(executable: string): BlamelintCommand {
  return { source: "path", command: executable, prefix: [] };
}

/**
 * Builds the command for a Python interpreter given as a command line
 * (`["/usr/bin/python3"]` or `["conda", "run", "-n", "pm", "python"]`).
 */
export function pythonCommand(interpreter: readonly string[], source: LaunchSource): BlamelintCommand {
  if (interpreter.length === 0 || interpreter[0] === "") {
    throw new Error("An interpreter command line needs at least one element.");
  }
  return { source, command: interpreter[0], prefix: [...interpreter.slice(1), "-m", "blamelint"] };
}

/** Arguments that start the language server on stdio. */
export function serverArgs(cmd: BlamelintCommand): string[] {
  return [...cmd.prefix, "lsp"];
}

/**
 * Arguments for `blamelint explain "<sentence>"`. The sentence is one argv element (no shell is
 * involved, so no quoting is needed); a sentence that starts with "-" goes after `--` so the
 * CLI does not read it as an option.
 */
export function explainArgs(cmd: BlamelintCommand, sentence: string): string[] {
  const guard = sentence.startsWith("-") ? ["--"] : [];
  return [...cmd.prefix, "explain", ...guard, sentence];
}

/** Arguments that ask an interpreter for its blamelint version (exit code 0 means installed). */
export function probeArgs(interpreter: readonly string[]): string[] {
  return [...interpreter.slice(1), "-c", PROBE_SCRIPT];
}

/** Arguments that ask an interpreter for its `major.minor` version. */
export function pythonVersionArgs(interpreter: readonly string[]): string[] {
  return [...interpreter.slice(1), "-c", PYTHON_VERSION_SCRIPT];
}

/**
 * Arguments that create a virtual environment in `dir` with the given base interpreter.
 * `--clear` replaces whatever a failed earlier attempt left in that folder (which the extension owns).
 */
export function venvCreateArgs(baseInterpreter: readonly string[], dir: string): string[] {
  return [...baseInterpreter.slice(1), "-m", "venv", "--clear", dir];
}

/** The pip requirement that matches the extension: always an exact pin. */
export function requirement(version: string): string {
  if (!/^\d+(\.\d+)*([abc]|rc)?\d*(\.post\d+)?(\.dev\d+)?$/.test(version)) {
    throw new Error(`Not a release version: ${JSON.stringify(version)}`);
  }
  return `blamelint==${version}`;
}

/** Arguments (for the environment's own python) that install the matching blamelint release. */
export function pipInstallArgs(version: string): string[] {
  return ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", requirement(version)];
}

/** The interpreter inside a virtual environment, for the given platform. */
export function venvPython(dir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === "win32"
    ? path.win32.join(dir, "Scripts", "python.exe")
    : path.posix.join(dir, "bin", "python");
}

/**
 * Working directory for processes that run blamelint.
 *
 * `python -m` and `python -c` put the working directory first on `sys.path`, so a folder named
 * `blamelint` in an untrusted workspace would be imported instead of the real package. In an
 * untrusted workspace (or with no folder open) processes therefore run in `safeDir`, a folder
 * the extension owns.
 */
export function processCwd(trusted: boolean, workspaceFolder: string | undefined, safeDir: string): string {
  return trusted && workspaceFolder ? workspaceFolder : safeDir;
}

/** Parses `major.minor` and compares it with a minimum; unparsable output counts as too old. */
export function isPythonAtLeast(output: string, minimum: readonly [number, number]): boolean {
  const match = /^(\d+)\.(\d+)/.exec(output.trim());
  if (!match) {
    return false;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** Formats a command line for logs (quotes elements with spaces). */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/[\s"']/.test(a) || a === "" ? JSON.stringify(a) : a)).join(" ");
}
