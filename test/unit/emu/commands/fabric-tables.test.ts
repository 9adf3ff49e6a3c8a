// The seed lab's fabric, every route of every table, written by hand from Azure's routing rules
// (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview): each subnet's
// system routes (own VNet, peered VNets, prefixes learned over the circuit) deliver only to a NIC
// that exists, so the rest of each prefix is a blackhole, as are the None routes (10/8, 172.16/12,
// 192.168/16, 100.64/10) and the default here (no Internet in the emulation); a UDR to a virtual
// appliance sends its prefix to the appliance's NIC, onlink. Compared as sets: the kernel picks by
// longest prefix whatever the order of `route replace` lines with distinct destinations.
import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { portCommands, portSysctls, RouteIndex, tableCommands } from "../../../../src/emu/commands/fabric.js";
import type { EffectiveRoute } from "../../../../src/routing/effective-routes.js";
import { labOf } from "../../../support/stacks.js";
import { editedLab } from "../../../support/config-edit.js";

const NONE = ["10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16"];
const blackholes = (table: number, prefixes: string[]) => [
  `route replace blackhole default table ${table}`,
  ...prefixes.map((p) => `route replace blackhole ${p} table ${table}`),
];

describe("seed lab fabric: ports n0 vm-hub00, n1 vm-spoke10, n2 vm-hub100, n3 vm-hub101", () => {
  it("tables 1000 (hub default), 1002 (spoke default), 1004 (site default); GatewaySubnets have no NIC, no table", () => {
    const lab = labOf("seed");
    const expected = [
      // Hub: its own space, the peered spoke, the site learned over the circuit: each VM delivered directly.
      ...blackholes(1000, [...NONE, "10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16"]),
      "route replace 10.0.0.4/32 dev n0 table 1000",
      "route replace 10.10.0.4/32 dev n1 table 1000",
      "route replace 10.100.0.4/32 dev n2 table 1000",
      "route replace 10.100.0.5/32 dev n3 table 1000",
      "route replace 10.0.0.1/32 dev lo table 1000",
      // Spoke: the UDR 10.100.0.0/16 -> 10.0.0.4 overrides what its own gateway would learn.
      ...blackholes(1002, [...NONE, "10.10.0.0/16", "10.0.0.0/16"]),
      "route replace 10.100.0.0/16 via 10.0.0.4 dev n0 onlink table 1002",
      "route replace 10.0.0.4/32 dev n0 table 1002",
      "route replace 10.10.0.4/32 dev n1 table 1002",
      "route replace 10.100.0.4/32 via 10.0.0.4 dev n0 onlink table 1002",
      "route replace 10.100.0.5/32 via 10.0.0.4 dev n0 onlink table 1002",
      "route replace 10.10.0.1/32 dev lo table 1002",
      // Site: the hub learned over the circuit; the UDR 10.10.0.0/16 -> 10.100.0.4 to its router.
      ...blackholes(1004, [...NONE, "10.100.0.0/16", "10.0.0.0/16"]),
      "route replace 10.10.0.0/16 via 10.100.0.4 dev n2 onlink table 1004",
      "route replace 10.0.0.4/32 dev n0 table 1004",
      "route replace 10.10.0.4/32 via 10.100.0.4 dev n2 onlink table 1004",
      "route replace 10.100.0.4/32 dev n2 table 1004",
      "route replace 10.100.0.5/32 dev n3 table 1004",
      "route replace 10.100.0.1/32 dev lo table 1004",
      // Each port looks up its subnet's table.
      "rule add iif n0 lookup 1000 pref 1000",
      "rule add iif n1 lookup 1002 pref 1000",
      "rule add iif n2 lookup 1004 pref 1000",
      "rule add iif n3 lookup 1004 pref 1000",
    ];
    const got = tableCommands(lab, buildTopology(lab, "seed"));
    expect([...got].sort()).toEqual([...expected].sort());
    expect(got).toHaveLength(new Set(got).size);
    // Each table starts with its blackhole default (later lines refine it) and the rules come last.
    expect(got.filter((l) => l.startsWith("route replace blackhole default"))).toEqual(
      [1000, 1002, 1004].map((t) => `route replace blackhole default table ${t}`),
    );
    expect(got.slice(-4).every((l) => l.startsWith("rule add"))).toBe(true);
  });
  it("one veth per NIC from the fabric into the VM's namespace, each answering ARP at once", () => {
    const lab = labOf("seed");
    const t = buildTopology(lab, "seed");
    expect(portCommands(t)).toEqual([
      "link set lo up",
      "link add n0 address 12:34:56:78:9a:bc type veth peer name eth0 netns hsv-seed-vm-hub00",
      "link set n0 up",
      "link add n1 address 12:34:56:78:9a:bc type veth peer name eth0 netns hsv-seed-vm-spoke10",
      "link set n1 up",
      "link add n2 address 12:34:56:78:9a:bc type veth peer name eth0 netns hsv-seed-vm-hub100",
      "link set n2 up",
      "link add n3 address 12:34:56:78:9a:bc type veth peer name eth0 netns hsv-seed-vm-hub101",
      "link set n3 up",
    ]);
    expect(portSysctls(t)).toEqual([0, 1, 2, 3].map((i) => `net.ipv4.neigh.n${i}.proxy_delay=0`));
  });
});

describe("RouteIndex", () => {
  it("keeps exactly the routes with a prefix holding the address, first and last address of a prefix included", () => {
    const r = (prefixes: string[]): EffectiveRoute => ({ source: "Default", state: "Active", prefixes, nextHopType: "None" });
    const wide = r(["10.100.0.0/16"]);
    const two = r(["192.168.0.0/24", "10.100.7.0/24"]);
    const other = r(["172.16.0.0/12"]);
    const index = new RouteIndex([wide, two, other]);
    expect(index.containing("10.100.0.0")).toEqual([wide]);
    expect(index.containing("10.100.255.255")).toEqual([wide]);
    expect(index.containing("10.100.7.9")).toEqual([wide, two]);
    expect(index.containing("192.168.0.255")).toEqual([two]);
    expect(index.containing("10.101.0.0")).toEqual([]);
    expect(index.containing("10.99.255.255")).toEqual([]);
  });
});

describe("a VM in a subnet listed after the GatewaySubnet", () => {
  it("gets that subnet's table, and only routers get an FRR run dir", () => {
    const lab = editedLab("seed", (l) => l.hub.subnets.reverse());
    const t = buildTopology(lab, "seed");
    expect(t.subnets.slice(0, 2).map((s) => `${s.subnet.name} ${s.table}`)).toEqual(["GatewaySubnet 1000", "default 1001"]);
    expect(t.nodes.map((n) => [n.vm.name, n.table, n.runDir ?? "-"])).toEqual([
      ["vm-hub00", 1001, "/run/hub-spoke-vxlan/seed/vm-hub00"],
      ["vm-spoke10", 1002, "-"],
      ["vm-hub100", 1004, "/run/hub-spoke-vxlan/seed/vm-hub100"],
      ["vm-hub101", 1004, "-"],
    ]);
  });
});
