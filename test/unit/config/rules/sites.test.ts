// Site rules (src/config/rules/sites.ts): attachment, kind, the hub-attached tunnels, the VXLAN port.
import { describe, expect, it } from "vitest";
import { extraSpoke, problemsOf, secondSite } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { type Raw } from "../../../support/config-edit.js";

const tunnel = (c: Raw) => c.sites[0].tunnel;

describe("tunnel VNI: 24 bits (RFC 7348 §5: 'VXLAN Network Identifier (VNI): This is a 24-bit value')", () => {
  it.each(nonEmpty([1, 16_777_215]))("VNI %d is fine", (vni) => expect(problemsOf((c) => (tunnel(c).vni = vni))).toEqual([]));
  it.each(nonEmpty([0, -1, 16_777_216]))("VNI %d is refused", (vni) =>
    expect(problemsOf((c) => (tunnel(c).vni = vni))).toEqual([
      { key: "sites[0].tunnel.vni", message: `VNI ${vni} is outside 1..16777215` },
    ]),
  );
});

describe("VXLAN port: a UDP port, 1..65535", () => {
  it.each(nonEmpty([1, 65_535, 4789]))("port %d is fine", (port) => expect(problemsOf((c) => (c.vxlan = { port }))).toEqual([]));
  it.each(nonEmpty([0, 65_536]))("port %d is refused", (port) =>
    expect(problemsOf((c) => (c.vxlan = { port }))).toEqual([{ key: "vxlan.port", message: `port ${port} is outside 1..65535` }]),
  );
  it("the Azure-reserved ports name the VNet FAQ's reason", () => {
    expect(problemsOf((c) => (c.vxlan = { port: 67 }))).toEqual([
      {
        key: "vxlan.port",
        message: "port 67 cannot carry VXLAN on Azure: UDP 67 is DHCP's server port, and Azure does not carry DHCP via unicast (VNet FAQ)",
      },
    ]);
    expect(problemsOf((c) => (c.vxlan = { port: 65330 }))).toEqual([
      { key: "vxlan.port", message: "port 65330 cannot carry VXLAN on Azure: UDP 65330 is reserved for the Azure host (VNet FAQ)" },
    ]);
  });
});

describe("tunnel addresses", () => {
  it("an address without a prefix length", () => {
    const p = problemsOf((c) => (tunnel(c).hubAddress = "169.254.0.1"));
    expect(p).toHaveLength(1);
    expect(p[0]!.key).toBe("sites[0].tunnel.hubAddress");
    const q = problemsOf((c) => (tunnel(c).siteAddress = "bogus"));
    expect(q).toHaveLength(1);
    expect(q[0]!.key).toBe("sites[0].tunnel.siteAddress");
  });

  it("two ends in different subnets, and one address for both ends", () => {
    expect(problemsOf((c) => (tunnel(c).siteAddress = "169.254.1.2/24"))).toEqual([
      { key: "sites[0].tunnel", message: "hubAddress 169.254.0.1/24 and siteAddress 169.254.1.2/24 must share one subnet" },
    ]);
    expect(problemsOf((c) => (tunnel(c).siteAddress = "169.254.0.1/24"))).toEqual([
      { key: "sites[0].tunnel", message: "hubAddress and siteAddress are the same address" },
    ]);
  });

  it("network and broadcast addresses are refused in a /30, allowed in a /31 (RFC 3021 point-to-point)", () => {
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.0.3/30"), (tunnel(c).siteAddress = "169.254.0.2/30")))).toEqual([
      { key: "sites[0].tunnel.hubAddress", message: "169.254.0.3/30 is the network or broadcast address of 169.254.0.0/30" },
    ]);
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.0.1/30"), (tunnel(c).siteAddress = "169.254.0.0/30")))).toEqual([
      { key: "sites[0].tunnel.siteAddress", message: "169.254.0.0/30 is the network or broadcast address of 169.254.0.0/30" },
    ]);
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.0.0/31"), (tunnel(c).siteAddress = "169.254.0.1/31")))).toEqual([]);
  });

  it("a tunnel subnet holding Azure's instance metadata address 169.254.169.254", () => {
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.169.1/24"), (tunnel(c).siteAddress = "169.254.169.2/24")))).toEqual([
      {
        key: "sites[0].tunnel",
        message: "169.254.169.0/24 contains 169.254.169.254 (Azure instance metadata), which the VMs must keep reaching",
      },
    ]);
  });

  it("a tunnel subnet overlapping an address space names it", () => {
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "10.10.9.1/24"), (tunnel(c).siteAddress = "10.10.9.2/24")))).toEqual([
      { key: "sites[0].tunnel", message: "10.10.9.0/24 overlaps 10.10.0.0/16 (spokes[0].addressSpace[0])" },
    ]);
  });

  it("a second hub-attached site: same VNI and same tunnel subnet are refused, naming the first", () => {
    const second = (c: Raw, t: Raw) => void secondSite(c, t);
    expect(problemsOf((c) => second(c, { vni: 78, hubAddress: "169.254.1.1/24", siteAddress: "169.254.1.2/24" }))).toEqual([]);
    expect(problemsOf((c) => second(c, { vni: 77, hubAddress: "169.254.0.1/25", siteAddress: "169.254.0.2/25" }))).toEqual([
      { key: "sites[1].tunnel.vni", message: "VNI 77 is already used by sites[0].tunnel" },
      { key: "sites[1].tunnel", message: "169.254.0.0/25 overlaps the tunnel subnet of sites[0].tunnel" },
    ]);
  });
});

