import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  effectiveValue,
  resolveBlamelint,
  ResolverInputs,
  stringArray,
  substituteVariables,
} from "../src/common/resolve";

/** Inputs with nothing available; each test adds what it needs. */
function inputs(overrides: Partial<ResolverInputs> & { installed?: Record<string, string> }): {
  inputs: ResolverInputs;
  probed: string[][];
} {
  const probed: string[][] = [];
  const installed = overrides.installed ?? {};
  return {
    probed,
    inputs: {
      trusted: true,
      pathSetting: [],
      interpreterSetting: [],
      pythonExtensionInterpreter: async () => undefined,
      findOnPath: () => undefined,
      isExecutable: () => false,
      probe: async (interpreter) => {
        probed.push([...interpreter]);
        return installed[interpreter.join(" ")];
      },
      storedEnvironment: () => undefined,
      extensionVersion: "0.1.0",
      ...overrides,
    },
  };
}

const onPath = (names: Record<string, string>) => (name: string) => names[name];

describe("effectiveValue (workspace trust)", () => {
  const inspected = {
    defaultValue: [],
    globalValue: ["/user/python"],
    workspaceValue: ["./evil"],
    workspaceFolderValue: ["./evil2"],
  };

  it("takes folder, then workspace, then user, then default values when trusted", () => {
    assert.deepEqual(effectiveValue(inspected, true), ["./evil2"]);
    assert.deepEqual(effectiveValue({ ...inspected, workspaceFolderValue: undefined }, true), ["./evil"]);
    assert.deepEqual(effectiveValue({ defaultValue: [] }, true), []);
  });

  it("ignores workspace and folder values when untrusted", () => {
    assert.deepEqual(effectiveValue(inspected, false), ["/user/python"]);
    assert.deepEqual(effectiveValue({ ...inspected, globalValue: undefined }, false), []);
    assert.equal(effectiveValue(undefined, false), undefined);
  });
});

describe("substituteVariables and stringArray", () => {
  it("substitutes ${workspaceFolder}, ${userHome} and ~", () => {
    assert.deepEqual(
      substituteVariables(["${workspaceFolder}/.venv/bin/python", "${userHome}/x", "~/y", "a~b"], {
        workspaceFolder: "/ws",
        userHome: "/home/u",
      }),
      ["/ws/.venv/bin/python", "/home/u/x", "/home/u/y", "a~b"],
    );
  });

  it("leaves ${workspaceFolder} alone when no folder is open", () => {
    assert.deepEqual(substituteVariables(["${workspaceFolder}/py"], { userHome: "/h" }), ["${workspaceFolder}/py"]);
  });

  it("drops blanks and non-strings", () => {
    assert.deepEqual(stringArray([" a ", "", 3, null, "b"]), ["a", "b"]);
    assert.deepEqual(stringArray("python3"), []);
  });
});

