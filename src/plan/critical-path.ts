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

// No creation time is published for these (searched Learn, see /work/research/azure-facts.md §14):
// the figures are assumptions, shown as such.
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
  // The probe is bounded (src/azure/verification.ts); the mock graph assumes 5 min (test/mock/graph.ts).
  [TYPES.rc]: assumed(5, "verify run-command"),
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

/** The heaviest chain (first in declaration order on ties), from its first resource to its last. */
export function criticalPath(resources: readonly Planned[]): CriticalPath {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const memo = new Map<string, { keys: string[]; minutes: number }>();
  const visit = (key: string, onStack: Set<string>): { keys: string[]; minutes: number } => {
    const hit = memo.get(key);
    if (hit) return hit;
    if (onStack.has(key)) throw new Error(`dependency cycle through ${key}`);
    onStack.add(key);
    const r = byKey.get(key);
    if (!r) throw new Error(`unknown dependency ${key}`);
    let best = { keys: [] as string[], minutes: -1 };
    for (const d of r.deps) {
      const c = visit(d, onStack);
      if (c.minutes > best.minutes) best = c;
    }
    onStack.delete(key);
    const res = { keys: [...best.keys, key], minutes: Math.max(best.minutes, 0) + DURATIONS[r.type].minutes };
    memo.set(key, res);
    return res;
  };
  let top = { keys: [] as string[], minutes: -1 };
  for (const r of resources) {
    const c = visit(r.key, new Set());
    if (c.minutes > top.minutes) top = c;
  }
  const chain = top.keys.map((k) => {
    const r = byKey.get(k)!;
    const d = DURATIONS[r.type];
    return { type: r.type, name: r.name, minutes: d.minutes, basis: d.basis };
  });
  return {
    chain,
    minutes: Math.max(top.minutes, 0),
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
