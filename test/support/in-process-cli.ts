// The CLI's main() run in this process (mocks and spies apply), its stdout and stderr captured.
import { vi } from "vitest";
import { main } from "../../src/cli/main.js";

export interface InProcessRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** stdout and stderr interleaved as written. */
  readonly all: string;
}

export async function inProcessCli(args: readonly string[]): Promise<InProcessRun> {
  let out = "";
  let err = "";
  let all = "";
  const w = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), (all += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), (all += String(s)), true));
  try {
    const code = await main(["node", "lab", ...args]);
    return { code, out, err, all };
  } finally {
    w.mockRestore();
    e.mockRestore();
  }
}
