// The fabric's rendering at edges no shipped stack reaches: an Invalid route, a lab without NSGs,
// an appliance address with no port. Expected lines follow Azure's rule that only Active routes
// carry traffic ("Virtual network traffic routing", learn.microsoft.com) and nft's syntax (an empty
// verdict map is a syntax error, so none is written).
import { describe, expect, it } from "vitest";
import { fabricHop, tableCommands } from "../../../../src/emu/commands/fabric.js";
import { nsgNft } from "../../../../src/emu/commands/fabric-nsg.js";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import type { Lab } from "../../../../src/model/types.js";
import { withUdr } from "../../../support/lab-edits.js";
import { labOf } from "../../../support/stacks.js";

describe("fabric edges (seed lab: ports n0 vm-hub00, n1 vm-spoke10, n2 vm-hub100, n3 vm-hub101)", () => {
  it("an Invalid route gives no line: the spoke's own range overridden by a UDR is only the UDR", () => {
    const lab = withUdr(labOf("seed"), "vnet-spoke10", { name: "self", prefix: "10.10.0.0/16", nextHopIp: "10.10.0.4" });
    const lines = tableCommands(lab, buildTopology(lab, "seed")).filter((l) => l.includes(" 10.10.0.0/16 ") && l.endsWith("table 1002"));
    expect(lines).toEqual(["route replace 10.10.0.0/16 via 10.10.0.4 dev n1 onlink table 1002"]);
  });

  it("a lab with no NSG on any port writes no verdict map", () => {
    const lab: Lab = { ...labOf("seed"), nsgs: [] };
    // No NSG chains, no flow-record sets, no verdict maps: only the platform exemptions.
    expect(nsgNft(lab, buildTopology(lab, "seed"))).toBe(
      [
        "table inet hsv_nsg {",
        "  chain before_defrag {",
        "    type filter hook prerouting priority -450; policy accept;",
        '    ip frag-off & 0x3fff != 0 counter drop comment "azureFragmentation: a fragment, dropped before conntrack reassembles it"',
        "  }",
        "  chain forward {",
        "    type filter hook forward priority filter + 10; policy accept;",
        '    ip saddr { 168.63.129.16, 169.254.169.254 } counter accept comment "Azure platform traffic is not subject to NSGs"',
        '    ip daddr { 168.63.129.16, 169.254.169.254 } counter accept comment "Azure platform traffic is not subject to NSGs"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    // With the seed's NSGs, both directions have one.
    const seed = labOf("seed");
    expect(
      nsgNft(seed, buildTopology(seed, "seed")).match(/^ {4}(iifname|oifname) vmap \{ "n\d" : jump \S+(, "n\d" : jump \S+)* \}$/gm),
    ).toHaveLength(2);
  });

  it("an appliance address that has no port is a drop naming it", () => {
    const lab = labOf("seed");
    const t = buildTopology(lab, "seed");
    const without = { ...t, nodes: t.nodes.filter((n) => n.vm.name !== "vm-hub00") };
    expect(fabricHop(lab, without, "vnet-spoke10", "default", "10.100.0.5")).toEqual({ drop: "no NIC has next hop 10.0.0.4" });
    expect(fabricHop(lab, t, "vnet-spoke10", "default", "10.100.0.5")).toMatchObject({ node: { port: "n0" }, via: "10.0.0.4" });
  });
});
