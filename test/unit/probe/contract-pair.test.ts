// Judging hub.pair's pairs: a hop that depends on which hub router a flow crossed lists both
// ("10.0.0.4|10.0.0.5") and the probe may see either, never a third; ping through the load balancer
// is expected to fail ("Load-balancing rules ... support TCP and UDP, but not other IP protocols
// including ICMP", Learn, "Azure Load Balancer components") while TCP connects.
import { describe, expect, it } from "vitest";
import type { Expectation } from "../../../src/probe/contract.js";
import { compare, expectsPing, hopOf, hopsAllowed, judge, modelOutputs, probeLine } from "../../../src/probe/contract.js";

const tcpOnly: Expectation = {
  from: "vm-spoke10",
  to: "vm-hub101",
  destination: "10.100.0.5",
  reachable: true,
  ping: false,
  hops: ["10.0.0.4|10.0.0.5", "10.100.0.4", "10.100.0.5"],
  why: "fabric: ... does not balance ICMP",
};
const seen = (ping: boolean, tcp: boolean, hops: string[]) => ({ ping, tcp, hops });

describe("compare with a hop's alternatives", () => {
  it("accepts either hub router at hop 1", () => {
    expect(compare(tcpOnly, seen(false, true, ["10.0.0.4", "10.100.0.4", "10.100.0.5"]))).toEqual([]);
    expect(compare(tcpOnly, seen(false, true, ["10.0.0.5", "10.100.0.4", "10.100.0.5"]))).toEqual([]);
  });
  it("rejects a third address, a lost answer where none may be lost, and both alternatives printed as one", () => {
    const diff = "traceroute: expected 10.0.0.4|10.0.0.5 10.100.0.4 10.100.0.5, got";
    expect(compare(tcpOnly, seen(false, true, ["10.0.0.6", "10.100.0.4", "10.100.0.5"]))).toEqual([
      `${diff} 10.0.0.6 10.100.0.4 10.100.0.5`,
    ]);
    expect(compare(tcpOnly, seen(false, true, ["???", "10.100.0.4", "10.100.0.5"]))).toEqual([`${diff} ??? 10.100.0.4 10.100.0.5`]);
    expect(compare(tcpOnly, seen(false, true, ["10.0.0.4|10.0.0.5", "10.100.0.4", "10.100.0.5"]))).toHaveLength(1);
  });
  it("rejects a traceroute that stops early anywhere but at the destination, or runs past the expected", () => {
    expect(hopsAllowed(["10.0.0.4|10.0.0.5", "10.100.0.4|10.100.0.5", "10.100.0.5"], ["10.0.0.5", "10.100.0.5"], "10.100.0.5")).toBe(true);
    expect(hopsAllowed(["10.0.0.4|10.0.0.5", "10.100.0.4|10.100.0.5", "10.100.0.5"], ["10.0.0.4", "10.100.0.4"], "10.100.0.5")).toBe(false);
    expect(hopsAllowed(["10.0.0.4", "10.100.0.5"], ["10.0.0.4", "10.100.0.5", "10.100.0.5"], "10.100.0.5")).toBe(false);
    expect(hopsAllowed(["10.0.0.4", "10.100.0.5"], [], "10.100.0.5")).toBe(false);
  });
});

describe("compare with ping expected apart from TCP", () => {
  it("ping failing while TCP connects is as expected", () => {
    expect(compare(tcpOnly, seen(false, true, ["10.0.0.5", "10.100.0.4", "10.100.0.5"]))).toEqual([]);
  });
  it("a ping reply where the load balancer should have dropped it is a difference; a failed TCP too", () => {
    expect(compare(tcpOnly, seen(true, true, ["10.0.0.5", "10.100.0.4", "10.100.0.5"]))).toEqual(["ping: expected unreachable, got reply"]);
    expect(compare(tcpOnly, seen(false, false, ["10.0.0.5", "10.100.0.4", "10.100.0.5"]))).toEqual([
      "tcp/22: expected reachable, got no connection",
    ]);
  });
  it("without a ping key, ping follows reachable as before", () => {
    const { ping: _p, ...both } = tcpOnly;
    expect(expectsPing(both)).toBe(true);
    expect(expectsPing(tcpOnly)).toBe(false);
    expect(compare(both, seen(false, true, ["10.0.0.4", "10.100.0.4", "10.100.0.5"]))).toEqual(["ping: expected reachable, got no reply"]);
  });
});

describe("hopOf", () => {
  it("each answer once, addresses in numeric order, ??? last; one answer stays itself", () => {
    expect(hopOf(["10.0.0.5", "10.0.0.4", "10.0.0.5"])).toBe("10.0.0.4|10.0.0.5");
    expect(hopOf(["???", "10.0.0.10", "10.0.0.9"])).toBe("10.0.0.9|10.0.0.10|???");
    expect(hopOf(["10.100.0.4", "10.100.0.4"])).toBe("10.100.0.4");
    expect(hopOf(["???"])).toBe("???");
  });
});

describe("judge and model outputs", () => {
  it("a healthy probe prints ping=0 and the first alternative; judged as expected", () => {
    const out = modelOutputs([tcpOnly]);
    expect(out.get("vm-spoke10")).toBe(
      `${probeLine("10.100.0.5", { ping: false, tcp: true, hops: ["10.0.0.4", "10.100.0.4", "10.100.0.5"] })}\n`,
    );
    expect(judge([tcpOnly], out).map((p) => p.differences)).toEqual([[]]);
  });
  it("the probe line through the second hub router, ping lost: as expected; with a ping reply: differs", () => {
    const line = (ping: 0 | 1) => `hsv-probe target=10.100.0.5 ping=${ping} tcp=1 hops=10.0.0.5,10.100.0.4,10.100.0.5\n`;
    expect(judge([tcpOnly], new Map([["vm-spoke10", line(0)]]))[0]!.asExpected).toBe(true);
    expect(judge([tcpOnly], new Map([["vm-spoke10", line(1)]]))[0]!.differences).toEqual(["ping: expected unreachable, got reply"]);
  });
});
