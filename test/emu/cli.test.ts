// The CLI's exit codes through the real process (bin/lab.cjs, as npm run lab), not by calling main():
// 3 = prerequisites missing (a PATH without nft), 1 = some pairs differ (a router's FRR stopped).
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startedPids } from "../../src/emu/frr.js";
import { routerNode } from "../../src/emu/faults.js";
import { BASE_TOOLS, INSTALL_HINT } from "../../src/emu/prereqs.js";
import { stopPids } from "../../src/emu/processes.js";
import { loadStack } from "../../src/emu/stack.js";
import { lab } from "../support/cli.js";
import { skipReason, upForSuite } from "./helpers.js";
import { variantStack } from "../../src/emu/variants.js";

const which = (tool: string): string | undefined => {
  try {
    return execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
};

describe("exit code 3: prerequisites missing", () => {
  let bin: string;
  beforeAll(() => {
    // Every base tool the host has on PATH (and sh, which the check itself runs), except nft.
    bin = mkdtempSync(join(tmpdir(), "hsv-path-"));
    for (const t of ["sh", ...BASE_TOOLS.filter((t) => t !== "nft" && !t.startsWith("/"))]) {
      const p = which(t);
      if (p) symlinkSync(p, join(bin, t));
    }
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it("verify with a PATH lacking nft exits 3 and says what is missing and how to get it", () => {
    const r = lab(["verify", "--stack", "dev"], { ...process.env, PATH: bin });
    expect(r.stderr).toContain("nft");
    expect(r.stderr).toMatch(/missing tools: ([a-z-]+, )*nft/);
    expect(r.stderr).toContain(INSTALL_HINT);
    expect(r.code).toBe(3);
  });
});

describe.skipIf(skipReason)("exit code 1: pairs differ", () => {
  const path = skipReason ? "" : variantStack("cliexit", () => {});
  const l = skipReason ? undefined! : loadStack(path);
  upForSuite(l);

  it("verify exits 0 on the intact lab, then 1 naming the pairs once vm-hub100's FRR is stopped", async () => {
    const ok = lab(["verify", "--stack", path]);
    expect(ok.stdout).toContain("12/12 pairs as expected");
    expect(ok.code).toBe(0);

    // zebra withdraws its routes on SIGTERM: vm-hub100 no longer routes the spoke into the tunnel.
    await stopPids(
      startedPids(routerNode(l, "vm-hub100")).map((p) => p.pid),
      2000,
    );
    const bad = lab(["verify", "--stack", path]);
    expect(bad.stdout, bad.stderr).toMatch(/pair\(s\) differ:\n(.*\n)*  vm-hub101 -> vm-spoke10 /);
    expect(bad.stdout).toMatch(/pair\(s\) differ:\n(.*\n)*  vm-spoke10 -> vm-hub101 /);
    expect(bad.code).toBe(1);
  });
});
