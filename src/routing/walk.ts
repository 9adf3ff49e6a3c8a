// PURE: what the model says must happen between every ordered pair of VMs, found by walking the
// model (not the emulation): each VM's kernel routes, the Azure fabric (deliveryNic), the
// link-local drop, NIC forwarding rules, VXLAN encapsulation, the load balancer (hub.pair). Gives
// reachability and the traceroute hop list (the fabric is never a hop; a hop whose reply is lost is
// "???"), for every combination of the choices the lab leaves open (choices.ts).
import { addressToInt, containsAddress, mustPrefix, networkOf, type Prefix } from "../net/cidr.js";
import type { Lab, LoadBalancerModel, RouterTunnel, VmModel } from "../model/types.js";
import { DEFAULT_ROUTE, LINK_LOCAL } from "../platform/network.js";
import { deliveryNic, effectiveRoutes, type NicDelivery } from "./effective-routes.js";
import { Choices, everyChoice } from "./choices.js";
import { hopOf, LOST, MAX_HOPS, type Expectation } from "../probe/contract.js";

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
  return lookupAll(routes, destination)[0];
}

/**
 * Every route lookup could take, the first one first: the best by lookup's rule, and after it the
 * routes equal to it in prefix and kind (a multipath route: a site router of a hub pair installs
 * each hub router's BGP path, and the kernel picks one per flow).
 */
export function lookupAll(routes: readonly KernelRoute[], destination: string): KernelRoute[] {
  let best: { rs: KernelRoute[]; p: Prefix } | undefined;
  for (const r of routes) {
    const p = mustPrefix(r.prefix);
    if (!containsAddress(p, destination)) continue;
    if (!best || p.length > best.p.length || (p.length === best.p.length && PROTO_RANK[r.proto] < PROTO_RANK[best.rs[0]!.proto]))
      best = { rs: [r], p };
    else if (p.length === best.p.length && r.proto === best.rs[0]!.proto) best.rs.push(r);
  }
  return best?.rs ?? [];
}

/** What a packet carries that the path depends on: the load balancer passes TCP and UDP only. */
export type Protocol = "tcp" | "udp" | "icmp";

interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly proto: Protocol;
}

export type Outcome =
  { kind: "delivered"; at: VmModel; pkt: Packet } | { kind: "expired"; at: VmModel; pkt: Packet } | { kind: "dropped"; why: string };

/** How a VM sends: TTL, a fixed source (replies keep theirs), the protocol, and the choices taken on the way. */
export interface SendOptions {
  readonly ttl?: number;
  readonly src?: string;
  readonly proto?: Protocol;
  readonly choices?: Choices;
}

