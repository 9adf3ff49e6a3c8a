// `verify --from <file>`: Azure's answers judged against the model offline, in verify's table.
// The file holds any of: the `verification` stack output (`pulumi stack output verification
// --json`) or all outputs (`pulumi stack output --json`); `az vm run-command invoke` results
// ({"value":[{"message":"Enable succeeded: \n[stdout]\n...\n[stderr]\n"}]}), one, a list, or an
// object VM name -> result; an object VM name -> probe output text.
import { readFileSync } from "node:fs";
import type { Lab } from "../model/types.js";
import { linkLine, probeLine, parseProbeOutput, runCommandStdout, type VerifyResult } from "../probe/contract.js";
import { azureExpectations, underlayAssumption, verification } from "../probe/verification.js";
import { bgpLines, type BgpObservation } from "../probe/bgp.js";

export class FromFileError extends Error {
  override name = "FromFileError";
}

type Json = unknown;
const isObj = (x: Json): x is Record<string, Json> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The probe text inside an invoke result, a message, or plain text. */
function textOf(x: Json): string | undefined {
  if (typeof x === "string") return runCommandStdout(x);
  if (isObj(x) && Array.isArray(x.value))
    return x.value.map((v) => (isObj(v) && typeof v.message === "string" ? runCommandStdout(v.message) : "")).join("\n");
  if (isObj(x) && isObj(x.instanceView) && typeof x.instanceView.output === "string") return x.instanceView.output;
  return undefined;
}

/** Which VM printed these lines: the deployed VM whose targets are exactly the other VMs named. */
function sourceOf(lab: Lab, text: string): string | undefined {
  const targets = new Set(parseProbeOutput(text).keys());
  const byVm = new Map<string, Set<string>>();
  for (const e of azureExpectations(lab)) (byVm.get(e.from) ?? byVm.set(e.from, new Set()).get(e.from)!).add(e.destination);
  const match = [...byVm].filter(([, t]) => t.size === targets.size && [...t].every((a) => targets.has(a)));
  return match.length === 1 ? match[0]![0] : undefined;
}

/** A recorded observation (routing[].observed) read defensively: what is not in its shape is left out. */
function observationOf(o: Record<string, Json>): BgpObservation {
  if (typeof o.error === "string") return { peers: [], error: o.error };
  const peers = (Array.isArray(o.peers) ? o.peers : []).filter(isObj).flatMap((p) =>
    typeof p.address === "string"
      ? [
          {
            address: p.address,
            state: typeof p.state === "string" ? p.state : "unknown",
            ...(typeof p.remoteAs === "number" ? { remoteAs: p.remoteAs } : {}),
            learned: Array.isArray(p.learned) ? p.learned.filter((x): x is string => typeof x === "string") : [],
          },
        ]
      : [],
  );
  return { ...(typeof o.asn === "number" ? { asn: o.asn } : {}), peers };
}

/** Each VM's probe output found in the file's JSON. */
export function outputsFrom(lab: Lab, doc: Json): Map<string, string> {
  const out = new Map<string, string>();
  const add = (vm: string | undefined, text: string) => {
    if (!vm)
      throw new FromFileError(
        `cannot tell which VM printed:\n${text.trim().split("\n").slice(0, 3).join("\n")}\n(its targets match no VM of the lab: wrong --stack?)`,
      );
    out.set(vm, `${out.get(vm) ?? ""}${text}\n`);
  };
  const root = isObj(doc) && isObj(doc.verification) ? doc.verification : doc;
  if (isObj(root) && Array.isArray(root.pairs)) {
    // A verification output (or the emulation's verify --json): its observations, re-judged.
    for (const l of Array.isArray(root.links) ? root.links : []) {
      if (isObj(l) && typeof l.vm === "string" && typeof l.dev === "string") add(l.vm, linkLine(l.dev, l.up === true));
    }
    // routing: bgp: what each router's bgpd reported, as judged then, judged again.
    for (const r of Array.isArray(root.routing) ? root.routing : []) {
      if (isObj(r) && typeof r.vm === "string" && isObj(r.observed)) add(r.vm, bgpLines(observationOf(r.observed)));
    }
    for (const p of root.pairs) {
      if (!isObj(p) || typeof p.from !== "string" || typeof p.destination !== "string" || !isObj(p.observed)) continue;
      const o = p.observed;
      add(
        p.from,
        probeLine(p.destination, { ping: o.ping === true, tcp: o.tcp === true, hops: Array.isArray(o.hops) ? o.hops.map(String) : [] }),
      );
    }
    return out;
  }
  const items: [string | undefined, Json][] = Array.isArray(root)
    ? root.map((x) => [undefined, x])
    : isObj(root) && !Array.isArray(root.value) && !isObj(root.instanceView)
      ? Object.entries(root)
      : [[undefined, root]];
  for (const [key, item] of items) {
    const text = textOf(item);
    if (text === undefined) throw new FromFileError(`${key ?? "an entry"}: neither a run-command result nor probe output`);
    add(key && lab.vms.some((v) => v.name === key) ? key : sourceOf(lab, text), text);
  }
  return out;
}

export function verifyFrom(lab: Lab, stack: string, file: string): VerifyResult & { underlay: string } {
  let doc: Json;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new FromFileError(`${file}: ${(e as Error).message}`);
  }
  const v = verification(lab, outputsFrom(lab, doc));
  return {
    stack,
    pairs: v.pairs,
    links: v.links,
    ...(v.routing ? { routing: v.routing } : {}),
    ok: v.ok,
    ms: 0,
    underlay: underlayAssumption(lab),
  };
}
