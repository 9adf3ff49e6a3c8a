// PURE: what the model says must happen between every ordered pair of VMs, found by walking the
// model (not the emulation): each VM's kernel routes, the Azure fabric (deliveryNic), the
// link-local drop, NIC forwarding rules, VXLAN encapsulation. Gives reachability and the
// traceroute hop list (the fabric is never a hop; a hop whose reply is lost is "???").
import { addressToInt, containsAddress, mustPrefix, networkOf, type Prefix } from "../net/cidr.js";
import type { Lab, RouterTunnel, VmModel } from "../model/types.js";
import { DEFAULT_ROUTE, LINK_LOCAL } from "../platform/network.js";
import { deliveryNic, effectiveRoutes, type NicDelivery } from "./effective-routes.js";
import { LOST, MAX_HOPS, type Expectation } from "../probe/contract.js";

const LINK_LOCAL_NET = mustPrefix(LINK_LOCAL);

export interface KernelRoute {
  readonly prefix: string;
  readonly dev: string;
  readonly via?: string;
  readonly src?: string;
  readonly proto: "kernel" | "dhcp" | "static" | "bgp";
}

export interface Iface {
  readonly dev: string;
  readonly address: string;
  readonly length: number;
}

/** The interfaces a VM has once cloud-init ran: eth0, and a vxlan device per tunnel on routers. */
export function interfaces(lab: Lab, vm: VmModel): Iface[] {
  const r = lab.routers.find((x) => x.vm.name === vm.name);
  return [
    { dev: "eth0", address: vm.address, length: vm.prefixLength },
    ...(r?.tunnels ?? []).map((t) => ({
      dev: t.tunnel.device,
      address: t.local.overlayAddress,
      length: mustPrefix(t.local.overlay, true).length,
    })),
  ];
}

/** The kernel routing table the model implies (connected, DHCP default, FRR statics with set src). */
export function kernelRoutes(lab: Lab, vm: VmModel): KernelRoute[] {
  const ifs = interfaces(lab, vm);
  const connected: KernelRoute[] = ifs.map((i) => ({
    prefix: networkOf(`${i.address}/${i.length}`),
    dev: i.dev,
    src: i.address,
    proto: "kernel",
  }));
  const routes: KernelRoute[] = [...connected, { prefix: DEFAULT_ROUTE, dev: "eth0", via: vm.subnetGateway, proto: "dhcp" }];
  const r = lab.routers.find((x) => x.vm.name === vm.name);
  for (const s of r?.routes ?? []) {
    const dev = connected.find((c) => containsAddress(mustPrefix(c.prefix), s.nextHop))?.dev;
    if (!dev) continue; // FRR leaves an unresolvable static route out of the kernel
    routes.push({ prefix: s.prefix, dev, via: s.nextHop, ...(lab.features.routerSource ? { src: vm.address } : {}), proto: s.proto });
  }
  return routes;
}

const PROTO_RANK = { kernel: 0, static: 1, bgp: 1, dhcp: 2 } as const;

/** Longest prefix match; same prefix: connected before FRR's (static or BGP: the model never gives both one prefix) before the DHCP default. */
export function lookup(routes: readonly KernelRoute[], destination: string): KernelRoute | undefined {
  let best: { r: KernelRoute; p: Prefix } | undefined;
  for (const r of routes) {
    const p = mustPrefix(r.prefix);
    if (!containsAddress(p, destination)) continue;
    if (!best || p.length > best.p.length || (p.length === best.p.length && PROTO_RANK[r.proto] < PROTO_RANK[best.r.proto]))
      best = { r, p };
  }
  return best?.r;
}

interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
}

export type Outcome =
  | { kind: "delivered"; at: VmModel; pkt: Packet }
  | { kind: "expired"; at: VmModel; icmpSrc: string; pkt: Packet }
  | { kind: "dropped"; why: string };

