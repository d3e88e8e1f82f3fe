/**
 * Stand-in for `vscode-languageclient/node`: records every client the extension builds.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export const RevealOutputChannelOn = { Debug: 0, Info: 1, Warn: 2, Error: 3, Never: 4 };

/** Every client constructed since the last {@link resetClients}. */
export const clients: LanguageClient[] = [];
/** Answers sendRequest; tests replace it. */
export const lc = {
  onRequest: (_method: string, _params: unknown): unknown => null,
  failStart: false,
};

export function resetClients(): void {
  clients.length = 0;
  lc.onRequest = () => null;
  lc.failStart = false;
}

export class LanguageClient {
  state: "new" | "running" | "stopped" = "new";
  starts = 0;
  stops = 0;
  requests: { method: string; params: any }[] = [];
  notifications: { method: string; params: any }[] = [];
  readonly protocol2CodeConverter = {
    asWorkspaceEdit: async (edit: unknown) => ({ converted: edit }),
  };

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: any,
    readonly clientOptions: any,
  ) {
    clients.push(this);
  }

  async start(): Promise<void> {
    this.starts++;
    if (lc.failStart) {
      this.state = "stopped";
      throw new Error("spawn failed");
    }
    this.state = "running";
  }

  async stop(): Promise<void> {
    this.stops++;
    this.state = "stopped";
  }

  isRunning(): boolean {
    return this.state === "running";
  }

  async sendRequest(method: string, params: unknown): Promise<any> {
    this.requests.push({ method, params });
    return lc.onRequest(method, params);
  }

  async sendNotification(method: string, params: unknown): Promise<void> {
    this.notifications.push({ method, params });
  }
}
