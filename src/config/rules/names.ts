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

// Azure size names are Standard_<family><vCPUs>[-<constrained vCPUs>]<features>[_<accelerator>][_v<n>],
// e.g. Standard_B2ls_v2, Standard_M128-32ms, plus the legacy Basic_A0..A4: "Azure virtual machine
// sizes naming conventions", https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions
const VM_SIZE = /^(Standard|Basic)_[A-Za-z0-9_-]+$/i;

export function checkVmSize(vmSize: string): Problem[] {
  const { problems, add } = problemList();
  if (!VM_SIZE.test(vmSize))
    add("vmSize", `"${vmSize}" cannot be an Azure VM size name (Standard_<family><vCPUs>…, e.g. Standard_B2ls_v2; no spaces)`);
  return problems;
}
