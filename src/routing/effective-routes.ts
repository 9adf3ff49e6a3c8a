// Each subnet's effective routes computed the way Azure does (the columns of
// `az network nic show-effective-route-table`), route selection, and what the emulated fabric
// does with a packet leaving a subnet. Pure functions over the lab model.
//
// Azure rules (learn.microsoft.com, "Virtual network traffic routing"):
// - Default system routes per subnet: each address range of the VNet -> Virtual network,
//   0.0.0.0/0 -> Internet, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 -> None.
//   "If you assign any of the previous address ranges within the address space of a virtual
//   network, Azure automatically changes the next hop type for the route from None to Virtual
//   network" (only when the range is assigned exactly; a VNet 10.0.0.0/16 keeps 10.0.0.0/8 None).
// - Optional default routes: peering adds a route for each address range of the peered VNet
//   (next hop VNet peering). Gateway (BGP) routes come from the VNet's own gateway, or from a
//   peer's gateway only with useRemoteGateways + allowGatewayTransit.
// - "How Azure selects a route": longest prefix match; for the same prefix
//   "User-defined route, BGP route, System route"; and "System routes for traffic related to
//   virtual network, virtual network peerings, or virtual network service endpoints, are
//   preferred routes, even if BGP routes are more specific."
import { addressToInt, containsAddress, containsPrefix, mustPrefix, type Prefix } from "../net/cidr.js";
import type { Lab, LoadBalancerModel, RouteTableModel, VmModel, VnetModel } from "../model/types.js";
import { DEFAULT_ROUTE } from "../platform/network.js";

export type RouteSource = "Default" | "User" | "VirtualNetworkGateway";
export type NextHopType = "VnetLocal" | "VNetPeering" | "VirtualNetworkGateway" | "VirtualAppliance" | "Internet" | "None";

export interface EffectiveRoute {
  readonly source: RouteSource;
  readonly state: "Active" | "Invalid";
  readonly prefixes: readonly string[];
  readonly nextHopType: NextHopType;
  /** VirtualAppliance only. */
  readonly nextHopIp?: string;
  /** Why the route is here: the VNet whose space it is (VnetLocal/VNetPeering/VirtualNetworkGateway), the UDR name, or "reserved". */
  readonly origin?: string;
}

/** The default system routes Azure adds to every subnet besides the VNet's own space. */
export const DEFAULT_SYSTEM_ROUTES: readonly { prefix: string; nextHopType: NextHopType }[] = [
  { prefix: DEFAULT_ROUTE, nextHopType: "Internet" },
  { prefix: "10.0.0.0/8", nextHopType: "None" },
  { prefix: "172.16.0.0/12", nextHopType: "None" },
  { prefix: "192.168.0.0/16", nextHopType: "None" },
  { prefix: "100.64.0.0/10", nextHopType: "None" },
];

const vnetOf = (lab: Lab, name: string): VnetModel => {
  const v = lab.vnets.find((x) => x.name === name);
  if (!v) throw new Error(`no VNet named ${name} in the lab`);
  return v;
};

/** True when the VNet's connection to its circuit domain counts: its own gateway, or an on-premises network (the circuit's far end). */
const speaksBgp = (v: VnetModel): boolean => v.gateway !== undefined || !v.deployed;

/** Prefixes a VNet's gateway (or an on-premises network's edge) learns: every other member of its circuit domains. */
export function gatewayLearned(lab: Lab, vnet: string): { prefix: string; from: string }[] {
  const v = vnetOf(lab, vnet);
  if (!speaksBgp(v)) return [];
  const out: { prefix: string; from: string }[] = [];
  for (const d of lab.circuitDomains) {
    if (!d.members.includes(vnet)) continue;
    for (const m of d.members) {
      if (m === vnet) continue;
      const mv = vnetOf(lab, m);
      // A member only advertises what its own gateway (or on-premises edge) connects.
      if (!speaksBgp(mv)) continue;
      for (const prefix of mv.addressSpace) out.push({ prefix, from: m });
    }
  }
  return out;
}

