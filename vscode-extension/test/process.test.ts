import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runProcess } from "../src/common/process";
import { tempDir } from "./helpers";

const node = process.execPath;

describe("runProcess (real child processes)", () => {
  it("collects stdout, stderr and the exit code without a shell", async () => {
    const r = await runProcess(node, ["-e", "process.stdout.write(process.argv[1]); console.error('e'); process.exit(3)", "$HOME; echo hi"]);
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, "$HOME; echo hi", "arguments are not interpreted by a shell");
    assert.equal(r.stderr.trim(), "e");
    assert.equal(r.error, undefined);
  });

  it("runs in the given working directory", async () => {
    const dir = tempDir();
    const r = await runProcess(node, ["-e", "process.stdout.write(process.cwd())"], { cwd: dir });
    assert.equal(r.stdout, dir);
  });

  it("streams output line by line", async () => {
    const lines: string[] = [];
    await runProcess(node, ["-e", "console.log('a\\nb'); process.stdout.write('c')"], {
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    assert.deepEqual(lines, ["stdout:a", "stdout:b", "stdout:c"]);
  });

  it("reports a missing program instead of throwing", async () => {
    const r = await runProcess("/nonexistent/blamelint-xyz", ["lsp"]);
    assert.equal(r.exitCode, null);
    assert.match(r.error?.message ?? "", /ENOENT/);
  });

  it("kills a process that times out", async () => {
    const r = await runProcess(node, ["-e", "setTimeout(() => {}, 10000)"], { timeoutMs: 200 });
    assert.equal(r.exitCode, null);
    assert.match(r.error?.message ?? "", /Timed out/);
  });

  it("kills a process when aborted", async () => {
    const abort = new AbortController();
    const pending = runProcess(node, ["-e", "setTimeout(() => {}, 10000)"], { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    const r = await pending;
    assert.equal(r.exitCode, null);
    assert.match(r.error?.name ?? "", /AbortError/);
  });
});
