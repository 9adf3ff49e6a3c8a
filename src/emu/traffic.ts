// Traffic between VMs of a running lab, bounded in count and time: a listener's readiness, iperf3
// throughput, ping loss. Used by the emulation tests and the benches alike.
import { spawn } from "node:child_process";
import { guard, run } from "./exec.js";
import { inNs } from "./commands/argv.js";
import type { Loaded } from "./stack.js";

/** Waits (100 polls, 20 ms apart) until something listens on proto/port inside ns; throws if nothing does. */
export async function listening(ns: string, proto: "tcp" | "udp", port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await run(inNs(ns, ["ss", proto === "tcp" ? "-Hltn" : "-Hlun", `sport = :${port}`]), { check: false });
    if (r.stdout.trim()) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`nothing listens on ${proto}/${port} in ${ns}`);
}

/** iperf3 from -> to for `seconds`; Gbit/s received (0 when nothing got through in time). */
export async function iperf(l: Loaded, from: string, to: string, seconds = 3): Promise<number> {
  const dst = l.topo.nodes.find((n) => n.vm.name === to)!;
  const src = l.topo.nodes.find((n) => n.vm.name === from)!;
  const argv = inNs(dst.ns, ["timeout", String(seconds + 8), "iperf3", "-s", "-1", "-p", "5201"]);
  guard(argv);
  const server = spawn(argv[0]!, argv.slice(1), { stdio: "ignore" });
  const closed = new Promise((r) => server.on("close", r));
  await listening(dst.ns, "tcp", 5201);
  const r = await run(
    inNs(src.ns, ["timeout", String(seconds + 5), "iperf3", "-c", dst.vm.address, "-p", "5201", "-t", String(seconds), "-J"]),
    {
      check: false,
      timeoutMs: (seconds + 10) * 1000,
    },
  );
  await closed;
  try {
    const bps = (JSON.parse(r.stdout) as { end: { sum_received: { bits_per_second: number } } }).end.sum_received.bits_per_second;
    return bps / 1e9;
  } catch {
    return 0;
  }
}

/** `ping -c count -i interval` from -> address; the fraction lost (bounded: -w). */
export async function pingLoss(l: Loaded, from: string, address: string, count = 200, interval = 0.01): Promise<number> {
  const src = l.topo.nodes.find((n) => n.vm.name === from)!;
  const deadline = Math.ceil(count * interval + 5);
  const r = await run(
    inNs(src.ns, ["ping", "-n", "-q", "-c", String(count), "-i", String(interval), "-W", "1", "-w", String(deadline), address]),
    {
      check: false,
      timeoutMs: (deadline + 5) * 1000,
    },
  );
  const m = /(\d+) packets transmitted, (\d+) received/.exec(r.stdout);
  if (!m) throw new Error(`ping printed no summary: ${r.stdout}${r.stderr}`);
  return 1 - Number(m[2]) / Number(m[1]);
}
