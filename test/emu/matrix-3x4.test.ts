// 3 spokes x 4 sites (expressroute, peering, onprem): every ordered pair as the model says, and
// as the hand-written reference says (test/reference/3x4.matrix).
import { afterAll, describe, expect, it } from "vitest";
import { down, up } from "../../src/emu/lifecycle.js";
import { loadStack } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { diffMatrix, loadReference, observedPairs } from "../support/reference.js";
import { leftovers, skipReason } from "./helpers.js";

describe.skipIf(skipReason)("3x4 fixture in namespaces", () => {
  afterAll(async () => {
    await down("3x4");
    expect(leftovers("3x4")).toEqual([]);
  });
  it("verify matrix: all as expected, and as test/reference/3x4.matrix", async () => {
    const loaded = loadStack("test/fixtures/Pulumi.3x4.yaml");
    await down("3x4").catch(() => {});
    await up(loaded);
    const r = await verify(loaded);
    expect(r.pairs).toHaveLength(12 * 11);
    expect(r.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`)).toEqual([]);
    expect(diffMatrix(loadReference("3x4"), observedPairs(r.pairs)), "observed vs test/reference/3x4.matrix").toEqual([]);
  });
});
