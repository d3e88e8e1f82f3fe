/**
 * Entry point: wires settings, commands and the language server together.
 */
import * as vscode from "vscode";
import { explain, fixAll } from "./common/commands";
import { Commands, DISPLAY_NAME } from "./common/constants";
import { runProcess } from "./common/process";
import { onDidChangePythonInterpreter } from "./common/python";
import { ServerManager } from "./common/server";
import { getLaunchSettings, needsRestart } from "./common/settings";

let manager: ServerManager | undefined;

/** Called by VS Code when a Markdown file opens (or a blamelint command runs). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel(DISPLAY_NAME, { log: true });
  const explainChannel = vscode.window.createOutputChannel(`${DISPLAY_NAME}: explain`);
  const server = new ServerManager({ context, outputChannel, run: runProcess });
  manager = server;
  context.subscriptions.push(outputChannel, explainChannel, server);
  outputChannel.info(`blamelint extension ${server.version} activated.`);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restart, () => server.restart(true)),
    vscode.commands.registerCommand(Commands.showLogs, () => outputChannel.show()),
    vscode.commands.registerCommand(Commands.fixAll, () => fixAll(server.client, vscode.window.activeTextEditor)),
    vscode.commands.registerCommand(Commands.explain, () =>
      explain(vscode.window.activeTextEditor, {
        command: async () => {
          if (server.command) {
            return server.command;
          }
          const resolution = await server.resolve();
          return resolution.kind === "ready" ? resolution.command : undefined;
        },
        cwd: () => server.cwd(),
        run: runProcess,
        output: explainChannel,
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) {
        void server.restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      outputChannel.info("Workspace trusted: restarting with workspace settings.");
      void server.restart();
    }),
  );

  // The Python extension is optional; follow its interpreter only when no setting overrides it.
  void onDidChangePythonInterpreter(() => {
    const settings = getLaunchSettings(vscode.workspace.isTrusted);
    if (vscode.workspace.isTrusted && settings.path.length === 0 && settings.interpreter.length === 0) {
      void server.restart();
    }
  }, outputChannel).then((disposable) => disposable && context.subscriptions.push(disposable));

  await server.restart();
}

/** Called by VS Code on shutdown: stops the server. */
export async function deactivate(): Promise<void> {
  const current = manager;
  manager = undefined;
  await current?.stop();
}
