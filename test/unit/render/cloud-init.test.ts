// Renderers: the seed's exact lines with fixes off, each fix's lines with fixes on, determinism.
import { describe, expect, it } from "vitest";
import { buildLab, tryBuildLab } from "../../../src/model/build.js";
import { MAX_CUSTOM_DATA } from "../../../src/azure/vms.js";
import { bigLabConfig } from "../../../bench/topologies.js";
import { testKeys } from "../../support/wireguard.js";
import { filesFor, parseCloudInit, renderCloudInit } from "../../../src/render/cloud-init.js";
import { PROBE_PATH, renderProbe } from "../../../src/render/probe.js";
import { PATHS } from "../../../src/render/router-files.js";
import type { Lab } from "../../../src/model/types.js";
import { labOf, STACKS } from "../../support/stacks.js";
import { readStackFile } from "../../../src/config/stack-file.js";
import { FIXTURES } from "../../support/stacks.js";
import { nonEmpty } from "../../support/non-empty.js";

const file = (lab: Lab, vm: string, path: string): string | undefined =>
  filesFor(
    lab,
    lab.vms.find((v) => v.name === vm)!,
  ).find((f) => f.path === path)?.content;

describe("seed stack (every fix off) renders the seed's configuration", () => {
  const lab = labOf("seed");
  it("post-up script has the seed's three commands (as `ip -batch` lines), guarded on IFACE", () => {
    const hub = file(lab, "vm-hub00", PATHS.postUp)!;
    expect(hub).toContain('[ "$IFACE" = "eth0" ] || exit 0');
    expect(hub).toContain(
      "ip -force -batch - <<'END'\nlink add vxlan0 address 02:00:a9:fe:00:01 type vxlan id 77 remote 10.100.0.4 dstport 4789 dev eth0\nlink set up vxlan0\naddress add 169.254.0.1/24 dev vxlan0\nEND\n",
    );
    expect(hub.match(/ip -force -batch/g)).toHaveLength(1);
    const site = file(lab, "vm-hub100", PATHS.postUp)!;
    expect(site).toContain("\nlink add vxlan0 address 02:00:a9:fe:00:02 type vxlan id 77 remote 10.0.0.4 dstport 4789 dev eth0\n");
    expect(site).toContain("\naddress add 169.254.0.2/24 dev vxlan0\n");
    for (const s of [hub, site]) {
      expect(s).not.toMatch(/nolearning|nft|arp_announce| mtu | df /);
    }
  });
  it("frr.conf has the seed's static routes and nothing more", () => {
    const hub = file(lab, "vm-hub00", PATHS.frr)!;
    const routes = (s: string) => s.split("\n").filter((l) => l.startsWith("ip ") || l.startsWith("route-map"));
    expect(routes(hub)).toEqual(["ip route 10.100.0.0/16 169.254.0.2", "ip route 10.100.0.4/32 10.0.0.1"]);
    expect(routes(file(lab, "vm-hub100", PATHS.frr)!)).toEqual(["ip route 10.10.0.0/16 169.254.0.1"]);
    expect(hub).toContain("hostname vm-hub00\n");
  });
  it("no firewall file, sysctl enables forwarding only", () => {
    expect(file(lab, "vm-hub00", PATHS.firewall)).toBeUndefined();
    const sysctl = file(lab, "vm-hub00", PATHS.sysctl)!;
    expect(sysctl).toContain("net.ipv4.ip_forward = 1");
    expect(sysctl).not.toMatch(/rp_filter|arp_announce/);
  });
});

