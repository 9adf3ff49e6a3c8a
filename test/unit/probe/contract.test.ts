// The probe's output parsed and judged: on output captured from the emulation's own run of the
// rendered probe (test/fixtures/probe-seed.json, how it was captured is in its "note"), and on
// hand-written outputs that must be judged "differs" with the difference named.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { byPair, expectAll } from "../../../src/routing/walk.js";
import { judge, parseProbeOutput, probeLine, runCommandStdout } from "../../../src/probe/contract.js";
import { healthyOutputs, azureExpectations, onDeploy, underlayAssumption, verification } from "../../../src/probe/verification.js";
import { withConfiguredUnderlay } from "../../../src/routing/underlay.js";
import { buildLab } from "../../../src/model/build.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { onCircuit } from "../../support/circuits.js";
import { rawLab, editedLab } from "../../support/config-edit.js";

const captured = JSON.parse(readFileSync(join(FIXTURES, "probe-seed.json"), "utf8")) as {
  note: string;
  stack: string;
  outputs: Record<string, string>;
};
const seed = labOf("seed");
const outputs = () => new Map(Object.entries(captured.outputs));
const withCircuits = (stack: string) => editedLab(stack, (l) => onCircuit(l));

describe("probe output captured from the emulation (seed stack)", () => {
  it("says how it was captured", () => expect(captured.note).toMatch(/emulation.*seed/));
  it("parses the seed's ??? hop and the unreachable router pair as the seed says", () => {
    const hub101 = parseProbeOutput(captured.outputs["vm-hub101"]!);
    expect(hub101.get("10.10.0.4")).toEqual({ ping: true, tcp: true, hops: ["10.100.0.4", "???", "10.10.0.4"] });
    const hub100 = parseProbeOutput(captured.outputs["vm-hub100"]!).get("10.10.0.4")!;
    expect([hub100.ping, hub100.tcp]).toEqual([false, false]);
  });
  it("is judged as expected against the model's walk, every pair", () => {
    const pairs = judge(expectAll(seed).sort(byPair), outputs());
    expect(pairs).toHaveLength(12);
    expect(pairs.filter((p) => !p.asExpected).map((p) => p.differences)).toEqual([]);
  });
  it("differs from the dev stack's expectation exactly where the seed's fixes are off", () => {
    const pairs = judge(expectAll(labOf("dev")).sort(byPair), outputs());
    const bad = pairs.filter((p) => !p.asExpected);
    expect(bad.map((p) => `${p.from} -> ${p.to}`)).toContain("vm-hub100 -> vm-spoke10");
    const p = bad.find((x) => x.from === "vm-hub101" && x.to === "vm-spoke10")!;
    expect(p.differences).toEqual(["traceroute: expected 10.100.0.4 10.0.0.4 10.10.0.4, got 10.100.0.4 ??? 10.10.0.4"]);
  });
});

describe("hand-written outputs judged 'differs', with the difference named", () => {
  const expected = expectAll(seed).sort(byPair);
  const edit = (vm: string, from: string, to: string) => {
    const o = outputs();
    expect(o.get(vm)).toContain(from);
    o.set(vm, o.get(vm)!.replace(from, to));
    return judge(expected, o).filter((p) => !p.asExpected);
  };
  it("no ping reply where one is expected", () => {
    const bad = edit("vm-hub101", "target=10.10.0.4 ping=1", "target=10.10.0.4 ping=0");
    expect(bad.map((p) => [p.from, p.to, p.differences])).toEqual([
      ["vm-hub101", "vm-spoke10", ["ping: expected reachable, got no reply"]],
    ]);
  });
  it("a TCP connection where none is expected", () => {
    const bad = edit("vm-hub100", "target=10.10.0.4 ping=0 tcp=0", "target=10.10.0.4 ping=0 tcp=1");
    expect(bad[0]!.differences).toEqual(["tcp/22: expected unreachable, got connected"]);
  });
  it("another hop", () => {
    const bad = edit("vm-hub101", "hops=10.100.0.4,???,10.10.0.4", "hops=10.100.0.4,10.0.0.4,10.10.0.4");
    expect(bad[0]!.differences).toEqual(["traceroute: expected 10.100.0.4 ??? 10.10.0.4, got 10.100.0.4 10.0.0.4 10.10.0.4"]);
  });
  it("a target line missing, and a VM without output", () => {
    const o = outputs();
    o.set(
      "vm-spoke10",
      o
        .get("vm-spoke10")!
        .split("\n")
        .filter((l) => !l.includes("10.100.0.5"))
        .join("\n"),
    );
    o.set("vm-hub00", undefined as unknown as string);
    const bad = judge(expected, o).filter((p) => !p.asExpected);
    expect(bad.find((p) => p.from === "vm-spoke10")!.differences).toEqual(["no probe line for 10.100.0.5 in vm-spoke10's output"]);
    expect(bad.filter((p) => p.from === "vm-hub00").map((p) => p.differences[0])).toEqual(Array(3).fill("no probe output from vm-hub00"));
  });
  it("garbage lines are ignored, not parsed", () => {
    expect(parseProbeOutput("hsv-probe target=10.0.0.4 ping=2 tcp=1 hops=\nhello\nhsv-probe target=x ping=1 tcp=1 hops=").size).toBe(0);
  });
});