describe("attachment and kind", () => {
  it("an unknown attach names the spokes", () =>
    expect(problemsOf((c) => ((c.sites[0].attach = "nowhere"), delete c.sites[0].router, delete c.sites[0].tunnel))).toContainEqual({
      key: "sites[0].attach",
      message: '"nowhere" is neither "hub" nor a spoke name (vnet-spoke10)',
    }));

  it("a site on a spoke has no router and no tunnel; it needs the spoke's gateway", () => {
    expect(problemsOf((c) => (c.sites[0].attach = "vnet-spoke10"))).toEqual([
      {
        key: "sites[0].router",
        message: "only hub-attached sites have a tunnel router; vnet-hub100 reaches vnet-spoke10 through its own gateway",
      },
      { key: "sites[0].tunnel", message: "only hub-attached sites have a tunnel" },
      { key: "sites", message: "no site is attached to the hub, so there is no tunnel to build" },
    ]);
    expect(
      problemsOf(
        (c) => ((c.sites[0].attach = "vnet-spoke10"), delete c.sites[0].router, delete c.sites[0].tunnel, delete c.spokes[0].gateway),
      ),
    ).toContainEqual({
      key: "sites[0].kind",
      message: 'a "expressroute" site reaches vnet-spoke10 over ExpressRoute, but vnet-spoke10 has no gateway',
    });
  });

  it("a peering site must attach to the hub; it needs no gateway anywhere", () => {
    const peering = (c: Raw) => ((c.sites[0].kind = "peering"), delete c.sites[0].gateway, (c.sites[0].subnets = [c.sites[0].subnets[0]]));
    expect(problemsOf((c) => (peering(c), delete c.hub.gateway))).toEqual([]);
    expect(
      problemsOf((c) => (peering(c), (c.sites[0].attach = "vnet-spoke10"), delete c.sites[0].router, delete c.sites[0].tunnel)),
    ).toContainEqual({
      key: "sites[0].kind",
      message: 'a "peering" site must attach to the hub (peering it to a spoke would bypass the lab)',
    });
  });

  it("an onprem site has no gateway; without one it builds", () => {
    expect(problemsOf((c) => (c.sites[0].kind = "onprem"))).toContainEqual({
      key: "sites[0].gateway",
      message: 'an "onprem" site is not deployed to Azure, so it has no gateway here',
    });
    expect(
      problemsOf((c) => ((c.sites[0].kind = "onprem"), delete c.sites[0].gateway, (c.sites[0].subnets = [c.sites[0].subnets[0]]))),
    ).toEqual([]);
  });

  it("an expressroute site without a gateway", () =>
    expect(problemsOf((c) => delete c.sites[0].gateway)).toContainEqual({
      key: "sites[0].gateway",
      message: 'an "expressroute" site is simulated by a VNet with its own ExpressRoute gateway: set gateway (e.g. {sku: ErGw1AZ})',
    }));
});

describe("sites: which VNet a site attaches to, and the tunnel addresses' examples", () => {
  const CIRCUIT =
    "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-a";
  /** A second spoke, vnet-spoke20 (10.20.0.0/16), without a gateway. */
  const spoke20 = (c: Raw) => void extraSpoke(c, "vnet-spoke20", 20, "vm-spoke20");
  it("an unknown attach lists every spoke name", () =>
    expect(problemsOf((c) => (spoke20(c), (c.sites[0].attach = "vnet-spoke30")))).toContainEqual({
      key: "sites[0].attach",
      message: '"vnet-spoke30" is neither "hub" nor a spoke name (vnet-spoke10, vnet-spoke20)',
    }));
  it("a site attached to the second spoke is judged by that spoke's gateway, not the first's", () =>
    expect(problemsOf((c) => (spoke20(c), (c.sites[0].attach = "vnet-spoke20")))).toContainEqual({
      key: "sites[0].kind",
      message: 'a "expressroute" site reaches vnet-spoke20 over ExpressRoute, but vnet-spoke20 has no gateway',
    }));
  it("only an expressroute site must share its attachment's circuit (an onprem one is told it has no gateway)", () =>
    expect(
      problemsOf((c) => {
        c.sites[0].kind = "onprem";
        c.sites[0].gateway = { sku: "ErGw1AZ", circuitId: CIRCUIT };
      }),
    ).toEqual([{ key: "sites[0].gateway", message: 'an "onprem" site is not deployed to Azure, so it has no gateway here' }]));
  it("an unreadable tunnel hubAddress gets the hub end's example", () =>
    expect(problemsOf((c) => (tunnel(c).hubAddress = "hub"))).toEqual([
      { key: "sites[0].tunnel.hubAddress", message: '"hub" is not an IPv4 address with a prefix length (e.g. 169.254.0.1/24)' },
    ]));
  it("an unreadable tunnel siteAddress gets the site end's example", () =>
    expect(problemsOf((c) => (tunnel(c).siteAddress = "site"))).toEqual([
      { key: "sites[0].tunnel.siteAddress", message: '"site" is not an IPv4 address with a prefix length (e.g. 169.254.0.2/24)' },
    ]));
});
