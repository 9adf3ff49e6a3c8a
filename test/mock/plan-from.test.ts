// `lab plan --from`: the program run for an old and a new config, diffed with the replacement rules
// it declares and Azure's. Expected actions written from those rules (src/azure/vms.ts: osProfile
// replaces a VM, old one first; verification.ts: a run-command's vmName is its VM's output;
// gateways.ts: a new circuit replaces the connection; Azure: a new resource group is a new
// resource), not read back from change.ts.
import { describe, expect, it } from "vitest";
import { ofType, runProgram, T, type RunResult } from "./harness.js";
import { CIRCUIT, circuitId, gatewayVnets, onCircuit } from "../support/circuits.js";
import { editedLab, type Raw } from "../support/config-edit.js";
import { diffGraphs, type Change } from "../../src/plan/change.js";
import { changeReport, renderChangeReport } from "../../src/plan/change-report.js";

const run = (edit?: (l: Raw) => void): Promise<RunResult> =>
  runProgram({
    stack: "dev",
    lab: (l: Raw) => {
      onCircuit(l);
      edit?.(l);
      return l;
    },
  });
// One program run at a time: the mock monitor records one run per process.
async function pair(edit?: (l: Raw) => void, after?: () => Promise<RunResult>): Promise<[RunResult, RunResult]> {
  const a = await run();
  return [a, await (after ? after() : run(edit))];
}
const act = (changes: readonly Change[]) => changes.map((c) => `${c.action}${c.deleteFirst ? " (delete first)" : ""} ${c.name}`);

