// Deployment-time model of a run: custom resources, their dependency edges (as the engine sees
// them) and rough durations, to find the longest chain `pulumi up` must wait for.
import { T, type Registered } from "./harness.js";

/** Minutes, roughly: gateways dominate everything. The verify run-command: a few minutes (cloud-init
 *  long done by then, pings retried while other VMs finish booting, traceroutes a second apart). */
export const MINUTES: Readonly<Record<string, number>> = { [T.gw]: 45, [T.cn]: 10, [T.vm]: 3, [T.vnet]: 2, [T.rc]: 5 };
export const minutesOf = (type: string) => MINUTES[type] ?? 1;

export interface Graph {
  readonly nodes: ReadonlyMap<string, Registered>;
  /** urn -> urns it depends on (custom resources only). */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

/**
 * A child is registered only after its parent's URN resolves, and a parent waits for its own
 * dependencies: so a resource waits for its own deps plus every ancestor component's deps.
 * A dependency on a component means all custom resources under it.
 */
export function graphOf(resources: readonly Registered[]): Graph {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, Registered[]>();
  for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const customUnder = (urn: string): string[] =>
    (children.get(urn) ?? []).flatMap((c) => (c.custom ? [c.urn, ...customUnder(c.urn)] : customUnder(c.urn)));
  const expand = (urn: string): string[] => {
    const r = byUrn.get(urn);
    if (!r) return [];
    return r.custom ? [urn] : customUnder(urn);
  };
  const effective = (r: Registered): string[] => {
    const parent = byUrn.get(r.parent);
    return [...r.deps, ...(parent ? effective(parent) : [])];
  };
  const nodes = new Map(resources.filter((r) => r.custom).map((r) => [r.urn, r]));
  const deps = new Map([...nodes.values()].map((r) => [r.urn, [...new Set(effective(r).flatMap(expand))].filter((d) => d !== r.urn)]));
  return { nodes, deps };
}

export function ancestors(g: Graph, urn: string, seen = new Set<string>()): Set<string> {
  for (const d of g.deps.get(urn) ?? []) {
    if (!seen.has(d)) {
      seen.add(d);
      ancestors(g, d, seen);
    }
  }
  return seen;
}

/** The heaviest dependency chain: its resources (first to last) and total minutes. */
export function longestChain(g: Graph): { chain: Registered[]; minutes: number } {
  const memo = new Map<string, { chain: string[]; minutes: number }>();
  const visit = (urn: string, stack: Set<string>): { chain: string[]; minutes: number } => {
    const hit = memo.get(urn);
    if (hit) return hit;
    if (stack.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    stack.add(urn);
    let best = { chain: [] as string[], minutes: 0 };
    for (const d of g.deps.get(urn) ?? []) {
      const c = visit(d, stack);
      if (c.minutes > best.minutes) best = c;
    }
    stack.delete(urn);
    const res = { chain: [...best.chain, urn], minutes: best.minutes + minutesOf(g.nodes.get(urn)!.type) };
    memo.set(urn, res);
    return res;
  };
  let top = { chain: [] as string[], minutes: 0 };
  for (const urn of g.nodes.keys()) {
    const c = visit(urn, new Set());
    if (c.minutes > top.minutes) top = c;
  }
  return { chain: top.chain.map((u) => g.nodes.get(u)!), minutes: top.minutes };
}

/** Rules the program must keep; returns one line per broken rule (empty = all kept). */
export function dependencyViolations(g: Graph): string[] {
  const out: string[] = [];
  const gateways = new Set([...g.nodes.values()].filter((r) => r.type === T.gw).map((r) => r.urn));
  for (const r of g.nodes.values()) {
    const up = ancestors(g, r.urn);
    const gwUp = [...up].filter((u) => gateways.has(u)).map((u) => g.nodes.get(u)!.name);
    if (r.type === T.rc) continue; // the verify run-commands come after the whole data path, gateways included
    if (r.type === T.cn) {
      if (gwUp.length !== 1) out.push(`${r.name} must follow exactly its own gateway, follows [${gwUp.join(", ")}]`);
    } else if (gwUp.length) {
      out.push(`${r.name} (${r.type.split(":").pop()}) waits for gateway ${gwUp.join(", ")}`);
    }
  }
  return out;
}
