// The emulation starts its probes from probeTargets before the walk: the targets must be exactly
// those of the walk's pairs, in the order the judged output is printed.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { probeTargets, targetsByVm } from "../../../src/probe/contract.js";
import { byPair, expectAll } from "../../../src/routing/walk.js";
import { FIXTURES, labOf, STACKS } from "../../support/stacks.js";
import { nonEmpty } from "../../support/non-empty.js";

describe("probeTargets", () => {
  it("the dev lab (Pulumi.dev.yaml's four VMs): each probes the other three, by name", () => {
    expect([...probeTargets(labOf("dev"))]).toEqual([
      ["vm-hub00", ["10.100.0.4", "10.100.0.5", "10.10.0.4"]],
      ["vm-hub100", ["10.0.0.4", "10.100.0.5", "10.10.0.4"]],
      ["vm-hub101", ["10.0.0.4", "10.100.0.4", "10.10.0.4"]],
      ["vm-spoke10", ["10.0.0.4", "10.100.0.4", "10.100.0.5"]],
    ]);
  });
  it.each(nonEmpty([...STACKS, join(FIXTURES, "Pulumi.pair.yaml")]))(
    "%s: the same targets in the same order as the walk's pairs",
    (stack) => {
      const lab = labOf(stack);
      expect([...probeTargets(lab)]).toEqual([...targetsByVm(expectAll(lab).sort(byPair))]);
    },
  );
});
