// All problems at once, across kinds: a shape problem in one part never hides rule problems elsewhere.
import { describe, expect, it } from "vitest";
import { problemsOf, secondSite } from "../../support/problems.js";

describe("shape and rule problems in one run", () => {
  it("a wrong type in spokes[0] and an overlapping address space in sites[0]", () => {
    expect(
      problemsOf((c) => {
        c.spokes[0].hosts[0].address = 4;
        c.sites[0].addressSpace = ["10.100.0.0/16", "10.0.128.0/17"];
      }),
    ).toEqual([
      { key: "spokes[0].hosts[0].address", message: "Invalid input: expected string, received number" },
      {
        key: "sites[0].addressSpace[1]",
        message: "10.0.128.0/17 overlaps 10.0.0.0/16 (hub.addressSpace[0]); address spaces must be disjoint",
      },
    ]);
  });

  it("a shape problem in the hub still lets the VXLAN, access and name rules run", () => {
    const problems = problemsOf((c) => {
      c.hub.subnets = "default";
      c.vxlan = { port: 65330 };
      c.access = { sshSourcePrefixes: ["0/0"] };
      c.spokes[0].name = "vnet-spoke10-";
      c.sites[0].tunnel.vni = 0; // the hub's other fields parsed: the site rules run (and no "hub needs a GatewaySubnet")
    });
    expect(problems.map((p) => p.key)).toEqual([
      "hub.subnets",
      "spokes[0].name",
      "sites[0].tunnel.vni",
      "vxlan.port",
      "access.sshSourcePrefixes[0]",
    ]);
  });

  it("a site that does not parse: the other site's default tunnel keeps its index, no false 'no site attached'", () => {
    const problems = problemsOf((c) => {
      secondSite(c, null);
      c.sites[0].kind = 5;
      delete c.sites[0].tunnel;
      c.sites[1].hosts.push({ name: "vm-hub201", address: "10.200.0.1" });
    });
    expect(problems).toEqual([
      { key: "sites[0].kind", message: expect.stringMatching(/Invalid option/) },
      {
        key: "sites[1].hosts[0].address",
        message: "10.200.0.1 is reserved by Azure in 10.200.0.0/24 (first four and last address of a subnet)",
      },
    ]);
  });
});
