// Which links each router's probe reports (-l), and how their lines are judged. Expected devices
// written from the stacks: the seed's one tunnel is vxlan0 on both routers; encrypted, wg0 carries it
// (the post-up script makes wg0 first); the 3x4 hub router ends four tunnels, each site router one.
import { describe, expect, it } from "vitest";
import { linkLine, parseLinks } from "../../../src/probe/contract.js";
import { judgeLinks, probeArgs, routerLinks } from "../../../src/probe/links.js";
import { labOf } from "../../support/stacks.js";
import { editedLab, encrypt } from "../../support/config-edit.js";

describe("the links a router must have", () => {
  it("dev: vxlan0 on each router; hosts report none", () => {
    expect(routerLinks(labOf("dev"))).toEqual(
      new Map([
        ["vm-hub00", ["vxlan0"]],
        ["vm-hub100", ["vxlan0"]],
      ]),
    );
  });
  it("encrypted: wg0 before the vxlan0 inside it", () => {
    expect(routerLinks(editedLab("dev", encrypt)).get("vm-hub00")).toEqual(["wg0", "vxlan0"]);
  });
  it("3x4: the hub router ends four tunnels", () => {
    const links = routerLinks(labOf("test/fixtures/Pulumi.3x4.yaml"));
    expect(links.get("vm-hub00")).toEqual(["vxlan0", "vxlan1", "vxlan2", "vxlan3"]);
    expect(links.get("vm-router102")).toEqual(["vxlan2"]);
  });
  it("the probe gets -l per link, before its targets", () => {
    expect(probeArgs(["wg0", "vxlan0"], ["10.0.0.5"])).toEqual(["-l", "wg0", "-l", "vxlan0", "10.0.0.5"]);
  });
  it("a router with routing: bgp also gets -b (and, in the emulation, -V with its vtysh socket dir)", () => {
    expect(probeArgs(["vxlan0"], ["10.0.0.5"], {})).toEqual(["-l", "vxlan0", "-b", "10.0.0.5"]);
    expect(probeArgs(["vxlan0"], [], { vty: "/run/x/vm-hub00" })).toEqual(["-l", "vxlan0", "-b", "-V", "/run/x/vm-hub00"]);
  });
});

describe("link lines judged", () => {
  const expected = new Map([["r1", ["wg0", "vxlan0"]]]);
  it("up, down and absent lines; a VM without output is left to its pairs", () => {
    expect(parseLinks(`noise\n${linkLine("wg0", true)}\n  ${linkLine("vxlan0", false)}  \nhsv-link dev=bad;name up=1\n`)).toEqual(
      new Map([
        ["wg0", true],
        ["vxlan0", false],
      ]),
    );
    const r = judgeLinks(expected, new Map([["r1", `${linkLine("vxlan0", false)}\n`]]));
    expect(r.map(({ dev, up }) => [dev, up])).toEqual([
      ["wg0", false],
      ["vxlan0", false],
    ]);
    expect(r[0]!.difference).toBe("r1: no link line for wg0 in its probe output");
    expect(r[1]!.difference).toMatch(/^r1: link vxlan0 is missing or down, so its tunnel carries nothing/);
    expect(judgeLinks(expected, new Map([["r1", undefined]]))).toEqual([]);
    expect(judgeLinks(expected, new Map([["r1", `${linkLine("wg0", true)}\n${linkLine("vxlan0", true)}\n`]]))).toEqual([
      { vm: "r1", dev: "wg0", up: true },
      { vm: "r1", dev: "vxlan0", up: true },
    ]);
  });
});
