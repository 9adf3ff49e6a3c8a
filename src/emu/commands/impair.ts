// Underlay impairments in the emulated Azure fabric: the throughput of each ExpressRoute gateway's
// SKU as a rate limit, packet loss per path, and delay (only where the kernel has netem).
//
// How a path is found: the fabric is one namespace with a port (veth) per NIC, so a packet between
// two VNets enters by the source NIC's port and leaves by the destination NIC's port. For each such
// ordered NIC pair, the source subnet's effective route to the destination says what Azure would
// cross: a VirtualNetworkGateway route crosses both VNets' gateways (and their circuit), a
// VNetPeering route crosses the peering. A path named by a VNet (or its gateway's name) is the set
// of pairs that cross its gateway, or, for a VNet without one, its peerings.
//
// How it is enforced, all inside the fabric namespace (so `down` removes it with the namespace):
// nftables table `hsv_impair` marks each pair's packets with `meta priority set 1:<class>` and drops
// with `numgen random mod 10000 < <percent*100>`; the destination port gets an htb root whose
// classes have the rates (htb classifies by skb priority; unclassified traffic is sent unshaped).
import { GATEWAY_SKUS, gatewayMegabitsPerSecond, isGatewaySku } from "../../platform/gateway-skus.js";
import type { Lab } from "../../model/types.js";
import { effectiveRoutes, selectRoute, type EffectiveRoute } from "../../routing/effective-routes.js";
import type { Topology, VmNode } from "./topology.js";

export const IMPAIR_TABLE = "hsv_impair";

export class ImpairError extends Error {
  override name = "ImpairError";
  /** True when what is missing is the kernel's (exit 3, like any missing prerequisite). */
  constructor(
    message: string,
    readonly prereq = false,
  ) {
    super(message);
  }
}

export interface Impairment {
  /** Rate limit in Mbit/s. */
  readonly rateMbit?: number;
  readonly lossPercent?: number;
  readonly delayMs?: number;
}

export interface PathSpec extends Impairment {
  /** VNet name (a gateway name is resolved to its VNet). */
  readonly vnet: string;
}

/** One ordered NIC pair between two VNets, as the fabric forwards it. */
export interface Flow {
  readonly from: VmNode;
  readonly to: VmNode;
  readonly via: "gateway" | "peering";
  /** VNets whose gateway the flow crosses (via gateway: source's and destination's). */
  readonly gateways: readonly string[];
}

export function interVnetFlows(lab: Lab, topo: Topology): Flow[] {
  const cache = new Map<string, EffectiveRoute[]>();
  const routesOf = (n: VmNode) => {
    const k = `${n.vm.vnet}/${n.vm.subnet}`;
    if (!cache.has(k)) cache.set(k, effectiveRoutes(lab, n.vm.vnet, n.vm.subnet));
    return cache.get(k)!;
  };
  const hasGw = (vnet: string) => !!lab.vnets.find((v) => v.name === vnet)?.gateway;
  const flows: Flow[] = [];
  for (const a of topo.nodes) {
    for (const b of topo.nodes) {
      if (a.vm.vnet === b.vm.vnet) continue;
      const r = selectRoute(routesOf(a), b.vm.address);
      if (!r) continue;
      if (r.nextHopType === "VirtualNetworkGateway")
        flows.push({ from: a, to: b, via: "gateway", gateways: [a.vm.vnet, b.vm.vnet].filter(hasGw) });
      else if (r.nextHopType === "VNetPeering") flows.push({ from: a, to: b, via: "peering", gateways: [] });
    }
  }
  return flows;
}

/** A VNet name or a gateway's name -> the VNet; ImpairError naming the choices otherwise. */
export function resolvePath(lab: Lab, name: string): string {
  const v = lab.vnets.find((x) => x.name === name || x.gateway?.name === name);
  if (!v) {
    const names = lab.vnets.flatMap((x) => [x.name, ...(x.gateway ? [x.gateway.name] : [])]);
    throw new ImpairError(`unknown path "${name}": give a VNet or gateway name (${names.join(", ")})`);
  }
  return v.name;
}

/** The flows on a path: crossing the VNet's gateway, or (no gateway) its peerings. */
export function flowsOn(lab: Lab, flows: readonly Flow[], vnet: string): Flow[] {
  const gw = !!lab.vnets.find((v) => v.name === vnet)?.gateway;
  return flows.filter((f) => (gw ? f.gateways.includes(vnet) : f.via === "peering" && (f.from.vm.vnet === vnet || f.to.vm.vnet === vnet)));
}

/** "ErGw2AZ" -> its SKU's Mbit/s; "500", "500mbit", "1gbit", "1.5g" -> Mbit/s. */
export function parseRate(text: string): number {
  const sku = GATEWAY_SKUS.find((s) => s.toLowerCase() === text.toLowerCase());
  if (sku) return gatewayMegabitsPerSecond(sku);
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g)?(?:bit|bps|b)?(?:\/s)?$/i.exec(text.trim());
  if (!m) throw new ImpairError(`bad rate "${text}": a gateway SKU (${GATEWAY_SKUS.join(", ")}) or Mbit/s, e.g. 500, 500mbit, 1gbit`);
  const n = Number(m[1]) * { k: 0.001, m: 1, g: 1000 }[(m[2] ?? "m").toLowerCase() as "k" | "m" | "g"];
  if (!(n > 0)) throw new ImpairError(`bad rate "${text}": must be above 0`);
  return n;
}

