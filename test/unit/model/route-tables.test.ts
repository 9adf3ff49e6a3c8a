// User-defined routes, worked out by hand from test/fixtures/Pulumi.3x4.yaml and Pulumi.site2.yaml.
// Azure sends spoke<->site traffic straight over the peering/circuit unless a UDR points it at the router
// (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#custom-routes): spokes route every
// hub-attached site's space via the hub router, hub-attached sites route every spoke's space via their own router.
// No route table on the GatewaySubnet (https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#gwsub:
// the lab leaves the gateway's own routing alone).
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES, labOf } from "../../support/stacks.js";

const route = (prefix: string, nextHopIp: string) => ({ name: `to-${prefix.replace(/[./]/g, "-")}`, prefix, nextHopIp });
const table = (vnet: string, routes: ReturnType<typeof route>[]) => ({ name: `rt-${vnet}-default`, vnet, subnet: "default", routes });

const SITES_3X4 = ["10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16", "10.103.0.0/16"];
const SPOKES_3X4 = ["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"];

describe("buildRouteTables", () => {
  it("3x4, deployed: each spoke to every site via the hub router, each Azure site to every spoke via its router", () => {
    const viaHub = SITES_3X4.map((p) => route(p, "10.0.0.4"));
    expect(labOf(join(FIXTURES, "Pulumi.3x4.yaml")).routeTables).toEqual([
      table("vnet-spoke10", viaHub),
      table("vnet-spoke11", viaHub),
      table("vnet-spoke12", viaHub),
      table(
        "vnet-site100",
        SPOKES_3X4.map((p) => route(p, "10.100.0.4")),
      ),
      table(
        "vnet-site101",
        SPOKES_3X4.map((p) => route(p, "10.101.0.4")),
      ),
      table(
        "vnet-site102",
        SPOKES_3X4.map((p) => route(p, "10.102.0.4")),
      ),
    ]);
  });
  it("3x4, on-prem: only the on-prem site, what its own network must route", () => {
    expect(labOf(join(FIXTURES, "Pulumi.3x4.yaml")).onpremRouteTables).toEqual([
      table(
        "vnet-site103",
        SPOKES_3X4.map((p) => route(p, "10.103.0.4")),
      ),
    ]);
  });
  it("site2: a site attached to a spoke is not tunnelled, so it gets no routes and nobody routes to it", () => {
    const lab = labOf(join(FIXTURES, "Pulumi.site2.yaml"));
    expect(lab.routeTables).toEqual([
      table("vnet-spoke10", [route("10.100.0.0/16", "10.0.0.4")]),
      table("vnet-hub100", [route("10.10.0.0/16", "10.100.0.4")]),
    ]);
    expect(lab.onpremRouteTables).toEqual([]);
  });
  it("route names spell the prefix with dashes", () =>
    expect(labOf("dev").routeTables.flatMap((t) => t.routes.map((r) => r.name))).toEqual(["to-10-100-0-0-16", "to-10-10-0-0-16"]));
});
