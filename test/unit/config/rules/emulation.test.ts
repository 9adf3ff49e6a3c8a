// emulation.lossPercent names: a VNet or a gateway of the lab, judged with every other rule; not
// judged while some VNet did not parse (its name might be the one given).
import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../support/problems.js";

const KEY = "emulation.lossPercent.vnet-nope";

describe("emulation.lossPercent paths", () => {
  it("VNet and gateway names are accepted, a number is every path", () => {
    expect(problemsOf((c) => (c.emulation = { lossPercent: { "vnet-spoke10": 1, "gw-vnet-hub100": 2 } }))).toEqual([]);
    expect(problemsOf((c) => (c.emulation = { lossPercent: 3 }))).toEqual([]);
  });
  it("an unknown name is refused with the choices, a gateway name of a VNet without one too", () => {
    const ps = problemsOf((c) => (c.emulation = { lossPercent: { "vnet-nope": 1 } }));
    expect(ps.map((p) => p.key)).toEqual([KEY]);
    expect(ps[0]!.message).toContain("(vnet-hub00, gw-vnet-hub00, vnet-spoke10, gw-vnet-spoke10, vnet-hub100, gw-vnet-hub100)");
    expect(
      problemsOf((c) => {
        delete c.spokes[0].gateway;
        c.spokes[0].subnets = c.spokes[0].subnets.filter((s: { name: string }) => s.name !== "GatewaySubnet");
        c.emulation = { lossPercent: { "gw-vnet-spoke10": 1 } };
      }).map((p) => p.key),
    ).toContain("emulation.lossPercent.gw-vnet-spoke10");
  });
  it("judged with the other problems of a config that did not parse, unless a VNet's name is among them", () => {
    const withOther = problemsOf((c) => ((c.vxlan = { port: "x" }), (c.emulation = { lossPercent: { "vnet-nope": 1 } })));
    expect(withOther.map((p) => p.key)).toEqual(expect.arrayContaining(["vxlan.port", KEY]));
    const noName = problemsOf((c) => ((c.spokes[0].name = 5), (c.emulation = { lossPercent: { "vnet-nope": 1 } })));
    expect(noName.map((p) => p.key)).not.toContain(KEY);
  });
});
