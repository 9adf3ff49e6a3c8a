// Deployment-time model of a run: custom resources and their dependency edges as the engine sees
// them, weighed with `lab plan`'s durations to find the longest chain `pulumi up` must wait for.
import { heaviestChain } from "../../src/plan/critical-path.js";
import { T, type Registered } from "./harness.js";

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

/** The heaviest dependency chain of what the program registered, weighed as `lab plan` weighs it
 *  (src/plan/critical-path.ts): its resources (first to last) and total minutes. */
export function longestChain(g: Graph): { chain: Registered[]; minutes: number } {
  return heaviestChain(
    [...g.nodes.values()],
    (r) => r.urn,
    (r) => g.deps.get(r.urn) ?? [],
    (r) => r.type,
  );
}

const circuitOf = (r: Registered): string => String(r.inputs.peer?.id ?? "").toLowerCase();

/**
 * Rules the program must keep; returns one line per broken rule (empty = all kept).
 * Nothing but a connection waits for a gateway (so no chain holds two gateways in a row). A
 * connection waits for its own gateway, and for another gateway only through that gateway's
 * connection on the same circuit; the connections of one circuit are in series, of different
 * circuits independent. So the longest chain is one gateway plus the connections of one circuit.
 */
export function dependencyViolations(g: Graph): string[] {
  const out: string[] = [];
  const all = [...g.nodes.values()];
  const gateways = new Set(all.filter((r) => r.type === T.gw).map((r) => r.urn));
  const gatewayById = new Map(all.filter((r) => r.type === T.gw).map((r) => [r.id, r]));
  const connections = all.filter((r) => r.type === T.cn);
  for (const r of all) {
    const up = ancestors(g, r.urn);
    const gwUp = [...up].filter((u) => gateways.has(u));
    if (r.type === T.rc) continue; // the verify run-commands come after the whole data path, gateways included
    if (r.type !== T.cn) {
      if (gwUp.length)
        out.push(`${r.name} (${r.type.split(":").pop()}) waits for gateway ${gwUp.map((u) => g.nodes.get(u)!.name).join(", ")}`);
      continue;
    }
    const own = gatewayById.get(r.inputs.virtualNetworkGateway1?.id);
    if (!own || !up.has(own.urn)) out.push(`${r.name} does not wait for its own gateway`);
    const cnUp = connections.filter((c) => up.has(c.urn));
    for (const c of cnUp) if (circuitOf(c) !== circuitOf(r)) out.push(`${r.name} waits for ${c.name}, which is on another circuit`);
    const allowed = new Set([
      own?.urn,
      ...cnUp.filter((c) => circuitOf(c) === circuitOf(r)).map((c) => gatewayById.get(c.inputs.virtualNetworkGateway1?.id)?.urn),
    ]);
    for (const u of gwUp)
      if (!allowed.has(u))
        out.push(`${r.name} waits for gateway ${g.nodes.get(u)!.name} other than through its connection on the same circuit`);
  }
  for (const [i, a] of connections.entries()) {
    for (const b of connections.slice(i + 1)) {
      if (circuitOf(a) !== circuitOf(b)) continue;
      if (!ancestors(g, a.urn).has(b.urn) && !ancestors(g, b.urn).has(a.urn))
        out.push(`${a.name} and ${b.name} share a circuit but may be written at once`);
    }
  }
  return out;
}
