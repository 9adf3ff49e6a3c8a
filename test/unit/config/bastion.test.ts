// The opt-in Bastion (src/config/bastion.ts, rules/bastion.ts): which VNets get one, the subnet's size
// ("/26 or larger", https://learn.microsoft.com/azure/bastion/configuration-settings#subnet), and the
// nightly auto-shutdown time (HHmm, 24-hour, as DevTest Labs' dailyRecurrence.time takes it).
import { describe, expect, it } from "vitest";
import { bastionVnets } from "../../../src/config/bastion.js";
import { vnetRefs } from "../../../src/config/refs.js";
import { buildLab } from "../../../src/model/build.js";
import { checkAutoShutdown } from "../../../src/config/rules/bastion.js";
import { problemsOf } from "../../support/problems.js";
import { nonEmpty } from "../../support/non-empty.js";
import { rawLab, type Raw } from "../../support/config-edit.js";

const bastionSubnet = (where: Raw, prefix: string) => where.subnets.push({ name: "AzureBastionSubnet", prefix });

describe("which VNets get a Bastion", () => {
  const refsOf = (edit: (c: Raw) => void) => {
    const c = rawLab();
    edit(c);
    return vnetRefs(buildLab(c).config);
  };
  it("off: none; on: the hub and each deployed site not peered to it, never a spoke", () => {
    const refs = refsOf(() => {});
    expect(bastionVnets(refs, false)).toEqual([]);
    expect(bastionVnets(refs, "Basic").map((r) => r.key)).toEqual(["hub", "sites[0]"]);
  });
  it("a peering site and an onprem site get none", () => {
    const peering = refsOf((c) => ((c.sites[0].kind = "peering"), delete c.sites[0].gateway, c.sites[0].subnets.pop()));
    expect(bastionVnets(peering, "Standard").map((r) => r.key)).toEqual(["hub"]);
    const onprem = refsOf((c) => ((c.sites[0].kind = "onprem"), delete c.sites[0].gateway, c.sites[0].subnets.pop()));
    expect(bastionVnets(onprem, "Standard").map((r) => r.key)).toEqual(["hub"]);
  });
});

describe("AzureBastionSubnet", () => {
  const on = (c: Raw, hub = "10.0.254.0/26", site = "10.100.254.0/26") => {
    c.access = { bastion: "Basic" };
    bastionSubnet(c.hub, hub);
    bastionSubnet(c.sites[0], site);
  };
  it("/26 and larger are fine; /27 is refused", () => {
    expect(problemsOf((c) => on(c, "10.0.254.0/25", "10.100.254.0/26"))).toEqual([]);
    expect(problemsOf((c) => on(c, "10.0.254.0/27"))).toEqual([
      { key: "hub.subnets[2].prefix", message: "AzureBastionSubnet 10.0.254.0/27 is smaller than /26, the minimum Azure Bastion accepts" },
    ]);
  });
  it("missing: on the VNet's subnets key, naming the exact name and size", () => {
    expect(problemsOf((c) => ((c.access = { bastion: "Standard" }), bastionSubnet(c.hub, "10.0.254.0/26")))).toEqual([
      {
        key: "sites[0].subnets",
        message: 'access.bastion is on, so vnet-hub100 needs a subnet named exactly "AzureBastionSubnet", /26 or larger',
      },
    ]);
  });
  it("off: no subnet is needed, and an unknown SKU is named with the choices", () => {
    expect(problemsOf((c) => (c.access = { bastion: false }))).toEqual([]);
    expect(problemsOf((c) => on(c)).length).toBe(0);
    const p = problemsOf((c) => (on(c), (c.access.bastion = "Premium")));
    expect(p).toEqual([
      { key: "access.bastion", message: '"Premium" is not a Bastion SKU this lab deploys; use false, Basic or Standard' },
    ]);
  });
  it("a router in AzureBastionSubnet is refused too (the subnet holds only the Bastion)", () => {
    const p = problemsOf((c) => (on(c), (c.hub.router = { name: "vm-hub00", address: "10.0.254.4", subnet: "AzureBastionSubnet" })));
    expect(p).toContainEqual({
      key: "hub.router.subnet",
      message: "vm-hub00 cannot be placed in AzureBastionSubnet, which holds only the Bastion",
    });
  });
});

describe("auto-shutdown time", () => {
  it.each(nonEmpty(["0000", "0959", "1000", "1959", "2000", "2359"]))("%s is a time", (time) =>
    expect(checkAutoShutdown({ time, timeZone: "UTC" } as never)).toEqual([]),
  );
  it.each(nonEmpty(["2400", "0060", "3000", "x1900", "19001", "1900 "]))("%j is not", (time) =>
    expect(checkAutoShutdown({ time, timeZone: "UTC" } as never)).toEqual([
      { key: "autoShutdown.time", message: `"${time}" is not a 24-hour time written HHmm (e.g. "1900")` },
    ]),
  );
  it("a time zone is required", () =>
    expect(checkAutoShutdown({ time: "1900", timeZone: "" } as never)).toEqual([
      { key: "autoShutdown.timeZone", message: 'a time zone is required, e.g. "UTC" or "Tokyo Standard Time" (Windows time zone ids)' },
    ]));
  it("none: no problem", () => expect(checkAutoShutdown(undefined)).toEqual([]));
});

describe("the Bastion subnet rule: where the subnet is, and when subnets did not parse", () => {
  const withBastion = (c: Raw) => {
    c.access = { ...(c.access ?? {}), bastion: "Basic" };
    c.hub.subnets.unshift({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" });
    c.sites[0].subnets.unshift({ name: "AzureBastionSubnet", prefix: "10.100.254.0/26" });
    for (const vm of [c.hub.router, c.sites[0].router, ...c.sites[0].hosts]) vm.subnet = "default"; // not the first subnet
  };
  it("AzureBastionSubnet as the first subnet is found", () => expect(problemsOf(withBastion)).toEqual([]));
  it("a hub whose subnets did not parse is not also told it lacks AzureBastionSubnet", () => {
    const ps = problemsOf((c) => (withBastion(c), (c.hub.subnets = "default")));
    expect(ps.map((p) => p.key)).toContain("hub.subnets");
    expect(ps.filter((p) => p.message.startsWith("access.bastion is on"))).toEqual([]);
  });
});
