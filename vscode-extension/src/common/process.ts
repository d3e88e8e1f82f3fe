/**
 * Running child processes without a shell. No `vscode` import.
 */
import { spawn } from "child_process";

/** Options for {@link runProcess}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the process when aborted (used for the cancellable install). */
  signal?: AbortSignal;
  /** Kills the process after this many milliseconds. */
  timeoutMs?: number;
  /** Receives output as it arrives, one line at a time. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/** What a finished (or failed-to-start) process left behind. */
export interface RunResult {
  /** Exit code; null when the process could not start, was killed or timed out. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (e.g. ENOENT) or was aborted. */
  error?: Error;
}

/** A function with the shape of {@link runProcess}; modules take one so tests can fake it. */
export type ProcessRunner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/**
 * Runs `command` with `args` (never through a shell) and collects its output.
 * Never rejects: failures are reported in the result.
 */
export const runProcess: ProcessRunner = (command, args, options = {}) =>
  new Promise<RunResult>((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const pending: Record<"stdout" | "stderr", string> = { stdout: "", stderr: "" };
    const finish = (result: RunResult) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        for (const stream of ["stdout", "stderr"] as const) {
          if (pending[stream] && options.onLine) {
            options.onLine(pending[stream], stream);
          }
        }
        resolve(result);
      }
    };
    const collect = (stream: "stdout" | "stderr", chunk: Buffer | string) => {
      const text = chunk.toString();
      if (stream === "stdout") {
        stdout += text;
      } else {
        stderr += text;
      }
      if (options.onLine) {
        const lines = (pending[stream] + text).split(/\r?\n/);
        pending[stream] = lines.pop() ?? "";
        lines.forEach((line) => options.onLine?.(line, stream));
      }
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, [...args], {
        cwd: options.cwd,
        env: options.env,
        signal: options.signal,
        shell: false,
        windowsHide: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      finish({ exitCode: null, stdout, stderr, error: error as Error });
      return;
    }
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        child.kill();
        finish({ exitCode: null, stdout, stderr, error: new Error(`Timed out after ${options.timeoutMs} ms`) });
      }, options.timeoutMs);
    }
    child.stdout?.on("data", (chunk: Buffer) => collect("stdout", chunk));
    child.stderr?.on("data", (chunk: Buffer) => collect("stderr", chunk));
    child.on("error", (error: Error) => finish({ exitCode: null, stdout, stderr, error }));
    child.on("close", (code: number | null) => finish({ exitCode: code, stdout, stderr }));
  });