describe("dev stack (defaults: every fix on)", () => {
  const lab = labOf("dev");
  it("routes carry the router's underlay address as preferred source", () => {
    const hub = file(lab, "vm-hub00", PATHS.frr)!;
    expect(hub).toMatch(/route-map HUB-SPOKE-VXLAN-SRC permit 10\n set src 10\.0\.0\.4\n/);
    expect(hub).toContain("ip protocol static route-map HUB-SPOKE-VXLAN-SRC\n");
    expect(file(lab, "vm-hub100", PATHS.frr)).toMatch(/ set src 10\.100\.0\.4\n/);
    expect(file(lab, "vm-hub00", PATHS.sysctl)).toContain("net.ipv4.conf.all.rp_filter = 2");
    // ARP from the tunnel's own address: "all" in the sysctl file, applied before the post-up script makes the devices.
    expect(file(lab, "vm-hub00", PATHS.sysctl)).toContain("\nnet.ipv4.conf.all.arp_announce = 2\n");
    expect(file(lab, "vm-hub00", PATHS.postUp)).not.toContain("sysctl");
  });
  it("VXLAN accepted only from the peer, no learning, firewall loaded before the tunnel", () => {
    const nft = file(lab, "vm-hub00", PATHS.firewall)!;
    expect(nft).toContain("udp dport 4789 ip saddr != { 10.100.0.4 } counter drop");
    expect(file(lab, "vm-hub100", PATHS.firewall)).toContain("ip saddr != { 10.0.0.4 }");
    const script = file(lab, "vm-hub00", PATHS.postUp)!;
    expect(script).toContain("dstport 4789 dev eth0 df set nolearning\n");
    expect(script.indexOf("nft -f")).toBeLessThan(script.indexOf("link add"));
  });
  it("tunnel sized for Azure's 1,400-byte path: device MTU 1350, outer DF set, on both routers", () => {
    expect(file(lab, "vm-hub00", PATHS.postUp)).toContain(
      "\nlink add vxlan0 address 02:00:a9:fe:00:01 mtu 1350 type vxlan id 77 remote 10.100.0.4 dstport 4789 dev eth0 df set nolearning\n",
    );
    expect(file(lab, "vm-hub100", PATHS.postUp)).toContain(
      "\nlink add vxlan0 address 02:00:a9:fe:00:02 mtu 1350 type vxlan id 77 remote 10.0.0.4 dstport 4789 dev eth0 df set nolearning\n",
    );
    expect(lab.tunnels[0]).toMatchObject({ mtu: 1350, mss: 1310, df: true });
  });
  it("the /32 to the tunnel peer is bound to eth0; the routes into the tunnel are not", () => {
    const routes = file(lab, "vm-hub00", PATHS.frr)!
      .split("\n")
      .filter((l) => l.startsWith("ip route"));
    expect(routes).toEqual(["ip route 10.100.0.0/16 169.254.0.2", "ip route 10.100.0.4/32 10.0.0.1 eth0"]);
    expect(file(lab, "vm-hub100", PATHS.frr)).not.toContain(" eth0");
  });
  it("MSS clamped to 1310 (tunnel MTU 1350 - 40) in both directions of the tunnel", () => {
    const nft = file(lab, "vm-hub00", PATHS.firewall)!;
    expect(nft).toContain('oifname "vxlan0" tcp flags syn / syn,rst tcp option maxseg size > 1310 counter tcp option maxseg size set 1310');
    expect(nft).toContain('iifname "vxlan0" tcp flags syn / syn,rst tcp option maxseg size > 1310 counter tcp option maxseg size set 1310');
    expect(nft).not.toContain("1410");
  });
  it("each switch turns only its own fix off", () => {
    const raw = readStackFile("dev").lab as Record<string, unknown>;
    const only = (features: object) => buildLab({ ...raw, features });
    const noGuard = only({ vxlanGuard: false });
    expect(file(noGuard, "vm-hub00", PATHS.firewall)).not.toContain("saddr");
    expect(file(noGuard, "vm-hub00", PATHS.firewall)).toContain("maxseg");
    expect(file(noGuard, "vm-hub00", PATHS.postUp)).not.toContain("nolearning");
    const noMss = only({ mssClamp: false });
    expect(file(noMss, "vm-hub00", PATHS.firewall)).not.toContain("maxseg");
    expect(file(noMss, "vm-hub00", PATHS.postUp)).toContain(" mtu 1350 type vxlan");
    const noSrc = only({ routerSource: false });
    expect(file(noSrc, "vm-hub00", PATHS.frr)).not.toContain("set src");
    expect(file(noSrc, "vm-hub00", PATHS.sysctl)).not.toContain("arp_announce");
    expect(file(noSrc, "vm-hub00", PATHS.frr)).toContain("ip route 10.100.0.4/32 10.0.0.1 eth0\n");
    const noDev = only({ peerRouteDev: false });
    expect(file(noDev, "vm-hub00", PATHS.frr)).toContain("ip route 10.100.0.4/32 10.0.0.1\n");
    expect(file(noDev, "vm-hub00", PATHS.frr)).toContain("set src 10.0.0.4");
    // azureMtu off: the seed's device line (kernel default 1450, no DF); the clamp follows the MTU (1410).
    const noMtu = only({ azureMtu: false });
    expect(file(noMtu, "vm-hub00", PATHS.postUp)).toContain(
      "\nlink add vxlan0 address 02:00:a9:fe:00:01 type vxlan id 77 remote 10.100.0.4 dstport 4789 dev eth0 nolearning\n",
    );
    expect(file(noMtu, "vm-hub00", PATHS.postUp)).not.toMatch(/ mtu | df /);
    expect(file(noMtu, "vm-hub00", PATHS.firewall)).toContain("maxseg size set 1410");
    expect(noMtu.tunnels[0]).toMatchObject({ mtu: 1450, mss: 1410, df: false });
  });
});

