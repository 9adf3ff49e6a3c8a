// The documented example config error is what the program prints: the example input of
// docs/deploy-azure.md (tunnel VNI 0, VXLAN port 70000) fed to the real CLI, its output compared with
// the page's block (read at test time, so an edit of either side turns this red).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { lab, ROOT } from "../../support/cli.js";
import { rawLab } from "../../support/config-edit.js";

/** The fenced block that follows the page's "each with its key and rule, e.g." */
function configErrorBlock(page: string): string {
  const at = page.indexOf("each with its key and rule, e.g.");
  if (at < 0) throw new Error("docs/deploy-azure.md no longer has the config error example");
  const m = /```[^\n]*\n([\s\S]*?)\n```/.exec(page.slice(at));
  if (!m) throw new Error("no fenced block after the config error example");
  return m[1]!;
}

describe("docs/deploy-azure.md config error example", () => {
  const dir = mkdtempSync(join(tmpdir(), "hsv-readme-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const block = configErrorBlock(readFileSync(join(ROOT, "docs", "deploy-azure.md"), "utf8"));

  it("the block names the two keys the example input breaks", () => {
    expect(block).toContain("lab.sites[0].tunnel.vni");
    expect(block).toContain("lab.vxlan.port");
  });

  it("is printed, byte for byte, by the CLI for that input (exit 2)", () => {
    const labCfg = rawLab("dev", (l) => ((l.sites[0].tunnel.vni = 0), (l.vxlan.port = 70000)));
    const path = join(dir, "Pulumi.readme.yaml");
    writeFileSync(path, yaml.dump({ config: { "hub-spoke-vxlan:lab": labCfg } }));
    const r = lab(["status", "--stack", path]);
    expect(r.stderr).toBe(`error: ${block}\n`);
    expect(r.code).toBe(2);
  });
});
