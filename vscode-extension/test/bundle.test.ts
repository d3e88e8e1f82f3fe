/**
 * The shipped bundle (dist/extension.js) on its own: it loads with only `vscode` provided,
 * contains vscode-languageclient, and activates far enough to register its commands.
 */
import { mock, packageJson } from "./harness";
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Memento, Uri } from "./mocks/vscode";
import { tempDir } from "./helpers";

const bundlePath = path.resolve(__dirname, "..", "..", "dist", "extension.js");

describe("dist/extension.js", () => {
  it("requires nothing but vscode and Node built-ins", () => {
    const text = fs.readFileSync(bundlePath, "utf8");
    const required = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    assert.ok(required.has("vscode"));
    const allowed = new Set(["vscode", ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    assert.deepEqual([...required].filter((r) => !allowed.has(r)), []);
  });

  it("is minified and reasonably small", () => {
    const size = fs.statSync(bundlePath).size;
    assert.ok(size < 600 * 1024, `${size} bytes`);
    assert.ok(!fs.readFileSync(bundlePath, "utf8").includes("sourceMappingURL"), "no source map reference");
  });

  it("loads, activates with blamelint disabled, registers the contributed commands and deactivates", async () => {
    mock.reset();
    mock.config.user["blamelint.enable"] = false;
    const bundle = require(bundlePath) as { activate(c: unknown): Promise<void>; deactivate(): Promise<void> };
    assert.equal(typeof bundle.activate, "function");
    assert.equal(typeof bundle.deactivate, "function");
    const context = {
      subscriptions: [] as { dispose(): void }[],
      globalState: new Memento(),
      globalStorageUri: Uri.file(tempDir()),
      extension: { packageJSON: packageJson },
    };
    await bundle.activate(context);
    assert.deepEqual(
      [...mock.commands.keys()].sort(),
      packageJson.contributes.commands.map((c: { command: string }) => c.command).sort(),
    );
    assert.match(mock.channel("blamelint").text, /blamelint\.enable is false/);
    await bundle.deactivate();
    context.subscriptions.forEach((d) => d.dispose());
  });
});
