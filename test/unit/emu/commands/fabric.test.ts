import { describe, expect, it } from "vitest";
import { buildLab } from "../../../../src/model/build.js";
import { readStackFile } from "../../../../src/config/stack-file.js";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { deliveryFromRoutes, deliveryVm, effectiveRoutes } from "../../../../src/routing/effective-routes.js";
import {
  fabricHop,
  fabricNft,
  RouteIndex,
  FABRIC_SYSCTLS,
  FABRIC_TTL_RULE,
  portCommands,
  portSysctls,
  tableCommands,
} from "../../../../src/emu/commands/fabric.js";

const seed = buildLab(readStackFile("seed").lab);
const t = buildTopology(seed, "seed");
const table = (vm: string) => t.nodes.find((n) => n.vm.name === vm)!.table;

describe("fabric rendering (pure)", () => {
  it("its indexed delivery (routes parsed once per subnet) agrees with deliveryVm on every subnet and address", () => {
    for (const s of ["seed", "dev", "peering", "test/fixtures/Pulumi.3x4.yaml", "test/fixtures/Pulumi.site2.yaml"]) {
      const lab = buildLab(readStackFile(s).lab);
      const topo = buildTopology(lab, "x");
      for (const sub of lab.vnets.flatMap((v) => v.subnets)) {
        const routes = effectiveRoutes(lab, sub.vnet, sub.name);
        const index = new RouteIndex(routes);
        for (const a of [...lab.vms.map((v) => v.address), "10.0.0.1", "192.168.1.1", "169.254.0.2", "8.8.8.8"]) {
          expect(deliveryFromRoutes(lab, index.containing(a), a)).toEqual(deliveryVm(lab, sub.vnet, sub.name, a));
          expect(fabricHop(lab, topo, sub.vnet, sub.name, a, index)).toEqual(fabricHop(lab, topo, sub.vnet, sub.name, a));
        }
      }
    }
  });
  const lines = tableCommands(seed, t);
  it("ends every subnet table with blackhole default and selects it by ingress port", () => {
    for (const n of t.nodes) expect(lines).toContain(`route replace blackhole default table ${n.table}`);
    // GatewaySubnets have no NIC here, so no port leads into a table of theirs.
    const gw = t.subnets.find((s) => s.subnet.isGatewaySubnet)!;
    expect(lines).not.toContain(`route replace blackhole default table ${gw.table}`);
    for (const n of t.nodes) expect(lines).toContain(`rule add iif ${n.port} lookup ${n.table} pref 1000`);
  });
  it("sends the spoke's UDR traffic to the hub router onlink, and delivers peered/local addresses to their port", () => {
    const spoke = table("vm-spoke10");
    expect(lines).toContain(`route replace 10.100.0.5/32 via 10.0.0.4 dev n0 onlink table ${spoke}`);
    expect(lines).toContain(`route replace 10.100.0.0/16 via 10.0.0.4 dev n0 onlink table ${spoke}`);
    expect(lines).toContain(`route replace 10.0.0.4/32 dev n0 table ${spoke}`);
  });
  it("lets the hub reach the simulated site over the circuit (underlay of the tunnel)", () => {
    expect(lines).toContain(`route replace 10.100.0.4/32 dev n2 table ${table("vm-hub00")}`);
  });
  it("answers ARP for each subnet gateway", () => {
    expect(lines).toContain(`route replace 10.10.0.1/32 dev lo table ${table("vm-spoke10")}`);
  });
  it("filters link-local sources and spoofing by NICs without IP forwarding", () => {
    const nft = fabricNft(seed, t);
    expect(nft).toContain("ip saddr 169.254.0.0/16 counter drop");
    expect(nft).toContain(`iifname "n1" ip saddr != 10.10.0.4 counter drop`);
    expect(nft).toContain(`oifname "n3" ip daddr != 10.100.0.5 counter drop`);
    expect(nft).not.toContain(`iifname "n0"`); // the hub router forwards
    expect(nft).not.toContain("frag-needed");
  });
  it("models Azure's 1,400-byte fragmentation by default: fragments and over-1400 packets without DF are lost", () => {
    const nft = fabricNft(seed, t);
    expect(nft).toContain("ip frag-off & 0x3fff != 0 counter drop");
    expect(nft).toContain("ip frag-off & 0x4000 == 0 ip length > 1400 counter drop");
    // DF packets are not limited (Learn: allowed up to 2,006 bytes with DF).
    expect(nft).not.toMatch(/frag-off & 0x4000 != 0/);
  });
  it("follows config.emulation switches", () => {
    const raw = readStackFile("seed").lab as Record<string, unknown>;
    const lab = buildLab({ ...raw, emulation: { dropLinkLocalSource: false, dropFragNeeded: true, azureFragmentation: false } });
    const nft = fabricNft(lab, buildTopology(lab, "x"));
    expect(nft).not.toContain("169.254.0.0/16");
    expect(nft).toContain("frag-needed");
    expect(nft).not.toContain("frag-off");
  });
  it("is invisible and proxy-answers at once", () => {
    expect(FABRIC_TTL_RULE.join(" ")).toContain("-j TTL --ttl-inc 1");
    expect(FABRIC_SYSCTLS).toContain("net.ipv4.conf.default.proxy_arp=1");
    expect(FABRIC_SYSCTLS).toContain("net.ipv4.conf.all.rp_filter=0");
    expect(portSysctls(t)).toContain("net.ipv4.neigh.n0.proxy_delay=0");
    expect(portCommands(t)).toContain("link add n0 address 12:34:56:78:9a:bc type veth peer name eth0 netns hsv-seed-vm-hub00");
  });
});
