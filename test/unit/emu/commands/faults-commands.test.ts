// The command lines of the held faults (pure): the tunnel's underlay cut in the fabric and its
// removal, and one FRR daemon started again alone (bgpd after "bgpd stop").
import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../../src/emu/commands/topology.js";
import { cutArgv, cutNft, cutPorts, cutTable, uncutArgv } from "../../../../src/emu/commands/cut.js";
import { daemonCommand, daemonStartSteps, frrStartSteps } from "../../../../src/emu/commands/frr.js";
import { guard } from "../../../../src/emu/exec.js";
import { bgp, editedLab, encrypt } from "../../../support/config-edit.js";

const dev = editedLab("dev", bgp);
const t = dev.tunnels[0]!;
const topo = buildTopology(dev, "h5unit");

describe("tunnel cut (pure)", () => {
  it("drops exactly the tunnel's outer UDP between the two underlay addresses, both ways, in its own table", () => {
    expect(cutTable(t)).toBe("hsv_cut_vxlan0");
    expect(cutPorts(dev, t)).toEqual([4789]);
    expect(cutNft(dev, t)).toBe(
      [
        "table inet hsv_cut_vxlan0 {",
        "  chain forward {",
        "    type filter hook forward priority filter - 20; policy accept;",
        '    ip saddr 10.0.0.4 ip daddr 10.100.0.4 udp dport 4789 counter drop comment "fault: vxlan0 underlay cut, vm-hub00 -> vm-hub100"',
        '    ip saddr 10.100.0.4 ip daddr 10.0.0.4 udp dport 4789 counter drop comment "fault: vxlan0 underlay cut, vm-hub100 -> vm-hub00"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });
  it("on an encrypted tunnel also drops the WireGuard port (the VXLAN rides inside it)", () => {
    const wg = editedLab("dev", bgp, encrypt);
    const w = wg.tunnels[0]!;
    expect(w.wireguard?.port).toBe(51820);
    expect(cutPorts(wg, w)).toEqual([4789, 51820]);
    expect(cutNft(wg, w)).toContain("ip saddr 10.0.0.4 ip daddr 10.100.0.4 udp dport { 4789, 51820 } counter drop");
    expect(cutNft(wg, w)).toContain("ip saddr 10.100.0.4 ip daddr 10.0.0.4 udp dport { 4789, 51820 } counter drop");
  });
  it("loads and removes the table in the fabric's namespace only (the guard lets both run)", () => {
    expect(cutArgv(topo.fabricNs)).toEqual(["ip", "netns", "exec", "hsv-h5unit-fabric", "nft", "-f", "-"]);
    expect(uncutArgv(topo.fabricNs, t)).toEqual([
      "ip",
      "netns",
      "exec",
      "hsv-h5unit-fabric",
      "nft",
      "delete",
      "table",
      "inet",
      "hsv_cut_vxlan0",
    ]);
    expect(() => guard(cutArgv(topo.fabricNs), cutNft(dev, t))).not.toThrow();
    expect(() => guard(uncutArgv(topo.fabricNs, t))).not.toThrow();
  });
});

describe("one daemon started again (pure)", () => {
  const n = topo.nodes.find((x) => x.vm.name === "vm-hub00")!;
  it("bgpd: its own argv as the full start has it (waited for until its vty socket exists), then vtysh -b -d bgpd (only its part of frr.conf)", () => {
    const steps = daemonStartSteps(n, "bgpd");
    expect(steps).toEqual([
      { daemon: daemonCommand(n, "bgpd"), ready: "/run/hub-spoke-vxlan/h5unit/vm-hub00/bgpd.vty" },
      { argv: ["vtysh", "--vty_socket", "/run/hub-spoke-vxlan/h5unit/vm-hub00", "-b", "-d", "bgpd"], quiet: true },
    ]);
    expect(steps[0]).toEqual(frrStartSteps(n, ["zebra", "bgpd", "staticd", "bfdd"])[1]);
    expect(daemonCommand(n, "bgpd")).toEqual([
      "/usr/lib/frr/bgpd",
      "-i",
      "/run/hub-spoke-vxlan/h5unit/vm-hub00/bgpd.pid",
      "-z",
      "/run/hub-spoke-vxlan/h5unit/vm-hub00/zserv.api",
      "--vty_socket",
      "/run/hub-spoke-vxlan/h5unit/vm-hub00",
      "-P",
      "0",
      "-u",
      "frr",
      "-g",
      "frr",
      "--log",
      "file:/run/hub-spoke-vxlan/h5unit/vm-hub00/bgpd.log",
    ]);
  });
});
