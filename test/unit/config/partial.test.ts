// Rules on the parts that parsed (src/config/partial.ts) and VNet names (rules/names.ts).
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../src/model/build.js";
import { partialProblems } from "../../../src/config/partial.js";
import { problemsOf, secondSite } from "../../support/problems.js";
import { rawLab, type Raw } from "../../support/config-edit.js";

/** Every problem of a config that fails its shape check: the shape problems and the rules on what parsed. */
const partial = (c: unknown) => {
  const r = tryBuildLab(c);
  return r.ok ? [] : r.problems;
};

describe("partial configs", () => {
  it("not an object: no rule problems (the shape check reports it)", () => {
    for (const v of [null, 1, "x", []]) expect(partialProblems(v, [])).toEqual([]);
  });

  it("each top-level part is judged on its own: a bad hub still lets the VXLAN port, access and shutdown rules run", () => {
    const c = rawLab();
    c.hub = 5;
    c.vxlan = { port: 0 };
    c.access = { sshSourcePrefixes: ["0.0.0.0/0"] };
    c.autoShutdown = { time: "2500", timeZone: "UTC" };
    c.resourceGroupName = "rg.";
    c.adminUsername = "root";
    expect(
      partial(c)
        .map((p) => p.key)
        .filter((k) => k !== "hub"),
    ).toEqual(["resourceGroupName", "adminUsername", "vxlan.port", "access.sshSourcePrefixes[0]", "autoShutdown.time"]);
  });

  it("a site's bad attach is found while a spoke fails its shape but keeps its name", () => {
    const c = rawLab();
    c.spokes[0].hosts = 5; // the spoke fails its shape but keeps its name
    c.sites[0].attach = "nowhere";
    delete c.sites[0].router;
    delete c.sites[0].tunnel;
    expect(partial(c)).toContainEqual({ key: "sites[0].attach", message: '"nowhere" is neither "hub" nor a spoke name (vnet-spoke10)' });
  });

  it("a site that did not parse still counts for the next site's default tunnel (VNI 77+i)", () => {
    const c = rawLab();
    const site = (name: string, n: number) => ({
      ...structuredClone(c.sites[0]),
      name,
      addressSpace: [`10.${n}.0.0/16`],
      subnets: [
        { name: "default", prefix: `10.${n}.0.0/24` },
        { name: "GatewaySubnet", prefix: `10.${n}.255.0/27` },
      ],
      router: { name: `vm-${name}`, address: `10.${n}.0.4` },
      hosts: [],
    });
    c.sites[0].router = 5; // fails its shape, still hub-attached (index 0)
    const second = site("s2", 120);
    delete second.tunnel; // default: index 1, VNI 78, 169.254.1.0/24
    const third = { ...site("s3", 130), tunnel: { vni: 78, hubAddress: "169.254.9.1/24", siteAddress: "169.254.9.2/24" } };
    c.sites.push(second, third);
    expect(partial(c).filter((p) => p.key.startsWith("sites[2]"))).toEqual([
      { key: "sites[2].tunnel.vni", message: "VNI 78 is already used by sites[1].tunnel" },
    ]);
  });
});

describe("VNet names", () => {
  it("unique ignoring case, naming the first", () => {
    expect(problemsOf((c) => (c.spokes[0].name = "VNET-HUB00"))).toContainEqual({
      key: "spokes[0].name",
      message: 'duplicate VNet name "VNET-HUB00" (also hub.name)',
    });
    expect(problemsOf((c) => (c.sites[0].name = "vnet-spoke10")).filter((p) => p.message.startsWith("duplicate VNet"))).toEqual([
      { key: "sites[0].name", message: 'duplicate VNet name "vnet-spoke10" (also spokes[0].name)' },
    ]);
  });
});

/** vnet-hub300 (10.201.0.0/16) pushed after secondSite, its tunnel written out with VNI 78: the
 *  VNI the defaults give the second hub-attached site. */
function thirdSite(c: Raw) {
  const third = secondSite(c, { vni: 78, hubAddress: "169.254.2.1/24", siteAddress: "169.254.2.2/24" });
  Object.assign(third, { name: "vnet-hub300", addressSpace: ["10.201.0.0/16"] });
  third.subnets = [
    { name: "default", prefix: "10.201.0.0/24" },
    { name: "GatewaySubnet", prefix: "10.201.255.0/27" },
  ];
  third.router = { name: "vm-hub300", address: "10.201.0.4" };
  return third;
}