/** The walker over one lab (caches per-VM tables). */
export class Walker {
  private readonly tables = new Map<string, KernelRoute[]>();
  private readonly ifaces = new Map<string, Iface[]>();
  constructor(readonly lab: Lab) {
    for (const vm of lab.vms) {
      this.tables.set(vm.name, kernelRoutes(lab, vm));
      this.ifaces.set(vm.name, interfaces(lab, vm));
    }
  }

  routes = (vm: VmModel): KernelRoute[] => this.tables.get(vm.name)!;
  private addrOf = (vm: VmModel, dev: string) => this.ifaces.get(vm.name)!.find((i) => i.dev === dev)!.address;
  private owns = (vm: VmModel, a: string) => this.ifaces.get(vm.name)!.some((i) => i.address === a);
  /** Routers forward (the rendered sysctl sets ip_forward=1); hosts keep Ubuntu's 0. */
  private forwards = (vm: VmModel) => vm.role === "router";
  private tunnelOn = (vm: VmModel, dev: string): RouterTunnel | undefined =>
    this.lab.routers.find((r) => r.vm.name === vm.name)?.tunnels.find((t) => t.tunnel.device === dev);

  /** A packet the VM itself sends (fixedSrc: replies and ICMP errors keep their source). */
  originate(vm: VmModel, dst: string, ttl = 64, fixedSrc?: string, depth = 0): Outcome {
    const route = lookup(this.routes(vm), dst);
    if (!route) return { kind: "dropped", why: `${vm.name}: no route to ${dst}` };
    const src = fixedSrc ?? route.src ?? this.addrOf(vm, route.dev);
    return this.transmit(vm, route, { src, dst, ttl }, depth);
  }

  private transmit(vm: VmModel, route: KernelRoute, pkt: Packet, depth: number): Outcome {
    if (depth > 32) return { kind: "dropped", why: "routing loop" };
    const nextHop = route.via ?? pkt.dst;
    if (route.dev === "eth0") return this.fabric(vm, pkt, nextHop, depth);
    const t = this.tunnelOn(vm, route.dev);
    if (!t) return { kind: "dropped", why: `${vm.name}: no device ${route.dev}` };
    // Inner frame: ARP on the tunnel only finds the far end's overlay address.
    if (nextHop !== t.remote.overlayAddress) return { kind: "dropped", why: `${vm.name}: ${nextHop} does not answer ARP on ${route.dev}` };
    // Outer packet: must leave by eth0 (not into the tunnel) and reach the peer through the fabric.
    const outerRoute = lookup(this.routes(vm), t.remote.underlay);
    if (!outerRoute || outerRoute.dev !== "eth0")
      return { kind: "dropped", why: `${vm.name}: outer packet to ${t.remote.underlay} routed into ${outerRoute?.dev ?? "nothing"}` };
    const outer = this.transmit(vm, outerRoute, { src: outerRoute.src ?? vm.address, dst: t.remote.underlay, ttl: 64 }, depth + 1);
    if (outer.kind !== "delivered" || outer.at.name !== t.remote.vm)
      return { kind: "dropped", why: `VXLAN ${vm.name} -> ${t.remote.vm}: ${outer.kind === "dropped" ? outer.why : "not delivered"}` };
    return this.arrive(outer.at, pkt, depth + 1);
  }

  private fabric(from: VmModel, pkt: Packet, nextHop: string, depth: number): Outcome {
    const { lab } = this;
    if (!from.ipForwarding && pkt.src !== from.address)
      return { kind: "dropped", why: `fabric: ${from.name} has no IP forwarding and sends as ${pkt.src}` };
    if (lab.config.emulation.dropLinkLocalSource && containsAddress(LINK_LOCAL_NET, pkt.src))
      return { kind: "dropped", why: `fabric: link-local source ${pkt.src}` };
    if (nextHop !== from.subnetGateway && "drop" in this.hop(from, nextHop))
      return { kind: "dropped", why: `fabric: no ARP answer for ${nextHop}` };
    const h = this.hop(from, pkt.dst);
    if ("drop" in h) return { kind: "dropped", why: `fabric: ${from.vnet}/${from.subnet} -> ${pkt.dst}: ${h.drop}` };
    if (h.vm.address !== pkt.dst && !h.vm.ipForwarding)
      return { kind: "dropped", why: `fabric: ${h.vm.name} has no IP forwarding, cannot receive for ${pkt.dst}` };
    return this.arrive(h.vm, pkt, depth + 1);
  }

