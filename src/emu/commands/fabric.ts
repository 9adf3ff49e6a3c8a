// The Azure fabric as one namespace (pure: commands only). One veth port per NIC, one routing
// table per subnet selected by `ip rule iif`, each ending in `blackhole default`; next hops from
// the effective routes (deliveryNic), VirtualAppliance hops `onlink`; proxy ARP with one MAC;
// filters for what Azure drops; TTL +1 so that the fabric never shows up as a traceroute hop.
import { addressToInt, mustPrefix } from "../../net/cidr.js";
import type { Lab } from "../../model/types.js";
import { AZURE_PATH_BYTES, DEFAULT_ROUTE, LINK_LOCAL } from "../../platform/network.js";
import { deliveryNic, effectiveRoutes, type EffectiveRoute } from "../../routing/effective-routes.js";
import { nsgNft } from "./fabric-nsg.js";
import { FABRIC_MAC, nodeOf, type Topology, type VmNode } from "./topology.js";

export const FABRIC_TABLE = "hsv_fabric";

/** Set before any port exists, so every port inherits them (proxy_arp, proxy_delay=0, rp_filter=0). */
export const FABRIC_SYSCTLS: readonly string[] = [
  "net.ipv4.conf.all.rp_filter=0",
  "net.ipv4.conf.default.rp_filter=0",
  "net.ipv4.conf.default.proxy_arp=1",
  "net.ipv4.conf.all.send_redirects=0",
  "net.ipv4.conf.default.send_redirects=0",
  "net.ipv6.conf.all.disable_ipv6=1",
  "net.ipv6.conf.default.disable_ipv6=1",
];

/** Forwarding (on every port at once), set last: the VMs start while the fabric is written, and no
 *  packet may cross it before its routes and NSG rules are all in (nor proxy ARP answer: it needs forwarding). */
export const FABRIC_FORWARDING: readonly string[] = ["net.ipv4.ip_forward=1"];

/** Per port (neigh/default is not per-namespace): answer proxy ARP at once, not after up to 0.8 s. */
export const portSysctls = (t: Topology): string[] => t.nodes.map((n) => `net.ipv4.neigh.${n.port}.proxy_delay=0`);

/** Ports: the veth pair per NIC, created from the fabric into the VM's namespace. */
export function portCommands(t: Topology): string[] {
  return [
    "link set lo up",
    ...t.nodes.flatMap((n) => [`link add ${n.port} address ${FABRIC_MAC} type veth peer name eth0 netns ${n.ns}`, `link set ${n.port} up`]),
  ];
}

/**
 * One subnet's effective routes, each prefix parsed once. `containing(address)` keeps the routes
 * with a prefix that holds the address: selectRoute ignores all others, so deliveryFromRoutes over
 * that subset decides exactly as over the whole table, without re-parsing every prefix per address.
 */
export class RouteIndex {
  private readonly parsed: { r: EffectiveRoute; ranges: [number, number][] }[];
  constructor(routes: readonly EffectiveRoute[]) {
    this.parsed = routes.map((r) => ({
      r,
      ranges: r.prefixes.map((text) => {
        const p = mustPrefix(text);
        return [p.network, p.network + 2 ** (32 - p.length) - 1] as [number, number];
      }),
    }));
  }
  containing(address: string): EffectiveRoute[] {
    const a = addressToInt(address);
    return this.parsed.filter((x) => x.ranges.some(([lo, hi]) => a >= lo && a <= hi)).map((x) => x.r);
  }
}

/** Where the fabric sends a packet from a subnet to `destination`: a port and maybe an onlink next hop, or nothing. */
export type FabricHop = { node: VmNode; via?: string } | { drop: string };

/** The drop fabricHop gives for a load balancer frontend next hop: the subnet's table blackholes it, and
 *  the fabric's load balancer (fabric-lb.ts) sends each TCP or UDP flow to a backend's table before it. */
export const loadBalancerPending = (frontend: string): string => `load balancer frontend ${frontend}: see fabric LB`;

/** deliveryNic as a fabric port; `routes` (the subnet's, or their RouteIndex) saves computing them per address. */
export function fabricHop(
  lab: Lab,
  t: Topology,
  vnet: string,
  subnet: string,
  destination: string,
  routes?: readonly EffectiveRoute[] | RouteIndex,
): FabricHop {
  const candidates = !routes ? effectiveRoutes(lab, vnet, subnet) : routes instanceof RouteIndex ? routes.containing(destination) : routes;
  const d = deliveryNic(lab, candidates, destination);
  if ("drop" in d) return d;
  // hub.pair: what the load balancer does not carry (ICMP, non-IPv4) ends here; its flows never reach this table.
  if ("loadBalancer" in d) return { drop: loadBalancerPending(d.loadBalancer.frontend) };
  const node = nodeOf(t, d.vm.name);
  if (!node) return { drop: `no NIC has next hop ${d.vm.address}` };
  return node.vm.address === destination ? { node } : { node, via: node.vm.address };
}

const routeLine = (dest: string, hop: FabricHop, table: number) =>
  "drop" in hop
    ? `route replace blackhole ${dest} table ${table}`
    : hop.via
      ? `route replace ${dest} via ${hop.via} dev ${hop.node.port} onlink table ${table}`
      : `route replace ${dest} dev ${hop.node.port} table ${table}`;

