// fabricHop for a next hop that is hub.pair's frontend (deliveryNic gives the load balancer, not "no
// NIC"): an explicit drop, so the spoke's table blackholes it. That is the fallback for what the
// fabric's load balancer (fabric-lb.ts, its fwmark rules before this table) does not carry.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fabricHop, tableCommands } from "../../../../src/emu/commands/fabric.js";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { FIXTURES, labOf } from "../../../support/stacks.js";

describe("fabric: a load balancer frontend next hop (pair fixture, frontend 10.0.0.10)", () => {
  const lab = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
  const t = buildTopology(lab, "pair");
  it("is an explicit drop naming the frontend, for the spoke's site addresses only", () => {
    expect(fabricHop(lab, t, "vnet-spoke10", "default", "10.100.0.5")).toEqual({ drop: "load balancer frontend 10.0.0.10: see fabric LB" });
    expect(fabricHop(lab, t, "vnet-spoke10", "default", "10.0.0.5")).toMatchObject({ node: { vm: { name: "vm-hub01" } } });
  });
  it("is blackholed in the spoke's table, as before (the UDR's prefix and each site address)", () => {
    const spokeTable = t.subnets.find((s) => s.subnet.vnet === "vnet-spoke10")!.table;
    expect(tableCommands(lab, t).filter((l) => l.includes(" 10.100.0.") && l.endsWith(`table ${spokeTable}`))).toEqual([
      `route replace blackhole 10.100.0.0/16 table ${spokeTable}`,
      `route replace blackhole 10.100.0.4/32 table ${spokeTable}`,
      `route replace blackhole 10.100.0.5/32 table ${spokeTable}`,
    ]);
  });
});
