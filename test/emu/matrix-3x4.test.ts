// 3 spokes x 4 sites (expressroute, peering, onprem): every ordered pair as the model says, and
// as the hand-written reference says (test/reference/3x4/verify.matrix).
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { nodeOf } from "../../src/emu/commands/topology.js";
import { loadStack } from "../../src/emu/stack.js";
import { diffMatrix, loadReference, observedPairs } from "../support/reference.js";
import { failing, settledVerify, skipReason, upForSuite } from "./helpers.js";

describe.skipIf(skipReason)("3x4 fixture in namespaces", () => {
  const loaded = skipReason ? undefined! : loadStack("test/fixtures/Pulumi.3x4.yaml");
  upForSuite(loaded);
  it("verify matrix: all as expected, and as test/reference/3x4/verify.matrix", async () => {
    const r = await settledVerify(loaded);
    expect(r.pairs).toHaveLength(12 * 11);
    expect(failing(r)).toEqual([]);
    expect(diffMatrix(loadReference("3x4"), observedPairs(r.pairs)), "observed vs test/reference/3x4/verify.matrix").toEqual([]);
  });
  it("polling does not hide a real difference: tcp/22 dropped on vm-spoke11 fails every run", async () => {
    const ns = nodeOf(loaded.topo, "vm-spoke11")!.ns;
    await run(
      inNs(ns, ["nft", "add table inet hsv_test; add chain inet hsv_test in { type filter hook input priority 0; tcp dport 22 drop; }"]),
    );
    try {
      const r = await settledVerify(loaded, 2);
      expect(r.runs).toBe(2);
      // Exactly the VMs that reach vm-spoke11 in the hand-written reference now differ.
      const reaching = loadReference("3x4").pairs.filter((p) => p.to === "vm-spoke11" && p.reachable);
      expect(reaching.length).toBe(9);
      const differ = failing(r);
      const toSpoke11 = differ.filter((f) => f.includes("->vm-spoke11: "));
      const others = differ.filter((f) => !f.includes("->vm-spoke11: "));
      expect(toSpoke11.map((f) => f.split("->")[0])).toEqual(expect.arrayContaining(reaching.map((p) => p.from)));
      expect(toSpoke11).toHaveLength(reaching.length);
      expect(others).toEqual([]);
    } finally {
      await run(inNs(ns, ["nft", "delete table inet hsv_test"]));
    }
  });
});
