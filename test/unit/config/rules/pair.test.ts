// hub.pair (src/config/rules/pair.ts, and the pair's parts of per-vnet.ts, sites.ts, wireguard.ts,
// platform-addresses.ts, bgp.ts): the frontend in hub.router's subnet, apart from Azure's five and
// every VM; the second router beside the first; each site's pairTunnel judged like a tunnel.
// Expected texts are written by hand from the fixture (test/fixtures/Pulumi.pair.yaml: subnet
// default 10.0.0.0/24, vm-hub00 10.0.0.4, vm-hub01 10.0.0.5, frontend 10.0.0.10).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problemsOf, secondSite } from "../../../support/problems.js";
import { encrypt, rawLab, type Edit, type Raw } from "../../../support/config-edit.js";
import { FIXTURES } from "../../../support/stacks.js";
import { nonEmpty } from "../../../support/non-empty.js";

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
const pairProblems = (...edits: Edit[]) => problemsOf(rawLab(PAIR, ...edits));
const pair = (c: Raw) => c.hub.pair;
const frontend = (address: string) => (c: Raw) => (pair(c).frontend = address);

const OUTSIDE = (a: string) =>
  `${a} is outside subnet "default" (10.0.0.0/24) of hub.router vm-hub00: the internal load balancer's frontend is an address of the routers' subnet; choose a free one inside 10.0.0.0/24`;
const RESERVED = (a: string) =>
  `${a} is reserved by Azure in 10.0.0.0/24 (first four and last address of a subnet), so no frontend can take it; choose a free address inside 10.0.0.0/24`;
const IS_VM = (a: string, vm: string, key: string) =>
  `${a} is ${vm}'s address (${key}.address): the frontend is the load balancer's own address, apart from every VM's; choose a free one inside 10.0.0.0/24`;

describe("the pair stack and its variants validate", () => {
  it("Pulumi.pair.yaml", () => expect(pairProblems()).toEqual([]));
  it("with encryption wireguard (the pair's links and ports after the first tunnels')", () => expect(pairProblems(encrypt)).toEqual([]));
  it("with a second hub-attached site, both tunnels defaulted", () =>
    expect(pairProblems((c) => secondSite(c, null), encrypt)).toEqual([]));
  it("with prefer first and an explicit pairTunnel", () =>
    expect(
      pairProblems((c) => {
        pair(c).prefer = "first";
        c.sites[0].pairTunnel = { vni: 5000, hubAddress: "169.254.100.1/30", siteAddress: "169.254.100.2/30" };
      }),
    ).toEqual([]));
});

describe("hub.pair needs routing: bgp", () => {
  it("routing static is refused, with the reason and the fix", () =>
    expect(pairProblems((c) => (c.routing = "static"))).toEqual([
      {
        key: "hub.pair",
        message:
          "hub.pair needs routing: bgp (routing is \"static\"): each hub router's health answer to the load balancer is its BGP sessions and learned routes, and the site routers send over both hub routers' tunnels by BGP; with static routes a dead router keeps its share of the traffic. Set routing: bgp, or remove hub.pair",
      },
    ]));
  it("no pair, routing static: nothing to say", () => expect(problemsOf(() => {})).toEqual([]));
});

