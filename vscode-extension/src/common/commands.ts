/**
 * The extension's commands: fix all safe problems, explain the sentence at the cursor.
 * (Restart and show-logs are one-liners registered in extension.ts.)
 */
import * as vscode from "vscode";
import type { LanguageClient, WorkspaceEdit as ProtocolWorkspaceEdit } from "vscode-languageclient/node";
import { FIX_ALL_KIND } from "./constants";
import { BlamelintCommand, explainArgs, formatCommandLine } from "./launch";
import { ProcessRunner } from "./process";
import { sentenceAt, plainText } from "./sentence";

/** LSP `CodeAction` (only the fields used here). */
interface ProtocolCodeAction {
  title: string;
  kind?: string;
  edit?: ProtocolWorkspaceEdit;
  command?: { command: string; arguments?: unknown[] };
  data?: unknown;
}

/** True for a CodeAction (not a bare Command) of the fix-all kind or a sub-kind of it. */
function isFixAll(item: unknown): item is ProtocolCodeAction {
  if (!item || typeof item !== "object") {
    return false;
  }
  const action = item as { kind?: unknown; command?: unknown };
  return (
    typeof action.command !== "string" &&
    typeof action.kind === "string" &&
    (action.kind === FIX_ALL_KIND || action.kind.startsWith(`${FIX_ALL_KIND}.`))
  );
}

/** The `textDocument/codeAction` request that asks only for the fix-all action. */
export function fixAllParams(document: vscode.TextDocument): object {
  const lastLine = Math.max(document.lineCount - 1, 0);
  return {
    textDocument: { uri: document.uri.toString() },
    range: {
      start: { line: 0, character: 0 },
      end: { line: lastLine, character: document.lineAt(lastLine).text.length },
    },
    context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: 1 },
  };
}

/**
 * Requests `source.fixAll.blamelint` for the active Markdown file and applies it.
 * Resolves to true when an edit (or command) was applied.
 */
export async function fixAll(client: LanguageClient | undefined, editor: vscode.TextEditor | undefined): Promise<boolean> {
  if (!editor || editor.document.languageId !== "markdown") {
    void vscode.window.showInformationMessage("blamelint: open a Markdown file to fix.");
    return false;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage("blamelint: the server is not running.");
    return false;
  }
  const result = await client.sendRequest<unknown[] | null>("textDocument/codeAction", fixAllParams(editor.document));
  const actions = (result ?? []).filter(isFixAll);
  if (actions.length === 0) {
    void vscode.window.showInformationMessage("blamelint: no safe fixes in this file.");
    return false;
  }
  let applied = false;
  for (let action of actions) {
    if (action.edit === undefined && action.data !== undefined) {
      action = await client.sendRequest<ProtocolCodeAction>("codeAction/resolve", action);
    }
    if (action.edit !== undefined) {
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage("blamelint: the fixes could not be applied (was the file changed?).");
        return applied;
      }
      applied = true;
    }
    if (action.command) {
      await client.sendRequest("workspace/executeCommand", {
        command: action.command.command,
        arguments: action.command.arguments,
      });
      applied = true;
    }
  }
  return applied;
}

/** The text `blamelint explain` gets: the selection if any, else the sentence at the cursor. */
export function explainTarget(editor: vscode.TextEditor): string | undefined {
  const { document, selection } = editor;
  if (!selection.isEmpty) {
    return plainText(document.getText(selection)) || undefined;
  }
  const lines: string[] = [];
  for (let i = 0; i < document.lineCount; i++) {
    lines.push(document.lineAt(i).text);
  }
  return sentenceAt(lines, selection.active.line, selection.active.character);
}

/** What `blamelint.explain` needs. */
export interface ExplainOptions {
  /** How blamelint runs (the server's command), or a way to find it. */
  command: () => Promise<BlamelintCommand | undefined>;
  cwd: () => string;
  run: ProcessRunner;
  output: vscode.OutputChannel;
}

/**
 * Runs `blamelint explain "<sentence>"` for the sentence at the cursor and shows its output in
 * the "blamelint: explain" output channel. Resolves to the sentence explained, if any.
 */
export async function explain(editor: vscode.TextEditor | undefined, options: ExplainOptions): Promise<string | undefined> {
  if (!editor) {
    void vscode.window.showInformationMessage("blamelint: open a Markdown file first.");
    return undefined;
  }
  const sentence = explainTarget(editor);
  if (!sentence) {
    void vscode.window.showInformationMessage("blamelint: there is no sentence at the cursor.");
    return undefined;
  }
  const command = await options.command();
  if (!command) {
    void vscode.window.showWarningMessage(
      "blamelint is not available. Run “blamelint: Restart Server” to set it up.",
    );
    return undefined;
  }
  const args = explainArgs(command, sentence);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "blamelint: explaining" },
    () => options.run(command.command, args, { cwd: options.cwd(), timeoutMs: 120_000 }),
  );
  options.output.clear();
  options.output.appendLine(`$ ${formatCommandLine(command.command, args)}`);
  options.output.appendLine("");
  options.output.append(result.stdout);
  if (result.exitCode !== 0) {
    options.output.appendLine(result.stderr);
    void vscode.window.showErrorMessage(
      `blamelint explain failed (${result.error?.message ?? `exit code ${String(result.exitCode)}`}).`,
    );
  }
  options.output.show(true);
  return sentence;
}
