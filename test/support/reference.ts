// Reads the hand-written reference matrices (test/reference/<stack>/verify.matrix; the format is
// documented at the top of each file) and compares a matrix with them pair by pair.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const REFERENCE_DIR = join(__dirname, "..", "reference");
export const LOST = "???";
/** Between a hop's alternatives (hub.pair: either hub router). */
export const OR = "|";
const MAX_HOPS = 6;
const ADDRESS = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export interface RefPair {
  readonly from: string;
  readonly to: string;
  readonly destination: string;
  /** TCP to port 22 connects (and ping is answered unless `ping` is false). */
  readonly reachable: boolean;
  /** Only on a `tcp-only` pair: ping is not answered. */
  readonly ping?: false;
  readonly hops: readonly string[];
  readonly line: number;
}

const VERDICTS = ["reachable", "unreachable", "tcp-only"];

export interface Reference {
  readonly stack: string;
  readonly file: string;
  readonly pairs: readonly RefPair[];
}

export class ReferenceFormatError extends Error {
  override name = "ReferenceFormatError";
}

/** Parses a reference matrix; throws ReferenceFormatError naming the line on anything malformed. */
export function parseReference(text: string, source = "reference"): Reference {
  let stack: string | undefined;
  let file: string | undefined;
  let declared: number | undefined;
  const pairs: RefPair[] = [];
  const seen = new Set<string>();
  const fail = (n: number, why: string): never => {
    throw new ReferenceFormatError(`${source}:${n}: ${why}`);
  };
  text.split("\n").forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const f = line.split(/\s+/);
    const key = f[0]!;
    if (key === "stack" || key === "file" || key === "pairs") {
      if (f.length !== 2) fail(n, `"${key}" takes one value`);
      const already = key === "stack" ? stack : key === "file" ? file : declared;
      if (already !== undefined) fail(n, `"${key}" given twice`);
      if (key === "stack") stack = f[1];
      else if (key === "file") file = f[1];
      else if (!/^\d+$/.test(f[1]!)) fail(n, `pairs: "${f[1]}" is not a count`);
      else declared = Number(f[1]);
      return;
    }
    if (f.length < 5) fail(n, `a pair line is "<from> <to> <dst> reachable|unreachable|tcp-only <hop>...", got "${line}"`);
    const [from, to, destination, verdict, ...hops] = f as [string, string, string, string, ...string[]];
    if (from === to) fail(n, `${from} -> itself`);
    if (!ADDRESS.test(destination)) fail(n, `destination "${destination}" is not an IPv4 address`);
    if (!VERDICTS.includes(verdict)) fail(n, `verdict "${verdict}" is none of ${VERDICTS.join(", ")}`);
    for (const h of hops) {
      const alts = h.split(OR);
      for (const a of alts) if (a !== LOST && !ADDRESS.test(a)) fail(n, `hop "${a}" is neither an address nor ${LOST}`);
      if (new Set(alts).size !== alts.length) fail(n, `hop "${h}" lists an alternative twice`);
    }
    if (hops.length > MAX_HOPS) fail(n, `${hops.length} hops: traceroute stops at ${MAX_HOPS}`);
    const reachable = verdict !== "unreachable";
    if (reachable && hops.at(-1) !== destination) fail(n, `${verdict}, but the last hop is ${hops.at(-1)}, not ${destination}`);
    if (!reachable && hops.length !== MAX_HOPS) fail(n, `unreachable: all ${MAX_HOPS} TTLs must be listed`);
    const k = `${from} ${to}`;
    if (seen.has(k)) fail(n, `${from} -> ${to} listed twice`);
    seen.add(k);
    pairs.push({ from, to, destination, reachable, ...(verdict === "tcp-only" ? { ping: false as const } : {}), hops, line: n });
  });
  if (!stack) throw new ReferenceFormatError(`${source}: no "stack" line`);
  if (!file) throw new ReferenceFormatError(`${source}: no "file" line`);
  if (declared === undefined) throw new ReferenceFormatError(`${source}: no "pairs" line`);
  if (declared !== pairs.length) throw new ReferenceFormatError(`${source}: "pairs ${declared}" but ${pairs.length} pair lines`);
  return { stack, file, pairs };
}

export const loadReference = (stack: string): Reference => {
  const path = join(REFERENCE_DIR, stack, "verify.matrix");
  return parseReference(readFileSync(path, "utf8"), path);
};

/** One pair as something else saw it: the model's walk (expect.ts) or the running lab (verify). */
export interface SeenPair {
  readonly from: string;
  readonly to: string;
  readonly destination: string;
  readonly ping: boolean;
  readonly tcp: boolean;
  readonly hops: readonly string[];
}

const word = (ok: boolean, yes: string, no: string) => (ok ? yes : no);

/**
 * Whether seen hops match the reference's. "one of": each seen hop (what a probe saw: one address)
 * is one of the reference hop's alternatives; "exact": the same alternatives (the model's walk lists
 * every one, so a missing or extra alternative is a difference).
 */
export type HopMatch = "one of" | "exact";
function hopsMatch(ref: readonly string[], seen: readonly string[], how: HopMatch): boolean {
  if (ref.length !== seen.length) return false;
  const set = (h: string) => [...new Set(h.split(OR))].sort().join(OR);
  return ref.every((r, i) => (how === "exact" ? set(r) === set(seen[i]!) : r.split(OR).includes(seen[i]!)));
}

/** Readable differences, one line per pair that differs (missing and extra pairs too); [] = same. */
export function diffMatrix(ref: Reference, seen: readonly SeenPair[], what = "observed", hops: HopMatch = "one of"): string[] {
  const out: string[] = [];
  const byKey = new Map(seen.map((s) => [`${s.from} ${s.to}`, s]));
  for (const r of ref.pairs) {
    const s = byKey.get(`${r.from} ${r.to}`);
    const name = `${r.from} -> ${r.to} (${r.destination}, line ${r.line})`;
    if (!s) {
      out.push(`${name}: in the reference, not ${what}`);
      continue;
    }
    byKey.delete(`${r.from} ${r.to}`);
    const d: string[] = [];
    const ping = r.ping ?? r.reachable;
    if (s.destination !== r.destination) d.push(`destination: reference ${r.destination}, ${what} ${s.destination}`);
    if (s.ping !== ping) d.push(`ping: reference ${word(ping, "reachable", "unreachable")}, ${what} ${word(s.ping, "reply", "no reply")}`);
    if (s.tcp !== r.reachable)
      d.push(`tcp/22: reference ${word(r.reachable, "reachable", "unreachable")}, ${what} ${word(s.tcp, "connected", "no connection")}`);
    if (!hopsMatch(r.hops, s.hops, hops)) d.push(`hops: reference ${r.hops.join(" ")} | ${what} ${s.hops.join(" ") || "(none)"}`);
    if (d.length) out.push(`${name}: ${d.join("; ")}`);
  }
  for (const s of byKey.values()) out.push(`${s.from} -> ${s.to} (${s.destination}): ${what}, not in the reference`);
  return out;
}

/** verify's pair results (src/emu/verify.ts PairResult) as SeenPairs. */
export const observedPairs = (
  pairs: readonly { from: string; to: string; destination: string; observed: Omit<SeenPair, "from" | "to" | "destination"> }[],
): SeenPair[] =>
  pairs.map((p) => ({
    from: p.from,
    to: p.to,
    destination: p.destination,
    ping: p.observed.ping,
    tcp: p.observed.tcp,
    hops: p.observed.hops,
  }));
