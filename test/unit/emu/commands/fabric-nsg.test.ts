// The NSG ruleset of the emulated fabric (pure): every NSG in both directions, custom rules in
// priority order, Azure's default rules last, the ports wired to their subnet's chains.
import { describe, expect, it } from "vitest";
import { buildLab } from "../../../../src/model/build.js";
import { readStackFile } from "../../../../src/config/stack-file.js";
import type { Lab, NsgRule } from "../../../../src/model/types.js";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { fabricNft } from "../../../../src/emu/commands/fabric.js";
import { DEFAULT_RULES, nsgNft, ruleLine, rulesInOrder, virtualNetworkTag } from "../../../../src/emu/commands/fabric-nsg.js";

const load = (s: string) => buildLab(readStackFile(s).lab);
const dev = load("dev");
const x3x4 = load("test/fixtures/Pulumi.3x4.yaml");
const nft = nsgNft(dev, buildTopology(dev, "dev"));

/** The rule comments ("<direction> <priority> <name>") of one chain, in the order nft evaluates them. */
function chain(text: string, name: string): string[] {
  const body = text.split(`  chain ${name} {\n`)[1]?.split("\n  }")[0];
  if (body === undefined) throw new Error(`no chain ${name} in\n${text}`);
  return body
    .split("\n")
    .map((l) => /comment "((?:Inbound|Outbound) \d+ \S+)"$/.exec(l)?.[1])
    .filter((c): c is string => !!c);
}