describe("resolveBlamelint: order", () => {
  it("1. blamelint.path overrides every interpreter", async () => {
    const { inputs: i, probed } = inputs({
      pathSetting: ["/missing/blamelint", "/opt/bin/blamelint"],
      interpreterSetting: ["/usr/bin/python3"],
      isExecutable: (f) => f === "/opt/bin/blamelint",
      installed: { "/usr/bin/python3": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind, "ready");
    assert.deepEqual(r.kind === "ready" && r.command, { source: "path", command: "/opt/bin/blamelint", prefix: [] });
    assert.deepEqual(probed, [], "no interpreter is run when blamelint.path is set");
  });

  it("1. a bare name in blamelint.path is looked up on PATH", async () => {
    const { inputs: i } = inputs({ pathSetting: ["blamelint"], findOnPath: onPath({ blamelint: "/bin/blamelint" }) });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind === "ready" && r.command.command, "/bin/blamelint");
  });

  it("1. reports an error (and does not fall back) when no blamelint.path entry exists", async () => {
    const { inputs: i, probed } = inputs({
      pathSetting: ["/nope/blamelint"],
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      installed: { "/usr/bin/python3": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind, "error");
    assert.match(r.kind === "error" ? r.message : "", /\/nope\/blamelint/);
    assert.deepEqual(probed, []);
  });

  it("2a. the blamelint.interpreter setting comes before the Python extension and PATH", async () => {
    let askedExtension = false;
    const { inputs: i } = inputs({
      interpreterSetting: ["/custom/python"],
      pythonExtensionInterpreter: async () => {
        askedExtension = true;
        return ["/ext/python"];
      },
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      installed: { "/custom/python": "0.1.0", "/ext/python": "0.1.0", "/usr/bin/python3": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind === "ready" && r.command.command, "/custom/python");
    assert.equal(r.kind === "ready" && r.command.source, "interpreter");
    assert.equal(askedExtension, false);
  });

  it("2b. the Python extension's interpreter comes before PATH", async () => {
    const { inputs: i } = inputs({
      pythonExtensionInterpreter: async () => ["/ext/python"],
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      installed: { "/ext/python": "0.1.0", "/usr/bin/python3": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind === "ready" && r.command.command, "/ext/python");
    assert.equal(r.kind === "ready" && r.command.source, "pythonExtension");
  });

  it("2c. python3 comes before python on PATH", async () => {
    const both = inputs({
      findOnPath: onPath({ python3: "/usr/bin/python3", python: "/usr/bin/python" }),
      installed: { "/usr/bin/python3": "0.1.0", "/usr/bin/python": "0.1.0" },
    });
    const r = await resolveBlamelint(both.inputs);
    assert.equal(r.kind === "ready" && r.command.command, "/usr/bin/python3");
    assert.equal(r.kind === "ready" && r.command.source, "pathLookup");

    const onlyPython = inputs({ findOnPath: onPath({ python: "/usr/bin/python" }), installed: { "/usr/bin/python": "0.1.0" } });
    const r2 = await resolveBlamelint(onlyPython.inputs);
    assert.equal(r2.kind === "ready" && r2.command.command, "/usr/bin/python");
  });

  it("3. falls back to the remembered private environment when the chosen interpreter lacks blamelint", async () => {
    const { inputs: i, probed } = inputs({
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      storedEnvironment: () => ({ python: "/store/venv/bin/python", version: "0.1.0" }),
      installed: { "/store/venv/bin/python": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind, "ready");
    assert.equal(r.kind === "ready" && r.command.source, "privateEnvironment");
    assert.deepEqual(probed, [["/usr/bin/python3"], ["/store/venv/bin/python"]]);
  });

  it("3. does not use a private environment with another blamelint version", async () => {
    const { inputs: i } = inputs({
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      storedEnvironment: () => ({ python: "/store/venv/bin/python", version: "0.0.9" }),
      installed: { "/store/venv/bin/python": "0.0.9" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind, "missing");
    assert.equal(r.kind === "missing" && r.privateEnvironmentVersion, "0.0.9");
    assert.equal(r.kind === "missing" && r.privateEnvironmentExists, true);
  });

  it("uses a user's interpreter whose blamelint version differs from the extension's", async () => {
    const { inputs: i } = inputs({ interpreterSetting: ["/p"], installed: { "/p": "9.9.9" } });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind === "ready" && r.version, "9.9.9");
  });

  it("4. reports missing with the checked interpreter as the base for the environment", async () => {
    const { inputs: i } = inputs({ findOnPath: onPath({ python3: "/usr/bin/python3" }) });
    const r = await resolveBlamelint(i);
    assert.equal(r.kind, "missing");
    assert.deepEqual(r.kind === "missing" && r.checked, { source: "pathLookup", interpreter: ["/usr/bin/python3"] });
    assert.deepEqual(r.kind === "missing" && r.baseInterpreter, ["/usr/bin/python3"]);
    assert.equal(r.kind === "missing" && r.privateEnvironmentExists, false);
  });

  it("4. reports missing with no base when there is no Python at all", async () => {
    const { inputs: i } = inputs({});
    const r = await resolveBlamelint(i);
    assert.deepEqual(r, {
      kind: "missing",
      checked: undefined,
      baseInterpreter: undefined,
      privateEnvironmentVersion: undefined,
      privateEnvironmentExists: false,
    });
  });
});

describe("resolveBlamelint: untrusted workspace", () => {
  it("never asks the Python extension and never runs PATH interpreters for the server", async () => {
    let askedExtension = false;
    const { inputs: i, probed } = inputs({
      trusted: false,
      pythonExtensionInterpreter: async () => {
        askedExtension = true;
        return ["/ws/.venv/bin/python"];
      },
      findOnPath: onPath({ python3: "/usr/bin/python3" }),
      installed: { "/ws/.venv/bin/python": "0.1.0", "/usr/bin/python3": "0.1.0" },
    });
    const r = await resolveBlamelint(i);
    assert.equal(askedExtension, false);
    assert.deepEqual(probed, []);
    assert.equal(r.kind, "missing");
    // PATH python may still create the private environment (it is not a workspace setting).
    assert.deepEqual(r.kind === "missing" && r.baseInterpreter, ["/usr/bin/python3"]);
  });

  it("uses the (user-level) interpreter setting and the private environment", async () => {
    const user = inputs({ trusted: false, interpreterSetting: ["/user/python"], installed: { "/user/python": "0.1.0" } });
    const r = await resolveBlamelint(user.inputs);
    assert.equal(r.kind === "ready" && r.command.command, "/user/python");

    const env = inputs({
      trusted: false,
      storedEnvironment: () => ({ python: "/store/venv/bin/python", version: "0.1.0" }),
      installed: { "/store/venv/bin/python": "0.1.0" },
    });
    const r2 = await resolveBlamelint(env.inputs);
    assert.equal(r2.kind === "ready" && r2.command.source, "privateEnvironment");
  });
});
