// Values Azure or the kernel would refuse that the rules let through:
// circuit ids (case, whitespace), tunnel addresses in special-purpose blocks, VM size names.
import { describe, expect, it } from "vitest";
import { nonEmpty } from "../../../support/non-empty.js";
import { problemsOf } from "../../../support/problems.js";
import { type Raw } from "../../../support/config-edit.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const circuit = (id: string) => (c: Raw) => {
  c.hub.gateway.circuitId = id;
  c.sites[0].gateway.circuitId = id;
};

describe("gateway.circuitId", () => {
  it("a lower-case id is an id (ARM ids ignore case)", () =>
    expect(problemsOf(circuit(`/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.network/expressroutecircuits/c`))).toEqual([]));
  it("the canonical spelling passes", () =>
    expect(problemsOf(circuit(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c`))).toEqual([]));
  it.each(
    nonEmpty([
      [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c `, "trailing space"],
      [` /subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c`, "leading space"],
      [`/subscriptions/${SUB}/resourceGroups/r g/providers/Microsoft.Network/expressRouteCircuits/c`, "space in the group"],
      [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c/x`, "extra segment"],
    ]),
  )("%j is refused (%s)", (id) =>
    expect(problemsOf(circuit(id))).toEqual(
      expect.arrayContaining([
        { key: "hub.gateway.circuitId", message: expect.stringMatching(/is not an ExpressRoute circuit resource id/) },
      ]),
    ),
  );
});

describe("tunnel addresses from special-purpose blocks", () => {
  const tunnel = (hubAddress: string, siteAddress: string) => (c: Raw) => (c.sites[0].tunnel = { vni: 77, hubAddress, siteAddress });
  it.each(
    nonEmpty([
      ["127.0.0.1/8", "127.0.0.2/8", "127.0.0.0/8"],
      ["224.0.0.1/24", "224.0.0.2/24", "224.0.0.0/4"],
      ["0.0.0.1/24", "0.0.0.2/24", "0.0.0.0/8"],
      ["240.0.0.1/24", "240.0.0.2/24", "240.0.0.0/4"],
      ["255.255.255.253/30", "255.255.255.254/30", "240.0.0.0/4"],
    ]),
  )("%s / %s overlaps %s", (h, s, block) =>
    expect(problemsOf(tunnel(h, s))).toEqual([{ key: "sites[0].tunnel", message: expect.stringContaining(`overlaps ${block} (`) }]),
  );
  it("link-local (the default) and a private /30 pass", () => {
    expect(problemsOf(tunnel("169.254.0.1/24", "169.254.0.2/24"))).toEqual([]);
    expect(problemsOf(tunnel("192.168.77.1/30", "192.168.77.2/30"))).toEqual([]);
  });
});

describe("vmSize", () => {
  it.each(nonEmpty(["Standard B2s", "B2s", "Standard_B2s ", "Standard_"]))("%j is refused", (size) =>
    expect(problemsOf((c) => (c.vmSize = size))).toContainEqual({
      key: "vmSize",
      message: expect.stringMatching(/cannot be an Azure VM size name/),
    }),
  );
  it.each(nonEmpty(["Standard_B2ls_v2", "Standard_D2s_v5", "Standard_M128-32ms", "Standard_NC24ads_A100_v4", "Basic_A1", "standard_b2s"]))(
    "%s passes",
    (size) => expect(problemsOf((c) => (c.vmSize = size))).toEqual([]),
  );
});

describe("access.sshSourcePrefixes that cover every public address", () => {
  const ssh = (prefixes: string[]) => problemsOf((c) => (c.access = { sshSourcePrefixes: prefixes }));
  it("0/1 + 128/2 + 192/3 (all unicast) is the whole Internet, and the message names them", () =>
    expect(ssh(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"])).toEqual([
      {
        key: "access.sshSourcePrefixes",
        message:
          "together 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3 cover every public IPv4 address (all but 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16, 224.0.0.0/4, 240.0.0.0/4) and would open SSH to the whole Internet; name your own prefix",
      },
    ]));
  it("everything but 0/8 is the whole Internet", () =>
    expect(ssh(["1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/5", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"])).toHaveLength(
      1,
    ));
  it("the public space without the private blocks, spelled around them, is still all of it", () =>
    expect(
      ssh(["0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"]),
    ).toHaveLength(1));
  it("half the unicast space, private blocks, or one public /24 missing: not the whole Internet", () => {
    expect(ssh(["0.0.0.0/1", "128.0.0.0/2"])).toEqual([]);
    expect(ssh(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"])).toEqual([]);
    // 0/1 + 128/2 + 192/3 without 203.0.113.0/24
    expect(
      ssh([
        "0.0.0.0/1",
        "128.0.0.0/2",
        "192.0.0.0/5",
        "200.0.0.0/7",
        "202.0.0.0/8",
        "203.0.0.0/18",
        "203.0.64.0/19",
        "203.0.96.0/20",
        "203.0.112.0/24",
        "203.0.114.0/23",
        "203.0.116.0/22",
        "203.0.120.0/21",
        "203.0.128.0/17",
        "203.1.0.0/16",
        "203.2.0.0/15",
        "203.4.0.0/14",
        "203.8.0.0/13",
        "203.16.0.0/12",
        "203.32.0.0/11",
        "203.64.0.0/10",
        "203.128.0.0/9",
        "204.0.0.0/6",
        "208.0.0.0/4",
      ]),
    ).toEqual([]);
  });
});