describe("plan --from: what an up from one config to another does", () => {
  it("the same config changes nothing (a second up is a no-op)", async () => {
    const [a, b] = await pair();
    expect(diffGraphs(a.resources, b.resources)).toEqual([]);
  });

  it("a VNI change: both routers re-created (old one first) with their run-commands; every check re-runs", async () => {
    const [a, b] = await pair((l) => (l.sites[0].tunnel.vni = 78));
    const changes = diffGraphs(a.resources, b.resources);
    expect(act(changes).sort()).toEqual(
      [
        "replace (delete first) vm-hub00",
        "replace (delete first) vm-hub100",
        "replace verify-vm-hub00",
        "replace verify-vm-hub100",
        "update verify-vm-hub101",
        "update verify-vm-spoke10",
        // The VXLAN rule's description names the VNI.
        "update nsg-vnet-hub00-default",
        "update nsg-vnet-hub100-default",
      ].sort(),
    );
    expect(changes.find((c) => c.name === "verify-vm-hub00")!.why).toContain("vmName comes from vm-hub00, which is replaced");
    const r = changeReport(
      "old.yaml",
      "dev",
      editedLab("dev", (l) => void onCircuit(l)),
      changes,
    );
    expect(r.vmsRecreated).toEqual(["vm-hub00", "vm-hub100"]);
    expect(r.tunnelsDown).toEqual(["vxlan0 vm-hub00 <-> vm-hub100: down while vm-hub00 and vm-hub100 are re-created"]);
    expect([...r.checksRerun].sort()).toEqual(["vm-hub00", "vm-hub100", "vm-hub101", "vm-spoke10"]);
    expect(r.gatewaysRebuilt).toEqual([]);
  });

  // routing: bgp writes frr.conf (sessions, password) and /etc/frr/daemons on both routers: their
  // customData changes; a RandomPassword per tunnel is new; no network resource changes (UDRs,
  // NSGs and VNets are routing's business in Azure, not the routers').
  it("static to routing: bgp: one RandomPassword created, both routers re-created, no network resource touched", async () => {
    const [a, b] = await pair((l) => (l.routing = "bgp"));
    const changes = diffGraphs(a.resources, b.resources);
    expect(act(changes.filter((c) => c.type !== T.rc)).sort()).toEqual(
      ["create bgp-vnet-hub100", "replace (delete first) vm-hub00", "replace (delete first) vm-hub100"].sort(),
    );
    expect(changes.find((c) => c.name === "bgp-vnet-hub100")!.type).toBe("random:index/randomPassword:RandomPassword");
    expect(
      changes
        .filter((c) => c.type === T.rc && c.action === "replace")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["verify-vm-hub00", "verify-vm-hub100"]);
  });

  it("an SSH source prefix (an NSG edit): no VM re-created, the NSGs updated, every check re-runs", async () => {
    const [a, b] = await pair((l) => (l.access = { ...(l.access ?? {}), sshSourcePrefixes: ["203.0.113.0/24"] }));
    const changes = diffGraphs(a.resources, b.resources);
    expect(changes.filter((c) => c.action !== "update")).toEqual([]);
    expect(changes.filter((c) => c.type === T.rc)).toHaveLength(4);
    expect(changes.some((c) => c.type === T.nsg)).toBe(true);
    expect(changes.some((c) => c.type === T.vm)).toBe(false);
  });

  // The site router routes every spoke prefix into the tunnel (the seed's static routes), so its
  // frr.conf, its customData, changes: it is re-created. The hub router's files do not change.
  it("a spoke's second address space: its VNet updated, the hub's peering towards it re-synced, the site router re-created", async () => {
    const [a, b] = await pair((l) => l.spokes[0].addressSpace.push("10.11.0.0/16"));
    const changes = diffGraphs(a.resources, b.resources);
    expect(act(changes.filter((c) => c.action !== "update"))).toEqual(["replace (delete first) vm-hub100", "replace verify-vm-hub100"]);
    expect(changes.find((c) => c.name === "vnet-spoke10")?.why).toEqual(["addressSpace changed"]);
    const towardsSpoke = ofType(b, T.peering).filter((p) => String(p.inputs.remoteVirtualNetwork?.id).endsWith("/vnet-spoke10"));
    expect(towardsSpoke.length).toBeGreaterThan(0);
    for (const p of towardsSpoke) expect(changes.find((c) => c.urn === p.urn)?.why).toContain("remoteAddressSpace changed");
  });

  // Every gateway of a lab is on one circuit (rules/gateways.ts), so a move changes all of them.
  it("a circuitId change: each connection is replaced, old one first; nothing else is rebuilt", async () => {
    const other = circuitId("er-other");
    expect(other).not.toBe(CIRCUIT);
    const [a, b] = await pair((l) => {
      for (const v of gatewayVnets(l)) v.gateway.circuitId = other;
    });
    const changes = diffGraphs(a.resources, b.resources);
    const cn = changes.filter((c) => c.type === T.cn);
    expect(cn.map((c) => [c.action, c.deleteFirst, c.why])).toEqual([
      ["replace", true, ["peer changed"]],
      ["replace", true, ["peer changed"]],
      ["replace", true, ["peer changed"]],
    ]);
    expect(changes.filter((c) => c.action === "replace" && c.type !== T.cn)).toEqual([]);
    const r = changeReport(
      "old.yaml",
      "dev",
      editedLab("dev", (l) => void onCircuit(l)),
      changes,
    );
    expect(r.connectionsRebuilt).toEqual(cn.map((c) => c.name));
    expect(r.tunnelsDown).toEqual(
      cn.map((c) => `${c.name}: the ExpressRoute path through it is down from its delete until the new connection is up`),
    );
  });

  it("a new resource group: every Azure resource is a new one (the group itself, by its name, a create and a delete)", async () => {
    const [a, b] = await pair((l) => (l.resourceGroupName = "rg-other"));
    const changes = diffGraphs(a.resources, b.resources);
    const inGroup = b.resources.filter((r) => r.custom && r.type.startsWith("azure-native:") && r.type !== T.rg);
    expect(changes.filter((c) => c.type.startsWith("azure-native:") && c.type !== T.rg).map((c) => c.action)).toEqual(
      inGroup.map(() => "replace"),
    );
    expect(act(changes.filter((c) => c.type === T.rg))).toEqual(["create rg-other", "delete rg-hub-spoke-vxlan-dev"]);
  });

  it("circuits removed: the checks are off by default, their run-commands deleted (the VMs stay)", async () => {
    const [a, b] = await pair(undefined, () => runProgram({ stack: "dev" }));
    const changes = diffGraphs(a.resources, b.resources);
    expect(changes.filter((c) => c.type === T.rc).map((c) => [c.action, c.deletedWith])).toEqual([
      ["delete", undefined],
      ["delete", undefined],
      ["delete", undefined],
      ["delete", undefined],
    ]);
    expect(changes.filter((c) => c.type === T.vm)).toEqual([]);
    const text = renderChangeReport(changeReport("old.yaml", "dev", editedLab("dev"), changes));
    expect(text).toContain("not the engine's preview");
    expect(text).toContain("VMs re-created: none");
  });
});
