// routing: bgp, verified as routing and not only as reachability: per router, each BGP session's
// state and the prefixes it learned, from FRR's own JSON, judged against what the model says it
// must learn (RouterModel.bgp: per neighbour `accept`). A session not Established, a prefix missing
// or one the model does not send is a named difference. Pure: the emulation's verify, Azure's
// run-commands (the probe's `hsv-bgp` lines, -b) and `verify --from` all judge with it.
import type { BgpNeighbor, Lab } from "../model/types.js";

/** Session state per neighbour (FRR 8.4: peers.<address>.state, remoteAs, localAs at the top as `as`). */
export const BGP_SUMMARY_CMD = "show bgp vrf default ipv4 unicast summary json";
/** The BGP table: routes.<prefix>[] paths, each with the `peerId` it was learned from ("(unspec)": originated). */
export const BGP_TABLE_CMD = "show bgp vrf default ipv4 unicast json";
/** FRR's state of a session that carries routes. */
export const ESTABLISHED = "Established";

/** One session the model has on a router: the far end, and exactly what it must learn over it. */
export type BgpSessionExpectation = Pick<BgpNeighbor, "address" | "remoteVm" | "remoteAsn" | "device" | "accept">;

export interface BgpRouterExpectation {
  readonly vm: string;
  readonly asn: number;
  readonly sessions: readonly BgpSessionExpectation[];
}

/** Every router with routing: bgp, what it must see (none in a static lab). */
export function bgpExpectations(lab: Lab): BgpRouterExpectation[] {
  return lab.routers.flatMap((r) =>
    r.bgp
      ? [
          {
            vm: r.vm.name,
            asn: r.bgp.asn,
            sessions: r.bgp.neighbors.map((n) => ({
              address: n.address,
              remoteVm: n.remoteVm,
              remoteAsn: n.remoteAsn,
              device: n.device,
              accept: [...n.accept],
            })),
          },
        ]
      : [],
  );
}

/** One neighbour as bgpd reports it: its state and what it has learned from it. */
export interface BgpPeerSeen {
  readonly address: string;
  readonly state: string;
  readonly remoteAs?: number;
  readonly learned: readonly string[];
}

/** What a router's bgpd said, reduced to what is judged (or why it said nothing usable). */
export interface BgpObservation {
  readonly asn?: number;
  readonly peers: readonly BgpPeerSeen[];
  /** vtysh failed or printed no FRR JSON: why (then peers is empty). */
  readonly error?: string;
}

export interface BgpSessionResult extends BgpSessionExpectation {
  /** bgpd's state name ("Established", "Active", "Connect", "Idle (PfxCt)", ...), "absent" when bgpd has no such neighbour. */
  readonly state: string;
  readonly learned: readonly string[];
  readonly asExpected: boolean;
  readonly differences: readonly string[];
}

export interface RoutingResult {
  readonly vm: string;
  readonly asn: number;
  readonly sessions: readonly BgpSessionResult[];
  /** What bgpd reported, as judged (verify --from re-judges it). */
  readonly observed: BgpObservation;
  readonly ok: boolean;
  /** Every difference on this router, each naming it: sessions, prefixes, neighbours the model does not have. */
  readonly differences: readonly string[];
}

type Json = unknown;
const isObj = (x: Json): x is Record<string, Json> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The JSON values printed one after another (`vtysh -c A -c B` prints A's then B's document). */
export function splitJsonDocuments(text: string): Json[] {
  const docs: Json[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth < 0) throw new Error(`unbalanced ${c} at ${i}`);
      if (depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0 && !/\s/.test(c!)) throw new Error(`text outside JSON at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  if (depth !== 0) throw new Error("truncated JSON");
  return docs;
}

/** FRR's summary and table JSON (in that order, as `vtysh -c BGP_SUMMARY_CMD -c BGP_TABLE_CMD` prints them) reduced. */
export function observeFrr(text: string): BgpObservation {
  let docs: Json[];
  try {
    docs = splitJsonDocuments(text);
  } catch (e) {
    return { peers: [], error: `not FRR's JSON (${(e as Error).message})` };
  }
  const [summary, table] = docs;
  if (docs.length !== 2 || !isObj(summary) || !isObj(table))
    return { peers: [], error: `expected 2 JSON documents (summary, table), got ${docs.length}` };
  // An empty summary ({}): bgpd runs but has no `router bgp` (FRR prints {} then).
  const peers = isObj(summary.peers) ? summary.peers : {};
  const routes = isObj(table.routes) ? table.routes : {};
  const learnedFrom = new Map<string, string[]>();
  for (const [prefix, paths] of Object.entries(routes)) {
    for (const p of Array.isArray(paths) ? paths : []) {
      if (!isObj(p) || typeof p.peerId !== "string") continue;
      const list = learnedFrom.get(p.peerId) ?? [];
      if (!list.includes(prefix)) list.push(prefix);
      learnedFrom.set(p.peerId, list);
    }
  }
  return {
    ...(typeof summary.as === "number" ? { asn: summary.as } : {}),
    peers: Object.entries(peers).map(([address, p]) => ({
      address,
      state: isObj(p) && typeof p.state === "string" ? p.state : "unknown",
      ...(isObj(p) && typeof p.remoteAs === "number" ? { remoteAs: p.remoteAs } : {}),
      learned: learnedFrom.get(address) ?? [],
    })),
  };
}