/** Each subnet's table: prefixes of its effective routes, then every VM address exactly, then blackhole default. */
export function tableCommands(lab: Lab, t: Topology): string[] {
  const lines: string[] = [];
  // Only subnets with a NIC get a table (no port leads into the others).
  for (const s of t.subnets.filter((x) => t.nodes.some((n) => n.table === x.table))) {
    const { vnet, name } = s.subnet;
    const all = effectiveRoutes(lab, vnet, name);
    const routes = all.filter((r) => r.state === "Active");
    const index = new RouteIndex(all);
    lines.push(`route replace blackhole default table ${s.table}`);
    // Prefix routes (for addresses that are no NIC's), longest last so that /32s below win anyway.
    const prefixes = routes
      .flatMap((r) => r.prefixes.map((p) => ({ p, r })))
      .filter(({ p }) => p !== DEFAULT_ROUTE)
      .sort((a, b) => mustPrefix(a.p).length - mustPrefix(b.p).length);
    for (const { p, r } of prefixes) {
      const hop: FabricHop =
        r.nextHopType === "VirtualAppliance" && r.nextHopIp ? fabricHop(lab, t, vnet, name, r.nextHopIp, index) : { drop: r.nextHopType };
      // A VirtualAppliance prefix: forward to the appliance (onlink), whatever the address.
      const viaHop: FabricHop = "drop" in hop ? hop : { node: hop.node, via: hop.node.vm.address };
      lines.push(routeLine(p, r.nextHopType === "VirtualAppliance" ? viaHop : { drop: r.nextHopType }, s.table));
    }
    // Every NIC address exactly as deliveryNic decides.
    for (const vm of lab.vms) lines.push(routeLine(`${vm.address}/32`, fabricHop(lab, t, vnet, name, vm.address, index), s.table));
    // The subnet gateway must answer ARP (proxy ARP needs a route leaving by another port): lo.
    lines.push(`route replace ${s.subnet.gatewayAddress}/32 dev lo table ${s.table}`);
  }
  for (const n of t.nodes) lines.push(`rule add iif ${n.port} lookup ${n.table} pref 1000`);
  return lines;
}

/**
 * emulation.azureFragmentation, the documented risk at its worst: Azure fragments a packet over
 * 1,400 bytes without DF and drops "out of order fragments"; here every such packet, and every
 * fragment, is lost. The oversize packet is dropped whole, because the fabric's own fragments would
 * pass no hook of it (forward runs before fragmenting); for the receiver that is the same loss. DF
 * packets pass up to the ports' 1500 ("up to 2,006 bytes when the Don't Fragment bit is set").
 * A GSO aggregate is judged by its total length: only non-DF ones match, i.e. the seed's tunnel,
 * whose segments are 1500 bytes each anyway.
 */
const fragmentationRules = (): string[] => [
  `    ip frag-off & 0x3fff != 0 counter drop comment "azureFragmentation: a fragment (may arrive out of order: dropped)"`,
  `    ip frag-off & 0x4000 == 0 ip length > ${AZURE_PATH_BYTES} counter drop comment "azureFragmentation: over ${AZURE_PATH_BYTES} bytes without DF, Azure would fragment it"`,
];

/** nftables in the fabric: link-local sources, Azure's fragmentation, anti-spoofing for NICs without IP forwarding, optional frag-needed drop; the NSGs (fabric-nsg.ts) unless emulation.enforceNsgs is off. */
export function fabricNft(lab: Lab, t: Topology): string {
  const rules: string[] = [];
  if (lab.config.emulation.dropLinkLocalSource)
    rules.push(`    ip saddr ${LINK_LOCAL} counter drop comment "Azure drops link-local sources"`);
  if (lab.config.emulation.azureFragmentation) rules.push(...fragmentationRules());
  if (lab.config.emulation.dropFragNeeded)
    rules.push(`    icmp type destination-unreachable icmp code frag-needed counter drop comment "fault injection: dropFragNeeded"`);
  for (const n of t.nodes.filter((x) => !x.vm.ipForwarding)) {
    rules.push(
      `    iifname "${n.port}" ip saddr != ${n.vm.address} counter drop comment "${n.vm.name}: no IP forwarding, cannot send for others"`,
    );
    rules.push(
      `    oifname "${n.port}" ip daddr != ${n.vm.address} counter drop comment "${n.vm.name}: no IP forwarding, cannot receive for others"`,
    );
  }
  const fabric = [
    `table inet ${FABRIC_TABLE} {`,
    "  chain forward {",
    "    type filter hook forward priority filter; policy accept;",
    ...rules,
    "  }",
    "}",
    "",
  ].join("\n");
  return lab.config.emulation.enforceNsgs ? fabric + nsgNft(lab, t) : fabric;
}

/** iptables (nf_tables backend): TTL +1 on entry cancels the fabric's own decrement. */
export const FABRIC_TTL_RULE: readonly string[] = ["iptables", "-w", "-t", "mangle", "-A", "PREROUTING", "-j", "TTL", "--ttl-inc", "1"];
