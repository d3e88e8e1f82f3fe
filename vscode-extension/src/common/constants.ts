/**
 * Identifiers shared by the extension, its manifest and its tests.
 *
 * Nothing here imports `vscode`, so plain Node tests can use these values.
 */

/** Settings section, language client id and the Python module name. */
export const EXTENSION_ID = "blamelint";

/** Human-readable name shown in output channels and notifications. */
export const DISPLAY_NAME = "blamelint";

/** Commands contributed in package.json. */
export const Commands = {
  restart: "blamelint.restart",
  showLogs: "blamelint.showLogs",
  fixAll: "blamelint.fixAll",
  explain: "blamelint.explain",
} as const;

/** Code action kind the server returns for "fix all safe problems". */
export const FIX_ALL_KIND = "source.fixAll.blamelint";

/**
 * blamelint's configuration files (the server finds them upward from each document). The client
 * reports changes to them with `workspace/didChangeWatchedFiles`, so an edit made outside the
 * editor (a `git pull`, another tool) re-lints open documents with the new configuration.
 */
export const CONFIG_FILES_GLOB = "**/{.blamelint.yaml,.blamelint.yml,pyproject.toml}";

/** Settings (relative to the `blamelint` section) whose change needs a new server process. */
export const RESTART_SETTINGS = ["interpreter", "path", "enable"] as const;

/** globalState key under which the private environment is remembered. */
export const PRIVATE_ENV_STATE_KEY = "blamelint.privateEnvironment";

/** Folder (inside the extension's global storage) that holds the private virtual environment. */
export const PRIVATE_ENV_DIR = "venv";

/** Oldest Python that blamelint supports (pyproject `requires-python`). */
export const MIN_PYTHON: readonly [number, number] = [3, 11];

/** Script that prints blamelint's version; exit code 0 means the interpreter has blamelint. */
export const PROBE_SCRIPT = "import blamelint, sys; sys.stdout.write(blamelint.__version__)";

/** Script that prints `major.minor` of an interpreter. */
export const PYTHON_VERSION_SCRIPT = "import sys; sys.stdout.write('%d.%d' % sys.version_info[:2])";

/** Extension id of the Microsoft Python extension (optional; never a hard dependency). */
export const PYTHON_EXTENSION_ID = "ms-python.python";
