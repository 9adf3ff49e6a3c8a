// Lab edits for the fix-by-fix proofs (an attacker VM, NSGs off, a forwarding NIC, a router rebuilt
// from a changed document); the variant stack files themselves: src/emu/variants.ts.
import type { Loaded } from "../../src/emu/stack.js";
import { buildTopology } from "../../src/emu/commands/topology.js";
import type { VmModel } from "../../src/model/types.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { planFor, type Plan } from "../../src/emu/commands/cloud-init.js";
import { rebuild, routerNode } from "../../src/emu/faults.js";
import { stackKeys } from "../../src/emu/wireguard.js";
import { waitForRouterRoutes } from "../../src/emu/lifecycle.js";
import { type Raw } from "../support/config-edit.js";

/** The fabric's NSGs off: they drop attack traffic (deny-vxlan-others, deny-all-inbound) before it
 *  reaches the routers, whose own defences are what the attack tests prove. */
export const withoutNsgs = (lab: Raw) => {
  lab.emulation = { ...(lab.emulation ?? {}), enforceNsgs: false };
};

/** An attacker's lab: a plain VM on the hub subnet, NSGs off (see withoutNsgs). */
export const attackerLab = (lab: Raw) => {
  withHubHost(lab);
  withoutNsgs(lab);
};

/** A plain VM on the hub subnet: no IP forwarding, like any workload a tenant might run there. */
export const withHubHost = (lab: Raw) => {
  lab.hub.hosts = [...(lab.hub.hosts ?? []), { name: "vm-hub01", address: "10.0.0.5" }];
};

/**
 * The lab with one VM's NIC set to IP forwarding (Azure's enableIPForwarding), which no config key
 * gives a host: the fabric then lets that NIC send with any source address, as Azure does.
 */
export function withIpForwarding(l: Loaded, vmName: string): Loaded {
  const fwd = (vm: VmModel): VmModel => (vm.name === vmName ? { ...vm, ipForwarding: true } : vm);
  if (!l.lab.vms.some((vm) => vm.name === vmName)) throw new Error(`no VM ${vmName}`);
  const lab = { ...l.lab, vms: l.lab.vms.map(fwd), vnets: l.lab.vnets.map((v) => ({ ...v, vms: v.vms.map(fwd) })) };
  return { ...l, lab, topo: buildTopology(lab, l.topo.stack) };
}

/** Bounded: the site host reaches the spoke host (up to 20 one-second pings); throws if it never does. */
export async function tunnelBack(l: Loaded): Promise<void> {
  await waitForRouterRoutes(l.topo);
  const site = l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!.ns;
  for (let i = 0; i < 20; i++) {
    if ((await run(inNs(site, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.10.0.4"]), { check: false })).code === 0) return;
  }
  throw new Error("site host does not reach the spoke host after the rebuild");
}

/**
 * A router rebuilt from its rendered cloud-init changed by `variant` (a test-only variant of the
 * rendered files, e.g. one protection stripped); returns once the tunnel carries traffic again.
 */
export async function routerWith(l: Loaded, vm: string, variant: (p: Plan) => Plan): Promise<void> {
  const n = routerNode(l, vm);
  // With the stack's secrets, as up renders it: a BGP password or WireGuard key is part of the document.
  await rebuild(l, n, true, variant(planFor(l.lab, n, stackKeys(l.lab, l.topo.stack))));
  await tunnelBack(l);
}
