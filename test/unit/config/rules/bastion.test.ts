// access.bastion and autoShutdown: each rule with a config that breaks it.
import { describe, expect, it } from "vitest";
import { buildLab } from "../../../../src/model/build.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { problemsOf } from "../../../support/problems.js";
import { rawLab, type Raw } from "../../../support/config-edit.js";

const seed = (): Raw => rawLab();
const expectProblem = (mutate: (c: Raw) => void, key: string, pattern: RegExp) => {
  const p = problemsOf(mutate);
  expect(p, JSON.stringify(p, null, 1)).toContainEqual({ key, message: expect.stringMatching(pattern) });
};
const withBastion = (c: Raw, sku = "Basic") => {
  c.access = { ...(c.access ?? {}), bastion: sku };
  c.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" });
  c.sites[0].subnets.push({ name: "AzureBastionSubnet", prefix: "10.100.254.0/26" });
};

describe("access.bastion", () => {
  it("off by default; Basic with an AzureBastionSubnet /26 in the hub and the site builds", () => {
    expect(buildLab(undefined).config.access.bastion).toBe(false);
    expect(problemsOf((c) => withBastion(c))).toEqual([]);
    expect(problemsOf((c) => withBastion(c, "Standard"))).toEqual([]);
  });

  it("an unknown SKU, and the Developer SKU (no VNet peering)", () => {
    expectProblem(
      (c) => withBastion(c, "Premium"),
      "access.bastion",
      /"Premium" is not a Bastion SKU this lab deploys; use false, Basic or Standard$/,
    );
    expectProblem((c) => withBastion(c, "Developer"), "access.bastion", /Developer SKU does not support VNet peering/);
  });

  it("Bastion on needs AzureBastionSubnet in the hub and in each site not peered to the hub, named exactly", () => {
    expectProblem(
      (c) => ((c.access = { bastion: "Basic" }), c.sites[0].subnets.push({ name: "AzureBastionSubnet", prefix: "10.100.254.0/26" })),
      "hub.subnets",
      /vnet-hub00 needs a subnet named exactly "AzureBastionSubnet", \/26 or larger$/,
    );
    expectProblem(
      (c) => ((c.access = { bastion: "Basic" }), c.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" })),
      "sites[0].subnets",
      /vnet-hub100 needs a subnet named exactly "AzureBastionSubnet"/,
    );
    expectProblem(
      (c) => {
        withBastion(c);
        c.hub.subnets[2].name = "azurebastionsubnet";
      },
      "hub.subnets",
      /\("azurebastionsubnet" is not that name\)/,
    );
    // The spoke is reached through the hub's peering: it needs none.
    expect(problemsOf((c) => withBastion(c)).some((p) => p.key.startsWith("spokes"))).toBe(false);
  });

  it("AzureBastionSubnet must be /26 or larger", () => {
    expectProblem(
      (c) => {
        withBastion(c);
        c.hub.subnets[2].prefix = "10.0.254.0/27";
      },
      "hub.subnets[2].prefix",
      /^AzureBastionSubnet 10\.0\.254\.0\/27 is smaller than \/26, the minimum Azure Bastion accepts$/,
    );
  });

  it("no VM in AzureBastionSubnet; the model gives it no NSG and no route table", () => {
    expectProblem(
      (c) => {
        withBastion(c);
        c.sites[0].hosts[0] = { name: "vm-hub101", address: "10.100.254.4", subnet: "AzureBastionSubnet" };
      },
      "sites[0].hosts[0].subnet",
      /vm-hub101 cannot be placed in AzureBastionSubnet, which holds only the Bastion/,
    );
    const c = seed();
    withBastion(c);
    const lab = buildLab(c);
    expect(lab.nsgs.some((n) => n.subnet === "AzureBastionSubnet")).toBe(false);
    expect(lab.routeTables.some((t) => t.subnet === "AzureBastionSubnet")).toBe(false);
  });
});

describe("autoShutdown", () => {
  it("off by default; HHmm and a time zone build", () => {
    expect(buildLab(undefined).config.autoShutdown).toBeUndefined();
    expect(problemsOf((c) => (c.autoShutdown = { time: "1900", timeZone: "Tokyo Standard Time" }))).toEqual([]);
    expect(problemsOf((c) => (c.autoShutdown = { time: "0000", timeZone: "UTC" }))).toEqual([]);
  });

  it.each(nonEmpty(["19:00", "2400", "1960", "700", "abcd"]))("time %s is refused", (time) => {
    expectProblem(
      (c) => (c.autoShutdown = { time, timeZone: "UTC" }),
      "autoShutdown.time",
      /is not a 24-hour time written HHmm \(e\.g\. "1900"\)$/,
    );
  });

  it("an empty time zone is refused; unknown keys too", () => {
    expectProblem((c) => (c.autoShutdown = { time: "1900", timeZone: "  " }), "autoShutdown.timeZone", /a time zone is required/);
    expect(problemsOf((c) => (c.autoShutdown = { time: "1900", timeZone: "UTC", days: 5 })).map((p) => p.key)).toEqual(["autoShutdown"]);
  });
});
