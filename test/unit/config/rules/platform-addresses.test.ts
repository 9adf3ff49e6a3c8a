// Azure's platform addresses inside any prefix the lab chooses (src/config/rules/platform-addresses.ts):
// 168.63.129.16 (Learn "What is IP address 168.63.129.16?") and IMDS 169.254.169.254 (Learn "Azure
// Instance Metadata Service"), judged on every prefix-valued key, with the boundaries written by hand.
import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { encrypt, type Raw } from "../../../support/config-edit.js";

const WIRE = "(Azure's DNS, DHCP and health probes), which the VMs must keep reaching";
const IMDS = "(Azure instance metadata), which the VMs must keep reaching";
const LINK_LOCAL = "overlaps 169.254.0.0/16, which Azure does not allow as VNet address space";

const space = (p: string) => problemsOf((c) => c.spokes[0].addressSpace.push(p));

describe("address spaces", () => {
  it.each(nonEmpty(["168.63.129.16/32", "168.63.129.16/28", "168.63.129.0/24", "168.63.128.0/22", "168.0.0.0/8"]))(
    "%s holds 168.63.129.16: refused, once",
    (p) =>
      expect(space(p)).toEqual([
        {
          key: "spokes[0].addressSpace[1]",
          message: `${p} ${p.endsWith("/32") ? "is the platform address" : "contains"} 168.63.129.16 ${WIRE}`,
        },
      ]),
  );

  it.each(nonEmpty(["168.63.128.0/24", "168.63.129.0/28", "168.63.129.32/27", "168.63.130.0/23"]))("%s beside it is accepted", (p) =>
    expect(space(p)).toEqual([]),
  );

  it("169.254.169.0/24 is link-local (the VNet FAQ) and holds IMDS: both said, each once", () =>
    expect(space("169.254.169.0/24")).toEqual([
      { key: "spokes[0].addressSpace[1]", message: `169.254.169.0/24 ${LINK_LOCAL}` },
      { key: "spokes[0].addressSpace[1]", message: `169.254.169.0/24 contains 169.254.169.254 ${IMDS}` },
    ]));

  it("a site's address space too (every VNet is judged)", () =>
    expect(problemsOf((c) => c.sites[0].addressSpace.push("168.63.129.0/24"))).toEqual([
      { key: "sites[0].addressSpace[1]", message: `168.63.129.0/24 contains 168.63.129.16 ${WIRE}` },
    ]));
});

describe("subnets and VM addresses", () => {
  /** spokes[0] with a second address space 168.63.128.0/23 and a subnet in it. */
  const withSubnet = (prefix: string) =>
    problemsOf((c) => {
      c.spokes[0].addressSpace.push("168.63.128.0/23");
      c.spokes[0].subnets.push({ name: "platform", prefix });
    });

  it("a subnet holding 168.63.129.16 is named itself, beside its address space", () =>
    expect(withSubnet("168.63.129.0/24")).toEqual([
      { key: "spokes[0].addressSpace[1]", message: `168.63.128.0/23 contains 168.63.129.16 ${WIRE}` },
      { key: "spokes[0].subnets[2].prefix", message: `168.63.129.0/24 contains 168.63.129.16 ${WIRE}` },
    ]));

  it("its neighbour 168.63.128.0/24 is not named (only the address space is)", () =>
    expect(withSubnet("168.63.128.0/24").map((p) => p.key)).toEqual(["spokes[0].addressSpace[1]"]));

  it("a VM at 168.63.129.16 is named on its address", () => {
    const ps = problemsOf((c) => {
      c.spokes[0].addressSpace.push("168.63.128.0/23");
      c.spokes[0].subnets.push({ name: "platform", prefix: "168.63.129.0/24" });
      c.spokes[0].hosts.push({ name: "vm-wire", address: "168.63.129.16", subnet: "platform" });
    });
    expect(ps).toContainEqual({
      key: "spokes[0].hosts[1].address",
      message: `168.63.129.16 is the platform address 168.63.129.16 ${WIRE}`,
    });
  });
});

describe("tunnel subnets and WireGuard links", () => {
  const tunnel = (c: Raw) => c.sites[0].tunnel;
  it("a /25 that holds 169.254.169.254 is refused; the /25 below it is accepted", () => {
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.169.129/25"), (tunnel(c).siteAddress = "169.254.169.130/25")))).toEqual([
      { key: "sites[0].tunnel", message: `169.254.169.128/25 contains 169.254.169.254 ${IMDS}` },
    ]);
    expect(problemsOf((c) => ((tunnel(c).hubAddress = "169.254.169.1/25"), (tunnel(c).siteAddress = "169.254.169.2/25")))).toEqual([]);
  });

  it("each end's subnet is judged: a site end on 168.63.129.16's /24 is named even when the hub end is not", () => {
    const ps = problemsOf((c) => ((tunnel(c).hubAddress = "169.254.0.1/24"), (tunnel(c).siteAddress = "168.63.129.2/24")));
    expect(ps).toContainEqual({ key: "sites[0].tunnel", message: `168.63.129.0/24 contains 168.63.129.16 ${WIRE}` });
  });

  it("a WireGuard /31 on IMDS is refused; the /31 below it is accepted", () => {
    const link = (hub: string, site: string) =>
      problemsOf((c) => {
        encrypt(c);
        tunnel(c).wireguard = { hubAddress: hub, siteAddress: site, port: 51820 };
      });
    expect(link("169.254.169.254/31", "169.254.169.255/31")).toEqual([
      { key: "sites[0].tunnel.wireguard", message: `169.254.169.254/31 contains 169.254.169.254 ${IMDS}` },
    ]);
    expect(link("169.254.169.252/31", "169.254.169.253/31")).toEqual([]);
  });
});

describe("what is not judged", () => {
  it("an SSH source prefix holding 168.63.129.16 (an NSG source is not routed; platform traffic is not subject to NSGs)", () =>
    expect(problemsOf((c) => (c.access = { sshSourcePrefixes: ["168.63.129.0/24"] }))).toEqual([]));
});
