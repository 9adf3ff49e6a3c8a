// PURE: verify's routing section (routing: bgp), printed under the grid or the wide table: per
// router a table of its sessions (neighbour, state, what it learned and what the model says it
// must learn), then every difference. A static lab has no routing result and prints nothing here.
import { routingCountLine, type RoutingResult } from "../probe/bgp.js";

const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));

/** Rows padded to each column's widest cell, two spaces between columns. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(" ") : "(none)");

export function renderRouting(routing: readonly RoutingResult[] | undefined): string[] {
  if (!routing?.length) return [];
  const lines: string[] = ["", "routing (BGP): each session's state and the prefixes learned over it, against the model"];
  for (const r of routing) {
    lines.push(`${r.vm} (AS ${r.asn})${r.observed.error ? `: no BGP report: ${r.observed.error}` : ""}`);
    const rows = [
      ["  Neighbour", "Remote", "State", "Learned", "Expected", "Result"],
      ...r.sessions.map((s) => [
        `  ${s.address}`,
        `${s.remoteVm} AS ${s.remoteAsn} over ${s.device}`,
        s.state,
        list(s.learned),
        list(s.accept),
        s.asExpected ? "as expected" : "DIFFERS",
      ]),
    ];
    lines.push(...columns(rows));
  }
  lines.push(routingCountLine(routing));
  const bad = routing.flatMap((r) => r.differences);
  if (bad.length) {
    lines.push("");
    lines.push(`${bad.length} routing difference(s):`);
    for (const d of bad) lines.push(`  - ${d}`);
  }
  return lines;
}
