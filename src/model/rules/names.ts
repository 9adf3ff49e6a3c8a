// VNet names: unique in the lab, ignoring case (Azure does).
import { problemList, type Problem } from "../problems.js";
import type { VnetRef } from "../refs.js";

export function checkNames(refs: readonly VnetRef[]): Problem[] {
  const { problems, add } = problemList();
  const seenVnet = new Map<string, string>();
  for (const r of refs) {
    const prev = seenVnet.get(r.cfg.name.toLowerCase());
    if (prev) add(`${r.key}.name`, `duplicate VNet name "${r.cfg.name}" (also ${prev}.name)`);
    else seenVnet.set(r.cfg.name.toLowerCase(), r.key);
  }
  return problems;
}
