// routing: bgp on every shipped stack: the same reachability as with static routes, pair for pair
// against the same hand-written references (test/reference/<stack>/verify.matrix), because BGP
// carries exactly the prefixes the static routes named; and with the tunnels inside WireGuard.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadStack } from "../../src/emu/stack.js";
import { variantOf, withUp } from "../../src/emu/variants.js";
import { diffMatrix, loadReference, observedPairs } from "../support/reference.js";
import { failing, leftovers, settledVerify, skipReason } from "./helpers.js";
import { nonEmpty } from "../support/non-empty.js";

const ROOT = join(__dirname, "..", "..");
const bgp = (lab: Record<string, unknown>) => void (lab.routing = "bgp");

describe.skipIf(skipReason)("routing: bgp verifies like static on every stack", () => {
  it.each(nonEmpty(["dev", "seed", "peering", "site2", "3x4"]))("%s", async (name) => {
    const ref = loadReference(name);
    const loaded = loadStack(variantOf(join(ROOT, ref.file), `b-${name}`, bgp));
    expect(loaded.lab.routing).toBe("bgp");
    await withUp(loaded, async () => {
      const r = await settledVerify(loaded);
      expect(diffMatrix(ref, observedPairs(r.pairs)), `${name} with bgp: observed vs test/reference/${name}/verify.matrix`).toEqual([]);
    });
    expect(leftovers(loaded.topo.stack)).toEqual([]);
  });

  it("dev with bgp inside WireGuard: every pair as the model says", async () => {
    const loaded = loadStack(
      variantOf("dev", "b-wg", (lab) => {
        bgp(lab);
        lab.features = { ...(lab.features as object), encryption: "wireguard" };
      }),
    );
    await withUp(loaded, async () => {
      const r = await settledVerify(loaded);
      expect(r.pairs.length).toBe(12);
      expect(failing(r)).toEqual([]);
    });
    expect(leftovers(loaded.topo.stack)).toEqual([]);
  });
});
