// The cloud-init document as cloud-init reads it: the header, which files with which owner and mode
// (a world-readable FRR config or a non-executable hook is a broken router), deferred writes, the
// key order and unfolded lines a reviewer diffs, and which VMs get the router parts.
// Expected values written from the seed's files (post-up script 0755 under /etc/network/if-post-up.d)
// and the cloud-init write_files reference (https://cloudinit.readthedocs.io/en/latest/reference/modules.html#write-files).
import { describe, expect, it } from "vitest";
import { parseCloudInit, renderCloudInit } from "../../../src/render/cloud-init.js";
import type { Lab } from "../../../src/model/types.js";
import { labOf } from "../../support/stacks.js";
import { testKeys } from "../../support/wireguard.js";
import { nonEmpty } from "../../support/non-empty.js";
import { bgp, editedLab, encrypt } from "../../support/config-edit.js";

const vm = (lab: Lab, name: string) => lab.vms.find((v) => v.name === name)!;
const entries = (text: string) => parseCloudInit(text).write_files!.map(({ path, owner, permissions }) => ({ path, owner, permissions }));

describe("a router's write_files (dev stack, every fix on)", () => {
  it("each file at its path with the owner and mode it needs", () => {
    const lab = labOf("dev");
    expect(entries(renderCloudInit(lab, vm(lab, "vm-hub00")))).toEqual([
      { path: "/etc/sysctl.d/60-hub-spoke-vxlan.conf", owner: "root:root", permissions: "0644" },
      { path: "/etc/network/if-post-up.d/vxlan", owner: "root:root", permissions: "0755" },
      { path: "/etc/networkd-dispatcher/routable.d/50-hub-spoke-vxlan", owner: "root:root", permissions: "0755" },
      { path: "/etc/frr/frr.conf", owner: "frr:frr", permissions: "0640" },
      { path: "/etc/hub-spoke-vxlan/tunnel.nft", owner: "root:root", permissions: "0644" },
      { path: "/etc/hub-spoke-vxlan/probe", owner: "root:root", permissions: "0755" },
    ]);
  });
  it("every file is deferred (written once the frr user and its folders exist)", () => {
    const lab = labOf("dev");
    const files = parseCloudInit(renderCloudInit(lab, vm(lab, "vm-hub100"))).write_files as unknown as { defer: unknown }[];
    expect(files.length).toBe(6);
    for (const f of files) expect(f.defer).toBe(true);
  });
  // networkd-dispatcher.service is conditioned on a hook existing ("ConditionPathExistsGlob=|
  // /etc/networkd-dispatcher/*/*" in Debian's and Ubuntu's package), and the hook is written after
  // the package is installed: without its start here the dispatcher first runs after a reboot.
  it("runcmd applies sysctl, runs the hook for eth0, starts the dispatcher now that its hook exists, restarts FRR", () => {
    const lab = labOf("dev");
    expect(parseCloudInit(renderCloudInit(lab, vm(lab, "vm-hub00"))).runcmd).toEqual([
      ["sysctl", "-p", "/etc/sysctl.d/60-hub-spoke-vxlan.conf"],
      ["env", "IFACE=eth0", "/etc/networkd-dispatcher/routable.d/50-hub-spoke-vxlan"],
      ["systemctl", "enable", "--now", "networkd-dispatcher"],
      ["systemctl", "restart", "frr"],
    ]);
  });
  it("the WireGuard config is root-only (it holds the private key)", () => {
    const lab = editedLab("dev", encrypt);
    const wg = entries(renderCloudInit(lab, vm(lab, "vm-hub00"), testKeys(lab))).find((e) => e.path === "/etc/wireguard/wg0.conf");
    expect(wg).toEqual({ path: "/etc/wireguard/wg0.conf", owner: "root:root", permissions: "0600" });
  });
});

describe("a test host's document", () => {
  it.each(nonEmpty(["vm-spoke10", "vm-hub101"].map((n) => [n])))("%s: host.yaml's packages, only the probe, no runcmd", (name) => {
    const lab = labOf("dev");
    const host = vm(lab, name);
    const doc = parseCloudInit(renderCloudInit(lab, host));
    expect(doc.packages).toEqual(["traceroute", "tcptraceroute", "iperf3", "netcat-openbsd"]);
    expect(doc.write_files!.map(({ path, owner, permissions }) => ({ path, owner, permissions }))).toEqual([
      { path: "/etc/hub-spoke-vxlan/probe", owner: "root:root", permissions: "0755" },
    ]);
    expect(doc.runcmd).toBeUndefined();
  });
});

