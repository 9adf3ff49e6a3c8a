// Runs the real CLI process (src/cli/entry.ts through tsx), as `npm run lab` does, and returns
// its exit code and output. Bounded in time.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
const TSX_CLI = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npx tsx src/cli/entry.ts <args>`; with `env.PATH` set, node and tsx are still found (absolute paths). */
export function lab(args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): CliRun {
  const useNpx = env === process.env;
  const [cmd, argv] = useNpx ? ["npx", ["tsx", "src/cli/entry.ts", ...args]] : [process.execPath, [TSX_CLI, "src/cli/entry.ts", ...args]];
  const r = spawnSync(cmd, argv, { cwd: ROOT, env, encoding: "utf8", timeout: timeoutMs });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
