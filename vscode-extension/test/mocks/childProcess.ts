/**
 * A fake `child_process.spawn` that answers from a script instead of running programs.
 * Off by default: the hook passes through to the real module until {@link fake.enable}.
 */
import { EventEmitter } from "events";

/** What a faked process does. */
export interface FakeOutcome {
  code?: number;
  stdout?: string;
  stderr?: string;
  /** Emit a spawn error (e.g. "ENOENT") instead of running. */
  error?: string;
  /** Wait this long before finishing (lets tests cancel). */
  delayMs?: number;
}

export interface SpawnCall {
  command: string;
  args: string[];
  options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; shell?: boolean };
}

export const fake = {
  enabled: false,
  calls: [] as SpawnCall[],
  /** Decides the outcome of each call; undefined means "command not found". */
  script: (_call: SpawnCall): FakeOutcome | undefined => undefined,
  enable(script: (call: SpawnCall) => FakeOutcome | undefined): void {
    this.enabled = true;
    this.calls = [];
    this.script = script;
  },
  disable(): void {
    this.enabled = false;
    this.calls = [];
  },
};

class FakeChild extends EventEmitter {
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  killed = false;
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

/** Same call shape as child_process.spawn(command, args, options). */
export function fakeSpawn(command: string, args: string[], options: SpawnCall["options"] = {}): FakeChild {
  const call = { command, args: [...args], options };
  fake.calls.push(call);
  const outcome = fake.script(call);
  const child = new FakeChild();
  let done = false;
  const finish = (fn: () => void) => {
    if (!done) {
      done = true;
      fn();
    }
  };
  options.signal?.addEventListener("abort", () =>
    finish(() => child.emit("error", Object.assign(new Error("The operation was aborted"), { name: "AbortError" }))),
  );
  setTimeout(() => {
    finish(() => {
      if (!outcome || outcome.error) {
        const code = outcome?.error ?? "ENOENT";
        child.emit("error", Object.assign(new Error(`spawn ${command} ${code}`), { code }));
        return;
      }
      if (outcome.stdout) {
        child.stdout.emit("data", Buffer.from(outcome.stdout));
      }
      if (outcome.stderr) {
        child.stderr.emit("data", Buffer.from(outcome.stderr));
      }
      child.emit("close", outcome.code ?? 0);
    });
  }, outcome?.delayMs ?? 0);
  return child;
}