/** The impairments the stack's `emulation.*` settings ask for (applied by `up`). */
export function configPaths(lab: Lab): PathSpec[] {
  const e = lab.config.emulation;
  const specs = new Map<string, { rateMbit?: number; lossPercent?: number }>();
  const at = (vnet: string) => specs.get(vnet) ?? (specs.set(vnet, {}), specs.get(vnet)!);
  if (e.gatewayRateLimit)
    for (const v of lab.vnets)
      if (v.gateway && v.deployed)
        at(v.name).rateMbit = isGatewaySku(v.gateway.sku) ? gatewayMegabitsPerSecond(v.gateway.sku, v.gateway.scaleUnits) : undefined;
  if (typeof e.lossPercent === "number") {
    if (e.lossPercent > 0) for (const v of lab.vnets) at(v.name).lossPercent = e.lossPercent;
  } else {
    // Every name is a VNet or a gateway of the lab: the config rules refused any other (rules/emulation.ts).
    for (const [name, pct] of Object.entries(e.lossPercent)) if (pct > 0) at(resolvePath(lab, name)).lossPercent = pct;
  }
  return [...specs].map(([vnet, s]) => ({ vnet, ...s }));
}

export interface Plan {
  readonly nft: string;
  /** `tc` argv lines for the fabric namespace (each one tc command, after `tc`). */
  readonly tc: readonly string[];
  /** Ports that get an htb root (replaced first, so a re-run starts clean). */
  readonly ports: readonly string[];
  readonly summary: readonly { path: string; flows: number; rateMbit?: number; lossPercent?: number; delayMs?: number }[];
}

/**
 * PURE: the nft ruleset and tc commands for a set of paths. A pair on several paths gets the
 * lowest rate, the highest loss and the largest delay of them (the tightest of the gateways it crosses).
 */
export function planImpairments(lab: Lab, topo: Topology, specs: readonly PathSpec[]): Plan {
  const flows = interVnetFlows(lab, topo);
  const per = new Map<Flow, Impairment>();
  const summary: Plan["summary"][number][] = [];
  for (const s of specs) {
    const on = flowsOn(lab, flows, s.vnet);
    summary.push({
      path: s.vnet,
      flows: on.length,
      ...(s.rateMbit ? { rateMbit: s.rateMbit } : {}),
      ...(s.lossPercent ? { lossPercent: s.lossPercent } : {}),
      ...(s.delayMs ? { delayMs: s.delayMs } : {}),
    });
    for (const f of on) {
      const o = per.get(f) ?? {};
      per.set(f, {
        ...((o.rateMbit ?? Infinity) < (s.rateMbit ?? Infinity)
          ? { rateMbit: o.rateMbit }
          : s.rateMbit
            ? { rateMbit: s.rateMbit }
            : o.rateMbit
              ? { rateMbit: o.rateMbit }
              : {}),
        ...(Math.max(o.lossPercent ?? 0, s.lossPercent ?? 0) > 0 ? { lossPercent: Math.max(o.lossPercent ?? 0, s.lossPercent ?? 0) } : {}),
        ...(Math.max(o.delayMs ?? 0, s.delayMs ?? 0) > 0 ? { delayMs: Math.max(o.delayMs ?? 0, s.delayMs ?? 0) } : {}),
      });
    }
  }
  const rules: string[] = [];
  const tc: string[] = [];
  const ports = new Set<string>();
  // Classes per destination port: one per distinct (rate, delay).
  const classes = new Map<string, Map<string, number>>();
  for (const [f, imp] of per) {
    const match = `iifname "${f.from.port}" oifname "${f.to.port}"`;
    if (imp.lossPercent)
      rules.push(
        `    ${match} numgen random mod 10000 < ${Math.round(imp.lossPercent * 100)} counter drop comment "loss ${imp.lossPercent}% ${f.from.vm.name} -> ${f.to.vm.name}"`,
      );
    if (imp.rateMbit || imp.delayMs) {
      const key = `${imp.rateMbit ?? 0}/${imp.delayMs ?? 0}`;
      const byKey = classes.get(f.to.port) ?? (classes.set(f.to.port, new Map()), classes.get(f.to.port)!);
      if (!byKey.has(key)) byKey.set(key, 0x10 + byKey.size);
      const cls = byKey.get(key)!;
      rules.push(
        `    ${match} meta priority set 1:${cls.toString(16)} comment "${imp.rateMbit ? `${imp.rateMbit} Mbit/s` : ""}${imp.delayMs ? ` ${imp.delayMs} ms` : ""} ${f.from.vm.name} -> ${f.to.vm.name}"`,
      );
    }
  }
  for (const [port, byKey] of classes) {
    ports.add(port);
    tc.push(`qdisc add dev ${port} root handle 1: htb`);
    for (const [key, cls] of byKey) {
      const [rate, delay] = key.split("/").map(Number) as [number, number];
      // No rate (delay only): a class far above anything the fabric carries.
      const r = rate ? `${rate}mbit` : "100gbit";
      const id = cls.toString(16);
      // Burst: 1 ms worth at the rate (at least 64 KB), so veth's bursty transmit keeps the rate.
      const burst = Math.max(65536, Math.ceil(((rate || 100000) * 1e6) / 8 / 1000));
      tc.push(`class add dev ${port} parent 1: classid 1:${id} htb rate ${r} ceil ${r} burst ${burst} cburst ${burst} quantum 60000`);
      if (delay) tc.push(`qdisc add dev ${port} parent 1:${id} handle ${id}: netem delay ${delay}ms limit 100000`);
    }
  }
  const nft = [
    `table inet ${IMPAIR_TABLE} {`,
    "  chain forward {",
    "    type filter hook forward priority filter - 10; policy accept;",
    ...rules,
    "  }",
    "}",
    "",
  ].join("\n");
  return { nft, tc, ports: [...ports], summary };
}
