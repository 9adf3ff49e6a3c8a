// Lookups on the dev lab (Pulumi.dev.yaml): vm-hub00 routes in the hub, vm-spoke10 is the spoke's only VM (a host).
import { expect, it } from "vitest";
import { routerOf, vmByName, vnetByName } from "../../../src/model/lookup.js";
import { labOf } from "../../support/stacks.js";

it("routerOf: the hub's router; a spoke has none (its only VM is a host)", () => {
  const lab = labOf("dev");
  expect(routerOf(vnetByName(lab, "vnet-hub00"))?.name).toBe("vm-hub00");
  expect(routerOf(vnetByName(lab, "vnet-spoke10"))).toBeUndefined();
});

it("vmByName", () => {
  const lab = labOf("dev");
  expect(vmByName(lab, "vm-hub101")?.address).toBe("10.100.0.5");
  expect(vmByName(lab, "vm-nope")).toBeUndefined();
});
