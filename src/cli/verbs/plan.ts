// `lab plan`: what `pulumi up` will create, its critical path and what bills per hour (no root, no lab,
// no Azure login). The Retail Prices API is asked with a short timeout; without it the shipped table.
import { Command } from "commander";
import { readStackFile } from "../../config/stack-file.js";
import { loadLab } from "../../model/load.js";
import { buildPlan, renderPlan } from "../../plan/plan.js";
import type { PriceOptions } from "../../plan/price-source.js";
import { common, type Done } from "../options.js";

/** The stack's region as Pulumi reads it (azure-native:location). */
export const DEFAULT_REGION = "japaneast";

export async function planOf(stack: string, o: PriceOptions = {}) {
  const loaded = loadLab(stack);
  const region = readStackFile(stack).location ?? DEFAULT_REGION;
  return buildPlan(loaded.lab, loaded.stack, region, o);
}

export function planCommand(done: Done, o: PriceOptions = {}): Command {
  return common(
    new Command("plan").description(
      "before pulumi up: resources per type, the critical path and its expected duration, what bills per hour",
    ),
  ).action(async (opts: { stack: string; json?: boolean }) => {
    const plan = await planOf(opts.stack, o);
    process.stdout.write(`${opts.json ? JSON.stringify(plan, null, 2) : renderPlan(plan)}\n`);
    done(0);
  });
}
