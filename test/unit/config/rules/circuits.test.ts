// A simulated site (kind expressroute) hairpins through the circuit of the VNet it attaches to:
// both gateways need the same circuitId, or both none (peerings.ts buildCircuitDomains assumes it).
import { describe, expect, it } from "vitest";
import { expectOnly, problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { rawLab, type Raw } from "../../../support/config-edit.js";

const CIRCUIT_A =
  "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-a";
const CIRCUIT_B =
  "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-b";

const seed = (): Raw => rawLab();

describe("a simulated site shares the circuit of the VNet it attaches to", () => {
  it.each(
    nonEmpty([
      [CIRCUIT_A, undefined],
      [undefined, CIRCUIT_A],
      [CIRCUIT_A, CIRCUIT_B],
    ]),
  )("hub %s, site %s: rejected, naming both", (hub, site) => {
    const c = seed();
    if (hub) c.hub.gateway.circuitId = hub;
    if (site) c.sites[0].gateway.circuitId = site;
    expectOnly(
      c,
      "sites[0].gateway.circuitId",
      new RegExp(`vnet-hub100 .* vnet-hub00's circuit.*vnet-hub100 has ${site ?? "none"}, vnet-hub00 has ${hub ?? "none"}`),
    );
  });
  it("same circuit (ids compare case-insensitively), or both unset, is fine; the spoke may use another circuit", () => {
    const c = seed();
    c.hub.gateway.circuitId = CIRCUIT_A;
    c.sites[0].gateway.circuitId = CIRCUIT_A.replace("rg-er", "RG-ER");
    c.spokes[0].gateway.circuitId = CIRCUIT_B;
    expect(problemsOf(c)).toEqual([]);
    expect(problemsOf(seed())).toEqual([]);
  });
  it("a site attached to a spoke must share the spoke's circuit", () => {
    const c = seed();
    c.sites.push({
      name: "vnet-spoke110",
      kind: "expressroute",
      attach: "vnet-spoke10",
      addressSpace: ["10.110.0.0/16"],
      subnets: [
        { name: "default", prefix: "10.110.0.0/24" },
        { name: "GatewaySubnet", prefix: "10.110.255.0/27" },
      ],
      gateway: { sku: "ErGw1AZ", circuitId: CIRCUIT_B },
      hosts: [],
    });
    expectOnly(c, "sites[1].gateway.circuitId", /vnet-spoke110 has .*er-b, vnet-spoke10 has none/);
  });
});
