/**
 * Finding executables on PATH without spawning a shell. No `vscode` import.
 */
import * as fs from "fs";
import * as path from "path";

/** True when `file` is a regular file that the current user may execute. */
export function isExecutableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** True when the value names a path (has a directory part) rather than a bare program name. */
export function hasDirectory(value: string): boolean {
  return value.includes("/") || value.includes("\\");
}

/**
 * Looks `name` up in the PATH of `env`, like `which`. On Windows the PATHEXT extensions are tried.
 * Returns the absolute path of the first match, or undefined.
 */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const pathLib = platform === "win32" ? path.win32 : path.posix;
  const pathValue = env.PATH ?? env.Path ?? "";
  const extensions =
    platform === "win32" ? ["", ...(env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean)] : [""];
  for (const dir of pathValue.split(pathLib.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of extensions) {
      const candidate = pathLib.join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}
