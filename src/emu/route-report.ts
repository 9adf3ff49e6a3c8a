// `routes VM`: the VM's effective routes in the columns of `az network nic
// show-effective-route-table`, and the kernel routes inside the emulated VM.
import type { Lab } from "../model/types.js";
import { effectiveRoutes, type EffectiveRoute } from "../routing/effective-routes.js";
import { run } from "./exec.js";
import { nodeOf, type Topology } from "./commands/topology.js";

export const AZ_COLUMNS = ["Source", "State", "Address Prefix", "Next Hop Type", "Next Hop IP"] as const;

/** One row per route, as az prints them (prefixes joined, next hop IP blank unless an appliance). */
export function azRows(routes: readonly EffectiveRoute[]): string[][] {
  return routes.map((r) => [r.source, r.state, r.prefixes.join(" "), r.nextHopType, r.nextHopIp ?? ""]);
}

export interface VmRoutes {
  readonly vm: string;
  readonly vnet: string;
  readonly subnet: string;
  readonly effective: readonly EffectiveRoute[];
  /** `ip route show` inside the VM, or undefined when the lab is not up. */
  readonly kernel?: readonly string[];
}

export async function vmRoutes(lab: Lab, topo: Topology, name: string): Promise<VmRoutes> {
  const node = nodeOf(topo, name);
  if (!node)
    throw new UnknownVmError(
      name,
      lab.vms.map((v) => v.name),
    );
  const { vm } = node;
  const r = await run(["ip", "-n", node.ns, "-4", "route", "show"], { check: false });
  return {
    vm: vm.name,
    vnet: vm.vnet,
    subnet: vm.subnet,
    effective: effectiveRoutes(lab, vm.vnet, vm.subnet),
    ...(r.code === 0 ? { kernel: r.stdout.split("\n").filter(Boolean) } : {}),
  };
}

export class UnknownVmError extends Error {
  override name = "UnknownVmError";
  constructor(name: string, known: readonly string[]) {
    super(`no VM named "${name}" in this lab (VMs: ${known.join(", ")})`);
  }
}
