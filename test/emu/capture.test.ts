// lab capture: tcpdump in a VM's namespace while a ping crosses the tunnel; the pcap read back
// shows the VNI and the inner addresses, also when the lab's VXLAN port is not 4789; Ctrl-C on
// the CLI leaves no tcpdump behind.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { capture } from "../../src/emu/capture.js";
import { captureArgv, readArgv } from "../../src/emu/commands/capture.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { pidsIn } from "../../src/emu/processes.js";
import type { Loaded } from "../../src/emu/stack.js";
import { leftovers, skipReason as baseSkip } from "./helpers.js";
import { variantStack, withLab } from "../../src/emu/variants.js";
import { missing } from "../support/prereqs.js";

const skipReason = baseSkip ?? missing({ root: true, tools: ["tcpdump"] });
const ROOT = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "hsv-capture-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nsOf = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!.ns;

/** Captures on the site router's eth0 while one ping goes site host -> spoke host; returns the pcap read back. */
async function pingThroughCapture(l: Loaded, file: string): Promise<string> {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const cap = capture(l, { vm: "vm-hub100", file, count: 50, seconds: 4, filter: ["udp"] }, () => started());
  await running;
  // tcpdump needs a moment to open the device; then exactly one ping (bounded).
  await new Promise((r) => setTimeout(r, 800));
  const ping = await run(inNs(nsOf(l, "vm-hub101"), ["ping", "-n", "-c", "1", "-W", "2", "10.10.0.4"]), { check: false });
  expect(ping.code, ping.stdout).toBe(0);
  const r = await cap;
  expect([0, 124]).toContain(r.code); // 124: time ran out before 50 packets, as bounded
  const argv = readArgv(l, file);
  const read = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: 20_000 });
  expect(read.status, read.stderr).toBe(0);
  return read.stdout;
}

describe.skipIf(skipReason)("lab capture", () => {
  it("dev: the site router's eth0 shows VXLAN VNI 77 carrying 10.100.0.5 -> 10.10.0.4", async () => {
    const path = variantStack("capture", () => {});
    await withLab(path, async (l) => {
      const out = await pingThroughCapture(l, join(dir, "dev.pcap"));
      expect(out).toMatch(/10\.100\.0\.4\.\d+ > 10\.0\.0\.4\.4789: VXLAN, flags \[I\] \(0x08\), vni 77/);
      expect(out).toMatch(/10\.100\.0\.5 > 10\.10\.0\.4: ICMP echo request/);
      expect(out).toMatch(/10\.10\.0\.4 > 10\.100\.0\.5: ICMP echo reply/);
    });
    expect(leftovers("capture")).toEqual([]);
  });

  it("VXLAN on port 8472 is still decoded (-T vxlan on the lab's port)", async () => {
    const path = variantStack("capture-8472", (lab) => (lab.vxlan = { port: 8472 }));
    await withLab(path, async (l) => {
      expect(readArgv(l, "x")).toEqual(["tcpdump", "-r", "x", "-nn", "-e", "-T", "vxlan", "udp port 8472"]);
      expect(captureArgv(l, { vm: "vm-hub100" }).slice(-3)).toEqual(["-T", "vxlan", "udp port 8472"]);
      const out = await pingThroughCapture(l, join(dir, "8472.pcap"));
      expect(out).toMatch(/10\.100\.0\.4\.\d+ > 10\.0\.0\.4\.8472: VXLAN, flags \[I\] \(0x08\), vni 77/);
      expect(out).toMatch(/10\.100\.0\.5 > 10\.10\.0\.4: ICMP echo request/);
      // Without -T vxlan tcpdump takes 8472 for OTV (same header layout), not VXLAN: no "vni".
      const plain = spawnSync("tcpdump", ["-r", join(dir, "8472.pcap"), "-nn"], { encoding: "utf8" });
      expect(plain.stdout).toContain("OTV");
      expect(plain.stdout).not.toContain("VXLAN");
    });
    expect(leftovers("capture-8472")).toEqual([]);
  });

  it("Ctrl-C (SIGINT) on `lab capture` stops tcpdump: nothing left in the VM's namespace", async () => {
    const path = variantStack("capture-int", () => {});
    await withLab(path, async (l) => {
      const ns = nsOf(l, "vm-hub101");
      const child = spawn(
        process.execPath,
        [join(ROOT, "bin", "lab.cjs"), "capture", "vm-hub101", "--stack", path, "--seconds", "60", "-c", "100000"],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
      // Bounded wait for tcpdump to listen inside the namespace.
      for (let i = 0; i < 100 && !err.includes("listening on"); i++) await new Promise((r) => setTimeout(r, 50));
      expect(pidsIn([ns]).size, err).toBeGreaterThan(0);
      const t0 = Date.now();
      child.kill("SIGINT");
      const code = await exited;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(code).toBe(0);
      expect(err).toMatch(/packets captured/);
      expect([...pidsIn([ns])]).toEqual([]);
    });
    expect(leftovers("capture-int")).toEqual([]);
  });
});
