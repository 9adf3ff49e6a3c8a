// The lab after its first `up`: a change, a re-check, a destroy. Under mocks: how each run-command is
// tied to its VM, that every model change re-runs every VM's check, that a stale probe output is
// named and not judged, that peerings carry the remote address space with the sync, and that a
// connection's circuit change replaces it. Expected values are written from the cited Azure and
// Pulumi rules (comments in src/azure/), not read back from the code.
import { describe, expect, it } from "vitest";
import { nonEmpty } from "../support/non-empty.js";
import { ofType, runProgram, T, type RunResult } from "./harness.js";
import { onCircuit } from "../support/circuits.js";
import { editedLab, type Raw } from "../support/config-edit.js";
import { healthyOutputs } from "../../src/probe/verification.js";

const byVm = (run: RunResult, type: string) => new Map(ofType(run, type).map((r) => [r.inputs.vmName as string, r]));
const scripts = (run: RunResult) => new Map(ofType(run, T.rc).map((r) => [r.inputs.vmName as string, r.inputs.source.script as string]));

describe("a run-command lives and dies with its VM", () => {
  it("its vmName is the VM's own output (a property dependency) and it is deletedWith the VM", async () => {
    const run = await runProgram({ stack: "dev", lab: onCircuit });
    expect(run.error).toBeUndefined();
    const vms = byVm(run, T.vm);
    const rcs = ofType(run, T.rc);
    expect(rcs).toHaveLength(4);
    for (const rc of rcs) {
      const vm = vms.get(rc.inputs.vmName)!;
      expect(vm, rc.name).toBeDefined();
      // Without it a replaced VM (deleteBeforeReplace on osProfile) leaves the run-command in the state.
      expect(vm.deleteBeforeReplace).toBe(true);
      expect(rc.propertyDeps.vmName, rc.name).toEqual([vm.urn]);
      expect(rc.deletedWith, rc.name).toBe(vm.urn);
    }
  });
});

describe("every model change re-runs every VM's check", () => {
  // Changes that leave the probe's own script and targets alone (what used to keep the old output).
  const changes: [string, (l: Raw) => void][] = [
    ["an SSH source prefix (NSG rule)", (l) => (l.access = { ...(l.access ?? {}), sshSourcePrefixes: ["203.0.113.0/24"] })],
    ["a VM size (a resize)", (l) => (l.vmSize = "Standard_B2s")],
    ["the VXLAN guard off (NSG deny rule, router firewall)", (l) => (l.features = { ...(l.features ?? {}), vxlanGuard: false })],
    ["a spoke's second address space (UDRs, NSGs, peering)", (l) => l.spokes[0].addressSpace.push("10.11.0.0/16")],
  ];
  const run = (edit?: (l: Raw) => void) => runProgram({ stack: "dev", lab: (l: Raw) => (onCircuit(l), edit?.(l), l) });

  it("the same config renders the same scripts (a second `up` re-runs nothing)", async () => {
    const [a, b] = [scripts(await run()), scripts(await run())];
    expect(a.size).toBe(4);
    expect([...b]).toEqual([...a]);
  });

  it.each(nonEmpty(changes))("%s: every VM's script changes, so Azure runs it again", async (_what, edit) => {
    const before = scripts(await run());
    const after = scripts(await run(edit));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [vm, script] of after) expect(script, vm).not.toBe(before.get(vm));
  });

  it("verification says which model it judged with, and a probe from another model is stale, not judged", async () => {
    const fresh = await run();
    const v = fresh.outputs.verification as { model: string; ok: boolean };
    expect(v.model).toMatch(/^[0-9a-f]{16}$/);
    expect(v.ok).toBe(true);
    // Each VM's script prints the model line first.
    for (const [vm, script] of scripts(fresh)) expect(script, vm).toContain(`echo 'hsv-model ${v.model}'`);
    // vm-spoke10's output comes from an older model: right lines, wrong model.
    const old = await runProgram({
      stack: "dev",
      lab: onCircuit,
      runCommandOutputs: {
        ...Object.fromEntries(probeOutputs()),
        "vm-spoke10": `hsv-model 0123456789abcdef\n${probeOutputs().get("vm-spoke10")}`,
      },
    });
    const s = old.outputs.verification as { ok: boolean; differences: string[] };
    expect(s.ok).toBe(false);
    expect(s.differences).toHaveLength(3);
    for (const d of s.differences)
      expect(d).toMatch(/^vm-spoke10 -> \S+: stale: vm-spoke10's probe ran for model 0123456789abcdef, this is model [0-9a-f]{16}/);
  });
});

