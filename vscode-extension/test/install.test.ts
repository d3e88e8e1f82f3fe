import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { PROBE_SCRIPT, PYTHON_VERSION_SCRIPT } from "../src/common/constants";
import { installPrivateEnvironment, InstallOptions, privateEnvironmentDir } from "../src/common/install";
import { RunResult } from "../src/common/process";
import { tempDir } from "./helpers";

interface Call {
  command: string;
  args: readonly string[];
  cwd?: string;
}

/** A runner that answers by the kind of call and records every call. */
function fakeRunner(answers: { pythonVersion?: string; venv?: number; pip?: number; probe?: string }) {
  const calls: Call[] = [];
  const ok = (stdout = ""): RunResult => ({ exitCode: 0, stdout, stderr: "" });
  const fail = (code: number): RunResult => ({ exitCode: code, stdout: "", stderr: "boom" });
  const run = async (command: string, args: readonly string[], options?: { cwd?: string; onLine?: (l: string, s: "stdout" | "stderr") => void }) => {
    calls.push({ command, args, cwd: options?.cwd });
    if (args.includes(PYTHON_VERSION_SCRIPT)) {
      return ok(answers.pythonVersion ?? "3.11");
    }
    if (args.includes("venv")) {
      return answers.venv ? fail(answers.venv) : ok();
    }
    if (args.includes("pip")) {
      options?.onLine?.("Successfully installed blamelint-0.1.0", "stdout");
      return answers.pip ? fail(answers.pip) : ok();
    }
    if (args.includes(PROBE_SCRIPT)) {
      return answers.probe === undefined ? fail(1) : ok(answers.probe);
    }
    throw new Error(`unexpected call ${command} ${args.join(" ")}`);
  };
  return { run, calls };
}

function options(run: InstallOptions["run"], extra: Partial<InstallOptions> = {}): InstallOptions {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  return {
    run,
    logger: { debug: log, info: log, warn: log, error: log },
    storageDir: tempDir(),
    version: "0.1.0",
    baseInterpreter: ["/usr/bin/python3"],
    reuse: false,
    cwd: "/safe",
    platform: "linux",
    ...extra,
  };
}

describe("installPrivateEnvironment", () => {
  it("checks the Python version, creates the venv, pip-installs the exact version and verifies it", async () => {
    const { run, calls } = fakeRunner({ probe: "0.1.0" });
    const reports: string[] = [];
    const opts = options(run, { report: (m) => reports.push(m) });
    const result = await installPrivateEnvironment(opts);
    const dir = privateEnvironmentDir(opts.storageDir);
    const python = path.posix.join(dir, "bin", "python");
    assert.deepEqual(result, { ok: true, environment: { python, version: "0.1.0" } });
    assert.deepEqual(
      calls.map((c) => [c.command, ...c.args]),
      [
        ["/usr/bin/python3", "-c", PYTHON_VERSION_SCRIPT],
        ["/usr/bin/python3", "-m", "venv", "--clear", dir],
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "blamelint==0.1.0"],
        [python, "-c", PROBE_SCRIPT],
      ],
    );
    assert.ok(calls.every((c) => c.cwd === "/safe"));
    assert.equal(reports.length, 4);
    assert.match(reports[2], /Installing blamelint 0\.1\.0/);
  });

  it("only reinstalls blamelint when reusing an environment", async () => {
    const { run, calls } = fakeRunner({ probe: "0.1.0" });
    const result = await installPrivateEnvironment(options(run, { reuse: true, baseInterpreter: [] }));
    assert.equal(result.ok, true);
    assert.deepEqual(
      calls.map((c) => c.args[1]),
      ["pip", PROBE_SCRIPT],
    );
  });

  it("refuses a Python older than 3.11 before creating anything", async () => {
    const { run, calls } = fakeRunner({ pythonVersion: "3.9" });
    const result = await installPrivateEnvironment(options(run));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : "", /needs Python 3\.11 or newer.*3\.9/);
    assert.equal(calls.length, 1);
  });

  it("stops at a failing step", async () => {
    const venv = fakeRunner({ venv: 1 });
    const r1 = await installPrivateEnvironment(options(venv.run));
    assert.deepEqual(r1, { ok: false, message: "Creating the environment failed (exit code 1).", cancelled: false });
    assert.equal(venv.calls.length, 2);

    const pip = fakeRunner({ pip: 2 });
    const r2 = await installPrivateEnvironment(options(pip.run));
    assert.deepEqual(r2, { ok: false, message: "Installing blamelint 0.1.0 failed (exit code 2).", cancelled: false });
    assert.equal(pip.calls.length, 3);
  });

  it("fails when the environment ends up with another version", async () => {
    const { run } = fakeRunner({ probe: "0.2.0" });
    const result = await installPrivateEnvironment(options(run));
    assert.deepEqual(result, { ok: false, message: "The environment has blamelint 0.2.0, expected 0.1.0.", cancelled: false });
  });

  it("reports cancellation", async () => {
    const abort = new AbortController();
    const run = async (): Promise<RunResult> => {
      abort.abort();
      return { exitCode: null, stdout: "", stderr: "", error: new Error("aborted") };
    };
    const result = await installPrivateEnvironment(options(run, { signal: abort.signal }));
    assert.deepEqual(result, { ok: false, message: "Installation cancelled.", cancelled: true });
  });
});
