// Runs the real CLI process (bin/lab.cjs, the launcher `npm run lab` runs), and returns its exit code
// and output. Bounded in time.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const LAUNCHER = join(ROOT, "bin", "lab.cjs");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bin/lab.cjs <args>`; with `env.PATH` set, node is still found (an absolute path). */
export function lab(args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: timeoutMs });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
