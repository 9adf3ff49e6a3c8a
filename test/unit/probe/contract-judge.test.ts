// Judging probe output, in the words a user reads in `verify`'s grid and the `verification` output:
// each difference named, a missing VM or line said as such, the summary line. Expected text written
// from docs/cli.md's verify section (ping, tcp/22, traceroute hops; "n/m pairs as expected; differ: …").
import { describe, expect, it } from "vitest";
import type { Expectation } from "../../../src/probe/contract.js";
import { compare, judge, modelOutputs, parseProbeOutput, runCommandStdout, summaryLine, targetsByVm } from "../../../src/probe/contract.js";

const e = (from: string, to: string, destination: string, reachable: boolean, hops: string[]): Expectation => ({
  from,
  to,
  destination,
  reachable,
  hops,
});
const up = () => e("vm-a", "vm-b", "10.0.0.5", true, ["10.0.0.4", "10.0.0.5"]);
const down = () => e("vm-a", "vm-c", "10.9.0.5", false, ["10.0.0.4", "???"]);

describe("compare", () => {
  it("nothing when everything is as expected", () => {
    expect(compare(up(), { ping: true, tcp: true, hops: ["10.0.0.4", "10.0.0.5"] })).toEqual([]);
    expect(compare(down(), { ping: false, tcp: false, hops: ["10.0.0.4", "???"] })).toEqual([]);
  });
  it("names each difference: ping, tcp/22, traceroute", () => {
    expect(compare(up(), { ping: false, tcp: false, hops: [] })).toEqual([
      "ping: expected reachable, got no reply",
      "tcp/22: expected reachable, got no connection",
      "traceroute: expected 10.0.0.4 10.0.0.5, got (nothing)",
    ]);
    expect(compare(down(), { ping: true, tcp: true, hops: ["10.0.0.4", "10.9.0.5"] })).toEqual([
      "ping: expected unreachable, got reply",
      "tcp/22: expected unreachable, got connected",
      "traceroute: expected 10.0.0.4 ???, got 10.0.0.4 10.9.0.5",
    ]);
    expect(compare(up(), { ping: true, tcp: false, hops: ["10.0.0.4", "10.0.0.5"] })).toEqual([
      "tcp/22: expected reachable, got no connection",
    ]);
  });
});

describe("parseProbeOutput", () => {
  it("reads the probe's lines among others, CRLF or not, empty hops as none", () => {
    const text =
      "noise\r\nhsv-probe target=10.0.0.5 ping=1 tcp=0 hops=10.0.0.4,10.0.0.5\r\n  hsv-probe target=10.9.0.5 ping=0 tcp=0 hops=  \nhsv-probe target=10.0.0.999x ping=1 tcp=1 hops=\n";
    expect([...parseProbeOutput(text)]).toEqual([
      ["10.0.0.5", { ping: true, tcp: false, hops: ["10.0.0.4", "10.0.0.5"] }],
      ["10.9.0.5", { ping: false, tcp: false, hops: [] }],
    ]);
    expect(parseProbeOutput("hsv-probe target=10.0.0.5 ping=2 tcp=0 hops=").size).toBe(0);
    expect(parseProbeOutput("xhsv-probe target=10.0.0.5 ping=1 tcp=0 hops=").size).toBe(0);
  });
  it("takes only the [stdout] part of a run-command message", () => {
    expect(runCommandStdout("Enable succeeded: \n[stdout]\nline 1\nline 2\n[stderr]\noops\n")).toBe("line 1\nline 2");
    expect(runCommandStdout("Enable succeeded: \n[stdout]\nonly\n")).toBe("only\n");
    // An empty stdout, with or without the blank line before [stderr].
    expect(runCommandStdout("Enable succeeded: \n[stdout]\n[stderr]\noops\n")).toBe("");
    expect(runCommandStdout("Enable succeeded: \n[stdout]\n\n[stderr]\noops\n")).toBe("");
  });
});

describe("judge and summaryLine", () => {
  it("a VM without output and a target without a line are differences, said as such", () => {
    const pairs = judge(
      [up(), down(), e("vm-b", "vm-a", "10.0.0.4", true, ["10.0.0.4"])],
      new Map([
        ["vm-a", "hsv-probe target=10.0.0.5 ping=1 tcp=1 hops=10.0.0.4,10.0.0.5\n"],
        ["vm-b", undefined],
      ]),
    );
    expect(pairs.map((p) => [p.asExpected, p.differences])).toEqual([
      [true, []],
      [false, ["no probe line for 10.9.0.5 in vm-a's output"]],
      [false, ["no probe output from vm-b"]],
    ]);
    expect(pairs[1]!.observed).toEqual({ ping: false, tcp: false, hops: [] });
    expect(summaryLine(pairs)).toBe("1/3 pairs as expected; differ: vm-a -> vm-c, vm-b -> vm-a");
    expect(summaryLine(pairs.slice(0, 1))).toBe("1/1 pairs as expected");
  });
  it("what a VM behaving as the model prints is judged as expected, pair by pair", () => {
    const all = [up(), down(), e("vm-b", "vm-a", "10.0.0.4", true, ["10.0.0.4"])];
    const out = modelOutputs(all);
    expect(out.get("vm-a")).toBe(
      "hsv-probe target=10.0.0.5 ping=1 tcp=1 hops=10.0.0.4,10.0.0.5\nhsv-probe target=10.9.0.5 ping=0 tcp=0 hops=10.0.0.4,???\n",
    );
    expect(judge(all, out).every((p) => p.asExpected)).toBe(true);
    expect([...targetsByVm(all)]).toEqual([
      ["vm-a", ["10.0.0.5", "10.9.0.5"]],
      ["vm-b", ["10.0.0.4"]],
    ]);
  });
});
