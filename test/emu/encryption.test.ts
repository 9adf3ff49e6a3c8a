// features.encryption: an attacker on the hub subnet whose NIC has IP forwarding (so the fabric's
// anti-spoofing lets it send as the site router, 10.100.0.4) injects crafted VXLAN into the spoke when
// the tunnel is plain; with WireGuard nothing it sends (to 4789 or to the WireGuard port) is
// delivered, and the hub router's underlay carries only UDP 51820 with no inner address, no VXLAN
// header and no payload in clear. The verify matrix is the same both ways.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { guard, run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { alive } from "../../src/emu/processes.js";
import { readState } from "../../src/emu/state.js";
import type { Loaded } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { keyFile } from "../../src/emu/wireguard.js";
import { ethernet, ipv4Udp, vxlanHeader } from "../support/vxlan-frame.js";
import { leftovers, skipReason } from "./helpers.js";
import { attackerLab, withIpForwarding } from "./variants.js";
import { listening } from "../../src/emu/traffic.js";
import { variantStack, withLab } from "../../src/emu/variants.js";

const ATTACKER = "vm-hub01";
const VICTIM_PORT = 5555;
const work = mkdtempSync(join(tmpdir(), "hsv-encryption-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const node = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!;

/** withLab with the attacker's NIC set to IP forwarding: the fabric then lets it send as anyone. */
const withAttacker = <T>(path: string, fn: (l: Loaded) => Promise<T>): Promise<T> =>
  withLab(path, fn, (l) => withIpForwarding(l, ATTACKER));

/** Starts argv (guarded) and resolves with its stdout when it exits. */
function background(argv: string[]): Promise<string> {
  guard(argv);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
  let out = Buffer.alloc(0);
  child.stdout.on("data", (d: Buffer) => (out = Buffer.concat([out, d])));
  return new Promise((resolve) => child.on("close", () => resolve(out.toString("latin1"))));
}

/** Crafted VXLAN "from the site host" to the spoke host, sent as the site router (10.100.0.4) to each port of the hub router. */
async function inject(l: Loaded, ports: number[]): Promise<boolean> {
  const spoke = node(l, "vm-spoke10");
  const hub = node(l, "vm-hub00");
  const mac = JSON.parse((await run(["ip", "-n", hub.ns, "-j", "link", "show", "vxlan0"])).stdout)[0].address as string;
  const nonce = `INJECTED-${process.pid}-${Date.now()}`;
  const got = background(inNs(spoke.ns, ["timeout", "4", "socat", "-u", `UDP4-RECVFROM:${VICTIM_PORT}`, "STDOUT"]));
  await listening(spoke.ns, "udp", VICTIM_PORT);
  const inner = ethernet(mac, "02:de:ad:be:ef:01", 0x0800, ipv4Udp("10.100.0.5", spoke.vm.address, 40000, VICTIM_PORT, Buffer.from(nonce)));
  const file = join(work, `pkt-${Date.now()}`);
  writeFileSync(file, Buffer.concat([vxlanHeader(l.lab.tunnels[0]!.vni), inner]));
  for (let i = 0; i < 3; i++) {
    for (const port of ports) {
      await run(
        inNs(node(l, ATTACKER).ns, ["socat", "-u", `OPEN:${file}`, `UDP4-SENDTO:${hub.vm.address}:${port},ip-transparent,bind=10.100.0.4`]),
      );
    }
    await sleep(100);
  }
  return (await got).includes(nonce);
}

/**
 * tcpdump -w on the hub router's eth0, the packets to and from the site router (what crosses
 * ExpressRoute; the hub's leg to the spoke carries the decapsulated packets either way), while the site host sends a marked datagram and pings the spoke host; read back. */
async function underlay(l: Loaded): Promise<{ raw: Buffer; lines: string[]; marker: string }> {
  const hub = node(l, "vm-hub00");
  const pcap = join(work, `underlay-${Date.now()}.pcap`);
  const done = background(inNs(hub.ns, ["timeout", "3", "tcpdump", "-i", "eth0", "-nn", "-U", "-w", pcap, "host", "10.100.0.4"]));
  for (let i = 0; i < 50; i++) {
    try {
      if (statSync(pcap).size > 0) break;
    } catch {
      /* not yet */
    }
    await sleep(20);
  }
  await sleep(200);
  const marker = `CLEAR-TEXT-${process.pid}-${Date.now()}`;
  const site = node(l, "vm-hub101");
  await run(inNs(site.ns, ["sh", "-c", `printf %s "$0" | socat -u STDIN UDP4-SENDTO:10.10.0.4:${VICTIM_PORT}`, marker]));
  await run(inNs(site.ns, ["ping", "-n", "-c", "3", "-i", "0.2", "-W", "1", "10.10.0.4"]));
  await done;
  const lines = (await run(inNs(hub.ns, ["tcpdump", "-nn", "-r", pcap]), { check: false })).stdout.split("\n").filter(Boolean);
  return { raw: readFileSync(pcap), lines, marker };
}

const ip = (s: string) => Buffer.from(s.split(".").map(Number));
const matrix = (v: Awaited<ReturnType<typeof verify>>) => v.pairs.map((p) => `${p.from}->${p.to} ${p.asExpected}`).sort();

describe.skipIf(skipReason)("tunnel encryption (features.encryption)", () => {
  let plainMatrix: string[] = [];

  it("none (the default): the spoofing attacker's VXLAN reaches the spoke host, and the underlay shows the inner packets in clear", async () => {
    const o = await withAttacker(variantStack("enc-none", attackerLab), async (l) => {
      expect(node(l, ATTACKER).vm.ipForwarding).toBe(true);
      const delivered = await inject(l, [4789]);
      const cap = await underlay(l);
      const v = await verify(l);
      return { delivered, cap, v };
    });
    plainMatrix = matrix(o.v);
    expect(o.delivered).toBe(true);
    expect(o.cap.raw.includes(Buffer.from(o.cap.marker))).toBe(true);
    expect(o.cap.raw.includes(ip("10.100.0.5"))).toBe(true);
    // tcpdump decodes the VXLAN and prints the inner packet on the next line.
    expect(o.cap.lines.join("\n")).toMatch(/4789: VXLAN, flags \[I\] \(0x08\), vni 77\nIP 10\.100\.0\.5[.\d]* > 10\.10\.0\.4/);
    expect(o.v.ok).toBe(true);
    expect(leftovers("enc-none")).toEqual([]);
  });

  it("wireguard: nothing the attacker sends is delivered; the underlay carries only UDP 51820, nothing inner in clear; same matrix", async () => {
    const stack = variantStack("enc-wg", (lab) => (attackerLab(lab), (lab.features = { encryption: "wireguard" })));
    const o = await withAttacker(stack, async (l) => {
      const delivered = await inject(l, [4789, 51820]);
      const cap = await underlay(l);
      const v = await verify(l);
      const nft = (await run(inNs(node(l, "vm-hub00").ns, ["nft", "list", "chain", "inet", "hub_spoke_vxlan", "input"]))).stdout;
      const st = readState(l.topo.stateFile)!;
      const wg = st.pids.filter((p) => p.what.startsWith("wireguard-go"));
      return { delivered, cap, v, nft, wg: wg.map((p) => ({ ...p, alive: alive(p.pid) })), keys: statSync(keyFile("enc-wg")).mode & 0o777 };
    });
    expect(o.delivered).toBe(false);
    // The spoofed VXLAN to 4789 was dropped by the guard (not from wg0).
    expect(o.nft).toMatch(/udp dport 4789 counter packets [1-9]/);
    const ipLines = o.cap.lines.filter((x) => / IP /.test(x));
    expect(ipLines.length).toBeGreaterThan(0);
    const between = ipLines.filter((x) => x.includes("10.0.0.4") && x.includes("10.100.0.4"));
    expect(between.length).toBeGreaterThan(0);
    expect(
      between.every((x) => /10\.0\.0\.4\.51820 > 10\.100\.0\.4\.51820|10\.100\.0\.4\.51820 > 10\.0\.0\.4\.51820/.test(x)),
      between.join("\n"),
    ).toBe(true);
    expect(o.cap.lines.some((x) => x.includes("VXLAN") || x.includes(".4789"))).toBe(false);
    for (const inner of ["10.100.0.5", "10.10.0.4"]) expect(o.cap.raw.includes(ip(inner)), inner).toBe(false);
    expect(o.cap.raw.includes(vxlanHeader(77))).toBe(false);
    expect(o.cap.raw.includes(Buffer.from(o.cap.marker))).toBe(false);
    expect(o.v.ok).toBe(true);
    expect(plainMatrix.length).toBeGreaterThan(0);
    expect(matrix(o.v)).toEqual(plainMatrix);
    // One wireguard-go per router, recorded by PID; down stopped them; the key file is root's only.
    expect(o.wg.map((p) => p.ns).sort()).toEqual(["hsv-enc-wg-vm-hub00", "hsv-enc-wg-vm-hub100"]);
    expect(o.wg.every((p) => p.alive)).toBe(true);
    expect(o.wg.filter((p) => alive(p.pid))).toEqual([]);
    expect(o.keys).toBe(0o600);
    expect(leftovers("enc-wg")).toEqual([]);
  });

  it("wireguard: the stack's keys are made once and reused by the next up (same public key)", async () => {
    const stack = variantStack("enc-wg", (lab) => (attackerLab(lab), (lab.features = { encryption: "wireguard" })));
    const before = readFileSync(keyFile("enc-wg"), "utf8");
    const pub = await withLab(stack, async (l) => {
      const hub = node(l, "vm-hub00");
      const r = await run(
        inNs(hub.ns, ["sh", "-c", `mount --bind "$0" /run/wireguard && exec wg show wg0 public-key`, `${hub.runDir}/wireguard`]),
      );
      return r.stdout.trim();
    });
    expect(readFileSync(keyFile("enc-wg"), "utf8")).toBe(before);
    const { publicKeyOf } = await import("../../src/model/wireguard-keys.js");
    expect(pub).toBe(publicKeyOf((JSON.parse(before) as Record<string, { hub: string }>)["vnet-hub100"]!.hub));
  });
});
