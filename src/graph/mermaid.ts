// PURE: the lab graph as Mermaid flowchart text (deterministic), for Markdown that renders it.
import type { Lab } from "../model/types.js";
import { labGraph, type EdgeKind, type GraphNode, type LabGraph, type NodeKind } from "./graph.js";

/** Mermaid ids: letters, digits and '_' only; one id per graph id (collisions get a suffix). */
export function mermaidIds(g: LabGraph): Map<string, string> {
  const all = [...g.clusters.map((c) => c.id), ...g.clusters.flatMap((c) => c.nodes.map((n) => n.id)), ...g.nodes.map((n) => n.id)];
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const id of all) {
    const base = id.replace(/[^A-Za-z0-9]/g, "_");
    let m = base;
    for (let k = 2; used.has(m); k++) m = `${base}_${k}`;
    used.add(m);
    ids.set(id, m);
  }
  return ids;
}

const text = (lines: readonly string[]) => `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;

const SHAPE: Record<NodeKind, [string, string]> = {
  vnet: ["[", "]"],
  subnet: ["(", ")"],
  vm: ["[", "]"],
  router: ["[[", "]]"],
  gateway: ["{{", "}}"],
  circuit: ["([", "])"],
  loadbalancer: ["[/", "\\]"],
};

const ARROW: Record<EdgeKind, [string, string]> = {
  contains: ["---", "---"],
  member: ["---", "---"],
  circuit: ["-.-", "-.-"],
  peering: ["--", "-->"],
  tunnel: ["<==", "==>"],
  udr: ["-.", ".->"],
  backend: ["--", "-->"],
};

export function graphToMermaid(g: LabGraph): string {
  const ids = mermaidIds(g);
  const id = (x: string) => ids.get(x)!;
  const node = (n: GraphNode, indent: string) => `${indent}${id(n.id)}${SHAPE[n.kind][0]}${text(n.label)}${SHAPE[n.kind][1]}`;
  const lines = ["flowchart TB"];
  for (const c of g.clusters) {
    lines.push(`  subgraph ${id(c.id)}[${text([c.label])}]`);
    for (const n of c.nodes) lines.push(node(n, "    "));
    lines.push("  end");
  }
  for (const n of g.nodes) lines.push(node(n, "  "));
  for (const e of g.edges) {
    const [open, close] = ARROW[e.kind];
    lines.push(e.label.length ? `  ${id(e.from)} ${open} ${text(e.label)} ${close} ${id(e.to)}` : `  ${id(e.from)} ${close} ${id(e.to)}`);
  }
  lines.push("");
  return lines.join("\n");
}

export const labToMermaid = (lab: Lab): string => graphToMermaid(labGraph(lab));
