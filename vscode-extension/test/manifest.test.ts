/**
 * package.json against the code: commands, settings, defaults, activation, entry point,
 * trust declaration, versions and packaging inputs.
 */
import { clients, editor, Harness, mock, packageJson as pkg, start } from "./harness";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, it } from "node:test";
import { Commands, FIX_ALL_KIND, MIN_PYTHON, RESTART_SETTINGS } from "../src/common/constants";
import { pipInstallArgs } from "../src/common/launch";
import { DEFAULT_SERVER_SETTINGS } from "../src/common/payload";
import { settle } from "./helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
const root = path.resolve(__dirname, "..", "..");
const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), "utf8");
const properties: Record<string, any> = pkg.contributes.configuration.properties;
const contributedKeys = Object.keys(properties);
const contributedCommands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);

/** All TypeScript sources of the extension. */
function sources(dir = path.join(root, "src")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [fs.readFileSync(path.join(dir, e.name), "utf8")] : [],
  );
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.deactivate();
  h = undefined;
});

/** Activates and exercises everything that reads settings; returns the keys read. */
async function keysReadAtRuntime(): Promise<Set<string>> {
  h = await start({ onPath: ["python3"], installed: { "$BIN/python3": "0.1.0" } });
  await clients[0].clientOptions.middleware.workspace.configuration({ items: [{ section: "blamelint" }] }, {}, () => [null]);
  mock.activeTextEditor = editor("John forgot.", { line: 0, character: 2 });
  await mock.commands.get(Commands.explain)!();
  mock.changeConfig("user", { "blamelint.enable": true });
  await settle(50);
  return new Set(mock.readKeys);
}

describe("manifest: commands", () => {
  it("every registered command is contributed, and every contributed command is registered", async () => {
    h = await start({ onPath: ["python3"], installed: { "$BIN/python3": "0.1.0" } });
    const registered = [...mock.commands.keys()].sort();
    assert.ok(registered.length >= 4);
    assert.deepEqual(registered, [...contributedCommands].sort());
    assert.deepEqual(Object.values(Commands).sort(), [...contributedCommands].sort());
  });

  it("commands have a title and the blamelint category; menus only name contributed commands", () => {
    for (const c of pkg.contributes.commands) {
      assert.ok(c.title && c.category === "blamelint", c.command);
    }
    const menuCommands = Object.values<any[]>(pkg.contributes.menus).flat().map((m) => m.command);
    assert.ok(menuCommands.length > 0);
    for (const command of menuCommands) {
      assert.ok(contributedCommands.includes(command), command);
    }
  });

  it("documents the fix-all code action kind", () => {
    assert.deepEqual(
      pkg.contributes.codeActions.flatMap((c: any) => [c.actions].flat().map((a: any) => a.kind)),
      [FIX_ALL_KIND],
    );
  });
});

