// The emulation's own keys, judged with every other rule before anything is built: a path that
// emulation.lossPercent names must be a VNet or its gateway (what `lab impair --path` accepts).
import { problemList, type Problem } from "../problems.js";
import type { VnetRef } from "../refs.js";
import { gatewayName } from "../resource-names.js";
import type { LabConfig } from "../schema.js";

export function checkEmulation(refs: readonly VnetRef[], emulation: LabConfig["emulation"]): Problem[] {
  const { problems, add } = problemList();
  const loss = emulation.lossPercent;
  if (typeof loss === "number") return problems;
  const paths = refs.flatMap((r) => [r.cfg.name, ...(r.cfg.gateway ? [gatewayName(r.cfg.name)] : [])]);
  for (const name of Object.keys(loss))
    if (!paths.includes(name))
      add(`emulation.lossPercent.${name}`, `"${name}" is neither a VNet nor a gateway of this lab (${paths.join(", ")})`);
  return problems;
}
