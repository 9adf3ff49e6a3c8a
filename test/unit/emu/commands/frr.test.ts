// How the emulation plays `systemctl restart frr`: the daemons FRR 8.4's frrinit.sh starts given
// /etc/frr/daemons (frrcommon.sh: zebra and staticd always; the rest when "=yes"; in its DAEMONS
// order zebra, bgpd, ..., staticd, bfdd); with bgpd and bfdd each without a config file, then
// `vtysh -b`; zebra and staticd alone each read the integrated file with -f.
import { describe, expect, it } from "vitest";
import { enabledDaemons, frrStartSteps } from "../../../../src/emu/commands/frr.js";
import { stepArgv } from "../../../../src/emu/commands/argv.js";
import { CloudInitError, frrDaemons, planCloudInit, planFor } from "../../../../src/emu/commands/cloud-init.js";
import { parseCloudInit, renderCloudInit } from "../../../../src/render/cloud-init.js";
import * as yaml from "js-yaml";
import { buildTopology, nodeOf } from "../../../../src/emu/commands/topology.js";
import { bgp, editedLab } from "../../../support/config-edit.js";
import { testKeys } from "../../../support/wireguard.js";

describe("enabledDaemons", () => {
  it("no daemons file (the package's own): zebra and staticd only", () => {
    expect(enabledDaemons(undefined)).toEqual(["zebra", "staticd"]);
  });
  it("bgpd and bfdd when =yes, in frrinit's order; =no, comments and other daemons are not started", () => {
    expect(enabledDaemons("bfdd=yes\nbgpd=yes\n")).toEqual(["zebra", "bgpd", "staticd", "bfdd"]);
    expect(enabledDaemons("bgpd=no\n# bfdd=yes\nospfd=yes\nbfdd=yes")).toEqual(["zebra", "staticd", "bfdd"]);
  });
  // frrcommon.sh sources the file: a later assignment overrides an earlier one, and any value but
  // empty, no or 0 turns a daemon on. The emulation must not start a daemon FRR would leave off.
  it("reads the file as frrcommon.sh does: the last assignment wins; quoted values; anything but '', no, 0 is on", () => {
    expect(enabledDaemons("bgpd=yes\nbfdd=yes\nbgpd=no\n")).toEqual(["zebra", "staticd", "bfdd"]);
    expect(enabledDaemons("bgpd=no\nbgpd=yes\n")).toEqual(["zebra", "bgpd", "staticd"]);
    expect(enabledDaemons('bgpd="yes"\nbgpd_options="   -A 127.0.0.1"\nbfdd=\'yes\'')).toEqual(["zebra", "bgpd", "staticd", "bfdd"]);
    expect(enabledDaemons("bgpd=1\nbfdd=0\n")).toEqual(["zebra", "bgpd", "staticd"]);
    expect(enabledDaemons('bgpd=\nbfdd=""\n')).toEqual(["zebra", "staticd"]);
    expect(enabledDaemons("bgpd=yes # on\n  bfdd=no\n")).toEqual(["zebra", "bgpd", "staticd"]);
    expect(enabledDaemons("bgpd=no#x\n")).toEqual(["zebra", "bgpd", "staticd"]);
  });
  it("refuses a line it cannot read as frrcommon.sh would (shell it would run)", () => {
    expect(() => enabledDaemons("bgpd=$(echo yes)\n")).toThrow(/not a plain NAME=VALUE line/);
    expect(() => enabledDaemons("bgpd=yes; bfdd=no\n")).toThrow(/not a plain NAME=VALUE line/);
    expect(() => enabledDaemons("bgpd = yes\n")).toThrow(/not a plain NAME=VALUE line/);
  });
});

