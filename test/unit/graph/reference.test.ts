// The dev lab's drawing, byte for byte, against references checked by hand (test/reference/dev/graph.dot and graph.mmd,
// dev/bgp/ with routing: bgp, pair/ for test/fixtures/Pulumi.pair.yaml's hub router pair):
// what a reader of the DOT or Mermaid text sees (labels, shapes, arrows, styles, order) is pinned,
// not only that each element is present (graph-dot-mermaid.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labToDot } from "../../../src/graph/dot.js";
import { graphToMermaid, labToMermaid, mermaidIds } from "../../../src/graph/mermaid.js";
import { labGraph, type LabGraph } from "../../../src/graph/graph.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { REFERENCE_DIR } from "../../support/reference.js";
import { bgp, editedLab } from "../../support/config-edit.js";

const REF = join(REFERENCE_DIR, "dev");
/** The reference without its leading comment lines (`//` in DOT, `%%` in Mermaid). */
const reference = (file: string, comment: string, dir = REF) =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((l, i, all) => !(l.startsWith(comment) && all.slice(0, i).every((x) => x.startsWith(comment))))
    .join("\n");

describe("dev lab drawn as the references say", () => {
  it("DOT", () => {
    expect(labToDot(labOf("dev"))).toBe(reference("graph.dot", "//"));
  });
  it("Mermaid", () => {
    expect(labToMermaid(labOf("dev"))).toBe(reference("graph.mmd", "%%"));
  });
  it("the comparison can fail: one changed label is a difference", () => {
    expect(labToDot(labOf("dev")).replace("VNI 77", "VNI 78")).not.toBe(reference("graph.dot", "//"));
  });
});

