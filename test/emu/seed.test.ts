// The seed's lab exactly (fixes off): the emulation must reproduce the write-up's results.
import { beforeAll, describe, expect, it } from "vitest";
import { down } from "../../src/emu/lifecycle.js";
import { loadStack } from "../../src/emu/stack.js";
import type { VerifyResult } from "../../src/emu/verify.js";
import { leftovers, settledVerify, skipReason, upForSuite } from "./helpers.js";

describe.skipIf(skipReason)("seed lab in namespaces (Pulumi.seed.yaml)", () => {
  const loaded = skipReason ? undefined! : loadStack("seed");
  let result: VerifyResult;
  upForSuite(loaded);
  beforeAll(async () => {
    result = await settledVerify(loaded);
  });
  const pair = (from: string, to: string) => result.pairs.find((p) => p.from === from && p.to === to)!;

  it("site host -> spoke: 10.100.0.4, ???, 10.10.0.4", () => {
    expect(pair("vm-hub101", "vm-spoke10").observed).toEqual({ ping: true, tcp: true, hops: ["10.100.0.4", "???", "10.10.0.4"] });
  });
  it("spoke -> site host: 10.0.0.4, ???, 10.100.0.5", () => {
    expect(pair("vm-spoke10", "vm-hub101").observed).toEqual({ ping: true, tcp: true, hops: ["10.0.0.4", "???", "10.100.0.5"] });
  });
  it("the site router itself cannot reach the spoke (source 169.254.0.2)", () => {
    const p = pair("vm-hub100", "vm-spoke10");
    expect(p.observed.ping).toBe(false);
    expect(p.observed.tcp).toBe(false);
    expect(p.observed.hops[0]).toBe("169.254.0.1");
  });
  it("every pair behaves as the model says", () => {
    expect(result.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`)).toEqual([]);
    expect(result.pairs).toHaveLength(12);
  });
  it("down leaves no namespace, process, /etc/netns dir or state", async () => {
    await down("seed");
    expect(leftovers("seed")).toEqual([]);
  });
});