describe("partial configs: which rules still run", () => {
  const keys = (c: unknown) => partial(c).map((p) => p.key);

  it("a section with one bad field is judged on its other fields", () => {
    const c = rawLab();
    c.access = { defaultOutboundAccess: "yes", sshSourcePrefixes: ["0.0.0.0/0"] };
    // the shape problem, then the SSH source rule on the field that did parse
    expect(keys(c)).toEqual(["access.defaultOutboundAccess", "access.sshSourcePrefixes[0]"]);
  });

  it("a spoke without a name turns the site rules off (attach cannot be judged)", () => {
    for (const bad of [5, null, { ...rawLab().spokes[0], name: 5 }]) {
      const c = rawLab();
      c.spokes = [bad];
      c.sites[0].attach = "nowhere";
      expect(keys(c)).not.toContain("sites[0].attach");
    }
  });

  it("a site that is not an object still counts as hub-attached, so the next site's default tunnel is the second one", () => {
    for (const bad of [5, null]) {
      const c = rawLab();
      c.vxlan = { port: "x" }; // any shape problem: the config is judged part by part
      const second = secondSite(c, null); // vnet-hub200, default tunnel: VNI 77 + its index among hub-attached sites
      const third = thirdSite(c);
      c.sites = [bad, second, third];
      // bad is hub-attached site 0, vnet-hub200 site 1 (VNI 78 by default), vnet-hub300 writes VNI 78 too
      expect(partial(c)).toContainEqual({ key: "sites[2].tunnel.vni", message: "VNI 78 is already used by sites[1].tunnel" });
    }
  });

  it("a site that leaves attach out is hub-attached (the schema's default), parsed or not", () => {
    const c = rawLab();
    c.vxlan = { port: "x" };
    secondSite(c, null); // no tunnel: the defaults give it VNI 77 + 1
    thirdSite(c);
    c.sites[0].router = 5; // sites[0] fails its shape
    for (const s of c.sites) delete s.attach;
    expect(partial(c)).toContainEqual({ key: "sites[2].tunnel.vni", message: "VNI 78 is already used by sites[1].tunnel" });
  });

  it("a site whose tunnel failed its shape gets no default tunnel: no WireGuard overlap with 169.254.0.0/24 is made up", () => {
    const c = rawLab();
    c.features = { ...c.features, encryption: "wireguard" };
    c.sites[0].tunnel = 5; // fails; the defaults would have given it 169.254.0.0/24
    // 169.254.0.8/31 lies inside 169.254.0.0/24, and outside every other tunnel and address space
    secondSite(c).tunnel.wireguard = { hubAddress: "169.254.0.8/31", siteAddress: "169.254.0.9/31", port: 51821 };
    const problems = partial(c);
    expect(problems.map((p) => p.key)).toContain("sites[0].tunnel");
    expect(problems.filter((p) => p.key.startsWith("sites[1]"))).toEqual([]);
    // The control: with sites[0]'s default tunnel written out, the same link overlaps it.
    const d = rawLab();
    d.features = { ...d.features, encryption: "wireguard" };
    d.sites[0].tunnel = { vni: 77, hubAddress: "169.254.0.1/24", siteAddress: "169.254.0.2/24" };
    secondSite(d).tunnel.wireguard = { hubAddress: "169.254.0.8/31", siteAddress: "169.254.0.9/31", port: 51821 };
    expect(partial(d).filter((p) => p.key.startsWith("sites[1]"))).toEqual([
      { key: "sites[1].tunnel.wireguard", message: "169.254.0.8/31 overlaps the tunnel subnet of sites[0].tunnel" },
    ]);
  });

  it("the site rules see the spokes that parsed: a site on a spoke without a gateway is found", () => {
    const c = rawLab();
    c.vxlan = { port: "x" };
    delete c.spokes[0].gateway;
    Object.assign(c.sites[0], { attach: "vnet-spoke10" });
    delete c.sites[0].router;
    delete c.sites[0].tunnel;
    expect(partial(c)).toContainEqual({
      key: "sites[0].kind",
      message: 'a "expressroute" site reaches vnet-spoke10 over ExpressRoute, but vnet-spoke10 has no gateway',
    });
  });

  it("no hub-attached site is reported only when every site parsed", () => {
    const c = rawLab();
    c.vxlan = { port: "x" };
    c.sites = 5;
    expect(keys(c)).toEqual(["sites", "vxlan.port", "sites"]);
    c.sites = [5];
    expect(keys(c)).toEqual(["sites[0]", "vxlan.port"]);
  });
});
