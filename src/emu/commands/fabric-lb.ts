// hub.pair's internal load balancer in the emulated fabric (pure: nft text and ip lines). Azure's
// rules, quoted in docs/high-availability.md: the decision is "made per flow ... based on the
// following five-tuple" (HA ports overview); only TCP and UDP are balanced ("not other IP protocols
// including ICMP", LB components); a backend probed down gets no new flow, but "Established TCP
// connections to this backend endpoint continue" and "Existing UDP flows move to another healthy
// instance"; with every backend down, AllProbedUp sends to all (model/load-balancer.ts).
// Here: packets from a port whose subnet routes a prefix to the frontend get a backend mark, hashed
// on the 5-tuple over the healthy backends (the slot map, rewritten by the prober: lb-prober.ts);
// a TCP flow keeps its first mark in conntrack; `ip rule iif <port> fwmark <backend>` sends the
// packet to that backend's table, where the frontend's prefixes go to the backend's NIC.
import type { Lab, LoadBalancerModel } from "../../model/types.js";
import { WIRESERVER } from "../../platform/network.js";
import { effectiveRoutes } from "../../routing/effective-routes.js";
import { nodeOf, type Topology, type VmNode } from "./topology.js";

export const LB_TABLE = "hsv_lb";
export const LB_SLOTS_MAP = "slots";
/** Routing tables of the backends: FIRST_LB_TABLE + index, below the subnets' (topology.ts FIRST_TABLE). */
export const FIRST_LB_TABLE = 900;
/** The rules that pick a backend's table come before the subnets' `iif` rules (pref 1000). */
export const LB_RULE_PREF = 900;
/** Hash slots: more slots than backends keeps the split even when one comes back (each slot maps to a healthy backend). */
export const SLOTS = 16;

/** A backend's packet mark (and its table's offset + 1): 1, 2, ... in the model's backend order. */
export const backendMark = (i: number): number => i + 1;

export interface LbPort {
  readonly node: VmNode;
  /** Prefixes this port's subnet routes to the frontend (its UDRs). */
  readonly prefixes: readonly string[];
}

/** Ports whose subnet has an active route to the frontend, with those prefixes (the spokes' UDRs). */
export function lbPorts(lab: Lab, t: Topology): LbPort[] {
  const lb = lab.loadBalancer;
  if (!lb) return [];
  const bySubnet = new Map<string, string[]>();
  return t.nodes.flatMap((node) => {
    const key = `${node.vm.vnet}/${node.vm.subnet}`;
    let prefixes = bySubnet.get(key);
    if (!prefixes) {
      prefixes = effectiveRoutes(lab, node.vm.vnet, node.vm.subnet)
        .filter((r) => r.state === "Active" && r.nextHopType === "VirtualAppliance" && r.nextHopIp === lb.frontend)
        .flatMap((r) => r.prefixes);
      bySubnet.set(key, prefixes);
    }
    return prefixes.length ? [{ node, prefixes }] : [];
  });
}

export interface LbBackend {
  readonly name: string;
  readonly address: string;
  readonly port: string;
  readonly mark: number;
  readonly table: number;
}

export function lbBackends(lb: LoadBalancerModel, t: Topology): LbBackend[] {
  return lb.backends.map((name, i) => {
    const n = nodeOf(t, name);
    if (!n) throw new Error(`load balancer backend ${name} has no port in the fabric`);
    return { name, address: n.vm.address, port: n.port, mark: backendMark(i), table: FIRST_LB_TABLE + i };
  });
}

/** Slot -> backend mark over the healthy backends, round robin; none healthy: over all of them (AllProbedUp, model/load-balancer.ts). */
export function slotMarks(healthy: readonly boolean[]): number[] {
  const some = healthy.some(Boolean);
  const up = healthy.flatMap((h, i) => (h || !some ? [backendMark(i)] : []));
  return Array.from({ length: SLOTS }, (_, s) => up[s % up.length]!);
}

/** The slot map's elements as nft writes them ("0 : 1, 1 : 2, ..."): the table's first fill and every rewrite. */
const slotElements = (healthy: readonly boolean[]): string =>
  slotMarks(healthy)
    .map((m, s) => `${s} : ${m}`)
    .join(", ");

/** The nft statement that sets the slot map (one transaction: flush and fill). */
export function slotsNft(healthy: readonly boolean[]): string {
  return `flush map inet ${LB_TABLE} ${LB_SLOTS_MAP}\nadd element inet ${LB_TABLE} ${LB_SLOTS_MAP} { ${slotElements(healthy)} }\n`;
}

/** The load balancer's nft table; starts with every backend down, as Azure has it until a probe answers (so: sent to all). */
export function lbNft(lab: Lab, t: Topology): string {
  const ports = lbPorts(lab, t);
  if (!lab.loadBalancer || !ports.length) return "";
  const routed = ports.flatMap((p) => p.prefixes.map((x) => `"${p.node.port}" . ${x}`));
  return [
    `table inet ${LB_TABLE} {`,
    "  set routed {",
    "    typeof iifname . ip daddr",
    "    flags interval",
    `    elements = { ${routed.join(", ")} }`,
    `    comment "port . prefix its subnet routes to the frontend ${lab.loadBalancer.frontend}"`,
    "  }",
    `  map ${LB_SLOTS_MAP} {`,
    `    typeof numgen inc mod ${SLOTS} : meta mark`,
    `    elements = { ${slotElements(lab.loadBalancer.backends.map(() => false))} }`,
    `    comment "hash slot -> healthy backend's mark (lb-prober.ts rewrites it)"`,
    "  }",
    "  chain prerouting {",
    "    type filter hook prerouting priority mangle; policy accept;",
    "    meta nfproto != ipv4 return",
    "    iifname . ip daddr != @routed return",
    `    ct mark != 0 meta l4proto tcp meta mark set ct mark counter return comment "an established TCP flow stays on its backend"`,
    `    meta l4proto != { tcp, udp } counter drop comment "HA ports balance TCP and UDP only (not ICMP)"`,
    `    meta mark set jhash ip saddr . ip daddr . meta l4proto . th sport . th dport mod ${SLOTS} map @${LB_SLOTS_MAP} counter comment "new flow: 5-tuple hash over the healthy backends"`,
    `    meta l4proto tcp ct mark set meta mark comment "pin the TCP flow to its backend"`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** ip lines: each backend's table (the frontend's prefixes to its NIC), the mark rules per port, and the prober's own path. */
export function lbRouteCommands(lab: Lab, t: Topology): string[] {
  const lb = lab.loadBalancer;
  const ports = lbPorts(lab, t);
  if (!lb || !ports.length) return [];
  const backends = lbBackends(lb, t);
  const prefixes = [...new Set(ports.flatMap((p) => p.prefixes))];
  return [
    ...backends.flatMap((b) => prefixes.map((p) => `route replace ${p} via ${b.address} dev ${b.port} onlink table ${b.table}`)),
    ...ports.flatMap((p) => backends.map((b) => `rule add iif ${p.node.port} fwmark ${b.mark} lookup ${b.table} pref ${LB_RULE_PREF}`)),
    // The health probe comes from Azure's 168.63.129.16; its answers come back to the fabric itself.
    `address add ${WIRESERVER}/32 dev lo`,
    ...backends.map((b) => `route replace ${b.address}/32 dev ${b.port} src ${WIRESERVER}`),
  ];
}
