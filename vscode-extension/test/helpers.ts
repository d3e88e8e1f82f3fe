/**
 * Small helpers shared by the tests (no mocks here).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const tempDirs: string[] = [];
process.on("exit", () => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = "blamelint-vscode-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Creates an (empty) executable file and returns its path. */
export function executable(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  return file;
}

/** Waits until `condition()` is truthy (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(condition: () => T, what: string, timeoutMs = 3000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const value = condition();
    if (value) {
      return value as NonNullable<T>;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets pending promise callbacks and timers run. */
export function settle(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
