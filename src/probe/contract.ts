// The probe's output read back and judged against the model, the same way for the emulation's
// verify, Azure's run-commands and `lab verify --from`: parse the probe's lines, compare with
// expect.ts's expectation, name every difference.
import type { RoutingResult } from "./bgp.js";
import { addressToInt } from "../net/cidr.js";
import type { Lab } from "../model/types.js";

/** The port the probe connects to and traces to: sshd on Azure, the emulation's listener (src/emu/listener.py). */
export const PROBE_PORT = 22;
/** The probe's traceroute stops at this TTL (the longest path in any lab here is 4 hops). */
export const MAX_HOPS = 6;
/** A hop whose answer never came back, as traceroute's `*` is printed in a probe line. */
export const LOST = "???";

/** Between a hop's alternatives: "10.0.0.4|10.0.0.5" is either (hub.pair: either hub router may carry a flow). */
export const HOP_OR = "|";

/** What the model says of one ordered pair (src/routing/walk.ts finds it), for every combination of
 *  the choices the lab leaves open (a load balancer's backend, equal-cost routes). */
export interface Expectation {
  readonly from: string;
  readonly to: string;
  readonly destination: string;
  /** A TCP connection to PROBE_PORT succeeds (and, unless `ping` says otherwise, ping is answered). */
  readonly reachable: boolean;
  /** Only where ping differs from `reachable` (ICMP is not load-balanced, TCP is): ping is answered. */
  readonly ping?: boolean;
  /** The traceroute, TTL 1 first; a hop that differs between choices lists its alternatives joined by HOP_OR. */
  readonly hops: readonly string[];
  /** Why not reachable, or why ping is not answered (the first drop on the way). */
  readonly why?: string;
}

/** Whether the model expects ping answered. */
export const expectsPing = (e: Pick<Expectation, "reachable" | "ping">): boolean => e.ping ?? e.reachable;

/** A hop's alternatives (one for most hops). */
export const alternatives = (hop: string): string[] => hop.split(HOP_OR);

/** One hop from the answers seen across choices: each once, addresses in numeric order, LOST last. */
export function hopOf(answers: readonly string[]): string {
  const seen = [...new Set(answers)];
  const addresses = seen.filter((a) => a !== LOST).sort((a, b) => addressToInt(a) - addressToInt(b));
  return [...addresses, ...(seen.includes(LOST) ? [LOST] : [])].join(HOP_OR);
}

/**
 * Whether an observed traceroute is one the model allows: hop by hop one of the alternatives, and as
 * long as the expected list, or shorter where it already reached the destination (a path some choice
 * makes shorter: traceroute stops at the destination).
 */
export function hopsAllowed(expected: readonly string[], observed: readonly string[], destination: string): boolean {
  if (observed.length > expected.length) return false;
  if (!observed.every((h, i) => alternatives(expected[i]!).includes(h))) return false;
  return observed.length === expected.length || (observed.length > 0 && observed.at(-1) === destination);
}

export interface Observed {
  readonly ping: boolean;
  readonly tcp: boolean;
  readonly hops: readonly string[];
}

export interface PairResult extends Expectation {
  readonly observed: Observed;
  readonly asExpected: boolean;
  readonly differences: readonly string[];
}

/** A judged matrix: the emulation's verify, `verify --from` and Azure's verification output all print one. */
export interface VerifyResult {
  readonly stack: string;
  readonly pairs: readonly PairResult[];
  readonly ok: boolean;
  readonly ms: number;
  /** What the expectation assumed about the underlay (the emulation always connects every circuit). */
  readonly underlay?: string;
  /** Each VM's probe output as printed (the lines parseProbeOutput reads). */
  readonly probeOutputs?: Readonly<Record<string, string>>;
  /** Each router's tunnel links as its probe reported them (src/probe/links.ts); any not up fails `ok`. */
  readonly links?: readonly LinkResult[];
  /** routing: bgp only: each router's sessions and learned prefixes (src/probe/bgp.ts); any difference fails `ok`. */
  readonly routing?: readonly RoutingResult[];
  /**
   * Emulation only, read when something differs: packets of new flows the fabric admitted but could
   * not record, a NIC's flow table being full (fabric-nsg.ts FLOWS_FULL): a reply relying on that
   * state may have been dropped where Azure would pass it.
   */
  readonly unrecordedFlows?: number;
}

const LINE = /^hsv-probe target=(\d{1,3}(?:\.\d{1,3}){3}) ping=([01]) tcp=([01]) hops=(\S*)$/;

/** The lines of `text` that `re` matches (trimmed; other lines are ignored), as its matches. */
function* matching(text: string, re: RegExp): Generator<RegExpExecArray> {
  for (const raw of text.split(/\r?\n/)) {
    const m = re.exec(raw.trim());
    if (m) yield m;
  }
}

/** The probe's lines in any text (other lines are ignored): target address -> what was seen. */
export function parseProbeOutput(text: string): Map<string, Observed> {
  const out = new Map<string, Observed>();
  for (const m of matching(text, LINE)) out.set(m[1]!, { ping: m[2] === "1", tcp: m[3] === "1", hops: m[4] ? m[4].split(",") : [] });
  return out;
}

const LINK_LINE = /^hsv-link dev=([A-Za-z0-9_.-]+) up=([01])$/;

