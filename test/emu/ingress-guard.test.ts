// VXLAN ingress: a plain VM on the hub subnet sends crafted VXLAN to the hub router. Without the
// guard the injection reaches the spoke host and the ARP claim hijacks the tunnel (the attack
// works); with it, nothing gets through, the neighbour table is untouched, the tunnel still works.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { guard, inNs, run } from "../../src/emu/exec.js";
import type { Loaded } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { arpReply, ethernet, ipv4Udp, vxlanPacket } from "../support/vxlan-frame.js";
import { leftovers, skipReason } from "./helpers.js";
import { listening, variantStack, withHubHost, withLab } from "./variants.js";

const ATTACKER_MAC = "02:de:ad:be:ef:01";
const VICTIM_PORT = 5555;
const work = mkdtempSync(join(tmpdir(), "hsv-attack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const node = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!;

/** One datagram received on udp/port inside ns within timeoutS (socat exits after the first), or "". */
function receiveOne(ns: string, port: number, timeoutS: number): { ready: Promise<void>; got: Promise<string> } {
  const argv = inNs(ns, ["timeout", String(timeoutS), "socat", "-u", `UDP4-RECVFROM:${port}`, "STDOUT"]);
  guard(argv);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
  let out = Buffer.alloc(0);
  child.stdout.on("data", (d: Buffer) => (out = Buffer.concat([out, d])));
  const got = new Promise<string>((resolve) => child.on("close", () => resolve(out.toString("latin1"))));
  const ready = listening(ns, "udp", port);
  return { ready, got };
}

async function sendVxlan(l: Loaded, payload: Buffer, times: number): Promise<void> {
  const file = join(work, `pkt-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  writeFileSync(file, payload);
  const hub = node(l, "vm-hub00").vm.address;
  for (let i = 0; i < times; i++) {
    await run(inNs(node(l, "vm-hub01").ns, ["socat", "-u", `OPEN:${file}`, `UDP4-SENDTO:${hub}:4789`]));
    await sleep(100);
  }
}

async function linkMac(ns: string, dev: string): Promise<string> {
  const r = await run(["ip", "-n", ns, "-j", "link", "show", dev]);
  return (JSON.parse(r.stdout) as { address: string }[])[0]!.address;
}

async function neighMac(ns: string, address: string, dev: string): Promise<string | undefined> {
  const r = await run(["ip", "-n", ns, "-j", "neigh", "show", address, "dev", dev]);
  return (JSON.parse(r.stdout) as { lladdr?: string }[])[0]?.lladdr;
}

interface AttackOutcome {
  injectedDelivered: boolean;
  neighbourBefore: string | undefined;
  neighbourAfter: string | undefined;
  attackerSawTunnelTraffic: boolean;
  verifyOk: boolean;
}

async function attack(l: Loaded): Promise<AttackOutcome> {
  const hub00 = node(l, "vm-hub00");
  const spoke = node(l, "vm-spoke10");
  const site = node(l, "vm-hub101");
  const attacker = node(l, "vm-hub01");
  const vni = l.lab.tunnels[0]!.vni;
  // Warm the tunnel so the hub router has a neighbour entry for the site end.
  await run(inNs(site.ns, ["ping", "-n", "-c", "2", "-W", "1", spoke.vm.address]));
  const tunnelMac = await linkMac(hub00.ns, "vxlan0");
  const neighbourBefore = await neighMac(hub00.ns, "169.254.0.2", "vxlan0");

  // 1. Injection: a datagram "from the site host" to the spoke host, inside VXLAN from the attacker.
  const nonce = `INJECTED-${process.pid}-${Date.now()}`;
  const victim = receiveOne(spoke.ns, VICTIM_PORT, 3);
  await victim.ready;
  const inner = ethernet(tunnelMac, ATTACKER_MAC, 0x0800, ipv4Udp("10.100.0.5", spoke.vm.address, 40000, VICTIM_PORT, Buffer.from(nonce)));
  await sendVxlan(l, vxlanPacket(vni, inner), 3);
  const injectedDelivered = (await victim.got).includes(nonce);

  // 2. ARP claim: "169.254.0.2 is at the attacker's MAC" (sent past the 1 s neighbour locktime).
  await sleep(1100);
  const claim = ethernet(tunnelMac, ATTACKER_MAC, 0x0806, arpReply(ATTACKER_MAC, "169.254.0.2", tunnelMac, "169.254.0.1"));
  let neighbourAfter = neighbourBefore;
  for (let i = 0; i < 5 && neighbourAfter !== ATTACKER_MAC; i++) {
    await sendVxlan(l, vxlanPacket(vni, claim), 1);
    await sleep(200);
    neighbourAfter = await neighMac(hub00.ns, "169.254.0.2", "vxlan0");
  }

  // 3. Interception: spoke -> site traffic now tunnelled to whoever claimed the address?
  const tap = receiveOne(attacker.ns, 4789, 3);
  await tap.ready;
  await run(inNs(spoke.ns, ["ping", "-n", "-c", "2", "-W", "1", site.vm.address]), { check: false });
  const attackerSawTunnelTraffic = (await tap.got).length > 0;

  // The real tunnel afterwards (a hijacked neighbour entry heals only when the kernel re-probes it).
  const v = await verify(l);
  return { injectedDelivered, neighbourBefore, neighbourAfter, attackerSawTunnelTraffic, verifyOk: v.ok };
}

// The routers' own guard is what is proved here: the fabric's NSGs (which drop this VXLAN first, at
// deny-vxlan-others or deny-all-inbound) are off in these variants (emulation.enforceNsgs: false).
const noNsgs = (lab: Record<string, any>) => (lab.emulation = { enforceNsgs: false }); // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(skipReason)("VXLAN ingress guard (features.vxlanGuard)", () => {
  it("without the guard the attack works: injection delivered, tunnel neighbour hijacked, traffic intercepted", async () => {
    const o = await withLab(variantStack("guard-off", (lab) => (withHubHost(lab), noNsgs(lab), (lab.features = { vxlanGuard: false }))), attack);
    expect(o.injectedDelivered).toBe(true);
    expect(o.neighbourBefore).toMatch(/^[0-9a-f:]{17}$/);
    expect(o.neighbourAfter).toBe(ATTACKER_MAC);
    expect(o.attackerSawTunnelTraffic).toBe(true);
    // (The hijack heals by itself once the kernel re-probes the neighbour; verify is not asserted here.)
    expect(leftovers("guard-off")).toEqual([]);
  });

  it("with the guard (default) nothing gets in, the neighbour table is untouched, the tunnel keeps working", async () => {
    const [o, dropped] = await withLab(variantStack("guard-on", (lab) => (withHubHost(lab), noNsgs(lab))), async (l) => {
      expect(l.lab.features.vxlanGuard).toBe(true);
      const outcome = await attack(l);
      // The guard's counter shows it did the dropping.
      const nft = await run(inNs(node(l, "vm-hub00").ns, ["nft", "list", "chain", "inet", "hub_spoke_vxlan", "input"]));
      return [outcome, nft.stdout] as const;
    });
    expect(o.injectedDelivered).toBe(false);
    expect(o.neighbourBefore).toMatch(/^[0-9a-f:]{17}$/);
    expect(o.neighbourAfter).toBe(o.neighbourBefore);
    expect(o.attackerSawTunnelTraffic).toBe(false);
    expect(o.verifyOk).toBe(true);
    expect(dropped).toMatch(/udp dport 4789 ip saddr != 10\.100\.0\.4 counter packets [1-9]/);
    expect(leftovers("guard-on")).toEqual([]);
  });
});
