// The two ends of a point-to-point link (a VXLAN tunnel's overlay, a WireGuard link): both must be
// addresses with a prefix length before anything else about the link can be judged.
import { mustPrefix, networkOf, parsePrefix, prefixProblem, type Prefix } from "../../net/cidr.js";
import type { AddProblem } from "../problems.js";

export interface LinkEnds {
  readonly hubAddress: string;
  readonly siteAddress: string;
}

/** Each end that does not parse is reported at `<key>.<end>` (with `examples` as the fix); the
 *  link's network (from the hub end) when both parse. */
export function linkNetwork(key: string, link: LinkEnds, examples: LinkEnds, add: AddProblem): Prefix | undefined {
  const ends = ["hubAddress", "siteAddress"] as const;
  const parsed = ends.map((end) => {
    const ok = parsePrefix(link[end], true);
    if (!ok) add(`${key}.${end}`, prefixProblem(link[end], true, examples[end]) ?? `"${link[end]}" is not an address with a prefix length`);
    return ok;
  });
  return parsed.every(Boolean) ? mustPrefix(networkOf(link.hubAddress)) : undefined;
}
