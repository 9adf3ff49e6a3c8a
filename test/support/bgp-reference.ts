// Reads a hand-written BGP reference (test/reference/<stack>/bgp.routes; its format is documented
// at its top): per router, each session and the prefixes it must have learned.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REFERENCE_DIR } from "./reference.js";

export interface RefSession {
  readonly vm: string;
  readonly address: string;
  readonly remoteVm: string;
  readonly remoteAsn: number;
  readonly device: string;
  readonly state: string;
  /** Sorted: the order BGP learns them in is not part of the reference. */
  readonly learned: readonly string[];
}

export function parseBgpReference(text: string, source = "bgp.routes"): RefSession[] {
  const out: RefSession[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return;
    const [vm, address, remoteVm, asn, device, state, ...learned] = line.split(/\s+/);
    if (!state || !/^\d+$/.test(asn ?? ""))
      throw new Error(`${source}:${i + 1}: expected router, address, VM, AS, device, state, prefixes`);
    out.push({
      vm: vm!,
      address: address!,
      remoteVm: remoteVm!,
      remoteAsn: Number(asn),
      device: device!,
      state,
      learned: [...learned].sort(),
    });
  });
  return out;
}

export const loadBgpReference = (stack: string): RefSession[] => {
  const file = join(REFERENCE_DIR, stack, "bgp.routes");
  return parseBgpReference(readFileSync(file, "utf8"), file);
};

/** The sessions a routing result reports, in the reference's shape (sorted by router, then neighbour). */
export function observedSessions(
  routing: readonly {
    vm: string;
    sessions: readonly {
      address: string;
      remoteVm: string;
      remoteAsn: number;
      device: string;
      state: string;
      learned: readonly string[];
    }[];
  }[],
): RefSession[] {
  return routing
    .flatMap((r) =>
      r.sessions.map((s) => ({
        vm: r.vm,
        address: s.address,
        remoteVm: s.remoteVm,
        remoteAsn: s.remoteAsn,
        device: s.device,
        state: s.state,
        learned: [...s.learned].sort(),
      })),
    )
    .sort((a, b) => a.vm.localeCompare(b.vm) || a.address.localeCompare(b.address));
}
