// The adapter of `lab plan --from`: each config's resource graph from a child process that runs the
// program under the mock monitor (plan-from-main.ts), both as the same stack (its name is in
// every URN), then the pure diff and report.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Registered } from "../azure/mock-program.js";
import { PROJECT_DIR } from "../config/project-dir.js";

const MAIN = join(PROJECT_DIR, "src", "cli", "plan-from-main.ts");

export class GraphError extends Error {
  override name = "GraphError";
}

/** The resources the program registers for a stack file, as stack `stack`. */
export async function programGraph(file: string, stack: string): Promise<Registered[]> {
  const dir = mkdtempSync(join(tmpdir(), "hsv-graph-"));
  const out = join(dir, "graph.json");
  try {
    await promisify(execFile)(process.execPath, ["--import", "tsx", MAIN, file, stack, out], {
      // `--import tsx` is resolved from the working directory: the project's own.
      cwd: PROJECT_DIR,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(readFileSync(out, "utf8")) as Registered[];
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new GraphError(`${file}: the program did not run under the mock monitor: ${(err.stderr || err.message).trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
