// PURE: verify's result as a from x to grid a person can read on a terminal, the pairs that
// differ listed under it with why (the model's reason and what the probes saw). The per-pair
// table stays behind `verify --wide`; machines read `--json` (VERIFY_JSON_KEYS pins its shape).
import { countLine, expectsPing, PROBE_PORT, type PairResult, type VerifyResult } from "../probe/contract.js";
import { renderRouting } from "./routing.js";
import { fullTable } from "../emu/commands/fabric-nsg.js";

export const MARK = { reachable: "✓", tcpOnly: "~", unreachable: "·", differs: "!", self: "—" } as const;

/** Top-level keys of `verify --json`, and the keys of each pair object (pinned by a unit test). */
export const VERIFY_JSON_KEYS = ["stack", "pairs", "ok", "ms"] as const;
export const PAIR_JSON_KEYS = ["from", "to", "destination", "reachable", "hops", "why", "observed", "asExpected", "differences"] as const;
/** hub.pair: `ping` follows `reachable` in a pair where the model expects ping to differ from TCP. */
export const PAIR_PING_KEY = "ping";

/** What the probes saw, as one mark: reachable when ping or TCP got through; TCP without ping apart
 *  (hub.pair: ICMP is not load-balanced, so ping through the load balancer is expected to fail). */
const observedMark = (p: PairResult) =>
  p.observed.tcp && !p.observed.ping ? MARK.tcpOnly : p.observed.ping || p.observed.tcp ? MARK.reachable : MARK.unreachable;

/** What the model says of a pair, in words. */
function modelSays(p: PairResult): string {
  if (!p.reachable) return `unreachable${p.why ? ` (${p.why})` : ""}`;
  const via = `via ${p.hops.join(" ")}`;
  return expectsPing(p) ? `reachable ${via}` : `tcp/${PROBE_PORT} reachable ${via}, ping unanswered${p.why ? ` (${p.why})` : ""}`;
}

/** One cell: the observed mark, then `!` when it is not what the model says (reachability or hops). */
export const cell = (p: PairResult | undefined): string => (p ? `${observedMark(p)}${p.asExpected ? " " : MARK.differs}` : `${MARK.self} `);

const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));

/** The grid's VMs in first-seen order of the pairs (verify sorts them), sources and destinations alike. */
export function vmsOf(r: Pick<VerifyResult, "pairs">): string[] {
  const seen = new Set<string>();
  for (const p of r.pairs) seen.add(p.from).add(p.to);
  return [...seen];
}

/**
 * Rows are sources (from), columns destinations (to), numbered so that wide names fit: the column
 * header is the row's number. Then a legend, the count, and each pair that differs with why.
 */
export function renderGrid(r: VerifyResult): string {
  const vms = vmsOf(r);
  const byKey = new Map(r.pairs.map((p) => [`${p.from}\0${p.to}`, p]));
  const num = (i: number) => String(i + 1);
  const nameW = Math.max(4, ...vms.map((v, i) => `${num(i)} ${v}`.length));
  const colW = Math.max(3, ...vms.map((_, i) => num(i).length + 1));
  const lines: string[] = [];
  lines.push(`${pad("from \\ to", nameW)} ${vms.map((_, i) => pad(num(i), colW)).join("")}`.trimEnd());
  vms.forEach((from, i) => {
    const cells = vms.map((to) => pad(from === to ? cell(undefined) : cell(byKey.get(`${from}\0${to}`)), colW));
    lines.push(`${pad(`${num(i)} ${from}`, nameW)} ${cells.join("")}`.trimEnd());
  });
  const bad = r.pairs.filter((p) => !p.asExpected);
  lines.push("");
  lines.push(
    `${MARK.reachable} reachable   ${MARK.unreachable} unreachable   ${MARK.differs} differs from the model   (ping or tcp/${PROBE_PORT} answered = reachable)`,
  );
  // Only where a cell shows it: grids without it print as before.
  if (r.pairs.some((p) => observedMark(p) === MARK.tcpOnly)) lines.push(`${MARK.tcpOnly} tcp/${PROBE_PORT} answered, ping not`);
  if (r.underlay) lines.push(`underlay: ${r.underlay}`);
  lines.push(countLine(r.pairs, r.ms));
  const down = (r.links ?? []).filter((l) => !l.up);
  if (down.length) {
    lines.push("");
    lines.push(`${down.length} tunnel link(s) not up:`);
    for (const l of down) lines.push(`  - ${l.difference}`);
  }
  if (bad.length) {
    lines.push("");
    lines.push(`${bad.length} pair(s) differ:`);
    for (const p of bad) {
      lines.push(`  ${p.from} -> ${p.to} (${p.destination}): the model says ${modelSays(p)}`);
      for (const d of p.differences) lines.push(`    - ${d}`);
    }
  }
  lines.push(...renderRouting(r.routing));
  if (r.unrecordedFlows) lines.push("", fullTable(r.unrecordedFlows));
  return lines.join("\n");
}
