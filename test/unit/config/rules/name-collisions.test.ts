// Derived Azure names (rules/azure-names.ts) must be unique per type and scope, ignoring case, as
// Azure compares them; duplicate subnet and VM names ignore case too.
import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../support/problems.js";

describe("derived names collide", () => {
  it("vnet-a + subnet x-y and vnet-a-x + subnet y give one NSG and one route table: reported once, with both sources", () => {
    const problems = problemsOf((c) => {
      c.spokes[0].name = "vnet-a";
      c.spokes[0].subnets[0].name = "x-y";
      c.spokes.push({ name: "vnet-a-x", addressSpace: ["10.20.0.0/16"], subnets: [{ name: "y", prefix: "10.20.0.0/24" }], hosts: [] });
    });
    expect(problems).toEqual([
      {
        key: "spokes[1].name",
        message:
          'NSG name "nsg-vnet-a-x-y" (derived from spokes[1].name and spokes[1].subnets[0].name) is also derived from spokes[0].name and spokes[0].subnets[0].name; Azure names are case-insensitive, so both would be one resource: change spokes[1].name',
      },
    ]);
  });
  it("names that differ only in case collide (hub subnet vs a site's)", () => {
    const problems = problemsOf((c) => {
      c.hub.name = "Vnet-X";
      c.hub.subnets.find((s: { name: string }) => s.name === "default").name = "A-b";
      c.sites[0].name = "vnet-x-a";
      c.sites[0].subnets.find((s: { name: string }) => s.name === "default").name = "B";
    });
    expect(problems).toEqual([
      {
        key: "sites[0].name",
        message: expect.stringMatching(
          /^NSG name "nsg-vnet-x-a-B" .* is also derived from hub\.name and hub\.subnets\[\d\]\.name; Azure names are case-insensitive/,
        ),
      },
    ]);
  });
  it("distinct names pass (the seed, and vnet-a/x-y next to vnet-b/x-y)", () => {
    expect(problemsOf(() => {})).toEqual([]);
    expect(
      problemsOf((c) => {
        c.spokes[0].name = "vnet-a";
        c.spokes[0].subnets[0].name = "x-y";
        c.spokes.push({ name: "vnet-b", addressSpace: ["10.20.0.0/16"], subnets: [{ name: "x-y", prefix: "10.20.0.0/24" }], hosts: [] });
      }),
    ).toEqual([]);
  });
});

describe("duplicates ignore case", () => {
  it("subnets default and Default in one VNet: one duplicate problem, no collision on top", () =>
    expect(problemsOf((c) => c.spokes[0].subnets.push({ name: "Default", prefix: "10.10.1.0/24" }))).toEqual([
      { key: "spokes[0].subnets[2].name", message: 'duplicate subnet name "Default" in vnet-spoke10 (Azure names ignore case)' },
    ]));
  it("a duplicate VM name is reported once (its NIC name is not a second problem)", () =>
    expect(problemsOf((c) => c.spokes[0].hosts.push({ name: c.hub.router.name, address: "10.10.0.9" }))).toEqual([
      { key: "spokes[0].hosts[1].name", message: 'duplicate VM name "vm-hub00" (also hub.router.name)' },
    ]));
});