describe("hub.pair.frontend: an address of hub.router's subnet Azure and no VM holds", () => {
  it.each(nonEmpty(["10.0.0.6", "10.0.0.10", "10.0.0.254"]))("%s is fine", (a) => expect(pairProblems(frontend(a))).toEqual([]));
  it.each(nonEmpty(["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"]))("%s is one of Azure's five", (a) =>
    expect(pairProblems(frontend(a))).toEqual([{ key: "hub.pair.frontend", message: RESERVED(a) }]),
  );
  it.each(nonEmpty(["10.0.1.10", "9.255.255.255", "10.0.255.4"]))("%s is outside the subnet", (a) =>
    expect(pairProblems(frontend(a))).toEqual([{ key: "hub.pair.frontend", message: OUTSIDE(a) }]),
  );
  it("hub.router's and hub.pair.router's addresses", () => {
    expect(pairProblems(frontend("10.0.0.4"))).toEqual([
      { key: "hub.pair.frontend", message: IS_VM("10.0.0.4", "vm-hub00", "hub.router") },
    ]);
    expect(pairProblems(frontend("10.0.0.5"))).toEqual([
      { key: "hub.pair.frontend", message: IS_VM("10.0.0.5", "vm-hub01", "hub.pair.router") },
    ]);
  });
  it("a hub host's address", () =>
    expect(pairProblems((c) => (c.hub.hosts = [{ name: "vm-hub02", address: "10.0.0.20" }]), frontend("10.0.0.20"))).toEqual([
      { key: "hub.pair.frontend", message: IS_VM("10.0.0.20", "vm-hub02", "hub.hosts[0]") },
    ]));
  it("a spoke VM's address: outside, and that VM's", () =>
    expect(pairProblems(frontend("10.10.0.4"))).toEqual([
      { key: "hub.pair.frontend", message: OUTSIDE("10.10.0.4") },
      {
        key: "hub.pair.frontend",
        message:
          "10.10.0.4 is vm-spoke10's address (spokes[0].hosts[0].address): the frontend is the load balancer's own address, apart from every VM's; choose a free one inside 10.0.0.0/24",
      },
    ]));
  it("the platform addresses", () => {
    expect(pairProblems(frontend("169.254.169.254"))).toEqual([
      {
        key: "hub.pair.frontend",
        message: "169.254.169.254 is the platform address 169.254.169.254 (Azure instance metadata), which the VMs must keep reaching",
      },
      { key: "hub.pair.frontend", message: OUTSIDE("169.254.169.254") },
    ]);
  });
  it("the subnet is hub.router's, also when it is named", () =>
    expect(
      pairProblems(
        (c) => c.hub.subnets.push({ name: "nva", prefix: "10.0.1.0/24" }),
        (c) => (
          (c.hub.router = { name: "vm-hub00", address: "10.0.1.4", subnet: "nva" }),
          (pair(c).router = { ...c.hub.router, name: "vm-hub01", address: "10.0.1.5" })
        ),
        frontend("10.0.0.10"),
      ),
    ).toEqual([
      {
        key: "hub.pair.frontend",
        message:
          "10.0.0.10 is outside subnet \"nva\" (10.0.1.0/24) of hub.router vm-hub00: the internal load balancer's frontend is an address of the routers' subnet; choose a free one inside 10.0.1.0/24",
      },
    ]));
  it("not an address: the address helper's message, and no other frontend rule", () => {
    expect(pairProblems(frontend("10.0.0.010"))).toEqual([
      {
        key: "hub.pair.frontend",
        message: '"10.0.0.010" is not written canonically: write 10.0.0.10 (leading zeros: some tools read 010 as octal 8)',
      },
    ]);
    expect(pairProblems(frontend("fd00::10"))).toEqual([
      { key: "hub.pair.frontend", message: '"fd00::10" is not an IPv4 address (IPv6 is not supported)' },
    ]);
  });
});

