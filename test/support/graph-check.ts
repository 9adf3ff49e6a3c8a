// What the lab graph must show, from the model alone (not from the renderer): every VNet, VM,
// gateway (and hub.pair's load balancer) as a node; every peering (both directions), tunnel (both
// ends), UDR to a router or to the frontend, and the frontend's edge to each router in its pool as an
// edge. Checked against whatever a renderer produced, parsed back to node ids and edges.
import type { Lab } from "../../src/model/types.js";

export interface Parsed {
  readonly nodes: ReadonlySet<string>;
  /** "tail -> head" per edge, with its label text. */
  readonly edges: readonly { tail: string; head: string; label: string }[];
}

export function graphProblems(lab: Lab, g: Parsed): string[] {
  const p: string[] = [];
  const node = (id: string) => g.nodes.has(id) || p.push(`missing node ${id}`);
  const edge = (tail: string, head: string, must: (label: string) => boolean, what: string) =>
    g.edges.some((e) => e.tail === tail && e.head === head && must(e.label)) || p.push(`missing edge ${tail} -> ${head} (${what})`);
  for (const v of lab.vnets) {
    node(`vnet:${v.name}`);
    for (const s of v.subnets) node(`subnet:${v.name}/${s.name}`);
    if (v.gateway) {
      node(`gw:${v.gateway.name}`);
      const gwSubnet = v.subnets.find((s) => s.isGatewaySubnet);
      if (gwSubnet) edge(`subnet:${v.name}/${gwSubnet.name}`, `gw:${v.gateway.name}`, () => true, "gateway in its GatewaySubnet");
    }
  }
  for (const vm of lab.vms) {
    node(`vm:${vm.name}`);
    edge(`subnet:${vm.vnet}/${vm.subnet}`, `vm:${vm.name}`, () => true, "VM in its subnet");
  }
  for (const d of lab.circuitDomains) {
    node(`circuit:${d.name}`);
    for (const m of d.members) {
      const gw = lab.vnets.find((v) => v.name === m)?.gateway;
      if (gw) edge(`gw:${gw.name}`, `circuit:${d.name}`, () => true, "gateway on its circuit");
    }
  }
  for (const pe of lab.peerings) {
    const flags = (l: string) =>
      l.includes(`forwarded traffic: ${pe.allowForwardedTraffic ? "yes" : "no"}`) &&
      l.includes(`gateway transit: ${pe.allowGatewayTransit ? "yes" : "no"}`) &&
      l.includes(`remote gateways: ${pe.useRemoteGateways ? "yes" : "no"}`);
    edge(`vnet:${pe.from}`, `vnet:${pe.to}`, flags, `peering ${pe.name} with its flags`);
  }
  for (const t of lab.tunnels) {
    edge(
      `vm:${t.hubEnd.vm}`,
      `vm:${t.siteEnd.vm}`,
      (l) => l.includes(`VNI ${t.vni}`) && l.includes(t.hubEnd.overlay) && l.includes(t.siteEnd.overlay),
      `tunnel VNI ${t.vni}`,
    );
  }
  // routing: bgp: each tunnel's session, hub router to site router, with both ASNs and what each end announces.
  for (const r of lab.routers) {
    for (const n of r.bgp?.neighbors ?? []) {
      // A site of a hub pair has two tunnels: the session's is the one with its key.
      const t = lab.tunnels.find((x) => x.key === n.key)!;
      if (t.hubEnd.vm !== r.vm.name) continue;
      edge(
        `vm:${t.hubEnd.vm}`,
        `vm:${t.siteEnd.vm}`,
        (l) =>
          l.includes(`eBGP AS${r.bgp!.asn}–AS${n.remoteAsn}`) &&
          l.includes(`${r.vm.name} announces ${n.advertise.join(", ")}`) &&
          l.includes(`${n.remoteVm} announces ${n.accept.join(", ")}`),
        `tunnel ${t.device}'s eBGP session`,
      );
    }
  }
  const lb = lab.loadBalancer;
  for (const rt of lab.routeTables) {
    for (const r of rt.routes) {
      const router = lab.vms.find((vm) => vm.address === r.nextHopIp);
      if (router)
        edge(`subnet:${rt.vnet}/${rt.subnet}`, `vm:${router.name}`, (l) => l.includes(r.prefix), `UDR ${r.prefix} -> ${r.nextHopIp}`);
      if (lb && r.nextHopIp === lb.frontend)
        edge(
          `subnet:${rt.vnet}/${rt.subnet}`,
          `lb:${lb.name}`,
          (l) => l.includes(`${r.prefix} -> ${lb.frontend}`),
          `UDR ${r.prefix} -> frontend`,
        );
    }
  }
  // hub.pair: the load balancer in its subnet and an edge to each router of its pool (its label is pinned by the pair reference).
  if (lb) {
    node(`lb:${lb.name}`);
    edge(`subnet:${lb.vnet}/${lb.subnet}`, `lb:${lb.name}`, () => true, "load balancer in its subnet");
    for (const b of lb.backends) edge(`lb:${lb.name}`, `vm:${b}`, (l) => l.includes(`backend pool ${lb.poolName}`), `backend ${b}`);
  }
  return p;
}
