// The VXLAN ingress attack, shared by the guard tests: a VM on the hub subnet sends crafted VXLAN
// (test/support/vxlan-frame.ts) to the hub router — an injected datagram for the spoke host, then an
// ARP claim for the site end's tunnel address — and we look at what got through. Every probe bounded.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guard, run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import type { Loaded } from "../../src/emu/stack.js";
import type { Plan } from "../../src/emu/commands/cloud-init.js";
import { verify } from "../../src/emu/verify.js";
import { arpReply, ethernet, ipv4Udp, vxlanPacket } from "../support/vxlan-frame.js";
import { listening } from "../../src/emu/traffic.js";

export const ATTACKER = "vm-hub01";
export const ATTACKER_MAC = "02:de:ad:be:ef:01";
const VICTIM_PORT = 5555;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const node = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!;

/** A scratch dir for packet files; `cleanup` removes it. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "hsv-attack-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One datagram received on udp/port inside ns within timeoutS (socat exits after the first), or "". */
export function receiveOne(ns: string, port: number, timeoutS: number): { ready: Promise<void>; got: Promise<string> } {
  const argv = inNs(ns, ["timeout", String(timeoutS), "socat", "-u", `UDP4-RECVFROM:${port}`, "STDOUT"]);
  guard(argv);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
  let out = Buffer.alloc(0);
  child.stdout.on("data", (d: Buffer) => (out = Buffer.concat([out, d])));
  const got = new Promise<string>((resolve) => child.on("close", () => resolve(out.toString("latin1"))));
  const ready = listening(ns, "udp", port);
  return { ready, got };
}

/**
 * `times` datagrams to the hub router's udp/4789 from the attacker, 100 ms apart. `outerSource`:
 * the outer source address to claim (an IP_TRANSPARENT socket bound to it: the kernel then routes
 * a non-local source); only a NIC the fabric lets send for others (IP forwarding) gets it through.
 */