/** Peerings from `vnet` whose reverse link exists too (Azure only connects a peering when both links exist). */
function connectedPeerings(lab: Lab, vnet: string) {
  return lab.peerings.filter((p) => p.from === vnet && lab.peerings.some((q) => q.from === p.to && q.to === vnet));
}

/** The subnet's UDRs: Azure's route table, or for an on-premises site the routes its own network must carry. */
export function routeTableFor(lab: Lab, vnet: string, subnet: string): RouteTableModel | undefined {
  const match = (t: RouteTableModel) => t.vnet === vnet && t.subnet === subnet;
  return (vnetOf(lab, vnet).deployed ? lab.routeTables : lab.onpremRouteTables).find(match);
}

type Candidate = Omit<EffectiveRoute, "state">;

/** Same-prefix priority: User > VNet/peering system routes > BGP > other system routes. */
function rank(r: Pick<EffectiveRoute, "source" | "nextHopType">): number {
  if (r.source === "User") return 4;
  if (r.nextHopType === "VnetLocal" || r.nextHopType === "VNetPeering") return 3;
  if (r.source === "VirtualNetworkGateway") return 2;
  return 1;
}

const isVnetSystem = (r: Candidate) => r.source === "Default" && (r.nextHopType === "VnetLocal" || r.nextHopType === "VNetPeering");

/** The effective routes of one subnet, in Azure's table order: Default, VirtualNetworkGateway, User. */
export function effectiveRoutes(lab: Lab, vnet: string, subnet: string): EffectiveRoute[] {
  const v = vnetOf(lab, vnet);
  if (!v.subnets.some((s) => s.name === subnet)) throw new Error(`no subnet ${subnet} in ${vnet}`);

  const c: Candidate[] = [];
  for (const prefix of v.addressSpace) c.push({ source: "Default", prefixes: [prefix], nextHopType: "VnetLocal", origin: vnet });
  const peers = connectedPeerings(lab, vnet);
  for (const p of peers) {
    for (const prefix of vnetOf(lab, p.to).addressSpace) {
      c.push({ source: "Default", prefixes: [prefix], nextHopType: "VNetPeering", origin: p.to });
    }
  }
  for (const d of DEFAULT_SYSTEM_ROUTES) {
    // An address range assigned exactly turns the None route into the Virtual network route (already listed).
    if (v.addressSpace.includes(d.prefix)) continue;
    c.push({ source: "Default", prefixes: [d.prefix], nextHopType: d.nextHopType, origin: "reserved" });
  }
  const learned = [...gatewayLearned(lab, vnet)];
  // Remote gateway: only when this side uses it and the peer offers transit.
  for (const p of peers) {
    const back = lab.peerings.find((q) => q.from === p.to && q.to === vnet);
    if (p.useRemoteGateways && back?.allowGatewayTransit && vnetOf(lab, p.to).gateway) {
      learned.push(...gatewayLearned(lab, p.to).filter((l) => l.from !== vnet));
    }
  }
  const seen = new Set<string>();
  for (const l of learned) {
    if (seen.has(l.prefix)) continue;
    seen.add(l.prefix);
    c.push({ source: "VirtualNetworkGateway", prefixes: [l.prefix], nextHopType: "VirtualNetworkGateway", origin: l.from });
  }
  for (const r of routeTableFor(lab, vnet, subnet)?.routes ?? []) {
    c.push({ source: "User", prefixes: [r.prefix], nextHopType: "VirtualAppliance", nextHopIp: r.nextHopIp, origin: r.name });
  }

  const parsed = c.map((r) => mustPrefix(r.prefixes[0]!));
  return c.map((r, i) => {
    const p = parsed[i]!;
    const beatenSamePrefix = c.some(
      (o, j) => j !== i && parsed[j]!.network === p.network && parsed[j]!.length === p.length && rank(o) > rank(r),
    );
    // BGP never overrides the VNet's own space or a peering, even when more specific.
    const bgpUnderSystem = r.source === "VirtualNetworkGateway" && c.some((o, j) => isVnetSystem(o) && containsPrefix(parsed[j]!, p));
    return { ...r, state: beatenSamePrefix || bgpUnderSystem ? "Invalid" : "Active" };
  });
}

