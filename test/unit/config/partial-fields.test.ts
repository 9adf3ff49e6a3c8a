// A shape problem hides only the rules that read the field at fault: unknown
// keys are stripped before the rules run, and a VNet's fields are parsed one by one.
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../src/model/build.js";
import { rawLab, type Raw } from "../../support/config-edit.js";

function keysOf(mutate: (c: Raw) => void): string[] {
  const c = rawLab();
  mutate(c);
  const r = tryBuildLab(c);
  return r.ok ? [] : r.problems.map((p) => `${p.key}: ${p.message}`);
}
const CID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c";

describe("an unknown key hides nothing", () => {
  it("hub.routr does not hide sites[0].tunnel.vni 0 nor the site/hub circuit mismatch", () =>
    expect(
      keysOf((c) => {
        c.hub.routr = 1;
        c.sites[0].tunnel.vni = 0;
        c.sites[0].gateway.circuitId = CID;
      }),
    ).toEqual([
      'hub: Unrecognized key: "routr"',
      expect.stringMatching(/^sites\[0\]\.gateway\.circuitId: vnet-hub100 simulates a site behind vnet-hub00's circuit/),
      "sites[0].tunnel.vni: VNI 0 is outside 1..16777215",
    ]));
  it("access.bastoin does not hide sshSourcePrefixes 0.0.0.0/0", () =>
    expect(keysOf((c) => (c.access = { sshSourcePrefixes: ["0.0.0.0/0"], bastoin: "Basic" }))).toEqual([
      'access: Unrecognized key: "bastoin"',
      'access.sshSourcePrefixes[0]: "0.0.0.0/0" means the whole Internet (0.0.0.0/0) and would open SSH to it; name your own prefix',
    ]));
  it("a stray host: [] does not hide 10.10.0.0/016 nor a reserved host address", () =>
    expect(
      keysOf((c) => {
        c.spokes[0].host = [];
        c.spokes[0].addressSpace = ["10.10.0.0/016"];
        c.spokes[0].hosts[0].address = "10.10.0.1";
      }),
    ).toEqual([
      'spokes[0]: Unrecognized key: "host"',
      'spokes[0].addressSpace[0]: "10.10.0.0/016" is not written canonically: write 10.10.0.0/16',
      "spokes[0].hosts[0].address: 10.10.0.1 is reserved by Azure in 10.10.0.0/24 (first four and last address of a subnet)",
    ]));
  it("the config itself is not changed by the stripping", () => {
    const c = rawLab();
    c.hub.routr = 1;
    tryBuildLab(c);
    expect(c.hub.routr).toBe(1);
  });
});

describe("a bad field hides only the rules that read it", () => {
  it('tunnel.vni "77" does not hide the site\'s bad name and its overlap with the spoke', () => {
    const problems = keysOf((c) => {
      c.sites[0].tunnel.vni = "77";
      c.sites[0].name = "v";
      c.sites[0].addressSpace = ["10.10.0.0/16"];
    });
    expect(problems.slice(0, 3)).toEqual([
      "sites[0].tunnel.vni: Invalid input: expected number, received string",
      'sites[0].name: VNet name "v" is 1 characters; Azure allows 2..64',
      "sites[0].addressSpace[0]: 10.10.0.0/16 overlaps 10.10.0.0/16 (spokes[0].addressSpace[0]); address spaces must be disjoint",
    ]);
    expect(problems.filter((p) => p.startsWith("sites[0].tunnel"))).toHaveLength(1); // no rule judged the tunnel
  });
  it("a bad hub gateway: the site's tunnel is still judged, and nobody claims the hub has no gateway", () =>
    expect(
      keysOf((c) => {
        c.hub.gateway = { sku: 5 };
        c.sites[0].tunnel.vni = 0;
      }),
    ).toEqual(["hub.gateway.sku: Invalid input: expected string, received number", "sites[0].tunnel.vni: VNI 0 is outside 1..16777215"]));
  it("a bad site router is not reported as a missing router", () =>
    expect(keysOf((c) => (c.sites[0].router = { name: "VM", address: c.sites[0].router.address }))).toEqual([
      "sites[0].router.name: lower-case letters, digits and '-'; 1..31 characters",
    ]));
  it("bad subnets: no claim that the gateway lacks its GatewaySubnet or a VM its subnet; VM names still judged", () =>
    expect(
      keysOf((c) => {
        c.hub.subnets[0].prefix = 5;
        c.spokes[0].hosts[0].name = c.hub.router.name;
      }),
    ).toEqual([
      "hub.subnets[0].prefix: Invalid input: expected string, received number",
      'spokes[0].hosts[0].name: duplicate VM name "vm-hub00" (also hub.router.name)',
    ]));
  it("a bad VNet name still hides that VNet's rules (every message names it)", () =>
    expect(
      keysOf((c) => {
        c.spokes[0].name = 7;
        c.spokes[0].addressSpace = ["10.10.0.0/016"];
      }),
    ).toEqual(["spokes[0].name: Invalid input: expected string, received number"]));
});
