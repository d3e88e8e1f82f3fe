/**
 * Installs the mocks with a `Module._load` hook. Import this module first in a test file,
 * before anything that imports `vscode`.
 *
 * - `vscode` → ./vscode
 * - `vscode-languageclient/node` → ./languageclient
 * - `child_process` → the real module, with `spawn` replaced by the fake while it is enabled
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as realChildProcess from "child_process";
import Module = require("module");
import * as childProcessMock from "./childProcess";
import * as languageClientMock from "./languageclient";
import * as vscodeMock from "./vscode";

const childProcess = {
  ...realChildProcess,
  spawn: (...args: any[]) =>
    childProcessMock.fake.enabled
      ? childProcessMock.fakeSpawn(args[0], args[1], args[2])
      : (realChildProcess.spawn as any)(...args),
};

const mod = Module as any;
if (!mod.__blamelintHooked) {
  const originalLoad = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === "vscode") {
      return vscodeMock;
    }
    if (request === "vscode-languageclient/node") {
      return languageClientMock;
    }
    if (request === "child_process") {
      return childProcess;
    }
    return originalLoad.call(this, request, ...rest);
  };
  mod.__blamelintHooked = true;
}

export { childProcessMock, languageClientMock, vscodeMock };
