// The emulated load balancer's health prober: a process in the fabric namespace (started by `up`,
// stopped by PID on `down`) that probes each backend as Azure does and rewrites the slot map
// (commands/fabric-lb.ts) when the healthy set changes. Azure's rules (docs/high-availability.md):
// an HTTP probe every intervalInSeconds from 168.63.129.16; "explicit responses will immediately mark
// the probe as up or down for 200 and non-200 responses ... the threshold value only applies to HTTP
// probes if the probe times out due to no response"; a probe fails on non-200, on no answer within
// the interval, or on a TCP reset. Every change is appended to the log as one JSON line, which the
// failover bench and `status` read.
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { slotsNft } from "./commands/fabric-lb.js";

export interface ProberConfig {
  readonly backends: readonly { readonly name: string; readonly address: string }[];
  readonly port: number;
  readonly path: string;
  readonly intervalMs: number;
  readonly threshold: number;
  readonly source: string;
  /** Health now (JSON, rewritten atomically) and every change (JSON lines). */
  readonly stateFile: string;
  readonly logFile: string;
}

export type ProbeResult = "ok" | "fail" | "timeout";

export interface BackendHealth {
  readonly up: boolean;
  /** Consecutive timeouts (only they count towards the threshold). */
  readonly timeouts: number;
  readonly last?: ProbeResult;
  readonly detail?: string;
}

/** Azure's marking, pure: 200 up at once, non-200 or reset down at once, threshold timeouts in a row down. */
export function nextHealth(h: BackendHealth, r: ProbeResult, threshold: number, detail?: string): BackendHealth {
  const d = detail ? { detail } : {};
  if (r === "ok") return { up: true, timeouts: 0, last: r, ...d };
  if (r === "fail") return { up: false, timeouts: 0, last: r, ...d };
  const timeouts = h.timeouts + 1;
  return { up: h.up && timeouts < threshold, timeouts, last: r, ...d };
}

function probe(cfg: ProberConfig, address: string): Promise<{ r: ProbeResult; detail: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult, detail: string) => {
      if (!done) ((done = true), resolve({ r, detail }));
    };
    const req = request(
      { host: address, port: cfg.port, path: cfg.path, method: "GET", localAddress: cfg.source, timeout: cfg.intervalMs, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c.slice(0, 200)));
        res.on("end", () => finish(res.statusCode === 200 ? "ok" : "fail", `${res.statusCode} ${body.trim().split("\n")[0] ?? ""}`));
      },
    );
    req.on("timeout", () => {
      req.destroy();
      finish("timeout", `no answer in ${cfg.intervalMs} ms`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET") return finish("fail", e.code);
      // Anything else (no route, no ARP answer) is no answer: on Azure a probe without one fails only
      // when its interval is over, so it is told then, not at once.
      setTimeout(() => finish("timeout", e.code ?? e.message), Math.max(0, started + cfg.intervalMs - Date.now()));
    });
    req.end();
  });
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as ProberConfig;
  let health: BackendHealth[] = cfg.backends.map(() => ({ up: false, timeouts: 0 }));
  let applied = "";
  const stop = () => process.exit(0);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (;;) {
    const started = Date.now();
    const results = await Promise.all(cfg.backends.map((b) => probe(cfg, b.address)));
    health = health.map((h, i) => nextHealth(h, results[i]!.r, cfg.threshold, results[i]!.detail));
    const key = health.map((h) => (h.up ? 1 : 0)).join("");
    const at = new Date().toISOString();
    if (key !== applied) {
      const r = spawnSync("nft", ["-f", "-"], { input: slotsNft(health.map((h) => h.up)), encoding: "utf8" });
      if (r.status === 0) applied = key;
      appendFileSync(
        cfg.logFile,
        JSON.stringify({
          at,
          t: Date.now(),
          up: Object.fromEntries(cfg.backends.map((b, i) => [b.name, health[i]!.up])),
          nft: r.status,
          ...(r.status ? { error: r.stderr.trim() } : {}),
        }) + "\n",
      );
    }
    writeJson(cfg.stateFile, { at, t: Date.now(), backends: cfg.backends.map((b, i) => ({ name: b.name, ...health[i]! })) });
    await new Promise((r) => setTimeout(r, Math.max(0, cfg.intervalMs - (Date.now() - started))));
  }
}

if (process.argv[1] && /lb-prober\.[tj]s$/.test(process.argv[1])) void main();
