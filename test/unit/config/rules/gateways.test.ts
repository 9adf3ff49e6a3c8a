// Gateway rules: ErGwScale scale units, region and subnet size; the removed publicIp.
// Each with a config that breaks it.
import { describe, expect, it } from "vitest";
import { checkSettings } from "../../../../src/azure/config.js";
import { buildLab } from "../../../../src/model/build.js";
import { gatewayMegabitsPerSecond, GATEWAY_SKUS, scalableUnavailableIn, SKU_THROUGHPUT } from "../../../../src/platform/gateway-skus.js";
import { expectOnly, problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { rawLab, type Raw } from "../../../support/config-edit.js";

const SSH = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP7+osI15xyIU07Ia2q2TrAV8cVnjZpaVT3wkin0MM63 mock@test"; // a real ed25519 public key (as test/mock/harness.ts)

const seed = (): Raw => rawLab();
/** The seed with the hub on ErGwScale and a /26 GatewaySubnet. */
const scalable = (units?: { min: number; max: number }): Raw => {
  const c = seed();
  c.hub.gateway = { sku: "ErGwScale", ...(units ? { scaleUnits: units } : {}) };
  c.hub.subnets[1].prefix = "10.0.255.0/26";
  return c;
};

describe("ErGwScale scale units", () => {
  it("default is a fixed 1-unit gateway, and it reaches the model", () => {
    const lab = buildLab(scalable());
    expect(lab.hub.gateway?.scaleUnits).toEqual({ min: 1, max: 1 });
    expect(lab.config.hub.gateway?.scaleUnits).toEqual({ min: 1, max: 1 });
    expect(lab.spokes[0]!.gateway?.scaleUnits).toBeUndefined();
  });
  it.each(nonEmpty([[{ min: 2, max: 2 }], [{ min: 2, max: 40 }], [{ min: 40, max: 40 }]]))("%j is accepted", (u) =>
    expect(problemsOf(scalable(u))).toEqual([]),
  );
  it.each(
    nonEmpty([
      [{ min: 0, max: 1 }, "hub.gateway.scaleUnits.min", /min 0 is outside 1\.\.40/],
      [{ min: 2, max: 41 }, "hub.gateway.scaleUnits.max", /max 41 is outside 1\.\.40/],
      [{ min: 5, max: 3 }, "hub.gateway.scaleUnits", /min 5 is greater than max 3/],
      [{ min: 2, max: 1 }, "hub.gateway.scaleUnits.min", /when max is 1, min must be 1 too/],
      [{ min: 1, max: 4 }, "hub.gateway.scaleUnits.min", /needs min 2 or higher/],
    ]),
  )("%j is rejected", (u, key, pattern) => expectOnly(scalable(u), key, pattern));
  it("scaleUnits with a fixed-size SKU is an error", () => {
    const c = seed();
    c.spokes[0].gateway.scaleUnits = { min: 1, max: 1 };
    expectOnly(c, "spokes[0].gateway.scaleUnits", /applies only to ErGwScale \(ErGw1AZ has a fixed size, 1 Gbps\)/);
  });
  it("needs a /26 GatewaySubnet; /27 is enough for the AZ SKUs", () => {
    const c = scalable();
    c.hub.subnets[1].prefix = "10.0.255.0/27";
    expectOnly(c, "hub.subnets[1].prefix", /smaller than \/26, the minimum for an ErGwScale gateway/);
    expect(problemsOf(seed())).toEqual([]);
  });
});

describe("ErGwScale region", () => {
  it("the exclusion list matches regions however they are spelled", () => {
    for (const r of ["japaneast", "Japan East", "JAPAN EAST", " japan  east "]) expect(scalableUnavailableIn(r)).toBe("Japan East");
    expect(scalableUnavailableIn("japanwest")).toBeUndefined();
    expect(scalableUnavailableIn("eastus2")).toBe("East US 2");
  });
  it("lab.location in the list: one problem on the SKU key, naming the alternatives", () => {
    const c = scalable();
    c.location = "Japan East";
    expectOnly(c, "hub.gateway.sku", /ErGwScale is not offered in Japan East \(location "Japan East"\); use ErGw1AZ, ErGw2AZ or ErGw3AZ/);
    c.location = "japanwest";
    expect(problemsOf(c)).toEqual([]);
  });
  it("azure-native:location in the list: checkSettings reports it once, with the key", () => {
    const r = checkSettings({ lab: scalable(), sshPublicKey: SSH, location: "japaneast" });
    expect(r.ok).toBe(false);
    const msg = (r as { message: string }).message;
    expect(msg.split("\n")).toEqual([
      "invalid stack config (1 problem):",
      '  - hub-spoke-vxlan:lab.hub.gateway.sku: ErGwScale is not offered in Japan East (azure-native:location "japaneast"); use ErGw1AZ, ErGw2AZ or ErGw3AZ there, or another region (https://learn.microsoft.com/azure/expressroute/scalable-gateway)',
    ]);
    expect(checkSettings({ lab: scalable(), sshPublicKey: SSH, location: "japanwest" }).ok).toBe(true);
  });
  it("lab.location wins over azure-native:location, and the problem is not repeated", () => {
    const c = scalable();
    c.location = "westeurope";
    const r = checkSettings({ lab: c, sshPublicKey: SSH, location: "japaneast" });
    const lines = (r as { message: string }).message.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/lab\.hub\.gateway\.sku: ErGwScale is not offered in West Europe \(location "westeurope"\)/);
    c.location = "japanwest";
    expect(checkSettings({ lab: c, sshPublicKey: SSH, location: "japaneast" }).ok).toBe(true);
  });
  it("alongside other lab problems, with azure-native:location", () => {
    const c = scalable();
    c.sites[0].tunnel.vni = 0;
    const msg = (checkSettings({ lab: c, sshPublicKey: SSH, location: "japaneast" }) as { message: string }).message;
    expect(msg).toMatch(/^invalid stack config \(2 problems\)/);
    expect(msg).toContain("lab.sites[0].tunnel.vni");
    expect(msg).toContain("lab.hub.gateway.sku: ErGwScale is not offered in Japan East");
  });
});

describe("SKU table", () => {
  it("published throughput per SKU; ErGwScale per scale unit", () => {
    expect(Object.keys(SKU_THROUGHPUT)).toEqual([...GATEWAY_SKUS]);
    expect(GATEWAY_SKUS.map((s) => gatewayMegabitsPerSecond(s))).toEqual([1000, 2000, 10000, 1000]);
    expect(gatewayMegabitsPerSecond("ErGwScale", { min: 2, max: 10 })).toBe(10_000);
  });
});

describe("gateway.publicIp is gone", () => {
  it.each(nonEmpty([true, false]))("publicIp: %s is rejected with the reason", (v) => {
    const c = seed();
    c.hub.gateway.publicIp = v;
    expectOnly(
      c,
      "hub.gateway.publicIp",
      /publicIp was removed: Azure assigns every ExpressRoute gateway a Microsoft-managed, zone-redundant Standard public IP itself/,
    );
  });
});
