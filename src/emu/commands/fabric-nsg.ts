// The subnets' NSGs in the emulated fabric (pure: nft text from the same NsgModel the Azure adapter
// declares). Azure's evaluation: "Rules are processed in priority order, with lower numbers processed
// before higher numbers", first match wins, the default rules after the custom ones, inbound on the
// NIC a packet enters, outbound on the NIC it leaves
// (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules).
// In the fabric: a packet arriving from VM X's port is outbound for X's subnet's NSG, a packet leaving
// to VM Y's port inbound for Y's; matched on the packet's own addresses, so a router's NSG sees
// forwarded packets with their original destination, as Azure's does (hence allow-tunnel-forward).
//
// Stateful per NIC: "A flow record is created for existing connections. Communication is allowed or
// denied based on the connection state of the flow record" (same page, #security-rules), and a
// subnet's NSG is applied at each NIC in it ("This also applies to traffic within a single subnet",
// https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works). So a flow
// record lives on the NICs that admitted the flow: a reply that comes back through a NIC the request
// never crossed (the hub router's own TCP sent inside VXLAN, answered natively) meets no record
// there and is judged by that NIC's inbound rules. Here each NSG-filtered port has a set of the
// conntrack ids of the flows it admitted; one global "established" would accept such a reply.
import { containsPrefix, mustPrefix } from "../../net/cidr.js";
import { PLATFORM_ADDRESSES, WIRESERVER } from "../../platform/network.js";
import type { Lab, NsgModel, NsgRule } from "../../model/types.js";
import { effectiveRoutes, type EffectiveRoute } from "../../routing/effective-routes.js";
import type { Topology } from "./topology.js";

export const NSG_TABLE = "hsv_nsg";

/** The AzureLoadBalancer service tag as a VM sees it: health probes come from 168.63.129.16. */
const AZURE_LOAD_BALANCER = [`${WIRESERVER}/32`];

export type Direction = "Inbound" | "Outbound";
export interface FabricNsgRule extends Omit<NsgRule, "description"> {
  readonly direction: Direction;
}

const defaultRule = (
  direction: Direction,
  name: string,
  priority: number,
  access: NsgRule["access"],
  src: string,
  dst: string,
): FabricNsgRule => ({
  name,
  priority,
  direction,
  access,
  protocol: "*",
  sourcePrefixes: [src],
  destinationPrefixes: [dst],
  destinationPorts: ["*"],
});

