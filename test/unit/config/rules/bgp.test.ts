// routing: bgp router ASNs (src/config/rules/bgp.ts, facts in src/platform/asn.ts): ranges, reserved
// values with their reasons, Azure's own, and one AS at each end of a tunnel's eBGP session.
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../../src/model/build.js";
import { withAsn } from "../../../../src/config/defaults.js";
import { checkBgp } from "../../../../src/config/rules/bgp.js";
import type { VmCfg } from "../../../../src/config/refs.js";
import { problemsOf, secondSite } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { bgp, rawLab, type Raw } from "../../../support/config-edit.js";

const hubAsn = (asn: number) => (c: Raw) => {
  bgp(c);
  c.hub.router.asn = asn;
};
const USE = "use a private ASN instead: 64512..65514, 65521..65534 or 4200000000..4294967294";
const AZURE =
  "is in 65515..65520, which Azure keeps for itself: it reserves 65515 (its VPN gateways' default ASN) and 65517..65520, and leaves 65516 out of the private ranges it documents as usable (VPN Gateway and Route Server FAQs)";
const DOC = "is in 64496..64511 or 65536..65551, the blocks RFC 5398 reserves for documentation and examples";
const LAST = "is one of the two last AS numbers, 65535 and 4294967295, which RFC 7300 reserves";
const PUBLIC =
  "is a public AS number, but the lab's BGP sessions never leave it: use a private one (RFC 6996: 64512..65534 or 4200000000..4294967294, less Azure's 65515..65520)";
const NOT_AN_ASN =
  "is not an AS number (a router's is 1..4294967294): use a private one, 64512..65514, 65521..65534 or 4200000000..4294967294";
const IBGP = "the session over its tunnel would be iBGP, not the eBGP the lab is built for";

describe("an ASN is private (RFC 6996), outside Azure's 65515..65520", () => {
  it.each(nonEmpty([64_512, 65_000, 65_514, 65_521, 65_534, 4_200_000_000, 4_294_967_294]))("%d is accepted", (asn) =>
    expect(problemsOf(hubAsn(asn))).toEqual([]),
  );

  it.each(
    nonEmpty([
      [64_511, `64511 ${DOC}; ${USE}`],
      [64_496, `64496 ${DOC}; ${USE}`],
      [65_536, `65536 ${DOC}; ${USE}`],
      [65_551, `65551 ${DOC}; ${USE}`],
      [65_535, `65535 ${LAST}; ${USE}`],
      [4_294_967_295, `4294967295 ${LAST}; ${USE}`],
      [0, `0 is AS 0, which RFC 7607 forbids in BGP OPEN messages and AS paths; ${USE}`],
      [23_456, `23456 is AS_TRANS (RFC 6793), the stand-in for a 4-octet AS number in 2-octet fields, never a real AS; ${USE}`],
      [65_552, `65552 is in 65552..131071, which IANA keeps reserved (assigned to no one); ${USE}`],
      [131_071, `131071 is in 65552..131071, which IANA keeps reserved (assigned to no one); ${USE}`],
      [65_515, `65515 ${AZURE}; ${USE}`],
      [65_516, `65516 ${AZURE}; ${USE}`],
      [65_520, `65520 ${AZURE}; ${USE}`],
      [1, `1 ${PUBLIC}`],
      [64_495, `64495 ${PUBLIC}`],
      [131_072, `131072 ${PUBLIC}`],
      [4_199_999_999, `4199999999 ${PUBLIC}`],
      [-1, `-1 ${NOT_AN_ASN}`],
      [4_294_967_296, `4294967296 ${NOT_AN_ASN}`],
    ] as const),
  )("%d is refused", (asn, message) => expect(problemsOf(hubAsn(asn))).toEqual([{ key: "hub.router.asn", message }]));

  it("a site router's ASN is judged the same way, at its own key", () =>
    expect(problemsOf((c) => (bgp(c), (c.sites[0].router.asn = 65_518)))).toEqual([
      { key: "sites[0].router.asn", message: `65518 ${AZURE}; ${USE}` },
    ]));

  it("a defaulted ASN is judged too, and the message says it is the default", () => {
    const lab = rawLab();
    const hub = { ...lab.hub, router: withAsn<VmCfg>({ name: "vm-hub00", address: "10.0.0.4" }, 65_515) };
    expect(checkBgp([{ key: "hub", role: "hub", cfg: hub }])).toEqual([
      { key: "hub.router.asn", message: `65515 (the default, as it is unset) ${AZURE}; ${USE}` },
    ]);
  });

  it("a non-integer ASN is the schema's to refuse", () =>
    expect(problemsOf(hubAsn(65_000.5))).toContainEqual({ key: "hub.router.asn", message: expect.stringMatching(/expected int/) }));
});

