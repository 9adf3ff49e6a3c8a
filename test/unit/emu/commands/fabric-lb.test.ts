// hub.pair's load balancer in the emulated fabric against references written by hand
// (test/reference/pair/fabric-lb.*), the slot map over the healthy backends, and Azure's probe
// marking (lb-prober.ts nextHealth) as Learn states it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { lbNft, lbPorts, lbRouteCommands, slotMarks, slotsNft, SLOTS } from "../../../../src/emu/commands/fabric-lb.js";
import { nextHealth, type BackendHealth } from "../../../../src/emu/lb-prober.js";
import { FIXTURES, labOf } from "../../../support/stacks.js";
import { REFERENCE_DIR } from "../../../support/reference.js";

const body = (file: string) =>
  readFileSync(join(REFERENCE_DIR, "pair", file), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .join("\n");

const pair = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
const topo = buildTopology(pair, "pair");

describe("the pair's load balancer in the fabric", () => {
  it("nft table and routes are the references, byte for byte", () => {
    expect(lbNft(pair, topo)).toBe(body("fabric-lb.nft"));
    expect(lbRouteCommands(pair, topo).join("\n") + "\n").toBe(body("fabric-lb.routes"));
  });

  it("only the spoke's port is balanced, for the site's prefix only", () => {
    expect(lbPorts(pair, topo).map((p) => [p.node.vm.name, p.prefixes])).toEqual([["vm-spoke10", ["10.100.0.0/16"]]]);
  });

  it("a lab without a pair has no load balancer in its fabric", () => {
    const dev = labOf("dev");
    const t = buildTopology(dev, "dev");
    expect(lbNft(dev, t)).toBe("");
    expect(lbRouteCommands(dev, t)).toEqual([]);
  });
});

describe("slot map: new flows spread over the healthy backends only", () => {
  it("both up: slots alternate; one down: every slot to the other; none: to all (AllProbedUp)", () => {
    expect(slotMarks([true, true])).toEqual(Array.from({ length: SLOTS }, (_, i) => (i % 2 ? 2 : 1)));
    expect(slotMarks([false, true])).toEqual(Array(SLOTS).fill(2));
    expect(slotMarks([true, false])).toEqual(Array(SLOTS).fill(1));
    expect(slotMarks([false, false])).toEqual(slotMarks([true, true]));
  });

  it("is rewritten in one nft transaction (flush, then every slot)", () => {
    const text = slotsNft([false, true]);
    expect(text.split("\n")[0]).toBe("flush map inet hsv_lb slots");
    expect(text).toContain("add element inet hsv_lb slots { 0 : 2, 1 : 2,");
  });
});

// Learn, "Load Balancer health probes": "explicit responses will immediately mark the probe as up or
// down for 200 and non-200 responses ... the threshold value only applies to HTTP probes if the probe
// times out due to no response".
describe("probe marking (Azure's rules)", () => {
  const up: BackendHealth = { up: true, timeouts: 0 };
  const down: BackendHealth = { up: false, timeouts: 0 };
  it("a 200 marks up at once, a non-200 (or a reset) down at once", () => {
    expect(nextHealth(down, "ok", 2).up).toBe(true);
    expect(nextHealth(up, "fail", 2).up).toBe(false);
  });
  it("timeouts mark down only after threshold in a row; a 200 between resets the count", () => {
    const once = nextHealth(up, "timeout", 2);
    expect(once).toMatchObject({ up: true, timeouts: 1 });
    expect(nextHealth(once, "timeout", 2).up).toBe(false);
    expect(nextHealth(nextHealth(once, "ok", 2), "timeout", 2).up).toBe(true);
    expect(nextHealth(up, "timeout", 1).up).toBe(false);
  });
  it("a timeout never marks a down backend up", () => {
    expect(nextHealth(down, "timeout", 2).up).toBe(false);
  });
});
