/**
 * The private-environment flow with real processes: the extension (mocked VS Code) finds an
 * interpreter without blamelint, the user accepts the offer, and a real `python -m venv` plus a
 * real `pip install blamelint==0.1.0` run — offline, from a tiny local wheel built here — and
 * the server is then started from that environment.
 */
import { clients, Harness, mock, start } from "./harness";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import { PRIVATE_ENV_STATE_KEY, PROBE_SCRIPT } from "../src/common/constants";
import { OfferChoices } from "../src/common/environment";
import { runProcess } from "../src/common/process";
import { tempDir, waitFor } from "./helpers";

/** The real interpreter behind `python3` on the original PATH. */
function findPython(): string | undefined {
  const r = spawnSync("python3", ["-c", "import sys; sys.stdout.write(sys.executable)"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout : undefined;
}

/** Writes a minimal pure-Python wheel of a fake blamelint with the given version. */
function buildWheel(python: string, dir: string, version: string): void {
  const script = `
import base64, hashlib, sys, zipfile
d, v = sys.argv[1], sys.argv[2]
files = {
  "blamelint/__init__.py": "__version__ = %r\\n" % v,
  "blamelint-%s.dist-info/METADATA" % v: "Metadata-Version: 2.1\\nName: blamelint\\nVersion: %s\\n" % v,
  "blamelint-%s.dist-info/WHEEL" % v: "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
record = []
with zipfile.ZipFile("%s/blamelint-%s-py3-none-any.whl" % (d, v), "w") as z:
    for name, text in files.items():
        data = text.encode()
        z.writestr(name, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
    record.append("blamelint-%s.dist-info/RECORD,," % v)
    z.writestr("blamelint-%s.dist-info/RECORD" % v, "\\n".join(record) + "\\n")
`;
  const r = spawnSync(python, ["-c", script, dir, version], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

const PYTHON = findPython();

let h: Harness | undefined;
const savedEnv = { ...process.env };
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
  for (const key of ["PIP_NO_INDEX", "PIP_FIND_LINKS", "PIP_DISABLE_PIP_VERSION_CHECK"]) {
    if (savedEnv[key] === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = savedEnv[key];
    }
  }
});

describe("private environment, for real", { skip: PYTHON ? false : "no python3 on PATH" }, () => {
  it("creates the venv, installs blamelint==<version> offline and starts the server from it", { timeout: 180_000 }, async () => {
    const wheels = tempDir("blamelint-wheels-");
    buildWheel(PYTHON!, wheels, "0.1.0");
    buildWheel(PYTHON!, wheels, "0.2.0"); // a newer release must not be picked
    process.env.PIP_NO_INDEX = "1";
    process.env.PIP_FIND_LINKS = wheels;
    process.env.PIP_DISABLE_PIP_VERSION_CHECK = "1";

    h = await start({
      realProcesses: true,
      // -S: no site-packages, so this interpreter surely cannot import blamelint.
      user: { "blamelint.interpreter": [PYTHON!, "-S"] },
      respond: (m) => (m.level === "warning" ? OfferChoices.install : undefined),
    });
    await waitFor(() => clients.length === 1 || mock.messages.find((m) => m.level === "error"), "install", 170_000);
    assert.deepEqual(mock.messages.filter((m) => m.level === "error"), [], mock.channels[0].text);

    const venvPython = path.join(h.storage, "venv", "bin", "python");
    assert.deepEqual(h.context.globalState.get(PRIVATE_ENV_STATE_KEY), { python: venvPython, version: "0.1.0" });
    assert.deepEqual([h.client().serverOptions.command, ...h.client().serverOptions.args], [venvPython, "-m", "blamelint", "lsp"]);
    const probe = await runProcess(venvPython, ["-c", PROBE_SCRIPT]);
    assert.equal(probe.stdout, "0.1.0");
    assert.match(mock.channels[0].text, /Successfully installed blamelint-0\.1\.0/);
  });
});