describe("one AS at each end of a tunnel's session (eBGP, not iBGP)", () => {
  it("the defaults (hub 65000, sites 65001, 65002) differ", () => expect(problemsOf((c) => (bgp(c), secondSite(c)))).toEqual([]));

  it("both set to one ASN: both keys named, a free ASN suggested", () =>
    expect(problemsOf((c) => (hubAsn(65_010)(c), (c.sites[0].router.asn = 65_010)))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `65010 is also hub.router.asn: ${IBGP}; set sites[0].router.asn (or hub.router.asn) to another private ASN, e.g. 65001`,
      },
    ]));

  it("the hub set to the first site's default: the message says which key to set", () =>
    expect(problemsOf(hubAsn(65_001))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `hub.router.asn 65001 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[0].router.asn is unset): ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or change hub.router.asn`,
      },
    ]));

  it("the hub set to the second site's default: only that site clashes, and the suggestion is free", () =>
    expect(problemsOf((c) => (hubAsn(65_002)(c), secondSite(c)))).toEqual([
      {
        key: "sites[1].router.asn",
        message: `hub.router.asn 65002 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[1].router.asn is unset): ${IBGP}; set sites[1].router.asn to another private ASN, e.g. 65003, or change hub.router.asn`,
      },
    ]));

  it("a site set to the hub's default: the message says the hub's is a default", () =>
    expect(problemsOf((c) => (bgp(c), (c.sites[0].router.asn = 65_000)))).toEqual([
      {
        key: "sites[0].router.asn",
        message: `65000 is also the hub router's default ASN (hub.router.asn is unset): ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65001, or set hub.router.asn`,
      },
    ]));

  it("two sites may share an ASN: each has its own session with the hub only", () =>
    expect(problemsOf((c) => (bgp(c), (secondSite(c).router.asn = 65_001)))).toEqual([]));

  it("a site attached to a spoke has no session: its ASN is judged alone, never against the hub's", () => {
    const spokeSite = (asn: number) => (c: Raw) => {
      hubAsn(65_010)(c);
      const s = secondSite(c);
      s.attach = "vnet-spoke10";
      s.kind = "onprem";
      delete s.gateway;
      delete s.tunnel;
      s.router.asn = asn;
    };
    const router = {
      key: "sites[1].router",
      message: "only hub-attached sites have a tunnel router; vnet-hub200 reaches vnet-spoke10 through its own gateway",
    };
    expect(problemsOf(spokeSite(65_010))).toEqual([router]);
    expect(problemsOf(spokeSite(0))).toEqual([
      router,
      { key: "sites[1].router.asn", message: `0 is AS 0, which RFC 7607 forbids in BGP OPEN messages and AS paths; ${USE}` },
    ]);
  });

  it("a config that fails its shape elsewhere still has its ASNs judged (partial parse)", () =>
    expect(problemsOf((c) => (hubAsn(65_001)(c), (c.vxlan = { port: "x" })))).toEqual([
      { key: "vxlan.port", message: "Invalid input: expected number, received string" },
      {
        key: "sites[0].router.asn",
        message: `hub.router.asn 65001 is also this router's default ASN (65001 + its place among the hub-attached sites; sites[0].router.asn is unset): ${IBGP}; set sites[0].router.asn to another private ASN, e.g. 65002, or change hub.router.asn`,
      },
    ]));
});

describe("routing: static", () => {
  it("an asn has no effect and is not judged: reserved or clashing, the lab builds without BGP", () => {
    const c = rawLab();
    c.hub.router.asn = 0;
    c.sites[0].router.asn = 0;
    const r = tryBuildLab(c);
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.lab.routers.map((x) => x.bgp)).toEqual([undefined, undefined]);
  });
});