/** Azure's default rules, verbatim from the NSG overview's tables (they cannot be removed, only overridden). */
export const DEFAULT_RULES: readonly FabricNsgRule[] = [
  defaultRule("Inbound", "AllowVNetInBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
  defaultRule("Inbound", "AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer", "*"),
  defaultRule("Inbound", "DenyAllInbound", 65500, "Deny", "*", "*"),
  defaultRule("Outbound", "AllowVnetOutBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
  defaultRule("Outbound", "AllowInternetOutBound", 65001, "Allow", "*", "Internet"),
  defaultRule("Outbound", "DenyAllOutBound", 65500, "Deny", "*", "*"),
];

/** One direction of an NSG as Azure evaluates it: the custom rules, then the defaults, lowest priority first. */
export function rulesInOrder(nsg: NsgModel, direction: Direction): FabricNsgRule[] {
  const custom: FabricNsgRule[] = direction === "Inbound" ? nsg.inbound.map(({ description: _, ...r }) => ({ ...r, direction })) : [];
  return [...custom, ...DEFAULT_RULES.filter((r) => r.direction === direction)].sort((a, b) => a.priority - b.priority);
}

/**
 * The VirtualNetwork service tag of a VNet: "the virtual network address space ..., all connected
 * on-premises address spaces, peered virtual networks, or virtual network connected to a virtual network
 * gateway ... and address prefixes used on user-defined routes"
 * (https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags).
 * Decided here as the union, over every subnet of the VNet, of the effective routes of source VnetLocal,
 * VNetPeering, VirtualNetworkGateway (learned) and User, whatever their state (a prefix used on a UDR is
 * in the tag even where another route wins).
 */
export function virtualNetworkTag(lab: Lab, vnet: string): string[] {
  const v = lab.vnets.find((x) => x.name === vnet);
  if (!v) throw new Error(`no VNet named ${vnet} in the lab`);
  const inTag = (r: EffectiveRoute) =>
    r.source === "User" || r.source === "VirtualNetworkGateway" || r.nextHopType === "VnetLocal" || r.nextHopType === "VNetPeering";
  return minimal(
    v.subnets.flatMap((s) =>
      effectiveRoutes(lab, vnet, s.name)
        .filter(inTag)
        .flatMap((r) => r.prefixes),
    ),
  );
}

/** Distinct prefixes, those inside another dropped (CIDRs either nest or are disjoint: no overlaps left for nft). */
function minimal(prefixes: readonly string[]): string[] {
  const cidr = (p: string) => (p.includes("/") ? p : `${p}/32`);
  const uniq = [...new Set(prefixes.map(cidr))];
  const parsed = uniq.map((p) => mustPrefix(p));
  return uniq.filter((_, i) => !parsed.some((o, j) => j !== i && o.length < parsed[i]!.length && containsPrefix(o, parsed[i]!)));
}

const ANY = new Set(["*", "any", "0.0.0.0/0"]);

/** An address field as nft: "" (any), or `ip saddr { … }` (Internet: everything outside the VNet's tag). */
function addressMatch(field: "saddr" | "daddr", values: readonly string[], tag: readonly string[]): string {
  if (values.some((x) => ANY.has(x.toLowerCase()))) return "";
  if (values.length === 1 && values[0] === "Internet") return `ip ${field} != ${set(tag)}`;
  const expanded = values.flatMap((x) => {
    if (x === "VirtualNetwork") return tag;
    if (x === "AzureLoadBalancer") return AZURE_LOAD_BALANCER;
    if (!/^[0-9./]+$/.test(x))
      throw new Error(`NSG address "${x}": the emulation knows the tags VirtualNetwork, AzureLoadBalancer, Internet and prefixes only`);
    return [x];
  });
  return `ip ${field} ${set(minimal(expanded))}`;
}

const set = (xs: readonly string[]) => (xs.length === 1 ? xs[0]! : `{ ${xs.join(", ")} }`);

/** Protocol and destination ports (Azure's "Any" with ports means TCP and UDP with those ports). */
function protocolMatch(r: FabricNsgRule): string {
  const ports = r.destinationPorts.includes("*") ? "" : ` th dport ${set(r.destinationPorts)}`;
  switch (r.protocol) {
    case "Tcp":
      return `meta l4proto tcp${ports}`;
    case "Udp":
      return `meta l4proto udp${ports}`;
    case "Icmp":
      return "meta l4proto icmp";
    default:
      return ports ? `meta l4proto { tcp, udp }${ports}` : "";
  }
}

/** One rule as an nft line; an allow returns to the port's chain, which records the flow on that NIC. */
export function ruleLine(r: FabricNsgRule, tag: readonly string[]): string {
  const verdict = r.access === "Deny" ? "drop" : "return";
  const match = [protocolMatch(r), addressMatch("saddr", r.sourcePrefixes, tag), addressMatch("daddr", r.destinationPrefixes, tag)].filter(
    Boolean,
  );
  return `    ${[...match, "counter", verdict].join(" ")} comment "${r.direction} ${r.priority} ${r.name}"`;
}

const chainName = (nsg: NsgModel, d: Direction) => `${d === "Inbound" ? "in" : "out"}_${nsg.name.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** How long a NIC's flow record outlives the flow's last packet here (refreshed on every packet). */
export const FLOW_RECORD_IDLE = "30m";

/**
 * Each NIC's flow records: 2^19 = 524,288, Azure's "500k active connections" of a VM
 * (https://learn.microsoft.com/azure/virtual-network/virtual-machine-network-throughput#flow-limits-and-active-connections-recommendations),
 * rounded up to a multiple of 65536: the kernel sizes a set's first hash table from the size's low 16
 * bits (rhashtable's nelem_hint is a u16), so 65535 reserved 1-2 MB per set at load (106 of them took
 * most of the 50 x 5 ruleset's 0.5-0.6 s) where a multiple of 65536 reserves nothing and grows on
 * demand. Past that limit Azure drops new connections; here, to bound memory only, a new flow still
 * passes its NSG unrecorded (its replies may then be dropped where Azure would pass them), counted in
 * FLOWS_FULL, which verify reports when pairs differ (a missing record can only lose packets).
 */
export const FLOW_RECORDS_MAX = 524_288;

/** Packets of flows a NIC admitted but could not record, its set being full: verify names it when pairs differ (emu/verify.ts). */
export const FLOWS_FULL = "flows_full";

/** What verify and its matrix say while FLOWS_FULL is not zero. */
export const fullTable = (packets: number): string =>
  `a NIC's flow table in the fabric is full: ${packets} packet(s) of new flows went unrecorded, so replies that rely on NSG flow state may have been dropped where Azure would pass them (records expire after ${FLOW_RECORD_IDLE} idle; \`down\` then \`up\` starts empty)`;

/**
 * One port's side of the NSG: a flow already recorded on this NIC passes (either direction: the
 * record is the connection's); a new one goes through the NSG chain (a deny drops it) and is
 * recorded. Out of its VM: outbound; into it: inbound, where the port's verdict is final. Whatever
 * passes unrecorded is counted, and why.
 */
function portChains(port: string, vm: string, nsg: NsgModel): string[] {
  const flows = `flows_${port}`;
  const side = (d: Direction) => {
    const [chain, verdict] = d === "Inbound" ? ["nic_in", "accept"] : ["nic_out", "return"];
    const admits = d === "Inbound" ? ` ${nsg.name} admits it,` : "";
    return [
      `  chain ${chain}_${port} {`,
      `    ct id @${flows} update @${flows} { ct id } counter ${verdict} comment "${vm}: a flow this NIC admitted"`,
      `    jump ${chainName(nsg, d)}`,
      `    update @${flows} { ct id } counter ${verdict} comment "${vm}:${admits} flow recorded on this NIC"`,
      // A packet conntrack found invalid (a stray segment of a closed connection), or left untracked, has no id.
      `    ct state { invalid, untracked } counter ${verdict} comment "${vm}:${admits} no conntrack entry to record"`,
      `    counter name ${FLOWS_FULL} ${d === "Inbound" ? "accept " : ""}comment "${vm}:${admits} not recorded: the flow table is full"`,
      "  }",
    ];
  };
  return [
    `  set ${flows} {`,
    "    typeof ct id",
    `    size ${FLOW_RECORDS_MAX}`,
    "    flags dynamic,timeout",
    `    timeout ${FLOW_RECORD_IDLE}`,
    `    comment "${vm}: flow records of its NIC"`,
    "  }",
    ...side("Outbound"),
    ...side("Inbound"),
  ];
}

const FULL_COUNTER = [
  `  counter ${FLOWS_FULL} {`,
  '    comment "packets of new flows not recorded: their NIC\'s flow table was full"',
  "  }",
];

/**
 * The NSG table: platform addresses first, then per port the outbound side of the sending VM's NIC
 * and the inbound side of the receiving VM's (portChains), each NSG's rules in one chain per
 * direction shared by its ports. A port whose subnet has no NSG (an on-premises site) is not
 * filtered, as a subnet without an NSG is not. With emulation.azureFragmentation, fragments are
 * dropped before conntrack reassembles them.
 */
export function nsgNft(lab: Lab, t: Topology): string {
  const nsgOf = (vnet: string, subnet: string) => lab.nsgs.find((n) => n.vnet === vnet && n.subnet === subnet);
  const used = lab.nsgs.filter((n) => t.nodes.some((x) => nsgOf(x.vm.vnet, x.vm.subnet) === n));
  const chains = used.flatMap((nsg) => {
    const tag = virtualNetworkTag(lab, nsg.vnet);
    return (["Outbound", "Inbound"] as const).map((d) =>
      [
        `  chain ${chainName(nsg, d)} {`,
        `    comment "${nsg.name} ${d.toLowerCase()}"`,
        ...rulesInOrder(nsg, d).map((r) => ruleLine(r, tag)),
        "  }",
      ].join("\n"),
    );
  });
  const filtered = t.nodes.flatMap((n) => {
    const nsg = nsgOf(n.vm.vnet, n.vm.subnet);
    return nsg ? [{ port: n.port, vm: n.vm.name, nsg }] : [];
  });
  const vmap = (d: Direction) =>
    filtered.length
      ? [
          `    ${d === "Outbound" ? "iifname" : "oifname"} vmap { ${filtered
            .map((f) => `"${f.port}" : jump ${d === "Outbound" ? "nic_out" : "nic_in"}_${f.port}`)
            .join(", ")} }`,
        ]
      : [];
  const platform = set([...PLATFORM_ADDRESSES]);
  const lines = [
    `table inet ${NSG_TABLE} {`,
    ...(lab.config.emulation.azureFragmentation
      ? [
          "  chain before_defrag {",
          "    type filter hook prerouting priority -450; policy accept;",
          `    ip frag-off & 0x3fff != 0 counter drop comment "azureFragmentation: a fragment, dropped before conntrack reassembles it"`,
          "  }",
        ]
      : []),
    ...chains,
    ...(filtered.length ? FULL_COUNTER : []),
    ...filtered.flatMap((f) => portChains(f.port, f.vm, f.nsg)),
    "  chain forward {",
    "    type filter hook forward priority filter + 10; policy accept;",
    `    ip saddr ${platform} counter accept comment "Azure platform traffic is not subject to NSGs"`,
    `    ip daddr ${platform} counter accept comment "Azure platform traffic is not subject to NSGs"`,
    ...vmap("Outbound"),
    ...vmap("Inbound"),
    "  }",
    "}",
    "",
  ];
  return lines.join("\n");
}