describe("run-command messages", () => {
  it("takes the stdout part of az vm run-command invoke's message", () => {
    const msg = `Enable succeeded: \n[stdout]\n${probeLine("10.0.0.4", { ping: true, tcp: false, hops: ["10.0.0.4"] })}\n\n[stderr]\nwarning\n`;
    expect([...parseProbeOutput(runCommandStdout(msg))]).toEqual([["10.0.0.4", { ping: true, tcp: false, hops: ["10.0.0.4"] }]]);
    expect(runCommandStdout("plain output\n")).toBe("plain output\n");
  });
});

describe("the Azure expectation takes the underlay into account", () => {
  it("without any circuitId, what crosses ExpressRoute is expected to fail, and the output says so", () => {
    const dev = labOf("dev");
    const e = azureExpectations(dev);
    const pair = (f: string, t: string) => e.find((x) => x.from === f && x.to === t)!;
    expect(pair("vm-hub101", "vm-spoke10").reachable).toBe(false);
    expect(pair("vm-hub00", "vm-hub100").reachable).toBe(false);
    expect(pair("vm-hub00", "vm-spoke10").reachable).toBe(true); // peering, no circuit needed
    expect(underlayAssumption(dev)).toMatch(
      /no circuitId for vnet-hub00, vnet-hub100: what crosses ExpressRoute there is expected to fail/,
    );
    // The emulation keeps its assumption: every circuit connected.
    expect(expectAll(dev).find((x) => x.from === "vm-hub101" && x.to === "vm-spoke10")!.reachable).toBe(true);
  });
  it("with every circuit, the Azure expectation is the emulation's", () => {
    const dev = withCircuits("dev");
    expect(azureExpectations(dev)).toEqual(expectAll(dev).sort(byPair));
    expect(withConfiguredUnderlay(dev).circuitDomains).toEqual(dev.circuitDomains);
  });
  it("on-premises VMs are not probed on Azure", () => {
    const l = withCircuits(join(FIXTURES, "Pulumi.3x4.yaml"));
    const deployed = new Set(l.vms.filter((v) => v.deployed).map((v) => v.name));
    expect(l.vms.length).toBeGreaterThan(deployed.size);
    expect(azureExpectations(l).every((e) => deployed.has(e.from) && deployed.has(e.to))).toBe(true);
  });
  it("verify.onDeploy: default on only where every tunnel gateway has its circuit, a set value wins", () => {
    expect(onDeploy(labOf("dev"))).toEqual({
      on: false,
      reason: expect.stringMatching(/vnet-hub00, vnet-hub100 carry a tunnel but have no circuitId/),
    });
    expect(onDeploy(withCircuits("dev")).on).toBe(true);
    expect(onDeploy(labOf("peering")).on).toBe(true); // the tunnel crosses a peering, no gateway
    const forced = rawLab("dev");
    forced.verify = { onDeploy: true };
    expect(onDeploy(buildLab(forced))).toEqual({ on: true, reason: "verify.onDeploy is true in the stack config" });
  });
  it("the verification output: summary, differences named", () => {
    const dev = withCircuits("dev");
    const good = healthyOutputs(dev);
    expect(verification(dev, good)).toMatchObject({
      ran: true,
      ok: true,
      run: 1,
      differences: [],
      summary: "verify run 1: 12/12 pairs as expected",
    });
    good.set("vm-spoke10", good.get("vm-spoke10")!.replace(/target=10\.100\.0\.5 ping=1/, "target=10.100.0.5 ping=0"));
    const v = verification(dev, good);
    expect(v.ok).toBe(false);
    expect(v.summary).toBe("verify run 1: 11/12 pairs as expected; differ: vm-spoke10 -> vm-hub101");
    expect(v.differences).toEqual(["vm-spoke10 -> vm-hub101: ping: expected reachable, got no reply"]);
  });
});
