// The one report format of config problems (the lines `pulumi up` and the CLI print).
import { expect, it } from "vitest";
import { formatProblems, LabConfigError, problemLines } from "../../../src/config/problems.js";

it("problem lines name the full config key, under hub-spoke-vxlan:lab unless told otherwise", () => {
  expect(
    problemLines([
      { key: "hub.name", message: "m" },
      { key: "", message: "n" },
    ]),
  ).toEqual(["  - hub-spoke-vxlan:lab.hub.name: m", "  - hub-spoke-vxlan:lab: n"]);
  expect(formatProblems([{ key: "hub", message: "m" }])).toBe("invalid stack config (1 problem):\n  - hub-spoke-vxlan:lab.hub: m");
});

it("LabConfigError is named so in a stack trace", () => {
  const e = new LabConfigError([{ key: "hub", message: "m" }]);
  expect(`${e.name}: ${e.message}`).toBe("LabConfigError: invalid stack config (1 problem):\n  - hub-spoke-vxlan:lab.hub: m");
});