describe("packages", () => {
  it("without encryption a router installs no WireGuard tools", () => {
    const lab = labOf("dev");
    const pk = parseCloudInit(renderCloudInit(lab, vm(lab, "vm-hub00"))).packages!;
    expect(pk).toContain("frr");
    expect(pk).not.toContain("wireguard-tools");
  });
  // A BGP password makes the document secret, but it is no reason to install wg (and the emulation
  // would then ask the host for wg and wireguard-go: PACKAGE_TOOLS).
  it("routing bgp without encryption: no WireGuard tools either; with encryption: on every router", () => {
    const lab = editedLab("dev", bgp);
    const wgLab = editedLab("dev", bgp, encrypt);
    for (const name of ["vm-hub00", "vm-hub100"]) {
      expect(parseCloudInit(renderCloudInit(lab, vm(lab, name), testKeys(lab))).packages, name).not.toContain("wireguard-tools");
      expect(parseCloudInit(renderCloudInit(wgLab, vm(wgLab, name), testKeys(wgLab))).packages, name).toContain("wireguard-tools");
    }
  });
});

describe("the text itself", () => {
  it("starts with #cloud-config and the do-not-edit header", () => {
    const lab = labOf("dev");
    const text = renderCloudInit(lab, vm(lab, "vm-hub00"));
    expect(text.split("\n").slice(0, 2)).toEqual([
      "#cloud-config",
      "# Rendered by hub-spoke-vxlan from the lab model: change the stack config, not this file.",
    ]);
  });
  it("keys in the order written (packages, write_files, runcmd; path before content), long lines not folded", () => {
    const lab = labOf("dev");
    const text = renderCloudInit(lab, vm(lab, "vm-hub00"));
    const top = text.split("\n").filter((l) => /^[a-z_]+:/.test(l));
    expect(top).toEqual(["package_update: true", "packages:", "write_files:", "runcmd:"]);
    expect(text).toContain(
      "  - path: /etc/sysctl.d/60-hub-spoke-vxlan.conf\n    owner: root:root\n    permissions: '0644'\n    defer: true\n    content: |",
    );
    // The seed's command (with the fixes' options, 128 characters) stays one line of the document (js-yaml folds at 80 otherwise).
    expect(text).toContain(
      "\n      link add vxlan0 address 02:00:a9:fe:00:01 mtu 1350 type vxlan id 77 remote 10.100.0.4 dstport 4789 dev eth0 df set nolearning\n",
    );
  });
  it("parseCloudInit refuses a document without the #cloud-config line, as cloud-init does", () => {
    expect(() => parseCloudInit("packages: [frr]\n")).toThrow("not a #cloud-config document");
    expect(() => parseCloudInit("# cloud-config\npackages: [frr]\n")).toThrow("not a #cloud-config document");
    expect(parseCloudInit("#cloud-config\npackages: [frr]\n").packages).toEqual(["frr"]);
  });
});

describe("a bad WireGuard key names the tunnel end it belongs to", () => {
  it("own private key, then the peer's", () => {
    const lab = editedLab("dev", encrypt);
    const k = testKeys(lab)["vnet-hub100"]!;
    const hub = vm(lab, "vm-hub00");
    expect(() => renderCloudInit(lab, hub, { "vnet-hub100": { hub: "c2hvcnQ=", site: k.site } })).toThrow(
      "vnet-hub100 vm-hub00: a WireGuard key is the base64 of exactly 32 bytes",
    );
    expect(() => renderCloudInit(lab, hub, { "vnet-hub100": { hub: k.hub, site: "c2hvcnQ=" } })).toThrow(
      "vnet-hub100 vm-hub100: a WireGuard key is the base64 of exactly 32 bytes",
    );
  });
});

describe("the probe every VM carries", () => {
  it("probes TCP port 22 (sshd listens on every Azure Linux VM) within 6 hops, and says it is rendered", () => {
    const lab = labOf("dev");
    const probe = parseCloudInit(renderCloudInit(lab, vm(lab, "vm-spoke10"))).write_files![0]!.content;
    expect(probe).toContain('\nPORT, MAX_HOPS, LOST, WAIT = 22, 6, "???", 1.0\n');
    expect(probe.split("\n")[1]).toBe("# Rendered by hub-spoke-vxlan from the lab model: change the stack config, not this file.");
  });
});