const sessionName = (vm: string, s: Pick<BgpSessionExpectation, "address" | "remoteVm" | "device">) =>
  `${vm}: session to ${s.address} (${s.remoteVm}, ${s.device})`;

/** One router's observation judged against its expectation. */
export function judgeRouter(e: BgpRouterExpectation, o: BgpObservation): RoutingResult {
  const top: string[] = [];
  if (o.error) top.push(`${e.vm}: no BGP report: ${o.error}`);
  else if (o.asn !== undefined && o.asn !== e.asn) top.push(`${e.vm}: bgpd runs AS ${o.asn}, the model says AS ${e.asn}`);
  const seen = new Map(o.peers.map((p) => [p.address, p]));
  const sessions = e.sessions.map((s): BgpSessionResult => {
    const p = seen.get(s.address);
    const name = sessionName(e.vm, s);
    const d: string[] = [];
    if (!p) {
      if (!o.error) d.push(`${name} is not configured in bgpd`);
    } else {
      if (p.state !== ESTABLISHED) d.push(`${name} is ${p.state}, expected ${ESTABLISHED}`);
      if (p.remoteAs !== undefined && p.remoteAs !== s.remoteAsn)
        d.push(`${name} has remote AS ${p.remoteAs}, the model says ${s.remoteAsn}`);
    }
    const learned = p?.learned ?? [];
    const from = `${s.remoteVm} (${s.address}, ${s.device})`;
    // Without a report (named once, above) nothing is known of the prefixes either.
    if (!o.error) {
      for (const x of s.accept) if (!learned.includes(x)) d.push(`${e.vm}: missing ${x} from ${from}`);
      for (const x of learned) if (!s.accept.includes(x)) d.push(`${e.vm}: extra ${x} learned from ${from}, which the model does not send`);
    }
    return { ...s, state: p?.state ?? (o.error ? "unknown" : "absent"), learned, asExpected: d.length === 0 && !o.error, differences: d };
  });
  const modelled = new Set(e.sessions.map((s) => s.address));
  for (const p of o.peers.filter((x) => !modelled.has(x.address))) {
    top.push(
      `${e.vm}: session to ${p.address} (${p.state}), which the model does not have${p.learned.length ? `; learned ${p.learned.join(", ")}` : ""}`,
    );
  }
  const differences = [...top, ...sessions.flatMap((s) => s.differences)];
  return { vm: e.vm, asn: e.asn, sessions, observed: o, ok: differences.length === 0, differences };
}

// The probe's lines (-b): `hsv-bgp rc=<vtysh's exit status> <its stdout on one line>`, then, when it
// failed, `hsv-bgp-error <the last line it printed on stderr>`.
const BGP_LINE = /^hsv-bgp rc=(\d+)(?: (.*))?$/;
const BGP_ERROR_LINE = /^hsv-bgp-error (.*)$/;

/** The router's BGP report in a probe output, observed; undefined when the output has none. An
 *  error line alone is a report already judged unusable (bgpLines of such an observation). */
export function parseBgp(text: string): BgpObservation | undefined {
  let rc: number | undefined;
  let body = "";
  let err: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = BGP_LINE.exec(line);
    if (m) {
      rc = Number(m[1]);
      body = m[2] ?? "";
    }
    const e = BGP_ERROR_LINE.exec(line);
    if (e) err = e[1];
  }
  if (rc === undefined) return err === undefined ? undefined : { peers: [], error: err };
  if (rc !== 0) return { peers: [], error: `vtysh exited ${rc}${err ? `: ${err}` : ""}` };
  return observeFrr(body);
}

/** An observation as the probe prints it: FRR-shaped JSON with just the judged fields; an error as
 *  its line alone (mocks, `verify --from` re-judging a recorded result). */
export function bgpLines(o: BgpObservation): string {
  if (o.error) return `hsv-bgp-error ${o.error}`;
  const summary = {
    ...(o.asn !== undefined ? { as: o.asn } : {}),
    peers: Object.fromEntries(
      o.peers.map((p) => [p.address, { ...(p.remoteAs !== undefined ? { remoteAs: p.remoteAs } : {}), state: p.state }]),
    ),
  };
  const routes: Record<string, { peerId: string }[]> = {};
  for (const p of o.peers) for (const x of p.learned) (routes[x] ??= []).push({ peerId: p.address });
  return `hsv-bgp rc=0 ${JSON.stringify(summary)}${JSON.stringify({ routes })}`;
}

/** What a router's bgpd reports when it is as the model says (mocks, tests). */
export const healthyObservation = (e: BgpRouterExpectation): BgpObservation => ({
  asn: e.asn,
  peers: e.sessions.map((s) => ({ address: s.address, state: ESTABLISHED, remoteAs: s.remoteAsn, learned: [...s.accept] })),
});

/** Each router with bgp judged from its probe output; a router without output is named, one without a report too. */
export function judgeBgp(expected: readonly BgpRouterExpectation[], outputs: ReadonlyMap<string, string | undefined>): RoutingResult[] {
  return expected.map((e) => {
    const text = outputs.get(e.vm);
    const o: BgpObservation =
      text === undefined
        ? { peers: [], error: "no probe output" }
        : (parseBgp(text) ?? { peers: [], error: "no hsv-bgp line in its probe output" });
    return judgeRouter(e, o);
  });
}

/** "n/m sessions as expected". */
export const routingCountLine = (r: readonly RoutingResult[]): string => {
  const all = r.flatMap((x) => x.sessions);
  return `${all.filter((s) => s.asExpected).length}/${all.length} BGP sessions as expected`;
};
