// hub.pair in the emulation: the load balancer's prober started in the fabric namespace (its nft
// and routes are written with the fabric's, commands/fabric-lb.ts), and its view of the backends.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../model/types.js";
import { WIRESERVER } from "../platform/network.js";
import { inNs } from "./commands/argv.js";
import { lbBackends } from "./commands/fabric-lb.js";
import { spawnDetached } from "./exec.js";
import type { BackendHealth, ProberConfig } from "./lb-prober.js";
import type { ProcessRecord } from "./state.js";
import type { LabPaths, Topology } from "./commands/topology.js";
import { PROJECT_DIR } from "../config/project-dir.js";

const PROBER = join(PROJECT_DIR, "src", "emu", "lb-prober.ts");
export const PROBER_WHAT = "lb prober";

export const proberFiles = (t: LabPaths) => ({
  config: join(t.runDir, "lb-prober.json"),
  state: join(t.runDir, "lb-health.json"),
  log: join(t.runDir, "lb-health.log"),
  output: join(t.runDir, "lb-prober.out"),
});

export function proberConfig(lab: Lab, t: Topology): ProberConfig | undefined {
  const lb = lab.loadBalancer;
  if (!lb) return undefined;
  const f = proberFiles(t);
  return {
    backends: lbBackends(lb, t).map(({ name, address }) => ({ name, address })),
    port: lb.probe.port,
    path: lb.probe.path,
    intervalMs: lb.probe.intervalSeconds * 1000,
    threshold: lb.probe.threshold,
    source: WIRESERVER,
    stateFile: f.state,
    logFile: f.log,
  };
}

/** Starts the prober (none without a load balancer); its PID for the state file. */
export function startProber(lab: Lab, t: Topology): ProcessRecord | undefined {
  const cfg = proberConfig(lab, t);
  if (!cfg) return undefined;
  const f = proberFiles(t);
  writeFileSync(f.config, JSON.stringify(cfg, null, 1));
  const pid = spawnDetached(inNs(t.fabricNs, [process.execPath, "--import", "tsx", PROBER, f.config]), { cwd: PROJECT_DIR, log: f.output });
  if (!pid) throw new Error(`the load balancer's prober did not start (see ${f.output})`);
  return { pid, what: PROBER_WHAT, ns: t.fabricNs };
}

export interface LbHealth {
  readonly at: string;
  readonly t: number;
  readonly backends: readonly ({ readonly name: string } & BackendHealth)[];
}

/** What the prober saw last (undefined before its first round). */
export function lbHealth(t: LabPaths): LbHealth | undefined {
  const f = proberFiles(t).state;
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, "utf8")) as LbHealth;
  } catch {
    return undefined; // being replaced: the next read has it
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until the prober has marked every backend up; names those still down and why. */
export async function waitForBackends(lab: Lab, t: Topology, timeoutMs: number): Promise<void> {
  if (!lab.loadBalancer) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = lbHealth(t);
    if (h && h.backends.every((b) => b.up)) return;
    if (Date.now() > deadline) {
      const down = h ? h.backends.filter((b) => !b.up).map((b) => `${b.name} (${b.detail ?? b.last ?? "not probed"})`) : ["no probe yet"];
      throw new Error(`load balancer backends not healthy within ${timeoutMs} ms: ${down.join(", ")} (see ${proberFiles(t).output})`);
    }
    await sleep(100);
  }
}