describe("fabric NSG ruleset (nsgNft)", () => {
  it("hub: inbound custom rules by priority, then Azure's three inbound defaults; outbound only the defaults", () => {
    expect(chain(nft, "in_nsg_vnet_hub00_default")).toEqual([
      "Inbound 100 allow-vxlan-vm-hub100",
      "Inbound 1000 deny-vxlan-others",
      "Inbound 3100 allow-lab-icmp",
      "Inbound 3110 allow-lab-ssh",
      "Inbound 3200 allow-tunnel-forward",
      "Inbound 3210 allow-tunnel-return",
      "Inbound 4096 deny-all-inbound",
      "Inbound 65000 AllowVNetInBound",
      "Inbound 65001 AllowAzureLoadBalancerInBound",
      "Inbound 65500 DenyAllInbound",
    ]);
    expect(chain(nft, "out_nsg_vnet_hub00_default")).toEqual([
      "Outbound 65000 AllowVnetOutBound",
      "Outbound 65001 AllowInternetOutBound",
      "Outbound 65500 DenyAllOutBound",
    ]);
  });

  it("every NSG of every shipped stack has both chains, strictly ascending priorities, defaults last", () => {
    for (const s of [
      "dev",
      "seed",
      "peering",
      "test/fixtures/Pulumi.3x4.yaml",
      "test/fixtures/Pulumi.site2.yaml",
      "test/fixtures/Pulumi.pair.yaml",
    ]) {
      const lab = load(s);
      const text = nsgNft(lab, buildTopology(lab, "x"));
      for (const n of lab.nsgs) {
        const id = n.name.replace(/-/g, "_");
        for (const [d, defaults] of [
          ["in", [65000, 65001, 65500]],
          ["out", [65000, 65001, 65500]],
        ] as const) {
          const prios = chain(text, `${d}_${id}`).map((c) => Number(c.split(" ")[1]));
          expect(prios, `${s} ${n.name} ${d}`).toEqual([...prios].sort((a, b) => a - b));
          expect(new Set(prios).size, `${s} ${n.name} ${d}`).toBe(prios.length);
          expect(prios.slice(-3), `${s} ${n.name} ${d}`).toEqual(defaults);
        }
        expect(chain(text, `in_${id}`).length, n.name).toBe(n.inbound.length + 3);
      }
    }
  });

  it("sorts by priority whatever order the model lists the rules in", () => {
    const nsg = dev.nsgs[0]!;
    const shuffled = { ...nsg, inbound: [...nsg.inbound].reverse() };
    expect(rulesInOrder(shuffled, "Inbound").map((r) => r.priority)).toEqual(rulesInOrder(nsg, "Inbound").map((r) => r.priority));
    expect(DEFAULT_RULES.map((r) => `${r.direction} ${r.priority} ${r.name} ${r.access}`)).toEqual([
      "Inbound 65000 AllowVNetInBound Allow",
      "Inbound 65001 AllowAzureLoadBalancerInBound Allow",
      "Inbound 65500 DenyAllInbound Deny",
      "Outbound 65000 AllowVnetOutBound Allow",
      "Outbound 65001 AllowInternetOutBound Allow",
      "Outbound 65500 DenyAllOutBound Deny",
    ]);
  });

  it("renders each rule's protocol, ports, addresses and verdict", () => {
    const hubIn = nft.split("\n");
    const line = (comment: string) => hubIn.find((l) => l.includes(`comment "${comment}"`))!.trim();
    expect(line("Inbound 100 allow-vxlan-vm-hub100")).toBe(
      `meta l4proto udp th dport 4789 ip saddr 10.100.0.4/32 ip daddr 10.0.0.4/32 counter return comment "Inbound 100 allow-vxlan-vm-hub100"`,
    );
    expect(line("Inbound 1000 deny-vxlan-others")).toBe(
      `meta l4proto udp th dport 4789 counter drop comment "Inbound 1000 deny-vxlan-others"`,
    );
    expect(line("Inbound 3210 allow-tunnel-return")).toBe(
      `meta l4proto tcp ip saddr 10.100.0.0/16 ip daddr 10.0.0.4/32 counter return comment "Inbound 3210 allow-tunnel-return"`,
    );
    expect(line("Inbound 3200 allow-tunnel-forward")).toBe(
      `ip saddr 10.10.0.0/16 ip daddr 10.100.0.0/16 counter return comment "Inbound 3200 allow-tunnel-forward"`,
    );
    const tag = ["10.0.0.0/16"];
    const rule = (r: Partial<NsgRule>) => ({
      name: "r",
      priority: 200,
      direction: "Inbound" as const,
      access: "Allow" as const,
      protocol: "*" as const,
      sourcePrefixes: ["*"],
      destinationPrefixes: ["*"],
      destinationPorts: ["*"],
      ...r,
    });
    // Azure's Any protocol with ports: TCP and UDP on those ports (ICMP has none).
    expect(ruleLine(rule({ destinationPorts: ["22", "8000-8080"] }), tag)).toContain(
      "meta l4proto { tcp, udp } th dport { 22, 8000-8080 } counter return",
    );
    expect(ruleLine(rule({ protocol: "Icmp", access: "Deny" }), tag)).toContain("meta l4proto icmp counter drop");
    // An allow returns in both directions: the port's chain records the flow on that NIC.
    expect(ruleLine({ ...rule({}), direction: "Outbound" }, tag)).toMatch(/counter return comment/);
    expect(ruleLine(rule({}), tag)).toMatch(/counter return comment/);
    // Service tags expand; a bare address is a /32; nested prefixes collapse.
    expect(ruleLine(rule({ sourcePrefixes: ["VirtualNetwork", "10.0.5.0/24", "203.0.113.7"] }), tag)).toContain(
      "ip saddr { 10.0.0.0/16, 203.0.113.7/32 } counter",
    );
    expect(ruleLine(rule({ destinationPrefixes: ["Internet"] }), tag)).toContain("ip daddr != 10.0.0.0/16 counter");
    expect(() => ruleLine(rule({ sourcePrefixes: ["AzureCloud"] }), tag)).toThrow(/AzureCloud/);
    // AzureLoadBalancer: "the virtual IP address of the host (168.63.129.16) where the Azure health probes
    // originate" (https://learn.microsoft.com/azure/virtual-network/service-tags-overview).
    expect(ruleLine(rule({ sourcePrefixes: ["AzureLoadBalancer"] }), tag)).toContain("ip saddr 168.63.129.16/32 counter");
  });

  it("hub pair: the health probe's rule from 168.63.129.16 to both routers' TCP 8779, and a VXLAN rule per hub router", () => {
    const pair = load("test/fixtures/Pulumi.pair.yaml");
    const text = nsgNft(pair, buildTopology(pair, "x"));
    const line = (comment: string) =>
      text
        .split("\n")
        .find((l) => l.includes(`comment "${comment}"`))
        ?.trim();
    expect(line("Inbound 3050 allow-lb-health-probe")).toBe(
      `meta l4proto tcp th dport 8779 ip saddr 168.63.129.16/32 ip daddr { 10.0.0.4/32, 10.0.0.5/32 } counter return comment "Inbound 3050 allow-lb-health-probe"`,
    );
    expect(chain(text, "in_nsg_vnet_hub00_default").slice(0, 2)).toEqual([
      "Inbound 100 allow-vxlan-vm-hub100",
      "Inbound 101 allow-vxlan-vm-hub100_vm-hub01",
    ]);
  });

  it("wires every port to its subnet's chains; an on-premises site (no NSG) is not filtered", () => {
    const t = buildTopology(x3x4, "x");
    const text = nsgNft(x3x4, t);
    for (const n of t.nodes) {
      const nsg = x3x4.nsgs.find((s) => s.vnet === n.vm.vnet && s.subnet === n.vm.subnet);
      const out = `"${n.port}" : jump nic_out_${n.port}`;
      if (nsg) {
        expect(text, n.vm.name).toContain(out);
        expect(text, n.vm.name).toContain(
          `  chain nic_out_${n.port} {\n    ct id @flows_${n.port} update @flows_${n.port} { ct id } counter return`,
        );
        expect(text, n.vm.name).toContain(
          `    jump out_${nsg.name.replace(/-/g, "_")}\n    update @flows_${n.port} { ct id } counter return comment "${n.vm.name}: flow recorded on this NIC"\n    ct state { invalid, untracked } counter return`,
        );
        expect(text, n.vm.name).toContain(
          `  chain nic_in_${n.port} {\n    ct id @flows_${n.port} update @flows_${n.port} { ct id } counter accept`,
        );
        expect(text, n.vm.name).toContain(
          `    jump in_${nsg.name.replace(/-/g, "_")}\n    update @flows_${n.port} { ct id } counter accept`,
        );
      } else expect(text, n.vm.name).not.toContain(out);
    }
    expect(t.nodes.filter((n) => n.vm.vnet === "vnet-site103")).toHaveLength(2);
    // Flow state per NIC: no global "established" accept; each filtered port has its own set (a multiple of 65536: the
    // kernel reserves nothing up front for those) and chains.
    expect([...new Set(text.match(/ct state .*? counter/g))]).toEqual(["ct state { invalid, untracked } counter"]);
    expect([...new Set(text.match(/ size \d+/g))]).toEqual([" size 524288"]);
    expect(524288 % 65536).toBe(0);
    for (const n of t.nodes) {
      const filtered = x3x4.nsgs.some((s) => s.vnet === n.vm.vnet && s.subnet === n.vm.subnet);
      expect(text.includes(`  set flows_${n.port} {`), n.vm.name).toBe(filtered);
      expect(text.includes(`"${n.port}" : jump nic_in_${n.port}`), n.vm.name).toBe(filtered);
    }
    expect(text.indexOf("iifname vmap")).toBeLessThan(text.indexOf("oifname vmap"));
    expect(text).toContain(`ip saddr { 168.63.129.16, 169.254.169.254 } counter accept`);
  });

  it("VirtualNetwork tag: own space, peered VNets, gateway-learned prefixes, UDR prefixes", () => {
    expect(virtualNetworkTag(dev, "vnet-hub00")).toEqual(["10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16"]); // own, peered spoke, learned site
    expect(virtualNetworkTag(dev, "vnet-spoke10")).toEqual(["10.10.0.0/16", "10.0.0.0/16", "10.100.0.0/16"]); // own, peered hub, UDR to the sites
    expect(virtualNetworkTag(dev, "vnet-hub100")).toEqual(["10.100.0.0/16", "10.0.0.0/16", "10.10.0.0/16"]); // own, learned hub, UDR to the spoke
    // 3x4: the hub peers the spokes and site102, learns site100, 101 and the on-premises 103 from its circuit.
    expect([...virtualNetworkTag(x3x4, "vnet-hub00")].sort()).toEqual(
      [
        "10.0.0.0/16",
        "10.10.0.0/16",
        "10.11.0.0/16",
        "10.12.0.0/16",
        "10.100.0.0/16",
        "10.101.0.0/16",
        "10.102.0.0/16",
        "10.103.0.0/16",
      ].sort(),
    );
    // A spoke's tag holds no other spoke (not peered, no route): spokes stay apart.
    expect(virtualNetworkTag(x3x4, "vnet-spoke10")).not.toContain("10.11.0.0/16");
  });

  it("emulation.enforceNsgs: false leaves the fabric without the NSG table (the old behaviour)", () => {
    const raw = readStackFile("dev").lab as Record<string, unknown>;
    const off: Lab = buildLab({ ...raw, emulation: { enforceNsgs: false } });
    expect(dev.config.emulation.enforceNsgs).toBe(true);
    expect(fabricNft(dev, buildTopology(dev, "dev"))).toContain("table inet hsv_nsg");
    expect(fabricNft(off, buildTopology(off, "dev"))).not.toContain("hsv_nsg");
  });

  it("drops fragments before conntrack reassembles them only with azureFragmentation", () => {
    expect(nft).toMatch(/hook prerouting priority -450;[\s\S]*ip frag-off & 0x3fff != 0 counter drop/);
    const raw = readStackFile("dev").lab as Record<string, unknown>;
    const lab = buildLab({ ...raw, emulation: { azureFragmentation: false } });
    expect(nsgNft(lab, buildTopology(lab, "dev"))).not.toContain("prerouting");
  });
});