/** The route Azure would use for a destination address (Active routes only), or undefined. */
export function selectRoute(routes: readonly EffectiveRoute[], destination: string): EffectiveRoute | undefined {
  addressToInt(destination); // throws on a non-address
  let best: { r: EffectiveRoute; p: Prefix } | undefined;
  for (const r of routes) {
    if (r.state !== "Active") continue;
    for (const text of r.prefixes) {
      const p = mustPrefix(text);
      if (!containsAddress(p, destination)) continue;
      if (!best || p.length > best.p.length || (p.length === best.p.length && rank(r) > rank(best.r))) best = { r, p };
    }
  }
  return best?.r;
}

export type Delivery = { vm: VmModel } | { nextHopIp: string } | { drop: NextHopType };

/**
 * What the fabric does with a packet from (vnet, subnet) to destination: deliver it to the VM NIC
 * that owns the address (VnetLocal / VNetPeering / VirtualNetworkGateway route), forward it to a
 * VirtualAppliance next hop, or drop it (None, Internet, no route, or no NIC with that address).
 */
export function deliveryVm(lab: Lab, vnet: string, subnet: string, destination: string): Delivery {
  return deliveryFromRoutes(lab, effectiveRoutes(lab, vnet, subnet), destination);
}

/** deliveryVm for a subnet whose effective routes are already computed (big labs: thousands of calls). */
export function deliveryFromRoutes(lab: Lab, routes: readonly EffectiveRoute[], destination: string): Delivery {
  const route = selectRoute(routes, destination);
  if (!route) return { drop: "None" };
  switch (route.nextHopType) {
    case "VirtualAppliance":
      return { nextHopIp: route.nextHopIp! };
    case "VnetLocal":
    case "VNetPeering":
    case "VirtualNetworkGateway": {
      // The NIC must sit in the VNet the route leads to.
      const owner = route.origin ?? lab.vnets.find((v) => v.addressSpace.some((p) => containsAddress(mustPrefix(p), destination)))?.name;
      const vm = lab.vms.find((x) => x.address === destination && x.vnet === owner);
      return vm ? { vm } : { drop: route.nextHopType };
    }
    default:
      return { drop: route.nextHopType };
  }
}

/** Where a packet ends up in the fabric: a VM's NIC (a VirtualAppliance next hop resolved to the NIC
 *  with that address), one of a load balancer's backends (the next hop is its frontend; which one is
 *  the caller's choice), or a drop. */
export type NicDelivery = { vm: VmModel } | { loadBalancer: LoadBalancerModel; backends: readonly VmModel[] } | { drop: string };

/**
 * The one delivery decision: deliveryFromRoutes, with a VirtualAppliance next hop resolved to its NIC,
 * or to the load balancer whose frontend it is. A UDR's Virtual appliance next hop may be "the private
 * IP address of an Azure internal load balancer" (Learn, "Virtual network traffic routing"); the load
 * balancer then picks a backend per flow on the 5-tuple (Learn, "High availability ports overview").
 */
export function deliveryNic(lab: Lab, routes: readonly EffectiveRoute[], destination: string): NicDelivery {
  const d = deliveryFromRoutes(lab, routes, destination);
  if ("drop" in d) return { drop: d.drop };
  if ("vm" in d) return { vm: d.vm };
  const lb = lab.loadBalancer;
  if (lb && lb.frontend === d.nextHopIp) {
    const backends = lb.backends.flatMap((name) => lab.vms.filter((v) => v.name === name));
    return backends.length ? { loadBalancer: lb, backends } : { drop: `load balancer ${lb.name} has no backend` };
  }
  const nva = lab.vms.find((v) => v.address === d.nextHopIp);
  return nva ? { vm: nva } : { drop: `no NIC has next hop ${d.nextHopIp}` };
}
