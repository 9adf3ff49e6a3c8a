// routing: bgp, worked out by hand from the dev lab (Pulumi.dev.yaml): vm-hub00 (10.0.0.4, AS 65000 by
// default) and vm-hub100 (10.100.0.4, AS 65001: the first hub-attached site) peer over vxlan0,
// 169.254.0.1 <-> 169.254.0.2. The hub sends the spoke's 10.10.0.0/16, the site its 10.100.0.0/16.
import { describe, expect, it } from "vitest";
import { bgp, editedLab, rawLab } from "../../support/config-edit.js";
import { buildLab } from "../../../src/model/build.js";

describe("buildRouters: routing bgp", () => {
  const lab = editedLab("dev", bgp);
  const [hub, site] = lab.routers;

  it("one eBGP session per tunnel on the overlay addresses, default private ASNs, prefix-lists exactly the model's", () => {
    expect(hub!.bgp).toEqual({
      asn: 65000,
      routerId: "10.0.0.4",
      networks: ["10.10.0.0/16"],
      // One hub router: no second path to install, nothing prepended.
      multipath: 0,
      prepend: [],
      neighbors: [
        {
          key: "vnet-hub100",
          site: "vnet-hub100",
          device: "vxlan0",
          localAddress: "169.254.0.1",
          address: "169.254.0.2",
          remoteVm: "vm-hub100",
          remoteAsn: 65001,
          advertise: ["10.10.0.0/16"],
          accept: ["10.100.0.0/16"],
          maxPrefix: 1,
          prefixListIn: "HSV-VXLAN0-IN",
          prefixListOut: "HSV-VXLAN0-OUT",
        },
      ],
    });
    expect(site!.bgp).toMatchObject({
      asn: 65001,
      routerId: "10.100.0.4",
      networks: ["10.100.0.0/16"],
      multipath: 1,
      neighbors: [{ address: "169.254.0.1", remoteAsn: 65000, advertise: ["10.100.0.0/16"], accept: ["10.10.0.0/16"], maxPrefix: 1 }],
    });
  });

  it("the tunnel's prefixes become learned routes; the /32 to the far end stays static on eth0", () => {
    expect(hub!.routes).toEqual([
      { prefix: "10.100.0.0/16", nextHop: "169.254.0.2", why: "10.100.0.0/16 from vm-hub100 (BGP over vxlan0, VNI 77)", proto: "bgp" },
      {
        prefix: "10.100.0.4/32",
        nextHop: "10.0.0.1",
        dev: "eth0",
        why: "tunnel peer vm-hub100 over the underlay, not through vxlan0",
        proto: "static",
      },
    ]);
    expect(site!.routes).toEqual([
      { prefix: "10.10.0.0/16", nextHop: "169.254.0.1", why: "10.10.0.0/16 from vm-hub00 (BGP over vxlan0, VNI 77)", proto: "bgp" },
    ]);
  });

  it("ASNs given in the config are used; static routing has no sessions", () => {
    const c = rawLab("dev", bgp);
    c.hub.router.asn = 4200000001;
    c.sites[0].router.asn = 64600;
    const l = buildLab(c);
    expect(l.routers.map((r) => [r.bgp?.asn, r.bgp?.neighbors[0]?.remoteAsn])).toEqual([
      [4200000001, 64600],
      [64600, 4200000001],
    ]);
    expect(editedLab("dev").routers.map((r) => r.bgp)).toEqual([undefined, undefined]);
  });
});
