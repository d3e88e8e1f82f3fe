import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findOnPath, hasDirectory, isExecutableFile } from "../src/common/which";
import { executable, tempDir } from "./helpers";

describe("findOnPath", () => {
  const first = tempDir();
  const second = tempDir();
  executable(second, "python3");
  executable(first, "python");
  fs.writeFileSync(path.join(first, "python3"), "not executable", { mode: 0o644 });
  fs.mkdirSync(path.join(first, "blamelint"));

  it("returns the first executable match in PATH order", () => {
    const env = { PATH: [first, second].join(path.delimiter) };
    assert.equal(findOnPath("python3", env, "linux"), path.join(second, "python3"));
    assert.equal(findOnPath("python", env, "linux"), path.join(first, "python"));
  });

  it("skips non-executable files and folders", () => {
    const env = { PATH: first };
    assert.equal(findOnPath("python3", env, "linux"), undefined);
    assert.equal(findOnPath("blamelint", env, "linux"), undefined);
    assert.equal(isExecutableFile(path.join(first, "python3"), "linux"), false);
    assert.equal(isExecutableFile(path.join(first, "python"), "linux"), true);
  });

  it("handles an empty or missing PATH", () => {
    assert.equal(findOnPath("python3", {}, "linux"), undefined);
    assert.equal(findOnPath("python3", { PATH: "" }, "linux"), undefined);
  });

  it("tells paths from bare names", () => {
    assert.equal(hasDirectory("blamelint"), false);
    assert.equal(hasDirectory("./blamelint"), true);
    assert.equal(hasDirectory("C:\\bl\\blamelint.exe"), true);
  });
});