/** One probe's answer: the hop seen (or LOST), whether the destination itself answered, and why not. */
export interface ProbeAnswer {
  readonly answer: string;
  readonly fromDestination: boolean;
  readonly why?: string;
}

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

  /** The route the VM takes to dst: the choice's among equal routes. */
  private route(vm: VmModel, dst: string, c: Choices): KernelRoute | undefined {
    const all = lookupAll(this.routes(vm), dst);
    return all.length > 1 ? all[c.pick(all.length)] : all[0];
  }

  /** A packet the VM itself sends (src: replies keep theirs; else the route's, as an ICMP error's). */
  originate(vm: VmModel, dst: string, o: SendOptions = {}): Outcome {
    const c = o.choices ?? new Choices();
    const route = this.route(vm, dst, c);
    if (!route) return { kind: "dropped", why: `${vm.name}: no route to ${dst}` };
    const src = o.src ?? route.src ?? this.addrOf(vm, route.dev);
    return this.transmit(vm, route, { src, dst, ttl: o.ttl ?? 64, proto: o.proto ?? "tcp" }, c, 0);
  }

  private transmit(vm: VmModel, route: KernelRoute, pkt: Packet, c: Choices, depth: number): Outcome {
    if (depth > 32) return { kind: "dropped", why: "routing loop" };
    const nextHop = route.via ?? pkt.dst;
    if (route.dev === "eth0") return this.fabric(vm, pkt, nextHop, c, depth);
    const t = this.tunnelOn(vm, route.dev);
    if (!t) return { kind: "dropped", why: `${vm.name}: no device ${route.dev}` };
    // Inner frame: ARP on the tunnel only finds the far end's overlay address.
    if (nextHop !== t.remote.overlayAddress) return { kind: "dropped", why: `${vm.name}: ${nextHop} does not answer ARP on ${route.dev}` };
    // Outer packet (VXLAN: UDP): must leave by eth0 (not into the tunnel) and reach the peer through the fabric.
    const outerRoute = this.route(vm, t.remote.underlay, c);
    if (!outerRoute || outerRoute.dev !== "eth0")
      return { kind: "dropped", why: `${vm.name}: outer packet to ${t.remote.underlay} routed into ${outerRoute?.dev ?? "nothing"}` };
    const outerPkt: Packet = { src: outerRoute.src ?? vm.address, dst: t.remote.underlay, ttl: 64, proto: "udp" };
    const outer = this.transmit(vm, outerRoute, outerPkt, c, depth + 1);
    if (outer.kind !== "delivered" || outer.at.name !== t.remote.vm)
      return { kind: "dropped", why: `VXLAN ${vm.name} -> ${t.remote.vm}: ${outer.kind === "dropped" ? outer.why : "not delivered"}` };
    return this.arrive(outer.at, pkt, c, depth + 1);
  }

  private fabric(from: VmModel, pkt: Packet, nextHop: string, c: Choices, depth: number): Outcome {
    const { lab } = this;
    if (!from.ipForwarding && pkt.src !== from.address)
      return { kind: "dropped", why: `fabric: ${from.name} has no IP forwarding and sends as ${pkt.src}` };
    if (lab.config.emulation.dropLinkLocalSource && containsAddress(LINK_LOCAL_NET, pkt.src))
      return { kind: "dropped", why: `fabric: link-local source ${pkt.src}` };
    if (nextHop !== from.subnetGateway && "drop" in this.hop(from, nextHop))
      return { kind: "dropped", why: `fabric: no ARP answer for ${nextHop}` };
    const h = this.hop(from, pkt.dst);
    if ("drop" in h) return { kind: "dropped", why: `fabric: ${from.vnet}/${from.subnet} -> ${pkt.dst}: ${h.drop}` };
    let to: VmModel;
    if ("loadBalancer" in h) {
      const refused = this.refusal(h.loadBalancer, from, pkt);
      if (refused) return { kind: "dropped", why: `fabric: ${from.vnet}/${from.subnet} -> ${pkt.dst}: ${refused}` };
      to = h.backends.length > 1 ? h.backends[c.pick(h.backends.length)]! : h.backends[0]!;
    } else to = h.vm;
    if (to.address !== pkt.dst && !to.ipForwarding)
      return { kind: "dropped", why: `fabric: ${to.name} has no IP forwarding, cannot receive for ${pkt.dst}` };
    return this.arrive(to, pkt, c, depth + 1);
  }

  /**
   * Why the load balancer does not pass this packet, or undefined: it balances TCP and UDP flows
   * only, so ICMP (echo and errors alike) is dropped ("Load-balancing rules and inbound NAT rules
   * support TCP and UDP, but not other IP protocols including ICMP", Learn, "Azure Load Balancer
   * components", https://learn.microsoft.com/azure/load-balancer/components#limitations); and
   * "Outbound flow from a backend VM to a frontend of an internal Load Balancer will fail" (same page).
   */
  private refusal(lb: LoadBalancerModel, from: VmModel, pkt: Packet): string | undefined {
    const at = `load balancer ${lb.name} (${lb.frontend})`;
    if (pkt.proto === "icmp") return `${at} does not balance ICMP (its HA ports rule carries TCP and UDP only)`;
    if (lb.backends.includes(from.name)) return `${at}: ${from.name} is its backend, and a backend's flow to its own frontend fails`;
    return undefined;
  }

  /** The fabric's decision (deliveryNic): the NIC a packet goes to, or a drop. */
  private readonly hops = new Map<string, NicDelivery>();
  hop(from: VmModel, destination: string): NicDelivery {
    const key = `${from.vnet}/${from.subnet}/${destination}`;
    let h = this.hops.get(key);
    if (!h) this.hops.set(key, (h = deliveryNic(this.lab, effectiveRoutes(this.lab, from.vnet, from.subnet), destination)));
    return h;
  }

  private arrive(vm: VmModel, pkt: Packet, c: Choices, depth: number): Outcome {
    if (this.owns(vm, pkt.dst)) return this.rpFilter(vm, pkt) ?? { kind: "delivered", at: vm, pkt };
    if (!this.forwards(vm)) return { kind: "dropped", why: `${vm.name} does not forward (ip_forward=0)` };
    const rp = this.rpFilter(vm, pkt);
    if (rp) return rp;
    if (pkt.ttl <= 1) {
      if (!lookup(this.routes(vm), pkt.src)) return { kind: "dropped", why: `${vm.name}: TTL expired, no route back to ${pkt.src}` };
      return { kind: "expired", at: vm, pkt };
    }
    const route = this.route(vm, pkt.dst, c);
    if (!route) return { kind: "dropped", why: `${vm.name}: no route to ${pkt.dst}` };
    return this.transmit(vm, route, { ...pkt, ttl: pkt.ttl - 1 }, c, depth + 1);
  }

  /** rp_filter is loose (2) on every VM: Ubuntu's default, and what the routers' sysctl sets. Loose passes with any route back. */
  private rpFilter(vm: VmModel, pkt: Packet): Outcome | undefined {
    return lookup(this.routes(vm), pkt.src) ? undefined : { kind: "dropped", why: `${vm.name}: rp_filter, no route to ${pkt.src}` };
  }

  /**
   * Sends a probe with a TTL and follows the answer back: the hop seen, or LOST. The answer is the
   * destination's (a TCP SYN-ACK, an ICMP echo reply: the probe's protocol) or an ICMP time-exceeded
   * from where the TTL ran out, whose source is its route back's (Linux).
   */
  probe(origin: VmModel, dst: string, ttl: number, proto: Protocol = "tcp", choices = new Choices()): ProbeAnswer {
    const out = this.originate(origin, dst, { ttl, proto, choices });
    if (out.kind === "dropped") return { answer: LOST, fromDestination: false, why: out.why };
    const delivered = out.kind === "delivered";
    const route = this.route(out.at, out.pkt.src, choices)!; // arrive checked there is one
    const answerSrc = delivered ? dst : (route.src ?? this.addrOf(out.at, route.dev));
    const answer: Packet = { src: answerSrc, dst: out.pkt.src, ttl: 64, proto: delivered ? proto : "icmp" };
    const back = this.transmit(out.at, route, answer, choices, 0);
    const returned = back.kind === "delivered" && back.at.name === origin.name;
    const why = returned
      ? undefined
      : `answer from ${out.at.name} (${answerSrc}) lost: ${back.kind === "dropped" ? back.why : "not delivered"}`;
    return { answer: returned ? answerSrc : LOST, fromDestination: delivered && returned, ...(why ? { why } : {}) };
  }

  /** probe for every combination of choices (one where the lab leaves none open). */
  probeEvery(origin: VmModel, dst: string, ttl: number, proto: Protocol = "tcp"): ProbeAnswer[] {
    return everyChoice((c) => this.probe(origin, dst, ttl, proto, c));
  }
}

/**
 * What the probe must see from `from` to `to` whatever the choices (either hub router, either
 * equal-cost route): reachable (TCP, as the probe's connection and traceroute) and ping only if every
 * combination gets through; each hop the answers any combination gives; why from the first that fails.
 */
export function expectPair(w: Walker, from: VmModel, to: VmModel): Expectation {
  const tcp = w.probeEvery(from, to.address, 64, "tcp");
  const ping = w.probeEvery(from, to.address, 64, "icmp");
  const reachable = tcp.every((p) => p.fromDestination);
  const pinged = ping.every((p) => p.fromDestination);
  const hops: string[] = [];
  for (let ttl = 1; ttl <= MAX_HOPS; ttl++) {
    const ps = w.probeEvery(from, to.address, ttl, "tcp");
    hops.push(hopOf(ps.map((p) => p.answer)));
    if (ps.every((p) => p.fromDestination)) break;
  }
  const why = [...tcp, ...ping].find((p) => p.why)?.why;
  return {
    from: from.name,
    to: to.name,
    destination: to.address,
    reachable,
    ...(pinged !== reachable ? { ping: pinged } : {}),
    hops,
    ...(why ? { why } : {}),
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
