// The Lab's role lists, from test/fixtures/Pulumi.3x4.yaml: one hub, three spokes, four sites.
import { expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES, labOf } from "../../support/stacks.js";

it("3x4: hub, spokes and sites are listed by role, in config order", () => {
  const lab = labOf(join(FIXTURES, "Pulumi.3x4.yaml"));
  expect(lab.hub.name).toBe("vnet-hub00");
  expect(lab.spokes.map((v) => v.name)).toEqual(["vnet-spoke10", "vnet-spoke11", "vnet-spoke12"]);
  expect(lab.sites.map((v) => v.name)).toEqual(["vnet-site100", "vnet-site101", "vnet-site102", "vnet-site103"]);
});