describe("manifest: settings", () => {
  it("every key the extension reads at runtime is contributed", async () => {
    const read = await keysReadAtRuntime();
    assert.ok(read.size >= 7, `only ${[...read].join(", ")} were read`);
    for (const key of read) {
      assert.ok(contributedKeys.includes(key), `${key} is read but not contributed`);
    }
  });

  it("every contributed key is used (trace.server by vscode-languageclient for client id 'blamelint')", async () => {
    const read = await keysReadAtRuntime();
    for (const key of contributedKeys) {
      assert.ok(read.has(key) || key === "blamelint.trace.server", `${key} is contributed but never read`);
    }
  });

  it("every literal key in get()/inspect()/affectsConfiguration() in the sources is contributed", () => {
    const literal = /\.(?:get|inspect)(?:<[^>]*>)?\(\s*"([\w.]+)"/g;
    const affects = /affectsConfiguration\(\s*"([\w.]+)"/g;
    const found = new Set<string>();
    for (const text of sources()) {
      for (const m of text.matchAll(literal)) {
        found.add(m[1].startsWith("blamelint") ? m[1] : `blamelint.${m[1]}`);
      }
      for (const m of text.matchAll(affects)) {
        found.add(m[1]);
      }
    }
    for (const key of found) {
      assert.ok(contributedKeys.includes(key) || key === "blamelint", `${key} is not contributed`);
    }
    assert.ok(found.has("blamelint.enable"), "the scan finds blamelint.enable");
    for (const key of [...RESTART_SETTINGS, ...Object.keys(DEFAULT_SERVER_SETTINGS)]) {
      assert.ok(contributedKeys.includes(`blamelint.${key}`), key);
    }
  });

  it("has exactly the settings of the contract", () => {
    assert.deepEqual(contributedKeys.sort(), [
      "blamelint.enable",
      "blamelint.ignore",
      "blamelint.interpreter",
      "blamelint.path",
      "blamelint.run",
      "blamelint.select",
      "blamelint.severity",
      "blamelint.trace.server",
    ]);
  });

  it("each default matches its type and enum, and each setting has a description", () => {
    const typeOf = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(typeof p.description === "string" && p.description.length > 20, `${key} description`);
      assert.ok("default" in p, `${key} default`);
      assert.equal(typeOf(p.default), p.type, `${key} default type`);
      if (p.enum) {
        assert.ok(p.enum.includes(p.default), `${key} default in enum`);
        if (p.enumDescriptions) {
          assert.equal(p.enumDescriptions.length, p.enum.length, `${key} enumDescriptions`);
        }
      }
      if (p.type === "array") {
        assert.equal(p.items.type, "string", `${key} items`);
      }
      assert.ok(["application", "machine", "window", "resource", "machine-overridable", "language-overridable"].includes(p.scope), `${key} scope`);
    }
    assert.deepEqual(properties["blamelint.run"].enum, ["onType", "onSave"]);
    assert.deepEqual(properties["blamelint.trace.server"].enum, ["off", "messages", "verbose"]);
    assert.deepEqual(properties["blamelint.severity"].additionalProperties.enum, ["error", "warning", "info", "off"]);
  });

  it("manifest defaults equal the defaults the server payload falls back to", () => {
    for (const [key, value] of Object.entries(DEFAULT_SERVER_SETTINGS)) {
      assert.deepEqual(properties[`blamelint.${key}`].default, value, key);
    }
  });
});

describe("manifest: activation, entry point, trust, versions", () => {
  it("activates on Markdown", () => {
    assert.deepEqual(pkg.activationEvents, ["onLanguage:markdown"]);
  });

  it("main points at the esbuild bundle, which exists", () => {
    assert.equal(pkg.main, "./dist/extension.js");
    assert.match(read("scripts", "build.mjs"), /outfile: "dist\/extension\.js"/);
    assert.ok(fs.existsSync(path.join(root, pkg.main)), "run `npm run build` first");
  });

  it("declares limited support for untrusted workspaces with interpreter and path restricted", () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, "limited");
    assert.deepEqual(trust.restrictedConfigurations, ["blamelint.interpreter", "blamelint.path"]);
    for (const key of trust.restrictedConfigurations) {
      assert.ok(contributedKeys.includes(key));
    }
  });

  it("has no hard dependency on the Python extension", () => {
    assert.equal(pkg.extensionDependencies, undefined);
    assert.equal(pkg.extensionPack, undefined);
  });

  it("@types/vscode matches engines.vscode, and vscode-languageclient supports that engine", () => {
    assert.equal(`^${pkg.devDependencies["@types/vscode"]}`, pkg.engines.vscode);
    const lcPkg = JSON.parse(read("node_modules", "vscode-languageclient", "package.json"));
    assert.equal(lcPkg.version, pkg.dependencies["vscode-languageclient"]);
    assert.equal(lcPkg.engines.vscode, pkg.engines.vscode);
  });

  it("pins every dependency exactly, and package-lock.json agrees", () => {
    const lock = JSON.parse(read("package-lock.json"));
    for (const [name, version] of Object.entries<string>({ ...pkg.dependencies, ...pkg.devDependencies })) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
      assert.equal(lock.packages[`node_modules/${name}`].version, version, `${name} in package-lock.json`);
    }
    assert.equal(pkg.devDependencies.typescript, "5.9.3");
    assert.equal(pkg.devDependencies["@vscode/vsce"], "3.9.2");
    assert.match(pkg.devDependencies.esbuild, /^0\.28\./);
    assert.match(pkg.devDependencies["@types/node"], /^20\./);
  });

  it("installs exactly the extension's version, which is the Python package's version", () => {
    assert.equal(pkg.version, "0.1.0");
    assert.equal(pipInstallArgs(pkg.version).at(-1), "blamelint==0.1.0");
    const versionFile = path.join(root, "..", "blamelint", "_version.py");
    if (fs.existsSync(versionFile)) {
      const python = /__version__\s*=\s*"([^"]+)"/.exec(fs.readFileSync(versionFile, "utf8"))?.[1];
      assert.equal(python, pkg.version, "bump blamelint/_version.py and package.json together");
    }
  });

  it("offers the private environment only on a Python the package supports (pyproject requires-python)", () => {
    const pyproject = fs.readFileSync(path.join(root, "..", "pyproject.toml"), "utf8");
    const floor = /^requires-python\s*=\s*">=(\d+)\.(\d+)"/m.exec(pyproject);
    assert.ok(floor, "pyproject.toml states requires-python as >=X.Y");
    assert.deepEqual(MIN_PYTHON, [Number(floor[1]), Number(floor[2])]);
  });
});

describe("manifest: packaging inputs", () => {
  it("has the fields vsce needs to package without prompting", () => {
    for (const field of ["name", "publisher", "version", "license", "repository", "displayName", "description", "icon"]) {
      assert.ok(pkg[field], field);
    }
    assert.equal(pkg.license, "MIT");
    assert.match(read("LICENSE"), /^MIT License[\s\S]*blamelint contributors/);
    for (const file of ["README.md", "CHANGELOG.md"]) {
      assert.ok(read(file).length > 200, file);
    }
  });

  it("the icon is a 128x128 PNG under 16 KiB", () => {
    const png = fs.readFileSync(path.join(root, pkg.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString("latin1", 12, 16), "IHDR");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(png.length < 16 * 1024, `${png.length} bytes`);
  });

  it(".vscodeignore leaves out sources, tests, dependencies and maps", () => {
    const ignore = read(".vscodeignore").split(/\r?\n/).map((l) => l.trim());
    for (const pattern of ["src/**", "test/**", "out/**", "node_modules/**", "scripts/**", "**/*.map", "**/*.ts", "tsconfig*.json", "DEVELOPMENT.md"]) {
      assert.ok(ignore.includes(pattern), pattern);
    }
  });
});
