// Tests that need root or Debian tools skip locally with a visible reason; in CI a skip is a failure.
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export const IN_CI = process.env.CI === "true";

function onPath(tool: string): boolean {
  if (tool.startsWith("/")) {
    try {
      accessSync(tool, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Returns why the tests cannot run here (undefined = they can). Throws in CI instead of skipping. */
export function missing(opts: { tools?: string[]; root?: boolean }): string | undefined {
  const reasons: string[] = [];
  if (opts.root && process.getuid?.() !== 0) reasons.push("needs root");
  const absent = (opts.tools ?? []).filter((t) => !onPath(t));
  if (absent.length) reasons.push(`needs ${absent.join(", ")} (apt-get install: see .ci/setup)`);
  if (!reasons.length) return undefined;
  const reason = reasons.join("; ");
  if (IN_CI) throw new Error(`CI must run these tests, but: ${reason}`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}
