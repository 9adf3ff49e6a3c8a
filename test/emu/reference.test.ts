// Each small stack up in namespaces, verify, and the OBSERVED matrix (ping, tcp/22, traceroute
// hops) compared pair by pair with the hand-written reference (test/reference/<stack>/verify.matrix).
// The 3x4 fixture is compared in matrix-3x4.test.ts, which already brings it up.
import { withUp } from "../../src/emu/variants.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadStack } from "../../src/emu/stack.js";
import { diffMatrix, loadReference, observedPairs } from "../support/reference.js";
import { leftovers, settledVerify, skipReason } from "./helpers.js";
import { nonEmpty } from "../support/non-empty.js";

const ROOT = join(__dirname, "..", "..");

describe.skipIf(skipReason)("observed matrix = reference matrix", () => {
  it.each(nonEmpty(["dev", "seed", "peering", "site2"]))("%s", async (name) => {
    const ref = loadReference(name);
    const loaded = loadStack(join(ROOT, ref.file));
    await withUp(loaded, async () => {
      const r = await settledVerify(loaded);
      expect(diffMatrix(ref, observedPairs(r.pairs)), `${name}: observed vs test/reference/${name}/verify.matrix`).toEqual([]);
    });
    expect(leftovers(loaded.topo.stack)).toEqual([]);
  });
});
