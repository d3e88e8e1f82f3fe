/**
 * Decides which program runs blamelint. No `vscode` import: every input arrives through
 * {@link ResolverInputs}, so the order and the workspace-trust rules are unit-tested.
 *
 * Order (the first that applies wins):
 * 1. `blamelint.path`: the first entry that exists is run as `<path> lsp`; it overrides the rest.
 * 2. A Python interpreter, chosen from `blamelint.interpreter`, then the Python extension's
 *    active interpreter, then `python3`/`python` on PATH, and used if it can import blamelint.
 * 3. The private environment the extension created earlier, if its blamelint matches the
 *    extension's version.
 * 4. Otherwise blamelint is "missing": the caller may offer to create the private environment.
 *
 * In an untrusted workspace only user-level settings and the private environment run blamelint:
 * the callers pass user-level setting values only, and steps 2b and 2c are skipped because the
 * Python extension's interpreter is often a virtual environment inside the workspace.
 */
import { BlamelintCommand, executableCommand, LaunchSource, pythonCommand } from "./launch";
import { hasDirectory } from "./which";

/** The values `WorkspaceConfiguration.inspect()` returns (only the ones used here). */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value of a setting that the extension may act on. In a trusted workspace that is the usual
 * effective value; in an untrusted one workspace and folder values are ignored.
 */
export function effectiveValue<T>(inspected: InspectedValue<T> | undefined, trusted: boolean): T | undefined {
  if (!inspected) {
    return undefined;
  }
  if (trusted) {
    return (
      inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue
    );
  }
  return inspected.globalValue ?? inspected.defaultValue;
}

/** Variables substituted in path-like settings. */
export interface Variables {
  workspaceFolder?: string;
  userHome: string;
}

/**
 * Substitutes `${workspaceFolder}`, `${userHome}` and a leading `~` in each element. An element
 * that mentions `${workspaceFolder}` when no folder is open is left as it is (and will not exist).
 */
export function substituteVariables(values: readonly string[], vars: Variables): string[] {
  return values.map((value) => {
    let out = value;
    if (vars.workspaceFolder !== undefined) {
      out = out.split("${workspaceFolder}").join(vars.workspaceFolder);
    }
    out = out.split("${userHome}").join(vars.userHome);
    if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
      out = vars.userHome + out.slice(1);
    }
    return out;
  });
}

/** Cleans a string-array setting: drops non-strings and blank entries, trims the rest. */
export function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
}

/** The private environment as remembered in globalState. */
export interface StoredEnvironment {
  /** The environment's interpreter. */
  python: string;
  /** The blamelint version installed there. */
  version: string;
}

/** Everything the resolver needs; the extension fills it from VS Code, tests from fakes. */
export interface ResolverInputs {
  trusted: boolean;
  /** `blamelint.path`, already trust-filtered and substituted. */
  pathSetting: readonly string[];
  /** `blamelint.interpreter`, already trust-filtered and substituted. */
  interpreterSetting: readonly string[];
  /** The Python extension's active interpreter, if that extension is installed. */
  pythonExtensionInterpreter(): Promise<string[] | undefined>;
  /** `which`. */
  findOnPath(name: string): string | undefined;
  /** Whether a path names an executable file. */
  isExecutable(file: string): boolean;
  /** Runs the probe; resolves to blamelint's version, or undefined when it cannot be imported. */
  probe(interpreter: readonly string[]): Promise<string | undefined>;
  /** The remembered private environment, if any. */
  storedEnvironment(): StoredEnvironment | undefined;
  /** The extension's version, which is the blamelint version it installs. */
  extensionVersion: string;
}

/** The interpreter the resolver chose in step 2, before probing it. */
export interface InterpreterChoice {
  source: LaunchSource;
  interpreter: string[];
}

/** Outcome of {@link resolveBlamelint}. */
export type Resolution =
  | { kind: "ready"; command: BlamelintCommand; version?: string }
  | {
      kind: "missing";
      /** The interpreter that was checked and lacks blamelint, if one was found. */
      checked?: InterpreterChoice;
      /** Interpreter to create the private environment with, if any was found. */
      baseInterpreter?: string[];
      /** The private environment exists but has another (or no) blamelint version. */
      privateEnvironmentVersion?: string;
      /** The private environment exists. */
      privateEnvironmentExists: boolean;
    }
  | { kind: "error"; message: string };

/** Finds `python3`, then `python`, on PATH. */
export function pythonOnPath(inputs: Pick<ResolverInputs, "findOnPath">): string[] | undefined {
  for (const name of ["python3", "python"]) {
    const found = inputs.findOnPath(name);
    if (found) {
      return [found];
    }
  }
  return undefined;
}

/** Step 2: the interpreter to check, in order setting → Python extension → PATH. */
export async function chooseInterpreter(inputs: ResolverInputs): Promise<InterpreterChoice | undefined> {
  if (inputs.interpreterSetting.length > 0) {
    return { source: "interpreter", interpreter: [...inputs.interpreterSetting] };
  }
  if (!inputs.trusted) {
    return undefined;
  }
  const fromExtension = await inputs.pythonExtensionInterpreter();
  if (fromExtension && fromExtension.length > 0) {
    return { source: "pythonExtension", interpreter: fromExtension };
  }
  const fromPath = pythonOnPath(inputs);
  return fromPath ? { source: "pathLookup", interpreter: fromPath } : undefined;
}

/** Step 1: the first usable entry of `blamelint.path`. */
export function chooseExecutable(inputs: ResolverInputs): string | undefined {
  for (const entry of inputs.pathSetting) {
    if (hasDirectory(entry)) {
      if (inputs.isExecutable(entry)) {
        return entry;
      }
    } else {
      const found = inputs.findOnPath(entry);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** Works out how to run blamelint (see the module comment for the order). */
export async function resolveBlamelint(inputs: ResolverInputs): Promise<Resolution> {
  if (inputs.pathSetting.length > 0) {
    const executable = chooseExecutable(inputs);
    if (executable) {
      return { kind: "ready", command: executableCommand(executable) };
    }
    return {
      kind: "error",
      message: `None of the executables in blamelint.path exists: ${inputs.pathSetting.join(", ")}`,
    };
  }

  const checked = await chooseInterpreter(inputs);
  if (checked) {
    const version = await inputs.probe(checked.interpreter);
    if (version !== undefined) {
      return { kind: "ready", command: pythonCommand(checked.interpreter, checked.source), version };
    }
  }

  const stored = inputs.storedEnvironment();
  let privateEnvironmentVersion: string | undefined;
  if (stored) {
    privateEnvironmentVersion = await inputs.probe([stored.python]);
    if (privateEnvironmentVersion === inputs.extensionVersion) {
      return {
        kind: "ready",
        command: pythonCommand([stored.python], "privateEnvironment"),
        version: privateEnvironmentVersion,
      };
    }
  }

  return {
    kind: "missing",
    checked,
    baseInterpreter: checked?.interpreter ?? pythonOnPath(inputs),
    privateEnvironmentVersion,
    privateEnvironmentExists: stored !== undefined,
  };
}
