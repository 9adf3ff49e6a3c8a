// What every verb shares: the --stack and --json options, output helpers and
// the exit codes (0 = as expected, 1 = some pairs differ or a command failed, 2 = bad config or usage,
// 3 = prerequisites missing).
import type { Command } from "commander";
import Table from "cli-table3";

export const EXIT = { ok: 0, differs: 1, usage: 2, prereq: 3 } as const;

/** Each verb reports its exit code here (commander's actions return nothing). */
export type Done = (code: number) => void;

export class UsageError extends Error {
  override name = "UsageError";
}

export interface Common {
  stack: string;
  json?: boolean;
}

export const STACK_OPTION = ["--stack <stack>", "dev, seed, peering, or a path to a Pulumi.<stack>.yaml", "dev"] as const;
export const JSON_OPTION = ["--json", "machine-readable output on stdout"] as const;

export const withStack = (c: Command): Command => c.option(...STACK_OPTION);
export const withJson = (c: Command): Command => c.option(...JSON_OPTION);
/** --stack and --json, in that order. */
export const common = (c: Command): Command => withJson(withStack(c));

export const out = (s: string) => process.stdout.write(`${s}\n`);
export const progress = (line: string) => process.stderr.write(`${line}\n`);

export function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
  t.push(...rows);
  return t.toString();
}
