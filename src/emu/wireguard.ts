// WireGuard in the emulation. This host's kernel has no WireGuard, so the post-up script's fallback
// runs the userspace wireguard-go (same device, same `wg setconf` file). wireguard-go and wg meet at
// /run/wireguard/<dev>.sock, one host path for every namespace (both routers of a tunnel have a
// "wg0"), so each router gets its own folder bind-mounted there inside its own `ip netns exec`
// (whose mount namespace is private: the host never sees the mount). Keys: one file per stack.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { socketDir, WG_PROCESS } from "./commands/wireguard.js";
import { alive, pidsIn } from "./processes.js";
import { RUN_ROOT, type VmNode } from "./commands/topology.js";
import type { ProcessRecord } from "./state.js";
import type { Lab } from "../model/types.js";
import { BGP_PASSWORD, raw32, type TunnelKeys } from "../model/wireguard-keys.js";

export function makeSocketDir(n: VmNode): void {
  mkdirSync(socketDir(n), { recursive: true, mode: 0o700 });
}

/** The wireguard-go daemons running in the router's namespace now, by PID (recorded in the lab's state). */
export function wireguardPids(n: VmNode): ProcessRecord[] {
  const out: ProcessRecord[] = [];
  for (const pid of pidsIn([n.ns])) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === WG_PROCESS && alive(pid))
        out.push({ pid, what: `${WG_PROCESS} ${argv[1] ?? ""}`.trim(), ns: n.ns });
    } catch {
      /* exited */
    }
  }
  return out;
}

export const isWireguardRecord = (p: ProcessRecord): boolean => p.what.startsWith(WG_PROCESS);

const KEY_DIR = `${RUN_ROOT}/keys`;
export const keyFile = (stack: string): string => `${KEY_DIR}/${stack}.json`;

/**
 * The stack's tunnel secrets (WireGuard private keys, BGP passwords): made once (crypto.randomBytes) and kept in a root-only file,
 * reused by every later `up` of the stack (and by the faults' rebuilds). Never printed.
 */
export function stackKeys(lab: Lab, stack: string): TunnelKeys | undefined {
  const bgp = lab.routing === "bgp";
  if (!lab.encrypted && !bgp) return undefined;
  const file = keyFile(stack);
  let keys: Record<string, { hub?: string; site?: string; bgp?: string }> = {};
  if (existsSync(file)) {
    try {
      keys = JSON.parse(readFileSync(file, "utf8")) as typeof keys;
    } catch {
      keys = {};
    }
  }
  const valid = (k: string | undefined) => {
    try {
      return !!k && !!raw32(k, "key");
    } catch {
      return false;
    }
  };
  let changed = false;
  for (const t of lab.tunnels) {
    const k = keys[t.key] ?? {};
    const wgOk = !lab.encrypted || (valid(k.hub) && valid(k.site));
    const bgpOk = !bgp || BGP_PASSWORD.test(k.bgp ?? "");
    if (wgOk && bgpOk) continue;
    keys[t.key] = {
      ...k,
      ...(wgOk ? {} : { hub: randomBytes(32).toString("base64"), site: randomBytes(32).toString("base64") }),
      // 16 random bytes as 32 hex digits: letters and digits only, as BGP_PASSWORD asks.
      ...(bgpOk ? {} : { bgp: randomBytes(16).toString("hex") }),
    };
    changed = true;
  }
  if (changed) {
    // The run root stays traversable (FRR's daemons run as frr under it); only the key folder is root's.
    if (!existsSync(RUN_ROOT)) mkdirSync(RUN_ROOT, { recursive: true, mode: 0o755 });
    if (!existsSync(KEY_DIR)) mkdirSync(KEY_DIR, { mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }
  return keys;
}
