// The model's BGP expectations for the dev lab with routing: bgp against the hand-written reference
// (test/reference/dev/bgp.routes): what each router must learn over each session. No root; the
// running emulation is compared with the same file in test/emu/bgp-verify.test.ts.
import { describe, expect, it } from "vitest";
import { bgpExpectations, healthyObservation, judgeRouter } from "../../../src/probe/bgp.js";
import { bgp, editedLab } from "../../support/config-edit.js";
import { loadBgpReference, observedSessions } from "../../support/bgp-reference.js";

describe("dev with routing bgp: the model = test/reference/dev/bgp.routes", () => {
  it("every session, its far end and what it must learn", () => {
    const healthy = bgpExpectations(editedLab("dev", bgp)).map((e) => judgeRouter(e, healthyObservation(e)));
    expect(observedSessions(healthy)).toEqual(loadBgpReference("dev"));
  });
});
