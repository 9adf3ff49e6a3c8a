// Finding and stopping the lab's processes, always by PID: which processes run inside our
// namespaces (one /proc scan), which FRR daemons belong to a lab's run dir, and stopping them.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readPid } from "./frr.js";
import { DAEMONS, FRR_DIR, pidFile, type Daemon } from "./commands/frr.js";
import type { LabState } from "./state.js";
import { netnsFile } from "./commands/topology.js";

/** The record of verify's stand-in for sshd (emu/verify.ts): expected gone between verifies, never a dead daemon. */
export const LISTENER_WHAT = "probe listener";

/** Running (a zombie waiting for its reaper counts as gone: it holds no namespace or socket). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
};

/**
 * PIDs whose network namespace is one of `nss`: what `ip netns pids NS` prints (same test: the
 * device and inode of /proc/PID/ns/net against /run/netns/NS), for all of them in one /proc scan
 * instead of one process per namespace, each scanning /proc.
 */
export function pidsIn(nss: readonly string[]): Set<number> {
  const ids = new Set<string>();
  for (const ns of nss) {
    try {
      const st = statSync(netnsFile(ns));
      ids.add(`${st.dev}:${st.ino}`);
    } catch {
      /* gone */
    }
  }
  const out = new Set<number>();
  if (!ids.size) return out;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const st = statSync(`/proc/${entry}/ns/net`);
      if (ids.has(`${st.dev}:${st.ino}`)) out.add(Number(entry));
    } catch {
      /* exited, or a kernel thread */
    }
  }
  return out;
}

/**
 * Live FRR daemons started for the run dir `runDir` (a lab's, e.g. /run/hub-spoke-vxlan/seed), found
 * by their own command line: one of our daemons with its pid file (-i) under that dir. They are ours
 * even when their namespace has lost its name (deleted by a concurrent `down`), where
 * `ip netns pids` cannot see them any more. Zombies are left out (they hold nothing).
 */
export function daemonsOf(runDir: string): { pid: number; daemon: Daemon }[] {
  const out: { pid: number; daemon: Daemon }[] = [];
  const prefix = runDir.endsWith("/") ? runDir : `${runDir}/`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone
    }
    const daemon = DAEMONS.find((d) => argv[0] === `${FRR_DIR}/${d}`);
    const i = argv.indexOf("-i");
    const pidPath = i < 0 ? "" : (argv[i + 1] ?? "");
    if (!daemon || !pidPath.startsWith(prefix) || !pidPath.endsWith(`/${daemon}.pid`)) continue;
    const pid = Number(entry);
    if (alive(pid)) out.push({ pid, daemon });
  }
  return out;
}

/**
 * What `down` stops: recorded PIDs, pid files under the recorded dirs and whatever runs inside
 * `nss`, but only PIDs inside `nss` (a stale pid file must never hit someone else's process), plus
 * the lab's FRR daemons by their own command line: a namespace deleted while its daemons ran (a
 * concurrent `down` of the same stack, between its `ip netns pids` and a daemon's start) has no
 * name left, and its daemons would outlive every down.
 */
export function processesToStop(state: LabState, nss: readonly string[], runDir: string): number[] {
  const pids = new Set<number>();
  for (const d of state.dirs) {
    for (const dm of DAEMONS) {
      for (const sub of existsSync(d) ? readdirSync(d) : []) {
        const p = readPid(pidFile(`${d}/${sub}`, dm));
        if (p) pids.add(p);
      }
    }
  }
  const inOurNs = pidsIn(nss);
  for (const p of state.pids) if (inOurNs.has(p.pid)) pids.add(p.pid);
  for (const p of inOurNs) pids.add(p);
  const targets = [...pids].filter((p) => inOurNs.has(p));
  for (const d of daemonsOf(runDir)) if (!targets.includes(d.pid)) targets.push(d.pid);
  return targets;
}

/** SIGTERM each PID, wait (bounded) for all to exit, SIGKILL the rest. */
export async function stopPids(pids: readonly number[], graceMs = 1500): Promise<void> {
  const live = pids.filter(alive);
  for (const p of live) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (live.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const p of live.filter(alive)) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  const hard = Date.now() + 2000;
  while (live.some(alive) && Date.now() < hard) await new Promise((r) => setTimeout(r, 10));
}
