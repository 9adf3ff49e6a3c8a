// PURE: the lab graph as Graphviz DOT text (deterministic). `dot -Tsvg|png` draws it.
import type { Lab } from "../model/types.js";
import { labGraph, type EdgeKind, type GraphNode, type LabGraph, type NodeKind } from "./graph.js";

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const label = (lines: readonly string[]) => q(lines.join("\n")).replace(/\n/g, "\\n");

const NODE_STYLE: Record<NodeKind, string> = {
  vnet: 'shape=tab, style=filled, fillcolor="#dde8f7"',
  subnet: 'shape=box, style="rounded", color="#7a7a7a"',
  vm: 'shape=box, style=filled, fillcolor="#ffffff"',
  router: 'shape=box, style="filled,bold", fillcolor="#ffe9b3", penwidth=2',
  gateway: 'shape=hexagon, style=filled, fillcolor="#d7f0d2"',
  circuit: 'shape=ellipse, style="filled,dashed", fillcolor="#f3f3f3"',
  loadbalancer: 'shape=trapezium, style=filled, fillcolor="#d9f2ef"',
};

const EDGE_STYLE: Record<EdgeKind, string> = {
  contains: 'arrowhead=none, color="#9a9a9a"',
  member: 'arrowhead=none, color="#9a9a9a"',
  circuit: 'arrowhead=none, style=dashed, color="#2e7d32", penwidth=2',
  peering: 'color="#1565c0", fontcolor="#1565c0"',
  tunnel: 'dir=both, color="#e65100", fontcolor="#e65100", penwidth=3, style=bold, constraint=false',
  udr: 'style=dotted, color="#6a1b9a", fontcolor="#6a1b9a", constraint=false',
  backend: 'color="#00695c", fontcolor="#00695c"',
};

const node = (n: GraphNode, indent: string) => `${indent}${q(n.id)} [label=${label(n.label)}, ${NODE_STYLE[n.kind]}];`;

export function graphToDot(g: LabGraph): string {
  const lines = [
    `digraph ${q(g.title)} {`,
    `  graph [rankdir=TB, fontname="Helvetica", fontsize=11, label=${q(g.title)}, labelloc=t, newrank=true, nodesep=0.4, ranksep=0.6];`,
    `  node [fontname="Helvetica", fontsize=10];`,
    `  edge [fontname="Helvetica", fontsize=9];`,
  ];
  for (const c of g.clusters) {
    lines.push(`  subgraph ${q(c.id.replace(/^cluster:/, "cluster_"))} {`, `    label=${q(c.label)}; style="rounded"; color="#4a6fa5";`);
    for (const n of c.nodes) lines.push(node(n, "    "));
    lines.push("  }");
  }
  for (const n of g.nodes) lines.push(node(n, "  "));
  for (const e of g.edges)
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [id=${q(e.id)}${e.label.length ? `, label=${label(e.label)}` : ""}, ${EDGE_STYLE[e.kind]}];`);
  lines.push("}", "");
  return lines.join("\n");
}

export const labToDot = (lab: Lab, title?: string): string => graphToDot(labGraph(lab, title));
