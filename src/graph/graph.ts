// PURE: the lab drawn from the model as a neutral graph (VNet clusters of nodes, and edges),
// deterministic (model order), rendered to DOT (dot.ts) and Mermaid (mermaid.ts). Node ids:
// vnet:<name>, subnet:<vnet>/<subnet>, vm:<name>, gw:<gateway name>, circuit:<domain name>,
// lb:<load balancer name> (hub.pair).
import type { Lab, LoadBalancerModel, TunnelModel, VnetModel } from "../model/types.js";
import { BFD } from "../model/bgp.js";

export type NodeKind = "vnet" | "subnet" | "vm" | "router" | "gateway" | "circuit" | "loadbalancer";
export type EdgeKind = "contains" | "member" | "circuit" | "peering" | "tunnel" | "udr" | "backend";

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Lines of the label. */
  readonly label: readonly string[];
}

export interface GraphEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  readonly label: readonly string[];
}

export interface GraphCluster {
  readonly id: string;
  readonly label: string;
  readonly nodes: readonly GraphNode[];
}

export interface LabGraph {
  readonly title: string;
  readonly clusters: readonly GraphCluster[];
  /** Nodes outside every VNet (circuits). */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const vnetId = (name: string) => `vnet:${name}`;
export const subnetId = (vnet: string, subnet: string) => `subnet:${vnet}/${subnet}`;
export const vmId = (name: string) => `vm:${name}`;
export const gatewayId = (name: string) => `gw:${name}`;
export const circuitId = (name: string) => `circuit:${name}`;
export const loadBalancerId = (name: string) => `lb:${name}`;

const yesNo = (b: boolean) => (b ? "yes" : "no");
/** Last segment of a circuit resource id (the circuit's name). */
const circuitName = (id: string) => id.split("/").filter(Boolean).at(-1) ?? id;

function roleText(v: VnetModel): string {
  if (v.role !== "site") return v.role;
  const kind = v.kind ?? "expressroute";
  return `site (${kind}${v.attach ? `, attached to ${v.attach}` : ""}${v.deployed ? "" : ", on-premises: not deployed"})`;
}

/**
 * routing: bgp: the lines the tunnel's edge adds for the eBGP session it carries (one edge, not a
 * second one: graphviz lays two edges between the same routers on top of each other): both AS
 * numbers, BFD's detection time, and what each end announces (exactly its outbound prefix-list).
 * None for static routing, whose drawing stays the seed's.
 */
function sessionLines(lab: Lab, t: TunnelModel): string[] {
  const hub = lab.routers.find((r) => r.vm.name === t.hubEnd.vm)?.bgp;
  const n = hub?.neighbors.find((x) => x.key === t.key);
  if (!hub || !n) return [];
  // hub.pair prefer first: the second router's longer AS path is why the site routers avoid it.
  const prepend = hub.prepend.length ? `, AS path prepended ${hub.prepend.join(" ")}` : "";
  return [
    `eBGP AS${hub.asn}–AS${n.remoteAsn}, BFD ${BFD.detectMs} ms`,
    `${t.hubEnd.vm} announces ${n.advertise.join(", ")}${prepend}`,
    `${t.siteEnd.vm} announces ${n.accept.join(", ")}`,
  ];
}

/** hub.pair: the load balancer as a node of its VNet: what Azure gets (model/load-balancer.ts). */
function loadBalancerNode(lb: LoadBalancerModel): GraphNode {
  return {
    id: loadBalancerId(lb.name),
    kind: "loadbalancer",
    label: [
      lb.name,
      "internal Standard Load Balancer",
      `frontend ${lb.frontend}`,
      `HA ports, probe HTTP :${lb.probe.port}${lb.probe.path} every ${lb.probe.intervalSeconds} s`,
    ],
  };
}

export function labGraph(lab: Lab, title = "hub-spoke-vxlan"): LabGraph {
  const edges: GraphEdge[] = [];
  const lb = lab.loadBalancer;
  const clusters: GraphCluster[] = lab.vnets.map((v) => {
    const nodes: GraphNode[] = [{ id: vnetId(v.name), kind: "vnet", label: [v.name, roleText(v), ...v.addressSpace] }];
    for (const s of v.subnets) {
      nodes.push({ id: subnetId(v.name, s.name), kind: "subnet", label: [s.name, s.prefix] });
      edges.push({ id: `contains:${v.name}/${s.name}`, kind: "contains", from: vnetId(v.name), to: subnetId(v.name, s.name), label: [] });
    }
    for (const vm of v.vms) {
      nodes.push({
        id: vmId(vm.name),
        kind: vm.role === "router" ? "router" : "vm",
        label: [vm.name, vm.address, vm.role === "router" ? "router (IP forwarding)" : "host"],
      });
      edges.push({ id: `member:${vm.name}`, kind: "member", from: subnetId(v.name, vm.subnet), to: vmId(vm.name), label: [] });
    }
    if (lb?.vnet === v.name) {
      nodes.push(loadBalancerNode(lb));
      edges.push({ id: `member:${lb.name}`, kind: "member", from: subnetId(v.name, lb.subnet), to: loadBalancerId(lb.name), label: [] });
    }
    const gw = v.gateway;
    if (gw) {
      const gwSubnet = v.subnets.find((s) => s.isGatewaySubnet);
      nodes.push({
        id: gatewayId(gw.name),
        kind: "gateway",
        label: [
          gw.name,
          `ExpressRoute ${gw.sku}`,
          gw.circuitId ? `circuit ${circuitName(gw.circuitId)}` : "no circuit",
          ...(gw.allowRemoteVnetTraffic ? ["allowRemoteVnetTraffic"] : []),
        ],
      });
      edges.push({
        id: `member:${gw.name}`,
        kind: "member",
        from: gwSubnet ? subnetId(v.name, gwSubnet.name) : vnetId(v.name),
        to: gatewayId(gw.name),
        label: [],
      });
    }
    return { id: `cluster:${v.name}`, label: `${v.name}: ${roleText(v)}`, nodes };
  });
  const gatewayOf = (vnet: string) => lab.vnets.find((v) => v.name === vnet)?.gateway;
  const nodes: GraphNode[] = [];
  for (const d of lab.circuitDomains) {
    const ids = [...new Set(d.members.map((m) => gatewayOf(m)?.circuitId).filter((x): x is string => !!x))];
    nodes.push({
      id: circuitId(d.name),
      kind: "circuit",
      label: [`ExpressRoute circuit ${d.name}`, ids.length ? ids.map(circuitName).join(", ") : "no circuit connected (no circuitId)"],
    });
    for (const m of d.members) {
      const gw = gatewayOf(m);
      if (gw)
        edges.push({ id: `circuit:${d.name}:${gw.name}`, kind: "circuit", from: gatewayId(gw.name), to: circuitId(d.name), label: [] });
    }
  }
  for (const p of lab.peerings) {
    edges.push({
      id: `peering:${p.name}`,
      kind: "peering",
      from: vnetId(p.from),
      to: vnetId(p.to),
      label: [
        `peering ${p.name}`,
        `forwarded traffic: ${yesNo(p.allowForwardedTraffic)}`,
        `gateway transit: ${yesNo(p.allowGatewayTransit)}`,
        `remote gateways: ${yesNo(p.useRemoteGateways)}`,
      ],
    });
  }
  for (const t of lab.tunnels) {
    edges.push({
      id: `tunnel:${t.device}`,
      kind: "tunnel",
      from: vmId(t.hubEnd.vm),
      to: vmId(t.siteEnd.vm),
      label: [
        `VXLAN VNI ${t.vni} UDP ${lab.vxlanPort} (${t.device})`,
        `${t.hubEnd.underlay} ${t.hubEnd.overlay}`,
        `${t.siteEnd.underlay} ${t.siteEnd.overlay}`,
        ...sessionLines(lab, t),
      ],
    });
  }
  // UDRs that steer traffic to a router (or to hub.pair's frontend): subnet -> router or load
  // balancer, one edge per route table and next hop.
  for (const rt of [...lab.routeTables, ...lab.onpremRouteTables]) {
    const byHop = new Map<string, string[]>();
    for (const r of rt.routes) byHop.set(r.nextHopIp, [...(byHop.get(r.nextHopIp) ?? []), r.prefix]);
    for (const [hop, prefixes] of byHop) {
      const router = lab.vms.find((vm) => vm.address === hop);
      const target = router
        ? { name: router.name, id: vmId(router.name) }
        : lb?.frontend === hop
          ? { name: lb.name, id: loadBalancerId(lb.name) }
          : undefined;
      if (!target) continue;
      edges.push({
        id: `udr:${rt.name}:${target.name}`,
        kind: "udr",
        from: subnetId(rt.vnet, rt.subnet),
        to: target.id,
        label: [`UDR ${rt.name}`, ...prefixes.map((p) => `${p} -> ${hop}`)],
      });
    }
  }
  // hub.pair: the frontend sends new flows to each router in its pool while that router's probe answers 200.
  if (lb)
    for (const b of lb.backends)
      edges.push({
        id: `backend:${lb.name}:${b}`,
        kind: "backend",
        from: loadBalancerId(lb.name),
        to: vmId(b),
        label: [`backend pool ${lb.poolName}`, `healthy while BGP gives it ${(lb.healthPrefixes[b] ?? []).join(", ")}`],
      });
  return { title, clusters, nodes, edges };
}