describe("frrStartSteps", () => {
  const lab = editedLab("dev", bgp);
  const n = nodeOf(buildTopology(lab, "t"), "vm-hub00")!;
  const all = frrStartSteps(n, ["zebra", "bgpd", "staticd", "bfdd"]);
  const steps = all.map(stepArgv);

  it("each daemon a daemon step (no -d: the runner waits for its vty socket), without -f (the integrated frr.conf is vtysh's), then vtysh -b against the router's sockets", () => {
    expect(steps.map((a) => a[0])).toEqual([
      "/usr/lib/frr/zebra",
      "/usr/lib/frr/bgpd",
      "/usr/lib/frr/staticd",
      "/usr/lib/frr/bfdd",
      "vtysh",
    ]);
    const dir = "/run/hub-spoke-vxlan/t/vm-hub00";
    expect(all.slice(0, 4).map((s) => ("daemon" in s ? s.ready : undefined))).toEqual(
      ["zebra", "bgpd", "staticd", "bfdd"].map((d) => `${dir}/${d}.vty`),
    );
    for (const a of steps.slice(0, 4)) {
      expect(a).not.toContain("-d");
      expect(a).not.toContain("-f");
      expect(a.slice(a.indexOf("--vty_socket"), a.indexOf("--vty_socket") + 2)).toEqual([
        "--vty_socket",
        "/run/hub-spoke-vxlan/t/vm-hub00",
      ]);
    }
    expect(steps[4]).toEqual(["vtysh", "--vty_socket", "/run/hub-spoke-vxlan/t/vm-hub00", "-b"]);
  });

  it("zebra and staticd alone (routing static): each reads /etc/frr/frr.conf itself (-f), no vtysh -b", () => {
    const st = frrStartSteps(n, ["zebra", "staticd"]).map(stepArgv);
    expect(st.map((a) => a[0])).toEqual(["/usr/lib/frr/zebra", "/usr/lib/frr/staticd"]);
    for (const a of st) expect(a.slice(a.indexOf("-f"), a.indexOf("-f") + 2)).toEqual(["-f", "/etc/frr/frr.conf"]);
  });

  it("bfdd's control socket is the router's own (its default is one host path for every namespace)", () => {
    const b = steps[3]!;
    expect(b.slice(b.indexOf("--bfdctl"), b.indexOf("--bfdctl") + 2)).toEqual(["--bfdctl", "/run/hub-spoke-vxlan/t/vm-hub00/bfdd.sock"]);
    expect(steps[0]).not.toContain("--bfdctl");
  });
});

describe("the plan's `systemctl restart frr` reads the rendered daemons file", () => {
  it("static: zebra and staticd; bgp: zebra, bgpd, staticd, bfdd; a host: none", () => {
    const plan = (lab: ReturnType<typeof editedLab>, vm: string) =>
      frrDaemons(planFor(lab, nodeOf(buildTopology(lab, "t"), vm)!, testKeys(lab)));
    const stat = editedLab("dev");
    const dyn = editedLab("dev", bgp);
    expect(plan(stat, "vm-hub00")).toEqual(["zebra", "staticd"]);
    expect(plan(dyn, "vm-hub00")).toEqual(["zebra", "bgpd", "staticd", "bfdd"]);
    expect(plan(dyn, "vm-hub100")).toEqual(["zebra", "bgpd", "staticd", "bfdd"]);
    expect(plan(dyn, "vm-spoke10")).toEqual([]);
  });
  it("a document writing /etc/frr/daemons twice: the daemons of the last write, the one on disk", () => {
    const lab = editedLab("dev", bgp);
    const doc = parseCloudInit(
      renderCloudInit(
        lab,
        lab.vms.find((v) => v.name === "vm-hub00")!,
        testKeys(lab),
      ),
    );
    const daemons = doc.write_files!.find((f) => f.path === "/etc/frr/daemons")!;
    doc.write_files!.push({ ...daemons, content: "bgpd=no\nbfdd=no\n" });
    const text = `#cloud-config\n${yaml.dump(doc)}`;
    expect(frrDaemons(planCloudInit("vm-hub00", text))).toEqual(["zebra", "staticd"]);
    daemons.content = "bgpd=$(true)\n";
    doc.write_files!.pop();
    expect(() => planCloudInit("vm-hub00", `#cloud-config\n${yaml.dump(doc)}`)).toThrow(CloudInitError);
  });
});
