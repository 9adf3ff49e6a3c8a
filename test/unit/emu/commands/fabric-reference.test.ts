// The seed lab's whole fabric ruleset against a reference checked by hand (test/reference/seed/fabric.nft),
// and each address and protocol form of an NSG rule as nft.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { fabricNft } from "../../../../src/emu/commands/fabric.js";
import { ruleLine, virtualNetworkTag, type FabricNsgRule } from "../../../../src/emu/commands/fabric-nsg.js";
import { labOf } from "../../../support/stacks.js";
import { REFERENCE_DIR } from "../../../support/reference.js";
import { editedLab } from "../../../support/config-edit.js";

const reference = (file: string) =>
  readFileSync(join(REFERENCE_DIR, "seed", file), "utf8")
    .split("\n")
    .filter((l, i, all) => !(l.startsWith("#") && all.slice(0, i + 1).every((x) => x.startsWith("#"))))
    .join("\n");

describe("seed lab fabric ruleset", () => {
  it("is the reference, byte for byte", () => {
    const lab = labOf("seed");
    expect(fabricNft(lab, buildTopology(lab, "seed"))).toBe(reference("fabric.nft"));
  });
});

const rule = (r: Partial<FabricNsgRule>): FabricNsgRule => ({
  name: "r",
  priority: 200,
  direction: "Inbound",
  access: "Allow",
  protocol: "*",
  sourcePrefixes: ["*"],
  destinationPrefixes: ["*"],
  destinationPorts: ["*"],
  ...r,
});
const TAG = ["10.0.0.0/16"];

describe("an NSG rule as nft", () => {
  it("Tcp and Udp with and without ports; Any without ports matches every protocol", () => {
    expect(ruleLine(rule({ protocol: "Tcp" }), TAG)).toBe('    meta l4proto tcp counter return comment "Inbound 200 r"');
    expect(ruleLine(rule({ protocol: "Udp", destinationPorts: ["53"] }), TAG)).toBe(
      '    meta l4proto udp th dport 53 counter return comment "Inbound 200 r"',
    );
    expect(ruleLine(rule({ protocol: "Tcp", destinationPorts: ["22", "443"] }), TAG)).toBe(
      '    meta l4proto tcp th dport { 22, 443 } counter return comment "Inbound 200 r"',
    );
    expect(ruleLine(rule({}), TAG)).toBe('    counter return comment "Inbound 200 r"');
    // "*" among the ports is every port.
    expect(ruleLine(rule({ protocol: "Udp", destinationPorts: ["53", "*"] }), TAG)).toBe(
      '    meta l4proto udp counter return comment "Inbound 200 r"',
    );
  });
  it("any address in any spelling Azure accepts (*, Any, any, 0.0.0.0/0) matches everything, even beside a prefix", () => {
    for (const any of ["*", "Any", "any", "0.0.0.0/0"])
      expect(ruleLine(rule({ sourcePrefixes: [any], destinationPrefixes: ["10.9.0.0/16", any] }), TAG)).toBe(
        '    counter return comment "Inbound 200 r"',
      );
  });
  it("Internet is only understood alone; anything that is not a tag or a prefix is refused", () => {
    expect(() => ruleLine(rule({ destinationPrefixes: ["Internet", "10.9.0.0/16"] }), TAG)).toThrow(/NSG address "Internet"/);
    for (const bad of ["10.0.0.0/8x", "x10.0.0.0/8", "10.0.0.0/8 "])
      expect(() => ruleLine(rule({ sourcePrefixes: [bad] }), TAG)).toThrow(`NSG address "${bad}"`);
  });
  it("virtualNetworkTag names the VNet it cannot find", () => {
    expect(() => virtualNetworkTag(labOf("seed"), "vnet-nope")).toThrow("no VNet named vnet-nope in the lab");
  });
});

describe("which NSGs the fabric carries", () => {
  it("a subnet's NSG only when a NIC is in that subnet, each port wired to its own subnet's NSG (not its VNet's first)", () => {
    // An extra hub subnet with no VM, listed first: its NSG exists in the model, has no port, so no chain.
    const lab = editedLab("seed", (l) => {
      l.hub.subnets.unshift({ name: "apps", prefix: "10.0.1.0/24" });
      l.hub.router.subnet = "default";
    });
    expect(lab.nsgs.map((n) => n.name)).toContain("nsg-vnet-hub00-apps");
    const nft = fabricNft(lab, buildTopology(lab, "seed"));
    expect(nft).not.toContain("nsg_vnet_hub00_apps");
    expect(nft).toContain('"n0" : jump nic_out_n0');
    expect(nft).toContain('"n0" : jump nic_in_n0');
    expect(nft).toContain(
      '  chain nic_out_n0 {\n    ct id @flows_n0 update @flows_n0 { ct id } counter return comment "vm-hub00: a flow this NIC admitted"\n    jump out_nsg_vnet_hub00_default\n',
    );
    expect(nft).toContain(
      '  chain nic_in_n0 {\n    ct id @flows_n0 update @flows_n0 { ct id } counter accept comment "vm-hub00: a flow this NIC admitted"\n    jump in_nsg_vnet_hub00_default\n',
    );
  });
  it("without emulation.azureFragmentation the NSG table has no pre-defrag chain", () => {
    const lab = editedLab("seed", (l) => (l.emulation = { azureFragmentation: false }));
    const nft = fabricNft(lab, buildTopology(lab, "seed"));
    expect(nft).toContain("table inet hsv_nsg {\n  chain out_nsg_vnet_hub00_default {\n");
    expect(nft).not.toContain("before_defrag");
  });
});
