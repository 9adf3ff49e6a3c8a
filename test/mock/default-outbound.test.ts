// access.defaultOutboundAccess is applied by Azure when a subnet is created: the value a VNet was
// created with is pinned in the stack and a different value later is refused in preview.
import { describe, expect, it } from "vitest";
import { checkPin } from "../../src/azure/creation-pin.js";
import { ofType, runProgram, T } from "./harness.js";

const PIN = "pulumi-nodejs:dynamic/CreationPin:Resource";

describe("access.defaultOutboundAccess on a live stack", () => {
  it("one pin per VNet carries the configured value, and the VNet's subnets take it from the pin", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.access = { defaultOutboundAccess: false }), l) });
    expect(run.error).toBeUndefined();
    const pins = ofType(run, PIN);
    expect(pins.map((p) => p.name).sort()).toEqual(
      ["vnet-hub00", "vnet-hub100", "vnet-spoke10"].map((v) => `${v}-default-outbound-access`),
    );
    for (const p of pins) expect(p.inputs).toMatchObject({ value: false, key: "access.defaultOutboundAccess" });
    for (const vnet of ofType(run, T.vnet)) {
      const pin = pins.find((p) => p.name === `${vnet.name}-default-outbound-access`)!;
      expect(vnet.deps, vnet.name).toContain(pin.urn);
      for (const s of (vnet.inputs.subnets as any[]).filter((x) => x.name !== "GatewaySubnet")) expect(s.defaultOutboundAccess).toBe(false);
    }
  });

  it("a changed value is a check failure naming the key, both values and the way out; the same value passes", () => {
    const news = { value: false, key: "access.defaultOutboundAccess", vnet: "vnet-hub00" };
    expect(checkPin(undefined, news)).toEqual({ inputs: news });
    expect(checkPin({ ...news }, news)).toEqual({ inputs: news });
    const r = checkPin({ ...news, value: true }, news);
    expect(r.failures).toEqual([
      {
        property: "value",
        reason:
          "access.defaultOutboundAccess is false in the config, but vnet-hub00's subnets were created with true. " +
          "This lab does not change it on a live stack: running VMs only pick a change up after a stop/deallocate, and the Network API version used here documents it as set at subnet creation only. " +
          "Set it back to true, or run pulumi destroy and then pulumi up to rebuild the lab with false.",
      },
    ]);
  });
});