  /** The fabric's decision (deliveryNic): the NIC a packet goes to, or a drop. */
  private readonly hops = new Map<string, NicDelivery>();
  hop(from: VmModel, destination: string): NicDelivery {
    const key = `${from.vnet}/${from.subnet}/${destination}`;
    let h = this.hops.get(key);
    if (!h) this.hops.set(key, (h = deliveryNic(this.lab, effectiveRoutes(this.lab, from.vnet, from.subnet), destination)));
    return h;
  }

  private arrive(vm: VmModel, pkt: Packet, depth: number): Outcome {
    if (this.owns(vm, pkt.dst)) return this.rpFilter(vm, pkt) ?? { kind: "delivered", at: vm, pkt };
    if (!this.forwards(vm)) return { kind: "dropped", why: `${vm.name} does not forward (ip_forward=0)` };
    const rp = this.rpFilter(vm, pkt);
    if (rp) return rp;
    if (pkt.ttl <= 1) {
      const back = lookup(this.routes(vm), pkt.src);
      if (!back) return { kind: "dropped", why: `${vm.name}: TTL expired, no route back to ${pkt.src}` };
      return { kind: "expired", at: vm, icmpSrc: back.src ?? this.addrOf(vm, back.dev), pkt };
    }
    const route = lookup(this.routes(vm), pkt.dst);
    if (!route) return { kind: "dropped", why: `${vm.name}: no route to ${pkt.dst}` };
    return this.transmit(vm, route, { ...pkt, ttl: pkt.ttl - 1 }, depth + 1);
  }

  /** rp_filter is loose (2) on every VM: Ubuntu's default, and what the routers' sysctl sets. Loose passes with any route back. */
  private rpFilter(vm: VmModel, pkt: Packet): Outcome | undefined {
    return lookup(this.routes(vm), pkt.src) ? undefined : { kind: "dropped", why: `${vm.name}: rp_filter, no route to ${pkt.src}` };
  }

  /** Sends a probe with a TTL and follows the answer back: the hop seen, or LOST. */
  probe(origin: VmModel, dst: string, ttl: number): { answer: string; fromDestination: boolean; why?: string } {
    const out = this.originate(origin, dst, ttl);
    if (out.kind === "dropped") return { answer: LOST, fromDestination: false, why: out.why };
    const answerSrc = out.kind === "delivered" ? dst : out.icmpSrc;
    const back = this.originate(out.at, out.pkt.src, 64, answerSrc);
    const returned = back.kind === "delivered" && back.at.name === origin.name;
    const why = returned
      ? undefined
      : `answer from ${out.at.name} (${answerSrc}) lost: ${back.kind === "dropped" ? back.why : "not delivered"}`;
    return { answer: returned ? answerSrc : LOST, fromDestination: out.kind === "delivered" && returned, ...(why ? { why } : {}) };
  }
}

export function expectPair(w: Walker, from: VmModel, to: VmModel): Expectation {
  const full = w.probe(from, to.address, 64);
  const hops: string[] = [];
  for (let ttl = 1; ttl <= MAX_HOPS; ttl++) {
    const p = w.probe(from, to.address, ttl);
    hops.push(p.answer);
    if (p.fromDestination) break;
  }
  return {
    from: from.name,
    to: to.name,
    destination: to.address,
    reachable: full.fromDestination,
    hops,
    ...(full.why ? { why: full.why } : {}),
  };
}

/** Every ordered pair of distinct VMs. */
export function expectAll(lab: Lab): Expectation[] {
  const w = new Walker(lab);
  return lab.vms.flatMap((a) => lab.vms.filter((b) => b.name !== a.name).map((b) => expectPair(w, a, b)));
}

/** Stable order for tables. */
export const byPair = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
export const sortAddresses = (xs: readonly string[]) => [...xs].sort((a, b) => addressToInt(a) - addressToInt(b));
