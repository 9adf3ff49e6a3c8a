// How long `pulumi up` waits: the heaviest dependency chain of the planned resources, each resource
// weighted by Microsoft's published provisioning time where there is one, else a stated assumption.
import { TYPES, type Planned, type PlannedType } from "./resources.js";

export interface Duration {
  readonly minutes: number;
  /** "published": an upper bound Microsoft states (with quote and URL); "assumed": no figure published. */
  readonly basis: "published" | "assumed";
  readonly why: string;
  readonly source?: string;
}

const GATEWAY: Duration = {
  minutes: 45,
  basis: "published",
  // Learn, "Configure a virtual network gateway for ExpressRoute using the Azure portal".
  why: 'gateway: "The deployment can take up to 45 minutes to complete."',
  source: "https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-gateway-portal-resource-manager",
};

// No creation time is published for these (Learn searched for each): the figures are assumptions,
// shown as such.
const assumed = (minutes: number, what: string): Duration => ({
  minutes,
  basis: "assumed",
  why: `${what}: not published; assumed ${minutes} min`,
});

export const DURATIONS: Readonly<Record<PlannedType, Duration>> = {
  [TYPES.gw]: GATEWAY,
  [TYPES.cn]: assumed(10, "ExpressRoute connection"),
  [TYPES.vm]: assumed(3, "VM"),
  [TYPES.bastion]: assumed(10, "Bastion host"),
  [TYPES.rg]: assumed(1, "resource group"),
  [TYPES.pin]: assumed(0, "creation pin (stack state only, nothing in Azure)"),
  [TYPES.rt]: assumed(1, "route table"),
  [TYPES.nsg]: assumed(1, "NSG"),
  [TYPES.vnet]: assumed(1, "VNet"),
  [TYPES.nic]: assumed(1, "NIC"),
  [TYPES.schedule]: assumed(1, "auto-shutdown schedule"),
  [TYPES.pip]: assumed(1, "public IP"),
  [TYPES.peering]: assumed(1, "peering"),
  // The probe is bounded (src/azure/verification.ts).
  [TYPES.rc]: assumed(5, "verify run-command"),
  [TYPES.password]: assumed(0, "BGP password (made by pulumi-random, nothing in Azure)"),
  // hub.pair: quick, like the other small network resources; the hub routers' NICs wait for it.
  [TYPES.lb]: assumed(1, "internal load balancer"),
  [TYPES.nat]: assumed(1, "NAT gateway"),
};

export interface ChainLink {
  readonly type: PlannedType;
  readonly name: string;
  readonly minutes: number;
  readonly basis: Duration["basis"];
}

export interface CriticalPath {
  readonly chain: readonly ChainLink[];
  readonly minutes: number;
  /** Minutes of the chain that rest on a published bound (the rest are assumptions). */
  readonly publishedMinutes: number;
}

/** Minutes a resource of this type takes; a type with no entry (e.g. a RandomBytes) takes none. */
export const minutesOf = (type: string): number => DURATIONS[type as PlannedType]?.minutes ?? 0;

/**
 * The heaviest dependency chain of a graph (first in the given order on ties), from its first node to
 * its last, each node weighted by minutesOf its type. Shared by `lab plan` and the mock test that
 * checks it against the graph the Pulumi program really registers.
 */
export function heaviestChain<N>(
  nodes: readonly N[],
  keyOf: (n: N) => string,
  depsOf: (n: N) => readonly string[],
  typeOf: (n: N) => string,
): { chain: N[]; minutes: number } {
  const byKey = new Map(nodes.map((n) => [keyOf(n), n]));
  const memo = new Map<string, { keys: string[]; minutes: number }>();
  const visit = (key: string, onStack: Set<string>): { keys: string[]; minutes: number } => {
    const hit = memo.get(key);
    if (hit) return hit;
    if (onStack.has(key)) throw new Error(`dependency cycle through ${key}`);
    onStack.add(key);
    const n = byKey.get(key);
    if (!n) throw new Error(`unknown dependency ${key}`);
    let best = { keys: [] as string[], minutes: -1 };
    for (const d of depsOf(n)) {
      const c = visit(d, onStack);
      if (c.minutes > best.minutes) best = c;
    }
    onStack.delete(key);
    const res = { keys: [...best.keys, key], minutes: Math.max(best.minutes, 0) + minutesOf(typeOf(n)) };
    memo.set(key, res);
    return res;
  };
  let top = { keys: [] as string[], minutes: -1 };
  for (const n of nodes) {
    const c = visit(keyOf(n), new Set());
    if (c.minutes > top.minutes) top = c;
  }
  return { chain: top.keys.map((k) => byKey.get(k)!), minutes: Math.max(top.minutes, 0) };
}

/** The heaviest chain of the planned resources (first in declaration order on ties). */
export function criticalPath(resources: readonly Planned[]): CriticalPath {
  const top = heaviestChain(
    resources,
    (r) => r.key,
    (r) => r.deps,
    (r) => r.type,
  );
  const chain = top.chain.map((r) => {
    const d = DURATIONS[r.type];
    return { type: r.type, name: r.name, minutes: d.minutes, basis: d.basis };
  });
  return {
    chain,
    minutes: top.minutes,
    publishedMinutes: chain.filter((l) => l.basis === "published").reduce((s, l) => s + l.minutes, 0),
  };
}

/** "rg-x → vnet-hub00 → gw-vnet-hub00 (≤45 min) → cn-vnet-hub00 (~10 min, assumed)". */
export function chainText(p: CriticalPath): string {
  return p.chain
    .map((l) =>
      l.basis === "published" ? `${l.name} (≤${l.minutes} min)` : l.minutes >= 3 ? `${l.name} (~${l.minutes} min, assumed)` : l.name,
    )
    .join(" → ");
}