describe("hub.pair.router: a second VM beside hub.router", () => {
  it("in another subnet of the hub", () =>
    expect(
      pairProblems(
        (c) => c.hub.subnets.push({ name: "nva", prefix: "10.0.1.0/24" }),
        (c) => (pair(c).router = { name: "vm-hub01", address: "10.0.1.4", subnet: "nva" }),
      ),
    ).toEqual([
      {
        key: "hub.pair.router.subnet",
        message:
          'vm-hub01 is in subnet "nva", hub.router vm-hub00 in "default": both routers\' NICs are in the load balancer\'s backend pool behind its frontend in hub.router\'s subnet; set hub.pair.router.subnet to "default" and its address inside 10.0.0.0/24',
      },
    ]));
  it("naming hub.router's subnet, which is also the default, is fine", () =>
    expect(pairProblems((c) => (pair(c).router.subnet = "default"))).toEqual([]));
  it("a subnet the hub does not have: only the VM rule speaks", () =>
    expect(pairProblems((c) => (pair(c).router.subnet = "nva"))).toEqual([
      { key: "hub.pair.router.subnet", message: 'no subnet "nva" in vnet-hub00 for vm-hub01' },
    ]));
  it("at hub.router's address: one problem, saying why", () =>
    expect(pairProblems((c) => (pair(c).router.address = "10.0.0.4"))).toEqual([
      {
        key: "hub.pair.router.address",
        message:
          "10.0.0.4 is also hub.router's address: the two hub routers are two VMs behind the load balancer, each with its own NIC address in the backend pool; give hub.pair.router another free address in hub.router's subnet",
      },
    ]));
  it("at a host's address: the duplicate-address rule", () =>
    expect(pairProblems((c) => (c.hub.hosts = [{ name: "vm-hub02", address: "10.0.0.5" }]))).toEqual([
      { key: "hub.hosts[0].address", message: "duplicate address 10.0.0.5 (also hub.pair.router.address)" },
    ]));
  it("named as hub.router: the pair router, after it, is told", () =>
    expect(pairProblems((c) => (pair(c).router.name = "vm-hub00"))).toContainEqual({
      key: "hub.pair.router.name",
      message: 'duplicate VM name "vm-hub00" (also hub.router.name)',
    }));
  it.each(
    nonEmpty([
      ["vm-spoke10", "spokes[0].hosts[0].name"],
      ["vm-hub100", "sites[0].router.name"],
    ] as const),
  )("named %s: %s, after the hub, is told", (name, other) =>
    expect(pairProblems((c) => (pair(c).router.name = name))).toEqual([
      { key: other, message: `duplicate VM name "${name}" (also hub.pair.router.name)` },
    ]),
  );
  it("on a reserved address: the VM rules apply to it", () => {
    expect(pairProblems((c) => (pair(c).router.address = "10.0.0.255"))).toEqual([
      {
        key: "hub.pair.router.address",
        message: "10.0.0.255 is reserved by Azure in 10.0.0.0/24 (first four and last address of a subnet)",
      },
    ]);
  });
});

const PT = (vni: number, hub: string, site: string, extra: Raw = {}) => ({ vni, hubAddress: hub, siteAddress: site, ...extra });