/** The probe's link lines (-l: a router's tunnel devices) in any text: device -> up. */
export function parseLinks(text: string): Map<string, boolean> {
  return new Map([...matching(text, LINK_LINE)].map((m) => [m[1]!, m[2] === "1"]));
}

/** One line as the probe prints it (mocks and `verify --from` re-judging an output). */
export const linkLine = (dev: string, up: boolean): string => `hsv-link dev=${dev} up=${up ? 1 : 0}`;

export interface LinkResult {
  readonly vm: string;
  readonly dev: string;
  readonly up: boolean;
  /** Set when the link is not up: what is wrong and where the reason is logged. */
  readonly difference?: string;
}

/** One line as the probe prints it (for tests and mocks: what a VM behaving as the model would print). */
export const probeLine = (target: string, o: Observed): string =>
  `hsv-probe target=${target} ping=${o.ping ? 1 : 0} tcp=${o.tcp ? 1 : 0} hops=${o.hops.join(",")}`;

/** Per source VM, the output of a probe whose every answer is the expected one (and, for `links`'
 *  routers, every link up, as the probe prints it first). */
export function modelOutputs(
  expected: readonly Expectation[],
  links: ReadonlyMap<string, readonly string[]> = new Map(),
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [vm, devs] of links) if (expected.some((e) => e.from === vm)) out.set(vm, devs.map((d) => `${linkLine(d, true)}\n`).join(""));
  for (const e of expected) {
    // A probe prints one answer per hop: the first alternative.
    const hops = e.hops.map((h) => alternatives(h)[0]!);
    out.set(e.from, `${out.get(e.from) ?? ""}${probeLine(e.destination, { ping: expectsPing(e), tcp: e.reachable, hops })}\n`);
  }
  return out;
}

/** stdout of a run-command message ("Enable succeeded: \n[stdout]\n...\n[stderr]\n...", as `az vm run-command invoke` prints it). */
export function runCommandStdout(message: string): string {
  const m = /\[stdout\]\n([\s\S]*?)(?:\n?\[stderr\]|$)/.exec(message);
  return m ? m[1]! : message;
}

export function compare(e: Expectation, o: Observed): string[] {
  const d: string[] = [];
  const want = (ok: boolean) => (ok ? "reachable" : "unreachable");
  const ping = expectsPing(e);
  if (o.ping !== ping) d.push(`ping: expected ${want(ping)}, got ${o.ping ? "reply" : "no reply"}`);
  if (o.tcp !== e.reachable) d.push(`tcp/${PROBE_PORT}: expected ${want(e.reachable)}, got ${o.tcp ? "connected" : "no connection"}`);
  if (!hopsAllowed(e.hops, o.hops, e.destination))
    d.push(`traceroute: expected ${e.hops.join(" ")}, got ${o.hops.join(" ") || "(nothing)"}`);
  return d;
}

export const NOT_PROBED: Observed = { ping: false, tcp: false, hops: [] };

/** Each expectation judged against what its source VM's probe printed (a VM or target without output is a difference). */
export function judge(expected: readonly Expectation[], outputs: ReadonlyMap<string, string | undefined>): PairResult[] {
  const parsed = new Map<string, Map<string, Observed> | undefined>();
  for (const [vm, text] of outputs) parsed.set(vm, text === undefined ? undefined : parseProbeOutput(text));
  return expected.map((e) => {
    const lines = parsed.get(e.from);
    const observed = lines?.get(e.destination);
    if (!observed) {
      const why = lines ? `no probe line for ${e.destination} in ${e.from}'s output` : `no probe output from ${e.from}`;
      return { ...e, observed: NOT_PROBED, asExpected: false, differences: [why] };
    }
    const differences = compare(e, observed);
    return { ...e, observed, asExpected: differences.length === 0, differences };
  });
}

/** Per source VM, the addresses its probe gets, in the expectations' order. */
export function targetsByVm(expected: readonly Expectation[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of expected) {
    const list = out.get(e.from) ?? [];
    if (!out.has(e.from)) out.set(e.from, list);
    list.push(e.destination);
  }
  return out;
}

/**
 * Each VM's targets in the order of targetsByVm over every ordered pair sorted by byPair: every
 * other VM's address, by name. Needs no walk, so the emulation's probes start before it.
 */
export function probeTargets(lab: Lab): Map<string, string[]> {
  const vms = [...lab.vms].sort((a, b) => a.name.localeCompare(b.name));
  return new Map(vms.map((a) => [a.name, vms.filter((b) => b.name !== a.name).map((b) => b.address)]));
}

/** "n/m pairs as expected" (with the time taken, when known). */
export function countLine(pairs: readonly PairResult[], ms?: number): string {
  return `${pairs.filter((p) => p.asExpected).length}/${pairs.length} pairs as expected${ms ? ` in ${ms} ms` : ""}`;
}

/** One line for people: how many pairs are as expected, and which differ. */
export function summaryLine(pairs: readonly PairResult[]): string {
  const bad = pairs.filter((p) => !p.asExpected);
  const head = countLine(pairs);
  return bad.length ? `${head}; differ: ${bad.map((p) => `${p.from} -> ${p.to}`).join(", ")}` : head;
}
