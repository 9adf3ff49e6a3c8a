// Applies one VM's rendered cloud-init document the way cloud-init would, inside its namespace:
// write_files at their real paths (as the VM sees them through /etc/netns/<ns>/, which
// `ip netns exec` bind-mounts over /etc), with their permissions and owners; then runcmd, read
// through an explicit table. Packages are not installed: the host must already have the tools.
// Exactly the rendered bytes: a wrong template makes the emulation fail, which is the point.
import { chown, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { frrDaemons, runcmdArgv, type Plan, type Step } from "./commands/cloud-init.js";
import { makeSocketDir, wireguardPids } from "./wireguard.js";
import { hasWireguard, mountStep } from "./commands/wireguard.js";
import { hostId, ipBatch, run, runSteps, spawnDetached, sysctlIn } from "./exec.js";
import { inNs, type Step as ExecStep } from "./commands/argv.js";
import { assertStarted, makeRunDir, startedPids } from "./frr.js";
import { frrStartSteps } from "./commands/frr.js";
import type { ProcessRecord } from "./state.js";
import { vmBootSteps, type VmNode } from "./commands/topology.js";

/**
 * write_files: at <etcDir>/<path under /etc>, exact bytes, mode and owner, in the document's order.
 * Asynchronous: on this ext4 each create waits on the journal while other VMs' runners write too,
 * and blocking there held up Node's whole pipeline (0.5 s of a 50-site `up`).
 */
export async function writeFiles(n: VmNode, plan: Plan): Promise<void> {
  const made = new Set<string>(); // each folder made once (a router's files share a few)
  for (const f of plan.files) {
    const target = join(n.etcDir, f.path.slice("/etc/".length));
    const dir = dirname(target);
    if (!made.has(dir)) await mkdir(dir, { recursive: true, mode: 0o755 });
    made.add(dir);
    await writeFile(target, f.content, { mode: f.mode });
    await chown(target, hostId("-u", f.owner), hostId("-g", f.group));
  }
}

/** One runcmd entry (sysctl, hooks) run again on its own, as the faults do; returns the wireguard-go daemons running after it. */
export async function runStep(n: VmNode, s: Step): Promise<ProcessRecord[]> {
  if (!hasWireguard(n)) {
    await run(inNs(n.ns, runcmdArgv(s)), { timeoutMs: 20_000 });
    return [];
  }
  await runSteps(n.ns, [mountStep(n), runcmdArgv(s)], { timeoutMs: 20_000 });
  return wireguardPids(n);
}

/**
 * A VM's boot alone (vmBootSteps: image sysctls, eth0 from DHCP) without entering its namespace:
 * the sysctls by a thread of the command helper, eth0's lines by one `ip -n NS -batch`.
 */
export async function bootVm(n: VmNode): Promise<void> {
  for (const s of vmBootSteps(n)) {
    if ("sysctl" in s) await sysctlIn(n.ns, s.sysctl);
    else if ("ipBatch" in s) await ipBatch(n.ns, s.ipBatch);
    else throw new Error(`${n.vm.name}: a boot step must be sysctl keys or ip lines`);
  }
}

/**
 * One VM's cloud-init, as cloud-init would: its files, then its runcmd in the document's order in
 * one `ip netns exec` (each step its exact argv, exit status checked), `systemctl restart frr`
 * played in its place by zebra then staticd (each once it serves). `boot`: the VM's boot
 * (vmBootSteps) first, in the same namespace entry; a VM with no runcmd (a host) boots with bootVm
 * and is never entered. `onPids` gets whatever daemons started, even when a later step failed.
 */
export async function applyVm(n: VmNode, plan: Plan, onPids: (pids: ProcessRecord[]) => void, boot = false): Promise<void> {
  const hasFrr = plan.steps.some((s) => s.kind === "frr");
  if (hasFrr && !n.runDir) throw new Error(`${n.vm.name}: runcmd restarts frr but the VM is not a router`);
  await writeFiles(n, plan);
  if (n.runDir) await makeRunDir(n.runDir);
  const wg = hasWireguard(n);
  if (wg) makeSocketDir(n);
  const runcmd: ExecStep[] = [
    ...(wg ? [mountStep(n)] : []),
    ...plan.steps.flatMap((s): ExecStep[] =>
      s.kind === "frr" ? frrStartSteps(n, s.daemons) : s.kind === "dispatcher" || s.kind === "service" ? [] : [runcmdArgv(s)],
    ),
  ];
  const argvs: ExecStep[] = [...(boot ? vmBootSteps(n) : []), ...runcmd];
  const services: ProcessRecord[] = [];
  try {
    if (boot && !runcmd.length) await bootVm(n);
    else await runSteps(n.ns, argvs, { timeoutMs: 20_000 * Math.max(1, argvs.length) });
    // The document's own units, after the rest of runcmd as it orders them (each enabled after FRR):
    // their ExecStart in the namespace, stopped by PID. systemd's sandboxing (DynamicUser=) is not played.
    for (const s of plan.steps) {
      if (s.kind !== "service") continue;
      const pid = spawnDetached(inNs(n.ns, s.argv), { log: join(n.runDir ?? n.etcDir, `${s.unit}.log`) });
      if (!pid) throw new Error(`${n.vm.name}: ${s.unit} did not start (${s.argv.join(" ")})`);
      services.push({ pid, what: s.unit, ns: n.ns });
    }
  } finally {
    const pids = [
      ...services,
      ...(hasFrr ? startedPids(n).map((p) => ({ pid: p.pid, what: p.daemon as string, ns: n.ns })) : []),
      // The post-up script's wireguard-go daemons (one per link), recorded so that `down` stops them by PID.
      ...(wg ? wireguardPids(n) : []),
    ];
    if (pids.length) onPids(pids);
  }
  if (hasFrr) assertStarted(n, frrDaemons(plan));
}
