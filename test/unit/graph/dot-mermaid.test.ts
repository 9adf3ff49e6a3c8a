// The lab graph (pure): DOT and Mermaid text carry every element of the model, deterministically.
import { describe, expect, it } from "vitest";
import { labToDot } from "../../../src/graph/dot.js";
import { labGraph } from "../../../src/graph/graph.js";
import { labToMermaid, mermaidIds } from "../../../src/graph/mermaid.js";
import type { Lab } from "../../../src/model/types.js";
import { graphProblems, type Parsed } from "../../support/graph-check.js";
import { join } from "node:path";
import { FIXTURES, labOf, stackLabel, STACKS } from "../../support/stacks.js";
import { nonEmpty } from "../../support/non-empty.js";
import { bgp, editedLab } from "../../support/config-edit.js";

/** DOT text back to node ids and edges (our renderer's one-statement-per-line output). */
function parseDot(dot: string): Parsed {
  const nodes = new Set<string>();
  const edges: Parsed["edges"][number][] = [];
  const unq = (s: string) => JSON.parse(s.replace(/\\n/g, "\\n")) as string;
  for (const line of dot.split("\n")) {
    const e = /^\s*("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[(.*)\];$/.exec(line);
    if (e) {
      const label = /label=("(?:[^"\\]|\\.)*")/.exec(e[3]!);
      edges.push({ tail: unq(e[1]!), head: unq(e[2]!), label: label ? unq(label[1]!) : "" });
      continue;
    }
    const n = /^\s*("(?:[^"\\]|\\.)*") \[label=/.exec(line);
    if (n) nodes.add(unq(n[1]!));
  }
  return { nodes, edges };
}