export async function sendVxlan(l: Loaded, dir: string, payload: Buffer, times: number, outerSource?: string): Promise<void> {
  const file = join(dir, `pkt-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  writeFileSync(file, payload);
  const hub = node(l, "vm-hub00").vm.address;
  const ns = node(l, ATTACKER).ns;
  const to = `UDP4-SENDTO:${hub}:4789${outerSource ? `,ip-transparent,bind=${outerSource}` : ""}`;
  for (let i = 0; i < times; i++) {
    await run(inNs(ns, ["socat", "-u", `OPEN:${file}`, to]));
    await sleep(100);
  }
}

export async function linkMac(ns: string, dev: string): Promise<string> {
  const r = await run(["ip", "-n", ns, "-j", "link", "show", dev]);
  return (JSON.parse(r.stdout) as { address: string }[])[0]!.address;
}

export async function neighMac(ns: string, address: string, dev: string): Promise<string | undefined> {
  const r = await run(["ip", "-n", ns, "-j", "neigh", "show", address, "dev", dev]);
  return (JSON.parse(r.stdout) as { lladdr?: string }[])[0]?.lladdr;
}

/** The hub router's vxlan0 forwarding database: MAC -> outer destination. */
export async function fdb(l: Loaded): Promise<Record<string, string>> {
  const r = await run(inNs(node(l, "vm-hub00").ns, ["bridge", "-j", "fdb", "show", "dev", "vxlan0"]));
  return Object.fromEntries((JSON.parse(r.stdout) as { mac: string; dst?: string }[]).map((e) => [e.mac, e.dst ?? ""]));
}

/** One injected datagram "from the site host" to the spoke host: was it delivered? */
export async function inject(l: Loaded, dir: string, outerSource?: string): Promise<boolean> {
  const spoke = node(l, "vm-spoke10");
  const tunnelMac = await linkMac(node(l, "vm-hub00").ns, "vxlan0");
  const nonce = `INJECTED-${process.pid}-${Date.now()}`;
  const victim = receiveOne(spoke.ns, VICTIM_PORT, 3);
  await victim.ready;
  const inner = ethernet(tunnelMac, ATTACKER_MAC, 0x0800, ipv4Udp("10.100.0.5", spoke.vm.address, 40000, VICTIM_PORT, Buffer.from(nonce)));
  await sendVxlan(l, dir, vxlanPacket(l.lab.tunnels[0]!.vni, inner), 3, outerSource);
  return (await victim.got).includes(nonce);
}

export interface AttackOutcome {
  injectedDelivered: boolean;
  neighbourBefore: string | undefined;
  neighbourAfter: string | undefined;
  /** The hub router's FDB entry for the attacker's inner MAC (learned from the outer source), if any. */
  fdbLearned: string | undefined;
  attackerSawTunnelTraffic: boolean;
  /** spoke -> site ping right after the ARP claim (2 tries, 1 s each). */
  tunnelWorkedDuringClaim: boolean;
  verifyOk: boolean;
}

export async function attack(l: Loaded, dir: string): Promise<AttackOutcome> {
  const hub00 = node(l, "vm-hub00");
  const spoke = node(l, "vm-spoke10");
  const site = node(l, "vm-hub101");
  const vni = l.lab.tunnels[0]!.vni;
  // Warm the tunnel so the hub router has a neighbour entry for the site end.
  await run(inNs(site.ns, ["ping", "-n", "-c", "2", "-W", "1", spoke.vm.address]));
  const tunnelMac = await linkMac(hub00.ns, "vxlan0");
  const neighbourBefore = await neighMac(hub00.ns, "169.254.0.2", "vxlan0");

  // 1. Injection: a datagram "from the site host" to the spoke host, inside VXLAN from the attacker.
  const injectedDelivered = await inject(l, dir);

  // 2. ARP claim: "169.254.0.2 is at the attacker's MAC" (sent past the 1 s neighbour locktime).
  await sleep(1100);
  const claim = ethernet(tunnelMac, ATTACKER_MAC, 0x0806, arpReply(ATTACKER_MAC, "169.254.0.2", tunnelMac, "169.254.0.1"));
  let neighbourAfter = neighbourBefore;
  for (let i = 0; i < 5 && neighbourAfter !== ATTACKER_MAC; i++) {
    await sendVxlan(l, dir, vxlanPacket(vni, claim), 1);
    await sleep(200);
    neighbourAfter = await neighMac(hub00.ns, "169.254.0.2", "vxlan0");
  }
  const fdbLearned = (await fdb(l))[ATTACKER_MAC];

  // 3. Interception: spoke -> site traffic now tunnelled to whoever claimed the address?
  const tap = receiveOne(node(l, ATTACKER).ns, 4789, 3);
  await tap.ready;
  const ping = await run(inNs(spoke.ns, ["ping", "-n", "-c", "2", "-W", "1", site.vm.address]), { check: false });
  const attackerSawTunnelTraffic = (await tap.got).length > 0;

  // The real tunnel afterwards (a hijacked neighbour entry heals only when the kernel re-probes it).
  const v = await verify(l);
  return {
    injectedDelivered,
    neighbourBefore,
    neighbourAfter,
    fdbLearned,
    attackerSawTunnelTraffic,
    tunnelWorkedDuringClaim: ping.code === 0,
    verifyOk: v.ok,
  };
}

/** A rendered file of a plan with `edit` applied; throws when the edit changed nothing (the stripped line must exist). */
export function editFile(plan: Plan, path: string, edit: (content: string) => string): Plan {
  const files = plan.files.map((f) => {
    if (f.path !== path) return f;
    const content = edit(f.content);
    if (content === f.content) throw new Error(`edit of ${path} changed nothing:\n${f.content}`);
    return { ...f, content };
  });
  if (!plan.files.some((f) => f.path === path)) throw new Error(`no rendered file ${path}`);
  return { ...plan, files };
}

/** `content` without the lines matching `re`. */
export const stripLines = (content: string, re: RegExp): string =>
  content
    .split("\n")
    .filter((line) => !re.test(line))
    .join("\n");
