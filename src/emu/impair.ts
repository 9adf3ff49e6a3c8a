// Applies the underlay impairments (what they are and how they are built: commands/impair.ts) in
// the fabric namespace, so `down` removes them with it.
import { release } from "node:os";
import type { Lab } from "../model/types.js";
import { run } from "./exec.js";
import { inNs } from "./commands/argv.js";
import { configPaths, IMPAIR_TABLE, ImpairError, planImpairments, type PathSpec, type Plan } from "./commands/impair.js";
import type { Topology } from "./commands/topology.js";

/** Does the kernel have netem? Tried on a scratch veth pair inside the fabric namespace (removed again). */
export async function netemError(topo: Topology): Promise<string | undefined> {
  const dev = "hsvnetem0";
  const made = await run(["ip", "-n", topo.fabricNs, "link", "add", dev, "type", "veth", "peer", "name", "hsvnetem1"], { check: false });
  if (made.code !== 0) throw new ImpairError(`cannot make a scratch device to probe for netem: ${made.stderr.trim()}`);
  try {
    const r = await run(inNs(topo.fabricNs, ["tc", "qdisc", "add", "dev", dev, "root", "netem", "delay", "1ms"]), { check: false });
    return r.code === 0 ? undefined : (r.stderr || r.stdout).trim() || `exit ${r.code}`;
  } finally {
    await run(["ip", "-n", topo.fabricNs, "link", "del", dev], { check: false });
  }
}

/** Removes every impairment (nft table, htb roots on every port); what `--clear` does. */
export async function clearImpairments(topo: Topology): Promise<void> {
  await run(inNs(topo.fabricNs, ["nft", "delete", "table", "inet", IMPAIR_TABLE]), { check: false });
  for (const n of topo.nodes) await run(inNs(topo.fabricNs, ["tc", "qdisc", "del", "dev", n.port, "root"]), { check: false });
}

/** Sets the lab's impairments to exactly `specs` (previous ones removed first). */
export async function applyImpairments(lab: Lab, topo: Topology, specs: readonly PathSpec[]): Promise<Plan> {
  if (specs.some((s) => s.delayMs)) {
    const err = await netemError(topo);
    if (err)
      throw new ImpairError(
        `delay needs the kernel's netem qdisc (module sch_netem, CONFIG_NET_SCH_NETEM), which this kernel (${release()}) does not have: \`tc qdisc add … netem\` said "${err}". Rate (htb) and loss (nftables) work without it.`,
        true,
      );
  }
  const plan = planImpairments(lab, topo, specs);
  await clearImpairments(topo);
  if (!specs.length) return plan;
  await run(inNs(topo.fabricNs, ["nft", "-f", "-"]), { input: plan.nft });
  if (plan.tc.length) await run(inNs(topo.fabricNs, ["tc", "-batch", "-"]), { input: plan.tc.join("\n") + "\n" });
  return plan;
}

/** What `up` calls in its fabric phase: the stack's emulation.* impairments, if any (nothing otherwise). */
export async function applyConfigImpairments(lab: Lab, topo: Topology): Promise<void> {
  const specs = configPaths(lab);
  if (specs.length) await applyImpairments(lab, topo, specs);
}
