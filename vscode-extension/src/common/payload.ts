/**
 * The settings object the language server receives (through `workspace/configuration`,
 * `workspace/didChangeConfiguration` and `initializationOptions`). No `vscode` import.
 */
import { stringArray } from "./resolve";

/** When the server lints. */
export type RunMode = "onType" | "onSave";

/** A severity override value. */
export type SeverityOverride = "error" | "warning" | "info" | "off";

/** Settings the server understands, under the `blamelint` section. */
export interface ServerSettings {
  enable: boolean;
  run: RunMode;
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityOverride>;
}

/** Values for a missing or invalid setting (the same as the manifest defaults). */
export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  enable: true,
  run: "onType",
  select: [],
  ignore: [],
  severity: {},
});

const RUN_MODES: readonly string[] = ["onType", "onSave"];
const SEVERITIES: readonly string[] = ["error", "warning", "info", "off"];

/**
 * Builds the server payload from raw setting values (keyed relative to the section, e.g. `run`).
 * Invalid values fall back to the defaults, so a typo in settings.json never reaches the server
 * as an unexpected type.
 */
export function buildServerSettings(get: (key: keyof ServerSettings) => unknown): ServerSettings {
  const enable = get("enable");
  const run = get("run");
  const severity = get("severity");
  const overrides: Record<string, SeverityOverride> = {};
  if (severity && typeof severity === "object" && !Array.isArray(severity)) {
    for (const [code, value] of Object.entries(severity as Record<string, unknown>)) {
      if (typeof value === "string" && SEVERITIES.includes(value) && code.trim() !== "") {
        overrides[code.trim()] = value as SeverityOverride;
      }
    }
  }
  return {
    enable: typeof enable === "boolean" ? enable : DEFAULT_SERVER_SETTINGS.enable,
    run: typeof run === "string" && RUN_MODES.includes(run) ? (run as RunMode) : DEFAULT_SERVER_SETTINGS.run,
    select: stringArray(get("select")),
    ignore: stringArray(get("ignore")),
    severity: overrides,
  };
}
