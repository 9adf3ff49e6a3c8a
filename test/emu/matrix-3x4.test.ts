// 3 spokes x 4 sites (expressroute, peering, onprem): every ordered pair as the model says.
import { afterAll, describe, expect, it } from "vitest";
import { down, up } from "../../src/emu/lifecycle.js";
import { loadStack } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { leftovers, skipReason } from "./helpers.js";

describe.skipIf(skipReason)("3x4 fixture in namespaces", () => {
  afterAll(async () => {
    await down("3x4");
    expect(leftovers("3x4")).toEqual([]);
  });
  it("verify matrix: all as expected", async () => {
    const loaded = loadStack("test/fixtures/Pulumi.3x4.yaml");
    await down("3x4").catch(() => {});
    await up(loaded);
    const r = await verify(loaded);
    expect(r.pairs).toHaveLength(12 * 11);
    expect(r.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`)).toEqual([]);
    // Spokes reach every tunnelled site's host.
    for (const s of ["vm-spoke10", "vm-spoke11", "vm-spoke12"]) {
      for (const h of ["vm-host100", "vm-host101", "vm-host102"]) expect(r.pairs.find((p) => p.from === s && p.to === h)!.observed.ping).toBe(true);
    }
  });
});