/** Mermaid text back to graph ids (through the renderer's id map) and edges. */
function parseMermaid(lab: Lab, text: string): Parsed {
  const back = new Map([...mermaidIds(labGraph(lab))].map(([k, v]) => [v, k]));
  const nodes = new Set<string>();
  const edges: Parsed["edges"][number][] = [];
  for (const line of text.split("\n")) {
    const e = /^\s*(\w+) (?:\S+ "(.*)" )?\S+ (\w+)$/.exec(line);
    if (e && back.has(e[1]!) && back.has(e[3]!)) {
      edges.push({ tail: back.get(e[1]!)!, head: back.get(e[3]!)!, label: (e[2] ?? "").replace(/<br\/>/g, "\n") });
      continue;
    }
    const n = /^\s*(\w+)[[({]/.exec(line);
    if (n && back.has(n[1]!)) nodes.add(back.get(n[1]!)!);
  }
  return { nodes, edges };
}

describe.each(nonEmpty(STACKS.map((s) => [stackLabel(s), s])))("lab graph of %s (pure)", (_label, stack) => {
  const lab = labOf(stack);
  it("DOT has every VNet, subnet, VM, gateway, circuit, peering, tunnel and UDR of the model", () => {
    expect(graphProblems(lab, parseDot(labToDot(lab)))).toEqual([]);
  });
  it("Mermaid has them too", () => {
    expect(graphProblems(lab, parseMermaid(lab, labToMermaid(lab)))).toEqual([]);
  });
  it("is deterministic", () => {
    expect(labToDot(labOf(stack))).toBe(labToDot(lab));
    expect(labToMermaid(labOf(stack))).toBe(labToMermaid(lab));
  });
});

describe.each(nonEmpty(STACKS.map((s) => [stackLabel(s), s])))("lab graph of %s with routing: bgp (pure)", (_label, stack) => {
  const lab = editedLab(stack, bgp);
  it("DOT and Mermaid have every element, and each tunnel's eBGP session with its ASNs and prefixes", () => {
    expect(graphProblems(lab, parseDot(labToDot(lab)))).toEqual([]);
    expect(graphProblems(lab, parseMermaid(lab, labToMermaid(lab)))).toEqual([]);
    expect(labGraph(lab).edges.filter((e) => e.label.some((l) => l.startsWith("eBGP ")))).toHaveLength(lab.tunnels.length);
  });
});

describe("lab graph of the hub router pair (test/fixtures/Pulumi.pair.yaml, pure)", () => {
  const lab = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
  it("DOT and Mermaid have every element: both hub routers, the load balancer, both tunnels with their sessions, the UDR to the frontend", () => {
    expect(graphProblems(lab, parseDot(labToDot(lab)))).toEqual([]);
    expect(graphProblems(lab, parseMermaid(lab, labToMermaid(lab)))).toEqual([]);
    const g = labGraph(lab);
    expect(g.edges.filter((e) => e.label.some((l) => l.startsWith("eBGP ")))).toHaveLength(2);
    expect(g.clusters[0]!.nodes.filter((n) => n.kind === "router").map((n) => n.id)).toEqual(["vm:vm-hub00", "vm:vm-hub01"]);
  });
  it("drawn without its load balancer: the node, its place in the subnet, the spoke's UDR and both backends are reported", () => {
    const noLb: Lab = { ...lab, loadBalancer: undefined };
    expect(graphProblems(lab, parseDot(labToDot(noLb)))).toEqual([
      "missing edge subnet:vnet-spoke10/default -> lb:lbi-vnet-hub00-routers (UDR 10.100.0.0/16 -> frontend)",
      "missing node lb:lbi-vnet-hub00-routers",
      "missing edge subnet:vnet-hub00/default -> lb:lbi-vnet-hub00-routers (load balancer in its subnet)",
      "missing edge lb:lbi-vnet-hub00-routers -> vm:vm-hub00 (backend vm-hub00)",
      "missing edge lb:lbi-vnet-hub00-routers -> vm:vm-hub01 (backend vm-hub01)",
    ]);
    expect(graphProblems(lab, parseMermaid(lab, labToMermaid(noLb)))).toHaveLength(5);
  });
  it("drawn without the second router's tunnel: the tunnel and its session are reported", () => {
    const oneTunnel: Lab = { ...lab, tunnels: lab.tunnels.slice(0, 1) };
    expect(graphProblems(lab, parseDot(labToDot(oneTunnel)))).toEqual([
      "missing edge vm:vm-hub01 -> vm:vm-hub100 (tunnel VNI 1077)",
      "missing edge vm:vm-hub01 -> vm:vm-hub100 (tunnel vxlan1's eBGP session)",
    ]);
  });
});

describe("a lab without a hub pair draws no load balancer", () => {
  it.each(nonEmpty(STACKS.map((s) => [stackLabel(s), s])))("%s", (_label, stack) => {
    const g = labGraph(editedLab(stack, bgp));
    expect(g.clusters.flatMap((c) => c.nodes).filter((n) => n.kind === "loadbalancer")).toEqual([]);
    expect(g.edges.filter((e) => e.kind === "backend" || e.to.startsWith("lb:"))).toEqual([]);
  });
});

describe("a static lab draws no session", () => {
  it.each(nonEmpty(STACKS.map((s) => [stackLabel(s), s])))("%s", (_label, stack) => {
    const lab = labOf(stack);
    expect(labToDot(lab)).not.toContain("eBGP");
  });
});

describe("the check can fail", () => {
  const lab = labOf("dev");
  it("a removed peering is reported", () => {
    const gone = lab.peerings[1]!;
    const broken: Lab = { ...lab, peerings: lab.peerings.filter((p) => p !== gone) };
    expect(graphProblems(lab, parseDot(labToDot(broken)))).toEqual([
      `missing edge vnet:${gone.from} -> vnet:${gone.to} (peering ${gone.name} with its flags)`,
    ]);
    expect(graphProblems(lab, parseMermaid(lab, labToMermaid(broken)))).toHaveLength(1);
  });
  it("a peering drawn with the wrong flags is reported", () => {
    const broken: Lab = { ...lab, peerings: lab.peerings.map((p, i) => (i === 0 ? { ...p, allowGatewayTransit: true } : p)) };
    expect(graphProblems(lab, parseDot(labToDot(broken)))).toHaveLength(1);
  });
  it("a missing tunnel, VM or gateway is reported", () => {
    const noTunnel: Lab = { ...lab, tunnels: [] };
    expect(graphProblems(lab, parseDot(labToDot(noTunnel)))).toEqual(["missing edge vm:vm-hub00 -> vm:vm-hub100 (tunnel VNI 77)"]);
    const noGw: Lab = { ...lab, vnets: lab.vnets.map((v) => (v.role === "spoke" ? { ...v, gateway: undefined } : v)) as Lab["vnets"] };
    expect(graphProblems(lab, parseDot(labToDot(noGw)))).toContain("missing node gw:gw-vnet-spoke10");
  });
  it("a bgp lab drawn without its sessions, or with a wrong ASN, is reported", () => {
    const withBgp = editedLab("dev", bgp);
    expect(graphProblems(withBgp, parseDot(labToDot(lab)))).toEqual([
      "missing edge vm:vm-hub00 -> vm:vm-hub100 (tunnel vxlan0's eBGP session)",
    ]);
    const otherAsn = editedLab("dev", bgp, (l) => (l.sites[0].router.asn = 65099));
    expect(graphProblems(withBgp, parseMermaid(withBgp, labToMermaid(otherAsn)))).toHaveLength(1);
  });
  it("labels say what a person needs: SKU, no circuit, router, peering flags, VNI and ends", () => {
    const dot = labToDot(lab);
    expect(dot).toContain("ExpressRoute ErGw1AZ\\nno circuit");
    expect(dot).toContain("router (IP forwarding)");
    expect(dot).toContain("forwarded traffic: yes\\ngateway transit: no\\nremote gateways: no");
    expect(dot).toContain("VXLAN VNI 77 UDP 4789 (vxlan0)\\n10.0.0.4 169.254.0.1/24\\n10.100.0.4 169.254.0.2/24");
    expect(dot).toContain("UDR rt-vnet-spoke10-default\\n10.100.0.0/16 -> 10.0.0.4");
  });
});