describe("dev lab with routing: bgp drawn as the references say (bgp/graph.dot, bgp/graph.mmd)", () => {
  const lab = () => editedLab("dev", bgp);
  it("DOT", () => {
    expect(labToDot(lab())).toBe(reference("bgp/graph.dot", "//"));
  });
  it("Mermaid", () => {
    expect(labToMermaid(lab())).toBe(reference("bgp/graph.mmd", "%%"));
  });
  it("differs from the static drawing in the tunnel's label only: three lines more", () => {
    const changed = (bgpText: string, staticText: string) => {
      const old = new Set(staticText.split("\n"));
      return bgpText.split("\n").filter((l) => !old.has(l));
    };
    const dot = changed(labToDot(lab()), labToDot(labOf("dev")));
    expect(dot).toEqual([expect.stringContaining('[id="tunnel:vxlan0"')]);
    expect(dot[0]).toContain("10.100.0.4 169.254.0.2/24\\neBGP AS65000–AS65001, BFD 900 ms\\nvm-hub00 announces");
    expect(labToDot(lab()).split("\n").length).toBe(labToDot(labOf("dev")).split("\n").length);
    expect(changed(labToMermaid(lab()), labToMermaid(labOf("dev")))).toEqual([expect.stringMatching(/^  vm_vm_hub00 <== "VXLAN /)]);
  });
  it("names the ASNs the config sets", () => {
    const custom = editedLab("dev", bgp, (l) => {
      l.hub.router.asn = 64512;
      l.sites[0].router.asn = 4200000001;
    });
    expect(labGraph(custom).edges.find((e) => e.kind === "tunnel")!.label[3]).toBe("eBGP AS64512–AS4200000001, BFD 900 ms");
  });
});

describe("the hub router pair drawn as the references say (pair/graph.dot, pair/graph.mmd)", () => {
  const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
  const PAIR_REF = join(REFERENCE_DIR, "pair");
  it("DOT", () => {
    expect(labToDot(labOf(PAIR))).toBe(reference("graph.dot", "//", PAIR_REF));
  });
  it("Mermaid", () => {
    expect(labToMermaid(labOf(PAIR))).toBe(reference("graph.mmd", "%%", PAIR_REF));
  });
  it("the comparison can fail: a load balancer whose frontend is not the spokes' next hop draws differently", () => {
    const lab = labOf(PAIR);
    const edited = { ...lab, loadBalancer: { ...lab.loadBalancer!, frontend: "10.0.0.11" } };
    expect(labToDot(edited)).not.toBe(reference("graph.dot", "//", PAIR_REF));
  });
  it("adds to the dev bgp drawing only the pair's lines, and changes only the spoke's UDR (now to the frontend)", () => {
    const lines = (text: string) => text.split("\n");
    const before = new Set(lines(reference("bgp/graph.dot", "//")));
    const after = lines(reference("graph.dot", "//", PAIR_REF));
    const ids = after.filter((l) => !before.has(l)).map((l) => /^\s*("[^"]+")(?: -> ("[^"]+"))?/.exec(l)![0]!.trim());
    expect(ids).toEqual([
      '"vm:vm-hub01"',
      '"lb:lbi-vnet-hub00-routers"',
      '"subnet:vnet-hub00/default" -> "vm:vm-hub01"',
      '"subnet:vnet-hub00/default" -> "lb:lbi-vnet-hub00-routers"',
      '"vm:vm-hub01" -> "vm:vm-hub100"',
      '"subnet:vnet-spoke10/default" -> "lb:lbi-vnet-hub00-routers"',
      '"lb:lbi-vnet-hub00-routers" -> "vm:vm-hub00"',
      '"lb:lbi-vnet-hub00-routers" -> "vm:vm-hub01"',
    ]);
    // The one line gone: the spoke's UDR to the single router.
    expect(lines(reference("bgp/graph.dot", "//")).filter((l) => !after.includes(l))).toEqual([
      expect.stringContaining('"subnet:vnet-spoke10/default" -> "vm:vm-hub00" [id="udr:rt-vnet-spoke10-default:vm-hub00"'),
    ]);
  });
  it("prefer first: the second router's session says its AS path is prepended twice with its ASN; the first's is unchanged", () => {
    const first = editedLab(PAIR, (l) => (l.hub.pair.prefer = "first"));
    const sessions = labGraph(first)
      .edges.filter((e) => e.kind === "tunnel")
      .map((e) => e.label[4]);
    expect(sessions).toEqual(["vm-hub00 announces 10.10.0.0/16", "vm-hub01 announces 10.10.0.0/16, AS path prepended 65000 65000"]);
    const ecmp = labGraph(labOf(PAIR))
      .edges.filter((e) => e.kind === "tunnel")
      .map((e) => e.label[4]);
    expect(ecmp).toEqual(["vm-hub00 announces 10.10.0.0/16", "vm-hub01 announces 10.10.0.0/16"]);
  });
});

describe("Mermaid ids", () => {
  it("keep letters and digits, turn the rest into '_', and give colliding ids a suffix", () => {
    const node = (id: string) => ({ id, kind: "vnet" as const, label: [id] });
    const g: LabGraph = {
      title: "t",
      clusters: [{ id: "cluster:a-b", label: "a-b", nodes: [node("vnet:a-b"), node("vnet:a_b"), node("vnet:a.b")] }],
      nodes: [node("circuit:Er1")],
      edges: [],
    };
    expect([...mermaidIds(g)]).toEqual([
      ["cluster:a-b", "cluster_a_b"],
      ["vnet:a-b", "vnet_a_b"],
      ["vnet:a_b", "vnet_a_b_2"],
      ["vnet:a.b", "vnet_a_b_3"],
      ["circuit:Er1", "circuit_Er1"],
    ]);
  });
});

describe("labels of an on-premises site and a connected circuit", () => {
  const CIRCUIT =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er-tokyo";
  const lab = () =>
    editedLab("dev", (l) => {
      l.sites[0].kind = "onprem";
      delete l.sites[0].gateway;
      l.hub.gateway.circuitId = CIRCUIT;
    });
  it("the site says it is not deployed; the gateway and the circuit name the circuit", () => {
    const g = labGraph(lab(), "onprem lab");
    expect(g.title).toBe("onprem lab");
    expect(g.clusters.map((c) => c.label)).toEqual([
      "vnet-hub00: hub",
      "vnet-spoke10: spoke",
      "vnet-hub100: site (onprem, attached to vnet-hub00, on-premises: not deployed)",
    ]);
    expect(g.clusters[0]!.nodes.find((n) => n.kind === "gateway")!.label).toEqual([
      "gw-vnet-hub00",
      "ExpressRoute ErGw1AZ",
      "circuit er-tokyo",
    ]);
    expect(g.nodes).toEqual([{ id: "circuit:er-vnet-hub00", kind: "circuit", label: ["ExpressRoute circuit er-vnet-hub00", "er-tokyo"] }]);
    // The on-premises site's own route table still draws its UDR to the site router.
    expect(g.edges.filter((e) => e.kind === "udr").map((e) => e.id)).toEqual([
      "udr:rt-vnet-spoke10-default:vm-hub00",
      "udr:rt-vnet-hub100-default:vm-hub100",
    ]);
    expect(labToDot(lab(), "onprem lab").split("\n")[0]).toBe('digraph "onprem lab" {');
  });
});

describe("quoting", () => {
  it("DOT escapes backslashes and double quotes in names (a title is free text)", () => {
    expect(labToDot(labOf("dev"), 'lab "a" \\ b').split("\n")[0]).toBe('digraph "lab \\"a\\" \\\\ b" {');
  });
  it("Mermaid writes a double quote in a label as #quot;", () => {
    const g: LabGraph = { title: "t", clusters: [], nodes: [{ id: "circuit:c", kind: "circuit", label: ['say "hi"', "x"] }], edges: [] };
    expect(graphToMermaid(g)).toBe('flowchart TB\n  circuit_c(["say #quot;hi#quot;<br/>x"])\n');
  });
});

describe("a circuit domain whose gateways name two circuits", () => {
  it("the circuit node lists both, each once (a lab edited past the rules, as graph-dot-mermaid's checks do)", () => {
    const C = (n: string) =>
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/${n}`;
    const lab = labOf("dev");
    const ids: Record<string, string> = { "vnet-hub00": C("er-a"), "vnet-spoke10": C("er-a"), "vnet-hub100": C("er-b") };
    const edited = {
      ...lab,
      vnets: lab.vnets.map((v) => (v.gateway ? { ...v, gateway: { ...v.gateway, circuitId: ids[v.name] } } : v)),
    } as typeof lab;
    expect(labGraph(edited).nodes.map((n) => n.label)).toEqual([["ExpressRoute circuit er-vnet-hub00", "er-a, er-b"]]);
  });
});
