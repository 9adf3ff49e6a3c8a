// PURE: what a change's resource actions mean for the lab (change.ts finds the actions): which VMs
// are re-created, which gateways or connections are rebuilt, which tunnels carry nothing meanwhile,
// whose checks re-run; and the report `lab plan --from` prints.
import type { Lab } from "../model/types.js";
import type { Change } from "./change.js";
import { TYPES } from "./resources.js";
import { verifyRunCommandName } from "../config/resource-names.js";

export const SOURCE_NOTE =
  "derived from the program's own resource graph (both configs run under Pulumi's mock monitor) and the replacement rules it " +
  "declares and Azure's (a new name, location, resource group or parent is a new resource); not the engine's preview: " +
  "`pulumi preview --diff` adds what the provider's own diff finds";

export interface ChangeReport {
  readonly from: string;
  readonly stack: string;
  readonly note: string;
  readonly changes: readonly Change[];
  readonly vmsRecreated: readonly string[];
  readonly gatewaysRebuilt: readonly string[];
  readonly connectionsRebuilt: readonly string[];
  /** Per tunnel that carries nothing during the up: which tunnel and why. */
  readonly tunnelsDown: readonly string[];
  /** VMs whose check runs again (a run-command created, replaced or changed). */
  readonly checksRerun: readonly string[];
  /** Changes the program refuses (the up stops in preview). */
  readonly refused: readonly string[];
}

const named = (changes: readonly Change[], type: string, actions: readonly string[]) =>
  changes.filter((c) => c.type === type && actions.includes(c.action)).map((c) => c.name);

export function changeReport(from: string, stack: string, lab: Lab, changes: readonly Change[]): ChangeReport {
  const vmsRecreated = named(changes, TYPES.vm, ["replace"]);
  const gatewaysRebuilt = named(changes, TYPES.gw, ["replace"]);
  const connectionsRebuilt = named(changes, TYPES.cn, ["replace", "delete"]);
  const down = new Set(vmsRecreated);
  const tunnelsDown = lab.tunnels.flatMap((t) => {
    const ends = [t.hubEnd.vm, t.siteEnd.vm].filter((vm) => down.has(vm));
    return ends.length
      ? [`${t.device} ${t.hubEnd.vm} <-> ${t.siteEnd.vm}: down while ${ends.join(" and ")} ${ends.length > 1 ? "are" : "is"} re-created`]
      : [];
  });
  const connectionDowntime = connectionsRebuilt.map(
    (c) => `${c}: the ExpressRoute path through it is down from its delete until the new connection is up`,
  );
  const rcVm = (c: Change) => lab.vms.find((v) => verifyRunCommandName(v.name) === c.name)?.name ?? c.name;
  const checksRerun = changes.filter((c) => c.type === TYPES.rc && c.action !== "delete").map(rcVm);
  return {
    from,
    stack,
    note: SOURCE_NOTE,
    changes,
    vmsRecreated,
    gatewaysRebuilt,
    connectionsRebuilt,
    tunnelsDown: [...tunnelsDown, ...connectionDowntime],
    checksRerun,
    refused: changes.filter((c) => c.action === "refused").map((c) => `${c.name}: ${c.why.join("; ")}`),
  };
}

const short = (type: string) => type.split(":").pop()!;

function actionWord(c: Change): string {
  if (c.action === "replace") return c.deleteFirst ? "replace (delete first)" : "replace";
  if (c.action === "delete" && c.deletedWith) return `delete (with ${c.deletedWith})`;
  return c.action;
}

export function renderChangeReport(r: ChangeReport): string {
  const lines = [`lab plan --from ${r.from} -> stack ${r.stack}: ${r.changes.length} resource(s) change`];
  lines.push(`(${r.note})`, "");
  if (!r.changes.length) lines.push("nothing changes: the up creates, updates and deletes nothing, and no check re-runs");
  const w = Math.max(0, ...r.changes.map((c) => actionWord(c).length));
  for (const c of r.changes) lines.push(`  ${actionWord(c).padEnd(w)}  ${short(c.type)} ${c.name}: ${c.why.join("; ")}`);
  if (r.changes.length) {
    lines.push("");
    if (r.refused.length) lines.push(`refused in preview (the up stops there): ${r.refused.join("; ")}`);
    lines.push(`VMs re-created: ${r.vmsRecreated.join(", ") || "none"}`);
    lines.push(
      `gateways rebuilt: ${r.gatewaysRebuilt.join(", ") || "none"}; connections rebuilt: ${r.connectionsRebuilt.join(", ") || "none"}`,
    );
    lines.push(`tunnels down meanwhile:${r.tunnelsDown.length ? "" : " none"}`);
    for (const t of r.tunnelsDown) lines.push(`  - ${t}`);
    lines.push(
      r.checksRerun.length
        ? `verification re-runs on: ${r.checksRerun.join(", ")}`
        : "verification does not re-run (no run-command changes)",
    );
  }
  return lines.join("\n");
}
