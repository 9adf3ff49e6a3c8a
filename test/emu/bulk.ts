// Bulk TCP through the lab, bounded in time: what the MTU and MSS tests measure.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guard, run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import type { Loaded } from "../../src/emu/stack.js";
import { listening } from "../../src/emu/traffic.js";

export const SIZE = 2 * 1024 * 1024;
const PORT = 5001;
let blob: string | undefined;

/** The SIZE-byte file sent (one per process, in a fresh temp dir; the OS's tmp cleaning removes it). */
function blobFile(): string {
  if (!blob || !existsSync(blob)) {
    blob = join(mkdtempSync(join(tmpdir(), "hsv-bulk-")), "blob");
    writeFileSync(blob, Buffer.alloc(SIZE, 0x5a));
  }
  return blob;
}

/** Bytes that arrive at `to` when `from` connects and sends SIZE bytes over TCP (each side bounded in time). */
export async function bulkTransfer(l: Loaded, from: string, to: string): Promise<number> {
  const src = l.topo.nodes.find((n) => n.vm.name === from)!;
  const dst = l.topo.nodes.find((n) => n.vm.name === to)!;
  const argv = inNs(dst.ns, ["timeout", "4", "sh", "-c", `socat -u TCP4-LISTEN:${PORT},reuseaddr STDOUT | wc -c`]);
  guard(argv);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const done = new Promise<void>((r) => child.on("close", () => r()));
  await listening(dst.ns, "tcp", PORT);
  await run(inNs(src.ns, ["timeout", "3", "socat", "-u", `OPEN:${blobFile()}`, `TCP4:${dst.vm.address}:${PORT}`]), { check: false });
  await done;
  return Number(out.trim() || "0");
}

/** [site host -> spoke host, spoke host -> site host] bytes delivered, one after the other. */
export async function both(l: Loaded): Promise<[number, number]> {
  const a = await bulkTransfer(l, "vm-hub101", "vm-spoke10");
  return [a, await bulkTransfer(l, "vm-spoke10", "vm-hub101")];
}
