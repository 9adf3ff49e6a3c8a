// `lab plan --from` end to end: the real CLI, each config run under the mock monitor in its own
// process, on a shipped stack against an edited copy. Expected actions written by hand from the
// rules (a VNI is in both routers' customData, osProfile replaces a VM old-one-first, a run-command
// follows its VM, every check's script names the model) and the peering stack's names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inProcessCli } from "../support/in-process-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-plan-from-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = inProcessCli;

describe("lab plan --from (peering stack, VNI 77 -> 78)", () => {
  const edited = join(dir, "Pulumi.peering.yaml");
  writeFileSync(edited, readFileSync("Pulumi.peering.yaml", "utf8").replace("vni: 77,", "vni: 78,"));

  it("--json: each resource's action, and what follows for the lab", { timeout: 120_000 }, async () => {
    const r = await cli(["plan", "--from", "Pulumi.peering.yaml", "--stack", edited, "--json"]);
    expect(r.err).toContain("running the program under the mock monitor");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { changes: { action: string; name: string; deleteFirst?: boolean }[]; [k: string]: unknown };
    expect(j.changes.map((c) => `${c.action}${c.deleteFirst ? " (delete first)" : ""} ${c.name}`).sort()).toEqual(
      [
        "replace (delete first) vm-hub00",
        "replace (delete first) vm-hub100",
        "replace verify-vm-hub00",
        "replace verify-vm-hub100",
        "update verify-vm-hub101",
        "update verify-vm-spoke10",
        "update nsg-vnet-hub00-default",
        "update nsg-vnet-hub100-default",
      ].sort(),
    );
    expect(j.vmsRecreated).toEqual(["vm-hub00", "vm-hub100"]);
    expect(j.gatewaysRebuilt).toEqual([]);
    expect(j.tunnelsDown).toEqual(["vxlan0 vm-hub00 <-> vm-hub100: down while vm-hub00 and vm-hub100 are re-created"]);
    expect([...(j.checksRerun as string[])].sort()).toEqual(["vm-hub00", "vm-hub100", "vm-hub101", "vm-spoke10"]);
    expect(j.note).toContain("not the engine's preview");
  });

  it("the same file: nothing changes; a broken old file is exit 2 before anything runs", { timeout: 120_000 }, async () => {
    const same = await cli(["plan", "--from", "Pulumi.peering.yaml", "--stack", "peering"]);
    expect(same.code).toBe(0);
    expect(same.out).toContain("nothing changes: the up creates, updates and deletes nothing, and no check re-runs");
    const bad = join(dir, "Pulumi.bad.yaml");
    writeFileSync(bad, readFileSync("Pulumi.peering.yaml", "utf8").replace("vni: 77,", "vni: 0,"));
    const refused = await cli(["plan", "--from", bad, "--stack", "peering"]);
    expect(refused.code).toBe(2);
    expect(refused.err).not.toContain("mock monitor");
  });
});
