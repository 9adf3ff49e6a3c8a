// Address spaces: valid, allowed by Azure, no overlap anywhere in the lab.
import { mustPrefix, overlaps, parsePrefix, prefixProblem, type Prefix } from "../../net/cidr.js";
import { PLATFORM_ADDRESSES, VNET_FORBIDDEN_SPACES } from "../../platform/network.js";
import { problemList, type Problem } from "../problems.js";
import type { VnetRef } from "../refs.js";

export interface KeyedPrefix {
  readonly key: string;
  readonly p: Prefix;
}

const entries = (refs: readonly VnetRef[]) =>
  refs.flatMap((r) => r.cfg.addressSpace.map((text, i) => ({ key: `${r.key}.addressSpace[${i}]`, text, p: parsePrefix(text) })));

/** Every address space that parses, with its config key, in config order. */
export const addressSpaces = (refs: readonly VnetRef[]): KeyedPrefix[] => entries(refs).flatMap(({ key, p }) => (p ? [{ key, p }] : []));

// A platform address's /32 is judged with every other prefix key (platform-addresses.ts), said once.
const FORBIDDEN = VNET_FORBIDDEN_SPACES.filter((f) => !PLATFORM_ADDRESSES.some((a) => f === `${a}/32`));

export function checkAddressSpaces(refs: readonly VnetRef[]): Problem[] {
  const { problems, add } = problemList();
  const spaces: KeyedPrefix[] = [];
  for (const { key, text, p } of entries(refs)) {
    if (!p) {
      add(key, prefixProblem(text) ?? `"${text}" is not an IPv4 prefix`);
      continue;
    }
    for (const f of FORBIDDEN) {
      if (overlaps(p, mustPrefix(f))) add(key, `${text} overlaps ${f}, which Azure does not allow as VNet address space`);
    }
    for (const s of spaces) {
      if (overlaps(s.p, p)) add(key, `${text} overlaps ${s.p.text} (${s.key}); address spaces must be disjoint`);
    }
    spaces.push({ key, p });
  }
  return problems;
}
