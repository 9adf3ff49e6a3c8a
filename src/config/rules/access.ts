// Access: SSH sources must be canonical IPv4 addresses or prefixes, and never the whole Internet; the verify run counter.
import { addressProblem, isAddress, lastInt, parsePrefix, prefixProblem, prefixValue, type Prefix } from "../../net/cidr.js";
import { problemList, type Problem } from "../problems.js";
import type { LabConfig } from "../schema.js";

// NSG source values that mean "from anywhere" (service tag Internet, the wildcard, the portal's Any).
const ANYWHERE = new Set(["internet", "*", "any"]);
const ALL = 2 ** 32;

// Not public unicast: the blocks of the IANA IPv4 Special-Purpose Address Registry (RFC 6890,
// https://www.iana.org/assignments/iana-ipv4-special-registry/) that are this-network, private,
// shared, loopback, link-local, plus multicast (224/4, RFC 5771) and reserved (240/4, RFC 1112).
const NOT_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
];

/**
 * "Whole Internet" is judged by value: a /0 however it is spelled, the anywhere tags, or prefixes that
 * together cover every public unicast address (all of IPv4 but NOT_PUBLIC, e.g. 0/1 + 128/2 + 192/3).
 * No shorter-than-/n threshold: a /8 can be a real corporate block, and any cut-off between /1 and
 * /8 would be arbitrary rather than a fact.
 */
export function checkAccess(access: LabConfig["access"]): Problem[] {
  const { problems, add } = problemList();
  const values: Prefix[] = [];
  access.sshSourcePrefixes.forEach((s, i) => {
    const key = `access.sshSourcePrefixes[${i}]`;
    const v = prefixValue(s.trim());
    if (ANYWHERE.has(s.trim().toLowerCase()) || v?.length === 0) {
      return add(key, `"${s}" means the whole Internet (0.0.0.0/0) and would open SSH to it; name your own prefix`);
    }
    if (v) values.push(v);
    if (parsePrefix(s) || isAddress(s)) return;
    if (v) return add(key, (s.includes("/") ? prefixProblem(s) : addressProblem(s))!);
    add(key, `"${s}" is neither an IPv4 address nor a prefix${s.includes(":") ? " (IPv6 is not supported)" : ""}`);
  });
  if (values.length > 1 && coversAll([...values, ...NOT_PUBLIC.map((p) => prefixValue(p)!)])) {
    add(
      "access.sshSourcePrefixes",
      `together ${values.map((v) => v.text).join(", ")} cover every public IPv4 address (all but ${NOT_PUBLIC.join(", ")}) and would open SSH to the whole Internet; name your own prefix`,
    );
  }
  return problems;
}

function coversAll(ps: readonly Prefix[]): boolean {
  let next = 0; // first address not yet covered
  for (const p of [...ps].sort((a, b) => a.network - b.network)) {
    if (p.network > next) return false;
    next = Math.max(next, lastInt(p) + 1);
  }
  return next >= ALL;
}

/** verify.run is a counter people bump to re-run the checks: a whole number from 1. */
export function checkVerify(verify: LabConfig["verify"]): Problem[] {
  const { problems, add } = problemList();
  if (verify.run < 1) add("verify.run", `${verify.run} is not a run number (1, 2, 3, …: bump it to re-run the checks)`);
  return problems;
}
