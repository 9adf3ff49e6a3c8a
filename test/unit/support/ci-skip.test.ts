// CI cannot pass by skipping: vitest with the project's reporters, run on a fixture that skips
// (it.skip, describe.skipIf), exits non-zero under CI=true and 0 without; `.ci/run` sets CI=true.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/cli.js";

function vitestOnFixture(ci: boolean) {
  const env: NodeJS.ProcessEnv = {};
  // The child is a fresh run, not a worker of this one.
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|CI$|TEST$|NODE_ENV$)/.test(k)) env[k] = v;
  if (ci) env.CI = "true";
  const r = spawnSync("npx", ["vitest", "run", "--config", "test/fixtures/ci-skip/vitest.config.mts"], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, last: r.stdout.trimEnd().split("\n").at(-1) };
}

describe("skips under CI", () => {
  it("the main config ends with the summary reporter (the one that fails skips)", () => {
    expect(readFileSync(join(ROOT, "vitest.config.mts"), "utf8")).toMatch(/reporters: \[[^\]]*"\.\/test\/support\/summary-reporter\.ts"\]/);
  });

  it("CI=true: the skipping fixture fails the run, names both skips, and keeps the closing line", () => {
    const r = vitestOnFixture(true);
    expect(r.out).toContain("CI=true: 2 skipped test(s) fail the run");
    expect(r.out).toContain("is skipped with it.skip");
    expect(r.out).toContain("a describe.skipIf(true) > is skipped with its describe");
    expect(r.last).toBe("1 passed, 0 failed, 2 skipped");
    expect(r.code).not.toBe(0);
  });

  it("without CI the same fixture passes (skips are reported, not failed)", () => {
    const r = vitestOnFixture(false);
    expect(r.last).toBe("1 passed, 0 failed, 2 skipped");
    expect(r.code).toBe(0);
  });

  it(".ci/run exports CI=true itself before running the tests", () => {
    const run = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    const exportAt = run.search(/^export CI=true$/m);
    expect(exportAt).toBeGreaterThan(-1);
    expect(exportAt).toBeLessThan(run.indexOf("npm test"));
  });
});
