import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildServerSettings, DEFAULT_SERVER_SETTINGS } from "../src/common/payload";

const from = (values: Record<string, unknown>) => buildServerSettings((key) => values[key]);

describe("server settings payload", () => {
  it("passes valid values through", () => {
    assert.deepEqual(
      from({
        enable: false,
        run: "onSave",
        select: ["BL1", "attribution"],
        ignore: ["BL104"],
        severity: { BL101: "error", judgment: "off" },
      }),
      {
        enable: false,
        run: "onSave",
        select: ["BL1", "attribution"],
        ignore: ["BL104"],
        severity: { BL101: "error", judgment: "off" },
      },
    );
  });

  it("uses the defaults for missing values", () => {
    assert.deepEqual(from({}), DEFAULT_SERVER_SETTINGS);
  });

  it("replaces invalid values with defaults", () => {
    assert.deepEqual(
      from({ enable: "yes", run: "always", select: "BL1", ignore: [1, "BL2", ""], severity: ["error"] }),
      { enable: true, run: "onType", select: [], ignore: ["BL2"], severity: {} },
    );
  });

  it("drops severity entries with unknown levels", () => {
    assert.deepEqual(from({ severity: { BL1: "fatal", BL2: "info", " ": "error", BL3: 2 } }).severity, { BL2: "info" });
  });
});