/** What each VM's probe prints when all is as the model says (the harness's default outputs). */
const probeOutputs = (): Map<string, string> => healthyOutputs(editedLab("dev", (l) => void onCircuit(l)));

describe("peerings follow the remote VNet's address space", () => {
  it("each peering is PUT with syncRemoteAddressSpace and the remote's space, so a change re-syncs it", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: Raw) => (l.spokes[0].addressSpace.push("10.11.0.0/16"), l) });
    expect(run.error).toBeUndefined();
    const peerings = ofType(run, T.peering);
    expect(peerings.length).toBeGreaterThan(1);
    const remote: Record<string, string[]> = {
      "vnet-hub00": ["10.0.0.0/16"],
      "vnet-spoke10": ["10.10.0.0/16", "10.11.0.0/16"],
      "vnet-hub100": ["10.100.0.0/16"],
    };
    for (const p of peerings) {
      const to = Object.keys(remote).find((v) => String(p.inputs.remoteVirtualNetwork.id).endsWith(`/${v}`));
      expect(to, p.name).toBeDefined();
      expect(p.inputs.syncRemoteAddressSpace, p.name).toBe("true");
      expect(p.inputs.remoteAddressSpace, p.name).toEqual({ addressPrefixes: remote[to!] });
    }
  });
});

describe("a connection's circuit cannot change in place", () => {
  it("a changed peer (circuitId) replaces the connection, the old one deleted first", async () => {
    const run = await runProgram({ stack: "dev", lab: onCircuit });
    const cns = ofType(run, T.cn);
    expect(cns.length).toBeGreaterThan(0);
    for (const cn of cns) {
      expect(cn.replaceOnChanges, cn.name).toContain("peer");
      expect(cn.deleteBeforeReplace, cn.name).toBe(true);
    }
  });
});

describe("the nightly shutdown", () => {
  const shutdown = (l: Raw) => (onCircuit(l), (l.autoShutdown = { time: "1900", timeZone: "UTC" }), l);

  it("with autoShutdown, the verification output says to start the VMs before the next up that re-runs the checks", async () => {
    const run = await runProgram({ stack: "dev", lab: shutdown });
    expect(run.error).toBeUndefined();
    const v = run.outputs.verification as { beforeNextUp?: string };
    expect(v.beforeNextUp).toContain("autoShutdown stops every VM at 1900 (UTC)");
    expect(v.beforeNextUp).toContain("Cannot modify extensions in the VM when the VM is not running");
    expect(v.beforeNextUp).toContain('az vm start --ids $(az vm list -g rg-hub-spoke-vxlan-dev --query "[].id" -o tsv)');
    const plain = await runProgram({ stack: "dev", lab: onCircuit });
    expect((plain.outputs.verification as { beforeNextUp?: string }).beforeNextUp).toBeUndefined();
  });

  it("destroy does not touch a run-command on a stopped VM: each goes with its VM (deletedWith)", async () => {
    const run = await runProgram({ stack: "dev", lab: shutdown });
    const vms = byVm(run, T.vm);
    expect(ofType(run, "azure-native:devtestlab:GlobalSchedule")).toHaveLength(4);
    for (const rc of ofType(run, T.rc)) expect(rc.deletedWith, rc.name).toBe(vms.get(rc.inputs.vmName)!.urn);
  });
});
