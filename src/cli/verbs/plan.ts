// `lab plan`: what `pulumi up` will create, its critical path and what bills per hour (no root, no lab,
// no Azure login). The Retail Prices API is asked with a short timeout; without it the shipped table.
// `lab plan --from <old stack file>`: what an up from that config to this one will do, resource by
// resource, and what follows for the lab (src/plan/change.ts, change-report.ts).
import { Command } from "commander";
import { loadLab } from "../../model/load.js";
import { buildPlan, renderPlan } from "../../plan/plan.js";
import type { PriceOptions } from "../../plan/price-source.js";
import { diffGraphs } from "../../plan/change.js";
import { changeReport, renderChangeReport, type ChangeReport } from "../../plan/change-report.js";
import { programGraph } from "../plan-from.js";
import { common, EXIT, progress, type Done } from "../options.js";

/** The region priced when the stack names none (pulumi up would refuse it until one is set). */
export const DEFAULT_REGION = "japaneast";

export async function planOf(stack: string, o: PriceOptions = {}) {
  // The region the program deploys to, from the one judgement of the stack config (settings.ts):
  // lab.location before azure-native:location, as its programmatic name ("japaneast", never "Japan East").
  const loaded = loadLab(stack);
  const region = loaded.location ?? DEFAULT_REGION;
  return buildPlan(loaded.lab, loaded.stack, region, o);
}

/** Both configs judged first (exit 2 on either), then each run under the mock monitor as this stack. */
export async function changeOf(from: string, stack: string): Promise<ChangeReport> {
  const old = loadLab(from);
  const now = loadLab(stack);
  progress(`plan --from: running the program under the mock monitor for ${old.stackFile} and ${now.stackFile} (a few seconds each)`);
  const [before, after] = await Promise.all([programGraph(old.stackFile, now.stack), programGraph(now.stackFile, now.stack)]);
  return changeReport(from, now.stack, now.lab, diffGraphs(before, after));
}

export function planCommand(done: Done, o: PriceOptions = {}): Command {
  return common(
    new Command("plan").description(
      "before pulumi up: resources per type, the critical path and its expected duration, what bills per hour",
    ),
  )
    .option("--from <file>", "instead: what an up from that stack file's config to this stack's will create, update, replace, delete")
    .action(async (opts: { stack: string; json?: boolean; from?: string }) => {
      if (opts.from) {
        const r = await changeOf(opts.from, opts.stack);
        process.stdout.write(`${opts.json ? JSON.stringify(r, null, 2) : renderChangeReport(r)}\n`);
        done(r.refused.length ? EXIT.differs : EXIT.ok);
        return;
      }
      const plan = await planOf(opts.stack, o);
      process.stdout.write(`${opts.json ? JSON.stringify(plan, null, 2) : renderPlan(plan)}\n`);
      done(0);
    });
}
