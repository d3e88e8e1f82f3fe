import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROBE_SCRIPT } from "../src/common/constants";
import {
  executableCommand,
  explainArgs,
  formatCommandLine,
  isPythonAtLeast,
  pipInstallArgs,
  probeArgs,
  processCwd,
  pythonCommand,
  pythonVersionArgs,
  requirement,
  serverArgs,
  venvCreateArgs,
  venvPython,
} from "../src/common/launch";

describe("server command line", () => {
  it("runs an executable from blamelint.path as `<path> lsp`", () => {
    const cmd = executableCommand("/opt/bl/bin/blamelint");
    assert.equal(cmd.command, "/opt/bl/bin/blamelint");
    assert.deepEqual(serverArgs(cmd), ["lsp"]);
    assert.equal(cmd.source, "path");
  });

  it("runs an interpreter as `<python> -m blamelint lsp`", () => {
    const cmd = pythonCommand(["/usr/bin/python3"], "pathLookup");
    assert.equal(cmd.command, "/usr/bin/python3");
    assert.deepEqual(serverArgs(cmd), ["-m", "blamelint", "lsp"]);
  });

  it("keeps the extra elements of an interpreter command line before -m", () => {
    const cmd = pythonCommand(["conda", "run", "-n", "pm", "python"], "interpreter");
    assert.equal(cmd.command, "conda");
    assert.deepEqual(serverArgs(cmd), ["run", "-n", "pm", "python", "-m", "blamelint", "lsp"]);
  });

  it("rejects an empty interpreter", () => {
    assert.throws(() => pythonCommand([], "interpreter"));
    assert.throws(() => pythonCommand([""], "interpreter"));
  });
});

describe("explain command line", () => {
  const py = pythonCommand(["/usr/bin/python3"], "pathLookup");

  it("passes the sentence as one argument", () => {
    assert.deepEqual(explainArgs(py, 'John said "oops" and forgot'), [
      "-m",
      "blamelint",
      "explain",
      'John said "oops" and forgot',
    ]);
    assert.deepEqual(explainArgs(executableCommand("bl"), "x y"), ["explain", "x y"]);
  });

  it("puts a sentence that starts with '-' after --", () => {
    assert.deepEqual(explainArgs(py, "--help me"), ["-m", "blamelint", "explain", "--", "--help me"]);
  });
});

describe("probe and installer command lines", () => {
  it("probes with the contract's script", () => {
    assert.deepEqual(probeArgs(["/usr/bin/python3"]), ["-c", PROBE_SCRIPT]);
    assert.equal(PROBE_SCRIPT, "import blamelint, sys; sys.stdout.write(blamelint.__version__)");
    assert.deepEqual(probeArgs(["py", "-3.11"]), ["-3.11", "-c", PROBE_SCRIPT]);
    assert.deepEqual(pythonVersionArgs(["py", "-3.11"]).slice(0, 2), ["-3.11", "-c"]);
  });

  it("creates the environment with -m venv --clear", () => {
    assert.deepEqual(venvCreateArgs(["/usr/bin/python3"], "/s/venv"), ["-m", "venv", "--clear", "/s/venv"]);
  });

  it("installs exactly the extension's version", () => {
    assert.deepEqual(pipInstallArgs("0.1.0"), [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "--no-input",
      "blamelint==0.1.0",
    ]);
    assert.equal(requirement("1.2.3rc1"), "blamelint==1.2.3rc1");
    assert.throws(() => requirement("^0.1.0"));
    assert.throws(() => requirement("0.1.0; rm -rf /"));
  });

  it("finds the environment's interpreter per platform", () => {
    assert.equal(venvPython("/s/venv", "linux"), "/s/venv/bin/python");
    assert.equal(venvPython("/s/venv", "darwin"), "/s/venv/bin/python");
    assert.equal(venvPython("C:\\s\\venv", "win32"), "C:\\s\\venv\\Scripts\\python.exe");
  });

  it("compares Python versions", () => {
    assert.equal(isPythonAtLeast("3.10", [3, 10]), true);
    assert.equal(isPythonAtLeast("3.12\n", [3, 10]), true);
    assert.equal(isPythonAtLeast("4.0", [3, 10]), true);
    assert.equal(isPythonAtLeast("3.9", [3, 10]), false);
    assert.equal(isPythonAtLeast("2.7", [3, 10]), false);
    assert.equal(isPythonAtLeast("garbage", [3, 10]), false);
  });
});

describe("working directory", () => {
  it("uses the workspace folder only when the workspace is trusted", () => {
    assert.equal(processCwd(true, "/ws", "/storage"), "/ws");
    assert.equal(processCwd(false, "/ws", "/storage"), "/storage");
    assert.equal(processCwd(true, undefined, "/storage"), "/storage");
  });
});

describe("formatCommandLine", () => {
  it("quotes only what needs quoting", () => {
    assert.equal(formatCommandLine("/a b/python", ["-m", "x"]), '"/a b/python" -m x');
    assert.equal(formatCommandLine("py", ["-c", ""]), 'py -c ""');
  });
});