describe("documents", () => {
  it("router documents write every router file and apply them once at first boot", () => {
    const lab = labOf("dev");
    const doc = parseCloudInit(
      renderCloudInit(
        lab,
        lab.vms.find((v) => v.name === "vm-hub00")!,
      ),
    );
    expect(doc.write_files?.map((f) => f.path)).toEqual([PATHS.sysctl, PATHS.postUp, PATHS.hook, PATHS.frr, PATHS.firewall, PROBE_PATH]);
    expect(doc.packages).toContain("frr");
    // frrinit.sh reload refuses to run without frr-reload.py, which only frr-pythontools ships.
    expect(doc.packages).toContain("frr-pythontools");
    expect(doc.runcmd).toEqual([
      ["sysctl", "-p", PATHS.sysctl],
      ["env", "IFACE=eth0", PATHS.hook],
      ["systemctl", "enable", "--now", "networkd-dispatcher"],
      ["systemctl", "restart", "frr"],
    ]);
    expect(doc.write_files?.find((f) => f.path === PATHS.hook)?.content).toContain("exec run-parts /etc/network/if-post-up.d");
  });
  it("host documents install the check tools and write only the probe, with no runcmd", () => {
    const lab = labOf("dev");
    const doc = parseCloudInit(
      renderCloudInit(
        lab,
        lab.vms.find((v) => v.name === "vm-spoke10")!,
      ),
    );
    expect(doc.write_files?.map((f) => [f.path, f.permissions, f.content])).toEqual([[PROBE_PATH, "0755", renderProbe()]]);
    expect(doc.runcmd).toBeUndefined();
    expect(doc.packages).toEqual(expect.arrayContaining(["traceroute", "iperf3"]));
  });
  it.each(nonEmpty(STACKS))("%s renders byte-identical documents twice, from two separate parses", (stack) => {
    const a = labOf(stack);
    const b = labOf(stack);
    for (const vm of a.vms) expect(renderCloudInit(b, vm)).toBe(renderCloudInit(a, vm));
  });
  it("3x4: the hub router has one tunnel per site and a /32 to each site router over the underlay", () => {
    const lab = labOf(`${FIXTURES}/Pulumi.3x4.yaml`);
    const script = file(lab, "vm-hub00", PATHS.postUp)!;
    for (let i = 0; i < 4; i++) {
      expect(script).toContain(
        `\nlink add vxlan${i} address 02:00:a9:fe:0${i}:01 mtu 1350 type vxlan id ${77 + i} remote 10.${100 + i}.0.4 dstport 4789 dev eth0 df set nolearning\n`,
      );
      expect(script).toContain(`\naddress add 169.254.${i}.1/24 dev vxlan${i}\n`);
    }
    const frr = file(lab, "vm-hub00", PATHS.frr)!;
    for (let i = 0; i < 4; i++) {
      expect(frr).toContain(`ip route 10.${100 + i}.0.0/16 169.254.${i}.2\n`);
      expect(frr).toContain(`ip route 10.${100 + i}.0.4/32 10.0.0.1 eth0\n`);
    }
    expect(file(lab, "vm-hub00", PATHS.firewall)).toContain("ip saddr != { 10.100.0.4, 10.101.0.4, 10.102.0.4, 10.103.0.4 }");
    const site = file(lab, "vm-router102", PATHS.frr)!;
    expect(site.split("\n").filter((l) => l.startsWith("ip route"))).toEqual([
      "ip route 10.10.0.0/16 169.254.2.1",
      "ip route 10.11.0.0/16 169.254.2.1",
      "ip route 10.12.0.0/16 169.254.2.1",
    ]);
  });
  it("customData stays under Azure's 65,535-byte limit with room to spare (3x4 hub router)", () => {
    const lab = labOf(`${FIXTURES}/Pulumi.3x4.yaml`);
    const bytes = Buffer.from(
      renderCloudInit(
        lab,
        lab.vms.find((v) => v.name === "vm-hub00")!,
      ),
    ).toString("base64").length;
    // 16,360 before the probe's BGP report (-b) added 1,568; the python3 probe (9.9 kB for 4.5 kB of
    // shell, comments left in its template) and the post-up script's notes said once: 24,980.
    expect(bytes).toBeLessThan(26_000);
  });
  it("a 60-site x 5-spoke lab: every VM's document fits Azure's customData limit (the hub's grows per tunnel)", () => {
    const r = tryBuildLab(bigLabConfig(60, 5));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const sizes = r.lab.vms.map((v) => Buffer.byteLength(renderCloudInit(r.lab, v, testKeys(r.lab))));
    expect(sizes).toHaveLength(126);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_CUSTOM_DATA);
  });
  it("seed config with no stack file equals the dev topology", () => {
    expect(renderCloudInit(buildLab(undefined), buildLab(undefined).vms[0]!)).toBe(renderCloudInit(labOf("dev"), labOf("dev").vms[0]!));
  });
});
