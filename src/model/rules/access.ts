// Access: SSH sources must be addresses or prefixes, and never the whole Internet; the verify run counter.
import { isAddress, parsePrefix } from "../cidr.js";
import { problemList, type Problem } from "../problems.js";
import type { LabConfig } from "../schema.js";

export function checkAccess(cfg: LabConfig): Problem[] {
  const { problems, add } = problemList();
  cfg.access.sshSourcePrefixes.forEach((s, i) => {
    if (!parsePrefix(s) && !isAddress(s)) add(`access.sshSourcePrefixes[${i}]`, `"${s}" is neither an IPv4 address nor a prefix`);
    if (s === "0.0.0.0/0") add(`access.sshSourcePrefixes[${i}]`, `0.0.0.0/0 would open SSH to the whole Internet; name your own prefix`);
  });
  return problems;
}

/** verify.run is a counter people bump to re-run the checks: a whole number from 1. */
export function checkVerify(cfg: LabConfig): Problem[] {
  const { problems, add } = problemList();
  if (cfg.verify.run < 1) add("verify.run", `${cfg.verify.run} is not a run number (1, 2, 3, …: bump it to re-run the checks)`);
  return problems;
}