describe("sites[].pairTunnel: only with hub.pair, only on hub-attached sites, judged like a tunnel", () => {
  it("without hub.pair", () =>
    expect(problemsOf((c) => (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      {
        key: "sites[0].pairTunnel",
        message: "a pairTunnel is the tunnel to hub.pair.router, but hub.pair is not set: remove it, or set hub.pair",
      },
    ]));
  it("on a spoke-attached site", () =>
    expect(
      pairProblems((c) => {
        const s = secondSite(c, null);
        Object.assign(s, { attach: "vnet-spoke10", pairTunnel: PT(1078, "169.254.252.5/30", "169.254.252.6/30") });
        delete s.router;
      }),
    ).toEqual([
      { key: "sites[1].pairTunnel", message: "only hub-attached sites have a pairTunnel (their tunnel to hub.pair.router); remove it" },
    ]));
  it("a VNI outside 24 bits", () =>
    expect(pairProblems((c) => (c.sites[0].pairTunnel = PT(0, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      { key: "sites[0].pairTunnel.vni", message: "VNI 0 is outside 1..16777215" },
    ]));
  it("a VNI of a first tunnel, its own site's or another's", () => {
    expect(pairProblems((c) => (c.sites[0].pairTunnel = PT(77, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      { key: "sites[0].pairTunnel.vni", message: "VNI 77 is already used by sites[0].tunnel" },
    ]);
    expect(pairProblems((c) => (secondSite(c).pairTunnel = PT(77, "169.254.252.5/30", "169.254.252.6/30")))).toEqual([
      { key: "sites[1].pairTunnel.vni", message: "VNI 77 is already used by sites[0].tunnel" },
    ]);
  });
  it("a VNI of another pair tunnel (the defaults: site 0's is 1077)", () =>
    expect(pairProblems((c) => (secondSite(c).pairTunnel = PT(1077, "169.254.252.5/30", "169.254.252.6/30")))).toEqual([
      { key: "sites[1].pairTunnel.vni", message: "VNI 1077 is already used by sites[0].pairTunnel" },
    ]));
  it("a subnet inside a first tunnel's, or on another pair tunnel's", () => {
    expect(pairProblems((c) => (c.sites[0].pairTunnel = PT(1077, "169.254.0.5/30", "169.254.0.6/30")))).toEqual([
      { key: "sites[0].pairTunnel", message: "169.254.0.4/30 overlaps the tunnel subnet of sites[0].tunnel" },
    ]);
    expect(pairProblems((c) => (secondSite(c).pairTunnel = PT(1078, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      { key: "sites[1].pairTunnel", message: "169.254.252.0/30 overlaps the tunnel subnet of sites[0].pairTunnel" },
    ]);
  });
  it("the tunnel's own rules: two subnets, one address, the broadcast, an address space, IMDS", () => {
    const on = (t: Raw) => pairProblems((c) => (c.sites[0].pairTunnel = t));
    expect(on(PT(1077, "169.254.252.1/30", "169.254.252.5/30"))).toEqual([
      { key: "sites[0].pairTunnel", message: "hubAddress 169.254.252.1/30 and siteAddress 169.254.252.5/30 must share one subnet" },
    ]);
    expect(on(PT(1077, "169.254.252.1/30", "169.254.252.1/30"))).toEqual([
      { key: "sites[0].pairTunnel", message: "hubAddress and siteAddress are the same address" },
    ]);
    expect(on(PT(1077, "169.254.252.1/30", "169.254.252.3/30"))).toEqual([
      { key: "sites[0].pairTunnel.siteAddress", message: "169.254.252.3/30 is the network or broadcast address of 169.254.252.0/30" },
    ]);
    expect(on(PT(1077, "10.10.9.1/30", "10.10.9.2/30"))).toEqual([
      { key: "sites[0].pairTunnel", message: "10.10.9.0/30 overlaps 10.10.0.0/16 (spokes[0].addressSpace[0])" },
    ]);
    expect(on(PT(1077, "169.254.169.253/30", "169.254.169.254/30"))).toEqual([
      {
        key: "sites[0].pairTunnel",
        message: "169.254.169.252/30 contains 169.254.169.254 (Azure instance metadata), which the VMs must keep reaching",
      },
    ]);
    expect(on(PT(1077, "169.254.252.1", "169.254.252.2/30"))).toHaveLength(1);
  });
  it("a first tunnel on a default pairTunnel's subnet: the pair tunnel, judged after every first tunnel, is told", () =>
    expect(pairProblems((c) => (secondSite(c).tunnel = PT(78, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      { key: "sites[0].pairTunnel", message: "169.254.252.0/30 overlaps the tunnel subnet of sites[1].tunnel" },
    ]));
});

describe("the pair tunnels' WireGuard links (features.encryption wireguard)", () => {
  const wg = (hub: string, site: string, port: number) => ({ wireguard: { hubAddress: hub, siteAddress: site, port } });
  it("a port of the site's first link: both end on the site router", () =>
    expect(
      pairProblems(
        encrypt,
        (c) =>
          (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30", wg("169.254.254.2/31", "169.254.254.3/31", 51820))),
      ),
    ).toEqual([
      {
        key: "sites[0].pairTunnel.wireguard.port",
        message: "port 51820 is already used by sites[0].tunnel.wireguard (both end on the site router vm-hub100)",
      },
    ]));
  it("a port of another pair link: both end on hub.pair.router", () =>
    expect(
      pairProblems(
        encrypt,
        (c) =>
          (secondSite(c, null).pairTunnel = PT(
            1078,
            "169.254.252.5/30",
            "169.254.252.6/30",
            wg("169.254.254.6/31", "169.254.254.7/31", 51822),
          )),
      ),
    ).toEqual([
      // The defaults: first links 51820, 51821; pair links 51822 (site 0), 51823.
      {
        key: "sites[1].pairTunnel.wireguard.port",
        message: "port 51822 is already used by sites[0].pairTunnel.wireguard (both end on hub.pair.router)",
      },
    ]));
  it("a port of another site's first link: no router in common, still one port per link", () =>
    expect(
      pairProblems(
        encrypt,
        (c) =>
          (secondSite(c, null).pairTunnel = PT(
            1078,
            "169.254.252.5/30",
            "169.254.252.6/30",
            wg("169.254.254.6/31", "169.254.254.7/31", 51820),
          )),
      ),
    ).toEqual([
      {
        key: "sites[1].pairTunnel.wireguard.port",
        message:
          "port 51820 is already used by sites[0].tunnel.wireguard (each WireGuard link has a port of its own across the lab's tunnels)",
      },
    ]));
  it("a link on the first tunnel's link", () =>
    expect(
      pairProblems(
        encrypt,
        (c) =>
          (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30", wg("169.254.254.0/31", "169.254.254.1/31", 51821))),
      ),
    ).toEqual([{ key: "sites[0].pairTunnel.wireguard", message: "169.254.254.0/31 overlaps the WireGuard link of sites[0].tunnel" }]));
  it("a link on a tunnel subnet, and on IMDS", () => {
    expect(
      pairProblems(
        encrypt,
        (c) => (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30", wg("169.254.0.8/31", "169.254.0.9/31", 51821))),
      ),
    ).toEqual([{ key: "sites[0].pairTunnel.wireguard", message: "169.254.0.8/31 overlaps the tunnel subnet of sites[0].tunnel" }]);
    expect(
      pairProblems(
        encrypt,
        (c) =>
          (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30", wg("169.254.169.254/31", "169.254.169.255/31", 51821))),
      ),
    ).toEqual([
      {
        key: "sites[0].pairTunnel.wireguard",
        message: "169.254.169.254/31 contains 169.254.169.254 (Azure instance metadata), which the VMs must keep reaching",
      },
    ]);
  });
  it("a link without encryption", () =>
    expect(
      pairProblems(
        (c) =>
          (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30", wg("169.254.254.2/31", "169.254.254.3/31", 51821))),
      ),
    ).toEqual([
      {
        key: "sites[0].pairTunnel.wireguard",
        message: 'a WireGuard link is only built with features.encryption: wireguard (it is "none")',
      },
    ]));
});

const IBGP = "would be iBGP, not the eBGP the lab is built for";
const AZURE =
  "is in 65515..65520, which Azure keeps for itself: it reserves 65515 (its VPN gateways' default ASN) and 65517..65520, and leaves 65516 out of the private ranges it documents as usable (VPN Gateway and Route Server FAQs); use a private ASN instead: 64512..65514, 65521..65534 or 4200000000..4294967294";

describe("BGP: every session, site router to each hub router, is eBGP", () => {
  it("the defaults (both hub routers 65000, the site 65001) and a pair ASN of its own are fine", () => {
    expect(pairProblems()).toEqual([]);
    expect(pairProblems((c) => (pair(c).router.asn = 65_100))).toEqual([]);
  });
  it("the pair router's ASN is judged at its own key", () =>
    expect(pairProblems((c) => (pair(c).router.asn = 65_515))).toEqual([{ key: "hub.pair.router.asn", message: `65515 ${AZURE}` }]));
  it("a defaulted pair ASN is hub.router's: a bad one is told once, at hub.router.asn", () =>
    expect(pairProblems((c) => (c.hub.router.asn = 65_515))).toEqual([{ key: "hub.router.asn", message: `65515 ${AZURE}` }]));
  it("the pair router on the site's default ASN", () =>
    expect(pairProblems((c) => (pair(c).router.asn = 65_001))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `hub.pair.router.asn 65001 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[0].router.asn is unset): the session over its tunnel to hub.pair.router ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or change hub.pair.router.asn`,
      },
    ]));
  it("the site on the pair router's ASN, both set", () =>
    expect(pairProblems((c) => ((pair(c).router.asn = 65_100), (c.sites[0].router.asn = 65_100)))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `65100 is also hub.pair.router.asn: the session over its tunnel to hub.pair.router ${IBGP}; set sites[0].router.asn (or hub.pair.router.asn) to another private ASN, e.g. 65001`,
      },
    ]));
  it("the site on hub.router's ASN while the pair has its own: that session only, and the free ASN is neither router's", () =>
    expect(pairProblems((c) => ((pair(c).router.asn = 65_001), (c.sites[0].router.asn = 65_000)))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `65000 is also the hub router's default ASN (hub.router.asn is unset): the session over its tunnel to hub.router ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or set hub.router.asn`,
      },
    ]));
  it("the site on the hub routers' shared default: told once, for both sessions", () =>
    expect(pairProblems((c) => (c.sites[0].router.asn = 65_000))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `65000 is also the hub router's default ASN (hub.router.asn is unset): the sessions over its tunnels to both hub routers (hub.pair.router.asn is unset, so it is hub.router's) ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65001, or set hub.router.asn`,
      },
    ]));
  it("hub.router on the site's default, the pair on it too (set, not defaulted): told once", () =>
    expect(pairProblems((c) => ((c.hub.router.asn = 65_001), (pair(c).router.asn = 65_001)))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `hub.router.asn 65001 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[0].router.asn is unset): the sessions over its tunnels to both hub routers (hub.pair.router.asn is the same) ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or change hub.router.asn`,
      },
    ]));
});

describe("a config that fails its shape elsewhere: the pair's defaults are filled as resolveDefaults does (partial.ts)", () => {
  const badPort = (c: Raw) => (c.vxlan = { port: "x" });
  const PORT = { key: "vxlan.port", message: "Invalid input: expected number, received string" };
  it("the pair router's ASN defaults to hub.router's", () =>
    expect(pairProblems(badPort, (c) => (c.hub.router.asn = 65_001))).toEqual([
      PORT,
      {
        key: "sites[0].router.asn",
        message: `hub.router.asn 65001 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[0].router.asn is unset): the sessions over its tunnels to both hub routers (hub.pair.router.asn is unset, so it is hub.router's) ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or change hub.router.asn`,
      },
    ]));
  it("each site's default pairTunnel is there to be overlapped", () =>
    expect(pairProblems(badPort, (c) => (secondSite(c).tunnel = PT(78, "169.254.252.1/30", "169.254.252.2/30")))).toEqual([
      PORT,
      { key: "sites[0].pairTunnel", message: "169.254.252.0/30 overlaps the tunnel subnet of sites[1].tunnel" },
    ]));
  it("the pair's own rules run", () =>
    expect(pairProblems(badPort, frontend("10.0.0.1"))).toEqual([PORT, { key: "hub.pair.frontend", message: RESERVED("10.0.0.1") }]));
  it("a hub.pair that failed its shape: no pairTunnel is refused for want of it", () =>
    expect(
      pairProblems((c) => ((pair(c).prefer = "both"), (c.sites[0].pairTunnel = PT(1077, "169.254.252.1/30", "169.254.252.2/30")))),
    ).toEqual([{ key: "hub.pair.prefer", message: 'Invalid option: expected one of "ecmp"|"first"' }]));
  it("a pairTunnel that failed its shape hides only itself", () =>
    expect(pairProblems((c) => (c.sites[0].pairTunnel = { vni: "1077" }), frontend("10.0.0.4"))).toEqual([
      expect.objectContaining({ key: "sites[0].pairTunnel.vni" }),
      expect.objectContaining({ key: "sites[0].pairTunnel.hubAddress" }),
      expect.objectContaining({ key: "sites[0].pairTunnel.siteAddress" }),
      { key: "hub.pair.frontend", message: IS_VM("10.0.0.4", "vm-hub00", "hub.router") },
    ]));
});
